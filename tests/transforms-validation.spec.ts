/**
 * Validation and type inference of the transforms that replace hand-written SQL: keepLatest, window, union by name
 * (allowMissingColumns) and fillMissing on date and timestamp columns. Each problem names the job, the node and the
 * field, and says what to do; every independent problem of a node is reported at once.
 */
import { expect } from "chai";
import {
  column,
  decimal,
  e,
  job,
  pipeline,
  struct,
  table,
  validatePipeline,
  type Frame,
  type GlueType,
  type Problem,
  type ProblemCode,
} from "../src/dsl";

const landing = table("fleet_landing", {
  entity: "fleet",
  zone: "landing",
  columns: [
    column("device_id", "string"),
    column("at_ms", "bigint"),
    column("temp", "double"),
    column("count_i", "int"),
    column("label", "string"),
    column("battery", struct({ level: "int" })),
    column("price", decimal(10, 2)),
  ],
});
const out = table("fleet_out", { entity: "fleet", zone: "curated" });

function validate(build: (f: Frame) => Frame) {
  const j = job("bad_job", (b) =>
    b.sink(build(b.source(landing, { name: "Fleet" })), out, { name: "Out", mode: "overwrite" }),
  );
  return validatePipeline(pipeline("p", [landing, out], [j]));
}
const problemsOf = (build: (f: Frame) => Frame): Problem[] => {
  const r = validate(build);
  return r.ok ? [] : r.problems;
};
const schemaOf = (build: (f: Frame) => Frame): string[] => {
  const r = validate(build);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.pipeline.tables.get("fleet_out")!.columns.map((c) => `${c.name}:${c.type}`);
};

function expectProblem(ps: Problem[], code: ProblemCode, node: string, field: string, fix: RegExp, message?: RegExp) {
  const p = ps.find((x) => x.code === code && x.field === field && x.node === node);
  expect(p, `a ${code} problem on ${node}.${field}; got ${JSON.stringify(ps, null, 1)}`).to.not.equal(undefined);
  expect(p!.job).to.equal("bad_job");
  expect(p!.fix).to.match(fix);
  if (message) expect(p!.message).to.match(message);
}

/** The landing frame with its `at_ms` as a timestamp `at` and a date `day`. */
const timed = (f: Frame) =>
  f
    .toTimestamp("at_ms", { name: "At", from: "epochMillis", as: "at" })
    .derive({ day: e.toDate(e.col("at")) }, { name: "Day" });

describe("transforms: validation and inferred types", () => {
  describe("keepLatest", () => {
    it("keeps the input's schema, nested columns included", () => {
      expect(schemaOf((f) => f.keepLatest({ name: "Latest", keys: ["device_id"], by: ["at_ms"] }))).to.deep.equal(
        landing.columns!.map((c) => `${c.name}:${c.type}`),
      );
    });

    it("refuses no keys, no order, unknown and repeated columns, a nested order column, an unknown keep", () => {
      const none = problemsOf((f) => f.keepLatest({ name: "Latest", keys: [], by: [] }));
      expectProblem(none, "missing-columns", "Latest", "keys", /keys: \["device_id"\]/);
      expectProblem(none, "missing-columns", "Latest", "by", /by: \["updated_at"\]/);
      const bad = problemsOf((f) =>
        f.keepLatest({
          name: "Latest",
          keys: ["devce_id", "label"],
          by: ["label", "battery"],
          keep: "newest" as "latest",
        }),
      );
      expectProblem(bad, "unknown-column", "Latest", "devce_id", /Did you mean "device_id"/);
      expectProblem(bad, "duplicate-name", "Latest", "by", /Name each column once/, /label is named twice/);
      expectProblem(bad, "type-mismatch", "Latest", "by", /flattened first/, /battery is struct<level:int>/);
      expectProblem(bad, "invalid-option", "Latest", "keep", /"latest".*"earliest"/);
    });
  });

  describe("window", () => {
    it("types ranks as int, lag/lead as their column, running aggregates as aggregate does", () => {
      const schema = schemaOf((f) =>
        f.window(
          {
            partitionBy: ["device_id"],
            orderBy: [["temp", "desc"], "at_ms"],
            columns: {
              n: ["rowNumber"],
              r: ["rank"],
              dr: ["denseRank"],
              prev_label: ["lag", "label", { offset: 2, default: "none" }],
              next_battery: ["lead", "battery"],
              total: ["sum", "count_i"],
              total_price: ["sum", "price"],
              mean: ["avg", "count_i"],
              mean_price: ["avg", "price"],
              low: ["min", "label"],
              high: ["max", "temp"],
              seen: ["count", "battery"],
            },
          },
          { name: "W" },
        ),
      );
      expect(schema.slice(landing.columns!.length)).to.deep.equal([
        "n:int",
        "r:int",
        "dr:int",
        "prev_label:string",
        "next_battery:struct<level:int>",
        "total:bigint",
        "total_price:decimal(20,2)",
        "mean:double",
        "mean_price:decimal(14,6)",
        "low:string",
        "high:double",
        "seen:bigint",
      ]);
    });

    it("refuses a window without order or columns, and each bad column, all at once", () => {
      expectProblem(
        problemsOf((f) => f.window({ orderBy: [], columns: {} }, { name: "W" })),
        "missing-columns",
        "W",
        "orderBy",
        /orderBy: \["reading_ts"\]/,
      );
      expectProblem(
        problemsOf((f) => f.window({ orderBy: ["at_ms"], columns: {} }, { name: "W" })),
        "missing-columns",
        "W",
        "columns",
        /rowNumber/,
      );
      const ps = problemsOf((f) =>
        f.window(
          {
            partitionBy: ["device_id", "device_id"],
            orderBy: ["device_id", "battery", "tmep", ["label", "DESC" as "desc"]],
            columns: {
              temp: ["rowNumber"],
              "Bad Name": ["rank"],
              total: ["sum", "label"],
              low: ["min", "battery"],
              prev: ["lag", "temp", { offset: 0 }],
              prev_label: ["lag", "label", { default: 1 }],
              prev_count: ["lag", "count_i", { default: 0.5 }],
              odd: ["median" as "sum", "temp"],
            },
          },
          { name: "W" },
        ),
      );
      expectProblem(ps, "duplicate-name", "W", "partitionBy", /once/);
      expectProblem(ps, "duplicate-name", "W", "orderBy", /partition column is the same/);
      expectProblem(ps, "type-mismatch", "W", "orderBy", /scalar column/, /battery is struct<level:int>/);
      expectProblem(ps, "unknown-column", "W", "tmep", /Did you mean "temp"/);
      expectProblem(ps, "invalid-option", "W", "orderBy", /\["label", "desc"\]/, /neither "asc" nor "desc"/);
      expectProblem(ps, "duplicate-name", "W", "temp", /new name/);
      expectProblem(ps, "invalid-name", "W", "Bad Name", /bad_name/);
      expectProblem(ps, "type-mismatch", "W", "total", /numeric column/, /running sum of label \(string\)/);
      expectProblem(ps, "type-mismatch", "W", "low", /Flatten/);
      expectProblem(ps, "invalid-option", "W", "prev", /offset of 1 or more.*lead/);
      expectProblem(ps, "type-mismatch", "W", "prev_label", /string default/);
      expectProblem(ps, "type-mismatch", "W", "prev_count", /whole number/);
      expectProblem(ps, "unknown-function", "W", "odd", /one of those/, /"median"/);
    });

    it("refuses a lag default on a date or timestamp column and says to fill after", () => {
      const ps = problemsOf((f) =>
        timed(f).window(
          { orderBy: ["at"], columns: { prev_day: ["lag", "day", { default: "2026-01-01" }] } },
          {
            name: "W",
          },
        ),
      );
      expectProblem(ps, "type-mismatch", "W", "prev_day", /fillMissing/, /day is date/);
    });
  });

  describe("union with allowMissingColumns", () => {
    const shaped = (f: Frame, name: string, mapping: [string, string, GlueType?][]) =>
      f.applyMapping(mapping, { name });

    it("fills missing columns and widens numeric types as Spark does", () => {
      const schema = schemaOf((f) => {
        const a = shaped(f, "A", [
          ["device_id", "device_id"],
          ["count_i", "n", "int"],
          ["count_i", "m", "int"],
          ["price", "p"],
          ["count_i", "q", "bigint"],
          ["temp", "only_a"],
        ]);
        const b = shaped(f, "B", [
          ["count_i", "only_b"],
          ["device_id", "device_id"],
          ["temp", "n", "double"],
          ["at_ms", "m", "bigint"],
          ["count_i", "p", "int"],
          ["temp", "q", "float"],
        ]);
        const c = shaped(f, "C", [
          ["price", "p", decimal(12, 4)],
          ["label", "only_c"],
        ]);
        return a.union([b, c], { name: "ByName", allowMissingColumns: true });
      });
      expect(schema).to.deep.equal([
        "device_id:string",
        "n:double",
        "m:bigint",
        "p:decimal(14,4)",
        "q:float",
        "only_a:double",
        "only_b:int",
        "only_c:string",
      ]);
    });

    it("refuses int and string (which Spark would turn into strings), date and timestamp, two structs", () => {
      const ps = problemsOf((f) => {
        const t = timed(f);
        const a = t.select(["device_id", "count_i", "day", "battery"], { name: "A" });
        const b = t
          .applyMapping(
            [
              ["device_id", "device_id"],
              ["label", "count_i"],
              ["at", "day"],
            ],
            { name: "B" },
          )
          .derive({ battery: e.col("device_id") }, { name: "B2" });
        return a.union([b], { name: "ByName", allowMissingColumns: true });
      });
      expectProblem(
        ps,
        "schema-differs",
        "ByName",
        "B2",
        /cast it with applyMapping/,
        /count_i is int in A but string/,
      );
      const strings = ps.find((p) => p.message.includes("count_i"))!;
      expect(strings.message).to.match(/into strings/);
      expect(ps.some((p) => /day is date in A but timestamp in B2/.test(p.message))).to.equal(true);
      const structs = ps.find((p) => /battery is struct<level:int> in A but string in B2/.test(p.message));
      expect(structs, "struct and string").to.not.equal(undefined);
      expect(structs!.message, "Spark refuses struct with string rather than coercing").to.not.match(/into strings/);
    });

    it("refuses decimals whose wider type would need more than 38 digits", () => {
      const ps = problemsOf((f) =>
        shaped(f, "A", [["price", "p", decimal(38, 30)]]).union([shaped(f, "B", [["price", "p", decimal(38, 0)]])], {
          name: "ByName",
          allowMissingColumns: true,
        }),
      );
      expectProblem(ps, "schema-differs", "ByName", "B", /cast/, /needs 68 digits/);
    });

    it("without the option still refuses different columns", () => {
      const ps = problemsOf((f) => f.union([f.select(["device_id"], { name: "Fewer" })], { name: "Both" }));
      expectProblem(ps, "schema-differs", "Both", "Fewer", /same column names/);
    });
  });

  describe("fillMissing on dates and timestamps", () => {
    it("takes yyyy-MM-dd and yyyy-MM-dd HH:mm:ss text", () => {
      expect(
        schemaOf((f) =>
          timed(f).fillMissing({ day: "2024-02-29", at: "2026-01-01 00:00:00.250" }, { name: "Fill" }),
        ).slice(-2),
      ).to.deep.equal(["at:timestamp", "day:date"]);
    });

    it("refuses other text, impossible days and numbers, with the form to write", () => {
      const ps = problemsOf((f) =>
        timed(f)
          .fillMissing({ day: "2026-02-30", at: "2026-01-01T00:00:00" }, { name: "Fill" })
          .fillMissing({ day: 20260101 }, { name: "Fill Number" }),
      );
      expectProblem(ps, "type-mismatch", "Fill", "day", /"2026-01-01"/, /day is date, but its default "2026-02-30"/);
      expectProblem(ps, "type-mismatch", "Fill", "at", /"2026-01-01 00:00:00".*UTC/, /yyyy-MM-dd HH:mm:ss time/);
      expectProblem(ps, "type-mismatch", "Fill Number", "day", /yyyy-MM-dd text/);
    });
  });
});
