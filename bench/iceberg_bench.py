"""Iceberg benchmarks: `.venv/bin/python bench/iceberg_bench.py --generated DIR [--repeats 3] [--scales 1,10]`.

DIR is a stack rendered with `<project>:tableFormat: iceberg` (the spec renders it with tests/iceberg-support.ts:
`npx tsx -e 'require("./tests/iceberg-support").renderIcebergStacks("/tmp/ice")'`, then DIR=/tmp/ice/generated/dev).

1. Incremental run vs full recompute, at each scale (×1 = the starter data, ×N = synthetic data N times its
   size), with the landing data cut into three batches as in tests/iceberg_scenarios.py:
   - full: a fresh lakehouse, one run over all three batches;
   - incremental: batches 1 and 2 ingested first, then the timed run that finds batch 3 new.
   All in one Spark session (Hadoop caches the local S3 file system per JVM); median of --repeats.
2. Spark start-up with the Iceberg runtime jar: with an empty Ivy cache (download from Maven Central),
   with the cache warm, and without Iceberg (a parquet stack's session), each in a fresh interpreter and JVM.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "runtime"))
sys.path.insert(0, str(REPO / "tests"))

STARTUP_PROBE = """
import json, sys, time
sys.path.insert(0, {runtime!r})
from pathlib import Path
started = time.monotonic()
from lakehouse import spark_session
iceberg = {iceberg!r}
warehouse = "s3://probe/warehouse" if iceberg else None
spark, seconds = spark_session.build(Path({root!r}), ["probe"], iceberg_warehouse=warehouse)
if iceberg:  # the first glue_catalog access loads Iceberg's classes and opens the catalog
    spark.sql("CREATE NAMESPACE IF NOT EXISTS glue_catalog.probe")
spark.sql("SELECT 1").collect()
print(json.dumps({{"seconds": time.monotonic() - started}}))
"""


def startup_seconds(iceberg, ivy_home=None):
    """Seconds from a fresh interpreter to a usable session (and, with Iceberg, an opened glue_catalog)."""
    root = tempfile.mkdtemp(prefix="bench-ice-start-")
    code = STARTUP_PROBE.format(runtime=str(REPO / "runtime"), root=root, iceberg=iceberg)
    env = {**os.environ, **({"LAKEHOUSE_IVY_HOME": ivy_home} if ivy_home else {})}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    shutil.rmtree(root, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"start-up probe failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def startup_costs(repeats):
    """Cold: an empty Ivy cache (LAKEHOUSE_IVY_HOME in a new temporary folder), so Iceberg's runtime and the
    SQLite driver are downloaded from Maven Central; warm: the usual cache; without: a parquet stack's session."""
    cold = []
    for _ in range(repeats):
        ivy = tempfile.mkdtemp(prefix="bench-ivy-")
        cold.append(startup_seconds(True, ivy))
        shutil.rmtree(ivy, ignore_errors=True)
    startup_seconds(True)  # the usual cache holds the jars from here on
    warm = [startup_seconds(True) for _ in range(repeats)]
    without = [startup_seconds(False) for _ in range(repeats)]
    return {"coldIvy": cold, "warm": warm, "withoutIceberg": without}


def incremental_vs_full(spark, root: Path, generated: Path, landing: Path, repeats: int, work: Path):
    from iceberg_scenarios import reset, run, split_starter
    from lakehouse import manifest as manifests
    from lakehouse.local_s3 import LocalS3
    from lakehouse.runner import bucket_name

    manifest = manifests.load(generated)
    bucket = bucket_name(manifest)
    lake_root, bucket_dir = f"s3://{bucket}", LocalS3(root).bucket_dir(bucket)
    batches = split_starter(landing, manifest, work / "batches")
    full, incremental, full_jobs, incremental_jobs = [], [], [], []
    for _ in range(repeats):
        reset(spark, manifest, bucket_dir)
        whole = run(spark, manifest, lake_root, bucket_dir, batches[-1])
        reset(spark, manifest, bucket_dir)
        run(spark, manifest, lake_root, bucket_dir, batches[1])
        last = run(spark, manifest, lake_root, bucket_dir, batches[-1])
        for figures, jobs, done in ((full, full_jobs, whole), (incremental, incremental_jobs, last)):
            if done["failed"]:
                raise SystemExit(f"{done['failed']} failed: {done['error']}")
            figures.append(done["seconds"])
            jobs.append({job["name"]: job["seconds"] for job in done["jobs"]})
    return {"full": full, "incremental": incremental, "fullJobs": full_jobs, "incrementalJobs": incremental_jobs}


def landing_for(scale: float, work: Path, starter: Path, synthetic_script: str) -> Path:
    if scale == 1:
        if not starter.is_dir():
            raise SystemExit(f"The starter data is not at {starter}: pass --starter DIR")
        return starter
    from lakehouse import synthetic

    return synthetic.cached(work, synthetic_script, 42, scale)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--starter", type=Path, help="the starter data (×1); default ../shared/<the stack's project>")
    args = parser.parse_args()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    import pyspark

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    result = {
        "machine": f"{os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}, "
        f"pyspark {pyspark.__version__}, {java}, load average {os.getloadavg()[0]:.1f} at the start",
        "scales": {},
    }
    # One session (one lakehouse root) for every scale: Hadoop caches the local S3 file system per JVM, so a
    # second session in this process would still write to the first one's root.
    from lakehouse import manifest as manifests
    from lakehouse import spark_session
    from lakehouse.runner import bucket_name

    manifest = manifests.load(args.generated.resolve())
    if manifest.synthetic is None and any(float(s) != 1 for s in args.scales.split(",") if s):
        raise SystemExit(f"Stack {manifest.stack} has no synthetic data generator: run --scales 1 only.")
    # The starter data of a project, as for every benchmark (bench/pipeline_bench.py starter_data).
    starter = (args.starter or REPO.parent / "shared" / manifest.pipeline).resolve()
    bucket = bucket_name(manifest)
    lakehouse = Path(tempfile.mkdtemp(prefix="bench-ice-lakehouse-"))
    spark, _ = spark_session.build(
        lakehouse, [bucket], data_quality=True, iceberg_warehouse=f"s3://{bucket}/iceberg-warehouse"
    )
    for scale in [float(s) for s in args.scales.split(",") if s]:
        work = Path(tempfile.mkdtemp(prefix=f"bench-ice-x{scale:g}-"))
        result["scales"][f"x{scale:g}"] = incremental_vs_full(
            spark,
            lakehouse,
            args.generated.resolve(),
            landing_for(scale, work, starter, manifest.synthetic or ""),
            args.repeats,
            work,
        )
        print(json.dumps(result["scales"][f"x{scale:g}"]), flush=True)
        shutil.rmtree(work, ignore_errors=True)
    spark.stop()
    shutil.rmtree(lakehouse, ignore_errors=True)
    if not args.skip_startup:
        result["startup"] = startup_costs(args.repeats)
    out = REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "iceberg.json").write_text(json.dumps(result, indent=2))
    result["loadAverageAtEnd"] = round(os.getloadavg()[0], 1)
    (out / "iceberg.json").write_text(json.dumps(result, indent=2))
    print(report(result, args.repeats))


def report(result, repeats):
    """The Markdown tables for BENCHMARKS.md: medians, each run's figure in parentheses."""

    def med(values):
        return f"{statistics.median(values):.1f} s ({', '.join(f'{v:.1f}' for v in values)})"

    lines = [
        f"Machine: {result['machine']}; load average {result['loadAverageAtEnd']} at the end; median of {repeats}",
        "",
    ]
    lines += [
        "| landing data | run | all 5 jobs | customer_landing_to_trusted | the 4 other jobs |",
        "|---|---|---:|---:|---:|",
    ]
    for scale, figures in result["scales"].items():
        for label, key in (("full recompute (3 batches)", "full"), ("incremental (1 new batch)", "incremental")):
            jobs = figures[f"{key}Jobs"]
            customer = [j["customer_landing_to_trusted"] for j in jobs]
            others = [sum(v for k, v in j.items() if k != "customer_landing_to_trusted") for j in jobs]
            lines.append(f"| {scale} | {label} | {med(figures[key])} | {med(customer)} | {med(others)} |")
    if "startup" in result:
        s = result["startup"]
        lines += ["", "| session start-up (fresh interpreter to a usable session) | seconds |", "|---|---:|"]
        lines.append(f"| without Iceberg (a parquet stack) | {med(s['withoutIceberg'])} |")
        lines.append(f"| with Iceberg, Ivy cache warm | {med(s['warm'])} |")
        lines.append(f"| with Iceberg, empty Ivy cache (download from Maven Central) | {med(s['coldIvy'])} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
