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

export const NUMBER_OPERATORS = ["=", "!=", ">", ">=", "<", "<="] as const;
export type NumberOperator = (typeof NUMBER_OPERATORS)[number];

/** A condition on a measured number: `> 0`, `between 1 and 10`. */
export type NumberCondition =
  | { readonly op: NumberOperator; readonly value: number }
  | { readonly op: "between"; readonly low: number; readonly high: number };

export type ValueLiteral = string | number;

/** A condition on each value of a column (ColumnValues). */
export type ValueCondition =
  | { readonly op: NumberOperator; readonly value: ValueLiteral }
  | { readonly op: "between"; readonly low: number; readonly high: number }
  | { readonly op: "in"; readonly values: readonly ValueLiteral[] }
  | { readonly op: "matches"; readonly pattern: string };

/** ColumnDataType's type names (checks that a column's values can be read as this type). */
export const DQDL_DATA_TYPES = ["BOOLEAN", "DATE", "TIMESTAMP", "INTEGER", "DOUBLE", "FLOAT", "LONG"] as const;
export type DqdlDataType = (typeof DQDL_DATA_TYPES)[number];

export type DqRule =
  | { readonly rule: "RowCount"; readonly condition: NumberCondition }
  | { readonly rule: "IsComplete" | "IsUnique" | "ColumnExists"; readonly column: string }
  | {
      readonly rule: "Completeness" | "Uniqueness" | "DistinctValuesCount";
      readonly column: string;
      readonly condition: NumberCondition;
    }
  | { readonly rule: "ColumnValues"; readonly column: string; readonly condition: ValueCondition }
  | { readonly rule: "ColumnDataType"; readonly column: string; readonly type: DqdlDataType }
  /**
   * With a condition: the query returns one number. Without: the query returns the rows that pass
   * (row-level), and `threshold` (`with threshold > 0.9`) is the share of rows that must pass.
   * `references` names the tables the query reads besides `primary` (by table name).
   */
  | {
      readonly rule: "CustomSql";
      readonly sql: string;
      readonly condition?: NumberCondition;
      readonly threshold?: NumberCondition;
      readonly references?: readonly string[];
    }
  | {
      readonly rule: "ReferentialIntegrity";
      readonly columns: readonly string[];
      /** The reference data set's alias: a table name (the job reads that table for the check). */
      readonly reference: string;
      readonly referenceColumns: readonly string[];
      readonly condition: NumberCondition;
    }
  | { readonly rule: "and" | "or"; readonly rules: readonly DqRule[] };

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

// ---- rendering -------------------------------------------------------------------------------

const quoted = (text: string): string => `"${text}"`;
const literal = (value: ValueLiteral): string => (typeof value === "number" ? String(value) : quoted(value));

function renderNumberCondition(c: NumberCondition): string {
  return c.op === "between" ? `between ${c.low} and ${c.high}` : `${c.op} ${c.value}`;
}

function renderValueCondition(c: ValueCondition): string {
  switch (c.op) {
    case "in":
      return `in [${c.values.map(literal).join(",")}]`;
    case "matches":
      return `matches ${quoted(c.pattern)}`;
    case "between":
      return `between ${c.low} and ${c.high}`;
    default:
      return `${c.op} ${literal(c.value)}`;
  }
}

/** One rule in DQDL. Strings are double-quoted as they are; validation refuses a `"` inside one. */
export function renderRule(r: DqRule): string {
  switch (r.rule) {
    case "RowCount":
      return `RowCount ${renderNumberCondition(r.condition)}`;
    case "IsComplete":
    case "IsUnique":
    case "ColumnExists":
      return `${r.rule} ${quoted(r.column)}`;
    case "Completeness":
    case "Uniqueness":
    case "DistinctValuesCount":
      return `${r.rule} ${quoted(r.column)} ${renderNumberCondition(r.condition)}`;
    case "ColumnValues":
      return `ColumnValues ${quoted(r.column)} ${renderValueCondition(r.condition)}`;
    case "ColumnDataType":
      return `ColumnDataType ${quoted(r.column)} = ${quoted(r.type)}`;
    case "CustomSql":
      return (
        `CustomSql ${quoted(r.sql)}${r.condition ? ` ${renderNumberCondition(r.condition)}` : ""}` +
        (r.threshold ? ` with threshold ${renderNumberCondition(r.threshold)}` : "")
      );
    case "ReferentialIntegrity": {
      const target =
        r.referenceColumns.length === 1
          ? `${r.reference}.${r.referenceColumns[0]}`
          : `${r.reference}.{${r.referenceColumns.join(",")}}`;
      return `ReferentialIntegrity ${quoted(r.columns.join(","))} ${quoted(target)} ${renderNumberCondition(r.condition)}`;
    }
    case "and":
    case "or":
      return r.rules.map((nested) => `(${renderRule(nested)})`).join(` ${r.rule} `);
  }
}

/** The DQDL ruleset text, one rule a line, as Glue Studio lays it out. */
export function renderRuleset(list: readonly DqRule[]): string {
  return `Rules = [\n${list.map((r) => `    ${renderRule(r)}`).join(",\n")}\n]`;
}

/** The DQDL text a script carries for a rule set: the rendered rules, or the raw text as written. */
export function qualityDqdl(quality: Quality): string {
  return "raw" in quality ? quality.raw.trim() : renderRuleset(quality.rules);
}

/** Tables a rule reads besides the evaluated data (ReferentialIntegrity's reference). */
export function referencedTables(list: readonly DqRule[]): string[] {
  const found = new Set<string>();
  const visit = (r: DqRule): void => {
    if (r.rule === "ReferentialIntegrity") found.add(r.reference);
    if (r.rule === "CustomSql") r.references?.forEach((name) => found.add(name));
    if (r.rule === "and" || r.rule === "or") r.rules.forEach(visit);
  };
  list.forEach(visit);
  return [...found];
}
