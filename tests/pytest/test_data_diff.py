"""The data diff's parts (runtime/lakehouse/data_diff.py) on small inputs: which jobs run, the row comparisons on the
session's Spark, and the matching of data-quality outcomes."""

from pathlib import Path

from lakehouse import data_diff
from lakehouse.manifest import JobSpec, Manifest
from pyspark.sql import functions as F


def _manifest(jobs):
    specs = [JobSpec(name, Path(f"{name}.py"), tuple(reads), tuple(writes), ()) for name, reads, writes in jobs]
    return Manifest("p", "dev", "p-dev", {}, "p_dev", specs, [], Path("."))


def test_affected_jobs_are_the_changed_ones_and_downstream_and_the_unchanged_upstream_run_once():
    manifest = _manifest(
        [
            ("a", ["landing"], ["ta"]),
            ("d", ["landing"], ["td"]),
            ("b", ["ta"], ["tb"]),
            ("c", ["tb", "td"], ["tc"]),
            ("e", ["landing"], ["te"]),
        ]
    )
    base, head, shared = data_diff.affected_jobs(manifest, manifest, ["b"])
    assert [job.name for job in base] == ["b", "c"]
    assert [job.name for job in head] == ["b", "c"]
    assert [job.name for job in shared] == ["a", "d"]  # e feeds nothing affected: not run at all


def test_keyed_diff_counts_added_removed_changed_per_column_and_masks_pii_before_collecting(spark):
    columns = "k string, name string, n int"
    base = spark.createDataFrame([("k1", "ann", 1), ("k2", "bob", 2), (None, "nul", 3)], columns)
    head = spark.createDataFrame([("k1", "ann", 1), ("k2", "BOB", 2), ("k3", "cat", 4), (None, "nul", 3)], columns)
    diff, examples = data_diff.keyed_diff(F, base, head, ["k"], ["k", "name", "n"], {"name"})
    # The NULL key matches NULL (null-safe), so its row is the same, not added and removed.
    assert diff == {"method": "key", "added": 1, "removed": 0, "changed": 1, "changedColumns": {"name": 1}}
    assert examples["added"] == [{"k": "k3", "name": data_diff.MASK, "n": 4}]
    assert examples["changed"] == [{"key": {"k": "k2"}, "changes": {"name": [data_diff.MASK, data_diff.MASK]}}]


def test_hashed_diff_is_a_multiset_so_a_duplicated_row_counts(spark):
    base = spark.createDataFrame([("a", 1), ("a", 1), ("b", 2)], "s string, n int")
    head = spark.createDataFrame([("a", 1), ("b", 2), ("b", 2), ("c", None)], "s string, n int")
    diff, examples = data_diff.hashed_diff(F, base, head, ["s", "n"], set())
    assert diff == {"method": "rowHash", "added": 2, "removed": 1}
    assert sorted(examples["added"], key=str) == [{"s": "b", "n": 2}, {"s": "c", "n": None}]
    assert examples["removed"] == [{"s": "a", "n": 1}]


def test_duplicate_keys_are_found(spark):
    frame = spark.createDataFrame([("k1", 1), ("k1", 2)], "k string, n int")
    assert data_diff.duplicate_keys(F, frame, ["k"])
    assert not data_diff.duplicate_keys(F, frame, ["k", "n"])


def _outcome(rule, outcome, failed=None, node="Check"):
    return {"job": "j", "node": node, "table": "t", "rule": rule, "outcome": outcome, "failedRows": failed}


def test_quality_changes_match_rules_by_text_then_by_position_and_skip_the_unchanged():
    before = [_outcome("IsComplete a", "Passed"), _outcome("RowCount > 0", "Passed"), _outcome("IsUnique b", "Passed")]
    after = [_outcome("IsComplete a", "Failed", 3), _outcome("RowCount > 9", "Failed")]
    after.append(_outcome("IsUnique b", "Passed"))
    changes = data_diff.quality_changes(before, after)
    passed_failed = {"base": "Passed", "head": "Failed"}
    assert [(c["rule"], c["outcome"], c["failedRows"]) for c in changes] == [
        ({"base": "IsComplete a", "head": "IsComplete a"}, passed_failed, {"base": None, "head": 3}),
        ({"base": "RowCount > 0", "head": "RowCount > 9"}, passed_failed, {"base": None, "head": None}),
    ]
    assert data_diff.quality_changes(before, before) == []
    added = data_diff.quality_changes([], [_outcome("IsComplete a", "Passed", node="New")])
    assert [(c["node"], c["outcome"]) for c in added] == [("New", {"base": None, "head": "Passed"})]
