"""Runs a rendered pipeline locally: `python -m lakehouse.run [options]` (what `npm start` calls).

Each job's generated script runs unchanged, in lineage order, in one Spark session, with the job
arguments Glue would pass. Exit codes: 0 all jobs succeeded, 1 a job failed, 2 the input is
unusable (landing data, generated files, arguments).
"""

import argparse
import runpy
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from awsgluedq import engine as data_quality_engine

from lakehouse import (
    catalog,
    failures,
    landing,
    quality_report,
    report,
    selection,
    spark_session,
    synthetic,
)
from lakehouse import (
    manifest as manifests,
)
from lakehouse.local_s3 import LocalS3
from lakehouse.progress import JobProgress

REPO_ROOT = Path(__file__).resolve().parents[2]


class InputError(Exception):
    """Something the user can fix before any Spark work: printed without a traceback, exit 2."""


def parse_args(argv):
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
    args = parser.parse_args(argv)
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


def bucket_name(manifest):
    # The stack qualified by its project once, as the deployed buckets are named (qualifiedStackName in TypeScript).
    stack = manifest.stack.lower()
    qualified = stack if stack.startswith(f"{manifest.pipeline}-") else f"{manifest.pipeline}-{stack}"
    return f"{qualified}-data"


def job_arguments(manifest, job, lake_root):
    known = {"DATABASE": manifest.database, "LAKE_ROOT": lake_root}
    unknown = [name for name in manifest.arguments if name not in known]
    if unknown:
        raise InputError(f"The manifest asks for job arguments the local runner does not know: {', '.join(unknown)}")
    argv = [str(job.script), "--JOB_NAME", job.name]
    for name in manifest.arguments:
        argv += [f"--{name}", known[name]]
    return argv


def run_script(job, argv):
    """Executes the generated file as Glue would (as __main__, with sys.argv); returns a Failure or None."""
    saved_argv = sys.argv
    sys.argv = argv
    try:
        runpy.run_path(str(job.script), run_name="__main__")
        return None
    except SystemExit as exit_:
        if exit_.code in (None, 0):
            return None
        return failures.Failure("(script exit)", 0, f"the script called sys.exit({exit_.code!r})")
    except Exception as error:  # noqa: BLE001 - any script error becomes a job failure
        return failures.describe(error, job.script)
    finally:
        sys.argv = saved_argv


# Next to the bucket's data; hidden, so neither Spark nor the landing checks see it.
LANDING_NOTE = ".landing-source.txt"


def prepare_landing(args, manifest, root, bucket_dir):
    """Stages the landing data and notes where it came from, so that a later partial run can keep it."""
    note = bucket_dir / LANDING_NOTE
    if args.keep_landing and note.is_file():
        return f"{note.read_text().strip()} (already in the lakehouse)"
    if args.landing is not None:
        source, description = args.landing.resolve(), str(args.landing.resolve())
    else:
        if manifest.synthetic is None:
            raise InputError(
                f"Pipeline {manifest.pipeline} (stack {manifest.stack}) has no synthetic landing data: pass --landing DIR"
                " (DIR/<entity>/landing/*.json), or give the project a generator (`synthetic` in its project.ts)"
            )
        try:
            source = synthetic.cached(root, manifest.synthetic, args.seed, args.scale)
        except synthetic.SyntheticError as error:
            raise InputError(str(error)) from None
        description = f"synthetic (seed {args.seed}, scale {args.scale:g})"
    try:
        landing.stage(source, manifest, bucket_dir)
    except landing.LandingError as error:
        raise InputError(str(error)) from None
    bucket_dir.mkdir(parents=True, exist_ok=True)
    note.write_text(description + "\n")
    return description


def end_of_job_session_state():
    """On Glue every job has its own Spark session; here they share one. So what a job cached or
    registered as a temp view is dropped when it ends, and no job can lean on another's leftovers."""
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession()
    if spark is None:
        return
    spark.catalog.clearCache()
    # SHOW VIEWS, not catalog.listTables(): the same temp views without three Spark jobs (~150 ms per job end).
    for view in spark.sql("SHOW VIEWS").collect():
        if view.isTemporary:
            spark.catalog.dropTempView(view.viewName)


def written_rows(manifest, job, lake_root, written):
    """{table: rows} for the tables `job` emptied and wrote, from what its sinks counted."""
    from awsglue import local_writes

    by_location = local_writes.drain()
    for table in manifest.tables:
        rows = by_location.get(f"{lake_root}/{table.prefix}".rstrip("/"))
        if table.name in job.writes and rows is not None:
            written[table.name] = rows


def run_jobs(manifest, jobs, lake_root, quality=None, written=None):
    """Runs `jobs` in order until one fails; returns (job results, seconds of succeeded jobs, failure).
    Each job's data-quality outcomes (published by awsgluedq, even when the job then fails) are
    appended to `quality`; the row counts its sinks made, to `written`."""
    from awsgluedq import results as published_quality

    progress = JobProgress(len(jobs))
    results, succeeded = [], {}
    published_quality.drain()
    for index, job in enumerate(jobs, start=1):
        argv = job_arguments(manifest, job, lake_root)
        progress.start(index, job.name)
        failure = run_script(job, argv)
        seconds = round(progress.finish(failure is None), 2)
        if quality is not None:
            quality += quality_report.outcomes(job, published_quality.drain())
        written_rows(manifest, job, lake_root, {} if written is None or failure is not None else written)
        end_of_job_session_state()
        results.append({"name": job.name, "seconds": seconds, "status": "succeeded" if failure is None else "failed"})
        if failure is not None:
            results[-1]["error"] = {"node": failure.node, "line": failure.line, "message": failure.headline}
            results += [{"name": later.name, "seconds": None, "status": "not run"} for later in jobs[index:]]
            return results, succeeded, (job, failure)
        succeeded[job.name] = seconds
    return results, succeeded, None


def built_tables(root, lake_root):
    """A test: has some run written data for this table in the lakehouse?"""
    local_s3 = LocalS3(root)
    return lambda table: bool(landing.data_files(local_s3.local_path(f"{lake_root}/{table.prefix}")))


def selected_jobs(args, manifest, root, lake_root):
    """The jobs this run executes; a partial run checks first that the tables it reuses exist."""
    jobs = selection.select(manifest, args.jobs, args.start)
    is_built = built_tables(root, lake_root)
    missing = selection.unbuilt_inputs(manifest, jobs, is_built)
    if missing:
        raise selection.SelectionError(selection.explain_unbuilt(manifest, missing, is_built, root))
    return jobs


def describe_selection(manifest, jobs):
    if len(jobs) == len(manifest.jobs):
        return f"{len(jobs)} jobs"
    names = ", ".join(job.name for job in jobs)
    return f"{len(jobs)} of {len(manifest.jobs)} jobs ({names}; the others' tables are reused)"


def start_spark(root, manifest, bucket, lake_root, background=None):
    """Starts the session and declares every table. With a `background` executor, the data-quality
    engine warms up on the other core meanwhile (its first use costs seconds)."""
    print("Starting Spark (local[2])…")
    short_run = (
        landing.total_bytes(manifest, LocalS3(root).bucket_dir(bucket)) <= spark_session.SHORT_RUN_MAX_LANDING_BYTES
    )
    # The data-quality engine (Deequ) only when a script evaluates rules: it adds to the start-up.
    # Iceberg (and its local glue_catalog) only for stacks with Iceberg tables: parquet stacks do not pay for it.
    spark, startup_seconds = spark_session.build(
        root,
        [bucket],
        data_quality=manifest.has_quality,
        iceberg_warehouse=f"{lake_root}/iceberg-warehouse" if manifest.has_iceberg else None,
        short_run=short_run,
    )
    if background is not None and manifest.has_quality:
        background.submit(data_quality_engine.warm_up, spark)
    catalog_started = time.monotonic()
    catalog.register_tables(spark, manifest, lake_root)  # every table exists before a job runs, as on AWS
    catalog_seconds = time.monotonic() - catalog_started
    print(f"Spark started in {startup_seconds:.1f}s, catalog ready in {catalog_seconds:.1f}s more")
    return spark, startup_seconds, catalog_seconds


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress lines must not wait behind Spark's stderr
    started = time.monotonic()
    root = args.root.resolve()
    try:
        manifest = manifests.load(
            manifests.find(args.generated, args.stack)
        )
        bucket = bucket_name(manifest)
        lake_root = f"s3://{bucket}"
        for job in manifest.jobs:
            job_arguments(manifest, job, lake_root)  # unknown arguments fail before Spark starts
        jobs = selected_jobs(args, manifest, root, lake_root)
        print(
            f"Local run of stack {manifest.stack} ({manifest.describe_options()}), "
            f"{describe_selection(manifest, jobs)}, lakehouse {root}"
        )
        landing_description = prepare_landing(args, manifest, root, LocalS3(root).bucket_dir(bucket))
    except (manifests.ManifestError, InputError, selection.SelectionError) as error:
        print(f"Cannot run: {error}", file=sys.stderr)
        return 2
    print(f"Landing data: {landing_description}")

    quality, written = [], {}
    landing_read = {name for job in jobs for name in job.reads}
    # Landing counts need only the landing files: made alongside the jobs, in Spark's idle moments.
    with ThreadPoolExecutor(max_workers=1) as background:
        spark, startup_seconds, catalog_seconds = start_spark(root, manifest, bucket, lake_root, background)
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


def print_failure(job, failure):
    where = f"{job.script}:{failure.line}" if failure.line else str(job.script)
    print(f'\nJob {job.name} failed at node "{failure.node}" ({where}):', file=sys.stderr)
    print(f"  {failure.headline}", file=sys.stderr)
    for line in failure.details:
        print(f"  {line}", file=sys.stderr)
    print("Later jobs were not run.", file=sys.stderr)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(130)
