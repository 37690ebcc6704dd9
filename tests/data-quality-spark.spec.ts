/**
 * Data-quality actions on real Spark with Deequ's DQDL engine, in one run (one Spark session) of a
 * three-job chain on ten hand-made readings:
 *   warn_readings       landing → readings_warned     rules warn: outcomes reported, all rows written
 *   quarantine_readings warned  → readings_clean      rules quarantine: failing rows set aside unchanged
 *   check_readings      clean   → readings_checked    rules fail: the job stops, nothing written
 * on Glue 5.1 (Deequ on Spark 3.5) and on Glue 6.0 (the Spark-native evaluator on Spark 4.1): the same script
 * template, the same outcomes (docs/decisions/data-quality-on-spark-4.md).
 */
import { expect } from "chai";
import { existsSync, readdirSync } from "node:fs";
import { assertValid, column, dq, job, pipeline, table } from "../src/dsl";
import type { GlueVersion } from "../src/model/glue-versions";
import { renderPipeline } from "../src/render";
import { dataLines, localPath, runRendered, TempDirs, type RenderedRun, type RunReport } from "./local-run-support";

const landing = table("readings_landing", {
  entity: "readings",
  zone: "landing",
  columns: [column("id", "bigint"), column("email", "string"), column("value", "double")],
});
const checks = [dq.isComplete("email"), dq.columnValues("value", ">=", 0)];
const warned = table("readings_warned", { entity: "readings", zone: "trusted", quality: dq.rules("warn", ...checks) });
const clean = table("readings_clean", { entity: "clean", zone: "curated", quality: dq.rules("quarantine", ...checks) });
const checked = table("readings_checked", {
  entity: "checked",
  zone: "curated",
  quality: dq.rules("fail", dq.isComplete("email"), dq.rowCount(">", 100)),
});

const definition = pipeline(
  "dqtest",
  [landing, warned, clean, checked],
  [
    job("warn_readings", ({ source, sink }) =>
      sink(source(landing, { name: "Readings" }), warned, { name: "Readings Warned", mode: "overwrite" }),
    ),
    job("quarantine_readings", ({ source, sink }) =>
      sink(source(warned, { name: "Readings" }), clean, { name: "Readings Clean", mode: "overwrite" }),
    ),
    job("check_readings", ({ source, sink }) =>
      sink(source(clean, { name: "Readings" }), checked, { name: "Readings Checked", mode: "overwrite" }),
    ),
  ],
);

// Written as Spark writes JSON (column order, no spaces), so that a quarantined row read back must be
// byte-identical to its landing line, but for the NULL fields the quarantine writes as null.
const GOOD = [1, 5, 6, 7, 8, 9, 10].map((id) => `{"id":${id},"email":"reader${id}@test.com","value":${id}.5}`);
const NO_EMAIL = '{"id":2,"value":2.0}';
const NEGATIVE = '{"id":3,"email":"reader3@test.com","value":-1.0}';
const BOTH = '{"id":4,"value":-2.5}';
const FAILING = [NO_EMAIL, NEGATIVE, BOTH];
const QUARANTINED = ['{"id":2,"email":null,"value":2.0}', NEGATIVE, '{"id":4,"email":null,"value":-2.5}'];

const ENGINES: readonly [GlueVersion, RegExp][] = [
  ["5.1", /data quality Deequ 2\.1\.0-spark-3\.5/],
  ["6.0", /Spark 4\.1\.1, .*data quality Spark-native DQDL evaluator/],
];

for (const [glueVersion, engine] of ENGINES)
  describe(`data quality on Spark: fail, warn and quarantine (Glue ${glueVersion})`, function () {
    const temp = new TempDirs();
    after(() => temp.removeAll());
    let run: RenderedRun;
    let report: RunReport & { tables: Record<string, { rows: number | null; quarantined?: number }> };

    before(function () {
      const rendered = renderPipeline(assertValid(definition), {
        stack: "dq",
        database: "dqtest_dq",
        options: {},
        glueVersion,
      });
      run = runRendered(temp.dir("data-quality"), rendered, {
        readings: [...GOOD.slice(0, 1), ...FAILING, ...GOOD.slice(1)],
      });
      report = run.report as typeof report;
    });

    const outcomes = (jobName: string) =>
      report.quality.filter((q) => q.job === jobName).map((q) => [q.rule, q.outcome, q.failedRows]);

    it("runs on the runtime's data-quality engine", function () {
      expect(run.stdout).to.match(engine);
    });

    it("warn: reports each rule with the rows it failed and writes every row", function () {
      expect(outcomes("warn_readings")).to.deep.equal([
        ['IsComplete "email"', "Failed", 2],
        ['ColumnValues "value" >= 0', "Failed", 2],
      ]);
      expect(report.tables.readings_warned?.rows).to.equal(10);
    });

    it("quarantine: rows in = rows written + rows quarantined, and the failing rows are set aside with their NULLs", function () {
      expect(report.tables.readings_clean?.rows).to.equal(GOOD.length);
      expect(report.tables.readings_clean?.quarantined).to.equal(FAILING.length);
      expect(report.tables.readings_clean!.rows! + report.tables.readings_clean!.quarantined!).to.equal(
        report.tables.readings_warned!.rows,
      );
      const kept = dataLines(
        localPath(run.root, `${report.lakeRoot}/clean/quarantine/readings_clean/quarantine_readings/`),
      );
      expect([...kept].sort()).to.deep.equal([...QUARANTINED].sort());
    });

    it("fail: exits 1 naming job, node, rule and measured value, and writes nothing", function () {
      const output = run.stdout + run.stderr;
      expect(run.status, output).to.equal(1);
      expect(run.stderr).to.contain('Job check_readings failed at node "Readings Checked Data Quality"');
      expect(run.stderr).to.contain("RowCount > 100").and.to.contain("Dataset.*.RowCount = 7");
      expect(output).to.not.contain("Traceback");
      expect(outcomes("check_readings")).to.deep.equal([
        ['IsComplete "email"', "Passed", 0],
        ["RowCount > 100", "Failed", null],
      ]);
      const target = localPath(run.root, `${report.lakeRoot}/checked/curated/`);
      expect(
        existsSync(target) ? readdirSync(target).filter((f) => !f.startsWith(".") && !f.startsWith("_")) : [],
      ).to.deep.equal([]);
      expect(report.jobs.find((j) => j.name === "check_readings")?.status).to.equal("failed");
    });

    it("prints the data-quality table after the counts", function () {
      const table = run.stdout.slice(run.stdout.indexOf("Data quality"));
      expect(run.stdout.indexOf("Data quality")).to.be.greaterThan(run.stdout.indexOf("readings_checked"));
      expect(table).to.match(/quarantine_readings\s+readings_clean\s+IsComplete "email"\s+Failed \(quarantine\)\s+2/);
    });
  });
