/**
 * The types over every node kind: a node, a frame, a job and a pipeline, declared and validated. Each kind's module
 * adds its model to `NodeModels` and its frame methods to `FrameMethods` (declaration merging:
 * `declare module "./pipeline" { interface NodeModels { filter: FilterNode } }`), so neither the kinds nor these
 * types import the registry (`./index`), which imports every kind: the layer has no import cycle, not even of types.
 * The registry checks that it holds exactly the kinds declared here, each with its own model and frame methods.
 */
import type { WriteModeName } from "../model/tables";
import type { Column, TableDef } from "../model/types";

/** Every node kind's model, by kind name. Empty here: each kind's module adds its own member. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- each kind's module adds its member
export interface NodeModels {}
/** The methods each kind adds to a frame (`filter`, `join`, …), by kind name; kinds that add none are absent. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- each kind's module adds its member
export interface FrameMethods {}

export type NodeKind = keyof NodeModels;
/** Every node of a job, as its kind's module defines it. */
export type NodeDef = NodeModels[NodeKind];

export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
/**
 * A handle on a node's output inside a job definition, with every kind's frame methods (`filter`, `join`, …).
 * Builders only record nodes; nothing is checked here, so that validation can report every problem at once.
 */
export type Frame = { readonly nodeName: string } & UnionToIntersection<FrameMethods[keyof FrameMethods]>;

export interface JobDef {
  readonly name: string;
  readonly description?: string;
  /** The DSL file the job came from, relative to the repo root; named in the generated script's header. */
  readonly file?: string;
  readonly nodes: readonly NodeDef[];
  /** The tables its builders were given as objects, in first-use order; `pipeline(...)` adds them to its tables. */
  readonly tables?: readonly TableDef[];
}

export interface PipelineDef {
  readonly name: string;
  readonly tables: readonly TableDef[];
  readonly jobs: readonly JobDef[];
}

/** A table a node writes: its name, the sink's mode and the partition keys it writes by. */
export interface TableWrite {
  readonly table: string;
  readonly mode: WriteModeName;
  readonly partitionKeys: readonly string[];
}

/**
 * The tables a node reads (its output is their rows) and writes, and the S3 paths it reads outside any table.
 * Validation, lineage, bookmarks, quality expansion and rendering take a job's I/O from this, not from its kinds.
 */
export interface TableIO {
  readonly reads: readonly string[];
  readonly writes: readonly TableWrite[];
  readonly files: readonly string[];
}

export const NO_TABLES: TableIO = { reads: [], writes: [], files: [] };

export interface ResolvedNode<D extends NodeDef = NodeDef> {
  readonly def: D;
  /** Output schema (for a sink: the schema written). */
  readonly schema: readonly Column[];
  /** Node names this node reads, in order. */
  readonly inputs: readonly string[];
  /** What the node kind's inference worked out for its view (e.g. a join's output columns). */
  readonly detail: unknown;
  /** The tables it reads and writes, as its kind declares them. */
  readonly io: TableIO;
}

export interface ResolvedTable {
  readonly def: TableDef;
  /** Data columns (without partition keys). */
  readonly columns: readonly Column[];
  readonly partitionKeys: readonly Column[];
  /** Key prefix in the data bucket, e.g. `customer/trusted/`. */
  readonly prefix: string;
  readonly producer?: string;
}

export interface ValidatedJob {
  readonly def: JobDef;
  readonly nodes: readonly ResolvedNode[];
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

/** Where a job without an explicit `file` lives: its project's folder under `jobs/`. */
export const defaultJobFile = (pipeline: string, job: string) => `jobs/${pipeline}/${job}.ts`;
