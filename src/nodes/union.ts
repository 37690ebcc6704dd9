/** Union: the rows of several frames with the same columns, matched by name, as Glue Studio's Union node. */
import { isNumeric, widerNumericType } from "../model/columns";
import type { Column } from "../model/types";
import type { Frame } from "./pipeline";
import { known, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface UnionNode extends NodeCommon {
  readonly kind: "union";
  /** Two or more node names; the first decides the output column order. */
  readonly inputs: readonly string[];
  readonly distinct: boolean;
  /**
   * Inputs may differ: a column an input lacks is NULL in its rows, and a column's numeric types are widened, as
   * Spark's `unionByName(allowMissingColumns=True)` does.
   */
  readonly allowMissingColumns?: true;
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
   *
   * With `allowMissingColumns: true` the inputs may have different columns: a column an input lacks is NULL in its
   * rows, and numeric types are widened as Spark widens them (int < bigint < float < double; a decimal with an
   * integer becomes a decimal wide enough for both, with a float or double a double). Any other difference of types
   * (int and string, date and timestamp, two structs) is refused. It renders as `sparkUnionByName(...)`, which
   * casts every input to the union's columns and types, then calls `unionByName`.
   * Output: this frame's columns, then each column only later inputs have, in the order they first appear.
   */
  union(others: Frame[], options: NodeOptions & { distinct?: boolean; allowMissingColumns?: boolean }): Frame;
}

export interface UnionView {
  readonly partial: "nodes/union" | "nodes/union_by_name";
  readonly helpers: readonly string[];
  readonly unionType: "ALL" | "DISTINCT";
  readonly sources: readonly { readonly alias: string; readonly frame: string }[];
  /** `nodes/union_by_name` only: the output columns and their types. */
  readonly columns?: readonly { readonly name: string; readonly type: string }[];
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
      {
        builder: "`.union([others], {name, allowMissingColumns: true, distinct?})`",
        renders:
          "`sparkUnionByName(...)`: each input cast to the union's columns (NULL where it has none), then " +
          "`unionByName`",
        output:
          "this frame's, then the columns only later inputs have; numeric types widened (int < bigint < float < " +
          "double, decimals widened); other type differences refused",
      },
    ],
    example: ['webOrders.union([storeOrders], { name: "All Orders" })'],
  },
  templates: ["nodes/union", "nodes/union_by_name"],
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
    if (d.allowMissingColumns) return inferByName(d, ctx.inputs, ctx);
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
    partial: d.allowMissingColumns ? "nodes/union_by_name" : "nodes/union",
    helpers: [d.allowMissingColumns ? "helpers/spark_union_by_name" : "helpers/spark_union"],
    unionType: d.distinct ? "DISTINCT" : "ALL",
    sources: d.inputs.map((n, i) => ({ alias: `source${i + 1}`, frame: ctx.variable(n) })),
    ...(d.allowMissingColumns
      ? { columns: ctx.schemaOf(d.name).map((c) => ({ name: c.name, type: c.type as string })) }
      : {}),
  }),
  frameMethods: (add, input) => ({
    union: (others, o) =>
      add({
        kind: "union",
        name: o.name,
        inputs: [input, ...others.map((f) => f.nodeName)],
        distinct: o.distinct ?? false,
        ...(o.allowMissingColumns ? { allowMissingColumns: true as const } : {}),
      }),
  }),
};

/** The union by name: every input's columns, numeric types widened, anything else that differs refused. */
function inferByName(
  d: UnionNode,
  inputs: readonly (readonly Column[])[],
  ctx: Parameters<NodeKindSpec<UnionNode, undefined, UnionView>["infer"]>[1],
) {
  const out = new Map<string, { column: Column; from: string; tags: Set<string> }>();
  let ok = true;
  inputs.forEach((schema, i) => {
    const from = d.inputs[i]!;
    for (const c of schema) {
      const seen = out.get(c.name);
      if (!seen) {
        out.set(c.name, { column: c, from, tags: new Set(c.tags ?? []) });
        continue;
      }
      for (const t of c.tags ?? []) seen.tags.add(t);
      const was = seen.column.type;
      if (was === c.type) continue;
      const wider = isNumeric(was) && isNumeric(c.type) ? widerNumericType(was, c.type) : undefined;
      // Past 38 digits Spark's union would cut the integer digits of the wider decimal, so that is refused too.
      const tooWide = wider?.precision !== undefined && wider.precision > 38;
      if (wider === undefined || tooWide) {
        ok = false;
        // Spark's union promotes any other scalar but a boolean to string, silently.
        const other = was === "string" ? c.type : c.type === "string" ? was : undefined;
        const coerced =
          other && other !== "boolean" && !other.includes("<")
            ? ` Spark would silently turn the ${other} values into strings.`
            : "";
        ctx.at({
          code: "schema-differs",
          field: from,
          message:
            `${c.name} is ${was} in ${seen.from} but ${c.type} in ${from}, and ` +
            (tooWide
              ? `a decimal wide enough for ${was} and ${c.type} needs ${wider.precision} digits, more than Spark's 38.`
              : "only numeric types are widened.") +
            coerced,
          fix:
            `Make ${c.name} one type in every input first: cast it with applyMapping or derive (e.cast), ` +
            "or rename one of them.",
        });
        continue;
      }
      seen.column = { ...seen.column, type: wider.type };
    }
  });
  if (!ok) return undefined;
  return known(
    [...out.values()].map(({ column, tags }) => {
      const { tags: _t, ...rest } = column;
      return tags.size ? { ...rest, tags: [...tags] as Column["tags"] } : rest;
    }),
  );
}
