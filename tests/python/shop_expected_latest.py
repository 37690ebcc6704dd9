"""Test helper: the shop's sku_latest_sale table (jobs/shop/pipeline.ts) computed again in plain Python from the
shop's landing files, without the project's code or Spark. Prints its rows as JSON lists in the table's column
order, sorted as tests/python/table_rows.py sorts them, so a spec can compare the two. Argument: <landing dir>.

What it re-derives: the typed landing reads (a line that is not a JSON object or whose values do not fit the
declared types is left out), the order lines (one per element of `lines`), web and store sales by name (a store
sale has no customer and no channel: 0 and "store"), and per SKU, in time order, the sale number, the quantity so
far and the previous sale's quantity (0 for the first); then each SKU's latest sale."""

import datetime
import json
import sys
from pathlib import Path

COLUMNS = ["order_id", "customer_id", "channel", "sku", "qty", "unit_price", "placed_at"]


def json_objects(folder: Path):
    for path in sorted(folder.rglob("*.json")):
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                yield value


def is_int(v, nullable=True):
    return (v is None and nullable) or (isinstance(v, int) and not isinstance(v, bool))


def is_number(v):
    return v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))


def is_str(v):
    return v is None or isinstance(v, str)


def fits_order(o):
    customer, lines = o.get("customer"), o.get("lines")
    return (
        is_int(o.get("orderId"))
        and (customer is None or (isinstance(customer, dict) and is_int(customer.get("id"))))
        and is_str(o.get("placedAt"))
        and is_str(o.get("channel"))
        and (lines is None or isinstance(lines, list))
        and all(isinstance(x, dict) and is_int(x.get("qty")) and is_number(x.get("unit_price")) for x in lines or [])
    )


def web_sales(landing: Path):
    for o in json_objects(landing / "orders" / "landing"):
        if not fits_order(o):
            continue
        for line in o.get("lines") or []:
            yield {
                "order_id": o["orderId"],
                "customer_id": (o.get("customer") or {}).get("id"),
                "channel": o.get("channel"),
                "sku": line.get("sku"),
                "qty": line.get("qty"),
                "unit_price": float(line["unit_price"]) if line.get("unit_price") is not None else None,
                "placed_at": o.get("placedAt"),
            }


def store_sales(landing: Path):
    for s in json_objects(landing / "store_sales" / "landing"):
        if not (is_int(s.get("order_id")) and is_int(s.get("qty")) and is_int(s.get("sold_at"))):
            continue
        sold = s.get("sold_at")
        yield {
            "order_id": s["order_id"],
            "customer_id": None,
            "channel": None,
            "sku": s.get("sku"),
            "qty": s.get("qty"),
            "unit_price": float(s["unit_price"]) if s.get("unit_price") is not None else None,
            "placed_at": None
            if sold is None
            else datetime.datetime.fromtimestamp(sold / 1000, tz=datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        }


def nulls_first(v):
    return (0,) if v is None else (1, v)


def latest_per_sku(sales):
    rows = []
    for sku in sorted({s["sku"] for s in sales}, key=nulls_first):
        ordered = sorted(
            (s for s in sales if s["sku"] == sku),
            key=lambda s: (
                [nulls_first(s["placed_at"])] + [nulls_first(s[c]) for c in COLUMNS if c not in ("sku", "placed_at")]
            ),
        )
        so_far, history = 0, []
        for i, s in enumerate(ordered):
            so_far += s["qty"] or 0
            history.append({**s, "sale_no": i + 1, "qty_so_far": so_far, "prev_qty": ordered[i - 1]["qty"] if i else 0})
        # The latest: the greatest placed_at, ties broken by the other columns in schema order, NULL losing.
        rest = [c for c in [*COLUMNS, "sale_no", "qty_so_far", "prev_qty"] if c not in ("sku", "placed_at")]
        rows.append(max(history, key=lambda r: [nulls_first(r["placed_at"])] + [nulls_first(r[c]) for c in rest]))
    return rows


sales = [*web_sales(Path(sys.argv[1])), *store_sales(Path(sys.argv[1]))]
sales = [
    {**s, "customer_id": 0 if s["customer_id"] is None else s["customer_id"], "channel": s["channel"] or "store"}
    for s in sales
]
table = [[r[c] for c in [*COLUMNS, "sale_no", "qty_so_far", "prev_qty"]] for r in latest_per_sku(sales)]
json.dump(sorted(table, key=lambda r: json.dumps(r, sort_keys=True, default=str)), sys.stdout)
