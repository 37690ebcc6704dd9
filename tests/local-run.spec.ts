/**
 * Acceptance of the local run on the STEDI starter data (issue #3): the generated scripts, run
 * unchanged on local Spark, reproduce the reference counts for both privacy profiles; a rerun
 * gives the same counts; no trusted or curated table holds data of customers without consent.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { glueVersionOf } from "../src/cli/run";
import {
  dataLines,
  generatedUnderTest,
  glueVersionUnderTest,
  inspectTables,
  localPath,
  onGlueVersion,
  requireStarterData,
  rowCounts,
  runLocal,
  starterData,
  STARTER_COUNTS_STANDARD,
  TempDirs,
  type LocalRun,
  type RunReport,
  type TableContents,
} from "./local-run-support";

const temp = new TempDirs();

interface ManifestTable {
  name: string;
  zone: string;
  prefix: string;
  columns: { name: string; tags?: string[] }[];
}

const manifestTables = (stack: string): ManifestTable[] =>
  (JSON.parse(readFileSync(join(generatedUnderTest(), stack, "pipeline.json"), "utf8")) as { tables: ManifestTable[] })
    .tables;

/** Emails and serial numbers of the customers without research consent, straight from the landing files. */
function nonConsenting(): Set<string> {
  const customers = dataLines(join(starterData, "customer", "landing")).map(
    (line) => JSON.parse(line) as Record<string, unknown>,
  );
  return new Set(
    customers
      .filter(
        (customer) => customer.shareWithResearchAsOfDate === undefined || customer.shareWithResearchAsOfDate === null,
      )
      .flatMap((customer) => [String(customer.email), String(customer.serialNumber)]),
  );
}

/** The run's data-quality outcomes other than Passed, as [node or table, outcome, rows failed]. */
function qualityOutcomes(report: RunReport): { evaluated: number; notPassed: [string, string, number | null][] } {
  const quality = report.quality;
  return {
    evaluated: quality.length,
    notPassed: quality.filter((q) => q.outcome !== "Passed").map((q) => [q.table ?? q.node, q.outcome, q.failedRows]),
  };
}

function expectSucceeded(run: LocalRun): RunReport {
  expect(run.status, `runner failed:\n${run.stdout}\n${run.stderr}`).to.equal(0);
  expect(run.report, "no --report written").to.not.equal(undefined);
  return run.report as RunReport;
}

/** Parquet directories of a run's trusted and curated tables. */
function refinedTableDirs(root: string, report: RunReport, stack: string): Record<string, string> {
  return Object.fromEntries(
    manifestTables(stack)
      .filter((table) => table.zone !== "landing")
      .map((table) => [table.name, localPath(root, `${report.lakeRoot}/${table.prefix}`)]),
  );
}

const KEY_COLUMNS = ["email", "user", "serialnumber"];

function expectNoNonConsentingData(contents: Record<string, TableContents>): void {
  const excluded = nonConsenting();
  expect(excluded.size).to.be.greaterThan(0);
  for (const [table, { values }] of Object.entries(contents)) {
    for (const [column, seen] of Object.entries(values)) {
      const leaked = seen.filter((value) => excluded.has(value));
      expect(leaked, `${table}.${column} holds data of customers without research consent`).to.deep.equal([]);
    }
  }
}

// The committed dev stack's Glue version: what a run without an override must be on.
const committedVersion = glueVersionOf(["--stack", "dev"], join(__dirname, ".."));

describe(`local run on the STEDI starter data${onGlueVersion}`, function () {
  after(() => temp.removeAll());

  describe("standard privacy (stack dev)", function () {
    const root = temp.dir("standard");
    let first: RunReport;
    let second: RunReport;
    let contents: Record<string, TableContents>;

    before(async function () {
      requireStarterData(this);
      first = expectSucceeded(runLocal(["--landing", starterData, "--stack", "dev"], root));
      second = expectSucceeded(runLocal(["--landing", starterData, "--stack", "dev"], root));
      contents = await inspectTables(refinedTableDirs(root, second, "dev"), KEY_COLUMNS);
    });

    it("runs stacks rendered for the Glue version under test (the runner refuses a runtime of another one)", function () {
      const rendered = glueVersionOf(["--generated", generatedUnderTest(), "--stack", "dev"], join(__dirname, ".."));
      expect(rendered).to.equal(glueVersionUnderTest ?? committedVersion);
    });

    it("reproduces the reference row counts", function () {
      expect(first.options).to.deep.include({ privacy: "standard" });
      expect(rowCounts(first)).to.deep.equal(STARTER_COUNTS_STANDARD);
      expect(first.jobs.map((job) => job.status)).to.deep.equal(Array(5).fill("succeeded"));
    });

    it("gives identical counts when run again on the same landing data (sinks append, the purge makes it an overwrite)", function () {
      expect(rowCounts(second)).to.deep.equal(rowCounts(first));
    });

    it("rejects nothing from the clean starter data", function () {
      for (const name of ["customer_landing", "accelerometer_landing", "step_trainer_landing"]) {
        expect(first.tables[name]?.rejected, name).to.equal(0);
      }
    });

    it("keeps customers without research consent out of every trusted and curated table", function () {
      expect(Object.keys(contents)).to.have.length(5);
      expectNoNonConsentingData(contents);
    });

    it("passes every STEDI data-quality rule but the same-customer check, which marks exactly 2,700 cross-customer pairs", function () {
      const { evaluated, notPassed } = qualityOutcomes(first);
      expect(evaluated).to.equal(17);
      expect(notPassed).to.deep.equal([["Same Customer Check", "Failed", 2700]]);
    });
  });

  describe("strict privacy (stack prod)", function () {
    const root = temp.dir("strict");
    let report: RunReport;
    let contents: Record<string, TableContents>;

    before(async function () {
      requireStarterData(this);
      report = expectSucceeded(runLocal(["--landing", starterData, "--stack", "prod"], root));
      contents = await inspectTables(refinedTableDirs(root, report, "prod"), KEY_COLUMNS);
    });

    it("reproduces the reference row counts", function () {
      expect(report.options).to.deep.include({ privacy: "strict" });
      const counts = rowCounts(report);
      expect(counts).to.include({
        customer_trusted: 482,
        accelerometer_trusted: 32025,
        customer_curated: 464,
        step_trainer_trusted: 13920,
        machine_learning_curated: 34437,
      });
    });

    it("passes every STEDI data-quality rule but the same-customer check (checked before the PII columns go), which marks 2,412 pairs", function () {
      const { evaluated, notPassed } = qualityOutcomes(report);
      expect(evaluated).to.equal(17);
      expect(notPassed).to.deep.equal([["Same Customer Check", "Failed", 2412]]);
    });

    it("has no PII column in machine_learning_curated, by the manifest's tags and in the parquet files", function () {
      const tables = manifestTables("prod");
      const piiColumns = new Set(
        tables.flatMap((table) =>
          table.columns.filter((column) => column.tags?.includes("pii")).map((column) => column.name),
        ),
      );
      expect(piiColumns).to.include.members(["email", "serialnumber", "user"]);
      const mlTable = tables.find((table) => table.name === "machine_learning_curated");
      expect(mlTable?.columns.filter((column) => column.tags?.includes("pii"))).to.deep.equal([]);
      const written = contents.machine_learning_curated?.columns.map(([name]) => name) ?? [];
      expect(written).to.not.deep.equal([]);
      expect(
        written.filter((name) => piiColumns.has(name)),
        "PII columns in the parquet files",
      ).to.deep.equal([]);
    });

    it("keeps customers without research consent out of every trusted and curated table", function () {
      expectNoNonConsentingData(contents);
    });
  });
});
