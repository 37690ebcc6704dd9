"""EvaluateDataQuality with Glue's Python signature, evaluated by Deequ's DQDL engine.

`process_rows` returns what Glue's returns: a DynamicFrameCollection with `ruleOutcomes` (Rule,
Outcome, FailureReason, EvaluatedMetrics, ...) and `rowLevelOutcomes` (the input columns plus
DataQualityRulesPass, DataQualityRulesFail, DataQualityRulesSkip and DataQualityEvaluationResult).
On Spark 3.5 (Glue 5.0, 5.1) those frames come straight from `com.amazon.deequ.dqdl.EvaluateDataQuality.processRows`;
on Spark 4 (Glue 6.0), where no Deequ build runs, from awsgluedq/native.py, which evaluates the same rules with
Spark's own functions into frames of the same shape.
"""

from typing import Any

from awsglue._unsupported import unsupported
from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection
from awsglue.transforms.transform import GlueTransform
from py4j.java_gateway import JavaClass
from py4j.protocol import Py4JJavaError
from pyspark.errors.exceptions.captured import CapturedException
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from awsgluedq import engine, native, results

RULE_OUTCOMES = "ruleOutcomes"
ROW_LEVEL_OUTCOMES = "rowLevelOutcomes"
ORIGINAL_DATA = "originalData"

# Glue's documented publishing options; the local runtime publishes to the local runner instead
# of the Glue Data Quality service and CloudWatch, and writes no results to S3.
PUBLISHING_OPTIONS = {
    "dataQualityEvaluationContext",
    "enableDataQualityCloudWatchMetrics",
    "enableDataQualityResultsPublishing",
}
# additional_options keys that do not change outcomes, so the local engine can accept them.
NEUTRAL_ADDITIONAL_OPTIONS = {
    "performanceTuning.caching",
    "observations.scope",
    "dataQualityResultsPublishing.strategy",
}
# Glue caches the evaluated frame unless told CACHE_NOTHING: the rules, the row-level outcomes and the
# script's write then read it once instead of recomputing it (a join, a parse) each time.
CACHING_MODES = {"CACHE_INPUT", "CACHE_NOTHING"}


class DataQualityRulesetError(ValueError):
    """The engine refused the ruleset (DQDL syntax or an unknown rule type)."""


class EvaluateDataQuality(GlueTransform):
    DATA_QUALITY_RULE_OUTCOMES_KEY = RULE_OUTCOMES

    def __call__(self, frame, ruleset, publishing_options={}, additional_options={}):
        """`EvaluateDataQuality.apply(...)`: the rule outcomes only."""
        return self.process_rows(frame, ruleset, publishing_options, additional_options)[RULE_OUTCOMES]

    def process_rows(self, frame, ruleset, publishing_options={}, additional_options={}, additional_data_sources={}):
        caching = _checked_caching(publishing_options, additional_options)
        context = publishing_options.get("dataQualityEvaluationContext", "default_context")
        dataframe = frame.toDF()
        if caching == "CACHE_INPUT":
            dataframe.persist()  # the same plan as the returned originalData, so the sink reads the cache too
        spark = dataframe.sparkSession
        sources = {alias: source.toDF() for alias, source in additional_data_sources.items()}
        # Deequ 2.1.0 registers these views only for row-level CustomSql; Glue's dataset-level
        # CustomSql reads `primary` and the additional sources by alias too.
        for alias, source in {**sources, "primary": dataframe}.items():
            source.createOrReplaceTempView(alias)
        rule_outcomes, row_level = _process_rows(spark, dataframe, ruleset, sources, context)
        # Read several times (publishing, then the script's filters and writes): computed once.
        # The runner clears the cache when the job ends.
        row_level = row_level.persist()
        if publishing_options.get("enableDataQualityResultsPublishing", True):
            results.publish(_summarise(context, ruleset, rule_outcomes, row_level))
        glue_ctx = frame.glue_ctx
        return DynamicFrameCollection(
            {
                RULE_OUTCOMES: DynamicFrame.fromDF(rule_outcomes, glue_ctx, RULE_OUTCOMES),
                ROW_LEVEL_OUTCOMES: DynamicFrame.fromDF(row_level, glue_ctx, ROW_LEVEL_OUTCOMES),
                ORIGINAL_DATA: frame,
            },
            glue_ctx,
        )


def _checked_caching(publishing_options, additional_options):
    """Refuses options the local engine cannot honour; returns the caching mode (Glue's default CACHE_INPUT)."""
    unknown = sorted(set(publishing_options) - PUBLISHING_OPTIONS)
    if unknown:
        raise unsupported(f"EvaluateDataQuality publishing_options {unknown}")
    unknown = sorted(set(additional_options) - NEUTRAL_ADDITIONAL_OPTIONS)
    if unknown:
        raise unsupported(f"EvaluateDataQuality additional_options {unknown}")
    caching = additional_options.get("performanceTuning.caching", "CACHE_INPUT")
    if caching not in CACHING_MODES:
        raise ValueError(
            f"EvaluateDataQuality additional_options performanceTuning.caching is {caching!r}; "
            f"Glue accepts {sorted(CACHING_MODES)}."
        )
    return caching


def _engine(spark) -> Any:
    """The engine's JVM class. Any: py4j resolves a Java class's members when they are called, so they have no
    Python types."""
    evaluate = getattr(spark._jvm, engine.ENGINE_CLASS)
    if not isinstance(evaluate, JavaClass):
        raise RuntimeError(
            f"The data-quality engine ({engine.ENGINE_CLASS}, Maven {engine.DEEQU}) is not on this Spark "
            "session's classpath. The local runner adds it to scripts that import awsgluedq; when building "
            "a session yourself, pass awsgluedq.engine.spark_conf() to it."
        )
    return evaluate


def _raised_by_spark_job(error) -> bool:
    """Did Spark fail while computing the rows (a data error upstream), rather than the engine refuse the rules?"""
    throwable = getattr(error, "_origin", None) or getattr(error, "java_exception", None)
    seen = 0
    while throwable is not None and seen < 20:
        if str(throwable.getClass().getName()).startswith("org.apache.spark."):
            return True
        throwable, seen = throwable.getCause(), seen + 1
    return False


def _process_rows(spark, dataframe, ruleset, sources, context):
    """(ruleOutcomes, rowLevelOutcomes) as DataFrames, from this Spark's engine."""
    if engine.uses_native():
        try:
            return native.process_rows(dataframe, ruleset, sources)
        except native.RulesetError as error:
            raise DataQualityRulesetError(
                f"Data quality ruleset {context!r} was refused by the {engine.NATIVE_ENGINE}: {error}"
            ) from None
    try:
        outcomes = _engine(spark).processRows(dataframe._jdf, ruleset, engine.scala_map(spark, sources))
        return DataFrame(outcomes.apply(RULE_OUTCOMES), spark), DataFrame(outcomes.apply(ROW_LEVEL_OUTCOMES), spark)
    except (Py4JJavaError, CapturedException) as error:
        # The engine forces the plan of its input: an expression upstream that fails on a value fails here. That
        # is not the ruleset's fault; the error goes on as Spark raised it, for the runner to name its node.
        if _raised_by_spark_job(error):
            raise
        # pyspark turns the engine's IllegalArgumentException into its own class; py4j gives the rest.
        message = (
            getattr(error, "desc", None)
            if isinstance(error, CapturedException)
            else str(error.java_exception.getMessage())
        )
        raise DataQualityRulesetError(
            f"Data quality ruleset {context!r} was refused by the DQDL engine: {message}"
        ) from None


def _row_level_counts(row_level, rules):
    """(rows, {rule: rows that failed it}) in one Spark pass, for every rule with row-level outcomes
    (a dataset-level rule such as RowCount is in neither list of any row)."""
    if not rules:
        return row_level.count(), {}
    columns = [F.count(F.lit(1)).alias("rows")]
    for index, rule in enumerate(rules):
        failed = F.array_contains("DataQualityRulesFail", rule)
        columns.append(F.sum(failed.cast("long")).alias(f"failed{index}"))
        columns.append(F.max(failed | F.array_contains("DataQualityRulesPass", rule)).alias(f"rowLevel{index}"))
    totals = row_level.agg(*columns).first()
    failed_rows = {rule: totals[f"failed{index}"] for index, rule in enumerate(rules) if totals[f"rowLevel{index}"]}
    return totals["rows"], failed_rows


def _summarise(context, ruleset, rule_outcomes, row_level):
    outcomes = rule_outcomes.collect()
    rows, failed_rows = _row_level_counts(row_level, [row["Rule"] for row in outcomes])
    rules = [
        results.RuleResult(
            rule=row["Rule"],
            outcome=row["Outcome"],
            failure_reason=row["FailureReason"],
            metrics=dict(row["EvaluatedMetrics"] or {}),
            failed_rows=failed_rows.get(row["Rule"]),
        )
        for row in outcomes
    ]
    # Deequ returns the outcomes in no particular order; the ruleset's order is the one people read.
    rules.sort(key=lambda r: (ruleset.find(r.rule) if r.rule in ruleset else len(ruleset), r.rule))
    return results.PublishedResult(context=context, rows=rows, rules=rules)
