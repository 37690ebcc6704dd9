/**
 * `npx tsx bench/npm-start.ts [--runs 5] [--landing DIR]`: wall time of `npm start` on the starter
 * data as a user meets it: every run on a fresh lakehouse (nothing cached but the venv and Ivy), from
 * the npm command to its exit, with the runner's phases from its --report. Prints Markdown and JSON.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { starterData } from "../tests/local-run-support";
import { figure } from "./stats";

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf("--runs") + 1] ?? 5) || 5;
const root = join(__dirname, "..");
const landing = argv.includes("--landing") ? argv[argv.indexOf("--landing") + 1]! : starterData;

interface Report {
  sparkStartupSeconds: number;
  catalogSeconds: number;
  countingSeconds: number;
  totalSeconds: number;
  jobs: { name: string; seconds: number }[];
}

const samples: { wall: number; load: number; report: Report }[] = [];
for (let i = 0; i < runs; i++) {
  const lakehouse = mkdtempSync(join(tmpdir(), "bench-npm-start-"));
  const load = loadavg()[0]!;
  const t0 = performance.now();
  const result = spawnSync(
    "npm",
    ["start", "--", "--landing", landing, "--root", lakehouse, "--report", join(lakehouse, "r.json")],
    { cwd: root, encoding: "utf8" },
  );
  const wall = (performance.now() - t0) / 1000;
  if (result.status !== 0) throw new Error(`npm start failed:\n${result.stdout}\n${result.stderr}`);
  samples.push({ wall, load, report: JSON.parse(readFileSync(join(lakehouse, "r.json"), "utf8")) as Report });
  rmSync(lakehouse, { recursive: true, force: true });
  console.error(`run ${i + 1}: ${wall.toFixed(1)} s wall (1-minute load average before it: ${load.toFixed(1)})`);
}
const median = (pick: (r: Report) => number) => figure(samples.map((s) => pick(s.report))).median.toFixed(1);
const lines = [
  `| phase | seconds (median of ${runs}) |`,
  "|---|---:|",
  `| Spark start-up (JVM + session) | ${median((r) => r.sparkStartupSeconds)} |`,
  `| catalog (in memory, from pipeline.json) | ${median((r) => r.catalogSeconds)} |`,
  ...samples[0]!.report.jobs.map((job, j) => `| job \`${job.name}\` | ${median((r) => r.jobs[j]!.seconds)} |`),
  `| counting after the last job | ${median((r) => r.countingSeconds)} |`,
  `| runner total | ${median((r) => r.totalSeconds)} |`,
  `| **\`npm start\` wall** (npm, render check, venv check, runner) | **${figure(samples.map((s) => s.wall)).median.toFixed(1)}** |`,
];
console.log(lines.join("\n"));
console.log(
  JSON.stringify({ walls: samples.map((s) => +s.wall.toFixed(1)), loads: samples.map((s) => +s.load.toFixed(1)) }),
);
