/**
 * Checks a rule set against the schema of the data it evaluates, before anything runs: unknown
 * columns and tables, operands of the wrong type, out-of-range thresholds, malformed raw DQDL.
 * Pure: the caller hands in the schema and a lookup for other tables' schemas.
 */
import { suggestion, type Problem } from "../problems";
import type { GlueType } from "../types";
import { parseRuleset, type ParsedRule } from "./dqdl-parser";
import { specOf, type RuleChecker } from "./rule-types";
import { qualityDqdl, type DqRule, type Quality } from "./rules";

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
  const known = ctx.columns.map((c) => c.name);
  const checker: RuleChecker = {
    columns: ctx.columns,
    column(name, field = name) {
      const found = ctx.columns.find((c) => c.name === name);
      if (!found)
        problem(
          "unknown-column",
          field,
          `data-quality rule on column "${name}", which does not exist here.`,
          suggestion(name, known, "column"),
        );
      return found?.type;
    },
    reference(table) {
      const columns = ctx.tableColumns(table);
      if (columns) references.add(table);
      return columns;
    },
    tableColumns: ctx.tableColumns,
    unknownTableFix: (table) =>
      [suggestion(table, ctx.tableNames, "table"), ctx.referenceFix].filter(Boolean).join(" "),
    problem,
  };
  // Every typed rule is checked by its type's spec; only the rule types the DSL does not model pass unchecked.
  const visit = (r: ParsedRule): void => {
    if (r.rule === "unchecked") return;
    const spec = specOf(r);
    for (const step of spec.checks) step.run(r, checker);
    spec.nested?.(r).forEach(visit);
  };
  parsed.forEach(visit);
  return { problems, dqdl, references: [...references].sort(), ruleCount: parsed.length };
}

export type { DqRule };
