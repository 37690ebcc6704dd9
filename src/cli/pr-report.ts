/**
 * The one pull-request comment of `.github/workflows/preview.yml` (its `report` job): the jobs whose scripts changed,
 * the data-quality outcomes that changed, the data diff and each stack's `pulumi preview`, composed from the artifacts
 * the `data-diff` and `preview` jobs upload. `composePrReport` is a pure function of those artifacts, so the comment
 * has golden tests (tests/pr-report.spec.ts); `prReportCommand` only reads the artifacts and writes the body, and the
 * workflow's github-script step posts it, or edits the comment that holds `PR_REPORT_MARKER`.
 *
 *   tsx src/cli/main.ts pr-report --artifacts DIR --stacks dev,prod --preview-configured true|false
 *     --preview-result R --data-diff-result R --commit SHA --run-url URL --out FILE
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DiffReport, QualityChange } from "./diff-report";

/** Hidden in the comment's first line; the workflow edits the comment of github-actions[bot] that holds it. */
export const PR_REPORT_MARKER = "<!-- stedi-lakehouse:pr-report -->";
/** GitHub refuses a comment body longer than this ("Body is too long (maximum is 65536 characters)"). */
export const GITHUB_COMMENT_LIMIT = 65_536;
/**
 * What the composer stays under, in UTF-16 code units (never fewer than GitHub's characters): the margin keeps an
 * edit by hand, or a line GitHub normalises, from tipping the comment over the limit.
 */
export const COMMENT_BUDGET = 64_000;
/** The data diff's own words for a pull request that changes no job (src/cli/diff-report.ts). */
export const NO_JOB_CHANGED = "No job changed: the pipeline's data is the same.";

/** One stack's preview as its job left it; absent when the job uploaded nothing (it did not run, or was cancelled). */
export interface StackPreview {
  readonly stack: string;
  /** The pulumi/actions step's outcome: success, failure, cancelled or skipped. */
  readonly outcome: string;
  /** The action's `output` (the preview's text); null when the step failed before setting it. */
  readonly output: string | null;
}

export interface PrReportInput {
  /** The commit the workflow ran on (the pull request's head). */
  readonly commit: string;
  readonly runUrl: string;
  readonly preview: {
    /** The repository variable AWS_PREVIEW_ROLE_ARN is set: without it the preview jobs are skipped by design. */
    readonly configured: boolean;
    /** `needs.preview.result`: the matrix's overall result. */
    readonly result: string;
    /** The stacks the preview matrix runs, in its order. */
    readonly stacks: readonly string[];
    readonly outputs: readonly StackPreview[];
  };
  readonly dataDiff: {
    /** `needs.data-diff.result`. */
    readonly result: string;
    /** The `data-diff` artifact; absent when the diff did not finish. */
    readonly report?: DiffReport;
    readonly markdown?: string;
  };
}

/** The headline lists this many data-quality changes at most, so that it always fits; the data diff has them all. */
const QUALITY_LINES = 20;

const code = (name: string) => `\`${name}\``;
const names = (list: readonly string[]) => list.map(code).join(", ");
// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");

/** A change of a data-quality outcome in one line, as the data diff words it. */
function qualityLine(q: QualityChange): string {
  const rule = q.rule.base === q.rule.head ? q.rule.head : `${q.rule.base ?? "(none)"} → ${q.rule.head ?? "(none)"}`;
  const count = (v: number | null) => (v === null ? "-" : v.toLocaleString("en-US"));
  return (
    `${code(q.job)} / ${q.node}: ${rule}: **${q.outcome.base ?? "not evaluated"} → ${q.outcome.head ?? "not evaluated"}**` +
    ` (failing rows ${count(q.failedRows.base)} → ${count(q.failedRows.head)})`
  );
}

/** The counts under "Resources:" at the end of a preview, e.g. "+ 1 to create, ~ 2 to update, 40 unchanged". */
export function resourceSummary(output: string): string | undefined {
  const lines = stripAnsi(output).split("\n");
  const start = lines.findIndex((l) => l.trim() === "Resources:");
  if (start < 0) return undefined;
  const counts: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!/^\s+\S/.test(line)) break;
    counts.push(line.trim());
  }
  return counts.length ? counts.join(", ") : undefined;
}

/** A part of the comment that may be cut to fit: its text, and how to close it when cut (a fence, `<details>`). */
interface Cuttable {
  readonly text: string;
  /** What follows the whole text: the Markdown that closes what `before` opened. */
  readonly end: string;
  /** What follows a cut: the Markdown that closes what the kept lines opened, and a note on where the rest is. */
  readonly closing: (kept: string) => string;
}

/** The longest prefix of whole lines of `part`, with its closing, of at most `max` characters; all of it if it fits. */
function cut(part: Cuttable, max: number): string {
  if (part.text.length + part.end.length <= max) return part.text + part.end;
  const lines = part.text.split("\n");
  let kept = "";
  for (const line of lines) {
    const next = kept + line + "\n";
    if (next.length + part.closing(next).length > max) break;
    kept = next;
  }
  return kept + part.closing(kept);
}

/** What the kept lines of a cut Markdown leave open: a code fence, `<details>` blocks. */
function closeMarkdown(kept: string): string {
  const lines = kept.split("\n");
  const fences = lines.filter((l) => /^```/.test(l)).length;
  const open =
    lines.filter((l) => l.includes("<details>")).length - lines.filter((l) => l.includes("</details>")).length;
  return (fences % 2 ? "```\n" : "") + "\n</details>\n".repeat(Math.max(0, open));
}

/** A fence that no line of `text` can close: one backtick more than the longest run at a line's start. */
function fenceFor(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/^(`+)/gm)].map((m) => m[1]!.length));
  return "`".repeat(longest + 1);
}

function jobsSection(input: PrReportInput): string[] {
  const { report, result } = input.dataDiff;
  if (!report)
    return [
      `**Jobs whose scripts changed:** not known: the data diff did not finish (job ${code("data-diff")}: ${result}). ` +
        `Its log is in [the workflow run](${input.runUrl}); \`npm run diff\` shows the same locally.`,
    ];
  if (!report.jobs.changed.length) return [NO_JOB_CHANGED];
  const downstream = report.jobs.rerun.filter((j) => !report.jobs.changed.includes(j));
  const lines = [
    `**Jobs whose scripts changed** (stack ${code(report.stack)}): ${names(report.jobs.changed)}` +
      (downstream.length ? `; re-run downstream: ${names(downstream)}.` : "."),
    "",
    `**Data quality:** ${report.quality.length ? `${report.quality.length} outcome(s) changed` : "no outcome changed"}.`,
  ];
  const shown = report.quality.slice(0, QUALITY_LINES);
  if (shown.length) lines.push("", ...shown.map((q) => `- ${qualityLine(q)}`));
  if (report.quality.length > shown.length)
    lines.push(`- and ${report.quality.length - shown.length} more, in the data diff below.`);
  return lines;
}

function previewHeadline(input: PrReportInput): string {
  const { preview } = input;
  if (!preview.configured)
    return (
      "**Pulumi preview:** did not run: the repository variable `AWS_PREVIEW_ROLE_ARN` is not set. Set it to " +
      "bootstrap/'s output `previewRoleArn` (docs/operations/bootstrap.md) to see each stack's preview here."
    );
  const perStack = preview.stacks.map((stack) => {
    const got = preview.outputs.find((p) => p.stack === stack);
    if (!got) return `${code(stack)}: no preview (the preview jobs' result: ${preview.result})`;
    if (got.outcome !== "success") return `${code(stack)}: **${got.outcome}**, see its job's log`;
    return `${code(stack)}: ${(got.output && resourceSummary(got.output)) ?? "done, see below"}`;
  });
  return `**Pulumi preview:** ${perStack.join(" · ")}.`;
}

/** The body of the comment: always under `budget`, cutting the data diff and the previews' text when it must. */
export function composePrReport(input: PrReportInput, budget: number = COMMENT_BUDGET): string {
  const short = input.commit.slice(0, 12);
  const head = [
    PR_REPORT_MARKER,
    "## What this pull request does to the lakehouse",
    "",
    `For commit \`${short}\`, from [this workflow run](${input.runUrl}); edited on every push.`,
    "",
    ...jobsSection(input),
    "",
    previewHeadline(input),
    "",
  ].join("\n");

  const more = (what: string) => (kept: string, rest: string) =>
    `\n_… cut to fit GitHub's comment limit after ${kept.split("\n").length - 1} of ${rest.split("\n").length} ` +
    `lines. ${what} is in [the run's summary](${input.runUrl})._\n`;
  const parts: { before: string; part?: Cuttable }[] = [];
  const { report, markdown } = input.dataDiff;
  if (report?.jobs.changed.length && markdown) {
    const note = more("The whole data diff (and the artifact `data-diff`)");
    parts.push({
      before: "---\n\n",
      part: { text: markdown, end: "", closing: (kept) => closeMarkdown(kept) + note(kept, markdown) },
    });
  }
  if (input.preview.configured)
    for (const stack of input.preview.stacks) {
      const got = input.preview.outputs.find((p) => p.stack === stack);
      const text = got?.output ? stripAnsi(got.output).replace(/\s+$/, "") + "\n" : "";
      const title = `<details><summary><code>pulumi preview --diff</code> of <code>${stack}</code></summary>\n\n`;
      if (!text) {
        const why = got
          ? `The preview step ended **${got.outcome}** without output: its job's log in [the run](${input.runUrl}) says why.`
          : `No output: the job uploaded none (the preview jobs' result: ${input.preview.result}).`;
        parts.push({ before: `### Pulumi preview: ${code(stack)}\n\n${why}\n` });
        continue;
      }
      const fence = fenceFor(text);
      const note = more(`The whole preview (and the artifact \`preview-${stack}\`)`);
      parts.push({
        before: `### Pulumi preview: ${code(stack)}\n\n${title}${fence}\n`,
        part: {
          text,
          end: `${fence}\n\n</details>\n`,
          closing: (kept) => `${fence}\n\n</details>\n${note(kept, text)}`,
        },
      });
    }

  const assemble = (texts: readonly string[]) => head + parts.map((p, i) => `\n${p.before}${texts[i] ?? ""}`).join("");
  const whole = assemble(parts.map((p) => (p.part ? p.part.text + p.part.end : "")));
  if (whole.length <= budget) return whole;

  // Share what the fixed text leaves between the cuttable parts: the short ones whole, the rest equal shares.
  const fixed = assemble(parts.map(() => "")).length;
  const wanted = parts
    .map((p, i) => ({ i, length: p.part ? p.part.text.length + p.part.end.length : 0 }))
    .sort((a, b) => a.length - b.length);
  const shares = new Array<number>(parts.length).fill(0);
  let left = Math.max(0, budget - fixed);
  wanted.forEach(({ i, length }, k) => {
    shares[i] = Math.min(length, Math.floor(left / (wanted.length - k)));
    left -= shares[i]!;
  });
  const body = assemble(parts.map((p, i) => (p.part ? cut(p.part, shares[i]!) : "")));
  if (body.length > budget)
    throw new Error(
      `pr-report: the comment's fixed text alone is ${fixed} characters, over the budget of ${budget}: ` +
        "shorten the headline (too many changed jobs or data-quality lines?) in src/cli/pr-report.ts.",
    );
  return body;
}

export class PrReportError extends Error {}

const USAGE =
  "tsx src/cli/main.ts pr-report --artifacts DIR --stacks dev,prod --preview-configured true|false " +
  "--preview-result R --data-diff-result R --commit SHA --run-url URL --out FILE";

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (error) {
    throw new PrReportError(
      `${file} (${what}) is not valid JSON: ${(error as Error).message}. Check the step of preview.yml that wrote it.`,
    );
  }
}

/** Reads the artifacts downloaded into one folder (`preview-<stack>.json`, `data-diff.json`/`.md`). */
export function readArtifacts(dir: string, stacks: readonly string[]) {
  const outputs: StackPreview[] = [];
  for (const stack of stacks) {
    const file = join(dir, `preview-${stack}.json`);
    if (!existsSync(file)) continue;
    const got = readJson<Partial<StackPreview>>(file, `the preview of ${stack}`);
    if (got.stack !== stack || typeof got.outcome !== "string")
      throw new PrReportError(
        `${file}: expected {"stack": "${stack}", "outcome": "...", "output": "..."}, got keys ` +
          `${Object.keys(got).join(", ")}. Check the preview job's step that writes it in preview.yml.`,
      );
    outputs.push({ stack, outcome: got.outcome, output: typeof got.output === "string" ? got.output : null });
  }
  const json = join(dir, "data-diff.json");
  const md = join(dir, "data-diff.md");
  const dataDiff =
    existsSync(json) && existsSync(md)
      ? { report: readJson<DiffReport>(json, "the data diff"), markdown: readFileSync(md, "utf8") }
      : {};
  return { outputs, dataDiff };
}

export function prReportCommand(argv: readonly string[]): number {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (!flag.startsWith("--") || value === undefined) {
      console.error(`pr-report: ${flag} needs a value. Usage: ${USAGE}`);
      return 2;
    }
    flags[flag.slice(2)] = value;
  }
  const required = [
    "artifacts",
    "stacks",
    "preview-configured",
    "preview-result",
    "data-diff-result",
    "commit",
    "run-url",
    "out",
  ];
  const missing = required.filter((k) => flags[k] === undefined);
  const unknown = Object.keys(flags).filter((k) => !required.includes(k));
  if (missing.length || unknown.length) {
    console.error(
      `pr-report: ${missing.length ? `missing --${missing.join(", --")}` : ""}` +
        `${unknown.length ? ` unknown --${unknown.join(", --")}` : ""}. Usage: ${USAGE}`,
    );
    return 2;
  }
  if (!["true", "false"].includes(flags["preview-configured"]!)) {
    console.error(
      `pr-report: --preview-configured is "${flags["preview-configured"]}"; give true or false. Usage: ${USAGE}`,
    );
    return 2;
  }
  try {
    const stacks = flags.stacks!.split(",").filter(Boolean);
    const { outputs, dataDiff } = readArtifacts(flags.artifacts!, stacks);
    const body = composePrReport({
      commit: flags.commit!,
      runUrl: flags["run-url"]!,
      preview: {
        configured: flags["preview-configured"] === "true",
        result: flags["preview-result"]!,
        stacks,
        outputs,
      },
      dataDiff: { result: flags["data-diff-result"]!, ...dataDiff },
    });
    writeFileSync(flags.out!, body);
    console.log(`pr-report: wrote ${flags.out} (${body.length} characters, limit ${GITHUB_COMMENT_LIMIT}).`);
    return 0;
  } catch (error) {
    if (error instanceof PrReportError) {
      console.error(`pr-report: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
