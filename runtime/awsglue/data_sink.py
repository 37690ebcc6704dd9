"""The S3 sink: getSink(...), setCatalogInfo, setFormat, writeFrame.

With enableUpdateCatalog=True it creates or updates the catalog table and adds the partitions it wrote. Without
it, as on Glue ("If enableUpdateCatalog is not set to true, regardless of whichever option selected for
updateBehavior, the ETL job will not update the table in the Data Catalog"), it only writes the files: no table
created or changed, no partition added, no partition-key check; setCatalogInfo is accepted and unused.
"""

from pyspark.sql import Observation
from pyspark.sql import functions as F

from awsglue import _catalog, local_writes
from awsglue._unsupported import reject_non_default, unsupported
from awsglue.dynamicframe import DynamicFrame

UPDATE_BEHAVIORS = {"UPDATE_IN_DATABASE", "LOG"}


class DataSink:
    def __init__(
        self,
        glue_context,
        transformation_ctx="",
        path=None,
        updateBehavior="UPDATE_IN_DATABASE",
        partitionKeys=None,
        enableUpdateCatalog=False,
        **other_options,
    ):
        # getSink's **options are free-form on Glue; these are the ones the templates emit.
        reject_non_default("getSink", **other_options)
        if not path:
            raise ValueError("getSink(connection_type='s3') needs path=")
        if updateBehavior not in UPDATE_BEHAVIORS:
            raise unsupported(f"getSink(updateBehavior={updateBehavior!r})")
        self._glue_context = glue_context
        self._path = path
        self._update_behavior = updateBehavior
        self._partition_keys = list(partitionKeys or [])
        self._update_catalog = bool(enableUpdateCatalog)
        self._database = None
        self._table = None
        self._format = None
        self._format_options = {}

    def setFormat(self, format, **options):
        if format not in _catalog.GLUE_FORMATS:
            raise unsupported(f'DataSink.setFormat("{format}")')
        self._format = format
        self._format_options = options

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=""):
        reject_non_default("DataSink.setCatalogInfo", catalogId=catalogId)
        self._database = catalogDatabase
        self._table = catalogTableName

    def setAccumulableSize(self, size):
        raise unsupported("DataSink.setAccumulableSize")

    def writeFrame(self, dynamic_frame, info=""):
        if self._format is None:
            raise ValueError("DataSink.writeFrame before setFormat: the sink does not know what to write")
        if self._update_catalog and not self._table:
            raise ValueError("DataSink.writeFrame with enableUpdateCatalog=True needs setCatalogInfo first")
        dataframe = dynamic_frame.toDF()
        spark_format = _catalog.GLUE_FORMATS[self._format]
        if self._update_catalog:
            self._check_partition_keys()
        options = dict(self._format_options)
        compression = options.pop("compression", None)
        reject_non_default(f'DataSink.setFormat("{self._format}")', **options)
        # Counted while writing (an observed metric, not another pass), for the local run's report.
        rows_written = Observation("rows_written")
        observed = dataframe.observe(rows_written, F.count(F.lit(1)).alias("rows"))
        writer = observed.write.mode("append").format(spark_format)  # Glue's S3 sink appends
        if compression:
            writer = writer.option("compression", compression)
        if self._partition_keys:
            writer = writer.partitionBy(*self._partition_keys)
        writer.save(self._path)
        local_writes.wrote(self._path, rows_written.get["rows"])
        if self._update_catalog:
            spark = self._glue_context.spark_session
            written = (
                [row.asDict() for row in dataframe.select(*self._partition_keys).distinct().collect()]
                if self._partition_keys
                else None
            )
            _catalog.update_table(
                spark,
                self._database,
                self._table,
                dataframe.schema,
                spark_format,
                self._path,
                self._partition_keys,
                self._update_behavior,
                written,
            )
        # Glue returns the frame of records that failed to write; locally a failed write raises.
        return DynamicFrame.fromDF(dataframe.limit(0), self._glue_context, dynamic_frame.name + "_errors")

    def _check_partition_keys(self):
        """Glue requires a catalog-updating sink's partitionKeys to be the table's, in the same order
        ("Updating the schema, and adding new partitions", Restrictions); refused before anything is written."""
        spark = self._glue_context.spark_session
        if not spark.catalog.tableExists(f"{self._database}.{self._table}"):
            return
        _format, _location, partitions = _catalog.storage(spark, self._database, self._table)
        declared = [name for name, _type in partitions]
        if [key.lower() for key in self._partition_keys] != declared:
            raise ValueError(
                f"getSink(partitionKeys={self._partition_keys!r}) for {self._database}.{self._table}: "
                f"the catalog table is partitioned by {declared!r}. "
                "Glue needs the sink's partition keys to be the table's, in the same order; "
                "declare them once on the table in the DSL and render again."
            )

    def write(self, dynamic_frame_or_dfc, info=""):
        if not isinstance(dynamic_frame_or_dfc, DynamicFrame):
            raise unsupported("DataSink.write of a DynamicFrameCollection")
        return self.writeFrame(dynamic_frame_or_dfc, info)
