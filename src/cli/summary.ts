/** A plain-text overview of a rendered stack: jobs in run order, tables by zone, lineage edges. */
import { ZONES } from "../dsl";
import { describeOptions, type RenderedPipeline } from "../render";

export function pipelineSummary(p: RenderedPipeline): string {
  const out: string[] = [];
  out.push(`Pipeline ${p.name}, stack ${p.stack} (${describeOptions(p.options)}, database ${p.database})`);
  out.push("");
  out.push("Jobs, in run order:");
  p.jobs.forEach((j, i) => {
    out.push(
      `  ${i + 1}. ${j.name}  (${j.reads.join(", ")} → ${j.writes.join(", ")})${j.upstreamJobs.length ? `  after ${j.upstreamJobs.join(", ")}` : ""}`,
    );
  });
  out.push("");
  out.push("Tables:");
  for (const zone of ZONES) {
    for (const t of p.tables.filter((x) => x.zone === zone)) {
      const cols = t.columns.map((c) => `${c.name} ${c.type}${c.tags?.includes("pii") ? " (pii)" : ""}`).join(", ");
      out.push(`  ${zone.padEnd(8)} ${t.name.padEnd(26)} ${t.format.padEnd(8)} s3://<data>/${t.prefix}`);
      out.push(`  ${"".padEnd(8)} ${"".padEnd(26)} ${cols}`);
    }
  }
  return out.join("\n");
}
