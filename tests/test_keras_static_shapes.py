"""keras_pure.static_shape_read: a Keras layer's `call` that reads a static shape, itself or in a
function it reaches, is declined (soundness). Keras traces the `call` on symbolic inputs first (a
functional model on keras.Input, keras.Sequential), where the batch and every unknown dimension
are None, and the eager calls after it reuse that trace. Measured in the equivalence harness:
kerascall/static_shapes.py Sized.call and Lengthed.call (through length_scale) train to other
losses traced; Dynamic.call (tf.shape) the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project

PROJECT = """
import keras
import tensorflow as tf
from keras import ops


class Scaled(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return BODY


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
    return any(f.code == "IS_KERAS_CALL_METHOD" and "reads a static shape" in f.message
               for f in report.failures)


@pytest.mark.parametrize("body", [
    "x * self.w * float(x.shape[1] or 1)",
    "x * self.w * float(ops.shape(x)[1] or 1)",
    "x * self.w * float(x.get_shape()[1] or 1)",
])
def test_a_call_that_reads_a_static_shape_is_declined(tmp_path: Path, body: str) -> None:
    """Converted before (the layer is built by its own `build`, called on keras.Input from a
    builder function)."""
    report = _reports(tmp_path, body)["m.py::Scaled.call"]
    assert report.transformation is None
    assert _static_reason(report), report.failures


def test_a_dynamic_shape_is_not_a_static_one(tmp_path: Path) -> None:
    report = _reports(tmp_path, "x * self.w * tf.cast(tf.shape(x)[1], x.dtype)")[
        "m.py::Scaled.call"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


def test_a_call_whose_helper_reads_a_static_shape_is_declined(tmp_path: Path) -> None:
    """`Helped.call`'s trace includes `length_scale`'s read (kerascall/static_shapes.py's
    Lengthed.call, a harness negative). The helper converted on its own is not declined for
    it (a known gap, docs: 46 helpers on the eight projects read static shapes)."""
    reports = _reports(tmp_path, "x * self.w", helper="x * float(x.shape[1] or 1)")
    call = reports["m.py::Helped.call"]
    assert call.transformation is None
    assert _static_reason(call), call.failures


def test_a_helper_without_static_shapes_stays_converted(tmp_path: Path) -> None:
    reports = _reports(tmp_path, "x * self.w")
    assert reports["m.py::length_scale"].transformation == "CONVERT_TO_HYBRID", \
        reports["m.py::length_scale"].failures
