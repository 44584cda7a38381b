"""Tensor-to-Python conversions (class 2): bool/int/float/len/str/format/assert/hash/`in`/list.

Eagerly a tensor has a value, so each conversion gives a Python value; in a graph the tensor is
symbolic: some conversions raise, some give a description of the graph node, and in positions
AutoGraph converts (if/while tests, `not`, `and`, `assert`, `len`) they become graph ops.
"""

import numpy as np
import tensorflow as tf


def loss_as_float(loss):
    return float(loss)


def count_positive(x):
    return int(tf.reduce_sum(tf.cast(x > 0, tf.int32)))


def is_converged(delta):
    return bool(tf.reduce_max(tf.abs(delta)) < 1e-3)


def clip_by_norm_if_large(x):
    norm = tf.norm(x)
    if norm > 5.0:
        x = x * (5.0 / norm)
    return x


def relu_if_mean_positive(x):
    return tf.nn.relu(x) if tf.reduce_mean(x) > 0 else x


def num_selected(x):
    return len(tf.boolean_mask(x, x > 0))


def batch_size(x):
    return len(x)


def describe_mean(x):
    return f"mean={tf.reduce_mean(x):.3f}"


def tensor_label(x):
    return "value " + str(x)


def repr_and_double(x):
    print("input:", repr(x))
    return x * 2.0


def normalize_probabilities(p):
    assert tf.reduce_all(p >= 0.0), "probabilities must be non-negative"
    return p / tf.reduce_sum(p)


def transpose_matrix(x):
    assert x.shape.rank == 2, "expected a matrix"
    return tf.transpose(x)


def tensor_fingerprint(x):
    return hash(x) % 997


def contains_padding(tokens):
    return 0 in tokens


def row_sums(x):
    return tf.stack([tf.reduce_sum(row) for row in list(x)])


def has_non_finite(x):
    return not tf.reduce_all(tf.math.is_finite(x))


def any_negative_and_large(x):
    return tf.reduce_any(x < 0.0) and tf.reduce_any(x > 10.0)


def step_learning_rate(step):
    return 0.1 * 0.5 ** (int(step) // 10)


def batch_message(x):
    return "batch of %d examples" % x.shape[0]  # noqa: UP031 - the way users write it


def num_classes(logits):
    return int(logits.shape[-1])


def normalize_if_any(mask, x):
    if tf.reduce_any(mask):
        x = x / tf.reduce_max(tf.abs(x))
    return x


def scale_if_nonzero(x):
    if tf.reduce_sum(x):
        return x / tf.reduce_sum(x)
    return x


def pad_to_length(x, length):
    return tf.pad(x, [[0, length - tf.shape(x)[0]]])


def plain_fstring(x):
    return f"batch: {x}"


def values_as_list(x):
    return x.numpy().tolist()


def numpy_mean(x):
    return np.mean(x)


def python_sum_of_rows(rows):
    return sum(rows)


def print_and_scale(x):
    print("scaling", x.shape)
    return x * 2.0


def tf_print_and_scale(x):
    tf.print("scaling", tf.shape(x))
    return x * 2.0


def main():
    x = tf.constant([1.0, -2.0, 3.0])
    loss_as_float(tf.constant(0.25))
    count_positive(x)
    is_converged(x)
    clip_by_norm_if_large(x)
    relu_if_mean_positive(x)
    num_selected(x)
    batch_size(x)
    describe_mean(x)
    tensor_label(x)
    repr_and_double(x)
    normalize_probabilities(tf.constant([0.2, 0.8]))
    transpose_matrix(tf.ones((2, 3)))
    tensor_fingerprint(x)
    contains_padding(tf.constant([3, 0, 1]))
    row_sums(tf.ones((2, 3)))
    has_non_finite(x)
    any_negative_and_large(x)
    step_learning_rate(tf.constant(25))
    batch_message(x)
    num_classes(tf.ones((2, 5)))
    normalize_if_any(tf.constant([True, False, False]), x)
    scale_if_nonzero(x)
    pad_to_length(x, tf.constant(5))
    plain_fstring(x)
    values_as_list(x)
    numpy_mean(x)
    python_sum_of_rows([x, x])
    print_and_scale(x)
    tf_print_and_scale(x)
