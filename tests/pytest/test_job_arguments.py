"""The job arguments a local run and a job unit test give a script: the manifest's list, each valued by its place."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lakehouse import manifest, runner, unit_tests

GENERATED_DEV = Path(__file__).resolve().parents[2] / "generated" / "dev"


def _schema_places():
    schema = json.loads(manifest.SCHEMA_PATH.read_text())
    return set(schema["definitions"]["ArgumentPlace"]["enum"])


def test_the_local_run_and_the_unit_tests_supply_every_place_the_renderer_can_name():
    # The schema's places come from ArgumentPlace in src/render/types.ts: a new one fails here until supplied.
    loaded = manifest.load(GENERATED_DEV)
    assert set(runner.local_places(loaded, "s3://b")) == _schema_places()
    assert set(unit_tests.places_of_test("db", "s3://b/1")) == _schema_places()


def test_a_job_gets_the_manifest_arguments_valued_by_place():
    loaded = manifest.load(GENERATED_DEV)
    job = loaded.jobs[0]
    assert job.arguments == (manifest.Argument("DATABASE", "database"), manifest.Argument("LAKE_ROOT", "lakeRoot"))
    assert runner.job_arguments(loaded, job, "s3://lake")[1:] == [
        "--JOB_NAME",
        job.name,
        "--DATABASE",
        loaded.database,
        "--LAKE_ROOT",
        "s3://lake",
    ]
    reordered = replace(job, arguments=(manifest.Argument("LAKE_ROOT", "lakeRoot"),))
    assert runner.script_argv(reordered, {"lakeRoot": "s3://x", "database": "d"})[1:] == [
        "--JOB_NAME",
        job.name,
        "--LAKE_ROOT",
        "s3://x",
    ]


def test_an_argument_of_a_place_the_runner_cannot_supply_is_refused_naming_job_argument_and_place():
    loaded = manifest.load(GENERATED_DEV)
    job = replace(loaded.jobs[0], arguments=(manifest.Argument("REGION", "region"),))
    with pytest.raises(runner.InputError) as refused:
        runner.job_arguments(loaded, job, "s3://lake")
    message = str(refused.value)
    assert f"Job {job.name}" in message
    assert "argument REGION" in message and "'region'" in message
    assert "supplies database, lakeRoot" in message


def test_the_unit_tests_refuse_before_spark_a_tested_job_whose_argument_they_cannot_supply():
    loaded = manifest.load(GENERATED_DEV)
    job = replace(loaded.jobs[0], arguments=(manifest.Argument("REGION", "region"),))
    stacks = {"dev": replace(loaded, jobs=[job, *loaded.jobs[1:]])}
    unit_tests.check_arguments(stacks, [{"stack": "dev", "job": loaded.jobs[1].name, "name": "untouched job"}])
    with pytest.raises(runner.InputError, match=f"Job {job.name}: its script reads the argument REGION"):
        unit_tests.check_arguments(stacks, [{"stack": "dev", "job": job.name, "name": "t"}])
    with pytest.raises(manifest.ManifestError, match="job 'no_such_job', which stack dev does not have"):
        unit_tests.check_arguments(stacks, [{"stack": "dev", "job": "no_such_job", "name": "t"}])
