import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  and,
  column,
  e,
  eq,
  isIn,
  job,
  like,
  rlike,
  pipeline,
  table,
  validatePipeline,
  formatProblem,
  type Frame,
  type PipelineDef,
} from "../src/dsl";
import { renderPipeline } from "../src/render";
import { inspectPythonFiles } from "./helpers/python";

/** Fragments that break naive code generators: quotes, escapes, line breaks, template syntax, odd Unicode. */
const FRAGMENTS = [
  "'",
  '"',
  "\\",
  "\n",
  "\r",
  "\r\n",
  "\t",
  "'''",
  '"""',
  "{{",
  "}}",
  "{{{",
  "{{> x}}",
  "\u0000",
  "\u2028",
  "\u2029",
  "\u0085",
  "\u000b",
  "\u000c",
  "\u007f",
  "\ufeff",
  "\u200b",
  "😀",
  "\ud800",
  "\udfff",
  "é",
  "ß",
  "日本",
  "${x}",
  "*",
  "?",
  "#",
  "--",
  ";",
  "/*",
  "*/",
  ")",
  "(",
  "%s",
  "{0}",
  "\\N",
  "\\x41",
  "\\u0041",
  "`",
  "<script>",
  "&amp;",
  "..",
  "/",
  " ",
  "",
  "a",
  "Z",
  "0",
  "_",
  "DROP TABLE x",
  "\"'\"'",
  "\\'",
  '\\"',
  "é\u0301",
];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hostileStrings(count: number, seed: number): string[] {
  const random = mulberry32(seed);
  const out = new Set<string>(FRAGMENTS);
  while (out.size < count) {
    const parts = 1 + Math.floor(random() * 6);
    let s = "";
    for (let i = 0; i < parts; i++) s += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]!;
    out.add(s);
  }
  return [...out];
}

const trusted = table("events_trusted", { entity: "events", zone: "trusted" });
const counted = (prefix?: string) =>
  table("events_counted", { entity: "events_counted", zone: "curated", ...(prefix !== undefined ? { prefix } : {}) });
const rest = table("events_rest", { entity: "events_rest", zone: "curated", kept: "append" });

/** Where a hostile string goes, and whether it must come back as a Python string constant. */
type Field =
  | "jsonKey"
  | "literal"
  | "path"
  | "sql"
  | "displayName"
  | "tableName"
  | "columnName"
  | "jobName"
  | "alias"
  | "description"
  | "pattern"
  | "fillDefault"
  | "exprLiteral"
  | "routeName"
  | "aggName"
  | "separator"
  | "explodeAs"
  | "tablePrefix"
  | "inValue"
  | "likePattern"
  | "regex"
  | "zone"
  | "windowName"
  | "lagDefault";
const CARRIED: ReadonlySet<Field> = new Set([
  "jsonKey",
  "literal",
  "path",
  "sql",
  "displayName",
  "pattern",
  "fillDefault",
  "exprLiteral",
  "routeName",
  "tablePrefix",
  "inValue",
  "likePattern",
  "regex",
  "zone",
  "lagDefault",
]);
const FIELDS: Field[] = [
  "jsonKey",
  "literal",
  "path",
  "sql",
  "displayName",
  "tableName",
  "columnName",
  "jobName",
  "alias",
  "description",
  "pattern",
  "fillDefault",
  "exprLiteral",
  "routeName",
  "aggName",
  "separator",
  "explodeAs",
  "tablePrefix",
  "inValue",
  "likePattern",
  "regex",
  "zone",
  "windowName",
  "lagDefault",
];
const pick = (field: Field, wanted: Field, s: string, otherwise: string) => (field === wanted ? s : otherwise);

function pipelineWith(field: Field, s: string): PipelineDef {
  const src = table("events_landing", {
    entity: "events",
    zone: "landing",
    columns: [
      column("id", "bigint"),
      column("kind", "string", { jsonKey: pick(field, "jsonKey", s, "Kind") }),
      column("meta", "struct<source:string>"),
      column("tags", "array<string>"),
    ],
  });
  const out = field === "tableName" ? table(s, { entity: "events", zone: "trusted" }) : trusted;
  const j = job(
    field === "jobName" ? s : "fuzz_job",
    field === "description" ? { description: s } : {},
    ({ source, s3Json, sql, sink }) => {
      const events = source(src, { name: "Events" });
      const extra = s3Json(
        field === "path" ? s : "extra/landing/",
        [column(field === "columnName" ? s : "id", "bigint")],
        { name: "Extra" },
      );
      const kept = events.filter(eq("kind", field === "literal" ? s : "click"), { name: "Kept" });
      const alias = field === "alias" ? s : "kept";
      const query = field === "sql" ? s : `SELECT id, kind FROM ${alias}`;
      const result = sql(query, { [alias]: kept, extra }, [column("id", "bigint"), column("kind", "string")], {
        name: field === "displayName" ? s : "Query",
      });
      sink(result, out, { name: "Out", mode: "overwrite" });
      // The newer node kinds, each with its user-supplied strings.
      const shaped = events
        .flatten({ name: "Flat", separator: pick(field, "separator", s, "_") })
        .explode("tags", { name: "Tags", as: pick(field, "explodeAs", s, "tag") })
        .fillMissing({ kind: pick(field, "fillDefault", s, "none") }, { name: "Filled" })
        .filter(
          and(
            isIn("kind", [pick(field, "inValue", s, "click")]),
            like("kind", pick(field, "likePattern", s, "c%")),
            rlike("kind", pick(field, "regex", s, "^c")),
          ),
          { name: "Matched" },
        )
        .toTimestamp("kind", {
          name: "Parsed",
          from: { pattern: pick(field, "pattern", s, "yyyy-MM-dd") },
          as: "kind_ts",
          zone: pick(field, "zone", s, "UTC"),
        })
        .derive({ label: e.concat(e.col("kind"), pick(field, "exprLiteral", s, "-x")) }, { name: "Derived" });
      const routeName = pick(field, "routeName", s, "Clicks");
      const windowed = shaped.window(
        {
          orderBy: ["id"],
          columns: {
            [pick(field, "windowName", s, "row_no")]: ["rowNumber"],
            prev_kind: ["lag", "kind", { default: pick(field, "lagDefault", s, "none") }],
          },
        },
        { name: "Windowed" },
      );
      const routes = windowed.route(
        { [routeName]: eq("kind", "click") },
        { name: "Route", default: routeName === "Rest" ? "Others" : "Rest" },
      );
      const [first, other] = Object.values(routes) as [Frame, Frame];
      const totals = first
        .union([first], { name: "Twice" })
        .aggregate(
          { groupBy: ["kind"], columns: { [pick(field, "aggName", s, "n")]: ["count", "id"] } },
          { name: "Agg" },
        );
      sink(totals, counted(field === "tablePrefix" ? s : undefined), { name: "Counted", mode: "overwrite" });
      sink(other, rest, { name: "Rest Out", mode: "append" });
    },
  );
  return pipeline("fuzz", [j]);
}

describe("fuzz: hostile strings in names, literals, paths and SQL", function () {
  const strings = hostileStrings(1200, 20261129);
  const cases = strings.map((s, i) => ({ s, field: FIELDS[i % FIELDS.length]! }));
  let outcomes: { rejected: number; rendered: number; checked: number } | undefined;

  it(`gives a clear validation error or a script that compiles and carries the string (${cases.length} cases)`, () => {
    const dir = mkdtempSync(join(tmpdir(), "fuzz-"));
    const rendered: { path: string; s: string; field: Field }[] = [];
    let rejected = 0;
    cases.forEach(({ s, field }, i) => {
      const r = validatePipeline(pipelineWith(field, s));
      if (!r.ok) {
        rejected++;
        for (const p of r.problems) {
          expect(p.message, `${field} ${JSON.stringify(s)}`)
            .to.be.a("string")
            .and.not.equal("");
          expect(p.fix, `${field} ${JSON.stringify(s)}`)
            .to.be.a("string")
            .and.not.equal("");
          expect(p.job ?? p.field, `problem for ${field} ${JSON.stringify(s)} names a job or field`).to.not.equal(
            undefined,
          );
          expect(formatProblem(p)).to.contain("Fix:");
        }
        return;
      }
      const script = renderPipeline(r.pipeline, { stack: "fuzz", database: "fuzz_db", options: {} }).jobs[0]!.script;
      const path = join(dir, `case_${i}.py`);
      writeFileSync(path, script);
      rendered.push({ path, s, field });
    });
    const inspected = inspectPythonFiles(rendered.map((r) => r.path));
    let checked = 0;
    for (const { path, s, field } of rendered) {
      const result = inspected[path]!;
      expect(result.ok, `${field} ${JSON.stringify(s)}: ${result.error}`).to.equal(true);
      if (CARRIED.has(field)) {
        const expected = (field === "path" && !s.startsWith("s3://")) || field === "tablePrefix" ? `/${s}` : s;
        expect(result.strings, `${field} ${JSON.stringify(s)} is carried unchanged`).to.include(expected);
        checked++;
      }
    }
    outcomes = { rejected, rendered: rendered.length, checked };
    expect(rendered.length, "some hostile strings must be accepted and rendered").to.be.greaterThan(300);
    expect(rejected, "some hostile strings must be rejected").to.be.greaterThan(100);
  });

  after(() => {
    if (outcomes)
      console.log(
        `      fuzz: ${cases.length} cases, ${outcomes.rejected} rejected by validation, ${outcomes.rendered} rendered and compiled, ${outcomes.checked} carried unchanged`,
      );
  });
});
