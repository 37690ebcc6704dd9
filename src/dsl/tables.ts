import type { Quality } from "./quality/rules";
import type { Column, ColumnTag, Format, GlueType, TableDef, Zone } from "./types";

/** A column declaration. `jsonKey` keeps the landing file's key where it differs from the catalog name. */
export function column(name: string, type: GlueType, options: { jsonKey?: string; tags?: ColumnTag[]; comment?: string } = {}): Column {
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

export interface TableOptions {
  readonly entity: string;
  readonly zone: Zone;
  readonly format?: Format;
  readonly columns?: readonly Column[];
  readonly description?: string;
  /**
   * Data-quality rules every job writing the table checks before its sink, with their action, e.g.
   * `dq.rules("fail", dq.isComplete("email"), dq.isUnique("email"))`.
   */
  readonly quality?: Quality;
}

export function table(name: string, options: TableOptions): TableDef {
  return {
    name,
    entity: options.entity,
    zone: options.zone,
    format: options.format ?? (options.zone === "landing" ? "json" : "parquet"),
    ...(options.columns ? { columns: [...options.columns] } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.quality !== undefined ? { quality: options.quality } : {}),
  };
}

/** The S3 key prefix of a table inside the data bucket: `<entity>/<zone>/`. */
export function tablePrefix(t: Pick<TableDef, "entity" | "zone">): string {
  return `${t.entity}/${t.zone}/`;
}

/** Where a landing read keeps the lines it could not parse or type, next to the table. */
export function rejectedPrefix(t: Pick<TableDef, "entity" | "name">, job: string): string {
  return `${t.entity}/rejected/${t.name}/${job}/`;
}

/** Where a job keeps the rows of a table that failed its row-level data-quality rules (action quarantine). */
export function quarantinePrefix(t: Pick<TableDef, "entity" | "name">, job: string): string {
  return `${t.entity}/quarantine/${t.name}/${job}/`;
}
