/**
 * Glue 6.0's Spark 4.1 has ANSI SQL mode on (migrating-version-60.html: "ANSI mode is ON by default"); the DSL's
 * promises are those of ANSI mode off: a value that does not convert is NULL and kept, never a failed job. The 6.0
 * dialect of the scripts pins the mode off (templates/job.py.hbs, docs/decisions/glue-6-ansi-mode.md). This runs one
 * pipeline that exercises every point ANSI mode changes on real Spark 3.5, through the local runner, three times (three
 * JVMs, tests/spark-budget.json: the setting under test is the session's default at start-up, which one shared
 * session cannot have both ways): the 5.0 script with ANSI off (Glue 5.x), and the 5.0 and 6.0 scripts in a session
 * with Spark 4's defaults (ANSI on, `spark.sql.legacy.timeParserPolicy=CORRECTED`), set through spark-defaults.conf
 * so the runner and the scripts are untouched.
 *   ansi_land: landing → toTimestamp (a pattern) → derive (casts, overflow, division by zero, to_date) → sql (a
 *     user's CAST) → ansi_trusted (append, so a file stored there earlier, with strings in number columns, stays)
 *   ansi_read: ansi_trusted (from_catalog + withDeclaredColumns, casting those strings) → filter (NULL semantics)
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertValid, column, e, eq, job, not, pipeline, table } from "../src/dsl";
import type { GlueVersion } from "../src/model/glue-versions";
import { renderPipeline } from "../src/render";
import { runnerInvocation } from "../src/cli/run";
import { dataLines, repoRoot, TempDirs, writeLanding } from "./local-run-support";

const landing = table("ansi_landing", {
  entity: "ansi",
  zone: "landing",
  columns: [
    column("id", "bigint"),
    column("code", "string"),
    column("num", "bigint"),
    column("den", "bigint"),
    column("seen", "string"),
  ],
});
const trusted = table("ansi_trusted", { entity: "ansi", zone: "trusted", format: "json", kept: "append" });
const curated = table("ansi_curated", { entity: "ansi", zone: "curated", format: "json" });

const DERIVED = [
  column("id", "bigint"),
  column("as_int", "int"),
  column("doubled", "bigint"),
  column("ratio", "double"),
  column("narrow", "int"),
  column("seen_ts", "timestamp"),
  column("day", "date"),
  column("seen_at", "timestamp"),
  column("num", "bigint"),
  column("sql_int", "int"),
];

const definition = pipeline(
  "ansi",
  [landing, trusted, curated],
  [
    job("ansi_land", ({ source, sql, sink }) => {
      const parsed = source(landing, { name: "Rows" })
        .toTimestamp("seen", { name: "Seen At", from: { pattern: "yyyy-MM-dd HH:mm:ss" }, as: "seen_at" })
        .derive(
          {
            as_int: e.cast(e.col("code"), "int"),
            doubled: e.add(e.col("num"), e.col("num")),
            ratio: e.div(e.col("num"), e.col("den")),
            narrow: e.cast(e.col("num"), "int"),
            seen_ts: e.cast(e.col("seen"), "timestamp"),
          },
          { name: "Casts" },
        )
        .derive({ day: e.toDate(e.col("seen_ts")) }, { name: "Day" });
      const typed = sql(
        "SELECT id, as_int, doubled, ratio, narrow, seen_ts, day, seen_at, num, CAST(code AS INT) AS sql_int FROM rows",
        { rows: parsed },
        DERIVED,
        { name: "User Cast" },
      );
      return sink(typed, trusted, { name: "Trusted" });
    }),
    job("ansi_read", ({ source, sink }) => {
      const kept = source(trusted, { name: "Stored" }).filter(not(eq("num", 5)), { name: "Not Five" });
      return sink(kept, curated, { name: "Curated" });
    }),
  ],
);

const MAX = "9223372036854775807";
const LINES = [
  `{"id":1,"code":"7","num":5,"den":2,"seen":"2025-01-05 10:00:00"}`,
  // A code that is not a number, an addition that overflows, a zero divisor, text that is not a time.
  `{"id":2,"code":"abc","num":${MAX},"den":0,"seen":"not a time"}`,
  `{"id":3}`,
  // An int overflow in a cast from text and from bigint, a date that does not exist.
  `{"id":4,"code":"99999999999","num":-4,"den":-2,"seen":"2025-02-30 00:00:00"}`,
];
/** Stored in ansi_trusted before the run, as an older job version wrote it: strings in its number columns. */
const STORED = `{"id":9,"as_int":"oops","doubled":"12","num":1}`;

interface Run {
  readonly status: number | null;
  readonly output: string;
  readonly trusted: Record<string, unknown>[];
  readonly curated: Record<string, unknown>[];
}

const temp = new TempDirs();

function runAt(version: GlueVersion, spark4Defaults: boolean): Run {
  const base = temp.dir(`ansi-${version}-${spark4Defaults ? "on" : "off"}`);
  const rendered = renderPipeline(assertValid(definition), {
    stack: "ansi",
    database: "ansi_db",
    options: {},
    glueVersion: version,
  });
  for (const f of rendered.files) {
    mkdirSync(join(base, f.path, ".."), { recursive: true });
    writeFileSync(join(base, f.path), f.content);
  }
  writeLanding(join(base, "landing"), { ansi: LINES });
  const root = join(base, "lakehouse");
  const lake = join(root, "s3", `${rendered.qualifiedStack}-data`);
  mkdirSync(join(lake, "ansi", "trusted"), { recursive: true });
  writeFileSync(join(lake, "ansi", "trusted", "part-stored.json"), `${STORED}\n`);
  const conf = join(base, "spark-conf");
  mkdirSync(conf, { recursive: true });
  writeFileSync(
    join(conf, "spark-defaults.conf"),
    spark4Defaults
      ? "spark.sql.ansi.enabled true\nspark.sql.legacy.timeParserPolicy CORRECTED\n"
      : "spark.sql.ansi.enabled false\n",
  );
  const report = join(base, "report.json");
  const args = ["--generated", join(base, "generated"), "--stack", "ansi", "--landing", join(base, "landing")];
  const invocation = runnerInvocation([...args, "--root", root, "--report", report], repoRoot, () => undefined);
  const r = spawnSync(invocation.command, invocation.args, {
    cwd: invocation.cwd,
    env: { ...invocation.env, SPARK_CONF_DIR: conf },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const rows = (zone: string) =>
    r.status === 0
      ? dataLines(join(lake, "ansi", zone))
          .map((text) => JSON.parse(text) as Record<string, unknown>)
          .sort((a, b) => Number(a.id) - Number(b.id))
      : [];
  return { status: r.status, output: `${r.stdout}\n${r.stderr}`, trusted: rows("trusted"), curated: rows("curated") };
}

describe("Glue 6.0's ANSI mode: the scripts' promises hold with Spark's default on and off", function () {
  this.timeout(600_000);
  after(() => temp.removeAll());
  const runs: Partial<Record<string, Run>> = {};
  const run = (version: GlueVersion, on: boolean) => (runs[`${version}:${on}`] ??= runAt(version, on));

  const pick = (rows: Record<string, unknown>[], keys: string[]) =>
    rows.map((row) => keys.map((k) => (row[k] === undefined ? null : row[k])));

  it("5.0's script, ANSI off (Glue 5.x): bad values are NULL (or wrap, as Spark 3.5 does), every row kept", function () {
    const r = run("5.0", false);
    expect(r.status, r.output).to.equal(0);
    // Job 1 wrote ids 1-4 next to the stored row 9; its JSON drops NULL fields.
    expect(pick(r.trusted, ["id", "as_int", "doubled", "ratio", "narrow", "sql_int"])).to.deep.equal([
      [1, 7, 10, 2.5, 5, 7],
      [2, null, -2, null, -1, null],
      [3, null, null, null, null, null],
      [4, null, -8, 2.0, -4, null],
      [9, "oops", "12", null, null, null],
    ]);
    expect(
      pick(r.trusted, ["id", "seen_ts", "day", "seen_at"]).map(([id, ...times]) => [id, times.map(Boolean)]),
    ).to.deep.equal([
      [1, [true, true, true]],
      [2, [false, false, false]],
      [3, [false, false, false]],
      [4, [false, false, false]],
      [9, [false, false, false]],
    ]);
    // withDeclaredColumns casts the stored strings: "oops" is NULL, "12" is 12. The filter keeps `num != 5` only
    // where it is true: id 1 (5) is dropped, and so is id 3, whose NULL makes the predicate NULL.
    expect(pick(r.curated, ["id", "as_int", "doubled", "num"])).to.deep.equal([
      [2, null, -2, Number(MAX)],
      [4, null, -8, -4],
      [9, null, 12, 1],
    ]);
  });

  it("5.0's script fails with Spark 4's defaults: the check below is real, and 5.x needs ANSI off", function () {
    const r = run("5.0", true);
    expect(r.status).to.not.equal(0);
    expect(r.output).to.match(/CAST_INVALID_INPUT|ARITHMETIC_OVERFLOW|DIVIDE_BY_ZERO|CAST_OVERFLOW/);
  });

  it("6.0's script with Spark 4's defaults (ANSI on): the same rows as 5.0's script on 5.x", function () {
    const baseline = run("5.0", false);
    const r = run("6.0", true);
    expect(r.status, r.output).to.equal(0);
    expect(r.output).to.not.match(/CAST_INVALID_INPUT|ARITHMETIC_OVERFLOW|DIVIDE_BY_ZERO|CAST_OVERFLOW/);
    expect(r.trusted).to.deep.equal(baseline.trusted);
    expect(r.curated).to.deep.equal(baseline.curated);
  });
});
