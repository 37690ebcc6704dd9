/**
 * The data diff's report (`npm run diff`): its JSON shape, written by runtime/lakehouse/data_diff.py and completed
 * here with the refs and the cost line, and its two readable forms, a terminal table and Markdown for a PR comment.
 * Pure functions of the report, so the Markdown has a golden test without Spark.
 */
import { WORKER_DPUS, type ExecutionClass, type JobSettings } from "../config/stack-config";

export const DIFF_REPORT_VERSION = 1;

export type Side<T> = { readonly base: T; readonly head: T };

export interface ColumnChange {
  readonly name: string;
  readonly type?: string;
  readonly pii?: boolean;
  readonly before?: string | boolean;
  readonly after?: string | boolean;
}

export interface TableDiff {
  readonly name: string;
  /** changed, unchanged, added or removed (the table exists on one side), or not compared (a job failed). */
  readonly status: "changed" | "unchanged" | "added" | "removed" | "not compared";
  readonly schema?: {
    readonly added: readonly ColumnChange[];
    readonly removed: readonly ColumnChange[];
    readonly retyped: readonly ColumnChange[];
    readonly piiChanged: readonly ColumnChange[];
  };
  readonly rows?: Side<number | null>;
  readonly key?: { readonly columns: readonly string[]; readonly source: "declared" | "--key" };
  readonly keyNote?: string;
  readonly note?: string;
  readonly diff?: {
    readonly method: "key" | "rowHash";
    readonly added: number;
    readonly removed: number;
    readonly changed?: number;
    readonly changedColumns?: Readonly<Record<string, number>>;
  };
  readonly examples?: {
    readonly added: readonly Record<string, unknown>[];
    readonly removed: readonly Record<string, unknown>[];
    readonly changed?: readonly { key: Record<string, unknown>; changes: Record<string, [unknown, unknown]> }[];
  };
  readonly masked?: readonly string[];
  readonly rejected?: Side<number | null>;
  readonly quarantined?: Side<number | null>;
  /** A table the affected jobs read but do not write, listed for its rejected or quarantined counts. */
  readonly rowsNotRecomputed?: boolean;
}

export interface QualityChange {
  readonly job: string;
  readonly node: string;
  readonly table: string | null;
  readonly rule: Side<string | null>;
  readonly outcome: Side<string | null>;
  readonly failedRows: Side<number | null>;
}

export interface JobResult {
  readonly name: string;
  readonly seconds: number | null;
  readonly status: string;
  readonly error?: { readonly node: string; readonly message: string };
}

export interface CostReport {
  readonly changed: boolean;
  readonly lines: readonly string[];
}

export interface DiffReport {
  readonly version: number;
  readonly stack: string;
  readonly base: { readonly ref: string; readonly commit: string };
  readonly head: { readonly ref: string };
  readonly landing: string;
  /** The base side's tables and outcomes came from an earlier diff's run (same scripts, landing data, runtime). */
  readonly baseCached: boolean;
  readonly jobs: {
    readonly changed: readonly string[];
    readonly rerun: readonly string[];
    readonly shared: readonly string[];
    readonly results: {
      readonly shared: readonly JobResult[];
      readonly base: readonly JobResult[];
      readonly head: readonly JobResult[];
    };
  };
  readonly tables: readonly TableDiff[];
  /** Tables no changed job touches, directly or downstream: unchanged by construction, not re-run. */
  readonly notRerun: readonly string[];
  readonly quality: readonly QualityChange[];
  readonly cost: CostReport;
  readonly sparkStartupSeconds?: number;
  readonly totalSeconds?: number;
}

/** The list prices the README's cost formula uses (docs/operations/deploy.md, "What a run costs"), per DPU-hour. */
export const PRICE_PER_DPU_HOUR: Readonly<Record<ExecutionClass, number>> = { STANDARD: 0.44, FLEX: 0.29 };

type CostSettings = Pick<JobSettings, "workerType" | "numberOfWorkers" | "executionClass" | "timeoutMinutes">;

const perJobMinute = (s: CostSettings) =>
  (s.numberOfWorkers * WORKER_DPUS[s.workerType] * PRICE_PER_DPU_HOUR[s.executionClass]) / 60;
const money = (dollars: number) => `$${dollars.toFixed(4)}`;
const describe = (s: CostSettings) =>
  `${s.numberOfWorkers} × ${s.workerType} (${s.numberOfWorkers * WORKER_DPUS[s.workerType]} DPU), ${s.executionClass}, ` +
  `timeout ${s.timeoutMinutes} min`;

/**
 * What the change does to one run's Glue cost, from the stack's job settings on each side and the number of jobs.
 * A local run cannot know a job's minutes on Glue, so the line gives the price of a job-minute and the most a job run
 * can cost (at its timeout); a job added or removed adds or removes at least Glue's 1-minute minimum.
 */
export function costLine(base: CostSettings, head: CostSettings, jobs: Side<number>): CostReport {
  const keys = ["workerType", "numberOfWorkers", "executionClass", "timeoutMinutes"] as const;
  const settingsChanged = keys.some((k) => base[k] !== head[k]);
  const lines: string[] = [];
  if (settingsChanged) {
    lines.push(`Job settings: ${describe(base)} → ${describe(head)}.`);
    lines.push(
      `Per job-minute: ${money(perJobMinute(base))} → ${money(perJobMinute(head))}; at most per job run (its timeout): ` +
        `${money(perJobMinute(base) * base.timeoutMinutes)} → ${money(perJobMinute(head) * head.timeoutMinutes)}.`,
    );
  }
  if (jobs.base !== jobs.head) {
    const more = jobs.head > jobs.base;
    lines.push(
      `${Math.abs(jobs.head - jobs.base)} job(s) ${more ? "added" : "removed"}: each ${more ? "adds" : "saves"} at least ` +
        `Glue's 1-minute minimum, ${money(perJobMinute(more ? head : base))}, to a workflow run.`,
    );
  }
  if (!lines.length)
    lines.push(
      "Job settings unchanged (workers, worker type, execution class, timeout) and as many jobs: a run costs what it " +
        "did, give or take its run time, which a local run cannot measure.",
    );
  else
    lines.push(
      `Formula: workers × DPU per worker × run minutes / 60 × price per DPU-hour (list prices $0.44 STANDARD, $0.29 FLEX, ` +
        "us-east-1; docs/operations/deploy.md). Run minutes on Glue are not known locally.",
    );
  return { changed: settingsChanged || jobs.base !== jobs.head, lines };
}

const n = (value: number | null | undefined) =>
  value === null || value === undefined ? "-" : value.toLocaleString("en-US");
const delta = (side: Side<number | null> | undefined) => (side ? `${n(side.base)} → ${n(side.head)}` : "");

function schemaLines(t: TableDiff): string[] {
  if (!t.schema) return [];
  const tag = (c: ColumnChange) => `${c.name} ${c.type ?? ""}${c.pii ? " (pii)" : ""}`.trim();
  return [
    ...t.schema.added.map((c) => `column added: ${tag(c)}`),
    ...t.schema.removed.map((c) => `column removed: ${tag(c)}`),
    ...t.schema.retyped.map((c) => `column retyped: ${c.name} ${String(c.before)} → ${String(c.after)}`),
    ...t.schema.piiChanged.map((c) => `PII tag ${c.after ? "added to" : "removed from"} column ${c.name}`),
  ];
}

function rowLine(t: TableDiff): string {
  if (!t.diff) return "";
  const changed = t.diff.method === "key" ? `, ${n(t.diff.changed)} changed` : "";
  const how = t.diff.method === "key" ? `matched on ${t.key?.columns.join(", ")} (${t.key?.source})` : "by row hash";
  return `+${n(t.diff.added)} added, -${n(t.diff.removed)} removed${changed} (${how})`;
}

function columnLine(t: TableDiff): string {
  const columns = Object.entries(t.diff?.changedColumns ?? {});
  return columns.length ? `changed per column: ${columns.map(([c, k]) => `${c} ${n(k)}`).join(", ")}` : "";
}

const cell = (value: unknown) =>
  value === null || value === undefined ? "NULL" : typeof value === "string" ? value : JSON.stringify(value);

function exampleLines(t: TableDiff): string[] {
  const ex = t.examples;
  if (!ex) return [];
  const row = (r: Record<string, unknown>) =>
    Object.entries(r)
      .map(([c, v]) => `${c}=${cell(v)}`)
      .join(", ");
  return [
    ...ex.added.map((r) => `added: ${row(r)}`),
    ...ex.removed.map((r) => `removed: ${row(r)}`),
    ...(ex.changed ?? []).map(
      (r) =>
        `changed ${row(r.key)}: ${Object.entries(r.changes)
          .map(([c, [b, h]]) => `${c} ${cell(b)} → ${cell(h)}`)
          .join(", ")}`,
    ),
  ];
}

function countsLines(t: TableDiff): string[] {
  return [
    ...(t.rejected ? [`rejected lines ${delta(t.rejected)}`] : []),
    ...(t.quarantined ? [`quarantined rows ${delta(t.quarantined)}`] : []),
  ];
}

function qualityLine(q: QualityChange): string {
  const rule = q.rule.base === q.rule.head ? q.rule.head : `${q.rule.base ?? "(none)"} → ${q.rule.head ?? "(none)"}`;
  return (
    `${q.job} / ${q.node}: ${rule}: ${q.outcome.base ?? "not evaluated"} → ${q.outcome.head ?? "not evaluated"}` +
    ` (failing rows ${n(q.failedRows.base)} → ${n(q.failedRows.head)})`
  );
}

function failedJobs(r: DiffReport): string[] {
  return (["base", "head"] as const).flatMap((side) =>
    r.jobs.results[side]
      .filter((j) => j.status === "failed")
      .map((j) => `${side}: job ${j.name} failed at node "${j.error?.node ?? "?"}": ${j.error?.message ?? ""}`),
  );
}

/** The report for a terminal: one block per table, then data quality, cost and the tables not re-run. */
export function terminalReport(r: DiffReport): string {
  const out = [
    `Data diff of stack ${r.stack}: ${r.base.ref} (${r.base.commit.slice(0, 12)}) → ${r.head.ref}`,
    `Landing data: ${r.landing}`,
  ];
  if (!r.jobs.changed.length) return [...out, "No job changed: the pipeline's data is the same."].join("\n");
  out.push(`Changed jobs: ${r.jobs.changed.join(", ")}`, `Re-run on both sides: ${r.jobs.rerun.join(", ")}`);
  out.push(`Shared upstream (run once): ${r.jobs.shared.join(", ") || "none"}`, ...failedJobs(r));
  if (r.baseCached) out.push("Base side: from the cache of an earlier diff (same base scripts, landing data, runtime)");
  out.push("");
  const width = Math.max(5, ...r.tables.map((t) => t.name.length));
  out.push(`${"table".padEnd(width)}  ${"status".padEnd(12)}  rows`);
  for (const t of r.tables) {
    out.push(
      `${t.name.padEnd(width)}  ${t.status.padEnd(12)}  ${t.rowsNotRecomputed ? "(not recomputed)" : delta(t.rows)}`,
    );
    const details = [t.note ?? "", ...schemaLines(t), rowLine(t), columnLine(t), t.keyNote ?? "", ...countsLines(t)];
    for (const line of [...details, ...exampleLines(t)].filter(Boolean)) out.push(`${" ".repeat(width + 2)}${line}`);
  }
  out.push(
    "",
    "Data quality:",
    ...(r.quality.length ? r.quality.map((q) => `  ${qualityLine(q)}`) : ["  no outcome changed"]),
  );
  out.push("", "Cost:", ...r.cost.lines.map((l) => `  ${l}`));
  out.push("", `Unchanged, not re-run: ${r.notRerun.join(", ") || "none"}`);
  return out.join("\n");
}

const md = (text: string) => text.replace(/\|/g, "\\|");

/** The report as Markdown for a pull-request comment (deterministic: no timings). */
export function markdownReport(r: DiffReport): string {
  const out = [`### Data diff: stack \`${r.stack}\``, ""];
  out.push(
    `Base \`${r.base.ref}\` (\`${r.base.commit.slice(0, 12)}\`) → ${r.head.ref}, landing data: ${md(r.landing)}.`,
    "",
  );
  if (!r.jobs.changed.length) return [...out, "No job changed: the pipeline's data is the same."].join("\n") + "\n";
  out.push(`- Changed jobs: ${r.jobs.changed.map((j) => `\`${j}\``).join(", ")}`);
  out.push(`- Re-run on both sides: ${r.jobs.rerun.map((j) => `\`${j}\``).join(", ")}`);
  out.push(`- Shared upstream, run once: ${r.jobs.shared.map((j) => `\`${j}\``).join(", ") || "none"}`);
  for (const f of failedJobs(r)) out.push(`- ⚠️ ${md(f)}`);
  out.push("", "| table | status | rows | added | removed | changed | schema |", "|---|---|---|---|---|---|---|");
  for (const t of r.tables) {
    const rows = t.rowsNotRecomputed ? "not recomputed" : delta(t.rows);
    const d = t.diff;
    out.push(
      `| \`${t.name}\` | ${t.status} | ${rows} | ${d ? n(d.added) : ""} | ${d ? n(d.removed) : ""} | ` +
        `${d?.method === "key" ? n(d.changed) : d ? "n/a (no key)" : ""} | ${md(schemaLines(t).join("; "))} |`,
    );
  }
  const detailed = r.tables.filter((t) => t.status !== "unchanged");
  for (const t of detailed) {
    const lines = [t.note ?? "", rowLine(t), columnLine(t), t.keyNote ?? "", ...countsLines(t)].filter(Boolean);
    const examples = exampleLines(t);
    if (!lines.length && !examples.length) continue;
    out.push("", `<details><summary><code>${t.name}</code></summary>`, "");
    out.push(...lines.map((l) => `- ${md(l)}`));
    if (examples.length) {
      const masked = t.masked?.length ? ` (PII masked: ${t.masked.join(", ")})` : "";
      out.push("", `Examples${masked}:`, "", "```", ...examples, "```");
    }
    out.push("", "</details>");
  }
  out.push("", "**Data quality**", "");
  out.push(...(r.quality.length ? r.quality.map((q) => `- ${md(qualityLine(q))}`) : ["No outcome changed."]));
  out.push("", "**Cost**", "", ...r.cost.lines.map((l) => `- ${md(l)}`));
  out.push("", `**Unchanged, not re-run:** ${r.notRerun.map((t) => `\`${t}\``).join(", ") || "none"}`);
  return out.join("\n") + "\n";
}
