/**
 * The transforms that replace hand-written SQL, on real Spark: a fixture pipeline of our own (an IoT fleet, two
 * gateway generations; tests/fixtures/iot-fleet.ts) rendered, run by the local runner in one Spark session over
 * landing files written here, and every table it writes checked against plain Python
 * (tests/python/iot_fleet_expected.py), which computes them from the landing files without the project's code.
 */
import { expect } from "chai";
import { assertValid } from "../src/dsl";
import { renderPipeline } from "../src/render";
import { IOT_LANDING, iotFleetPipeline } from "./fixtures/iot-fleet";
import { localPath, plainPython, runRendered, TempDirs, type RenderedRun } from "./local-run-support";

type Rows = Record<string, unknown>[];

describe("transforms on Spark (IoT fleet): union by name, dates filled, window functions, keepLatest", function () {
  const temp = new TempDirs();
  const validated = assertValid(iotFleetPipeline());
  const rendered = renderPipeline(validated, { stack: "iot", database: "iot_fleet_iot", options: {} });
  const script = rendered.jobs[0]!.script;
  let run: RenderedRun;
  let tables: Record<string, { expected: Rows; actual: Rows }>;

  before(function () {
    run = runRendered(temp.dir("transforms"), rendered, IOT_LANDING);
    if (run.status !== 0) throw new Error(`the IoT fleet run failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
    tables = plainPython("iot_fleet_expected.py", [run.landing, localPath(run.root, run.report!.lakeRoot)]);
  });
  after(() => temp.removeAll());

  it("has no SQL node, and renders window and latest-row logic with the Window API only", () => {
    expect(validated.jobs[0]!.nodes.map((n) => n.def.kind)).to.not.include("sql");
    expect(script).to.contain("from pyspark.sql.window import Window");
    expect(script).to.not.contain("sparkSqlQuery").and.to.not.contain("spark.sql(");
  });

  it("infers the union's widened types and the window columns' types", () => {
    const history = validated.tables.get("fleet_history")!.columns.map((c) => `${c.name}:${c.type}`);
    expect(history).to.deep.equal([
      "device_id:string",
      "reading_ts:timestamp",
      "temp_c:double",
      "kwh:bigint",
      "gateway:string",
      "battery:struct<level:int,charging:boolean>",
      "firmware:string",
      "serviced_on:date",
      "calibrated_at:timestamp",
      "reading_no:int",
      "prev_temp:double",
      "temp_in_2:double",
      "kwh_so_far:bigint",
      "temp_avg:double",
      "temp_low:double",
      "temp_high:double",
      "temps_seen:bigint",
      "temp_rank:int",
      "temp_dense_rank:int",
    ]);
    const latest = validated.tables.get("fleet_latest")!.columns.map((c) => `${c.name}:${c.type}`);
    expect(latest, "keepLatest keeps the schema, nested types included").to.deep.equal(history);
  });

  it("writes every reading of both generations, as plain Python computes them", () => {
    expect(run.report!.tables.fleet_history!.rows).to.equal(12);
    expect(tables.fleet_history!.actual).to.deep.equal(tables.fleet_history!.expected);
  });

  it("keeps one latest and one first reading per device; a reading without a time is neither", () => {
    expect(tables.fleet_latest!.actual).to.deep.equal(tables.fleet_latest!.expected);
    expect(tables.fleet_first!.actual).to.deep.equal(tables.fleet_first!.expected);
    const pick = (rows: Rows) =>
      rows.map((r) => [r.device_id, r.reading_ts, r.temp_c]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    // Written out as well, so that a mistake shared by both computations would still show.
    expect(pick(tables.fleet_latest!.actual)).to.deep.equal([
      ["d1", "2026-01-05 08:03:00", null],
      ["d2", "2026-01-05 08:01:30", 19.25],
      ["d3", "2026-01-05 08:04:00", 33.0],
    ]);
    expect(pick(tables.fleet_first!.actual)).to.deep.equal([
      ["d1", "2026-01-05 08:00:00", 20.0],
      ["d2", "2026-01-05 08:00:30", 18.5],
      ["d3", "2026-01-05 08:00:00", 30.0],
    ]);
  });

  it("fills a gen-1 reading's missing date and timestamp, and keeps a gen-2 reading's own", () => {
    const d1 = tables.fleet_history!.actual.filter((r) => r.device_id === "d1");
    expect(d1.map((r) => [r.serviced_on, r.calibrated_at, r.battery, r.gateway !== null])).to.deep.equal(
      d1.map(() => ["2025-06-01", "2025-01-01 00:00:00", null, true]),
    );
    const first = tables.fleet_history!.actual.find(
      (r) => r.device_id === "d2" && r.reading_ts === "2026-01-05 08:00:30",
    )!;
    expect([first.serviced_on, first.calibrated_at, first.battery]).to.deep.equal([
      "2025-12-01",
      "2025-12-01 00:00:00",
      { level: 80, charging: false },
    ]);
  });
});
