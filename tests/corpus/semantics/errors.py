"""Errors raised while ops run, caught by try/except or a fallback (class 1).

Eagerly the op runs inside the `try`, so the handler sees its error; in a graph the `try` only
wraps the tracing, and the op's error surfaces later, from the graph, past the handler.
"""

import tensorflow as tf


def safe_cholesky(matrix):
    try:
        return tf.linalg.cholesky(matrix)
    except tf.errors.InvalidArgumentError:
        return tf.zeros_like(matrix)


def checked_log(x):
    try:
        tf.debugging.assert_positive(x)
    except tf.errors.InvalidArgumentError:
        x = tf.abs(x) + 1e-6
    return tf.math.log(x)


def gather_or_zeros(params, indices):
    try:
        return tf.gather(params, indices)
    except tf.errors.InvalidArgumentError:
        return tf.zeros(tf.shape(indices), params.dtype)


def reshape_rows_or_flatten(x, rows):
    try:
        return tf.reshape(x, tf.stack([rows, -1]))
    except (tf.errors.InvalidArgumentError, ValueError):
        return tf.reshape(x, [1, -1])


def parse_scores(text):
    try:
        return tf.strings.to_number(text)
    except tf.errors.InvalidArgumentError:
        return tf.fill(tf.shape(text), -1.0)


def finite_loss_or_zero(loss):
    try:
        return tf.debugging.check_numerics(loss, "loss")
    except tf.errors.InvalidArgumentError:
        return tf.zeros_like(loss)


def solve_or_least_squares(a, b):
    try:
        return tf.linalg.solve(a, b)
    except tf.errors.InvalidArgumentError:
        return tf.linalg.pinv(a) @ b


def embed_or_unknown(table, ids):
    try:
        return tf.nn.embedding_lookup(table, ids)
    except Exception:
        return tf.zeros([tf.size(ids), tf.shape(table)[1]])


def matmul_or_broadcast(a, b):
    # The shapes are known when tracing, so the graph raises the ValueError while tracing:
    # the fallback is taken in both modes.
    try:
        return tf.matmul(a, b)
    except (ValueError, tf.errors.InvalidArgumentError):
        return a * b


def safe_ratio(x, y):
    try:
        return x / y
    except ZeroDivisionError:  # tensors divide to inf, never raise this
        return tf.zeros_like(x)


def first_row_or_zeros(x):
    try:
        return x[0]
    except (tf.errors.InvalidArgumentError, ValueError):
        return tf.zeros(tf.shape(x)[1:])


def strict_gather(params, indices):
    return tf.gather(params, indices)


def count_or_minus_one(values):
    try:
        return tf.math.bincount(values)
    except tf.errors.InvalidArgumentError:
        return tf.constant([-1])


def main():
    spd = tf.constant([[2.0, 0.5], [0.5, 1.0]])
    safe_cholesky(spd)
    checked_log(tf.constant([1.0, 2.0]))
    gather_or_zeros(tf.constant([1.0, 2.0]), tf.constant([0, 1]))
    reshape_rows_or_flatten(tf.range(6.0), tf.constant(2))
    parse_scores(tf.constant(["1.5", "2"]))
    finite_loss_or_zero(tf.constant(0.5))
    solve_or_least_squares(spd, tf.constant([[1.0], [2.0]]))
    embed_or_unknown(tf.ones((4, 2)), tf.constant([0, 3]))
    matmul_or_broadcast(tf.ones((2, 2)), tf.ones((2, 2)))
    safe_ratio(tf.constant([1.0]), tf.constant([2.0]))
    first_row_or_zeros(tf.ones((2, 3)))
    strict_gather(tf.constant([1.0, 2.0]), tf.constant([1]))
    count_or_minus_one(tf.constant([0, 1, 1]))
