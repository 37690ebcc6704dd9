/** Aggregate: group by columns with count, count distinct, sum, avg, min and max, as Glue Studio's Aggregate node. */
import { isNumeric } from "../model/columns";
import { decimal } from "../model/tables";
import type { Column, GlueType } from "../model/types";
import type { Frame } from "./pipeline";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions, checkNewColumnName } from "./kind";

export const AGGREGATE_FUNCTIONS = ["count", "countDistinct", "sum", "avg", "min", "max"] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** One output column: `[function, input column]`. */
export type Aggregation = readonly [AggregateFunction, string];

export interface AggregateNode extends NodeCommon {
  readonly kind: "aggregate";
  readonly input: string;
  readonly groupBy: readonly string[];
  /** Output column name → aggregation, in output order. */
  readonly aggregations: readonly { readonly as: string; readonly fn: AggregateFunction; readonly column: string }[];
}

export interface AggregateMethods {
  /**
   * Groups rows and computes one column per aggregation. Without `groupBy`, one row for the whole frame.
   *
   * ```ts
   * orders.aggregate({ groupBy: ["country"], columns: { orders: ["countDistinct", "order_id"], revenue: ["sum",
   *     "amount"] } }, { name: "Revenue By Country" })
   * ```
   * renders as Glue Studio's Aggregate node, with output names:
   * ```py
   * RevenueByCountry_node… = sparkAggregate(
   *     glueContext,
   *     parentFrame=Orders_node…,
   *     groups=["country"],
   *     aggs=[["order_id", "countDistinct", "orders"], ["amount", "sum", "revenue"]],
   *     transformation_ctx="RevenueByCountry_node…",
   * )
   * ```
   * Output: the group columns, then one column per aggregation: `count` and `countDistinct` are bigint;
   * `sum` is bigint for integers, double for float and double, decimal(p+10,s) for decimal(p,s); `avg` is
   * double (decimal(p+4,s+4) for decimals); `min` and `max` keep the column's type. NULLs are ignored.
   */
  aggregate(spec: { groupBy?: string[]; columns: Record<string, Aggregation> }, options: NodeOptions): Frame;
}

export interface AggregateView {
  readonly partial: "nodes/aggregate";
  readonly helpers: readonly string[];
  readonly input: string;
  readonly groups: readonly string[];
  readonly aggs: readonly { readonly column: string; readonly fn: string; readonly as: string }[];
}

const decimalParts = (t: GlueType) => /^decimal\((\d+),(\d+)\)$/.exec(t);

/** The type Spark gives an aggregation of a column of type `t`. */
export function aggregateType(fn: AggregateFunction, t: GlueType): GlueType {
  const d = decimalParts(t);
  switch (fn) {
    case "count":
    case "countDistinct":
      return "bigint";
    case "sum":
      return d
        ? decimal(Math.min(38, Number(d[1]) + 10), Number(d[2]))
        : t === "int" || t === "bigint"
          ? "bigint"
          : "double";
    case "avg":
      return d ? decimal(Math.min(38, Number(d[1]) + 4), Math.min(38, Number(d[2]) + 4)) : "double";
    default:
      return t;
  }
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    aggregate: AggregateNode;
  }
  interface FrameMethods {
    aggregate: AggregateMethods;
  }
}

export const aggregate: NodeKindSpec<AggregateNode, undefined, AggregateView, AggregateMethods> = {
  kind: "aggregate",
  doc: {
    summary: "Groups rows and computes aggregations per group.",
    forms: [
      {
        builder: "`.aggregate({groupBy?, columns: {out: [fn, column]}}, {name})`",
        renders: "Glue Studio's `sparkAggregate` (`count`, `countDistinct`, `sum`, `avg`, `min`, `max`)",
        output:
          "group columns, then one per aggregation (count: bigint; sum: bigint/double/decimal(p+10,s); avg: " +
          "double/decimal(p+4,s+4); min/max: the column's)",
      },
    ],
    example: [
      "orders.aggregate(",
      '  { groupBy: ["country"], columns: { orders: ["countDistinct", "order_id"], revenue: ["sum", "amount"] } },',
      '  { name: "Revenue By Country" },',
      ")",
    ],
  },
  templates: ["nodes/aggregate"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    const out: Column[] = [];
    const names = new Set<string>();
    for (const g of d.groupBy) {
      const c = ctx.requireColumn(input, g, "group-by column");
      if (names.has(g))
        ctx.at({
          code: "duplicate-name",
          field: g,
          message: "this column is grouped by twice.",
          fix: "List each group-by column once.",
        });
      names.add(g);
      if (c) out.push(c);
    }
    if (!d.aggregations.length)
      ctx.at({
        code: "missing-columns",
        field: "columns",
        message: "an aggregate computes no column.",
        fix: 'Pass e.g. `columns: { orders: ["count", "order_id"] }`.',
      });
    for (const a of d.aggregations) {
      checkNewColumnName(ctx, a.as);
      if (names.has(a.as))
        ctx.at({
          code: "duplicate-name",
          field: a.as,
          message: "two output columns of the aggregate have this name.",
          fix: "Give each output column a unique name.",
        });
      names.add(a.as);
      if (!(AGGREGATE_FUNCTIONS as readonly string[]).includes(a.fn)) {
        ctx.at({
          code: "unknown-function",
          field: a.as,
          message: `aggregate function ${JSON.stringify(a.fn)} is not one of ${AGGREGATE_FUNCTIONS.join(", ")}.`,
          fix: "Use one of those functions.",
        });
        continue;
      }
      const c = ctx.requireColumn(input, a.column);
      if (!c) continue;
      if ((a.fn === "sum" || a.fn === "avg") && !isNumeric(c.type)) {
        ctx.at({
          code: "type-mismatch",
          field: a.as,
          message: `${a.fn} of ${a.column} (${c.type}) is not a number.`,
          fix: `Aggregate a numeric column, use count/min/max, or cast ${a.column} first with applyMapping.`,
        });
        continue;
      }
      if ((a.fn === "min" || a.fn === "max") && (c.type.startsWith("struct<") || c.type.startsWith("array<"))) {
        ctx.at({
          code: "type-mismatch",
          field: a.as,
          message: `${a.fn} of ${a.column} (${c.type}) has no order.`,
          fix: "Flatten or explode the column first.",
        });
        continue;
      }
      out.push({
        name: a.as,
        type: aggregateType(a.fn, c.type),
        ...(c.tags && (a.fn === "min" || a.fn === "max") ? { tags: c.tags } : {}),
      });
    }
    return known(out);
  },
  view: (d, _detail, ctx) => ({
    partial: "nodes/aggregate",
    helpers: ["helpers/spark_aggregate"],
    input: ctx.variable(d.input),
    groups: d.groupBy,
    aggs: d.aggregations.map((a) => ({ column: a.column, fn: a.fn, as: a.as })),
  }),
  frameMethods: (add, input) => ({
    aggregate: (spec, o) =>
      add({
        kind: "aggregate",
        name: o.name,
        input,
        groupBy: [...(spec.groupBy ?? [])],
        aggregations: Object.entries(spec.columns).map(([as, [fn, column]]) => ({ as, fn, column })),
      }),
  }),
};
