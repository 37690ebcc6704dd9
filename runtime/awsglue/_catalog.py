"""The Data Catalog side of a catalog-updating sink, over Spark's own (Hive) metastore.

Tables are Spark data source tables (USING parquet/json) with an explicit LOCATION, i.e. external
tables: dropping one to change its schema never deletes data, as with Glue.
"""

import sys
from urllib.parse import unquote

from awsglue import _storage

GLUE_FORMATS = {"glueparquet": "parquet", "parquet": "parquet", "json": "json"}


def qualified(database, table):
    return f"`{database}`.`{table}`"


def ddl_columns(schema):
    return ", ".join(f"`{field.name}` {field.dataType.simpleString()}" for field in schema.fields)


def describe(schema):
    return [(field.name.lower(), field.dataType.simpleString()) for field in schema.fields]


def create_table(spark, database, table, schema, spark_format, location, partition_keys):
    data_fields = [field for field in schema.fields if field.name not in partition_keys]
    partition_fields = [schema[key] for key in partition_keys]
    ordered = type(schema)(data_fields + partition_fields)
    partitioned = f" PARTITIONED BY ({', '.join(f'`{key}`' for key in partition_keys)})" if partition_keys else ""
    spark.sql(f"CREATE DATABASE IF NOT EXISTS `{database}`")
    spark.sql(
        f"CREATE TABLE {qualified(database, table)} ({ddl_columns(ordered)}) USING {spark_format}"
        f"{partitioned} LOCATION '{location}'"
    )


def _describe(spark, database, table):
    """(columns as (lower-case name, type), partition columns likewise, details) of an existing table."""
    # One metastore round trip: DESCRIBE lists the columns, then a "# Partition Information" section
    # listing the partition columns again, then "# Detailed Table Information" (Provider, Location, ...).
    rows = spark.sql(f"DESCRIBE TABLE EXTENDED {qualified(database, table)}").collect()
    columns, partitions, section = [], [], "columns"
    for row in rows:
        if not row.col_name or row.col_name.startswith("# col_name"):
            continue
        if row.col_name.startswith("#"):
            section = "partitions" if row.col_name.startswith("# Partition") else "details"
            continue
        if section == "columns":
            columns.append((row.col_name.lower(), row.data_type))
        elif section == "partitions":
            partitions.append((row.col_name.lower(), row.data_type))
    details = {row.col_name: row.data_type for row in rows}
    return columns, partitions, details


def existing_definition(spark, database, table):
    """(columns as (lower-case name, type), format, location) of a catalog table, or None if it does not exist."""
    if not spark.catalog.tableExists(f"{database}.{table}"):
        return None
    columns, _partitions, details = _describe(spark, database, table)
    return columns, details.get("Provider", "").lower(), details.get("Location", "")


def storage(spark, database, table):
    """(format, location, partition columns as (name, type)) of an existing table."""
    _columns, partitions, details = _describe(spark, database, table)
    return details.get("Provider", "").lower(), details.get("Location", ""), partitions


def partition_locations(spark, database, table, location):
    """The folders of the partitions the catalog lists for a table (`key=value/...` under its location)."""
    rows = spark.sql(f"SHOW PARTITIONS {qualified(database, table)}").collect()
    return [f"{location.rstrip('/')}/{row[0]}" for row in rows]


def same_location(a, b):
    return a.rstrip("/") == b.rstrip("/")


def _partition_spec(values):
    def literal(value):
        if isinstance(value, str):
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "NULL" if value is None else str(value)

    return ", ".join(f"`{key}` = {literal(value)}" for key, value in values.items())


def _add_partition(spark, database, table, values):
    spark.sql(f"ALTER TABLE {qualified(database, table)} ADD IF NOT EXISTS PARTITION ({_partition_spec(values)})")


def _listed_partitions(spark, database, table):
    """The catalog's partitions of a table, each as {key: value} (SHOW PARTITIONS prints `k=v/...`, escaped)."""
    rows = spark.sql(f"SHOW PARTITIONS {qualified(database, table)}").collect()
    return [
        {unquote(key): unquote(value) for key, value in (part.split("=", 1) for part in row[0].split("/"))}
        for row in rows
    ]


def update_table(
    spark, database, table, schema, spark_format, location, partition_keys, update_behavior, written_partitions=None
):
    """Creates the table if missing; on a change of columns, format or location updates it
    (UPDATE_IN_DATABASE) or keeps it and logs the difference (LOG), as Glue's sink does.

    With LOG, Glue adds new partitions only when the written columns are the catalog's or a subset
    of them ("Updating the schema, and adding new partitions", Restrictions); otherwise the new data
    is in S3 but not in the catalog, and so it is here. `written_partitions` lists the partition
    values a sink wrote (each a {key: value} dict), which are the ones Glue adds; without it (the
    runner declaring tables) every partition directory under the location is registered."""
    wanted_columns = describe(schema)
    register_partitions, created = True, False
    existing = existing_definition(spark, database, table)
    if existing is None:
        create_table(spark, database, table, schema, spark_format, location, partition_keys)
        created = True
    else:
        columns, current_format, current_location = existing
        if (
            sorted(columns) != sorted(wanted_columns)
            or current_format != spark_format
            or not same_location(current_location, location)
        ):
            if update_behavior == "UPDATE_IN_DATABASE":
                # Glue's UpdateTable keeps the table's partitions: a re-created local table gets the same ones back
                # (not every folder under the location: one a sink wrote without adding it stays unlisted).
                kept = _listed_partitions(spark, database, table) if partition_keys else []
                spark.sql(f"DROP TABLE {qualified(database, table)}")
                create_table(spark, database, table, schema, spark_format, location, partition_keys)
                for values in kept:
                    _add_partition(spark, database, table, values)
            else:
                register_partitions = set(wanted_columns) <= set(columns)
                print(
                    f"[catalog] {database}.{table} keeps its definition (updateBehavior={update_behavior}); "
                    f"the data written has columns {wanted_columns} as {spark_format} at {location}, "
                    f"the catalog says {columns} as {current_format} at {current_location}"
                    + (
                        ""
                        if register_partitions or not partition_keys
                        else "; its new partitions are NOT added, as on Glue"
                    ),
                    file=sys.stderr,
                )
    if partition_keys and register_partitions:
        # A table Pulumi created has no folder until its first write, and so no partitions to find yet.
        if (written_partitions is None or created) and _storage.exists(spark, location):
            spark.sql(f"ALTER TABLE {qualified(database, table)} RECOVER PARTITIONS")
        for values in written_partitions or []:
            _add_partition(spark, database, table, values)
    # Spark caches a table's file listing per session; all jobs share one session.
    spark.catalog.refreshTable(qualified(database, table))
