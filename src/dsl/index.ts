/**
 * The face that job files import: the model's types and builders (`table`, predicates, expressions, problems),
 * `pipeline` and `job`, the node kinds' option types, validation (`assertValid`), job unit tests and the
 * data-quality rule builders (`dq`). It re-exports the layers below it (docs/architecture.md) and adds only the
 * job builder.
 */
export * from "../model/types";
export * from "../model/tables";
export * from "../model/predicates";
export * from "../model/expr";
export * from "./job";
export * from "../model/problems";
export * from "../compiler/lineage";
export {
  unitTests,
  validateUnitTests,
  formatUnitTestProblem,
  UnitTestValidationError,
  type UnitTestDef,
  type UnitTestCase,
  type UnitTestProblem,
  type Row,
  type CellValue,
} from "../compiler/unit-tests";
export {
  validatePipeline,
  assertValid,
  type ValidatedPipeline,
  type ValidatedJob,
  type ResolvedNode,
  type ResolvedTable,
} from "../compiler/validate";
export { isGlueType, s3PathProblem } from "../model/columns";
export type { JobDef, NodeDef, NodeKind, PipelineDef } from "../nodes/pipeline";
export {
  JOIN_TYPES,
  type JoinType,
  type JoinColumn,
  type Mapping,
  type SourceSpec,
  type WriteMode,
  AGGREGATE_FUNCTIONS,
  type AggregateFunction,
  type Aggregation,
  type TimestampEncoding,
} from "../nodes";
export * as dq from "../model/quality";
export * from "../model/options";
export * from "./project";
