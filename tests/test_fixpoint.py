"""The whole-program fixpoint ends without a pass limit: after WIDEN_AFTER passes, call results
accumulate instead of being replaced, so the iteration converges; the functions whose values
still changed then are reported as not settled, never converted."""

from __future__ import annotations

from pathlib import Path

import pytest
from hybridize.analysis import Settings, analyze
from hybridize.analysis import program as program_module

CORPUS = Path(__file__).resolve().parent / "corpus"


def converted(folder: Path) -> tuple[set[str], set[str]]:
    result = analyze([folder], Settings())
    done = {f"{r.file}::{r.qualname}" for r in result.functions
            if r.transformation == "CONVERT_TO_HYBRID"}
    unsettled = {f"{r.file}::{r.qualname}" for r in result.functions
                 if any("did not settle" in f.message for f in r.failures)}
    return done, unsettled


@pytest.mark.parametrize("project", ["imgclf", "gan", "semantics"])
def test_widening_early_converges_and_converts_nothing_more(
        project: str, monkeypatch: pytest.MonkeyPatch) -> None:
    normal, normal_unsettled = converted(CORPUS / project)
    assert normal and not normal_unsettled
    # Results accumulate from the second pass on: the run still ends (there is no pass
    # limit to stop it), and what changed late is declined as not settled.
    monkeypatch.setattr(program_module, "WIDEN_AFTER", 1)
    widened, unsettled = converted(CORPUS / project)
    assert unsettled, "nothing changed after the first pass: the test widens nothing"
    assert widened <= normal
    assert not widened & unsettled
