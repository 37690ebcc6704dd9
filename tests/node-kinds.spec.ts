import { expect } from "chai";
import { existsSync } from "node:fs";
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
      for (const t of spec.templates)
        expect(existsSync(join(TEMPLATE_DIR, `${t}.py.hbs`)), `${key}: templates/${t}.py.hbs`).to.equal(true);
    }
  });

  it("has every kind in the kitchen-sink golden fixture, so the golden test covers each", () => {
    const used = new Set(kitchenSink().jobs.flatMap((j) => j.nodes.map((n) => n.kind)));
    expect(kinds.map(([k]) => k).filter((k) => !used.has(k as never))).to.deep.equal([]);
  });
});
