"""The landing fit check's cost: `.venv/bin/python bench/landing_fit.py --landing DIR [--before REF] [--repeats 5]`.

Reads DIR's JSON lines (BENCHMARKS.md used the starter data's accelerometer landing folder; the schema below is that
table's) the way readJsonLines does and counts the rows that fit, in one local Spark session (`local[2]`), alternating:
- `from_json` alone (Spark's parse, no fit check);
- the scripts' check as this checkout's helper template holds it (templates/helpers/read_json_lines.py.hbs);
- with --before REF, the helper template of that git revision (the same rules, as it was written then);
- the report's independent count (lakehouse.landing_fit, as report.landing_counts runs it).
Prints, per variant, the first run and the median (min–max) of the --repeats warm runs, and seconds per line.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "runtime"))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "runtime"), os.environ.get("PYTHONPATH")]))

from lakehouse import landing_fit  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

HELPER = "templates/helpers/read_json_lines.py.hbs"
SCHEMA = T.StructType(
    [
        T.StructField("user", T.StringType()),
        T.StructField("timestamp", T.LongType()),
        T.StructField("x", T.DoubleType()),
        T.StructField("y", T.DoubleType()),
        T.StructField("z", T.DoubleType()),
    ]
)


def helper_check(source: str):
    """The scripts' check, from the helper template's text: jsonLineMisfitCheck(schema), or the older
    jsonLineMisfit(line, schema) that parsed the schema on every line."""
    namespace = {"json": json, "sys": sys, "Decimal": Decimal, "ROUND_HALF_UP": ROUND_HALF_UP, "T": T, "F": F}
    namespace["DynamicFrame"] = object
    exec(compile(source, HELPER, "exec"), namespace)
    if "jsonLineMisfitCheck" in namespace:
        return namespace["jsonLineMisfitCheck"](SCHEMA)
    old = namespace["jsonLineMisfit"]
    return lambda line: old(line, SCHEMA)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a git revision whose helper template to time as well")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--landing", required=True, help="a folder of JSON lines with the columns of SCHEMA")
    args = parser.parse_args()

    builder = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
    spark = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    lines = spark.read.text(args.landing).filter(F.trim("value") != "")
    count = lines.count()
    parsed = F.from_json("value", SCHEMA)
    variants = {"from_json alone": None, "scripts' check (this checkout)": helper_check((REPO / HELPER).read_text())}
    if args.before:
        old = subprocess.run(["git", "show", f"{args.before}:{HELPER}"], cwd=REPO, capture_output=True, text=True)
        variants[f"scripts' check ({args.before})"] = helper_check(old.stdout)
    variants["report's count (landing_fit)"] = landing_fit.checker(SCHEMA)

    def run(check) -> float:
        started = time.perf_counter()
        fits = parsed.isNotNull()
        if check is not None:
            fits = fits & F.udf(check, T.StringType())("value").isNull()
        lines.agg(F.sum(fits.cast("long"))).collect()
        return time.perf_counter() - started

    seconds = {name: [run(check)] for name, check in variants.items()}
    for _ in range(args.repeats):
        for name, check in variants.items():
            seconds[name].append(run(check))
    print(
        f"{count:,} lines; {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}; pyspark {spark.version}; median (min-max) of {args.repeats}"
    )
    base = statistics.median(seconds["from_json alone"][1:])
    for name, runs in seconds.items():
        warm = runs[1:]
        median = statistics.median(warm)
        print(
            f"| {name} | {runs[0]:.2f} | {median:.2f} ({min(warm):.2f}-{max(warm):.2f}) | "
            f"{(median - base) / count * 1e6:.0f} |"
        )


if __name__ == "__main__":
    main()
