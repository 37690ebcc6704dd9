/**
 * The shop example (jobs/shop) is the project's showcase: it must use every node kind, every expression builder of
 * `e` and every predicate kind. The sets are computed from the registries (NODE_KINDS, the `e` object, the
 * predicate builders), so a new kind or builder fails here until the shop uses it.
 */
import { expect } from "chai";
import { e, type Expr } from "../src/model/expr";
import * as predicates from "../src/model/predicates";
import type { Predicate } from "../src/model/types";
import { NODE_KINDS } from "../src/nodes";
import { shopPipeline } from "../jobs/shop/pipeline";

/** An expression's family: its `op`, and for comparisons which one (`cmp.gt`), as each builder of `e` makes. */
const family = (x: { op: string; cmp?: string }) => (x.op === "cmp" ? `cmp.${x.cmp}` : x.op);

/**
 * The family each builder of `e` produces, found by calling it: with operands, or else with a list as its second
 * argument (`isIn`), or branches (`case`).
 */
function builderFamilies(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, builder] of Object.entries(e)) {
    const call = builder as (...args: unknown[]) => Expr;
    const attempts = [
      () => call(e.col("a"), e.col("b"), e.col("c")),
      () => call(e.col("a"), [e.col("b")]),
      () => call([[e.col("a"), 1]]),
    ];
    let made: Expr | undefined;
    for (const attempt of attempts) {
      try {
        made = attempt();
        break;
      } catch {
        continue;
      }
    }
    expect(made, `e.${name} builds an expression from operands, a list or branches`).to.not.equal(undefined);
    out.set(`e.${name}`, family(made as { op: string; cmp?: string }));
  }
  return out;
}

/** The predicate kind each exported predicate builder produces (`col` marks an operand, not a predicate). */
function predicateKinds(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, builder] of Object.entries(predicates)) {
    if (name === "col" || name === "predicateColumns") continue;
    const made = (builder as (...args: unknown[]) => Predicate)("a", "b");
    out.set(name, made.op);
  }
  return out;
}

/** Every `op` in a tree of expressions or predicates (children are any nested objects that have an `op`). */
function collectOps(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => collectOps(n, into));
  if (typeof node !== "object" || node === null) return;
  const o = node as { op?: unknown; cmp?: string };
  if (typeof o.op === "string") into.add(family(o as { op: string; cmp?: string }));
  for (const v of Object.values(node)) collectOps(v, into);
}

/** Every expression and every predicate in the shop's nodes: derived columns, filters, routes, merge deletes. */
function shopUses(): { kinds: Set<string>; exprs: Set<string>; predicates: Set<string> } {
  const kinds = new Set<string>();
  const exprs = new Set<string>();
  const preds = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== "object" || value === null) return;
    for (const [key, v] of Object.entries(value)) {
      if (key === "expr") collectOps(v, exprs);
      else if (key === "predicate" || key === "deleteWhen") collectOps(v, preds);
      else walk(v);
    }
  };
  for (const j of shopPipeline().jobs)
    for (const n of j.nodes) {
      kinds.add(n.kind);
      walk(n);
    }
  return { kinds, exprs, predicates: preds };
}

describe("the shop example uses everything the DSL offers", () => {
  const used = shopUses();

  it("uses every node kind in NODE_KINDS", () => {
    const missing = Object.keys(NODE_KINDS).filter((k) => !used.kinds.has(k));
    expect(missing, "node kinds the shop pipeline (jobs/shop/pipeline.ts) does not use").to.deep.equal([]);
  });

  it("uses every expression builder of e", () => {
    const families = builderFamilies();
    expect(families.size, "builders found in e").to.be.greaterThan(40);
    const missing = [...families].filter(([, f]) => !used.exprs.has(f)).map(([name]) => name);
    expect(missing, "builders of e that no derived column of the shop uses").to.deep.equal([]);
  });

  it("uses every predicate kind", () => {
    const kinds = predicateKinds();
    expect([...kinds.values()]).to.include.members(["in", "like", "rlike", "isNull", "and"]);
    const missing = [...kinds].filter(([, op]) => !used.predicates.has(op)).map(([name]) => name);
    expect(missing, "predicate builders that no filter, route or merge of the shop uses").to.deep.equal([]);
  });
});
