"""Local stand-in for AWS Glue's `awsglue` package, over plain PySpark DataFrames.

It implements exactly the calls listed in docs/script-contract.md, with the signatures of
awslabs/aws-glue-libs, so that generated scripts run unchanged on Glue and on local Spark.
Every other public name of the real package exists too, but raises NotImplementedError
naming the call: a script that needs it must not pass locally and then fail on Glue (or
the other way round) without anyone noticing.
"""

from awsglue.dynamicframe import DynamicFrame

__all__ = ["DynamicFrame"]
