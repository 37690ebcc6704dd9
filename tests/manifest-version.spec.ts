import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeStacksWithFormat } from "../src/cli/render";
import { MANIFEST_SCHEMA_PATH, manifestSchemaFile } from "../src/cli/manifest-schema";
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

  describe("its JSON Schema (emitted from PipelineManifest, src/render/manifest.ts)", () => {
    type Raw = Record<string, unknown> & { jobs: Record<string, unknown>[]; tables: Record<string, unknown>[] };

    /** Loads a copy of generated/dev whose manifest `edit` changed, with the runner's loader. */
    function loadEdited(edit: (manifest: Raw) => void) {
      const dir = temp.dir("manifest");
      cpSync(join(repoRoot, "generated", "dev"), dir, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(dir, "pipeline.json"), "utf8")) as Raw;
      edit(manifest);
      writeFileSync(join(dir, "pipeline.json"), JSON.stringify(manifest));
      return loadWithRunner(dir);
    }

    it("is the committed runtime/lakehouse/pipeline.schema.json, and requires what the runner reads", function () {
      this.timeout(60_000);
      const emitted = manifestSchemaFile(repoRoot);
      expect(emitted.path).to.equal(MANIFEST_SCHEMA_PATH);
      expect(readFileSync(join(repoRoot, MANIFEST_SCHEMA_PATH), "utf8")).to.equal(emitted.content);
      const schema = JSON.parse(emitted.content) as {
        definitions: Record<string, { required?: string[]; additionalProperties?: boolean }>;
      };
      expect(schema.definitions.ManifestJob!.required).to.include.members(["name", "script", "arguments"]);
      expect(schema.definitions.PipelineManifest!.additionalProperties).to.equal(false);
    });

    for (const [what, edit, field, says] of [
      [
        "an argument's place the renderer cannot name",
        (m: Raw) => ((m.jobs[1]!.arguments as { place: string }[])[0]!.place = "region"),
        "jobs[1].arguments[0].place",
        "'region' is not one of",
      ],
      ["a missing field", (m: Raw) => delete m.tables[2]!.prefix, "tables[2]", "'prefix' is a required property"],
      [
        "a field no renderer writes",
        (m: Raw) => (m.jobs[0]!.surprise = true),
        "jobs[0]",
        "('surprise' was unexpected)",
      ],
      ["a field of the wrong type", (m: Raw) => (m.database = 7), "database", "7 is not of type 'string'"],
    ] as const) {
      it(`is refused, naming the field, for ${what}`, () => {
        const r = loadEdited(edit);
        expect(r.status).to.not.equal(0);
        expect(r.stderr)
          .to.contain("does not match the manifest schema of this runner (pipeline.schema.json)")
          .and.to.contain(`at ${field}: `)
          .and.to.contain(says)
          .and.to.contain("npm run render");
      });
    }
  });
});
