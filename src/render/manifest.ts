/**
 * `pipeline.json`: what the local runner needs to run a stack's generated scripts (job order,
 * tables with schemas and locations, rejected-record prefixes), as plain JSON for Python.
 */
import { SCRIPT_ARGUMENTS, type RenderedPipeline } from "./types";

/**
 * The manifest's format version. The runner (runtime/lakehouse/manifest.py, MANIFEST_FORMAT_VERSION) refuses
 * any other, so a runner and a manifest from different checkouts fail clearly instead of half-working.
 * Bump both when a field changes meaning or a required field is added.
 */
export const MANIFEST_FORMAT_VERSION = 2;

type ManifestInput = Pick<
  RenderedPipeline,
  "name" | "stack" | "options" | "synthetic" | "database" | "jobs" | "tables"
>;

export function pipelineManifest(p: ManifestInput): string {
  const manifest = {
    formatVersion: MANIFEST_FORMAT_VERSION,
    pipeline: p.name,
    stack: p.stack,
    options: p.options,
    synthetic: p.synthetic ?? null,
    database: p.database,
    arguments: SCRIPT_ARGUMENTS,
    jobs: p.jobs.map((j) => ({
      name: j.name,
      script: j.scriptFile,
      reads: j.reads,
      writes: j.writes,
      upstream: j.upstreamJobs,
      rejected: j.rejectedLocations,
      quality: j.quality.map((q) => ({
        context: q.context,
        node: q.node,
        table: q.table,
        action: q.action,
        quarantine: q.quarantine,
      })),
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
