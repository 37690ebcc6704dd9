/**
 * To timestamp and format timestamp: epoch milliseconds or seconds, or a string with a pattern, to a
 * `timestamp`, and back. Glue Studio's nodes for these (`gs_to_timestamp`, `gs_format_timestamp`) are
 * closed-source Studio extensions that aws-glue-libs does not have, so they render as plain PySpark.
 * Patterns are Spark datetime patterns (`yyyy-MM-dd HH:mm:ss`); times are in the session time zone (UTC on Glue).
 */
import { timeZoneProblem } from "../model/expr";
import type { Column, GlueType } from "../model/types";
import { pyColumn } from "../model/pyspark";
import { pyStr } from "../model/python";
import type { Frame } from "./pipeline";
import {
  known,
  onlyInput,
  type InferContext,
  type NodeCommon,
  type NodeKindSpec,
  type NodeOptions,
  checkNewColumnName,
} from "./kind";

/** How a timestamp is written as a value: epoch milliseconds or seconds (bigint), or text in a pattern. */
export type TimestampEncoding = "epochMillis" | "epochSeconds" | { readonly pattern: string };

export interface ToTimestampNode extends NodeCommon {
  readonly kind: "toTimestamp";
  readonly input: string;
  readonly column: string;
  readonly from: TimestampEncoding;
  /** Output column; defaults to replacing `column`. */
  readonly as: string;
  /** The zone a pattern's wall-clock text is in (default: UTC); the timestamp is then that instant in UTC. */
  readonly zone?: string;
}

export interface FormatTimestampNode extends NodeCommon {
  readonly kind: "formatTimestamp";
  readonly input: string;
  readonly column: string;
  readonly to: TimestampEncoding;
  readonly as: string;
  /** The zone whose wall-clock time a pattern writes (default: UTC). */
  readonly zone?: string;
}

export interface ToTimestampMethods {
  /**
   * Converts epoch milliseconds or seconds, or a string in a pattern, to a `timestamp`. A string that does
   * not match the pattern becomes NULL.
   *
   * ```ts
   * orders.toTimestamp("placed_at", { name: "Placed Time", from: "epochMillis", as: "placed_ts" })
   * ```
   * renders as
   * ```py
   * PlacedTime_node… = DynamicFrame.fromDF(
   *     Orders_node….toDF().withColumn("placed_ts", F.timestamp_millis(F.col("placed_at"))),
   *     glueContext,
   *     "PlacedTime_node…",
   * )
   * ```
   * (`F.timestamp_seconds` for epochSeconds, `F.to_timestamp(F.col(…), "yyyy-MM-dd HH:mm:ss")` for
   * `{ pattern }`). With `zone: "Europe/Oslo"` the text is that zone's wall-clock time:
   * `F.to_utc_timestamp(F.to_timestamp(…), "Europe/Oslo")` (a time in the spring-forward gap moves an hour on);
   * the session time zone is left as it is (UTC on Glue and locally). Epoch numbers are instants, so they take no zone.
   * Output: the input's columns with `as` (default: the column itself) a timestamp.
   */
  toTimestamp(column: string, options: NodeOptions & { from: TimestampEncoding; as?: string; zone?: string }): Frame;
}

export interface FormatTimestampMethods {
  /**
   * Writes a timestamp (or date) as epoch milliseconds or seconds (bigint), or as text in a pattern.
   *
   * ```ts
   * orders.formatTimestamp("placed_ts", { name: "Order Day", to: { pattern: "yyyy-MM-dd" }, as: "order_day" })
   * ```
   * renders as `….withColumn("order_day", F.date_format(F.col("placed_ts"), "yyyy-MM-dd"))` (`F.unix_millis` /
   * `F.unix_seconds` for the epoch forms). With `zone`, a pattern writes that zone's wall-clock time:
   * `F.date_format(F.from_utc_timestamp(F.col(…), "Europe/Oslo"), …)`. Output: `as` a string (pattern) or bigint
   * (epoch).
   */
  formatTimestamp(column: string, options: NodeOptions & { to: TimestampEncoding; as?: string; zone?: string }): Frame;
}

export interface TimestampView {
  readonly partial: "nodes/with_column";
  readonly input: string;
  readonly column: string;
  readonly expression: string;
}

function checkEncoding(enc: TimestampEncoding, field: string, ctx: InferContext): boolean {
  if (enc === "epochMillis" || enc === "epochSeconds") return true;
  if (typeof enc === "object" && enc !== null && typeof enc.pattern === "string" && enc.pattern.trim() !== "")
    return true;
  ctx.at({
    code: "invalid-option",
    field,
    message: `${JSON.stringify(enc)} is not "epochMillis", "epochSeconds" or { pattern: "…" }.`,
    fix: 'Use e.g. "epochMillis" or { pattern: "yyyy-MM-dd HH:mm:ss" }.',
  });
  return false;
}

/** A zone applies to wall-clock text only; an epoch number is an instant already. */
function checkZone(zone: string | undefined, enc: TimestampEncoding, ctx: InferContext): boolean {
  if (zone === undefined) return true;
  const bad = typeof enc === "object" ? timeZoneProblem(zone) : undefined;
  if (typeof enc !== "object" || bad)
    ctx.at({
      code: "invalid-option",
      field: "zone",
      message: bad ? bad.message : `an epoch number (${String(enc)}) is an instant in no time zone.`,
      fix: bad ? bad.fix : "Remove zone, or use it with a { pattern } for wall-clock text.",
    });
  return !bad && typeof enc === "object";
}

function outputSchema(
  input: readonly Column[],
  column: Column,
  as: string,
  type: GlueType,
  ctx: InferContext,
): readonly Column[] {
  checkNewColumnName(ctx, as);
  const out: Column = { name: as, type, ...(column.tags ? { tags: column.tags } : {}) };
  return input.some((c) => c.name === as) ? input.map((c) => (c.name === as ? out : c)) : [...input, out];
}

// These kinds' models and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    toTimestamp: ToTimestampNode;
    formatTimestamp: FormatTimestampNode;
  }
  interface FrameMethods {
    toTimestamp: ToTimestampMethods;
    formatTimestamp: FormatTimestampMethods;
  }
}

export const toTimestamp: NodeKindSpec<ToTimestampNode, undefined, TimestampView, ToTimestampMethods> = {
  kind: "toTimestamp",
  doc: {
    summary: "Turns epoch numbers or formatted strings into a timestamp column.",
    forms: [
      {
        builder: "`.toTimestamp(col, {name, from, as?, zone?})`",
        renders:
          "`F.timestamp_millis` / `F.timestamp_seconds` / `F.to_timestamp(col, pattern)`; with `zone` (a pattern's " +
          "wall-clock zone) wrapped in `F.to_utc_timestamp(…, zone)`",
        output: "`as` (default `col`) becomes a timestamp",
      },
    ],
    example: ['orders.toTimestamp("placed_at", { name: "Placed Time", from: "epochMillis", as: "placed_ts" })'],
  },
  templates: ["nodes/with_column"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    const c = ctx.requireColumn(input, d.column);
    if (!checkEncoding(d.from, "from", ctx) || !checkZone(d.zone, d.from, ctx) || !c) return undefined;
    const wanted = typeof d.from === "object" ? "string" : "an integer (int or bigint)";
    const fits = typeof d.from === "object" ? c.type === "string" : c.type === "bigint" || c.type === "int";
    if (!fits) {
      ctx.at({
        code: "type-mismatch",
        field: d.column,
        message: `${d.column} is ${c.type}, but converting from ${typeof d.from === "object" ? "a pattern" : d.from} needs ${wanted}.`,
        fix:
          typeof d.from === "object"
            ? 'Use from: "epochMillis" for numbers.'
            : "Use from: { pattern } for text, or cast the column with applyMapping first.",
      });
      return undefined;
    }
    return known(outputSchema(input, c, d.as, "timestamp", ctx));
  },
  view(d, _detail, ctx) {
    const col = pyColumn(d.column);
    const expression =
      d.from === "epochMillis"
        ? `F.timestamp_millis(${col})`
        : d.from === "epochSeconds"
          ? `F.timestamp_seconds(${col})`
          : `F.to_timestamp(${col}, ${pyStr(d.from.pattern)})`;
    return {
      partial: "nodes/with_column",
      input: ctx.variable(d.input),
      column: d.as,
      expression: d.zone !== undefined ? `F.to_utc_timestamp(${expression}, ${pyStr(d.zone)})` : expression,
    };
  },
  frameMethods: (add, input) => ({
    toTimestamp: (column, o) =>
      add({
        kind: "toTimestamp",
        name: o.name,
        input,
        column,
        from: o.from,
        as: o.as ?? column,
        ...(o.zone !== undefined ? { zone: o.zone } : {}),
      }),
  }),
};

export const formatTimestamp: NodeKindSpec<FormatTimestampNode, undefined, TimestampView, FormatTimestampMethods> = {
  kind: "formatTimestamp",
  doc: {
    summary: "Turns a timestamp column into epoch numbers or formatted strings.",
    forms: [
      {
        builder: "`.formatTimestamp(col, {name, to, as?, zone?})`",
        renders:
          "`F.unix_millis` / `F.unix_seconds` / `F.date_format(col, pattern)`; with `zone`, of " +
          "`F.from_utc_timestamp(col, zone)`",
        output: "`as` becomes bigint (epoch) or string (pattern)",
      },
    ],
    example: [
      'orders.formatTimestamp("placed_ts", { name: "Order Day", to: { pattern: "yyyy-MM-dd" }, as: "order_day" })',
    ],
  },
  templates: ["nodes/with_column"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    const c = ctx.requireColumn(input, d.column);
    if (!checkEncoding(d.to, "to", ctx) || !checkZone(d.zone, d.to, ctx) || !c) return undefined;
    if (c.type !== "timestamp" && c.type !== "date") {
      ctx.at({
        code: "type-mismatch",
        field: d.column,
        message: `${d.column} is ${c.type}, not a timestamp or date.`,
        fix: "Convert it first with toTimestamp(...).",
      });
      return undefined;
    }
    return known(outputSchema(input, c, d.as, typeof d.to === "object" ? "string" : "bigint", ctx));
  },
  view(d, _detail, ctx) {
    const col =
      d.zone !== undefined ? `F.from_utc_timestamp(${pyColumn(d.column)}, ${pyStr(d.zone)})` : pyColumn(d.column);
    const expression =
      d.to === "epochMillis"
        ? `F.unix_millis(${col})`
        : d.to === "epochSeconds"
          ? `F.unix_seconds(${col})`
          : `F.date_format(${col}, ${pyStr(d.to.pattern)})`;
    return { partial: "nodes/with_column", input: ctx.variable(d.input), column: d.as, expression };
  },
  frameMethods: (add, input) => ({
    formatTimestamp: (column, o) =>
      add({
        kind: "formatTimestamp",
        name: o.name,
        input,
        column,
        to: o.to,
        as: o.as ?? column,
        ...(o.zone !== undefined ? { zone: o.zone } : {}),
      }),
  }),
};
