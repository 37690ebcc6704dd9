/**
 * Checks a rule set against the schema of the data it evaluates, before anything runs: unknown
 * columns and tables, operands of the wrong type, out-of-range thresholds, malformed raw DQDL.
 * Pure: the caller hands in the schema and a lookup for other tables' schemas.
 */
import { suggestion, type Problem } from "../problems";
import type { GlueType } from "../types";
import { readRowLevelSelect } from "./custom-sql";
import { parseRuleset, type ParsedRule } from "./dqdl-parser";
import {
  qualityDqdl,
  renderRule,
  type DqRule,
  type NumberCondition,
  type Quality,
  type ValueCondition,
  type ValueLiteral,
} from "./rules";

export interface SchemaColumn {
  readonly name: string;
  readonly type: GlueType;
}

export interface QualityContext {
  readonly job: string;
  readonly node: string;
  /** The evaluated data's columns. */
  readonly columns: readonly SchemaColumn[];
  /** Another table's columns, for references; undefined when the table is unknown. */
  readonly tableColumns: (table: string) => readonly SchemaColumn[] | undefined;
  readonly tableNames: readonly string[];
  /** How to make an unknown reference known, added to the fix (e.g. "pass the frame as a reference"). */
  readonly referenceFix?: string;
}

export interface CheckedQuality {
  readonly problems: readonly Problem[];
  /** The DQDL text the script carries. */
  readonly dqdl: string;
  /** Tables the rules read besides the evaluated data (each becomes an additional data source). */
  readonly references: readonly string[];
  /** One display string per top-level rule (for the lineage and reports). */
  readonly ruleCount: number;
}

const NUMERIC = /^(bigint|int|double|float|decimal\(.*\))$/;
const isNumeric = (type: GlueType): boolean => NUMERIC.test(type);

const renderCondition = (c: NumberCondition): string =>
  renderRule({ rule: "RowCount", condition: c }).slice("RowCount ".length);

export function checkQuality(quality: Quality, ctx: QualityContext): CheckedQuality {
  const problems: Problem[] = [];
  const problem = (code: Problem["code"], field: string, message: string, fix: string): void => {
    problems.push({ code, job: ctx.job, node: ctx.node, field, message, fix });
  };
  let parsed: readonly ParsedRule[];
  let dqdl: string;
  if ("raw" in quality) {
    const result = parseRuleset(quality.raw);
    dqdl = qualityDqdl(quality);
    if (!result.ok) {
      problem(
        "invalid-rule",
        "rules",
        `the raw DQDL ruleset does not parse: ${result.error}.`,
        "Write the ruleset as `Rules = [ rule, rule ]` (AWS Glue's DQDL reference), or use the typed rule builders (isComplete, columnValues, …).",
      );
      return { problems, dqdl, references: [], ruleCount: 0 };
    }
    parsed = result.rules;
  } else {
    parsed = quality.rules;
    dqdl = qualityDqdl(quality);
    if (quality.rules.length === 0)
      problem(
        "invalid-rule",
        "rules",
        "the rule set is empty.",
        "Add at least one rule, or remove the quality setting.",
      );
  }
  const references = new Set<string>();
  const unknownReference = (name: string): string =>
    [suggestion(name, ctx.tableNames, "table"), ctx.referenceFix].filter(Boolean).join(" ");
  const known = ctx.columns.map((c) => c.name);
  const columnType = (name: string, field = name): GlueType | undefined => {
    const found = ctx.columns.find((c) => c.name === name);
    if (!found)
      problem(
        "unknown-column",
        field,
        `data-quality rule on column "${name}", which does not exist here.`,
        suggestion(name, known, "column"),
      );
    return found?.type;
  };
  const noQuote = (text: string, field: string): void => {
    if (text.includes('"'))
      problem(
        "invalid-literal",
        field,
        `${JSON.stringify(text)} contains a double quote, which DQDL strings cannot hold.`,
        "Use single quotes inside SQL and patterns.",
      );
  };
  const ratio = (c: NumberCondition, field: string, what: string): void => {
    const values = c.op === "between" ? [c.low, c.high] : [c.value];
    if (values.some((v) => v < 0 || v > 1))
      problem(
        "invalid-literal",
        field,
        `${what} is a share between 0 and 1, but the rule compares it with ${values.join(" and ")}.`,
        "Use a value from 0 to 1, e.g. >= 0.95.",
      );
  };
  const count = (c: NumberCondition, field: string, what: string): void => {
    const values = c.op === "between" ? [c.low, c.high] : [c.value];
    if (values.some((v) => v < 0 || !Number.isInteger(v)))
      problem(
        "invalid-literal",
        field,
        `${what} is a count, but the rule compares it with ${values.join(" and ")}.`,
        "Use a whole number of 0 or more.",
      );
  };
  const values = (column: string, type: GlueType, c: ValueCondition): void => {
    const fits = (v: ValueLiteral): boolean =>
      isNumeric(type)
        ? typeof v === "number"
        : type === "string" || type === "date" || type === "timestamp"
          ? typeof v === "string"
          : typeof v === "string";
    const mismatch = (what: string): void =>
      problem(
        "type-mismatch",
        column,
        `ColumnValues "${column}" ${what}, but the column is ${type}.`,
        isNumeric(type)
          ? "Compare it with numbers."
          : `Compare it with quoted values, or cast the column first (applyMapping).`,
      );
    switch (c.op) {
      case "matches":
        noQuote(c.pattern, column);
        if (type !== "string") mismatch("matches a pattern");
        return;
      case "between":
        if (!isNumeric(type)) mismatch("compares with numbers");
        return;
      case "in":
        if (!c.values.every(fits)) mismatch(`lists ${c.values.map((v) => JSON.stringify(v)).join(", ")}`);
        c.values.forEach((v) => typeof v === "string" && noQuote(v, column));
        return;
      default:
        if (!fits(c.value)) mismatch(`compares with ${JSON.stringify(c.value)}`);
        if (typeof c.value === "string") noQuote(c.value, column);
    }
  };
  /** The documented checks AWS Glue makes on a row-level query's returned columns (custom-sql.ts). */
  const rowLevel = (sql: string, declared: readonly string[]): void => {
    const field = "CustomSql";
    const read = readRowLevelSelect(sql);
    if ("error" in read) {
      problem(
        "invalid-rule",
        field,
        `the row-level query ${JSON.stringify(sql)} cannot be checked: ${read.error}.`,
        "Write it as `select <primary's key columns> from primary p [join <reference> r on …] where …`.",
      );
      return;
    }
    const tables = [...read.tables];
    const primaryAliases = new Set(tables.filter(([, table]) => table === "primary").map(([alias]) => alias));
    const referenceTables = tables.filter(([, table]) => table !== "primary").map(([, table]) => table);
    // A returned name may clash with a table read anywhere in the query, e.g. after an INTERSECT.
    const readTables = [...new Set([...referenceTables, ...read.allTables, ...declared])].filter(
      (table) => table !== "primary",
    );
    const referenceColumn = new Map<string, string>();
    for (const table of readTables)
      for (const c of ctx.tableColumns(table) ?? [])
        if (!referenceColumn.has(c.name.toLowerCase())) referenceColumn.set(c.name.toLowerCase(), table);
    const own = new Map(ctx.columns.map((c) => [c.name.toLowerCase(), c.name]));
    const selectPrimary = "Select plain columns of primary that identify a row (select p.id from primary p …)";
    const fromReference = (what: string, table: string): void =>
      problem(
        "invalid-rule",
        field,
        `the row-level query returns ${what} of reference table "${table}"; AWS Glue refuses it ("The columns ` +
          `that are returned from the SQL statement should only belong to the primary table").`,
        `${selectPrimary}; the reference tables belong in the JOIN or WHERE clause only.`,
      );
    const returned: string[] = [];
    for (const item of read.items) {
      if (item.kind === "aggregate")
        problem(
          "invalid-rule",
          field,
          `the row-level query returns ${item.text}, an aggregate, so no row can be matched; AWS Glue refuses it ` +
            '("The output from CustomSQL must contain at least one column that matches the input dataset").',
          `${selectPrimary}, or compare the number with dq.customSql(sql, op, value) (a dataset-level rule).`,
        );
      else if (item.kind === "expression")
        problem(
          "invalid-rule",
          field,
          `the row-level query returns the expression ${item.text}; AWS Glue matches rows on the returned ` +
            "columns and needs plain columns of the primary table.",
          `${selectPrimary}, without functions, literals or renaming; compute in the JOIN or WHERE clause.`,
        );
      else if (item.qualifier !== undefined && !primaryAliases.has(item.qualifier)) {
        const table = read.tables.get(item.qualifier);
        if (table === "" && item.kind === "column")
          returned.push(item.name); // a subquery's: checked by name
        else if (table !== undefined) fromReference(`${item.text}, a column`, table || item.qualifier);
        else
          problem(
            "invalid-rule",
            field,
            `the row-level query returns ${item.text}, but "${item.qualifier}" is not a table of its FROM clause.`,
            `${selectPrimary}.`,
          );
      } else if (item.kind === "star") {
        if (item.qualifier === undefined && referenceTables.length > 0)
          fromReference("every column (*), including those", referenceTables[0]!);
        else returned.push(...ctx.columns.map((c) => c.name));
      } else if (item.kind === "column") returned.push(item.name);
    }
    for (const name of returned) {
      const table = referenceColumn.get(name.toLowerCase());
      if (!own.has(name.toLowerCase()))
        problem(
          "unknown-column",
          name,
          `the row-level query returns "${name}", which the evaluated data (primary) does not have, so AWS Glue ` +
            "cannot match it with a row.",
          suggestion(name, known, "column"),
        );
      else if (table !== undefined)
        problem(
          "invalid-rule",
          name,
          `the row-level query returns "${name}", which reference table "${table}" also has; the engine matches ` +
            `the returned columns with the rows by name, and AWS Glue refuses one that belongs to a reference ` +
            `table ("some columns (${name}) belong to reference table").`,
          `Rename "${name}" in the reference data before the check (e.g. pass a frame made with ` +
            `.derive/.select that calls it "${table}_${name}") and join on the new name.`,
        );
    }
  };
  const visit = (r: ParsedRule): void => {
    switch (r.rule) {
      case "unchecked":
        return;
      case "RowCount":
        return count(r.condition, "RowCount", "RowCount");
      case "IsComplete":
      case "IsUnique":
      case "ColumnExists":
      case "ColumnDataType":
        noQuote(r.column, r.column);
        if (r.rule !== "ColumnExists") columnType(r.column);
        return;
      case "Completeness":
      case "Uniqueness":
        columnType(r.column);
        return ratio(r.condition, r.column, r.rule);
      case "DistinctValuesCount":
        columnType(r.column);
        return count(r.condition, r.column, r.rule);
      case "ColumnValues": {
        const type = columnType(r.column);
        if (type) values(r.column, type, r.condition);
        return;
      }
      case "CustomSql":
        noQuote(r.sql, "CustomSql");
        if (!/\bprimary\b/i.test(r.sql))
          problem(
            "invalid-rule",
            "CustomSql",
            `the query ${JSON.stringify(r.sql)} does not read "primary", the evaluated data.`,
            'Select from primary, e.g. "select count(*) from primary where …".',
          );
        else if (r.condition && r.threshold)
          problem(
            "invalid-rule",
            "CustomSql",
            `the rule has both a condition (${renderCondition(r.condition)}) and "with threshold"; ` +
              "the DQDL reference says a CustomSql rule may not contain both.",
            "Keep the condition for a query that returns one number, or drop it and keep the threshold for a " +
              "row-level query that returns the passing rows.",
          );
        else if (!r.condition) rowLevel(r.sql, r.references ?? []);
        for (const table of r.references ?? []) {
          if (ctx.tableColumns(table)) references.add(table);
          else
            problem(
              "unknown-table",
              table,
              `CustomSql reads "${table}", which is not known here.`,
              unknownReference(table),
            );
        }
        return;
      case "ReferentialIntegrity": {
        const own = r.columns.map((c) => columnType(c));
        const referenceColumns = ctx.tableColumns(r.reference);
        ratio(r.condition, r.columns.join(","), "ReferentialIntegrity");
        if (!referenceColumns) {
          problem(
            "unknown-table",
            r.reference,
            `ReferentialIntegrity refers to "${r.reference}", which is not known here.`,
            unknownReference(r.reference),
          );
          return;
        }
        references.add(r.reference);
        if (r.referenceColumns.length !== r.columns.length) {
          problem(
            "invalid-rule",
            r.columns.join(","),
            `ReferentialIntegrity compares ${r.columns.length} column(s) with ${r.referenceColumns.length} of "${r.reference}".`,
            "List as many reference columns as columns, in the same order.",
          );
          return;
        }
        r.referenceColumns.forEach((name, i) => {
          const target = referenceColumns.find((c) => c.name === name);
          if (!target) {
            problem(
              "unknown-column",
              `${r.reference}.${name}`,
              `ReferentialIntegrity refers to column "${name}" of "${r.reference}", which it does not have.`,
              suggestion(
                name,
                referenceColumns.map((c) => c.name),
                "column",
              ),
            );
          } else if (own[i] && own[i] !== target.type) {
            problem(
              "type-mismatch",
              r.columns[i]!,
              `ReferentialIntegrity compares ${r.columns[i]} (${own[i]}) with ${r.reference}.${name} (${target.type}), so no value would ever match.`,
              "Compare columns of the same type, or cast one first with applyMapping.",
            );
          }
        });
        return;
      }
      case "and":
      case "or":
        return (r.rules as readonly ParsedRule[]).forEach(visit);
    }
  };
  parsed.forEach(visit);
  return { problems, dqdl, references: [...references].sort(), ruleCount: parsed.length };
}

export type { DqRule };
