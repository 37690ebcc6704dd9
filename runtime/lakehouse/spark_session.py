"""The one Spark session of a local run: local[2], quiet, Hive metastore on disk, local S3, Iceberg."""
import os
import sys
import time
from pathlib import Path

from awsglue.context import LOCAL_RUNTIME_FLAG
from awsgluedq import engine
from lakehouse import jvm_stderr
from lakehouse.local_s3 import LocalS3

LOG_CONFIG = Path(__file__).with_name("log4j2.properties")

# Why each setting: a laptop-sized machine (2 cores) and small data. Shuffles of a few MB do not
# need 200 partitions; the UI and console progress bar only cost start-up time and noise.
FAST_LOCAL = {
    "spark.master": "local[2]",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.sql.adaptive.enabled": "true",
    "spark.driver.memory": "4g",
    "spark.sql.sources.partitionOverwriteMode": "static",
    # DataNucleus re-validates the metastore schema on every start; it never changes here.
    "spark.hadoop.datanucleus.schema.validateTables": "false",
    "spark.hadoop.datanucleus.schema.validateColumns": "false",
    "spark.hadoop.datanucleus.schema.validateConstraints": "false",
    "spark.hadoop.hive.metastore.try.direct.sql": "false",
    # Glue's Spark runs in UTC; timestamps converted or formatted by a script must not depend on this machine's zone.
    "spark.sql.session.timeZone": "UTC",
}


# JVM libraries from Maven Central, resolved by Spark through Ivy (cached in ~/.ivy2; no jar is committed).
# One list that every feature adds its coordinates to, so they share one `spark.jars.packages` value:
# Spark reads that setting once per JVM, and two features setting it separately would drop one.
JVM_PACKAGES = [
    # AWS Glue 5.0 ships Iceberg 1.7.1 (`--datalake-formats iceberg`); this is the same build for Spark 3.5.
    "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.7.1",
]

# The Spark catalog that generated scripts name for Iceberg tables. On Glue the job's --conf makes it an
# Iceberg GlueCatalog over the Data Catalog with S3FileIO (infra/iceberg.ts); here it is an Iceberg
# HiveCatalog over the same local metastore that holds every other table, with Hadoop's file system
# (so s3:// goes to local S3). Only the catalog implementation differs; see docs/decisions/local-iceberg-catalog.md.
ICEBERG_CATALOG = "glue_catalog"


def iceberg_conf(warehouse_uri: str):
    return {
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        f"spark.sql.catalog.{ICEBERG_CATALOG}": "org.apache.iceberg.spark.SparkCatalog",
        f"spark.sql.catalog.{ICEBERG_CATALOG}.type": "hive",
        f"spark.sql.catalog.{ICEBERG_CATALOG}.warehouse": warehouse_uri,
        # On Glue each job has its own session; here jobs share one, so no job may see another's cached
        # table state: every read loads the table's current metadata.
        f"spark.sql.catalog.{ICEBERG_CATALOG}.cache-enabled": "false",
        # `spark.table("db.t")`, from_catalog and SQL without a catalog prefix see Iceberg tables too, as
        # Glue's Data Catalog integration does: the session catalog loads Iceberg tables through Iceberg and
        # hands every other table to the Hive catalog.
        "spark.sql.catalog.spark_catalog": "org.apache.iceberg.spark.SparkSessionCatalog",
        "spark.sql.catalog.spark_catalog.type": "hive",
        "spark.sql.catalog.spark_catalog.cache-enabled": "false",
        # Iceberg's Hive commits take metastore locks, whose tables Spark's embedded Derby metastore does
        # not have. One local process writes each table at a time, so commits go without the lock.
        "spark.hadoop.iceberg.engine.hive.lock-enabled": "false",
        # Iceberg's Arrow-based vectorized Parquet reader crashed this JVM (SIGSEGV in the symbol table,
        # twice, in the first job that reads Iceberg tables; OpenJDK 17.0.15); the row reader gives the
        # same rows. Glue keeps its default.
        "spark.sql.iceberg.vectorization.enabled": "false",
        # Iceberg's metastore client is not Spark's isolated one: let it create the schema on a fresh catalog.
        "spark.hadoop.datanucleus.schema.autoCreateAll": "true",
        "spark.hadoop.hive.metastore.schema.verification": "false",
    }


def catalog_dir(root: Path) -> Path:
    return root.resolve() / "catalog"


def is_first_run(root: Path) -> bool:
    return not (catalog_dir(root) / "metastore_db").exists()


def build(root: Path, buckets, extra_conf=None, data_quality=False):
    """Creates the session; returns (session, seconds taken). `data_quality` puts the DQDL engine
    (Deequ, from Maven Central through Ivy's cache) on the classpath, for scripts using awsgluedq."""
    from pyspark.sql import SparkSession  # deferred: importing pyspark is part of start-up time

    started = time.monotonic()
    # The data-quality engine brings its own packages: they join the same list, or one would drop the other.
    quality = dict(engine.spark_conf()) if data_quality else {}
    packages = JVM_PACKAGES + [p for p in quality.pop("spark.jars.packages", "").split(",") if p]
    catalog = catalog_dir(root)
    catalog.mkdir(parents=True, exist_ok=True)
    java_options = " ".join(
        [
            f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}",
            f"-Dderby.system.home={catalog}",
            f"-Dderby.stream.error.file={catalog / 'derby.log'}",
        ]
    )
    conf = {
        **FAST_LOCAL,
        "spark.app.name": "stedi-lakehouse-local",
        "spark.driver.extraJavaOptions": java_options,
        "spark.sql.catalogImplementation": "hive",
        "spark.sql.warehouse.dir": (catalog / "warehouse").as_uri(),
        "spark.hadoop.javax.jdo.option.ConnectionURL": f"jdbc:derby:;databaseName={catalog / 'metastore_db'};create=true",
        "spark.hadoop.hive.exec.scratchdir": str(root.resolve() / "tmp" / "hive"),
        "spark.local.dir": str(root.resolve() / "tmp" / "spark"),
        LOCAL_RUNTIME_FLAG: "true",
        **iceberg_conf((catalog / "iceberg-warehouse").as_uri()),
        **LocalS3(root).spark_conf(buckets),
        **quality,
        "spark.jars.packages": ",".join(packages),
        **(extra_conf or {}),
    }
    # Python workers must run in this venv, whatever `python3` is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder
    for key, value in conf.items():
        builder = builder.config(key, value)
    # Ivy prints its resolution report on every start (Iceberg is always resolved): keep it off the console.
    with jvm_stderr.quiet_dependency_report():
        session = builder.enableHiveSupport().getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session, time.monotonic() - started
