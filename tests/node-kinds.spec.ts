import { expect } from "chai";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { NODE_KINDS } from "../src/nodes";
import { TEMPLATE_DIR } from "../src/render/handlebars";
import { kitchenSink } from "./fixtures/kitchen-sink";

describe("node kinds registry", () => {
  const kinds = Object.entries(NODE_KINDS);

  it("registers each kind under its own name, with the templates it names present in templates/", () => {
    for (const [key, spec] of kinds) {
      expect(spec.kind, `registry key ${key}`).to.equal(key);
      expect(spec.templates.length, `${key} names a template`).to.be.greaterThan(0);
      for (const t of spec.templates) expect(existsSync(join(TEMPLATE_DIR, `${t}.py.hbs`)), `${key}: templates/${t}.py.hbs`).to.equal(true);
    }
  });

  it("leaves no node template without a kind that renders it", () => {
    const named = new Set(kinds.flatMap(([, spec]) => spec.templates as readonly string[]));
    const files = readdirSync(join(TEMPLATE_DIR, "nodes")).filter((f) => f.endsWith(".py.hbs")).map((f) => `nodes/${f.replace(/\.py\.hbs$/, "")}`);
    expect(files.filter((f) => !named.has(f))).to.deep.equal([]);
  });

  it("has every kind in the kitchen-sink golden fixture, so the golden test covers each", () => {
    const used = new Set(kitchenSink().jobs.flatMap((j) => j.nodes.map((n) => n.kind)));
    expect(kinds.map(([k]) => k).filter((k) => !used.has(k as never))).to.deep.equal([]);
  });
});
