/**
 * Synthetic pipelines of any size with realistic shapes, for code-generation benchmarks:
 * chains (a job reads the previous job's output), fan-in (a job joins two earlier outputs),
 * semi and inner joins, SQL nodes, renames, casts and dedupes.
 */
import {
  and,
  column,
  ge,
  gt,
  isNotNull,
  job,
  pipeline,
  table,
  type Column,
  type JobDef,
  type PipelineDef,
  type TableDef,
} from "../src/dsl";

const BASE: Column[] = [
  column("id", "bigint"),
  column("key", "string"),
  column("ts", "bigint", { jsonKey: "eventTime" }),
  column("value", "double"),
  column("category", "string"),
  column("flag", "boolean"),
];

const pad = (i: number) => String(i).padStart(4, "0");

export function syntheticPipeline(jobCount: number): PipelineDef {
  const landingCount = Math.max(3, Math.ceil(jobCount / 10));
  const landing: TableDef[] = Array.from({ length: landingCount }, (_, i) =>
    table(`src_${pad(i)}_landing`, { entity: `src_${pad(i)}`, zone: "landing", columns: BASE }),
  );
  const outputs: TableDef[] = [];
  const jobs: JobDef[] = [];
  for (let i = 0; i < jobCount; i++) {
    const shape = i < 3 ? 0 : i % 4;
    // The SQL shape appends its new rows; the others recompute their table.
    const out = table(`t_${pad(i)}`, {
      entity: `e_${pad(i)}`,
      zone: i % 5 === 4 ? "curated" : "trusted",
      ...(shape === 3 ? { kept: "append" as const } : {}),
    });
    const land = landing[i % landingCount]!;
    const prev = outputs[i - 1];
    const older = outputs[Math.floor(i / 2)];
    jobs.push(
      job(`job_${pad(i)}`, { file: "bench/synthetic-pipeline.ts" }, ({ source, sql, sink }) => {
        if (shape === 0 || !prev || !older) {
          // Clean: landing → filter → trusted.
          const s = source(land, { name: "Landing" });
          sink(s.filter(and(isNotNull("key"), ge("value", 0)), { name: "Valid Rows" }), out, {
            name: "Out",
            mode: "overwrite",
          });
        } else if (shape === 1) {
          // Chain: previous output → rename → cast → dedupe.
          const s = source(prev, { name: "Previous" });
          const renamed = s.rename({ category: "segment" }, { name: "Rename" });
          const cast = renamed.applyMapping(
            [
              ["id", "id"],
              ["key", "key"],
              ["ts", "ts"],
              ["value", "value", "double"],
              ["segment", "category"],
              ["flag", "flag"],
            ],
            { name: "Change Schema" },
          );
          sink(cast.dropDuplicates({ name: "Dedupe", keys: ["id"] }), out, { name: "Out", mode: "overwrite" });
        } else if (shape === 2) {
          // Fan-in: landing semi-joined with an older output, then an inner join with the previous one.
          const a = source(land, { name: "Landing" });
          const b = source(older, { name: "Older" });
          const c = source(prev, { name: "Previous" });
          const kept = a.join(b, { name: "Known Keys", type: "semi", on: { key: "key" } });
          const paired = kept.join(c, { name: "Pair", type: "inner", on: { id: "id" }, rightPrefix: "p_" });
          sink(paired.select(["id", "key", "ts", "value", "category", "flag"], { name: "Select" }), out, {
            name: "Out",
            mode: "overwrite",
          });
        } else {
          // SQL over two earlier outputs.
          const a = source(prev, { name: "Previous" });
          const b = source(older, { name: "Older" });
          const q = sql(
            "SELECT a.id, a.key, a.ts, a.value, a.category, a.flag\nFROM a LEFT ANTI JOIN b ON a.id = b.id\nWHERE a.value > 0",
            { a, b },
            BASE.map((c) => column(c.name, c.type)),
            { name: "New Rows" },
          );
          sink(q.filter(gt("ts", 0), { name: "Positive Time" }), out, { name: "Out", mode: "append" });
        }
      }),
    );
    outputs.push(out);
  }
  return pipeline("synthetic", [...landing, ...outputs], jobs);
}
