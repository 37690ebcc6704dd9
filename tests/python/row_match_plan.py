"""Test helper (served by spark_service.py): evaluates row-level rulesets with Deequ's DQDL engine, as the local
EvaluateDataQuality does, and returns for each the join operators of the row-level outcomes' physical plan and the
rows that failed.

Input: {"rulesets": [dqdl, ...]}. The evaluated data has nullable columns, as every table read has; the reference
`customer_keys` is built as machine_learning_curated's "Customer Keys" nodes build it (F.coalesce(..., F.lit("")),
then a select), so its columns are non-nullable as they are in the job."""

from awsgluedq import engine
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

JOINS = ["BroadcastHashJoin", "ShuffledHashJoin", "SortMergeJoin", "BroadcastNestedLoopJoin", "CartesianProduct"]


def serve(spark, request):
    # Two customers; readings of the same millisecond paired across them fail, as in the starter data.
    customers = spark.createDataFrame(
        [("s1", "a@x.com", "A"), ("s2", "b@x.com", "B")], "serialnumber string, email string, customername string"
    )
    primary = spark.createDataFrame(
        [
            (1, "s1", 5, "a@x.com", 1, 0.1),
            (1, "s2", 6, "a@x.com", 1, 0.1),  # b's step trainer, a's phone: another customer
            (2, "s2", 7, "b@x.com", 2, 0.2),
            (3, None, 8, "b@x.com", 3, 0.3),  # no serial number: never the same customer
        ],
        "sensorreadingtime bigint, serialnumber string, distancefromobject int, user string, timestamp bigint, "
        "x double",
    )
    customer_keys = customers.withColumn("customer_serialnumber", F.coalesce(F.col("serialnumber"), F.lit("")))
    customer_keys = customer_keys.withColumn("customer_email", F.coalesce(F.col("email"), F.lit("")))
    customer_keys = customer_keys.select(F.col("customer_serialnumber"), F.col("customer_email"))
    sources = {"customer_keys": customer_keys, "customer_curated": customers}
    results = []
    for ruleset in request["rulesets"]:
        outcomes = getattr(spark._jvm, engine.ENGINE_CLASS).processRows(
            primary._jdf, ruleset, engine.scala_map(spark, sources)
        )
        rows = DataFrame(outcomes.apply("rowLevelOutcomes"), spark)
        plan = rows._jdf.queryExecution().executedPlan().toString()
        failed = rows.filter(F.col("DataQualityEvaluationResult") == "Failed")
        results.append(
            {
                "joins": [name for name in JOINS if name in plan],
                "failed": sorted(
                    [r.sensorreadingtime, r.serialnumber]
                    for r in failed.select("sensorreadingtime", "serialnumber").collect()
                ),
            }
        )
    return results
