import { expect } from "chai";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { e } from "../src/model/expr";
import {
  EXPR_DOCS,
  EXPRESSIONS_REFERENCE_PATH,
  PREDICATE_DOCS,
  expressionsReference,
} from "../src/model/expr-reference";
import * as predicates from "../src/model/predicates";

describe("the expressions reference", () => {
  it(`has ${EXPRESSIONS_REFERENCE_PATH} generated from the builders' docs (set UPDATE_DOCS=1 to rewrite it)`, () => {
    const path = join(__dirname, "..", EXPRESSIONS_REFERENCE_PATH);
    const page = expressionsReference();
    if (process.env.UPDATE_DOCS === "1") writeFileSync(path, page);
    const committed = existsSync(path) ? readFileSync(path, "utf8") : "";
    expect(
      committed === page,
      `${EXPRESSIONS_REFERENCE_PATH} differs from the docs; rewrite it with UPDATE_DOCS=1 npx mocha tests/expressions-reference.spec.ts`,
    ).to.equal(true);
  });

  it("documents every builder of e and every predicate builder, each row showing its call", () => {
    const page = expressionsReference();
    expect(Object.keys(EXPR_DOCS).sort()).to.deep.equal(Object.keys(e).sort());
    const builders = Object.keys(predicates).filter((k) => k !== "col" && k !== "predicateColumns");
    expect(Object.keys(PREDICATE_DOCS).sort()).to.deep.equal(builders.sort());
    for (const [name, doc] of Object.entries(EXPR_DOCS)) {
      expect(doc.call, name).to.match(new RegExp(`^e\\.${name}\\(`));
      expect(page, name).to.include(doc.call.replace(/\|/g, "\\|"));
    }
    for (const [name, doc] of Object.entries(PREDICATE_DOCS))
      expect(doc.call, name).to.match(new RegExp(`^${name}\\(`));
  });
});
