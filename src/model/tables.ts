import type { Quality } from "./quality/rules";
import type { Column, ColumnTag, Format, GlueType, Kept, TableDef, Zone } from "./types";

/** A column declaration. `jsonKey` keeps the landing file's key where it differs from the catalog name. */
export function column(
  name: string,
  type: GlueType,
  options: { jsonKey?: string; tags?: ColumnTag[]; comment?: string } = {},
): Column {
  return {
    name,
    type,
    ...(options.jsonKey !== undefined ? { jsonKey: options.jsonKey } : {}),
    ...(options.tags?.length ? { tags: [...options.tags] } : {}),
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
  };
}

/** Shorthand for a PII column: profiles can drop every column tagged this way. */
export function pii(name: string, type: GlueType, options: { jsonKey?: string; comment?: string } = {}): Column {
  return column(name, type, { ...options, tags: ["pii"] });
}

export function decimal(precision: number, scale: number): GlueType {
  return `decimal(${precision},${scale})`;
}

/**
 * A struct column type, fields in order: `struct({ city: "string", zip: "string" })` is
 * `struct<city:string,zip:string>`. In landing JSON the field names are the nested objects' keys.
 */
export function struct(fields: Record<string, GlueType>): GlueType {
  return `struct<${Object.entries(fields)
    .map(([name, type]) => `${name}:${type}`)
    .join(",")}>`;
}

/** An array column type: `array(struct({ sku: "string", qty: "int" }))` is `array<struct<sku:string,qty:int>>`. */
export function array(element: GlueType): GlueType {
  return `array<${element}>`;
}

export interface TableOptions {
  readonly entity: string;
  readonly zone: Zone;
  readonly format?: Format;
  readonly columns?: readonly Column[];
  readonly description?: string;
  /**
   * The table's own key prefix in the data bucket, for a second table of one entity and zone, e.g.
   * `shipments/curated/delivered/`. Default: `<entity>/<zone>/`. Two tables' prefixes must not overlap.
   */
  readonly prefix?: string;
  /**
   * Data-quality rules every job writing the table checks before its sink, with their action, e.g.
   * `dq.rules("fail", dq.isComplete("email"), dq.isUnique("email"))`.
   */
  readonly quality?: Quality;
  /**
   * How the table is kept: `"recompute"` (default), `"append"`, or `{ merge: ["order_id"] }` (merged on keys,
   * optionally `deleteWhen`). Its sinks write accordingly; a sink's own `mode` may only repeat it.
   */
  readonly kept?: Kept;
}

export function table(name: string, options: TableOptions): TableDef {
  return {
    name,
    entity: options.entity,
    zone: options.zone,
    format: options.format ?? (options.zone === "landing" ? "json" : "parquet"),
    ...(options.columns ? { columns: [...options.columns] } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    ...(options.quality !== undefined ? { quality: options.quality } : {}),
    ...(options.kept !== undefined ? { kept: options.kept } : {}),
  };
}

/** The modes a sink can write a table with; which of them a table's format can do is its module's to say. */
export const WRITE_MODES = ["overwrite", "append", "merge"] as const;
export type WriteModeName = (typeof WRITE_MODES)[number];

/** The kinds of table a `kept` declaration names: recompute, append, merge. */
export type KeptKind = "recompute" | "append" | "merge";

/** The sink mode each kind asks for, when the table's format can do it. */
export const KEPT_MODE: Readonly<Record<KeptKind, WriteModeName>> = {
  recompute: "overwrite",
  append: "append",
  merge: "merge",
};

/** The kind of table a `kept` declaration names; undefined for a value that is none of them. */
export function keptKind(t: Pick<TableDef, "kept">): KeptKind | undefined {
  const k = t.kept ?? "recompute";
  if (k === "recompute" || k === "append") return k;
  return typeof k === "object" && k !== null && Array.isArray(k.merge) ? "merge" : undefined;
}

/** The S3 key prefix of a table inside the data bucket: its own `prefix`, or `<entity>/<zone>/`. */
export function tablePrefix(t: Pick<TableDef, "entity" | "zone" | "prefix">): string {
  return t.prefix ?? `${t.entity}/${t.zone}/`;
}

/** Where a landing read keeps the lines it could not parse or type, next to the table. */
export function rejectedPrefix(t: Pick<TableDef, "entity" | "name">, job: string): string {
  return `${t.entity}/rejected/${t.name}/${job}/`;
}

/** Where a job keeps the rows of a table that failed its row-level data-quality rules (action quarantine). */
export function quarantinePrefix(t: Pick<TableDef, "entity" | "name">, job: string): string {
  return `${t.entity}/quarantine/${t.name}/${job}/`;
}
