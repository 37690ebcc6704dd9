/** Filter: keeps the rows for which a structured predicate is TRUE (SQL NULL semantics). */
import { isNumeric, isTemporal } from "../model/columns";
import { likePatternProblem, regexProblem } from "../model/expr";
import { predicateColumns } from "../model/predicates";
import type { Column, GlueType, Operand, Predicate } from "../model/types";
import { predicateExpression } from "../model/pyspark";
import type { Frame } from "./pipeline";
import { known, onlyInput, type InferContext, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface FilterNode extends NodeCommon {
  readonly kind: "filter";
  readonly input: string;
  readonly predicate: Predicate;
}

export interface FilterMethods {
  /**
   * Keeps the rows for which the predicate is TRUE; a NULL comparison drops the row.
   *
   * ```ts
   * customers.filter(isNotNull("sharewithresearchasofdate"), { name: "Share With Research" })
   * ```
   * renders as
   * ```py
   * ShareWithResearch_nodea2bb86 = DynamicFrame.fromDF(
   *     CustomerLanding_node….toDF().filter(F.col("sharewithresearchasofdate").isNotNull()),
   *     glueContext,
   *     "ShareWithResearch_nodea2bb86",
   * )
   * ```
   * Output: the input's columns.
   */
  filter(predicate: Predicate, options: NodeOptions): Frame;
}

export interface FilterView {
  readonly partial: "nodes/filter";
  readonly input: string;
  /** A PySpark column expression. */
  readonly condition: string;
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    filter: FilterNode;
  }
  interface FrameMethods {
    filter: FilterMethods;
  }
}

export const filter: NodeKindSpec<FilterNode, undefined, FilterView, FilterMethods> = {
  kind: "filter",
  doc: {
    summary:
      "Keeps the rows for which a predicate is TRUE; a comparison with NULL drops the row " +
      "([predicates](../guide/writing-jobs.md#predicates)).",
    forms: [
      {
        builder: "`.filter(predicate, {name})`",
        renders: "DataFrame `filter` with SQL NULL semantics",
        output: "unchanged",
      },
    ],
    example: ['customers.filter(isNotNull("sharewithresearchasofdate"), { name: "Share With Research" })'],
  },
  templates: ["nodes/filter"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    checkPredicate(d.predicate, input, ctx);
    return known(input);
  },
  view: (d, _detail, ctx) => ({
    partial: "nodes/filter",
    input: ctx.variable(d.input),
    condition: predicateExpression(d.predicate),
  }),
  frameMethods: (add, input) => ({ filter: (predicate, o) => add({ kind: "filter", name: o.name, input, predicate }) }),
};

/** Checks a predicate's columns and literal types against a schema. */
export function checkPredicate(
  p: Predicate,
  schema: readonly Column[],
  ctx: Pick<InferContext, "at" | "requireColumn">,
): void {
  switch (p.op) {
    case "and":
    case "or":
      if (p.args.length < 2)
        ctx.at({
          code: "missing-columns",
          field: p.op,
          message: `${p.op} needs at least two predicates.`,
          fix: `Pass two or more predicates to ${p.op}(...), or use the predicate alone.`,
        });
      for (const a of p.args) checkPredicate(a, schema, ctx);
      return;
    case "not":
      checkPredicate(p.arg, schema, ctx);
      return;
    case "isNull":
    case "isNotNull":
      ctx.requireColumn(schema, p.column);
      return;
    case "in": {
      const left = ctx.requireColumn(schema, p.column);
      if (!p.values.length)
        ctx.at({
          code: "invalid-literal",
          field: p.column,
          message: "isIn has no values, so no row would be kept.",
          fix: `Pass the values to keep, e.g. isIn(${JSON.stringify(p.column)}, ["a", "b"]).`,
        });
      if (left && isTemporal(left.type) && p.values.some((v) => typeof v === "string")) {
        // IN compares a date or timestamp with text as text with ANSI mode off and as a time with it on.
        ctx.at({
          code: "type-mismatch",
          field: p.column,
          message: `isIn compares ${p.column} (${left.type}) with text, which Spark reads differently in ANSI mode.`,
          fix: `Compare a text form (formatTimestamp) with isIn, or use ge/le on ${p.column} for a range.`,
        });
        return;
      }
      if (left) for (const v of p.values) checkOperand(p.column, left.type, { literal: v }, schema, ctx);
      return;
    }
    case "like":
    case "rlike": {
      const left = ctx.requireColumn(schema, p.column);
      const bad = p.op === "like" ? likePatternProblem(p.pattern) : regexProblem(p.pattern);
      if (bad) ctx.at({ code: "invalid-literal", field: p.column, message: bad.message, fix: bad.fix });
      if (left && left.type !== "string")
        ctx.at({
          code: "type-mismatch",
          field: p.column,
          message: `${p.op} matches text, but column ${p.column} is ${left.type}.`,
          fix: `Match a string column, or derive one first with e.cast(e.col(${JSON.stringify(p.column)}), "string").`,
        });
      return;
    }
    default: {
      const left = ctx.requireColumn(schema, p.column);
      if (!left) {
        for (const c of predicateColumns(p).slice(1)) ctx.requireColumn(schema, c);
        return;
      }
      checkOperand(p.column, left.type, p.right, schema, ctx);
    }
  }
}

function checkOperand(
  column: string,
  type: GlueType,
  right: Operand,
  schema: readonly Column[],
  ctx: Pick<InferContext, "at" | "requireColumn">,
) {
  if ("column" in right) {
    const other = ctx.requireColumn(schema, right.column);
    if (other && !(other.type === type || (isNumeric(other.type) && isNumeric(type))))
      ctx.at({
        code: "type-mismatch",
        field: `${column}, ${right.column}`,
        message: `cannot compare ${column} (${type}) with ${right.column} (${other.type}).`,
        fix: "Cast one column with applyMapping first.",
      });
    return;
  }
  const v = right.literal;
  if (typeof v === "number" && !Number.isFinite(v)) {
    ctx.at({
      code: "invalid-literal",
      field: column,
      message: `literal ${String(v)} is not a finite number.`,
      fix: "Use a finite number, or isNull/isNotNull for missing values.",
    });
    return;
  }
  const kind = typeof v === "bigint" || typeof v === "number" ? "number" : typeof v;
  const fits =
    kind === "number"
      ? isNumeric(type)
      : kind === "string"
        ? type === "string" || isTemporal(type)
        : kind === "boolean"
          ? type === "boolean"
          : false;
  if (!fits)
    ctx.at({
      code: "type-mismatch",
      field: column,
      message: `column ${column} is ${type} but is compared with a ${kind} literal.`,
      fix: `Compare it with a ${isNumeric(type) ? "number" : type === "boolean" ? "boolean" : "string"} literal.`,
    });
}
