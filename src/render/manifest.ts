/**
 * `pipeline.json`: what the local runner needs to run a stack's generated scripts (job order,
 * tables with schemas and locations, rejected-record prefixes), as plain JSON for Python.
 */
import { SCRIPT_ARGUMENTS, type RenderedPipeline } from "./types";

type ManifestInput = Pick<RenderedPipeline, "name" | "stack" | "privacy" | "database" | "jobs" | "tables">;

export function pipelineManifest(p: ManifestInput): string {
  const manifest = {
    pipeline: p.name,
    stack: p.stack,
    privacy: p.privacy,
    database: p.database,
    arguments: SCRIPT_ARGUMENTS,
    jobs: p.jobs.map((j) => ({
      name: j.name,
      script: j.scriptFile,
      reads: j.reads,
      writes: j.writes,
      upstream: j.upstreamJobs,
      rejected: j.rejectedLocations,
      quality: j.quality.map((q) => ({ context: q.context, node: q.node, table: q.table, action: q.action, quarantine: q.quarantine })),
    })),
    tables: p.tables.map((t) => ({
      name: t.name,
      entity: t.entity,
      zone: t.zone,
      format: t.format,
      prefix: t.prefix,
      columns: t.columns,
      partitionKeys: t.partitionKeys,
      producer: t.producer ?? null,
    })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
