/**
 * Flatten: struct columns become top-level columns named `<column><separator><field>`, recursively.
 * Glue Studio's Flatten (`gs_flatten`) is a closed Studio extension, so this renders as a DataFrame select.
 */
import { parseGlueType, type ParsedType } from "../model/columns";
import { catalogNameProblem, suggestCatalogName } from "../model/names";
import type { Column, GlueType } from "../model/types";
import { pyStr } from "../model/python";
import type { Frame } from "./pipeline";
import { onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface FlattenNode extends NodeCommon {
  readonly kind: "flatten";
  readonly input: string;
  /** The struct columns to flatten; empty means every struct column. */
  readonly columns: readonly string[];
  readonly separator: string;
}

export interface FlattenMethods {
  /**
   * Turns struct columns into columns, one per field, recursively; other columns stay as they are.
   *
   * ```ts
   * orders.flatten({ name: "Flatten Address", columns: ["address"], separator: "_" })
   * ```
   * renders as
   * ```py
   * FlattenAddress_node… = DynamicFrame.fromDF(
   *     Orders_node….toDF().select(
   *         F.col("order_id"),
   *         F.col("address").getField("city").alias("address_city"),
   *         F.col("address").getField("zip").alias("address_zip"),
   *     ),
   *     glueContext,
   *     "FlattenAddress_node…",
   * )
   * ```
   * Output: the columns in order, each flattened struct replaced by its fields. Without `columns`, every
   * struct column is flattened; the separator defaults to `_`.
   */
  flatten(options: NodeOptions & { columns?: string[]; separator?: string }): Frame;
}

export interface FlattenView {
  readonly partial: "nodes/dataframe_select";
  readonly input: string;
  readonly columns: readonly string[];
}

/** One output column: a path into the input and its new name. */
interface FlatColumn {
  readonly path: readonly string[];
  readonly name: string;
  readonly type: GlueType;
  readonly tags?: Column["tags"];
}

function typeText(t: ParsedType): GlueType {
  switch (t.kind) {
    case "simple":
      return t.name as GlueType;
    case "decimal":
      return `decimal(${t.precision},${t.scale})`;
    case "array":
      return `array<${typeText(t.element)}>`;
    case "struct":
      return `struct<${t.fields.map((f) => `${f.name}:${typeText(f.type)}`).join(",")}>`;
  }
}

function flatColumns(
  path: readonly string[],
  name: string,
  t: ParsedType,
  separator: string,
  tags: Column["tags"],
): FlatColumn[] {
  if (t.kind !== "struct") return [{ path, name, type: typeText(t), ...(tags ? { tags } : {}) }];
  return t.fields.flatMap((f) =>
    flatColumns([...path, f.name], `${name}${separator}${f.name}`, f.type, separator, tags),
  );
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    flatten: FlattenNode;
  }
  interface FrameMethods {
    flatten: FlattenMethods;
  }
}

export const flatten: NodeKindSpec<FlattenNode, readonly FlatColumn[], FlattenView, FlattenMethods> = {
  kind: "flatten",
  doc: {
    summary: "Replaces struct columns by one column per field, recursively.",
    forms: [
      {
        builder: "`.flatten({name, columns?, separator?})`",
        renders: "a DataFrame `select` of `F.col(struct).getField(field).alias(...)`",
        output: "struct columns replaced by `<column>_<field>` columns, recursively",
      },
    ],
    example: ['orders.flatten({ name: "Flatten Address", columns: ["address"], separator: "_" })'],
  },
  templates: ["nodes/dataframe_select"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    const input = onlyInput(ctx);
    if (!input) return undefined;
    for (const name of d.columns) {
      const c = ctx.requireColumn(input, name);
      if (c && !c.type.startsWith("struct<"))
        ctx.at({
          code: "type-mismatch",
          field: name,
          message: `${name} is ${c.type}, not a struct, so there is nothing to flatten.`,
          fix: c.type.startsWith("array<")
            ? `Explode ${name} first, then flatten the element.`
            : `Remove ${name} from columns.`,
        });
    }
    const chosen = (c: Column) =>
      c.type.startsWith("struct<") && (d.columns.length === 0 || d.columns.includes(c.name));
    if (!input.some(chosen) && d.columns.length === 0)
      ctx.at({
        code: "type-mismatch",
        field: "columns",
        message: "the frame has no struct column to flatten.",
        fix: "Remove this node, or read the column as struct(...).",
      });
    const flat = input.flatMap((c) =>
      chosen(c)
        ? flatColumns([c.name], c.name, parseGlueType(c.type)!, d.separator, c.tags)
        : [{ path: [c.name], name: c.name, type: c.type, ...(c.tags ? { tags: c.tags } : {}) }],
    );
    const seen = new Set<string>();
    let ok = true;
    for (const f of flat) {
      if (seen.has(f.name)) {
        ok = false;
        ctx.at({
          code: "ambiguous-column",
          field: f.name,
          message: `flattening produces ${f.name} twice (a field path and an existing column, or two fields).`,
          fix: "Choose another separator, or rename the clashing column first.",
        });
      }
      seen.add(f.name);
      if (f.path.length > 1) {
        const bad = catalogNameProblem(f.name);
        if (bad) {
          ok = false;
          ctx.at({
            code: "invalid-name",
            field: f.name,
            message: `flattened column name ${bad}.`,
            fix: `Use a separator such as "_" (giving e.g. ${JSON.stringify(suggestCatalogName(f.name))}).`,
          });
        }
      }
    }
    return ok
      ? { schema: flat.map(({ name, type, tags }) => ({ name, type, ...(tags ? { tags } : {}) })), detail: flat }
      : undefined;
  },
  view: (d, flat, ctx) => ({
    partial: "nodes/dataframe_select",
    input: ctx.variable(d.input),
    columns: flat.map((f) =>
      f.path.length === 1
        ? `F.col(${pyStr(f.path[0]!)})`
        : `F.col(${pyStr(f.path[0]!)})${f.path
            .slice(1)
            .map((p) => `.getField(${pyStr(p)})`)
            .join("")}.alias(${pyStr(f.name)})`,
    ),
  }),
  frameMethods: (add, input) => ({
    flatten: (o) =>
      add({ kind: "flatten", name: o.name, input, columns: [...(o.columns ?? [])], separator: o.separator ?? "_" }),
  }),
};
