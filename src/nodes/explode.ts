/**
 * Explode: one row per element of an array column, optionally with the element's position. Glue
 * Studio's Explode (`gs_explode`) is a closed Studio extension, so this renders as a DataFrame select.
 */
import { parseGlueType } from "../model/columns";
import type { Column, GlueType } from "../model/types";
import { pyColumn } from "../model/pyspark";
import { pyStr } from "../model/python";
import type { Frame } from "./pipeline";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions, checkNewColumnName } from "./kind";

export interface ExplodeNode extends NodeCommon {
  readonly kind: "explode";
  readonly input: string;
  readonly column: string;
  /** The element column's name; defaults to the array column's. */
  readonly as: string;
  /** A column for the element's 0-based position, if wanted. */
  readonly position?: string;
  /** Keep rows whose array is empty or NULL, with a NULL element (`explode_outer`). */
  readonly keepEmpty: boolean;
}

export interface ExplodeMethods {
  /**
   * One row per element of an array column; the other columns repeat. Rows with an empty or NULL array
   * are dropped unless `keepEmpty`.
   *
   * ```ts
   * orders.explode("items", { name: "One Row Per Item", as: "item", position: "line_no" })
   * ```
   * renders as
   * ```py
   * OneRowPerItem_node… = DynamicFrame.fromDF(
   *     Orders_node….toDF().select(
   *         F.col("order_id"),
   *         F.posexplode(F.col("items")).alias("line_no", "item"),
   *     ),
   *     glueContext,
   *     "OneRowPerItem_node…",
   * )
   * ```
   * (`F.explode` without `position`, `F.explode_outer` / `F.posexplode_outer` with `keepEmpty`). Output: the
   * columns in order, the array column replaced by the position (int) and the element.
   */
  explode(column: string, options: NodeOptions & { as?: string; position?: string; keepEmpty?: boolean }): Frame;
}

export interface ExplodeView {
  readonly partial: "nodes/dataframe_select";
  readonly input: string;
  readonly columns: readonly string[];
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    explode: ExplodeNode;
  }
  interface FrameMethods {
    explode: ExplodeMethods;
  }
}

export const explode: NodeKindSpec<ExplodeNode, undefined, ExplodeView, ExplodeMethods> = {
  kind: "explode",
  doc: {
    summary: "Turns each element of an array column into a row of its own.",
    forms: [
      {
        builder: "`.explode(col, {name, as?, position?, keepEmpty?})`",
        renders: "`F.explode` / `F.posexplode` (`_outer` with `keepEmpty`) in a `select`",
        output: "the array column replaced by its position (int) and element",
      },
    ],
    example: ['orders.explode("items", { name: "One Row Per Item", as: "item", position: "line_no" })'],
  },
  templates: ["nodes/dataframe_select"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    const c = ctx.requireColumn(input, d.column);
    if (!c) return undefined;
    const parsed = parseGlueType(c.type);
    if (parsed?.kind !== "array") {
      ctx.at({
        code: "type-mismatch",
        field: d.column,
        message: `${d.column} is ${c.type}, not an array, so there is nothing to explode.`,
        fix: c.type.startsWith("struct<")
          ? `Flatten ${d.column} instead.`
          : `Explode an array column; declare it as array(...) in the table.`,
      });
      return undefined;
    }
    const element = c.type.slice("array<".length, -1) as GlueType;
    const added: Column[] = [
      ...(d.position !== undefined ? [{ name: d.position, type: "int" as GlueType }] : []),
      { name: d.as, type: element, ...(c.tags ? { tags: c.tags } : {}) },
    ];
    const others = input.filter((x) => x.name !== d.column);
    let ok = true;
    for (const a of added) {
      checkNewColumnName(ctx, a.name);
      if (others.some((x) => x.name === a.name) || (d.position !== undefined && d.position === d.as)) {
        ok = false;
        ctx.at({
          code: "ambiguous-column",
          field: a.name,
          message: `column ${JSON.stringify(a.name)} would exist twice after the explode.`,
          fix: "Choose other names for `as` and `position`.",
        });
      }
    }
    if (!ok) return undefined;
    const at = input.findIndex((x) => x.name === d.column);
    return known([...input.slice(0, at), ...added, ...input.slice(at + 1)]);
  },
  view(d, _detail, ctx) {
    const fn = `${d.position !== undefined ? "posexplode" : "explode"}${d.keepEmpty ? "_outer" : ""}`;
    const names = [...(d.position !== undefined ? [d.position] : []), d.as].map(pyStr).join(", ");
    const columns = ctx
      .schemaOf(d.input)
      .map((c) => (c.name === d.column ? `F.${fn}(${pyColumn(c.name)}).alias(${names})` : pyColumn(c.name)));
    return { partial: "nodes/dataframe_select", input: ctx.variable(d.input), columns };
  },
  frameMethods: (add, input) => ({
    explode: (column, o) =>
      add({
        kind: "explode",
        name: o.name,
        input,
        column,
        as: o.as ?? column,
        ...(o.position !== undefined ? { position: o.position } : {}),
        keepEmpty: o.keepEmpty ?? false,
      }),
  }),
};
