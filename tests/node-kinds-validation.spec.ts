/**
 * Validation problems of the node kinds beyond STEDI's: each names job, node and field with a fix, all reported at
 * once.
 */
import { expect } from "chai";
import {
  array,
  column,
  e,
  eq,
  job,
  pipeline,
  struct,
  table,
  validatePipeline,
  type Frame,
  type JobBuilder,
  type Problem,
  type ProblemCode,
} from "../src/dsl";

const landing = table("shop_landing", {
  entity: "shop",
  zone: "landing",
  columns: [
    column("id", "bigint"),
    column("name", "string"),
    column("amount", "double"),
    column("placed", "string"),
    column("at_ms", "bigint"),
    column("address", struct({ city: "string", zip: "string" })),
    column("tags", array("string")),
  ],
});
const out = table("shop_out", { entity: "shop", zone: "curated" });

/** One job reading the landing table, transformed by `build`, sunk. */
function problemsOf(build: (f: Frame, b: JobBuilder) => Frame): Problem[] {
  const j = job("bad_job", (b) =>
    b.sink(build(b.source(landing, { name: "Shop" }), b), out, { name: "Out", mode: "overwrite" }),
  );
  const r = validatePipeline(pipeline("p", [landing, out], [j]));
  return r.ok ? [] : r.problems;
}

function expectProblem(ps: Problem[], code: ProblemCode, node: string, field: string, fix: RegExp) {
  const p = ps.find((x) => x.code === code && x.field === field);
  expect(p, `a ${code} problem on ${field}; got ${JSON.stringify(ps)}`).to.not.equal(undefined);
  expect(p).to.include({ job: "bad_job", node });
  expect(p!.fix).to.match(fix);
}

describe("node kinds: validation problems", () => {
  it("aggregate: sum of a string, unknown group column, bad output name, no aggregation", () => {
    const ps = problemsOf((f) =>
      f.aggregate(
        { groupBy: ["nmae"], columns: { total: ["sum", "name"], "Bad Name": ["count", "id"] } },
        { name: "Agg" },
      ),
    );
    expectProblem(ps, "type-mismatch", "Agg", "total", /numeric column|count\/min\/max/);
    expectProblem(ps, "unknown-column", "Agg", "nmae", /Did you mean "name"/);
    expectProblem(ps, "invalid-name", "Agg", "Bad Name", /bad_name/);
    expectProblem(
      problemsOf((f) => f.aggregate({ columns: {} }, { name: "Agg" })),
      "missing-columns",
      "Agg",
      "columns",
      /columns:/,
    );
  });

  it("union: names the differing columns and types", () => {
    const ps = problemsOf((f) =>
      f.union(
        [
          f.select(["id", "amount"], { name: "Fewer" }).applyMapping(
            [
              ["id", "id", "string"],
              ["amount", "amount"],
            ],
            { name: "Retyped" },
          ),
        ],
        { name: "Both" },
      ),
    );
    const p = ps.find((x) => x.code === "schema-differs")!;
    expect(p).to.include({ job: "bad_job", node: "Both", field: "Retyped" });
    expect(p.message)
      .to.contain("name (string) only in Shop")
      .and.to.contain("id is bigint in Shop but string in Retyped");
    expect(p.fix).to.match(/same column names and types/);
  });

  it("derive: wrong types in arithmetic, case branches and string functions, unknown columns", () => {
    const ps = problemsOf((f) =>
      f.derive(
        {
          doubled: e.mul(e.col("name"), 2),
          label: e.case([[e.gt(e.col("amount"), 1), "big"]], 0),
          shout: e.upper(e.col("amount")),
          typo: e.add(e.col("amuont"), 1),
          when: e.year(e.col("placed")),
        },
        { name: "Derive" },
      ),
    );
    expectProblem(ps, "type-mismatch", "Derive", "doubled", /Cast it first/);
    expectProblem(ps, "type-mismatch", "Derive", "label", /Cast them to one type/);
    expectProblem(ps, "type-mismatch", "Derive", "shout", /Cast it first/);
    expectProblem(ps, "unknown-column", "Derive", "amuont", /Did you mean "amount"/);
    expectProblem(ps, "type-mismatch", "Derive", "when", /toTimestamp/);
  });

  it("to timestamp / format timestamp: wrong input types and encodings", () => {
    expectProblem(
      problemsOf((f) => f.toTimestamp("name", { name: "To Ts", from: "epochMillis" })),
      "type-mismatch",
      "To Ts",
      "name",
      /pattern/,
    );
    expectProblem(
      problemsOf((f) => f.toTimestamp("at_ms", { name: "To Ts", from: { pattern: "yyyy" } })),
      "type-mismatch",
      "To Ts",
      "at_ms",
      /epochMillis/,
    );
    expectProblem(
      problemsOf((f) => f.toTimestamp("placed", { name: "To Ts", from: "iso" as never })),
      "invalid-option",
      "To Ts",
      "from",
      /epochMillis/,
    );
    // Patterns whose text shape the renderer cannot guard (week years, day names, adjacent variable widths).
    for (const [pattern, named] of [
      ["YYYY-MM-dd", /"YYYY" is not a field/],
      ["EEE, dd MMM yyyy", /"EEE" is not a field/],
      ["yyyyMd", /"M" touches another number/],
      ["hh:mm", /h \(clock hour 1-12\) and a/],
      ["yyyy-MM-dd'T", /never closed/],
    ] as const) {
      const ps = problemsOf((f) => f.toTimestamp("placed", { name: "To Ts", from: { pattern } }));
      expectProblem(ps, "invalid-option", "To Ts", "from", /yyyy-MM-dd HH:mm:ss/);
      expect(ps[0]!.message).to.contain(pattern).and.to.match(named);
    }
    expectProblem(
      problemsOf((f) => f.formatTimestamp("placed", { name: "Fmt", to: { pattern: "yyyy" } })),
      "type-mismatch",
      "Fmt",
      "placed",
      /toTimestamp/,
    );
  });

  it("flatten of a non-struct, explode of a non-array, name clashes", () => {
    expectProblem(
      problemsOf((f) => f.flatten({ name: "Flat", columns: ["tags"] })),
      "type-mismatch",
      "Flat",
      "tags",
      /Explode tags first/,
    );
    expectProblem(
      problemsOf((f) => f.explode("address", { name: "Boom" })),
      "type-mismatch",
      "Boom",
      "address",
      /Flatten address/,
    );
    expectProblem(
      problemsOf((f) => f.explode("tags", { name: "Boom", as: "name" })),
      "ambiguous-column",
      "Boom",
      "name",
      /other names/,
    );
    expectProblem(
      problemsOf((f) => f.flatten({ name: "Flat", separator: "." })),
      "invalid-name",
      "Flat",
      "address.city",
      /separator/,
    );
  });

  it("fill missing: defaults of the wrong type", () => {
    const ps = problemsOf((f) => f.fillMissing({ amount: "zero", name: 1, id: 1.5 }, { name: "Fill" }));
    expectProblem(ps, "type-mismatch", "Fill", "amount", /number default/);
    expectProblem(ps, "type-mismatch", "Fill", "name", /string default/);
    expectProblem(ps, "type-mismatch", "Fill", "id", /whole number/);
  });

  it("router: no outputs, and predicates checked per output", () => {
    expectProblem(
      problemsOf((f) => Object.values(f.route({}, { name: "Route", default: "Rest" }))[0]!),
      "missing-columns",
      "Route",
      "routes",
      /filter for one output/,
    );
    expectProblem(
      problemsOf((f) => f.route({ Big: eq("amuont", 1) }, { name: "Route" }).Big),
      "unknown-column",
      "Route",
      "amuont",
      /Did you mean "amount"/,
    );
  });

  it("reports the problems of every node of a job at once", () => {
    const ps = problemsOf((f) =>
      f
        .fillMissing({ amount: "zero" }, { name: "Fill" })
        .explode("address", { name: "Boom" })
        .aggregate({ columns: { t: ["avg", "name"] } }, { name: "Agg" }),
    );
    expect(ps.map((p) => p.node)).to.include.members(["Fill", "Boom"]);
  });

  it("tables: a second table of one entity and zone takes its own prefix; nested or equal prefixes are refused", () => {
    const a = table("shop_a", { entity: "shop", zone: "curated", prefix: "shop/curated/a/" });
    const b = table("shop_b", { entity: "shop", zone: "curated", prefix: "shop/curated/b/" });
    const inside = table("shop_inside", { entity: "shop", zone: "curated", prefix: "shop/curated/a/deeper/" });
    const twoSinks = (x: typeof a, y: typeof a) =>
      job("bad_job", ({ source, sink }) => {
        const f = source(landing, { name: "Shop" });
        sink(f, x, { name: "X", mode: "overwrite" });
        sink(f, y, { name: "Y", mode: "overwrite" });
      });
    expect(
      validatePipeline(pipeline("p", [twoSinks(a, b)])).ok,
      "separate prefixes, tables taken from the job",
    ).to.equal(true);
    const r = validatePipeline(pipeline("p", [twoSinks(a, inside)]));
    const p = (r.ok ? [] : r.problems).find((x) => x.code === "location-clash")!;
    expect(p.field).to.equal("shop_inside");
    expect(p.message).to.contain("shop/curated/a/deeper/ is inside shop/curated/a/");
    expect(p.fix).to.contain("prefix:");
    const bad = validatePipeline(
      pipeline("p", [twoSinks(a, table("shop_c", { entity: "shop", zone: "curated", prefix: "../c" }))]),
    );
    expect(bad.ok ? [] : bad.problems.map((x) => [x.code, x.field])).to.deep.include(["invalid-path", "shop_c.prefix"]);
  });
});
