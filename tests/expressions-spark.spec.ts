/**
 * The expressions, predicates and aggregates added for issue 21, rendered as the scripts render them and run on real
 * Spark (3.5, as Glue 5.0) over rows read from a JSON file: each value as documented, each Spark type as the DSL
 * infers it, and the same results with ANSI mode off (Glue's default) and on. Plus their validation problems.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  array,
  column,
  e,
  isIn,
  job,
  like,
  pipeline,
  rlike,
  table,
  validatePipeline,
  type Expr,
  type Frame,
  type GlueType,
  type JobBuilder,
  type Problem,
  type ProblemCode,
} from "../src/dsl";
import { exprType } from "../src/model/expr";
import { exprPython, predicateExpression } from "../src/model/pyspark";
import { aggregate, type AggregateNode } from "../src/nodes/aggregate";
import type { ViewContext } from "../src/nodes/kind";
import { sparkCall } from "./spark-service";

const SCHEMA: Record<string, GlueType> = {
  id: "bigint",
  d: "double",
  dec: "decimal(10,3)",
  tags: "array<string>",
  s: "string",
  wall: "string",
};
const ROWS = [
  { id: 1, d: 2.5, dec: "123.455", tags: ["a", "b"], s: "Apple", wall: "2026-03-29 02:30:00" },
  { id: 2, d: -2.5, dec: "-1.005", tags: [], s: "apricot", wall: "2026-01-05 10:00:00" },
  { id: 3, d: null, dec: null, tags: null, s: null, wall: null },
  { id: 4, d: 1.755, dec: "0.5", tags: ["x", null], s: "a_b%", wall: "2026-07-01 12:00:00" },
];
const ts = (x: Expr) => e.cast(x, "timestamp");

/** Each case: the expression, and its values on ROWS in order (undefined: only its type and ANSI-independence). */
const COLUMNS: Record<string, { expr: Expr; values: unknown[] }> = {
  round_d: { expr: e.round(e.col("d"), 1), values: [2.5, -2.5, null, 1.8] },
  round_half: { expr: e.round(e.col("d")), values: [3.0, -3.0, null, 2.0] },
  // Half away from zero on the decimal the double prints as: 1.755 → 1.76 (binary 1.75499… would give 1.75).
  round_cents: { expr: e.round(e.col("d"), 2), values: [2.5, -2.5, null, 1.76] },
  round_dec: { expr: e.round(e.col("dec"), 2), values: ["123.46", "-1.01", null, "0.50"] },
  round_tens: { expr: e.round(e.col("dec"), -1), values: ["120", "0", null, "0"] },
  abs_d: { expr: e.abs(e.col("d")), values: [2.5, 2.5, null, 1.755] },
  floor_d: { expr: e.floor(e.col("d")), values: [2, -3, null, 1] },
  ceil_d: { expr: e.ceil(e.col("d")), values: [3, -2, null, 2] },
  floor_dec: { expr: e.floor(e.col("dec")), values: ["123", "-2", null, "0"] },
  ceil_dec: { expr: e.ceil(e.col("dec")), values: ["124", "-1", null, "1"] },
  // NULL for a NULL array in both ANSI modes (F.size would give -1 with ANSI off).
  size: { expr: e.size(e.col("tags")), values: [2, 0, null, 2] },
  contains_b: { expr: e.contains(e.col("tags"), "b"), values: [true, false, null, null] },
  contains_x: { expr: e.contains(e.col("tags"), "x"), values: [false, false, null, true] },
  first: { expr: e.elementAt(e.col("tags"), 1), values: ["a", null, null, "x"] },
  // Out of range is NULL with ANSI mode on too (element_at would fail the job there).
  third: { expr: e.elementAt(e.col("tags"), 3), values: [null, null, null, null] },
  last: { expr: e.elementAt(e.col("tags"), -1), values: ["b", null, null, null] },
  in_list: { expr: e.isIn(e.col("s"), ["Apple", "a_b%"]), values: [true, false, null, true] },
  not_in: { expr: e.not(e.isIn(e.col("s"), ["Apple"])), values: [false, true, null, true] },
  like_prefix: { expr: e.like(e.col("s"), "ap%"), values: [false, true, null, false] },
  like_escaped: { expr: e.like(e.col("s"), "a\\_b\\%"), values: [false, false, null, true] },
  rlike_ci: { expr: e.rlike(e.col("s"), "(?i)^ap"), values: [true, true, null, false] },
  // Oslo wall-clock text to UTC: 02:30 on 29 March does not exist in Oslo, and is read as 03:30 summer time.
  to_utc: {
    expr: e.toUtcTimestamp(ts(e.col("wall")), "Europe/Oslo"),
    values: ["2026-03-29 01:30:00", "2026-01-05 09:00:00", null, "2026-07-01 10:00:00"],
  },
  from_utc: {
    expr: e.fromUtcTimestamp(ts(e.col("wall")), "Europe/Oslo"),
    values: ["2026-03-29 04:30:00", "2026-01-05 11:00:00", null, "2026-07-01 14:00:00"],
  },
  offset: {
    expr: e.fromUtcTimestamp(ts(e.col("wall")), "-05:30"),
    values: ["2026-03-28 21:00:00", "2026-01-05 04:30:00", null, "2026-07-01 06:30:00"],
  },
};

/** The predicates, rendered as a filter renders them, as boolean columns. */
const PREDICATES = {
  p_in: { code: predicateExpression(isIn("s", ["Apple", "apricot"])), values: [true, true, null, false] },
  p_like: { code: predicateExpression(like("s", "%p%")), values: [true, true, null, false] },
  p_rlike: { code: predicateExpression(rlike("s", "^[a-z_%]+$")), values: [false, true, null, true] },
};

/** An aggregate node over the rows, with its view rendered. */
function aggregateView(aggregations: AggregateNode["aggregations"]) {
  const node: AggregateNode = { kind: "aggregate", name: "Agg", index: 0, input: "In", groupBy: [], aggregations };
  return aggregate.view(node, undefined, { variable: (n: string) => n } as unknown as ViewContext);
}

/** The aggregations of the plain-PySpark path, each as its rendered column, and of the Studio helper's path. */
const PLAIN_AGGREGATIONS: AggregateNode["aggregations"] = [
  { as: "rows", fn: "count", column: "*" },
  { as: "values", fn: "count", column: "d" },
  { as: "sd", fn: "stddev", column: "d" },
  { as: "median", fn: "percentile", column: "d", p: 0.5 },
  { as: "p_dec", fn: "percentile", column: "dec", p: 0.9, accuracy: 100 },
  { as: "p_max", fn: "percentile", column: "d", p: 1 },
  { as: "first_id", fn: "first", column: "id", orderBy: "d" },
  { as: "last_id", fn: "last", column: "id", orderBy: "d" },
  { as: "last_tags", fn: "last", column: "tags", orderBy: "wall" },
];
const PLAIN = aggregateView(PLAIN_AGGREGATIONS);
const HELPER = aggregateView([
  { as: "h_rows", fn: "count", column: "*" },
  { as: "h_sd", fn: "stddev", column: "d" },
]);

/** Per output its Spark type and values, or, when Spark refused the select, `error`. */
type Outputs = Record<string, { type: string; values: unknown[] }>;
interface Evaluated {
  readonly columns: Outputs;
  readonly aggregates: Outputs;
}

describe("expressions, predicates and aggregates on real Spark, ANSI mode off and on", function () {
  const dir = mkdtempSync(join(tmpdir(), "exprs-"));
  let result: Record<"false" | "true", Evaluated>;
  const typeOf = (x: Expr) =>
    exprType(
      x,
      (n) => SCHEMA[n],
      (p) => expect.fail(p.message),
    );

  before(async function () {
    const data = join(dir, "rows.json");
    writeFileSync(data, ROWS.map((r) => JSON.stringify(r)).join("\n") + "\n");
    if (PLAIN.partial !== "nodes/aggregate_columns" || HELPER.partial !== "nodes/aggregate")
      throw new Error("first/last/percentile render as plain PySpark, count(*) and stddev through the Studio helper");
    const aggregates: Record<string, string> = {};
    PLAIN.columns.forEach((code, i) => (aggregates[PLAIN_AGGREGATIONS[i]!.as] = code));
    // The Studio helper calls getattr(F, fn)(column) for each [column, fn, name].
    for (const a of HELPER.aggs) aggregates[a.as] = `getattr(F, ${JSON.stringify(a.fn)})(${JSON.stringify(a.column)})`;
    const columns: Record<string, string> = {
      ...Object.fromEntries(Object.entries(COLUMNS).map(([n, c]) => [n, exprPython(c.expr)])),
      ...Object.fromEntries(Object.entries(PREDICATES).map(([n, c]) => [n, c.code])),
    };
    const schema = Object.entries(SCHEMA)
      .map(([n, t]) => `${n} ${t}`)
      .join(", ");
    // In the specs' shared Spark session (tests/spark-service.ts): a few selects, not worth a JVM of their own.
    result = await sparkCall<Record<"false" | "true", Evaluated>>("eval_expressions", {
      schema,
      data,
      columns,
      aggregates,
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("gives each expression its documented values, and the type the DSL infers", () => {
    const got = result.false.columns;
    expect(got.error, "the select ran").to.equal(undefined);
    for (const [name, c] of Object.entries(COLUMNS)) {
      expect(got[name]!.values, `${name}: ${exprPython(c.expr)}`).to.deep.equal(c.values);
      expect(got[name]!.type, `${name}'s type`).to.equal(typeOf(c.expr));
    }
    for (const [name, c] of Object.entries(PREDICATES))
      expect(got[name]!.values, `${name}: ${c.code}`).to.deep.equal(c.values);
  });

  it("aggregates: count(*) counts NULL rows, stddev is the sample's, first/last follow the order, percentile is a value", () => {
    const got = result.false.aggregates;
    expect(got.error, "the aggregation ran").to.equal(undefined);
    const value = (name: string) => got[name]!.values[0];
    expect([value("rows"), value("values"), value("h_rows")]).to.deep.equal([4, 3, 4]);
    // Sample standard deviation of 2.5, -2.5, 1.755 (n - 1 in the denominator).
    const xs = [2.5, -2.5, 1.755];
    const mean = xs.reduce((a, b) => a + b) / 3;
    const sample = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    expect(value("sd") as number).to.be.closeTo(sample, 1e-12);
    expect(value("h_sd")).to.equal(value("sd"));
    expect([value("median"), value("p_dec"), value("p_max")]).to.deep.equal([1.755, "123.455", 2.5]);
    // Least and greatest d: row 2 (-2.5) and row 1 (2.5); the NULL d of row 3 is skipped.
    expect([value("first_id"), value("last_id")]).to.deep.equal([2, 1]);
    expect(value("last_tags"), "the latest wall time's array, kept whole").to.deep.equal(["x", null]);
    const types = Object.fromEntries(Object.entries(got).map(([n, v]) => [n, v.type]));
    expect(types).to.deep.equal({
      rows: "bigint",
      values: "bigint",
      sd: "double",
      median: "double",
      p_dec: "decimal(10,3)",
      p_max: "double",
      first_id: "bigint",
      last_id: "bigint",
      last_tags: "array<string>",
      h_rows: "bigint",
      h_sd: "double",
    });
  });

  it("gives the same values and types with ANSI mode on", () => {
    expect(result.true).to.deep.equal(result.false);
  });
});

const landing = table("exprs_landing", {
  entity: "exprs",
  zone: "landing",
  columns: [
    column("id", "bigint"),
    column("name", "string"),
    column("amount", "double"),
    column("placed", "string"),
    column("at_ms", "bigint"),
    column("tags", array("string")),
  ],
});
const out = table("exprs_out", { entity: "exprs", zone: "curated" });

function problemsOf(build: (f: Frame, b: JobBuilder) => Frame): Problem[] {
  const j = job("bad_job", (b) =>
    b.sink(build(b.source(landing, { name: "In" }), b), out, { name: "Out", mode: "overwrite" }),
  );
  const r = validatePipeline(pipeline("p", [landing, out], [j]));
  return r.ok ? [] : r.problems;
}

function expectProblem(ps: Problem[], code: ProblemCode, node: string, field: string, message: RegExp, fix: RegExp) {
  const p = ps.find((x) => x.code === code && x.field === field && message.test(x.message));
  expect(p, `a ${code} problem on ${field} matching ${message}; got ${JSON.stringify(ps, null, 1)}`).to.not.equal(
    undefined,
  );
  expect(p).to.include({ job: "bad_job", node });
  expect(p!.fix).to.match(fix);
}

describe("expressions, predicates and aggregates: validation names the job, the node and the field", () => {
  it("refuses the new expressions on the wrong types, and bad scales, indexes, patterns and zones, all at once", () => {
    const ps = problemsOf((f) =>
      f.derive(
        {
          r: e.round(e.col("name"), 2),
          r2: e.round(e.col("amount"), 1.5),
          fl: e.floor(e.col("name")),
          sz: e.size(e.col("name")),
          has: e.contains(e.col("tags"), 1),
          dates_in_text: e.isIn(e.cast(e.col("placed"), "date"), ["2026-01-01"]),
          at0: e.elementAt(e.col("tags"), 0),
          at_s: e.elementAt(e.col("name"), 1),
          inn: e.isIn(e.col("name"), [1]),
          none: e.isIn(e.col("name"), []),
          lk: e.like(e.col("name"), "50\\"),
          rx: e.rlike(e.col("name"), "(unclosed"),
          cst: e.fromUtcTimestamp(e.cast(e.col("placed"), "timestamp"), "CST"),
          lower_zone: e.toUtcTimestamp(e.cast(e.col("placed"), "timestamp"), "europe/oslo"),
          tz_of_text: e.toUtcTimestamp(e.col("placed"), "UTC"),
        },
        { name: "Derive" },
      ),
    );
    expectProblem(ps, "type-mismatch", "Derive", "r", /round needs a number/, /e\.cast/);
    expectProblem(ps, "type-mismatch", "Derive", "r2", /scale must be a whole number/, /e\.round\(x, 2\)/);
    expectProblem(ps, "type-mismatch", "Derive", "fl", /floor needs a number/, /e\.cast/);
    expectProblem(ps, "type-mismatch", "Derive", "sz", /size needs an array/, /length/);
    expectProblem(ps, "type-mismatch", "Derive", "has", /array of string/, /string value/);
    expectProblem(ps, "type-mismatch", "Derive", "dates_in_text", /isIn compares cast/, /date values/);
    expectProblem(ps, "type-mismatch", "Derive", "at0", /other than 0/, /1 for the first/);
    expectProblem(ps, "type-mismatch", "Derive", "at_s", /elementAt needs an array/, /explode/);
    expectProblem(ps, "type-mismatch", "Derive", "inn", /isIn compares column name/, /string values/);
    expectProblem(ps, "type-mismatch", "Derive", "none", /at least one value/, /e\.isIn/);
    expectProblem(ps, "type-mismatch", "Derive", "lk", /at its end/, /Escape only/);
    expectProblem(ps, "type-mismatch", "Derive", "rx", /not a regular expression/, /Java regular expression/);
    expectProblem(ps, "type-mismatch", "Derive", "cst", /not a region id/, /Europe\/Oslo/);
    expectProblem(ps, "type-mismatch", "Derive", "lower_zone", /spelled differently/, /"Europe\/Oslo"/);
    expectProblem(ps, "type-mismatch", "Derive", "tz_of_text", /needs a timestamp/, /toTimestamp/);
    expect(
      ps.filter((p) => p.node === "Derive"),
      "one problem per mistake",
    ).to.have.length(15);
  });

  it("refuses predicates: isIn without values or with the wrong type, like/rlike on a number or a bad pattern", () => {
    const ps = problemsOf((f) =>
      f
        .filter(isIn("amount", []), { name: "Empty In" })
        .filter(isIn("name", [1, 2]), { name: "Typed In" })
        .filter(like("amount", "1%"), { name: "Like Number" })
        .filter(like("name", "a\\b"), { name: "Bad Escape" })
        .filter(rlike("name", "[a-"), { name: "Bad Regex" })
        .toTimestamp("placed", { name: "Placed", from: { pattern: "yyyy-MM-dd" } })
        .filter(isIn("placed", ["2026-01-01"]), { name: "Time In Text" }),
    );
    expectProblem(ps, "invalid-literal", "Empty In", "amount", /no values/, /isIn\("amount"/);
    expectProblem(ps, "type-mismatch", "Typed In", "name", /number literal/, /string literal/);
    expectProblem(ps, "type-mismatch", "Like Number", "amount", /is double/, /e\.cast/);
    expectProblem(ps, "invalid-literal", "Bad Escape", "name", /before "b"/, /Escape only/);
    expectProblem(ps, "invalid-literal", "Bad Regex", "name", /not a regular expression/, /Java/);
    expectProblem(ps, "type-mismatch", "Time In Text", "placed", /ANSI mode/, /formatTimestamp/);
  });

  it("refuses aggregates: * outside count, stddev of text, first without an order or by a nested one, bad percentiles", () => {
    const ps = problemsOf((f) =>
      f.aggregate(
        {
          columns: {
            star_sum: ["sum", "*"],
            sd: ["stddev", "name"],
            no_order: ["first", "name", {} as never],
            nested_order: ["last", "name", { orderBy: "tags" }],
            typo_order: ["last", "name", { orderBy: "amuont" }],
            p_big: ["percentile", "amount", { p: 1.5 }],
            p_acc: ["percentile", "amount", { p: 0.5, accuracy: 0 }],
            p_text: ["percentile", "name", { p: 0.5 }],
          },
        },
        { name: "Agg" },
      ),
    );
    expectProblem(ps, "unknown-function", "Agg", "star_sum", /only count takes "\*"/, /\["count", "\*"\]/);
    expectProblem(ps, "type-mismatch", "Agg", "sd", /not a number/, /numeric column/);
    expectProblem(ps, "invalid-option", "Agg", "no_order", /orders the rows/, /orderBy/);
    expectProblem(ps, "type-mismatch", "Agg", "nested_order", /has no order/, /timestamp column/);
    expectProblem(ps, "unknown-column", "Agg", "amuont", /does not exist/, /Did you mean "amount"/);
    expectProblem(ps, "invalid-option", "Agg", "p_big", /from 0 to 1/, /median/);
    expectProblem(ps, "invalid-option", "Agg", "p_acc", /accuracy 0/, /Leave it out/);
    expectProblem(ps, "type-mismatch", "Agg", "p_text", /needs numbers, dates or timestamps/, /first\/last/);
  });

  it("refuses a zone on epoch numbers and an unknown zone on a pattern", () => {
    expectProblem(
      problemsOf((f) => f.toTimestamp("at_ms", { name: "Epoch", from: "epochMillis", zone: "Europe/Oslo" })),
      "invalid-option",
      "Epoch",
      "zone",
      /instant in no time zone/,
      /Remove zone/,
    );
    expectProblem(
      problemsOf((f) =>
        f
          .toTimestamp("placed", { name: "Parse", from: { pattern: "yyyy-MM-dd" } })
          .formatTimestamp("placed", { name: "Local", to: { pattern: "HH:mm" }, zone: "Mars/Olympus" }),
      ),
      "invalid-option",
      "Local",
      "zone",
      /not in the time-zone database/,
      /region id/,
    );
  });
});
