/**
 * Aggregate: group by columns with count (of a column, or of rows), count distinct, sum, avg, min, max, sample
 * standard deviation, first/last by an order, and an approximate percentile, as Glue Studio's Aggregate node.
 */
import { boundedDecimal, decimalOf, isNumeric, isTemporal, isNested } from "../model/columns";
import { pyColumn } from "../model/pyspark";
import { pyLiteral, pyStr } from "../model/python";
import type { Column, GlueType } from "../model/types";
import type { Frame } from "./pipeline";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions, checkNewColumnName } from "./kind";

export const AGGREGATE_FUNCTIONS = [
  "count",
  "countDistinct",
  "sum",
  "avg",
  "min",
  "max",
  "stddev",
  "first",
  "last",
  "percentile",
] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** The column `count` takes to count rows, NULLs included, as SQL's `count(*)`. */
export const ALL_ROWS = "*";
/** percentile_approx's own default accuracy: relative error 1/accuracy of the number of rows. */
export const DEFAULT_PERCENTILE_ACCURACY = 10000;

/**
 * One output column: `[function, input column]`; `["count", "*"]` counts rows; `["first" | "last", column,
 * { orderBy }]` takes the column's value on the row with the least or greatest `orderBy`; `["percentile", column,
 * { p, accuracy? }]` is an approximate percentile.
 */
export type Aggregation =
  | readonly [Exclude<AggregateFunction, "first" | "last" | "percentile">, string]
  | readonly ["first" | "last", string, { readonly orderBy: string }]
  | readonly ["percentile", string, { readonly p: number; readonly accuracy?: number }];

export interface AggregateNode extends NodeCommon {
  readonly kind: "aggregate";
  readonly input: string;
  readonly groupBy: readonly string[];
  /** Output column name → aggregation, in output order. */
  readonly aggregations: readonly {
    readonly as: string;
    readonly fn: AggregateFunction;
    readonly column: string;
    /** first/last: the column whose least/greatest value picks the row. */
    readonly orderBy?: string;
    /** percentile: the percentage, 0 to 1, and the accuracy. */
    readonly p?: number;
    readonly accuracy?: number;
  }[];
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
   * `["count", "*"]` counts rows (`count(*)`, NULLs included) and `["stddev", c]` is the sample standard
   * deviation (`stddev_samp`: NULL for a group of one row), both through that helper. `["first", c, { orderBy: o }]`
   * and `["last", …]` take `c` from the row with the least or greatest `o` (`F.min_by` / `F.max_by`; rows whose `o`
   * is NULL are skipped; among rows tied on `o` any one may be taken, so order by a unique column), and
   * `["percentile", c, { p: 0.5, accuracy: 10000 }]` is `F.percentile_approx(c, 0.5, 10000)`, a value of `c`
   * within 1/accuracy of the exact rank. With any of those three the node renders as plain PySpark instead:
   * ```py
   * LastStatus_node… = DynamicFrame.fromDF(
   *     Orders_node….toDF().groupBy("country").agg(
   *         F.max_by(F.col("status"), F.col("updated_at")).alias("last_status"),
   *     ),
   *     glueContext,
   *     "LastStatus_node…",
   * )
   * ```
   * Output: the group columns, then one column per aggregation: `count` and `countDistinct` are bigint;
   * `sum` is bigint for integers, double for float and double, decimal(p+10,s) for decimal(p,s); `avg` is
   * double (decimal(p+4,s+4) for decimals); `stddev` is double; `min`, `max`, `first`, `last` and `percentile` keep
   * the column's type. NULLs are ignored, except by `count(*)` and as values of `first`/`last`.
   */
  aggregate(spec: { groupBy?: string[]; columns: Record<string, Aggregation> }, options: NodeOptions): Frame;
}

export type AggregateView =
  | {
      readonly partial: "nodes/aggregate";
      readonly helpers: readonly string[];
      readonly input: string;
      readonly groups: readonly string[];
      readonly aggs: readonly { readonly column: string; readonly fn: string; readonly as: string }[];
    }
  | {
      readonly partial: "nodes/aggregate_columns";
      readonly input: string;
      /** `.groupBy("a", "b")`, or empty for one row over the whole frame. */
      readonly grouping: string;
      /** One aliased PySpark aggregate column each. */
      readonly columns: readonly string[];
    };

/** The pyspark.sql.functions name of each function the Studio helper calls with a column name. */
const HELPER_FUNCTIONS: Partial<Record<AggregateFunction, string>> = {
  count: "count",
  countDistinct: "countDistinct",
  sum: "sum",
  avg: "avg",
  min: "min",
  max: "max",
  stddev: "stddev_samp",
};

// A double, as percentile_approx's percentage is: 0 and 1 render as 0.0 and 1.0, not as Python ints.
const percentage = (p: number) => (Number.isInteger(p) ? `${p}.0` : pyLiteral(p));

function aggregateColumn(a: AggregateNode["aggregations"][number]): string {
  const c = a.column === ALL_ROWS ? pyStr(ALL_ROWS) : pyColumn(a.column);
  const expression =
    a.fn === "first" || a.fn === "last"
      ? `F.${a.fn === "first" ? "min_by" : "max_by"}(${c}, ${pyColumn(a.orderBy!)})`
      : a.fn === "percentile"
        ? `F.percentile_approx(${c}, ${percentage(a.p!)}, ${pyLiteral(a.accuracy ?? DEFAULT_PERCENTILE_ACCURACY)})`
        : `F.${HELPER_FUNCTIONS[a.fn]!}(${c})`;
  return `${expression}.alias(${pyStr(a.as)})`;
}

/** The type Spark gives an aggregation of a column of type `t`. */
export function aggregateType(fn: AggregateFunction, t: GlueType): GlueType {
  const d = decimalOf(t);
  switch (fn) {
    case "count":
    case "countDistinct":
      return "bigint";
    case "sum":
      return d ? boundedDecimal(d.precision + 10, d.scale) : t === "int" || t === "bigint" ? "bigint" : "double";
    case "avg":
      return d ? boundedDecimal(d.precision + 4, d.scale + 4) : "double";
    case "stddev":
      return "double";
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
        renders:
          "Glue Studio's `sparkAggregate` (`count`, `countDistinct`, `sum`, `avg`, `min`, `max`; `stddev` as " +
          '`stddev_samp`, the sample standard deviation; `["count", "*"]` counts rows, NULLs included)',
        output:
          "group columns, then one per aggregation (count: bigint; sum: bigint/double/decimal(p+10,s); avg: " +
          "double/decimal(p+4,s+4); stddev: double, NULL for one row; min/max: the column's)",
      },
      {
        builder: '`["first" | "last", column, {orderBy}]` among the columns',
        renders:
          "plain PySpark `groupBy(…).agg(F.min_by(col, order) / F.max_by(col, order))` for the whole node; rows " +
          "whose order is NULL are skipped, and a tie takes any one row, so order by a unique column",
        output: "the column's type",
      },
      {
        builder: '`["percentile", column, {p, accuracy?}]` among the columns',
        renders:
          "plain PySpark `F.percentile_approx(col, p, accuracy)` (accuracy 10000 by default: within " +
          "rows/accuracy ranks of the exact percentile, a value of the column)",
        output: "the column's type (numbers, dates, timestamps)",
      },
    ],
    example: [
      "orders.aggregate(",
      '  { groupBy: ["country"], columns: { orders: ["countDistinct", "order_id"], revenue: ["sum", "amount"],',
      '    rows: ["count", "*"], spread: ["stddev", "amount"], median: ["percentile", "amount", { p: 0.5 }],',
      '    last_status: ["last", "status", { orderBy: "updated_at" }] } },',
      '  { name: "Revenue By Country" },',
      ")",
    ],
  },
  templates: ["nodes/aggregate", "nodes/aggregate_columns"],
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
      if (a.column === ALL_ROWS) {
        if (a.fn === "count") out.push({ name: a.as, type: "bigint" });
        else
          ctx.at({
            code: "unknown-function",
            field: a.as,
            message: `${a.fn} of "*": only count takes "*" (count rows).`,
            fix: `Use ["count", "*"] to count rows, or name a column for ${a.fn}.`,
          });
        continue;
      }
      const c = ctx.requireColumn(input, a.column);
      if (a.fn === "first" || a.fn === "last") {
        const order = typeof a.orderBy === "string" ? ctx.requireColumn(input, a.orderBy) : undefined;
        if (typeof a.orderBy !== "string")
          ctx.at({
            code: "invalid-option",
            field: a.as,
            message: `${a.fn} needs the column that orders the rows.`,
            fix: `Write ["${a.fn}", ${JSON.stringify(a.column)}, { orderBy: "updated_at" }], naming a unique column.`,
          });
        else if (order && isNested(order.type)) {
          ctx.at({
            code: "type-mismatch",
            field: a.as,
            message: `${a.fn} orders by ${a.orderBy} (${order.type}), which has no order.`,
            fix: "Order by a number, string, date or timestamp column.",
          });
          continue;
        }
        if (!c || !order) continue;
      }
      if (a.fn === "percentile") {
        if (typeof a.p !== "number" || !(a.p >= 0 && a.p <= 1))
          ctx.at({
            code: "invalid-option",
            field: a.as,
            message: `percentile ${JSON.stringify(a.p)} is not a number from 0 to 1.`,
            fix: `Write ["percentile", ${JSON.stringify(a.column)}, { p: 0.5 }] for the median.`,
          });
        const acc = a.accuracy ?? DEFAULT_PERCENTILE_ACCURACY;
        if (!Number.isInteger(acc) || acc < 1 || acc > 2147483647)
          ctx.at({
            code: "invalid-option",
            field: a.as,
            message: `percentile accuracy ${JSON.stringify(a.accuracy)} is not a whole number from 1 to 2147483647.`,
            fix: `Leave it out (${DEFAULT_PERCENTILE_ACCURACY}), or raise it for a closer percentile at more memory.`,
          });
        if (c && !(isNumeric(c.type) || isTemporal(c.type))) {
          ctx.at({
            code: "type-mismatch",
            field: a.as,
            message: `percentile of ${a.column} (${c.type}) needs numbers, dates or timestamps.`,
            fix: `Use first/last or min/max for ${c.type}, or cast ${a.column} with applyMapping first.`,
          });
          continue;
        }
      }
      if (!c) continue;
      if ((a.fn === "sum" || a.fn === "avg" || a.fn === "stddev") && !isNumeric(c.type)) {
        ctx.at({
          code: "type-mismatch",
          field: a.as,
          message: `${a.fn} of ${a.column} (${c.type}) is not a number.`,
          fix: `Aggregate a numeric column, use count/min/max, or cast ${a.column} first with applyMapping.`,
        });
        continue;
      }
      if ((a.fn === "min" || a.fn === "max") && isNested(c.type)) {
        ctx.at({
          code: "type-mismatch",
          field: a.as,
          message: `${a.fn} of ${a.column} (${c.type}) has no order.`,
          fix: 'Flatten or explode the column first, or take it by another column\'s order with ["last", …, { orderBy }].',
        });
        continue;
      }
      const keepsValue = ["min", "max", "first", "last", "percentile"].includes(a.fn);
      out.push({
        name: a.as,
        type: aggregateType(a.fn, c.type),
        ...(c.tags && keepsValue ? { tags: c.tags } : {}),
      });
    }
    return known(out);
  },
  view: (d, _detail, ctx) =>
    // Studio's helper calls each function with a column name alone; min_by, max_by and percentile_approx take more.
    d.aggregations.every((a) => HELPER_FUNCTIONS[a.fn] !== undefined)
      ? {
          partial: "nodes/aggregate",
          helpers: ["helpers/spark_aggregate"],
          input: ctx.variable(d.input),
          groups: d.groupBy,
          aggs: d.aggregations.map((a) => ({ column: a.column, fn: HELPER_FUNCTIONS[a.fn]!, as: a.as })),
        }
      : {
          partial: "nodes/aggregate_columns",
          input: ctx.variable(d.input),
          grouping: d.groupBy.length ? `.groupBy(${d.groupBy.map(pyStr).join(", ")})` : "",
          columns: d.aggregations.map(aggregateColumn),
        },
  frameMethods: (add, input) => ({
    aggregate: (spec, o) =>
      add({
        kind: "aggregate",
        name: o.name,
        input,
        groupBy: [...(spec.groupBy ?? [])],
        aggregations: Object.entries(spec.columns).map(([as, [fn, column, options]]) => ({
          as,
          fn,
          column,
          ...(options && "orderBy" in options ? { orderBy: options.orderBy } : {}),
          ...(options && "p" in options
            ? { p: options.p, ...(options.accuracy !== undefined ? { accuracy: options.accuracy } : {}) }
            : {}),
        })),
      }),
  }),
};
