/**
 * What the renderer decides for AWS, checked against what AWS does: which jobs may run with bookmarks,
 * one storage format for the catalog and the Athena DDL, and sinks that agree with the tables Pulumi
 * declares (Glue docs, "Updating the schema, and adding new partitions").
 */
import { expect } from "chai";
import { buildStack } from "../src/build";
import { assertValid, column, isNotNull, job, pipeline, table, type PipelineDef } from "../src/dsl";
import { renderPipeline } from "../src/render";
import { storageFormat } from "../src/render/storage-format";

const target = { stack: "test", database: "test_db", options: {} };
const landing = table("ev_landing", {
  entity: "ev",
  zone: "landing",
  columns: [column("id", "bigint"), column("ts", "bigint", { jsonKey: "eventTime" })],
});
const appended = table("ev_trusted", { entity: "ev", zone: "trusted", kept: "append" });
const overwritten = table("ev_snapshot", { entity: "ev_snapshot", zone: "trusted" });
const curated = table("ev_curated", { entity: "ev", zone: "curated", kept: "append" });

/** landing --append--> ev_trusted --append--> ev_curated; landing --overwrite--> ev_snapshot --append--> ev_copy. */
function bookmarkPipeline(): PipelineDef {
  const copy = table("ev_copy", { entity: "ev_copy", zone: "curated", kept: "append" });
  return pipeline(
    "bm",
    [landing, appended, overwritten, curated, copy],
    [
      job("land_append", ({ source, sink }) =>
        sink(source(landing, { name: "L" }).filter(isNotNull("id"), { name: "F" }), appended, {
          name: "S",
          mode: "append",
        }),
      ),
      job("land_overwrite", ({ source, sink }) =>
        sink(source(landing, { name: "L" }).filter(isNotNull("id"), { name: "F" }), overwritten, {
          name: "S",
          mode: "overwrite",
        }),
      ),
      job("catalog_append", ({ source, sink }) =>
        sink(source(appended, { name: "T" }).filter(isNotNull("id"), { name: "F" }), curated, {
          name: "S",
          mode: "append",
        }),
      ),
      job("reads_overwritten", ({ source, sink }) =>
        sink(source(overwritten, { name: "T" }).filter(isNotNull("id"), { name: "F" }), copy, {
          name: "S",
          mode: "append",
        }),
      ),
    ],
  );
}

describe("render for AWS: job bookmarks", function () {
  const p = renderPipeline(assertValid(bookmarkPipeline()), target);
  const byName = (name: string) => p.jobs.find((j) => j.name === name)!;

  it("allows bookmarks only for a job whose every source bookmarks track and whose every sink appends", function () {
    expect(p.jobs.map((j) => [j.name, j.bookmarkSafe])).to.deep.equal([
      ["land_append", false],
      ["land_overwrite", false],
      ["catalog_append", true],
      ["reads_overwritten", false],
    ]);
  });

  it("says why a job runs without them", function () {
    expect(byName("land_append").bookmarkBlockers).to.deep.equal([
      "reads landing table ev_landing with spark.read, which bookmarks do not track",
    ]);
    expect(byName("reads_overwritten").bookmarkBlockers).to.deep.equal([
      "reads ev_snapshot, which its producer overwrites, so every file is new to a bookmark",
    ]);
    expect(byName("land_overwrite").bookmarkBlockers).to.include(
      "overwrites ev_snapshot, so it must read all of its input",
    );
    expect(byName("catalog_append").bookmarkBlockers).to.deep.equal([]);
  });

  it("shows the verdict and the reasons in the lineage page", function () {
    const lineage = p.files.find((f) => f.path.endsWith("lineage.md"))!.content;
    expect(lineage).to.contain("## Job bookmarks");
    expect(lineage).to.contain("| `catalog_append` | when the stack enables them | – |");
    expect(lineage).to.contain(
      "| `land_append` | never | reads landing table ev_landing with spark.read, which bookmarks do not track |",
    );
  });

  it("keeps every STEDI job without bookmarks, each with its reasons", function () {
    for (const stack of ["dev", "prod"] as const) {
      const stedi = buildStack({
        stack,
        project: "stedi",
        options: { privacy: stack === "dev" ? "standard" : "strict" },
        databaseName: `stedi_${stack}`,
      });
      for (const j of stedi.jobs) {
        expect(j.bookmarkSafe, j.name).to.equal(false);
        expect(j.bookmarkBlockers.length, j.name).to.be.above(0);
      }
    }
  });
});

describe("render for AWS: one storage format for the catalog and the DDL", function () {
  const stedi = buildStack({
    stack: "dev",
    project: "stedi",
    options: { privacy: "standard" },
    databaseName: "stedi_dev",
  });

  it("prints in each landing table's DDL exactly the SerDe, its properties, the formats and table properties of the catalog table", function () {
    for (const t of stedi.tables.filter((x) => x.zone === "landing")) {
      const ddl = stedi.files.find((f) => f.path === `generated/dev/ddl/${t.name}.sql`)!.content;
      const format = storageFormat(t);
      expect(ddl).to.contain(`ROW FORMAT SERDE '${format.serializationLibrary}'`);
      for (const [key, value] of format.serdeParameters) expect(ddl).to.contain(`'${key}' = '${value}'`);
      expect(ddl)
        .to.contain(`STORED AS INPUTFORMAT '${format.inputFormat}'`)
        .and.contain(`OUTPUTFORMAT '${format.outputFormat}'`);
      expect(ddl).to.contain("TBLPROPERTIES ('classification' = 'json');");
      // One malformed landing line must not fail every Athena query (the jobs keep such lines under rejected/).
      expect(ddl).to.contain("'ignore.malformed.json' = 'TRUE'");
    }
  });

  it("maps only keys that differ by more than case, and sets ignore.malformed.json on landing tables only", function () {
    const json = storageFormat({ format: "json", zone: "landing", columns: landing.columns! });
    expect(json.serdeParameters).to.deep.equal([
      ["paths", "id,eventTime"],
      ["ignore.malformed.json", "TRUE"],
      ["mapping.ts", "eventTime"],
    ]);
    const derivedJson = storageFormat({ format: "json", zone: "trusted", columns: landing.columns! });
    expect(derivedJson.serdeParameters).to.deep.equal([["paths", "id,ts"]]);
    expect(storageFormat({ format: "parquet", zone: "trusted", columns: [] }).tableParameters).to.deep.include([
      "useGlueParquetWriter",
      "true",
    ]);
  });
});

describe("render for AWS: sinks agree with the tables Pulumi declares", function () {
  for (const stack of ["dev", "prod"] as const) {
    it(`never lets a ${stack} job run change a declared table, and writes parquet tables with the Glue parquet writer`, function () {
      const stedi = buildStack({
        stack,
        project: "stedi",
        options: { privacy: stack === "dev" ? "standard" : "strict" },
        databaseName: `stedi_${stack}`,
      });
      for (const j of stedi.jobs) {
        const sinks = j.script.split("glueContext.getSink(").slice(1);
        expect(sinks, j.name).to.have.length(j.writes.length);
        for (const [i, sink] of sinks.entries()) {
          const table = stedi.tables.find((t) => t.name === j.writes[i])!;
          // LOG: the sink never rewrites the table's schema, so Pulumi's comments, pii tags and parameters stay.
          expect(sink).to.contain('updateBehavior="LOG"');
          // The partition keys equal the table's, in the same order (a requirement of the catalog-updating sink).
          expect(sink).to.contain(`partitionKeys=[${table.partitionKeys.map((c) => `"${c.name}"`).join(", ")}]`);
          if (table.format === "parquet") {
            expect(sink).to.contain('.setFormat("glueparquet"');
            expect(storageFormat(table).tableParameters).to.deep.include(["useGlueParquetWriter", "true"]);
          }
        }
      }
    });
  }
});
