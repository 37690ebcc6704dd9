/**
 * The DSL's data model. Everything downstream (validation, rendering, infra, the local run)
 * is a pure function of these values, so they stay plain data: no classes, no Pulumi, no I/O.
 */

export const ZONES = ["landing", "trusted", "curated"] as const;
export type Zone = (typeof ZONES)[number];

/** The built-in table formats; `src/table-formats/index.ts` registers each one's module (and may hold more). */
export const FORMATS = ["json", "parquet", "iceberg"] as const;
export type Format = (typeof FORMATS)[number];

/**
 * How a table is kept, declared once on the table; its sinks' write mode follows from it and the table's format:
 * - `"recompute"` (default): every run replaces the table with what the job computes from all of its input;
 * - `"append"`: every run adds its rows;
 * - `{ merge: keys }`: every run merges its rows on the key columns (compared NULL-safely): a matching row is
 *   updated (or deleted, when `deleteWhen` on the incoming row is TRUE), the others inserted. A job reading a
 *   landing table `incremental`ly then reads only new files. A format that cannot merge (parquet, json) keeps
 *   such a table by recomputing it instead, reading all of its input.
 */
export type Kept = "recompute" | "append" | { readonly merge: readonly string[]; readonly deleteWhen?: Predicate };

export const SIMPLE_GLUE_TYPES = [
  "string",
  "bigint",
  "int",
  "double",
  "float",
  "boolean",
  "date",
  "timestamp",
] as const;
export type SimpleGlueType = (typeof SIMPLE_GLUE_TYPES)[number];
/**
 * A Glue Data Catalog column type; also the Spark SQL simpleString of the same type. Nested types are
 * written without spaces, as Spark prints them: `struct<street:string,zip:string>`, `array<bigint>`,
 * `array<struct<sku:string,qty:int>>` (build them with `struct(...)` and `array(...)`).
 */
export type GlueType = SimpleGlueType | `decimal(${number},${number})` | `struct<${string}>` | `array<${string}>`;

/** Tags travel with a column through every transform, so a profile can act on them (e.g. drop PII). */
export type ColumnTag = "pii";

export interface Column {
  /** Catalog name: a lower-case identifier. */
  readonly name: string;
  readonly type: GlueType;
  /** The JSON key in landing files, when it differs from the catalog name (e.g. camelCase). */
  readonly jsonKey?: string;
  readonly tags?: readonly ColumnTag[];
  readonly comment?: string;
}

export interface TableDef {
  readonly name: string;
  readonly entity: string;
  readonly zone: Zone;
  readonly format: Format;
  /** Declared for landing tables; derived tables get theirs from schema inference. */
  readonly columns?: readonly Column[];
  /** Its own key prefix in the data bucket (e.g. `shipments/curated/delivered/`); default `<entity>/<zone>/`. */
  readonly prefix?: string;
  readonly description?: string;
  /** Data-quality rules every job writing the table checks before its sink (src/model/quality). */
  readonly quality?: Quality;
  /** How it is kept: recompute (when absent), append, or merged on keys. */
  readonly kept?: Kept;
}

export type Literal = string | number | boolean | bigint;
export type Operand = { readonly column: string } | { readonly literal: Literal };

export const COMPARISONS = ["eq", "ne", "lt", "le", "gt", "ge"] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** Structured predicates with SQL three-valued logic: a row is kept only when the predicate is TRUE. */
export type Predicate =
  | { readonly op: "isNull" | "isNotNull"; readonly column: string }
  | { readonly op: Comparison; readonly column: string; readonly right: Operand }
  | { readonly op: "and" | "or"; readonly args: readonly Predicate[] }
  | { readonly op: "not"; readonly arg: Predicate }
  | { readonly op: "in"; readonly column: string; readonly values: readonly Literal[] }
  | { readonly op: "like" | "rlike"; readonly column: string; readonly pattern: string };

import type { Quality } from "./quality/rules";
