/**
 * The Glue Data Catalog: the stack's database and one table per pipeline table, declared here rather
 * than discovered by crawlers. Columns and types come from the RenderedTable, i.e. from the DSL's
 * declared landing schemas and its schema inference for every derived table, so Athena, the jobs
 * and the local runner all see the same schema.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Column } from "../src/dsl";
import type { RenderedTable } from "../src/render/types";
import type { LakehouseInputs } from "./context";
import { s3Uri } from "./naming";

const JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";

export interface TableFormat {
  readonly classification: "json" | "parquet";
  readonly inputFormat: string;
  readonly outputFormat: string;
  readonly serializationLibrary: string;
  readonly serdeParameters: Record<string, string>;
}

/**
 * How a table's files are read. JSON tables use the OpenX SerDe with `paths` listing the keys in the
 * files: landing files keep their own (often camelCase) keys, while the jobs' JSON sinks write catalog
 * names. The SerDe matches keys case-insensitively, so only keys differing by more than case get a mapping.
 */
export function tableFormat(table: RenderedTable): TableFormat {
  if (table.format === "parquet") {
    return {
      classification: "parquet",
      inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
      outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
      serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
      serdeParameters: { "serialization.format": "1" },
    };
  }
  const fileKey = (c: Column) => (table.zone === "landing" ? (c.jsonKey ?? c.name) : c.name);
  const mappings = Object.fromEntries(table.columns.filter((c) => fileKey(c).toLowerCase() !== c.name).map((c) => [`mapping.${c.name}`, fileKey(c)]));
  return {
    classification: "json",
    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    serializationLibrary: JSON_SERDE,
    serdeParameters: { paths: table.columns.map(fileKey).join(","), ...mappings },
  };
}

/** A catalog column: name, Glue type, comment, and the DSL's tags (e.g. `pii`) as a column parameter. */
export function catalogColumn(c: Column): aws.types.input.glue.CatalogTableStorageDescriptorColumn {
  return {
    name: c.name,
    type: c.type,
    ...(c.comment !== undefined ? { comment: c.comment } : {}),
    ...(c.tags?.length ? { parameters: { tags: c.tags.join(",") } } : {}),
  };
}

export interface LakeCatalogArgs extends LakehouseInputs {
  readonly dataBucket: pulumi.Input<string>;
}

export class LakeCatalog extends pulumi.ComponentResource {
  readonly database: aws.glue.CatalogDatabase;
  /** By table name, in pipeline order; Iceberg tables are not here (their jobs create them). */
  readonly tables: ReadonlyMap<string, aws.glue.CatalogTable>;

  constructor(name: string, args: LakeCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    super("stedi:infra:LakeCatalog", name, {}, opts);
    const { pipeline } = args;

    this.database = new aws.glue.CatalogDatabase(
      pipeline.database,
      { name: pipeline.database, description: `The ${pipeline.name} lakehouse, stack ${pipeline.stack} (${pipeline.privacy} privacy).` },
      { parent: this },
    );

    // Iceberg tables are created and committed by their jobs through GlueCatalog; a CatalogTable here
    // would show a diff after every commit (see infra/iceberg.ts).
    this.tables = new Map(
      pipeline.tables.filter((table) => table.format !== "iceberg").map((table) => {
        const format = tableFormat(table);
        const catalogTable = new aws.glue.CatalogTable(
          table.name,
          {
            name: table.name,
            databaseName: this.database.name,
            tableType: "EXTERNAL_TABLE",
            ...(table.description !== undefined ? { description: table.description } : {}),
            parameters: { classification: format.classification, EXTERNAL: "TRUE" },
            partitionKeys: table.partitionKeys.map(catalogColumn),
            storageDescriptor: {
              location: pulumi.output(args.dataBucket).apply((bucket) => s3Uri(bucket, table.prefix)),
              inputFormat: format.inputFormat,
              outputFormat: format.outputFormat,
              compressed: false,
              serDeInfo: { serializationLibrary: format.serializationLibrary, parameters: format.serdeParameters },
              columns: table.columns.map(catalogColumn),
            },
          },
          { parent: this },
        );
        return [table.name, catalogTable] as const;
      }),
    );

    this.registerOutputs({ database: this.database.name });
  }
}
