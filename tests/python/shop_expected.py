"""The shop example's tables computed independently: plain Python over the landing JSON files, with no pyspark and
no project code, one function per table, from what each job promises (jobs/shop/pipeline.ts, read as a
specification); the landing files are read by tests/python/plain_landing.py. tests/example-shop.spec.ts compares
the local run's tables with these.

Usage: shop_expected.py <landing folder>; prints {table: [row as {column: value}]} as JSON, timestamps as
"yyyy-MM-dd HH:mm:ss" text and dates as "yyyy-MM-dd", as tests/python/table_rows.py prints Spark's values."""

import datetime
import json
import math
import re
import statistics
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from plain_landing import TIME, from_millis, landing, text

UTC = datetime.UTC
OSLO = ZoneInfo("Europe/Oslo")

# The declared landing columns: (column, JSON key, type); a type is a name, ("array", t) or ("struct", fields).
ORDERS = [
    ("order_id", "orderId", "bigint"),
    ("customer", "customer", ("struct", [("id", "bigint"), ("email", "string"), ("country", "string")])),
    ("placed_at", "placedAt", "string"),
    ("lines", "lines", ("array", ("struct", [("sku", "string"), ("qty", "int"), ("unit_price", "double")]))),
    ("coupon", "coupon", "string"),
    ("channel", "channel", "string"),
]
SHIPMENTS = [
    ("shipment_id", "shipmentId", "bigint"),
    ("order_id", "orderId", "bigint"),
    ("shipped_at", "shippedAt", "bigint"),
    ("carrier", "carrier", "string"),
    ("status", "status", "string"),
]
STORE_SALES = [
    ("order_id", "order_id", "bigint"),
    ("sku", "sku", "string"),
    ("qty", "qty", "int"),
    ("unit_price", "unit_price", "double"),
    ("sold_at", "sold_at", "bigint"),
]
REVIEWS = [
    ("review_id", "reviewId", "bigint"),
    ("order_id", "orderId", "bigint"),
    ("sku", "sku", "string"),
    ("rating", "rating", "int"),
    ("tags", "tags", ("array", "string")),
    ("posted_at", "postedAt", "string"),
    ("reviewer", "reviewer", "string"),
    ("price_delta", "priceDelta", "double"),
]


def order_lines(folder: Path) -> list[dict]:
    """One row per line of each order (an order without lines has none), customer flattened without its email,
    defaults for a missing coupon and country, line totals and date facts."""
    rows = []
    for order in landing(folder, "orders", ORDERS):
        placed = datetime.datetime.strptime(order["placed_at"], TIME)
        customer = order["customer"] or {}
        for line_no, line in enumerate(order["lines"] or []):
            qty, price, sku = line["qty"], line["unit_price"], line["sku"]
            rows.append(
                {
                    "order_id": order["order_id"],
                    "customer_id": customer.get("id"),
                    "customer_country": customer["country"] if customer.get("country") is not None else "unknown",
                    "placed_at": text(placed),
                    "line_no": line_no,
                    "sku": sku,
                    "qty": qty,
                    "unit_price": price,
                    "coupon": order["coupon"] if order["coupon"] is not None else "none",
                    "channel": order["channel"],
                    "line_total": qty * price if qty is not None and price is not None else None,
                    "size": "bulk" if qty is not None and qty >= 10 else "single",
                    "label": f"{sku.upper()}-{line_no}" if sku is not None else None,
                    "placed_year": placed.year,
                    "ship_by": (placed.date() + datetime.timedelta(days=2)).isoformat(),
                    "order_day": placed.date().isoformat(),
                }
            )
    return rows


def _shipments(folder: Path) -> list[dict]:
    unique = []
    for s in landing(folder, "shipments", SHIPMENTS):
        if s not in unique:
            unique.append(s)
    return [
        {**s, "shipped_at": text(from_millis(s["shipped_at"])) if s["shipped_at"] is not None else None} for s in unique
    ]


def delivered_shipments(folder: Path) -> list[dict]:
    return [s for s in _shipments(folder) if s["status"] == "delivered"]


def open_shipments(folder: Path) -> list[dict]:
    """Every other shipment, a NULL status included."""
    return [s for s in _shipments(folder) if s["status"] != "delivered"]


def all_sales(folder: Path) -> list[dict]:
    keys = ["order_id", "sku", "qty", "unit_price", "order_day"]
    web = [{k: r[k] for k in keys} for r in order_lines(folder)]
    store = [
        {**{k: s[k] for k in keys[:4]}, "order_day": from_millis(s["sold_at"]).date().isoformat()}
        for s in landing(folder, "store_sales", STORE_SALES)
    ]
    return [r for r in web + store if r["qty"] is not None and r["qty"] > 0]


def revenue_by_country(folder: Path) -> list[dict]:
    delivered = {s["order_id"] for s in delivered_shipments(folder)}
    groups: dict = {}
    for line in order_lines(folder):
        if line["order_id"] in delivered:
            groups.setdefault(line["customer_country"], []).append(line)
    return [
        {
            "customer_country": country,
            "orders": len({x["order_id"] for x in lines}),
            "lines": len(lines),
            "items": sum(x["qty"] for x in lines),
            "revenue": sum(x["line_total"] for x in lines),
            "avg_line": sum(x["line_total"] for x in lines) / len(lines),
            "first_order": min(x["placed_at"] for x in lines),
            "last_order": max(x["placed_at"] for x in lines),
        }
        for country, lines in groups.items()
    ]


def country_rank(folder: Path) -> list[dict]:
    """SQL's RANK: tied revenues share a rank, and the next rank skips."""
    rows = revenue_by_country(folder)
    return [
        {
            "country": r["customer_country"],
            "revenue": r["revenue"],
            "revenue_rank": 1 + sum(1 for o in rows if o["revenue"] > r["revenue"]),
        }
        for r in rows
    ]


def half_up(x: float, places: int) -> float:
    """Spark's round: half away from zero, on the decimal a double prints as (1.755 is 1.76, not 1.75)."""
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def reviews_trusted(folder: Path) -> list[dict]:
    rows = []
    for r in landing(folder, "reviews", REVIEWS):
        reviewer, sku, tags, stars, delta = r["reviewer"], r["sku"], r["tags"], r["rating"], r["price_delta"]
        # SQL IN, a regular expression and NOT LIKE: a NULL in any drops the row.
        if sku not in ("apple", "pear", "plum", "fig") or reviewer is None:
            continue
        if not re.fullmatch(r"[a-z]+@[a-z]+\.[a-z]+", reviewer, re.IGNORECASE) or "@spam." in reviewer:
            continue
        plausible = (
            r["posted_at"] is not None
            and reviewer != "test@example.com"
            and (stars is None or 1 <= stars <= 5)
            and (delta is None or -10 < delta < 10)
        )
        if not plausible:
            continue
        # Oslo wall-clock text to UTC; a time in the spring-forward gap reads with the offset before it.
        wall = datetime.datetime.strptime(r["posted_at"], TIME)
        utc = wall.replace(tzinfo=OSLO).astimezone(UTC).replace(tzinfo=None)
        oslo = utc.replace(tzinfo=UTC).astimezone(OSLO).replace(tzinfo=None)
        back = oslo.replace(tzinfo=OSLO).astimezone(UTC).replace(tzinfo=None)
        rows.append(
            {
                "review_id": r["review_id"],
                "sku": sku,
                "stars": float(stars) if stars is not None else None,
                "tags": tags,
                "posted_at": text(utc),
                "reviewer": reviewer,
                "price_delta": delta,
                "local_day": oslo.date().isoformat(),
                "tag_count": len(tags) if tags is not None else None,
                "fragile": None if tags is None or ("fragile" not in tags and None in tags) else "fragile" in tags,
                "first_tag": tags[0] if tags else None,
                "last_tag": tags[-1] if tags else None,
                "delta_rounded": half_up(delta, 2) if delta is not None else None,
                "delta_abs": abs(delta) if delta is not None else None,
                "delta_floor": math.floor(delta) if delta is not None else None,
                "delta_ceil": math.ceil(delta) if delta is not None else None,
                "positive": stars in (4, 5) if stars is not None else None,
                "example_reviewer": reviewer.lower().endswith("@example.com"),
                "stone_fruit": sku in ("plum", "cherry"),
                "posted_oslo": text(oslo),
                "round_trips": back == utc,
                "posted_month": utc.month,
                "posted_day": utc.day,
                "posted_hour_oslo": oslo.hour,
                "days_after_launch": (utc.date() - datetime.date(2026, 1, 1)).days,
                "reviewer_key": reviewer.lower().strip(" "),
                "reviewer_length": len(reviewer),
                "sku_code": sku.upper()[:3],
                "stars_or_zero": float(stars) if stars is not None else 0.0,
                "stars_pct": (stars - 1) / 4 * 100 if stars is not None else None,
                "delta_shifted": delta + 10 if delta is not None else None,
                "verdict": None if stars is None else "good" if stars > 3 else "bad" if stars < 3 else "mixed",
                "needs_reply": sql_and(stars is not None, sql_or(le(stars, 2), sql_not(ne(fragile(tags), True)))),
            }
        )
    return rows


# SQL's three-valued logic, None for NULL.
def sql_and(*args):
    return False if False in args else None if None in args else True


def sql_or(*args):
    return True if True in args else None if None in args else False


def sql_not(x):
    return None if x is None else not x


def le(a, b):
    return None if a is None else a <= b


def ne(a, b):
    return None if a is None else a != b


def fragile(tags):
    """array_contains: NULL for a NULL array, and for a miss in an array holding a NULL."""
    return None if tags is None or ("fragile" not in tags and None in tags) else "fragile" in tags


def percentile(values: list, p: float):
    """The smallest value with at least a share p of the values at or below it (percentile_approx, exact here)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered)), 1) - 1] if ordered else None


def review_stats(folder: Path) -> list[dict]:
    groups: dict = {}
    for r in reviews_trusted(folder):
        groups.setdefault(r["sku"], []).append(r)
    out = []
    for sku, rows in groups.items():
        stars = [r["stars"] for r in rows if r["stars"] is not None]
        deltas = [r["price_delta"] for r in rows if r["price_delta"] is not None]
        timed = sorted((r for r in rows if r["posted_at"] is not None), key=lambda r: r["posted_at"])
        out.append(
            {
                "sku": sku,
                "reviews": len(rows),
                "rated": len(stars),
                "stars_stddev": statistics.stdev(stars) if len(stars) > 1 else None,
                "median_stars": percentile(stars, 0.5),
                "delta_p90": percentile(deltas, 0.9),
                "first_review": timed[0]["review_id"] if timed else None,
                "latest_reviewer": timed[-1]["reviewer"] if timed else None,
            }
        )
    return out


def nulls_first(v):
    return (0,) if v is None else (1, v)


def sku_latest_sale(folder: Path) -> list[dict]:
    """Web lines and store sales by name (a store sale has no customer and no channel: a NULL there is 0 and
    "store"), per SKU in time order the sale number, the quantity so far and the previous sale's quantity (0 for
    the first); then each SKU's latest sale: the greatest placed_at, ties broken by the other columns in schema
    order, NULL losing."""
    columns = ["order_id", "customer_id", "channel", "sku", "qty", "unit_price", "placed_at"]
    web = [{c: r[c] for c in columns} for r in order_lines(folder)]
    store = [
        {
            **{c: s[c] for c in ("order_id", "sku", "qty", "unit_price")},
            "customer_id": None,
            "channel": None,
            "placed_at": text(from_millis(s["sold_at"])) if s["sold_at"] is not None else None,
        }
        for s in landing(folder, "store_sales", STORE_SALES)
    ]
    sales = [
        {
            **{c: s[c] for c in columns},
            "customer_id": 0 if s["customer_id"] is None else s["customer_id"],
            "channel": "store" if s["channel"] is None else s["channel"],
        }
        for s in web + store
    ]
    rest = [c for c in columns if c not in ("sku", "placed_at")]
    rows = []
    for sku in sorted({s["sku"] for s in sales}, key=nulls_first):
        ordered = sorted(
            (s for s in sales if s["sku"] == sku),
            key=lambda s: [nulls_first(s["placed_at"])] + [nulls_first(s[c]) for c in rest],
        )
        so_far, history = 0, []
        for i, s in enumerate(ordered):
            so_far += s["qty"] or 0
            history.append({**s, "sale_no": i + 1, "qty_so_far": so_far, "prev_qty": ordered[i - 1]["qty"] if i else 0})
        ranked = [*rest, "sale_no", "qty_so_far", "prev_qty"]
        rows.append(max(history, key=lambda r: [nulls_first(r["placed_at"])] + [nulls_first(r[c]) for c in ranked]))
    return rows


TABLES = {
    f.__name__: f
    for f in (
        order_lines,
        delivered_shipments,
        open_shipments,
        all_sales,
        revenue_by_country,
        country_rank,
        reviews_trusted,
        review_stats,
        sku_latest_sale,
    )
}

if __name__ == "__main__":
    folder = Path(sys.argv[1])
    json.dump({name: f(folder) for name, f in TABLES.items()}, sys.stdout, indent=1)
