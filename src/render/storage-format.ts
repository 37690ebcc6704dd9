/**
 * A table's storage format, defined once: classification, input/output formats, SerDe and its
 * parameters, and the table parameters. infra/catalog.ts declares the Glue tables with it and the
 * landing DDL (src/render/ddl.ts + templates/landing_table.sql.hbs) prints the same values, so Athena,
 * the catalog and the jobs cannot disagree about how a table's files are read.
 *
 * - JSON tables use the OpenX SerDe with `paths` listing the keys in the files: landing files keep their
 *   own (often camelCase) keys, the jobs' JSON sinks write catalog names. The SerDe matches keys
 *   case-insensitively, so only keys differing by more than case get a `mapping.<column>` rule.
 * - Landing tables set `ignore.malformed.json`: the SerDe's default (FALSE) makes one malformed line fail
 *   every Athena query on the table (HIVE_CURSOR_ERROR), and landing files do hold such lines (the jobs
 *   keep them under `rejected/`). Derived tables are written by Glue and never have one, so a malformed
 *   line there is corruption and should fail loudly.
 * - Parquet tables carry `useGlueParquetWriter = true`: the Glue docs ("Updating the schema, and adding new
 *   partitions") require it on an existing parquet table before a catalog-updating sink writes to it.
 */
import type { Column } from "../model/types";
import type { RenderedTable } from "./types";

export const OPENX_JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe";

export interface StorageFormat {
  readonly classification: "json" | "parquet";
  readonly inputFormat: string;
  readonly outputFormat: string;
  readonly serializationLibrary: string;
  /** SerDe parameters, in the order the DDL prints them. */
  readonly serdeParameters: readonly (readonly [string, string])[];
  /** Table parameters (TBLPROPERTIES), in the order the DDL prints them. */
  readonly tableParameters: readonly (readonly [string, string])[];
}

/** The key a column has in the table's files: landing files keep the JSON key, everything else the catalog name. */
export function fileKey(table: Pick<RenderedTable, "zone">, c: Column): string {
  return table.zone === "landing" ? (c.jsonKey ?? c.name) : c.name;
}

export function storageFormat(table: Pick<RenderedTable, "format" | "zone" | "columns">): StorageFormat {
  if (table.format === "parquet") {
    return {
      classification: "parquet",
      inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
      outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
      serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
      serdeParameters: [["serialization.format", "1"]],
      tableParameters: [
        ["classification", "parquet"],
        ["EXTERNAL", "TRUE"],
        ["useGlueParquetWriter", "true"],
      ],
    };
  }
  const mappings = table.columns
    .filter((c) => fileKey(table, c).toLowerCase() !== c.name)
    .map((c) => [`mapping.${c.name}`, fileKey(table, c)] as const);
  return {
    classification: "json",
    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    serializationLibrary: OPENX_JSON_SERDE,
    serdeParameters: [
      ["paths", table.columns.map((c) => fileKey(table, c)).join(",")],
      ...(table.zone === "landing" ? [["ignore.malformed.json", "TRUE"] as const] : []),
      ...mappings,
    ],
    tableParameters: [
      ["classification", "json"],
      ["EXTERNAL", "TRUE"],
    ],
  };
}
