"""Whether a landing line fits its table's declared columns, as the report counts it.

The scripts decide this with their own `jsonLineMisfit` (templates/helpers/read_json_lines.py.hbs). This is
a second implementation of the same rules (docs/decisions/render-landing-fit.md), written apart so that the
report's `lines = rows + rejected` checks the scripts instead of repeating them: a script that keeps or drops
a line the rules say otherwise about leaves a gap. tests/pytest/test_landing_fit.py holds both to one table
of cases.
"""

import json
import sys
from decimal import ROUND_HALF_UP, Decimal

from pyspark.sql import types as T

_INTEGER_BITS = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}
_LARGEST = {T.FloatType: Decimal(3.4028234663852886e38), T.DoubleType: Decimal(sys.float_info.max)}


class _Misfit(Exception):
    pass


def _constant(_name):
    raise _Misfit("nan-or-infinity")


def _object(pairs):
    record = {}
    for key, value in pairs:
        if key in record:
            raise _Misfit(f"duplicate-key.{key}")
        record[key] = value
    return record


def _check(value, kind, path):
    """Raises _Misfit when a non-null `value` is not of the Spark type `kind`."""
    if value is None:
        return
    expected = None
    if isinstance(kind, T.StructType):
        if not isinstance(value, dict):
            raise _Misfit(f"not-an-object.{path}")
        _check_fields(value, kind, f"{path}.")
    elif isinstance(kind, T.ArrayType):
        if not isinstance(value, list):
            raise _Misfit(f"not-an-array.{path}")
        for element in value:
            _check(element, kind.elementType, f"{path}.element")
    elif isinstance(kind, T.StringType):
        expected = None if isinstance(value, str) else "not-a-string"
    elif isinstance(kind, (T.DateType, T.TimestampType)):
        expected = None if isinstance(value, str) else "not-date-or-time-text"
    elif isinstance(kind, T.BooleanType):
        expected = None if isinstance(value, bool) else "not-a-boolean"
    elif isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        expected = "not-a-number" if isinstance(kind, T.NumericType) else None
    elif type(kind) in _INTEGER_BITS:
        limit = 2 ** (_INTEGER_BITS[type(kind)] - 1)
        if not isinstance(value, int):
            expected = "not-an-integer"
        elif not -limit <= value < limit:
            expected = "out-of-range"
    elif type(kind) in _LARGEST:
        expected = None if abs(Decimal(value)) <= _LARGEST[type(kind)] else "out-of-range"
    elif isinstance(kind, T.DecimalType):
        digits = kind.precision - kind.scale
        rounded = abs(Decimal(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        expected = None if rounded < 10**digits else "out-of-range"
    if expected:
        raise _Misfit(f"{expected}.{path}")


def _check_fields(record, schema, prefix):
    for field in schema.fields:
        near = [key for key in record if key != field.name and key.lower() == field.name.lower()]
        if near:
            raise _Misfit(f"key-case.{prefix}{near[0]}")
        _check(record.get(field.name), field.dataType, prefix + field.name)


def misfit(line, schema):
    """None when the line fits `schema` (a StructType keyed by JSON key); else the reason, as the scripts
    name the folder they reject it under."""
    try:
        record = json.loads(line, parse_float=Decimal, parse_constant=_constant, object_pairs_hook=_object)
        if not isinstance(record, dict):
            return "not-an-object"
        _check_fields(record, schema, "")
    except _Misfit as reason:
        return str(reason)
    except json.JSONDecodeError as error:
        return "text-after-object" if error.msg == "Extra data" else "not-json"
    except ValueError:
        return "out-of-range"
    except RecursionError:
        return "nested-too-deep"
    return None
