"""Wrong proposals the audits found and did not close (tests/fixtures/open_gaps):
each is a strict expected failure, so closing one makes the suite say so."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse

ROOT = (Path(__file__).parent / "fixtures" / "open_gaps").resolve()

OPEN = {
    "e34_experimental_tracing_count_alias": (
        "scaled", "a tf.function read through a container by getattr(fn, "
        "\"experimental_get_tracing_count\", None)"),
}


@pytest.mark.parametrize("folder", sorted(OPEN))
def test_an_open_gap_is_still_proposed(folder: str) -> None:
    qualname, why = OPEN[folder]
    if _proposed(folder, qualname):
        pytest.xfail(f"known gap, still proposed: {why}")
    pytest.fail(f"{folder}: {qualname} is no longer proposed: the gap ({why}) looks closed; "
                "move the case to tests/fixtures/soundness with a harness test")


def _proposed(folder: str, qualname: str) -> bool:
    reports = [r for r in analyse(ROOT / folder).functions if r.qualname == qualname]
    assert reports, f"{folder}: no function {qualname}"
    return any(r.transformation is not None for r in reports)
