"""keras_build._changes_keras_state: a Keras `call` (or a function one reaches) that changes
Keras state is declined. Keras traces a layer's `call` on symbolic inputs (keras.Input,
keras.Sequential, a holder without `build`) inside a StatelessScope, where a KerasVariable's
assignment is only recorded; a decorated `call` keeps that trace and eager calls reuse it
(measured with TF 2.21 / Keras 3.15 in the equivalence harness: tests/corpus/kerascall/
stateless.py, Counted, Bumped, Noisy and Regularized negatives). Each case fails before the
rule (the function was proposed), except `metric` and `seed` (declined before as possible
builds) and the Dense/Softmax guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project

HEAD = """
import keras
import tensorflow as tf


class Plain(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(4)
        self.softmax = keras.layers.Softmax()

    def build(self, input_shape):
        self.dense.build(input_shape)
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        self.steps = self.add_weight(shape=(), initializer="zeros", trainable=False)
        self.seed = keras.random.SeedGenerator(1)
        self.tracker = keras.metrics.Mean()
        self.drop = keras.layers.Dropout(0.5)
"""

TAIL = """

def model():
    inputs = keras.Input((4,))
    return keras.Model(inputs, Plain()(inputs))


def main():
    return model()(tf.ones((2, 4)))
"""

CASES = {
    "assign": ("        self.steps.assign_add(1.0)\n        return x * self.w\n",
               "`self.steps.assign_add` changes Keras state"),
    # Declined before too: a metric or SeedGenerator is a Keras object that may build weights.
    "metric": ("        self.tracker.update_state(x)\n        return x * self.w\n", ""),
    "seed": ("        s = self.seed.next()\n        return x * self.w + tf.cast(s[0], x.dtype)\n",
             ""),
    "random": ("        return x * self.w + keras.random.uniform(tf.shape(x))\n",
               "`keras.random.uniform` changes Keras state"),
    "dropout": ("        return self.drop(x * self.w, training=training)\n",
                "`self.drop` may run a layer that changes Keras state"),
    "helper": ("        return tick(self.steps, x * self.w)\n",
               "`counter.assign_add` changes Keras state"),
}

HELPER = """

def tick(counter, x):
    counter.assign_add(1.0)
    return x * counter
"""


def _verdict(tmp_path: Path, body: str, name: str = "Plain.call"):
    text = HEAD + "\n    def call(self, x, training=None):\n" + body + HELPER + TAIL
    write_project(tmp_path, {"m.py": text})
    return verdicts(analyse(tmp_path))[f"m.py::{name}"]


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_call_that_changes_keras_state_is_declined(tmp_path: Path, kind: str) -> None:
    body, reason = CASES[kind]
    report = _verdict(tmp_path, body)
    assert report.transformation is None
    messages = [f.message for f in report.failures if f.code == "IS_KERAS_CALL_METHOD"]
    assert messages and reason in messages[0], messages


def test_a_helper_that_a_call_reaches_is_declined(tmp_path: Path) -> None:
    """`tick` converted alone is traced inside `Plain.call`'s symbolic run: its assign_add is
    only recorded there (declined before only when given keras.Input)."""
    report = _verdict(tmp_path, "        return x * tick(self.steps, tf.ones(()))\n", "tick")
    assert report.transformation is None
    messages = [f.message for f in report.failures if f.code == "IS_KERAS_CALL_METHOD"]
    assert messages and "part of a Keras layer's `call`" in messages[0], messages
    assert "`counter.assign_add` changes Keras state" in messages[0]


def test_a_workspace_sublayer_that_changes_state(tmp_path: Path) -> None:
    """The holder's traced `call` runs the sublayer's `call` in the same StatelessScope."""
    text = HEAD + """
    def call(self, x, training=None):
        self.steps.assign_add(1.0)
        return x * self.w


class Holder(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = Plain()

    def build(self, input_shape):
        self.inner.build(input_shape)

    def call(self, x, training=None):
        return self.inner(x, training=training) * 2.0
""" + HELPER + TAIL.replace("Plain()(inputs)", "Holder()(inputs)")
    write_project(tmp_path, {"m.py": text})
    report = verdicts(analyse(tmp_path))["m.py::Holder.call"]
    assert report.transformation is None
    messages = [f.message for f in report.failures if f.code == "IS_KERAS_CALL_METHOD"]
    assert messages and "`self.steps.assign_add` changes Keras state" in messages[0], messages


def test_dense_and_softmax_change_nothing(tmp_path: Path) -> None:
    """A Dense built in `build` and a Softmax read no `training` and keep no state: still
    converted (passes before too)."""
    report = _verdict(tmp_path, "        return self.softmax(self.dense(x * self.w))\n")
    assert report.transformation is not None, [f.message for f in report.failures]
