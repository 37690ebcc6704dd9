"""Cross-check of the data-quality engines (tests/data-quality-engines.spec.ts): evaluates each case's ruleset over
the same hand-made frames with every engine this Spark has, and prints one JSON document.

    python dq_engines.py CASES.json [--ansi] [--starter DIR]

On Spark 3.5 (Glue 5.0's venv) both Deequ's DQDL engine and the Spark-native evaluator run, in one session; on
Spark 4.1 (Glue 6.0's), only the native one, with ANSI mode on when asked (Spark 4's default). Output:
{"spark", "ansi", "evaluators", "results": {engine: {case: {"outcomes", "rows", "failedRows"}}}}, each list sorted
so the engines' orders (Deequ's are a hash map's) do not matter.

With --starter (the STEDI starter data), a case of frame "stedi" evaluates its ruleset over machine_learning_curated's
input as the STEDI jobs build it (standard privacy: semi joins on consent, accelerometer data and serial number, then
the readings paired on time) with the Customer Keys reference; its rows are summarised by a digest, the sum of each
row's xxhash64 (its columns and its three sorted lists), which two engines' equal multisets of rows give alike."""

import json
import re
import sys
import tempfile
from pathlib import Path

from awsgluedq import engine, native
from awsgluedq.transforms.evaluate_data_quality import _row_level_counts
from lakehouse import spark_session
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

RESULT = native.RESULT
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


def stedi_frames(spark, starter: Path):
    """(machine_learning_curated's evaluated frame, {"customer_keys": ...}) from the starter data's landing files."""

    def landing(entity, columns):
        frame = spark.read.json(str(starter / entity / "landing"))
        return frame.select(*[F.col(name).cast(kind).alias(name.lower()) for name, kind in columns])

    customers = landing(
        "customer", [("email", "string"), ("serialNumber", "string"), ("shareWithResearchAsOfDate", "bigint")]
    )
    readings = landing("accelerometer", [("user", "string"), ("timestamp", "bigint"), *[(a, "double") for a in "xyz"]])
    steps = landing(
        "step_trainer", [("sensorReadingTime", "bigint"), ("serialNumber", "string"), ("distanceFromObject", "int")]
    )
    trusted = customers.filter(F.col("sharewithresearchasofdate").isNotNull())
    accelerometer = readings.join(trusted, readings.user == trusted.email, "left_semi")
    curated = trusted.join(accelerometer, trusted.email == accelerometer.user, "left_semi")
    step_trainer = steps.join(curated, "serialnumber", "left_semi")
    paired = step_trainer.join(accelerometer, step_trainer.sensorreadingtime == accelerometer.timestamp, "inner")
    keys = curated.select(
        F.coalesce(F.col("serialnumber"), F.lit("")).alias("customer_serialnumber"),
        F.coalesce(F.col("email"), F.lit("")).alias("customer_email"),
    )
    return paired, {"customer_keys": keys}


def digest(rule_outcomes, row_level):
    lists = [F.sort_array(F.col(c)) for c in native.ROW_LEVEL_COLUMNS[:3]]
    row = F.xxhash64(*[F.col(c) for c in row_level.columns if c not in native.ROW_LEVEL_COLUMNS], *lists, F.col(RESULT))
    totals = row_level.agg(
        F.sum(row.cast("decimal(38,0)")).alias("digest"),
        F.count(F.lit(1)).alias("rows"),
        F.sum(F.when(F.col(RESULT) == "Failed", 1).otherwise(0)).alias("failed"),
    ).first()
    summary = summarise(rule_outcomes, row_level, rows=False)
    return {**summary, "digest": str(totals["digest"]), "totalRows": totals["rows"], "failedResults": totals["failed"]}


def evaluate(spark, name, frame, ruleset, sources):
    if name == "deequ":
        outcomes = getattr(spark._jvm, engine.ENGINE_CLASS).processRows(
            frame._jdf, ruleset, engine.scala_map(spark, sources)
        )
        return DataFrame(outcomes.apply("ruleOutcomes"), spark), DataFrame(outcomes.apply("rowLevelOutcomes"), spark)
    return native.process_rows(frame, ruleset, sources)


def summarise(rule_outcomes, row_level, rows=True):
    outcomes = sorted(
        (
            [r.Rule, r.Outcome, r.FailureReason, dict(sorted((r.EvaluatedMetrics or {}).items()))]
            for r in rule_outcomes.collect()
        ),
        key=json.dumps,
    )
    _, failed = _row_level_counts(row_level, [o[0] for o in outcomes])
    # Deequ 2.1.0 leaves a nested rule's own outcome column (named by a random UUID) in the row-level frame, beside
    # the input's; the native engine does not, so the comparison is of the input's columns.
    columns = [c for c in row_level.columns if c not in native.ROW_LEVEL_COLUMNS and not UUID.match(c)]
    if not rows:
        return {"outcomes": outcomes, "failedRows": failed, "columns": columns}
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
    starter = Path(sys.argv[sys.argv.index("--starter") + 1]) if "--starter" in sys.argv else None
    for case in cases:
        if case["frame"] == "stedi":
            if starter is None:
                continue
            frame, case_sources = stedi_frames(spark, starter)
            frame = frame.persist()  # evaluated by each engine: read and joined once
            summary = digest
        else:
            frame, case_sources = spark.createDataFrame(FRAMES[case["frame"]], SCHEMA), sources
            summary = summarise
        # As the local EvaluateDataQuality does: dataset-level CustomSql reads `primary` and the sources by alias.
        for alias, source in {**case_sources, "primary": frame}.items():
            source.createOrReplaceTempView(alias)
        for name in engines:
            results[name][case["name"]] = summary(*evaluate(spark, name, frame, case["ruleset"], case_sources))
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
