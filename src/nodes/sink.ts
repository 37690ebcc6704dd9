/**
 * Sink: writes a frame to a trusted or curated table. How is not the sink's to say: the table declares how it is
 * kept (`kept`: recompute, append, merge on keys) and its format's module (src/table-formats/) says with which
 * mode and partial it keeps that kind; the compiler (src/compiler/table-kinds.ts) resolves `write` from both. A `mode`,
 * `keys` or `deleteWhen` given to the sink must agree with the table's declaration.
 */
import { KEPT_MODE, keptKind, WRITE_MODES } from "../model/tables";
import type { Column, Predicate, TableDef } from "../model/types";
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
  type NodeView,
  type TableRef,
} from "./kind";

export { WRITE_MODES } from "../model/tables";

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
  /** What it writes: mode, keys and deleteWhen from the table's `kept` and format; partition keys its own. */
  readonly write: WriteMode;
  /** The mode, keys and deleteWhen the job gave the sink, if any; they must agree with the table's declaration. */
  readonly asked?: Partial<Pick<WriteMode, "mode" | "keys" | "deleteWhen">>;
}

export interface SinkOptions extends NodeOptions {
  /** Optional: the table's `kept` decides it. Given, it must be the mode that declaration asks for. */
  readonly mode?: WriteMode["mode"];
  readonly partitionKeys?: string[];
  /** Optional, merge tables only: must be the table's merge keys. */
  readonly keys?: string[];
  /** Optional, merge tables only: must be the table's `deleteWhen`. */
  readonly deleteWhen?: Predicate;
}

export interface SinkMethods {
  /**
   * Writes a frame to a trusted or curated table; a partitioned table's sink also adds the new partitions to the
   * catalog.
   *
   * ```ts
   * sink(consenting, customer_trusted, { name: "Customer Trusted" })
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
   * A table kept `{ merge: keys }` (Iceberg) updates the rows whose keys match and inserts the others, as
   * `MERGE INTO`; with `deleteWhen`, matched rows for which it is TRUE are deleted instead.
   * The table's schema is the frame's; `partitionKeys` become the table's partition columns.
   */
  sink(frame: Frame, table: TableRef, options: SinkOptions): void;
}

/** A sink's view: its table format's sink partial and fields (src/table-formats/<format>.ts). */
export type SinkView = NodeView;

/** The incremental landing sources of a job: their reads must commit with the job's one sink. */
export const incrementalSources = (nodes: readonly NodeDef[]) =>
  nodes.filter((n) => n.kind === "source" && n.source.kind === "catalog" && n.source.incremental === true);

/** The variable holding an incremental source's LandingFiles. */
export const landingFilesVariable = (sourceVariable: string): string => `${sourceVariable}_files`;

const describeKept = (t: TableDef): string =>
  typeof t.kept === "object" ? `{ merge: ${JSON.stringify(t.kept.merge)} }` : JSON.stringify(t.kept ?? "recompute");

const keptFor = (mode: string): string =>
  mode === "append" ? 'kept: "append"' : mode === "merge" ? "kept: { merge: [...key columns] }" : 'kept: "recompute"';

/** The sink's own mode, keys and deleteWhen against the table's `kept` and what its format can write. */
function checkAsked(d: SinkNode, table: TableDef, ctx: InferContext): void {
  const kind = keptKind(table);
  const format = ctx.formats.find(table.format);
  if (kind === undefined || format === undefined) return; // the table's own problem is reported with the table
  const asked = d.asked ?? {};
  const declared = KEPT_MODE[kind];
  const name = JSON.stringify(d.table);
  if (asked.mode !== undefined && asked.mode !== declared)
    ctx.at({
      code: "write-mode-conflict",
      field: "mode",
      message: `the sink asks for mode ${asked.mode}, but table ${name} is kept ${describeKept(table)}, which its sinks write with ${declared}.`,
      fix: `Remove mode from the sink (the table's \`kept\` decides it), or declare the table \`${keptFor(asked.mode)}\`.`,
    });
  if (asked.mode !== undefined && !format.writeModes.includes(asked.mode)) {
    const able = ctx.formats.all().filter((m) => m.writeModes.includes(asked.mode!));
    ctx.at({
      code: "invalid-write-mode",
      field: "mode",
      message: `mode ${asked.mode}${asked.mode === "merge" ? " (a MERGE INTO)" : ""} needs a table format that can write it (${able.map((m) => m.name).join(", ")}), but table ${name} is ${table.format}.`,
      fix: `Store the table in one of those formats (its \`format\`, or the pipeline's \`tableFormat\`), or remove mode from the sink.`,
    });
  }
  const mergeKeys = typeof table.kept === "object" ? table.kept : undefined;
  if (asked.keys?.length && kind !== "merge")
    ctx.at({
      code: "invalid-write-mode",
      field: "keys",
      message: `keys only apply to merge; table ${name} is kept ${describeKept(table)}.`,
      fix: "Remove keys from the sink, or declare the table `kept: { merge: [...keys] }`.",
    });
  else if (asked.keys?.length && JSON.stringify(asked.keys) !== JSON.stringify(mergeKeys?.merge))
    ctx.at({
      code: "write-mode-conflict",
      field: "keys",
      message: `the sink's keys ${JSON.stringify(asked.keys)} are not table ${name}'s merge keys ${JSON.stringify(mergeKeys?.merge)}.`,
      fix: "Remove keys from the sink: the table's `kept` names them.",
    });
  if (asked.deleteWhen && kind !== "merge")
    ctx.at({
      code: "invalid-write-mode",
      field: "deleteWhen",
      message: `deleteWhen only applies to merge; table ${name} is kept ${describeKept(table)}.`,
      fix: "Remove deleteWhen from the sink, or declare the table `kept: { merge: [...keys], deleteWhen }`.",
    });
  else if (asked.deleteWhen && JSON.stringify(asked.deleteWhen) !== JSON.stringify(mergeKeys?.deleteWhen))
    ctx.at({
      code: "write-mode-conflict",
      field: "deleteWhen",
      message: `the sink's deleteWhen is not the one table ${name}'s \`kept\` declares.`,
      fix: "Remove deleteWhen from the sink: declare it once, in the table's `kept: { merge: [...], deleteWhen }`.",
    });
}

function checkWrite(d: SinkNode, input: readonly Column[], ctx: InferContext): void {
  const table = ctx.tables.get(d.table);
  // A sink into a landing table is refused as such (landing-sink); how jobs keep a table does not apply there.
  if (table && table.zone !== "landing") checkAsked(d, table, ctx);
  const format = table && ctx.formats.find(table.format);
  if (d.write.mode === "merge") {
    for (const k of d.write.keys ?? []) ctx.requireColumn(input, k, "merge key");
    if (d.write.deleteWhen) checkPredicate(d.write.deleteWhen, input, ctx);
  }
  const incremental = incrementalSources(ctx.job.nodes);
  if (incremental.length && (!format?.recordsIngestedFiles || d.write.mode === "overwrite")) {
    const recording = ctx.formats.all().filter((m) => m.recordsIngestedFiles);
    ctx.at({
      code: "invalid-write-mode",
      field: "mode",
      message: `the job reads ${incremental.map((n) => JSON.stringify(n.name)).join(", ")} incrementally (new landing files only), so the table it writes must be kept append or merge, in a format whose commits record the files ingested (${recording.map((m) => m.name).join(", ")}); table ${JSON.stringify(d.table)} is ${table?.format ?? "unknown"} and kept ${table ? describeKept(table) : "unknown"}.`,
      fix: `Declare the table \`kept: "append"\` or \`kept: { merge: [...keys] }\` in a format that records them, or read the landing table in full (drop incremental).`,
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
        builder: "`sink(frame, table, {name, partitionKeys?})`",
        renders:
          '`purge_s3_path` (a `kept: "recompute"` table only), then `getSink` / `setFormat` / `writeFrame`; with ' +
          "`partitionKeys`, `enableUpdateCatalog=True` and `setCatalogInfo` add the new partitions to the catalog ([why only " +
          "then](../decisions/render-overwrite-and-catalog.md))",
        output: "written to the table",
      },
      {
        builder: "`sink(frame, icebergTable, {name, partitionKeys?})`",
        renders:
          "`writeIceberg(...)`: one Iceberg commit; overwrite, append or merge (`MERGE INTO` on the table's " +
          "`kept: { merge: keys }`) ([write modes](../guide/table-formats.md))",
        output: "written to the table",
      },
    ],
    example: ['sink(consenting, customer_trusted, { name: "Customer Trusted" })'],
  },
  // Its partial is its table format's (`sinkTemplates`).
  templates: [],
  inputs: (d) => [d.input],
  tables: (d) => ({
    reads: [],
    writes: [{ table: d.table, mode: d.write.mode, partitionKeys: d.write.partitionKeys }],
    files: [],
  }),
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    for (const k of d.write.partitionKeys) ctx.requireColumn(input, k, "partition key");
    if (d.write.partitionKeys.length >= input.length && input.length && ctx.inputsComplete !== false)
      ctx.at({
        code: "missing-columns",
        field: "partitionKeys",
        message: "every column is a partition key, so no data column is left.",
        fix: "Partition by fewer columns.",
      });
    const asked = d.asked?.mode;
    if (asked !== undefined && !(WRITE_MODES as readonly string[]).includes(asked))
      ctx.at({
        code: "invalid-write-mode",
        field: "mode",
        message: `write mode ${JSON.stringify(asked)} is not one of ${WRITE_MODES.join(", ")}.`,
        fix: "Remove mode from the sink: the table's `kept` (recompute, append, or { merge: keys }) decides it.",
      });
    else checkWrite(d, input, ctx);
    return known(input);
  },
  view(d, _detail, ctx) {
    const table = ctx.pipeline.tables.get(d.table)!;
    const location: S3Location = { bucket: "data", prefix: table.prefix };
    ctx.write(location);
    return ctx.formats.get(table.def.format).sinkView(d, ctx, location);
  },
  jobMethods: (add, useTable) => ({
    sink: (f, t, o) => {
      const asked = {
        ...(o.mode !== undefined ? { mode: o.mode } : {}),
        ...(o.keys !== undefined ? { keys: [...o.keys] } : {}),
        ...(o.deleteWhen !== undefined ? { deleteWhen: o.deleteWhen } : {}),
      };
      // Until validation resolves it from the table (src/compiler/table-kinds.ts), the sink writes what it asked for.
      const write: WriteMode = { mode: "overwrite", ...asked, partitionKeys: [...(o.partitionKeys ?? [])] };
      add({
        kind: "sink",
        name: o.name,
        input: f.nodeName,
        table: useTable(t),
        write,
        ...(Object.keys(asked).length ? { asked } : {}),
      });
    },
  }),
};
