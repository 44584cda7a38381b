"""Builtins on a tensor's static shape (`len(x.shape)`, `tuple(x.shape[1:])`,
`enumerate(x.get_shape().as_list())`) see the tensor's rank, a Python int eagerly and while
tracing: the functions of tests/fixtures/static_shapes are converted, and each conversion is run
eagerly and as a tf.function by the equivalence harness (tests/equivalence.py). A dimension (not
the rank) stays a value of unknown type: it may be None in a graph, and so does the shape of an
op whose output rank is unknown in a graph (tf.squeeze without an axis). Known gap, kept strict so
it flips when fixed: the same op's result through arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest
import tensorflow as tf
from equivalence import Case, Tree, differences
from helpers_project import analyse, verdicts

ROOT = (Path(__file__).parent / "fixtures" / "static_shapes").resolve()
TREE = Tree(ROOT)


def _inputs(load: object) -> list[tuple[tf.Tensor]]:
    return [
        (tf.constant([[1.0, -2.0], [3.0, 4.0]]),),
        (tf.constant([0.5, -1.5, 2.5]),),
        (tf.reshape(tf.range(24, dtype=tf.float32) - 12.0, (2, 3, 4)),),
        (tf.constant([[[-1.0]]]),),
    ]


CONVERTED = ("flatten_if_matrix", "drop_path_shape", "sum_but_last", "rows_by_last_dim",
             "scale_by_rank")
# Converted until session 20, and the trace failed (its rank is unknown): the static shape of a
# value-dependent shape is now declined (facts: V.DYNAMIC_TENSOR).
UNKNOWN_RANK = "scaled_squeezed_rank"
DECLINED = {
    "per_row": "range() receives a value of unknown type",
    "scaled_by_count": "len() receives a value of unknown type",
    "squeezed_rank": "len() receives a value of unknown type",
}


@pytest.fixture(scope="module")
def found() -> dict:
    return verdicts(analyse(ROOT))


@pytest.mark.parametrize("name", CONVERTED)
def test_converted(found: dict, name: str):
    report = found[f"ops.py::{name}"]
    assert report.precondition == "P1", report.reason


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_a_dimension_or_another_value_stays_unknown(found: dict, name: str):
    report = found[f"ops.py::{name}"]
    assert report.transformation is None
    assert report.failures[0].code == "UNDETERMINABLE_SIDE_EFFECTS"
    assert DECLINED[name] in report.failures[0].message


@pytest.mark.parametrize("name", CONVERTED)
def test_conversion_keeps_behaviour(name: str):
    assert differences("ops.py", name, Case(args=_inputs), tree=TREE) == []


def test_an_unknown_rank_fails_the_trace_and_is_declined(found: dict):
    report = found[f"ops.py::{UNKNOWN_RANK}"]
    assert report.transformation is None
    assert report.failures[0].code == "HAS_TRACE_DEPENDENT_CODE", report.failures
    found = differences("ops.py", UNKNOWN_RANK, Case(args=_inputs), tree=TREE)
    # Every call: eagerly a result, as a tf.function ValueError ("Cannot take the length of
    # shape with unknown rank").
    raised = [line for line in found if "!= 'ValueError' (tf.function)" in line]
    assert len(raised) == len(_inputs(None)) + 1, found  # the harness repeats the first call
