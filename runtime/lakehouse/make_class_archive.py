"""Makes the Spark driver's class-data-sharing archive (lakehouse/class_archive.py) for this Java and pyspark
install: `python -m lakehouse.make_class_archive`, or `--status` to print ready, failed, missing or unavailable.
It trains on a local run (lakehouse.run), so it is a command line of its own: class_archive.py, which
spark_session.py imports, imports no runner.
"""

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from lakehouse.class_archive import DUMP_ENV, archive_path, failure_note, status

TRAINING_SCALE = "0.05"  # enough rows for every job's query shapes; the run takes seconds, the dump most of the time


def _wait_for_jvm_exit(timeout_seconds=600):
    """The JVM writes the archive while it exits, after the run: wait for it (pyspark keeps its process)."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    process = getattr(gateway, "proc", None)
    if process is None:
        raise RuntimeError("pyspark did not start the JVM itself, so its exit cannot be awaited")
    process.stdin.close()  # pyspark's gateway exits when its stdin closes
    process.wait(timeout=timeout_seconds)


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


def _runnable_jobs(manifest, runtime) -> list[str]:
    """The jobs of `manifest` a run on `runtime` can execute from landing data alone: those whose inputs are landing
    tables or tables of jobs before them here (every runtime evaluates data-quality rules: Deequ on Spark 3.5, the
    Spark-native evaluator on Spark 4)."""
    landing = {table.name for table in manifest.landing_tables}
    built, names = set(), []
    for job in manifest.jobs:
        if all(table in landing or table in built for table in job.reads):
            built.update(job.writes)
            names.append(job.name)
    return names


def training_arguments(generated: Path, scratch: Path) -> list[str]:
    """The runner arguments of the training run: the rendered stack with the most jobs this environment's runtime
    can run (the default stack when it runs them all), copied under `scratch` and marked with the runtime's Glue
    version, so that each runtime's archive holds the classes of the scripts as that runtime runs them."""
    from lakehouse import glue_runtime, manifest

    runtime = glue_runtime.installed() or glue_runtime.of_version(None)
    stacks = sorted(generated.glob("*/pipeline.json"), key=lambda p: (p.parent.name != manifest.DEFAULT_STACK, p))
    chosen, jobs = None, []
    for path in stacks:
        loaded = manifest.load(path.parent)
        runnable = _runnable_jobs(loaded, runtime)
        if len(runnable) > len(jobs):
            chosen, jobs = loaded, runnable
    if chosen is None:
        raise RuntimeError(f"No rendered stack in {generated} has a job the Glue {runtime.version} runtime can run")
    copy = scratch / "generated" / chosen.directory.name
    shutil.copytree(chosen.directory, copy)
    raw = json.loads((copy / "pipeline.json").read_text())
    (copy / "pipeline.json").write_text(json.dumps({**raw, "glueVersion": runtime.version}, indent=2))
    selection = ["--jobs", ",".join(jobs)] if len(jobs) < len(chosen.jobs) else []
    return ["--generated", str(copy.parent), "--stack", chosen.directory.name, *selection]


def _make(target: Path) -> str | None:
    """Runs the training and moves the archive into place; returns what went wrong, or None."""
    from lakehouse import run  # deferred: `--status`, asked at every `npm start`, must not load pyspark

    started = time.monotonic()
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")  # beside it: os.replace is then atomic
    with tempfile.TemporaryDirectory(prefix="lakehouse-class-archive-") as scratch:
        os.environ[DUMP_ENV] = str(partial)
        transcript = Path(scratch) / "run.txt"
        with transcript.open("w") as output, contextlib.redirect_stdout(output):
            stack = training_arguments(run.REPO_ROOT / "generated", Path(scratch))
            exit_status = run.main(
                ["--scale", TRAINING_SCALE, "--seed", "1", "--root", str(Path(scratch) / "lakehouse"), *stack]
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
