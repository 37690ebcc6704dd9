"""A class-data-sharing archive for the Spark driver JVM: where it is, whether it is there, and the JVM options
that map it (spark_session.py). `python -m lakehouse.make_class_archive` makes it.

A local run on small data spends seconds of its start-up and of its first jobs loading, parsing and
verifying Spark's classes (about 15,000 of them, from ~230 jars). Java's AppCDS
(https://openjdk.org/jeps/350) keeps those classes, already parsed and verified, in one
memory-mapped file: with it, `npm start` on the starter data took about 3-5 s less
(docs/decisions/jvm-class-archive.md, BENCHMARKS.md).

The archive is made once per Java and pyspark install, as part of the set-up (src/cli/run.ts asks
`python -m lakehouse.make_class_archive --status` and runs that module when it says "missing"): a JVM started
with -XX:ArchiveClassesAtExit runs the pipeline on a little synthetic data and writes, as it exits, every class
it loaded. It lives in the
venv (`.venv/spark-class-archive/`), named after what it depends on: the Java binary and the
pyspark jars. The JVM itself checks the archive against the classpath it was made with and ignores
one that does not match, so a stale or broken archive costs the speed-up, never a run.
"""

import hashlib
import os
import shutil
import sys
from importlib.util import find_spec
from pathlib import Path

# Quiet: the JVM would otherwise print a warning at every start-up when it ignores an archive.
USE_OPTIONS = "-Xlog:cds=off -Xlog:cds+dynamic=off"


def _java_binary() -> Path | None:
    java_home = os.environ.get("JAVA_HOME")
    found = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    return Path(found).resolve() if found and Path(found).exists() else None


def _pyspark_jars() -> Path | None:
    spec = find_spec("pyspark")
    return Path(spec.origin).parent / "jars" if spec and spec.origin else None


def directory() -> Path:
    return Path(sys.prefix) / "spark-class-archive"


def archive_path() -> Path | None:
    """Where this Java and pyspark install's archive is (or would be); None when either is missing."""
    java, jars = _java_binary(), _pyspark_jars()
    if java is None or jars is None or not jars.is_dir():
        return None
    identity = f"{java}|{java.stat().st_mtime_ns}|{jars}|{jars.stat().st_mtime_ns}"
    return directory() / f"spark-{hashlib.sha256(identity.encode()).hexdigest()[:16]}.jsa"


def java_options() -> str:
    """The driver JVM options that map the archive, or "" when there is none for this install."""
    path = archive_path()
    if path is None or not path.is_file():
        return ""
    return f"-XX:SharedArchiveFile={path} {USE_OPTIONS}"


# Read by spark_session.build: the training run's JVM writes its loaded classes to this path at exit.
DUMP_ENV = "LAKEHOUSE_CLASS_ARCHIVE_DUMP"


def dump_options() -> str:
    target = os.environ.get(DUMP_ENV)
    return f"-XX:ArchiveClassesAtExit={target} {USE_OPTIONS}" if target else ""


def failure_note(archive: Path) -> Path:
    """Where a failed training for this install leaves its output; while it is there, no new attempt is made."""
    return archive.with_suffix(".failed")


def status() -> str:
    """This install's archive: ready, failed (an earlier training failed), missing, or unavailable (no Java
    or pyspark)."""
    target = archive_path()
    if target is None:
        return "unavailable"
    if target.is_file():
        return "ready"
    return "failed" if failure_note(target).is_file() else "missing"
