"""Lambdas called in a function's body (written for the rule; real code has many such small
lambdas, e.g. tf-models-official 2.20.0 vision/ops `lambda: horizontal_flip_image(image)`). A lambda
is not reported, but it runs inside its caller's graph: what fails in its body fails there
(facts.build closes hazards and stale reads over lambdas too)."""

import tensorflow as tf

THRESHOLD = tf.constant(0.5)


def to_host(x):
    """`.numpy()` in the lambda: a traced tensor has no value."""
    fetch = lambda t: t.numpy()  # noqa: E731
    return tf.constant(fetch(x)) * 2.0


def clipped(x, limit):
    """A conditional expression on a tensor, one branch None: the graph cannot build it."""
    clip = lambda v, t: None if t > 1.0 else tf.maximum(v, t)  # noqa: E731
    return clip(x, limit)


def clipped_by_default(x):
    """The same, the tensor given as the lambda's default (evaluated where the lambda is)."""
    clip = lambda v, t=THRESHOLD: None if t > 1.0 else tf.maximum(v, t)  # noqa: E731
    return clip(x)


def scaled(x):
    """A lambda of tensor ops only: converted."""
    scale = lambda v: v * 2.0 + 1.0  # noqa: E731
    return scale(x)


def main():
    x = tf.constant([0.25, 2.0])
    print(to_host(x))
    print(clipped(x, tf.constant(0.5)))
    print(clipped_by_default(x))
    print(scaled(x))
