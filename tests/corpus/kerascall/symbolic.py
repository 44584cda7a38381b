"""Keras layers whose `call` Keras may run on symbolic inputs: who builds them first.

Keras runs a layer's `call` on symbolic inputs (in a scratch graph) when the layer is called on
`keras.Input` (a functional model), inside `keras.Sequential`, when `fit` builds an unbuilt model,
and to build a layer without a `build` of its own. A layer first called there is built there, and
a traced `call` of it leaves its weights without gradients, even with a `build` of its own; one
built before (by its own `build` when called on `keras.Input` directly, or by its holder's
`build`) trains as before. Measured with TF 2.21 / Keras 3.15 (docs/analysis-rules.md).
"""

import json

import tensorflow as tf


class Gain(tf.keras.layers.Layer):
    """A feature-wise gain made in its own `build`; called on keras.Input directly."""

    def build(self, input_shape):
        self.gain = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="gain")

    def call(self, x):
        return x * self.gain


class Offset(tf.keras.layers.Layer):
    """Made in its own `build`, but its holder (OffsetBlock) does not build it first."""

    def build(self, input_shape):
        self.offset = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                      name="offset")

    def call(self, x):
        return x + self.offset


class OffsetBlock(tf.keras.layers.Layer):
    """Its `build` makes its own scale and leaves `self.inner` to its first call."""

    def __init__(self):
        super().__init__()
        self.inner = Offset()

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

    def call(self, x):
        return self.inner(x) * self.scale


class Scale(tf.keras.layers.Layer):
    """Made in its own `build`; its holder (ScaledBlock) builds it in its `build`."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

    def call(self, x):
        return x * self.scale


class ScaledBlock(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.inner = Scale()

    def build(self, input_shape):
        self.inner.build(input_shape)
        self.bias = self.add_weight(shape=(input_shape[-1],), initializer="zeros", name="bias")

    def call(self, x):
        return self.inner(x) + self.bias


class Bias(tf.keras.layers.Layer):
    """Made in its own `build`; its holder (ShapedBlock) calls it first in `call`, but Keras
    never runs that `call` symbolically."""

    def build(self, input_shape):
        self.bias = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="bias")

    def call(self, x):
        return x + self.bias


class ShapedBlock(tf.keras.layers.Layer):
    """Like OffsetBlock, with a `compute_output_shape`: called on keras.Input, Keras asks it
    for the output instead of running `call` on symbolic inputs."""

    def __init__(self):
        super().__init__()
        self.inner = Bias()

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

    def compute_output_shape(self, input_shape):
        return input_shape

    def call(self, x):
        return self.inner(x) * self.scale


class Shift(tf.keras.layers.Layer):
    """Made in its own `build`; held by Tower, a functional model (no `call` of its own)."""

    def build(self, input_shape):
        self.shift = self.add_weight(shape=(input_shape[-1],), initializer="zeros",
                                     name="shift")

    def call(self, x):
        return x + self.shift


class Tower(tf.keras.Model):
    """A functional model subclass (reduced from tf-models' BertPretrainer): Keras builds it
    while it is constructed, calling its layers on keras.Input there."""

    def __init__(self, width, **kwargs):
        inputs = tf.keras.Input((width,))
        outputs = tf.keras.layers.Dense(1)(Shift()(inputs))
        super().__init__(inputs=inputs, outputs=outputs, **kwargs)


class CachedAttention(tf.keras.layers.MultiHeadAttention):
    """Reduced from keras-hub's CachedMultiHeadAttention: no `__init__` of its own, constructed
    with an initializer of unknown kind, which MultiHeadAttention's constructor keeps as an
    initializer (its `call` calls nothing it was given)."""

    def call(self, query, value, key=None):
        # MultiHeadAttention's own Dropout layer, made by its constructor
        return self._dropout_layer(super().call(query, value, key))


def functional_regressor(width):
    inputs = tf.keras.Input((width,))
    return tf.keras.Model(inputs, tf.keras.layers.Dense(1)(Gain()(inputs)))


def sequential_offset():
    return tf.keras.Sequential([OffsetBlock(), tf.keras.layers.Dense(1)])


def sequential_scaled():
    return tf.keras.Sequential([ScaledBlock(), tf.keras.layers.Dense(1)])


def sequential_shaped():
    return tf.keras.Sequential([ShapedBlock(), tf.keras.layers.Dense(1)])


def main(text):
    config = json.loads(text)  # settings of unknown kind
    x = tf.ones((2, 4))
    outputs = [functional_regressor(4)(x), sequential_offset()(x), sequential_scaled()(x),
               sequential_shaped()(x)]
    # CachedAttention's constructor receives a value of unknown kind: it may hold any layer,
    # but MultiHeadAttention keeps it as an initializer.
    attention = CachedAttention(num_heads=2, key_dim=2, kernel_initializer=config["init"])
    sequence = tf.ones((2, 3, 4))
    return outputs + [Tower(4)(x), attention(sequence, sequence)]
