/**
 * `npx tsx bench/dev-loop.ts [--edits N] [--landing DIR]`: watch mode's save-to-counts time. Starts
 * `npm run dev` on a copy of the project (starter data when there, else synthetic), then makes N
 * one-line edits to a job's DSL file (`scriptChangingEdit` in tests/local-run-support.ts), alternating two
 * versions, and reads the "Counts on screen Xs after the save" line of each. Prints the median, min and max as JSON.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scriptChangingEdit, starterData } from "../tests/local-run-support";
import { ProjectCopy, RunningCommand } from "../tests/project-copy";
import { figure } from "./stats";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const edits = Number(argv[argv.indexOf("--edits") + 1] ?? 5) || 5;
  const landing = argv.includes("--landing")
    ? argv[argv.indexOf("--landing") + 1]!
    : existsSync(starterData)
      ? starterData
      : undefined;
  const dir = mkdtempSync(join(tmpdir(), "bench-dev-loop-"));
  const project = new ProjectCopy(join(dir, "project"));
  const dev = new RunningCommand(project, [
    "dev",
    ...(landing ? ["--landing", landing] : []),
    "--root",
    join(dir, "lakehouse"),
  ]);
  const { file, before, after } = scriptChangingEdit;
  const samples: number[] = [];
  try {
    await dev.waitFor(/Watching jobs\/ for changes/);
    for (let i = 0; i < edits; i++) {
      const mark = dev.output.length;
      project.edit(file, i % 2 === 0 ? before : after, i % 2 === 0 ? after : before);
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
