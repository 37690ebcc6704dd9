"""GlueContext over a SparkSession that the local runner has configured (local S3 + catalog)."""

from pyspark.sql import SparkSession

from awsglue import _catalog, _glue_read, _storage, local_writes
from awsglue._unsupported import reject_non_default, unsupported, unsupported_methods
from awsglue.data_sink import DataSink
from awsglue.dynamicframe import DynamicFrameReader, DynamicFrameWriter

# Set by lakehouse.spark_session; without it s3:// paths and the catalog would not be local.
LOCAL_RUNTIME_FLAG = "spark.lakehouse.localGlueRuntime"


class GlueContext:
    Spark_SQL_Formats = {"parquet", "orc"}

    def __init__(self, sparkContext, **options):
        reject_non_default("GlueContext", **options)
        self._sc = sparkContext
        self.spark_session = SparkSession.Builder().getOrCreate()  # what `SparkSession.builder` returns, typed
        if self.spark_session.conf.get(LOCAL_RUNTIME_FLAG, "false") != "true":
            raise RuntimeError(
                "This Spark session was not set up by the local runner, so s3:// paths and the Data Catalog "
                "would not resolve locally. Run the pipeline with `npm start` (python -m lakehouse.run)."
            )
        self.create_dynamic_frame = DynamicFrameReader(self)
        self.write_dynamic_frame = DynamicFrameWriter(self)

    def getSink(self, connection_type, format=None, transformation_ctx="", **options):
        if format and format.lower() in self.Spark_SQL_Formats:
            connection_type = format
        if connection_type != "s3":
            raise unsupported(f'getSink(connection_type="{connection_type}")')
        return DataSink(self, transformation_ctx=transformation_ctx, **options)

    def purge_s3_path(self, s3_path, options={}, transformation_ctx=""):
        options = dict(options)
        # Glue keeps files younger than the retention period, 7 days unless told otherwise.
        retention_hours = options.pop("retentionPeriod", 168)
        reject_non_default("purge_s3_path", **options)
        _storage.purge(self.spark_session, s3_path, retention_hours)
        if retention_hours == 0:  # everything is gone: the next writes are all the location holds
            local_writes.purged(s3_path)

    def _read_catalog_table(self, database, table_name):
        """The table's data as Glue's from_catalog reads it: location and format from the catalog,
        the schema from the data files (see awsglue._glue_read)."""
        if not self.spark_session.catalog.tableExists(f"{database}.{table_name}"):
            raise LookupError(
                f"Table {database}.{table_name} is not in the local Data Catalog. On AWS, Pulumi creates every "
                "table before any job runs; locally the runner creates them from generated/<stack>/pipeline.json "
                "(npm start does). Add the table to the pipeline, or run the job through the runner."
            )
        spark = self.spark_session
        spark_format, location, partitions = _catalog.storage(spark, database, table_name)
        folders = None
        if partitions:
            # Glue reads the partitions the catalog lists, not every folder under the location: a partition
            # a sink wrote without adding it (enableUpdateCatalog=False, or LOG with other columns) is not read.
            listed = _catalog.partition_locations(spark, database, table_name, location)
            folders = [folder for folder in listed if _storage.exists(spark, folder)]
        return _glue_read.read_data_files(spark, location, spark_format, partitions, folders)


for _name, _method in unsupported_methods(
    "GlueContext",
    [
        "getSource",
        "getStreamingSource",
        "get_catalog_schema_as_spark_schema",
        "create_dynamic_frame_from_rdd",
        "create_dynamic_frame_from_catalog",
        "create_data_frame_from_catalog",
        "create_dynamic_frame_from_options",
        "create_data_frame_from_options",
        "write_dynamic_frame_from_options",
        "write_from_options",
        "write_dynamic_frame_from_catalog",
        "write_data_frame_from_catalog",
        "write_dynamic_frame_from_jdbc_conf",
        "write_from_jdbc_conf",
        "convert_resolve_option",
        "extract_jdbc_conf",
        "purge_table",
        "transition_table",
        "transition_s3_path",
        "get_logger",
        "forEachBatch",
        "add_ingestion_time_columns",
        "begin_transaction",
        "commit_transaction",
        "cancel_transaction",
        "getSampleStreamingDynamicFrame",
    ],
).items():
    setattr(GlueContext, _name, _method)
