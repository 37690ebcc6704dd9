/**
 * `npm run dev [-- npm start options]`: watch mode. Runs the pipeline once in a Spark session that
 * stays up (runtime/lakehouse/dev.py), then on every save under jobs/ validates and re-renders in this
 * process, and has the session run only the jobs whose scripts changed plus everything downstream.
 * Validation problems are printed as soon as the file is saved; nothing runs until they are fixed.
 */
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { join, sep } from "node:path";
import type { Staleness } from "./render";
import { renderBeforeRun, runnerInvocation } from "./run";
import { REPO_ROOT } from "./stacks";

const READY = "READY";

/** The job names whose scripts a render rewrote, per stack directory (generated/<stack>/<job>.py). */
export function changedJobs(staleness: Staleness): Map<string, string[]> {
  const byStack = new Map<string, string[]>();
  for (const path of [...staleness.changed, ...staleness.missing]) {
    const match = /^generated\/([^/]+)\/([^/]+)\.py$/.exec(path);
    if (!match) continue;
    byStack.set(match[1]!, [...(byStack.get(match[1]!) ?? []), match[2]!]);
  }
  return byStack;
}

/**
 * Renders with the DSL as it is on disk now: the project's modules are dropped from the require
 * cache first, so edited job files are compiled again (unchanged ones come from tsx's cache).
 */
function renderFresh(root: string): Staleness {
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(root + sep) && !id.includes(`${sep}node_modules${sep}`)) delete require.cache[id];
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module graph on purpose
  const render = require("./render") as typeof import("./render");
  return render.writeGenerated(root);
}

export function devCommand(argv: string[], root = REPO_ROOT): Promise<number> {
  renderBeforeRun(root);
  // The watched stack's Glue version picks the runtime, as for npm start.
  const invocation = runnerInvocation(argv, root);
  const child = spawn(invocation.command, ["-m", "lakehouse.dev", ...argv], {
    cwd: root,
    env: invocation.env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  let ready = false;
  let pending: { savedAt: number } | undefined;
  let buffered = "";

  const rerun = (savedAt: number) => {
    if (!ready) {
      pending = { savedAt }; // a run is going on; re-render when it ends
      return;
    }
    let staleness: Staleness;
    try {
      staleness = renderFresh(root);
    } catch (error) {
      console.error(`\n${error instanceof Error ? error.message : String(error)}\nFix the DSL and save again.`);
      return;
    }
    const changed = Object.fromEntries(changedJobs(staleness));
    if (!Object.keys(changed).length) {
      console.log("\nSaved; no script changed.");
      return;
    }
    ready = false; // the session picks its own stack's jobs and answers READY when done
    child.stdin.write(`${JSON.stringify({ changed, savedAt })}\n`);
  };

  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (line !== READY) {
        console.log(line);
        continue;
      }
      ready = true;
      console.log("\nWatching jobs/ for changes (Ctrl-C to stop) …");
      if (pending) {
        const { savedAt } = pending;
        pending = undefined;
        rerun(savedAt);
      }
    }
  });

  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(join(root, "jobs"), { recursive: true }, () => {
    const savedAt = Date.now();
    clearTimeout(timer);
    timer = setTimeout(() => rerun(savedAt), 50); // editors write a file in several steps
  });

  return new Promise((resolveExit) => {
    const stop = () => child.kill("SIGTERM");
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    child.on("exit", (code) => {
      watcher.close();
      clearTimeout(timer);
      resolveExit(code ?? 0);
    });
  });
}
