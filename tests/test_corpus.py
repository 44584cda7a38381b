"""The engine's verdict on every function of the realistic corpus (tests/corpus/).

Each row of tests/corpus_expected.py is one test, named `file::qualname`, so a failure reads as
the rule that broke. The corpus is analysed once per settings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from corpus_expected import ANY_FAILURE, EXPECTED, HYBRID, Expect, default_rows
from hybridize.analysis import Settings, analyze
from hybridize.analysis.codes import ALL_CODES

CORPUS = Path(__file__).parent / "corpus"
SPECULATIVE = "SPECULATIVE_ANALYSIS"


def _analyze(speculative: bool = False, infer_signatures: bool = False) -> Any:
    settings = Settings(speculative=speculative, infer_signatures=infer_signatures)
    return analyze([CORPUS], settings)


@pytest.fixture(scope="module")
def analyzed() -> Callable[..., Any]:
    """Analyses the corpus once per settings (only for the settings some test asks for)."""
    cache: dict[tuple[bool, bool], Any] = {}

    def get(speculative: bool = False, infer_signatures: bool = False) -> Any:
        key = (speculative, infer_signatures)
        if key not in cache:
            cache[key] = _analyze(*key)
        return cache[key]

    return get


def _by_key(result: Any) -> dict[tuple[str, str], Any]:
    return {(f.file, f.qualname): f for f in result.functions}


def _describe(report: Any) -> str:
    failures = ", ".join(f"{f.code}@{f.file}:{f.line}" for f in report.failures) or "none"
    return (
        f"got transformation={report.transformation} precondition={report.precondition} "
        f"hybrid={report.hybrid} failures=[{failures}] facts={report.facts}"
    )


@pytest.mark.parametrize("expect", EXPECTED, ids=[e.id for e in EXPECTED])
def test_verdict(analyzed: Callable[..., Any], expect: Expect) -> None:
    result = analyzed(expect.speculative, expect.infer_signatures)
    report = _by_key(result).get((expect.file, expect.qualname))
    assert report is not None, f"{expect.id} is not reported by the engine"
    got = _describe(report)
    why = f"expected because: {expect.reason}\n{got}"
    assert report.hybrid == expect.hybrid, f"hybrid should be {expect.hybrid}; {why}"
    assert report.transformation == expect.transformation, why
    failure_codes = [f.code for f in report.failures]
    if expect.code == ANY_FAILURE:  # measured to differ: no transformation is all that matters
        assert report.hybrid or failure_codes, f"a declined conversion must say why; {why}"
        return
    if expect.code is not None:
        assert failure_codes, f"expected primary failure {expect.code}; {why}"
        assert failure_codes[0] == expect.code, why
    elif expect.transformation in (HYBRID, None):
        assert failure_codes == [], f"expected no failure; {why}"
    if expect.precondition is not None:
        assert report.precondition == expect.precondition, why
    for code in expect.never:
        assert code not in failure_codes, f"{code} must not be reported; {why}"
    assumed = [a.code for a in report.assumptions]
    if expect.speculative and expect.transformation == HYBRID:
        assert SPECULATIVE in assumed, f"the speculative verdict must say so; {why}"
    assert ("STATEFUL_RANDOM" in assumed) == ("STATEFUL_RANDOM" in expect.assumes), \
        f"assumptions {assumed}, expected {list(expect.assumes)}; {why}"


def test_every_function_has_exactly_one_default_row(analyzed: Callable[..., Any]) -> None:
    reported = set(_by_key(analyzed()))
    rows = [(e.file, e.qualname) for e in default_rows()]
    assert len(rows) == len(set(rows)), "duplicate rows in corpus_expected.py"
    assert sorted(reported - set(rows)) == [], "functions without a row in corpus_expected.py"
    assert sorted(set(rows) - reported) == [], "rows for functions the engine does not report"


def test_every_settings_row_names_a_reported_function() -> None:
    defaults = {(e.file, e.qualname) for e in default_rows()}
    others = [e for e in EXPECTED if not e.default_settings]
    assert all((e.file, e.qualname) in defaults for e in others)


def test_corpus_parses_cleanly(analyzed: Callable[..., Any]) -> None:
    errors = [f"{e.file}:{e.line}: {e.message}" for e in analyzed().errors]
    assert errors == []


def test_corpus_is_large_enough(analyzed: Callable[..., Any]) -> None:
    assert len(analyzed().functions) >= 120


def test_every_failure_code_is_documented_by_a_row() -> None:
    primary = {e.code for e in EXPECTED if e.code not in (None, ANY_FAILURE)}
    assert sorted(set(ALL_CODES) - primary) == []
    assert sorted(primary - set(ALL_CODES)) == []


def test_every_transformation_is_documented_by_a_row() -> None:
    kinds = {(e.transformation, e.precondition) for e in EXPECTED if e.transformation}
    assert kinds >= {
        ("CONVERT_TO_HYBRID", "P1"),
        ("CONVERT_TO_EAGER", "P2"),
        ("CONVERT_TO_EAGER", "P3"),
        ("CONVERT_TO_EAGER", "P6"),
        ("RECONFIGURE", "P4"),
    }
