/**
 * To timestamp and format timestamp: epoch milliseconds or seconds, or a string with a pattern, to a
 * `timestamp`, and back. Glue Studio's nodes for these (`gs_to_timestamp`, `gs_format_timestamp`) are
 * closed-source Studio extensions that aws-glue-libs does not have, so they render as plain PySpark.
 * Patterns are Spark datetime patterns (`yyyy-MM-dd HH:mm:ss`); times are in the session time zone (UTC on Glue).
 */
import { timeZoneProblem } from "../model/expr";
import type { Column, GlueType } from "../model/types";
import { pyColumn, zoneShiftPython } from "../model/pyspark";
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
   * (`F.timestamp_seconds` for epochSeconds; for `{ pattern: "yyyy-MM-dd HH:mm:ss" }`,
   * `F.when(F.col(…).rlike("^[0-9]{4}-[0-9]{2}-…\\z"), F.try_to_timestamp(F.col(…), F.lit("yyyy-MM-dd HH:mm:ss")))`:
   * only text of the pattern's exact shape is parsed, so that text Spark 3's parser rejects but its pre-3.0 one
   * read, such as "2025-1-5 10:00:00", is NULL and does not fail the job with SparkUpgradeException).
   * With `zone: "Europe/Oslo"` the text is that zone's wall-clock time: the parse is wrapped in
   * `F.to_utc_timestamp(…, "Europe/Oslo")` (a time in the spring-forward gap moves an hour on); the session time
   * zone is left as it is (UTC on Glue and locally). Epoch numbers are instants, so they take no zone.
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

const MONTHS = "January February March April May June July August September October November December".split(" ");
const OFFSET_HOURS = "[01][0-9]";
const OFFSET_MINUTES = "[0-5][0-9]";
const OFFSET_HHMM = OFFSET_HOURS + OFFSET_MINUTES;
const OFFSET_HH_MM = `${OFFSET_HOURS}:${OFFSET_MINUTES}`;
const DIGITS = (min: number, max: number) => (min === max ? `[0-9]{${min}}` : `[0-9]{${min},${max}}`);
/** Pattern letters a parse pattern may use: the regular expression of each count of letters Spark reads. */
const PARSE_LETTERS: Record<string, (count: number) => string | undefined> = {
  y: (n) => (n === 2 || n === 4 ? DIGITS(n, n) : undefined),
  M: (n) =>
    n <= 2
      ? DIGITS(n, 2)
      : n === 3
        ? `(?i:${MONTHS.map((m) => m.slice(0, 3)).join("|")})`
        : n === 4
          ? `(?i:${MONTHS.join("|")})`
          : undefined,
  d: (n) => (n <= 2 ? DIGITS(n, 2) : undefined),
  H: (n) => (n <= 2 ? DIGITS(n, 2) : undefined),
  h: (n) => (n <= 2 ? DIGITS(n, 2) : undefined),
  m: (n) => (n <= 2 ? DIGITS(n, 2) : undefined),
  s: (n) => (n <= 2 ? DIGITS(n, 2) : undefined),
  S: (n) => (n <= 9 ? DIGITS(1, n) : undefined),
  a: (n) => (n === 1 ? "(?i:AM|PM)" : undefined),
  // Offsets: hours to 19 and minutes to 59, the widest both parsers agree on (the old one takes +0199).
  X: (n) =>
    [`(?:Z|[+-]${OFFSET_HOURS}(?:${OFFSET_MINUTES})?)`, `(?:Z|[+-]${OFFSET_HHMM})`, `(?:Z|[+-]${OFFSET_HH_MM})`][n - 1],
  x: (n) => [`[+-]${OFFSET_HOURS}(?:${OFFSET_MINUTES})?`, `[+-]${OFFSET_HHMM}`, `[+-]${OFFSET_HH_MM}`][n - 1],
  Z: (n) => (n <= 3 ? `[+-]${OFFSET_HHMM}` : undefined),
};
const NUMERIC = new Set(["y", "M", "d", "H", "h", "m", "s", "S"]);

/**
 * The shape of the text a Spark datetime pattern parses, as a Java regular expression (`rlike`), or why the
 * pattern cannot have one. Under Spark's default `spark.sql.legacy.timeParserPolicy` (EXCEPTION), a string the
 * new parser rejects but the pre-3.0 parser accepts ("2025-1-5" for "yyyy-MM-dd", trailing text, a leading
 * space) fails the whole job with SparkUpgradeException, and `try_to_timestamp` does not catch it. A string of
 * the pattern's exact shape is one both parsers read alike, or both reject (month 13, February 30), so parsing
 * only those keeps the promise of NULL without a session-wide setting.
 */
export function patternShape(pattern: string): { regex: string } | { problem: string } {
  const parts: string[] = [];
  const letters = new Set<string>();
  let previous: { numeric: boolean; fixed: boolean } | undefined;
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i]!;
    if (ch === "'") {
      // Quoted text is literal; '' is a quote, inside quotes or out.
      let text = "";
      let j = i + 1;
      for (; pattern[j] !== "'" || pattern[j + 1] === "'"; j++) {
        if (j >= pattern.length) return { problem: `the quote at position ${i + 1} is never closed` };
        text += pattern[j];
        if (pattern[j] === "'") j++;
      }
      parts.push(escapeRegex(j === i + 1 ? "'" : text));
      i = j + 1;
      previous = undefined;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let n = 1;
      while (pattern[i + n] === ch) n++;
      const regex = PARSE_LETTERS[ch]?.(n);
      if (regex === undefined)
        return {
          problem:
            `"${ch.repeat(n)}" is not a field this node can read safely (it reads yy or yyyy, M to MMMM, ` +
            "d or dd, H or HH, h or hh with a, m or mm, s or ss, S to SSSSSSSSS, X and x to 3 letters, Z to ZZZ)",
        };
      const numeric = NUMERIC.has(ch) && !(ch === "M" && n > 2);
      const fixed = numeric && ch !== "S" && (n === 2 || n === 4);
      if (numeric && previous?.numeric && !(fixed && previous.fixed))
        return { problem: `"${ch.repeat(n)}" touches another number, and one of them has no fixed width` };
      parts.push(regex);
      letters.add(ch);
      previous = { numeric, fixed };
      i += n;
      continue;
    }
    if ("[]{}#".includes(ch)) return { problem: `"${ch}" (optional sections, reserved characters) is not supported` };
    parts.push(escapeRegex(ch));
    previous = undefined;
    i++;
  }
  if (letters.has("h") !== letters.has("a")) return { problem: "h (clock hour 1-12) and a (AM/PM) go together" };
  // \z, not $: Java's $ also matches before a final line break, which both parsers then disagree on.
  return { regex: `^${parts.join("")}\\z` };
}

const escapeRegex = (text: string) => text.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);

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

/** Only text of the pattern's shape is parsed (see `patternShape`); any other text is NULL. */
function guardedParse(col: string, pattern: string): string {
  const shape = patternShape(pattern);
  if (!("regex" in shape)) throw new Error(`Pattern ${JSON.stringify(pattern)} passed validation: ${shape.problem}`);
  return `F.when(${col}.rlike(${pyStr(shape.regex)}), F.try_to_timestamp(${col}, F.lit(${pyStr(pattern)})))`;
}

export const toTimestamp: NodeKindSpec<ToTimestampNode, undefined, TimestampView, ToTimestampMethods> = {
  kind: "toTimestamp",
  doc: {
    summary: "Turns epoch numbers or formatted strings into a timestamp column.",
    forms: [
      {
        builder: "`.toTimestamp(col, {name, from, as?, zone?})`",
        renders:
          "`F.timestamp_millis` / `F.timestamp_seconds` / `F.try_to_timestamp(col, pattern)` on text of the " +
          "pattern's exact shape (other text is NULL); with `zone` (a pattern's wall-clock zone) wrapped in " +
          "`F.to_utc_timestamp(…, zone)`",
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
    const shape = typeof d.from === "object" ? patternShape(d.from.pattern) : undefined;
    if (shape && "problem" in shape) {
      ctx.at({
        code: "invalid-option",
        field: "from",
        message: `Pattern ${JSON.stringify((d.from as { pattern: string }).pattern)}: ${shape.problem}.`,
        fix:
          'Write the pattern with those fields, e.g. "yyyy-MM-dd HH:mm:ss" or "dd MMM yyyy h:mm a", or parse the ' +
          'column in a sql node; ISO text also reads with e.cast(x, "timestamp").',
      });
      return undefined;
    }
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
          : guardedParse(col, d.from.pattern);
    return {
      partial: "nodes/with_column",
      input: ctx.variable(d.input),
      column: d.as,
      expression: d.zone !== undefined ? zoneShiftPython("toUtcTimestamp", expression, d.zone) : expression,
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
      d.zone !== undefined ? zoneShiftPython("fromUtcTimestamp", pyColumn(d.column), d.zone) : pyColumn(d.column);
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
