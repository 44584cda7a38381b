"""Every conversion the engine proposes on the corpus keeps behaviour: eager == tf.function.

The engine's CONVERT_TO_HYBRID verdicts (default and speculative settings) are looked up in
tests/equivalence_cases.py; each is run eagerly and wrapped in tf.function, from fresh module state,
with several argument sets, and must return the same values, print the same output and leave the
same state. A proposed conversion without a case (or a NOT_RUNNABLE reason) fails the suite, so
nothing is skipped silently. The negative tests prove the harness can see a changed behaviour.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from equivalence import differences
from equivalence_cases import CASES, KNOWN_GAPS, NEGATIVE, NOT_RUNNABLE
from hybridize.analysis import Settings, analyze

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def stated() -> dict[tuple[str, str], set[str]]:
    """(file, qualname) of every function the engine proposes to hybridize, or to make eager
    again (removing a decorator is a behaviour change too: its case has `decorated=True`), with
    the assumptions its verdicts state (under either setting)."""
    keys: dict[tuple[str, str], set[str]] = {}
    for speculative in (False, True):
        settings = Settings(speculative=speculative, infer_signatures=False)
        result = analyze([CORPUS], settings)
        for f in result.functions:
            if f.transformation in ("CONVERT_TO_HYBRID", "CONVERT_TO_EAGER"):
                keys.setdefault((f.file, f.qualname), set()).update(
                    a.code for a in f.assumptions)
    return keys


@pytest.fixture(scope="module")
def proposed(stated: dict[tuple[str, str], set[str]]) -> set[tuple[str, str]]:
    return set(stated)


def _id(key: tuple[str, str]) -> str:
    return f"{key[0]}::{key[1]}"


def test_every_proposed_conversion_is_checked(proposed: set[tuple[str, str]]) -> None:
    unchecked = sorted(proposed - CASES.keys() - NOT_RUNNABLE.keys())
    assert unchecked == [], "add a case (or a NOT_RUNNABLE reason) to tests/equivalence_cases.py"


def test_case_tables_are_consistent() -> None:
    assert not CASES.keys() & NOT_RUNNABLE.keys()
    result = analyze([CORPUS], Settings())
    hybrid = {(f.file, f.qualname) for f in result.functions if f.hybrid}
    wrong = sorted(k for k, case in (*CASES.items(), *NEGATIVE.items())
                   if case.decorated != (k in hybrid))
    assert wrong == [], "a tf.function's case needs decorated=True (and only a tf.function's)"
    assert KNOWN_GAPS.keys() <= CASES.keys()


@pytest.mark.parametrize("key", sorted(CASES), ids=_id)
def test_conversion_keeps_behaviour(
    key: tuple[str, str], stated: dict[tuple[str, str], set[str]], request: Any
) -> None:
    if key not in stated:
        pytest.skip("the engine does not propose this conversion")
    if key in KNOWN_GAPS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[key]))
    # The differences an assumption of the verdict accepts: an op's run-time error eagerly, a
    # shape or dtype inference error while tracing (TRACE_TIME_ERRORS); what a call that fails
    # in both runs did to state (FAILED_CALL_STATE: the runs without such calls must agree).
    found = differences(*key, CASES[key],
                        trace_time_errors="TRACE_TIME_ERRORS" in stated[key],
                        failed_call_state="FAILED_CALL_STATE" in stated[key])
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("key", sorted(NEGATIVE), ids=_id)
def test_harness_sees_changed_behaviour(key: tuple[str, str]) -> None:
    found = differences(*key, NEGATIVE[key])
    assert found, "the harness saw no difference for a function that does change behaviour"


def test_a_failed_training_step_leaves_state_only_the_assumption_states(
    stated: dict[tuple[str, str], set[str]]
) -> None:
    """The guide's training step (kerascall/functional_steps.py), converted: on a label out of
    range its loss op fails in both runs, but the graph has already advanced the optimizer's
    `iterations` (the update does not use the loss; eagerly the step stops at it), so every
    later Adam step differs. The verdict states FAILED_CALL_STATE, which accepts exactly what
    failed calls did to state: measured here, it fails if TensorFlow stops doing so or the
    engine stops stating it (Keras optimizer updates are state changes: calls.py)."""
    key = ("kerascall/functional_steps.py", "train_step")
    assert "FAILED_CALL_STATE" in stated[key]
    found = differences(*key, CASES[key], trace_time_errors=True)
    assert any(line.startswith("call 2: arguments after the call") for line in found), found
    assert differences(*key, CASES[key], trace_time_errors=True, failed_call_state=True) == []


def test_a_failed_test_step_leaves_metric_state_only_the_assumption_states(
    stated: dict[tuple[str, str], set[str]]
) -> None:
    """The quickstart's test step (kerascall/quickstart.py): a label out of range fails the
    loss in both runs, but the graph has already counted the batch in `test_loss` (a Mean's
    count does not use the value) and updated `test_accuracy`. Calling a Keras metric is a
    state change (values.TF_UPDATES), so the verdict states FAILED_CALL_STATE: fails if it
    stops doing so, or if TensorFlow stops updating them."""
    key = ("kerascall/quickstart.py", "test_step")
    assert "FAILED_CALL_STATE" in stated[key]
    found = differences(*key, CASES[key], trace_time_errors=True)
    assert any("quickstart.test_loss" in line for line in found), found
    assert differences(*key, CASES[key], trace_time_errors=True, failed_call_state=True) == []
