"""The one Spark session of a local run: local[2], quiet, an in-memory Data Catalog, local S3.

The catalog is rebuilt from generated/<stack>/pipeline.json at every start (lakehouse/catalog.py), as
Pulumi builds the real one from the same definitions, so nothing needs to persist but the data:
no Hive metastore to create (~15 s the first time) or open (~8-12 s every time) on 2 cores.
"""

import contextlib
import hashlib
import logging
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from awsglue.context import LOCAL_RUNTIME_FLAG
from awsgluedq import engine

from lakehouse import class_archive, iceberg_catalog, jvm_stderr
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
        packages += iceberg_catalog.packages()
        conf.update(iceberg_catalog.spark_conf(root, iceberg_warehouse))
    if packages:
        conf["spark.jars.packages"] = ",".join(packages)
        conf["spark.jars.ivy"] = str(engine.ivy_home())
    return conf


# Ivy resolves `spark.jars.packages` at every start, even from a full cache: ~0.7 s of settings, resolution
# and copying 20 jars into the session's files. The jars it resolved are the same until the packages change,
# so the first start with a package list records them beside Ivy's cache, and later starts pass them as
# `spark.jars`, which puts them on the same class loader.
_RESOLUTION_KEYS = ("spark.jars.packages", "spark.jars.excludes", "spark.jars.ivy")


def _resolution_record(libraries: dict) -> Path:
    identity = "|".join(libraries.get(key, "") for key in _RESOLUTION_KEYS)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return Path(libraries["spark.jars.ivy"]) / "lakehouse-resolved" / f"{digest}.txt"


def _with_recorded_resolution(libraries: dict) -> tuple[dict, Path | None]:
    """(settings to start with, where to record the resolution, or None when a record was used)."""
    if "spark.jars.packages" not in libraries:
        return libraries, None
    record = _resolution_record(libraries)
    jars = record.read_text().split() if record.is_file() else []
    if not jars or not all(Path(jar).is_file() for jar in jars):
        return libraries, record  # none yet, or Ivy's cache was cleared: resolve again
    resolved = {key: value for key, value in libraries.items() if key not in _RESOLUTION_KEYS}
    return {**resolved, "spark.jars": ",".join(jars)}, None


@contextlib.contextmanager
def _resolving_alone(record: Path | None):
    """While Ivy resolves (and, the first time, downloads into) its shared cache, no other local run on this machine
    does: two JVMs writing the same jar or Ivy file at once can leave a broken cache (the test suite runs two
    mocha processes). A start from a recorded resolution reads only its jars and takes no lock."""
    if record is None:
        yield
        return
    import fcntl

    record.parent.mkdir(parents=True, exist_ok=True)
    with open(record.parent / ".resolving.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _record_resolution(session, record: Path):
    """What Ivy put on the driver's classpath (SparkSubmit lists it in spark.repl.local.jars)."""
    uris = [uri for uri in session.sparkContext.getConf().get("spark.repl.local.jars", "").split(",") if uri]
    jars = [url2pathname(urlparse(uri).path) for uri in uris]
    if not jars or not all(Path(jar).is_file() for jar in jars):
        return
    record.parent.mkdir(parents=True, exist_ok=True)
    partial = record.with_name(f".{record.name}.{os.getpid()}")
    partial.write_text("\n".join(jars) + "\n")
    os.replace(partial, record)


# A short run (the starter data) spends most of its JVM time compiling, not running:
# HotSpot's optimising compiler (C2) competes with the jobs for the 2 cores and pays off only in
# runs of minutes. So short runs use the quick compiler alone and the throughput collector, which
# took `npm start` on the starter data from ~32 s to ~26 s; at x10 the same settings made the
# heaviest job 3x slower, hence the limit (BENCHMARKS.md, "npm start").
QUICK_START_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC"
SHORT_RUN_MAX_LANDING_BYTES = 48 * 1024 * 1024  # the starter data is 11 MB, synthetic x10 about 110 MB
# Shuffles of a short run hold kilobytes to a few MB: one partition per shuffle, planned once, as the jobs' unit tests
# run (unit_tests.SMALL_DATA). Adaptive execution then has nothing left to coalesce, and re-planning each stage cost
# more than it saved: the starter data's five jobs took ~9% less with these (32.5 -> 29.7 s in a new session, 22.1 ->
# 20.3 s in a warm one). Results do not depend on them; a larger run keeps 4 partitions and adaptive execution.
SHORT_RUN_SETTINGS = {"spark.sql.shuffle.partitions": "1", "spark.sql.adaptive.enabled": "false"}


# PySpark 4 logs every error it converts from the JVM once more, as a JSON line holding the Java stack (~150 lines),
# through these two loggers, whether or not the script then catches it (the stand-in's reads catch
# AnalysisException on purpose). The runner names the failed node and the error's first line itself.
QUERY_CONTEXT_LOGGERS = ("DataFrameQueryContextLogger", "SQLQueryContextLogger")


def _quiet_query_context_loggers():
    # PySpark 4 only; the type check runs against 5.0's pyspark 3.5.
    from pyspark.logger import PySparkLogger  # pyright: ignore[reportMissingImports]

    for name in QUERY_CONTEXT_LOGGERS:
        # Their own class, created now, so that PySpark's later getLogger finds it (it passes extra keywords).
        PySparkLogger.getLogger(name).setLevel(logging.CRITICAL)


def build(root: Path, buckets, extra_conf=None, data_quality=False, iceberg_warehouse=None, short_run=False):
    """Creates the session; returns (session, seconds taken). `data_quality` puts the DQDL engine
    (Deequ, from Maven Central through Ivy's cache) on the classpath, for scripts using awsgluedq;
    `iceberg_warehouse` (an s3:// URI) adds Iceberg and the local `glue_catalog` (lakehouse/iceberg_catalog.py);
    `short_run` starts the JVM for seconds of work rather than minutes (QUICK_START_JVM_OPTIONS)."""
    from pyspark import __version__ as pyspark_version  # deferred: importing pyspark is part of start-up time
    from pyspark.sql import SparkSession

    started = time.monotonic()
    libraries, unrecorded = _with_recorded_resolution(jvm_libraries(root, data_quality, iceberg_warehouse))
    conf = {
        **FAST_LOCAL,
        **(SHORT_RUN_SETTINGS if short_run else {}),
        "spark.app.name": "stedi-lakehouse-local",
        "spark.driver.extraJavaOptions": " ".join(
            option
            for option in (
                f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}",
                QUICK_START_JVM_OPTIONS if short_run else "",
                # Spark's classes ready-parsed (lakehouse/class_archive.py): seconds off every start-up.
                class_archive.dump_options() or class_archive.java_options(),
            )
            if option
        ),
        "spark.sql.warehouse.dir": (root.resolve() / "warehouse").as_uri(),
        "spark.local.dir": str(root.resolve() / "tmp" / "spark"),
        LOCAL_RUNTIME_FLAG: "true",
        **LocalS3(root).spark_conf(buckets),
        **libraries,
        **(extra_conf or {}),
    }
    # Python workers must run in this venv, whatever `python3` is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.Builder()  # what `SparkSession.builder` returns; pyright reads that one as untyped
    for key, value in conf.items():
        builder = builder.config(key, value)
    # Ivy prints its resolution report, the DQDL parser a version notice, Spark 4's JVM an incubator-module warning:
    # keep them off the console.
    spark_4 = int(pyspark_version.split(".")[0]) >= 4
    with (
        _resolving_alone(unrecorded),
        jvm_stderr.quiet_dependency_report() if libraries or spark_4 else contextlib.nullcontext(),
    ):
        session = builder.getOrCreate()
    if spark_4:
        _quiet_query_context_loggers()
    if unrecorded is not None:
        _record_resolution(session, unrecorded)
    session.sparkContext.setLogLevel("ERROR")
    return session, time.monotonic() - started
