"""TensorFlow's internal import paths (issue 12): code that imports from `tensorflow.python`
calls the very objects of the public API (tf.Variable, tf.constant), and gets their rules."""

import tensorflow as tf
from tensorflow.python.framework import constant_op
from tensorflow.python.ops import variables


def halved(value):
    return value / 2.0


def shifted_by_one(x):
    return x + constant_op.constant(1.0)


def main():
    halved(variables.Variable(3.0))
    shifted_by_one(constant_op.constant([1.0, 2.0]))
    return tf.constant(0.0)
