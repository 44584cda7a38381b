"""The whole-program fixpoint ends without a pass limit: after WIDEN_AFTER passes, call results
accumulate instead of being replaced, so the iteration converges; the functions whose values
still changed then are reported as not settled, never converted."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
import realcode
from hybridize.analysis import AnalysisResult, Analyzer, Settings, analyze
from hybridize.analysis import program as program_module
from hybridize.analysis import workspace as W
from hybridize.analysis.program import Program
from hybridize.report.json_report import to_json

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
    # limit to stop it), and what changed late is declined as not settled (when the run may
    # not narrow: see test_a_widened_run_ends_at_a_fixpoint_or_says_what_did_not_settle).
    monkeypatch.setattr(program_module, "WIDEN_AFTER", 1)
    monkeypatch.setattr(program_module, "MAX_NARROWINGS", 0)
    widened, unsettled = converted(CORPUS / project)
    assert unsettled, "nothing changed after the first pass: the test widens nothing"
    assert widened <= normal
    assert not widened & unsettled


def full_pass_changes(program: Program) -> set[str]:
    """The tokens one more evaluation of every call site changes (results replaced)."""
    program.widening = False
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


def summaries(folder: Path) -> list:
    result, snapshot, _ = W._analyze([folder], Settings(), (), {}, None, None,
                                     keep_last_good=True)
    assert snapshot is not None and result.functions
    return list(snapshot.modules.values())


@pytest.mark.parametrize("widen_after", [1, 2, 3, 4])
@pytest.mark.parametrize("project", ["imgclf", "semantics"])
def test_a_widened_run_ends_at_a_fixpoint(project: str, widen_after: int,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that widened (results accumulated) used to stop at the first widened pass that
    changed nothing, without rebuilding the parameters or evaluating again the sites that had
    read larger values: results computed from transient values stayed, and an incremental run
    (which replaces results) disagreed with it (tf-models-official: 29 of 7,887 reports after
    an edit of get_shape_list). Now it rebuilds and narrows: on these projects it ends where
    one more pass changes nothing (with WIDEN_AFTER 1, 34 results of the semantics corpus
    changed), and nothing is left unsettled."""
    monkeypatch.setattr(program_module, "WIDEN_AFTER", widen_after)
    program = Program(summaries(CORPUS / project))
    program.run()
    assert full_pass_changes(program) == set()
    assert not program.unconverged


def reports(result: AnalysisResult) -> dict[tuple[str, str], str]:
    return {(f["file"], f["qualname"]): json.dumps(f, sort_keys=True)
            for f in to_json(result)["functions"]}


@pytest.mark.parametrize("widen_after", [1, 2, 4])
def test_an_incremental_run_agrees_with_a_widened_run_from_scratch(
        widen_after: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The language server's engine (an Analyzer kept across runs) after an edit and its
    revert, against a run from scratch, when the runs reach the widening passes."""
    monkeypatch.setattr(program_module, "WIDEN_AFTER", widen_after)
    root = tmp_path / "semantics"
    shutil.copytree(CORPUS / "semantics", root, ignore=shutil.ignore_patterns("__pycache__"))
    target = root / "traced.py"
    text = target.read_text()
    header = "def scale_by(x, factor):\n"
    edited = text.replace(header, header + "    print(x)\n", 1)
    assert edited != text
    kept = Analyzer([root])
    first = kept.run()
    for overrides in ({str(target): edited}, {}):
        got, want = reports(kept.run(overrides)), reports(Analyzer([root]).run(overrides))
        assert sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k)) == []
    assert reports(first) == want


@pytest.mark.parametrize("project", ["gpflow", "semantics"])
def test_values_carried_between_passes_change_no_report(
        project: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An expansion (or an MRO, a class's library bases) memoized in one pass is used in the
    next ones while no token it read has changed since it was computed; a value computed from
    a memoized value that had gone stale in its pass carries that value's older stamp, so it
    is not carried (without that, 7 call results of gpflow changed in one more full pass). The
    reports equal those of a run that computes every expansion again in every pass, and the
    run still ends at a fixpoint."""
    folder = realcode.sources(realcode.PROJECTS[0]) if project == "gpflow" else \
        CORPUS / project
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 5000))
    try:
        carried = reports(analyze([folder], Settings()))
        program = Program(summaries(folder))
        program.run()
        assert full_pass_changes(program) == set()
        monkeypatch.setattr(program_module, "CARRY_MEMO", False)
        again = reports(analyze([folder], Settings()))
    finally:
        sys.setrecursionlimit(limit)
    assert sorted(k for k in carried.keys() | again.keys() if carried.get(k) != again.get(k)) \
        == []


@pytest.mark.parametrize("project", ["imgclf", "semantics"])
def test_a_site_that_read_anything_is_evaluated_again_every_pass(
        project: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An expansion cut at MAX_EXPANSION_DEPTH reads `*` (anything): the sites that read it are
    evaluated again in every pass, whatever changed. In a run over every site `to_evaluate`
    keeps them apart (`star_sites`) instead of looking for `*` in every site's tokens (a run
    over a few sites looks at theirs); both give exactly the sites that read a changed token,
    were never evaluated, or read `*`."""
    monkeypatch.setattr(program_module, "MAX_EXPANSION_DEPTH", 2)
    program = Program(summaries(CORPUS / project))
    program.run()
    assert program.star_sites, "no site read `*`: the test checks nothing"
    sites = sorted(program.deps)
    unseen = ("nowhere", 0)
    tokens = sorted({token for deps in program.deps.values() for token in deps} - {"*"})
    kept = program.star_sites
    for star_sites in (kept, None):  # a run over every site, a run over a few (`dirty`)
        program.star_sites = star_sites
        for changed in (set(), set(tokens[:1]), set(tokens[::7]), set(tokens)):
            want = {site for site in [*sites, unseen] if "*" in (
                deps := program.deps.get(site, {"*"})) or not changed.isdisjoint(deps)}
            assert program.to_evaluate([*sites, unseen], changed) == want
            assert program.to_evaluate(sites[::2], changed) == want & set(sites[::2])
