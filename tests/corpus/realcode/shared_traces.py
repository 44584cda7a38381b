"""Python numbers of two types that compare equal share one trace (literal_args.shared_traces).

A tf.function keys a trace on a Python number's value, and `8 == 8.0`, `1 == True` with one
hash: the second call runs the first one's trace. `relative_positions` is reduced from keras-hub
0.32.0's rotary and relative position helpers (`ops.arange(0, dim, 2)` of a Python size);
`maybe_noise` from a layer's `training` flag passed as 1 by one caller.
"""

import tensorflow as tf
from keras import ops


def relative_positions(query, length):
    """Positions 0..length-1 next to the query: eagerly an int32 range for 8, a float32 one for
    8.0; traced after 8, the int32 trace serves 8.0."""
    positions = ops.arange(length)
    return query[:, :1] * 0.0, positions


def maybe_noise(x, training):
    if training is True:
        return x + 0.5
    return x


def scaled(x, factor):
    """Ints only: one trace per value, none shared."""
    return x * factor


def main():
    q = tf.constant([[1.0, 2.0]])
    a = relative_positions(q, 8)
    b = relative_positions(q, 8.0)
    c = maybe_noise(q, True)
    d = maybe_noise(q, 1)
    e = scaled(q, 2)
    f = scaled(q, 3)
    return a, b, c, d, e, f
