/**
 * `npm start` with no landing folder: deterministic synthetic STEDI data with the real data's keys
 * and edge cases, and a full pipeline run on it.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expectationFile, smokeKey, type SmokeExpectation } from "../scripts/smoke-run";
import { runnerInvocation } from "../src/cli/run";
import { dataLines, repoRoot, rowCounts, runLocal, TempDirs, type RunReport } from "./local-run-support";

const temp = new TempDirs();

/** Generates synthetic landing data into a new directory with the runtime's generator. */
function generate(seed: number, scale: number): string {
  const target = temp.dir(`synthetic-${seed}-${scale}`);
  const invocation = runnerInvocation([], repoRoot);
  const code =
    "import sys; from pathlib import Path; from lakehouse.synthetic import generate; generate(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))";
  const args = ["-c", code, "jobs/stedi/synthetic.py", target, String(seed), String(scale)];
  const result = spawnSync(invocation.command, args, {
    env: invocation.env,
    encoding: "utf8",
  });
  expect(result.status, result.stderr).to.equal(0);
  return target;
}

function digest(dir: string): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    if (name.endsWith(".json")) hash.update(name).update(readFileSync(join(dir, name)));
  }
  return hash.digest("hex");
}

const records = (dir: string, entity: string): Record<string, unknown>[] =>
  dataLines(join(dir, entity, "landing")).map((line) => JSON.parse(line) as Record<string, unknown>);

describe("synthetic landing data", function () {
  after(() => temp.removeAll());

  const data = generate(7, 0.5);

  it("is deterministic: the same seed gives the same files, another seed other files", function () {
    expect(digest(generate(7, 0.5))).to.equal(digest(data));
    expect(digest(generate(8, 0.5))).to.not.equal(digest(data));
  });

  it("has the starter data's keys and value types", function () {
    const customer = records(data, "customer")[0] ?? {};
    expect(Object.keys(customer).slice(0, 7)).to.deep.equal([
      "customerName",
      "email",
      "phone",
      "birthDay",
      "serialNumber",
      "registrationDate",
      "lastUpdateDate",
    ]);
    expect(Object.keys(records(data, "accelerometer")[0] ?? {})).to.deep.equal(["user", "timestamp", "x", "y", "z"]);
    expect(Object.keys(records(data, "step_trainer")[0] ?? {})).to.deep.equal([
      "sensorReadingTime",
      "serialNumber",
      "distanceFromObject",
    ]);
    expect(dataLines(join(data, "accelerometer", "landing"))[0]).to.match(/"x":-?[01]\.0,/); // doubles keep their ".0"
  });

  it("has the starter data's edge cases", function () {
    const customers = records(data, "customer");
    const consentOf = new Map(
      customers.map((c) => [c.email as string, c.shareWithResearchAsOfDate as number | undefined]),
    );
    const withoutConsent = customers.filter((c) => !("shareWithResearchAsOfDate" in c));
    expect(withoutConsent.length / customers.length, "about half without research consent").to.be.within(0.4, 0.6);
    expect(
      customers.some((c) => Object.values(c).includes(null)),
      "missing consent is a missing key, not null",
    ).to.equal(false);
    const readings = records(data, "accelerometer");
    const consentAt = (r: Record<string, unknown>) => consentOf.get(r.user as string);
    expect(
      readings.some((r) => consentAt(r) !== undefined && (r.timestamp as number) < (consentAt(r) as number)),
      "readings before consent",
    ).to.equal(true);
    expect(
      readings.some((r) => consentAt(r) !== undefined && (r.timestamp as number) >= (consentAt(r) as number)),
      "readings after consent",
    ).to.equal(true);
    const usersAt = new Map<number, Set<string>>();
    for (const r of readings)
      usersAt.set(r.timestamp as number, (usersAt.get(r.timestamp as number) ?? new Set()).add(r.user as string));
    expect(
      [...usersAt.values()].some((users) => users.size > 1),
      "readings of several customers in one millisecond",
    ).to.equal(true);
    const serialsWithoutConsent = new Set(withoutConsent.map((c) => c.serialNumber));
    expect(
      records(data, "step_trainer").some((s) => serialsWithoutConsent.has(s.serialNumber)),
      "step trainer readings without consent",
    ).to.equal(true);
  });

  it("scales with --scale", function () {
    expect(records(generate(7, 1), "customer")).to.have.length(956);
    expect(records(data, "customer")).to.have.length(478);
  });

  describe("npm start with no landing folder", function () {
    let report: RunReport;

    before(function () {
      const run = runLocal(["--scale", "0.2"], temp.dir("synthetic-run"));
      expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
      report = run.report as RunReport;
    });

    it("runs every job on synthetic data", function () {
      expect(report.landing).to.match(/^synthetic \(seed 42, scale 0\.2\)/);
      expect(report.jobs.map((job) => job.status)).to.deep.equal(Array(5).fill("succeeded"));
      const counts = rowCounts(report) as Record<string, number>;
      for (const [table, rows] of Object.entries(counts)) expect(rows, table).to.be.greaterThan(0);
      expect(counts.customer_trusted).to.be.lessThan(counts.customer_landing as number);
      expect(counts.step_trainer_trusted).to.be.lessThan(counts.step_trainer_landing as number);
      for (const name of ["customer_landing", "accelerometer_landing", "step_trainer_landing"])
        expect(report.tables[name]?.rejected).to.equal(0);
    });

    it("gives the counts the AWS smoke run expects for this sample (jobs/stedi/smoke-expected.json)", function () {
      const smoke = JSON.parse(readFileSync(expectationFile("stedi"), "utf8")) as SmokeExpectation;
      expect(report.landing).to.match(new RegExp(`^synthetic \\(seed ${smoke.seed}, scale ${smoke.scale}\\)`));
      expect(report.options).to.deep.equal({ privacy: "standard", tableFormat: "parquet" });
      expect(rowCounts(report)).to.deep.equal(smoke.rows[smokeKey("stedi", report.options)]);
    });
  });
});
