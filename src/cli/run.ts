/**
 * `npm start [-- options]`: runs the rendered pipeline on local Spark. Options are the Python
 * runner's (`npm start -- --help`); this side validates and renders first, so the run executes what
 * the DSL says now (never a stale committed script), and makes sure Java and the venv are there.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import {
  ensurePythonEnv,
  GLUE_VERSIONS,
  repoRoot,
  SetupError,
  UNVERSIONED_GLUE_VERSION,
  type GlueVersion,
} from "./python-env";
import { join, resolve } from "node:path";
import { StackConfigError } from "../config/stack-config";
import { describeStaleness, isFresh, writeGenerated, writeStacksWithFormat } from "./render";

export interface RunnerInvocation {
  readonly command: string;
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** What to spawn to run the local runner with `argv`; sets up the venv of the stack's Glue version first if needed. */
export function runnerInvocation(
  argv: readonly string[],
  root: string = repoRoot(),
  log?: (line: string) => void,
): RunnerInvocation {
  const { python, env } = ensureRuntime(glueVersionOf(argv, root), root, log);
  return { command: python, args: ["-m", "lakehouse.run", ...argv], env, cwd: root };
}

/** `glueVersion`'s local runtime, set up when missing: its venv (src/cli/python-env.ts), then its class archive. */
export function ensureRuntime(glueVersion: GlueVersion, root: string = repoRoot(), log?: (line: string) => void) {
  const runtime = ensurePythonEnv(root, log, undefined, glueVersion);
  ensureClassArchive(runtime.python, runtime.env, root, log);
  return runtime;
}

/** The value of the runner option `name` in `argv` (`--name value` or `--name=value`), as its parser reads it. */
function optionValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((arg, at) => {
    if (arg === name) value = argv[at + 1];
    else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  });
  return value;
}

/**
 * The Glue version of the stack the runner will run (`glueVersion` in <generated>/<stack>/pipeline.json; absent means
 * 5.0), read before its Python starts so that it starts in that version's runtime. A stack that is not rendered is
 * the runner's to report; it starts on the default runtime. The runner checks that its runtime is the stack's.
 */
export function glueVersionOf(argv: readonly string[], root: string = repoRoot()): GlueVersion {
  const generated = resolve(root, optionValue(argv, "--generated") ?? "generated");
  const stack = optionValue(argv, "--stack") ?? "dev";
  const manifest = join(generated, stack, "pipeline.json");
  if (!existsSync(manifest)) return UNVERSIONED_GLUE_VERSION;
  let version: unknown;
  try {
    version = (JSON.parse(readFileSync(manifest, "utf8")) as { glueVersion?: unknown }).glueVersion;
  } catch {
    return UNVERSIONED_GLUE_VERSION; // not JSON: the runner says so, naming the file
  }
  if (version === undefined || version === null) return UNVERSIONED_GLUE_VERSION;
  if (!GLUE_VERSIONS.includes(version as GlueVersion)) {
    throw new SetupError(
      `${manifest}: glueVersion is ${JSON.stringify(version)}, and the local runtime exists for AWS Glue` +
        ` ${GLUE_VERSIONS.join(", ")}. Set lakehouse:glueVersion in Pulumi.${stack}.yaml to one of them and render again.`,
    );
  }
  return version as GlueVersion;
}

/**
 * Set to "1", no class archive is trained: a runtime that has one still maps it, one that has none starts without.
 * The test suite sets it for the Glue versions it starts only a few JVMs on, where training (50-65 s on 2 cores)
 * costs more than the 3-5 s it saves each start (scripts/mocha-shards.ts).
 */
export const NO_CLASS_ARCHIVE_TRAINING = "LAKEHOUSE_NO_CLASS_ARCHIVE_TRAINING";

/**
 * The last step of the set-up: Spark's classes parsed once into an archive in the venv, which every
 * later JVM maps instead of loading them (runtime/lakehouse/make_class_archive.py; about 3-5 s off a run on
 * the starter data). Made once per Java and pyspark install; Python decides whether this install has
 * one. A failure only costs that speed-up, so it is noted and not retried for the same install.
 */
export function ensureClassArchive(
  python: string,
  env: NodeJS.ProcessEnv,
  root: string = repoRoot(),
  log: (line: string) => void = (line) => console.log(line),
): void {
  if (env[NO_CLASS_ARCHIVE_TRAINING] === "1") return; // an archive made earlier is still mapped (class_archive.py)
  const classArchive = (args: string[]) =>
    spawnSync(python, ["-m", "lakehouse.make_class_archive", ...args], { cwd: root, env, encoding: "utf8" });
  if (classArchive(["--status"]).stdout?.trim() !== "missing") return;
  log("Set-up, once: preparing Spark's class archive, so that every later start-up is seconds faster (~40 s) …");
  const made = classArchive([]);
  const said = (made.stdout ?? "").trim().split("\n").at(-1);
  if (made.status === 0) log(said || "Spark class archive ready.");
  else log(`Note: no Spark class archive; runs work, each start-up just takes a few seconds longer. ${said ?? ""}`);
}

/** Renders generated/ from the DSL when it is stale and says which files changed. */
export function renderBeforeRun(
  root: string = repoRoot(),
  log: (line: string) => void = (line) => console.log(line),
): void {
  const staleness = writeGenerated(root);
  if (isFresh(staleness)) return;
  const lines = describeStaleness(staleness);
  log(
    `The DSL changed since the last render; rendered generated/ first (commit it with your change):\n${lines.map((l) => `  ${l}`).join("\n")}`,
  );
}

/**
 * `--table-format iceberg` runs the stacks as `<project>:tableFormat: iceberg` would render them: they are
 * rendered to .lakehouse/generated-iceberg/ and handed to the runner as `--generated`. Other
 * arguments go to the runner unchanged. The runner gives Iceberg stacks a local `glue_catalog`
 * (runtime/lakehouse/iceberg_catalog.py), so their scripts run as they would on Glue 5.0.
 */
export function withTableFormat(argv: readonly string[], root: string = repoRoot()): string[] {
  const { rest, generated } = tableFormatOption(argv, root);
  return generated ? [...rest, "--generated", generated] : rest;
}

/** `--table-format FORMAT` out of `argv`: the other arguments, and the stacks rendered in FORMAT (none for parquet). */
/** Options `npm start` takes before the runner starts; the runner's --help lists them, and its parser refuses them. */
export const NPM_START_OPTIONS = ["--table-format"] as const;

export function tableFormatOption(
  argv: readonly string[],
  root: string = repoRoot(),
): { rest: string[]; generated?: string } {
  const at = argv.indexOf(NPM_START_OPTIONS[0]);
  if (at < 0) return { rest: [...argv] };
  const format = argv[at + 1];
  const rest = [...argv.slice(0, at), ...argv.slice(at + 2)];
  if (format === undefined || format.startsWith("--"))
    throw new SetupError("--table-format needs a value: the format to render the stacks' tables in, e.g. iceberg.");
  try {
    const generated = writeStacksWithFormat(join(root, ".lakehouse", `generated-${format}`), format, root);
    return { rest, generated };
  } catch (error) {
    // A value the project's own option spec refuses is reported with the key and the allowed values.
    if (error instanceof StackConfigError) throw new SetupError(`--table-format ${format}: ${error.message}`);
    throw error;
  }
}

export async function runCommand(argv: string[]): Promise<number> {
  let invocation: RunnerInvocation;
  try {
    renderBeforeRun();
    invocation = runnerInvocation(withTableFormat(argv));
  } catch (error) {
    if (error instanceof SetupError) {
      console.error(`Cannot set up the local run: ${error.message}`);
      return 2;
    }
    throw error;
  }
  return new Promise<number>((resolveExit) => {
    const child = spawn(invocation.command, invocation.args, {
      cwd: invocation.cwd,
      env: invocation.env,
      stdio: "inherit",
    });
    child.on("error", (error) => {
      console.error(`Cannot start the local runner: ${error.message}`);
      resolveExit(2);
    });
    // A signal (Ctrl-C) ends the run as a failure, never as success.
    child.on("exit", (code, signal) => resolveExit(code ?? (signal ? 1 : 0)));
  });
}
