/**
 * `npx tsx bench/glue-versions.ts [--runs N]`: `npm start` on each Glue version's local runtime (issue 20). For each
 * version, a project copy whose dev stack says `lakehouse:glueVersion: "<version>"` (so its scripts are rendered for
 * that version and run on its Spark, Python packages and data-quality engine): after one untimed run, N runs on the
 * starter data (wall seconds of the whole command, render included), then one untimed run at `--scale 10` (it makes
 * the synthetic data) and one timed one, of which the table gives the five jobs' seconds. Prints the BENCHMARKS.md
 * section; `npm run bench` writes it (`glueVersionsSection`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GLUE_VERSIONS, type GlueVersion } from "../src/cli/python-env";
import { TempDirs, starterData } from "../tests/local-run-support";
import { ProjectCopy } from "../tests/project-copy";
import { figure, loadAverage, type Figure } from "./stats";

interface Measured {
  readonly version: GlueVersion;
  readonly start: number[];
  readonly scaled: number[];
  readonly runtime: string;
}

function run(project: ProjectCopy, args: string[]): { seconds: number; jobs: number; output: string } {
  const report = join(project.root, "bench-report.json");
  const started = Date.now();
  const result = project.cli(["run", ...args, "--report", report]);
  const seconds = (Date.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(`run ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  const jobs = (JSON.parse(readFileSync(report, "utf8")) as { jobs: { seconds: number | null }[] }).jobs;
  return { seconds, jobs: jobs.reduce((sum, job) => sum + (job.seconds ?? 0), 0), output: result.stdout };
}

function measure(version: GlueVersion, runs: number, temp: TempDirs): Measured {
  const project = new ProjectCopy(temp.dir(`bench-glue-${version}`));
  const stackFile = project.read("Pulumi.dev.yaml");
  const pinned = /lakehouse:glueVersion: "[^"]+"/.exec(stackFile)?.[0];
  if (!pinned) throw new Error("Pulumi.dev.yaml has no lakehouse:glueVersion line to change");
  project.edit("Pulumi.dev.yaml", pinned, `lakehouse:glueVersion: "${version}"`);
  const starter = ["--landing", starterData, "--root", join(project.root, ".lakehouse", "starter")];
  const scaled = ["--scale", "10", "--root", join(project.root, ".lakehouse", "x10")];
  const first = run(project, starter);
  const runtime = /^Runtime: AWS Glue .*$/m.exec(first.output)?.[0] ?? `AWS Glue ${version}`;
  const start = Array.from({ length: runs }, () => run(project, starter).seconds);
  run(project, scaled);
  const jobs = [run(project, scaled).jobs];
  return { version, start, scaled: jobs, runtime };
}

/** The section of BENCHMARKS.md: every Glue version measured in one sitting, `runs` runs of each figure. */
export function glueVersionsSection(runs: number): string[] {
  if (!existsSync(starterData)) throw new Error(`The benchmark runs on the starter data, not found at ${starterData}`);
  const temp = new TempDirs();
  try {
    const began = `${new Date().toISOString().slice(0, 16)}Z, load average ${loadAverage()}`;
    const results = GLUE_VERSIONS.map((version) => measure(version, runs, temp));
    const f = (x: Figure) => `${x.median.toFixed(1)} (${x.min.toFixed(1)}–${x.max.toFixed(1)})`;
    return [
      "## Each Glue version's local runtime (issue 20)",
      "",
      "`bench/glue-versions.ts`: the dev stack (privacy standard) rendered for each Glue version and run on that",
      "version's local runtime. `npm start` on the starter data: wall seconds of the whole command (render, Python and",
      `Spark start-up, the five jobs, the report), median (min–max) of ${runs} after one untimed run. ×10: the five`,
      "jobs' seconds at `--scale 10` (1.1 million landing lines), one run after the run that made the data.",
      "",
      "| Glue version | runtime, as the run says at start-up | `npm start`, starter data, s | ×10, the five jobs, s |",
      "|---|---|---:|---:|",
      ...results.map(
        (r) =>
          `| ${r.version} | ${r.runtime.replace(/\|/g, "\\|")} | ${f(figure(r.start))} | ${r.scaled[0]!.toFixed(1)} |`,
      ),
      "",
      `Measured in one sitting: ${began} to ${new Date().toISOString().slice(11, 16)}Z, load average ${loadAverage()}.`,
      "",
    ];
  } finally {
    temp.removeAll();
  }
}

if (require.main === module) {
  const runsAt = process.argv.indexOf("--runs");
  console.log(glueVersionsSection(runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 5).join("\n"));
}
