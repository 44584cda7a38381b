"""Keras layers that make no weight, left to a layer's `call` to build (reduced from keras-hub
0.32.0 LlamaAttention and its kin: `_softmax = keras.layers.Softmax(...)` and a Dropout made in
`build` but never built there, called through a `_masked_softmax` helper).

Keras builds a `Softmax` or a `Dropout` on its first call with the default `build`, which makes no
weight: built inside a traced `call`, even in Keras' scratch graph (keras.Sequential runs it on
symbolic inputs), there is nothing to lose gradients. The Dense layers are built in `build`.
"""

import keras
import tensorflow as tf
from tensorflow.keras.layers import Dense


class Attention(tf.keras.layers.Layer):
    def __init__(self, units, rate=0.0):
        super().__init__()
        self.units = units
        self.rate = rate

    def build(self, input_shape):
        self._query = Dense(self.units)
        self._query.build(input_shape)
        self._key = Dense(self.units)
        self._key.build(input_shape)
        self._softmax = keras.layers.Softmax(axis=-1)
        self._dropout = keras.layers.Dropout(self.rate)

    def _masked_softmax(self, scores, mask=None):
        if mask is not None:
            return self._softmax(scores, mask)
        return self._softmax(scores)

    def call(self, x, training=None):
        scores = tf.matmul(self._query(x), self._key(x), transpose_b=True)
        weights = self._dropout(self._masked_softmax(scores), training=training)
        return tf.matmul(weights, x)


class Projected(tf.keras.layers.Layer):
    """Leaves its Dense (which has weights) to `call`: declined as before."""

    def __init__(self, units):
        super().__init__()
        self._softmax = keras.layers.Softmax(axis=-1)
        self._dense = Dense(units)

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(), initializer="ones", name="scale")

    def call(self, x):
        return self._dense(self._softmax(x)) * self.scale


def sequential_attention():
    return keras.Sequential([keras.Input((3, 4)), Attention(4)])


def sequential_projected():
    return keras.Sequential([keras.Input((3, 4)), Projected(4)])


def main():
    x = tf.ones((2, 3, 4))
    return sequential_attention()(x), sequential_projected()(x)
