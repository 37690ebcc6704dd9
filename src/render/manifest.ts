/**
 * `pipeline.json`: what the local runner needs to run a stack's generated scripts (job order,
 * tables with schemas and locations, rejected-record prefixes), as plain JSON for Python.
 */
import type { GlueVersion } from "../model/glue-versions";
import type { RenderedArgument, RenderedColumn, RenderedPipeline, RenderedQualityCheck, RenderedTable } from "./types";

/**
 * The manifest's format version. The runner (runtime/lakehouse/manifest.py, MANIFEST_FORMAT_VERSION) refuses
 * any other, so a runner and a manifest from different checkouts fail clearly instead of half-working.
 * Bump both when a field changes meaning or a required field is added.
 */
export const MANIFEST_FORMAT_VERSION = 4;

/**
 * The shape of `pipeline.json`. `runtime/lakehouse/pipeline.schema.json` is emitted from this type at render
 * (src/render/manifest-schema.ts), and the runner validates every manifest it loads against it.
 */
export interface PipelineManifest {
  readonly formatVersion: number;
  readonly pipeline: string;
  readonly stack: string;
  /** The stack qualified by its project once; the runner names the local data bucket after it. */
  readonly qualifiedStack: string;
  /** The stack's AWS Glue version (`lakehouse:glueVersion`): the runner runs the scripts on this version's runtime. */
  readonly glueVersion: GlueVersion;
  /** The project's options for this stack, opaque to the engine (`<project>:<key>` in the stack file). */
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /** The project's synthetic landing data generator, relative to the repo root; null when it has none. */
  readonly synthetic: string | null;
  readonly database: string;
  /** Jobs in lineage order. */
  readonly jobs: readonly ManifestJob[];
  readonly tables: readonly ManifestTable[];
}

export interface ManifestJob {
  readonly name: string;
  /** The script's file name, next to pipeline.json. */
  readonly script: string;
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly upstream: readonly string[];
  readonly rejected: readonly { readonly table: string | null; readonly prefix: string }[];
  readonly quality: readonly Pick<
    RenderedQualityCheck,
    "context" | "node" | "table" | "action" | "quarantine" | "feeds"
  >[];
  /** What the script reads with getResolvedOptions besides JOB_NAME; the runner supplies each `place` by name. */
  readonly arguments: readonly RenderedArgument[];
}

export interface ManifestTable extends Pick<RenderedTable, "name" | "entity" | "zone" | "format" | "prefix"> {
  readonly columns: readonly RenderedColumn[];
  readonly partitionKeys: readonly RenderedColumn[];
  /** The job that writes it; null for landing tables. */
  readonly producer: string | null;
}

type ManifestInput = Pick<
  RenderedPipeline,
  "name" | "stack" | "qualifiedStack" | "glueVersion" | "options" | "synthetic" | "database" | "jobs" | "tables"
>;

export function pipelineManifest(p: ManifestInput): string {
  const manifest: PipelineManifest = {
    formatVersion: MANIFEST_FORMAT_VERSION,
    pipeline: p.name,
    stack: p.stack,
    qualifiedStack: p.qualifiedStack,
    glueVersion: p.glueVersion,
    options: p.options,
    synthetic: p.synthetic ?? null,
    database: p.database,
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
        feeds: q.feeds,
      })),
      arguments: j.arguments,
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
