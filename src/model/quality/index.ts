export * from "./rules";
export {
  parseRuleset,
  GLUE_ONLY_RULE_TYPES,
  UNCHECKED_RULE_TYPES,
  type ParsedRule,
  type ParseResult,
} from "./dqdl-parser";
export { checkQuality, type CheckedQuality, type QualityContext, type SchemaColumn } from "./check";
export { RULE_TYPES, dataQualityRuleReference, type RuleTypeSpec, type RuleTypeSpecs } from "./rule-types";
