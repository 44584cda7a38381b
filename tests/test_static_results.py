"""The rows of data/static_python_values.tsv whose result static_values.py reads from the
argument's kind (type-test), dtype (of-dtype) or static shape (of-shape), checked with TensorFlow:
each function gives the same Python value eagerly and inside a tf.function traced from an eager
call (the argument's exact shape), on dense, sparse and ragged tensors of several dtypes and
ranks. A row whose function is not public any more, or answers otherwise traced, fails here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tensorflow as tf
from hybridize.analysis import static_values

TABLE = Path(static_values.__file__).with_name("data") / "static_python_values.tsv"


def _rows(kind: str) -> list[str]:
    rows = [line.split("\t") for line in TABLE.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return sorted(row[0] for row in rows if row[1] == kind)


def _resolve(name: str) -> Any:
    assert name.startswith("tensorflow.")
    obj: Any = tf
    for part in name.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def _tensors() -> list[Any]:
    return [tf.constant([1.0, 2.0]), tf.constant([[1, 2]], tf.int32), tf.constant(3.0, tf.float16),
            tf.zeros((0, 2, 3)), tf.constant(["a"]), tf.constant([True]),
            tf.sparse.from_dense(tf.constant([[0.0, 1.0]])),
            tf.ragged.constant([[1, 2], [3]])]


def _both_ways(function: Any, argument: Any) -> tuple[Any, Any]:
    eager = function(argument)
    seen: list[Any] = []

    @tf.function
    def traced(t: Any) -> Any:
        seen.append(function(t))
        return tf.constant(0)

    traced(argument)
    return eager, seen[0]


@pytest.mark.parametrize("name", _rows("sparse-test"))
def test_a_sparse_test_answers_the_same_for_any_traced_argument(name: str) -> None:
    import numpy as np

    function = _resolve(name)
    for value in [*_tensors(), np.ones((2, 2)), np.float32(1.0), [tf.constant(1.0)], 3, None]:
        eager, traced = _both_ways(function, value)
        assert isinstance(eager, bool) and eager == traced, (name, value, eager, traced)


@pytest.mark.parametrize("name", _rows("type-test"))
def test_a_type_test_answers_the_same_for_a_traced_tensor(name: str) -> None:
    function = _resolve(name)
    for t in _tensors():
        eager, traced = _both_ways(function, t)
        assert isinstance(eager, bool) and eager == traced, (name, t, eager, traced)


@pytest.mark.parametrize("name", _rows("of-dtype"))
def test_a_dtype_function_answers_the_same_for_a_traced_dtype(name: str) -> None:
    function = _resolve(name)
    for t in _tensors():
        if isinstance(t, tf.RaggedTensor):
            continue
        eager, traced = _both_ways(lambda x: function(x.dtype), t)  # noqa: B023
        assert eager == traced and type(eager) is type(traced), (name, t, eager, traced)
    assert function("float16") == function(tf.float16)


@pytest.mark.parametrize("name", _rows("of-shape"))
def test_a_shape_function_answers_the_same_for_the_exact_shape(name: str) -> None:
    function = _resolve(name)
    for t in _tensors():
        if not isinstance(t, tf.Tensor):
            continue
        eager, traced = _both_ways(function, t)
        assert eager == traced and type(eager) is type(traced), (name, t, eager, traced)
        assert not any(isinstance(d, tf.Tensor) for d in
                       (traced if isinstance(traced, tuple) else (traced,)))


def test_a_shape_function_answers_otherwise_for_a_dimension_a_graph_lacks() -> None:
    # Why of-shape is only for the function's own parameter (static_values OWN_SHAPE): of a
    # tensor whose dimension the graph does not know, keras.ops.shape gives a tensor there and
    # K.ndim of a parsed tensor None (eagerly ints).
    seen: list[Any] = []

    @tf.function
    def traced(x: tf.Tensor, s: tf.Tensor) -> tf.Tensor:
        y = tf.boolean_mask(x, x > 0)
        seen.append(_resolve("tensorflow.keras.ops.shape")(y)[0])
        seen.append(_resolve("tensorflow.keras.backend.ndim")(tf.io.parse_tensor(s, tf.float32)))
        return tf.constant(0)

    traced(tf.constant([1.0, -1.0]), tf.io.serialize_tensor(tf.constant([1.0])))
    assert isinstance(seen[0], tf.Tensor) and seen[1] is None
