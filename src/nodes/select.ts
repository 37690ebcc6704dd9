/** Select: keeps the listed columns, in the listed order (a DataFrame select, not Glue's SelectFields). */
import type { Column } from "../model/types";
import { pyColumn } from "../model/pyspark";
import type { Frame } from "./pipeline";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface SelectNode extends NodeCommon {
  readonly kind: "select";
  readonly input: string;
  readonly columns: readonly string[];
}

export interface SelectMethods {
  /**
   * Keeps the listed columns.
   *
   * ```ts
   * orders.select(["order_id", "amount"], { name: "Select Fields" })
   * ```
   * renders as `SelectFields_node… = DynamicFrame.fromDF(….toDF().select(F.col("order_id"), F.col("amount")),
   * glueContext, "SelectFields_node…")`,
   * not as Glue's `SelectFields`, whose result depends on which fields Glue finds in the records
   * (docs/script-contract.md).
   * Output: the listed columns.
   */
  select(columns: string[], options: NodeOptions): Frame;
}

export interface SelectView {
  readonly partial: "nodes/select";
  readonly input: string;
  readonly columns: readonly string[];
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    select: SelectNode;
  }
  interface FrameMethods {
    select: SelectMethods;
  }
}

export const select: NodeKindSpec<SelectNode, undefined, SelectView, SelectMethods> = {
  kind: "select",
  doc: {
    summary: "Keeps only the listed columns.",
    forms: [{ builder: "`.select(columns, {name})`", renders: "DataFrame `select`", output: "the listed columns" }],
    example: ['orders.select(["order_id", "amount"], { name: "Select Fields" })'],
  },
  templates: ["nodes/select"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    const picked: Column[] = [];
    const seen = new Set<string>();
    for (const name of d.columns) {
      if (seen.has(name))
        ctx.at({
          code: "duplicate-name",
          field: name,
          message: "this column is selected twice.",
          fix: "List each column once.",
        });
      seen.add(name);
      const c = ctx.requireColumn(input, name);
      if (c) picked.push(c);
    }
    if (!d.columns.length)
      ctx.at({
        code: "missing-columns",
        field: "columns",
        message: "select keeps no columns.",
        fix: "List the columns to keep.",
      });
    return known(picked);
  },
  view: (d, _detail, ctx) => ({
    partial: "nodes/select",
    input: ctx.variable(d.input),
    columns: d.columns.map((c) => pyColumn(c)),
  }),
  frameMethods: (add, input) => ({
    select: (columns, o) => add({ kind: "select", name: o.name, input, columns: [...columns] }),
  }),
};
