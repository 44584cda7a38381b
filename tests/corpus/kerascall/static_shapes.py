"""Keras layers whose traced `call` reads a static shape (keras_pure.static_shape_read).

Keras traces a layer's `call` on symbolic inputs when it builds a functional model on
keras.Input (and inside keras.Sequential, or a model without `build`): there the batch and every
dimension left unknown are None. A decorated `call` keeps that trace, and the eager calls after
it reuse it, so Python code that reads such a dimension keeps what it computed from None
(measured, TF 2.21 / Keras 3.15: `Sized` and `Lengthed` in functional models on
keras.Input((None, 4)), trained by eager SGD steps, give other losses traced). Both declined;
`Dynamic` reads the length with tf.shape (a tensor in every run) and is converted.

What the symbolic run does not change is converted: `Channels` reads the last dimension, 4 in
keras.Input((None, 4)) and in every batch; `Positioned` and `SinePosition` read the length with
keras.ops.shape, which gives a tensor where the symbolic run has None (the same values in every
run). `SinePosition` has no weight and reads no Keras state, so the holder that runs it
(`Mixer`, no `build` of its own: Keras builds it by running `Mixer.call` in a scratch graph)
does not matter; the harness trains each with sequences of 3, 5 and 2. `Ranged` gives the
length to `tf.range(0, n)`, which takes a None limit without an error (an empty range): its
symbolic trace is kept, and the eager batches that reuse it fail to broadcast (declined, a
harness negative).
"""

import keras
import tensorflow as tf
from keras import ops


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


class Channels(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return tf.reshape(x * self.w, [-1, x.shape[-1]]) / float(x.shape[-1])


class Positioned(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        length = ops.shape(x)[1]
        positions = ops.cast(ops.arange(length), x.dtype) / 10.0
        return x * self.w + positions[None, :, None]


class Ranged(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        positions = tf.cast(tf.range(0, x.shape[1]), x.dtype) / 10.0
        return x * self.w + positions[None, :, None]


class SinePosition(keras.layers.Layer):
    def call(self, x):
        shape = ops.shape(x)
        positions = ops.cast(ops.arange(shape[1]), self.compute_dtype)
        scales = ops.power(10.0, ops.cast(ops.arange(shape[-1]), self.compute_dtype))
        angles = positions[:, None] / scales
        return ops.broadcast_to(ops.sin(angles), shape)


class Mixer(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.position = SinePosition()
        self.dense = keras.layers.Dense(4)

    def call(self, x):
        return self.dense(x + self.position(x))


def functional(layer):
    inputs = keras.Input((None, 4))
    return keras.Model(inputs, layer(inputs))


def sized_model():
    return functional(Sized())


def lengthed_model():
    return functional(Lengthed())


def dynamic_model():
    return functional(Dynamic())


def channels_model():
    return functional(Channels())


def positioned_model():
    return functional(Positioned())


def ranged_model():
    return functional(Ranged())


def mixer_model():
    return keras.Sequential([keras.Input((None, 4)), Mixer()])


def main():
    x = tf.ones((2, 3, 4))
    return (sized_model()(x), lengthed_model()(x), dynamic_model()(x), channels_model()(x),
            positioned_model()(x), ranged_model()(x), mixer_model()(x))
