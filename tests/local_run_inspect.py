"""Test helper: reads parquet table directories and prints their real columns and the distinct
values of selected columns as JSON. Input on stdin: {"tables": {name: dir}, "columns": [...]}."""

import json
import sys

from pyspark.sql import SparkSession

request = json.load(sys.stdin)
spark = (
    SparkSession.builder.master("local[2]")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
result = {}
for name, directory in request["tables"].items():
    frame = spark.read.parquet(directory)
    present = [column for column in request["columns"] if column in frame.columns]
    result[name] = {
        "columns": [[field.name, field.dataType.simpleString()] for field in frame.schema.fields],
        "values": {
            column: sorted(row[0] for row in frame.select(column).distinct().collect() if row[0] is not None)
            for column in present
        },
    }
spark.stop()
json.dump(result, sys.stdout)
