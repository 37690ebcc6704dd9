import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeStacksWithFormat } from "../src/cli/render";
import { runnerInvocation } from "../src/cli/run";
import { MANIFEST_FORMAT_VERSION } from "../src/render/manifest";
import { repoRoot, TempDirs } from "./local-run-support";

const temp = new TempDirs();

/** Loads a stack's manifest with the runner's loader (as `m`), then runs `then`; returns the exit status and output. */
function loadWithRunner(dir: string, then = "pass"): { status: number | null; stdout: string; stderr: string } {
  const invocation = runnerInvocation([], repoRoot);
  const r = spawnSync(
    invocation.command,
    [
      "-c",
      `import sys; from pathlib import Path; from lakehouse.manifest import load; m = load(Path(sys.argv[1])); ${then}`,
      dir,
    ],
    {
      env: { ...invocation.env, PYTHONPATH: join(repoRoot, "runtime") },
      encoding: "utf8",
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("pipeline.json format version", () => {
  after(() => temp.removeAll());

  it("is written by the renderer and accepted by the runner", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "generated", "dev", "pipeline.json"), "utf8")) as {
      formatVersion: number;
    };
    expect(manifest.formatVersion).to.equal(MANIFEST_FORMAT_VERSION);
    expect(loadWithRunner(join(repoRoot, "generated", "dev")).status).to.equal(0);
  });

  it("is accepted for a stack with Iceberg tables, which the runner reads as Iceberg (they run in the local glue_catalog)", () => {
    const generated = writeStacksWithFormat(temp.dir("iceberg"), "iceberg", repoRoot);
    const r = loadWithRunner(
      join(generated, "dev"),
      "print(sorted(t.name for t in m.tables if t.is_iceberg), m.has_iceberg)",
    );
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal(
      "['accelerometer_trusted', 'customer_curated', 'customer_trusted', 'machine_learning_curated', 'step_trainer_trusted'] True",
    );
  });

  for (const [version, advice] of [
    [undefined, "npm run render"],
    [MANIFEST_FORMAT_VERSION + 1, "update this checkout"],
  ] as const) {
    it(`is refused with a clear message when it is ${String(version)}`, () => {
      const dir = temp.dir("manifest");
      cpSync(join(repoRoot, "generated", "dev"), dir, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(dir, "pipeline.json"), "utf8")) as Record<string, unknown>;
      if (version === undefined) delete manifest.formatVersion;
      else manifest.formatVersion = version;
      writeFileSync(join(dir, "pipeline.json"), JSON.stringify(manifest));
      const r = loadWithRunner(dir);
      expect(r.status).to.not.equal(0);
      expect(r.stderr)
        .to.contain(`manifest format version ${version === undefined ? "None" : version}`)
        .and.to.contain(`this runner reads version ${MANIFEST_FORMAT_VERSION}`)
        .and.to.contain(advice);
    });
  }
});
