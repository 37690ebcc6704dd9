"""Partial runs (--jobs, --from): a selection that names no job says which jobs the stack has."""

from pathlib import Path

import pytest
from lakehouse import manifest, selection

GENERATED = Path(__file__).resolve().parents[2] / "generated"


@pytest.mark.parametrize("stack", ["dev", "shop-dev"])
def test_an_empty_jobs_list_names_the_stack_and_its_jobs(stack):
    loaded = manifest.load(GENERATED / stack)
    with pytest.raises(selection.SelectionError) as refused:
        selection.select(loaded, jobs=" , ")
    jobs = ", ".join(job.name for job in loaded.jobs)
    assert str(refused.value) == f"--jobs needs at least one job name; stack {stack} has {jobs}"
