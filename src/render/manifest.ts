/**
 * `pipeline.json`: what the local runner needs to run a stack's generated scripts (job order,
 * tables with schemas and locations, rejected-record prefixes), as plain JSON for Python.
 */
import type { RenderedPipeline } from "./types";

type ManifestInput = Pick<RenderedPipeline, "name" | "stack" | "privacy" | "database" | "jobs" | "tables">;

export function pipelineManifest(p: ManifestInput): string {
  const tablePrefixes = new Set(p.tables.map((t) => t.prefix));
  const landing = p.tables.filter((t) => t.zone === "landing");
  const manifest = {
    pipeline: p.name,
    stack: p.stack,
    privacy: p.privacy,
    database: p.database,
    arguments: ["DATABASE", "LAKE_ROOT"],
    jobs: p.jobs.map((j) => ({
      name: j.name,
      script: j.scriptFile,
      reads: j.reads,
      writes: j.writes,
      upstream: j.upstreamJobs,
      rejected: j.writeLocations
        .filter((l) => l.bucket === "data" && !tablePrefixes.has(l.prefix))
        .map((l) => {
          const prefix = l.bucket === "data" ? l.prefix : "";
          const table = landing.find((t) => prefix.startsWith(`${t.entity}/rejected/${t.name}/`));
          return { table: table?.name ?? null, prefix };
        }),
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
