/** Joins: inner and left joins with an explicit output column list; semi and anti joins keep the left side. */
import { isIntegral } from "../model/columns";
import type { Column, GlueType } from "../model/types";
import { pyColumn } from "../model/pyspark";
import { pyStr } from "../model/python";
import type { Frame } from "./pipeline";
import type { NodeCommon, NodeKindSpec, NodeOptions } from "./kind";

export const JOIN_TYPES = ["inner", "left", "semi", "anti"] as const;
export type JoinType = (typeof JOIN_TYPES)[number];

export interface JoinNode extends NodeCommon {
  readonly kind: "join";
  readonly input: string;
  readonly right: string;
  readonly type: JoinType;
  readonly on: readonly (readonly [string, string])[];
  /** Prefix for right-hand columns whose names collide with left-hand ones (inner and left joins). */
  readonly rightPrefix?: string;
}

/** One output column of a join: which side it comes from, its name there, and its name after the join. */
export interface JoinColumn {
  readonly side: "left" | "right";
  readonly name: string;
  readonly as: string;
}

export interface JoinMethods {
  /**
   * Joins this frame (left) with another (right) on key pairs.
   *
   * ```ts
   * readings.join(customers, { name: "Trusted Readings", type: "semi", on: { user: "email" } })
   * ```
   * renders as
   * ```py
   * TrustedReadings_node… = DynamicFrame.fromDF(
   *     AccelerometerLanding_node….toDF().alias("left").join(
   *         CustomerTrusted_node….toDF().alias("right"),
   *         [F.col("left.user") == F.col("right.email")],
   *         "leftsemi",
   *     ),
   *     glueContext,
   *     "TrustedReadings_node…",
   * )
   * ```
   * `inner` and `left` joins end in a `.select(...)` naming every output column. Output: inner/left:
   * left + right columns (a same-named key pair is kept once; other clashes need `rightPrefix`);
   * semi/anti: the left columns.
   */
  join(
    right: Frame,
    options: NodeOptions & { type: JoinType; on: Record<string, string> | [string, string][]; rightPrefix?: string },
  ): Frame;
}

const JOIN_HOW = { inner: "inner", left: "left", semi: "leftsemi", anti: "leftanti" } as const;

export interface JoinView {
  readonly input: string;
  readonly right: string;
  /** PySpark equality expressions, one per key pair. */
  readonly keys: readonly string[];
  readonly how: string;
  readonly partial: "nodes/join";
  /**
   * Inner and left joins: every output column, `F.col("left.x").alias("x")`; semi and anti joins keep the left side.
   */
  readonly columns: readonly string[] | null;
}

const keyTypesCompatible = (a: GlueType, b: GlueType) => a === b || (isIntegral(a) && isIntegral(b));

// This kind's model and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    join: JoinNode;
  }
  interface FrameMethods {
    join: JoinMethods;
  }
}

export const join: NodeKindSpec<JoinNode, readonly JoinColumn[] | undefined, JoinView, JoinMethods> = {
  kind: "join",
  doc: {
    summary: "Joins a frame with another on key columns.",
    forms: [
      {
        builder: "`.join(right, {name, type, on, rightPrefix?})`",
        renders: "DataFrame join: `inner`, `left`, `semi` (`leftsemi`), `anti` (`leftanti`)",
        output:
          "inner/left: left + right (same-named key pairs merge; other clashes need `rightPrefix`); semi/anti: left",
      },
    ],
    example: ['readings.join(customers, { name: "Trusted Readings", type: "semi", on: { user: "email" } })'],
  },
  templates: ["nodes/join"],
  inputs: (d) => [d.input, d.right],
  infer(d, { inputs, at, requireColumn }) {
    if (!inputs) return undefined;
    const [left, right] = inputs as [readonly Column[], readonly Column[]];
    if (!d.on.length)
      at({
        code: "unknown-column",
        field: "on",
        message: "a join needs at least one key pair.",
        fix: 'Pass `on: { leftColumn: "rightColumn" }`.',
      });
    let keysOk = true;
    for (const [l, r] of d.on) {
      const lc = requireColumn(left, l, "left key");
      const rc = requireColumn(right, r, "right key");
      if (!lc || !rc) keysOk = false;
      else if (!keyTypesCompatible(lc.type, rc.type)) {
        keysOk = false;
        at({
          code: "join-key-type",
          field: `${l} = ${r}`,
          message: `join key types differ: ${l} is ${lc.type}, ${r} is ${rc.type}, so no row would ever match.`,
          fix: `Cast one side first with applyMapping, e.g. [${JSON.stringify(r)}, ${JSON.stringify(r)}, ${JSON.stringify(lc.type)}].`,
        });
      }
    }
    if (d.type === "semi" || d.type === "anti") {
      if (d.rightPrefix !== undefined)
        at({
          code: "ambiguous-column",
          field: "rightPrefix",
          message: `a ${d.type} join keeps only left-hand columns, so rightPrefix does nothing.`,
          fix: "Remove rightPrefix.",
        });
      return keysOk ? { schema: left, detail: undefined } : undefined;
    }
    if (d.rightPrefix !== undefined && !/^[a-z_][a-z0-9_]*$/.test(d.rightPrefix))
      at({
        code: "invalid-name",
        field: "rightPrefix",
        message: "rightPrefix must be a lower-case identifier.",
        fix: 'Use e.g. "right_".',
      });
    const joinColumns: JoinColumn[] = left.map((c) => ({ side: "left", name: c.name, as: c.name }));
    const cols: Column[] = [...left];
    const taken = new Set(left.map((c) => c.name));
    const merged = new Set(d.on.filter(([l, r]) => l === r).map(([, r]) => r));
    for (const c of right) {
      if (merged.has(c.name)) continue;
      let as = c.name;
      if (taken.has(as)) {
        if (d.rightPrefix === undefined) {
          at({
            code: "ambiguous-column",
            field: c.name,
            message: `column ${JSON.stringify(c.name)} exists on both sides of the join, so the output would be ambiguous.`,
            fix: `Set \`rightPrefix: "right_"\` on the join, or drop or rename ${JSON.stringify(c.name)} on one side first.`,
          });
          keysOk = false;
          continue;
        }
        as = d.rightPrefix + c.name;
        if (taken.has(as)) {
          at({
            code: "ambiguous-column",
            field: as,
            message: `prefixed right-hand column ${JSON.stringify(as)} collides with an existing column.`,
            fix: "Choose another rightPrefix.",
          });
          keysOk = false;
          continue;
        }
      }
      taken.add(as);
      joinColumns.push({ side: "right", name: c.name, as });
      cols.push({ ...c, name: as });
    }
    return keysOk ? { schema: cols, detail: joinColumns } : undefined;
  },
  view(d, joinColumns, ctx) {
    const keys = d.on.map(([l, r]) => `${pyColumn(l, "left")} == ${pyColumn(r, "right")}`);
    const common = { input: ctx.variable(d.input), right: ctx.variable(d.right), keys, how: JOIN_HOW[d.type] };
    const columns =
      d.type === "semi" || d.type === "anti"
        ? null
        : joinColumns!.map((c) => `${pyColumn(c.name, c.side)}.alias(${pyStr(c.as)})`);
    return { ...common, partial: "nodes/join", columns };
  },
  frameMethods: (add, input) => ({
    join: (right, o) =>
      add({
        kind: "join",
        name: o.name,
        input,
        right: right.nodeName,
        type: o.type,
        on: Array.isArray(o.on)
          ? o.on.map(([l, r]) => [l, r] as const)
          : Object.entries(o.on).map(([l, r]) => [l, r] as const),
        ...(o.rightPrefix !== undefined ? { rightPrefix: o.rightPrefix } : {}),
      }),
  }),
};
