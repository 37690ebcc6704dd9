/**
 * The example shop pipeline (jobs/shop) on local Spark: nested landing JSON read typed with its bad
 * lines kept, every node kind run, a partitioned table read downstream, and every table's exact rows.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runnerInvocation } from "../src/cli/run";
import { dataLines, localPath, plainPython, repoRoot, runLocal, TempDirs, type LocalRun } from "./local-run-support";

const EXAMPLE = join(repoRoot, "jobs", "shop");
const GENERATED = join(repoRoot, "generated");
const temp = new TempDirs();

interface TableRows {
  readonly columns: string[];
  readonly rows: unknown[][];
  readonly partitions: string[];
}

/** reviews_trusted's exact rows (the run's; shop_expected.py checks them independently), columns: review_id, sku,
 * stars, tags, posted_at, reviewer, price_delta, local_day, tag_count, fragile, first_tag, last_tag, delta_rounded,
 * delta_abs, delta_floor, delta_ceil, positive, example_reviewer, stone_fruit, posted_oslo, round_trips,
 * posted_month, posted_day, posted_hour_oslo, days_after_launch, reviewer_key, reviewer_length, sku_code,
 * stars_or_zero, stars_pct, delta_shifted, verdict, needs_reply.
 */
const REVIEWS_TRUSTED = [
  [
    1,
    "apple",
    5.0,
    ["fresh", "fast"],
    "2026-01-05 11:00:00",
    "ann@example.com",
    -0.25,
    "2026-01-05",
    2,
    false,
    "fresh",
    "fast",
    -0.25,
    0.25,
    -1,
    0,
    true,
    true,
    false,
    "2026-01-05 12:00:00",
    true,
    1,
    5,
    12,
    4,
    "ann@example.com",
    15,
    "APP",
    5.0,
    100.0,
    9.75,
    "good",
    false,
  ],
  [
    2,
    "pear",
    3.0,
    ["bruised"],
    "2026-01-05 11:05:00",
    "ann@example.com",
    0.5,
    "2026-01-05",
    1,
    false,
    "bruised",
    "bruised",
    0.5,
    0.5,
    0,
    1,
    false,
    true,
    false,
    "2026-01-05 12:05:00",
    true,
    1,
    5,
    12,
    4,
    "ann@example.com",
    15,
    "PEA",
    3.0,
    50.0,
    10.5,
    "mixed",
    false,
  ],
  [
    3,
    "apple",
    4.0,
    ["fast", "fragile", "cheap"],
    "2026-03-29 01:30:00",
    "bob@shop.se",
    1.755,
    "2026-03-29",
    3,
    true,
    "fast",
    "cheap",
    1.76,
    1.755,
    1,
    2,
    true,
    false,
    false,
    "2026-03-29 03:30:00",
    true,
    3,
    29,
    3,
    87,
    "bob@shop.se",
    11,
    "APP",
    4.0,
    75.0,
    11.754999999999999,
    "good",
    true,
  ],
  [
    4,
    "plum",
    1.0,
    [],
    "2026-01-06 22:30:00",
    "cy@example.com",
    -2.5,
    "2026-01-06",
    0,
    false,
    null,
    null,
    -2.5,
    2.5,
    -3,
    -2,
    false,
    true,
    true,
    "2026-01-06 23:30:00",
    true,
    1,
    6,
    23,
    5,
    "cy@example.com",
    14,
    "PLU",
    1.0,
    0.0,
    7.5,
    "bad",
    true,
  ],
  [
    5,
    "apple",
    null,
    null,
    "2026-01-06 23:30:00",
    "BOB@SHOP.SE",
    0.0,
    "2026-01-07",
    null,
    null,
    null,
    null,
    0.0,
    0.0,
    0,
    0,
    null,
    false,
    false,
    "2026-01-07 00:30:00",
    true,
    1,
    6,
    0,
    5,
    "bob@shop.se",
    11,
    "APP",
    0.0,
    null,
    10.0,
    null,
    false,
  ],
  [
    6,
    "apple",
    2.0,
    ["fresh", null],
    "2026-07-01 06:00:00",
    "dee@example.com",
    2.345,
    "2026-07-01",
    2,
    null,
    "fresh",
    null,
    2.35,
    2.345,
    2,
    3,
    false,
    true,
    false,
    "2026-07-01 08:00:00",
    true,
    7,
    1,
    8,
    181,
    "dee@example.com",
    15,
    "APP",
    2.0,
    25.0,
    12.345,
    "bad",
    true,
  ],
];

/** Each table as tests/python/shop_expected.py computes it from the landing files, in plain Python. */
const expectedTables = () =>
  plainPython<Record<string, Record<string, unknown>[]>>("shop_expected.py", [join(EXAMPLE, "landing")]);

/** Rows as sorted JSON texts, keys sorted and numbers to 12 significant digits (sums of doubles differ below). */
function canonical(rows: readonly Record<string, unknown>[]): string[] {
  const plain = (v: unknown): unknown =>
    typeof v === "number"
      ? Number(v.toPrecision(12))
      : Array.isArray(v)
        ? v.map(plain)
        : v !== null && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, x]) => [k, plain(x)]),
            )
          : v;
  return rows.map((r) => JSON.stringify(plain(r))).sort();
}

/** Every table of the run read back through its Data Catalog: columns, sorted rows, catalog partitions. */
function tableRows(root: string): Record<string, TableRows> {
  const invocation = runnerInvocation([], repoRoot);
  const result = spawnSync(
    invocation.command,
    [join(__dirname, "python", "table_rows.py"), root, GENERATED, "shop-dev"],
    {
      env: { ...invocation.env, PYTHONPATH: join(repoRoot, "runtime") },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status !== 0) throw new Error(`table_rows.py failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, TableRows>;
}

describe("example pipeline: the shop (jobs/shop) on local Spark", function () {
  const root = temp.dir("shop");
  let run: LocalRun;
  let tables: Record<string, TableRows>;

  before(function () {
    run = runLocal(["--stack", "shop-dev", "--landing", join(EXAMPLE, "landing")], root);
    if (run.status !== 0) throw new Error(`the shop run failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
    tables = tableRows(root);
  });
  after(() => temp.removeAll());

  it("reads nested landing JSON typed, keeping every malformed or mistyped line (nested ones too) and counting it", () => {
    const t = run.report!.tables;
    expect([t.orders_landing!.rows, t.orders_landing!.rejected]).to.deep.equal([4, 4]);
    expect([t.shipments_landing!.rows, t.shipments_landing!.rejected]).to.deep.equal([5, 1]);
    expect([t.store_sales_landing!.rows, t.store_sales_landing!.rejected]).to.deep.equal([3, 0]);
    expect([t.reviews_landing!.rows, t.reviews_landing!.rejected]).to.deep.equal([10, 1]);
    const landed = readFileSync(join(EXAMPLE, "landing", "orders", "landing", "orders.json"), "utf8").split("\n");
    const bad = landed.filter((l) => /"orderId": [5-8]/.test(l));
    const manifest = JSON.parse(readFileSync(join(GENERATED, "shop-dev", "pipeline.json"), "utf8")) as {
      jobs: { name: string; rejected: { table: string; prefix: string }[] }[];
    };
    const prefix = manifest.jobs.find((j) => j.name === "order_lines")!.rejected[0]!.prefix;
    expect(dataLines(localPath(root, `s3://shop-dev-data/${prefix}`)).sort()).to.deep.equal(bad.sort());
  });

  it("writes order_lines partitioned by order day, on disk and in the catalog", () => {
    expect(tables.order_lines!.partitions).to.deep.equal(["order_day=2026-01-05", "order_day=2026-01-06"]);
    for (const day of ["2026-01-05", "2026-01-06"])
      expect(
        dataLines(localPath(root, `s3://shop-dev-data/orders/trusted/order_day=${day}/`)).length,
        day,
      ).to.be.greaterThan(0);
  });

  it("gives each table the columns and types inferred in the DSL", () => {
    const manifest = JSON.parse(readFileSync(join(GENERATED, "shop-dev", "pipeline.json"), "utf8")) as {
      tables: {
        name: string;
        zone: string;
        columns: { name: string; type: string }[];
        partitionKeys: { name: string; type: string }[];
      }[];
    };
    for (const t of manifest.tables.filter((x) => x.zone !== "landing"))
      expect(tables[t.name]!.columns, t.name).to.deep.equal(
        [...t.columns, ...t.partitionKeys].map((c) => `${c.name}:${c.type}`),
      );
  });

  it("produces exactly the expected rows in every table", () => {
    const rows = Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, t.rows]));
    expect(rows).to.deep.equal({
      // flatten, explode (order 3 has no lines), rename, to/format timestamp, fill missing, derive (concat, upper,
      // cast, year, toDate, dateAdd), drop
      order_lines: [
        [
          1,
          10,
          "NO",
          "2026-01-05 10:00:00",
          0,
          "apple",
          3,
          2.5,
          "WINTER",
          "web",
          7.5,
          "single",
          "APPLE-0",
          2026,
          "2026-01-07",
          "2026-01-05",
        ],
        [
          1,
          10,
          "NO",
          "2026-01-05 10:00:00",
          1,
          "pear",
          1,
          4.0,
          "WINTER",
          "web",
          4.0,
          "single",
          "PEAR-1",
          2026,
          "2026-01-07",
          "2026-01-05",
        ],
        [
          2,
          11,
          "SE",
          "2026-01-05 18:30:00",
          0,
          "apple",
          12,
          2.5,
          "none",
          "web",
          30.0,
          "bulk",
          "APPLE-0",
          2026,
          "2026-01-07",
          "2026-01-05",
        ],
        [
          4,
          12,
          "unknown",
          "2026-01-06 12:00:00",
          0,
          "plum",
          2,
          1.25,
          "none",
          "web",
          2.5,
          "single",
          "PLUM-0",
          2026,
          "2026-01-08",
          "2026-01-06",
        ],
      ],
      // drop duplicates, epoch ms to timestamp, conditional router (a NULL status goes to the default output)
      delivered_shipments: [
        [1, 1, "2026-01-06 08:30:00", "DHL", "delivered"],
        [3, 4, "2026-01-08 09:00:00", "DHL", "delivered"],
      ],
      open_shipments: [
        [2, 2, "2026-01-07 10:00:00", "UPS", "in_transit"],
        [5, 3, "2026-01-08 09:00:00", "PostNord", null],
      ],
      // the partitioned table read back, union by name with store sales, filter
      all_sales: [
        [1, "apple", 3, 2.5, "2026-01-05"],
        [1, "pear", 1, 4.0, "2026-01-05"],
        [100, "apple", 2, 2.5, "2026-01-05"],
        [102, "pear", 5, 4.0, "2026-01-06"],
        [2, "apple", 12, 2.5, "2026-01-05"],
        [4, "plum", 2, 1.25, "2026-01-06"],
      ],
      // join with delivered shipments, aggregate
      revenue_by_country: [
        ["NO", 1, 2, 4, 11.5, 5.75, "2026-01-05 10:00:00", "2026-01-05 10:00:00"],
        ["unknown", 1, 1, 2, 2.5, 2.5, "2026-01-06 12:00:00", "2026-01-06 12:00:00"],
      ],
      // SQL
      country_rank: [
        ["NO", 11.5, 1],
        ["unknown", 2.5, 2],
      ],
      // apply mapping, filters with isIn/rlike/not like and the comparisons, Oslo wall time to UTC (review 3 is in
      // the spring-forward gap), derive with every expression builder, data-quality check
      reviews_trusted: REVIEWS_TRUSTED,
      // count(*) against count(stars), sample stddev (NULL for one row), percentile, first/last by posted_at
      review_stats: [
        ["apple", 4, 3, 1.5275252316519465, 4.0, 2.345, 1, "dee@example.com"],
        ["pear", 1, 1, null, 3.0, 0.5, 2, "ann@example.com"],
        ["plum", 1, 1, null, 1.0, -2.5, 4, "cy@example.com"],
      ],
      // union by name (store sales lack customer and channel), fill missing, window (row number, running sum,
      // lag with a default), keep latest per SKU
      sku_latest_sale: [
        [101, 0, "store", "fig", 0, 3.0, "2026-01-06 08:29:59", 1, 0, 0],
        [102, 0, "store", "pear", 5, 4.0, "2026-01-06 08:29:59", 2, 6, 1],
        [2, 11, "web", "apple", 12, 2.5, "2026-01-05 18:30:00", 3, 17, 2],
        [4, 12, "web", "plum", 2, 1.25, "2026-01-06 12:00:00", 1, 2, 0],
      ],
    });
  });

  it("matches, table by table, a plain-Python computation from the landing files (tests/python/shop_expected.py)", () => {
    const expected = expectedTables();
    expect(Object.keys(expected).sort(), "a function per table the run wrote").to.deep.equal(
      Object.keys(tables).sort(),
    );
    for (const name of Object.keys(expected)) {
      const t = tables[name]!;
      const names = t.columns.map((c) => c.split(":")[0]!);
      const rows = t.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
      expect(canonical(rows), name).to.deep.equal(canonical(expected[name]!));
    }
  });
});
