"""The Spark side of `npm run diff`: runs the base and head versions of the jobs a change affects on the same landing
data, in one Spark session, and compares every table they write (`python -m lakehouse.data_diff --plan FILE`).

src/cli/diff.ts renders both sides, finds the jobs whose scripts changed and writes the plan. Here each side gets its
own bucket (`<qualified stack>-data-base`, `-head`) in one local lakehouse: the jobs read and write under the LAKE_ROOT
argument, so a second bucket is a second lake. The jobs upstream of the affected ones are unchanged: they run once, in
the base lake, and their outputs are hard-linked into the head lake. The comparison is Spark aggregations; the driver
collects only counts and at most EXAMPLES rows per kind, with PII columns masked before they leave Spark.
"""

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from lakehouse import catalog, landing, quality_report, report, selection, spark_session
from lakehouse import manifest as manifests
from lakehouse.catalog import declared_schema
from lakehouse.local_s3 import LocalS3
from lakehouse.runner import InputError, is_short_run, line_buffered_stdout, prepare_landing, run_jobs

REPORT_VERSION = 1
EXAMPLES = 3
MASK = "[masked]"
SIDES = ("base", "head")
RUNTIME = Path(__file__).resolve().parents[1]
CACHE_ENTRIES = 2  # the base runs kept: enough to go back and forth between two bases


def _hash_files(digest, folder: Path):
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(f"{path.relative_to(folder)}\0".encode())
        digest.update(path.read_bytes())


def base_cache_key(plan, base, jobs):
    """What the base side's run depends on: its manifest and the scripts it runs, the landing data (the files, or the
    generator with its seed and scale) and the local runtime that runs them."""
    digest = hashlib.sha256()
    landing_dir = plan.get("landing")
    identity = {"stack": plan["stack"], "jobs": [job.name for job in jobs], "landing": bool(landing_dir)}
    if not landing_dir:
        identity.update(seed=plan.get("seed", 42), scale=plan.get("scale", 1.0))
    digest.update(json.dumps(identity, sort_keys=True).encode())
    digest.update((base.directory / "pipeline.json").read_bytes())
    for job in jobs:
        digest.update(job.script.read_bytes())
    if landing_dir:
        _hash_files(digest, Path(landing_dir))
    elif base.synthetic and (RUNTIME.parent / base.synthetic).is_file():
        digest.update((RUNTIME.parent / base.synthetic).read_bytes())
    for package in ("awsglue", "awsgluedq", "lakehouse"):
        _hash_files(digest, RUNTIME / package)
    return digest.hexdigest()[:24]


def _linked_copy(source: Path, target: Path):
    """Spark writes new files and never rewrites one, so a hard link is as good as a copy and costs nothing."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=os.link)


def save_base(cache: Path, key: str, bucket_dir: Path, runs: dict):
    """Keeps the base lake and what its jobs reported under `cache`/`key`; the oldest entries past CACHE_ENTRIES go."""
    staging = cache / f".{key}.partial"
    _linked_copy(bucket_dir, staging / "bucket")
    (staging / "runs.json").write_text(json.dumps(runs))
    shutil.rmtree(cache / key, ignore_errors=True)
    os.replace(staging, cache / key)  # a half-written entry is never read
    entries = sorted((p for p in cache.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
    for old in entries[:-CACHE_ENTRIES]:
        shutil.rmtree(old, ignore_errors=True)


def affected_jobs(base, head, changed):
    """(base jobs, head jobs, shared jobs): the changed jobs and everything downstream of them on each side, and the
    unchanged jobs upstream whose tables those read, in lineage order."""
    base_names = {job.name for job in base.jobs}
    head_names = {job.name for job in head.jobs}
    affected = selection.downstream(base, [n for n in changed if n in base_names])
    affected |= selection.downstream(head, [n for n in changed if n in head_names])
    # A job downstream on one side only is still compared on both.
    affected = selection.downstream(base, sorted(affected & base_names)) | selection.downstream(
        head, sorted(affected & head_names)
    )
    producers = selection.producers(base)
    needed, frontier = set(), [t for job in base.jobs if job.name in affected for t in job.reads]
    frontier += [t for job in head.jobs if job.name in affected for t in job.reads]
    while frontier:
        producer = producers.get(frontier.pop())
        if producer is not None and producer.name not in affected and producer.name not in needed:
            needed.add(producer.name)
            frontier += list(producer.reads)
    return (
        [job for job in base.jobs if job.name in affected],
        [job for job in head.jobs if job.name in affected],
        [job for job in base.jobs if job.name in needed],
    )


def share_outputs(local_s3, base_root, head_root, manifest, jobs):
    """Hard-links what the shared jobs wrote (tables, rejected lines, quarantines) from the base lake to the head."""
    prefixes = [t.prefix for t in manifest.tables if t.producer in {job.name for job in jobs}]
    for job in jobs:
        prefixes += [r.prefix for r in job.rejected] + [c.quarantine for c in job.quality if c.quarantine]
    for prefix in prefixes:
        source = local_s3.local_path(f"{base_root}/{prefix}")
        if source.is_dir():
            _linked_copy(source, local_s3.local_path(f"{head_root}/{prefix}"))


def read_table(spark, local_s3, table, lake_root):
    """The table's rows as its sink left them, or None when nothing was written (its job failed or did not run)."""
    location = f"{lake_root}/{table.prefix}"
    if not landing.data_files(local_s3.local_path(location)):
        return None
    return spark.read.schema(declared_schema(table)).format(table.format).load(location)


def _columns(table):
    return {c.name: c for c in (*table.columns, *table.partition_keys)} if table else {}


def schema_changes(before, after):
    old, new = _columns(before), _columns(after)
    pii = lambda column: "pii" in column.tags  # noqa: E731 - a one-line predicate
    return {
        "added": [{"name": n, "type": c.type, "pii": pii(c)} for n, c in new.items() if n not in old],
        "removed": [{"name": n, "type": c.type, "pii": pii(c)} for n, c in old.items() if n not in new],
        "retyped": [
            {"name": n, "before": old[n].type, "after": c.type}
            for n, c in new.items()
            if n in old and old[n].type != c.type
        ],
        "piiChanged": [
            {"name": n, "before": pii(old[n]), "after": pii(c)}
            for n, c in new.items()
            if n in old and pii(old[n]) != pii(c)
        ],
    }


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def _shown(F, name, pii, prefix=None):
    """A column as an example shows it: a PII column's value is replaced in Spark, so it never reaches the driver."""
    column = F.col(f"{prefix}.`{name}`" if prefix else f"`{name}`")
    return (F.when(column.isNull(), F.lit(None)).otherwise(F.lit(MASK)) if pii else column).alias(name)


def keyed_diff(F, base, head, keys, compared, pii):
    """Rows added, removed and changed, matched on `keys`; per compared column, the rows whose value changed."""
    b = base.select(*[F.col(f"`{c}`") for c in compared]).withColumn("__base", F.lit(True))
    h = head.select(*[F.col(f"`{c}`") for c in compared]).withColumn("__head", F.lit(True))
    on = [F.col(f"b.`{k}`").eqNullSafe(F.col(f"h.`{k}`")) for k in keys]
    values = [c for c in compared if c not in keys]
    differs = {c: ~F.col(f"b.`{c}`").eqNullSafe(F.col(f"h.`{c}`")) for c in values}
    any_differs = F.lit(False)
    for flag in differs.values():
        any_differs = any_differs | flag
    kind = (
        F.when(F.col("h.__head").isNull(), "removed")
        .when(F.col("b.__base").isNull(), "added")
        .when(any_differs, "changed")
        .otherwise("same")
    )
    # The joined frame has each column twice; the examples select them by side ("b." or "h.").
    joined = b.alias("b").join(h.alias("h"), on, "full_outer").withColumn("__kind", kind)
    for c, flag in differs.items():
        joined = joined.withColumn(f"__d_{c}", flag)
    joined = joined.persist()
    try:
        sums = [F.sum(F.when(F.col("__kind") == k, 1).otherwise(0)).alias(k) for k in ("added", "removed", "changed")]
        sums += [
            F.sum(F.when(F.col("__kind") == "changed", F.col(f"__d_{c}").cast("int"))).alias(f"__d_{c}") for c in values
        ]
        row = joined.agg(*sums).collect()[0]
        order = [F.coalesce(F.col(f"b.`{k}`"), F.col(f"h.`{k}`")) for k in keys]
        examples = {}
        for side_kind, side in (("added", "h"), ("removed", "b")):
            rows = (
                joined.filter(F.col("__kind") == side_kind)
                .orderBy(*order)
                .select(*[_shown(F, c, c in pii, side) for c in compared])
                .limit(EXAMPLES)
                .collect()
            )
            examples[side_kind] = [_jsonable(r.asDict(recursive=True)) for r in rows]
        changed_rows = (
            joined.filter(F.col("__kind") == "changed")
            .orderBy(*order)
            .select(
                *[_shown(F, k, k in pii, "b").alias(f"k_{k}") for k in keys],
                *[_shown(F, c, c in pii, "b").alias(f"b_{c}") for c in values],
                *[_shown(F, c, c in pii, "h").alias(f"h_{c}") for c in values],
                *[F.col(f"__d_{c}") for c in values],
            )
            .limit(EXAMPLES)
            .collect()
        )
        examples["changed"] = [
            {
                "key": _jsonable({k: r[f"k_{k}"] for k in keys}),
                "changes": _jsonable({c: [r[f"b_{c}"], r[f"h_{c}"]] for c in values if r[f"__d_{c}"]}),
            }
            for r in changed_rows
        ]
    finally:
        joined.unpersist()
    return {
        "method": "key",
        "added": row["added"] or 0,
        "removed": row["removed"] or 0,
        "changed": row["changed"] or 0,
        "changedColumns": {c: row[f"__d_{c}"] for c in values if row[f"__d_{c}"]},
    }, examples


def hashed_diff(F, base, head, compared, pii):
    """Without a key: the rows of each side as a multiset of row hashes; a row in only one side is added or removed."""

    def hashed(frame):
        value = F.to_json(F.struct(*[F.col(f"`{c}`") for c in compared]))
        return frame.select(F.sha2(value, 256).alias("__hash"), *[F.col(f"`{c}`") for c in compared])

    b, h = hashed(base), hashed(head)
    counts = (
        b.groupBy("__hash")
        .count()
        .withColumnRenamed("count", "nb")
        .join(h.groupBy("__hash").count().withColumnRenamed("count", "nh"), "__hash", "full_outer")
        .select("__hash", F.coalesce("nb", F.lit(0)).alias("nb"), F.coalesce("nh", F.lit(0)).alias("nh"))
        .persist()
    )
    try:
        row = counts.agg(
            F.sum(F.greatest(F.col("nh") - F.col("nb"), F.lit(0))).alias("added"),
            F.sum(F.greatest(F.col("nb") - F.col("nh"), F.lit(0))).alias("removed"),
        ).collect()[0]
        examples = {}
        for kind, side, more in (("added", h, F.col("nh") > F.col("nb")), ("removed", b, F.col("nb") > F.col("nh"))):
            rows = (
                side.join(counts.filter(more).select("__hash"), "__hash")
                .dropDuplicates(["__hash"])
                .orderBy("__hash")
                .select(*[_shown(F, c, c in pii) for c in compared])
                .limit(EXAMPLES)
                .collect()
            )
            examples[kind] = [_jsonable(r.asDict(recursive=True)) for r in rows]
    finally:
        counts.unpersist()
    return {"method": "rowHash", "added": row["added"] or 0, "removed": row["removed"] or 0}, examples


def duplicate_keys(F, frame, keys):
    return frame.groupBy(*[F.col(f"`{k}`") for k in keys]).count().filter(F.col("count") > 1).limit(1).count() > 0


def table_diff(spark, local_s3, name, sides, keys):
    """The diff of one table written by an affected job: schema, counts, rows, examples."""
    from pyspark.sql import functions as F

    before, after = (sides[s]["manifest_tables"].get(name) for s in SIDES)
    entry = {"name": name, "schema": schema_changes(before, after)}
    frames = {}
    for s, table in zip(SIDES, (before, after), strict=True):
        frame = read_table(spark, local_s3, table, sides[s]["lake_root"]) if table else None
        frames[s] = frame.persist() if frame is not None else None  # read by the count and by the diff
    try:
        entry["rows"] = {s: frame.count() if (frame := frames[s]) is not None else None for s in SIDES}
        if before is None or after is None:
            entry["status"] = "added" if before is None else "removed"
            return entry
        if frames["base"] is None or frames["head"] is None:
            entry["status"] = "not compared"
            entry["note"] = "its job did not succeed on " + " and ".join(s for s in SIDES if frames[s] is None)
            return entry
        old, new = _columns(before), _columns(after)
        pii = {n for n, c in (*old.items(), *new.items()) if "pii" in c.tags}
        compared = [n for n in old if n in new]
        base, head = frames["base"], frames["head"]
        for c in compared:
            if old[c].type != new[c].type:  # a retyped column compares as text
                base, head = (
                    base.withColumn(c, F.col(f"`{c}`").cast("string")),
                    head.withColumn(c, F.col(f"`{c}`").cast("string")),
                )
        key = keys.get(name)
        usable = key and all(k in compared for k in key["columns"])
        if usable and (duplicate_keys(F, base, key["columns"]) or duplicate_keys(F, head, key["columns"])):
            entry["keyNote"] = f"key {', '.join(key['columns'])} is not unique in this table: rows compared by hash"
            usable = False
        elif key and not usable:
            entry["keyNote"] = f"key {', '.join(key['columns'])} is not a column of both sides: rows compared by hash"
        if usable:
            entry["key"] = {"columns": key["columns"], "source": key["source"]}
            entry["diff"], entry["examples"] = keyed_diff(F, base, head, key["columns"], compared, pii)
        else:
            entry["diff"], entry["examples"] = hashed_diff(F, base, head, compared, pii)
        entry["compared"] = compared
        entry["masked"] = sorted(pii & set(compared))
    finally:
        for frame in frames.values():
            if frame is not None:
                frame.unpersist()
    schema = entry["schema"]
    diff = entry["diff"]
    same = not any(schema.values()) and entry["rows"]["base"] == entry["rows"]["head"]
    same = same and not diff["added"] and not diff["removed"] and not diff.get("changed")
    entry["status"] = "unchanged" if same else "changed"
    return entry


def side_counts(local_s3, sides, table_name):
    """Rejected lines and quarantined rows of a table on each side."""
    counts = {}
    for s in SIDES:
        manifest, lake_root = sides[s]["manifest"], sides[s]["lake_root"]
        counts.setdefault("rejected", {})[s] = report.rejected_lines(local_s3, lake_root, manifest, table_name)[0]
        counts.setdefault("quarantined", {})[s] = quality_report.quarantined_rows(
            local_s3, lake_root, manifest, table_name
        )
    return {kind: values for kind, values in counts.items() if values["base"] != values["head"]}


def quality_changes(before, after):
    """Rule outcomes that differ: rules matched by job, node and text, then the unmatched ones of a node by position
    (a rule whose threshold changed)."""

    def grouped(entries):
        groups = {}
        for e in entries:
            groups.setdefault((e["job"], e["node"]), []).append(e)
        return groups

    old, new = grouped(before), grouped(after)
    changes = []
    for group in sorted(set(old) | set(new)):
        olds, news = list(old.get(group, [])), list(new.get(group, []))
        pairs = []
        for e in list(news):
            match = next((o for o in olds if o["rule"] == e["rule"]), None)
            if match is not None:
                olds.remove(match)
                news.remove(e)
                pairs.append((match, e))
        pairs += list(zip(olds, news, strict=False))
        pairs += [(o, None) for o in olds[len(news) :]] + [(None, e) for e in news[len(olds) :]]
        for o, e in pairs:
            view = lambda x: (x["outcome"], x["failedRows"]) if x else None  # noqa: E731 - one-line projection
            if view(o) == view(e) and o["rule"] == e["rule"]:
                continue
            changes.append(
                {
                    "job": group[0],
                    "node": group[1],
                    "table": (e or o)["table"],
                    "rule": {"base": o["rule"] if o else None, "head": e["rule"] if e else None},
                    "outcome": {"base": o["outcome"] if o else None, "head": e["outcome"] if e else None},
                    "failedRows": {"base": o["failedRows"] if o else None, "head": e["failedRows"] if e else None},
                }
            )
    return changes


def run(plan):
    started = time.monotonic()
    root = Path(plan["root"]).resolve()
    local_s3 = LocalS3(root)
    loaded = {s: manifests.load(manifests.find(Path(plan[s]["generated"]), plan["stack"])) for s in SIDES}
    for s in SIDES:
        if loaded[s].has_iceberg:
            raise InputError(
                f"Stack {plan['stack']} ({s}) has Iceberg tables: the data diff compares parquet and JSON tables only "
                "(an Iceberg table's local catalog is one per lakehouse). Diff a stack with parquet tables."
            )
    base_jobs, head_jobs, shared = affected_jobs(loaded["base"], loaded["head"], plan["changedJobs"])
    sides = {}
    for s in SIDES:
        bucket = f"{loaded[s].qualified_stack}-data-{s}"
        sides[s] = {
            "manifest": loaded[s],
            "manifest_tables": {t.name: t for t in loaded[s].tables},
            "bucket": bucket,
            "lake_root": f"s3://{bucket}",
        }
    args = SimpleNamespace(
        keep_landing=False,
        landing=Path(plan["landing"]) if plan.get("landing") else None,
        seed=plan.get("seed", 42),
        scale=plan.get("scale", 1.0),
    )
    cache = Path(plan["cache"]) if plan.get("cache") else None
    key = base_cache_key(plan, loaded["base"], [*shared, *base_jobs])
    cached = json.loads((cache / key / "runs.json").read_text()) if cache and (cache / key).is_dir() else None
    cached_landing = ""
    for s in SIDES:
        bucket_dir = local_s3.bucket_dir(sides[s]["bucket"])
        shutil.rmtree(bucket_dir, ignore_errors=True)
        if s == "base" and cached is not None and cache is not None:
            _linked_copy(cache / key / "bucket", bucket_dir)
            print(f"base: {len(shared) + len(base_jobs)} job(s) from the cache of an earlier diff ({key})")
        else:
            cached_landing = prepare_landing(args, loaded[s], root, bucket_dir)
    landing_description = cached["landing"] if cached is not None else cached_landing
    # Both sides run on the same landing data, always staged on the head side: short or not as `npm start` would be.
    spark, startup_seconds = spark_session.build(
        root,
        [sides[s]["bucket"] for s in SIDES],
        data_quality=any(loaded[s].has_quality for s in SIDES),
        short_run=is_short_run(loaded["head"], local_s3.bucket_dir(sides["head"]["bucket"])),
    )
    results, quality = {}, {"base": [], "head": []}
    try:
        catalog.register_tables(spark, loaded["base"], sides["base"]["lake_root"])
        if cached is not None:
            shared_results, results["base"], quality["base"], failure = [], [], cached["quality"], None
        else:
            shared_results, _, failure = run_jobs(loaded["base"], shared, sides["base"]["lake_root"])
        if failure is not None:
            raise InputError(
                f"Job {failure[0].name}, which the changed jobs read from and which did not change, failed on this "
                f"landing data at node {failure[1].node!r}: {failure[1].headline}. Run `npm start` to see it whole."
            )
        share_outputs(local_s3, sides["base"]["lake_root"], sides["head"]["lake_root"], loaded["base"], shared)
        for s, jobs in (("base", base_jobs), ("head", head_jobs)):
            if s == "base" and cached is not None:
                continue
            catalog.register_tables(spark, loaded[s], sides[s]["lake_root"])
            print(f"{s}: {len(jobs)} job(s)")
            results[s], _, _ = run_jobs(loaded[s], jobs, sides[s]["lake_root"], quality[s])
            if s == "base" and cache is not None:
                runs = {"landing": landing_description, "quality": quality["base"]}
                save_base(cache, key, local_s3.bucket_dir(sides["base"]["bucket"]), runs)
        diffed = [t.name for t in loaded["head"].tables if t.producer in {j.name for j in head_jobs}]
        diffed += [
            t.name for t in loaded["base"].tables if t.producer in {j.name for j in base_jobs} and t.name not in diffed
        ]
        keys = plan.get("keys", {})
        tables = []
        for name in diffed:
            entry = table_diff(spark, local_s3, name, sides, keys)
            entry.update(side_counts(local_s3, sides, name))
            if entry["status"] == "unchanged" and ("rejected" in entry or "quarantined" in entry):
                entry["status"] = "changed"
            tables.append(entry)
        read = {t for job in (*base_jobs, *head_jobs) for t in job.reads if t not in diffed}
        for name in sorted(read):
            counts = side_counts(local_s3, sides, name)
            if counts:
                tables.append({"name": name, "status": "changed", "rowsNotRecomputed": True, **counts})
    finally:
        spark.stop()
    compared = {t["name"] for t in tables}
    return {
        "version": REPORT_VERSION,
        "stack": plan["stack"],
        "landing": landing_description,
        "baseCached": cached is not None,
        "jobs": {
            "changed": sorted(plan["changedJobs"]),
            "rerun": sorted({j.name for j in (*base_jobs, *head_jobs)}),
            "shared": [j.name for j in shared],
            "results": {"shared": shared_results, **results},
        },
        "tables": tables,
        "notRerun": [t.name for t in loaded["head"].tables if t.name not in compared and not t.is_landing],
        "quality": quality_changes(quality["base"], quality["head"]),
        "sparkStartupSeconds": round(startup_seconds, 2),
        "totalSeconds": round(time.monotonic() - started, 2),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lakehouse.data_diff", description="npm run diff's Spark side.")
    parser.add_argument("--plan", type=Path, required=True, help="the plan src/cli/diff.ts writes (JSON)")
    parser.add_argument("--output", type=Path, required=True, help="where to write the report (JSON)")
    options = parser.parse_args(argv)
    line_buffered_stdout()
    try:
        result = run(json.loads(options.plan.read_text()))
    except (manifests.ManifestError, InputError, selection.SelectionError) as error:
        print(f"Cannot diff: {error}", file=sys.stderr)
        return 2
    options.output.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
