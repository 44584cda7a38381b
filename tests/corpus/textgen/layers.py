"""Transformer layers."""

import tensorflow

from . import ops
from .ops import scaled_dot_attention


class SelfAttention(tensorflow.keras.layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units
        self.qkv = tensorflow.keras.layers.Dense(3 * units)
        self.proj = tensorflow.keras.layers.Dense(units)

    def call(self, x):
        q, k, v = tensorflow.split(self.qkv(x), 3, axis=-1)
        mask = ops.causal_mask(tensorflow.shape(x)[1])
        return self.proj(scaled_dot_attention(q, k, v, mask))


class FeedForward(tensorflow.keras.layers.Layer):
    def __init__(self, units, hidden):
        super().__init__()
        self.expand = tensorflow.keras.layers.Dense(hidden)
        self.contract = tensorflow.keras.layers.Dense(units)

    def call(self, x):
        return self.contract(ops.gelu(self.expand(x)))
