/**
 * Smoke run of a deployed stack (the deploy workflow runs it after `dev`, when the repository variable
 * SMOKE_RUN is true):
 *   1. generate a small landing sample with the project's synthetic generator (seed and scale in
 *      jobs/<project>/smoke-expected.json) and replace the stack's landing files with it;
 *   2. start the Glue workflow and wait for it, failing on any job that did not succeed;
 *   3. count every table in Athena and compare with the expected counts, which are the local run's on the
 *      same sample (tests/local-run-synthetic.spec.ts keeps them true).
 * Without AWS credentials it prints why and exits 0, so a repository without AWS set up stays green.
 *
 *   npx tsx scripts/smoke-run.ts --outputs stack-outputs.json     (from `pulumi stack output --json`)
 *
 * It replaces the landing data of the stack it runs against: use it on dev, not on a stack people query.
 * Needs the AWS CLI and python3 on PATH.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
/** A project's expected counts live with the project: they are its pipeline's, on its synthetic data. */
export const expectationFile = (project: string): string => join(ROOT, "jobs", project, "smoke-expected.json");
const FINISHED_RUN = ["COMPLETED", "STOPPED", "ERROR"];

export interface SmokeExpectation {
  readonly seed: number;
  readonly scale: number;
  /**
   * Row counts per table, per project and options: the key is `smokeKey(project, options)` of the stack outputs
   * `project` and `options`, e.g. `sales region=eu`.
   */
  readonly rows: Record<string, Record<string, number>>;
}

export interface StackOutputs {
  readonly dataBucket: string;
  readonly assetsBucket: string;
  readonly database: string;
  readonly workflow: string;
  readonly project: string;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /** The project's synthetic data generator, relative to the repo root. */
  readonly synthetic: string;
}

/** The expectation's key for a stack: its project and options, in the options' order. */
export function smokeKey(project: string, options: Readonly<Record<string, unknown>>): string {
  return [project, ...Object.entries(options).map(([k, v]) => `${k}=${String(v)}`)].join(" ");
}

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What the run needs from outside, so tests can stand in for the AWS CLI and the clock. */
export interface SmokeDeps {
  aws(args: readonly string[]): CommandResult;
  python(args: readonly string[], env: NodeJS.ProcessEnv): CommandResult;
  sleep(seconds: number): void;
  log(line: string): void;
}

export class SmokeFailure extends Error {}

const run = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): CommandResult => {
  const r = spawnSync(command, args, { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { status: null, stdout: "", stderr: r.error.message };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

export const realDeps: SmokeDeps = {
  aws: (args) => run("aws", [...args, "--output", "json"]),
  python: (args, env) => run("python3", args, env),
  sleep: (seconds) => void spawnSync("sleep", [String(seconds)]),
  log: (line) => console.log(line),
};

/** The parts of the AWS CLI's answers the smoke run reads (the CLI prints the API's JSON). */
interface WorkflowRun {
  readonly Status: string;
  readonly Statistics?: Readonly<Partial<Record<string, number>>>;
}
interface QueryExecution {
  readonly Status: { readonly State: string; readonly StateChangeReason?: string };
}
interface QueryResults {
  readonly ResultSet: { readonly Rows: readonly { readonly Data: readonly { readonly VarCharValue?: string }[] }[] };
}

/** Runs an AWS CLI command and parses its JSON answer as `T`, the shape of the API's response. */
function awsJson<T = unknown>(deps: SmokeDeps, args: readonly string[], what: string): T {
  const r = deps.aws(args);
  if (r.status !== 0)
    throw new SmokeFailure(
      `${what} failed (aws ${args.slice(0, 2).join(" ")}): ${r.stderr.trim() || `exit ${r.status}`}`,
    );
  return (r.stdout.trim() ? JSON.parse(r.stdout) : {}) as T;
}

/** Writes the sample's <entity>/landing/*.json under a new temporary directory and returns it. */
function generateSample(deps: SmokeDeps, expected: SmokeExpectation, script: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lakehouse-smoke-"));
  const code =
    "import sys; from pathlib import Path; from lakehouse.synthetic import generate; generate(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))";
  const r = deps.python(["-c", code, script, dir, String(expected.seed), String(expected.scale)], {
    ...process.env,
    PYTHONPATH: join(ROOT, "runtime"),
  });
  if (r.status !== 0) throw new SmokeFailure(`Generating the landing sample failed: ${r.stderr.trim()}`);
  return dir;
}

function waitForWorkflow(deps: SmokeDeps, workflow: string, runId: string, timeoutMinutes: number): WorkflowRun {
  const deadline = Date.now() + timeoutMinutes * 60_000;
  for (;;) {
    const { Run } = awsJson<{ Run: WorkflowRun }>(
      deps,
      ["glue", "get-workflow-run", "--name", workflow, "--run-id", runId],
      `Reading workflow run ${runId}`,
    );
    if (FINISHED_RUN.includes(Run.Status)) return Run;
    if (Date.now() > deadline)
      throw new SmokeFailure(
        `Workflow ${workflow} run ${runId} is still ${Run.Status} after ${timeoutMinutes} minutes; see the Glue console.`,
      );
    deps.log(
      `  workflow ${Run.Status}: ${Run.Statistics?.SucceededActions ?? 0}/${Run.Statistics?.TotalActions ?? "?"} jobs done`,
    );
    deps.sleep(20);
  }
}

function athenaCount(deps: SmokeDeps, outputs: StackOutputs, table: string): number {
  const query = `SELECT count(*) FROM "${outputs.database}"."${table}"`;
  const { QueryExecutionId: id } = awsJson<{ QueryExecutionId: string }>(
    deps,
    [
      "athena",
      "start-query-execution",
      "--work-group",
      "primary",
      "--query-string",
      query,
      "--result-configuration",
      `OutputLocation=s3://${outputs.assetsBucket}/athena-results/`,
    ],
    `Starting the Athena count of ${table}`,
  );
  for (;;) {
    const { QueryExecution } = awsJson<{ QueryExecution: QueryExecution }>(
      deps,
      ["athena", "get-query-execution", "--query-execution-id", id],
      `Reading Athena query ${id}`,
    );
    const state = QueryExecution.Status.State;
    if (state === "SUCCEEDED") break;
    if (state === "FAILED" || state === "CANCELLED")
      throw new SmokeFailure(
        `Athena count of ${table} ${state}: ${QueryExecution.Status.StateChangeReason ?? "no reason given"}`,
      );
    deps.sleep(2);
  }
  const results = awsJson<QueryResults>(
    deps,
    ["athena", "get-query-results", "--query-execution-id", id],
    `Reading Athena results of ${table}`,
  );
  return Number(results.ResultSet.Rows[1]?.Data[0]?.VarCharValue);
}

/** The smoke run; returns the process exit code (0: passed or skipped, 1: failed). */
export function smokeRun(outputsFile: string, deps: SmokeDeps = realDeps, timeoutMinutes = 45): number {
  const identity = deps.aws(["sts", "get-caller-identity"]);
  if (identity.status !== 0) {
    deps.log(
      `Smoke run skipped: no AWS credentials are configured (aws sts get-caller-identity: ${identity.stderr.trim().split("\n")[0] || `exit ${identity.status}`}).`,
    );
    return 0;
  }
  try {
    const outputs = JSON.parse(readFileSync(outputsFile, "utf8")) as StackOutputs;
    for (const key of ["dataBucket", "assetsBucket", "database", "workflow", "project", "synthetic"] as const)
      if (typeof outputs[key] !== "string" || outputs[key] === "")
        throw new SmokeFailure(
          `${outputsFile} has no stack output ${key}; write it with \`pulumi stack output --json > ${outputsFile}\`.`,
        );
    const file = expectationFile(outputs.project);
    const shown = `jobs/${outputs.project}/smoke-expected.json`;
    if (!existsSync(file))
      throw new SmokeFailure(
        `Project ${outputs.project} has no ${shown}: write its seed, scale and the row counts a local run of that ` +
          "sample gives (`npm start -- --stack <stack> --seed N --scale S --report r.json`), keyed by project and options.",
      );
    const expected = JSON.parse(readFileSync(file, "utf8")) as SmokeExpectation;
    const key = smokeKey(outputs.project, outputs.options ?? {});
    const rows = expected.rows[key];
    if (!rows)
      throw new SmokeFailure(`${shown} has no counts for "${key}"; it has ${Object.keys(expected.rows).join("; ")}.`);

    deps.log(
      `Smoke run of workflow ${outputs.workflow} (${key}) on a synthetic sample (seed ${expected.seed}, scale ${expected.scale}).`,
    );
    const sample = generateSample(deps, expected, outputs.synthetic);
    try {
      for (const entity of readdirSync(sample).sort()) {
        const target = `s3://${outputs.dataBucket}/${entity}/landing/`;
        deps.log(`  uploading ${entity} landing data to ${target} (replacing what was there)`);
        awsJson(
          deps,
          ["s3", "sync", join(sample, entity, "landing"), target, "--delete", "--only-show-errors"],
          `Uploading ${entity} landing data`,
        );
      }
    } finally {
      rmSync(sample, { recursive: true, force: true });
    }

    const { RunId: runId } = awsJson<{ RunId: string }>(
      deps,
      ["glue", "start-workflow-run", "--name", outputs.workflow],
      `Starting workflow ${outputs.workflow}`,
    );
    deps.log(`  started workflow run ${runId}`);
    const finished = waitForWorkflow(deps, outputs.workflow, runId, timeoutMinutes);
    const stats = finished.Statistics ?? {};
    const unsuccessful = ["FailedActions", "StoppedActions", "TimeoutActions", "ErroredActions"].filter(
      (k) => (stats[k] ?? 0) > 0,
    );
    if (finished.Status !== "COMPLETED" || unsuccessful.length || stats.SucceededActions !== stats.TotalActions)
      throw new SmokeFailure(
        `Workflow run ${runId} ended ${finished.Status} with ${JSON.stringify(stats)}; read the failed job's log in CloudWatch (/aws-glue/jobs/error).`,
      );

    const mismatches: string[] = [];
    deps.log("  table                         expected     Athena");
    for (const [table, want] of Object.entries(rows)) {
      const got = athenaCount(deps, outputs, table);
      deps.log(
        `  ${table.padEnd(28)} ${String(want).padStart(9)} ${String(got).padStart(10)}${got === want ? "" : "   ← differs"}`,
      );
      if (got !== want) mismatches.push(`${table}: expected ${want}, Athena counted ${got}`);
    }
    if (mismatches.length)
      throw new SmokeFailure(`Row counts differ from the local run of the same sample:\n  ${mismatches.join("\n  ")}`);
    deps.log("Smoke run passed: every table has the rows the local run has.");
    return 0;
  } catch (e) {
    if (!(e instanceof SmokeFailure)) throw e;
    deps.log(`Smoke run FAILED: ${e.message}`);
    return 1;
  }
}

if (require.main === module) {
  const at = process.argv.indexOf("--outputs");
  const file = at > 0 ? process.argv[at + 1] : undefined;
  if (!file) {
    console.error("usage: npx tsx scripts/smoke-run.ts --outputs <file from `pulumi stack output --json`>");
    process.exit(2);
  }
  process.exit(smokeRun(file));
}
