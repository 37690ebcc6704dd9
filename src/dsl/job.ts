/**
 * `job(...)`: records a job's nodes through the builder methods every node kind contributes
 * (`src/nodes/<kind>.ts`). Nothing is checked here, so that validation can report every problem at once.
 */
import { NODE_KINDS, type Frame, type JobBuilder, type NodeDef } from "../nodes";
import type { AddNode, NodeKindSpec, UseTable } from "../nodes/kind";
import { defaultJobFile, type JobDef, type PipelineDef } from "../nodes/pipeline";
import type { Format, TableDef } from "../model/types";

export type { Frame, JobBuilder, NodeOptions, TableRef } from "../nodes";

export interface JobOptions {
  readonly description?: string;
  /** Defaults to `jobs/<pipeline>/<name>.ts`: a project's jobs live in its folder under `jobs/`. */
  readonly file?: string;
}

const KINDS: readonly Pick<NodeKindSpec<never, never, never, object, object>, "frameMethods" | "jobMethods">[] =
  Object.values(NODE_KINDS);

export function job(name: string, define: (b: JobBuilder) => void): JobDef;
export function job(name: string, options: JobOptions, define: (b: JobBuilder) => void): JobDef;
export function job(name: string, a: JobOptions | ((b: JobBuilder) => void), b?: (b: JobBuilder) => void): JobDef {
  const options: JobOptions = typeof a === "function" ? {} : a;
  const define = typeof a === "function" ? a : b!;
  const nodes: NodeDef[] = [];
  const tables = new Map<string, TableDef>();
  const useTable: UseTable = (t) => {
    if (typeof t === "string") return t;
    if (!tables.has(t.name)) tables.set(t.name, t);
    return t.name;
  };

  const add: AddNode = (node) => {
    nodes.push({ ...node, index: nodes.length } as NodeDef);
    return frame(node.name);
  };
  const frame = (nodeName: string): Frame =>
    Object.assign({ nodeName }, ...KINDS.map((k) => k.frameMethods?.(add, nodeName) ?? {}));

  define(Object.assign({}, ...KINDS.map((k) => k.jobMethods?.(add, useTable) ?? {})));

  return {
    name,
    ...(options.file !== undefined ? { file: options.file } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    nodes,
    ...(tables.size ? { tables: [...tables.values()] } : {}),
  };
}

export interface PipelineOptions {
  /**
   * The format of every trusted and curated table, in place of each table's own (landing tables stay JSON
   * lines): a stack setting such as `<project>:tableFormat` passes its value here, so no job or table branches on it.
   */
  readonly tableFormat?: Format;
}

/**
 * A pipeline: its jobs, and its tables. Every table a job was given as an object is included without
 * being listed; `tables` adds the others (those named by string, or used by no job) and fixes the order
 * of those it lists. A name declared twice with different definitions is reported by validation.
 */
export function pipeline(name: string, jobs: readonly JobDef[], options?: PipelineOptions): PipelineDef;
export function pipeline(
  name: string,
  tables: readonly TableDef[],
  jobs: readonly JobDef[],
  options?: PipelineOptions,
): PipelineDef;
export function pipeline(
  name: string,
  a: readonly TableDef[] | readonly JobDef[],
  b?: readonly JobDef[] | PipelineOptions,
  c?: PipelineOptions,
): PipelineDef {
  const listsTables = Array.isArray(b);
  const jobs = (listsTables ? b : a) as readonly JobDef[];
  const listed = listsTables ? (a as readonly TableDef[]) : [];
  const options = (listsTables ? c : (b as PipelineOptions | undefined)) ?? {};
  const tables = [...listed];
  const byName = new Map(listed.map((t) => [t.name, t]));
  for (const j of jobs)
    for (const t of j.tables ?? []) {
      const known = byName.get(t.name);
      if (known === t || (known && JSON.stringify(known) === JSON.stringify(t))) continue;
      if (!known) byName.set(t.name, t);
      tables.push(t); // a different table of the same name: validation reports the duplicate
    }
  const def: PipelineDef = {
    name,
    tables,
    jobs: jobs.map((j) => (j.file !== undefined ? j : { ...j, file: defaultJobFile(name, j.name) })),
  };
  return options.tableFormat === undefined ? def : withDerivedFormat(def, options.tableFormat);
}

/** Every table a job writes (trusted, curated) in `format`; landing tables are the files that land, as they land. */
function withDerivedFormat(def: PipelineDef, format: Format): PipelineDef {
  const convert = (t: TableDef): TableDef => (t.zone === "landing" || t.format === format ? t : { ...t, format });
  return {
    ...def,
    tables: def.tables.map(convert),
    jobs: def.jobs.map((j) => (j.tables ? { ...j, tables: j.tables.map(convert) } : j)),
  };
}
