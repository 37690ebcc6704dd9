"""The one Spark session of a local run: local[2], quiet, an in-memory Data Catalog, local S3.

The catalog is rebuilt from generated/<stack>/pipeline.json at every start (lakehouse/catalog.py), as
Pulumi builds the real one from the same definitions, so nothing needs to persist but the data:
no Hive metastore to create (~15 s the first time) or open (~8-12 s every time) on 2 cores.
"""

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
    "spark.sql.catalogImplementation": "in-memory",
    # Glue's Spark runs in UTC; timestamps converted or formatted by a script must not depend on this machine's zone.
    "spark.sql.session.timeZone": "UTC",
}


def build(root: Path, buckets, extra_conf=None, data_quality=False):
    """Creates the session; returns (session, seconds taken). `data_quality` puts the DQDL engine
    (Deequ, from Maven Central through Ivy's cache) on the classpath, for scripts using awsgluedq."""
    from pyspark.sql import SparkSession  # deferred: importing pyspark is part of start-up time

    started = time.monotonic()
    conf = {
        **FAST_LOCAL,
        "spark.app.name": "stedi-lakehouse-local",
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}",
        "spark.sql.warehouse.dir": (root.resolve() / "warehouse").as_uri(),
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
    with jvm_stderr.quiet_dependency_report() if data_quality else contextlib.nullcontext():
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session, time.monotonic() - started
