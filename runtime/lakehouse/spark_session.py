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

from lakehouse import iceberg_catalog, jvm_stderr
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


def jvm_libraries(root: Path, data_quality=False, iceberg_warehouse=None) -> dict:
    """Settings that put the optional JVM libraries on the classpath: the DQDL engine (Deequ) for
    scripts using awsgluedq, Iceberg and its local `glue_catalog` for stacks with Iceberg tables.
    Their Maven coordinates go into ONE `spark.jars.packages` list: Spark reads it once per JVM, so two
    features setting it separately would drop one."""
    conf = dict(engine.spark_conf()) if data_quality else {}
    packages = [p for p in conf.pop("spark.jars.packages", "").split(",") if p]
    if iceberg_warehouse:
        packages += iceberg_catalog.PACKAGES
        conf.update(iceberg_catalog.spark_conf(root, iceberg_warehouse))
    if packages:
        conf["spark.jars.packages"] = ",".join(packages)
        conf["spark.jars.ivy"] = str(engine.ivy_home())
    return conf


# A short run (the starter data) spends most of its JVM time compiling, not running:
# HotSpot's optimising compiler (C2) competes with the jobs for the 2 cores and pays off only in
# runs of minutes. So short runs use the quick compiler alone and the throughput collector, which
# took `npm start` on the starter data from ~32 s to ~26 s; at x10 the same settings made the
# heaviest job 3x slower, hence the limit (BENCHMARKS.md, "npm start").
QUICK_START_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC"
SHORT_RUN_MAX_LANDING_BYTES = 48 * 1024 * 1024  # the starter data is 11 MB, synthetic x10 about 110 MB


def build(root: Path, buckets, extra_conf=None, data_quality=False, iceberg_warehouse=None, short_run=False):
    """Creates the session; returns (session, seconds taken). `data_quality` puts the DQDL engine
    (Deequ, from Maven Central through Ivy's cache) on the classpath, for scripts using awsgluedq;
    `iceberg_warehouse` (an s3:// URI) adds Iceberg and the local `glue_catalog` (lakehouse/iceberg_catalog.py);
    `short_run` starts the JVM for seconds of work rather than minutes (QUICK_START_JVM_OPTIONS)."""
    from pyspark.sql import SparkSession  # deferred: importing pyspark is part of start-up time

    started = time.monotonic()
    libraries = jvm_libraries(root, data_quality, iceberg_warehouse)
    conf = {
        **FAST_LOCAL,
        "spark.app.name": "stedi-lakehouse-local",
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}"
        + (f" {QUICK_START_JVM_OPTIONS}" if short_run else ""),
        "spark.sql.warehouse.dir": (root.resolve() / "warehouse").as_uri(),
        "spark.local.dir": str(root.resolve() / "tmp" / "spark"),
        LOCAL_RUNTIME_FLAG: "true",
        **LocalS3(root).spark_conf(buckets),
        **libraries,
        **(extra_conf or {}),
    }
    # Python workers must run in this venv, whatever `python3` is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder
    for key, value in conf.items():
        builder = builder.config(key, value)
    resolving = "spark.jars.packages" in libraries  # Ivy prints its resolution report: keep it off the console
    with jvm_stderr.quiet_dependency_report() if resolving else contextlib.nullcontext():
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session, time.monotonic() - started
