"""Registers the landing tables in the local Data Catalog from the manifest's declarations.

Trusted and curated tables are not registered here: the jobs' catalog-updating sinks create them,
as on Glue. A landing table's columns carry the JSON keys (serialNumber, not serialnumber) because
Spark's JSON reader matches keys exactly, while Glue's JSON SerDe ignores case; Spark resolves
column names without regard to case, so `SELECT serialnumber FROM customer_landing` works.
"""
from pyspark.sql.types import StructType, _parse_datatype_string

from awsglue import _catalog


def landing_schema(table) -> StructType:
    columns = [(column.json_key, column.type) for column in table.columns]
    columns += [(column.name, column.type) for column in table.partition_keys]
    ddl = ", ".join(f"`{name}` {kind}" for name, kind in columns)
    return _parse_datatype_string(ddl)


def register_landing_tables(spark, manifest, lake_root):
    spark.sql(f"CREATE DATABASE IF NOT EXISTS `{manifest.database}`")
    for table in manifest.landing_tables:
        _catalog.update_table(
            spark, manifest.database, table.name, landing_schema(table), table.format,
            f"{lake_root}/{table.prefix}", [column.name for column in table.partition_keys], "UPDATE_IN_DATABASE",
        )


def register_built_tables(spark, manifest, lake_root, is_built):
    """Derived tables that earlier runs left data for, so that a partial run (--jobs, --from) can read
    them: the catalog lives in memory, only the data persists between runs."""
    for table in manifest.tables:
        if table.is_landing or not is_built(table):
            continue
        schema = _parse_datatype_string(", ".join(f"`{c.name}` {c.type}" for c in table.columns + table.partition_keys))
        _catalog.update_table(
            spark, manifest.database, table.name, schema, _catalog.GLUE_FORMATS[table.format],
            f"{lake_root}/{table.prefix}", [column.name for column in table.partition_keys], "UPDATE_IN_DATABASE",
        )
