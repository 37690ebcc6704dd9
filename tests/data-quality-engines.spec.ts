/**
 * The Spark-native data-quality evaluator (runtime/awsgluedq/native.py, Glue 6.0's engine) against Deequ's DQDL
 * engine (Glue 5.0 and 5.1's), rule type by rule type, over the same hand-made frames (tests/python/dq_engines.py):
 * outcomes, failure reasons, evaluated metrics, failing-row counts and every row's Pass/Fail/Skip lists. Two JVMs,
 * run side by side: Spark 3.5.4 with Deequ and the native evaluator in one session, and Spark 4.1.1 with ANSI mode
 * on (Spark 4's default) running the native evaluator. And STEDI's Same Customer Check, its committed ruleset over
 * machine_learning_curated's 43,681 rows built from the starter data: the 2,700 failing rows, and a digest of every
 * row's lists. tests/local-run-glue-versions.spec.ts runs all STEDI rules in the jobs on 5.1 (Deequ) and 6.0 (native).
 * Decision: docs/decisions/data-quality-on-spark-4.md.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePythonEnv } from "../src/cli/python-env";
import { dq } from "../src/dsl";
import { renderRule, RULE_TYPES, type DqRule, type DqRuleType } from "../src/model/quality/rule-types";
import { repoRoot, requireStarterData, starterData, TempDirs } from "./local-run-support";

interface CaseResult {
  readonly outcomes: [string, string, string | null, Record<string, number>][];
  readonly rows?: [number, string | null, string[], string[], string[], string][];
  /** For the starter data's case: the sum of each row's xxhash64, its row count and its Failed rows. */
  readonly digest?: string;
  readonly totalRows?: number;
  readonly failedResults?: number;
  readonly failedRows: Record<string, number>;
  readonly columns: string[];
}
interface EngineRun {
  readonly spark: string;
  readonly ansi: string;
  readonly evaluators: string[];
  readonly results: Record<string, Record<string, CaseResult>>;
}

// Every rule type the DSL models, on NULLs, repeats, out-of-range values and text of each type (the frames are in
// dq_engines.py); the rules are built and rendered as jobs build and render them.
const MIXED: DqRule[] = [
  dq.rowCount(">", 3),
  dq.rowCount("between", 1, 5),
  dq.isComplete("email"),
  dq.isUnique("serial"),
  dq.isUnique("id"),
  dq.columnExists("email"),
  dq.columnExists("nope"),
  dq.completeness("value", ">=", 0.9),
  dq.uniqueness("serial", ">", 0.5),
  dq.distinctValuesCount("serial", "=", 3),
  dq.columnValues("value", ">=", 0),
  dq.columnValues("value", "<", 3),
  dq.columnValues("value", "=", 1.5),
  dq.columnValues("value", "between", 0, 3),
  dq.columnValues("n", "in", [1, 2, 4]),
  dq.columnValues("email", "in", ["a@x.com", "c@x.com"]),
  dq.columnValues("email", "matches", "^.+@x\\.com$"),
  dq.columnValues("email", "!=", "a@x.com"),
  dq.columnDataType("txt", "INTEGER"),
  dq.columnDataType("txt", "DATE"),
  dq.columnDataType("txt", "BOOLEAN"),
  dq.columnDataType("txt", "DOUBLE"),
  dq.customSql("select count(*) from primary where value < 0", "=", 0),
  dq.customSqlRows("select id, email from primary where id < 3"),
  dq.referentialIntegrity(["email"], "customers", ["email"], ">=", 0.5),
  dq.referentialIntegrity(["email", "serial"], "customers", ["email", "serialnumber"], "=", 1),
  dq.or(dq.isComplete("serial"), dq.columnValues("value", "in", [1.5, 4.0])),
  dq.and(dq.rowCount(">", 0), dq.isComplete("email")),
];
const CLEAN: DqRule[] = [
  dq.rowCount(">", 0),
  dq.isComplete("email"),
  dq.isUnique("id"),
  dq.completeness("email", "=", 1),
  dq.uniqueness("id", "=", 1),
  dq.columnValues("value", "between", 1, 3),
  dq.columnDataType("txt", "LONG"),
  dq.customSqlRows("select id from primary"),
];
// machine_learning_curated's rule, on a frame of its shape: plain primary columns INTERSECT non-NULL reference keys.
const SAME_CUSTOMER = [
  dq.customSqlRows(
    "select serial, user from primary intersect select customer_serialnumber, customer_email from customer_keys",
    ["customer_keys"],
  ),
];
// What a job meets when an upstream run wrote nothing (the assert helper lets these failures through).
const EMPTY: DqRule[] = [
  dq.rowCount(">", 0),
  dq.isComplete("email"),
  dq.isUnique("email"),
  dq.columnValues("value", "between", 0, 3),
  dq.referentialIntegrity(["email"], "customers", ["email"], "=", 1),
  dq.customSqlRows("select id from primary"),
];
const ruleset = (rules: readonly DqRule[]) => `Rules = [ ${rules.map(renderRule).join(", ")} ]`;
/** The Same Customer Check's ruleset as machine_learning_curated's committed script holds it. */
const stediRuleset = (): string => {
  const script = readFileSync(join(repoRoot, "generated", "dev", "machine_learning_curated.py"), "utf8");
  return /SameCustomerCheck_node\w+_ruleset = '''\\\n([\s\S]*?)'''/.exec(script)![1]!;
};
const CASES = [
  { name: "mixed", frame: "mixed", ruleset: ruleset(MIXED) },
  { name: "clean", frame: "clean", ruleset: ruleset(CLEAN) },
  { name: "same-customer", frame: "mixed", ruleset: ruleset(SAME_CUSTOMER) },
  { name: "empty", frame: "empty", ruleset: ruleset(EMPTY) },
];

const typesOf = (rules: readonly DqRule[]): DqRuleType[] =>
  rules.flatMap((r) => [r.rule, ...(r.rule === "and" || r.rule === "or" ? typesOf(r.rules) : [])]);

function run(glueVersion: "5.0" | "6.0", cases: string, ansi: boolean): Promise<EngineRun> {
  const { python, env } = ensurePythonEnv(repoRoot, () => undefined, undefined, glueVersion);
  const args = [join(__dirname, "python", "dq_engines.py"), cases, "--starter", starterData];
  if (ansi) args.push("--ansi");
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { cwd: repoRoot, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) =>
      status === 0
        ? resolve(JSON.parse(stdout) as EngineRun)
        : reject(new Error(`dq_engines.py on Glue ${glueVersion} exited ${status}:\n${stderr.slice(-3000)}`)),
    );
  });
}

describe("data quality: the Spark-native evaluator against Deequ, rule type by rule type", function () {
  const temp = new TempDirs();
  after(() => temp.removeAll());
  let spark35: EngineRun;
  let spark41: EngineRun;

  before(async function () {
    requireStarterData(this);
    const cases = join(temp.dir("dq-engines"), "cases.json");
    writeFileSync(cases, JSON.stringify([...CASES, { name: "stedi", frame: "stedi", ruleset: stediRuleset() }]));
    [spark35, spark41] = await Promise.all([run("5.0", cases, false), run("6.0", cases, true)]);
  });

  it("covers every rule type the DSL models, each with one evaluator, on the Spark each runtime runs", function () {
    const modelled = Object.keys(RULE_TYPES).sort();
    expect([...new Set(typesOf([...MIXED, ...CLEAN, ...SAME_CUSTOMER, ...EMPTY]))].sort()).to.deep.equal(modelled);
    expect(spark35.evaluators).to.deep.equal(modelled);
    expect([spark35.spark, spark35.ansi, spark41.spark, spark41.ansi]).to.deep.equal([
      "3.5.4",
      "false",
      "4.1.1",
      "true",
    ]);
    expect(Object.keys(spark35.results).sort()).to.deep.equal(["deequ", "native"]);
    expect(Object.keys(spark41.results)).to.deep.equal(["native"]);
  });

  for (const { name } of CASES) {
    it(`${name}: the same outcomes, reasons, metrics, failing rows and row-level lists on Spark 3.5 and on 4.1 with ANSI on`, function () {
      const deequ = spark35.results.deequ![name]!;
      expect(deequ.outcomes.length, "Deequ evaluated the case").to.be.greaterThan(0);
      for (const native of [spark35.results.native![name]!, spark41.results.native![name]!]) {
        expect(native.outcomes).to.deep.equal(deequ.outcomes);
        expect(native.failedRows).to.deep.equal(deequ.failedRows);
        expect(native.rows).to.deep.equal(deequ.rows);
        expect(native.columns).to.deep.equal(deequ.columns);
      }
    });
  }

  it("STEDI's Same Customer Check on the starter data: 2,700 of 43,681 rows fail, on both engines and both Sparks", function () {
    const deequ = spark35.results.deequ!.stedi!;
    expect([deequ.totalRows, deequ.failedResults]).to.deep.equal([43681, 2700]);
    expect(Object.values(deequ.failedRows)).to.deep.equal([2700]);
    for (const native of [spark35.results.native!.stedi!, spark41.results.native!.stedi!]) {
      expect(native.outcomes).to.deep.equal(deequ.outcomes);
      expect(native.failedRows).to.deep.equal(deequ.failedRows);
      expect([native.totalRows, native.failedResults, native.digest]).to.deep.equal([
        deequ.totalRows,
        deequ.failedResults,
        deequ.digest,
      ]);
      expect(native.columns).to.deep.equal(deequ.columns);
    }
  });

  it("is not vacuous: rules fail, rows fail and are skipped, and the Same Customer Check marks the other customers' pairs", function () {
    const mixed = spark35.results.deequ!.mixed!;
    expect(mixed.outcomes.filter((o) => o[1] === "Failed").length).to.be.greaterThan(15);
    expect(mixed.failedRows['IsComplete "email"']).to.equal(1);
    expect(mixed.rows!.every((r) => r[4].includes("RowCount > 3"))).to.equal(true);
    // Rows (id, serial, user): (1|2, s1, a) and (5, s2, b) are their customers'; the rest pair another customer's
    // key, a key of no customer, or no serial.
    const sameCustomer = spark41.results.native!["same-customer"]!;
    expect(sameCustomer.rows!.map((r) => [r[0], r[5]])).to.deep.equal([
      [1, "Passed"],
      [2, "Passed"],
      [3, "Failed"],
      [3, "Failed"],
      [5, "Passed"],
      [6, "Failed"],
    ]);
    expect(Object.values(sameCustomer.failedRows)).to.deep.equal([3]);
  });
});
