export * from "./types";
export * from "./tables";
export * from "./predicates";
export * from "./job";
export * from "./problems";
export * from "./lineage";
export { validatePipeline, assertValid, isGlueType, s3PathProblem, type ValidatedPipeline, type ValidatedJob, type ResolvedNode, type ResolvedTable, type JoinColumn } from "./validate";
export { unitTests, validateUnitTests, formatUnitTestProblem, UnitTestValidationError, type UnitTestDef, type UnitTestCase, type UnitTestProblem, type Row, type CellValue } from "./unit-tests";
export * as dq from "./quality";
