"""Reduced from gpflow 2.11.2 (kernels/changepoints.py, conditionals/util.py): functions under
check_shapes' `@check_shapes`, whose wrapper checks the shapes of the arguments and the result and
is off inside a tf.function (check_shapes' default, EAGER_MODE_ONLY). `hybridize fix` inserts
`@tf.function` below it, so the wrapper still runs eagerly on every call and the checks keep
raising ShapeMismatchError; a `check_shape` call in the body would be traced (off), and a caller
traced as a graph would run the wrapper only while tracing."""

import tensorflow as tf
from check_shapes import check_shape, check_shapes


@check_shapes(
    "X: [batch..., D]",
    "w: [D]",
    "return: [batch...]",
)
def project(X: tf.Tensor, w: tf.Tensor) -> tf.Tensor:
    return tf.reduce_sum(X * w, axis=-1)


@check_shapes("X: [N, D]")
def project_checked_inside(X: tf.Tensor, w: tf.Tensor) -> tf.Tensor:
    check_shape(w, "[D]")
    return tf.reduce_sum(X * w, axis=-1)


def total_projection(X, w):
    return tf.reduce_sum(project(X, w))


def main():
    X = tf.ones((3, 2))
    w = tf.constant([1.0, 2.0])
    return project(X, w), project_checked_inside(X, w), total_projection(X, w)
