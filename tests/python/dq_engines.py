"""Cross-check of the data-quality engines (tests/data-quality-engines.spec.ts): evaluates each case's ruleset over
the same hand-made frames with every engine this Spark has, and prints one JSON document.

    python dq_engines.py CASES.json [--ansi]

On Spark 3.5 (Glue 5.0's venv) both Deequ's DQDL engine and the Spark-native evaluator run, in one session; on
Spark 4.1 (Glue 6.0's), only the native one, with ANSI mode on when asked (Spark 4's default). Output:
{"spark", "ansi", "evaluators", "results": {engine: {case: {"outcomes", "rows", "failedRows"}}}}, each list sorted
so the engines' orders (Deequ's are a hash map's) do not matter."""

import json
import re
import sys
import tempfile
from pathlib import Path

from awsgluedq import engine, native
from awsgluedq.transforms.evaluate_data_quality import _row_level_counts
from lakehouse import spark_session
from pyspark.sql import DataFrame

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SCHEMA = "id bigint, email string, serial string, value double, txt string, n int, user string"
FRAMES = {
    # NULLs, a repeated id and serial, values outside every range, text that is and is not each type.
    "mixed": [
        (1, "a@x.com", "s1", 1.5, "10", 1, "a@x.com"),
        (2, None, "s1", -2.0, "x", 2, "a@x.com"),
        (3, "c@x.com", "s3", None, "3.5", None, "b@x.com"),
        (3, "c@x.com", None, 4.0, None, 4, "b@x.com"),
        (5, "e@x.com", "s2", 3.0, "2020-01-02", 5, "b@x.com"),
        (6, "f@y.org", "s2", 2.5, "true", 6, None),
    ],
    # Every rule passes or measures a whole share.
    "clean": [
        (1, "a@x.com", "s1", 1.5, "1", 1, "a@x.com"),
        (2, "b@x.com", "s2", 2.0, "2", 2, "b@x.com"),
        (3, "c@x.com", "s3", 2.5, "3", 3, "b@x.com"),
    ],
    "empty": [],
}
REFERENCES = {
    "customers": ([("a@x.com", "s1"), ("c@x.com", None), ("b@x.com", "s2")], "email string, serialnumber string"),
    # As machine_learning_curated's Customer Keys build it: renamed, non-NULL.
    "customer_keys": (
        [("s1", "a@x.com"), ("s2", "b@x.com"), ("s3", "")],
        "customer_serialnumber string, customer_email string",
    ),
}


def evaluate(spark, name, frame, ruleset, sources):
    if name == "deequ":
        outcomes = getattr(spark._jvm, engine.ENGINE_CLASS).processRows(
            frame._jdf, ruleset, engine.scala_map(spark, sources)
        )
        return DataFrame(outcomes.apply("ruleOutcomes"), spark), DataFrame(outcomes.apply("rowLevelOutcomes"), spark)
    return native.process_rows(frame, ruleset, sources)


def summarise(rule_outcomes, row_level):
    outcomes = sorted(
        (
            [r.Rule, r.Outcome, r.FailureReason, dict(sorted((r.EvaluatedMetrics or {}).items()))]
            for r in rule_outcomes.collect()
        ),
        key=json.dumps,
    )
    _, failed = _row_level_counts(row_level, [o[0] for o in outcomes])
    rows = sorted(
        (
            [
                r.id,
                r.serial,
                sorted(r.DataQualityRulesPass),
                sorted(r.DataQualityRulesFail),
                sorted(x for x in r.DataQualityRulesSkip if x is not None),
                r.DataQualityEvaluationResult,
            ]
            for r in row_level.select("id", "serial", *native.ROW_LEVEL_COLUMNS).collect()
        ),
        key=json.dumps,
    )
    # Deequ 2.1.0 leaves a nested rule's own outcome column (named by a random UUID) in the row-level frame, beside
    # the input's; the native engine does not, so the comparison is of the input's columns.
    columns = [c for c in row_level.columns if c not in native.ROW_LEVEL_COLUMNS and not UUID.match(c)]
    return {"outcomes": outcomes, "rows": rows, "failedRows": failed, "columns": columns}


def main():
    cases = json.loads(Path(sys.argv[1]).read_text())
    ansi = "--ansi" in sys.argv
    root = Path(tempfile.mkdtemp(prefix="dq-engines-"))
    spark, _ = spark_session.build(
        root,
        ["dq-engines"],
        extra_conf={"spark.sql.ansi.enabled": str(ansi).lower()},
        data_quality=True,
        short_run=True,
    )
    engines = ["native"] if engine.uses_native() else ["deequ", "native"]
    sources = {alias: spark.createDataFrame(rows, schema) for alias, (rows, schema) in REFERENCES.items()}
    results = {name: {} for name in engines}
    for case in cases:
        frame = spark.createDataFrame(FRAMES[case["frame"]], SCHEMA)
        # As the local EvaluateDataQuality does: dataset-level CustomSql reads `primary` and the sources by alias.
        for alias, source in {**sources, "primary": frame}.items():
            source.createOrReplaceTempView(alias)
        for name in engines:
            results[name][case["name"]] = summarise(*evaluate(spark, name, frame, case["ruleset"], sources))
    print(
        json.dumps(
            {
                "spark": spark.version,
                "ansi": spark.conf.get("spark.sql.ansi.enabled"),
                "evaluators": sorted(native.EVALUATORS),
                "results": results,
            }
        )
    )
    spark.stop()


if __name__ == "__main__":
    main()
