/**
 * How a table is kept has one home: the table's `kept` (recompute, append, merge on keys). This resolves every
 * sink's write from it and the table's format, before validation: the mode the format keeps that kind with, and
 * for a merge its keys and delete predicate. A format that cannot do a kind keeps it otherwise (parquet recomputes
 * a merge table); then the job's incremental landing reads read in full, as a recompute must. Whether the sink's
 * own `mode`, `keys` or `deleteWhen` contradict the table is checked by the sink (src/nodes/sink.ts). A pre-pass
 * of validation (./validate.ts), pure: a PipelineDef in, a PipelineDef out.
 */
import { KEPT_MODE, keptKind } from "../model/tables";
import type { TableDef } from "../model/types";
import type { JobDef, NodeDef, PipelineDef } from "../nodes/pipeline";
import type { SinkNode, WriteMode } from "../nodes/sink";
import { findTableFormat } from "../table-formats";

/** The write a table's declaration and format ask of its sinks; undefined when either is invalid. */
export function keptWrite(t: TableDef, partitionKeys: readonly string[]): WriteMode | undefined {
  const kind = keptKind(t);
  const format = findTableFormat(t.format);
  if (kind === undefined || format === undefined) return undefined;
  const mode = format.keeps[kind];
  const merge = mode === "merge" && typeof t.kept === "object" ? t.kept : undefined;
  return {
    mode,
    partitionKeys,
    ...(merge ? { keys: [...merge.merge] } : {}),
    ...(merge?.deleteWhen ? { deleteWhen: merge.deleteWhen } : {}),
  };
}

/** Whether the table's format keeps it otherwise than its kind asks (e.g. a parquet merge table is recomputed). */
export function keptOtherwise(t: TableDef): boolean {
  const kind = keptKind(t);
  const format = findTableFormat(t.format);
  return kind !== undefined && format !== undefined && format.keeps[kind] !== KEPT_MODE[kind];
}

function resolveJob(job: JobDef, tables: ReadonlyMap<string, TableDef>): JobDef {
  let recomputed = false;
  const nodes = job.nodes.map((n): NodeDef => {
    if (n.kind !== "sink") return n;
    const t = tables.get(n.table);
    const write = t && keptWrite(t, n.write.partitionKeys);
    if (!t || !write) return n;
    if (keptOtherwise(t)) recomputed = true;
    const resolved: SinkNode = { ...n, write };
    return resolved;
  });
  return {
    ...job,
    nodes: recomputed
      ? nodes.map((n) =>
          n.kind === "source" && n.source.kind === "catalog" && n.source.incremental
            ? { ...n, source: { kind: "catalog", table: n.source.table } }
            : n,
        )
      : nodes,
  };
}

export function withTableKinds(def: PipelineDef): PipelineDef {
  const tables = new Map<string, TableDef>();
  for (const t of def.tables) if (!tables.has(t.name)) tables.set(t.name, t);
  return { ...def, jobs: def.jobs.map((job) => resolveJob(job, tables)) };
}
