/**
 * ApplyMapping: renames and casts columns (a DataFrame select, not Glue's ApplyMapping); `rename` is the
 * keep-everything form.
 */
import { GLUE_TYPE_FIX, isGlueType } from "../model/columns";
import { catalogNameProblem, suggestCatalogName } from "../model/names";
import type { Column, GlueType } from "../model/types";
import { pyColumn } from "../model/pyspark";
import { pyStr } from "../model/python";
import type { Frame } from "./pipeline";
import { known, type NodeCommon, type NodeKindSpec, type NodeOptions } from "./kind";

export interface Mapping {
  readonly from: string;
  readonly to: string;
  /** Target type; omitted means "keep the source type". */
  readonly type?: GlueType;
}

export interface ApplyMappingNode extends NodeCommon {
  readonly kind: "applyMapping";
  readonly input: string;
  readonly mappings: readonly Mapping[];
  readonly keepUnmapped: boolean;
}

export interface ApplyMappingMethods {
  /**
   * Renames columns in place, keeping every other column.
   *
   * ```ts
   * orders.rename({ reason: "refund_reason" }, { name: "Rename Reason" })
   * ```
   * renders as `DynamicFrame.fromDF(….toDF().select(F.col("order_id"), F.col("reason").alias("refund_reason"), ...),
   * glueContext, …)`
   * over all columns. Output: the input's columns, renamed.
   */
  rename(renames: Record<string, string>, options: NodeOptions): Frame;
  /**
   * Maps columns `[from, to, type?]`: keeps only the mapped ones (unless `keepUnmapped`), renamed and cast.
   *
   * ```ts
   * orders.applyMapping([["order_id", "order_id"], ["amount", "amount_eur", "float"]], { name: "Change Schema" })
   * ```
   * renders as `DynamicFrame.fromDF(….toDF().select(F.col("order_id"),
   * F.col("amount").cast("float").alias("amount_eur")), glueContext, …)`:
   * Spark's own cast, identical on Glue and locally, not Glue's `ApplyMapping` (docs/script-contract.md).
   * Output: the mapped columns with their new names and types.
   */
  applyMapping(
    mappings: (Mapping | [string, string, GlueType?])[],
    options: NodeOptions & { keepUnmapped?: boolean },
  ): Frame;
}

export interface ApplyMappingView {
  readonly partial: "nodes/apply_mapping";
  readonly input: string;
  /** One PySpark column expression per output column: `F.col(from)`, cast and aliased where needed. */
  readonly columns: readonly string[];
}

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    applyMapping: ApplyMappingNode;
  }
  interface FrameMethods {
    applyMapping: ApplyMappingMethods;
  }
}

export const applyMapping: NodeKindSpec<ApplyMappingNode, undefined, ApplyMappingView, ApplyMappingMethods> = {
  kind: "applyMapping",
  doc: {
    summary:
      "Renames columns in place (`rename`), or maps `[from, to, type?]`: keeps only the mapped columns (unless " +
      "`keepUnmapped`), renamed and cast (`applyMapping`).",
    forms: [
      {
        builder: '`.rename({old: "new"}, {name})`',
        renders: "DataFrame `select` of every column, `alias` for the renamed",
        output: "renamed in place",
      },
      {
        builder: "`.applyMapping([[from, to, type?]], {name, keepUnmapped?})`",
        renders: "DataFrame `select` with `cast` and `alias`",
        output: "the mapped columns",
      },
    ],
    example: [
      'orders.rename({ reason: "refund_reason" }, { name: "Rename Reason" })',
      'orders.applyMapping([["order_id", "order_id"], ["amount", "amount_eur", "float"]], { name: "Change Schema" })',
    ],
  },
  templates: ["nodes/apply_mapping"],
  inputs: (d) => [d.input],
  infer(d, { inputs, at, requireColumn }) {
    const input = inputs?.[0];
    if (!input) return undefined;
    const result: Column[] = [];
    const targets = new Set<string>();
    const bySource = new Map(d.mappings.map((m) => [m.from, m]));
    for (const m of d.mappings) {
      const c = requireColumn(input, m.from);
      const bad = catalogNameProblem(m.to);
      if (bad)
        at({
          code: "invalid-name",
          field: m.to,
          message: `target column name ${bad}.`,
          fix: `Use e.g. ${JSON.stringify(suggestCatalogName(m.to))}.`,
        });
      // Spark's own cast renders the mapping, so decimal(p,s) works like every other Glue type.
      if (m.type !== undefined && !isGlueType(m.type))
        at({
          code: "type-mismatch",
          field: m.from,
          message: `type ${JSON.stringify(m.type)} is not a supported Glue type.`,
          fix: GLUE_TYPE_FIX,
        });
      if (targets.has(m.to))
        at({
          code: "duplicate-name",
          field: m.to,
          message: "two mappings produce this column.",
          fix: "Give each target column a unique name.",
        });
      targets.add(m.to);
      if (c && !d.keepUnmapped) result.push({ ...c, name: m.to, type: m.type ?? c.type });
    }
    if (d.keepUnmapped) {
      for (const c of input) {
        const m = bySource.get(c.name);
        if (!m && targets.has(c.name))
          at({
            code: "ambiguous-column",
            field: c.name,
            message: `a renamed column takes the name of the existing column ${JSON.stringify(c.name)}.`,
            fix: "Rename or drop that column too.",
          });
        result.push(m ? { ...c, name: m.to, type: m.type ?? c.type } : c);
      }
    }
    return known(result);
  },
  view(d, _detail, ctx) {
    const input = ctx.schemaOf(d.input);
    const byFrom = new Map(d.mappings.map((m) => [m.from, m]));
    const rows = d.keepUnmapped ? input.map((c) => byFrom.get(c.name) ?? { from: c.name, to: c.name }) : d.mappings;
    return {
      partial: "nodes/apply_mapping",
      input: ctx.variable(d.input),
      columns: rows.map((m) => {
        const from = input.find((c) => c.name === m.from)!;
        const cast = m.type !== undefined && m.type !== from.type ? `.cast(${pyStr(m.type)})` : "";
        return `${pyColumn(m.from)}${cast}${m.to !== m.from ? `.alias(${pyStr(m.to)})` : ""}`;
      }),
    };
  },
  frameMethods: (add, input) => ({
    rename: (renames, o) =>
      add({
        kind: "applyMapping",
        name: o.name,
        input,
        mappings: Object.entries(renames).map(([from, to]) => ({ from, to })),
        keepUnmapped: true,
      }),
    applyMapping: (mappings, o) =>
      add({
        kind: "applyMapping",
        name: o.name,
        input,
        mappings: mappings.map((m) =>
          Array.isArray(m) ? { from: m[0], to: m[1], ...(m[2] ? { type: m[2] } : {}) } : m,
        ),
        keepUnmapped: o.keepUnmapped ?? false,
      }),
  }),
};
