"""Local stand-in for AWS Glue's `awsgluedq` package (Glue Data Quality in ETL scripts).

Glue's package is closed, but the engine under it is open: Deequ's DQDL engine. The local
`EvaluateDataQuality` hands the ruleset to that engine through Spark's JVM and never evaluates a
rule in Python, so a rule means the same thing on a laptop as on Glue. See awsgluedq/engine.py for
where the jars come from and docs/script-contract.md for the calls a script may make.
"""
