"""Creates every table of the pipeline in the local Data Catalog before any job runs, as on AWS.

On AWS, Pulumi creates each table (infra/catalog.ts) from the rendered pipeline before a job runs,
so a job's sink always finds its table and at most adds partitions to it. Locally the runner
plays Pulumi's part, from the same table definitions (generated/<stack>/pipeline.json): the
declared columns and partition keys, format and location. The catalog is in memory
(lakehouse/spark_session.py), so it is built afresh at every start; only the data persists. Iceberg tables are
the exception, here as on AWS: the job that writes one creates it, in `glue_catalog`, which persists in the
lakehouse (lakehouse/iceberg_catalog.py); the runner only creates its database, as Pulumi creates the Glue one.

A landing table's columns carry the JSON keys (orderId, not orderid) because Spark's JSON
reader matches keys exactly, while Glue's JSON SerDe ignores case; Spark resolves column names
without regard to case, so `SELECT orderid FROM orders_landing` works.
"""

from awsglue import _catalog
from pyspark.sql.types import StructType, _parse_datatype_string

from lakehouse import iceberg_catalog


def declared_schema(table) -> StructType:
    """The table's columns as the catalog declares them, partition keys last."""
    name = (lambda column: column.json_key) if table.is_landing else (lambda column: column.name)
    columns = [(name(column), column.type) for column in table.columns]
    columns += [(column.name, column.type) for column in table.partition_keys]
    ddl = ", ".join(f"`{column}` {kind}" for column, kind in columns)
    schema = _parse_datatype_string(ddl)
    if not isinstance(schema, StructType):  # a column list parses to a struct; anything else is a renderer bug
        raise TypeError(f"Table {table.name}: its columns ({ddl}) parse to {schema.simpleString()}, not a struct")
    return schema


def register_tables(spark, manifest, lake_root):
    spark.sql(f"CREATE DATABASE IF NOT EXISTS `{manifest.database}`")
    if manifest.has_iceberg:
        spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {iceberg_catalog.namespace(manifest.database)}")
    for table in manifest.tables:
        if table.is_iceberg:
            continue  # created and committed by the job that writes it, as on AWS (infra/iceberg.ts)
        _catalog.update_table(
            spark,
            manifest.database,
            table.name,
            declared_schema(table),
            _catalog.GLUE_FORMATS[table.format],
            f"{lake_root}/{table.prefix}",
            [column.name for column in table.partition_keys],
            "UPDATE_IN_DATABASE",
        )
