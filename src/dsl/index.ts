export * from "./types";
export * from "./tables";
export * from "./predicates";
export * from "./job";
export * from "./problems";
export * from "./lineage";
export { validatePipeline, assertValid, type ValidatedPipeline, type ValidatedJob, type ResolvedNode, type ResolvedTable } from "./validate";
export { isGlueType, s3PathProblem } from "./columns";
export { JOIN_TYPES, type JoinType, type JoinColumn, type Mapping, type SourceSpec, type WriteMode } from "../nodes";
