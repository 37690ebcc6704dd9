/**
 * Turns a validated pipeline into text: one Glue script per job, plus the view of each job the rest
 * of the system needs (tables, S3 locations, upstream jobs). Pure apart from loading the templates.
 */
import { rejectedPrefix, type Column, type ResolvedTable, type ValidatedJob, type ValidatedPipeline } from "../dsl";
import { predicateExpression, pyColumn, sparkType } from "./expressions";
import { loadTemplates, type CompiledTemplate } from "./handlebars";
import { nodeVariable, pyStr } from "./python";
import { SCRIPT_ARGUMENTS, type GeneratedFile, type RenderedJob, type RenderedPipeline, type RenderedTable, type S3Location } from "./types";
import { lineageMarkdown } from "./lineage-markdown";
import { landingDdl } from "./ddl";
import { pipelineManifest } from "./manifest";

export interface RenderTarget {
  readonly stack: string;
  readonly database: string;
  readonly privacy: string;
}

const JOIN_HOW = { inner: "inner", left: "left", semi: "leftsemi", anti: "leftanti" } as const;

/** A Python expression for an S3 location: data-bucket prefixes hang off the LAKE_ROOT argument. */
function pathExpression(location: S3Location): string {
  return location.bucket === "data" ? `args["LAKE_ROOT"] + ${pyStr(`/${location.prefix}`)}` : pyStr(location.uri);
}

function sourceLocation(path: string): S3Location {
  return path.startsWith("s3://") ? { bucket: "external", uri: path } : { bucket: "data", prefix: path };
}

interface JobView {
  readonly view: object;
  readonly reads: S3Location[];
  readonly writes: S3Location[];
  readonly rejected: { table: string | null; prefix: string }[];
}

function jobView(job: ValidatedJob, pipeline: ValidatedPipeline, target: RenderTarget): JobView {
  const vars = new Map(job.nodes.map((n) => [n.def.name, nodeVariable(job.def.name, n.def.name)]));
  const v = (name: string) => vars.get(name)!;
  const reads: S3Location[] = [];
  const writes: S3Location[] = [];
  const rejectedLocations: { table: string | null; prefix: string }[] = [];
  let sqlCount = 0;

  const readJson = (location: S3Location, columns: readonly Column[], table: string | null, rejectedPrefixInData: string) => {
    const rejected: S3Location = { bucket: "data", prefix: rejectedPrefixInData };
    reads.push(location);
    writes.push(rejected);
    rejectedLocations.push({ table, prefix: rejectedPrefixInData });
    return {
      partial: "nodes/read_json",
      path: pathExpression(location),
      rejectedPath: pathExpression(rejected),
      columns: columns.map((c) => ({ jsonKey: c.jsonKey ?? c.name, name: c.name, sparkType: sparkType(c.type) })),
    };
  };

  const nodes = job.nodes.map((n) => {
    const d = n.def;
    const base = { name: d.name, var: v(d.name) };
    switch (d.kind) {
      case "source": {
        if (d.source.kind === "s3Json") {
          return { ...base, ...readJson(sourceLocation(d.source.path), d.source.columns, null, `_rejected/${job.def.name}/${v(d.name)}/`) };
        }
        const table = pipeline.tables.get(d.source.table)!;
        if (table.def.zone === "landing") {
          return { ...base, ...readJson({ bucket: "data", prefix: table.prefix }, table.columns, table.def.name, rejectedPrefix(table.def, job.def.name)) };
        }
        reads.push({ bucket: "data", prefix: table.prefix });
        // The node's schema is the table's declared columns (partition keys last), which Glue's read does not guarantee.
        return { ...base, partial: "nodes/from_catalog", table: table.def.name, columns: n.schema.map((c) => ({ name: c.name, type: c.type })) };
      }
      case "filter":
        return { ...base, partial: "nodes/filter", input: v(d.input), condition: predicateExpression(d.predicate) };
      case "join": {
        const keys = d.on.map(([l, r]) => `${pyColumn(l, "left")} == ${pyColumn(r, "right")}`);
        const common = { ...base, input: v(d.input), right: v(d.right), keys, how: JOIN_HOW[d.type] };
        if (d.type === "semi" || d.type === "anti") return { ...common, partial: "nodes/semi_join" };
        return {
          ...common,
          partial: "nodes/join",
          columns: n.joinColumns!.map((c) => `${pyColumn(c.name, c.side)}.alias(${pyStr(c.as)})`),
        };
      }
      // Select, drop, rename and cast are DataFrame operations, not SelectFields/DropFields/ApplyMapping:
      // those act on a DynamicFrame's schema, which Glue may compute from the records (see
      // docs/decisions/render-dataframe-transforms.md), so their result could differ from the local run's.
      case "select":
        return { ...base, partial: "nodes/select", input: v(d.input), columns: d.columns.map((c) => pyColumn(c)) };
      case "drop":
        return { ...base, partial: "nodes/drop", input: v(d.input), columns: n.dropped ?? d.columns };
      case "applyMapping": {
        const input = job.nodes.find((x) => x.def.name === d.input)!.schema;
        const byFrom = new Map(d.mappings.map((m) => [m.from, m]));
        const rows = d.keepUnmapped ? input.map((c) => byFrom.get(c.name) ?? { from: c.name, to: c.name }) : d.mappings;
        return {
          ...base,
          partial: "nodes/apply_mapping",
          input: v(d.input),
          columns: rows.map((m) => {
            const from = input.find((c) => c.name === m.from)!;
            const cast = m.type !== undefined && m.type !== from.type ? `.cast(${pyStr(m.type)})` : "";
            return `${pyColumn(m.from)}${cast}${m.to !== m.from ? `.alias(${pyStr(m.to)})` : ""}`;
          }),
        };
      }
      case "dropDuplicates":
        return { ...base, partial: "nodes/drop_duplicates", input: v(d.input), keys: d.keys ?? null };
      case "sql":
        return {
          ...base,
          partial: "nodes/sql",
          job: job.def.name,
          queryVar: `SqlQuery${sqlCount++}`,
          query: d.query,
          inputs: Object.entries(d.inputs).map(([alias, node]) => ({ alias, frame: v(node) })),
          columns: d.columns.map((c) => ({ name: c.name, type: c.type })),
        };
      case "sink": {
        const table = pipeline.tables.get(d.table)!;
        const location: S3Location = { bucket: "data", prefix: table.prefix };
        writes.push(location);
        return {
          ...base,
          partial: "nodes/sink",
          input: v(d.input),
          path: pathExpression(location),
          table: d.table,
          overwrite: d.write.mode === "overwrite",
          partitionKeys: d.write.partitionKeys,
          parquet: table.def.format === "parquet",
        };
      }
    }
  });

  const kinds = new Set(nodes.map((n) => n.partial));
  const helpers = [
    ...(kinds.has("nodes/read_json") ? [{ partial: "helpers/read_json_lines" }] : []),
    ...(kinds.has("nodes/from_catalog") ? [{ partial: "helpers/with_declared_columns" }] : []),
    ...(kinds.has("nodes/sql") ? [{ partial: "helpers/spark_sql_query" }, { partial: "helpers/assert_schema" }] : []),
  ];
  return {
    view: {
      sourceFile: job.def.file,
      stack: target.stack,
      descriptionLines: job.def.description ? job.def.description.split("\n") : [],
      usesTypes: kinds.has("nodes/read_json"),
      helpers,
      nodes,
    },
    reads: uniqueLocations(reads),
    writes: uniqueLocations(writes),
    rejected: rejectedLocations,
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
    columns: t.columns,
    partitionKeys: t.partitionKeys,
    ...(t.producer !== undefined ? { producer: t.producer } : {}),
    ...(t.def.description !== undefined ? { description: t.def.description } : {}),
  };
}

let cachedTemplates: { job: CompiledTemplate; ddl: CompiledTemplate } | undefined;

export function renderPipeline(pipeline: ValidatedPipeline, target: RenderTarget): RenderedPipeline {
  const templates = (cachedTemplates ??= loadTemplates());
  const dir = `generated/${target.stack}`;
  const jobs: RenderedJob[] = pipeline.jobs.map((job) => {
    const { view, reads, writes, rejected } = jobView(job, pipeline, target);
    return {
      name: job.def.name,
      ...(job.def.description !== undefined ? { description: job.def.description } : {}),
      sourceFile: job.def.file,
      scriptFile: `${job.def.name}.py`,
      script: templates.job(view),
      reads: job.reads,
      writes: job.writes,
      readLocations: reads,
      writeLocations: writes,
      rejectedLocations: rejected,
      upstreamJobs: pipeline.lineage.upstreamJobs(job.def.name),
      arguments: SCRIPT_ARGUMENTS,
      bookmarkSafe: job.nodes.every((n) => n.def.kind !== "sink" || n.def.write.mode === "append"),
    };
  });
  const tables = [...pipeline.tables.values()].map(renderedTable);
  const partial = { name: pipeline.def.name, stack: target.stack, privacy: target.privacy, database: target.database, jobs, tables, lineage: pipeline.lineage };
  const files: GeneratedFile[] = [
    ...jobs.map((j) => ({ path: `${dir}/${j.scriptFile}`, content: j.script })),
    ...tables.filter((t) => t.zone === "landing").map((t) => ({ path: `${dir}/ddl/${t.name}.sql`, content: landingDdl(templates.ddl, t, target) })),
    { path: `${dir}/lineage.md`, content: lineageMarkdown(partial) },
    { path: `${dir}/pipeline.json`, content: pipelineManifest(partial) },
  ];
  return { ...partial, files };
}
