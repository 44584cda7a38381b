"""`is` tests on arguments whose identity a tf.function does not keep (measured, TF 2.21,
tests/test_identity_tests.py): a list, tuple or dict argument is rebuilt, a NumPy array becomes a
tensor and some TensorFlow functions (tf.exp, tf.math.log, tf.nn.softmax) come in as another
object, so `a is b` / `a is DEFAULT_SCALES` / `act is tf.exp` is True eagerly and False traced.
None, Python numbers and strings, objects, classes, user functions and tf.Variables keep it."""

import numpy as np
import tensorflow as tf

DEFAULT_SCALES = [1.0, 2.0]
TABLE = np.array([1.0, 2.0, 3.0], np.float32)


def by_activation(x, act):
    """tf.exp passed as `act`: eagerly the `is` holds, traced it does not (exp(x) instead)."""
    if act is tf.exp:
        return x * 2.0
    return act(x)


def scaled(x, scales):
    """The module's list passed as `scales`: rebuilt by the tf.function, never DEFAULT_SCALES."""
    if scales is DEFAULT_SCALES:
        return x * 2.0
    return x * scales[0]


def shared_pair(xs, ys):
    """The same list of tensors passed twice: two lists traced."""
    if xs is ys:
        return xs[0] * 2.0
    return xs[0] + ys[0] * 10.0


def table_lookup(x, table):
    """A NumPy array passed as `table` becomes a tensor: never TABLE traced."""
    if table is TABLE:
        return x * 2.0
    return x + table


def with_default(x, offset=None):
    """`is None` against the literal: the same both ways (None is passed as itself)."""
    if offset is None:
        return x * 2.0
    return x + offset


def with_kind(x, kind):
    """A class passed as an argument keeps its identity."""
    if kind is float:
        return x * 2.0
    return x


def main():
    t = tf.constant([1.0, 2.0])
    pair = [t]
    return [by_activation(t, tf.exp), by_activation(t, tf.math.log),
            scaled(t, DEFAULT_SCALES), scaled(t, [3.0, 1.0]),
            shared_pair(pair, pair), shared_pair(pair, [t]),
            table_lookup(t[:1], TABLE), table_lookup(t[:1], np.ones(1, np.float32)),
            with_default(t), with_default(t, t), with_kind(t, float), with_kind(t, int)]
