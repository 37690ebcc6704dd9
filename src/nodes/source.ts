/**
 * Sources: a catalog table (landing tables get a typed read that keeps rejected lines; derived
 * tables a `from_catalog` read), or JSON lines under an S3 path with declared columns.
 */
import { checkColumns, s3PathProblem } from "../dsl/columns";
import { rejectedPrefix } from "../dsl/tables";
import type { Column } from "../dsl/types";
import { pathExpression, sparkType } from "../render/expressions";
import type { S3Location } from "../render/types";
import type { Frame } from "./index";
import { known, type NodeCommon, type NodeKindSpec, type NodeOptions, type ScriptImport, type TableRef, type ViewContext } from "./kind";

export type SourceSpec =
  | { readonly kind: "catalog"; readonly table: string }
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
   * CustomerLanding_node1a2b3c = readJsonLines(glueContext, paths=[args["LAKE_ROOT"] + "/customer/landing/"], columns=[...], rejectedPath=..., transformation_ctx="CustomerLanding_node1a2b3c")
   * ```
   * a trusted or curated table as `glueContext.create_dynamic_frame.from_catalog(database=args["DATABASE"], table_name="customer_trusted", ...)`
   * followed by `withDeclaredColumns(...)`: Glue infers a catalog read's schema from the data files, so the read is
   * cast to exactly the declared columns (docs/decisions/render-catalog-reads.md).
   * Output: the table's declared or inferred columns.
   */
  source(table: TableRef, options: NodeOptions): Frame;
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

export type SourceView =
  | {
      readonly partial: "nodes/read_json";
      readonly helpers: readonly string[];
      readonly imports: readonly ScriptImport[];
      readonly path: string;
      readonly rejectedPath: string;
      readonly columns: readonly { readonly jsonKey: string; readonly name: string; readonly sparkType: string }[];
    }
  | {
      readonly partial: "nodes/from_catalog";
      readonly helpers: readonly string[];
      readonly table: string;
      readonly columns: readonly { readonly name: string; readonly type: string }[];
    };

function readJson(ctx: ViewContext, location: S3Location, columns: readonly Column[], table: string | null, rejectedPrefixInData: string): SourceView {
  const rejected: S3Location = { bucket: "data", prefix: rejectedPrefixInData };
  ctx.read(location);
  ctx.write(rejected);
  ctx.rejected(table, rejectedPrefixInData);
  return {
    partial: "nodes/read_json",
    helpers: ["helpers/read_json_lines"],
    imports: ["types"],
    path: pathExpression(location),
    rejectedPath: pathExpression(rejected),
    columns: columns.map((c) => ({ jsonKey: c.jsonKey ?? c.name, name: c.name, sparkType: sparkType(c.type) })),
  };
}

const sourceLocation = (path: string): S3Location => (path.startsWith("s3://") ? { bucket: "external", uri: path } : { bucket: "data", prefix: path });

export const source: NodeKindSpec<SourceNode, undefined, SourceView, {}, SourceMethods> = {
  kind: "source",
  templates: ["nodes/read_json", "nodes/from_catalog"],
  inputs: () => [],
  infer(d, ctx) {
    if (d.source.kind === "catalog") {
      const t = ctx.tables.get(d.source.table);
      const r = ctx.resolved.get(d.source.table);
      const schema = r ? [...r.columns, ...r.partitionKeys] : t?.zone === "landing" ? t.columns : undefined;
      return schema && known(schema);
    }
    const pathProblem = s3PathProblem(d.source.path);
    if (pathProblem) ctx.at({ code: "invalid-path", field: "path", message: `S3 path ${JSON.stringify(d.source.path)} ${pathProblem}.`, fix: 'Use a key prefix in the data bucket such as "customer/landing/", or a full "s3://bucket/prefix/".' });
    if (!d.source.columns.length) ctx.at({ code: "missing-columns", field: "columns", message: "an S3 JSON source must declare its columns.", fix: "Pass the columns with Glue types." });
    checkColumns(d.source.columns, ctx.at);
    return known(d.source.columns);
  },
  view(d, _detail, ctx) {
    if (d.source.kind === "s3Json") return readJson(ctx, sourceLocation(d.source.path), d.source.columns, null, `_rejected/${ctx.job.def.name}/${ctx.variable(d.name)}/`);
    const table = ctx.pipeline.tables.get(d.source.table)!;
    if (table.def.zone === "landing") return readJson(ctx, { bucket: "data", prefix: table.prefix }, table.columns, table.def.name, rejectedPrefix(table.def, ctx.job.def.name));
    ctx.read({ bucket: "data", prefix: table.prefix });
    // The node's schema is the table's declared columns (partition keys last), which Glue's read does not guarantee.
    const columns = ctx.schemaOf(d.name).map((c) => ({ name: c.name, type: c.type }));
    return { partial: "nodes/from_catalog", helpers: ["helpers/with_declared_columns"], table: table.def.name, columns };
  },
  jobMethods: (add, useTable) => ({
    source: (t, o) => add({ kind: "source", name: o.name, source: { kind: "catalog", table: useTable(t) } }),
    s3Json: (path, columns, o) => add({ kind: "source", name: o.name, source: { kind: "s3Json", path, columns: [...columns] } }),
  }),
};
