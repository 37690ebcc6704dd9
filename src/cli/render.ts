/**
 * `npm run render` writes `generated/<stack>/` for every stack; `--check` only compares and names
 * the stale files, so CI fails when someone edits the DSL without re-rendering.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildStack } from "../build";
import type { RenderedPipeline } from "../render";
import { REPO_ROOT, readStackConfig, stackNames } from "./stacks";

export function renderAllStacks(root = REPO_ROOT): RenderedPipeline[] {
  return stackNames(root).map((stack) => buildStack(readStackConfig(stack, root)));
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

export interface Staleness {
  readonly changed: string[];
  readonly missing: string[];
  readonly extra: string[];
}

export function compareGenerated(pipelines: readonly RenderedPipeline[], root = REPO_ROOT): Staleness {
  const expected = new Map(pipelines.flatMap((p) => p.files.map((f) => [f.path, f.content] as const)));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of expected) {
    const full = join(root, path);
    if (!existsSync(full)) missing.push(path);
    else if (readFileSync(full, "utf8") !== content) changed.push(path);
  }
  const extra = filesUnder(join(root, "generated"))
    .map((f) => relative(root, f).split("\\").join("/"))
    .filter((f) => !expected.has(f));
  return { changed, missing, extra };
}

export function renderCommand(argv: string[], root = REPO_ROOT): number {
  const check = argv.includes("--check");
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length) {
    console.error(`render: unknown argument ${unknown.join(" ")}. Usage: npm run render [-- --check]`);
    return 2;
  }
  const pipelines = renderAllStacks(root);
  for (const job of pipelines.flatMap((p) => p.jobs)) {
    if (!existsSync(join(root, job.sourceFile))) {
      console.error(`render: job ${job.name} names its DSL file ${job.sourceFile}, which does not exist. Set the job's \`file\` option to its real path.`);
      return 1;
    }
  }
  const { changed, missing, extra } = compareGenerated(pipelines, root);
  const stale = [...changed.map((f) => `changed: ${f}`), ...missing.map((f) => `missing: ${f}`), ...extra.map((f) => `not produced by the DSL: ${f}`)];
  if (check) {
    if (!stale.length) return 0;
    console.error(`generated/ is stale; ${stale.length} file${stale.length === 1 ? "" : "s"} differ from the DSL:\n${stale.map((s) => `  ${s}`).join("\n")}\nRun \`npm run render\` and commit the result.`);
    return 1;
  }
  for (const p of pipelines) {
    for (const f of p.files) {
      const full = join(root, f.path);
      if (existsSync(full) && readFileSync(full, "utf8") === f.content) continue;
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, f.content);
    }
  }
  for (const f of extra) rmSync(join(root, f));
  const total = pipelines.reduce((n, p) => n + p.files.length, 0);
  console.log(`Rendered ${pipelines.length} stack${pipelines.length === 1 ? "" : "s"} (${pipelines.map((p) => p.stack).join(", ")}): ${total} files, ${changed.length + missing.length} written, ${extra.length} removed.`);
  return 0;
}
