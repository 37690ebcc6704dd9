/**
 * Fill missing: a default per column for NULLs. Glue Studio's "Fill Missing Values" node is a different
 * thing (it imputes values with a machine-learning model), so this renders as DataFrame `fillna`.
 */
import { isIntegral, isNumeric, isTemporal } from "../model/columns";
import type { GlueType, Literal } from "../model/types";
import { pyLiteral, pyStr } from "../model/python";
import { pyColumn } from "../model/pyspark";
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
   * a boolean for boolean columns, `yyyy-MM-dd` text for date columns and `yyyy-MM-dd HH:mm:ss[.SSSSSS]` text for
   * timestamp columns (read in the session time zone, UTC on Glue).
   *
   * ```ts
   * customers.fillMissing({ country: "unknown", discount: 0 }, { name: "Defaults" })
   * ```
   * renders as `DynamicFrame.fromDF(Customers_node….toDF().fillna({"country": "unknown", "discount": 0}), glueContext,
   * "Defaults_node…")`.
   * A date or timestamp default renders as `.withColumn("day", F.coalesce(F.col("day"),
   * F.lit("2026-01-01").cast("date")))`, since `fillna` leaves those columns alone.
   * Output: the input's columns.
   */
  fillMissing(defaults: Record<string, Literal>, options: NodeOptions): Frame;
}

export interface FillMissingView {
  readonly partial: "nodes/fill_missing";
  readonly input: string;
  /** A Python dict literal of the defaults of string, boolean and numeric columns, or null when there are none. */
  readonly values: string | null;
  /** One `.withColumn(…)` per date or timestamp column. */
  readonly temporal: readonly string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?$/;

/** True when the text names a real calendar day (and time): `2026-02-30` does not. */
function realDateTime(m: RegExpExecArray): boolean {
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x)));
  const t = new Date(0);
  t.setUTCFullYear(y!, mo! - 1, d!);
  t.setUTCHours(h, mi, s);
  return (
    t.getUTCFullYear() === y &&
    t.getUTCMonth() === mo! - 1 &&
    t.getUTCDate() === d &&
    t.getUTCHours() === h &&
    t.getUTCMinutes() === mi &&
    t.getUTCSeconds() === s
  );
}

/**
 * Why `value` cannot stand for a NULL of `column` (of type `type`), with what to do, or undefined when it can:
 * a number for a numeric column (a whole one for int and bigint), a string for a string column, a boolean for a
 * boolean column, `yyyy-MM-dd` text for a date and `yyyy-MM-dd HH:mm:ss[.SSSSSS]` text for a timestamp.
 */
export function defaultProblem(
  column: string,
  type: GlueType,
  value: Literal,
): { message: string; fix: string } | undefined {
  const kind = typeof value === "bigint" ? "number" : typeof value;
  const shown = JSON.stringify(typeof value === "bigint" ? value.toString() : value);
  if (kind === "number" && typeof value === "number" && !Number.isFinite(value))
    return { message: `default ${String(value)} is not a finite number.`, fix: "Use a finite number." };
  if (type === "date" || type === "timestamp") {
    const m = typeof value === "string" ? (type === "date" ? DATE : TIMESTAMP).exec(value) : null;
    if (m && realDateTime(m)) return undefined;
    const form = type === "date" ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss";
    return {
      message: `${column} is ${type}, but its default ${shown} is not a ${form} ${type === "date" ? "date" : "time"}.`,
      fix:
        `Write the default as ${form} text, e.g. ` +
        (type === "date" ? '"2026-01-01".' : '"2026-01-01 00:00:00" (read in the session time zone, UTC on Glue).'),
    };
  }
  const fits =
    kind === "string"
      ? type === "string"
      : kind === "boolean"
        ? type === "boolean"
        : isNumeric(type) && !(isIntegral(type) && typeof value === "number" && !Number.isInteger(value));
  if (fits) return undefined;
  return {
    message: `${column} is ${type}, but its default is the ${kind} ${shown}.`,
    fix: type.includes("<")
      ? "fillMissing handles string, boolean, numeric, date and timestamp columns; " +
        `use derive with e.coalesce(e.col(${JSON.stringify(column)}), …) for ${type}.`
      : `Use a ${isNumeric(type) ? (isIntegral(type) ? "whole number" : "number") : type} default.`,
  };
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
      {
        builder: "`.fillMissing({col: default}, {name})`",
        renders:
          "`toDF().fillna({...})`; date and timestamp columns (default `yyyy-MM-dd` / `yyyy-MM-dd HH:mm:ss` text): " +
          "`F.coalesce(col, F.lit(text).cast(type))`",
        output: "unchanged",
      },
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
      const problem = defaultProblem(column, c.type, value);
      if (problem)
        ctx.at({
          code: typeof value === "number" && !Number.isFinite(value) ? "invalid-literal" : "type-mismatch",
          field: column,
          ...problem,
        });
    }
    return known(input);
  },
  view: (d, _detail, ctx) => {
    const types = new Map(ctx.schemaOf(d.input).map((c) => [c.name, c.type]));
    const isTime = (column: string) => isTemporal(types.get(column)!);
    const plain = d.defaults.filter((x) => !isTime(x.column));
    return {
      partial: "nodes/fill_missing",
      input: ctx.variable(d.input),
      values: plain.length
        ? `{${plain.map(({ column, value }) => `${pyStr(column)}: ${pyLiteral(value)}`).join(", ")}}`
        : null,
      // fillna skips date and timestamp columns, so those take a typed literal through coalesce.
      temporal: d.defaults
        .filter((x) => isTime(x.column))
        .map(({ column, value }) => {
          const typed = `F.lit(${pyLiteral(value)}).cast(${pyStr(types.get(column)!)})`;
          return `.withColumn(${pyStr(column)}, F.coalesce(${pyColumn(column)}, ${typed}))`;
        }),
    };
  },
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
