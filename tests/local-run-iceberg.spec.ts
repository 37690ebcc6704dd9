/**
 * STEDI on real Iceberg (iceberg-spark-runtime 1.7.1, Glue 5.0's) on local Spark, through the local
 * `glue_catalog` (runtime/lakehouse/iceberg_catalog.py), both privacy profiles, in one Spark session
 * (tests/iceberg_scenarios.py): three incremental runs equal one full run, a run killed before its commit
 * and rerun loses and duplicates nothing, an unchanged rerun commits nothing, a rollback undoes a run, the
 * landing folder copied again (same bytes, new times) commits nothing, a landing file whose bytes changed is
 * reported, a record of the format before content hashes keeps working, a reader never sees a half-replaced
 * table, and MERGE INTO does what it says; then, in the same session, the jobs' unit tests on the Iceberg scripts.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { UNVERSIONED_GLUE_VERSION } from "../src/cli/python-env";
import { runnerInvocation } from "../src/cli/run";
import { GLUE_VERSION_FACTS } from "../src/model/glue-versions";
import { allUnitTests, type StackUnitTest, type UnitTestResult } from "../src/cli/test-jobs";
import { renderIcebergStacks } from "./iceberg-support";
import {
  glueVersionUnderTest,
  onGlueVersion,
  repoRoot,
  requireStarterData,
  starterData,
  TempDirs,
} from "./local-run-support";

type Fingerprints = Record<string, [number, string]>;
interface Run {
  readonly name: string;
  readonly seconds: number;
  readonly jobs: { name: string; status: string }[];
  readonly failed: string | null;
  readonly error: string | null;
}
interface Scenario {
  readonly stack: string;
  readonly privacy: string;
  readonly runs: Run[];
  readonly full: Fingerprints;
  readonly report: Record<string, number | null>;
  readonly incremental: Fingerprints;
  readonly killed?: {
    before: Record<string, string | null>;
    after: Record<string, string | null>;
    tables: Fingerprints;
  };
  readonly rerun?: {
    before: Record<string, string | null>;
    after: Record<string, string | null>;
    tables: Fingerprints;
  };
  readonly beforeLastBatch: { snapshots: Record<string, string | null>; tables: Fingerprints };
  readonly rollback?: { table: string; rolledBack: [number, string]; after: Fingerprints };
  readonly recopied?: {
    run: Run;
    before: Record<string, string | null>;
    after: Record<string, string | null>;
    tables: Fingerprints;
    record: Record<string, Record<string, unknown[]>>;
  };
  readonly modified?: { file: string; run: Run; unchanged: boolean };
}
interface Result {
  readonly scenarios: Scenario[];
  readonly reader: { reads: number; counts: number[] };
  readonly merge: { first: [number | null, string][]; second: [number | null, string][]; duplicateKeys: string | null };
  readonly legacy: Record<
    "first" | "retimedBeforeUpgrade" | "retimedAfterUpgrade",
    { paths: string[] | null; error: string | null; record?: Record<string, unknown[]> }
  >;
  readonly unitTests: UnitTestResult[];
  readonly sparkStartupSeconds: number;
  readonly spark: string;
  readonly totalSeconds: number;
}

/** The published starter-data counts (shared/docs/reference.md): the parquet runs' too (tests/local-run.spec.ts). */
const EXPECTED: Record<string, Record<string, number>> = {
  standard: {
    customer_trusted: 482,
    accelerometer_trusted: 40981,
    customer_curated: 482,
    step_trainer_trusted: 14460,
    machine_learning_curated: 43681,
  },
  strict: {
    customer_trusted: 482,
    accelerometer_trusted: 32025,
    customer_curated: 464,
    step_trainer_trusted: 13920,
    machine_learning_curated: 34437,
  },
};

const rows = (f: Fingerprints) => Object.fromEntries(Object.entries(f).map(([table, [n]]) => [table, n]));

describe(`local run on Iceberg tables (real Spark, real Iceberg)${onGlueVersion}`, function () {
  const dirs = new TempDirs();
  let result: Result;
  let unitTests: StackUnitTest[];

  before(function () {
    // Every scenario and the unit tests run in this one hook (one Python process, one JVM): about 4 minutes on a
    // quiet 2-core machine, and past mocha's 10 when other work shares the cores.
    this.timeout(30 * 60 * 1000);
    requireStarterData(this);
    const root = dirs.dir("iceberg");
    const stacks = renderIcebergStacks(join(root, "rendered"), glueVersionUnderTest);
    // The standard stack's tests (the strict stack's differ only in dropped columns).
    unitTests = allUnitTests(repoRoot).filter((test) => test.stack === "dev");
    const unitTestsFile = join(root, "unit-tests.json");
    writeFileSync(unitTestsFile, JSON.stringify({ generated: join(stacks[0]!, ".."), tests: unitTests }));
    // The runtime of the Glue version the stacks were rendered for.
    const invocation = runnerInvocation(["--generated", join(stacks[0]!, "..")], repoRoot);
    const args = [
      join(__dirname, "iceberg_scenarios.py"),
      "--starter",
      starterData,
      "--root",
      join(root, "lakehouse"),
      "--stacks",
      stacks.join(","),
      "--kill",
      "--reader",
      "--merge",
      "--legacy-records",
      "--unit-tests",
      unitTestsFile,
    ];
    const run = spawnSync(invocation.command, args, {
      env: invocation.env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const last = run.stdout.trim().split("\n").pop() ?? "";
    if (run.status !== 0 || !last.startsWith("{"))
      throw new Error(
        `iceberg_scenarios.py failed (${run.status}):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`,
      );
    result = JSON.parse(last) as Result;
    // Where the time goes, for whoever makes this spec faster: each run of the jobs, then the unit tests.
    const runs = result.scenarios.flatMap((s) => s.runs.map((r) => `${s.stack} ${r.name} ${r.seconds}s`));
    const tests = result.unitTests.reduce((sum, r) => sum + r.seconds, 0).toFixed(1);
    console.log(
      `      (Iceberg scenarios and unit tests took ${result.totalSeconds}s in one Spark session, started in`,
    );
    console.log(
      `      ${result.sparkStartupSeconds}s; runs: ${runs.join(", ")}; ${unitTests.length} unit tests ${tests}s)`,
    );
  });
  after(() => dirs.removeAll());

  for (const privacy of ["standard", "strict"]) {
    describe(`privacy ${privacy}`, () => {
      const scenario = () => result.scenarios.find((s) => s.privacy === privacy)!;

      it("a full run reproduces the published counts, as the parquet tables do, and the runner's report counts them", () => {
        expect(rows(scenario().full)).to.deep.equal(EXPECTED[privacy]);
        expect(scenario().report).to.include(EXPECTED[privacy]);
      });

      it("three incremental runs over three batches of landing files give exactly the tables of one full run", () => {
        expect(
          scenario()
            .runs.filter((r) => r.name.startsWith("batch") && !r.name.includes("killed"))
            .map((r) => r.failed),
        ).to.deep.equal([null, null, null]);
        expect(scenario().incremental).to.deep.equal(scenario().full);
      });
    });
  }

  it("runs on the Spark of the Glue version its stacks are rendered for", () => {
    expect(result.spark).to.equal(GLUE_VERSION_FACTS[glueVersionUnderTest ?? UNVERSIONED_GLUE_VERSION].spark);
  });

  it("a rerun with no new landing files commits nothing: every table keeps its snapshot", () => {
    const { before, after, tables } = result.scenarios[0]!.rerun!;
    expect(Object.values(before).every((id) => id !== null)).to.equal(true);
    expect(after).to.deep.equal(before);
    expect(tables).to.deep.equal(result.scenarios[0]!.full);
  });

  it("a run killed after its writes and before its commit leaves no trace, and its rerun ingests those files once", () => {
    const scenario = result.scenarios[0]!;
    const killed = scenario.runs.find((r) => r.name.includes("killed"))!;
    expect(killed.failed).to.equal("customer_landing_to_trusted");
    expect(killed.error).to.contain("killed before publishing");
    expect(scenario.killed!.after.customer_trusted).to.equal(scenario.killed!.before.customer_trusted);
    // The rerun (the last batch run) then reaches the full run's tables: nothing lost, nothing twice.
    expect(scenario.incremental).to.deep.equal(scenario.full);
  });

  it("rolling a table back to its snapshot before a run undoes the run, record included: the next run ingests those files once", () => {
    const scenario = result.scenarios[0]!;
    const { table, rolledBack, after } = scenario.rollback!;
    expect(rolledBack).to.deep.equal(scenario.beforeLastBatch.tables[table]);
    expect(rolledBack).to.not.deep.equal(scenario.full[table]);
    expect(after).to.deep.equal(scenario.full);
  });

  it("the landing folder copied again (same bytes, new modification times) ingests nothing: every table keeps its snapshot", () => {
    const scenario = result.scenarios[0]!;
    const { run, before, after, tables, record } = scenario.recopied!;
    expect(run.failed, run.error ?? "").to.equal(null);
    // All five jobs ran: the recomputing ones compare landing content too, so they skip their commit as well.
    expect(run.jobs.map((job) => job.status)).to.deep.equal(Array(5).fill("succeeded"));
    expect(after).to.deep.equal(before);
    expect(tables).to.deep.equal(scenario.full);
    // The record identifies each ingested file by its content: [size, modified ms, sha256].
    const files = record["stedi.ingested.customer_landing"]!;
    expect(Object.keys(files).sort()).to.deep.equal(["customer-b1.json", "customer-b2.json", "customer-b3.json"]);
    for (const entry of Object.values(files)) expect(entry[2]).to.match(/^[0-9a-f]{64}$/);
  });

  it("a landing file whose bytes changed after it was ingested (same size) stops the job with its name, and no table changes", () => {
    const { file, run, unchanged } = result.scenarios[0]!.modified!;
    expect(run.failed).to.equal("customer_landing_to_trusted");
    expect(run.error).to.contain(`changed after stedi_dev.customer_trusted ingested them: ${file}`);
    expect(unchanged).to.equal(true);
  });

  it("a reader during repeated overwrites sees the old table or the new one, never an empty or partial one", () => {
    expect(result.reader.reads).to.be.greaterThan(3);
    expect(result.reader.counts.every((n) => n === 30000 || n === 10000)).to.equal(
      true,
      `counts seen: ${result.reader.counts.join(", ")}`,
    );
  });

  it("merge updates matched rows, deletes where deleteWhen holds, inserts the rest, and refuses non-unique keys", () => {
    expect(result.merge.first).to.deep.equal([
      [null, "null key"],
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    expect(result.merge.second).to.deep.equal([
      [null, "NULL KEY"],
      [1, "A"],
      [3, "c"],
      [4, "d"],
    ]);
    expect(result.merge.duplicateKeys).to.match(
      /node 'Merge Probe', merge keys \['id'\]: the incoming rows are not unique on the keys \(e\.g\. id=7\)/,
    );
  });

  it("a record of the format before content hashes ([size, modified]) keeps working, and its files get their hash in the next commit", () => {
    const { first, retimedBeforeUpgrade, retimedAfterUpgrade } = result.legacy;
    expect(first.paths).to.deep.equal(["b.json"]);
    expect(Object.values(first.record!).map((entry) => entry.length)).to.deep.equal([3, 3]);
    expect(retimedBeforeUpgrade.error).to.contain(
      "have a new modification time since scenarios.legacy_probe ingested them: a.json",
    );
    expect(retimedBeforeUpgrade.error).to.contain("Fix: drop scenarios.legacy_probe and run again");
    expect(retimedAfterUpgrade).to.deep.equal({ paths: [], error: null });
  });

  it("the jobs' unit tests pass on the Iceberg scripts too (given tables are Iceberg tables in glue_catalog)", function () {
    const failed = result.unitTests.filter((r) => r.status !== "passed");
    expect(failed.map((r) => `${r.job} › ${r.name}\n${r.problems.join("\n")}`)).to.deep.equal([]);
    expect(result.unitTests.map((r) => r.status)).to.deep.equal(Array(unitTests.length).fill("passed"));
  });
});
