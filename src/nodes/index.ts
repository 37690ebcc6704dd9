/**
 * The registry of node kinds: the one list of every kind the DSL knows. The checks below make the compiler
 * demand a complete `NodeKindSpec` (model, builder, inference, view, templates, doc) for each, and that it holds
 * exactly the kinds whose modules declare their model and frame methods in `./pipeline` (`NodeKind`, `NodeDef`,
 * `Frame`).
 * To add a kind, see "Adding a node kind" in CONTRIBUTING.md.
 */
import { applyMapping } from "./apply-mapping";
import { drop } from "./drop";
import { evaluateDataQuality } from "./evaluate-data-quality";
import { dropDuplicates } from "./drop-duplicates";
import { filter } from "./filter";
import { join } from "./join";
import {
  NO_TABLES,
  type InferContext,
  type Inferred,
  type NodeKindSpec,
  type NodeView,
  type TableIO,
  type ViewContext,
} from "./kind";
import type { Frame, NodeDef, NodeKind, NodeModels, UnionToIntersection } from "./pipeline";
import { select } from "./select";
import { sink } from "./sink";
import { source } from "./source";
import { sql } from "./sql";
import { aggregate } from "./aggregate";
import { union } from "./union";
import { derive } from "./derive";
import { formatTimestamp, toTimestamp } from "./timestamps";
import { flatten } from "./flatten";
import { explode } from "./explode";
import { fillMissing } from "./fill-missing";
import { route, router } from "./router";
import { keepLatest } from "./keep-latest";
import { window } from "./window";

export const NODE_KINDS = {
  source,
  filter,
  join,
  select,
  drop,
  applyMapping,
  dropDuplicates,
  sql,
  evaluateDataQuality,
  aggregate,
  union,
  derive,
  toTimestamp,
  formatTimestamp,
  flatten,
  explode,
  fillMissing,
  router,
  route,
  keepLatest,
  window,
  sink,
} as const;

type Specs = typeof NODE_KINDS;
type DefOf<S> = S extends NodeKindSpec<infer D, infer _R, infer _V, infer _FM, infer _JM> ? D : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * The registry holds exactly the kinds whose modules declare a model in `NodeModels`, each with that model: a kind
 * declared but not registered, or registered but not declared, makes this `false`, and it does not compile.
 */
const _registryMatchesTheDeclaredModels: Same<{ [K in keyof Specs]: DefOf<Specs[K]> }, NodeModels> = true;
/** The spec registered under each kind must be that kind's: `{ filter: join }` does not compile. */
const registryIsKeyedByKind: { readonly [K in NodeKind]: { readonly kind: K } } = NODE_KINDS;

/** The spec of a node's kind, for phases that handle any node: the one place a node meets its kind's spec. */
const specOf = (node: NodeDef) =>
  registryIsKeyedByKind[node.kind] as unknown as NodeKindSpec<NodeDef, unknown, NodeView>;
export const nodeInputs = (node: NodeDef): readonly string[] => specOf(node).inputs(node);
export const nodeTables = (node: NodeDef): TableIO => specOf(node).tables?.(node) ?? NO_TABLES;
export const inferNode = (node: NodeDef, ctx: InferContext): Inferred<unknown> | undefined =>
  specOf(node).infer(node, ctx);
export const viewNode = (node: NodeDef, detail: unknown, ctx: ViewContext): NodeView =>
  specOf(node).view(node, detail, ctx);

type FrameMethodsOf<S> = S extends NodeKindSpec<infer _D, infer _R, infer _V, infer FM, infer _JM> ? FM : never;
type JobMethodsOf<S> = S extends NodeKindSpec<infer _D, infer _R, infer _V, infer _FM, infer JM> ? JM : never;

/** `Frame` carries every registered kind's frame methods (each kind's module adds them to `FrameMethods`). */
const _frameHasEveryKindsMethods: Same<
  Frame,
  { readonly nodeName: string } & UnionToIntersection<FrameMethodsOf<Specs[NodeKind]>>
> = true;
/** What a job's definition function receives: every kind's job-level builders (`source`, `sql`, `sink`, …). */
export type JobBuilder = UnionToIntersection<JobMethodsOf<Specs[NodeKind]>>;

export type { Frame, NodeDef, NodeKind } from "./pipeline";
export type {
  NodeCommon,
  NodeOptions,
  TableRef,
  NodeKindSpec,
  NodeView,
  InferContext,
  ViewContext,
  Inferred,
  TableIO,
  TableWrite,
} from "./kind";
export type { SourceNode, SourceSpec } from "./source";
export type { FilterNode } from "./filter";
export { JOIN_TYPES, type JoinNode, type JoinType, type JoinColumn } from "./join";
export type { SelectNode } from "./select";
export type { DropNode } from "./drop";
export type { ApplyMappingNode, Mapping } from "./apply-mapping";
export type { DropDuplicatesNode } from "./drop-duplicates";
export type { SqlNode } from "./sql";
export type { SinkNode, WriteMode } from "./sink";
export { AGGREGATE_FUNCTIONS, type AggregateNode, type AggregateFunction, type Aggregation } from "./aggregate";
export type { UnionNode } from "./union";
export type { DeriveNode } from "./derive";
export type { ToTimestampNode, FormatTimestampNode, TimestampEncoding } from "./timestamps";
export type { FlattenNode } from "./flatten";
export type { ExplodeNode } from "./explode";
export type { FillMissingNode } from "./fill-missing";
export type { RouterNode, RouteNode } from "./router";
export type { EvaluateDataQualityNode } from "./evaluate-data-quality";
export { KEEP_ORDERS, type KeepLatestNode, type KeepOrder } from "./keep-latest";
export {
  WINDOW_FUNCTIONS,
  type WindowNode,
  type WindowFunction,
  type WindowColumnSpec,
  type WindowOrder,
} from "./window";
