/**
 * Data-quality rules as typed values, rendered to DQDL (AWS Glue's Data Quality Definition Language).
 *
 * Users build rules with these functions and never write DQDL by hand; `rawRules` is the escape
 * hatch, parsed at validation time (./dqdl-parser.ts). The same DQDL text runs on AWS Glue
 * (`awsgluedq`) and locally (Deequ's DQDL engine), so the builder only offers rules both evaluate.
 *
 *   isComplete("email")                          → IsComplete "email"
 *   columnValues("timestamp", ">", 0)            → ColumnValues "timestamp" > 0
 *   columnValues("zone", "in", ["a", "b"])       → ColumnValues "zone" in ["a","b"]
 *   referentialIntegrity(["user"], "customers", ["email"], "=", 1)
 *                                                → ReferentialIntegrity "user" "customers.email" = 1
 *   and(isComplete("a"), isUnique("a"))          → (IsComplete "a") and (IsUnique "a")
 */

import {
  renderRule,
  specOf,
  type DqdlDataType,
  type DqRule,
  type NumberCondition,
  type NumberOperator,
  type ValueCondition,
  type ValueLiteral,
} from "./rule-types";

// The rule types' arguments, their rendering, parsing and checks are in ./rule-types.ts, one spec each.
export {
  DQDL_DATA_TYPES,
  NUMBER_OPERATORS,
  renderRule,
  type DqdlDataType,
  type DqRule,
  type DqRuleOf,
  type DqRuleType,
  type NumberCondition,
  type NumberOperator,
  type ValueCondition,
  type ValueLiteral,
} from "./rule-types";

/** What a job does with the outcome of a rule set. */
export const QUALITY_ACTIONS = ["fail", "warn", "quarantine"] as const;
export type QualityAction = (typeof QUALITY_ACTIONS)[number];

/**
 * Rules in effect at one place (a table or a node): typed rules, or a raw DQDL ruleset (escape hatch).
 * - `fail`: the job stops before writing anything when any rule fails.
 * - `warn`: outcomes are reported, the data is written.
 * - `quarantine`: rows failing a row-level rule go to `<entity>/quarantine/<table>/<job>/` unchanged; the rest go on.
 */
export type Quality =
  | { readonly action: QualityAction; readonly rules: readonly DqRule[] }
  | { readonly action: QualityAction; readonly raw: string };

type NumberArgs = [op: NumberOperator, value: number] | [op: "between", low: number, high: number];
type ValueArgs =
  | [op: NumberOperator, value: ValueLiteral]
  | [op: "between", low: number, high: number]
  | [op: "in", values: readonly ValueLiteral[]]
  | [op: "matches", pattern: string];

function numberCondition(args: NumberArgs): NumberCondition {
  return args[0] === "between" ? { op: "between", low: args[1], high: args[2] } : { op: args[0], value: args[1] };
}

function valueCondition(args: ValueArgs): ValueCondition {
  switch (args[0]) {
    case "between":
      return { op: "between", low: args[1], high: args[2] };
    case "in":
      return { op: "in", values: [...args[1]] };
    case "matches":
      return { op: "matches", pattern: args[1] };
    default:
      return { op: args[0], value: args[1] };
  }
}

/** `RowCount > 0`, `RowCount between 1 and 100`. */
export const rowCount = (...condition: NumberArgs): DqRule => ({
  rule: "RowCount",
  condition: numberCondition(condition),
});
/** Every value of the column is non-null. */
export const isComplete = (column: string): DqRule => ({ rule: "IsComplete", column });
/** The share of non-null values, e.g. `completeness("email", ">=", 0.95)`. */
export const completeness = (column: string, ...condition: NumberArgs): DqRule => ({
  rule: "Completeness",
  column,
  condition: numberCondition(condition),
});
/** Every value of the column occurs once. */
export const isUnique = (column: string): DqRule => ({ rule: "IsUnique", column });
/** The share of values that occur once, e.g. `uniqueness("email", ">", 0.99)`. */
export const uniqueness = (column: string, ...condition: NumberArgs): DqRule => ({
  rule: "Uniqueness",
  column,
  condition: numberCondition(condition),
});
/**
 * Each value: `columnValues("x", ">", 0)`, `("x", "between", 1, 9)`, `("x", "in", ["a"])`, `("x", "matches", "^a")`.
 */
export const columnValues = (column: string, ...condition: ValueArgs): DqRule => ({
  rule: "ColumnValues",
  column,
  condition: valueCondition(condition),
});
export const columnExists = (column: string): DqRule => ({ rule: "ColumnExists", column });
export const columnDataType = (column: string, type: DqdlDataType): DqRule => ({
  rule: "ColumnDataType",
  column,
  type,
});
export const distinctValuesCount = (column: string, ...condition: NumberArgs): DqRule => ({
  rule: "DistinctValuesCount",
  column,
  condition: numberCondition(condition),
});
/**
 * SQL over the evaluated data (`primary`) returning one number: `customSql("select count(*) from primary where x < 0",
 * "=", 0)`.
 */
export function customSql(sql: string, ...condition: NumberArgs): DqRule {
  return { rule: "CustomSql", sql, condition: numberCondition(condition) };
}
/**
 * A row-level SQL rule: the query returns the passing rows' key columns, every other row fails. It may join
 * the tables named in `references`, by their table names. As AWS Glue requires, it selects plain columns of
 * `primary` only, none of which a reference table also has: `select id from primary where …`
 * (validation refuses aggregates, expressions and reference columns; custom-sql.ts).
 */
export function customSqlRows(sql: string, references: readonly string[] = []): DqRule {
  return { rule: "CustomSql", sql, ...(references.length ? { references: [...references] } : {}) };
}
/** The share of rows whose `columns` appear as `referenceColumns` in table `reference`. */
export function referentialIntegrity(
  columns: readonly string[],
  reference: string,
  referenceColumns: readonly string[],
  ...condition: NumberArgs
): DqRule {
  return {
    rule: "ReferentialIntegrity",
    columns: [...columns],
    reference,
    referenceColumns: [...referenceColumns],
    condition: numberCondition(condition),
  };
}
export const and = (...rules: DqRule[]): DqRule => ({ rule: "and", rules });
export const or = (...rules: DqRule[]): DqRule => ({ rule: "or", rules });

/** A DQDL ruleset written by hand: checked by the parser at validation time. */
export const rawRules = (action: QualityAction, dqdl: string): Quality => ({ action, raw: dqdl });
/** Typed rules with their action. */
export const rules = (action: QualityAction, ...list: DqRule[]): Quality => ({ action, rules: list });

// ---- rendering (each rule through its type's spec: renderRule) ------------------------------------------

/** The DQDL ruleset text, one rule a line, as Glue Studio lays it out. */
export function renderRuleset(list: readonly DqRule[]): string {
  return `Rules = [\n${list.map((r) => `    ${renderRule(r)}`).join(",\n")}\n]`;
}

/** The DQDL text a script carries for a rule set: the rendered rules, or the raw text as written. */
export function qualityDqdl(quality: Quality): string {
  return "raw" in quality ? quality.raw.trim() : renderRuleset(quality.rules);
}

/** Tables the rules read besides the evaluated data (ReferentialIntegrity's reference, CustomSql's references). */
export function referencedTables(list: readonly DqRule[]): string[] {
  const found = new Set<string>();
  const visit = (r: DqRule): void => {
    const spec = specOf(r);
    spec.references?.(r).forEach((name) => found.add(name));
    spec.nested?.(r).forEach(visit);
  };
  list.forEach(visit);
  return [...found];
}
