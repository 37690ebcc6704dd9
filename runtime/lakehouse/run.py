"""Runs a rendered pipeline locally: `python -m lakehouse.run [options]` (what `npm start` calls).

Each job's generated script runs unchanged, in lineage order, in one Spark session, with the job
arguments Glue would pass. Exit codes: 0 all jobs succeeded, 1 a job failed, 2 the input is
unusable (landing data, generated files, arguments). The run itself is lakehouse/runner.py; this is its
command line.
"""

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lakehouse import (
    manifest as manifests,
)
from lakehouse import quality_report, report, selection
from lakehouse.local_s3 import LocalS3
from lakehouse.runner import (
    InputError,
    bucket_name,
    describe_selection,
    job_arguments,
    line_buffered_stdout,
    prepare_landing,
    print_failure,
    run_jobs,
    runtime_for,
    selected_jobs,
    start_spark,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def build_parser():
    parser = argparse.ArgumentParser(prog="npm start --", description="Run the rendered Glue jobs locally on Spark.")
    parser.add_argument(
        "--landing",
        type=Path,
        help="landing data in the starter layout (DIR/<entity>/landing/*.json); default: synthetic data",
    )
    parser.add_argument("--scale", type=float, help="synthetic data size, times the starter data's (default 1)")
    parser.add_argument("--seed", type=int, help="synthetic data seed (default 42)")
    parser.add_argument("--stack", help="run generated/<STACK> (default dev); its options are the stack file's")
    # Options belong to stacks now; a run picks a stack, and says which options it has.
    parser.add_argument("--privacy", help=argparse.SUPPRESS)
    parser.add_argument(
        "--generated", type=Path, default=REPO_ROOT / "generated", help="rendered stacks (default generated/)"
    )
    parser.add_argument(
        "--root", type=Path, default=Path(".lakehouse"), help="local lakehouse: S3 data, catalog (default .lakehouse/)"
    )
    parser.add_argument("--report", type=Path, help="also write the results as JSON to this file")
    parser.add_argument(
        "--jobs",
        metavar="NAME,…",
        help="run only these jobs; the others' tables are reused from earlier runs in --root",
    )
    parser.add_argument(
        "--from",
        dest="start",
        metavar="NAME",
        help="run this job and every job downstream of it; the others' tables are reused",
    )
    parser.add_argument(
        "--table-format",
        metavar="FORMAT",
        help="render the stacks with this table format (e.g. iceberg) into .lakehouse/generated-FORMAT/ and run those"
        " (npm start does this before the runner starts)",
    )
    return parser


def parse_args(argv):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.table_format is not None:
        parser.error(
            "--table-format is taken by `npm start`, which renders the stacks in that format before the runner"
            " starts: run `npm start -- --table-format FORMAT …` (or pass the rendered stacks with --generated DIR)"
        )
    if args.privacy is not None:
        parser.error(
            "--privacy was removed: a project's options are set per stack, so run the stack that has the options you"
            " want with --stack NAME (each stack's options are printed at start-up and in generated/<stack>/lineage.md)"
        )
    if args.landing is not None and (args.scale is not None or args.seed is not None):
        parser.error("--scale and --seed shape synthetic data; they do not apply with --landing")
    # A partial run given no data options keeps the landing data the lakehouse already holds.
    args.keep_landing = (args.jobs or args.start) and args.landing is None and args.scale is None and args.seed is None
    args.scale = 1.0 if args.scale is None else args.scale
    args.seed = 42 if args.seed is None else args.seed
    if args.scale <= 0:
        parser.error("--scale must be positive")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    line_buffered_stdout()
    started = time.monotonic()
    root = args.root.resolve()
    try:
        manifest = manifests.load(manifests.find(args.generated, args.stack))
        bucket = bucket_name(manifest)
        lake_root = f"s3://{bucket}"
        for job in manifest.jobs:
            job_arguments(manifest, job, lake_root)  # unknown arguments fail before Spark starts
        jobs = selected_jobs(args, manifest, root, lake_root)
        runtime_line = runtime_for(manifest, jobs)
        print(
            f"Local run of stack {manifest.stack} ({manifest.describe_options()}), "
            f"{describe_selection(manifest, jobs)}, lakehouse {root}"
        )
        print(runtime_line)
        landing_description = prepare_landing(args, manifest, root, LocalS3(root).bucket_dir(bucket))
    except (manifests.ManifestError, InputError, selection.SelectionError) as error:
        print(f"Cannot run: {error}", file=sys.stderr)
        return 2
    print(f"Landing data: {landing_description}")

    quality, written = [], {}
    landing_read = {name for job in jobs for name in job.reads}
    # Landing counts need only the landing files: made alongside the jobs, in Spark's idle moments.
    with ThreadPoolExecutor(max_workers=1) as background:
        spark, startup_seconds, catalog_seconds = start_spark(root, manifest, bucket, lake_root, background, jobs)
        landing_counting = background.submit(report.landing_table_counts, spark, manifest, lake_root, landing_read)
        results, succeeded, failure = run_jobs(manifest, jobs, lake_root, quality, written)
        counting_started = time.monotonic()
        known = {**written, **landing_counting.result()}
    tables = report.collect(spark, manifest, lake_root, LocalS3(root), succeeded, landing_read, known)
    counting_seconds = time.monotonic() - counting_started
    spark.stop()
    total = time.monotonic() - started
    print()
    report.print_table(tables, sys.stdout)
    quality_report.print_outcomes(quality, sys.stdout)
    print(f"\nTotal {total:.1f}s (Spark start-up {startup_seconds:.1f}s)")
    if args.report:
        report.write_json(
            args.report,
            {
                "tables": tables,
                "jobs": results,
                "quality": quality,
                "options": manifest.options,
                "landing": landing_description,
                "stack": manifest.stack,
                "glueVersion": manifest.glue_version,
                "database": manifest.database,
                "lakeRoot": lake_root,
                "sparkStartupSeconds": round(startup_seconds, 2),
                "catalogSeconds": round(catalog_seconds, 2),
                "countingSeconds": round(counting_seconds, 2),
                "totalSeconds": round(total, 2),
            },
        )
    if failure is not None:
        print_failure(*failure)  # last, so it is what the user sees
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(130)
