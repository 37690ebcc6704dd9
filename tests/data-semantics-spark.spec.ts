/**
 * Data semantics of issue 21 on real Spark, through a generated script, in one run (one Spark session) of
 * one job on hand-made landing lines:
 *   devices_landing → Seen Time (toTimestamp, a pattern) → Seen Check (node-level quarantine) → devices_trusted
 * - toTimestamp gives NULL for text that is not of its pattern's shape, where Spark 3's parser alone failed
 *   the job with SparkUpgradeException (point 2);
 * - a line that does not fit the declared types is rejected under `reason=<why>/`, one case each (point 6);
 * - rows a node-level quarantine sets aside are counted against the table they were on their way to, and
 *   are written with their NULL fields (point 9).
 */
import { expect } from "chai";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { array, assertValid, column, dq, job, pipeline, struct, table } from "../src/dsl";
import { renderPipeline } from "../src/render";
import { dataLines, localPath, runRendered, TempDirs, type RenderedRun, type RunReport } from "./local-run-support";

const landing = table("devices_landing", {
  entity: "devices",
  zone: "landing",
  columns: [
    column("id", "bigint"),
    column("name", "string"),
    column("reading", "double"),
    column("seen", "string"),
    column("tags", array("string")),
    column("place", struct({ lat: "double" })),
  ],
});
const trusted = table("devices_trusted", { entity: "devices", zone: "trusted", format: "json" });

const definition = pipeline(
  "semantics",
  [landing, trusted],
  [
    job("read_devices", ({ source, sink }) => {
      const seen = source(landing, { name: "Devices" }).toTimestamp("seen", {
        name: "Seen Time",
        from: { pattern: "yyyy-MM-dd HH:mm:ss" },
        as: "seen_at",
      });
      const checked = seen.evaluateDataQuality(dq.rules("quarantine", dq.isComplete("seen_at")), {
        name: "Seen Check",
      });
      return sink(checked, trusted, { name: "Devices Trusted", mode: "overwrite" });
    }),
  ],
);

const line = (id: number, fields: string) => `{"id":${id},${fields}}`;
const PARSED = [
  line(1, '"name":"one","reading":1.5,"seen":"2025-01-05 10:00:00","tags":["a"],"place":{"lat":46.5}'),
  line(2, '"name":"two","reading":-3,"seen":"2024-02-29 23:59:59"'),
];
/** Text Spark 3's parser rejects but the pre-3.0 one read: each failed the job with SparkUpgradeException. */
const UNPARSED = [
  line(3, '"name":"short month","reading":1.0,"seen":"2025-1-5 10:00:00"'),
  line(4, '"name":"trailing text","reading":1.0,"seen":"2025-01-05 10:00:00 UTC"'),
  line(5, '"name":"leading space","reading":1.0,"seen":" 2025-01-05 10:00:00"'),
  line(6, '"name":"final line break","reading":1.0,"seen":"2025-01-05 10:00:00\\n"'),
];
/** Lines that do not fit, with the folder each is rejected under. */
const MISFITS: readonly (readonly [string, string, string])[] = [
  ["single-quoted JSON", "{'id': 10, 'name': 'single'}", "not-json"],
  ["text after the closing brace", line(11, '"name":"after"') + " and more", "text-after-object"],
  ["an object in a string column", line(12, '"name":{"first":"x"}'), "not-a-string.name"],
  ["an array in a string column", line(13, '"name":["x"]'), "not-a-string.name"],
  ["a number in a string column", line(14, '"name":14'), "not-a-string.name"],
  ["a boolean in a string column", line(15, '"name":true'), "not-a-string.name"],
  ["NaN in a double column", line(16, '"reading":NaN'), "nan-or-infinity"],
  ["1e400 in a double column", line(17, '"reading":1e400'), "out-of-range.reading"],
  ["a duplicate key", line(18, '"name":"first","name":"last"'), "duplicate-key.name"],
  ["a key that differs only in case", line(19, '"Name":"case"'), "key-case.Name"],
  ["a nested value of the wrong type", line(20, '"place":{"lat":"north"}'), "not-a-number.place.lat"],
];

describe("data semantics on Spark: timestamps, records that do not fit, quarantined rows", function () {
  const temp = new TempDirs();
  after(() => temp.removeAll());
  let run: RenderedRun;
  let report: RunReport & {
    tables: Record<
      string,
      { rows: number | null; rejected: number | null; quarantined?: number; lines?: number; rejectedReasons?: object }
    >;
  };

  before(function () {
    const rendered = renderPipeline(assertValid(definition), { stack: "sem", database: "semantics_sem", options: {} });
    const devices = [...PARSED, ...UNPARSED, ...MISFITS.map(([, text]) => text)];
    run = runRendered(temp.dir("semantics"), rendered, { devices });
    report = run.report as typeof report;
  });

  const written = () =>
    dataLines(localPath(run.root, `${report.lakeRoot}/devices/trusted/`)).map(
      (text) => JSON.parse(text) as Record<string, unknown>,
    );
  const quarantined = () =>
    dataLines(localPath(run.root, `${report.lakeRoot}/_quarantine/read_devices/`)).map(
      (text) => JSON.parse(text) as Record<string, unknown>,
    );

  describe("toTimestamp with a pattern", function () {
    it("finishes the job: text the old parser read but the new one does not is NULL, not SparkUpgradeException", function () {
      expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
      expect(run.stdout + run.stderr).to.not.contain("SparkUpgradeException");
      const unparsed = UNPARSED.map((_, i) => [i + 3, null]);
      expect(quarantined().map((row) => [row.id, row.seen_at])).to.have.deep.members(unparsed);
    });

    it("parses text of the pattern's shape", function () {
      const seen = Object.fromEntries(written().map((row) => [row.id, String(row.seen_at)]));
      expect(seen[1]).to.match(/^2025-01-05T10:00:00/);
      expect(seen[2]).to.match(/^2024-02-29T23:59:59/);
    });
  });

  describe("records that do not fit the declared types", function () {
    const folders = () => localPath(run.root, `${report.lakeRoot}/devices/rejected/devices_landing/read_devices/`);

    for (const [what, text, reason] of MISFITS)
      it(`rejects ${what}, unchanged, under reason=${reason}/`, function () {
        expect(dataLines(join(folders(), `reason=${reason}`))).to.include(text);
      });

    it("keeps every line that fits, and counts lines = rows + rejected", function () {
      const counts = report.tables.devices_landing!;
      expect(counts.rows).to.equal(PARSED.length + UNPARSED.length);
      expect(counts.rejected).to.equal(MISFITS.length);
      expect(counts.lines).to.equal(PARSED.length + UNPARSED.length + MISFITS.length);
      expect(
        readdirSync(folders())
          .filter((f) => f.startsWith("reason="))
          .sort(),
      ).to.deep.equal([...new Set(MISFITS.map(([, , reason]) => `reason=${reason}`))].sort());
    });

    it("gives the report the rejected lines of each reason", function () {
      const expected: Record<string, number> = {};
      for (const [, , reason] of MISFITS) expected[reason] = (expected[reason] ?? 0) + 1;
      expect(report.tables.devices_landing?.rejectedReasons).to.deep.equal(expected);
    });
  });

  describe("a node-level quarantine", function () {
    it("counts the rows it set aside against the table they were on their way to, in the report and the console", function () {
      expect(report.tables.devices_trusted?.rows).to.equal(PARSED.length);
      expect(report.tables.devices_trusted?.quarantined).to.equal(UNPARSED.length);
      const row = new RegExp(
        `devices_trusted\\s+trusted\\s+2\\s+-\\s+read_devices\\s+[\\d.]+\\s+${UNPARSED.length}\\n`,
      );
      expect(run.stdout).to.match(row);
    });

    it("writes the quarantined rows with their NULL fields", function () {
      const rows = quarantined();
      expect(rows).to.have.length(UNPARSED.length);
      for (const row of rows) {
        expect(row).to.have.property("seen_at", null);
        expect(row).to.have.property("tags", null);
        expect(row).to.have.property("place", null);
      }
    });
  });
});
