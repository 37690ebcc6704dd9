/**
 * Drop: removes the listed columns, and optionally every column carrying a tag (a DataFrame drop, not Glue's
 * DropFields).
 */
import type { ColumnTag } from "../model/types";
import type { Frame } from "./pipeline";
import { onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface DropNode extends NodeCommon {
  readonly kind: "drop";
  readonly input: string;
  readonly columns: readonly string[];
  /** Also drop every column carrying this tag, resolved during schema inference. */
  readonly tagged?: ColumnTag;
}

export interface DropMethods {
  /**
   * Removes columns; with `tagged: "pii"` also every column tagged PII at this point.
   *
   * ```ts
   * readings.drop(["status"], { name: "Drop PII", tagged: "pii" })
   * ```
   * renders as `DropPII_node… = DynamicFrame.fromDF(….toDF().drop("customer_email", "status"), glueContext,
   * "DropPII_node…")`,
   * listing every column removed (not Glue's `DropFields`, see docs/script-contract.md). Output: the other columns.
   */
  drop(columns: string[], options: NodeOptions & { tagged?: ColumnTag }): Frame;
}

export interface DropView {
  readonly partial: "nodes/drop";
  readonly input: string;
  readonly columns: readonly string[];
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    drop: DropNode;
  }
  interface FrameMethods {
    drop: DropMethods;
  }
}

export const drop: NodeKindSpec<DropNode, readonly string[], DropView, DropMethods> = {
  kind: "drop",
  doc: {
    summary: 'Removes columns; with `tagged: "pii"`, also every column the tables tag as PII.',
    forms: [
      {
        builder: "`.drop(columns, {name, tagged?})`",
        renders: 'DataFrame `drop` (with `tagged: "pii"`, every PII column too)',
        output: "the rest",
      },
    ],
    example: ['readings.drop(["status"], { name: "Drop PII", tagged: "pii" })'],
  },
  templates: ["nodes/drop"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    for (const name of d.columns) ctx.requireColumn(input, name);
    const dropped = new Set([
      ...d.columns,
      ...input.filter((c) => d.tagged && c.tags?.includes(d.tagged)).map((c) => c.name),
    ]);
    const schema = input.filter((c) => !dropped.has(c.name));
    if (!schema.length)
      ctx.at({
        code: "missing-columns",
        field: "columns",
        message: "drop removes every column.",
        fix: "Keep at least one column.",
      });
    return { schema, detail: input.filter((c) => dropped.has(c.name)).map((c) => c.name) };
  },
  view: (d, dropped, ctx) => ({ partial: "nodes/drop", input: ctx.variable(d.input), columns: dropped }),
  frameMethods: (add, input) => ({
    drop: (columns, o) =>
      add({ kind: "drop", name: o.name, input, columns: [...columns], ...(o.tagged ? { tagged: o.tagged } : {}) }),
  }),
};
