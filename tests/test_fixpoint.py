"""The whole-program fixpoint ends without a pass limit: after WIDEN_AFTER passes, call results
accumulate instead of being replaced, so the iteration converges; the functions whose values
still changed then are reported as not settled, never converted."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import realcode
from hybridize.analysis import Settings, analyze
from hybridize.analysis import program as program_module
from hybridize.analysis import workspace as W
from hybridize.analysis.program import Program

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


def full_pass_changes(program: Program) -> set[str]:
    """The tokens one more evaluation of every call site changes."""
    program.memo.clear()
    program.derived_memo.clear()
    program.done, program.scope = set(), None
    program.changed_tokens, program.changed_functions = set(), set()
    for fn in program.functions.values():
        for index in range(len(fn.calls)):
            program.evaluate_call(fn, index)
    return program.changed_tokens


def test_the_run_ends_at_a_fixpoint_of_the_rebuilt_parameters() -> None:
    """Parameters only grow during the passes; the values no call site gives any more are
    dropped at the end. The run must go on until that changes nothing: one more pass over every
    call site from the final state changes no result and no parameter. On gpflow it changed 14
    call results (so an incremental run, which starts from the rebuilt parameters, disagreed
    with a run from scratch)."""
    root = realcode.sources(realcode.PROJECTS[0])  # gpflow
    result, snapshot, _ = W._analyze([root], Settings(), (), {}, None, None, keep_last_good=True)
    assert snapshot is not None and result.functions
    program = Program(list(snapshot.modules.values()))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 5000))
    try:
        program.run()
        assert full_pass_changes(program) == set()
    finally:
        sys.setrecursionlimit(limit)
