export * from "./types";
export * from "./tables";
export * from "./predicates";
export * from "./expr";
export * from "./job";
export * from "./problems";
export * from "./lineage";
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
} from "./unit-tests";
export {
  validatePipeline,
  assertValid,
  type ValidatedPipeline,
  type ValidatedJob,
  type ResolvedNode,
  type ResolvedTable,
} from "./validate";
export { isGlueType, s3PathProblem } from "./columns";
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
export * as dq from "./quality";
export * from "./project";
