"""Whether a landing line fits its table's declared columns, as the report counts it.

The scripts decide this with their own `jsonLineMisfitCheck` (templates/helpers/read_json_lines.py.hbs). This is
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
    record = dict(pairs)
    if len(record) < len(pairs):
        keys = [key for key, _ in pairs]
        raise _Misfit(f"duplicate-key.{next(key for i, key in enumerate(keys) if key in keys[:i])}")
    return record


def _kind_check(kind, path):
    """(value) -> None, raising _Misfit when the non-null `value` is not of the Spark type `kind`."""

    def fail(reason):
        raise _Misfit(f"{reason}.{path}")

    if isinstance(kind, T.StructType):
        fields = _fields_check(kind, f"{path}.")
        return lambda value: fields(value) if isinstance(value, dict) else fail("not-an-object")
    if isinstance(kind, T.ArrayType):
        element = _kind_check(kind.elementType, f"{path}.element")

        def array(value):
            if not isinstance(value, list):
                fail("not-an-array")
            for item in value:
                if item is not None:
                    element(item)

        return array
    if isinstance(kind, T.StringType):
        return lambda value: isinstance(value, str) or fail("not-a-string")
    if isinstance(kind, (T.DateType, T.TimestampType)):
        return lambda value: isinstance(value, str) or fail("not-date-or-time-text")
    if isinstance(kind, T.BooleanType):
        return lambda value: isinstance(value, bool) or fail("not-a-boolean")
    if not isinstance(kind, T.NumericType):
        return lambda value: None

    def number(value):
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            fail("not-a-number")
        return value

    if type(kind) in _INTEGER_BITS:
        limit = 2 ** (_INTEGER_BITS[type(kind)] - 1)

        def integer(value):
            if not isinstance(number(value), int):
                fail("not-an-integer")
            if not -limit <= value < limit:
                fail("out-of-range")

        return integer
    if type(kind) in _LARGEST:
        largest = _LARGEST[type(kind)]
        return lambda value: abs(number(value)) <= largest or fail("out-of-range")
    if isinstance(kind, T.DecimalType):
        digits = kind.precision - kind.scale

        def decimal(value):
            number(value)
            rounded = abs(Decimal(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            if rounded >= 10**digits:
                fail("out-of-range")

        return decimal
    return lambda value: None


def _fields_check(schema, prefix):
    fields = [(field.name, field.name.lower(), _kind_check(field.dataType, prefix + field.name)) for field in schema]
    names = {name for name, _, _ in fields}
    lowered = {low: name for name, low, _ in fields}

    def check(record):
        near = {}
        for key in record:
            if key not in names and key.lower() in lowered:
                near.setdefault(lowered[key.lower()], key)
        for name, _, value_check in fields:
            if name in near:
                raise _Misfit(f"key-case.{prefix}{near[name]}")
            value = record.get(name)
            if value is not None:
                value_check(value)

    return check


def _has_decimal(kind):
    if isinstance(kind, T.StructType):
        return any(_has_decimal(field.dataType) for field in kind)
    if isinstance(kind, T.ArrayType):
        return _has_decimal(kind.elementType)
    return isinstance(kind, T.DecimalType)


def checker(schema):
    """(line) -> None when the line fits `schema` (a StructType keyed by JSON key); else the reason, as the
    scripts name the folder they reject it under. Made once per table: a line then costs its parse and a call
    per declared value."""
    fields = _fields_check(schema, "")
    parse_float = Decimal if _has_decimal(schema) else float

    def misfit(line):
        try:
            record = json.loads(line, parse_float=parse_float, parse_constant=_constant, object_pairs_hook=_object)
            if not isinstance(record, dict):
                return "not-an-object"
            fields(record)
        except _Misfit as reason:
            return str(reason)
        except json.JSONDecodeError as error:
            return "text-after-object" if error.msg == "Extra data" else "not-json"
        except ValueError:
            return "out-of-range"
        except RecursionError:
            return "nested-too-deep"
        return None

    return misfit


def misfit(line, schema):
    """checker(schema)(line), for one line."""
    return checker(schema)(line)
