"""What the data-quality engine adds to a local run's Spark start-up.

`.venv/bin/python bench/data_quality_engine.py [--runs 3]`.

Each measurement is a fresh Python process building the local Spark session (lakehouse.spark_session),
as `npm start` does:
- `without`: no data-quality engine (a pipeline without rules);
- `first`: with the engine and an empty Ivy cache, so Deequ and its dependencies (~36 MB) and the
  DQDL parser are downloaded from Maven Central (a clean clone's first run);
- `later`: with the engine and that cache filled (every later run: Spark's Ivy still resolves).
Prints the median of `--runs` measurements of `without` and `later`, and the single `first`; with the
engine, each also times its first evaluation (class loading, the DQDL parser), which `npm start` overlaps
with its catalog set-up.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
from pathlib import Path
started = time.monotonic()
from lakehouse import spark_session
# As `npm start` on the starter data builds it (a short run).
spark, _ = spark_session.build(Path(sys.argv[1]), ["bench"], data_quality=sys.argv[2] == "1", short_run=True)
first_use = None
if sys.argv[2] == "1":
    from awsgluedq import engine
    loaded = time.monotonic()
    engine.warm_up(spark)  # the engine's first evaluation: class loading, DQDL parser
    first_use = time.monotonic() - loaded
print(json.dumps({"seconds": time.monotonic() - started, "firstUse": first_use}))
spark.stop()
"""


def measure(root: Path, ivy_home: Path, data_quality: bool) -> dict:
    """{"seconds": session start-up plus the engine's first evaluation, "firstUse": that evaluation alone}."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "runtime"), "LAKEHOUSE_IVY_HOME": str(ivy_home)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), "1" if data_quality else "0"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-dq-engine-"))
    ivy_home = work / "ivy"
    first = measure(work / "lake", ivy_home, True)
    later = [measure(work / "lake", ivy_home, True) for _ in range(args.runs)]
    without = [measure(work / "lake", ivy_home, False) for _ in range(args.runs)]
    print(
        f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; "
        f"load average at the end {os.getloadavg()[0]:.1f}"
    )

    def median(samples, key):
        return statistics.median(sample[key] for sample in samples)

    print("| Spark session start-up, then the engine's first evaluation | total, s | of which first evaluation, s |")
    print("|---|---:|---:|")
    print(f"| without the data-quality engine (median of {args.runs}) | {median(without, 'seconds'):.1f} | - |")
    print(
        "| with it, first run: empty Ivy cache, jars downloaded from Maven Central "
        f"| {first['seconds']:.1f} | {first['firstUse']:.1f} |"
    )
    print(
        f"| with it, later runs: jars in Ivy's cache (median of {args.runs}) "
        f"| {median(later, 'seconds'):.1f} | {median(later, 'firstUse'):.1f} |"
    )


if __name__ == "__main__":
    main()
