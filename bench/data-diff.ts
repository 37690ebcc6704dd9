/**
 * `npx tsx bench/data-diff.ts [--runs N]`: what `npm run diff` costs next to `npm start` (issue 22). In a project
 * copy whose last commit is the one-line change to machine_learning_curated that bench/dev-loop.ts also times
 * (`scriptChangingEdit`), on the starter data: `npm start`, then `npm run diff -- --base HEAD~1` cold (its base cache
 * emptied) and warm (the base side from the cache). Prints the BENCHMARKS.md section: median (min–max) of N runs.
 * `npm run bench` writes the same section (`dataDiffSection`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TempDirs, scriptChangingEdit, starterData } from "../tests/local-run-support";
import { ProjectCopy } from "../tests/project-copy";
import { figure, loadAverage, type Figure } from "./stats";

function commit(project: ProjectCopy, message: string): void {
  const git = (args: string[]) =>
    spawnSync("git", ["-c", "user.email=bench@local", "-c", "user.name=bench", ...args], { cwd: project.root });
  git(["add", "-A"]);
  git(["commit", "--quiet", "-m", message]);
}

function timed(project: ProjectCopy, args: string[]): number {
  const started = Date.now();
  const run = project.cli(args);
  if (run.status !== 0) throw new Error(`${args.join(" ")} exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  return (Date.now() - started) / 1000;
}

/** The section of BENCHMARKS.md, from `runs` interleaved rounds of `npm start`, a cold diff and a warm one. */
export function dataDiffSection(runs: number): string[] {
  if (!existsSync(starterData)) throw new Error(`The benchmark runs on the starter data, not found at ${starterData}`);
  const temp = new TempDirs();
  try {
    const project = new ProjectCopy(temp.dir("bench-diff"));
    commit(project, "base");
    project.edit(scriptChangingEdit.file, scriptChangingEdit.before, scriptChangingEdit.after);
    commit(project, "one line in machine_learning_curated");
    const cache = join(project.root, ".lakehouse", "diff", "base-cache");
    const start: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    const diff = ["diff", "--base", "HEAD~1", "--landing", starterData];
    // One untimed diff first: the copy's set-up (the class archive) is a once-per-clone cost, not the diff's.
    timed(project, diff);
    for (let i = 0; i < runs; i++) {
      start.push(
        timed(project, ["run", "--landing", starterData, "--root", join(project.root, ".lakehouse", "start")]),
      );
      rmSync(cache, { recursive: true, force: true });
      cold.push(timed(project, diff));
      warm.push(timed(project, diff));
    }
    const f = (x: Figure) => `${x.median.toFixed(1)} (${x.min.toFixed(1)}–${x.max.toFixed(1)})`;
    const [s, c, w] = [figure(start), figure(cold), figure(warm)];
    return [
      "## The data diff (issue 22)",
      "",
      "`npm run diff` next to `npm start` (`bench/data-diff.ts`): in a project copy whose last commit is the one-line",
      "change to `machine_learning_curated` that the edit-loop benchmark uses (its join's node name, so its script",
      "changes and no row does), on the starter data: `npm start`, then `npm run diff -- --base HEAD~1` with its base",
      "cache emptied (cold) and again (warm), after one untimed diff that paid the copy's set-up (the class archive).",
      "Wall-clock seconds of the whole command, render included. A cold diff runs the changed job's base and head",
      "versions (and nothing upstream: those tables are shared) and compares; a warm one runs only the head version.",
      "",
      ...[
        "| command | seconds | ratio to `npm start` |",
        "|---|---:|---:|",
        `| \`npm start -- --landing <starter data>\` | ${f(s)} | 1.00 |`,
        `| \`npm run diff -- --base HEAD~1\`, cold | ${f(c)} | ${(c.median / s.median).toFixed(2)} |`,
        `| \`npm run diff -- --base HEAD~1\`, warm (base side cached) | ${f(w)} | ${(w.median / s.median).toFixed(2)} |`,
        "",
        `${runs} run(s) each, interleaved; ${new Date().toISOString().slice(0, 16)}Z, load average ${loadAverage()}.`,
        "",
      ],
    ];
  } finally {
    temp.removeAll();
  }
}

if (require.main === module) {
  const runsAt = process.argv.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 3;
  console.log(dataDiffSection(runs).join("\n"));
}
