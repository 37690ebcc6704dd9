"""Landing files read in plain Python, for the independent computations of tests/python (shop_expected.py,
iot_fleet_expected.py): no pyspark and no project code, so that a mistake in the runtime's typed landing read
cannot hide in the check as well.

A line is read as the landing read promises (docs/decisions/render-landing-fit.md): a line that is not a JSON
object, or whose value of a declared column is not of its type, is rejected and left out; a missing key is NULL."""

import datetime
import json
from pathlib import Path

TIME = "%Y-%m-%d %H:%M:%S"
LIMITS = {"int": 2**31, "bigint": 2**63}


def lines(folder: Path):
    """The non-blank lines of the data files under `folder`, in path order (Spark's hidden .crc and _SUCCESS
    files, and anything under a folder so named, left out)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith((".", "_")) for part in path.relative_to(folder).parts):
            for line in path.read_text().splitlines():
                if line.strip():
                    yield line


def fits(value, kind) -> bool:
    """Whether a JSON value is of the declared type (NULL fits any); a type is a name, ("array", t) or
    ("struct", [(field, t), ...])."""
    if value is None:
        return True
    if isinstance(kind, tuple):
        if kind[0] == "array":
            return isinstance(value, list) and all(fits(v, kind[1]) for v in value)
        return isinstance(value, dict) and all(fits(value.get(name), t) for name, t in kind[1])
    if kind in LIMITS:
        return isinstance(value, int) and not isinstance(value, bool) and -LIMITS[kind] <= value < LIMITS[kind]
    if kind == "double":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return isinstance(value, str)


def typed(value, kind):
    if value is None:
        return None
    if isinstance(kind, tuple):
        if kind[0] == "array":
            return [typed(v, kind[1]) for v in value]
        return {name: typed(value.get(name), t) for name, t in kind[1]}
    return float(value) if kind == "double" else value


def landing(folder: Path, entity: str, columns) -> list[dict]:
    """The lines of an entity's landing files (<folder>/<entity>/landing/) that parse and fit their declared
    columns, [(column, JSON key, type), ...], as {column: value}; the others are rejected."""
    rows = []
    for line in lines(folder / entity / "landing"):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and all(fits(record.get(key), kind) for _, key, kind in columns):
            rows.append({name: typed(record.get(key), kind) for name, key, kind in columns})
    return rows


def from_millis(ms: int) -> datetime.datetime:
    """Epoch milliseconds as a UTC time without a zone, as Spark's timestamps read back in a UTC session."""
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.UTC).replace(tzinfo=None)


def text(t: datetime.datetime) -> str:
    return t.strftime(TIME)
