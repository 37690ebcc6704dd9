"""The runtime table of each Glue version (lakehouse/glue_runtime.py), without Spark: it matches the requirements each
venv is made from, this venv is 5.0's, the refusal names what
it refuses, and each start-up line names its data-quality engine."""

import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from lakehouse import glue_runtime, iceberg_catalog, manifest

RUNTIME = Path(__file__).resolve().parents[2] / "runtime"
GENERATED_DEV = RUNTIME.parent / "generated" / "dev"


def _pinned_pyspark(version):
    name = "requirements.txt" if version == glue_runtime.DEFAULT_VERSION else f"requirements-glue-{version}.txt"
    return re.search(r"^pyspark==(\S+)$", (RUNTIME / name).read_text(), re.MULTILINE).group(1)


@pytest.mark.parametrize("version", sorted(glue_runtime.RUNTIMES))
def test_each_runtime_is_the_spark_its_requirements_pin(version):
    # The runner checks its pyspark against this table: a bump of one without the other refuses every run.
    assert glue_runtime.RUNTIMES[version].spark == _pinned_pyspark(version)


def test_this_venv_is_the_default_runtime_and_takes_its_iceberg():
    assert glue_runtime.installed() == glue_runtime.of_version(None) == glue_runtime.RUNTIMES["5.0"]
    assert iceberg_catalog.packages()[0] == "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.7.1"
    assert "iceberg-spark-runtime-4.1_2.13:1.11.0" in glue_runtime.RUNTIMES["6.0"].iceberg_package


def test_a_stack_of_another_version_is_refused_here_naming_the_stack_and_the_way():
    with pytest.raises(glue_runtime.RuntimeMismatch, match=r"Stack s is on AWS Glue 6\.0 \(Spark 4\.1\.1\).*3\.5\.4"):
        glue_runtime.check_installed(glue_runtime.RUNTIMES["6.0"], "s")
    glue_runtime.check_installed(glue_runtime.RUNTIMES["5.0"], "s")


def test_start_up_says_when_the_local_python_is_not_glues():
    local = f"{sys.version_info.major}.{sys.version_info.minor}"
    on_6 = glue_runtime.python_note(glue_runtime.RUNTIMES["6.0"])
    if local == "3.13":
        assert on_6 == ""
    else:
        assert f"AWS Glue 6.0 runs Python 3.13; this machine has no python3.13, so the local run uses {local}" in on_6
    if local == "3.11":
        assert glue_runtime.python_note(glue_runtime.RUNTIMES["5.0"]) == ""
    line = glue_runtime.describe(glue_runtime.RUNTIMES["5.1"])
    assert line.startswith("Runtime: AWS Glue 5.1 — Spark 3.5.4, Python 3.")
    assert "Iceberg 1.10.0, data quality Deequ 2.1.0-spark-3.5" in line


def test_every_runtime_evaluates_data_quality_and_the_start_up_line_names_its_engine():
    # Glue 6.0 had refused every job with rules; the Spark-native evaluator now runs them (awsgluedq/native.py).
    assert not hasattr(glue_runtime, "refuse_data_quality")
    assert glue_runtime.RUNTIMES["6.0"].deequ is None
    assert glue_runtime.describe(glue_runtime.RUNTIMES["6.0"]).endswith("data quality Spark-native DQDL evaluator")
    assert glue_runtime.describe(glue_runtime.RUNTIMES["5.0"]).endswith("data quality Deequ 2.1.0-spark-3.5")


def test_job_unit_tests_say_when_a_stack_is_on_another_glue_version():
    from lakehouse import unit_tests

    on_6 = replace(manifest.load(GENERATED_DEV), glue_version="6.0")
    assert list(unit_tests.other_runtime_notes({"dev": manifest.load(GENERATED_DEV)})) == []
    (note,) = unit_tests.other_runtime_notes({"x": on_6})
    assert note.startswith("Note: stack x is on AWS Glue 6.0; its unit tests run on Glue 5.0's runtime (Spark 3.5.4)")
