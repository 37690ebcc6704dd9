/**
 * A table format is one module registered by name (src/table-formats/). A throw-away fourth format, ORC, defined
 * here and registered at run time, is picked up end to end through the registry alone: validation accepts it,
 * its sink renders Glue's `setFormat("orc")`, a downstream job reads it with `from_catalog` (and may use bookmarks),
 * the catalog declares it with the ORC SerDe (under the Pulumi mocks), and the DDL prints the same descriptor.
 */
import { expect } from "chai";
import { LakeCatalog } from "../infra/catalog";
import { jobArguments } from "../infra/jobs";
import {
  assertValid,
  column,
  isNotNull,
  job,
  pipeline,
  table,
  validatePipeline,
  type Format,
  type PipelineDef,
} from "../src/dsl";
import { landingDdl } from "../src/render/ddl";
import { loadTemplates } from "../src/render/handlebars";
import { renderPipeline } from "../src/render/render";
import { catalogStorage, storageFormat } from "../src/render/storage-format";
import { formatJobArguments, registerTableFormat, type TableFormatModule } from "../src/table-formats";
import { GLUE_S3_FORMAT, glueSinkView, setFormatArguments } from "../src/table-formats/glue-s3";
import { buildStack } from "../src/build";
import { kitchenSink } from "./fixtures/kitchen-sink";
import { runComponent } from "./infra-harness";

const ORC_SERDE = "org.apache.hadoop.hive.ql.io.orc.OrcSerde";

const orc: TableFormatModule = {
  ...GLUE_S3_FORMAT,
  name: "orc",
  title: "ORC",
  landing: false,
  keepsNote: "ORC cannot merge, so a merge table is recomputed",
  storage: () => ({
    classification: "orc",
    inputFormat: "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
    serializationLibrary: ORC_SERDE,
    serdeParameters: [["serialization.format", "1"]],
    tableParameters: [
      ["classification", "orc"],
      ["EXTERNAL", "TRUE"],
    ],
  }),
  sinkView: (d, ctx, location) => glueSinkView(d, ctx, location, setFormatArguments("orc")),
};

const ORC = "orc" as Format;
const events = table("events_landing", {
  entity: "events",
  zone: "landing",
  columns: [column("id", "bigint"), column("kind", "string")],
});
const trusted = table("events_trusted", { entity: "events", zone: "trusted", format: ORC, kept: "append" });
const curated = table("events_curated", { entity: "events", zone: "curated", format: ORC, kept: "append" });

function orcPipeline(): PipelineDef {
  return pipeline("orc", [
    job("land", ({ source, sink }) =>
      sink(source(events, { name: "Events" }).filter(isNotNull("id"), { name: "Known" }), trusted, { name: "Out" }),
    ),
    job("copy", ({ source, sink }) =>
      sink(source(trusted, { name: "Trusted" }).filter(isNotNull("kind"), { name: "Kinded" }), curated, {
        name: "Out",
      }),
    ),
  ]);
}
const target = { stack: "t", database: "db", options: {} };

describe("table formats: a fourth format through the registry alone", function () {
  let unregister: () => void = () => {};
  beforeEach(() => (unregister = registerTableFormat(orc)));
  afterEach(() => unregister());

  it("is refused by validation until it is registered, naming the formats there are", function () {
    unregister();
    const r = validatePipeline(orcPipeline());
    expect(r.ok).to.equal(false);
    const problem = !r.ok && r.problems.find((p) => p.field === "events_trusted.format");
    expect(problem).to.include({ code: "invalid-format" });
    expect(problem && problem.message).to.equal('format "orc" is not one of json, parquet, iceberg.');
    unregister = registerTableFormat(orc);
  });

  it("renders its sink and a downstream catalog read, and lets an appending reader use bookmarks", function () {
    const rendered = renderPipeline(assertValid(orcPipeline()), target);
    const [land, copy] = [rendered.jobs[0]!, rendered.jobs[1]!];
    expect(land.script).to.match(/\.setFormat\("orc"\)\n/);
    expect(land.script).not.to.contain("purge_s3_path");
    expect(copy.script).to.contain('create_dynamic_frame.from_catalog(\n    database=args["DATABASE"],');
    expect(copy.bookmarkSafe, copy.bookmarkBlockers.join("; ")).to.equal(true);
    expect(land.sinks).to.deep.equal([
      { node: "Out", table: "events_trusted", mode: "append", partitionKeys: [], catalogUpdate: "none" },
    ]);
    expect(land.datalakeFormats).to.deep.equal([]);
    expect(
      jobArguments(
        copy,
        { bookmarks: true, glueVersion: "5.0" },
        { assetsBucket: "a", dataBucket: "d", database: "db", region: "us-east-1" },
      ),
    )
      .to.have.property("--job-bookmark-option")
      .that.equals("job-bookmark-enable");
  });

  it("gives the catalog and the DDL its storage descriptor", async function () {
    const rendered = renderPipeline(assertValid(orcPipeline()), target);
    const orcTable = rendered.tables.find((t) => t.name === "events_trusted")!;
    expect(storageFormat(orcTable).serializationLibrary).to.equal(ORC_SERDE);
    const run = await runComponent(
      (opts) =>
        new LakeCatalog("cat", { database: "db", description: "d", tables: rendered.tables, dataBucket: "b" }, opts),
    );
    const declared = run.one("aws:glue/catalogTable:CatalogTable", "events_trusted").inputs;
    expect(declared.storageDescriptor.serDeInfo.serializationLibrary).to.equal(ORC_SERDE);
    expect(declared.storageDescriptor.inputFormat).to.equal("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat");
    expect(declared.parameters).to.deep.equal({ classification: "orc", EXTERNAL: "TRUE" });
    const ddl = landingDdl(loadTemplates().ddl, orcTable, target);
    expect(ddl)
      .to.contain(`ROW FORMAT SERDE '${ORC_SERDE}'`)
      .and.to.contain("TBLPROPERTIES ('classification' = 'orc')");
  });

  it("a format whose jobs create their tables gets no catalog table; data-lake job parameters come from its module", function () {
    const lake: TableFormatModule = {
      ...orc,
      name: "lake",
      datalakeFormat: "lake",
      storage: () => null,
      jobArguments: (bucket) => ({ "--datalake-formats": "lake", "--conf": `lake.warehouse=s3://${bucket}/lake/` }),
    };
    const remove = registerTableFormat(lake);
    try {
      expect(catalogStorage({ format: "lake", zone: "trusted", columns: [] })).to.equal(null);
      expect(formatJobArguments(["lake"], "d")).to.deep.equal({
        "--datalake-formats": "lake",
        "--conf": "lake.warehouse=s3://d/lake/",
      });
      expect(() => formatJobArguments(["iceberg", "lake"], "d")).to.throw(
        "A job uses the data-lake formats iceberg and lake; their Glue job parameters cannot be combined yet.",
      );
    } finally {
      remove();
    }
  });
});

describe("render contract: each job's sinks say what their format does to the catalog", function () {
  it("a partitioned Glue sink adds partitions, an unpartitioned one leaves the catalog alone, Iceberg commits", function () {
    const kitchen = renderPipeline(assertValid(kitchenSink()), target);
    const sinks = kitchen.jobs.flatMap((j) => j.sinks);
    for (const j of kitchen.jobs)
      for (const s of j.sinks)
        // The script agrees: only a catalog-updating Glue sink names its table in setCatalogInfo.
        expect(j.script.includes(`catalogTableName="${s.table}"`), s.table).to.equal(s.catalogUpdate === "partitions");
    expect(sinks.find((s) => s.table === "orders_trusted")).to.include({ mode: "append", catalogUpdate: "partitions" });
    expect(sinks.find((s) => s.table === "sku_totals")).to.include({ mode: "overwrite", catalogUpdate: "none" });
    const iceberg = buildStack({
      stack: "dev",
      project: "stedi",
      options: { privacy: "standard", tableFormat: "iceberg" },
      databaseName: "stedi_dev",
    });
    expect(iceberg.jobs.find((j) => j.name === "customer_landing_to_trusted")!.sinks).to.deep.equal([
      {
        node: "Customer Trusted",
        table: "customer_trusted",
        mode: "merge",
        partitionKeys: [],
        catalogUpdate: "commits",
      },
    ]);
  });
});
