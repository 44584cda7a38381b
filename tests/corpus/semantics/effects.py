"""Calls whose effect the engine knows (issue 12, unknown side effects): Python's exception
classes (measured raised while tracing: data/raised_exceptions.tsv), `inspect`'s introspection
of an object, absl logging."""

import inspect

import tensorflow as tf
from absl import logging


class ShapeError(Exception):
    pass


class RankError(ValueError):
    pass


def checked_matrix(x):
    if len(x.shape) != 2:
        raise ShapeError(f"expected a matrix, got a tensor of rank {len(x.shape)}")
    return tf.linalg.trace(x)


def checked_vector(x):
    if len(x.shape) != 1:
        raise RankError(f"expected a vector, got a tensor of rank {len(x.shape)}")
    return tf.reduce_sum(x)


def matrix_trace(x):
    if len(x.shape) != 2:
        raise LookupError(f"expected a matrix, got a tensor of rank {len(x.shape)}")
    return tf.linalg.trace(x)


def first_row(x):
    if len(x.shape) == 0:
        raise IndexError("a scalar has no rows")
    return x[0] * 2.0


def checked_rank(x):
    if len(x.shape) == 0:
        raise ValueError("expected at least one dimension")
    return tf.reduce_sum(x, axis=-1)


def activated(x, activation):
    if inspect.isclass(activation):
        raise TypeError("pass an activation function, not a class")
    return activation(x)


def logged_norm(x):
    logging.info("norm of a batch of shape %s", x.shape)
    return tf.norm(x)


def main():
    matrix_trace(tf.eye(3))
    checked_matrix(tf.eye(2))
    checked_vector(tf.ones(3))
    first_row(tf.ones((2, 3)))
    checked_rank(tf.ones((2, 3)))
    activated(tf.constant([-1.0, 2.0]), tf.nn.relu)
    return logged_norm(tf.constant([3.0, 4.0]))
