"""TensorFlow's internal import paths (issue 12): code that imports from `tensorflow.python`
calls the very objects of the public API (tf.Variable, tf.constant), and gets their rules: also
where a module re-exports one (`tensorflow.python.ops.nn.bias_add` is tf.nn.bias_add) and for the
generated op wrappers (`gen_math_ops.mat_mul` is the function tf.raw_ops.MatMul copies)."""

import tensorflow as tf
from tensorflow.python.framework import constant_op
from tensorflow.python.ops import gen_math_ops, nn, variables


def halved(value):
    return value / 2.0


def shifted_by_one(x):
    return x + constant_op.constant(1.0)


def dense_forward(x, kernel, bias):
    return nn.bias_add(gen_math_ops.mat_mul(x, kernel), bias)


def main():
    halved(variables.Variable(3.0))
    shifted_by_one(constant_op.constant([1.0, 2.0]))
    dense_forward(tf.ones((2, 3)), tf.ones((3, 4)), tf.zeros(4))
    return tf.constant(0.0)
