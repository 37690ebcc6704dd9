"""Local stand-in for AWS Glue's `awsgluedq` package (Glue Data Quality in ETL scripts).

Glue's package is closed, but the engine under it is open: Deequ's DQDL engine. On Spark 3.5 (Glue 5.0, 5.1) the
local `EvaluateDataQuality` hands the ruleset to that engine through Spark's JVM and never evaluates a rule in
Python, so a rule means the same thing on a laptop as on Glue. On Spark 4 (Glue 6.0), for which no Deequ build is
published, awsgluedq/native.py evaluates the same rules with Spark's own functions, cross-checked against Deequ
(docs/decisions/data-quality-on-spark-4.md). See awsgluedq/engine.py for where the jars come from and
docs/script-contract.md for the calls a script may make.
"""
