"""Reduced from tf-models-official 2.20.0 (legacy/detection: `build_model(params,
mode=ModeKeys.TRAIN)`, ModeKeys a class of string constants) and gpflow 2.11.2
(`posteriors.PrecomputeCacheType`, an Enum whose members select a code path): Python values
read from a class attribute bound once in a module-level class body.

- `head` receives `modes.ModeKeys.TRAIN` or `modes.ModeKeys.EVAL` (a class of another module,
  named through the import): two values, two traces.
- `top_values` receives `TOP_K`, a module constant imported from realcode/modes.py, or 3.
- `pooled` receives `Pooling.MEAN` or `Pooling.MAX` (Enum members): two traces.
- `thresholded` receives `Limits.CUTOFF`, which `set_cutoff` reassigns before each call: a new
  value each time, declined.
"""

import enum

import tensorflow as tf

from realcode import modes
from realcode.modes import TOP_K


class Pooling(enum.Enum):
    MEAN = "mean"
    MAX = "max"


class Limits:
    CUTOFF = 0.5


def set_cutoff(value):
    Limits.CUTOFF = value


def head(features, mode):
    logits = tf.reduce_sum(features, axis=-1)
    if mode == modes.ModeKeys.TRAIN:
        return logits * 0.9
    return logits


def pooled(x, pooling):
    if pooling == Pooling.MAX:
        return tf.reduce_max(x, axis=-1)
    return tf.reduce_mean(x, axis=-1)


def top_values(x, k):
    return tf.math.top_k(x, k=k).values


def thresholded(x, cutoff):
    return tf.cast(x > cutoff, tf.float32)


def main():
    x = tf.random.stateless_normal((2, 4), seed=(1, 2))
    out = [head(x, modes.ModeKeys.TRAIN), head(x, mode=modes.ModeKeys.EVAL),
           pooled(x, Pooling.MEAN), pooled(x, Pooling.MAX), top_values(x, TOP_K),
           top_values(x, 3)]
    for step in range(3):
        set_cutoff(step / 4)
        out.append(thresholded(x, Limits.CUTOFF))
    return out
