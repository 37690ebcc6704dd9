/**
 * The Python side of a local run: Java for Spark, and a project venv with the pinned runtime
 * requirements. Created on first use and skipped afterwards (a stamp holds the requirements' hash),
 * so a fresh clone needs nothing installed by hand beyond Java and Python.
 */
import { REPO_ROOT } from "./stacks";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { GlueVersion } from "../model/glue-versions";

/** A set-up problem the user fixes outside the project (install Java, Python); printed without a stack. */
export class SetupError extends Error {}

export interface PythonEnv {
  /** The venv's interpreter. */
  readonly python: string;
  /** Environment for the runner: PYTHONPATH reaches runtime/ (awsglue, lakehouse). */
  readonly env: NodeJS.ProcessEnv;
}

export const repoRoot = (): string => REPO_ROOT;

const JAVA_HELP =
  "Spark needs Java 17 (the version AWS Glue 5.0 runs). Install it, e.g.\n" +
  "  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n" +
  "  macOS:         brew install openjdk@17\n" +
  "then make sure `java -version` works or JAVA_HOME points at it.";

function javaExecutable(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, "bin", "java") : "java";
}

/** Fails with install instructions when Java is missing; warns when it is not Glue's version. */
export function ensureJava(log: (line: string) => void): void {
  const probe = spawnSync(javaExecutable(), ["-version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new SetupError(`Java was not found (${probe.error?.message ?? `exit ${probe.status}`}).\n${JAVA_HELP}`);
  }
  const version = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr);
  const major = version ? (version[1] === "1" ? Number(version[2]) : Number(version[1])) : NaN;
  if (!(major >= 8)) throw new SetupError(`Unrecognised Java (${probe.stderr.split("\n")[0]}).\n${JAVA_HELP}`);
  if (major !== 17) log(`Note: Java ${major} found; AWS Glue 5.0 runs Java 17, so results may differ in edge cases.`);
}

function pythonVersion(command: string): [number, number] | undefined {
  const probe = spawnSync(command, ["-c", "import sys; print(sys.version_info[0], sys.version_info[1])"], {
    encoding: "utf8",
  });
  if (probe.error || probe.status !== 0) return undefined;
  const [major, minor] = probe.stdout.trim().split(" ").map(Number);
  return major !== undefined && minor !== undefined ? [major, minor] : undefined;
}

export { GLUE_VERSIONS, type GlueVersion } from "../model/glue-versions";

/**
 * The runtime of a manifest without `glueVersion` (format 3 and older, all rendered for Glue 5.0), and of the tools
 * that need only a Python with pyspark (`.venv`). Not the default for new stacks: that is the model's
 * DEFAULT_GLUE_VERSION (5.1), which the renderer writes into every manifest.
 */
export const UNVERSIONED_GLUE_VERSION: GlueVersion = "5.0";

interface RuntimeSetup {
  /** The venv, relative to the repository root. */
  readonly venv: string;
  readonly requirements: string;
  /** The Python minor version AWS Glue runs, and the range pyspark of that version supports. */
  readonly python: { readonly glue: number; readonly lowest: number; readonly highest: number };
}

/**
 * One venv per Glue version (runtime/lakehouse/glue_runtime.py says what each holds). 5.0 keeps `.venv`, which the
 * benchmarks and the test tools (moto, parliament, ruff) share; the others live under .lakehouse/ (git-ignored).
 */
export const RUNTIME_SETUPS: Readonly<Record<GlueVersion, RuntimeSetup>> = {
  "5.0": { venv: ".venv", requirements: "runtime/requirements.txt", python: { glue: 11, lowest: 8, highest: 12 } },
  "5.1": {
    venv: ".lakehouse/python/glue-5.1",
    requirements: "runtime/requirements-glue-5.1.txt",
    python: { glue: 11, lowest: 8, highest: 12 },
  },
  // pyspark 4.1 needs 3.10 or later; Glue 6.0 runs 3.13, which Debian 12 does not package.
  "6.0": {
    venv: ".lakehouse/python/glue-6.0",
    requirements: "runtime/requirements-glue-6.0.txt",
    python: { glue: 13, lowest: 10, highest: 13 },
  },
};

/** The Python Glue `version` runs if present, else any python3 that its pyspark supports (with a note). */
function basePython(log: (line: string) => void, version: GlueVersion): string {
  const { glue, lowest, highest } = RUNTIME_SETUPS[version].python;
  for (const candidate of [`python3.${glue}`, "python3.11", "python3"]) {
    const found = pythonVersion(candidate);
    if (!found) continue;
    const [major, minor] = found;
    if (major === 3 && minor === glue) return candidate;
    if (major === 3 && minor >= lowest && minor <= highest) {
      log(
        `Note: using Python ${major}.${minor}; AWS Glue ${version} runs Python 3.${glue}, which this machine does not have` +
          " (every local run of the stack says so at start-up).",
      );
      return candidate;
    }
  }
  throw new SetupError(
    `Python 3.${glue} (AWS Glue ${version}'s) was not found, nor a Python 3.${lowest}-3.${highest}. Install it, e.g.` +
      ` \`sudo apt-get install -y python3.${glue} python3.${glue}-venv\`.`,
  );
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.error || result.status !== 0) {
    throw new SetupError(`${what} failed (${result.error?.message ?? `exit ${result.status}`}).`);
  }
}

/**
 * Creates the venv of `glueVersion`'s runtime (RUNTIME_SETUPS; <root>/.venv for 5.0) when missing and installs each
 * requirements file whose hash changed since its last install (one stamp per file, so the runtime's and the
 * benchmarks' requirements do not undo each other).
 */
export function ensurePythonEnv(
  root: string = repoRoot(),
  log: (line: string) => void = (line) => console.log(line),
  requirementFiles?: readonly string[],
  glueVersion: GlueVersion = UNVERSIONED_GLUE_VERSION,
): PythonEnv {
  ensureJava(log);
  const setup = RUNTIME_SETUPS[glueVersion];
  const venv = join(root, setup.venv);
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) {
    const base = basePython(log, glueVersion);
    log(`First run on AWS Glue ${glueVersion}: creating its Python environment ${venv} …`);
    const created = spawnSync(base, ["-m", "venv", venv], { stdio: "inherit" });
    if (created.status !== 0) {
      throw new SetupError(
        `Could not create ${venv}. On Debian/Ubuntu install the venv module: sudo apt-get install -y ${base}-venv`,
      );
    }
  }
  for (const file of requirementFiles ?? [setup.requirements]) {
    const requirements = join(root, file);
    const stamp = join(venv, `.stamp-${file.replace(/[^A-Za-z0-9.]+/g, "-")}.sha256`);
    const wanted = createHash("sha256").update(readFileSync(requirements)).digest("hex");
    const current = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";
    if (current === wanted) continue;
    log(
      `Installing ${file} into ${venv} (${file.startsWith("runtime/") ? "pyspark is a 320-460 MB download; " : ""}only when the file changes) …`,
    );
    run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r", requirements], "pip install");
    writeFileSync(stamp, `${wanted}\n`);
    log("Python environment ready.");
  }
  const runtime = join(root, "runtime");
  const pythonPath = process.env.PYTHONPATH ? `${runtime}${delimiter}${process.env.PYTHONPATH}` : runtime;
  // Through the venv's real path: a copy that links .venv (tests/project-copy.ts, a worktree) then runs the same
  // pyspark path, so it maps the class archive made for it instead of training a new one and deleting that one.
  const interpreter = join(realpathSync(venv), "bin", "python");
  return {
    python: interpreter,
    env: { ...process.env, PYTHONPATH: pythonPath, PYSPARK_PYTHON: interpreter, PYTHONUNBUFFERED: "1" },
  };
}
