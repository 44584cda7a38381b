"""Attention building blocks."""

import tensorflow


def causal_mask(length):
    """Lower-triangular [length, length] mask: position i may attend to positions <= i."""
    return tensorflow.linalg.band_part(tensorflow.ones((length, length)), -1, 0)


def scaled_dot_attention(q, k, v, mask=None):
    depth = tensorflow.cast(tensorflow.shape(k)[-1], tensorflow.float32)
    scores = tensorflow.matmul(q, k, transpose_b=True) / tensorflow.sqrt(depth)
    if mask is not None:
        scores += (1.0 - mask) * -1e9
    return tensorflow.matmul(tensorflow.nn.softmax(scores, axis=-1), v)


def gelu(x):
    return 0.5 * x * (1.0 + tensorflow.math.erf(x / 1.4142135623730951))


def masked_mean(values, mask):
    mask = tensorflow.cast(mask, values.dtype)
    return tensorflow.reduce_sum(values * mask) / tensorflow.maximum(tensorflow.reduce_sum(mask), 1.0)


def sinusoidal_positions(length, depth):
    positions = tensorflow.range(length, dtype=tensorflow.float32)[:, None]
    rates = 1.0 / tensorflow.pow(10000.0, tensorflow.range(depth, dtype=tensorflow.float32) / depth)
    angles = positions * rates[None, :]
    return tensorflow.where(tensorflow.range(depth) % 2 == 0, tensorflow.sin(angles), tensorflow.cos(angles))
