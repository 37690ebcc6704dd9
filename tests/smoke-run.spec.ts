/**
 * scripts/smoke-run.ts with a stand-in for the AWS CLI: it skips cleanly without credentials, uploads the
 * generated sample to each landing prefix, waits for the workflow, and passes only when Athena's counts
 * equal the expected ones (which tests/local-run-synthetic.spec.ts checks against a real local run).
 */
import { expect } from "chai";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CommandResult,
  expectationFile,
  realDeps,
  type SmokeDeps,
  type SmokeExpectation,
  smokeRun,
} from "../scripts/smoke-run";

const ok = (body: object = {}): CommandResult => ({ status: 0, stdout: JSON.stringify(body), stderr: "" });
const expected = JSON.parse(readFileSync(expectationFile("stedi"), "utf8")) as SmokeExpectation;
/** The key of dev's counts: its project and options, as the stack outputs give them. */
const DEV_KEY = "stedi privacy=standard tableFormat=parquet";
const OUTPUTS = {
  dataBucket: "stedi-dev-data-x",
  assetsBucket: "stedi-dev-assets-x",
  database: "stedi_dev",
  workflow: "stedi-dev",
  project: "stedi",
  options: { privacy: "standard", tableFormat: "parquet" },
  synthetic: "jobs/stedi/synthetic.py",
};

/** A fake AWS account: records every call; Athena answers `counts`, the workflow finishes after one poll. */
function fakeAws(counts: Record<string, number>, options: { credentials?: boolean; failedJobs?: number } = {}) {
  const calls: string[][] = [];
  const uploaded: Record<string, number> = {};
  const queries = new Map<string, string>();
  let polls = 0;
  const deps: SmokeDeps = {
    aws: (args) => {
      calls.push([...args]);
      const [service, op] = args;
      if (service === "sts")
        return options.credentials === false
          ? {
              status: 255,
              stdout: "",
              stderr: 'Unable to locate credentials. You can configure credentials by running "aws configure".',
            }
          : ok({ Account: "123456789012" });
      if (service === "s3" && op === "sync") {
        uploaded[args[3]!] = readdirSync(args[2]!).length;
        return ok();
      }
      if (op === "start-workflow-run") return ok({ RunId: "wr_1" });
      if (op === "get-workflow-run") {
        polls += 1;
        const failed = options.failedJobs ?? 0;
        return ok({
          Run: {
            Status: polls < 2 ? "RUNNING" : "COMPLETED",
            Statistics: {
              TotalActions: 5,
              SucceededActions: polls < 2 ? 2 : 5 - failed,
              FailedActions: polls < 2 ? 0 : failed,
            },
          },
        });
      }
      if (op === "start-query-execution") {
        const id = `q${queries.size}`;
        queries.set(id, /FROM "stedi_dev"\."(\w+)"/.exec(args[args.indexOf("--query-string") + 1]!)![1]!);
        return ok({ QueryExecutionId: id });
      }
      if (op === "get-query-execution") return ok({ QueryExecution: { Status: { State: "SUCCEEDED" } } });
      if (op === "get-query-results") {
        const table = queries.get(args[args.indexOf("--query-execution-id") + 1]!)!;
        return ok({
          ResultSet: {
            Rows: [{ Data: [{ VarCharValue: "_col0" }] }, { Data: [{ VarCharValue: String(counts[table] ?? 0) }] }],
          },
        });
      }
      return { status: 1, stdout: "", stderr: `unexpected call ${args.join(" ")}` };
    },
    python: realDeps.python,
    sleep: () => undefined,
    log: (line) => lines.push(line),
  };
  const lines: string[] = [];
  return { deps, calls, uploaded, lines };
}

describe("smoke run (scripts/smoke-run.ts)", function () {
  let dir: string;
  let outputsFile: string;
  before(function () {
    dir = mkdtempSync(join(tmpdir(), "smoke-"));
    outputsFile = join(dir, "outputs.json");
    writeFileSync(outputsFile, JSON.stringify(OUTPUTS));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is skipped, with exit code 0 and the reason, when no AWS credentials are configured", function () {
    const aws = fakeAws({}, { credentials: false });
    expect(smokeRun(join(dir, "missing.json"), aws.deps)).to.equal(0);
    expect(aws.lines.join("\n")).to.match(
      /^Smoke run skipped: no AWS credentials are configured \(aws sts get-caller-identity: Unable to locate credentials/,
    );
    expect(aws.calls).to.have.length(1);
  });

  it("uploads the sample to every landing prefix, runs the workflow and passes when Athena's counts equal the local run's", function () {
    const rows = expected.rows[DEV_KEY]!;
    const aws = fakeAws(rows);
    expect(smokeRun(outputsFile, aws.deps), aws.lines.join("\n")).to.equal(0);
    expect(Object.keys(aws.uploaded).sort()).to.deep.equal([
      "s3://stedi-dev-data-x/accelerometer/landing/",
      "s3://stedi-dev-data-x/customer/landing/",
      "s3://stedi-dev-data-x/step_trainer/landing/",
    ]);
    for (const files of Object.values(aws.uploaded)) expect(files).to.be.greaterThan(0);
    expect(aws.calls.filter((c) => c[1] === "sync").every((c) => c.includes("--delete"))).to.equal(true);
    expect(aws.calls.filter((c) => c[1] === "start-query-execution")).to.have.length(Object.keys(rows).length);
    expect(aws.lines.at(-1)).to.equal("Smoke run passed: every table has the rows the local run has.");
  });

  it("fails naming the table whose Athena count differs", function () {
    const rows = { ...expected.rows[DEV_KEY]!, customer_trusted: 1 };
    const aws = fakeAws(rows);
    expect(smokeRun(outputsFile, aws.deps)).to.equal(1);
    expect(aws.lines.at(-1)).to.match(
      /^Smoke run FAILED: Row counts differ from the local run of the same sample:\n {2}customer_trusted: expected \d+, Athena counted 1$/,
    );
  });

  it("fails before touching the stack when its project keeps no expected counts, saying where they go", function () {
    const shopOutputs = join(dir, "shop-outputs.json");
    writeFileSync(shopOutputs, JSON.stringify({ ...OUTPUTS, project: "shop", options: {} }));
    const aws = fakeAws({});
    expect(smokeRun(shopOutputs, aws.deps)).to.equal(1);
    expect(aws.lines.at(-1)).to.match(/^Smoke run FAILED: Project shop has no jobs\/shop\/smoke-expected\.json: write/);
    expect(aws.calls.filter((c) => c[0] !== "sts")).to.deep.equal([]);
  });

  it("fails when a job of the workflow run did not succeed, before querying anything", function () {
    const aws = fakeAws(expected.rows[DEV_KEY]!, { failedJobs: 1 });
    expect(smokeRun(outputsFile, aws.deps)).to.equal(1);
    expect(aws.lines.at(-1)).to.match(/Workflow run wr_1 ended COMPLETED with .*"FailedActions":1/);
    expect(aws.calls.filter((c) => c[0] === "athena")).to.deep.equal([]);
  });
});
