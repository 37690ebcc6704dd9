/**
 * `npm run diff` on the STEDI starter data, in a project copy whose git history holds the change: each scenario is one
 * commit over the copy's first one, diffed with `--base HEAD~1`. Two scenarios, three Spark JVMs in all
 * (tests/spark-budget.json): a filter flipped in the first job with a planted changed email, checked against plain
 * Python (tests/python/diff_expected.py); a dropped column and a rule that starts failing in the last job, diffed
 * twice so that the second diff takes the base side from the cache.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parse } from "yaml";
import { join } from "node:path";
import { DiffError, parseDiffArgs, resolveBase } from "../src/cli/diff";
import { costLine, markdownReport, terminalReport, type DiffReport } from "../src/cli/diff-report";
import { dataLines, plainPython, requireStarterData, starterData, TempDirs } from "./local-run-support";
import { ProjectCopy } from "./project-copy";

const temp = new TempDirs();
const GOLDEN = join(__dirname, "golden", "diff-first-job.md");
const PLANTED = "planted.changed@example.org";
const FIRST_JOB = "jobs/stedi/customer_landing_to_trusted.ts";
const STEDI_TABLES = [
  "customer_trusted",
  "accelerometer_trusted",
  "customer_curated",
  "step_trainer_trusted",
  "machine_learning_curated",
];

interface Outputs {
  readonly report: DiffReport;
  readonly terminal: string;
  readonly markdown: string;
  readonly json: string;
}

function commit(project: ProjectCopy, message: string): void {
  const git = (args: string[]) => {
    const r = spawnSync("git", ["-c", "user.email=diff@test", "-c", "user.name=diff test", ...args], {
      cwd: project.root,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  git(["add", "-A"]);
  git(["commit", "--quiet", "-m", message]);
}

/** `npm run diff -- --base HEAD~1` in the copy on the starter data, its three outputs read back. */
function diff(project: ProjectCopy, name: string): Outputs {
  const json = join(project.root, `${name}.json`);
  const markdown = join(project.root, `${name}.md`);
  const args = ["diff", "--base", "HEAD~1", "--landing", starterData, "--json", json, "--markdown", markdown];
  const run = project.cli(args, { timeoutMs: 30 * 60 * 1000 });
  if (run.status !== 0) throw new Error(`npm run diff exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  const text = readFileSync(json, "utf8");
  return {
    report: JSON.parse(text) as DiffReport,
    terminal: run.stdout,
    markdown: readFileSync(markdown, "utf8"),
    json: text,
  };
}

const table = (report: DiffReport, name: string) => {
  const found = report.tables.find((t) => t.name === name);
  if (!found) throw new Error(`the report has no table ${name}: ${report.tables.map((t) => t.name).join(", ")}`);
  return found;
};

describe("data diff (npm run diff) on the STEDI starter data", function () {
  this.timeout(60 * 60 * 1000);
  let project: ProjectCopy;

  before(function () {
    requireStarterData(this);
    project = new ProjectCopy(temp.dir("diff"));
    commit(project, "base");
  });
  after(() => temp.removeAll());

  describe("a filter flipped in the first job, and one customer's email changed", function () {
    let out: Outputs;
    let planted: { serial: string; email: string };
    let expected: Record<string, { added: number; removed: number; changed?: number; rows: [number, number] }>;

    before(function () {
      planted = plainPython("diff_expected.py", [
        "pick",
        starterData,
        "sharewithresearchasofdate",
        "sharewithpublicasofdate",
      ]);
      project.edit(
        FIRST_JOB,
        'customers.filter(isNotNull("sharewithresearchasofdate"), { name: "Share With Research" });',
        'customers.filter(isNotNull("sharewithpublicasofdate"), { name: "Share With Public" }).derive(\n' +
          `        { email: e.case([[e.eq(e.col("serialnumber"), "${planted.serial}"), "${PLANTED}"]], e.col("email")) },\n` +
          '        { name: "Planted Email" },\n      );',
      );
      project.edit(
        FIRST_JOB,
        'import { isNotNull, job } from "../../src/dsl";',
        'import { e, isNotNull, job } from "../../src/dsl";',
      );
      commit(project, "flip the consent filter, plant an email");
      expected = plainPython("diff_expected.py", [
        "diff",
        starterData,
        "sharewithresearchasofdate",
        "sharewithpublicasofdate",
        planted.serial,
        PLANTED,
      ]);
      out = diff(project, "first-job");
    });

    it("re-runs the first job and everything downstream of it, and shares no upstream job", function () {
      expect(out.report.jobs.changed).to.deep.equal(["customer_landing_to_trusted"]);
      expect(out.report.jobs.rerun).to.have.members([
        "customer_landing_to_trusted",
        "accelerometer_landing_to_trusted",
        "customer_trusted_to_curated",
        "step_trainer_landing_to_trusted",
        "machine_learning_curated",
      ]);
      expect(out.report.jobs.shared).to.deep.equal([]);
      expect(out.report.tables.map((t) => t.name)).to.have.members(STEDI_TABLES);
      expect(out.report.notRerun).to.deep.equal([]);
    });

    it("reports each table's added, removed and changed rows as plain Python computes them", function () {
      for (const name of STEDI_TABLES) {
        const t = table(out.report, name);
        const want = expected[name]!;
        expect(t.status, name).to.equal("changed");
        expect([t.rows?.base, t.rows?.head], name).to.deep.equal(want.rows);
        expect(t.diff?.added, name).to.equal(want.added);
        expect(t.diff?.removed, name).to.equal(want.removed);
        if (want.changed !== undefined) expect(t.diff?.changed, name).to.equal(want.changed);
      }
      const trusted = table(out.report, "customer_trusted");
      expect(trusted.key).to.deep.equal({ columns: ["serialnumber"], source: "declared" });
      expect(trusted.diff?.changedColumns).to.deep.equal({ email: 1 });
      expect(table(out.report, "machine_learning_curated").diff?.method).to.equal("rowHash");
    });

    it("never shows an email or a serial number, the planted one included, in any of the three outputs", function () {
      const customers = dataLines(join(starterData, "customer", "landing")).map(
        (line) => JSON.parse(line) as { email?: string; serialNumber?: string },
      );
      const secrets = new Set([PLANTED, planted.email, planted.serial]);
      for (const c of customers) for (const v of [c.email, c.serialNumber]) if (v) secrets.add(v);
      expect(secrets.size).to.be.greaterThan(900);
      // The examples are there, masked: the check would pass vacuously without them.
      const changed = table(out.report, "customer_trusted").examples?.changed ?? [];
      expect(changed).to.deep.equal([
        { key: { serialnumber: "[masked]" }, changes: { email: ["[masked]", "[masked]"] } },
      ]);
      for (const [name, text] of Object.entries({ terminal: out.terminal, json: out.json, markdown: out.markdown })) {
        const shown = [...secrets].filter((s) => text.includes(s));
        expect(shown, `${name} output`).to.deep.equal([]);
      }
    });

    it("writes the Markdown of the golden file (set UPDATE_GOLDEN=1 to accept a deliberate change)", function () {
      // The base commit and the starter data's path differ between machines; the rest is the data's.
      const stable = markdownReport({
        ...out.report,
        base: { ref: "HEAD~1", commit: "0".repeat(40) },
        landing: "the starter data",
      });
      expect(realpathSync(out.report.landing)).to.equal(realpathSync(starterData));
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, stable);
      expect(existsSync(GOLDEN), `${GOLDEN} is missing: run with UPDATE_GOLDEN=1 once`).to.equal(true);
      expect(
        out.markdown
          .replace(out.report.base.commit.slice(0, 12), "0".repeat(12))
          // The report names the folder as the runner resolved it: through a symlink, its real path.
          .replace(out.report.landing, "the starter data"),
      ).to.equal(stable);
      expect(stable).to.equal(readFileSync(GOLDEN, "utf8"));
    });
  });

  describe("the last job: a dropped column and a rule that starts failing", function () {
    let out: Outputs;
    let warm: Outputs;

    before(function () {
      project.edit(
        "jobs/stedi/machine_learning_curated.ts",
        "sink(training, machine_learning_curated",
        'sink(training.drop(["z"], { name: "Drop Z" }), machine_learning_curated',
      );
      project.edit("jobs/stedi/tables.ts", 'dq.rowCount(">", 0)', 'dq.rowCount(">", 1_000_000)');
      commit(project, "drop z, ask for a million rows");
      out = diff(project, "last-job");
      warm = diff(project, "last-job-again");
    });

    it("re-runs only the last job, compares only its table and reports every upstream table unchanged", function () {
      expect(out.report.jobs.changed).to.deep.equal(["machine_learning_curated"]);
      expect(out.report.jobs.rerun).to.deep.equal(["machine_learning_curated"]);
      expect(out.report.jobs.results.base.map((j) => j.name)).to.deep.equal(["machine_learning_curated"]);
      expect(out.report.jobs.results.head.map((j) => j.name)).to.deep.equal(["machine_learning_curated"]);
      expect(out.report.tables.map((t) => t.name)).to.deep.equal(["machine_learning_curated"]);
      expect(out.report.notRerun).to.have.members(STEDI_TABLES.slice(0, 4));
      expect(out.terminal).to.contain("Unchanged, not re-run: customer_trusted, accelerometer_trusted");
    });

    it("takes the base side from the cache the second time: only the changed job's head version runs", function () {
      expect(out.report.baseCached).to.equal(false);
      expect(warm.report.baseCached).to.equal(true);
      expect(warm.report.jobs.results.shared).to.deep.equal([]);
      expect(warm.report.jobs.results.base).to.deep.equal([]);
      expect(warm.report.jobs.results.head.map((j) => j.name)).to.deep.equal(["machine_learning_curated"]);
      expect(warm.report.tables).to.deep.equal(out.report.tables);
      expect(warm.report.quality).to.deep.equal(out.report.quality);
      expect(warm.markdown).to.equal(out.markdown);
    });

    it("reports exactly the dropped column, and the rows otherwise the same", function () {
      const t = table(out.report, "machine_learning_curated");
      expect(t.schema).to.deep.equal({
        added: [],
        removed: [{ name: "z", type: "double", pii: false }],
        retyped: [],
        piiChanged: [],
      });
      // The base is the first scenario's head; dropping a column changes no row of the others.
      expect(t.rows?.head).to.equal(t.rows?.base).and.to.be.greaterThan(40_000);
      expect(t.diff).to.deep.include({ method: "rowHash", added: 0, removed: 0 });
    });

    it("reports exactly the rule that went from passed to failed", function () {
      expect(out.report.quality).to.deep.equal([
        {
          job: "machine_learning_curated",
          node: "Machine Learning Curated Data Quality",
          table: "machine_learning_curated",
          rule: { base: "RowCount > 0", head: "RowCount > 1000000" },
          outcome: { base: "Passed", head: "Failed" },
          failedRows: { base: null, head: null },
        },
      ]);
      expect(out.markdown).to.contain("RowCount > 0 → RowCount > 1000000: Passed → Failed");
    });
  });
});

describe("data diff: options, base ref, cost line and the report of no change (no Spark)", function () {
  const dev = { workerType: "G.1X", numberOfWorkers: 2, executionClass: "FLEX", timeoutMinutes: 30 } as const;

  it("prices a change of job settings with the README's formula, and invents no run minutes", function () {
    const cost = costLine(
      dev,
      { ...dev, workerType: "G.2X", numberOfWorkers: 4, executionClass: "STANDARD" },
      {
        base: 5,
        head: 5,
      },
    );
    expect(cost.changed).to.equal(true);
    // 2 × 1 DPU × $0.29 / 60 and 4 × 2 DPU × $0.44 / 60 per job-minute; × 30 minutes at most per job run.
    expect(cost.lines[1]).to.equal(
      "Per job-minute: $0.0097 → $0.0587; at most per job run (its timeout): $0.2900 → $1.7600.",
    );
    expect(cost.lines.join(" ")).to.contain("Run minutes on Glue are not known locally");
    const added = costLine(dev, dev, { base: 5, head: 6 });
    expect(added.lines[0]).to.equal(
      "1 job(s) added: each adds at least Glue's 1-minute minimum, $0.0097, to a workflow run.",
    );
    expect(costLine(dev, dev, { base: 5, head: 5 })).to.deep.include({ changed: false });
  });

  it("says in one line that no job changed", function () {
    const report: DiffReport = {
      version: 1,
      stack: "dev",
      base: { ref: "origin/main", commit: "a".repeat(40) },
      head: { ref: "working tree" },
      landing: "not read: no job changed",
      baseCached: false,
      jobs: { changed: [], rerun: [], shared: [], results: { shared: [], base: [], head: [] } },
      tables: [],
      notRerun: ["customer_trusted"],
      quality: [],
      cost: costLine(dev, dev, { base: 5, head: 5 }),
    };
    expect(markdownReport(report).trim().split("\n").at(-1)).to.equal(
      "No job changed: the pipeline's data is the same.",
    );
    expect(terminalReport(report).split("\n").at(-1)).to.equal("No job changed: the pipeline's data is the same.");
  });

  it("falls back from origin/main to main, saying so, and refuses a --base that does not exist", function () {
    const repo = mkdtempSync(join(tmpdir(), "stedi-diff-ref-"));
    try {
      const git = (...args: string[]) =>
        spawnSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd: repo, encoding: "utf8" });
      git("init", "--quiet", "--initial-branch=main");
      writeFileSync(join(repo, "f"), "x");
      git("add", "f");
      git("commit", "--quiet", "-m", "one");
      const said: string[] = [];
      const found = resolveBase(repo, parseDiffArgs([]), (line) => said.push(line));
      expect(found.ref).to.equal("main");
      expect(found.commit).to.match(/^[0-9a-f]{40}$/);
      expect(said.join("\n")).to.contain("origin/main does not exist in this clone");
      expect(() => resolveBase(repo, parseDiffArgs(["--base", "nope"]), () => {})).to.throw(DiffError, /--base nope/);
      expect(() => parseDiffArgs(["--key", "customer_trusted"])).to.throw(DiffError, /--key customer_trusted/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it("runs in pull requests with the base side cached, read-only, into the run summary", function () {
    type Step = { run?: string; uses?: string; with?: Record<string, string> };
    const workflow = parse(readFileSync(join(__dirname, "..", ".github", "workflows", "preview.yml"), "utf8")) as {
      jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
    };
    const job = workflow.jobs["data-diff"]!;
    expect(job.permissions).to.deep.equal({ contents: "read" });
    const run = job.steps.find((step) => step.run?.includes("npm run diff"))!.run!;
    expect(run).to.contain('--base "origin/$BASE_REF"').and.contain("--markdown data-diff.md");
    expect(run).to.contain('>> "$GITHUB_STEP_SUMMARY"');
    const cached = job.steps.filter((step) => step.uses?.startsWith("actions/cache@")).map((step) => step.with!.path);
    expect(cached).to.include("stedi-lakehouse/.lakehouse/diff/base-cache");
  });
});
