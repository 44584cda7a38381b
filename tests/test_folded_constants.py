"""Constants Grappler folds first in `C1 - X + C2` (server/hybridize/analysis/folded_constants.py)
under other spellings than a literal or a name in capitals: `self.eps`, `self._epsilon`, a
lowercase module constant, a parameter's default, `K.epsilon()`, `keras.backend.epsilon()`, and
the sum written `tf.add`/`tf.math.add`/`tf.subtract`. Each was proposed; each computes another
value traced than eagerly at a saturated input (measured TF 2.21, tools/probe_folded_forms.py;
the TensorFlow runs below). What stays convertible: another tensor as the second term, and the
constants summed by Python first."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf
from helpers_project import analyse, verdicts, write_project

MODULE = '''
import tensorflow as tf
import keras
from tensorflow.keras import backend as K

eps = 1e-6
HEADER = 16


class Actor:
    EPS = 1e-6
    eps_c = 1e-6

    def __init__(self):
        self.eps = 1e-6
        self._epsilon = 1e-7


def f_literal(x):
    return tf.math.log(1.0 - x ** 2 + 1e-6)


def f_self_eps(actor, x):
    return tf.math.log(1.0 - x ** 2 + actor.eps)


def f_self_epsilon(actor, x):
    return tf.math.log(1.0 - x ** 2 + actor._epsilon)


def f_module_eps(x):
    return tf.math.log(1.0 - x ** 2 + eps)


def f_k_eps(x):
    return tf.math.log(1.0 - x ** 2 + K.epsilon())


def f_keras_eps(x):
    return tf.math.log(1.0 - x ** 2 + keras.backend.epsilon())


def f_default(x, eps=1e-6):
    return tf.math.log(1.0 - x ** 2 + eps)


def f_tf_add(x):
    return tf.math.log(tf.add(tf.subtract(1.0, x ** 2), 1e-6))


def f_tf_math_add(x):
    return tf.math.log(tf.math.add(1.0 - x ** 2, 1e-6))


def f_plain_other(x, y):
    return tf.math.log(1.0 - x ** 2 + y)


def f_python_first(x):
    return tf.math.log((1.0 + 1e-6) - x ** 2)


def f_int_sum(x):
    return x + 1 + 2


def f_int_ranks(x, y):
    # integer sums on both sides are exact in any order (session 41: not folded)
    return tf.cast((tf.rank(x) - 1) + (tf.rank(y) - 1), tf.float32) * x


def main():
    f_int_ranks(tf.constant([0.5]), tf.constant([[1.0]]))
    a = Actor()
    x = tf.constant([0.5])
    return (f_literal(x), f_self_eps(a, x), f_self_epsilon(a, x), f_module_eps(x), f_k_eps(x),
            f_keras_eps(x), f_default(x), f_tf_add(x), f_tf_math_add(x), f_plain_other(x, x),
            f_python_first(x), f_int_sum(x))
'''

DECLINED = ["f_literal", "f_self_eps", "f_self_epsilon", "f_module_eps", "f_k_eps",
            "f_keras_eps", "f_default", "f_tf_add", "f_tf_math_add"]
ACCEPTED = ["f_plain_other", "f_python_first", "f_int_sum", "f_int_ranks"]


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = write_project(tmp_path_factory.mktemp("folded") / "p", {"m.py": MODULE})
    return verdicts(analyse(root))


@pytest.mark.parametrize("name", DECLINED)
def test_an_epsilon_under_any_of_its_names_is_folded(found: dict, name: str) -> None:
    report = found[f"m.py::{name}"]
    assert report.transformation is None
    assert [f.code for f in report.failures][:1] == ["HAS_TRACE_DEPENDENT_CODE"], report.failures


@pytest.mark.parametrize("name", ACCEPTED)
def test_sums_a_graph_does_not_reorder_stay_convertible(found: dict, name: str) -> None:
    assert found[f"m.py::{name}"].transformation is not None, found[f"m.py::{name}"].failures


class _Actor:
    def __init__(self) -> None:
        self.eps = 1e-6


_ACTOR = _Actor()


def _default(x: tf.Tensor, eps: float = 1e-6) -> tf.Tensor:
    return 1.0 - x + eps


FORMS = {
    "self.eps": lambda x: 1.0 - x + _ACTOR.eps,
    "keras.backend.epsilon()": lambda x: 1.0 - x + keras.backend.epsilon() / 10.0,
    "a parameter's default": _default,
    "tf.add(tf.subtract(1.0, x), 1e-6)": lambda x: tf.add(tf.subtract(1.0, x), 1e-6),
    "tf.math.add(1.0 - x, 1e-6)": lambda x: tf.math.add(1.0 - x, 1e-6),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_traced_the_constants_are_summed_first(name: str) -> None:
    """At x = 1 the terms cancel: eagerly exactly the epsilon (rounded to float32 once), traced
    the float32 sum 1 + eps minus 1, another number."""
    form = FORMS[name]
    x = tf.constant([1.0, 0.5])
    eager, traced = form(x).numpy(), tf.function(form)(x).numpy()
    assert eager[0] != traced[0], (eager, traced)
    assert eager[1] == pytest.approx(traced[1])  # away from cancelling: the same


def test_an_epsilon_held_as_a_tensor_is_not_folded() -> None:
    """An epsilon made a tensor eagerly is captured, not a constant of the graph: the same both
    ways (why a tensor term is not flagged)."""
    eps = tf.constant(1e-6)
    form = lambda x: 1.0 - x + eps  # noqa: E731
    x = tf.constant([1.0])
    assert form(x).numpy().tobytes() == tf.function(form)(x).numpy().tobytes()


def test_integer_sums_on_both_sides_compute_the_same_traced() -> None:
    """f_int_ranks, converted since session 41: eagerly and as a tf.function, equal."""
    def fn(x: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
        return tf.cast((tf.rank(x) - 1) + (tf.rank(y) - 1), tf.float32) * x
    for x, y in ((tf.constant([0.5]), tf.constant([[1.0]])),
                 (tf.constant([[2.0, 3.0]]), tf.constant([[[1.0]]]))):
        assert np.array_equal(fn(x, y).numpy(), tf.function(fn)(x, y).numpy())
