"""analysis/identity_tests.py: an `is` test on an object a tf.function passes as another one.

Measured here with TF 2.21: an object passed to a tf.function, tested with `is` against itself
(a closure) and against the same object passed twice. What the rule flags loses its identity in
at least one of the two; what it leaves keeps it in both. The verdicts are in
tests/corpus_expected.py (semantics/identity.py), the harness negatives in
tests/equivalence_cases.py."""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import pytest
import tensorflow as tf
from hybridize.analysis import values as V
from hybridize.analysis.identity_tests import identity_hazard

Pair = collections.namedtuple("Pair", "a b")


class Thing:
    pass


def _user_fn(x: Any) -> Any:
    return x


# name -> (the object, the engine's value for it, whether a tf.function keeps its identity)
KINDS: dict[str, tuple[Callable[[], Any], str, bool]] = {
    "list": (lambda: [1.0, 2.0], V.LIST, False),
    "tuple": (lambda: (1.0, 2.0), V.LIST, False),
    "dict": (lambda: {"k": 1.0}, V.LIST, False),
    "namedtuple": (lambda: Pair(1.0, 2.0), V.LIST, False),
    "empty list": (lambda: [], V.EMPTY_LIST, False),
    "list of tensors": (lambda: [tf.constant(1.0)], V.LIST_OF_TENSORS, False),
    "list of layers": (lambda: [keras.layers.Dense(2)], V.LIST_OF_LAYERS, False),
    "numpy": (lambda: np.ones(2, np.float32), V.NUMPY, False),
    "tf.exp": (lambda: tf.exp, "lib:tensorflow.exp", False),
    "tf.math.log": (lambda: tf.math.log, "lib:tensorflow.math.log", False),
    "tf.nn.softmax": (lambda: tf.nn.softmax, "lib:tensorflow.nn.softmax", False),
    "None": (lambda: None, V.NONE, True),
    "int": (lambda: 7, "int", True),
    "str": (lambda: "s", "str", True),
    "instance": (lambda: Thing(), "obj:m.Thing", True),
    "class": (lambda: Thing, "cls:m.Thing", True),
    "user function": (lambda: _user_fn, "fn:m._user_fn", True),
    "partial": (lambda: functools.partial(max, 1), "?", True),
    "layer": (lambda: keras.layers.Dense(2), V.TF_LAYER, True),
    "dtype": (lambda: tf.float32, "lib:tensorflow.float32", True),
}


def _kept(obj: Any) -> bool:
    """Whether `is` sees the same object traced as eagerly, both ways of testing it."""

    def against_itself(x: tf.Tensor, a: Any) -> tf.Tensor:
        return tf.constant(1.0) if a is obj else tf.constant(0.0)

    def passed_twice(x: tf.Tensor, a: Any, b: Any) -> tf.Tensor:
        return tf.constant(1.0) if a is b else tf.constant(0.0)

    t = tf.constant(1.0)
    assert float(against_itself(t, obj)) == 1.0 and float(passed_twice(t, obj, obj)) == 1.0
    return float(tf.function(against_itself)(t, obj)) == 1.0 and \
        float(tf.function(passed_twice)(t, obj, obj)) == 1.0


@pytest.mark.parametrize("name", sorted(KINDS))
def test_identity_measured(name: str) -> None:
    make, _, kept = KINDS[name]
    assert _kept(make()) is kept


@pytest.mark.parametrize("name", sorted(KINDS))
def test_rule_flags_what_loses_identity(name: str) -> None:
    _, value, kept = KINDS[name]
    if value == "?":  # unknown: value_use reports it before this rule
        return
    found = identity_hazard(frozenset({value, V.NONE}))
    assert (found is None) is kept, found
    if found:
        assert found[0] == "UNDETERMINABLE_CONSTRUCT"


def test_any_tensorflow_function_counts() -> None:
    """tf.nn.relu keeps its identity (measured) but the engine does not tell TensorFlow
    functions apart: flagged too (default-deny)."""
    assert _kept(tf.nn.relu)
    assert identity_hazard(frozenset({"lib:tensorflow.nn.relu"})) is not None
