/**
 * An example pipeline that is not STEDI: a shop's orders (nested JSON with line items), its in-store
 * sales and its shipments. It uses every node kind; `npm test` runs it on local Spark and checks every
 * table's rows. Rendered into generated/shop-dev/ and generated/shop-prod/ by `npm run render`.
 */
import {
  and,
  array,
  column,
  dq,
  e,
  eq,
  ge,
  gt,
  isIn,
  isNotNull,
  isNull,
  job,
  le,
  like,
  lt,
  ne,
  not,
  or,
  pii,
  pipeline,
  rlike,
  struct,
  table,
  type PipelineDef,
} from "../../src/dsl";

const FILE = "jobs/shop/pipeline.ts";

export const orders_landing = table("orders_landing", {
  entity: "orders",
  zone: "landing",
  description: "Web and app orders as they land: the customer as an object, the order lines as an array.",
  columns: [
    column("order_id", "bigint", { jsonKey: "orderId" }),
    pii("customer", struct({ id: "bigint", email: "string", country: "string" })),
    column("placed_at", "string", { jsonKey: "placedAt", comment: "yyyy-MM-dd HH:mm:ss, UTC" }),
    column("lines", array(struct({ sku: "string", qty: "int", unit_price: "double" }))),
    column("coupon", "string"),
    column("channel", "string"),
  ],
});
export const store_sales_landing = table("store_sales_landing", {
  entity: "store_sales",
  zone: "landing",
  columns: [
    column("order_id", "bigint"),
    column("sku", "string"),
    column("qty", "int"),
    column("unit_price", "double"),
    column("sold_at", "bigint", { comment: "Epoch ms" }),
  ],
});
export const shipments_landing = table("shipments_landing", {
  entity: "shipments",
  zone: "landing",
  columns: [
    column("shipment_id", "bigint", { jsonKey: "shipmentId" }),
    column("order_id", "bigint", { jsonKey: "orderId" }),
    column("shipped_at", "bigint", { jsonKey: "shippedAt", comment: "Epoch ms" }),
    column("carrier", "string"),
    column("status", "string"),
  ],
});
export const order_lines = table("order_lines", {
  entity: "orders",
  zone: "trusted",
  description: "One row per order line, partitioned by order day.",
});
// Two curated tables of one entity: each has its own prefix.
export const delivered_shipments = table("delivered_shipments", {
  entity: "shipments",
  zone: "curated",
  prefix: "shipments/curated/delivered/",
});
export const open_shipments = table("open_shipments", {
  entity: "shipments",
  zone: "curated",
  prefix: "shipments/curated/open/",
  format: "json",
});
export const all_sales = table("all_sales", { entity: "sales", zone: "curated" });
export const revenue_by_country = table("revenue_by_country", {
  entity: "revenue",
  zone: "curated",
  prefix: "revenue/curated/by_country/",
});
export const country_rank = table("country_rank", {
  entity: "revenue",
  zone: "curated",
  prefix: "revenue/curated/rank/",
});

const orderLines = job(
  "order_lines",
  {
    file: FILE,
    description:
      "Order lines from nested orders: customer flattened, one row per line, typed times, defaults, line totals.",
  },
  ({ source, sink }) => {
    const orders = source(orders_landing, { name: "Orders Landing" });
    const withCustomer = orders.flatten({ name: "Flatten Customer", columns: ["customer"] });
    const lines = withCustomer.explode("lines", { name: "One Row Per Line", as: "line", position: "line_no" });
    const flatLines = lines.flatten({ name: "Flatten Line", columns: ["line"] });
    const named = flatLines.rename(
      { line_sku: "sku", line_qty: "qty", line_unit_price: "unit_price" },
      { name: "Line Names" },
    );
    const placed = named.toTimestamp("placed_at", { name: "Placed Time", from: { pattern: "yyyy-MM-dd HH:mm:ss" } });
    const day = placed.formatTimestamp("placed_at", {
      name: "Order Day",
      to: { pattern: "yyyy-MM-dd" },
      as: "order_day",
    });
    const filled = day.fillMissing({ coupon: "none", customer_country: "unknown" }, { name: "Defaults" });
    const totals = filled.derive(
      {
        line_total: e.mul(e.col("qty"), e.col("unit_price")),
        size: e.case([[e.ge(e.col("qty"), 10), "bulk"]], "single"),
        label: e.concat(e.upper(e.col("sku")), "-", e.cast(e.col("line_no"), "string")),
        placed_year: e.year(e.col("placed_at")),
        ship_by: e.dateAdd(e.toDate(e.col("placed_at")), 2),
      },
      { name: "Line Totals" },
    );
    const noEmail = totals.drop(["customer_email"], { name: "Drop Email" });
    sink(noEmail, order_lines, { name: "Order Lines", mode: "overwrite", partitionKeys: ["order_day"] });
  },
);

const shipments = job(
  "shipments",
  { file: FILE, description: "Shipments, once each, split into delivered and open." },
  ({ source, sink }) => {
    const raw = source(shipments_landing, { name: "Shipments Landing" });
    const unique = raw.dropDuplicates({ name: "Drop Duplicate Shipments" });
    const timed = unique.toTimestamp("shipped_at", { name: "Shipped Time", from: "epochMillis" });
    const { Delivered: delivered, "Open Shipments": open } = timed.route(
      { Delivered: eq("status", "delivered") },
      { name: "Route By Status", default: "Open Shipments" },
    );
    sink(delivered, delivered_shipments, { name: "Delivered Shipments", mode: "overwrite" });
    sink(open, open_shipments, { name: "Open Shipments Out", mode: "overwrite" });
  },
);

const COLUMNS = ["order_id", "sku", "qty", "unit_price", "order_day"];

const allSales = job(
  "all_sales",
  { file: FILE, description: "Web and store sales in one table." },
  ({ source, sink }) => {
    const web = source(order_lines, { name: "Order Lines" }).select(COLUMNS, { name: "Web Sales" });
    const store = source(store_sales_landing, { name: "Store Sales Landing" })
      .toTimestamp("sold_at", { name: "Sold Time", from: "epochMillis" })
      .formatTimestamp("sold_at", { name: "Sold Day", to: { pattern: "yyyy-MM-dd" }, as: "order_day" })
      .select(COLUMNS, { name: "Store Sales" });
    const both = web.union([store], { name: "All Sales" });
    sink(both.filter(gt("qty", 0), { name: "Positive Quantities" }), all_sales, {
      name: "All Sales Out",
      mode: "overwrite",
    });
  },
);

const revenue = job(
  "revenue",
  { file: FILE, description: "Revenue of delivered orders by country, and the countries ranked." },
  ({ source, sql, sink }) => {
    const lines = source(order_lines, { name: "Order Lines" });
    const delivered = source(delivered_shipments, { name: "Delivered" });
    const shipped = lines.join(delivered.select(["order_id", "carrier"], { name: "Delivered Orders" }), {
      name: "Shipped Lines",
      type: "inner",
      on: { order_id: "order_id" },
    });
    const byCountry = shipped.aggregate(
      {
        groupBy: ["customer_country"],
        columns: {
          orders: ["countDistinct", "order_id"],
          lines: ["count", "line_no"],
          items: ["sum", "qty"],
          revenue: ["sum", "line_total"],
          avg_line: ["avg", "line_total"],
          first_order: ["min", "placed_at"],
          last_order: ["max", "placed_at"],
        },
      },
      { name: "Revenue By Country" },
    );
    const ranked = sql(
      `SELECT customer_country AS country, revenue, CAST(RANK() OVER (ORDER BY revenue DESC) AS INT) AS revenue_rank
FROM by_country`,
      { by_country: byCountry },
      [column("country", "string"), column("revenue", "double"), column("revenue_rank", "int")],
      { name: "Rank Countries" },
    );
    sink(byCountry, revenue_by_country, { name: "Revenue Out", mode: "overwrite" });
    sink(ranked, country_rank, { name: "Country Rank", mode: "overwrite" });
  },
);

export const reviews_landing = table("reviews_landing", {
  entity: "reviews",
  zone: "landing",
  description: "Product reviews as they land: tags as an array, the time as Oslo wall-clock text.",
  columns: [
    column("review_id", "bigint", { jsonKey: "reviewId" }),
    column("order_id", "bigint", { jsonKey: "orderId" }),
    column("sku", "string"),
    column("rating", "int"),
    column("tags", array("string")),
    column("posted_at", "string", { jsonKey: "postedAt", comment: "yyyy-MM-dd HH:mm:ss, Europe/Oslo wall time" }),
    column("reviewer", "string"),
    column("price_delta", "double", { jsonKey: "priceDelta" }),
  ],
});
export const reviews_trusted = table("reviews_trusted", {
  entity: "reviews",
  zone: "trusted",
  description: "Reviews of known products by real reviewers, with UTC times and tag facts.",
});
export const review_stats = table("review_stats", {
  entity: "reviews",
  zone: "curated",
  description: "Per product: review counts, the rating's spread and median, the first and the latest review.",
});

const SHOP_ZONE = "Europe/Oslo";

const reviews = job(
  "reviews",
  {
    file: FILE,
    description: "Reviews typed and filtered, times from Oslo wall-clock to UTC, tag facts, stats per product.",
  },
  ({ source, sink }) => {
    const raw = source(reviews_landing, { name: "Reviews Landing" });
    const typed = raw.applyMapping(
      [
        ["review_id", "review_id"],
        ["sku", "sku"],
        ["rating", "stars", "double"],
        ["tags", "tags"],
        ["posted_at", "posted_at"],
        ["reviewer", "reviewer"],
        ["price_delta", "price_delta"],
      ],
      { name: "Review Schema" },
    );
    const known = typed.filter(
      and(
        isIn("sku", ["apple", "pear", "plum", "fig"]),
        rlike("reviewer", "(?i)^[a-z]+@[a-z]+\\.[a-z]+$"),
        not(like("reviewer", "%@spam.%")),
      ),
      { name: "Known Products And Reviewers" },
    );
    const plausible = known.filter(
      and(
        isNotNull("posted_at"),
        ne("reviewer", "test@example.com"),
        or(isNull("stars"), and(ge("stars", 1), le("stars", 5))),
        or(isNull("price_delta"), and(gt("price_delta", -10), lt("price_delta", 10))),
      ),
      { name: "Plausible Values" },
    );
    const utc = plausible.toTimestamp("posted_at", {
      name: "Posted Time",
      from: { pattern: "yyyy-MM-dd HH:mm:ss" },
      zone: SHOP_ZONE,
    });
    const localDay = utc.formatTimestamp("posted_at", {
      name: "Local Day",
      to: { pattern: "yyyy-MM-dd" },
      zone: SHOP_ZONE,
      as: "local_day",
    });
    const facts = localDay.derive(
      {
        tag_count: e.size(e.col("tags")),
        fragile: e.contains(e.col("tags"), "fragile"),
        first_tag: e.elementAt(e.col("tags"), 1),
        last_tag: e.elementAt(e.col("tags"), -1),
        delta_rounded: e.round(e.col("price_delta"), 2),
        delta_abs: e.abs(e.col("price_delta")),
        delta_floor: e.floor(e.col("price_delta")),
        delta_ceil: e.ceil(e.col("price_delta")),
        positive: e.isIn(e.col("stars"), [4, 5]),
        example_reviewer: e.like(e.lower(e.col("reviewer")), "%@example.com"),
        stone_fruit: e.rlike(e.col("sku"), "^(plum|cherry)$"),
        posted_oslo: e.fromUtcTimestamp(e.col("posted_at"), SHOP_ZONE),
        round_trips: e.eq(
          e.toUtcTimestamp(e.fromUtcTimestamp(e.col("posted_at"), SHOP_ZONE), SHOP_ZONE),
          e.col("posted_at"),
        ),
        posted_month: e.month(e.col("posted_at")),
        posted_day: e.dayofmonth(e.col("posted_at")),
        posted_hour_oslo: e.hour(e.col("posted_oslo")),
        days_after_launch: e.dateDiff(e.toDate(e.col("posted_at")), e.cast(e.lit("2026-01-01"), "date")),
        reviewer_key: e.trim(e.lower(e.col("reviewer"))),
        reviewer_length: e.length(e.col("reviewer")),
        sku_code: e.substring(e.upper(e.col("sku")), 1, 3),
        stars_or_zero: e.coalesce(e.col("stars"), 0),
        stars_pct: e.mul(e.div(e.sub(e.col("stars"), 1), 4), 100),
        delta_shifted: e.add(e.col("price_delta"), 10),
        verdict: e.case(
          [
            [e.isNull(e.col("stars")), e.null("string")],
            [e.gt(e.col("stars"), 3), "good"],
            [e.lt(e.col("stars"), 3), "bad"],
          ],
          "mixed",
        ),
        // SQL's three-valued logic: NULL stars make it FALSE, a NULL fragile makes the or NULL unless stars <= 2.
        needs_reply: e.and(
          e.isNotNull(e.col("stars")),
          e.or(e.le(e.col("stars"), 2), e.not(e.ne(e.col("fragile"), true))),
        ),
      },
      { name: "Review Facts" },
    );
    const checked = facts.evaluateDataQuality(
      dq.rules("warn", dq.isComplete("review_id"), dq.isUnique("review_id"), dq.isComplete("posted_at")),
      { name: "Review Checks" },
    );
    const stats = checked.aggregate(
      {
        groupBy: ["sku"],
        columns: {
          reviews: ["count", "*"],
          rated: ["count", "stars"],
          stars_stddev: ["stddev", "stars"],
          median_stars: ["percentile", "stars", { p: 0.5 }],
          delta_p90: ["percentile", "price_delta", { p: 0.9, accuracy: 100 }],
          first_review: ["first", "review_id", { orderBy: "posted_at" }],
          latest_reviewer: ["last", "reviewer", { orderBy: "posted_at" }],
        },
      },
      { name: "Review Stats" },
    );
    sink(checked, reviews_trusted, { name: "Reviews Trusted", mode: "overwrite" });
    sink(stats, review_stats, { name: "Review Stats Out", mode: "overwrite" });
  },
);

/** The shop pipeline; its tables come from the jobs (`store_sales_landing` etc. are declared once, above). */
export function shopPipeline(): PipelineDef {
  return pipeline("shop", [orderLines, shipments, allSales, revenue, reviews, skuLatestSale]);
}

export const sku_latest_sale = table("sku_latest_sale", {
  entity: "sku_sales",
  zone: "curated",
  description: "Each SKU's latest sale, web or store, with its place in the SKU's sales and the quantity so far.",
});

// The latest row per key and running totals, written with window and keepLatest instead of a SQL node.
const skuLatestSale = job(
  "sku_latest_sale",
  { file: FILE, description: "Web and store sales by name, numbered per SKU over time, and each SKU's latest sale." },
  ({ source, sink }) => {
    const web = source(order_lines, { name: "Order Lines" }).select(
      ["order_id", "customer_id", "channel", "sku", "qty", "unit_price", "placed_at"],
      { name: "Web Lines" },
    );
    const store = source(store_sales_landing, { name: "Store Sales Landing" })
      .toTimestamp("sold_at", { name: "Sold Time", from: "epochMillis" })
      .rename({ sold_at: "placed_at" }, { name: "Store Lines" });
    // Store sales have no customer and no channel: union by name leaves those NULL, then defaults fill them.
    const sales = web.union([store], { name: "Web And Store Sales", allowMissingColumns: true });
    const filled = sales.fillMissing({ customer_id: 0, channel: "store" }, { name: "Store Defaults" });
    const history = filled.window(
      {
        partitionBy: ["sku"],
        orderBy: ["placed_at"],
        columns: {
          sale_no: ["rowNumber"],
          qty_so_far: ["sum", "qty"],
          prev_qty: ["lag", "qty", { default: 0 }],
        },
      },
      { name: "Sku History" },
    );
    const latest = history.keepLatest({ name: "Latest Sale", keys: ["sku"], by: ["placed_at"] });
    sink(latest, sku_latest_sale, { name: "Sku Latest Sale", mode: "overwrite" });
  },
);
