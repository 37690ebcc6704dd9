/**
 * Sources: a catalog table (landing tables get a typed read that keeps rejected lines; derived
 * tables a `from_catalog` read), or JSON lines under an S3 path with declared columns.
 */
import { checkColumns, s3PathProblem } from "../model/columns";
import { rejectedPrefix } from "../model/tables";
import type { Column } from "../model/types";
import { pathExpression, sparkType } from "../model/pyspark";
import type { S3Location } from "../model/script";
import type { Frame } from "./pipeline";
import { landingFilesVariable } from "./sink";
import {
  known,
  type NoMethods,
  type NodeCommon,
  type NodeKindSpec,
  type NodeOptions,
  type NodeView,
  type ScriptImport,
  type TableRef,
  type ViewContext,
} from "./kind";

export type SourceSpec =
  /** `incremental`: landing tables only; read just the files this job has not ingested yet. */
  | { readonly kind: "catalog"; readonly table: string; readonly incremental?: boolean }
  | { readonly kind: "s3Json"; readonly path: string; readonly columns: readonly Column[] };

export interface SourceNode extends NodeCommon {
  readonly kind: "source";
  readonly source: SourceSpec;
}

export interface SourceMethods {
  /**
   * Reads a table through the Data Catalog.
   *
   * ```ts
   * const customers = source(customer_landing, { name: "Customer Landing" });
   * ```
   * A landing table renders as a typed read that keeps the lines it cannot parse or type:
   * ```py
   * CustomerLanding_node1a2b3c = readJsonLines(glueContext, paths=[args["LAKE_ROOT"] + "/customer/landing/"],
   *     columns=[...], rejectedPath=..., transformation_ctx="CustomerLanding_node1a2b3c")
   * ```
   * a trusted or curated table as `glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"],
   * table_name="customer_trusted", ...)`
   * followed by `withDeclaredColumns(...)`: Glue infers a catalog read's schema from the data files, so the read is
   * cast to exactly the declared columns (docs/decisions/render-catalog-reads.md); an Iceberg table as
   * `spark.table("glue_catalog.<database>.<table>")` (Iceberg keeps the declared schema itself).
   *
   * `incremental: true` (landing tables whose job appends or merges into an Iceberg table) reads only
   * the landing files the job has not ingested yet; which files were ingested is recorded in the same
   * Iceberg commit as the rows they produced:
   * ```py
   * CustomerLanding_node…_files = newLandingFiles(glueContext, landingPath=args["LAKE_ROOT"] + "/customer/landing/",
   *     database=args["DATABASE"], recordTable="customer_trusted", recordKey="customer_landing")
   * CustomerLanding_node… = readJsonLines(glueContext, paths=CustomerLanding_node…_files.paths, ...)
   * ```
   * Output: the table's declared or inferred columns.
   */
  source(table: TableRef, options: NodeOptions & { incremental?: boolean }): Frame;
  /**
   * Reads JSON lines under an S3 path with declared columns. A relative path is a key prefix in the data bucket.
   *
   * ```ts
   * const refunds = s3Json("s3://partner-drop/refunds/", [column("order_id", "bigint", { jsonKey: "orderId" })], { name: "Partner Refunds" });
   * ```
   * renders as `readJsonLines(glueContext, paths=["s3://partner-drop/refunds/"], ...)`, rejected lines under
   * `_rejected/<job>/<node variable>/` in the data bucket. Output: the declared columns.
   */
  s3Json(path: string, columns: Column[], options: NodeOptions): Frame;
}

/** A typed read of JSON lines (`readJsonLines`). */
interface JsonReadView {
  readonly partial: "nodes/read_json";
  readonly helpers: readonly string[];
  readonly imports: readonly ScriptImport[];
  readonly path: string;
  readonly rejectedPath: string;
  readonly columns: readonly { readonly jsonKey: string; readonly name: string; readonly sparkType: string }[];
}

export type SourceView =
  | JsonReadView
  /** The same read over the landing files not ingested yet (`newLandingFiles`). */
  | (Omit<JsonReadView, "partial"> & {
      readonly partial: "nodes/read_json_incremental";
      readonly filesVar: string;
      readonly recordTable: string;
      readonly recordKey: string;
    })
  /** A catalog read of a trusted or curated table: its format's read partial (src/table-formats/<format>.ts). */
  | NodeView;

function readJson(
  ctx: ViewContext,
  location: S3Location,
  columns: readonly Column[],
  table: string | null,
  rejectedPrefixInData: string,
): JsonReadView {
  const rejected: S3Location = { bucket: "data", prefix: rejectedPrefixInData };
  ctx.read(location);
  ctx.write(rejected);
  ctx.rejected(table, rejectedPrefixInData);
  return {
    partial: "nodes/read_json",
    helpers: ["helpers/read_json_lines"],
    imports: ["types", "json"],
    path: pathExpression(location),
    rejectedPath: pathExpression(rejected),
    columns: columns.map((c) => ({ jsonKey: c.jsonKey ?? c.name, name: c.name, sparkType: sparkType(c.type) })),
  };
}

const sourceLocation = (path: string): S3Location =>
  path.startsWith("s3://") ? { bucket: "external", uri: path } : { bucket: "data", prefix: path };

// This kind's model joins the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    source: SourceNode;
  }
}

export const source: NodeKindSpec<SourceNode, undefined, SourceView, NoMethods, SourceMethods> = {
  kind: "source",
  doc: {
    summary:
      "Reads a table through the Data Catalog (a landing table as a typed read that keeps the lines it cannot parse " +
      "or type), or JSON lines under an S3 path with declared columns.",
    forms: [
      {
        builder: "`source(table, {name})`, trusted or curated",
        renders:
          "`glueContext.create_dynamic_frame.from_catalog(...)`, then `withDeclaredColumns(...)`: exactly the " +
          "declared columns, whatever Glue infers from the files",
        output: "the table's (inferred) schema",
      },
      {
        builder: "`source(table, {name})`, trusted or curated Iceberg",
        renders: '`spark.table("glue_catalog.<database>.<table>")`',
        output: "the table's (inferred) schema",
      },
      {
        builder: "`source(table, {name})`, landing",
        renders: "`readJsonLines(...)`: typed read; bad lines go to `<entity>/rejected/<table>/<job>/`",
        output: "the declared columns",
      },
      {
        builder: "`source(table, {name, incremental: true})`, landing",
        renders:
          "`newLandingFiles(...)` then `readJsonLines(...)` of the files not ingested yet ([incremental " +
          "reads](../guide/table-formats.md#incremental-landing-reads))",
        output: "the declared columns",
      },
      {
        builder: "`s3Json(path, columns, {name})`",
        renders:
          "`readJsonLines(...)` on `s3://…` or a data-bucket prefix; rejected lines under `_rejected/<job>/<node " +
          "variable>/` in the data bucket",
        output: "the declared columns",
      },
    ],
    example: [
      'const customers = source(customer_landing, { name: "Customer Landing" });',
      'const refunds = s3Json("s3://partner-drop/refunds/", [column("order_id", "bigint", { jsonKey: "orderId" })], {',
      '  name: "Partner Refunds",',
      "});",
    ],
  },
  // A catalog read of a trusted or curated table renders its format's partial (`readTemplates`).
  templates: ["nodes/read_json", "nodes/read_json_incremental"],
  inputs: () => [],
  tables: (d) =>
    d.source.kind === "catalog"
      ? { reads: [d.source.table], writes: [], files: [] }
      : { reads: [], writes: [], files: [d.source.path] },
  infer(d, ctx) {
    if (d.source.kind === "catalog") {
      const t = ctx.tables.get(d.source.table);
      const r = ctx.resolved.get(d.source.table);
      const schema = r ? [...r.columns, ...r.partitionKeys] : t?.zone === "landing" ? t.columns : undefined;
      if (d.source.incremental && t && t.zone !== "landing")
        ctx.at({
          code: "invalid-write-mode",
          field: "incremental",
          message: `only landing tables can be read incrementally (by new files); ${JSON.stringify(t.name)} is a ${t.zone} table.`,
          fix: "Read it in full (drop incremental); its producer's commits already make it consistent.",
        });
      return schema && known(schema);
    }
    const pathProblem = s3PathProblem(d.source.path);
    if (pathProblem)
      ctx.at({
        code: "invalid-path",
        field: "path",
        message: `S3 path ${JSON.stringify(d.source.path)} ${pathProblem}.`,
        fix: 'Use a key prefix in the data bucket such as "customer/landing/", or a full "s3://bucket/prefix/".',
      });
    if (!d.source.columns.length)
      ctx.at({
        code: "missing-columns",
        field: "columns",
        message: "an S3 JSON source must declare its columns.",
        fix: "Pass the columns with Glue types.",
      });
    checkColumns(d.source.columns, ctx.at);
    return known(d.source.columns);
  },
  view(d, _detail, ctx) {
    if (d.source.kind === "s3Json")
      return readJson(
        ctx,
        sourceLocation(d.source.path),
        d.source.columns,
        null,
        `_rejected/${ctx.job.def.name}/${ctx.variable(d.name)}/`,
      );
    const table = ctx.pipeline.tables.get(d.source.table)!;
    if (table.def.zone === "landing") {
      const read = readJson(
        ctx,
        { bucket: "data", prefix: table.prefix },
        table.columns,
        table.def.name,
        rejectedPrefix(table.def, ctx.job.def.name),
      );
      if (!d.source.incremental) return read;
      // Validation allows an incremental source only in a job writing one table, whose format records what it read.
      return {
        ...read,
        partial: "nodes/read_json_incremental",
        helpers: [...read.helpers, "helpers/iceberg_write", "helpers/new_landing_files"],
        filesVar: landingFilesVariable(ctx.variable(d.name)),
        recordTable: ctx.job.writes[0]!,
        recordKey: table.def.name,
      };
    }
    ctx.read({ bucket: "data", prefix: table.prefix });
    return ctx.formats.get(table.def.format).readView(d, table, ctx);
  },
  jobMethods: (add, useTable) => ({
    source: (t, o) =>
      add({
        kind: "source",
        name: o.name,
        source: { kind: "catalog", table: useTable(t), ...(o.incremental ? { incremental: true } : {}) },
      }),
    s3Json: (path, columns, o) =>
      add({ kind: "source", name: o.name, source: { kind: "s3Json", path, columns: [...columns] } }),
  }),
};
