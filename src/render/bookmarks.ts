/**
 * Whether a job may run with Glue job bookmarks, and if not, why. Bookmarks only help when Glue really
 * tracks what a job has read: a `from_catalog` (or `from_options`) S3 read with a `transformation_ctx`
 * ("Tracking processed data using job bookmarks", AWS Glue docs). They do not track
 * - landing and `s3Json` reads: the scripts read those with `spark.read.text` (to keep rejected lines),
 *   which bookmarks never see, so every run would re-read and re-append everything;
 * - a catalog read of a table its producer overwrites: every run of the producer rewrites every file,
 *   so every file is new to the bookmark and the job re-appends the whole table;
 * and a job that overwrites its own output must see all of its input, not just the new part. A table format may
 * rule bookmarks out (its module's `bookmarkBlocker`: Iceberg, whose incremental jobs keep their own record).
 * The job's reads and writes come from its nodes' declared I/O (`tables` in src/nodes/kind.ts).
 * Pure: the renderer records the verdict in RenderedJob, infra turns it into `--job-bookmark-option`,
 * and the lineage page shows it. See docs/decisions/render-overwrite-and-catalog.md.
 */
import type { ValidatedJob, ValidatedPipeline } from "../compiler/validate";
import { tableFormat } from "../table-formats";

// Computed once per pipeline, not once per job: over every job it would make rendering quadratic.
const sinkModesCache = new WeakMap<readonly ValidatedJob[], ReadonlyMap<string, string>>();

function sinkModesOf(jobs: readonly ValidatedJob[]): ReadonlyMap<string, string> {
  let modes = sinkModesCache.get(jobs);
  if (!modes) {
    const m = new Map<string, string>();
    for (const j of jobs) for (const n of j.nodes) for (const w of n.io.writes) m.set(w.table, w.mode);
    sinkModesCache.set(jobs, (modes = m));
  }
  return modes;
}

/** Why the job must run without bookmarks: one line per reason, empty when bookmarks are safe. */
export function bookmarkBlockers(job: ValidatedJob, pipeline: Pick<ValidatedPipeline, "tables" | "jobs">): string[] {
  const reasons: string[] = [];
  const sinkModes = sinkModesOf(pipeline.jobs);

  for (const table of [...job.reads, ...job.writes]) {
    const format = pipeline.tables.get(table)?.def.format;
    const blocker = format === undefined ? null : tableFormat(format).bookmarkBlocker;
    if (blocker) reasons.push(blocker(table));
  }
  for (const { io } of job.nodes) {
    for (const w of io.writes)
      if (w.mode === "overwrite") reasons.push(`overwrites ${w.table}, so it must read all of its input`);
    for (const path of io.files) reasons.push(`reads ${path} with spark.read, which bookmarks do not track`);
    for (const read of io.reads) {
      const table = pipeline.tables.get(read);
      if (table === undefined) continue;
      if (table.def.zone === "landing")
        reasons.push(`reads landing table ${read} with spark.read, which bookmarks do not track`);
      else if (sinkModes.get(read) !== "append")
        reasons.push(`reads ${read}, which its producer overwrites, so every file is new to a bookmark`);
    }
  }
  return [...new Set(reasons)];
}
