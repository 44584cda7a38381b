"""Reduced from tensorflow-recommenders 0.7.7 (layers/feature_interaction/dcn.py), where an earlier
engine proposed `@tf.function` on `clone_initializer`: its argument comes from
`tf.keras.initializers.get` (an initializer object, not a tensor) and it returns a Python object,
so as a tf.function it fails ("Python functions must return zero or more Tensors")."""

import tensorflow as tf


def clone_initializer(initializer):
    return initializer.__class__.from_config(initializer.get_config())


class Cross(tf.keras.layers.Layer):
    def __init__(self, kernel_initializer="truncated_normal", **kwargs):
        super().__init__(**kwargs)
        self._kernel_initializer = tf.keras.initializers.get(kernel_initializer)

    def build(self, input_shape):
        self._dense = tf.keras.layers.Dense(
            input_shape[-1], kernel_initializer=clone_initializer(self._kernel_initializer))

    def call(self, x0, x):
        return x0 * self._dense(x) + x


def main():
    layer = Cross()
    x = tf.ones((2, 3))
    return layer(x, x)
