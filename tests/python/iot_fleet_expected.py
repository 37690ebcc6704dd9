"""Test helper: the IoT fleet fixture's tables (tests/fixtures/iot-fleet.ts) computed again in plain Python from
its landing files, independently of the project's code and of Spark, next to the rows the run wrote.

Arguments: <landing dir> <lake dir>. Prints JSON: for each table, "expected" and "actual", each a sorted list of
rows (dicts; timestamps as "yyyy-MM-dd HH:mm:ss" text in UTC, dates as "yyyy-MM-dd", floats rounded to 9
places, a field absent from a written JSON line is None)."""

import datetime
import json
import sys
from pathlib import Path

from plain_landing import from_millis, landing, lines, text

COLUMNS = ["device_id", "reading_ts", "temp_c", "kwh", "gateway", "battery", "firmware", "serviced_on", "calibrated_at"]
HISTORY = [
    *COLUMNS,
    "reading_no",
    "prev_temp",
    "temp_in_2",
    "kwh_so_far",
    "temp_avg",
    "temp_low",
    "temp_high",
    "temps_seen",
    "temp_rank",
    "temp_dense_rank",
]
TIMESTAMPS = {"reading_ts", "calibrated_at"}


# The declared landing columns (tests/fixtures/iot-fleet.ts): (column, JSON key, type).
GEN1 = [
    ("device_id", "deviceId", "string"),
    ("reading_ts", "ts", "bigint"),
    ("temp_c", "temp_c", "int"),
    ("kwh", "kwh", "int"),
    ("gateway", "gateway", "string"),
]
GEN2 = [
    ("device_id", "device_id", "string"),
    ("reading_ts", "ts", "bigint"),
    ("temp_c", "temp_c", "double"),
    ("kwh", "kwh", "bigint"),
    ("battery", "battery", ("struct", [("level", "int"), ("charging", "boolean")])),
    ("firmware", "firmware", "string"),
    ("serviced_on", "serviced_on", "date"),
    ("calibrated_at", "calibratedMs", "bigint"),
]


def json_lines(folder: Path):
    """The JSON lines Spark wrote: every one must parse."""
    return [json.loads(line) for line in lines(folder)]


def time_text(ms):
    return None if ms is None else text(from_millis(ms))


def value_key(value):
    """A struct compares field by field, as Spark orders structs."""
    return tuple(value_key(v) for v in value.values()) if isinstance(value, dict) else value


def nulls_first(value):
    return (0,) if value is None else (1, value_key(value))


def readings(folder: Path):
    """Both generations by name: gen 1 lacks the battery, firmware and service columns, and its whole numbers
    widen to the union's double; then the declared defaults for a missing service date, calibration and firmware."""
    rows = [
        {
            **r,
            "reading_ts": time_text(r["reading_ts"]),
            "temp_c": None if r["temp_c"] is None else float(r["temp_c"]),
            "battery": None,
            "firmware": None,
            "serviced_on": None,
            "calibrated_at": None,
        }
        for r in landing(folder, "gen1_readings", GEN1)
    ]
    rows += [
        {**r, "reading_ts": time_text(r["reading_ts"]), "gateway": None, "calibrated_at": time_text(r["calibrated_at"])}
        for r in landing(folder, "gen2_readings", GEN2)
    ]
    defaults = {"serviced_on": "2025-06-01", "calibrated_at": "2025-01-01 00:00:00", "firmware": "unknown"}
    return [{k: (defaults.get(k) if v is None else v) for k, v in row.items()} for row in rows]


def history(rows):
    out = []
    for device in sorted({r["device_id"] for r in rows}):
        mine = [r for r in rows if r["device_id"] == device]
        # Rows in time order, NULL first; ties broken by the other columns in schema order, ascending.
        ordered = sorted(mine, key=lambda r: [nulls_first(r[c]) for c in COLUMNS if c != "device_id"])
        temps = [r["temp_c"] for r in ordered]
        for i, row in enumerate(ordered):
            seen = [t for t in temps[: i + 1] if t is not None]
            kwh = [r["kwh"] for r in ordered[: i + 1] if r["kwh"] is not None]
            out.append(
                {
                    **row,
                    "reading_no": i + 1,
                    "prev_temp": temps[i - 1] if i >= 1 else 0.0,
                    "temp_in_2": temps[i + 2] if i + 2 < len(temps) else None,
                    "kwh_so_far": sum(kwh) if kwh else None,
                    "temp_avg": sum(seen) / len(seen) if seen else None,
                    "temp_low": min(seen) if seen else None,
                    "temp_high": max(seen) if seen else None,
                    "temps_seen": len(seen),
                }
            )
    for row in out:
        # Hottest first, NULL last: rank counts the rows before, dense rank the distinct values before.
        others = [r["temp_c"] for r in out if r["device_id"] == row["device_id"]]
        t = row["temp_c"]
        before = [o for o in others if o is not None and (t is None or o > t)]
        row["temp_rank"] = 1 + len(before)
        row["temp_dense_rank"] = 1 + len(set(before))
    return out


def keep(rows, latest: bool):
    """Per device, the greatest (latest) or smallest (earliest) row, comparing reading_ts and then every other
    column in schema order; a NULL loses to any value either way."""
    result = []
    for device in sorted({r["device_id"] for r in rows}):
        mine = [r for r in rows if r["device_id"] == device]
        columns = [c for c in HISTORY if c != "device_id"]
        if latest:
            result.append(max(mine, key=lambda r: [nulls_first(r[c]) for c in columns]))
        else:
            result.append(min(mine, key=lambda r: [((1,) if r[c] is None else (0, value_key(r[c]))) for c in columns]))
    return result


def normal(row):
    out = {}
    for column in HISTORY:
        value = row.get(column)
        if column in TIMESTAMPS and isinstance(value, str):
            # Spark's JSON writer gives e.g. 2026-01-05T08:00:00.000Z.
            parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(datetime.UTC)
            value = parsed.strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(value, float):
            value = round(value, 9)
        out[column] = value
    return out


def table(rows):
    return sorted((normal(r) for r in rows), key=lambda r: json.dumps(r, sort_keys=True))


landing_dir, lake = Path(sys.argv[1]), Path(sys.argv[2])
expected_history = history(readings(landing_dir))
result = {
    "fleet_history": {
        "expected": table(expected_history),
        "actual": table(json_lines(lake / "fleet_history" / "curated")),
    },
    "fleet_latest": {
        "expected": table(keep(expected_history, latest=True)),
        "actual": table(json_lines(lake / "fleet_latest" / "curated")),
    },
    "fleet_first": {
        "expected": table(keep(expected_history, latest=False)),
        "actual": table(json_lines(lake / "fleet_first" / "curated")),
    },
}
json.dump(result, sys.stdout, indent=1)
