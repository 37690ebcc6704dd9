"""What `create_dynamic_frame.from_catalog` gives on Glue: a schema inferred from the data files.

A DynamicFrame is self-describing, so Glue takes the catalog table's location and format but
computes the schema from the records it reads, not from the table's columns. The local stand-in
reproduces the three consequences that break a script written against the declared columns:
- a column that is NULL (or absent) in every record is not in the frame;
- a table with no rows has no columns at all;
- in JSON, a whole number is an `int` when it fits in 32 bits (Spark alone would say bigint).
Partition columns come from the catalog's partitions, so they keep the declared type.
What it cannot reproduce is a ChoiceType (one field with several types across records): a local
DataFrame column has one type, see DynamicFrame.resolveChoice.
"""

from pyspark.errors import AnalysisException
from pyspark.sql import functions as F
from pyspark.sql import types as T

_INT_RANGE = (-(2**31), 2**31 - 1)


def _files_or_nothing(spark, spark_format, location, folders=None):
    reader = spark.read.format(spark_format)
    if spark_format == "parquet":
        reader = reader.option("mergeSchema", "true")  # Glue reads each file's own schema
    if folders is not None and not folders:
        return None
    try:
        if folders is not None:  # the partitions' folders, with their key=value names read as columns
            return reader.option("basePath", location).load(folders)
        return reader.load(location)
    except AnalysisException as error:
        # No data files under the location (or no location yet): Glue's frame is empty, without columns.
        if getattr(error, "getErrorClass", lambda: None)() in ("UNABLE_TO_INFER_SCHEMA", "PATH_NOT_FOUND"):
            return None
        raise


def read_data_files(spark, location, spark_format, partition_columns, folders=None):
    """The DataFrame Glue's from_catalog would produce for a table stored at `location`.

    `partition_columns` is [(name, catalog type)]: directory values are typed as the catalog says.
    `folders`, for a partitioned table, lists the folders of the partitions to read (those the catalog has)."""
    dataframe = _files_or_nothing(spark, spark_format, location, folders)
    if dataframe is None:
        return spark.createDataFrame([], T.StructType([]))
    for name, kind in partition_columns:
        if name in dataframe.columns:
            dataframe = dataframe.withColumn(name, F.col(f"`{name}`").cast(kind))
    fields = dataframe.schema.fields
    if not fields:
        return dataframe
    narrowable = [f.name for f in fields if spark_format == "json" and isinstance(f.dataType, T.LongType)]
    # One pass over the data: which columns hold a value at all, and the range of JSON whole numbers.
    aggregates = [F.count(F.col(f"`{f.name}`")).alias(f"n{i}") for i, f in enumerate(fields)]
    aggregates += [F.min(F.col(f"`{name}`")).alias(f"lo{name}") for name in narrowable]
    aggregates += [F.max(F.col(f"`{name}`")).alias(f"hi{name}") for name in narrowable]
    stats = dataframe.agg(*aggregates).first()
    kept = []
    for i, field in enumerate(fields):
        if stats[f"n{i}"] == 0:
            continue  # NULL in every record (or no records): Glue's frame has no such field
        column = F.col(f"`{field.name}`")
        if (
            field.name in narrowable
            and _INT_RANGE[0] <= stats[f"lo{field.name}"]
            and stats[f"hi{field.name}"] <= _INT_RANGE[1]
        ):
            column = column.cast(T.IntegerType())
        kept.append(column.alias(field.name))
    if not kept:
        return spark.createDataFrame([], T.StructType([]))
    return dataframe.select(*kept)
