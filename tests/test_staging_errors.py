"""The TRACE_TIME_ERRORS assumption's second half, measured: a Python error that a function's own
code raises while a tf.function traces it comes back with its class only for the classes
autograph knows to take a message (TF 2.21); others come back as StagingError, which an `except`
of the original class does not catch. Red team, session 7: psiz `ALCOVECell.distance` (a list too
short: IndexError eagerly) and opennmt-tf `_smooth_one_hot_labels` (one class: ZeroDivisionError
eagerly). Every conversion states it (decide.py)."""

from __future__ import annotations

from typing import Any

import pytest
import tensorflow as tf
from hybridize.analysis import decide
from hybridize.analysis.model import Transformation


class _TwoArguments(Exception):
    def __init__(self, a: int, b: int) -> None:
        super().__init__(a, b)


class _MessageOnly(Exception):
    pass


KEPT = [KeyError("k"), AssertionError("a"), AttributeError("t"), ValueError("v"), TypeError("t"),
        RuntimeError("r"), NotImplementedError("n"), _MessageOnly("m")]
STAGED = [IndexError("i"), ZeroDivisionError("z"), OverflowError("o"), LookupError("l"),
          _TwoArguments(1, 2)]


def _raised(error: Exception) -> BaseException:
    def body(x: tf.Tensor) -> tf.Tensor:
        if x.shape.rank == 0:
            raise error
        return x

    with pytest.raises(Exception) as caught:  # noqa: PT011 (any class: what comes back is asked)
        tf.function(body)(tf.constant(1.0))
    return caught.value


@pytest.mark.parametrize("error", KEPT, ids=lambda e: type(e).__name__)
def test_these_classes_come_back_as_raised(error: Exception) -> None:
    assert isinstance(_raised(error), type(error))


@pytest.mark.parametrize("error", STAGED, ids=lambda e: type(e).__name__)
def test_these_classes_come_back_as_a_staging_error(error: Exception) -> None:
    got = _raised(error)
    assert not isinstance(got, type(error))
    assert type(got).__name__ == "StagingError"


def test_every_conversion_states_it() -> None:
    text = decide._TRACE_TIME_ERRORS[Transformation.CONVERT_TO_HYBRID]
    assert "StagingError" in text
    for error in KEPT[:-1]:
        assert type(error).__name__ in text
    assert "IndexError" in text and "ZeroDivisionError" in text


# -- the equivalence harness accepts exactly this difference where a verdict states it ------------


def _observed(outcome: tuple[str, str], staged: str | None = None) -> Any:
    from equivalence import CallRecord, Observation

    return Observation(calls=[CallRecord(outcome, "", (), None, staged)], state={})


@pytest.mark.parametrize("eager, graph, staged, stated, accepted", [
    ("IndexError", "StagingError", "IndexError", True, True),
    ("ZeroDivisionError", "StagingError", "ZeroDivisionError", True, True),
    ("IndexError", "StagingError", "IndexError", False, False),  # not stated by the verdict
    ("IndexError", "StagingError", "ZeroDivisionError", True, False),  # another error wrapped
    ("IndexError", "StagingError", None, True, False),  # nothing wrapped
    ("ValueError", "StagingError", "ValueError", True, False),  # autograph re-raises these
    ("IndexError", "IndexError", None, True, True),  # the same both ways: no difference at all
])
def test_the_harness_accepts_only_the_stated_staging_error(
        eager: str, graph: str, staged: str | None, stated: bool, accepted: bool) -> None:
    from equivalence import compare

    found = compare(_observed(("raised", eager)), _observed(("raised", graph), staged),
                    trace_time_errors=stated)
    assert (found == []) == accepted, found


def test_the_harness_records_the_wrapped_class() -> None:
    """What `observe` records of a StagingError: the class of the error the code raised."""
    from equivalence import _staged

    error = _raised(IndexError("i"))
    assert _staged(error) == "IndexError"  # type: ignore[arg-type]
    assert _staged(ValueError("v")) is None
