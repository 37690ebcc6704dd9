/**
 * Keep latest: one row per key, the newest (or oldest) by order columns, without a SQL node that would have to
 * declare every column again. Renders as `row_number()` over a window, so nested columns pass through untouched.
 */
import { isNested } from "../model/columns";
import type { Column } from "../model/types";
import { pyColumn } from "../model/pyspark";
import { pyIdent, pyStr } from "../model/python";
import { otherColumns, windowSpec } from "./window";
import type { Frame } from "./pipeline";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export const KEEP_ORDERS = ["latest", "earliest"] as const;
export type KeepOrder = (typeof KEEP_ORDERS)[number];

export interface KeepLatestNode extends NodeCommon {
  readonly kind: "keepLatest";
  readonly input: string;
  /** The columns a row is unique by in the output. */
  readonly keys: readonly string[];
  /** Compared in order: the first decides, the next breaks its ties, and so on. */
  readonly by: readonly string[];
  readonly keep: KeepOrder;
}

export interface KeepLatestMethods {
  /**
   * Keeps one row per distinct `keys`: the one with the greatest `by` (with `keep: "earliest"`, the smallest).
   * A NULL in an order column loses to any value. Ties on `by` are broken by the other columns, in schema order,
   * compared the same way, so the row kept never depends on how Spark partitioned the data.
   *
   * ```ts
   * readings.keepLatest({ name: "Latest Reading", keys: ["device_id"], by: ["reading_ts"] })
   * ```
   * renders as
   * ```py
   * # Row 1 per key: the greatest order, NULL last, ties broken by the other columns, so the row kept is the same …
   * LatestReading_node…_order = Window.partitionBy(F.col("device_id")).orderBy(
   *     F.col("reading_ts").desc_nulls_last(),
   *     F.col("temp_c").desc_nulls_last(),
   * )
   * LatestReading_node… = DynamicFrame.fromDF(
   *     Readings_node….toDF()
   *     .withColumn("_row_number", F.row_number().over(LatestReading_node…_order))
   *     .filter(F.col("_row_number") == 1)
   *     .drop("_row_number"),
   *     glueContext,
   *     "LatestReading_node…",
   * )
   * ```
   * Output: the input's columns, nested types included.
   */
  keepLatest(options: NodeOptions & { keys: string[]; by: string[]; keep?: KeepOrder }): Frame;
}

export interface KeepLatestView {
  readonly partial: "nodes/keep_latest";
  readonly imports: readonly "window"[];
  readonly input: string;
  readonly windowVar: string;
  /** The window spec statement, as Python. */
  readonly window: string;
  readonly rowColumn: string;
  readonly comment: string;
}

/** A column name the input does not have, for the row number that is dropped again. */
function freeColumnName(schema: readonly Column[], base: string): string {
  let name = base;
  while (schema.some((c) => c.name === name)) name = `_${name}`;
  return name;
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    keepLatest: KeepLatestNode;
  }
  interface FrameMethods {
    keepLatest: KeepLatestMethods;
  }
}

export const keepLatest: NodeKindSpec<KeepLatestNode, undefined, KeepLatestView, KeepLatestMethods> = {
  kind: "keepLatest",
  doc: {
    summary:
      "Keeps one row per key: the latest (or earliest) by order columns; ties are broken by the other columns, " +
      "so the row kept is deterministic.",
    forms: [
      {
        builder: '`.keepLatest({name, keys, by, keep?: "latest" \\| "earliest"})`',
        renders:
          "`F.row_number()` over `Window.partitionBy(keys).orderBy(by…, other columns…)` (NULL last), row 1 kept",
        output: "unchanged (nested types included)",
      },
    ],
    example: ['readings.keepLatest({ name: "Latest Reading", keys: ["device_id"], by: ["reading_ts"] })'],
  },
  templates: ["nodes/keep_latest"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    if (!(KEEP_ORDERS as readonly string[]).includes(d.keep))
      ctx.at({
        code: "invalid-option",
        field: "keep",
        message: `keep ${JSON.stringify(d.keep)} is not one of ${KEEP_ORDERS.join(", ")}.`,
        fix: 'Use keep: "latest" (the greatest `by` wins) or "earliest".',
      });
    if (!d.keys.length)
      ctx.at({
        code: "missing-columns",
        field: "keys",
        message: "keepLatest has no key column.",
        fix:
          'Name the columns a row is unique by, e.g. `keys: ["device_id"]` ' +
          "(for whole-row duplicates use dropDuplicates).",
      });
    if (!d.by.length)
      ctx.at({
        code: "missing-columns",
        field: "by",
        message: "keepLatest has no order column, so no row is the latest.",
        fix:
          'Name the columns that order the rows, e.g. `by: ["updated_at"]` ' +
          "(for any one row per key use dropDuplicates).",
      });
    const seen = new Set<string>();
    for (const [field, names] of [
      ["keys", d.keys],
      ["by", d.by],
    ] as const)
      for (const name of names) {
        if (seen.has(name)) {
          ctx.at({
            code: "duplicate-name",
            field,
            message: `${name} is named twice in keys and by.`,
            fix: "Name each column once: a key column is the same in every row of its group, so it cannot order them.",
          });
          continue;
        }
        seen.add(name);
        const c = ctx.requireColumn(input, name, field === "keys" ? "key" : "order column");
        if (c && field === "by" && isNested(c.type))
          ctx.at({
            code: "type-mismatch",
            field,
            message: `order column ${name} is ${c.type}; "latest" needs a number, string, date or timestamp.`,
            fix: `Order by a scalar column, e.g. a field of ${name} flattened first.`,
          });
      }
    return known(input);
  },
  view: (d, _detail, ctx) => {
    const schema = ctx.schemaOf(d.input);
    const direction = d.keep === "latest" ? "desc_nulls_last" : "asc_nulls_last";
    const ordered = [...d.by, ...otherColumns(schema, [...d.keys, ...d.by])];
    const windowVar = pyIdent(`${ctx.variable(d.name)}_order`);
    return {
      partial: "nodes/keep_latest",
      imports: ["window"],
      input: ctx.variable(d.input),
      windowVar,
      window: windowSpec(
        windowVar,
        d.keys,
        ordered.map((n) => `${pyColumn(n)}.${direction}()`),
      ),
      rowColumn: pyStr(freeColumnName(schema, "_row_number")),
      comment:
        `Row 1 per key: the ${d.keep === "latest" ? "greatest" : "smallest"} order, NULL last, ties broken by the ` +
        "other columns, so the row kept is the same every run.",
    };
  },
  frameMethods: (add, input) => ({
    keepLatest: (o) =>
      add({ kind: "keepLatest", name: o.name, input, keys: [...o.keys], by: [...o.by], keep: o.keep ?? "latest" }),
  }),
};
