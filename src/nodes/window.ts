/**
 * Window functions outside SQL: row number, rank, dense rank, lag and lead, and running aggregates over a partition
 * and an order, each a new typed column. Renders as PySpark `Window` specs and `F.<function>().over(...)`.
 */
import { isNested, isNumeric, isTemporal } from "../model/columns";
import { pyIdent, pyLiteral, pyStr } from "../model/python";
import { pyColumn } from "../model/pyspark";
import type { Column, Literal } from "../model/types";
import { aggregateType } from "./aggregate";
import { defaultProblem } from "./fill-missing";
import type { Frame } from "./pipeline";
import { checkNewColumnName, known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export const RANKING_FUNCTIONS = ["rowNumber", "rank", "denseRank"] as const;
export const OFFSET_FUNCTIONS = ["lag", "lead"] as const;
export const RUNNING_FUNCTIONS = ["sum", "avg", "min", "max", "count"] as const;
export const WINDOW_FUNCTIONS = [...RANKING_FUNCTIONS, ...OFFSET_FUNCTIONS, ...RUNNING_FUNCTIONS] as const;
export type WindowFunction = (typeof WINDOW_FUNCTIONS)[number];

/** One new column, as a job writes it: `["rank"]`, `["lag", "temp", { offset: 2, default: 0 }]`, `["sum", "kwh"]`. */
export type WindowColumnSpec =
  | readonly [(typeof RANKING_FUNCTIONS)[number]]
  | readonly [(typeof OFFSET_FUNCTIONS)[number], string, { readonly offset?: number; readonly default?: Literal }?]
  | readonly [(typeof RUNNING_FUNCTIONS)[number], string];

/** A column of the order: its name, or `[name, "desc"]` (or `"asc"`). */
export type WindowOrder = string | readonly [string, "asc" | "desc"];

export interface WindowColumn {
  readonly as: string;
  readonly fn: WindowFunction;
  readonly column?: string;
  readonly offset?: number;
  readonly default?: Literal;
}

export interface WindowNode extends NodeCommon {
  readonly kind: "window";
  readonly input: string;
  readonly partitionBy: readonly string[];
  readonly orderBy: readonly { readonly column: string; readonly direction: "asc" | "desc" }[];
  /** In output order. */
  readonly columns: readonly WindowColumn[];
}

export interface WindowMethods {
  /**
   * Adds one column per window function over rows partitioned by `partitionBy` and ordered by `orderBy`:
   * `rowNumber`, `rank`, `denseRank` (int); `lag`/`lead` of a column (`offset` rows back or ahead, default 1; its
   * `default` where there is no such row, else NULL), typed as the column; running `sum`, `avg`, `min`, `max`,
   * `count` from the partition's first row to the current one, typed as `aggregate` types them. Order ascending
   * puts NULL first, descending last (Spark's defaults). `rank` and `denseRank` give tied rows the same value; the
   * other functions break ties by the remaining columns in schema order, ascending, so their values never depend on
   * how Spark partitioned the data.
   *
   * ```ts
   * readings.window(
   *   { partitionBy: ["device_id"], orderBy: ["reading_ts"], columns: { reading_no: ["rowNumber"],
   *     prev_temp: ["lag", "temp_c", { default: 0 }], kwh_so_far: ["sum", "kwh"] } },
   *   { name: "Device History" },
   * )
   * ```
   * renders as
   * ```py
   * # Ties on the order are broken by the other columns: row numbers, lag/lead and running values are the same …
   * DeviceHistory_node…_rows = Window.partitionBy(F.col("device_id")).orderBy(
   *     F.col("reading_ts").asc(),
   *     F.col("temp_c").asc(),
   *     F.col("kwh").asc(),
   * )
   * DeviceHistory_node…_running = DeviceHistory_node…_rows.rowsBetween(Window.unboundedPreceding,
   *     Window.currentRow)
   * DeviceHistory_node… = DynamicFrame.fromDF(
   *     Readings_node….toDF()
   *     .withColumn("reading_no", F.row_number().over(DeviceHistory_node…_rows))
   *     .withColumn("prev_temp", F.lag(F.col("temp_c"), 1, 0).over(DeviceHistory_node…_rows))
   *     .withColumn("kwh_so_far", F.sum(F.col("kwh")).over(DeviceHistory_node…_running)),
   *     glueContext,
   *     "DeviceHistory_node…",
   * )
   * ```
   * Output: the input's columns, then the new ones.
   */
  window(
    spec: { partitionBy?: string[]; orderBy: WindowOrder[]; columns: Record<string, WindowColumnSpec> },
    options: NodeOptions,
  ): Frame;
}

export interface WindowView {
  readonly partial: "nodes/window";
  readonly imports: readonly "window"[];
  readonly input: string;
  /** Each window spec the columns use, as Python statements. */
  readonly windows: readonly string[];
  readonly columns: readonly string[];
}

const TIE_COMMENT =
  "# Ties on the order are broken by the other columns: row numbers, lag/lead and running values are the same " +
  "every run.";
const isRanking = (fn: string) => (RANKING_FUNCTIONS as readonly string[]).includes(fn);
const isOffset = (fn: string) => (OFFSET_FUNCTIONS as readonly string[]).includes(fn);

/**
 * The columns of `schema` that `named` leaves out, in schema order. Ordering by them after the columns named leaves
 * only identical rows tied, so a row number, lag or kept row never depends on how Spark partitioned the data.
 */
export function otherColumns(schema: readonly Column[], named: readonly string[]): string[] {
  return schema.map((c) => c.name).filter((n) => !named.includes(n));
}

/** `variable = Window.partitionBy(...).orderBy(...)`, one order column per line (`Window.orderBy` unpartitioned). */
export function windowSpec(variable: string, partitionBy: readonly string[], order: readonly string[]): string {
  const partitioned = partitionBy.length
    ? `Window.partitionBy(${partitionBy.map((p) => pyColumn(p)).join(", ")})`
    : "Window";
  return [`${variable} = ${partitioned}.orderBy(`, ...order.map((o) => `    ${o},`), ")"].join("\n");
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    window: WindowNode;
  }
  interface FrameMethods {
    window: WindowMethods;
  }
}

export const window: NodeKindSpec<WindowNode, undefined, WindowView, WindowMethods> = {
  kind: "window",
  doc: {
    summary:
      "Adds window-function columns (row number, rank, dense rank, lag, lead, running sum/avg/min/max/count) over a " +
      "partition and an order.",
    forms: [
      {
        builder: "`.window({partitionBy?, orderBy, columns: {out: [fn, column?, {offset?, default?}?]}}, {name})`",
        renders:
          "`F.row_number()`, `F.rank()`, `F.dense_rank()`, `F.lag`/`F.lead` and `F.sum`/`avg`/`min`/`max`/`count` " +
          "`.over(Window.partitionBy(...).orderBy(...))`; running aggregates `rowsBetween(unboundedPreceding, " +
          "currentRow)`; ties broken by the other columns except for `rank`/`denseRank`",
        output:
          "the input's, then one per function (row number, rank, dense rank: int; lag/lead: the column's; running " +
          "aggregates as `aggregate` types them)",
      },
    ],
    example: [
      "readings.window(",
      "  {",
      '    partitionBy: ["device_id"],',
      '    orderBy: ["reading_ts"],',
      "    columns: {",
      '      reading_no: ["rowNumber"],',
      '      prev_temp: ["lag", "temp_c", { default: 0 }],',
      '      kwh_so_far: ["sum", "kwh"],',
      "    },",
      "  },",
      '  { name: "Device History" },',
      ")",
    ],
  },
  templates: ["nodes/window"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    const used = new Set<string>();
    for (const p of d.partitionBy) {
      if (used.has(p))
        ctx.at({
          code: "duplicate-name",
          field: "partitionBy",
          message: `${p} is named twice in partitionBy.`,
          fix: "Name each partition column once.",
        });
      used.add(p);
      ctx.requireColumn(input, p, "partition column");
    }
    if (!d.orderBy.length)
      ctx.at({
        code: "missing-columns",
        field: "orderBy",
        message: "a window needs an order: row numbers, ranks, lag/lead and running totals follow it.",
        fix: 'Name the columns that order each partition, e.g. `orderBy: ["reading_ts"]` (or `[["amount", "desc"]]`).',
      });
    for (const o of d.orderBy) {
      if (o.direction !== "asc" && o.direction !== "desc")
        ctx.at({
          code: "invalid-option",
          field: "orderBy",
          message: `${o.column} is ordered ${JSON.stringify(o.direction)}, which is neither "asc" nor "desc".`,
          fix: `Write [${JSON.stringify(o.column)}, "desc"], or the name alone for ascending.`,
        });
      if (used.has(o.column))
        ctx.at({
          code: "duplicate-name",
          field: "orderBy",
          message: `${o.column} is named twice in partitionBy and orderBy.`,
          fix:
            "Name each column once: a partition column is the same in every row of its partition, " +
            "so it cannot order them.",
        });
      used.add(o.column);
      const c = ctx.requireColumn(input, o.column, "order column");
      if (c && isNested(c.type))
        ctx.at({
          code: "type-mismatch",
          field: "orderBy",
          message: `order column ${o.column} is ${c.type}, which has no useful order.`,
          fix: `Order by a scalar column, e.g. a field of ${o.column} flattened first.`,
        });
    }
    if (!d.columns.length)
      ctx.at({
        code: "missing-columns",
        field: "columns",
        message: "the window adds no column.",
        fix: 'Pass e.g. `columns: { reading_no: ["rowNumber"] }`.',
      });
    const out: Column[] = [...input];
    let ok = true;
    for (const w of d.columns) {
      checkNewColumnName(ctx, w.as, "window column");
      if (out.some((c) => c.name === w.as)) {
        ctx.at({
          code: "duplicate-name",
          field: w.as,
          message: "the window's input, or another window column, already has a column of this name.",
          fix: "Give the window column a new name (to replace a column, drop it after the window).",
        });
        ok = false;
        continue;
      }
      if (!(WINDOW_FUNCTIONS as readonly string[]).includes(w.fn)) {
        ctx.at({
          code: "unknown-function",
          field: w.as,
          message: `window function ${JSON.stringify(w.fn)} is not one of ${WINDOW_FUNCTIONS.join(", ")}.`,
          fix: "Use one of those functions.",
        });
        ok = false;
        continue;
      }
      if (isRanking(w.fn)) {
        out.push({ name: w.as, type: "int" });
        continue;
      }
      if (w.column === undefined) {
        ctx.at({
          code: "missing-columns",
          field: w.as,
          message: `${w.fn} needs the column it reads.`,
          fix: `Write e.g. \`${w.as}: [${JSON.stringify(w.fn)}, "amount"]\`.`,
        });
        ok = false;
        continue;
      }
      const c = ctx.requireColumn(input, w.column);
      if (!c) {
        ok = false;
        continue;
      }
      if (isOffset(w.fn)) {
        if (w.offset !== undefined && !(Number.isInteger(w.offset) && w.offset >= 1 && w.offset <= 2147483647)) {
          ctx.at({
            code: "invalid-option",
            field: w.as,
            message: `${w.fn} offset ${String(w.offset)} is not a whole number of rows from 1 up.`,
            fix: `Use an offset of 1 or more (for rows the other way, use ${w.fn === "lag" ? "lead" : "lag"}).`,
          });
          ok = false;
        }
        if (w.default !== undefined) {
          const problem =
            isNested(c.type) || isTemporal(c.type)
              ? {
                  message: `${w.column} is ${c.type}, and a ${w.fn} default can only be a number, string or boolean.`,
                  fix:
                    `Leave out the default (NULL where there is no row ${w.fn === "lag" ? "before" : "after"}), ` +
                    "then fillMissing.",
                }
              : defaultProblem(w.column, c.type, w.default);
          if (problem) {
            ctx.at({ code: "type-mismatch", field: w.as, ...problem });
            ok = false;
          }
        }
        out.push({ name: w.as, type: c.type, ...(c.tags ? { tags: c.tags } : {}) });
        continue;
      }
      if ((w.fn === "sum" || w.fn === "avg") && !isNumeric(c.type)) {
        ctx.at({
          code: "type-mismatch",
          field: w.as,
          message: `running ${w.fn} of ${w.column} (${c.type}) is not a number.`,
          fix: `Use a numeric column, count/min/max, or cast ${w.column} first with applyMapping.`,
        });
        ok = false;
        continue;
      }
      if ((w.fn === "min" || w.fn === "max") && isNested(c.type)) {
        ctx.at({
          code: "type-mismatch",
          field: w.as,
          message: `running ${w.fn} of ${w.column} (${c.type}) has no order.`,
          fix: "Flatten or explode the column first.",
        });
        ok = false;
        continue;
      }
      out.push({
        name: w.as,
        // What is left is a running aggregate: typed the way aggregate types it.
        type: aggregateType(w.fn as (typeof RUNNING_FUNCTIONS)[number], c.type),
        ...(c.tags && (w.fn === "min" || w.fn === "max") ? { tags: c.tags } : {}),
      });
    }
    return ok ? known(out) : undefined;
  },
  view: (d, _detail, ctx) => {
    const node = ctx.variable(d.name);
    const schema = ctx.schemaOf(d.input);
    const userOrder = d.orderBy.map((o) => `${pyColumn(o.column)}.${o.direction === "desc" ? "desc" : "asc"}()`);
    const tieBreak = otherColumns(schema, [...d.partitionBy, ...d.orderBy.map((o) => o.column)]).map(
      (c) => `${pyColumn(c)}.asc()`,
    );
    const spec = (variable: string, order: readonly string[]) => windowSpec(variable, d.partitionBy, order);
    const ranks = pyIdent(`${node}_ranks`);
    const rows = pyIdent(`${node}_rows`);
    const running = pyIdent(`${node}_running`);
    const needs = (test: (fn: WindowFunction) => boolean) => d.columns.some((c) => test(c.fn));
    const usesRunning = needs((fn) => !isRanking(fn) && !isOffset(fn));
    const windows = [
      ...(needs((fn) => fn === "rank" || fn === "denseRank") ? [spec(ranks, userOrder)] : []),
      ...(needs((fn) => fn === "rowNumber" || isOffset(fn)) || usesRunning
        ? [`${TIE_COMMENT}\n${spec(rows, [...userOrder, ...tieBreak])}`]
        : []),
      ...(usesRunning ? [`${running} = ${rows}.rowsBetween(Window.unboundedPreceding, Window.currentRow)`] : []),
    ];
    const call = (w: WindowColumn): string => {
      switch (w.fn) {
        case "rowNumber":
          return `F.row_number().over(${rows})`;
        case "rank":
          return `F.rank().over(${ranks})`;
        case "denseRank":
          return `F.dense_rank().over(${ranks})`;
        case "lag":
        case "lead": {
          const args = [
            pyColumn(w.column!),
            String(w.offset ?? 1),
            ...(w.default !== undefined ? [pyLiteral(w.default)] : []),
          ];
          return `F.${w.fn}(${args.join(", ")}).over(${rows})`;
        }
        default:
          return `F.${w.fn}(${pyColumn(w.column!)}).over(${running})`;
      }
    };
    return {
      partial: "nodes/window",
      imports: ["window"],
      input: ctx.variable(d.input),
      windows,
      columns: d.columns.map((w) => `.withColumn(${pyStr(w.as)}, ${call(w)})`),
    };
  },
  frameMethods: (add, input) => ({
    window: (spec, o) =>
      add({
        kind: "window",
        name: o.name,
        input,
        partitionBy: [...(spec.partitionBy ?? [])],
        orderBy: spec.orderBy.map((x) =>
          typeof x === "string" ? { column: x, direction: "asc" as const } : { column: x[0], direction: x[1] },
        ),
        columns: Object.entries(spec.columns).map(([as, [fn, column, opts]]) => ({
          as,
          fn,
          ...(column !== undefined ? { column } : {}),
          ...(opts?.offset !== undefined ? { offset: opts.offset } : {}),
          ...(opts?.default !== undefined ? { default: opts.default } : {}),
        })),
      }),
  }),
};
