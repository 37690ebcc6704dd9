/**
 * How a table is kept is declared once, on the table (`kept`); its sinks' write follows from it and the table's
 * format. A sink's own mode, keys or deleteWhen that contradict the declaration are refused, naming the job, the
 * node, the field and what to do; so is a `kept` that is none of the kinds.
 */
import { expect } from "chai";
import { stediPipeline } from "../jobs/stedi/project";
import {
  assertValid,
  column,
  eq,
  job,
  pipeline,
  table,
  validatePipeline,
  type Kept,
  type PipelineDef,
  type Problem,
} from "../src/dsl";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./local-run-support";

const landing = table("items_landing", {
  entity: "items",
  zone: "landing",
  columns: [column("id", "bigint"), column("gone", "boolean")],
});
const kept = (name: string, k: Kept | undefined, format: "parquet" | "iceberg" = "iceberg") =>
  table(name, { entity: name, zone: "trusted", format, ...(k !== undefined ? { kept: k } : {}) });

function problemsOf(def: PipelineDef): Problem[] {
  const r = validatePipeline(def);
  return r.ok ? [] : r.problems;
}

describe("DSL: table kinds (kept)", () => {
  it("writes each table as it is kept: recompute overwrites, append appends, merge merges on the table's keys", () => {
    const tables = [
      kept("items_recomputed", undefined),
      kept("items_appended", "append"),
      kept("items_merged", { merge: ["id"], deleteWhen: eq("gone", true) }),
    ];
    const p = assertValid(
      pipeline(
        "t",
        tables.map((t) =>
          job(`to_${t.name}`, ({ source, sink }) => sink(source(landing, { name: "In" }), t, { name: "Out" })),
        ),
      ),
    );
    const writes = p.jobs.map((j) => j.nodes.flatMap((n) => n.io.writes));
    expect(writes).to.deep.equal([
      [{ table: "items_recomputed", mode: "overwrite", partitionKeys: [] }],
      [{ table: "items_appended", mode: "append", partitionKeys: [] }],
      [{ table: "items_merged", mode: "merge", partitionKeys: [] }],
    ]);
    const merge = p.jobs[2]!.nodes.find((n) => n.def.kind === "sink")!.def;
    expect(merge.kind === "sink" && merge.write.keys).to.deep.equal(["id"]);
  });

  it("accepts a sink's mode, keys and deleteWhen that repeat the table's declaration", () => {
    const merged = kept("items_merged", { merge: ["id"], deleteWhen: eq("gone", true) });
    const def = pipeline("t", [
      job("j", ({ source, sink }) =>
        sink(source(landing, { name: "In" }), merged, {
          name: "Out",
          mode: "merge",
          keys: ["id"],
          deleteWhen: eq("gone", true),
        }),
      ),
    ]);
    expect(problemsOf(def)).to.deep.equal([]);
  });

  it("refuses a sink mode that contradicts the table, naming job, node, field and the fix", () => {
    const def = pipeline("t", [
      job("j", ({ source, sink }) =>
        sink(source(landing, { name: "In" }), kept("items_appended", "append"), { name: "Out", mode: "overwrite" }),
      ),
    ]);
    expect(problemsOf(def)).to.deep.equal([
      {
        code: "write-mode-conflict",
        job: "j",
        node: "Out",
        field: "mode",
        message:
          'the sink asks for mode overwrite, but table "items_appended" is kept "append", which its sinks write with append.',
        fix: 'Remove mode from the sink (the table\'s `kept` decides it), or declare the table `kept: "recompute"`.',
      },
    ]);
  });

  it("refuses a sink's keys or deleteWhen that differ from the merge table's", () => {
    const merged = kept("items_merged", { merge: ["id"] });
    const def = pipeline("t", [
      job("j", ({ source, sink }) =>
        sink(source(landing, { name: "In" }), merged, { name: "Out", keys: ["gone"], deleteWhen: eq("gone", true) }),
      ),
    ]);
    const problems = problemsOf(def);
    expect(problems.map((p) => [p.code, p.job, p.node, p.field])).to.deep.equal([
      ["write-mode-conflict", "j", "Out", "keys"],
      ["write-mode-conflict", "j", "Out", "deleteWhen"],
    ]);
    expect(problems[0]!.message).to.equal(
      'the sink\'s keys ["gone"] are not table "items_merged"\'s merge keys ["id"].',
    );
    expect(problems[1]!.fix).to.contain("declare it once, in the table's `kept: { merge: [...], deleteWhen }`");
  });

  it("refuses a kept that is none of the kinds, and one on a landing table", () => {
    const bad = table("items_bad", { entity: "items_bad", zone: "trusted", kept: "upsert" as unknown as Kept });
    const landed = table("events_landing", {
      entity: "events",
      zone: "landing",
      columns: [column("id", "bigint")],
      kept: "append",
    });
    const problems = problemsOf(pipeline("t", [landing, landed, bad], []));
    expect(problems.find((p) => p.field === "items_bad.kept")).to.deep.include({
      code: "invalid-kept",
      message: 'kept "upsert" is not "recompute", "append" or { merge: [...key columns] }.',
    });
    expect(problems.find((p) => p.field === "events_landing.kept")!.fix).to.equal(
      "Remove `kept` from the landing table; declare it on the trusted or curated table a job writes.",
    );
  });

  it("sets the format of every written table from the pipeline's tableFormat, leaving landing tables JSON", () => {
    const def = pipeline(
      "t",
      [
        job("j", ({ source, sink }) =>
          sink(source(landing, { name: "In" }), kept("items_t", undefined, "parquet"), { name: "Out" }),
        ),
      ],
      {
        tableFormat: "iceberg",
      },
    );
    expect(def.tables.map((t) => [t.name, t.format])).to.deep.equal([
      ["items_landing", "json"],
      ["items_t", "iceberg"],
    ]);
  });

  it("STEDI declares customer_trusted merged on serialnumber, and no job file reads the table format", () => {
    const trusted = stediPipeline({ privacy: "standard" }).tables.find((t) => t.name === "customer_trusted")!;
    expect(trusted.kept).to.deep.equal({ merge: ["serialnumber"] });
    const jobFiles = readdirSync(join(repoRoot, "jobs", "stedi")).filter(
      (f) => f.endsWith(".ts") && f !== "options.ts",
    );
    expect(jobFiles.length).to.be.greaterThan(5);
    for (const f of jobFiles)
      expect(readFileSync(join(repoRoot, "jobs", "stedi", f), "utf8"), f).not.to.match(/tableFormat ===|mode: "/);
  });
});
