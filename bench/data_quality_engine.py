"""What the data-quality engine adds to a local run's Spark start-up: `.venv/bin/python bench/data_quality_engine.py [--runs 3]`.

Each measurement is a fresh Python process building the local Spark session (lakehouse.spark_session),
as `npm start` does:
- `without`: no data-quality engine (a pipeline without rules);
- `first`: with the engine and an empty Ivy cache, so Deequ and its dependencies (~36 MB) and the
  DQDL parser are downloaded from Maven Central (a clean clone's first run);
- `later`: with the engine and that cache filled (every later run: Spark's Ivy still resolves).
Prints the median of `--runs` measurements of `without` and `later`, and the single `first`.
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
spark, _ = spark_session.build(Path(sys.argv[1]), ["bench"], data_quality=sys.argv[2] == "1")
if sys.argv[2] == "1":
    assert spark._jvm.com.amazon.deequ.dqdl.EvaluateDataQuality.RULE_OUTCOMES_KEY() == "ruleOutcomes"
print(json.dumps({"seconds": time.monotonic() - started}))
spark.stop()
"""


def measure(root: Path, ivy_home: Path, data_quality: bool) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO / "runtime"), "STEDI_IVY_HOME": str(ivy_home)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), "1" if data_quality else "0"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


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
        f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}; "
        f"load average at the end {os.getloadavg()[0]:.1f}"
    )
    print("| Spark session start-up | seconds |")
    print("|---|---:|")
    print(f"| without the data-quality engine (median of {args.runs}) | {statistics.median(without):.1f} |")
    print(f"| with it, first run: empty Ivy cache, jars downloaded from Maven Central | {first:.1f} |")
    print(f"| with it, later runs: jars in Ivy's cache (median of {args.runs}) | {statistics.median(later):.1f} |")


if __name__ == "__main__":
    main()
