"""Iceberg benchmarks: `.venv/bin/python bench/iceberg_bench.py --generated DIR [--repeats 3] [--scales 1,10]`.

DIR is STEDI rendered with stedi:tableFormat iceberg (the spec renders it with tests/iceberg-support.ts:
`npx tsx -e 'require("./tests/iceberg-support").renderIcebergStacks("/tmp/ice")'`, then DIR=/tmp/ice/generated/dev).

1. Incremental run vs full recompute, at each scale (×1 = the starter data, ×N = synthetic data N times its
   size), with the landing data cut into three batches as in tests/iceberg_scenarios.py:
   - full: a fresh lakehouse, one run over all three batches;
   - incremental: batches 1 and 2 ingested first, then the timed run that finds batch 3 new.
   All in one Spark session per scale; median of --repeats.
2. Spark start-up with the Iceberg runtime jar: with an empty Ivy cache (download from Maven Central),
   with the cache warm, and without the jar (a session as before Iceberg), each in a fresh JVM.
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
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "runtime"))
sys.path.insert(0, str(REPO / "tests"))

STARTER = REPO.parent / "shared" / "stedi"

STARTUP_PROBE = """
import sys, time, json
sys.path.insert(0, {runtime!r})
from pathlib import Path
started = time.monotonic()
from lakehouse import spark_session
extra = json.loads({extra!r})
if {without!r}:
    spark_session.JVM_PACKAGES.clear()
    spark_session.iceberg_conf = lambda warehouse: {{}}
spark, seconds = spark_session.build(Path({root!r}), ["probe"], extra)
spark.sql("SELECT 1").collect()
print(json.dumps({{"seconds": time.monotonic() - started}}))
"""

def startup_seconds(extra, without=False):
    """Seconds from a fresh interpreter to a usable session; `without`: no Iceberg jar or catalogs."""
    root = tempfile.mkdtemp(prefix="bench-ice-start-")
    code = STARTUP_PROBE.format(runtime=str(REPO / "runtime"), extra=json.dumps(extra), root=root, without=without)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    shutil.rmtree(root, ignore_errors=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def startup_costs(repeats):
    cold = []
    for _ in range(repeats):
        ivy = tempfile.mkdtemp(prefix="bench-ivy-")
        cold.append(startup_seconds({"spark.jars.ivy": ivy}))
        shutil.rmtree(ivy, ignore_errors=True)
    warm = [startup_seconds({}) for _ in range(repeats)]
    without = [startup_seconds({}, without=True) for _ in range(repeats)]
    return {"coldIvy": cold, "warm": warm, "withoutIceberg": without}


def incremental_vs_full(generated: Path, landing: Path, repeats: int, work: Path):
    from iceberg_scenarios import reset, run, split_starter
    from lakehouse import manifest as manifests, spark_session
    from lakehouse.local_s3 import LocalS3
    from lakehouse.run import bucket_name

    manifest = manifests.load(generated)
    bucket = bucket_name(manifest)
    root = work / "lakehouse"
    spark, _ = spark_session.build(root, [bucket])
    lake_root, bucket_dir = f"s3://{bucket}", LocalS3(root).bucket_dir(bucket)
    batches = split_starter(landing, manifest, work / "batches")
    full, incremental, per_job = [], [], []
    for _ in range(repeats):
        reset(spark, manifest, bucket_dir)
        full.append(run(spark, manifest, lake_root, bucket_dir, batches[-1])["seconds"])
        reset(spark, manifest, bucket_dir)
        run(spark, manifest, lake_root, bucket_dir, batches[1])
        last = run(spark, manifest, lake_root, bucket_dir, batches[-1])
        incremental.append(last["seconds"])
        per_job.append({job["name"]: job["seconds"] for job in last["jobs"]})
    spark.stop()
    return {"full": full, "incremental": incremental, "incrementalJobs": per_job}


def landing_for(scale: float, work: Path, starter: Path) -> Path:
    if scale == 1:
        if not starter.is_dir():
            raise SystemExit(f"The starter data is not at {starter}: pass --starter DIR")
        return starter
    from lakehouse import synthetic

    return synthetic.cached(work, 42, scale)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--starter", type=Path, default=STARTER, help="the starter data (×1); default ../shared/stedi")
    args = parser.parse_args()
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    import pyspark

    result = {
        "machine": f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB, "
        f"Python {platform.python_version()}, pyspark {pyspark.__version__}, {java}, load average {os.getloadavg()[0]:.1f} at start",
        "scales": {},
    }
    for scale in [float(s) for s in args.scales.split(",") if s]:
        work = Path(tempfile.mkdtemp(prefix=f"bench-ice-x{scale:g}-"))
        result["scales"][f"x{scale:g}"] = incremental_vs_full(args.generated.resolve(), landing_for(scale, work, args.starter.resolve()), args.repeats, work)
        shutil.rmtree(work, ignore_errors=True)
    if not args.skip_startup:
        result["startup"] = startup_costs(args.repeats)
    out = REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "iceberg.json").write_text(json.dumps(result, indent=2))
    med = lambda values: round(statistics.median(values), 1)  # noqa: E731
    print(f"Machine: {result['machine']}; median of {args.repeats}\n")
    print("| landing data | full recompute (3 batches) | incremental run (1 new batch) |")
    print("|---|---:|---:|")
    for scale, figures in result["scales"].items():
        print(f"| {scale} | {med(figures['full'])} s | {med(figures['incremental'])} s |")
    if "startup" in result:
        s = result["startup"]
        print("\n| Spark session start-up | seconds |\n|---|---:|")
        print(f"| without Iceberg | {med(s['withoutIceberg'])} |\n| with Iceberg, Ivy cache warm | {med(s['warm'])} |\n| with Iceberg, empty Ivy cache (41 MB download) | {med(s['coldIvy'])} |")


if __name__ == "__main__":
    main()
