/**
 * What a local run says when something goes wrong, or only looks wrong (issue 21.1, 21.3, 21.7), on real Spark
 * and small hand-made landing data:
 * - a data error raised lazily, when a data-quality check forces the plan, is reported at the node that owns the
 *   failing expression, with Spark's first useful line and no Java stack, even with a relative --generated;
 * - a second incremental run over unchanged landing data says that no data reached the checks, and shows no
 *   outcome that looks like a failure.
 */
import { expect } from "chai";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { renderIcebergStacks } from "./iceberg-support";
import { repoRoot, runLocal, TempDirs, writeLanding, type LocalRun, type RunReport } from "./local-run-support";

const temp = new TempDirs();

/** Five consenting customers with a reading each; customer 3's birthday is "1990-1-5", not "1990-01-05". */
function landing(): string {
  const dir = temp.dir("errors-landing");
  const lines: Record<string, string[]> = { customer: [], accelerometer: [], step_trainer: [] };
  for (let i = 0; i < 5; i++) {
    const at = 1655564000000 + i * 1000;
    const email = `c.${i}@test.com`;
    lines.customer!.push(
      JSON.stringify({
        customerName: `C ${i}`,
        email,
        phone: "1",
        birthDay: i === 3 ? "1990-1-5" : "1990-01-05",
        serialNumber: `s-${i}`,
        registrationDate: at,
        lastUpdateDate: at,
        shareWithResearchAsOfDate: at,
      }),
    );
    lines.accelerometer!.push(JSON.stringify({ user: email, timestamp: at, x: 1.0, y: 0.0, z: -1.0 }));
    lines.step_trainer!.push(
      JSON.stringify({ sensorReadingTime: at, serialNumber: `s-${i}`, distanceFromObject: 200 }),
    );
  }
  writeLanding(dir, lines);
  return dir;
}

const output = (run: LocalRun) => `${run.stdout}\n${run.stderr}`;

describe("local run: errors named where they are, and outcomes that are no failures", function () {
  after(() => temp.removeAll());
  const landingDir = landing();

  describe("a data error raised when the data-quality check forces the plan, with a relative --generated", function () {
    let run: LocalRun;

    before(function () {
      const root = temp.dir("data-error");
      const generated = join(root, "generated");
      cpSync(join(repoRoot, "generated", "dev"), join(generated, "dev"), { recursive: true });
      const script = join(generated, "dev", "customer_landing_to_trusted.py");
      const source = readFileSync(script, "utf8");
      // Spark 3.5 parses "1990-1-5 10:00:00" against yyyy-MM-dd HH:mm:ss with SparkUpgradeException, in a task:
      // the filter is lazy, so it fails when the next node, Evaluate Data Quality, computes its input.
      const filter = 'F.col("sharewithresearchasofdate").isNotNull()';
      expect(source, "the node to break is not in the script any more; pick another").to.include(filter);
      const parsed = 'F.to_timestamp(F.concat(F.col("birthday"), F.lit(" 10:00:00")), "yyyy-MM-dd HH:mm:ss")';
      writeFileSync(script, source.replace(filter, `${filter} & ${parsed}.isNotNull()`));
      // The runner's working directory is the repository: the path is relative to it.
      run = runLocal(["--landing", landingDir, "--generated", relative(repoRoot, generated), "--stack", "dev"], root);
    });

    it("names a node and its line although the script's path is relative (21.1)", () => {
      const error = (run.report as RunReport).jobs[0]!.error as { node: string; line: number } | undefined;
      expect(error, output(run)).to.not.equal(undefined);
      expect(error!.node).to.not.equal("(unknown node)");
      expect(error!.line).to.be.greaterThan(0);
    });

    it("names the node owning the failing expression, Spark's first useful line, where it surfaced (21.3)", () => {
      expect(run.status, output(run)).to.equal(1);
      expect(run.stderr).to.include('Job customer_landing_to_trusted failed at node "Share With Research"');
      expect(run.stderr).to.include(
        "SparkUpgradeException: [INCONSISTENT_BEHAVIOR_CROSS_VERSION.PARSE_DATETIME_BY_NEW_PARSER]",
      );
      expect(run.stderr).to.include("Fail to parse '1990-1-5 10:00:00' in the new parser.");
      expect(run.stderr).to.include('The error surfaced at node "Customer Trusted Data Quality"');
      expect((run.report as RunReport).jobs[0]!.error).to.deep.include({
        node: "Share With Research",
        surfacedAt: "Customer Trusted Data Quality",
      });
    });

    it("does not call it a refused ruleset, and shows no Java stack or Python traceback", () => {
      expect(output(run)).to.not.include("was refused by the DQDL engine");
      expect(output(run)).to.not.include("Traceback");
      expect(output(run)).to.not.match(/^\s+at (org|java|scala)\./m);
      expect(output(run)).to.not.match(/ERROR (Executor|TaskSetManager|Utils)/);
    });
  });

  describe("a second incremental run over unchanged landing data (Iceberg tables)", function () {
    let first: LocalRun;
    let second: LocalRun;

    before(function () {
      const root = temp.dir("no-new-data");
      const [dev] = renderIcebergStacks(join(root, "rendered"));
      const args = ["--landing", landingDir, "--generated", join(dev!, ".."), "--stack", "dev"];
      first = runLocal(args, join(root, "lakehouse"));
      second = runLocal(args, join(root, "lakehouse"));
    });

    it("checks the new data on the first run", () => {
      expect(first.status, output(first)).to.equal(0);
      const customer = first.report!.quality.filter((q) => q.job === "customer_landing_to_trusted");
      expect(customer.map((q) => q.outcome)).to.deep.equal(customer.map(() => "Passed"));
    });

    it("says that no data reached the check, and shows no failed outcome (21.7)", () => {
      expect(second.status, output(second)).to.equal(0);
      expect(second.stdout).to.include("0 new landing file(s)");
      expect(second.stdout).to.match(
        /customer_landing_to_trusted: no data reached the check of customer_trusted \(0 rows/,
      );
      const table = second.stdout.slice(second.stdout.indexOf("\nData quality"));
      expect(table).to.not.match(/Failed \((fail|warn|quarantine)\)|Empty state for analyzer/);
      const customer = second.report!.quality.filter((q) => q.job === "customer_landing_to_trusted");
      expect(customer).to.have.length(5);
      for (const q of customer) expect(q).to.deep.include({ noData: true, rows: 0 });
    });
  });
});
