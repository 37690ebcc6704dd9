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

/** Python 3.11 (Glue 5.0's) if present, else any python3 that pyspark 3.5 supports. */
function basePython(log: (line: string) => void): string {
  for (const candidate of ["python3.11", "python3"]) {
    const version = pythonVersion(candidate);
    if (!version) continue;
    const [major, minor] = version;
    if (major === 3 && minor === 11) return candidate;
    if (major === 3 && minor >= 8 && minor <= 12) {
      log(`Note: using Python ${major}.${minor}; AWS Glue 5.0 runs Python 3.11.`);
      return candidate;
    }
  }
  throw new SetupError(
    "Python 3.11 was not found. Install it, e.g. `sudo apt-get install -y python3.11 python3.11-venv`.",
  );
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.error || result.status !== 0) {
    throw new SetupError(`${what} failed (${result.error?.message ?? `exit ${result.status}`}).`);
  }
}

/**
 * Creates <root>/.venv when missing and installs each requirements file whose hash changed since its
 * last install (one stamp per file, so the runtime's and the benchmarks' requirements do not undo each other).
 */
export function ensurePythonEnv(
  root: string = repoRoot(),
  log: (line: string) => void = (line) => console.log(line),
  requirementFiles: readonly string[] = ["runtime/requirements.txt"],
): PythonEnv {
  ensureJava(log);
  const venv = join(root, ".venv");
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) {
    const base = basePython(log);
    log(`First run: creating the Python environment ${venv} …`);
    const created = spawnSync(base, ["-m", "venv", venv], { stdio: "inherit" });
    if (created.status !== 0) {
      throw new SetupError(
        `Could not create ${venv}. On Debian/Ubuntu install the venv module: sudo apt-get install -y python3.11-venv`,
      );
    }
  }
  for (const file of requirementFiles) {
    const requirements = join(root, file);
    const stamp = join(venv, `.stamp-${file.replace(/[^A-Za-z0-9.]+/g, "-")}.sha256`);
    const wanted = createHash("sha256").update(readFileSync(requirements)).digest("hex");
    const current = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";
    if (current === wanted) continue;
    log(
      `Installing ${file} into ${venv} (${file.startsWith("runtime/") ? "pyspark is a ~320 MB download; " : ""}only when the file changes) …`,
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
