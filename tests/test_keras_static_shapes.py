"""keras_pure.none_tolerant_read: a Keras layer's `call` that uses a static dimension where None
passes (`or`, `is None`, a slice bound, ...), itself or in a function it reaches, is declined
(soundness). Keras traces the `call` on symbolic inputs first (a functional model on keras.Input,
keras.Sequential), where the batch and every unknown dimension are None, and the eager calls
after it reuse that trace. Measured in the equivalence harness: kerascall/static_shapes.py
Sized.call and Lengthed.call (through length_scale) train to other losses traced; Dynamic.call
(tf.shape), Channels.call (the last dimension, known in every run), Positioned.call and
SinePosition.call (keras.ops.shape, a tensor where the symbolic run has None) the same."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project
from hybridize.analysis.keras_pure import NONE_TOLERANT, STATIC_SHAPE, state_uses

PROJECT = """
import keras
import tensorflow as tf
from keras import ops


class Scaled(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return BODY


def fallback(n):
    return 1 if n is None else n


def loose_check(x):
    if x.shape[-1] == 3:
        raise ValueError("three")
    return x * 2.0


def length_scale(x):
    return HELPER


class Helped(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return length_scale(x * self.w)


def functional():
    inputs = keras.Input((None, 4))
    return keras.Model(inputs, Scaled()(inputs))


def sequential():
    return keras.Sequential([keras.Input((None, 4)), Helped()])


def main():
    x = tf.ones((2, 3, 4))
    return functional()(x), sequential()(x)
"""


def _reports(tmp_path: Path, body: str, helper: str = "x * 2.0"):
    write_project(tmp_path, {"m.py": PROJECT.replace("BODY", body).replace("HELPER", helper)})
    return verdicts(analyse(tmp_path))


def _static_reason(report) -> bool:
    return any(f.code == "IS_KERAS_CALL_METHOD" and "where None passes" in f.message
               for f in report.failures)


@pytest.mark.parametrize("body", [
    "x * self.w * float(x.shape[1] or 1)",
    "x * self.w * float(x.get_shape()[1] or 1)",
    "x * self.w * (2.0 if x.shape[1] is None else 1.0)",
])
def test_a_call_that_lets_a_none_dimension_pass_is_declined(tmp_path: Path, body: str) -> None:
    """Converted before the static-shape rule (the layer is built by its own `build`, called on
    keras.Input from a builder function)."""
    report = _reports(tmp_path, body)["m.py::Scaled.call"]
    assert report.transformation is None
    assert _static_reason(report), report.failures


@pytest.mark.parametrize("body", [
    "tf.reshape(x * self.w, [-1, x.shape[-1]])",
    "x * self.w / float(x.shape[-1])",
    "x * self.w * tf.cast(ops.shape(x)[1], x.dtype)",
])
def test_a_call_whose_static_dimensions_raise_on_none_is_converted(tmp_path: Path,
                                                                  body: str) -> None:
    """A use that raises on None raises in the symbolic run as the undecorated `call` does (a
    trace that raises is not kept), a known dimension is the same number in every run, and
    keras.ops.shape gives a tensor where the symbolic run has None: kerascall/static_shapes.py
    Channels.call and Positioned.call, harness cases. Declined before (any static shape)."""
    report = _reports(tmp_path, body)["m.py::Scaled.call"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


def test_a_dynamic_shape_is_not_a_static_one(tmp_path: Path) -> None:
    report = _reports(tmp_path, "x * self.w * tf.cast(tf.shape(x)[1], x.dtype)")[
        "m.py::Scaled.call"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


def test_a_call_whose_helper_reads_a_static_shape_is_declined(tmp_path: Path) -> None:
    """`Helped.call`'s trace includes `length_scale`'s read (kerascall/static_shapes.py's
    Lengthed.call, a harness negative)."""
    reports = _reports(tmp_path, "x * self.w", helper="x * float(x.shape[1] or 1)")
    call = reports["m.py::Helped.call"]
    assert call.transformation is None
    assert _static_reason(call), call.failures


def _tolerant_reason(report) -> bool:
    return any(f.code == "IS_KERAS_CALL_METHOD" and "where None passes" in f.message
               for f in report.failures)


@pytest.mark.parametrize("helper", [
    "x * float(x.shape[1] or 1)",
    "x * (2.0 if x.shape[1] is None else 1.0)",
    "x[:, : x.shape[1]]",
    "x * float(fallback(x.shape[1]))",
    "loose_check(x)",
])
def test_a_helper_that_lets_a_none_dimension_pass_is_declined(tmp_path: Path,
                                                              helper: str) -> None:
    """Converted on its own, `length_scale` is traced inside `Helped.call`'s symbolic run in
    keras.Sequential: a None length passes `or`, `is None`, a slice bound, a workspace call."""
    reports = _reports(tmp_path, "x * self.w", helper=helper)
    report = reports["m.py::length_scale"]
    assert report.transformation is None
    assert _tolerant_reason(report), report.failures


@pytest.mark.parametrize("helper", [
    "x[..., : x.shape[-1] // 2]",
    "tf.reshape(x, [-1, x.shape[-1]])",
])
def test_a_helper_whose_static_dimension_raises_on_none_stays_converted(
        tmp_path: Path, helper: str) -> None:
    """`None // 2` raises, and so does an op given None: a trace that raises is not kept
    (rotate_half in keras-hub, declined by the broader check, which cost 46 conversions)."""
    report = _reports(tmp_path, "x * self.w", helper=helper)["m.py::length_scale"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


def test_a_helper_without_static_shapes_stays_converted(tmp_path: Path) -> None:
    reports = _reports(tmp_path, "x * self.w")
    assert reports["m.py::length_scale"].transformation == "CONVERT_TO_HYBRID", \
        reports["m.py::length_scale"].failures


def _markers(source: str) -> tuple[str, ...]:
    node = ast.parse(textwrap.dedent(source)).body[0]
    assert isinstance(node, ast.FunctionDef)
    return state_uses(node, [a.arg for a in node.args.args], False, (), lambda name: None)


def test_a_check_that_raises_on_none_lets_nothing_pass() -> None:
    """`if x.shape[-1] != 4: raise ...` (tf-models' box_utils): None makes the test true, the
    symbolic run raises as it does undecorated, and a trace that raises is not kept; `== 3`
    lets None through (the check is skipped in the kept trace)."""
    strict = _markers("""
        def check(x):
            if x.shape[-1] != 4:
                raise ValueError("x.shape[-1] is {:d}, but must be 4".format(x.shape[-1]))
            return x * 2.0
        """)
    loose = _markers("""
        def check(x):
            if x.shape[-1] == 3:
                raise ValueError("three")
            return x * 2.0
        """)
    assert STATIC_SHAPE in strict and NONE_TOLERANT not in strict, strict
    assert NONE_TOLERANT in loose, loose
