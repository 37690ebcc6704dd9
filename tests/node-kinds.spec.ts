import { expect } from "chai";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { NODE_KINDS } from "../src/nodes";
import { NODE_KINDS_REFERENCE_PATH, nodeKindsReference } from "../src/nodes/reference";
import { TEMPLATE_DIR } from "../src/render/handlebars";
import { tableFormats } from "../src/table-formats";
import { kitchenSink } from "./fixtures/kitchen-sink";

describe("node kinds registry", () => {
  const kinds = Object.entries(NODE_KINDS);

  it("registers each kind under its own name, with the templates it names present in templates/", () => {
    for (const [key, spec] of kinds) {
      expect(spec.kind, `registry key ${key}`).to.equal(key);
      // A sink renders its table format's partial, named by the format's module (checked below).
      if (key !== "sink") expect(spec.templates.length, `${key} names a template`).to.be.greaterThan(0);
      for (const t of spec.templates)
        expect(existsSync(join(TEMPLATE_DIR, `${t}.py.hbs`)), `${key}: templates/${t}.py.hbs`).to.equal(true);
    }
  });

  it("has each table format's sink and catalog-read partials present in templates/", () => {
    for (const m of tableFormats()) {
      expect(m.sinkTemplates.length, `${m.name} names a sink partial`).to.be.greaterThan(0);
      expect(m.readTemplates.length, `${m.name} names a read partial`).to.be.greaterThan(0);
      for (const t of [...m.sinkTemplates, ...m.readTemplates])
        expect(existsSync(join(TEMPLATE_DIR, `${t}.py.hbs`)), `${m.name}: templates/${t}.py.hbs`).to.equal(true);
    }
  });

  it("has every kind in the kitchen-sink golden fixture, so the golden test covers each", () => {
    const used = new Set(kitchenSink().jobs.flatMap((j) => j.nodes.map((n) => n.kind)));
    expect(kinds.map(([k]) => k).filter((k) => !used.has(k as never))).to.deep.equal([]);
  });

  it(`has ${NODE_KINDS_REFERENCE_PATH} generated from every kind's doc (set UPDATE_DOCS=1 to rewrite it)`, () => {
    const path = join(__dirname, "..", NODE_KINDS_REFERENCE_PATH);
    const page = nodeKindsReference();
    if (process.env.UPDATE_DOCS === "1") {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, page);
    }
    const committed = existsSync(path) ? readFileSync(path, "utf8") : "";
    expect(
      committed === page,
      `${NODE_KINDS_REFERENCE_PATH} differs from the kinds' docs; rewrite it with UPDATE_DOCS=1 npx mocha tests/node-kinds.spec.ts`,
    ).to.equal(true);
    for (const [key, spec] of kinds) {
      expect(page, `${key} has a section`).to.include(`\n## \`${key}\`\n\n${spec.doc.summary}\n`);
      expect(spec.doc.forms.length, `${key} documents a form`).to.be.greaterThan(0);
    }
  });
});
