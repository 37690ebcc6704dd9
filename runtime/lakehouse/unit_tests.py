"""Runs job unit tests: `python -m lakehouse.unit_tests TESTS.json` (what `npm run test:jobs` calls).

Each test gives rows for the tables a job reads and the exact rows expected in the tables it writes
(see src/compiler/unit-tests.ts). It runs the job's real generated script, unchanged, in a database and
under a LAKE_ROOT of its own, so tests never see each other's tables; all tests share one Spark
session. A failure shows the rows only expected and the rows only produced.
"""

import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from pyspark.sql.types import _parse_datatype_string

from lakehouse import catalog, glue_runtime, iceberg_catalog, runner, spark_session
from lakehouse import manifest as manifests
from lakehouse.local_s3 import LocalS3

BUCKET = "lakehouse-unit-tests"
# Tables are tiny: one shuffle partition and no adaptive re-planning keep each Spark job short.
SMALL_DATA = {
    "spark.sql.catalogImplementation": "in-memory",
    "spark.sql.shuffle.partitions": "1",
    "spark.default.parallelism": "1",
    "spark.sql.adaptive.enabled": "false",
}


def _spark_value(value, column_type):
    """A JSON value of a test row as Spark wants it for a column of this type."""
    if value is None:
        return None
    if column_type in ("double", "float"):
        return float(value)
    if column_type.startswith("decimal("):
        return Decimal(str(value))
    if column_type == "date":
        return date.fromisoformat(value)
    if column_type == "timestamp":
        return datetime.fromisoformat(value)
    return value


def _comparable(value, column_type):
    """Expected and actual values on one footing: numbers as numbers, dates and times as ISO text."""
    if value is None:
        return None
    if column_type in ("double", "float") or column_type.startswith("decimal("):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if column_type == "timestamp":
        return datetime.fromisoformat(value).isoformat(sep=" ")
    return value


def stage_given(spark, manifest, database, lake_root, local_s3, table_name, rows):
    """Puts a test's rows where the script reads them: JSON lines for landing tables (by JSON key),
    data files with the declared columns for the others (their catalog tables exist already)."""
    table = next(t for t in manifest.tables if t.name == table_name)
    location = f"{lake_root}/{table.prefix}"
    if table.is_landing:
        folder = local_s3.local_path(location)
        folder.mkdir(parents=True, exist_ok=True)
        keys = {column.name: column.json_key for column in table.columns + table.partition_keys}
        lines = [json.dumps({keys[name]: value for name, value in row.items() if value is not None}) for row in rows]
        (folder / "given.json").write_text("".join(line + "\n" for line in lines))
        return
    columns = table.columns + table.partition_keys
    ddl = ", ".join(f"`{column.name}` {column.type}" for column in columns)
    schema = _parse_datatype_string(ddl)
    data = [tuple(_spark_value(row.get(column.name), column.type) for column in columns) for row in rows]
    frame = spark.createDataFrame(data, schema)
    if table.is_iceberg:  # a table in glue_catalog, at its location, as the job that writes it would create it
        writer = frame.writeTo(table.catalog_name(database)).using("iceberg").tableProperty("location", location)
        writer.tableProperty("format-version", "2").createOrReplace()
        return
    spark_format = "json" if table.format == "json" else "parquet"
    keys = [column.name for column in table.partition_keys]
    writer = frame.write.mode("overwrite").format(spark_format)
    if not keys:
        writer.save(location)
        return
    writer.partitionBy(*keys).save(location)
    # As the producing job's sink would have added them: scripts read only the partitions the catalog lists.
    spark.sql(f"ALTER TABLE {table.catalog_name(database)} RECOVER PARTITIONS")


def written_rows(spark, table, lake_root, database):
    """(column names, rows as dicts) of what the script wrote to a table's location (Iceberg: its current snapshot)."""
    if table.is_iceberg:
        frame = spark.table(table.catalog_name(database))
    else:
        spark_format = "json" if table.format == "json" else "parquet"
        frame = spark.read.format(spark_format).load(f"{lake_root}/{table.prefix}")
    return frame.columns, [row.asDict() for row in frame.collect()]


def _format_rows(columns, rows, marks):
    cells = [[("null" if row.get(c) is None else str(row.get(c))) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["      " + "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += [
        f"    {mark} " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
        for mark, r in zip(marks, cells, strict=True)
    ]
    return lines


def compare(table, expected_rows, actual_columns, actual_rows):
    """Problems (lines of text) between what a test expects in a table and what the job wrote."""
    declared = [column.name for column in table.columns + table.partition_keys]
    problems = []
    if sorted(c.lower() for c in actual_columns) != sorted(declared):
        problems.append(
            f"  {table.name}: the job wrote columns {', '.join(actual_columns)}; "
            f"the table declares {', '.join(declared)}"
        )
    types = {column.name: column.type for column in table.columns + table.partition_keys}
    columns = list(expected_rows[0].keys()) if expected_rows else []
    actual_by_lower = [{k.lower(): v for k, v in row.items()} for row in actual_rows]

    def key(row):
        return tuple(_comparable(row.get(c), types[c]) for c in columns)

    wanted, got = Counter(key(r) for r in expected_rows), Counter(key(r) for r in actual_by_lower)
    if wanted == got:
        return problems
    missing, extra = list((wanted - got).elements()), list((got - wanted).elements())
    as_rows = lambda keys: [dict(zip(columns, k, strict=True)) for k in keys]  # noqa: E731
    problems.append(
        f"  {table.name}: expected {len(expected_rows)} row{'s' if len(expected_rows) != 1 else ''}, "
        f"got {len(actual_rows)}; {len(missing)} only expected (-), {len(extra)} only produced (+)"
        + (f", compared on {', '.join(columns)}" if columns else "")
    )
    if columns:
        problems += _format_rows(columns, as_rows(missing) + as_rows(extra), ["-"] * len(missing) + ["+"] * len(extra))
    return problems


def places_of_test(database, lake_root):
    """A test's values of the argument places: its own database and lake root, so tests never share a table."""
    return {"database": database, "lakeRoot": lake_root}


def check_arguments(stacks, tests):
    """Refuses, before Spark starts, a tested job whose script reads an argument a test cannot supply."""
    for test in tests:
        manifest = stacks[test["stack"]]
        job = next((j for j in manifest.jobs if j.name == test["job"]), None)
        if job is None:
            raise manifests.ManifestError(
                f"Unit test {test['name']!r} is for job {test['job']!r}, which stack {test['stack']} does not have: "
                "run `npm run render`"
            )
        runner.script_argv(job, places_of_test("unit_test", f"s3://{BUCKET}"))


def run_test(spark, manifest, test, index, local_s3):
    """Runs one test; returns its result: {job, name, stack, status, seconds, problems}."""
    started = time.monotonic()
    database = f"unit_test_{index}"
    lake_root = f"s3://{BUCKET}/{index}"
    job = next(j for j in manifest.jobs if j.name == test["job"])
    # The tables the job reads and writes exist before it runs, as on AWS (and in `npm start`); the
    # others cannot matter to it, and declaring all eight tables of a pipeline cost ~0.3 s of every test.
    used = [table for table in manifest.tables if table.name in job.reads or table.name in job.writes]
    catalog.register_tables(spark, replace(manifest, database=database, tables=used), lake_root)
    try:
        for table_name, rows in test["given"].items():
            stage_given(spark, manifest, database, lake_root, local_s3, table_name, rows)
        failure = runner.run_script(job, runner.script_argv(job, places_of_test(database, lake_root)))
        if failure is not None:
            problems = [f'  the job failed at node "{failure.node}" (line {failure.line}): {failure.headline}']
            problems += [f"    {line}" for line in failure.details]
        else:
            problems = []
            tables = {t.name: t for t in manifest.tables}
            for table_name, expected_rows in test["expect"].items():
                columns, rows = written_rows(spark, tables[table_name], lake_root, database)
                problems += compare(tables[table_name], expected_rows, columns, rows)
    finally:
        runner.end_of_job_session_state()
        spark.sql(f"DROP DATABASE IF EXISTS `{database}` CASCADE")
        if manifest.has_iceberg:
            for table in used:
                if table.is_iceberg:
                    spark.sql(f"DROP TABLE IF EXISTS {table.catalog_name(database)}")
            spark.sql(f"DROP NAMESPACE IF EXISTS {iceberg_catalog.namespace(database)}")
    return {
        "job": test["job"],
        "name": test["name"],
        "stack": manifest.stack,
        "status": "passed" if not problems else "failed",
        "seconds": round(time.monotonic() - started, 3),
        "problems": problems,
    }


def load_stacks(spec):
    """{stack: Manifest} of the stacks the tests in `spec` (the JSON `npm run test:jobs` writes) run in."""
    generated = Path(spec["generated"])
    return {name: manifests.load(generated / name) for name in sorted({t["stack"] for t in spec["tests"]})}


def other_runtime_notes(stacks):
    """The unit tests of every stack share one session, in this environment's runtime; a stack on another Glue
    version's is said to run on this one, since `npm run test:jobs` has one Python (lakehouse/glue_runtime.py)."""
    here = glue_runtime.installed()
    for name, manifest in stacks.items():
        if here is not None and manifest.glue_version != here.version:
            yield " ".join(
                (
                    f"Note: stack {name} is on AWS Glue {manifest.glue_version}; its unit tests run on Glue",
                    f"{here.version}'s runtime (Spark {here.spark}).",
                    f"Its local run (`npm start -- --stack {name}`) uses its own.",
                )
            )


def start_session(root, stacks, tests):
    """The one Spark session of the tests: small-data settings, and only the JVM libraries their jobs need."""
    tested = {(test["stack"], test["job"]) for test in tests}
    data_quality = any(
        job.quality for name, manifest in stacks.items() for job in manifest.jobs if (name, job.name) in tested
    )
    iceberg = any(manifest.has_iceberg for manifest in stacks.values())
    return spark_session.build(
        root,
        [BUCKET],
        SMALL_DATA,
        data_quality=data_quality,
        iceberg_warehouse=f"s3://{BUCKET}/iceberg-warehouse" if iceberg else None,
        # Not a short run: two dozen tests over a minute, with many query shapes, gain from C2
        # (24 tests: 54.9 s with it, 67.7 s with the quick compiler alone; BENCHMARKS.md).
    )


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (1, 2):
        print("usage: python -m lakehouse.unit_tests TESTS.json [RESULTS.json]", file=sys.stderr)
        return 2
    runner.line_buffered_stdout()
    spec = json.loads(Path(argv[0]).read_text())
    try:
        stacks = load_stacks(spec)
        check_arguments(stacks, spec["tests"])
    except (manifests.ManifestError, runner.InputError) as error:
        print(f"Cannot run the unit tests: {error}", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="lakehouse-unit-tests-"))
    results = []
    try:
        spark, startup = start_session(root, stacks, spec["tests"])
        print(f"Spark started in {startup:.1f}s; {len(spec['tests'])} unit tests")
        for line in other_runtime_notes(stacks):
            print(line)
        started = time.monotonic()
        for index, test in enumerate(spec["tests"], start=1):
            result = run_test(spark, stacks[test["stack"]], test, index, LocalS3(root))
            results.append(result)
            mark = "ok  " if result["status"] == "passed" else "FAIL"
            print(f"{mark} {result['job']} › {result['name']} [{result['stack']}] {result['seconds']:.2f}s")
            for line in result["problems"]:
                print(line)
        total = time.monotonic() - started
        spark.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    failed = [r for r in results if r["status"] != "passed"]
    print(
        f"\n{len(results) - len(failed)} passed, {len(failed)} failed, "
        f"in {total:.1f}s after Spark start-up ({startup:.1f}s)"
    )
    if len(argv) == 2:
        Path(argv[1]).write_text(
            json.dumps(
                {"results": results, "seconds": round(total, 2), "sparkStartupSeconds": round(startup, 2)}, indent=2
            )
            + "\n"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
