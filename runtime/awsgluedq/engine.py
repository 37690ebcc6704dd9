"""Where the local data-quality engine comes from (Deequ's DQDL engine, from Maven Central), and how it is called.

AWS Glue Data Quality is built on Deequ, and Deequ ships the same DQDL engine as
`com.amazon.deequ.dqdl.EvaluateDataQuality`. Its jar reaches the local Spark session through
`spark.jars.packages` (Spark's own Ivy, cached under ~/.ivy2), so no jar is committed and a clean
clone downloads it once.

One wrinkle (docs/decisions/local-data-quality-engine.md): deequ 2.1.0-spark-3.5 declares the DQDL
parser `software.amazon.glue:dqdl:1.0.7`, which Maven Central does not serve; it serves 1.0.0,
which has every class and method the engine calls. So the packages exclude dqdl and the 1.0.0 jar
is put in the same Ivy cache with the Ivy that pyspark ships, then handed to Spark as `spark.jars`.
"""

import os
import subprocess
from importlib.metadata import version
from pathlib import Path

DEEQU = "com.amazon.deequ:deequ:2.1.0-spark-3.5"
DQDL = ("software.amazon.glue", "dqdl", "1.0.0")

# The class the local runtime calls; present only when the session was built with spark_conf().
ENGINE_CLASS = "com.amazon.deequ.dqdl.EvaluateDataQuality"


class EngineUnavailable(RuntimeError):
    """The DQDL engine's jars could not be resolved (offline first run, no Java): say how to fix it."""


def ivy_home() -> Path:
    # Spark's default for spark.jars.ivy, so both resolutions share one cache.
    return Path(os.environ.get("LAKEHOUSE_IVY_HOME", Path.home() / ".ivy2"))


def _ivy_jar() -> Path:
    import pyspark

    jars = sorted((Path(pyspark.__file__).parent / "jars").glob("ivy-*.jar"))
    if not jars:
        raise EngineUnavailable(
            "pyspark ships no Ivy jar (pyspark/jars/ivy-*.jar); reinstall runtime/requirements.txt."
        )
    return jars[-1]


def dqdl_jar(log=print) -> Path:
    """The DQDL parser jar in the Ivy cache, downloaded from Maven Central on first use."""
    organisation, module, revision = DQDL
    cache = ivy_home() / "cache"
    jar = cache / organisation / module / "jars" / f"{module}-{revision}.jar"
    if jar.is_file():
        return jar
    log(f"Fetching the DQDL parser {organisation}:{module}:{revision} from Maven Central (once; cached in {cache}) …")
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    # Not transitive: its dependencies (ANTLR runtime, Jackson) are already on Spark's classpath.
    command = [
        java,
        "-jar",
        str(_ivy_jar()),
        "-cache",
        str(cache),
        "-dependency",
        organisation,
        module,
        revision,
        "-confs",
        "default",
        "-notransitive",
        "-warn",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not jar.is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise EngineUnavailable(
            f"Could not download {organisation}:{module}:{revision} from Maven Central "
            f"({' / '.join(detail) or 'no output'}). "
            "The data-quality engine needs it once; run again with network access to Maven Central."
        )
    return jar


# What evaluates the rules on Spark 4, where Deequ cannot run (docs/decisions/data-quality-on-spark-4.md).
NATIVE_ENGINE = "Spark-native DQDL evaluator"


def uses_native() -> bool:
    """Whether this environment's Spark is 4 or later: Deequ 2.1.0's Scala 2.12 classes fail on its Scala 2.13, and
    Maven Central has no Deequ build for it, so awsgluedq/native.py evaluates the rules there."""
    return int(version("pyspark").split(".")[0]) >= 4


def name() -> str:
    """The engine, as the start-up line names it."""
    return NATIVE_ENGINE if uses_native() else f"Deequ {DEEQU.rsplit(':', 1)[-1]}"


def spark_conf(log=print) -> dict:
    """Spark settings that put Deequ's DQDL engine on the session's classpath; none on Spark 4 (native engine)."""
    if uses_native():
        return {}
    return {
        "spark.jars.packages": DEEQU,
        "spark.jars.excludes": ":".join(DQDL[:2]),
        "spark.jars": str(dqdl_jar(log)),
        "spark.jars.ivy": str(ivy_home()),
    }


def scala_map(spark, frames):
    """{alias: DataFrame} as the immutable Scala Map of Java DataFrames that processRows takes."""
    immutable_map = getattr(getattr(spark._jvm.scala.collection.immutable, "Map$"), "MODULE$").empty()
    for alias, dataframe in frames.items():
        immutable_map = immutable_map.updated(alias, dataframe._jdf)
    return immutable_map


WARM_UP_RULESET = 'Rules = [ RowCount > 0, IsComplete "id", ColumnValues "id" between -1 and 1 ]'


def warm_up(spark):
    """On Spark 4, nothing to load (the native engine is Python and Spark's own functions). Otherwise evaluates a
    small ruleset on a one-row frame and drops the outcome. The first evaluation in a
    JVM spends ~2 s loading Deequ, the DQDL parser and their Scala code; a runner that knows rules
    are coming overlaps that with its own start-up (catalog set-up) instead of the first job."""
    if uses_native():
        return
    outcomes = getattr(spark._jvm, ENGINE_CLASS).processRows(spark.range(1)._jdf, WARM_UP_RULESET, scala_map(spark, {}))
    outcomes.apply("rowLevelOutcomes").count()
