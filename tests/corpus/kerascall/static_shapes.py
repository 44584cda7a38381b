"""Keras layers whose traced `call` reads a static shape (keras_pure.static_shape_read).

Keras traces a layer's `call` on symbolic inputs when it builds a functional model on
keras.Input (and inside keras.Sequential, or a model without `build`): there the batch and every
dimension left unknown are None. A decorated `call` keeps that trace, and the eager calls after
it reuse it, so Python code that reads such a dimension keeps what it computed from None
(measured, TF 2.21 / Keras 3.15: `Sized` and `Lengthed` in functional models on
keras.Input((None, 4)), trained by eager SGD steps, give other losses traced). Both declined;
`Dynamic` reads the length with tf.shape (a tensor in every run) and is converted.
"""

import keras
import tensorflow as tf


def length_scale(x):
    """A helper that a layer's `call` reaches: traced in that `call`'s symbolic run too."""
    return x * float(x.shape[1] or 1)


class Sized(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        n = x.shape[1] or 1
        return x * self.w * float(n)


class Lengthed(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return length_scale(x * self.w)


class Dynamic(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w * tf.cast(tf.shape(x)[1], x.dtype)


def functional(layer):
    inputs = keras.Input((None, 4))
    return keras.Model(inputs, layer(inputs))


def sized_model():
    return functional(Sized())


def lengthed_model():
    return functional(Lengthed())


def dynamic_model():
    return functional(Dynamic())


def main():
    x = tf.ones((2, 3, 4))
    return sized_model()(x), lengthed_model()(x), dynamic_model()(x)
