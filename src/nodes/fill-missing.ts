/**
 * Fill missing: a default per column for NULLs. Glue Studio's "Fill Missing Values" node is a different
 * thing (it imputes values with a machine-learning model), so this renders as DataFrame `fillna`.
 */
import { isIntegral, isNumeric } from "../model/columns";
import type { Literal } from "../model/types";
import { pyLiteral, pyStr } from "../model/python";
import type { Frame } from "./pipeline";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface FillMissingNode extends NodeCommon {
  readonly kind: "fillMissing";
  readonly input: string;
  readonly defaults: readonly { readonly column: string; readonly value: Literal }[];
}

export interface FillMissingMethods {
  /**
   * Replaces NULLs with a default per column: a number for numeric columns, a string for string columns,
   * a boolean for boolean columns.
   *
   * ```ts
   * customers.fillMissing({ country: "unknown", discount: 0 }, { name: "Defaults" })
   * ```
   * renders as `DynamicFrame.fromDF(Customers_node….toDF().fillna({"country": "unknown", "discount": 0}), glueContext,
   * "Defaults_node…")`.
   * Output: the input's columns.
   */
  fillMissing(defaults: Record<string, Literal>, options: NodeOptions): Frame;
}

export interface FillMissingView {
  readonly partial: "nodes/fill_missing";
  readonly input: string;
  /** A Python dict literal. */
  readonly values: string;
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    fillMissing: FillMissingNode;
  }
  interface FrameMethods {
    fillMissing: FillMissingMethods;
  }
}

export const fillMissing: NodeKindSpec<FillMissingNode, undefined, FillMissingView, FillMissingMethods> = {
  kind: "fillMissing",
  doc: {
    summary: "Replaces NULLs in the named columns by defaults.",
    forms: [
      { builder: "`.fillMissing({col: default}, {name})`", renders: "`toDF().fillna({...})`", output: "unchanged" },
    ],
    example: ['customers.fillMissing({ country: "unknown", discount: 0 }, { name: "Defaults" })'],
  },
  templates: ["nodes/fill_missing"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    if (!d.defaults.length)
      ctx.at({
        code: "missing-columns",
        field: "defaults",
        message: "fillMissing sets no default.",
        fix: 'Pass e.g. `{ country: "unknown" }`.',
      });
    for (const { column, value } of d.defaults) {
      const c = ctx.requireColumn(input, column);
      if (!c) continue;
      const kind = typeof value === "bigint" ? "number" : typeof value;
      if (kind === "number" && typeof value === "number" && !Number.isFinite(value)) {
        ctx.at({
          code: "invalid-literal",
          field: column,
          message: `default ${String(value)} is not a finite number.`,
          fix: "Use a finite number.",
        });
        continue;
      }
      const fits =
        kind === "string"
          ? c.type === "string"
          : kind === "boolean"
            ? c.type === "boolean"
            : isNumeric(c.type) && !(isIntegral(c.type) && typeof value === "number" && !Number.isInteger(value));
      if (!fits)
        ctx.at({
          code: "type-mismatch",
          field: column,
          message: `${column} is ${c.type}, but its default is the ${kind} ${JSON.stringify(typeof value === "bigint" ? value.toString() : value)}.`,
          fix:
            c.type === "date" || c.type === "timestamp" || c.type.includes("<")
              ? `fillMissing handles string, boolean and numeric columns; use derive with e.coalesce(e.col(${JSON.stringify(column)}), …) for ${c.type}.`
              : `Use a ${isNumeric(c.type) ? (isIntegral(c.type) ? "whole number" : "number") : c.type} default.`,
        });
    }
    return known(input);
  },
  view: (d, _detail, ctx) => ({
    partial: "nodes/fill_missing",
    input: ctx.variable(d.input),
    values: `{${d.defaults.map(({ column, value }) => `${pyStr(column)}: ${pyLiteral(value)}`).join(", ")}}`,
  }),
  frameMethods: (add, input) => ({
    fillMissing: (defaults, o) =>
      add({
        kind: "fillMissing",
        name: o.name,
        input,
        defaults: Object.entries(defaults).map(([column, value]) => ({ column, value })),
      }),
  }),
};
