/** scripts/mocha-shards.ts, `npm test`'s two mocha processes: how it deals the spec files out, without running them. */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dealSpecs, DEFAULT_SECONDS, failureSection, specFiles } from "../scripts/mocha-shards";

const seconds = (file: string) => JSON.parse(readFileSync(join(__dirname, file), "utf8")) as Record<string, number>;

describe("npm test's mocha processes (scripts/mocha-shards.ts)", () => {
  it("finds every spec file, this one included, and deals each to exactly one process", () => {
    const files = specFiles();
    expect(files).to.include("tests/mocha-shards.spec.ts").and.include("tests/local-run.spec.ts");
    const shards = dealSpecs(files, seconds("spec-seconds.json"), 2);
    expect(shards).to.have.length(2);
    expect(shards.flat().sort()).to.deep.equal(files);
  });

  it("deals longest first to the lighter process, so the two end within the longest file of each other", () => {
    const weights = { "a.spec.ts": 300, "b.spec.ts": 200, "c.spec.ts": 150, "d.spec.ts": 100, "e.spec.ts": 50 };
    const shards = dealSpecs(Object.keys(weights), weights, 2);
    expect(shards).to.deep.equal([
      ["a.spec.ts", "d.spec.ts"],
      ["b.spec.ts", "c.spec.ts", "e.spec.ts"],
    ]);
    const totals = shards.map((files) => files.reduce((sum, f) => sum + weights[f as keyof typeof weights], 0));
    expect(totals).to.deep.equal([400, 400]);
  });

  it("counts a file the seconds file does not list as DEFAULT_SECONDS, and runs one process when asked", () => {
    const shards = dealSpecs(["new.spec.ts", "old.spec.ts"], { "old.spec.ts": DEFAULT_SECONDS + 1 }, 2);
    expect(shards).to.deep.equal([["old.spec.ts"], ["new.spec.ts"]]);
    expect(dealSpecs(["x.spec.ts", "y.spec.ts"], {}, 1)).to.deep.equal([["x.spec.ts", "y.spec.ts"]]);
  });

  it("has seconds for every spec file that starts Spark (tests/spark-budget.json), so the heavy ones are dealt apart", () => {
    const known = seconds("spec-seconds.json");
    const missing = Object.keys(seconds("spark-budget.json")).filter((spec) => known[spec] === undefined);
    expect(missing, "run `UPDATE_SPEC_SECONDS=1 npm test` to measure them").to.deep.equal([]);
  });

  it("prints a failed process's summary and failures again, from mocha's spec output", () => {
    const log = [
      "  a test",
      "    ✔ passes",
      "",
      "  3 passing (2s)",
      "  1 failing",
      "",
      "  1) it fails:",
      "     Error: x",
    ];
    expect(failureSection(log.join("\n"))).to.equal(log.slice(3).join("\n"));
  });
});
