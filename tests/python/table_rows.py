"""Test helper: after a local run, reads every table of a stack back through a Data Catalog built as the
runner builds it (in memory, from pipeline.json, over the run's local S3 under --root) and prints, as JSON,
each table's columns, its rows sorted, and its catalog partitions. Arguments: <root> <generated dir> <stack>.
Run with runtime/ on sys.path."""

import datetime
import decimal
import json
import sys
from pathlib import Path

from lakehouse import catalog, spark_session
from lakehouse.manifest import load
from lakehouse.runner import bucket_name


def plain(value):
    """A JSON-friendly form of a Spark value: timestamps as ISO text, decimals as text, rows as dicts."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "asDict"):
        return {k: plain(v) for k, v in value.asDict().items()}
    return value


root, generated, stack = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
manifest = load(generated / stack)
bucket = bucket_name(manifest)
spark, _ = spark_session.build(root, [bucket])
catalog.register_tables(spark, manifest, f"s3://{bucket}")  # finds the partitions the run wrote
result = {}
for table in manifest.tables:
    if table.is_landing:
        continue
    frame = spark.table(f"`{manifest.database}`.`{table.name}`")
    rows = [[plain(v) for v in row] for row in frame.collect()]
    partitions = (
        [row[0] for row in spark.sql(f"SHOW PARTITIONS `{manifest.database}`.`{table.name}`").collect()]
        if table.partition_keys
        else []
    )
    result[table.name] = {
        "columns": [f"{field.name}:{field.dataType.simpleString()}" for field in frame.schema.fields],
        "rows": sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str)),
        "partitions": sorted(partitions),
    }
spark.stop()
json.dump(result, sys.stdout, indent=1, default=str)
