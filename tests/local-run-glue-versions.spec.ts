/**
 * The local runtime of each AWS Glue version other than the default (issue 20, point 3): a stack whose pipeline.json
 * names Glue 5.1 or 6.0 runs in that version's own environment (.lakehouse/python/glue-<v>/, made on first use), and
 * says so at start-up. One Spark run per version and stack: STEDI's rubric on 5.1 (rules on Deequ) and on 6.0 (rules
 * on the Spark-native evaluator, the same outcomes and failing rows, the Same Customer Check's 2,700 included), and
 * the shop's jobs without rules on 6.0, against plain Python.
 * The stacks are copies of generated/ with `glueVersion` set, so this holds before stack files can choose one.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePythonEnv, SetupError } from "../src/cli/python-env";
import { glueVersionOf } from "../src/cli/run";
import {
  repoRoot,
  requireStarterData,
  rowCounts,
  runLocal,
  starterData,
  STARTER_COUNTS_STANDARD,
  TempDirs,
  type LocalRun,
} from "./local-run-support";

const temp = new TempDirs();

/** generated/<stack> copied under a fresh folder, its manifest marked with `glueVersion` (or not, for undefined). */
function stacksOn(glueVersion: unknown, ...stacks: string[]): string {
  const generated = temp.dir(`glue-${String(glueVersion)}`);
  for (const stack of stacks) {
    cpSync(join(repoRoot, "generated", stack), join(generated, stack), { recursive: true });
    const file = join(generated, stack, "pipeline.json");
    const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify(glueVersion === undefined ? manifest : { ...manifest, glueVersion }));
  }
  return generated;
}

/** The runner's Python of `glueVersion`'s runtime, running `code` with the runtime's packages importable. */
function runtimePython(glueVersion: "5.0" | "6.0", code: string) {
  const { python, env } = ensurePythonEnv(repoRoot, () => undefined, undefined, glueVersion);
  return spawnSync(python, ["-c", code], { env, encoding: "utf8" });
}

/**
 * One of tests/python's plain-Python computations (no pyspark, no project code) in `glueVersion`'s interpreter: as
 * plainPython does, but without the default runtime's set-up, which this spec otherwise never needs.
 */
function plainComputation(glueVersion: "6.0", script: string, args: readonly string[]): string {
  const { python, env } = ensurePythonEnv(repoRoot, () => undefined, undefined, glueVersion);
  const plain = { ...env };
  delete plain.PYTHONPATH;
  const result = spawnSync(python, [join(__dirname, "python", script), ...args], { env: plain, encoding: "utf8" });
  expect(result.status, `${script}: ${result.stderr}`).to.equal(0);
  return result.stdout;
}

const expectSucceeded = (run: LocalRun) => {
  expect(run.status, `runner failed:\n${run.stdout}\n${run.stderr}`).to.equal(0);
  return run.report!;
};

describe("a local runtime per Glue version", function () {
  after(() => temp.removeAll());

  describe("choosing the runtime (no Spark)", function () {
    it("reads the stack's glueVersion from the manifest npm start will run, 5.0 when it has none", function () {
      const on6 = stacksOn("6.0", "dev");
      expect(glueVersionOf(["--generated", on6, "--stack", "dev"])).to.equal("6.0");
      expect(glueVersionOf([`--generated=${on6}`, "--stack=dev"])).to.equal("6.0");
      expect(glueVersionOf(["--generated", stacksOn(undefined, "dev"), "--stack", "dev"])).to.equal("5.0");
      expect(glueVersionOf(["--generated", on6, "--stack", "not-rendered"]), "the runner reports it").to.equal("5.0");
    });

    it("refuses a glueVersion it has no runtime for, naming the file, the field and the values", function () {
      const on7 = stacksOn("7.0", "dev");
      expect(() => glueVersionOf(["--generated", on7, "--stack", "dev"])).to.throw(
        SetupError,
        /dev\/pipeline\.json: glueVersion is "7\.0", .*AWS Glue 5\.0, 5\.1, 6\.0\. Set lakehouse:glueVersion in Pulumi\.dev\.yaml/,
      );
    });

    it("refuses a stack run on another version's runtime, before Spark starts", function () {
      const { python, env } = ensurePythonEnv(repoRoot, () => undefined);
      const run = spawnSync(python, ["-m", "lakehouse.run", "--generated", stacksOn("5.1", "dev"), "--stack", "dev"], {
        cwd: repoRoot,
        env,
        encoding: "utf8",
      });
      expect(run.status, run.stderr).to.equal(2);
      expect(run.stderr).to.match(
        /Stack dev is on AWS Glue 5\.1 \(Spark 3\.5\.6\), but this Python .* pyspark 3\.5\.4/,
      );
      expect(run.stderr).to.include("npm start -- --stack dev");
    });

    it("gives each version's getResolvedOptions its signature: Glue 6.0 rejects abbreviated names unless asked", function () {
      const code = [
        "import inspect",
        "from awsglue.utils import GlueArgumentError, getResolvedOptions",
        "print(inspect.signature(getResolvedOptions))",
        "try:",
        "    print(getResolvedOptions(['job.py', '--LAKE', 's3://x'], ['LAKE_ROOT'])['LAKE_ROOT'])",
        "except GlueArgumentError as error:",
        "    print('refused:', error)",
      ].join("\n");
      const on5 = runtimePython("5.0", code);
      expect(on5.stdout.trim().split("\n"), on5.stderr).to.deep.equal(["(args, options)", "s3://x"]);
      const on6 = runtimePython(
        "6.0",
        `${code}\nprint(getResolvedOptions(['j', '--LAKE', 'y'], ['LAKE_ROOT'], True)['LAKE_ROOT'])`,
      );
      expect(on6.stdout.trim().split("\n"), on6.stderr).to.deep.equal([
        "(args, options, allow_abbrev=False)",
        "refused: the following arguments are required: --LAKE_ROOT",
        "y",
      ]);
    });
  });

  describe("Glue 5.1: the STEDI rubric on Spark 3.5.6 and Iceberg 1.10.0's runtime", function () {
    let run: LocalRun;

    before(function () {
      requireStarterData(this);
      run = runLocal(
        ["--generated", stacksOn("5.1", "dev"), "--stack", "dev", "--landing", starterData],
        temp.dir("5.1"),
      );
    });

    it("says at start-up which runtime runs the stack", function () {
      expect(run.stdout).to.match(
        /Runtime: AWS Glue 5\.1 — Spark 3\.5\.6, Python 3\.11\.\d+, Iceberg 1\.10\.0, data quality Deequ 2\.1\.0-spark-3\.5/,
      );
    });

    it("reproduces the reference row counts and data-quality outcomes", function () {
      const report = expectSucceeded(run);
      expect(rowCounts(report)).to.deep.equal(STARTER_COUNTS_STANDARD);
      expect(report.quality).to.have.length(17);
      const notPassed = report.quality.filter((q) => q.outcome !== "Passed");
      expect(notPassed.map((q) => [q.table ?? q.node, q.outcome, q.failedRows])).to.deep.equal([
        ["Same Customer Check", "Failed", 2700],
      ]);
    });
  });

  describe("Glue 6.0: Spark 4.1.1 (Scala 2.13, ANSI on), rules on the Spark-native evaluator", function () {
    const shopLanding = join(repoRoot, "jobs", "shop", "landing");
    const unchecked = ["order_lines", "shipments", "all_sales", "revenue", "sku_latest_sale"];
    let stedi: LocalRun;
    let shop: LocalRun;

    before(function () {
      requireStarterData(this);
      const generated = stacksOn("6.0", "dev", "shop-dev");
      stedi = runLocal(["--generated", generated, "--stack", "dev", "--landing", starterData], temp.dir("6.0-dev"));
      shop = runLocal(
        ["--generated", generated, "--stack", "shop-dev", "--landing", shopLanding, "--jobs", unchecked.join(",")],
        temp.dir("6.0-shop"),
      );
    });

    it("runs STEDI's rules on the Spark-native evaluator: the rubric's counts and the same outcomes as on Deequ", function () {
      const report = expectSucceeded(stedi);
      expect(stedi.stdout).to.match(
        /Runtime: AWS Glue 6\.0 — Spark 4\.1\.1, .*data quality Spark-native DQDL evaluator/,
      );
      expect(rowCounts(report)).to.deep.equal(STARTER_COUNTS_STANDARD);
      expect(report.quality).to.have.length(17);
      const notPassed = report.quality.filter((q) => q.outcome !== "Passed");
      expect(notPassed.map((q) => [q.table ?? q.node, q.outcome, q.failedRows])).to.deep.equal([
        ["Same Customer Check", "Failed", 2700],
      ]);
    });

    it("runs the shop's jobs without rules on Spark 4.1.1, saying which Python stands in for Glue's 3.13", function () {
      expectSucceeded(shop);
      expect(shop.stdout).to.match(/Runtime: AWS Glue 6\.0 — Spark 4\.1\.1, Python 3\.\d+\.\d+/);
      expect(shop.stdout).to.match(/Iceberg 1\.11\.0, data quality Spark-native DQDL evaluator/);
      // Spark 4's JVM warns of its incubator module at every start; PySpark 4 logs each error it converts with its
      // Java stack, caught or not: neither reaches the console (lakehouse/jvm_stderr.py, spark_session.py).
      expect(shop.stderr).to.not.match(/Using incubator modules|QueryContextLogger/);
      if (!/Python 3\.13\./.test(shop.stdout))
        expect(shop.stdout).to.match(/AWS Glue 6\.0 runs Python 3\.13; this machine has no python3\.13/);
    });

    it("keeps and counts the malformed landing lines, and writes the rows plain Python computes", function () {
      const report = expectSucceeded(shop);
      const t = report.tables;
      expect([t.orders_landing!.rows, t.orders_landing!.rejected]).to.deep.equal([4, 4]);
      expect([t.shipments_landing!.rows, t.shipments_landing!.rejected]).to.deep.equal([5, 1]);
      expect([t.store_sales_landing!.rows, t.store_sales_landing!.rejected]).to.deep.equal([3, 0]);
      const expected = JSON.parse(plainComputation("6.0", "shop_expected.py", [shopLanding])) as Record<
        string,
        unknown[]
      >;
      const written = Object.keys(report.tables).filter((name) => !name.endsWith("_landing") && t[name]!.rows !== null);
      expect(written.sort()).to.deep.equal(
        Object.keys(expected)
          .filter((name) => !name.startsWith("review"))
          .sort(),
      );
      for (const name of written) expect(t[name]!.rows, name).to.equal(expected[name]!.length);
    });
  });
});
