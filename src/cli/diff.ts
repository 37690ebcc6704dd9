/**
 * `npm run diff [-- --base REF]`: what a change does to the data. Renders the base ref's DSL (from `git archive`, into
 * a scratch folder, with this checkout's node_modules linked) and the working tree's, finds the jobs whose scripts or
 * manifest entries changed, and hands the runtime a plan: runtime/lakehouse/data_diff.py runs the base and head
 * versions of those jobs and everything downstream on the same landing data, in one Spark session, and compares the
 * tables. The checkout is never touched. The report is printed, and written as JSON and Markdown on request.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { buildStack, projectOf } from "../build";
import { assertValid, type OptionValue } from "../dsl";
import type { PipelineManifest } from "../render/manifest";
import { parseStackConfig, type JobSettings } from "../config/stack-config";
import { PROJECTS } from "../../jobs";
import { costLine, markdownReport, terminalReport, type DiffReport } from "./diff-report";
import { ensurePythonEnv, repoRoot, SetupError } from "./python-env";
import { ensureClassArchive, glueVersionOf } from "./run";
import { readStackConfig, stackConfigValues } from "./stacks";

export const DEFAULT_BASE = "origin/main";

export interface DiffOptions {
  base: string;
  baseGiven: boolean;
  stack: string;
  landing?: string;
  scale?: string;
  seed?: string;
  keys: Record<string, string[]>;
  json?: string;
  markdown?: string;
  scratch?: string;
}

export class DiffError extends Error {}

const USAGE =
  "npm run diff -- [--base REF] [--stack NAME] [--landing DIR | --scale N --seed N] [--key TABLE=COL,…] " +
  "[--json FILE] [--markdown FILE] [--scratch DIR]";

export function parseDiffArgs(argv: readonly string[]): DiffOptions {
  const options: DiffOptions = { base: DEFAULT_BASE, baseGiven: false, stack: "dev", keys: {} };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new DiffError(`${flag} needs a value. Usage: ${USAGE}`);
    i++;
    switch (flag) {
      case "--base":
        options.base = value;
        options.baseGiven = true;
        break;
      case "--stack":
      case "--landing":
      case "--scale":
      case "--seed":
      case "--json":
      case "--markdown":
      case "--scratch":
        options[flag.slice(2) as "stack" | "landing" | "scale" | "seed" | "json" | "markdown" | "scratch"] = value;
        break;
      case "--key": {
        const [table, columns] = value.split("=");
        if (!table || !columns)
          throw new DiffError(`--key ${value}: give the table and its key columns, e.g. --key customer_trusted=email`);
        options.keys[table] = columns.split(",").map((c) => c.trim());
        break;
      }
      default:
        throw new DiffError(`Unknown option ${flag}. Usage: ${USAGE}`);
    }
  }
  if (options.landing && (options.scale || options.seed))
    throw new DiffError("--scale and --seed shape synthetic data; they do not apply with --landing");
  return options;
}

function git(root: string, args: readonly string[]) {
  return spawnSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

/** The base commit: the ref given, or origin/main, falling back to main and then HEAD when it is not there. */
export function resolveBase(
  root: string,
  options: DiffOptions,
  log: (line: string) => void,
): { ref: string; commit: string } {
  const tries = options.baseGiven ? [options.base] : [DEFAULT_BASE, "main", "HEAD"];
  for (const ref of tries) {
    const found = git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    if (found.status === 0) {
      if (ref !== tries[0])
        log(
          `${tries[0]} does not exist in this clone (no remote fetched?); comparing with ${ref} instead. Pass --base REF to choose.`,
        );
      return { ref, commit: found.stdout.trim() };
    }
  }
  throw new DiffError(
    options.baseGiven
      ? `--base ${options.base}: no such commit, branch or tag here. Fetch it (git fetch origin) or name another ref.`
      : `Neither ${tries.join(" nor ")} names a commit here; pass --base REF.`,
  );
}

/** Writes the base commit's files into `dir` and renders its DSL there, with this checkout's node_modules. */
function renderBase(root: string, commit: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = join(dirname(dir), "base.tar");
  const archived = git(root, ["archive", "--format=tar", "-o", tar, commit]);
  if (archived.status !== 0) throw new DiffError(`git archive ${commit} failed: ${archived.stderr.trim()}`);
  const extracted = spawnSync("tar", ["-xf", tar, "-C", dir], { encoding: "utf8" });
  if (extracted.status !== 0) throw new DiffError(`Unpacking the base commit failed: ${extracted.stderr.trim()}`);
  rmSync(tar, { force: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  const rendered = spawnSync(join(root, "node_modules", ".bin", "tsx"), ["src/cli/main.ts", "render"], {
    cwd: dir,
    encoding: "utf8",
  });
  if (rendered.status !== 0)
    throw new DiffError(
      `Rendering the base commit ${commit.slice(0, 12)} failed:\n${rendered.stderr || rendered.stdout}`,
    );
}

function readManifest(generated: string, stack: string): PipelineManifest {
  const file = join(generated, stack, "pipeline.json");
  if (!existsSync(file))
    throw new DiffError(`Stack ${stack} has no rendered pipeline at ${file}: does the stack exist there?`);
  return JSON.parse(readFileSync(file, "utf8")) as PipelineManifest;
}

/** The jobs whose script or manifest entry (reads, writes, checks, arguments) differs, or on one side only. */
export function changedJobs(
  base: { manifest: PipelineManifest; dir: string },
  head: { manifest: PipelineManifest; dir: string },
): string[] {
  const script = (side: typeof base, name: string) => {
    const job = side.manifest.jobs.find((j) => j.name === name);
    return job ? JSON.stringify(job) + readFileSync(join(side.dir, job.script), "utf8") : undefined;
  };
  const names = new Set([...base.manifest.jobs, ...head.manifest.jobs].map((j) => j.name));
  return [...names].filter((name) => script(base, name) !== script(head, name)).sort();
}

/** Each table's merge keys as the DSL declares them (`kept: { merge: [...] }`), then the `--key` ones. */
function tableKeys(root: string, stack: string, given: Record<string, string[]>) {
  const config = readStackConfig(stack, root);
  const rendered = buildStack(config);
  const validated = assertValid(projectOf(config.project).pipeline(rendered.options as Record<string, OptionValue>));
  const keys: Record<string, { columns: string[]; source: "declared" | "--key" }> = {};
  for (const [name, table] of validated.tables) {
    const kept = table.def.kept;
    if (kept && typeof kept === "object" && "merge" in kept)
      keys[name] = { columns: [...kept.merge], source: "declared" };
  }
  for (const [name, columns] of Object.entries(given)) {
    if (!validated.tables.has(name))
      throw new DiffError(
        `--key ${name}=…: stack ${stack} has no table ${name} (${[...validated.tables.keys()].join(", ")})`,
      );
    keys[name] = { columns, source: "--key" };
  }
  return { keys, rendered };
}

function jobSettings(root: string, stack: string): JobSettings {
  return parseStackConfig(stack, stackConfigValues(stack, root), PROJECTS).jobs;
}

export async function diffCommand(argv: string[], root: string = repoRoot()): Promise<number> {
  const log = (line: string) => console.log(line);
  let options: DiffOptions;
  try {
    options = parseDiffArgs(argv);
    const base = resolveBase(root, options, log);
    const scratch = resolve(options.scratch ?? join(root, ".lakehouse", "diff"));
    log(`Rendering the base ${base.ref} (${base.commit.slice(0, 12)}) and the working tree …`);
    const baseSource = join(scratch, "base-source");
    renderBase(root, base.commit, baseSource);
    const { keys, rendered } = tableKeys(root, options.stack, options.keys);
    const headGenerated = join(scratch, "head-generated");
    rmSync(headGenerated, { recursive: true, force: true });
    for (const file of rendered.files) {
      const target = join(headGenerated, file.path.replace(/^generated\//, ""));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    const baseGenerated = join(baseSource, "generated");
    const sides = {
      base: { manifest: readManifest(baseGenerated, options.stack), dir: join(baseGenerated, options.stack) },
      head: { manifest: readManifest(headGenerated, options.stack), dir: join(headGenerated, options.stack) },
    };
    const changed = changedJobs(sides.base, sides.head);
    const cost = costLine(jobSettings(baseSource, options.stack), jobSettings(root, options.stack), {
      base: sides.base.manifest.jobs.length,
      head: sides.head.manifest.jobs.length,
    });
    const head = { ref: "working tree" };
    let report: DiffReport;
    if (!changed.length) {
      report = {
        version: 1,
        stack: options.stack,
        baseCached: false,
        base,
        head,
        landing: options.landing ?? "not read: no job changed",
        jobs: { changed: [], rerun: [], shared: [], results: { shared: [], base: [], head: [] } },
        tables: [],
        notRerun: sides.head.manifest.tables.filter((t) => t.zone !== "landing").map((t) => t.name),
        quality: [],
        cost,
      };
    } else {
      log(`Changed jobs: ${changed.join(", ")}`);
      const plan = {
        stack: options.stack,
        base: { generated: baseGenerated },
        head: { generated: headGenerated },
        root: join(scratch, "lakehouse"),
        cache: join(scratch, "base-cache"),
        ...(options.landing ? { landing: resolve(options.landing) } : {}),
        ...(options.scale ? { scale: Number(options.scale) } : {}),
        ...(options.seed ? { seed: Number(options.seed) } : {}),
        changedJobs: changed,
        keys,
      };
      const planFile = join(scratch, "plan.json");
      const output = join(scratch, "spark-report.json");
      writeFileSync(planFile, JSON.stringify(plan, null, 2));
      rmSync(output, { force: true });
      // The head stack's runtime, chosen as npm start chooses it (its manifest's glueVersion).
      const glueVersion = glueVersionOf(["--generated", headGenerated, "--stack", options.stack], root);
      const { python, env } = ensurePythonEnv(root, log, undefined, glueVersion);
      ensureClassArchive(python, env, root, log);
      const ran = spawnSync(python, ["-m", "lakehouse.data_diff", "--plan", planFile, "--output", output], {
        cwd: root,
        env,
        stdio: "inherit",
      });
      if (ran.status !== 0 || !existsSync(output)) return ran.status === 2 ? 2 : 1;
      const spark = JSON.parse(readFileSync(output, "utf8")) as Omit<DiffReport, "base" | "head" | "cost">;
      report = { ...spark, base, head, cost };
    }
    log("");
    log(terminalReport(report));
    if (options.json) writeFileSync(options.json, JSON.stringify(report, null, 2) + "\n");
    if (options.markdown) writeFileSync(options.markdown, markdownReport(report));
    return 0;
  } catch (error) {
    if (error instanceof DiffError || error instanceof SetupError) {
      console.error(`Cannot diff: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
