"""Reduced from keras-hub 0.32.0 (models/qwen/qwen_attention.py, `_compute_attention` calling
`_mask_sliding_window(attention_mask, cache_update_index=cache_update_index if
cache_update_index else 0)`, the same in qwen3, qwen3_5, qwen_moe and qwen3_moe): a Python int
written at the call as "the caller's own parameter, or a literal".

- `sliding_window_mask` receives `cache_update_index if cache_update_index else 0` from
  `attend`, whose `cache_update_index` only ever receives the literals 2 and 3 or its default
  None: the values are 0, 2 and 3, three traces at most.
- `shifted_window_mask` receives `offset or 1` from `attend_shifted`, whose `offset` is a
  decoding loop's counter: one trace per step, declined.
- `banded_mask` receives `start or 0` inside `isinstance(start, int) and ...`: the name there
  holds the narrowed kinds, not the parameter's own values, and is not shown bounded: declined.
"""

import tensorflow as tf

WINDOW = 3


def sliding_window_mask(mask, start=0):
    """Keeps, for query row i (at position start + i), the keys within WINDOW before it."""
    length = tf.shape(mask)[-1]
    rows = tf.range(tf.shape(mask)[-2])[:, None] + start
    cols = tf.range(length)[None, :]
    window = tf.logical_and(cols <= rows, cols > rows - WINDOW)
    return tf.logical_and(mask, window)


def attend(scores, mask, cache_update_index=None):
    mask = sliding_window_mask(
        mask, start=cache_update_index if cache_update_index else 0)
    return tf.nn.softmax(tf.where(mask, scores, -1e9), axis=-1)


def shifted_window_mask(mask, start):
    rows = tf.range(tf.shape(mask)[-2])[:, None] + start
    cols = tf.range(tf.shape(mask)[-1])[None, :]
    return tf.logical_and(mask, cols <= rows)


def attend_shifted(scores, mask, offset):
    mask = shifted_window_mask(mask, offset or 1)
    return tf.where(mask, scores, 0.0)


def banded_mask(mask, start):
    cols = tf.range(tf.shape(mask)[-1])[None, :]
    return tf.logical_and(mask, cols >= start)


def attend_banded(scores, mask, start):
    return isinstance(start, int) and tf.where(banded_mask(mask, start or 0), scores, 0.0)


def main():
    scores = tf.random.stateless_normal((4, 8), seed=(1, 2))
    mask = tf.ones((4, 8), tf.bool)
    out = [attend(scores, mask), attend(scores, mask, cache_update_index=2),
           attend(scores, mask, cache_update_index=3)]
    for step in range(4):
        out.append(attend_shifted(scores, mask, step))
        out.append(attend_banded(scores, mask, step))
    return out
