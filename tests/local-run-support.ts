/** Shared by the local-run specs: spawn the real runner on real Spark, each run in its own lakehouse. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { GLUE_VERSIONS, type GlueVersion } from "../src/cli/python-env";
import { writeStacksWith } from "../src/cli/render";
import { runnerInvocation } from "../src/cli/run";
import type { RenderedPipeline } from "../src/render";
import { sparkCall } from "./spark-service";

export const repoRoot = resolve(__dirname, "..");
export const starterData = resolve(repoRoot, "..", "shared", "stedi");

/** Every table's rows after a run of the STEDI dev stack (privacy "standard") on the starter data: the published
 * rubric counts (shared/docs/reference.md), which each runtime must reproduce. */
export const STARTER_COUNTS_STANDARD = {
  customer_landing: 956,
  accelerometer_landing: 81273,
  step_trainer_landing: 28680,
  customer_trusted: 482,
  accelerometer_trusted: 40981,
  customer_curated: 482,
  step_trainer_trusted: 14460,
  machine_learning_curated: 43681,
} as const;

/**
 * A one-line change to a STEDI job that changes its rendered script (the join's node name), with its way back: what
 * bench/dev-loop.ts saves to time watch mode from the save to the counts.
 */
export const scriptChangingEdit = {
  file: "jobs/stedi/machine_learning_curated.ts",
  before: '"Readings At The Same Time"',
  after: '"Readings At The Same Moment"',
} as const;

export interface TableReport {
  readonly zone: string;
  readonly rows: number | null;
  readonly rejected: number | null;
  readonly lines?: number;
  readonly job?: string;
}

export interface JobReport {
  readonly name: string;
  readonly seconds: number | null;
  readonly status: "succeeded" | "failed" | "not run";
  readonly error?: { node: string; message: string };
}

/** One rule outcome of the report's "quality" list. */
export interface QualityEntry {
  readonly job: string;
  readonly node: string;
  readonly table: string | null;
  readonly rule: string;
  readonly outcome: string;
  readonly failedRows: number | null;
}

export interface RunReport {
  readonly tables: Record<string, TableReport>;
  readonly jobs: JobReport[];
  readonly quality: QualityEntry[];
  /** The stack's project options, as its pipeline.json gives them. */
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly stack: string;
  readonly landing: string;
  readonly lakeRoot: string;
}

export interface LocalRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly report?: RunReport;
}

/**
 * Temporary directories of one spec file, removed by its `after()` unless KEEP_LAKEHOUSE=1 (to look
 * at a failed run's lakehouse). Per spec, because mocha builds every spec's describe blocks first.
 */
export class TempDirs {
  private readonly created: string[] = [];

  dir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), `stedi-${prefix}-`));
    this.created.push(dir);
    return dir;
  }

  removeAll(): void {
    if (process.env.KEEP_LAKEHOUSE === "1") return;
    for (const dir of this.created.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The Glue version the version-dependent specs run the committed stacks on: `LAKEHOUSE_TEST_GLUE_VERSION`
 * (`npm run test:glue-versions`), else the stacks' own (undefined). Those specs say it in their titles.
 */
export const glueVersionUnderTest: GlueVersion | undefined = (() => {
  const wanted = process.env.LAKEHOUSE_TEST_GLUE_VERSION;
  if (!wanted) return undefined;
  if (!GLUE_VERSIONS.includes(wanted as GlueVersion))
    throw new Error(
      `LAKEHOUSE_TEST_GLUE_VERSION is ${wanted}; set it to one of ${GLUE_VERSIONS.join(", ")}, or unset it.`,
    );
  return wanted as GlueVersion;
})();

/** ` (Glue 6.0)` when the specs run on another Glue version than the stacks', for their titles. */
export const onGlueVersion = glueVersionUnderTest ? ` (Glue ${glueVersionUnderTest})` : "";

let versionedStacks: string | undefined;

/**
 * The `generated` directory of the committed stacks on the Glue version under test: generated/ itself, or every
 * stack rendered with `lakehouse:glueVersion` set to it (once per process, in a temporary directory).
 */
export function generatedUnderTest(): string {
  if (!glueVersionUnderTest) return join(repoRoot, "generated");
  if (!versionedStacks) {
    const dir = mkdtempSync(join(tmpdir(), `stedi-glue-${glueVersionUnderTest}-`));
    versionedStacks = writeStacksWith(dir, { "lakehouse:glueVersion": glueVersionUnderTest }, repoRoot);
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return versionedStacks;
}

/**
 * Runs `python -m lakehouse.run ...args --root <root>` and reads its JSON report when there is one. Without
 * `--generated` it runs the committed stacks on the Glue version under test (generatedUnderTest).
 */
export function runLocal(args: readonly string[], root: string): LocalRun {
  const reportFile = join(root, `report-${Date.now()}.json`);
  const stacks = args.includes("--generated") ? [] : ["--generated", generatedUnderTest()];
  const invocation = runnerInvocation([...args, ...stacks, "--root", root, "--report", reportFile], repoRoot, (line) =>
    console.log(`      ${line}`),
  );
  const result = spawnSync(invocation.command, invocation.args, {
    cwd: invocation.cwd,
    env: invocation.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  let report: RunReport | undefined;
  try {
    report = JSON.parse(readFileSync(reportFile, "utf8")) as RunReport;
  } catch {
    report = undefined;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, report };
}

/** Writes each entity's lines to <landing>/<entity>/landing/part-0.json, as a landing folder holds them. */
export function writeLanding(landing: string, lines: Readonly<Record<string, readonly string[]>>): void {
  for (const [entity, entityLines] of Object.entries(lines)) {
    mkdirSync(join(landing, entity, "landing"), { recursive: true });
    writeFileSync(join(landing, entity, "landing", "part-0.json"), `${entityLines.join("\n")}\n`);
  }
}

export interface RenderedRun extends LocalRun {
  /** The lakehouse the run wrote (its --root). */
  readonly root: string;
  /** The landing folder it read. */
  readonly landing: string;
}

/**
 * Runs a pipeline of a spec's own: its rendered files (generated/<stack>/) and the landing lines written under
 * `base`, then the runner on that stack, over base/landing, into base/lakehouse.
 */
export function runRendered(
  base: string,
  rendered: RenderedPipeline,
  lines: Readonly<Record<string, readonly string[]>>,
): RenderedRun {
  for (const f of rendered.files) {
    mkdirSync(dirname(join(base, f.path)), { recursive: true });
    writeFileSync(join(base, f.path), f.content);
  }
  const landing = join(base, "landing");
  writeLanding(landing, lines);
  const root = join(base, "lakehouse");
  const args = ["--generated", join(base, "generated"), "--stack", rendered.stack, "--landing", landing];
  return { ...runLocal(args, root), root, landing };
}

/**
 * Runs one of the independent computations of tests/python (plain Python over landing or written files) and returns
 * its JSON output. Without PYTHONPATH: the computation may not import the project's runtime.
 */
export function plainPython<T>(script: string, args: readonly string[]): T {
  const invocation = runnerInvocation([], repoRoot);
  const env = { ...invocation.env };
  delete env.PYTHONPATH;
  const result = spawnSync(invocation.command, [join(__dirname, "python", script), ...args], {
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Row counts by table name. */
export const rowCounts = (report: RunReport): Record<string, number | null> =>
  Object.fromEntries(Object.entries(report.tables).map(([name, table]) => [name, table.rows]));

/**
 * The starter data is shared by every developer and CI at ../shared/stedi. Without it the acceptance
 * tests cannot run: in CI that is a failure, locally a visible skip, never a silent pass.
 */
export function requireStarterData(context: Mocha.Context): void {
  if (existsDir(starterData)) return;
  const reason = `STEDI starter data not found at ${starterData}`;
  if (process.env.CI === "true") throw new Error(`${reason}: CI must run the acceptance tests on it.`);
  console.log(`      SKIPPED: ${reason}`);
  context.skip();
}

function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Non-blank lines of the data files under `dir` (Spark's hidden _SUCCESS/.crc files excluded). */
export function dataLines(dir: string): string[] {
  if (!existsDir(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => !name.split("/").some((part) => part.startsWith(".") || part.startsWith("_")))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .flatMap((path) => readFileSync(path, "utf8").split("\n"))
    .filter((line) => line.trim() !== "");
}

/** The local directory behind an s3:// URI of a run in `root`. */
export const localPath = (root: string, s3Uri: string): string => join(root, "s3", s3Uri.replace(/^s3:\/\//, ""));

export interface TableContents {
  readonly columns: [string, string][];
  readonly values: Record<string, string[]>;
}

/** Reads the parquet files of tables (name -> local dir) with pyspark, in the specs' shared Spark session
 * (tests/spark-service.ts): their real columns, and the distinct values of the given columns where present. */
export function inspectTables(
  tables: Record<string, string>,
  columns: readonly string[],
): Promise<Record<string, TableContents>> {
  return sparkCall("local_run_inspect", { tables, columns });
}
