/**
 * What a table format decides, in one module per format (`src/table-formats/<format>.ts`), registered by name in
 * `index.ts`: how Pulumi declares its tables in the catalog (and the landing DDL prints them), the sink and
 * catalog-read partials and the write modes they can do, how it keeps each kind of table (`kept`), whether its
 * sinks can record what a landing read ingested, the job arguments and Spark catalog it needs, and whether Glue
 * bookmarks work with it. Nothing outside these modules compares a format's name.
 */
import type { KeptKind, WriteModeName } from "../model/tables";
import type { Column, Zone } from "../model/types";
import type { KindTableFormat, TableWrite } from "../nodes/kind";

export { KEPT_MODE, WRITE_MODES, type KeptKind, type WriteModeName } from "../model/tables";

/** A table's storage descriptor: what the Glue catalog declares and the Athena DDL prints. */
export interface StorageFormat {
  readonly classification: string;
  readonly inputFormat: string;
  readonly outputFormat: string;
  readonly serializationLibrary: string;
  /** SerDe parameters, in the order the DDL prints them. */
  readonly serdeParameters: readonly (readonly [string, string])[];
  /** Table parameters (TBLPROPERTIES), in the order the DDL prints them. */
  readonly tableParameters: readonly (readonly [string, string])[];
}

/** What a storage descriptor is computed from. */
export interface StoredTable {
  readonly format: string;
  readonly zone: Zone;
  readonly columns: readonly Column[];
}

/** A format's module: what the node kinds ask of it (`KindTableFormat`, src/nodes/kind.ts), and the rest. */
export interface TableFormatModule extends KindTableFormat {
  /** How prose names it ("Iceberg", "JSON"). */
  readonly title: string;
  /** Whether landing tables (the files that land, read by the typed JSON reader) may be stored so. */
  readonly landing: boolean;
  /**
   * How it keeps each kind of table. A kind it cannot do names the mode it keeps that kind with instead (parquet
   * keeps a merge table by recomputing it, reading all of its input), and `keepsNote` says so.
   */
  readonly keeps: Readonly<Record<KeptKind, WriteModeName>>;
  readonly keepsNote?: string;
  /** Why a job touching such a table cannot use Glue bookmarks; null when bookmarks work with it. */
  readonly bookmarkBlocker: ((table: string) => string) | null;
  /** The Spark catalog its scripts name the tables in; null when they go through GlueContext's catalog client. */
  readonly sparkCatalog: string | null;
  /** Glue's `--datalake-formats` value a job touching such a table needs; null when none. */
  readonly datalakeFormat: string | null;
  /** The Glue job parameters such a job needs (none when `datalakeFormat` is null). */
  jobArguments(dataBucket: string): Readonly<Record<string, string>>;
  /** The storage descriptor Pulumi declares the table with; null when the job that writes it creates it. */
  storage(table: StoredTable): StorageFormat | null;
  /** Whether its tables' partitions live in the Glue catalog (readers list them with glue:GetPartitions). */
  readonly catalogPartitions: boolean;
  /** The partials its sink and catalog-read views name (`templates/<partial>.py.hbs`). */
  readonly sinkTemplates: readonly string[];
  readonly readTemplates: readonly string[];
  /**
   * The catalog calls the sink makes on its table: none, `partitions` (it adds the new partitions, so it also
   * looks the table up), or `commits` (it creates the table on its first run and commits to it).
   */
  sinkCatalogUpdate(write: Pick<TableWrite, "partitionKeys">): SinkCatalogUpdate;
}

export type SinkCatalogUpdate = "none" | "partitions" | "commits";
