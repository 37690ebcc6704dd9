/**
 * What the formats Glue writes through its own S3 sink share (json, parquet): the `getSink` partial, catalog
 * reads with `from_catalog`, and the catalog's partitions. Each format module passes its `setFormat` arguments.
 */
import { pathExpression } from "../model/pyspark";
import { pyStr } from "../model/python";
import type { S3Location } from "../model/script";
import type { NodeView, TableWrite, ViewContext } from "../nodes/kind";
import type { ResolvedTable } from "../nodes/pipeline";
import type { SinkNode } from "../nodes/sink";
import type { SourceNode } from "../nodes/source";
import type { SinkCatalogUpdate, TableFormatModule } from "./format";

/**
 * A Glue S3 sink, catalog-updating (new partitions) only on a partitioned table: an unpartitioned table is
 * Pulumi's, and a catalog-updating sink may call `glue:UpdateTable` on it, which the job roles lack. Glue sinks
 * only append, so overwrite purges the table's prefix first (readers see an empty table in between).
 */
/** The Glue S3 sink's view (`templates/nodes/sink.py.hbs`). */
export interface GlueSinkView extends NodeView<"nodes/sink"> {
  readonly input: string;
  readonly path: string;
  readonly table: string;
  readonly overwrite: boolean;
  readonly partitionKeys: readonly string[];
  readonly updateCatalog: boolean;
  /** The arguments of `setFormat(...)`, as Python. */
  readonly setFormat: string;
}

export function glueSinkView(d: SinkNode, ctx: ViewContext, location: S3Location, setFormat: string): GlueSinkView {
  return {
    partial: "nodes/sink",
    input: ctx.variable(d.input),
    path: pathExpression(location),
    table: d.table,
    overwrite: d.write.mode === "overwrite",
    partitionKeys: d.write.partitionKeys,
    updateCatalog: glueSinkCatalogUpdate(d.write) === "partitions",
    setFormat,
  };
}

export const glueSinkCatalogUpdate = (write: Pick<TableWrite, "partitionKeys">): SinkCatalogUpdate =>
  write.partitionKeys.length > 0 ? "partitions" : "none";

/** `from_catalog`, cast to the declared columns (partition keys last), which Glue's read does not guarantee. */
export interface GlueCatalogReadView extends NodeView<"nodes/from_catalog"> {
  readonly table: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

export function glueCatalogRead(d: SourceNode, table: ResolvedTable, ctx: ViewContext): GlueCatalogReadView {
  return {
    partial: "nodes/from_catalog",
    helpers: ["helpers/with_declared_columns"],
    table: table.def.name,
    columns: ctx.schemaOf(d.name).map((c) => ({ name: c.name, type: c.type })),
  };
}

/** The arguments of the sink's `setFormat(...)`: Glue's format name, then its options. */
export const setFormatArguments = (format: string, options: Record<string, string> = {}): string =>
  [pyStr(format), ...Object.entries(options).map(([k, v]) => `${k}=${pyStr(v)}`)].join(", ");

/** The parts of a format module every Glue S3 format has alike. */
export const GLUE_S3_FORMAT = {
  writeModes: ["overwrite", "append"],
  keeps: { recompute: "overwrite", append: "append", merge: "overwrite" },
  recordsIngestedFiles: false,
  bookmarkBlocker: null,
  sparkCatalog: null,
  datalakeFormat: null,
  jobArguments: () => ({}),
  catalogPartitions: true,
  sinkTemplates: ["nodes/sink"],
  readTemplates: ["nodes/from_catalog"],
  sinkCatalogUpdate: glueSinkCatalogUpdate,
  readView: glueCatalogRead,
} as const satisfies Partial<TableFormatModule>;
