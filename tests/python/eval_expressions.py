"""Test helper (served by spark_service.py): evaluates rendered PySpark column expressions on real Spark, once with
ANSI mode off (Glue's default) and once with it on, over rows read from a JSON lines file. Input: {"schema": a DDL
string, "data": the JSON lines file, "columns" and "aggregates": {output name: the rendered expression}}. Returns,
per ANSI mode, each output's Spark type and its values (rows in file order; one row for aggregates)."""

import datetime
import decimal

from pyspark.sql import functions as F

ANSI = "spark.sql.ansi.enabled"


def plain(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, decimal.Decimal)):
        return str(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def evaluate(frame, expressions: dict) -> dict:
    """{name: {"type": simpleString, "values": [...]}} for a select of the expressions, or an error's first line."""
    try:
        # The rendered code exactly as the script holds it, with F as the scripts import it.
        result = frame(*[eval(code, {"F": F}).alias(name) for name, code in expressions.items()])
        rows = result.collect()
    except Exception as error:  # the spec asserts on the message
        return {"error": str(error).splitlines()[0]}
    return {
        field.name: {"type": field.dataType.simpleString(), "values": [plain(r[field.name]) for r in rows]}
        for field in result.schema.fields
    }


def serve(spark, cases):
    # The session's time zone is UTC, as on Glue (spark_session.FAST_LOCAL); the expressions never set it.
    before = spark.conf.get(ANSI, "false")
    out = {}
    try:
        for ansi in ("false", "true"):
            spark.conf.set(ANSI, ansi)
            df = spark.read.schema(cases["schema"]).json(cases["data"]).orderBy("id")
            out[ansi] = {
                "columns": evaluate(df.select, cases["columns"]),
                "aggregates": evaluate(df.agg, cases["aggregates"]),
            }
    finally:
        spark.conf.set(ANSI, before)  # the next helper's session is as it was
    return out
