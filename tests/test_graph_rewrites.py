"""Pairs of ops a graph rewrites into one op (server/hybridize/analysis/graph_rewrites.py,
data/graph_rewrites.tsv from tools/probe_graph_rewrites.py). Grappler's arithmetic optimizer
turns log(softmax) into LogSoftmax, logical_not of an ordering into the opposite ordering,
argmax/argmin of a monotonic element-wise op into argmax/argmin of its input, reduce_max of sqrt
into sqrt of reduce_max, pow with the exponent 0.5/-0.5 into sqrt/rsqrt: each computes
otherwise on some inputs (underflow, NaN, saturation, -inf). Each declined form below was
proposed before; the TensorFlow runs at the end show the differences the table records."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf
from helpers_project import analyse, verdicts, write_project
from hybridize.analysis import graph_rewrites

MODULE = '''
import keras
import tensorflow as tf
from tensorflow.keras import backend as K
from keras import ops


def log_softmax_nested(x):
    return tf.math.log(tf.nn.softmax(x, axis=-1))


def log_softmax_keras(x):
    return ops.log(ops.softmax(x))


def log_softmax_local(x):
    probs = tf.nn.softmax(x)
    scaled = probs * 2.0
    return tf.math.log(probs), scaled


def log_softmax_keyword(x):
    return tf.math.log(x=tf.nn.softmax(x))


def not_less(a, b):
    return tf.logical_not(a < b)


def invert_greater_local(a):
    reachable = a > 0
    return ~reachable


def invert_keras_less(a, b):
    return ~ops.less(a, b)


def argmax_sigmoid(x):
    return tf.argmax(tf.sigmoid(x), axis=-1)


def argmin_relu(x):
    return tf.math.argmin(tf.nn.relu(x))


def max_of_sqrt(x):
    return tf.reduce_max(tf.sqrt(x))


def keras_max_of_log(x):
    return ops.max(ops.log(x))


def pow_half(x):
    return tf.pow(x, 0.5)


def power_minus_half(x):
    return ops.power(x, -0.5)


def log_softmax_eps(x):
    return tf.math.log(tf.nn.softmax(x) + 1e-9)


def log_softmax_builtin(x):
    return tf.nn.log_softmax(x)


def not_equal_form(a, b):
    return tf.logical_not(tf.equal(a, b))


def keras_argmax_sigmoid(x):
    return ops.argmax(ops.sigmoid(x))


def max_of_exp(x):
    return tf.reduce_max(tf.exp(x))


def pow_two(x):
    return tf.pow(x, 2.0)


def log_of_param(p):
    return tf.math.log(p)


def invert_mask(mask):
    return ~mask


def log_one_plus(x):
    return tf.math.log(1.0 + tf.exp(-x))


def log_plus_ones(x):
    return tf.math.log(tf.add(x, tf.ones_like(x)))


def relative_growth(x):
    grown = tf.exp(x)
    return (grown - 1) / x


def subtract_one(x):
    return tf.subtract(tf.math.exp(x), 1.0)


def log_two_plus(x):
    return tf.math.log(2.0 + x)


def one_minus_exp(x):
    return 1.0 - tf.exp(x)


def log_plus_local_one(x):
    one = tf.ones_like(x)
    return tf.math.log(tf.add(one, x))


def log_plus_filled_one(x):
    return tf.math.log(tf.fill(tf.shape(x), 1.0) + x)


def bce_of_sigmoid(y, z):
    return keras.losses.binary_crossentropy(y, tf.sigmoid(z))


def cce_of_softmax_local(y, z):
    probs = tf.nn.softmax(z)
    return keras.losses.categorical_crossentropy(y, probs)


def bce_object(y, z):
    return keras.losses.BinaryCrossentropy()(y, tf.nn.sigmoid(z))


def sparse_keyword(y, z):
    return keras.losses.sparse_categorical_crossentropy(y, y_pred=tf.nn.softmax(z))


def bce_from_logits(y, z):
    # told the prediction is logits: the activation's op is not looked at
    return keras.losses.binary_crossentropy(y, tf.sigmoid(z), from_logits=True)


def bce_keras_sigmoid(y, z):
    # keras' own sigmoid keeps its logits on the tensor eagerly too (measured: the same)
    return keras.losses.binary_crossentropy(y, keras.activations.sigmoid(z))


def main():
    y, z = tf.constant([[0.0, 1.0]]), tf.constant([[30.0, -40.0]])
    bce_of_sigmoid(y, z), cce_of_softmax_local(y, z), bce_object(y, z), bce_from_logits(y, z)
    bce_keras_sigmoid(y, z), sparse_keyword(tf.constant([1]), z)
    x = tf.constant([[1.0, 2.0]])
    log_one_plus(x), log_plus_ones(x), relative_growth(x), subtract_one(x), log_two_plus(x)
    one_minus_exp(x), log_plus_local_one(x), log_plus_filled_one(x)
    return (log_softmax_nested(x), log_softmax_keras(x), log_softmax_local(x),
            log_softmax_keyword(x), not_less(x, x), invert_greater_local(x),
            invert_keras_less(x, x), argmax_sigmoid(x), argmin_relu(x), max_of_sqrt(x),
            keras_max_of_log(x), pow_half(x), power_minus_half(x), log_softmax_eps(x),
            log_softmax_builtin(x), not_equal_form(x, x), keras_argmax_sigmoid(x),
            max_of_exp(x), pow_two(x), log_of_param(x), invert_mask(x > 0))
'''

DECLINED = ["log_softmax_nested", "log_softmax_keras", "log_softmax_local", "log_softmax_keyword",
            "not_less", "invert_greater_local", "invert_keras_less", "argmax_sigmoid",
            "argmin_relu", "max_of_sqrt", "keras_max_of_log", "pow_half", "power_minus_half",
            "log_one_plus", "log_plus_ones", "relative_growth", "subtract_one",
            "log_plus_local_one", "log_plus_filled_one"]
# Keras' cross-entropy from the logits of the op it sees traced (a red team of session 41)
LOSSES = ["bce_of_sigmoid", "cce_of_softmax_local", "bce_object", "sparse_keyword"]
ACCEPTED = ["log_softmax_eps", "log_softmax_builtin", "not_equal_form", "keras_argmax_sigmoid",
            "max_of_exp", "pow_two", "log_of_param", "invert_mask", "log_two_plus", "one_minus_exp",
            "bce_from_logits", "bce_keras_sigmoid"]


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = write_project(tmp_path_factory.mktemp("rewrites") / "p", {"m.py": MODULE})
    return verdicts(analyse(root))


@pytest.mark.parametrize("name", DECLINED)
def test_a_pair_a_graph_rewrites_is_trace_dependent(found: dict, name: str) -> None:
    report = found[f"m.py::{name}"]
    assert report.transformation is None
    assert [f.code for f in report.failures][:1] == ["HAS_TRACE_DEPENDENT_CODE"], report.failures
    assert "Grappler" in report.failures[0].message


@pytest.mark.parametrize("name", LOSSES)
def test_a_keras_cross_entropy_of_an_activation_s_op_is_trace_dependent(found: dict,
                                                                         name: str) -> None:
    report = found[f"m.py::{name}"]
    assert report.transformation is None
    assert [f.code for f in report.failures][:1] == ["HAS_TRACE_DEPENDENT_CODE"], report.failures
    assert "from the logits of the" in report.failures[0].message


@pytest.mark.parametrize("name", ACCEPTED)
def test_pairs_measured_the_same_stay_convertible(found: dict, name: str) -> None:
    assert found[f"m.py::{name}"].transformation is not None, found[f"m.py::{name}"].failures


def test_the_table_holds_the_measured_pairs() -> None:
    table = graph_rewrites.pairs()
    assert ("tensorflow.math.log", "tensorflow.nn.softmax") in table
    assert ("operator.invert", "operator.gt") in table
    assert ("tensorflow.math.argmax", "tensorflow.math.sigmoid") in table
    assert ("tensorflow.math.pow", "exponent 0.5") in table
    assert ("tensorflow.math.logical_not", "tensorflow.math.equal") not in table
    assert ("tensorflow.keras.ops.argmax", "tensorflow.keras.ops.sigmoid") not in table
    assert ("tensorflow.math.pow", "exponent 2.0") not in table
    assert ("tensorflow.math.log", "operator.add_one") in table
    assert ("operator.sub_one", "tensorflow.exp") in table


NAN, INF = float("nan"), float("inf")
RUNS = {
    "log(softmax)": (lambda x: tf.math.log(tf.nn.softmax(x)), (tf.constant([[1000.0, 0.0]]),)),
    "~(a > 0)": (lambda a: ~(a > 0), (tf.constant([NAN, 1.0]),)),
    "argmax(sigmoid)": (lambda x: tf.argmax(tf.sigmoid(x)), (tf.constant([20.0, 30.0]),)),
    "reduce_max(sqrt)": (lambda x: tf.reduce_max(tf.sqrt(x)), (tf.constant([-1.0, 4.0]),)),
    "pow(x, 0.5)": (lambda x: tf.pow(x, 0.5), (tf.constant([-INF, 4.0]),)),
    # Log1p and Expm1 (a red team of session 26): exactly 0 eagerly, 1e-9 traced
    "log(1 + x)": (lambda x: tf.math.log(1.0 + x) * 1e9, (tf.constant([1e-9, 0.5]),)),
    "exp(x) - 1": (lambda x: (tf.exp(x) - 1.0) / x, (tf.constant([1e-9, 0.5]),)),
    # 10.7 eagerly (clipped probabilities), 23.3 traced (the Sigmoid op's logits)
    "bce(y, sigmoid(z))": (lambda y, z: keras.losses.binary_crossentropy(y, tf.sigmoid(z)),
                           (tf.constant([[0.0, 1.0, 1.0]]), tf.constant([[30.0, -40.0, 5.0]]))),
    "cce(y, softmax(z))": (lambda y, z: keras.losses.categorical_crossentropy(
        y, tf.nn.softmax(z)), (tf.constant([[0.0, 1.0, 0.0]]), tf.constant([[60.0, -2.0, 1.0]]))),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_traced_the_pair_computes_otherwise(name: str) -> None:
    fn, args = RUNS[name]
    eager, traced = fn(*args).numpy(), tf.function(fn)(*args).numpy()
    assert eager.shape == traced.shape
    assert not np.allclose(eager, traced, equal_nan=True), (eager, traced)
