"""What "fits the declared types" means for a landing line, one case per way a line can fail to fit, held to both
implementations: the scripts' `jsonLineMisfitCheck` (the helper template, which is plain Python) and the report's
`lakehouse.landing_fit`. tests/data-semantics-spark.spec.ts runs the same kinds of lines through a generated
script on real Spark and files."""

import json
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from lakehouse import landing_fit
from pyspark.sql import functions as F
from pyspark.sql import types as T

HELPER = Path(__file__).resolve().parents[2] / "templates" / "helpers" / "read_json_lines.py.hbs"

SCHEMA = T.StructType(
    [
        T.StructField("id", T.LongType()),
        T.StructField("name", T.StringType()),
        T.StructField("x", T.DoubleType()),
        T.StructField("f", T.FloatType()),
        T.StructField("n", T.IntegerType()),
        T.StructField("d", T.DecimalType(7, 2)),
        T.StructField("ok", T.BooleanType()),
        T.StructField("seen", T.TimestampType()),
        T.StructField("tags", T.ArrayType(T.StringType())),
        T.StructField("loc", T.StructType([T.StructField("lat", T.DoubleType())])),
    ]
)

CASES = [
    ('{"id": 1, "name": "a", "x": 1.5, "tags": ["t"], "loc": {"lat": 2}, "seen": "2025-01-05 10:00:00"}', None),
    ('{"id": 1, "name": null, "x": 3, "d": 12345.675, "ok": false, "undeclared": [1, {"a": 2}]}', None),
    ("{'id': 1, 'name': 'single quotes'}", "not-json"),
    ('{"id": 1, name: "unquoted key"}', "not-json"),
    ('{"id": 1} {"id": 2}', "text-after-object"),
    ('{"id": 1}, trailing text', "text-after-object"),
    ('[{"id": 1}]', "not-an-object"),
    ('"a string"', "not-an-object"),
    ('{"id": 1, "name": {"first": "a"}}', "not-a-string.name"),
    ('{"id": 1, "name": ["a"]}', "not-a-string.name"),
    ('{"id": 1, "name": 42}', "not-a-string.name"),
    ('{"id": 1, "name": true}', "not-a-string.name"),
    ('{"id": 1, "x": NaN}', "nan-or-infinity"),
    ('{"id": 1, "x": -Infinity}', "nan-or-infinity"),
    ('{"id": 1, "x": 1e400}', "out-of-range.x"),
    ('{"id": 1, "f": 1e39}', "out-of-range.f"),
    ('{"id": 1, "x": 1.7976931348623157e308}', None),
    ('{"id": 1, "x": -1.8e308}', "out-of-range.x"),
    ('{"id": 1, "x": 123456789012345678901234567890}', None),
    ('{"id": 1, "x": "1.5"}', "not-a-number.x"),
    ('{"id": 1, "name": "a", "name": "b"}', "duplicate-key.name"),
    ('{"id": 1, "loc": {"lat": 1, "lat": 2}}', "duplicate-key.lat"),
    ('{"id": 1, "Name": "a"}', "key-case.Name"),
    ('{"id": 1, "loc": {"LAT": 1}}', "key-case.loc.LAT"),
    ('{"id": 9223372036854775808}', "out-of-range.id"),
    ('{"id": 1, "n": 2147483648}', "out-of-range.n"),
    ('{"id": 1.5}', "not-an-integer.id"),
    ('{"id": 1, "d": 123456.7}', "out-of-range.d"),
    ('{"id": 1, "ok": "yes"}', "not-a-boolean.ok"),
    ('{"id": 1, "seen": 1736071200}', "not-date-or-time-text.seen"),
    ('{"id": 1, "tags": "t"}', "not-an-array.tags"),
    ('{"id": 1, "tags": [1]}', "not-a-string.tags.element"),
    ('{"id": 1, "loc": [1]}', "not-an-object.loc"),
    ('{"id": 1, "loc": {"lat": "north"}}', "not-a-number.loc.lat"),
    ('{"id": ' + "9" * 5000 + "}", "out-of-range"),
]


@pytest.fixture(scope="module")
def script_misfit():
    """The scripts' jsonLineMisfitCheck, taken from the helper template as a generated script holds it."""
    namespace = {"json": json, "sys": sys, "Decimal": Decimal, "ROUND_HALF_UP": ROUND_HALF_UP, "T": T, "F": F}
    namespace["DynamicFrame"] = object
    exec(compile(HELPER.read_text(), str(HELPER), "exec"), namespace)
    return namespace["jsonLineMisfitCheck"]


@pytest.mark.parametrize(("line", "reason"), CASES, ids=[reason or "fits" for _, reason in CASES])
def test_the_scripts_and_the_report_give_each_line_the_same_reason(script_misfit, line, reason):
    assert script_misfit(SCHEMA)(line) == reason
    assert landing_fit.misfit(line, SCHEMA) == reason


# Without a decimal column both parse numbers as floats (the faster parse): the same lines get the same reasons,
# and the decimal column's one case fits, since "d" is then an undeclared key.
WITHOUT_DECIMAL = T.StructType([field for field in SCHEMA.fields if field.name != "d"])


@pytest.mark.parametrize(("line", "reason"), CASES, ids=[reason or "fits" for _, reason in CASES])
def test_a_schema_without_decimals_gives_the_same_reasons(script_misfit, line, reason):
    expected = None if reason == "out-of-range.d" else reason
    assert script_misfit(WITHOUT_DECIMAL)(line) == expected
    assert landing_fit.misfit(line, WITHOUT_DECIMAL) == expected
