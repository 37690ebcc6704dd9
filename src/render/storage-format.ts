/**
 * A table's storage format, defined once: classification, input/output formats, SerDe and its
 * parameters, and the table parameters. infra/catalog.ts declares the Glue tables with it and the
 * landing DDL (src/render/ddl.ts + templates/landing_table.sql.hbs) prints the same values, so Athena,
 * the catalog and the jobs cannot disagree about how a table's files are read. Each format's module
 * (src/table-formats/<format>.ts) holds its own descriptor; this is the one door infra/ reads them through.
 */
import { tableFormat } from "../table-formats";
import type { StorageFormat, StoredTable } from "../table-formats";
import type { RenderedTable } from "./types";

export type { StorageFormat } from "../table-formats";
export { fileKey, OPENX_JSON_SERDE } from "../table-formats/json";

/** The descriptor Pulumi declares the table with; null for a format whose jobs create their tables (Iceberg). */
export function catalogStorage(table: StoredTable): StorageFormat | null {
  return tableFormat(table.format).storage(table);
}

/** The descriptor of a table Pulumi declares (every table but those `catalogStorage` gives null for). */
export function storageFormat(table: Pick<RenderedTable, "format" | "zone" | "columns">): StorageFormat {
  const format = catalogStorage(table);
  if (!format)
    throw new Error(`Tables in format ${table.format} are created by their jobs; Pulumi declares no storage for them.`);
  return format;
}
