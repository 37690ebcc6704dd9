"""The local runtime of each AWS Glue version: which Spark, Iceberg and data-quality engine stand in for it.

A stack's rendered manifest names its Glue version (`glueVersion` in generated/<stack>/pipeline.json; absent
means 5.0). `npm start` sets up one Python environment per version (src/cli/python-env.ts) and runs the stack in
the one of its version; this module is the runner's side of that: what each version's runtime holds, which one
this interpreter is, and the refusal when a stack cannot run on it. Versions and sources:
docs/decisions/local-runtime-per-glue-version.md.
"""

import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from awsgluedq import engine as data_quality_engine

# What a manifest without `glueVersion` (rendered before the key existed) runs on.
DEFAULT_VERSION = "5.0"


@dataclass(frozen=True)
class GlueRuntime:
    version: str
    spark: str
    # The Python AWS Glue runs; the local one may differ (see python_note).
    python: str
    iceberg: str
    # Iceberg's runtime jar for this Spark and Scala, from Maven Central.
    iceberg_package: str
    # Deequ's DQDL engine for this Spark, from Maven Central; None when Maven Central has no build for it, where
    # awsgluedq/native.py evaluates the rules with Spark itself.
    deequ: str | None

    @property
    def python_tag(self) -> str:
        return ".".join(self.python.split(".")[:2])


RUNTIMES = {
    "5.0": GlueRuntime(
        "5.0",
        "3.5.4",
        "3.11",
        "1.7.1",
        "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.7.1",
        data_quality_engine.DEEQU,
    ),
    "5.1": GlueRuntime(
        "5.1",
        "3.5.6",
        "3.11",
        "1.10.0",
        "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.0",
        data_quality_engine.DEEQU,
    ),
    # Deequ publishes no Spark 4 build on Maven Central (its 2.1.0-spark-3.5 is Scala 2.12, Spark 4.1 is 2.13): the
    # Spark-native evaluator runs the rules (docs/decisions/data-quality-on-spark-4.md).
    "6.0": GlueRuntime(
        "6.0", "4.1.1", "3.13", "1.11.0", "org.apache.iceberg:iceberg-spark-runtime-4.1_2.13:1.11.0", None
    ),
}


class RuntimeMismatch(Exception):
    """The stack is on a Glue version whose runtime this interpreter is not: the fix is to run it through npm start."""


def of_version(version: str | None) -> GlueRuntime:
    return RUNTIMES[version or DEFAULT_VERSION]


def installed_spark() -> str | None:
    try:
        return package_version("pyspark")
    except PackageNotFoundError:
        return None


def installed() -> GlueRuntime | None:
    """The Glue version whose runtime this interpreter's environment is (by its pyspark), or None."""
    spark = installed_spark()
    return next((runtime for runtime in RUNTIMES.values() if runtime.spark == spark), None)


def check_installed(runtime: GlueRuntime, stack: str):
    """Refuses to run `stack` on a pyspark other than its Glue version's: its scripts would meet another Spark."""
    spark = installed_spark()
    if spark != runtime.spark:
        raise RuntimeMismatch(
            f"Stack {stack} is on AWS Glue {runtime.version} (Spark {runtime.spark}), but this Python ({sys.prefix})"
            f" has pyspark {spark or 'not installed'}. Run it with `npm start -- --stack {stack}`, which sets up"
            " and picks the runtime of each Glue version."
        )


def python_note(runtime: GlueRuntime) -> str:
    """'' when this Python is the one Glue runs; else what differs, said at every start-up."""
    local = f"{sys.version_info.major}.{sys.version_info.minor}"
    if local == runtime.python_tag:
        return ""
    return (
        f" (AWS Glue {runtime.version} runs Python {runtime.python}; this machine has no python{runtime.python_tag},"
        f" so the local run uses {local})"
    )


def describe(runtime: GlueRuntime) -> str:
    """The start-up line: which Glue version's runtime runs the stack, and what it is made of."""
    local_python = f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
    quality = f"Deequ {runtime.deequ.rsplit(':', 1)[-1]}" if runtime.deequ else data_quality_engine.NATIVE_ENGINE
    return (
        f"Runtime: AWS Glue {runtime.version} — Spark {installed_spark()}, Python {local_python}"
        f"{python_note(runtime)}, Iceberg {runtime.iceberg}, data quality {quality}"
    )
