import type { Column, ColumnTag, GlueType, JobDef, JoinType, Mapping, NodeDef, Predicate, TableDef } from "./types";

/** What every node builder takes: the display name shown in the script and in errors. */
export interface NodeOptions {
  readonly name: string;
}

/**
 * A handle on a node's output inside a job definition. Builders only record nodes;
 * nothing is checked here, so that validation can report every problem at once.
 */
export interface Frame {
  readonly nodeName: string;
  filter(predicate: Predicate, options: NodeOptions): Frame;
  join(right: Frame, options: NodeOptions & { type: JoinType; on: Record<string, string> | [string, string][]; rightPrefix?: string }): Frame;
  select(columns: string[], options: NodeOptions): Frame;
  drop(columns: string[], options: NodeOptions & { tagged?: ColumnTag }): Frame;
  rename(renames: Record<string, string>, options: NodeOptions): Frame;
  applyMapping(mappings: (Mapping | [string, string, GlueType?])[], options: NodeOptions & { keepUnmapped?: boolean }): Frame;
  dropDuplicates(options: NodeOptions & { keys?: string[] }): Frame;
}

export type TableRef = TableDef | string;

export interface JobBuilder {
  /** Reads a table through the Data Catalog (landing tables: a typed read that keeps rejected lines). */
  source(table: TableRef, options: NodeOptions): Frame;
  /** Reads JSON lines from an S3 path with declared columns. A relative path is a key prefix in the data bucket. */
  s3Json(path: string, columns: Column[], options: NodeOptions): Frame;
  /** Spark SQL over named inputs; the declared columns are checked against the real result at run time. */
  sql(query: string, inputs: Record<string, Frame>, columns: Column[], options: NodeOptions): Frame;
  sink(frame: Frame, table: TableRef, options: NodeOptions & { mode: "overwrite" | "append"; partitionKeys?: string[] }): void;
}

export interface JobOptions {
  readonly description?: string;
  /** Defaults to `jobs/<name>.ts`. */
  readonly file?: string;
}

type NodeWithoutIndex = NodeDef extends infer N ? (N extends NodeDef ? Omit<N, "index"> : never) : never;

const tableName = (t: TableRef): string => (typeof t === "string" ? t : t.name);

export function job(name: string, define: (b: JobBuilder) => void): JobDef;
export function job(name: string, options: JobOptions, define: (b: JobBuilder) => void): JobDef;
export function job(name: string, a: JobOptions | ((b: JobBuilder) => void), b?: (b: JobBuilder) => void): JobDef {
  const options: JobOptions = typeof a === "function" ? {} : a;
  const define = typeof a === "function" ? a : b!;
  const nodes: NodeDef[] = [];

  const add = (node: NodeWithoutIndex): Frame => {
    nodes.push({ ...node, index: nodes.length } as NodeDef);
    return frame(node.name);
  };

  const frame = (nodeName: string): Frame => ({
    nodeName,
    filter: (predicate, o) => add({ kind: "filter", name: o.name, input: nodeName, predicate }),
    join: (right, o) =>
      add({
        kind: "join",
        name: o.name,
        input: nodeName,
        right: right.nodeName,
        type: o.type,
        on: Array.isArray(o.on) ? o.on.map(([l, r]) => [l, r] as const) : Object.entries(o.on).map(([l, r]) => [l, r] as const),
        ...(o.rightPrefix !== undefined ? { rightPrefix: o.rightPrefix } : {}),
      }),
    select: (columns, o) => add({ kind: "select", name: o.name, input: nodeName, columns: [...columns] }),
    drop: (columns, o) => add({ kind: "drop", name: o.name, input: nodeName, columns: [...columns], ...(o.tagged ? { tagged: o.tagged } : {}) }),
    rename: (renames, o) =>
      add({
        kind: "applyMapping",
        name: o.name,
        input: nodeName,
        mappings: Object.entries(renames).map(([from, to]) => ({ from, to })),
        keepUnmapped: true,
      }),
    applyMapping: (mappings, o) =>
      add({
        kind: "applyMapping",
        name: o.name,
        input: nodeName,
        mappings: mappings.map((m) => (Array.isArray(m) ? { from: m[0], to: m[1], ...(m[2] ? { type: m[2] } : {}) } : m)),
        keepUnmapped: o.keepUnmapped ?? false,
      }),
    dropDuplicates: (o) => add({ kind: "dropDuplicates", name: o.name, input: nodeName, ...(o.keys ? { keys: [...o.keys] } : {}) }),
  });

  define({
    source: (t, o) => add({ kind: "source", name: o.name, source: { kind: "catalog", table: tableName(t) } }),
    s3Json: (path, columns, o) => add({ kind: "source", name: o.name, source: { kind: "s3Json", path, columns: [...columns] } }),
    sql: (query, inputs, columns, o) =>
      add({
        kind: "sql",
        name: o.name,
        query,
        inputs: Object.fromEntries(Object.entries(inputs).map(([alias, f]) => [alias, f.nodeName])),
        columns: [...columns],
      }),
    sink: (f, t, o) => {
      add({ kind: "sink", name: o.name, input: f.nodeName, table: tableName(t), write: { mode: o.mode, partitionKeys: [...(o.partitionKeys ?? [])] } });
    },
  });

  return {
    name,
    file: options.file ?? `jobs/${name}.ts`,
    ...(options.description !== undefined ? { description: options.description } : {}),
    nodes,
  };
}

export function pipeline(name: string, tables: readonly TableDef[], jobs: readonly JobDef[]) {
  return { name, tables: [...tables], jobs: [...jobs] };
}
