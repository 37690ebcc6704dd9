/**
 * AWS API conformance: every resource of both stacks (dev, prod), replayed as the boto3 calls the Pulumi
 * AWS provider makes for it, against moto in server mode (started here on 127.0.0.1, always stopped), so
 * botocore checks every call against AWS's own service models, and tests/python/aws_replay.py checks what
 * botocore leaves out (enums, patterns, maximum lengths) from the same models. Then, read back from the
 * emulator: each job's script is byte-equal to generated/<stack>/<job>.py, the trigger graph equals the
 * lineage, and the deploy started no job. Finally every IAM, bucket and key policy document of both stacks
 * is linted with parliament: no finding above LOW unless accepted below with its reason.
 * docs/decisions/infra-aws-conformance.md lists where moto differs from AWS and how the replay handles it.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { repoRoot } from "../src/cli/python-env";
import { stackPrefix } from "../infra/naming";
import { buildStack } from "../src/build";
import type { RenderedPipeline } from "../src/render/types";
import { type AwsEmulator, startAwsEmulator } from "./helpers/aws-emulator";
import { describeFindings, lintPolicies, type PolicyDocumentToLint, type PolicyFinding } from "./helpers/policy-lint";
import { type CapturedResource, type ProgramRun, runProgram } from "./infra-harness";

// Both STEDI stacks and both of the shop's: every registered project deploys the same way.
const STACKS = ["dev", "prod", "shop-dev", "shop-prod"] as const;
/**
 * dev with a customer KMS key (SSE-KMS buckets, no stack key) and the bootstrap's permissions boundary on every role.
 */
const VARIANT = "dev-customer-key";
const VARIANT_CONFIG = {
  "lakehouse:kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555",
  "lakehouse:permissionsBoundaryArn": "arn:aws:iam::123456789012:policy/stedi-lakehouse-dev-job-boundary",
};
/**
 * dev at each Glue version its stack file does not pin (the committed stacks are on 5.0): botocore's model takes any
 * GlueVersion matching `^((\w+\.)+\w+|auto)$` (botocore 1.44.18's glue service-2.json), so this checks that the
 * jobs, their S3A `--conf` and the rest of the stack replay unchanged at 5.1 and 6.0.
 */
const VERSION_VARIANTS = { "dev-glue-5.1": "5.1", "dev-glue-6.0": "6.0" } as const;
const ROOT = repoRoot();

interface StackReplay {
  readonly calls: string[];
  readonly problems: string[];
  readonly replayed: number;
  readonly scripts: Record<string, string | null>;
  readonly edges: [string, string, string][];
  readonly startJobs: string[];
  readonly jobRuns: number;
  readonly startTriggerCalls: string[];
}

interface ReplayResult {
  readonly stacks: Record<string, StackReplay>;
  readonly leniencies: Record<string, string>;
  readonly uncheckedPatterns: string[];
}

const plain = (resources: readonly CapturedResource[]) =>
  resources.map(({ type, name, inputs, state }) => ({ type, name, inputs, state }));

function replay(
  emulator: AwsEmulator,
  stacks: { stack: string; resources: readonly CapturedResource[] }[],
): ReplayResult {
  const request = {
    endpoint: emulator.endpoint,
    stacks: stacks.map((s) => ({ stack: s.stack, resources: plain(s.resources) })),
  };
  const r = spawnSync(emulator.python, [join(ROOT, "tests", "python", "aws_replay.py")], {
    input: JSON.stringify(request),
    env: emulator.env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error || r.status !== 0)
    throw new Error(`aws_replay.py failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ReplayResult;
}

/**
 * Findings accepted, each with its reason: (policy name pattern, issue) → why it is not a fault. Stricter
 * than "nothing above LOW": any finding not listed here fails the test, LOW ones too.
 */
const ACCEPTED: { name: RegExp; issue: string; reason: string }[] = [
  {
    name: /key policy/,
    issue: "RESOURCE_STAR",
    reason: 'In a key policy, Resource "*" means the key the policy is attached to; it cannot name itself.',
  },
];

/** Every policy document of a stack, as parliament should read it. */
function policyDocuments(run: ProgramRun): PolicyDocumentToLint[] {
  const docs: PolicyDocumentToLint[] = [];
  for (const r of run.ofType("aws:iam/rolePolicy:RolePolicy"))
    docs.push({ name: `${run.stack} role policy ${r.name}`, kind: "identity", document: JSON.parse(r.inputs.policy) });
  for (const r of run.ofType("aws:iam/role:Role"))
    docs.push({
      name: `${run.stack} trust policy of ${r.name}`,
      kind: "trust",
      document: JSON.parse(r.inputs.assumeRolePolicy),
    });
  for (const r of run.ofType("aws:s3/bucketPolicy:BucketPolicy"))
    docs.push({
      name: `${run.stack} bucket policy ${r.name}`,
      kind: "resource",
      document: JSON.parse(r.inputs.policy),
    });
  for (const r of run.ofType("aws:kms/key:Key"))
    docs.push({ name: `${run.stack} key policy ${r.name}`, kind: "resource", document: JSON.parse(r.inputs.policy) });
  return docs;
}

describe("AWS API conformance: every stack replayed against moto", function () {
  let emulator: AwsEmulator;
  const runs = new Map<string, ProgramRun>();
  const pipelines = new Map<string, RenderedPipeline>();
  let result: ReplayResult;

  before(async function () {
    for (const stack of STACKS) {
      const run = await runProgram(stack);
      runs.set(stack, run);
      pipelines.set(stack, buildStack(run.config));
    }
    const variant = await runProgram("dev", VARIANT_CONFIG);
    runs.set(VARIANT, variant);
    for (const [name, glueVersion] of Object.entries(VERSION_VARIANTS))
      runs.set(name, await runProgram("dev", { "lakehouse:glueVersion": glueVersion }));
    emulator = await startAwsEmulator();
    result = replay(emulator, [
      ...STACKS.map((stack) => ({ stack, resources: runs.get(stack)!.resources })),
      { stack: VARIANT, resources: variant.resources },
      ...Object.keys(VERSION_VARIANTS).map((stack) => ({ stack, resources: runs.get(stack)!.resources })),
    ]);
  });

  after(function () {
    emulator?.stop();
  });

  for (const stack of STACKS) {
    describe(`stack ${stack}`, function () {
      it("makes every call AWS's service models accept, and moto carries out, for every resource", function () {
        const replay = result.stacks[stack]!;
        expect(replay.problems, replay.problems.join("\n")).to.deep.equal([]);
        const aws = runs.get(stack)!.resources.filter((r) => r.type.startsWith("aws:"));
        expect(replay.replayed).to.equal(aws.length);
        // At least one call per resource, and the reads the checks rely on.
        expect(replay.calls.length).to.be.at.least(aws.length);
        expect(replay.calls).to.include.members([
          "glue:CreateJob",
          "glue:CreateTrigger",
          "iam:PutRolePolicy",
          "s3:PutBucketPolicy",
          "s3:GetObject",
        ]);
      });

      it("stores each job's script byte for byte as generated/<stack>/<job>.py, where the job's command points", function () {
        const pipeline = pipelines.get(stack)!;
        const scripts = result.stacks[stack]!.scripts;
        expect(Object.keys(scripts).sort()).to.deep.equal(pipeline.jobs.map((j) => j.name).sort());
        for (const job of pipeline.jobs) {
          const committed = readFileSync(join(ROOT, "generated", stack, job.scriptFile), "utf8");
          expect(
            scripts[job.name] === committed,
            `${job.name}: the script read back differs from generated/${stack}/${job.scriptFile}`,
          ).to.equal(true);
        }
      });

      it("has the lineage as its trigger graph: start jobs, and one SUCCEEDED edge per upstream job", function () {
        const pipeline = pipelines.get(stack)!;
        const glue = (job: string) => `${stackPrefix(pipeline)}-${job}`;
        const expectedEdges = pipeline.jobs.flatMap((j) =>
          j.upstreamJobs.map((u) => [glue(u), glue(j.name), "SUCCEEDED"]),
        );
        const key = (e: string[]) => e.join(" -> ");
        expect(result.stacks[stack]!.edges.map(key).sort()).to.deep.equal(expectedEdges.map(key).sort());
        expect(result.stacks[stack]!.startJobs.sort()).to.deep.equal(
          pipeline.jobs
            .filter((j) => j.upstreamJobs.length === 0)
            .map((j) => glue(j.name))
            .sort(),
        );
      });

      it("starts no job: no StartTrigger call for an ON_DEMAND trigger, and no job run", function () {
        expect(result.stacks[stack]!.startTriggerCalls).to.deep.equal([]);
        expect(result.stacks[stack]!.jobRuns).to.equal(0);
      });
    });
  }

  it(`replays ${VARIANT} too: SSE-KMS buckets with the customer key, every role under the boundary`, function () {
    const replay = result.stacks[VARIANT]!;
    expect(replay.problems, replay.problems.join("\n")).to.deep.equal([]);
    expect(replay.replayed).to.equal(runs.get(VARIANT)!.resources.filter((r) => r.type.startsWith("aws:")).length);
    expect(replay.calls).to.not.include("kms:CreateKey");
    expect(replay.startTriggerCalls).to.deep.equal([]);
    for (const r of runs.get(VARIANT)!.ofType("aws:iam/role:Role"))
      expect(r.inputs.permissionsBoundary).to.equal(VARIANT_CONFIG["lakehouse:permissionsBoundaryArn"]);
  });

  for (const [name, glueVersion] of Object.entries(VERSION_VARIANTS))
    it(`replays ${name} too: every job created at Glue ${glueVersion}, every call accepted`, function () {
      const replay = result.stacks[name]!;
      expect(replay.problems, replay.problems.join("\n")).to.deep.equal([]);
      const resources = runs.get(name)!.resources;
      expect(replay.replayed).to.equal(resources.filter((r) => r.type.startsWith("aws:")).length);
      const jobs = resources.filter((r) => r.type === "aws:glue/job:Job");
      expect(jobs.map((j) => j.inputs.glueVersion)).to.deep.equal(jobs.map(() => glueVersion));
      expect(replay.calls.filter((c) => c === "glue:CreateJob")).to.have.length(jobs.length);
    });

  it("names every place moto differs from AWS, and leaves no model pattern unchecked", function () {
    expect(Object.keys(result.leniencies).sort()).to.deep.equal([
      "bucket-policy-conditions",
      "glue-data-quality",
      "glue-start-trigger",
      "iam-policy-evaluation",
      "kms-key-policy",
    ]);
    expect(result.uncheckedPatterns).to.deep.equal([]);
  });

  it("catches what a deploy would get wrong: an enabled ON_DEMAND trigger, a value outside an enum", function () {
    const dev = runs.get("dev")!;
    // Today's start trigger (enabled left at its default) and a worker type Glue does not have, under new names.
    const resources: CapturedResource[] = [];
    for (const r of dev.resources) {
      if (r.type === "aws:glue/trigger:Trigger" && r.inputs.type === "ON_DEMAND") {
        const { enabled: _enabled, startOnCreation: _start, ...inputs } = r.inputs;
        resources.push({ ...r, inputs: { ...inputs, name: `${r.inputs.name}-x` } });
      }
      if (r.type === "aws:glue/job:Job" && r.name === "customer_landing_to_trusted")
        resources.push({ ...r, inputs: { ...r.inputs, name: `${r.inputs.name}-x`, workerType: "G.3X" } });
    }
    const out = replay(emulator, [{ stack: "doctored", resources }]).stacks.doctored!;
    expect(out.startTriggerCalls).to.deep.equal(["stedi-dev-start-x"]);
    expect(out.problems.join("\n")).to.match(/WorkerType: 'G\.3X' is not one of/);
  });

  it("lints every IAM, bucket and key policy of every stack: nothing above LOW but the accepted findings", async function () {
    const docs = STACKS.flatMap((stack) => policyDocuments(runs.get(stack)!));
    // Every kind is there: job and crawler role policies, trust policies, bucket policies, the stack key's policy.
    expect(new Set(docs.map((d) => d.kind))).to.deep.equal(new Set(["identity", "trust", "resource"]));
    expect(docs.filter((d) => d.name.includes("key policy"))).to.have.length(STACKS.length);
    const findings = await lintPolicies(docs);
    const accepted = (f: PolicyFinding) => ACCEPTED.find((a) => a.name.test(f.name) && a.issue === f.issue);
    const open = findings.filter((f) => !accepted(f));
    expect(open, describeFindings(open)).to.deep.equal([]);
    // The accepted ones are LOW: nothing above LOW in any stack.
    expect(
      findings.filter((f) => f.severity !== "LOW"),
      describeFindings(findings),
    ).to.deep.equal([]);
  });
});
