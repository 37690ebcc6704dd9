/**
 * The engine/project redesign (issue 19) was to change no behaviour: the scripts and DDL of both STEDI stacks,
 * in both table formats, must stay byte-identical to what they were before it. The hashes were taken from the
 * render of main at 5f36f1c; a change that is meant to alter a script must say so by updating this fixture.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderAllStacks } from "../src/cli/render";

const PINNED: Record<string, string> = JSON.parse(
  readFileSync(join(__dirname, "fixtures", "stedi-generated-sha256.json"), "utf8"),
);

describe("generated STEDI scripts are pinned", () => {
  for (const format of ["parquet", "iceberg"] as const) {
    it(`${format}: every script and DDL file of dev and prod is byte-identical to the pinned render`, () => {
      const rendered: Record<string, string> = {};
      for (const p of renderAllStacks(undefined, format))
        for (const f of p.files)
          if (f.path.endsWith(".py") || f.path.includes("/ddl/"))
            rendered[`${format}:${f.path}`] = createHash("sha256").update(f.content).digest("hex");
      const pinned = Object.fromEntries(Object.entries(PINNED).filter(([k]) => k.startsWith(`${format}:generated/`)));
      const stediOnly = Object.fromEntries(
        Object.entries(rendered).filter(([k]) => /^[a-z]+:generated\/(dev|prod)\//.test(k)),
      );
      expect(stediOnly).to.deep.equal(pinned);
    });
  }
});
