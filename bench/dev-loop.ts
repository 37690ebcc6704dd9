/**
 * `npx tsx bench/dev-loop.ts [--edits N] [--landing DIR]`: watch mode's save-to-counts time. Starts
 * `npm run dev` on a copy of the project (starter data when there, else synthetic), then makes N
 * one-line edits to jobs/stedi/machine_learning_curated.ts, alternating two versions, and reads the
 * "Counts on screen Xs after the save" line of each. Prints the median, min and max as JSON.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProjectCopy, RunningCommand } from "../tests/project-copy";
import { figure } from "./stats";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const edits = Number(argv[argv.indexOf("--edits") + 1] ?? 5) || 5;
  const starter = join(__dirname, "..", "..", "shared", "stedi");
  const landing = argv.includes("--landing")
    ? argv[argv.indexOf("--landing") + 1]!
    : existsSync(starter)
      ? starter
      : undefined;
  const dir = mkdtempSync(join(tmpdir(), "stedi-dev-bench-"));
  const project = new ProjectCopy(join(dir, "project"));
  const dev = new RunningCommand(project, [
    "dev",
    ...(landing ? ["--landing", landing] : []),
    "--root",
    join(dir, "lakehouse"),
  ]);
  const file = "jobs/stedi/machine_learning_curated.ts";
  const samples: number[] = [];
  try {
    await dev.waitFor(/Watching jobs\/ for changes/);
    for (let i = 0; i < edits; i++) {
      const mark = dev.output.length;
      // A one-line change that changes the rendered script: the join's node name.
      project.edit(
        file,
        i % 2 === 0 ? '"Readings At The Same Time"' : '"Readings At The Same Moment"',
        i % 2 === 0 ? '"Readings At The Same Moment"' : '"Readings At The Same Time"',
      );
      const out = await dev.waitFor(/Counts on screen ([\d.]+)s after the save\.[\s\S]*Watching jobs/, mark);
      samples.push(Number(/Counts on screen ([\d.]+)s/.exec(out)![1]));
    }
  } finally {
    await dev.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ landing: landing ?? "synthetic", edits, samples, seconds: figure(samples) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
