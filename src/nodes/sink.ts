/**
 * Sink: writes a frame to a trusted or curated table.
 * - Parquet/JSON tables: a Glue S3 sink, catalog-updating (new partitions) only on a partitioned table; overwrite
 *   purges the table's prefix first, since Glue sinks only append (readers see an empty table in between).
 * - Iceberg tables: `writeIceberg`, one Iceberg commit per write: overwrite (atomic replace), append,
 *   or merge on key columns (MERGE INTO). See docs/decisions/iceberg-tables-and-incremental-runs.md.
 */
import type { Predicate } from "../model/types";
import { pathExpression, predicateExpression } from "../model/pyspark";
import type { S3Location } from "../model/script";
import { checkPredicate } from "./filter";
import type { Frame, NodeDef } from "./pipeline";
import {
  known,
  onlyInput,
  type InferContext,
  type NoMethods,
  type NodeCommon,
  type NodeKindSpec,
  type NodeOptions,
  type TableRef,
  type ViewContext,
} from "./kind";

export const WRITE_MODES = ["overwrite", "append", "merge"] as const;

export interface WriteMode {
  readonly mode: (typeof WRITE_MODES)[number];
  readonly partitionKeys: readonly string[];
  /** merge: the columns that identify a row (compared NULL-safely). */
  readonly keys?: readonly string[];
  /** merge: a matched row is deleted when this predicate on the incoming row is TRUE. */
  readonly deleteWhen?: Predicate;
}

export interface SinkNode extends NodeCommon {
  readonly kind: "sink";
  readonly input: string;
  readonly table: string;
  readonly write: WriteMode;
}

export interface SinkOptions extends NodeOptions {
  readonly mode: WriteMode["mode"];
  readonly partitionKeys?: string[];
  /** merge only: key columns; the incoming rows must be unique on them. */
  readonly keys?: string[];
  /** merge only: delete the matched rows for which this is TRUE, e.g. `eq("deleted", true)`. */
  readonly deleteWhen?: Predicate;
}

export interface SinkMethods {
  /**
   * Writes a frame to a trusted or curated table; a partitioned table's sink also adds the new partitions to the
   * catalog.
   *
   * ```ts
   * sink(consenting, customer_trusted, { name: "Customer Trusted", mode: "overwrite" })
   * ```
   * renders, for a parquet table, as
   * ```py
   * glueContext.purge_s3_path(args["LAKE_ROOT"] + "/customer/trusted/", {"retentionPeriod": 0})   # overwrite only
   * CustomerTrusted_node… = glueContext.getSink(path=args["LAKE_ROOT"] + "/customer/trusted/", connection_type="s3",
   *     updateBehavior="LOG", partitionKeys=[], enableUpdateCatalog=False, transformation_ctx="CustomerTrusted_node…")
   * CustomerTrusted_node….setFormat("glueparquet", compression="snappy")
   * CustomerTrusted_node….writeFrame(ShareWithResearch_node…)
   * ```
   * A partitioned table's sink has `enableUpdateCatalog=True` and then
   * `….setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName=…)`, so its new partitions are registered.
   * and, for an Iceberg table, as one atomic commit:
   * ```py
   * writeIceberg(glueContext, ShareWithResearch_node…, database=args["DATABASE"], table="customer_trusted",
   *              location=args["LAKE_ROOT"] + "/customer/trusted/", mode="merge", partitionKeys=[],
   *                  mergeKeys=["serialnumber"], ...)
   * ```
   * `mode: "merge"` (Iceberg only) updates the rows whose `keys` match and inserts the others, as
   * `MERGE INTO`; with `deleteWhen`, matched rows for which it is TRUE are deleted instead.
   * The table's schema is the frame's; `partitionKeys` become the table's partition columns.
   */
  sink(frame: Frame, table: TableRef, options: SinkOptions): void;
}

export type SinkView =
  | {
      readonly partial: "nodes/sink";
      readonly input: string;
      readonly path: string;
      readonly table: string;
      readonly overwrite: boolean;
      readonly partitionKeys: readonly string[];
      /**
       * `enableUpdateCatalog`: only a partitioned table has anything to add (its new partitions). An unpartitioned
       * table is Pulumi's, and a catalog-updating sink may call `glue:UpdateTable` on it, which the job roles lack.
       */
      readonly updateCatalog: boolean;
      readonly parquet: boolean;
    }
  | {
      readonly partial: "nodes/iceberg_sink";
      readonly helpers: readonly string[];
      readonly name: string;
      readonly input: string;
      readonly path: string;
      readonly table: string;
      readonly mode: WriteMode["mode"];
      readonly modeComment: string;
      readonly partitionKeys: readonly string[];
      readonly mergeKeys: readonly string[];
      /** A PySpark column expression over the incoming rows, or null. */
      readonly deleteWhen: string | null;
      /** Variables holding this job's incremental landing reads (LandingFiles). */
      readonly ingested: readonly string[];
      /** overwrite only: what the job read, so an unchanged rerun commits nothing; null when unknowable. */
      readonly inputs: { readonly tables: readonly string[]; readonly landing: readonly string[] } | null;
      readonly scriptVersion: string;
    };

/** The incremental landing sources of a job: their reads must commit with the job's one sink. */
export const incrementalSources = (nodes: readonly NodeDef[]) =>
  nodes.filter((n) => n.kind === "source" && n.source.kind === "catalog" && n.source.incremental === true);

/** Replaced in the rendered script by a hash of the script, so a changed job always recomputes. */
export const SCRIPT_VERSION_PLACEHOLDER = "@@SCRIPT_VERSION@@";

function checkIcebergOptions(d: SinkNode, input: readonly import("../model/types").Column[], ctx: InferContext): void {
  const table = ctx.tables.get(d.table);
  const iceberg = table?.format === "iceberg";
  const { mode, keys, deleteWhen } = d.write;
  if (mode === "merge") {
    if (table && !iceberg)
      ctx.at({
        code: "invalid-write-mode",
        field: "mode",
        message: `merge is an Iceberg MERGE INTO, but table ${JSON.stringify(d.table)} is ${table.format}.`,
        fix: 'Make the table an Iceberg table (format: "iceberg", or stedi:tableFormat iceberg), or use overwrite.',
      });
    if (!keys?.length)
      ctx.at({
        code: "missing-columns",
        field: "keys",
        message: "merge needs the key columns that identify a row.",
        fix: 'Pass keys, e.g. { mode: "merge", keys: ["serialnumber"] }.',
      });
    for (const k of keys ?? []) ctx.requireColumn(input, k, "merge key");
    if (deleteWhen) checkPredicate(deleteWhen, input, ctx);
  } else {
    if (keys?.length)
      ctx.at({
        code: "invalid-write-mode",
        field: "keys",
        message: `keys only apply to merge; this sink's mode is ${mode}.`,
        fix: 'Remove keys, or use mode: "merge".',
      });
    if (deleteWhen)
      ctx.at({
        code: "invalid-write-mode",
        field: "deleteWhen",
        message: `deleteWhen only applies to merge; this sink's mode is ${mode}.`,
        fix: 'Remove deleteWhen, or use mode: "merge".',
      });
  }
  const incremental = incrementalSources(ctx.job.nodes);
  if (incremental.length && (!iceberg || mode === "overwrite")) {
    ctx.at({
      code: "invalid-write-mode",
      field: "mode",
      message: `the job reads ${incremental.map((n) => JSON.stringify(n.name)).join(", ")} incrementally (new landing files only), so its sink must append or merge into an Iceberg table; table ${JSON.stringify(d.table)} is ${table?.format ?? "unknown"} and the mode is ${mode}.`,
      fix: 'Use mode "append" or "merge" on an Iceberg table, or read the landing table in full (drop incremental).',
    });
  }
  if (incremental.length && ctx.job.nodes.filter((n) => n.kind === "sink").length > 1)
    ctx.at({
      code: "invalid-write-mode",
      field: "mode",
      message:
        "a job with an incremental source records what it ingested in its sink's commit, so it must have exactly one sink.",
      fix: "Split the job, one sink each.",
    });
}

function icebergView(d: SinkNode, ctx: ViewContext, path: string): SinkView {
  const nodes = ctx.job.def.nodes;
  const incremental = incrementalSources(nodes);
  const sources = nodes.filter((n) => n.kind === "source");
  // An unchanged rerun can be skipped only when every input can be fingerprinted: Iceberg tables by
  // snapshot id, landing data by its file listing. Anything else (a parquet table) always recomputes.
  const tables: string[] = [];
  const landing: string[] = [];
  let knowable = true;
  for (const n of sources) {
    if (n.kind !== "source") continue;
    if (n.source.kind === "s3Json") {
      landing.push(
        pathExpression(
          n.source.path.startsWith("s3://")
            ? { bucket: "external", uri: n.source.path }
            : { bucket: "data", prefix: n.source.path },
        ),
      );
      continue;
    }
    const t = ctx.pipeline.tables.get(n.source.table)!;
    if (t.def.zone === "landing") landing.push(pathExpression({ bucket: "data", prefix: t.prefix }));
    else if (t.def.format === "iceberg") tables.push(t.def.name);
    else knowable = false;
  }
  const { mode } = d.write;
  const modeComment =
    mode === "overwrite"
      ? "Overwrite: one Iceberg commit replaces the table, so readers see the old table or the new one, never an empty one."
      : mode === "append"
        ? "Append: one Iceberg commit adds the rows."
        : "Merge: rows matching on the keys are updated (or deleted), the rest inserted, in one Iceberg commit.";
  return {
    partial: "nodes/iceberg_sink",
    helpers: ["helpers/iceberg_write"],
    name: d.name,
    input: ctx.variable(d.input),
    path,
    table: d.table,
    mode,
    modeComment,
    partitionKeys: d.write.partitionKeys,
    mergeKeys: d.write.keys ?? [],
    deleteWhen: d.write.deleteWhen ? predicateExpression(d.write.deleteWhen) : null,
    ingested: incremental.map((n) => landingFilesVariable(ctx.variable(n.name))),
    inputs: mode === "overwrite" && knowable ? { tables, landing } : null,
    scriptVersion: SCRIPT_VERSION_PLACEHOLDER,
  };
}

/** The variable holding an incremental source's LandingFiles. */
export const landingFilesVariable = (sourceVariable: string): string => `${sourceVariable}_files`;

// This kind's model joins the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    sink: SinkNode;
  }
}

export const sink: NodeKindSpec<SinkNode, undefined, SinkView, NoMethods, SinkMethods> = {
  kind: "sink",
  doc: {
    summary: "Writes a frame to a trusted or curated table.",
    forms: [
      {
        builder: "`sink(frame, table, {name, mode, partitionKeys?})`",
        renders:
          "`purge_s3_path` (overwrite only), then `getSink` / `setFormat` / `writeFrame`; with `partitionKeys`, " +
          "`enableUpdateCatalog=True` and `setCatalogInfo` add the new partitions to the catalog ([why only " +
          "then](../decisions/render-overwrite-and-catalog.md))",
        output: "written to the table",
      },
      {
        builder: "`sink(frame, icebergTable, {name, mode, partitionKeys?, keys?, deleteWhen?})`",
        renders:
          "`writeIceberg(...)`: one Iceberg commit; `mode` overwrite, append or merge (`MERGE INTO` on `keys`) " +
          "([write modes](../guide/table-formats.md))",
        output: "written to the table",
      },
    ],
    example: ['sink(consenting, customer_trusted, { name: "Customer Trusted", mode: "overwrite" })'],
  },
  templates: ["nodes/sink", "nodes/iceberg_sink"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    for (const k of d.write.partitionKeys) ctx.requireColumn(input, k, "partition key");
    if (d.write.partitionKeys.length >= input.length && input.length)
      ctx.at({
        code: "missing-columns",
        field: "partitionKeys",
        message: "every column is a partition key, so no data column is left.",
        fix: "Partition by fewer columns.",
      });
    if (!(WRITE_MODES as readonly string[]).includes(d.write.mode))
      ctx.at({
        code: "invalid-write-mode",
        field: "mode",
        message: `write mode ${JSON.stringify(d.write.mode)} is not one of ${WRITE_MODES.join(", ")}.`,
        fix: "Use overwrite (re-runs replace the table), append, or merge (Iceberg tables).",
      });
    else checkIcebergOptions(d, input, ctx);
    return known(input);
  },
  view(d, _detail, ctx) {
    const table = ctx.pipeline.tables.get(d.table)!;
    const location: S3Location = { bucket: "data", prefix: table.prefix };
    ctx.write(location);
    if (table.def.format === "iceberg") return icebergView(d, ctx, pathExpression(location));
    return {
      partial: "nodes/sink",
      input: ctx.variable(d.input),
      path: pathExpression(location),
      table: d.table,
      overwrite: d.write.mode === "overwrite",
      partitionKeys: d.write.partitionKeys,
      updateCatalog: d.write.partitionKeys.length > 0,
      parquet: table.def.format === "parquet",
    };
  },
  jobMethods: (add, useTable) => ({
    sink: (f, t, o) => {
      const write: WriteMode = {
        mode: o.mode,
        partitionKeys: [...(o.partitionKeys ?? [])],
        ...(o.keys !== undefined ? { keys: [...o.keys] } : {}),
        ...(o.deleteWhen !== undefined ? { deleteWhen: o.deleteWhen } : {}),
      };
      add({ kind: "sink", name: o.name, input: f.nodeName, table: useTable(t), write });
    },
  }),
};
