"""Python numbers of two types that compare equal share one trace (literal_args.shared_traces).

A tf.function keys a trace on a Python number's value: 4 and 4.0, 1 and True are one key (equal,
with one hash), so the later call of the other type runs the trace made for the first. Each
declined function below was proposed before (its Python arguments are literals at every call
site, literal_args.py); the TensorFlow runs at the end show the shared trace (TF 2.21)."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from helpers_project import analyse, verdicts, write_project

MODULE = '''
import tensorflow as tf


def ramp(x, n):
    return x, tf.range(n)


def flagged(x, flag):
    if flag is True:
        return x * 2.0
    return x


def shifted(x, n=4):
    return x, tf.range(n)


def by_keyword(x, scale=1.0):
    return x * scale


def ints(x, k):
    return x * k


def floats(x, k):
    return x * k


def bools(x, training):
    return x * 2.0 if training else x


def names(x, mode):
    return x * 2.0 if mode == "double" else x


def main():
    t = tf.constant([1.0, 2.0])
    return (ramp(t, 4), ramp(t, 4.0), flagged(t, True), flagged(t, 1), shifted(t),
            shifted(t, 4.0), by_keyword(t), by_keyword(t, scale=2), ints(t, 2), ints(t, 3),
            floats(t, 0.5), floats(t, 2.0), bools(t, True), bools(t, False), names(t, "double"),
            names(t, "same"))
'''

DECLINED = ["ramp", "flagged", "shifted", "by_keyword"]
ACCEPTED = ["ints", "floats", "bools", "names"]


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = write_project(tmp_path_factory.mktemp("shared") / "p", {"m.py": MODULE})
    return verdicts(analyse(root))


@pytest.mark.parametrize("name", DECLINED)
def test_numbers_of_two_types_are_not_bounded(found: dict, name: str) -> None:
    report = found[f"m.py::{name}"]
    assert report.transformation is None
    assert [f.code for f in report.failures][:1] == ["HAS_PRIMITIVE_PARAMETERS"], report.failures
    assert "one trace key" in report.failures[0].message


@pytest.mark.parametrize("name", ACCEPTED)
def test_numbers_of_one_type_stay_bounded(found: dict, name: str) -> None:
    assert found[f"m.py::{name}"].transformation is not None, found[f"m.py::{name}"].failures


def test_equal_numbers_of_two_types_share_a_trace() -> None:
    def ramp(x: tf.Tensor, n: float) -> tf.Tensor:
        return tf.range(n)

    def flagged(x: tf.Tensor, flag: object) -> tf.Tensor:
        return x * 2.0 if flag is True else x

    x = tf.constant([1.0, 2.0])
    traced_ramp, traced_flag = tf.function(ramp), tf.function(flagged)
    traced_ramp(x, 4)
    assert ramp(x, 4.0).dtype == tf.float32
    assert traced_ramp(x, 4.0).dtype == tf.int32  # the trace made for 4
    assert traced_ramp.experimental_get_tracing_count() == 1
    traced_flag(x, True)
    assert np.allclose(flagged(x, 1), [1.0, 2.0])
    assert np.allclose(traced_flag(x, 1), [2.0, 4.0])  # the trace made for True
