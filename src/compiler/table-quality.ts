/**
 * A table's data-quality rules are checked by every job that writes the table, right before its
 * sink. This turns each such sink into Glue Studio's shape: an Evaluate Data Quality node on the
 * sink's input (plus a catalog read of each table the rules refer to, unless the job reads it
 * already), feeding the sink. Pure: a PipelineDef in, a PipelineDef out, before validation.
 */
import { nodeTables } from "../nodes";
import type { TableDef } from "../model/types";
import { parseRuleset } from "../model/quality/dqdl-parser";
import { referencedTables, type DqRule, type Quality } from "../model/quality/rules";
import type { JobDef, NodeDef, PipelineDef } from "../nodes/pipeline";

/** Tables the rules refer to, for typed rules and for a raw ruleset that parses. */
export function qualityReferences(quality: Quality): string[] {
  if (!("raw" in quality)) return referencedTables(quality.rules);
  const parsed = parseRuleset(quality.raw);
  return parsed.ok ? referencedTables(parsed.rules.filter((r): r is DqRule => r.rule !== "unchecked")) : [];
}

const title = (table: string): string =>
  table
    .split("_")
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");

function expandJob(job: JobDef, tables: ReadonlyMap<string, TableDef>): JobDef {
  // A node that writes a table with rules, fed by one input the check can sit on.
  const checked = (n: NodeDef): n is NodeDef & { readonly input: string } =>
    "input" in n && nodeTables(n).writes.some((w) => tables.get(w.table)?.quality !== undefined);
  if (!job.nodes.some(checked)) return job;
  const added: NodeDef[] = [];
  const readerOf = (table: string): string => {
    const existing = [...job.nodes, ...added].find((n) => nodeTables(n).reads.includes(table));
    if (existing) return existing.name;
    const name = `${title(table)} For Data Quality`;
    added.push({ kind: "source", name, index: 0, source: { kind: "catalog", table } });
    return name;
  };
  const nodes: NodeDef[] = [];
  for (const node of job.nodes) {
    if (!checked(node)) {
      nodes.push(node);
      continue;
    }
    const table = nodeTables(node).writes.find((w) => tables.get(w.table)?.quality !== undefined)!.table;
    const quality = tables.get(table)!.quality!;
    const references = Object.fromEntries(qualityReferences(quality).map((table) => [table, readerOf(table)]));
    const check = `${node.name} Data Quality`;
    nodes.push({
      kind: "evaluateDataQuality",
      name: check,
      index: 0,
      input: node.input,
      quality,
      references,
      table,
    });
    nodes.push({ ...node, input: check } as NodeDef);
  }
  // Reference reads first, so each is defined before the check that uses it.
  return { ...job, nodes: [...added, ...nodes].map((n, index) => ({ ...n, index })) };
}

export function withTableQuality(def: PipelineDef): PipelineDef {
  const tables = new Map(def.tables.map((t) => [t.name, t]));
  if (![...tables.values()].some((t) => t.quality !== undefined)) return def;
  return { ...def, jobs: def.jobs.map((job) => expandJob(job, tables)) };
}
