"""Test helper: evaluates rendered PySpark column expressions on real Spark, once with ANSI mode off (Glue's
default) and once with it on, over rows read from a JSON lines file. Argument: a cases file, JSON with `schema` (a
DDL string), `data` (the JSON lines file), `columns` and `aggregates` ({output name: the rendered expression}).
Prints, per ANSI mode, each output's Spark type and its values (rows in file order; one row for aggregates)."""

import datetime
import decimal
import json
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


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


with open(sys.argv[1]) as file:
    cases = json.load(file)
spark = (
    SparkSession.builder.master("local[1]")
    .config("spark.sql.session.timeZone", "UTC")  # as on Glue; the expressions never set it
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "1")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
out = {}
for ansi in ("false", "true"):
    spark.conf.set("spark.sql.ansi.enabled", ansi)
    df = spark.read.schema(cases["schema"]).json(cases["data"]).orderBy("id")
    out[ansi] = {
        "columns": evaluate(df.select, cases["columns"]),
        "aggregates": evaluate(df.agg, cases["aggregates"]),
    }
spark.stop()
json.dump(out, sys.stdout, indent=1)
