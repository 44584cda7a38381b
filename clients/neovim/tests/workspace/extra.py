"""A file nobody opens: :HybridizeWorkspace converts it too."""

import tensorflow as tf


def square(t):
    return tf.square(t)


def go():
    return square(tf.constant([1.0, 2.0]))
