/**
 * `npm run render` writes `generated/<stack>/` for every stack; `--check` only compares and names
 * the stale files, so CI fails when someone edits the DSL without re-rendering. `npm start` and
 * `npm run dev` call `writeGenerated` first, so a run always executes what the DSL says now. Both also write
 * or compare pipeline.json's JSON Schema (src/cli/manifest-schema.ts); `npm start` leaves it out, because it
 * follows the manifest's TypeScript type, not the DSL, and emitting it costs seconds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildStack } from "../build";
import type { GeneratedFile, RenderedPipeline } from "../render";
import { manifestSchemaFile } from "./manifest-schema";
import { REPO_ROOT, readStackConfig, stackNames, type OptionOverrides } from "./stacks";

/** Every stack of every project, rendered; `overrides` set project options (e.g. `tableFormat`) where they exist. */
export function renderAllStacks(root = REPO_ROOT, overrides: OptionOverrides = {}): RenderedPipeline[] {
  return stackNames(root).map((stack) => buildStack(readStackConfig(stack, root, overrides)));
}

/**
 * Every stack rendered with `tableFormat` (e.g. iceberg) under `dir`/generated/<stack>/, for a local run
 * or a test of a format the committed stacks do not use; returns the `generated` directory.
 */
export function writeStacksWithFormat(dir: string, tableFormat: string, root = REPO_ROOT): string {
  return writeStacksWith(dir, { tableFormat }, root);
}

/** Every stack rendered with `overrides` (project options, or engine keys such as `lakehouse:glueVersion`) under
 * `dir`/generated/<stack>/; returns the `generated` directory. */
export function writeStacksWith(dir: string, overrides: OptionOverrides, root = REPO_ROOT): string {
  rmSync(join(dir, "generated"), { recursive: true, force: true });
  for (const file of renderAllStacks(root, overrides).flatMap((p) => p.files)) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return join(dir, "generated");
}

/** The folders holding rendered files (`generated/`), from the files' paths. */
function generatedRoots(pipelines: readonly RenderedPipeline[]): string[] {
  const roots = new Set<string>();
  for (const p of pipelines)
    for (const f of p.files) {
      const parts = f.path.split("/");
      roots.add(parts.slice(0, parts.indexOf("generated") + 1).join("/"));
    }
  return [...roots].sort();
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * The paths (relative to `root`) that git ignores, e.g. a `__pycache__/` left by running a script.
 * They are nobody's output and never committed, so they make generated/ neither stale nor fresh.
 * Outside a git checkout nothing is ignored.
 */
export function gitIgnored(paths: readonly string[], root: string): Set<string> {
  if (!paths.length) return new Set();
  const result = spawnSync("git", ["check-ignore", "--stdin"], {
    cwd: root,
    input: paths.join("\n"),
    encoding: "utf8",
  });
  // Exit 0: some are ignored; 1: none are; anything else (no git, not a checkout): treat none as ignored.
  if (result.status !== 0) return new Set();
  return new Set(result.stdout.split("\n").filter(Boolean));
}

export interface Staleness {
  readonly changed: string[];
  readonly missing: string[];
  readonly extra: string[];
}

/** What differs from `pipelines`' files and `others` (rendered files outside the generated folders). */
export function compareGenerated(
  pipelines: readonly RenderedPipeline[],
  root = REPO_ROOT,
  others: readonly GeneratedFile[] = [],
): Staleness {
  const expected = new Map([...pipelines.flatMap((p) => p.files), ...others].map((f) => [f.path, f.content] as const));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of expected) {
    const full = join(root, path);
    if (!existsSync(full)) missing.push(path);
    else if (readFileSync(full, "utf8") !== content) changed.push(path);
  }
  const unexpected = generatedRoots(pipelines)
    .flatMap((dir) => filesUnder(join(root, dir)))
    .map((f) => relative(root, f).split("\\").join("/"))
    .filter((f) => !expected.has(f));
  const ignored = gitIgnored(unexpected, root);
  return { changed, missing, extra: unexpected.filter((f) => !ignored.has(f)) };
}

export const isFresh = (s: Staleness): boolean => !s.changed.length && !s.missing.length && !s.extra.length;

/** One line per stale file, as `render --check` and `npm start` print them. */
export function describeStaleness({ changed, missing, extra }: Staleness): string[] {
  return [
    ...changed.map((f) => `changed: ${f}`),
    ...missing.map((f) => `missing: ${f}`),
    ...extra.map((f) => `not produced by the DSL: ${f}`),
  ];
}

/** Fails when a job names a DSL file that does not exist (its script's first line points there). */
function checkSourceFiles(pipelines: readonly RenderedPipeline[], root: string): void {
  for (const job of pipelines.flatMap((p) => p.jobs)) {
    if (!existsSync(join(root, job.sourceFile))) {
      throw new RenderError(
        `job ${job.name} names its DSL file ${job.sourceFile}, which does not exist. Set the job's \`file\` option to its real path.`,
      );
    }
  }
}

/** A problem that stops rendering; printed without a stack trace. */
export class RenderError extends Error {}

/**
 * Validates and renders every stack, then brings generated/ in line: writes what differs, removes
 * what the DSL no longer produces. Returns what was stale (empty when nothing was written).
 */
export function writeGenerated(
  root = REPO_ROOT,
  pipelines: readonly RenderedPipeline[] = renderAllStacks(root),
  others: readonly GeneratedFile[] = [],
): Staleness {
  checkSourceFiles(pipelines, root);
  const staleness = compareGenerated(pipelines, root, others);
  const written = new Set([...staleness.changed, ...staleness.missing]);
  for (const f of [...pipelines.flatMap((p) => p.files), ...others]) {
    if (!written.has(f.path)) continue;
    const full = join(root, f.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, f.content);
  }
  for (const f of staleness.extra) rmSync(join(root, f));
  return staleness;
}

export function renderCommand(argv: string[], root = REPO_ROOT): number {
  const check = argv.includes("--check");
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length) {
    console.error(`render: unknown argument ${unknown.join(" ")}. Usage: npm run render [-- --check]`);
    return 2;
  }
  const pipelines = renderAllStacks(root);
  const schema = manifestSchemaFile(root);
  try {
    if (check) {
      checkSourceFiles(pipelines, root);
      const stale = describeStaleness(compareGenerated(pipelines, root, [schema]));
      if (!stale.length) return 0;
      console.error(
        `generated/ is stale; ${stale.length} file${stale.length === 1 ? "" : "s"} differ from the DSL:\n${stale.map((s) => `  ${s}`).join("\n")}\nRun \`npm run render\` and commit the result.`,
      );
      return 1;
    }
    const { changed, missing, extra } = writeGenerated(root, pipelines, [schema]);
    const total = pipelines.reduce((n, p) => n + p.files.length, 0) + 1; // and the manifest's schema
    console.log(
      `Rendered ${pipelines.length} stack${pipelines.length === 1 ? "" : "s"} (${pipelines.map((p) => p.stack).join(", ")}): ${total} files, ${changed.length + missing.length} written, ${extra.length} removed.`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    console.error(`render: ${error.message}`);
    return 1;
  }
}
