/**
 * Sink: writes a frame to a catalog table through a catalog-updating Glue S3 sink. Overwrite is a
 * purge of the table's prefix first, since Glue sinks only append.
 */
import { pathExpression } from "../render/expressions";
import type { S3Location } from "../render/types";
import type { Frame } from "./index";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions, type TableRef } from "./kind";

export interface WriteMode {
  readonly mode: "overwrite" | "append";
  readonly partitionKeys: readonly string[];
}

export interface SinkNode extends NodeCommon {
  readonly kind: "sink";
  readonly input: string;
  readonly table: string;
  readonly write: WriteMode;
}

export interface SinkMethods {
  /**
   * Writes a frame to a trusted or curated table and updates its catalog entry.
   *
   * ```ts
   * sink(consenting, customer_trusted, { name: "Customer Trusted", mode: "overwrite" })
   * ```
   * renders as
   * ```py
   * glueContext.purge_s3_path(args["LAKE_ROOT"] + "/customer/trusted/", {"retentionPeriod": 0})   # overwrite only
   * CustomerTrusted_node… = glueContext.getSink(path=args["LAKE_ROOT"] + "/customer/trusted/", connection_type="s3", updateBehavior="LOG", partitionKeys=[], enableUpdateCatalog=True, transformation_ctx="CustomerTrusted_node…")
   * CustomerTrusted_node….setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName="customer_trusted")
   * CustomerTrusted_node….setFormat("glueparquet", compression="snappy")
   * CustomerTrusted_node….writeFrame(ShareWithResearch_node…)
   * ```
   * The table's schema is the frame's; `partitionKeys` become the table's partition columns.
   */
  sink(frame: Frame, table: TableRef, options: NodeOptions & { mode: "overwrite" | "append"; partitionKeys?: string[] }): void;
}

export interface SinkView {
  readonly partial: "nodes/sink";
  readonly input: string;
  readonly path: string;
  readonly table: string;
  readonly overwrite: boolean;
  readonly partitionKeys: readonly string[];
  readonly parquet: boolean;
}

export const sink: NodeKindSpec<SinkNode, undefined, SinkView, {}, SinkMethods> = {
  kind: "sink",
  templates: ["nodes/sink"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    for (const k of d.write.partitionKeys) ctx.requireColumn(input, k, "partition key");
    if (d.write.partitionKeys.length >= input.length && input.length)
      ctx.at({ code: "missing-columns", field: "partitionKeys", message: "every column is a partition key, so no data column is left.", fix: "Partition by fewer columns." });
    if (d.write.mode !== "overwrite" && d.write.mode !== "append")
      ctx.at({ code: "invalid-write-mode", field: "mode", message: `write mode ${JSON.stringify(d.write.mode)} is not overwrite or append.`, fix: "Use overwrite (re-runs replace the table) or append." });
    return known(input);
  },
  view(d, _detail, ctx) {
    const table = ctx.pipeline.tables.get(d.table)!;
    const location: S3Location = { bucket: "data", prefix: table.prefix };
    ctx.write(location);
    return {
      partial: "nodes/sink",
      input: ctx.variable(d.input),
      path: pathExpression(location),
      table: d.table,
      overwrite: d.write.mode === "overwrite",
      partitionKeys: d.write.partitionKeys,
      parquet: table.def.format === "parquet",
    };
  },
  jobMethods: (add, useTable) => ({
    sink: (f, t, o) => {
      add({ kind: "sink", name: o.name, input: f.nodeName, table: useTable(t), write: { mode: o.mode, partitionKeys: [...(o.partitionKeys ?? [])] } });
    },
  }),
};
