"""Iceberg scenarios on real Spark and real Iceberg, in ONE Spark session (start-up is most of the cost).

    python tests/iceberg_scenarios.py --starter DIR --root DIR --stacks GEN_DIR[,GEN_DIR...]
        [--kill] [--reader] [--merge] [--legacy-records] [--unit-tests TESTS.json]

GEN_DIR is a rendered stack (pipeline.json + scripts) with stedi:tableFormat iceberg. For each one:
  1. the starter data is split into three batches of landing files (each entity's lines cut in three);
  2. a full run over all three batches gives the reference tables (row count + an order-free hash);
  3. the lakehouse is emptied, then three incremental runs ingest one batch more each; with --kill the
     third dies just before the customer job publishes its commit, and is run again;
  4. (first stack, with --kill) a run with no new landing files must leave every table at the same
     snapshot; then a table is rolled back to its snapshot before the last batch and the next run
     brings it back to the full run's table; the landing folder copied again (same bytes, new modification
     times) must commit nothing; a landing file whose bytes changed after ingestion must stop the job.
The full run's tables are also counted by the runner's report (lakehouse/report.py).
--reader runs a reader against an Iceberg table while it is overwritten again and again.
--merge checks MERGE INTO (update, insert, delete by predicate, non-unique keys) through the script helper.
--legacy-records checks an ingestion record of the format before content hashes ([size, modified ms]).
--unit-tests runs the jobs' unit tests (the JSON `npm run test:jobs` writes: {generated, tests}) last, through
lakehouse.unit_tests as `npm run test:jobs` runs them, in this session rather than a JVM of their own.
Prints one JSON object on the last line; the mocha spec (tests/local-run-iceberg.spec.ts) asserts on it.
"""

import argparse
import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "runtime"))

from lakehouse import catalog, landing, report, spark_session, unit_tests  # noqa: E402
from lakehouse import manifest as manifests  # noqa: E402
from lakehouse.local_s3 import LocalS3  # noqa: E402
from lakehouse.runner import bucket_name, run_jobs  # noqa: E402

BATCHES = 3


def split_starter(starter: Path, manifest, out: Path):
    """out/batch<i>/<entity>/landing/<entity>-b<i>.json: each entity's lines in three contiguous parts.
    Returns the batch directories; batch i's folder also holds the files of the batches before it."""
    for table in manifest.landing_tables:
        lines = [
            line
            for path in landing.data_files(starter / table.prefix)
            for line in path.read_text().splitlines(keepends=True)
        ]
        if not lines:
            raise SystemExit(f"No landing lines under {starter / table.prefix}: pass the starter data with --starter")
        size = -(-len(lines) // BATCHES)
        for index in range(BATCHES):
            part = out / "parts" / f"b{index + 1}" / table.prefix / f"{table.entity}-b{index + 1}.json"
            part.parent.mkdir(parents=True, exist_ok=True)
            part.write_text("".join(lines[index * size : (index + 1) * size]))
    batches = []
    for index in range(BATCHES):
        cumulative = out / f"upto{index + 1}"
        for part in range(index + 1):
            shutil.copytree(out / "parts" / f"b{part + 1}", cumulative, dirs_exist_ok=True)
        batches.append(cumulative)
    return batches


def fingerprint(spark, manifest):
    """{table: [rows, order-free hash of every row]} for the trusted and curated tables."""
    result = {}
    for table in manifest.tables:
        if table.is_landing:
            continue
        # A decimal sum: a bigint one wraps on Spark 3.5 but raises ARITHMETIC_OVERFLOW under Spark 4's ANSI mode.
        row = spark.sql(
            "SELECT count(*) AS n, coalesce(sum(CAST(xxhash64(*) AS DECIMAL(38, 0))), 0) AS h"
            f" FROM {table.catalog_name(manifest.database)}"
        ).collect()[0]
        result[table.name] = [row.n, str(row.h)]
    return result


def snapshots(spark, manifest):
    ids = {}
    for table in manifest.tables:
        if not table.is_landing:
            rows = spark.sql(
                f"SELECT snapshot_id FROM glue_catalog.`{manifest.database}`.`{table.name}`.refs WHERE name = 'main'"
            ).collect()
            ids[table.name] = str(rows[0].snapshot_id) if rows else None
    return ids


def reset(spark, manifest, bucket_dir: Path):
    for table in manifest.tables:
        if not table.is_landing:
            spark.sql(f"DROP TABLE IF EXISTS {table.catalog_name(manifest.database)}")
    shutil.rmtree(bucket_dir, ignore_errors=True)
    bucket_dir.mkdir(parents=True)


def run(spark, manifest, lake_root, bucket_dir, source: Path, stage=True):
    if stage:
        landing.stage(source, manifest, bucket_dir)
    catalog.register_tables(spark, manifest, lake_root)
    started = time.monotonic()
    results, _, failure = run_jobs(manifest, manifest.jobs, lake_root)
    return {
        "seconds": round(time.monotonic() - started, 2),
        "jobs": results,
        "failed": failure[0].name if failure else None,
        "error": failure[1].headline if failure else None,
    }


def ingestion_record(spark, manifest, table):
    """The ingestion records ({key: {file: entry}}) in the summary of the table's current snapshot."""
    name = f"glue_catalog.`{manifest.database}`.`{table}`"
    rows = spark.sql(
        f"SELECT s.summary FROM {name}.snapshots s JOIN {name}.refs r ON s.snapshot_id = r.snapshot_id "
        "WHERE r.name = 'main'"
    ).collect()
    summary = rows[0].summary or {}
    return {key: json.loads(value) for key, value in summary.items() if key.startswith("stedi.ingested.")}


def change_one_digit(path: Path):
    """Rewrites the file's first digit as another one: other bytes, the same size, still valid JSON lines."""
    data = bytearray(path.read_bytes())
    index = next(i for i, byte in enumerate(data) if chr(byte).isdigit())
    data[index] = ord(str((int(chr(data[index])) + 1) % 10))
    path.write_bytes(bytes(data))


class DieBeforePublishing:
    """Makes the next Iceberg publish (the fast-forward of main to a run's branch) die, as a job killed
    after its writes and before its commit would."""

    def __init__(self, spark):
        self.spark, self.original = spark, type(spark).sql

    def __enter__(self):
        original = self.original

        def sql(session, query, *args, **kwargs):
            if query.startswith("CALL glue_catalog.system.fast_forward"):
                raise SystemExit("killed before publishing")
            return original(session, query, *args, **kwargs)

        type(self.spark).sql = sql
        return self

    def __exit__(self, *exc):
        type(self.spark).sql = self.original
        return False


def scenario(spark, root: Path, generated: Path, starter: Path, kill: bool):
    manifest = manifests.load(generated)
    bucket = bucket_name(manifest)
    lake_root, bucket_dir = f"s3://{bucket}", LocalS3(root).bucket_dir(bucket)
    batches = split_starter(starter, manifest, root / "batches" / manifest.stack)
    out = {"stack": manifest.stack, "privacy": manifest.options["privacy"], "runs": []}

    reset(spark, manifest, bucket_dir)
    out["runs"].append({"name": "full", **run(spark, manifest, lake_root, bucket_dir, batches[-1])})
    out["full"] = fingerprint(spark, manifest)
    # The runner's report counts the Iceberg tables through glue_catalog, as it counts parquet tables.
    succeeded = {job["name"]: job["seconds"] for job in out["runs"][-1]["jobs"] if job["status"] == "succeeded"}
    tables = report.collect(spark, manifest, lake_root, LocalS3(root), succeeded)
    out["report"] = {name: entry["rows"] for name, entry in tables.items()}

    reset(spark, manifest, bucket_dir)
    for index, batch in enumerate(batches, start=1):
        if index == BATCHES:
            out["beforeLastBatch"] = {"snapshots": snapshots(spark, manifest), "tables": fingerprint(spark, manifest)}
        if kill and index == BATCHES:
            before = snapshots(spark, manifest)
            with DieBeforePublishing(spark):
                out["runs"].append(
                    {"name": f"batch {index} killed", **run(spark, manifest, lake_root, bucket_dir, batch)}
                )
            out["killed"] = {
                "before": before,
                "after": snapshots(spark, manifest),
                "tables": fingerprint(spark, manifest),
            }
        out["runs"].append({"name": f"batch {index}", **run(spark, manifest, lake_root, bucket_dir, batch)})
    out["incremental"] = fingerprint(spark, manifest)

    if not kill:
        return out
    before = snapshots(spark, manifest)
    out["runs"].append({"name": "no new files", **run(spark, manifest, lake_root, bucket_dir, batches[-1])})
    out["rerun"] = {"before": before, "after": snapshots(spark, manifest), "tables": fingerprint(spark, manifest)}

    if kill:
        # Rollback, as docs/operations/rollback.md documents it: the customer table goes back to its snapshot before the
        # last batch, and with it its ingestion record, so the next run ingests that batch again, once.
        table = "customer_trusted"
        snapshot = out["beforeLastBatch"]["snapshots"][table]
        spark.sql(
            "CALL glue_catalog.system.set_current_snapshot("
            f"table => '{manifest.database}.{table}', snapshot_id => {snapshot})"
        )
        rolled_back = fingerprint(spark, manifest)[table]
        out["runs"].append({"name": "after rollback", **run(spark, manifest, lake_root, bucket_dir, batches[-1])})
        out["rollback"] = {"table": table, "rolledBack": rolled_back, "after": fingerprint(spark, manifest)}

        # The landing folder copied again, as `aws s3 cp --recursive` uploads it again: the same bytes with new
        # modification times. Nothing is new, so no job commits and every table keeps its snapshot.
        copy = root / "recopied" / manifest.stack
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(batches[-1], copy, copy_function=shutil.copyfile)
        later = time.time() + 3600
        for path in landing.data_files(copy):
            os.utime(path, (later, later))
        before = snapshots(spark, manifest)
        out["runs"].append({"name": "copied again", **run(spark, manifest, lake_root, bucket_dir, copy)})
        out["recopied"] = {
            "run": out["runs"][-1],
            "before": before,
            "after": snapshots(spark, manifest),
            "tables": fingerprint(spark, manifest),
            "record": ingestion_record(spark, manifest, "customer_trusted"),
        }

        # A landing file whose bytes changed after it was ingested (same size, so only its content tells) is
        # reported, not read again nor ignored.
        landed = sorted((bucket_dir / manifest.landing_tables[0].prefix).glob("*.json"))[0]
        change_one_digit(landed)
        before = snapshots(spark, manifest)
        out["runs"].append(
            {"name": "modified file", **run(spark, manifest, lake_root, bucket_dir, bucket_dir, stage=False)}
        )
        out["modified"] = {
            "file": landed.name,
            "run": out["runs"][-1],
            "unchanged": snapshots(spark, manifest) == before,
        }
    return out


def script_helpers():
    """The helper functions exactly as rendered into the generated scripts."""
    from awsglue.dynamicframe import DynamicFrame
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    namespace = {"F": F, "T": T, "DynamicFrame": DynamicFrame}
    for name in ["read_json_lines", "iceberg_write", "new_landing_files"]:
        exec((REPO / "templates" / "helpers" / f"{name}.py.hbs").read_text(), namespace)
    return namespace


def reader_during_overwrite(spark, glue_context, database):
    """A reader counts the table while it is replaced 6 times by 30,000 or 10,000 rows."""
    helpers = script_helpers()
    from awsglue.dynamicframe import DynamicFrame

    frames = [
        DynamicFrame.fromDF(spark.range(n).selectExpr("id", "cast(id AS string) AS v"), glue_context, "f")
        for n in (30000, 10000)
    ]
    helpers["writeIceberg"](
        glue_context, frames[0], database, "reader_probe", "s3://scenarios/reader_probe/", "overwrite"
    )
    seen, done = [], threading.Event()

    def read():
        while not done.is_set():
            seen.append(spark.sql(f"SELECT count(*) AS n FROM glue_catalog.`{database}`.`reader_probe`").collect()[0].n)

    reader = threading.Thread(target=read)
    reader.start()
    for index in range(6):
        helpers["writeIceberg"](
            glue_context, frames[(index + 1) % 2], database, "reader_probe", "s3://scenarios/reader_probe/", "overwrite"
        )
    done.set()
    reader.join()
    return {"reads": len(seen), "counts": sorted(set(seen))}


def merge_semantics(spark, glue_context, database):
    helpers = script_helpers()
    from awsglue.dynamicframe import DynamicFrame
    from pyspark.sql import functions as F

    def frame(rows):
        return DynamicFrame.fromDF(spark.createDataFrame(rows, "id bigint, v string, gone boolean"), glue_context, "f")

    def write(rows, **options):
        helpers["writeIceberg"](
            glue_context,
            frame(rows),
            database,
            "merge_probe",
            "s3://scenarios/merge_probe/",
            "merge",
            mergeKeys=["id"],
            deleteWhen=F.col("gone"),
            node="Merge Probe",
            **options,
        )
        rows = [[row.id, row.v] for row in spark.table(f"glue_catalog.`{database}`.`merge_probe`").collect()]
        return sorted(rows, key=lambda r: (r[0] is not None, r[0] or 0, r[1]))  # the NULL key first

    out = {"first": write([(1, "a", False), (2, "b", False), (3, "c", False), (None, "null key", False)])}
    # 1 updated, 2 deleted, 4 inserted, 5 is a delete of a row that is not there (not inserted), NULL key updated.
    out["second"] = write(
        [(1, "A", False), (2, None, True), (4, "d", False), (5, "e", True), (None, "NULL KEY", False)]
    )
    try:
        write([(7, "x", False), (7, "y", False)])
        out["duplicateKeys"] = None
    except ValueError as error:
        out["duplicateKeys"] = str(error)
    return out


def legacy_records(spark, glue_context, database, root: Path):
    """An ingestion record in the format before content hashes ({file: [size, modified ms]}): a file it lists
    unchanged is not new and gets its hash in the next commit; one with a new modification time (same size)
    stops the job, since its bytes cannot be compared, until that commit has recorded the hash."""
    helpers = script_helpers()
    from awsglue.dynamicframe import DynamicFrame

    landing_path = "s3://scenarios/legacy_landing/"
    folder = LocalS3(root).local_path(landing_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.json", "b.json"):
        (folder / name).write_text(f'{{"id": "{name}"}}\n')
    listed = helpers["_listLandingFiles"](spark, landing_path)
    old = json.dumps({"a.json": [listed["a.json"][1], listed["a.json"][2]]})
    frame = DynamicFrame.fromDF(spark.createDataFrame([("a.json",)], "id string"), glue_context, "f")

    def write(files):
        helpers["writeIceberg"](
            glue_context, frame, database, "legacy_probe", "s3://scenarios/legacy_probe/", "append", ingested=[files]
        )

    def read():
        try:
            files = helpers["newLandingFiles"](glue_context, landing_path, database, "legacy_probe", "legacy")
            return files, {"paths": [path.rsplit("/", 1)[-1] for path in files.paths], "error": None}
        except RuntimeError as error:
            return None, {"paths": None, "error": str(error)}

    def retime(name, seconds):
        path = folder / name
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime + seconds))

    write(helpers["LandingFiles"]("legacy", ["a.json"], old, "batch=legacy"))
    files, out = {}, {}
    files["first"], out["first"] = read()
    out["first"]["record"] = json.loads(files["first"].record)
    retime("a.json", 60)
    _, out["retimedBeforeUpgrade"] = read()
    write(files["first"])  # b.json ingested; the record now has a.json's hash too
    retime("a.json", 120)
    _, out["retimedAfterUpgrade"] = read()
    return out


def jobs_unit_tests(spark, root: Path, spec_file: Path):
    """The unit tests' results, as `python -m lakehouse.unit_tests` gives them, from this session."""
    spec = json.loads(spec_file.read_text())
    stacks = unit_tests.load_stacks(spec)
    # Its small-data settings that a running session can take (spark.default.parallelism cannot: only speed).
    for key in ("spark.sql.shuffle.partitions", "spark.sql.adaptive.enabled"):
        spark.conf.set(key, unit_tests.SMALL_DATA[key])
    local_s3 = LocalS3(root)
    return [
        unit_tests.run_test(spark, stacks[test["stack"]], test, index, local_s3)
        for index, test in enumerate(spec["tests"], start=1)
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starter", type=Path, required=True)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--stacks", required=True, help="comma-separated rendered stack directories")
    parser.add_argument("--kill", action="store_true")
    parser.add_argument("--reader", action="store_true")
    parser.add_argument("--merge", action="store_true")
    parser.add_argument("--legacy-records", action="store_true")
    parser.add_argument("--unit-tests", type=Path)
    args = parser.parse_args()
    root = args.root.resolve()
    stacks = [Path(p) for p in args.stacks.split(",")]
    buckets = [bucket_name(manifests.load(p)) for p in stacks] + ["scenarios", unit_tests.BUCKET]
    started = time.monotonic()
    # As the runner builds it for these stacks: the data-quality engine (the scripts evaluate rules) and Iceberg.
    spark, startup = spark_session.build(
        root, buckets, data_quality=True, iceberg_warehouse="s3://scenarios/iceberg-warehouse"
    )
    result = {"sparkStartupSeconds": round(startup, 2), "spark": spark.version, "scenarios": []}
    for index, generated in enumerate(stacks):
        result["scenarios"].append(
            scenario(spark, root, generated, args.starter.resolve(), kill=args.kill and index == 0)
        )
    if args.reader or args.merge or args.legacy_records:
        from awsglue.context import GlueContext

        glue_context = GlueContext(spark.sparkContext)
        spark.sql("CREATE NAMESPACE IF NOT EXISTS glue_catalog.scenarios")
        if args.reader:
            result["reader"] = reader_during_overwrite(spark, glue_context, "scenarios")
        if args.merge:
            result["merge"] = merge_semantics(spark, glue_context, "scenarios")
        if args.legacy_records:
            result["legacy"] = legacy_records(spark, glue_context, "scenarios", root)
    if args.unit_tests:
        result["unitTests"] = jobs_unit_tests(spark, root, args.unit_tests)
    result["totalSeconds"] = round(time.monotonic() - started, 2)
    spark.stop()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
