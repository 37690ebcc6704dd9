"""Deterministic synthetic shop landing data: web orders (nested customer and order lines), in-store sales,
shipments and product reviews, shaped like jobs/shop/landing/ (same JSON keys and value types), with no malformed
lines.

The shop project's generator (jobs/shop/project.ts names it); the local runner loads it by path
(runtime/lakehouse/synthetic.py). `scale` 1 is 2,000 orders."""

import datetime
import json
import random
from pathlib import Path

GENERATOR_VERSION = 2
BASE_ORDERS = 2_000
FIRST_ORDER_MS = 1_767_225_600_000  # 2026-01-01 00:00:00 UTC
DAY_MS = 86_400_000
SKUS = (("apple", 2.5), ("pear", 4.0), ("fig", 3.0), ("plum", 1.5), ("kiwi", 0.75))
COUNTRIES = ("NO", "SE", "DK", "FI", None)
CARRIERS = ("DHL", "UPS", "PostNord")
STATUSES = ("delivered", "delivered", "delivered", "in_transit", "returned")
TAGS = ("fresh", "fast", "fragile", "cheap", "bruised")


def order_count(scale: float) -> int:
    return max(1, round(BASE_ORDERS * scale))


def describe(scale: float) -> str:
    return f"{order_count(scale):,} orders"


def _timestamp(millis: int) -> str:
    # The landing format is UTC wall time.
    return datetime.datetime.fromtimestamp(millis // 1000, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _write(folder: Path, name: str, lines: list[str]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text("".join(line + "\n" for line in lines))
    return len(lines)


def generate(target: Path, seed: int, scale: float) -> dict:
    """Writes <target>/{orders,store_sales,shipments,reviews}/landing/; returns line counts per entity."""
    rng = random.Random(seed)
    orders, shipments, store_sales = [], [], []
    customers = max(1, order_count(scale) // 4)
    window = max(DAY_MS, round(30 * DAY_MS * scale))
    for order_id in range(1, order_count(scale) + 1):
        customer = rng.randrange(customers)
        placed = FIRST_ORDER_MS + rng.randrange(window)
        lines = [
            {"sku": sku, "qty": rng.choice((1, 1, 2, 3, 12)), "unit_price": price}
            for sku, price in rng.sample(SKUS, rng.randint(0, 3))
        ]
        record = {
            "orderId": order_id,
            "customer": {"id": customer, "email": f"c{customer}@example.com", "country": COUNTRIES[customer % 5]},
            "placedAt": _timestamp(placed),
            "lines": lines,
            "channel": rng.choice(("web", "app")),
        }
        if rng.random() < 0.3:
            record["coupon"] = rng.choice(("WINTER", "SPRING"))
        orders.append(json.dumps(record))
        if lines and rng.random() < 0.8:
            shipment = {
                "shipmentId": order_id,
                "orderId": order_id,
                "shippedAt": placed + rng.randrange(2 * DAY_MS),
                "carrier": rng.choice(CARRIERS),
                "status": rng.choice(STATUSES),
            }
            shipments.append(json.dumps(shipment))
            if rng.random() < 0.05:  # a carrier's duplicate event, which the shipments job drops
                shipments.append(json.dumps(shipment))
        if rng.random() < 0.5:
            sku, price = rng.choice(SKUS)
            sale = {"order_id": 1_000_000 + order_id, "sku": sku, "qty": rng.randint(0, 5), "unit_price": price}
            store_sales.append(json.dumps({**sale, "sold_at": placed}))
    reviews = _reviews(random.Random(seed + 1), order_count(scale), window)
    return {
        "orders": _write(target / "orders" / "landing", "orders", orders),
        "store_sales": _write(target / "store_sales" / "landing", "store_sales", store_sales),
        "shipments": _write(target / "shipments" / "landing", "shipments", shipments),
        "reviews": _write(target / "reviews" / "landing", "reviews", reviews),
    }


def _reviews(rng: random.Random, orders: int, window: int) -> list[str]:
    """About one review per four orders; a generator of its own, so the other entities stay as version 1 made them.
    Times are Oslo wall-clock text, as the reviews landing table declares."""
    lines = []
    for review_id in range(1, orders // 4 + 2):
        posted = FIRST_ORDER_MS + rng.randrange(window) + 3_600_000  # UTC+1 in winter
        record = {
            "reviewId": review_id,
            "orderId": rng.randint(1, orders),
            "sku": rng.choice(SKUS)[0],
            "rating": rng.randint(1, 5),
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
            "postedAt": _timestamp(posted),
            "reviewer": f"r{rng.randrange(orders)}@example.com",
            "priceDelta": round(rng.uniform(-3, 3), 3),
        }
        lines.append(json.dumps(record))
    return lines
