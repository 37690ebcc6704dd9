"""The local runner as a library: what a local run does with a stack's manifest and scripts (stage landing data,
start Spark, run jobs as Glue would, with the job arguments the manifest lists). `lakehouse.run` (`npm start`),
`lakehouse.dev` (`npm run dev`) and `lakehouse.unit_tests` (`npm run test:jobs`) are its command lines.
"""

import io
import runpy
import sys
import time

from awsgluedq import engine as data_quality_engine

from lakehouse import catalog, failures, glue_runtime, landing, quality_report, selection, spark_session, synthetic
from lakehouse.local_s3 import LocalS3
from lakehouse.manifest import JobSpec, Manifest
from lakehouse.progress import JobProgress


def line_buffered_stdout():
    """Progress lines must not wait behind Spark's stderr. Only a real text stream can be re-buffered; a capture
    (pytest's, a StringIO) has nothing to flush early."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)


class InputError(Exception):
    """Something the user can fix before any Spark work: printed without a traceback, exit 2."""


def bucket_name(manifest):
    return f"{manifest.qualified_stack}-data"


def local_places(manifest: Manifest, lake_root: str) -> dict[str, str]:
    """The values of a local run's argument places (src/render/types.ts, ArgumentPlace), by name."""
    return {"database": manifest.database, "lakeRoot": lake_root}


def script_argv(job: JobSpec, places: dict[str, str]) -> list[str]:
    """The command line Glue would give the job's script: JOB_NAME, then each argument the manifest lists for
    the job, valued from `places` by its place's name. An argument of a place the runner cannot supply is
    refused before anything runs."""
    argv = [str(job.script), "--JOB_NAME", job.name]
    for argument in job.arguments:
        if argument.place not in places:
            raise InputError(
                f"Job {job.name}: its script reads the argument {argument.name}, whose value is the place "
                f"{argument.place!r}, which the local runner does not know how to supply (it supplies "
                f"{', '.join(sorted(places))}). Supply it in lakehouse/runner.py (local_places) or render with "
                "the renderer of this checkout."
            )
        argv += [f"--{argument.name}", places[argument.place]]
    return argv


def job_arguments(manifest: Manifest, job: JobSpec, lake_root: str) -> list[str]:
    """The command line of a job in a local run of `manifest` under `lake_root`."""
    return script_argv(job, local_places(manifest, lake_root))


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
                f"Pipeline {manifest.pipeline} (stack {manifest.stack}) has no synthetic landing data: pass"
                " --landing DIR (DIR/<entity>/landing/*.json), or give the project a generator (`synthetic` in its"
                " project.ts)"
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
            if failure.field:
                results[-1]["error"]["field"] = failure.field
            if failure.surfaced_at:
                results[-1]["error"]["surfacedAt"] = failure.surfaced_at
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


def runtime_for(manifest, jobs):
    """The start-up line naming the stack's Glue version's runtime; refuses, before Spark starts, a stack this
    interpreter's runtime is not for."""
    runtime = glue_runtime.of_version(manifest.glue_version)
    try:
        glue_runtime.check_installed(runtime, manifest.stack)
    except glue_runtime.RuntimeMismatch as error:
        raise InputError(str(error)) from None
    return glue_runtime.describe(runtime)


def describe_selection(manifest, jobs):
    if len(jobs) == len(manifest.jobs):
        return f"{len(jobs)} jobs"
    names = ", ".join(job.name for job in jobs)
    return f"{len(jobs)} of {len(manifest.jobs)} jobs ({names}; the others' tables are reused)"


def is_short_run(manifest, bucket_dir):
    """Whether the landing data staged in `bucket_dir` makes a run of seconds (spark_session.SHORT_RUN_SETTINGS)."""
    return landing.total_bytes(manifest, bucket_dir) <= spark_session.SHORT_RUN_MAX_LANDING_BYTES


def start_spark(root, manifest, bucket, lake_root, background=None, jobs=None):
    """Starts the session and declares every table. With a `background` executor, the data-quality
    engine warms up on the other core meanwhile (its first use costs seconds). `jobs`, the ones this session
    runs (default all), decide whether it needs that engine."""
    has_quality = any(job.quality for job in (manifest.jobs if jobs is None else jobs))
    print("Starting Spark (local[2])…")
    # The data-quality engine (Deequ) only when a script evaluates rules: it adds to the start-up.
    # Iceberg (and its local glue_catalog) only for stacks with Iceberg tables: parquet stacks do not pay for it.
    spark, startup_seconds = spark_session.build(
        root,
        [bucket],
        data_quality=has_quality,
        iceberg_warehouse=f"{lake_root}/iceberg-warehouse" if manifest.has_iceberg else None,
        short_run=is_short_run(manifest, LocalS3(root).bucket_dir(bucket)),
    )
    if background is not None and has_quality:
        background.submit(data_quality_engine.warm_up, spark)
    catalog_started = time.monotonic()
    catalog.register_tables(spark, manifest, lake_root)  # every table exists before a job runs, as on AWS
    catalog_seconds = time.monotonic() - catalog_started
    print(f"Spark started in {startup_seconds:.1f}s, catalog ready in {catalog_seconds:.1f}s more")
    return spark, startup_seconds, catalog_seconds


def print_failure(job, failure):
    where = f"{job.script}:{failure.line}" if failure.line else str(job.script)
    field = f", field {failure.field}" if failure.field else ""
    print(f'\nJob {job.name} failed at node "{failure.node}"{field} ({where}):', file=sys.stderr)
    print(f"  {failure.headline}", file=sys.stderr)
    for line in failure.details:
        print(f"  {line}", file=sys.stderr)
    print("Later jobs were not run.", file=sys.stderr)
