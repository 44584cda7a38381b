"""Reduced from tf-models-official 2.20.0 (nlp/modeling/layers/kernel_attention.py, the
windowed sums, and projects/maxvit/modeling/maxvit.py, the window partition): Python ints that
are not literals at the call, but still one of a few values.

- `window_sum` receives `windowed_mean`'s own parameter, forwarded unchanged; `windowed_mean`
  only ever receives the literals 2 and 3: two values, two traces.
- `WindowPartition._stitch` receives `self._window`, assigned only in `__init__`: one value per
  object, and a tf.function on a method traces once per object anyway.
- `windowed_mean` also receives `DEFAULT_WINDOW`, a module constant bound once to a literal.
- `shifted_sum` receives a loop counter through `running_sums`: one trace per step, declined.
- `rolled` receives the global `shift`, which `set_shift` reassigns: declined.
- `ResizableWindows._stitch` receives `self._window`, which `resize` reassigns: declined.
- `top_k_mask` (a module function, one trace cache for every object) receives `self._k` of
  `TopKFilter`, set in `__init__` from the constructor argument `k`, which every construction
  passes as a literal (2 or 3): two traces. `quantile_mask` receives `self._quantile` of
  `QuantileFilter`, constructed with a value computed from data: declined.
- `tiled` collects its multiples in `*reps`, here a loop counter: one trace per step, declined
  (the literal rule took `*reps` for a literal before).
- `strided_sum` receives the variable of a loop over `range(1, 4)`: a loop counter, declined like
  an epoch counter (the corpus's `range(5)` epoch loops stand for `range(num_epochs)`).
"""

import tensorflow as tf

DEFAULT_WINDOW = 4
shift = 1


def set_shift(amount):
    global shift
    shift = amount


def window_sum(x, window):
    padded = tf.pad(x, [[0, 0], [window - 1, 0]])
    return tf.add_n([padded[:, i:i + tf.shape(x)[1]] for i in range(window)])


def windowed_mean(x, window):
    return window_sum(x, window) / float(window)


def shifted_sum(x, shift):
    return tf.roll(x, shift, axis=-1) + x


def rolled(x, offset):
    return tf.roll(x, offset, axis=-1)


def tiled(x, *reps):
    return tf.tile(x, reps)


def strided_sum(x, stride):
    return tf.reduce_sum(x[:, ::stride], axis=-1)


def running_sums(x, steps):
    out = x
    for step in range(steps):
        out = shifted_sum(out, step)
    return out


class WindowPartition:
    """Splits the last two axes into windows of `window` and puts them back (maxvit's
    window_partition / window_stitch_back, without the attention in between)."""

    def __init__(self, window):
        self._window = window

    def _stitch(self, x, window):
        height, width = tf.shape(x)[1], tf.shape(x)[2]
        windows = tf.reshape(x, [-1, height // window, window, width // window, window])
        windows = tf.transpose(windows, [0, 1, 3, 2, 4])
        merged = tf.transpose(windows, [0, 1, 3, 2, 4])
        return tf.reshape(merged, [-1, height, width]) * 2.0

    def apply(self, x):
        return self._stitch(x, self._window)


class ResizableWindows:
    def __init__(self, window):
        self._window = window

    def resize(self, window):
        self._window = window

    def _stitch(self, x, window):
        return tf.reshape(x, [-1, window]) + 1.0

    def apply(self, x):
        return self._stitch(x, self._window)


def top_k_mask(scores, k):
    values, _ = tf.math.top_k(scores, k=k)
    return scores >= values[..., -1:]


class TopKFilter:
    """Keeps the k highest scores of each row (reduced from tf-models' detection generators,
    which pass `self._max_detections` to module-level top-k helpers)."""

    def __init__(self, k):
        self._k = k

    def __call__(self, scores):
        return tf.where(top_k_mask(scores, self._k), scores, tf.zeros_like(scores))


def quantile_mask(scores, quantile):
    return scores >= quantile * tf.reduce_max(scores, axis=-1, keepdims=True)


class QuantileFilter:
    def __init__(self, quantile):
        self._quantile = quantile

    def __call__(self, scores):
        return tf.where(quantile_mask(scores, self._quantile), scores, tf.zeros_like(scores))


def main():
    x = tf.ones((2, 8))
    means = windowed_mean(x, 2), windowed_mean(x, 3), windowed_mean(x, DEFAULT_WINDOW)
    images = tf.ones((1, 8, 8))
    small = WindowPartition(int(images.shape[1]) // 4).apply(images)
    large = WindowPartition(int(images.shape[1]) // 2).apply(images)
    windows = ResizableWindows(2)
    first = windows.apply(x)
    windows.resize(4)
    scores = tf.constant([[0.1, 0.7, 0.4, 0.9]])
    kept = TopKFilter(2)(scores), TopKFilter(3)(scores)
    median = QuantileFilter(float(tf.reduce_mean(scores)))(scores)
    tiles = []
    for step in range(3):
        tiles.append(tiled(x, 1, step + 1))
    strided = []
    for stride in range(1, 4):
        strided.append(strided_sum(x, stride))
    set_shift(3)
    return (means, small, large, first, windows.apply(x), running_sums(x, 3), rolled(x, shift),
            kept, median, tiles, strided)
