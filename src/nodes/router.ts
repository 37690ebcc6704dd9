/**
 * Conditional router: one frame to several named outputs by predicate, plus a default output for the
 * rows no predicate keeps, rendered as Glue Studio's Conditional Router (`threadedRoute`, `GroupFilter`,
 * then `SelectFromCollection` per output). Predicates keep SQL NULL semantics, as `filter` does.
 */
import type { Predicate } from "../model/types";
import { predicateExpression } from "../model/pyspark";
import { checkPredicate } from "./filter";
import type { Frame } from "./pipeline";
import { known, onlyInput, type NodeCommon, type NodeKindSpec, type NodeOptions, type ScriptImport } from "./kind";

export interface RouterNode extends NodeCommon {
  readonly kind: "router";
  readonly input: string;
  /** Each output's display name and predicate; a row goes to every output whose predicate is TRUE. */
  readonly routes: readonly { readonly name: string; readonly predicate: Predicate }[];
  /** The output for rows that no predicate keeps, if wanted. */
  readonly defaultRoute?: string;
}

/** One output of a router: a frame like any other. */
export interface RouteNode extends NodeCommon {
  readonly kind: "route";
  /** The router node. */
  readonly input: string;
}

export interface RouterMethods {
  /**
   * Splits a frame into named outputs, each a frame that can go to its own sink. A row goes to every
   * output whose predicate is TRUE, and to the default output when none is.
   *
   * ```ts
   * const { "Shipped Orders": shipped, "Other Orders": other } = orders.route(
   *   { "Shipped Orders": eq("status", "shipped") },
   *   { name: "Route By Status", default: "Other Orders" },
   * );
   * ```
   * renders as Glue Studio's Conditional Router:
   * ```py
   * RouteByStatus_node… = threadedRoute(
   *     glueContext,
   *     source_DyF=Orders_node…,
   *     group_filters=[
   *         GroupFilter(name="Shipped Orders", filters=F.col("status") == F.lit("shipped")),
   *         GroupFilter(name="Other Orders", filters=~(F.coalesce(F.col("status") == F.lit("shipped"), F.lit(False)))),
   *     ],
   * )
   *
   * # Script generated for node Shipped Orders
   * ShippedOrders_node… = SelectFromCollection.apply(dfc=RouteByStatus_node…, key="Shipped Orders",
   *     transformation_ctx="ShippedOrders_node…")
   * ```
   * Output: each output has the input's columns. Output names are node display names in the job.
   */
  route<K extends string, D extends string = never>(
    routes: Record<K, Predicate>,
    options: NodeOptions & { default?: D },
  ): Record<K | D, Frame>;
}

export interface RouterView {
  readonly partial: "nodes/router";
  readonly helpers: readonly string[];
  readonly imports: readonly ScriptImport[];
  readonly input: string;
  readonly groups: readonly { readonly name: string; readonly filter: string }[];
}

export interface RouteView {
  readonly partial: "nodes/route";
  readonly collection: string;
}

// These kinds' models and frame methods join the types over every kind (src/nodes/pipeline.ts).
declare module "./pipeline" {
  interface NodeModels {
    router: RouterNode;
    route: RouteNode;
  }
  interface FrameMethods {
    router: RouterMethods;
  }
}

export const router: NodeKindSpec<RouterNode, undefined, RouterView, RouterMethods> = {
  kind: "router",
  doc: {
    summary:
      "Splits a frame into named outputs by predicate (Glue Studio's Conditional Router), each a frame that can go " +
      "to its own sink.",
    forms: [
      {
        builder: "`.route({output: predicate}, {name, default?})`",
        renders:
          "Glue Studio's Conditional Router: `threadedRoute` with a `GroupFilter` per output, then " +
          "`SelectFromCollection.apply` per output",
        output:
          "returns `{output: frame}`, each with the input's columns; a row goes to every output whose predicate is " +
          "TRUE, the default gets rows no predicate keeps",
      },
    ],
    example: [
      'const { "Shipped Orders": shipped, "Other Orders": other } = orders.route(',
      '  { "Shipped Orders": eq("status", "shipped") },',
      '  { name: "Route By Status", default: "Other Orders" },',
      ");",
    ],
  },
  templates: ["nodes/router"],
  inputs: (d) => [d.input],
  infer(d, ctx) {
    if (!d.routes.length)
      ctx.at({
        code: "missing-columns",
        field: "routes",
        message: "the router has no outputs.",
        fix: 'Pass e.g. `{ "Shipped Orders": eq("status", "shipped") }`, or use filter for one output.',
      });
    const input = onlyInput(ctx);
    if (!input) return undefined;
    for (const r of d.routes) checkPredicate(r.predicate, input, ctx);
    return known(input);
  },
  view(d, _detail, ctx) {
    const groups = d.routes.map((r) => ({ name: r.name, filter: predicateExpression(r.predicate) }));
    if (d.defaultRoute !== undefined) {
      // A row is in the default output when no predicate is TRUE (FALSE and NULL both count as "not kept").
      const none = d.routes.map((r) => `F.coalesce(${predicateExpression(r.predicate)}, F.lit(False))`).join(" | ");
      groups.push({ name: d.defaultRoute, filter: d.routes.length ? `~(${none})` : "F.lit(True)" });
    }
    return {
      partial: "nodes/router",
      helpers: ["helpers/threaded_route"],
      imports: ["collections"],
      input: ctx.variable(d.input),
      groups,
    };
  },
  frameMethods: (add, input) => ({
    route: (routes, o) => {
      const routeList = Object.entries(routes as Record<string, Predicate>).map(([name, predicate]) => ({
        name,
        predicate,
      }));
      add({
        kind: "router",
        name: o.name,
        input,
        routes: routeList,
        ...(o.default !== undefined ? { defaultRoute: o.default } : {}),
      });
      const outputs = [...routeList.map((r) => r.name), ...(o.default !== undefined ? [o.default] : [])];
      return Object.fromEntries(outputs.map((name) => [name, add({ kind: "route", name, input: o.name })])) as never;
    },
  }),
};

export const route: NodeKindSpec<RouteNode, undefined, RouteView> = {
  kind: "route",
  doc: {
    summary: "One output of a router; `.route(...)` makes one per output name, so no job writes it directly.",
    forms: [
      {
        builder: "an output of `.route(...)`",
        renders: '`SelectFromCollection.apply(dfc=<router>, key="<output>", ...)`',
        output: "the router's input columns",
      },
    ],
  },
  templates: ["nodes/route"],
  inputs: (d) => [d.input],
  infer: (_d, ctx) => {
    const input = onlyInput(ctx);
    return input && known(input);
  },
  view: (d, _detail, ctx) => ({ partial: "nodes/route", collection: ctx.variable(d.input) }),
};
