/** Drop duplicates: whole-row or by key columns, as Glue Studio renders it (through a DataFrame). */
import type { Frame } from "./pipeline";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface DropDuplicatesNode extends NodeCommon {
  readonly kind: "dropDuplicates";
  readonly input: string;
  readonly keys?: readonly string[];
}

export interface DropDuplicatesMethods {
  /**
   * Keeps one row per distinct row, or per distinct `keys`.
   *
   * ```ts
   * orders.dropDuplicates({ name: "Drop Duplicates", keys: ["order_id"] })
   * ```
   * renders as `DynamicFrame.fromDF(Orders_node….toDF().dropDuplicates(["order_id"]), glueContext,
   * "DropDuplicates_node…")`.
   * Output: the input's columns.
   */
  dropDuplicates(options: NodeOptions & { keys?: string[] }): Frame;
}

export interface DropDuplicatesView {
  readonly partial: "nodes/drop_duplicates";
  readonly input: string;
  readonly keys: readonly string[] | null;
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    dropDuplicates: DropDuplicatesNode;
  }
  interface FrameMethods {
    dropDuplicates: DropDuplicatesMethods;
  }
}

export const dropDuplicates: NodeKindSpec<DropDuplicatesNode, undefined, DropDuplicatesView, DropDuplicatesMethods> = {
  kind: "dropDuplicates",
  doc: {
    summary: "Keeps one row per distinct row, or per distinct `keys`.",
    forms: [
      { builder: "`.dropDuplicates({name, keys?})`", renders: "`toDF().dropDuplicates([...])`", output: "unchanged" },
    ],
    example: ['orders.dropDuplicates({ name: "Drop Duplicates", keys: ["order_id"] })'],
  },
  templates: ["nodes/drop_duplicates"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    for (const k of d.keys ?? []) ctx.requireColumn(input, k, "key");
    return known(input);
  },
  view: (d, _detail, ctx) => ({ partial: "nodes/drop_duplicates", input: ctx.variable(d.input), keys: d.keys ?? null }),
  frameMethods: (add, input) => ({
    dropDuplicates: (o) =>
      add({ kind: "dropDuplicates", name: o.name, input, ...(o.keys ? { keys: [...o.keys] } : {}) }),
  }),
};
