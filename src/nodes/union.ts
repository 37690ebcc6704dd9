/** Union: the rows of several frames with the same columns, matched by name, as Glue Studio's Union node. */
import type { Column } from "../model/types";
import type { Frame } from "./pipeline";
import { known, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface UnionNode extends NodeCommon {
  readonly kind: "union";
  /** Two or more node names; the first decides the output column order. */
  readonly inputs: readonly string[];
  readonly distinct: boolean;
}

export interface UnionMethods {
  /**
   * Appends the rows of other frames with the same columns (matched by name, in any order). `distinct`
   * keeps one copy of each distinct row.
   *
   * ```ts
   * webOrders.union([storeOrders], { name: "All Orders" })
   * ```
   * renders as Glue Studio's Union node:
   * ```py
   * AllOrders_node… = sparkUnion(
   *     glueContext,
   *     unionType="ALL",
   *     mapping={"source1": WebOrders_node…, "source2": StoreOrders_node…},
   *     transformation_ctx="AllOrders_node…",
   * )
   * ```
   * Output: this frame's columns; a column's tags (e.g. PII) are the union of its tags in every input.
   */
  union(others: Frame[], options: NodeOptions & { distinct?: boolean }): Frame;
}

export interface UnionView {
  readonly partial: "nodes/union";
  readonly helpers: readonly string[];
  readonly unionType: "ALL" | "DISTINCT";
  readonly sources: readonly { readonly alias: string; readonly frame: string }[];
}

const signature = (cs: readonly Column[]) => new Map(cs.map((c) => [c.name, c.type]));

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    union: UnionNode;
  }
  interface FrameMethods {
    union: UnionMethods;
  }
}

export const union: NodeKindSpec<UnionNode, undefined, UnionView, UnionMethods> = {
  kind: "union",
  doc: {
    summary: "Stacks frames with the same columns, by column name.",
    forms: [
      {
        builder: "`.union([others], {name, distinct?})`",
        renders: "Glue Studio's `sparkUnion`, by column name, `ALL` or `DISTINCT`",
        output: "this frame's (every input must have the same column names and types)",
      },
    ],
    example: ['webOrders.union([storeOrders], { name: "All Orders" })'],
  },
  templates: ["nodes/union"],
  inputs: (d) => d.inputs,
  infer(d, ctx) {
    if (d.inputs.length < 2)
      ctx.at({
        code: "missing-columns",
        field: "inputs",
        message: "a union needs at least two frames.",
        fix: "Pass the other frames: a.union([b], …).",
      });
    if (!ctx.inputs) return undefined;
    const [first, ...rest] = ctx.inputs as [readonly Column[], ...(readonly Column[])[]];
    const want = signature(first);
    let ok = true;
    rest.forEach((other, i) => {
      const got = signature(other);
      const diff = [
        ...[...want].filter(([n]) => !got.has(n)).map(([n, t]) => `${n} (${t}) only in ${d.inputs[0]}`),
        ...[...got].filter(([n]) => !want.has(n)).map(([n, t]) => `${n} (${t}) only in ${d.inputs[i + 1]}`),
        ...[...want]
          .filter(([n, t]) => got.has(n) && got.get(n) !== t)
          .map(([n, t]) => `${n} is ${t} in ${d.inputs[0]} but ${got.get(n)} in ${d.inputs[i + 1]}`),
      ];
      if (diff.length) {
        ok = false;
        ctx.at({
          code: "schema-differs",
          field: d.inputs[i + 1]!,
          message: `the union's inputs have different columns: ${diff.join("; ")}.`,
          fix: "Make the inputs agree first: select, drop, rename or applyMapping so every input has the same column names and types.",
        });
      }
    });
    if (!ok) return undefined;
    const tags = new Map<string, Set<string>>();
    for (const s of ctx.inputs)
      for (const c of s) for (const t of c.tags ?? []) tags.set(c.name, (tags.get(c.name) ?? new Set()).add(t));
    return known(first.map((c) => (tags.has(c.name) ? { ...c, tags: [...tags.get(c.name)!] as Column["tags"] } : c)));
  },
  view: (d, _detail, ctx) => ({
    partial: "nodes/union",
    helpers: ["helpers/spark_union"],
    unionType: d.distinct ? "DISTINCT" : "ALL",
    sources: d.inputs.map((n, i) => ({ alias: `source${i + 1}`, frame: ctx.variable(n) })),
  }),
  frameMethods: (add, input) => ({
    union: (others, o) =>
      add({
        kind: "union",
        name: o.name,
        inputs: [input, ...others.map((f) => f.nodeName)],
        distinct: o.distinct ?? false,
      }),
  }),
};
