/** Validation of Iceberg sinks (merge keys, write modes) and incremental landing sources. */
import { expect } from "chai";
import { stediPipeline } from "../jobs/stedi/project";
import {
  column,
  eq,
  job,
  pipeline,
  table,
  validatePipeline,
  type PipelineDef,
  type Problem,
  type TableDef,
} from "../src/dsl";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildStack } from "../src/build";
import { withTableFormat } from "../src/cli/run";

const people = table("people_landing", {
  entity: "people",
  zone: "landing",
  columns: [column("email", "string"), column("serial", "string"), column("gone", "boolean")],
});
const trusted = table("people_trusted", { entity: "people", zone: "trusted", format: "iceberg" });
const curated = table("people_curated", { entity: "people", zone: "curated" });
const tables: TableDef[] = [people, trusted, curated];

function problemsOf(def: PipelineDef): Problem[] {
  const r = validatePipeline(def);
  return r.ok ? [] : r.problems;
}

describe("DSL: Iceberg sinks and incremental sources", () => {
  it("accepts STEDI with Iceberg tables in both privacy profiles", () => {
    for (const privacy of ["standard", "strict"] as const)
      expect(problemsOf(stediPipeline({ privacy, tableFormat: "iceberg" })), privacy).to.deep.equal([]);
  });

  it("accepts an incremental source merged on keys with a delete predicate", () => {
    const def = pipeline("t", tables, [
      job("j", ({ source, sink }) =>
        sink(source(people, { name: "People", incremental: true }), trusted, {
          name: "Out",
          mode: "merge",
          keys: ["serial"],
          deleteWhen: eq("gone", true),
        }),
      ),
    ]);
    expect(problemsOf(def)).to.deep.equal([]);
  });

  it("reports merge without keys, with unknown keys, and into a parquet table", () => {
    const def = pipeline("t", tables, [
      job("a", ({ source, sink }) =>
        sink(source(people, { name: "People" }), trusted, { name: "No Keys", mode: "merge" }),
      ),
      job("b", ({ source, sink }) =>
        sink(source(trusted, { name: "Trusted" }), curated, { name: "Parquet Merge", mode: "merge", keys: ["serail"] }),
      ),
    ]);
    const problems = problemsOf(def);
    expect(problems.find((p) => p.node === "No Keys")).to.include({ code: "missing-columns", field: "keys", job: "a" });
    expect(problems.find((p) => p.node === "Parquet Merge" && p.code === "unknown-column")).to.include({
      field: "serail",
    });
    expect(problems.find((p) => p.node === "Parquet Merge" && p.code === "invalid-write-mode")!.message).to.contain(
      'table "people_curated" is parquet',
    );
  });

  it("reports keys or deleteWhen on a sink that does not merge", () => {
    const def = pipeline("t", tables, [
      job("j", ({ source, sink }) =>
        sink(source(people, { name: "People" }), trusted, {
          name: "Out",
          mode: "append",
          keys: ["serial"],
          deleteWhen: eq("gone", true),
        }),
      ),
    ]);
    expect(problemsOf(def).map((p) => [p.code, p.field])).to.deep.equal([
      ["invalid-write-mode", "keys"],
      ["invalid-write-mode", "deleteWhen"],
    ]);
  });

  it("refuses an incremental source over a table that is not landing data", () => {
    const def = pipeline("t", tables, [
      job("a", ({ source, sink }) =>
        sink(source(people, { name: "People" }), trusted, { name: "Trusted Out", mode: "overwrite" }),
      ),
      job("b", ({ source, sink }) =>
        sink(source(trusted, { name: "Trusted", incremental: true }), curated, {
          name: "Curated Out",
          mode: "overwrite",
        }),
      ),
    ]);
    const problem = problemsOf(def).find((p) => p.field === "incremental")!;
    expect(problem).to.include({ code: "invalid-write-mode", job: "b", node: "Trusted" });
    expect(problem.message).to.contain("only landing tables can be read incrementally");
  });

  it("refuses an incremental source whose sink overwrites or is not Iceberg", () => {
    const def = pipeline("t", tables, [
      job("a", ({ source, sink }) =>
        sink(source(people, { name: "People", incremental: true }), trusted, { name: "Out", mode: "overwrite" }),
      ),
    ]);
    expect(problemsOf(def).find((p) => p.node === "Out")!.message).to.contain(
      "must append or merge into an Iceberg table",
    );
  });

  it("renders Iceberg jobs with the Glue Iceberg job parameters' counterpart: datalake format, no bookmarks", () => {
    const rendered = buildStack({
      stack: "dev",
      project: "stedi",
      options: { privacy: "standard", tableFormat: "iceberg" },
      databaseName: "stedi_dev",
    });
    const customer = rendered.jobs.find((j) => j.name === "customer_landing_to_trusted")!;
    expect(customer.datalakeFormats).to.deep.equal(["iceberg"]);
    expect(customer.bookmarkSafe).to.equal(false);
    expect(customer.script)
      .to.contain("newLandingFiles(")
      .and.to.contain('mode="merge"')
      .and.to.contain('mergeKeys=["serialnumber"]');
    expect(rendered.tables.filter((t) => t.zone !== "landing").every((t) => t.format === "iceberg")).to.equal(true);
    const parquet = buildStack({
      stack: "dev",
      project: "stedi",
      options: { privacy: "standard" },
      databaseName: "stedi_dev",
    });
    expect(parquet.jobs.every((j) => j.datalakeFormats.length === 0)).to.equal(true);
  });

  it("gives an overwrite a script version that changes with the script, so a changed job recomputes", () => {
    const version = (privacy: "standard" | "strict") =>
      /job="([0-9a-f]{16})"/.exec(
        buildStack({
          stack: "dev",
          project: "stedi",
          options: { privacy, tableFormat: "iceberg" },
          databaseName: "stedi_dev",
        }).jobs.find((j) => j.name === "machine_learning_curated")!.script,
      )![1];
    expect(version("standard")).to.not.equal(version("strict"));
    expect(version("standard")).to.equal(version("standard"));
  });

  it("npm start -- --table-format iceberg runs the stacks rendered with Iceberg tables; an unknown format is refused", () => {
    const args = withTableFormat(["--stack", "prod", "--table-format", "iceberg"]);
    expect(args.slice(0, 3)).to.deep.equal(["--stack", "prod", "--generated"]);
    expect(readFileSync(join(args[3]!, "prod", "customer_landing_to_trusted.py"), "utf8")).to.contain("writeIceberg(");
    // A project without the option (the shop) is rendered as its stack file says.
    expect(readFileSync(join(args[3]!, "shop-dev", "shipments.py"), "utf8")).to.equal(
      readFileSync(join(__dirname, "..", "generated", "shop-dev", "shipments.py"), "utf8"),
    );
    const parquet = withTableFormat(["--table-format", "parquet"]);
    expect(readFileSync(join(parquet[1]!, "dev", "customer_landing_to_trusted.py"), "utf8")).to.not.contain(
      "writeIceberg(",
    );
    expect(() => withTableFormat(["--table-format", "delta"])).to.throw(
      'stedi:tableFormat is "delta"; allowed values: parquet, iceberg.',
    );
  });
});
