"""A class-data-sharing archive for the Spark driver JVM: `python -m lakehouse.class_archive` makes it.

A local run on small data spends seconds of its start-up and of its first jobs loading, parsing and
verifying Spark's classes (about 15,000 of them, from ~230 jars). Java's AppCDS
(https://openjdk.org/jeps/350) keeps those classes, already parsed and verified, in one
memory-mapped file: with it, `npm start` on the starter data took about 3-5 s less
(docs/decisions/jvm-class-archive.md, BENCHMARKS.md).

The archive is made once per Java and pyspark install, as part of the set-up (src/cli/run.ts asks
`--status` and calls this module when it says "missing"): a JVM started with -XX:ArchiveClassesAtExit runs the
pipeline on a little synthetic data and writes, as it exits, every class it loaded. It lives in the
venv (`.venv/spark-class-archive/`), named after what it depends on: the Java binary and the
pyspark jars. The JVM itself checks the archive against the classpath it was made with and ignores
one that does not match, so a stale or broken archive costs the speed-up, never a run.
"""

import contextlib
import hashlib
import os
import shutil
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

# Quiet: the JVM would otherwise print a warning at every start-up when it ignores an archive.
USE_OPTIONS = "-Xlog:cds=off -Xlog:cds+dynamic=off"
TRAINING_SCALE = "0.05"  # enough rows for every job's query shapes; the run takes seconds, the dump most of the time


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
DUMP_ENV = "STEDI_CLASS_ARCHIVE_DUMP"


def dump_options() -> str:
    target = os.environ.get(DUMP_ENV)
    return f"-XX:ArchiveClassesAtExit={target} {USE_OPTIONS}" if target else ""


def _wait_for_jvm_exit(timeout_seconds=600):
    """The JVM writes the archive while it exits, after the run: wait for it (pyspark keeps its process)."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    process = getattr(gateway, "proc", None)
    if process is None:
        raise RuntimeError("pyspark did not start the JVM itself, so its exit cannot be awaited")
    process.stdin.close()  # pyspark's gateway exits when its stdin closes
    process.wait(timeout=timeout_seconds)


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


def train(log=print) -> int:
    """Makes the archive for this install if it is missing. Exit status 0 when it is there at the end; on
    failure, the output goes to failure_note() so that later set-ups do not try again."""
    target = archive_path()
    if target is None:
        log("No class archive: Java or pyspark was not found.")
        return 1
    if target.is_file():
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in [*target.parent.glob("*.jsa"), *target.parent.glob("*.failed")]:
        stale.unlink()  # made for another Java or pyspark install: the JVM would ignore it
    problem = _make(target)
    if problem is None:
        return 0
    failure_note(target).write_text(problem + "\n")
    log(f"{problem.splitlines()[0]} Details: {failure_note(target)}")
    return 1


def _make(target: Path) -> str | None:
    """Runs the training and moves the archive into place; returns what went wrong, or None."""
    from lakehouse import run  # deferred: the runner imports spark_session, which imports this module

    started = time.monotonic()
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")  # beside it: os.replace is then atomic
    with tempfile.TemporaryDirectory(prefix="stedi-class-archive-") as scratch:
        os.environ[DUMP_ENV] = str(partial)
        transcript = Path(scratch) / "run.txt"
        with transcript.open("w") as output, contextlib.redirect_stdout(output):
            exit_status = run.main(
                ["--scale", TRAINING_SCALE, "--seed", "1", "--root", str(Path(scratch) / "lakehouse")]
            )
        if exit_status != 0:
            return f"The training run failed (exit {exit_status}).\n{transcript.read_text()[-2000:]}"
        _wait_for_jvm_exit()
    if not partial.is_file() or partial.stat().st_size == 0:
        return "The JVM wrote no class archive."
    os.replace(partial, target)  # whole or not at all: a run never maps a half-written file
    print(f"Spark class archive ready in {time.monotonic() - started:.0f}s: {target}")
    return None


if __name__ == "__main__":
    if sys.argv[1:] == ["--status"]:
        print(status())
        sys.exit(0)
    sys.exit(train())
