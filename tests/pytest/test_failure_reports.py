"""How the runner reports a failing script and unusable input, without Spark: the node named from the
traceback whatever the script's path looks like, and the message for a project without synthetic data."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from lakehouse import runner

SCRIPT = """\
import sys

# Script generated for node First
first = 1

# Script generated for node Second
second = int("not a number")
"""


def test_a_failure_names_its_node_when_the_script_path_is_relative(tmp_path, monkeypatch):
    (tmp_path / "generated" / "dev").mkdir(parents=True)
    (tmp_path / "generated" / "dev" / "job.py").write_text(SCRIPT)
    monkeypatch.chdir(tmp_path)
    job = SimpleNamespace(script=Path("generated/dev/job.py"))
    failure = runner.run_script(job, ["generated/dev/job.py"])
    assert (failure.node, failure.line) == ("Second", 7)
    assert failure.headline.startswith("ValueError: invalid literal for int()")


def test_a_project_without_a_generator_is_told_to_pass_landing(tmp_path):
    args = SimpleNamespace(keep_landing=False, landing=None, seed=42, scale=1.0)
    manifest = SimpleNamespace(pipeline="fleet", stack="fleet-dev", synthetic=None)
    with pytest.raises(runner.InputError) as refused:
        runner.prepare_landing(args, manifest, tmp_path, tmp_path / "bucket")
    message = str(refused.value)
    assert "Pipeline fleet (stack fleet-dev) has no synthetic landing data" in message
    assert "pass --landing DIR" in message
