/**
 * The one pull-request comment of preview.yml's `report` job (src/cli/pr-report.ts), composed from the artifacts the
 * data-diff and preview jobs upload. Golden files in tests/golden/pr-report-*.md (UPDATE_GOLDEN=1 accepts a deliberate
 * change): a change with its data diff and both previews, a pull request that changes no job, previews that did not
 * run or failed, and a long diff cut to fit. No Spark: the data diff's report is a fixture, its Markdown the data
 * diff's own renderer's. The preview texts in tests/fixtures/pr-report/ are written in pulumi preview's layout.
 */
import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { costLine, markdownReport, type DiffReport, type TableDiff } from "../src/cli/diff-report";
import {
  COMMENT_BUDGET,
  composePrReport,
  GITHUB_COMMENT_LIMIT,
  NO_JOB_CHANGED,
  PR_REPORT_MARKER,
  prReportCommand,
  resourceSummary,
  type PrReportInput,
} from "../src/cli/pr-report";

const GOLDEN = join(__dirname, "golden");
const FIXTURES = join(__dirname, "fixtures", "pr-report");
const RUN_URL = "https://github.com/example/stedi-lakehouse/actions/runs/123456789";
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const previewText = (stack: string) => readFileSync(join(FIXTURES, `preview-${stack}.txt`), "utf8");

const SETTINGS = { workerType: "G.1X", numberOfWorkers: 2, executionClass: "STANDARD", timeoutMinutes: 10 } as const;

function customerTrusted(): TableDiff {
  return {
    name: "customer_trusted",
    status: "changed",
    schema: { added: [], removed: [], retyped: [], piiChanged: [] },
    rows: { base: 482, head: 491 },
    key: { columns: ["serialnumber"], source: "declared" },
    diff: { method: "key", added: 251, removed: 242, changed: 1, changedColumns: { email: 1 } },
    examples: {
      added: [{ serialnumber: "[masked]", registrationdate: 1655564150044, email: "[masked]" }],
      removed: [{ serialnumber: "[masked]", registrationdate: 1655564406068, email: "[masked]" }],
      changed: [{ key: { serialnumber: "[masked]" }, changes: { email: ["[masked]", "[masked]"] } }],
    },
    masked: ["email", "serialnumber"],
  };
}

/** The data diff of a change to the first job, shaped as `npm run diff --json` writes it. */
function changedReport(tables: readonly TableDiff[] = [customerTrusted()]): DiffReport {
  return {
    version: 1,
    stack: "dev",
    base: { ref: "origin/main", commit: "f".repeat(40) },
    head: { ref: "working tree" },
    landing: "../shared/stedi",
    baseCached: true,
    jobs: {
      changed: ["customer_landing_to_trusted"],
      rerun: ["customer_landing_to_trusted", "customer_trusted_to_curated", "machine_learning_curated"],
      shared: [],
      results: { shared: [], base: [], head: [] },
    },
    tables,
    notRerun: ["accelerometer_trusted", "step_trainer_trusted"],
    quality: [
      {
        job: "machine_learning_curated",
        node: "Same Customer Check",
        table: "machine_learning_curated",
        rule: { base: "RowCount > 40000", head: "RowCount > 40000" },
        outcome: { base: "Passed", head: "Failed" },
        failedRows: { base: null, head: 43681 },
      },
    ],
    cost: costLine(SETTINGS, SETTINGS, { base: 5, head: 5 }),
  };
}

function noChangeReport(): DiffReport {
  return {
    ...changedReport([]),
    landing: "not read: no job changed",
    baseCached: false,
    jobs: { changed: [], rerun: [], shared: [], results: { shared: [], base: [], head: [] } },
    notRerun: ["customer_trusted", "accelerometer_trusted"],
    quality: [],
  };
}

function input(report: DiffReport | undefined, preview: Partial<PrReportInput["preview"]> = {}): PrReportInput {
  return {
    commit: COMMIT,
    runUrl: RUN_URL,
    preview: {
      configured: true,
      result: "success",
      stacks: ["dev", "prod"],
      outputs: [
        { stack: "dev", outcome: "success", output: previewText("dev") },
        { stack: "prod", outcome: "success", output: previewText("prod") },
      ],
      ...preview,
    },
    dataDiff: report ? { result: "success", report, markdown: markdownReport(report) } : { result: "failure" },
  };
}

function golden(name: string, body: string): void {
  const file = join(GOLDEN, `pr-report-${name}.md`);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, body);
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 once`).to.equal(true);
  expect(body).to.equal(readFileSync(file, "utf8"));
}

/**
 * Markdown that a cut must not leave open, read as GitHub renders it: a fence closes only at a line of the same
 * backticks, and a `<details>` or `</details>` inside a fence is text, which here means a part of the layout was lost.
 */
function expectBalanced(body: string): void {
  let fence: string | undefined;
  let depth = 0;
  for (const [n, line] of body.split("\n").entries()) {
    const m = /^(`{3,})/.exec(line);
    if (m && fence === undefined) fence = m[1];
    else if (m && line.trim() === fence) fence = undefined;
    else if (/<\/?details>/.test(line)) {
      expect(fence, `line ${n + 1} (${line}) is inside a code fence`).to.equal(undefined);
      depth += line.includes("</details>") ? -1 : 1;
      expect(depth, `line ${n + 1} closes a <details> never opened`).to.be.at.least(0);
    }
  }
  expect(fence, "an unclosed code fence").to.equal(undefined);
  expect(depth, "<details> left open").to.equal(0);
}

describe("The pull-request comment (pr-report)", function () {
  it("holds the changed jobs, the data-quality changes, the data diff and each stack's preview", function () {
    const report = changedReport();
    const body = composePrReport(input(report));
    expect(body.split("\n")[0]).to.equal(PR_REPORT_MARKER);
    expect(body).to.include("**Jobs whose scripts changed** (stack `dev`): `customer_landing_to_trusted`");
    expect(body).to.include("re-run downstream: `customer_trusted_to_curated`, `machine_learning_curated`.");
    expect(body).to.include("**Data quality:** 1 outcome(s) changed.");
    expect(body).to.include("Same Customer Check: RowCount > 40000: **Passed → Failed** (failing rows - → 43,681)");
    expect(body).to.include(markdownReport(report));
    expect(body).to.include("**Pulumi preview:** `dev`: ~ 1 to update, 61 unchanged · `prod`: 62 unchanged.");
    for (const stack of ["dev", "prod"]) expect(body).to.include(previewText(stack).trimEnd());
    expect(body).to.include(COMMIT.slice(0, 12)).and.include(RUN_URL);
    expectBalanced(body);
    golden("changed", body);
  });

  it("says in one line that a pull request changes no job, in the data diff's own words", function () {
    const report = noChangeReport();
    expect(markdownReport(report)).to.include(NO_JOB_CHANGED);
    const body = composePrReport(input(report));
    const data = body.slice(0, body.indexOf("**Pulumi preview:**")).trim().split("\n");
    expect(data.at(-1)).to.equal(NO_JOB_CHANGED);
    expect(data.filter((l) => l.trim() && !l.startsWith("#") && !l.startsWith("<!--"))).to.deep.equal([
      `For commit \`${COMMIT.slice(0, 12)}\`, from [this workflow run](${RUN_URL}); edited on every push.`,
      NO_JOB_CHANGED,
    ]);
    expect(body).to.not.include("### Data diff").and.not.include("**Data quality:**");
    // The previews still show: a change to infra/ alone changes resources and no job.
    expect(body).to.include("### Pulumi preview: `dev`").and.include("### Pulumi preview: `prod`");
    golden("no-change", body);
  });

  it("says the preview did not run when AWS_PREVIEW_ROLE_ARN is not set, and shows no stack's section", function () {
    const body = composePrReport(input(changedReport(), { configured: false, result: "skipped", outputs: [] }));
    expect(body).to.include(
      "**Pulumi preview:** did not run: the repository variable `AWS_PREVIEW_ROLE_ARN` is not set.",
    );
    expect(body).to.not.include("### Pulumi preview:");
    expect(body).to.include("### Data diff: stack `dev`");
    golden("preview-not-set-up", body);
  });

  it("reports a failed preview, a missing one and a data diff that did not finish, each pointing at the run", function () {
    const body = composePrReport(
      input(undefined, { result: "failure", outputs: [{ stack: "dev", outcome: "failure", output: null }] }),
    );
    expect(body).to.include("**Pulumi preview:** `dev`: **failure**, see its job's log · `prod`: no preview");
    expect(body).to.include("The preview step ended **failure** without output");
    expect(body).to.include("No output: the job uploaded none (the preview jobs' result: failure).");
    expect(body).to.include("the data diff did not finish (job `data-diff`: failure)");
    expect(body.split(RUN_URL).length - 1).to.be.at.least(3);
    golden("preview-failed", body);
  });

  it("cuts a long diff and long previews under GitHub's 65,536-character limit, linking to the run's summary", function () {
    // 400 changed tables with their examples: about 200,000 characters of data diff, and a long preview of each stack.
    const tables = Array.from({ length: 400 }, (_, i) => ({ ...customerTrusted(), name: `table_${i}` }));
    const report = changedReport(tables);
    const long = (stack: string) =>
      previewText(stack).replace("Policies:", "    ~ aws:glue/job:Job: (update)\n".repeat(3000) + "Policies:");
    const whole = markdownReport(report);
    expect(whole.length).to.be.greaterThan(3 * GITHUB_COMMENT_LIMIT);
    const body = composePrReport(
      input(report, {
        outputs: [
          { stack: "dev", outcome: "success", output: long("dev") },
          { stack: "prod", outcome: "success", output: long("prod") },
        ],
      }),
    );
    expect(body.length).to.be.at.most(COMMENT_BUDGET).and.below(GITHUB_COMMENT_LIMIT);
    // Most of the budget is used, shared between the three parts, and each cut part says where the rest is.
    expect(body.length).to.be.greaterThan(COMMENT_BUDGET - 1000);
    const notes = body.match(/_… cut to fit GitHub's comment limit after \d+ of \d+ lines\. .*\]\(([^)]+)\)\._/g) ?? [];
    expect(notes).to.have.length(3);
    for (const note of notes) expect(note).to.include(`[the run's summary](${RUN_URL})`);
    expect(notes[0]).to.include("The whole data diff (and the artifact `data-diff`)");
    expect(notes[1]).to.include("artifact `preview-dev`");
    expect(notes[2]).to.include("artifact `preview-prod`");
    // The headline is whole, and the cut Markdown still renders: no fence or <details> left open.
    expect(body).to.include("**Jobs whose scripts changed**").and.include("**Pulumi preview:** `dev`: ~ 1 to update");
    expect(body).to.include("### Pulumi preview: `prod`");
    expectBalanced(body);
    expect(body.split("\n").every((l) => whole.includes(l) || !l.startsWith("| `table_"))).to.equal(true);
  });

  it("cuts to the shape of its golden file on a small budget, at whole lines", function () {
    const tables = Array.from({ length: 6 }, (_, i) => ({ ...customerTrusted(), name: `table_${i}` }));
    const body = composePrReport(input(changedReport(tables)), 5000);
    expect(body.length).to.be.at.most(5000);
    expectBalanced(body);
    golden("cut", body);
  });

  it("fences a preview that itself holds a code fence, and strips terminal colours", function () {
    const output =
      "\u001b[1mPreviewing update (dev):\u001b[0m\n  ~ description: ```\n```\nResources:\n    3 unchanged\n";
    const body = composePrReport(input(noChangeReport(), { outputs: [{ stack: "dev", outcome: "success", output }] }));
    expect(body).to.not.include("\u001b");
    expect(body).to.include(
      "````\nPreviewing update (dev):\n  ~ description: ```\n```\nResources:\n    3 unchanged\n````",
    );
    expect(resourceSummary(output)).to.equal("3 unchanged");
    expect(resourceSummary("error: no Resources here")).to.equal(undefined);
    expectBalanced(body);
  });

  it("reads the artifacts as preview.yml writes them and writes the comment (the CLI the report job runs)", function () {
    const dir = mkdtempSync(join(tmpdir(), "pr-report-"));
    try {
      const report = changedReport();
      writeFileSync(join(dir, "data-diff.json"), JSON.stringify(report, null, 2) + "\n");
      writeFileSync(join(dir, "data-diff.md"), markdownReport(report));
      // The workflow's line: {"stack": toJSON(matrix.stack), "outcome": toJSON(outcome), "output": toJSON(output)}.
      writeFileSync(
        join(dir, "preview-dev.json"),
        `{"stack": "dev", "outcome": "success", "output": ${JSON.stringify(previewText("dev"))}}\n`,
      );
      const out = join(dir, "comment.md");
      const args = ["--artifacts", dir, "--stacks", "dev,prod", "--preview-configured", "true"];
      const rest = ["--data-diff-result", "success", "--commit", COMMIT, "--run-url", RUN_URL, "--out", out];
      expect(prReportCommand([...args, "--preview-result", "failure", ...rest])).to.equal(0);
      expect(readFileSync(out, "utf8")).to.equal(
        composePrReport(
          input(report, {
            result: "failure",
            outputs: [{ stack: "dev", outcome: "success", output: previewText("dev") }],
          }),
        ),
      );
      // A file the workflow did not write as agreed is refused, naming it.
      writeFileSync(join(dir, "preview-prod.json"), `{"output": "x"}`);
      expect(prReportCommand([...args, "--preview-result", "failure", ...rest])).to.equal(2);
      expect(prReportCommand([...args, ...rest])).to.equal(2);
      const unset = ["--artifacts", dir, "--stacks", "dev,prod", "--preview-configured", "", "--preview-result", "x"];
      expect(prReportCommand([...unset, ...rest])).to.equal(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
