/**
 * The GitHub Actions set-up, checked here rather than discovered broken on GitHub: actionlint on every
 * workflow and local action, and the properties the team relies on, read from the YAML: OIDC roles and
 * never stored keys, least-privilege permissions, every action pinned by commit, prod behind its
 * environment, one deploy per stack at a time, the policy pack in every preview and deploy, caches keyed
 * on lock and requirement files, and Dependabot for npm, pip and the actions.
 */
import { expect } from "chai";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { runActionlint } from "./helpers/actionlint";
import { PR_REPORT_MARKER } from "../src/cli/pr-report";

const ROOT = join(__dirname, "..");
const WORKFLOWS = ".github/workflows";
const ACTIONS = ".github/actions";

/** A step's or a called workflow's `with:` inputs: GitHub Actions allows only scalars there. */
type With = Record<string, string | number | boolean>;
type Step = { uses?: string; run?: string; with?: With; if?: string; id?: string; env?: Record<string, string> };
type Job = {
  uses?: string;
  with?: With;
  strategy?: { matrix?: Record<string, unknown> };
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string };
  concurrency?: { group: string; "cancel-in-progress"?: boolean | string };
  permissions?: Record<string, string> | string;
  steps?: Step[];
};
type Workflow = {
  name: string;
  /** The triggers, by event name (the ones the tests read typed). */
  on: { push?: { branches?: string[] }; workflow_call?: unknown; [event: string]: unknown };
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
};

const workflowFiles = readdirSync(join(ROOT, WORKFLOWS))
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const actionFiles = readdirSync(join(ROOT, ACTIONS)).map((dir) => `${ACTIONS}/${dir}/action.yml`);
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const workflows: Record<string, Workflow> = Object.fromEntries(
  workflowFiles.map((f) => [f, parse(read(`${WORKFLOWS}/${f}`)) as Workflow]),
);
const list = <X>(v: X | X[] | undefined): X[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Every job as it runs: a job that calls a reusable workflow (`uses: ./.github/workflows/x.yml`) stands
 * for that workflow's jobs, with `${{ inputs.* }}` replaced by what the caller passes.
 */
interface ResolvedJob {
  readonly id: string;
  readonly job: Job;
  readonly caller?: Job;
}
function resolvedJobs(): ResolvedJob[] {
  const out: ResolvedJob[] = [];
  for (const [file, wf] of Object.entries(workflows)) {
    if (wf.on.workflow_call !== undefined) continue; // reached through its callers
    for (const [id, job] of Object.entries(wf.jobs)) {
      if (job.uses === undefined) {
        out.push({ id: `${file}:${id}`, job });
        continue;
      }
      const called = job.uses.replace(/^\.\/\.github\/workflows\//, "");
      const text = read(`${WORKFLOWS}/${called}`).replace(/\$\{\{\s*inputs\.([A-Za-z_-]+)\s*\}\}/g, (_, name: string) =>
        String(job.with?.[name] ?? ""),
      );
      for (const [innerId, inner] of Object.entries((parse(text) as Workflow).jobs))
        out.push({ id: `${file}:${id} → ${called}:${innerId}`, job: inner, caller: job });
    }
  }
  return out;
}
const stepsUsing = (job: Job, action: string) => (job.steps ?? []).filter((s) => s.uses?.startsWith(`${action}@`));
const pulumiCommand = (job: Job) => stepsUsing(job, "pulumi/actions").map((s) => s.with?.command as string);
const environmentOf = (job: Job) => (typeof job.environment === "object" ? job.environment.name : job.environment);

describe("GitHub Actions workflows", function () {
  it("are all clean under actionlint", function () {
    const files = [...workflowFiles.map((f) => `${WORKFLOWS}/${f}`)];
    expect(files.length).to.be.at.least(4);
    const run = runActionlint(files);
    expect(run.output).to.equal("");
    expect(run.status).to.equal(0);
  });

  it("actionlint does report a broken workflow (the check can fail)", function () {
    const dir = mkdtempSync(join(tmpdir(), "actionlint-"));
    try {
      const broken = join(dir, "broken.yml");
      writeFileSync(
        broken,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.event.nope.title }}\n        if: ${{ matrix.missing }}\n",
      );
      const run = runActionlint([broken]);
      expect(run.status).to.equal(1);
      expect(run.output).to.match(/matrix/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("pin every third-party action by full commit SHA, with the release tag in a comment", function () {
    const uses: string[] = [];
    for (const file of [...workflowFiles.map((f) => `${WORKFLOWS}/${f}`), ...actionFiles]) {
      for (const line of read(file).split("\n")) {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!m) continue;
        uses.push(m[1]!);
        if (m[1]!.startsWith("./")) continue;
        expect(m[1], `${file}: ${line.trim()}`).to.match(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/);
        expect(m[2], `${file}: ${line.trim()} needs "# vX.Y.Z"`).to.match(/^\s+# v\d+\.\d+\.\d+/);
      }
    }
    expect(uses.filter((u) => !u.startsWith("./")).length).to.be.greaterThan(10);
  });

  it("get AWS credentials only through OIDC role assumption, never stored keys", function () {
    const everything = [...workflowFiles.map((f) => read(`${WORKFLOWS}/${f}`)), ...actionFiles.map(read)].join("\n");
    expect(everything).to.not.match(
      /aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/,
    );
    const secrets = [...everything.matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
    expect(
      secrets.filter((s) => /KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL/i.test(s) && s !== "GITHUB_TOKEN"),
      "secrets named like credentials",
    ).to.deep.equal([]);
    const assuming = resolvedJobs().filter((r) => stepsUsing(r.job, "aws-actions/configure-aws-credentials").length);
    expect(assuming.length).to.be.at.least(2);
    for (const { id, job, caller } of assuming) {
      for (const step of stepsUsing(job, "aws-actions/configure-aws-credentials"))
        expect(step.with?.["role-to-assume"], id).to.match(/^\$\{\{ vars\.AWS_[A-Z_]+_ROLE_ARN \}\}$/);
      expect((job.permissions as Record<string, string>)["id-token"], id).to.equal("write");
      if (caller) expect((caller.permissions as Record<string, string>)["id-token"], `${id} caller`).to.equal("write");
    }
  });

  it("grant least privilege: read-only by default, id-token and pull-request writes only on the jobs that need them", function () {
    const writers: string[] = [];
    for (const [file, wf] of Object.entries(workflows)) {
      expect(wf.permissions, `${file} top-level permissions`).to.not.equal(undefined);
      expect(wf.permissions).to.not.equal("write-all");
      for (const [scope, level] of Object.entries(typeof wf.permissions === "object" ? wf.permissions : {}))
        expect(level, `${file} ${scope}`).to.equal("read");
    }
    for (const { id, job } of resolvedJobs()) {
      const perms = typeof job.permissions === "object" ? job.permissions : {};
      for (const [scope, level] of Object.entries(perms)) {
        if (level !== "write") continue;
        if (scope === "id-token")
          expect(
            stepsUsing(job, "aws-actions/configure-aws-credentials"),
            `${id} asks for id-token but assumes no role`,
          ).to.have.length(1);
        else if (scope === "pull-requests") writers.push(id);
        else expect.fail(`${id} has ${scope}: write`);
      }
    }
    // One job writes to pull requests, the one comment's; it holds no cloud credentials and runs no Pulumi.
    expect(writers, "jobs with pull-requests: write").to.deep.equal(["preview.yml:report"]);
    const report = workflows["preview.yml"]!.jobs.report!;
    expect(stepsUsing(report, "actions/github-script")).to.have.length(1);
    expect(stepsUsing(report, "aws-actions/configure-aws-credentials")).to.deep.equal([]);
    expect(stepsUsing(report, "pulumi/actions")).to.deep.equal([]);
    expect(report.permissions).to.deep.equal({ contents: "read", "pull-requests": "write" });
    for (const { id, job } of resolvedJobs())
      for (const s of stepsUsing(job, "pulumi/actions"))
        expect(s.with?.["comment-on-pr"] ?? false, `${id}: Pulumi's own comment`).to.equal(false);
  });

  it("deploy dev on merge to main, then prod only through its protected environment", function () {
    const deploy = workflows["deploy.yml"]!;
    expect(deploy.on.push?.branches).to.deep.equal(["main"]);
    const ups = resolvedJobs().filter((r) => pulumiCommand(r.job).includes("up"));
    const stacks = ups.map((r) => stepsUsing(r.job, "pulumi/actions")[0]!.with!["stack-name"]).sort();
    expect(stacks).to.deep.equal(["dev", "prod"]);
    for (const r of ups)
      expect(environmentOf(r.job), `${r.id}: a deploy runs as its stack's environment`).to.equal(
        stepsUsing(r.job, "pulumi/actions")[0]!.with!["stack-name"],
      );
    expect(list(deploy.jobs.prod!.needs)).to.deep.equal(["dev"]);
    expect(
      workflows["pulumi-up.yml"]!.jobs.up!.steps!.find((s) => s.uses?.startsWith("aws-actions/"))!.with![
        "role-to-assume"
      ],
    ).to.equal("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
  });

  it("let one deploy of a stack run at a time (a concurrency group per stack, never cancelling a deploy)", function () {
    const groups = new Map<string, string>();
    for (const r of resolvedJobs().filter((x) => pulumiCommand(x.job).includes("up"))) {
      const stack = stepsUsing(r.job, "pulumi/actions")[0]!.with!["stack-name"] as string;
      expect(r.job.concurrency?.group, r.id).to.be.a("string").and.include(stack);
      expect(r.job.concurrency?.["cancel-in-progress"], r.id).to.equal(false);
      groups.set(stack, r.job.concurrency!.group);
    }
    expect(new Set(groups.values()).size, "distinct groups per stack").to.equal(groups.size);
    const preview = workflows["preview.yml"]!.jobs.preview!;
    expect(preview.concurrency?.group).to.include("${{ matrix.stack }}");
  });

  it("preview dev and prod on pull requests with the policy pack, each keeping its output as an artifact", function () {
    const preview = workflows["preview.yml"]!;
    expect(Object.keys(preview.on)).to.deep.equal(["pull_request"]);
    const job = preview.jobs.preview!;
    expect(job.strategy?.matrix?.stack).to.deep.equal(["dev", "prod"]);
    const [step] = stepsUsing(job, "pulumi/actions");
    expect(step!.with).to.deep.include({
      command: "preview",
      "stack-name": "${{ matrix.stack }}",
      "comment-on-pr": false,
      "comment-on-summary": true,
      policyPacks: "policy",
    });
    // The output is kept whatever the preview did, through the script file: not `env:`, which Linux caps at 128 KiB.
    const steps = job.steps!;
    const keep = steps.find((s) => s.run?.includes(`steps.${step!.id}.outputs.output`))!;
    expect(keep.if).to.equal("always()");
    expect(keep.run).to.include(`toJSON(steps.${step!.id}.outputs.output)`).and.include("<<'PULUMI_PREVIEW_JSON'");
    const everything = read(`${WORKFLOWS}/preview.yml`);
    expect(everything).to.not.match(/^\s+[A-Z_]+: \$\{\{ steps\.[a-z-]+\.outputs\.output \}\}/m);
    const upload = steps.slice(steps.indexOf(keep)).find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.if).to.equal("always()");
    expect(upload.with).to.deep.include({
      name: "preview-${{ matrix.stack }}",
      path: "pr-report/preview-${{ matrix.stack }}.json",
    });
    expect(existsSync(join(ROOT, "policy", "PulumiPolicy.yaml"))).to.equal(true);
    for (const r of resolvedJobs())
      for (const s of stepsUsing(r.job, "pulumi/actions"))
        expect(s.with?.policyPacks, `${r.id}: ${s.with?.command}`).to.equal("policy");
  });

  it("post one pull-request comment from a report job that runs after the previews and the data diff, whatever they did", function () {
    const preview = workflows["preview.yml"]!;
    const report = preview.jobs.report!;
    expect(list(report.needs).sort()).to.deep.equal(["data-diff", "preview"]);
    expect(report.if)
      .to.match(/^always\(\) && /)
      .and.include("github.event.pull_request.head.repo.full_name");
    expect(report.concurrency?.group).to.include("github.event.pull_request.number");
    const steps = report.steps!;
    expect(steps.some((s) => s.uses === "./.github/actions/node-deps")).to.equal(true);
    // Patterns, so that a job that uploaded nothing is reported, not an error; they match what the jobs upload.
    const patterns = stepsUsing(report, "actions/download-artifact").map((s) => s.with!);
    expect(patterns.map((w) => w.pattern)).to.deep.equal(["preview-*", "data-diff"]);
    for (const w of patterns) expect(w).to.deep.include({ path: "pr-report", "merge-multiple": true });
    const dataDiffUpload = stepsUsing(preview.jobs["data-diff"]!, "actions/upload-artifact")[0]!.with!;
    expect(dataDiffUpload.name).to.equal("data-diff");
    expect(String(dataDiffUpload.path)).to.include("data-diff.json").and.include("data-diff.md");
    // The comment covers every stack the preview matrix runs, and says when the preview is not set up.
    const compose = steps.find((s) => s.run?.includes("src/cli/main.ts pr-report"))!;
    const stacks = /--stacks (\S+)/.exec(compose.run!)![1]!.split(",");
    expect(stacks).to.deep.equal(preview.jobs.preview!.strategy!.matrix!.stack);
    expect(compose.env).to.deep.include({
      PREVIEW_CONFIGURED: "${{ vars.AWS_PREVIEW_ROLE_ARN != '' }}",
      PREVIEW_RESULT: "${{ needs.preview.result }}",
      DATA_DIFF_RESULT: "${{ needs.data-diff.result }}",
    });
    // Posted once, then edited: found by the composer's marker, among the bot's own comments, on every page.
    const [post] = stepsUsing(report, "actions/github-script");
    expect(post!.env?.MARKER).to.equal(PR_REPORT_MARKER);
    const script = String(post!.with!.script);
    expect(script).to.include('readFileSync("pr-report/comment.md"').and.include("github.paginate(");
    expect(script).to.include('"github-actions[bot]"').and.include("process.env.MARKER");
    expect(script).to.include("updateComment(").and.include("createComment(");
    expect(steps.indexOf(post!)).to.be.greaterThan(steps.indexOf(compose));
  });

  it("run npm test on pull requests and pushes, with caches keyed on lock and requirement files, and keep the report and lineage", function () {
    const checks = workflows["checks.yml"]!;
    expect(Object.keys(checks.on).sort()).to.deep.equal(["pull_request", "push"]);
    const steps = checks.jobs.test!.steps!;
    expect(steps.some((s) => s.run === "npm test")).to.equal(true);
    const nodeDeps = parse(read(`${ACTIONS}/node-deps/action.yml`)) as { runs: { steps: Step[] } };
    expect(nodeDeps.runs.steps[0]!.with).to.deep.include({
      cache: "npm",
      "cache-dependency-path": "${{ inputs.working-directory }}/package-lock.json",
    });
    const python = steps.find((s) => s.uses?.startsWith("actions/setup-python@"))!;
    expect(python.with).to.deep.include({ "python-version": "3.11", cache: "pip" });
    expect(python.with!["cache-dependency-path"])
      .to.include("runtime/requirements.txt")
      .and.include("tests/requirements*.txt");
    const ivy = steps.find((s) => s.uses?.startsWith("actions/cache@"))!;
    expect(ivy.with!.path).to.equal("~/.ivy2");
    expect(ivy.with!.key).to.match(/hashFiles\('stedi-lakehouse\/runtime\/requirements\.txt'/);
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.with!.path).to.include("lakehouse-report-").and.include("lineage.md");
    expect(steps.find((s) => s.run?.includes("--report lakehouse-report-dev.json"))).to.not.equal(undefined);
  });

  it("run on the Node 22 that .node-version pins, the one scripts/launch.js installs on an older machine", function () {
    const nodeDeps = parse(read(`${ACTIONS}/node-deps/action.yml`)) as { runs: { steps: Step[] } };
    const setups = [
      ...nodeDeps.runs.steps.filter((s) => s.uses?.startsWith("actions/setup-node@")),
      ...resolvedJobs().flatMap((r) => stepsUsing(r.job, "actions/setup-node")),
    ];
    expect(setups).to.have.length(1);
    expect(setups[0]!.with?.["node-version-file"]).to.equal("${{ inputs.working-directory }}/.node-version");
    expect(setups[0]!.with).to.not.have.property("node-version");
    expect(read(".node-version").trim()).to.match(/^22\.\d+\.\d+$/);
    // Every job that runs npm gets its Node from that action.
    for (const r of resolvedJobs()) {
      const steps = r.job.steps ?? [];
      if (!steps.some((s) => /\bnp[mx]\b/.test(s.run ?? ""))) continue;
      expect(
        steps.some((s) => s.uses?.endsWith("/.github/actions/node-deps")),
        `${r.id} runs npm without .github/actions/node-deps`,
      ).to.equal(true);
    }
  });

  it("have Dependabot updates for npm, pip and GitHub Actions", function () {
    const config = parse(read(".github/dependabot.yml")) as {
      updates: { "package-ecosystem": string; directories?: string[]; directory?: string }[];
    };
    expect(config.updates.map((u) => u["package-ecosystem"]).sort()).to.deep.equal(["github-actions", "npm", "pip"]);
    const pip = config.updates.find((u) => u["package-ecosystem"] === "pip")!;
    for (const dir of pip.directories ?? [])
      expect(existsSync(join(ROOT, dir, "requirements.txt")), dir).to.equal(true);
  });
});
