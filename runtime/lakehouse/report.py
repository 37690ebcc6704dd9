"""Row counts of every table, the final table on the console and the JSON report."""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote

from pyspark.sql import functions as F
from pyspark.sql import types as T

from lakehouse import landing_fit, quality_report
from lakehouse.catalog import declared_schema
from lakehouse.landing import count_lines


def landing_counts(spark, table, location):
    """(non-blank lines, records that fit the declared columns) of a landing table's files.

    Counted independently of the scripts, from the manifest's declaration, so that the report can
    show lines = rows + rejected and a script that drops records silently shows up as a gap.
    """
    declared = declared_schema(table)
    schema = T.StructType(declared.fields + [T.StructField("_corrupt_record", T.StringType())])
    lines = spark.read.option("recursiveFileLookup", "true").text(location).filter(F.trim("value") != "")
    record = F.from_json("value", schema, {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": "_corrupt_record"})
    misfit = F.udf(landing_fit.checker(declared), T.StringType())
    fits = record.isNotNull() & record.getField("_corrupt_record").isNull() & misfit("value").isNull()
    row = lines.agg(F.count(F.lit(1)).alias("lines"), F.sum(fits.cast("long")).alias("rows")).collect()[0]
    return row["lines"], row["rows"] or 0


def rejected_lines(local_s3, lake_root, manifest, table_name):
    """(lines, {reason: lines}) under the table's rejected locations, or (None, {}) when no job rejects its
    lines. Each job that reads a landing table writes the same rejects under its own prefix, so the largest
    count is the table's, not the sum; the reasons are the `reason=<why>` folders the script wrote."""
    counts = []
    for job in manifest.jobs:
        for rejected in job.rejected:
            if rejected.table == table_name:
                folder = local_s3.local_path(f"{lake_root}/{rejected.prefix}")
                reasons = {}
                for path in sorted(folder.rglob("reason=*")) if folder.is_dir() else []:
                    if path.is_dir():
                        why = unquote(path.name.removeprefix("reason="))
                        reasons[why] = reasons.get(why, 0) + count_lines(path)
                counts.append((count_lines(folder), reasons))
    return max(counts, key=lambda count: count[0]) if counts else (None, {})


def landing_table_counts(spark, manifest, lake_root, names):
    """{table: (lines, rows)} for the landing tables in `names`. The runner computes these while the
    jobs run (they only read the landing files), so the report waits for nothing after the last job."""
    return {
        t.name: landing_counts(spark, t, f"{lake_root}/{t.prefix}") for t in manifest.landing_tables if t.name in names
    }


def _table_entry(spark, manifest, lake_root, local_s3, job_seconds, landing_read, known, table):
    entry = {"zone": table.zone}
    entry["rejected"], reasons = rejected_lines(local_s3, lake_root, manifest, table.name)
    if reasons:
        entry["rejectedReasons"] = reasons
    quarantined = quality_report.quarantined_rows(local_s3, lake_root, manifest, table.name)
    if quarantined is not None:
        entry["quarantined"] = quarantined
    if table.is_landing and table.name not in landing_read:
        entry["rows"] = None  # no job of this run read it
    elif table.is_landing:
        counted = known.get(table.name)
        entry["lines"], entry["rows"] = (
            counted if counted is not None else landing_counts(spark, table, f"{lake_root}/{table.prefix}")
        )
    elif table.producer in job_seconds and known.get(table.name) is not None:
        entry["rows"] = known[table.name]  # counted by the sink while writing
    elif table.producer in job_seconds:
        name = table.catalog_name(manifest.database)
        if not table.is_iceberg:  # an Iceberg read always loads the current snapshot
            spark.catalog.refreshTable(name)
        entry["rows"] = spark.table(name).count()
    else:
        entry["rows"] = None  # its job failed or did not run: what is there is from an earlier run
    if table.producer:
        entry["job"] = table.producer
        entry["seconds"] = job_seconds.get(table.producer)
    return entry


def collect(spark, manifest, lake_root, local_s3, job_seconds, landing_read=None, known=None):
    """{table: {...counts}} for every table of the manifest, in manifest order. `job_seconds` holds
    the jobs that succeeded in this run; other jobs' tables get no count, nor do landing tables
    outside `landing_read` (the landing tables this run's jobs read; default: all). `known` holds
    counts already made: rows a sink wrote into an emptied table, (lines, rows) of landing tables.

    Each count is a small Spark job dominated by scheduling latency, so two run at a time (one per core).
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        landing_read = {table.name for table in manifest.landing_tables} if landing_read is None else set(landing_read)
        known = known or {}
        entries = pool.map(
            lambda table: _table_entry(spark, manifest, lake_root, local_s3, job_seconds, landing_read, known, table),
            manifest.tables,
        )
        return {table.name: entry for table, entry in zip(manifest.tables, entries, strict=True)}


def _cell(value, digits=None):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if digits is not None else f"{value:,}"


def print_table(tables, stream):
    header = ("table", "zone", "rows", "rejected", "job", "seconds")
    rows = [
        (name, t["zone"], _cell(t["rows"]), _cell(t["rejected"]), t.get("job", ""), _cell(t.get("seconds"), 1))
        for name, t in tables.items()
    ]
    right = {2, 3, 5}
    if any("quarantined" in t for t in tables.values()):  # only pipelines that quarantine show the column
        header += ("quarantined",)
        rows = [row + (_cell(t.get("quarantined")),) for row, t in zip(rows, tables.values(), strict=True)]
        right.add(6)
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]

    def fmt(row):
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    print(fmt(header), file=stream)
    print("  ".join("-" * w for w in widths), file=stream)
    for row in rows:
        print(fmt(row), file=stream)


def write_json(path: Path, report: dict):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n")
