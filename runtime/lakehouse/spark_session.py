"""The one Spark session of a local run: local[2], quiet, Hive metastore on disk, local S3."""
import contextlib
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
        **LocalS3(root).spark_conf(buckets),
        **(engine.spark_conf() if data_quality else {}),
        **(extra_conf or {}),
    }
    # Python workers must run in this venv, whatever `python3` is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder
    for key, value in conf.items():
        builder = builder.config(key, value)
    # spark.sql.catalogImplementation (hive unless extra_conf says otherwise) picks the catalog.
    with jvm_stderr.quiet_dependency_report() if data_quality else contextlib.nullcontext():
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session, time.monotonic() - started
