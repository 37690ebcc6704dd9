/** Derived columns: new or replaced columns computed from typed expressions (`e` in `src/model/expr.ts`). */
import { exprColumns, exprType, type Expr } from "../model/expr";
import type { Column } from "../model/types";
import { exprPython } from "../model/pyspark";
import { pyStr } from "../model/python";
import type { Frame } from "./pipeline";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions, checkNewColumnName } from "./kind";

export interface DeriveNode extends NodeCommon {
  readonly kind: "derive";
  readonly input: string;
  /** In order: a later column may use an earlier one. A name that exists is replaced in place. */
  readonly columns: readonly { readonly name: string; readonly expr: Expr }[];
}

export interface DeriveMethods {
  /**
   * Adds (or replaces) columns computed from typed expressions; their types are inferred.
   *
   * ```ts
   * lines.derive({ line_total: e.mul(e.col("quantity"), e.col("unit_price")), size: e.case([[e.ge(e.col("quantity"),
   *     10), "bulk"]], "single") }, { name: "Line Totals" })
   * ```
   * renders as
   * ```py
   * LineTotals_node… = DynamicFrame.fromDF(
   *     Lines_node….toDF()
   *     .withColumn("line_total", (F.col("quantity") * F.col("unit_price")))
   *     .withColumn("size", F.when((F.col("quantity") >= F.lit(10)), F.lit("bulk")).otherwise(F.lit("single"))),
   *     glueContext,
   *     "LineTotals_node…",
   * )
   * ```
   * Output: the input's columns, then the new ones (a replaced column keeps its place).
   */
  derive(columns: Record<string, Expr>, options: NodeOptions): Frame;
}

export interface DeriveView {
  readonly partial: "nodes/derive";
  readonly input: string;
  readonly columns: readonly { readonly name: string; readonly expression: string }[];
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    derive: DeriveNode;
  }
  interface FrameMethods {
    derive: DeriveMethods;
  }
}

export const derive: NodeKindSpec<DeriveNode, undefined, DeriveView, DeriveMethods> = {
  kind: "derive",
  doc: {
    summary:
      "Adds or replaces columns computed by typed expressions built with `e` " +
      "([expressions](../guide/writing-jobs.md#derived-column-expressions)).",
    forms: [
      {
        builder: "`.derive({col: expr}, {name})`",
        renders: "`.withColumn(col, <PySpark expression>)` per column; `expr` from the typed builder `e`",
        output: "the input's, then the new columns (a replaced column keeps its place)",
      },
    ],
    example: [
      "lines.derive(",
      "  {",
      '    line_total: e.mul(e.col("quantity"), e.col("unit_price")),',
      '    size: e.case([[e.ge(e.col("quantity"), 10), "bulk"]], "single"),',
      "  },",
      '  { name: "Line Totals" },',
      ")",
    ],
  },
  templates: ["nodes/derive"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    if (!d.columns.length)
      ctx.at({
        code: "missing-columns",
        field: "columns",
        message: "derive adds no column.",
        fix: 'Pass e.g. `{ total: e.mul(e.col("price"), e.col("qty")) }`.',
      });
    let schema: Column[] = [...input];
    let ok = true;
    for (const c of d.columns) {
      checkNewColumnName(ctx, c.name, "derived column");
      const current = schema;
      const type = exprType(
        c.expr,
        (name) => ctx.requireColumn(current, name)?.type,
        (p) => ctx.at({ code: "type-mismatch", field: c.name, message: p.message, fix: p.fix }),
      );
      if (type === undefined) {
        ok = false;
        continue;
      }
      // A derived column inherits the tags (e.g. PII) of the columns it is computed from.
      const tags = [...new Set(exprColumns(c.expr).flatMap((n) => current.find((x) => x.name === n)?.tags ?? []))];
      const column: Column = { name: c.name, type, ...(tags.length ? { tags } : {}) };
      schema = schema.some((x) => x.name === c.name)
        ? schema.map((x) => (x.name === c.name ? column : x))
        : [...schema, column];
    }
    return ok ? known(schema) : undefined;
  },
  view: (d, _detail, ctx) => ({
    partial: "nodes/derive",
    input: ctx.variable(d.input),
    columns: d.columns.map((c) => ({
      name: c.name,
      expression: `.withColumn(${pyStr(c.name)}, ${exprPython(c.expr)})`,
    })),
  }),
  frameMethods: (add, input) => ({
    derive: (columns, o) =>
      add({
        kind: "derive",
        name: o.name,
        input,
        columns: Object.entries(columns).map(([name, expr]) => ({ name, expr })),
      }),
  }),
};
