"""What `npm run diff` must report for the first-job scenario of tests/data-diff.spec.ts, computed independently: plain
Python over the STEDI landing files (tests/python/plain_landing.py), no pyspark and no project code, from what each
STEDI job promises (jobs/stedi/*.ts, read as a specification, stack dev).

The scenario: customer_landing_to_trusted keeps the customers whose BASE column is not NULL before the change and
those whose HEAD column is not NULL after it, and after it the customer with serial number SERIAL has email PLANTED.

Usage:
  diff_expected.py pick <landing> <base column> <head column>   a serial number kept on both sides whose customer has
                                                                accelerometer readings, and that customer's email
  diff_expected.py diff <landing> <base column> <head column> <serial> <planted email>
      {table: {added, removed[, changed]}}: customer_trusted matched on its key serialnumber, the others as multisets
"""

import json
import sys
from collections import Counter
from pathlib import Path

from plain_landing import landing

CUSTOMER = [
    ("serialnumber", "serialNumber", "string"),
    ("sharewithpublicasofdate", "shareWithPublicAsOfDate", "bigint"),
    ("birthday", "birthDay", "string"),
    ("registrationdate", "registrationDate", "bigint"),
    ("sharewithresearchasofdate", "shareWithResearchAsOfDate", "bigint"),
    ("customername", "customerName", "string"),
    ("email", "email", "string"),
    ("lastupdatedate", "lastUpdateDate", "bigint"),
    ("phone", "phone", "string"),
    ("sharewithfriendsasofdate", "shareWithFriendsAsOfDate", "bigint"),
]
ACCELEROMETER = [("user", "user", "string"), ("timestamp", "timestamp", "bigint")] + [
    (axis, axis, "double") for axis in "xyz"
]
STEP_TRAINER = [
    ("sensorreadingtime", "sensorReadingTime", "bigint"),
    ("serialnumber", "serialNumber", "string"),
    ("distancefromobject", "distanceFromObject", "int"),
]


def tables(folder, keep_column, planted=None):
    """The five STEDI tables (stack dev, standard privacy) when customer_trusted keeps `keep_column` IS NOT NULL."""
    customers = [dict(c) for c in landing(folder, "customer", CUSTOMER) if c[keep_column] is not None]
    if planted:
        for customer in customers:
            if customer["serialnumber"] == planted[0]:
                customer["email"] = planted[1]
    emails = {c["email"] for c in customers if c["email"] is not None}
    readings = [r for r in landing(folder, "accelerometer", ACCELEROMETER) if r["user"] in emails]
    users = {r["user"] for r in readings}
    curated = [c for c in customers if c["email"] in users]
    serials = {c["serialnumber"] for c in curated if c["serialnumber"] is not None}
    steps = [s for s in landing(folder, "step_trainer", STEP_TRAINER) if s["serialnumber"] in serials]
    by_time = {}
    for r in readings:
        by_time.setdefault(r["timestamp"], []).append(r)
    paired = [{**s, **r} for s in steps for r in by_time.get(s["sensorreadingtime"], [])]
    return {
        "customer_trusted": customers,
        "accelerometer_trusted": readings,
        "customer_curated": curated,
        "step_trainer_trusted": steps,
        "machine_learning_curated": paired,
    }


def multiset(rows):
    return Counter(tuple(sorted(row.items())) for row in rows)


def diff(base, head):
    result = {}
    for name in base:
        if name == "customer_trusted":
            old = {r["serialnumber"]: r for r in base[name]}
            new = {r["serialnumber"]: r for r in head[name]}
            result[name] = {
                "added": len(new.keys() - old.keys()),
                "removed": len(old.keys() - new.keys()),
                "changed": sum(1 for k in old.keys() & new.keys() if old[k] != new[k]),
                "rows": [len(base[name]), len(head[name])],
            }
        else:
            old, new = multiset(base[name]), multiset(head[name])
            result[name] = {
                "added": sum((new - old).values()),
                "removed": sum((old - new).values()),
                "rows": [len(base[name]), len(head[name])],
            }
    return result


def main(argv):
    mode, folder, base_column, head_column = argv[0], Path(argv[1]), argv[2], argv[3]
    if mode == "pick":
        base, head = tables(folder, base_column), tables(folder, head_column)
        both = {c["serialnumber"] for c in base["customer_curated"]} & {
            c["serialnumber"] for c in head["customer_curated"]
        }
        serial = min(both)
        email = next(c["email"] for c in base["customer_curated"] if c["serialnumber"] == serial)
        print(json.dumps({"serial": serial, "email": email}))
        return
    serial, planted = argv[4], argv[5]
    print(json.dumps(diff(tables(folder, base_column), tables(folder, head_column, (serial, planted)))))


if __name__ == "__main__":
    main(sys.argv[1:])
