/**
 * Turns a validated pipeline into text: one Glue script per job, plus the view of each job the rest
 * of the system needs (tables, S3 locations, upstream jobs). Pure apart from loading the templates.
 */
import { createHash } from "node:crypto";
import type { ResolvedTable, ValidatedJob, ValidatedPipeline } from "../compiler/validate";
import type { OptionValue } from "../model/options";
import { qualifiedStackName } from "../model/stacks";
import { DEFAULT_GLUE_VERSION, GLUE_VERSION_FACTS, type GlueVersion } from "../model/glue-versions";
import { defaultJobFile } from "../nodes/pipeline";
import { qualityDqdl } from "../model/quality/rules";
import { viewNode, type ViewContext } from "../nodes";
import { SCRIPT_IMPORT_LINES, type ScriptImport } from "../nodes/kind";
import { qualityQuarantinePrefix } from "../nodes/evaluate-data-quality";
import { loadTemplates, type CompiledTemplate } from "./handlebars";
import { nodeVariable } from "../model/python";
import {
  scriptArguments,
  type GeneratedFile,
  type RenderedArgument,
  type RenderedJob,
  type RenderedPipeline,
  type RenderedQualityCheck,
  type RenderedSink,
  type RenderedTable,
  type S3Location,
} from "./types";
import { lineageMarkdown } from "./lineage-markdown";
import { landingDdl } from "./ddl";
import { pipelineManifest } from "./manifest";
import { bookmarkBlockers } from "./bookmarks";
import { TABLE_FORMATS, tableFormat } from "../table-formats";
import { SCRIPT_VERSION_PLACEHOLDER } from "../table-formats/iceberg";

export interface RenderTarget {
  readonly stack: string;
  readonly database: string;
  /** `lakehouse:glueVersion`; written into `pipeline.json` for the runner. Default DEFAULT_GLUE_VERSION. */
  readonly glueVersion?: GlueVersion;
  /** The project's options, as parsed from the stack: carried opaquely into the contract and `pipeline.json`. */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** The project's synthetic landing data generator, relative to the repo root (`pipeline.json`'s `synthetic`). */
  readonly synthetic?: string;
  /** Folder of the rendered files, relative to the repo root; default `generated/<stack>`. */
  readonly dir?: string;
}

interface JobView {
  readonly view: object;
  readonly reads: S3Location[];
  readonly writes: S3Location[];
  readonly rejected: { table: string | null; prefix: string }[];
}

function jobView(
  job: ValidatedJob,
  pipeline: ValidatedPipeline,
  target: RenderTarget,
  args: readonly RenderedArgument[],
): JobView {
  const vars = new Map(job.nodes.map((n) => [n.def.name, nodeVariable(job.def.name, n.def.name)]));
  const schemas = new Map(job.nodes.map((n) => [n.def.name, n.schema]));
  const reads: S3Location[] = [];
  const writes: S3Location[] = [];
  const rejected: { table: string | null; prefix: string }[] = [];
  const counters = new Map<string, number>();
  const ctx: ViewContext = {
    job,
    formats: TABLE_FORMATS,
    pipeline,
    variable: (name) => vars.get(name)!,
    schemaOf: (name) => schemas.get(name)!,
    read: (l) => reads.push(l),
    write: (l) => writes.push(l),
    rejected: (table, prefix) => rejected.push({ table, prefix }),
    next: (counter) => {
      const n = counters.get(counter) ?? 0;
      counters.set(counter, n + 1);
      return n;
    },
  };

  // Script helpers appear once, in the order the nodes first need them.
  const helpers = new Set<string>();
  const imports = new Set<ScriptImport>();
  const nodes = job.nodes.map((n) => {
    const { helpers: nodeHelpers, imports: nodeImports, ...view } = viewNode(n.def, n.detail, ctx);
    for (const h of nodeHelpers ?? []) helpers.add(h);
    for (const i of nodeImports ?? []) imports.add(i);
    return { name: n.def.name, var: vars.get(n.def.name)!, ...view };
  });
  return {
    view: {
      sourceFile: job.def.file ?? defaultJobFile(pipeline.def.name, job.def.name),
      stack: target.stack,
      descriptionLines: job.def.description ? job.def.description.split("\n") : [],
      scriptArguments: ["JOB_NAME", ...args.map((a) => a.name)],
      usesCollections: imports.has("collections"),
      importLines: (Object.keys(SCRIPT_IMPORT_LINES) as ScriptImport[]).flatMap((i) =>
        imports.has(i) ? SCRIPT_IMPORT_LINES[i] : [],
      ),
      usesDataQuality: job.nodes.some((n) => n.def.kind === "evaluateDataQuality"),
      // The 6.0 dialect: Spark 4 turns ANSI mode on, and the DSL's promises are those of ANSI mode off
      // (docs/decisions/glue-6-ansi-mode.md). 5.x scripts stay as they were: their Spark has it off already.
      ansiOff: GLUE_VERSION_FACTS[target.glueVersion ?? DEFAULT_GLUE_VERSION].ansiByDefault,
      helpers: [...helpers].map((partial) => ({ partial })),
      nodes,
    },
    reads: uniqueLocations(reads),
    writes: uniqueLocations(writes),
    rejected,
  };
}

function uniqueLocations(locations: S3Location[]): S3Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = l.bucket === "data" ? `data:${l.prefix}` : `external:${l.uri}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function renderedTable(t: ResolvedTable): RenderedTable {
  return {
    name: t.def.name,
    entity: t.def.entity,
    zone: t.def.zone,
    format: t.def.format,
    prefix: t.prefix,
    catalogPartitions: tableFormat(t.def.format).catalogPartitions,
    columns: t.columns,
    partitionKeys: t.partitionKeys,
    ...(t.producer !== undefined ? { producer: t.producer } : {}),
    ...(t.def.description !== undefined ? { description: t.def.description } : {}),
    ...(t.def.quality !== undefined
      ? { quality: { action: t.def.quality.action, ruleset: qualityDqdl(t.def.quality) } }
      : {}),
  };
}

/**
 * An Iceberg overwrite records what produced it (inputs and job version) and skips an identical
 * rerun. The job version is a hash of the script itself, written where the sink template put the
 * placeholder, so any change to the job, the templates or the renderer makes the next run recompute.
 */
function withScriptVersion(script: string): string {
  if (!script.includes(SCRIPT_VERSION_PLACEHOLDER)) return script;
  return script
    .split(SCRIPT_VERSION_PLACEHOLDER)
    .join(createHash("sha256").update(script, "utf8").digest("hex").slice(0, 16));
}

const bookmarkVerdict = (blockers: string[]) => ({ bookmarkSafe: blockers.length === 0, bookmarkBlockers: blockers });

function qualityChecks(job: ValidatedJob, pipeline: ValidatedPipeline): RenderedQualityCheck[] {
  return job.nodes.flatMap(({ def }) => {
    if (def.kind !== "evaluateDataQuality") return [];
    const context = nodeVariable(job.def.name, def.name);
    return [
      {
        context,
        node: def.name,
        table: def.table ?? null,
        action: def.quality.action,
        ruleset: qualityDqdl(def.quality),
        quarantine:
          def.quality.action === "quarantine"
            ? qualityQuarantinePrefix(def, job.def.name, context, (name) => pipeline.tables.get(name)?.def)
            : null,
        feeds: def.table !== undefined ? [def.table] : tablesDownstream(job, def.name),
      },
    ];
  });
}

/** The tables the job writes from a node's output, through any nodes after it, in the job's node order. */
function tablesDownstream(job: ValidatedJob, node: string): string[] {
  const reached = new Set([node]);
  const tables: string[] = [];
  for (const n of job.nodes) {
    if (!n.inputs.some((i) => reached.has(i))) continue;
    reached.add(n.def.name);
    for (const w of n.io.writes) if (!tables.includes(w.table)) tables.push(w.table);
  }
  return tables;
}

/** Each table the job writes, with the catalog calls its format's sink makes (the one place that rule is made). */
function renderedSinks(job: ValidatedJob, pipeline: ValidatedPipeline): RenderedSink[] {
  return job.nodes.flatMap(({ def, io }) =>
    io.writes.map((w) => ({
      node: def.name,
      table: w.table,
      mode: w.mode,
      partitionKeys: w.partitionKeys,
      catalogUpdate: tableFormat(pipeline.tables.get(w.table)!.def.format).sinkCatalogUpdate(w),
    })),
  );
}

/** The `--datalake-formats` of the formats of the tables the job reads and writes, in registry order. */
function datalakeFormats(job: ValidatedJob, pipeline: ValidatedPipeline): string[] {
  const formats = new Set([...job.reads, ...job.writes].map((t) => pipeline.tables.get(t)!.def.format));
  return [...formats].flatMap((f) => tableFormat(f).datalakeFormat ?? []).sort();
}

let cachedTemplates: { job: CompiledTemplate; ddl: CompiledTemplate } | undefined;

export function renderPipeline(pipeline: ValidatedPipeline, target: RenderTarget): RenderedPipeline {
  const templates = (cachedTemplates ??= loadTemplates());
  const dir = target.dir ?? `generated/${target.stack}`;
  const jobs: RenderedJob[] = pipeline.jobs.map((job) => {
    const args = scriptArguments();
    const { view, reads, writes, rejected } = jobView(job, pipeline, target, args);
    return {
      name: job.def.name,
      ...(job.def.description !== undefined ? { description: job.def.description } : {}),
      sourceFile: job.def.file ?? defaultJobFile(pipeline.def.name, job.def.name),
      scriptFile: `${job.def.name}.py`,
      script: withScriptVersion(templates.job(view)),
      reads: job.reads,
      writes: job.writes,
      readLocations: reads,
      writeLocations: writes,
      rejectedLocations: rejected,
      upstreamJobs: pipeline.lineage.upstreamJobs(job.def.name),
      quality: qualityChecks(job, pipeline),
      arguments: args,
      ...bookmarkVerdict(bookmarkBlockers(job, pipeline)),
      datalakeFormats: datalakeFormats(job, pipeline),
      sinks: renderedSinks(job, pipeline),
    };
  });
  const tables = [...pipeline.tables.values()].map(renderedTable);
  const partial = {
    name: pipeline.def.name,
    stack: target.stack,
    qualifiedStack: qualifiedStackName(pipeline.def.name, target.stack),
    glueVersion: target.glueVersion ?? DEFAULT_GLUE_VERSION,
    options: target.options,
    ...(target.synthetic !== undefined ? { synthetic: target.synthetic } : {}),
    database: target.database,
    jobs,
    tables,
  };
  const files: GeneratedFile[] = [
    ...jobs.map((j) => ({ path: `${dir}/${j.scriptFile}`, content: j.script })),
    ...tables
      .filter((t) => t.zone === "landing")
      .map((t) => ({ path: `${dir}/ddl/${t.name}.sql`, content: landingDdl(templates.ddl, t, target) })),
    { path: `${dir}/lineage.md`, content: lineageMarkdown(partial) },
    { path: `${dir}/pipeline.json`, content: pipelineManifest(partial) },
  ];
  return { ...partial, files };
}
