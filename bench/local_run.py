"""Benchmark of the local run on the starter data: `.venv/bin/python bench/local_run.py [--runs 3]`.

Runs the runner once to create the lakehouse (first-run set-up: metastore creation), then `--runs`
more times on the same root, and prints the median of each phase and job as a Markdown table.
Output JSON goes to bench/out/ (git-ignored). Needs bench/requirements.txt in the venv (`npm run bench` installs it).
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_bench import run_runner, starter_data  # noqa: E402  (one way to spawn the runner, for every benchmark)

REPO = Path(__file__).resolve().parents[1]


def run_once(root: Path, landing: Path, stack: str, report: Path) -> dict:
    return run_runner(["--landing", str(landing), "--stack", stack], root, report)


def median(values):
    return round(statistics.median(values), 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stack", default="dev")
    parser.add_argument("--landing", type=Path, help="default: the starter data of the stack's project")
    args = parser.parse_args()
    args.landing = args.landing or starter_data(args.stack)
    root = Path(tempfile.mkdtemp(prefix="bench-local-run-"))
    first = run_once(root, args.landing, args.stack, root / "first.json")
    runs = [run_once(root, args.landing, args.stack, root / f"run{i}.json") for i in range(args.runs)]
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    import pyspark

    print(
        f"Machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB, "
        f"Python {platform.python_version()}, pyspark {pyspark.__version__}, {java}"
    )
    print(f"Landing: {args.landing}, stack {args.stack}; median of {args.runs} runs after a first run\n")
    print("| phase | seconds (median) | first run |")
    print("|---|---:|---:|")
    rows = [
        ("Spark start-up (JVM + session)", "sparkStartupSeconds"),
        ("Catalog (metastore open, landing tables)", "catalogSeconds"),
    ]
    for label, key in rows:
        print(f"| {label} | {median([r[key] for r in runs])} | {first[key]:.1f} |")
    for index, job in enumerate(first["jobs"]):
        print(f"| job {job['name']} | {median([r['jobs'][index]['seconds'] for r in runs])} | {job['seconds']:.1f} |")
    print(f"| counting all tables | {median([r['countingSeconds'] for r in runs])} | {first['countingSeconds']:.1f} |")
    print(
        f"| **total** (runner start to exit) | **{median([r['totalSeconds'] for r in runs])}** "
        f"| {first['totalSeconds']:.1f} |"
    )
    out = REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "local_run.json").write_text(json.dumps({"first": first, "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
