"""Why a job unit test takes more than a second here: how many Spark jobs each one runs, and what one costs.

`.venv/bin/python bench/unit_test_floor.py TESTS.json [--repeats 30]`, where TESTS.json is the spec that
`npm run test:jobs` hands to `lakehouse.unit_tests` (write it with
`npx tsx -e 'const {allUnitTests}=require("./src/cli/test-jobs.ts"); require("fs").writeFileSync("/tmp/ut.json",
JSON.stringify({generated: process.cwd()+"/generated", tests: allUnitTests()}))'`).

In the unit tests' own Spark session (lakehouse.unit_tests.SMALL_DATA), it runs every test twice: once to warm
the JVM, then measured, counting the Spark jobs each starts. Then it times, as the median of `--repeats`, the
smallest Spark actions a test is made of: collecting one row, writing a one-row table as parquet, reading it
back. Those are the floor: a test that runs N Spark jobs cannot take less than about N times their cost.
"""

import argparse
import itertools
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "runtime"))

from lakehouse import unit_tests  # noqa: E402
from lakehouse.local_s3 import LocalS3  # noqa: E402


def timed(action, repeats):
    samples = []
    for _ in range(repeats):
        started = time.monotonic()
        action()
        samples.append(time.monotonic() - started)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tests", type=Path)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    spec = json.loads(args.tests.read_text())
    stacks = unit_tests.load_stacks(spec)
    root = Path(tempfile.mkdtemp(prefix="bench-unit-floor-"))
    spark, startup = unit_tests.start_session(root, stacks, spec["tests"])
    tracker = spark.sparkContext.statusTracker()
    measured = []
    indexes = itertools.count(1)  # each run of a test gets a database and lake root of its own
    for round_ in ("warm-up", "measured"):
        for test in spec["tests"]:
            before = len(tracker.getJobIdsForGroup())
            result = unit_tests.run_test(spark, stacks[test["stack"]], test, next(indexes), LocalS3(root))
            if result["status"] != "passed":
                raise SystemExit(f"{test['job']} › {test['name']} failed: {result['problems']}")
            if round_ == "measured":
                measured.append((result["seconds"], len(tracker.getJobIdsForGroup()) - before, test["job"]))
    location = f"s3://{unit_tests.BUCKET}/floor"
    one_row = spark.createDataFrame([(1, "a")], "id bigint, name string")
    floor = {
        "collect one row": timed(lambda: one_row.collect(), args.repeats),
        "write a one-row parquet table": timed(lambda: one_row.write.mode("overwrite").parquet(location), args.repeats),
        "read it back and collect": timed(lambda: spark.read.parquet(location).collect(), args.repeats),
    }
    by_job = {}
    for seconds, jobs, name in measured:
        by_job.setdefault(name, []).append((seconds, jobs))
    print(f"Machine: {platform.machine()}, {platform.python_version()}; Spark start-up {startup:.1f} s")
    print("\n| job | tests | Spark jobs per test | seconds per test (median, second run) |")
    print("|---|---:|---:|---:|")
    for name, rows in by_job.items():
        jobs = sorted({j for _, j in rows})
        print(
            f"| `{name}` | {len(rows)} | {'–'.join(map(str, [jobs[0], jobs[-1]] if len(jobs) > 1 else jobs))} "
            f"| {statistics.median(s for s, _ in rows):.2f} |"
        )
    all_seconds = [s for s, _, _ in measured]
    all_jobs = [j for _, j, _ in measured]
    print(f"| all | {len(measured)} | median {statistics.median(all_jobs):g} | {statistics.median(all_seconds):.2f} |")
    print(f"\n| the smallest Spark actions (median of {args.repeats}, warm) | ms |\n|---|---:|")
    for what, seconds in floor.items():
        print(f"| {what} | {seconds * 1000:.0f} |")
    spark.stop()


if __name__ == "__main__":
    main()
