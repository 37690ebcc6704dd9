/**
 * `npx tsx bench/data-diff.ts [--runs N]`: what `npm run diff` costs next to `npm start` (issue 22). In a project
 * copy whose last commit is the one-line change to machine_learning_curated that bench/dev-loop.ts also times
 * (`scriptChangingEdit`), on the starter data: `npm start`, then `npm run diff -- --base HEAD~1` cold (its base cache
 * emptied) and warm (the base side from the cache). Prints the BENCHMARKS.md section: median (min–max) of N runs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TempDirs, scriptChangingEdit, starterData } from "../tests/local-run-support";
import { ProjectCopy } from "../tests/project-copy";
import { figure, type Figure } from "./stats";

const runsAt = process.argv.indexOf("--runs");
const runs = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 3;

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

function main(): void {
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
    console.log(
      [
        "| command | seconds | ratio to `npm start` |",
        "|---|---:|---:|",
        `| \`npm start -- --landing <starter data>\` | ${f(s)} | 1.00 |`,
        `| \`npm run diff -- --base HEAD~1\`, cold | ${f(c)} | ${(c.median / s.median).toFixed(2)} |`,
        `| \`npm run diff -- --base HEAD~1\`, warm (base side cached) | ${f(w)} | ${(w.median / s.median).toFixed(2)} |`,
        "",
        `${runs} run(s) each, interleaved; ${new Date().toISOString().slice(0, 16)}Z.`,
      ].join("\n"),
    );
  } finally {
    temp.removeAll();
  }
}

main();
