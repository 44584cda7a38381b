"""A Keras layer's dtype-policy strings change with `layer.dtype_policy = ...` (a property
setter): a read of `self.compute_dtype` / `variable_dtype` / `dtype` is a stale read when the
workspace stores the policy (facts._WRITTEN_THROUGH). Each declined `call` below was proposed
before; the TensorFlow run at the end shows the trace keeping the old dtype (Keras 3.15)."""

from __future__ import annotations

import keras
import pytest
import tensorflow as tf
from helpers_project import analyse, verdicts, write_project

MODULE = '''
import keras
from keras import ops


class Computed(keras.layers.Layer):
    def call(self, ids):
        return ops.cast(ids, self.compute_dtype)


class Variabled(keras.layers.Layer):
    def call(self, ids):
        return ops.cast(ids, self.variable_dtype)


class Named(keras.layers.Layer):
    def call(self, ids):
        return ops.cast(ids, self.dtype)


class Untouched(keras.layers.Layer):
    def call(self, ids):
        return ops.cast(ids, self.compute_dtype)


def switch(a: Computed, b: Variabled, c: Named):
    a.dtype_policy = "float64"
    setattr(b, "dtype_policy", "float64")
    c._dtype_policy = keras.DTypePolicy("float64")


def main():
    ids = ops.convert_to_tensor([[1, 2]])
    a, b, c = Computed(), Variabled(), Named()
    switch(a, b, c)
    return a(ids), b(ids), c(ids), Untouched()(ids)
'''


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = write_project(tmp_path_factory.mktemp("policy") / "p", {"m.py": MODULE})
    return verdicts(analyse(root))


@pytest.mark.parametrize("name", ["Computed.call", "Variabled.call", "Named.call"])
def test_a_policy_store_makes_the_dtype_reads_stale(found: dict, name: str) -> None:
    report = found[f"m.py::{name}"]
    assert report.transformation is None
    assert [f.code for f in report.failures][:1] == ["HAS_STALE_READS"], report.failures
    assert "dtype_policy" in report.failures[0].message


def test_a_layer_whose_policy_nothing_stores_stays_convertible(found: dict) -> None:
    report = found["m.py::Untouched.call"]
    assert report.transformation is not None, report.failures


def test_traced_the_cast_keeps_the_old_policy() -> None:
    class Computed(keras.layers.Layer):
        def call(self, ids: tf.Tensor) -> tf.Tensor:
            return keras.ops.cast(ids, self.compute_dtype)

    ids = tf.constant([[1, 2]])
    eager, traced = Computed(), Computed()
    traced.call = tf.function(traced.call)
    assert eager(ids).dtype == traced(ids).dtype == tf.float32
    eager.dtype_policy = traced.dtype_policy = "float64"
    assert eager(ids).dtype == tf.float64
    assert traced(ids).dtype == tf.float32  # the trace made under float32
