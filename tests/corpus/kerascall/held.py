"""A layer held by a Keras class that receives a value of unknown kind in its constructor.

Reduced from keras-hub 0.32.0 (TokenAndPositionEmbedding passes `clone_initializer(...)` to
PositionEmbedding; CachedMultiHeadAttention derives from keras.layers.MultiHeadAttention). Such a
class may hold any layer. That matters only when Keras builds it by running its `call` in a
scratch graph, not when it or a library base has a `build` of its own (Dense here): an earlier
engine declined every layer's `call` in the project for one such constructor call.
"""

import tensorflow as tf


def clone_initializer(initializer):
    return initializer.__class__.from_config(initializer.get_config())


class FeatureScale(tf.keras.layers.Layer):
    """Its only weight is made in its own `build`."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

    def call(self, x):
        return x * self.scale


class ScaledProjection(tf.keras.layers.Dense):
    """A Dense (Keras builds its kernel with Dense.build) that first runs a layer it is given."""

    def __init__(self, units, pre, kernel_initializer="glorot_uniform", **kwargs):
        initializer = clone_initializer(tf.keras.initializers.get(kernel_initializer))
        super().__init__(units, kernel_initializer=initializer, **kwargs)
        self.pre = pre

    def call(self, x):
        return super().call(self.pre(x))


def main():
    projection = ScaledProjection(2, FeatureScale())
    return projection(tf.ones((3, 4)))
