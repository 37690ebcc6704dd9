/**
 * What a node kind is: one module per kind (`src/nodes/<kind>.ts`) holds its model, its builder
 * methods, its schema inference and validation, and its typed template view, and names its
 * template (`templates/nodes/<template>.py.hbs`). `src/nodes/index.ts` registers every kind in one
 * object, so the compiler demands every phase for every kind.
 */
import type { FieldProblem } from "../model/columns";
import { catalogNameProblem, suggestCatalogName } from "../model/names";
import type { WriteModeName } from "../model/tables";
import type { Column, TableDef } from "../model/types";
import type { S3Location } from "../model/script";
import type { Frame, JobDef, NodeDef, ResolvedTable, TableIO, ValidatedJob } from "./pipeline";

/** Fields every node has. */
export interface NodeCommon {
  /** Display name: becomes `# Script generated for node <name>` and the stable variable name. */
  readonly name: string;
  /** Index of this node in its job, used only to point at it in error messages. */
  readonly index: number;
}

/** What every node builder takes: the display name shown in the script and in errors. */
export interface NodeOptions {
  readonly name: string;
}

/** A table, or its name. */
export type TableRef = TableDef | string;

/** A node as a builder records it; the job adds the index. */
export type NodeInput = NodeDef extends infer N ? (N extends NodeDef ? Omit<N, "index"> : never) : never;
/** Records a node in the job being built and returns the frame of its output. */
export type AddNode = (node: NodeInput) => Frame;
/** Records a table a builder names (so the pipeline knows it without a second list) and returns its name. */
export type UseTable = (table: TableRef) => string;

// What a kind declares it reads and writes is a type over every kind, since resolved nodes carry it.
export { NO_TABLES, type TableIO, type TableWrite } from "./pipeline";

/**
 * What the sink and source kinds ask of a table format. Each format's module (src/table-formats/) implements it.
 * The formats sit above the kinds, since their views are views of sinks and catalog reads, so the kinds never
 * import them: the compiler and the renderer hand the registry in, as the contexts' `formats`.
 */
export interface KindTableFormat {
  readonly name: string;
  /** The sink modes its sink partial can write. */
  readonly writeModes: readonly WriteModeName[];
  /** Its sinks record, in their commit, which landing files they ingested: a landing read may be incremental. */
  readonly recordsIngestedFiles: boolean;
  /** The sink's view; `location` is the table's, already recorded as a write. */
  sinkView(d: Extract<NodeDef, { kind: "sink" }>, ctx: ViewContext, location: S3Location): NodeView;
  /** The view of a catalog read of a trusted or curated table (its location is already recorded as a read). */
  readView(d: Extract<NodeDef, { kind: "source" }>, table: ResolvedTable, ctx: ViewContext): NodeView;
}

/** The registered table formats, as the kinds see them. */
export interface TableFormats {
  /** The module of a format, or undefined (validation reports an unknown format). */
  find(name: string): KindTableFormat | undefined;
  /** The module of a format validation has accepted. */
  get(name: string): KindTableFormat;
  all(): readonly KindTableFormat[];
}

/** What schema inference of one node sees. */
export interface InferContext {
  readonly job: JobDef;
  readonly formats: TableFormats;
  /** The schemas of `inputs(def)`, in order; undefined when an earlier problem made one of them unknowable. */
  readonly inputs: readonly (readonly Column[])[] | undefined;
  /**
   * False when a problem upstream left some of the inputs' columns unknown (they hold only the columns known).
   * A check that needs every column, such as counting them, would then only repeat that problem, so it waits.
   */
  readonly inputsComplete?: boolean;
  readonly tables: ReadonlyMap<string, TableDef>;
  /** Tables whose schemas are known so far (landing tables, and tables written by earlier jobs). */
  readonly resolved: ReadonlyMap<string, ResolvedTable>;
  /** Reports a problem at this node; the job and node are filled in. */
  at(p: Omit<FieldProblem, "field"> & { field?: string }): void;
  /** The named column of `schema`, or a reported `unknown-column` problem with a did-you-mean. */
  requireColumn(schema: readonly Column[], name: string, what?: string): Column | undefined;
}

/** A node's inferred output schema, plus anything its view needs that inference worked out (`detail`). */
export interface Inferred<R> {
  readonly schema: readonly Column[];
  readonly detail: R;
}

/** What a template view sees besides its own node. */
export interface ViewContext {
  readonly job: ValidatedJob;
  readonly formats: TableFormats;
  /** The validated pipeline's tables (a view needs nothing else of it; the compiler's `ValidatedPipeline` has them). */
  readonly pipeline: { readonly tables: ReadonlyMap<string, ResolvedTable> };
  /** The script variable of a node of this job. */
  variable(nodeName: string): string;
  /** The inferred output schema of a node of this job. */
  schemaOf(nodeName: string): readonly Column[];
  /** Records an S3 location the script reads or writes (for IAM). */
  read(location: S3Location): void;
  write(location: S3Location): void;
  /** Records where a typed JSON read keeps its rejected lines (`table` is null for S3 JSON paths). */
  rejected(table: string | null, prefix: string): void;
  /** 0, 1, 2, … per job and counter name, e.g. for `SqlQuery<N>` variables. */
  next(counter: string): number;
}

/**
 * Optional script imports, each with the lines it adds after `from pyspark.sql import functions as F`, in this
 * order; `collections` adds `DynamicFrameCollection` to the `DynamicFrame` import instead (`templates/job.py.hbs`).
 */
export const SCRIPT_IMPORT_LINES = {
  types: ["from pyspark.sql import types as T"],
  collections: [],
  window: ["from pyspark.sql.window import Window"],
  json: ["import json", "from decimal import ROUND_HALF_UP, Decimal"],
} as const satisfies Record<string, readonly string[]>;
export type ScriptImport = keyof typeof SCRIPT_IMPORT_LINES;

/** A template view: the partial that renders it, the script helpers it needs, and its own fields. */
export interface NodeView<P extends string = string> {
  readonly partial: P;
  /** Functions emitted once at the top of a script that uses them (`templates/helpers/<name>.py.hbs`). */
  readonly helpers?: readonly string[];
  /** Script imports beyond the skeleton's that the node's code or helpers use. */
  readonly imports?: readonly ScriptImport[];
}

/** One way to write a node of a kind: the builder call, the code it renders as, and its output schema. */
export interface NodeKindForm {
  readonly builder: string;
  readonly renders: string;
  readonly output: string;
}

/**
 * A kind's entry in docs/reference/node-kinds.md, which `nodeKindsReference()` (`src/nodes/reference.ts`) generates
 * from the registry; Markdown, with links relative to docs/reference/.
 */
export interface NodeKindDoc {
  /** What the node does, in one sentence. */
  readonly summary: string;
  /** Each way to write it (a source reads a landing table, a catalog table, an Iceberg table, or S3 JSON). */
  readonly forms: readonly NodeKindForm[];
  /** The lines of a call as a job writes it; none for a kind no job writes directly (`route`, made by `.route`). */
  readonly example?: readonly string[];
}

/** The builder methods of a kind that adds none to a frame or to the job builder. */
export type NoMethods = Record<never, never>;

/**
 * One node kind. `D` is its model, `R` what inference hands to the view, `V` its template view,
 * `FM` the builder methods it adds to a frame (`frame.filter(...)`), `JM` the ones it adds to the job
 * builder (`({ source, sink }) => ...`).
 */
export interface NodeKindSpec<
  D extends NodeCommon & { readonly kind: string },
  R,
  V extends NodeView,
  FM = NoMethods,
  JM = NoMethods,
> {
  readonly kind: D["kind"];
  /** Its entry in docs/reference/node-kinds.md. */
  readonly doc: NodeKindDoc;
  /**
   * The partials its views may name, each `templates/<partial>.py.hbs`, besides a table format's (a sink's and a
   * catalog read's partials are their format's `sinkTemplates` and `readTemplates`).
   */
  readonly templates: readonly V["partial"][];
  /** Node names this node reads, in order. */
  inputs(def: D): readonly string[];
  /** The tables it reads and writes; a kind without one touches no table. */
  readonly tables?: (def: D) => TableIO;
  /** Checks the node and infers its output schema; undefined when a problem makes it unknowable. */
  infer(def: D, ctx: InferContext): Inferred<R> | undefined;
  /** The data its template renders. Only called on a valid pipeline. */
  view(def: D, detail: R, ctx: ViewContext): V;
  readonly frameMethods?: (add: AddNode, input: string) => FM;
  readonly jobMethods?: (add: AddNode, useTable: UseTable) => JM;
}

/** Reports a column name a node creates when it is not a catalog name (lower-case identifier). */
export function checkNewColumnName(ctx: Pick<InferContext, "at">, name: string, what = "output column"): void {
  const bad = catalogNameProblem(name);
  if (bad)
    ctx.at({
      code: "invalid-name",
      field: name,
      message: `${what} name ${bad}.`,
      fix: `Use e.g. ${JSON.stringify(suggestCatalogName(name))}.`,
    });
}

/** A node kind whose view needs nothing from inference. */
export const known = (schema: readonly Column[]): Inferred<undefined> => ({ schema, detail: undefined });

/** The single input schema of a one-input node, once known. */
export const onlyInput = (ctx: InferContext): readonly Column[] | undefined => ctx.inputs?.[0];
