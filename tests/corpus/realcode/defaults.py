"""Parameters left at their defaults (analysis/parameter_defaults.py), reduced from
tf-models-official 2.20.0 (vision/ops/preprocess_ops.py's crop ranges, a threshold kept as a
module-level tensor) and Keras-free training helpers.

A call that leaves a parameter out runs the body with the default the `def` evaluated once: a
Python constant is one value (one trace), a tensor is a tensor, a list is one object shared by
every call (bound at each call and traced by its content).
"""

import tensorflow as tf

THRESHOLD = tf.constant(0.5)
FLOOR = tf.constant(0.0)
ORIGIN = tf.constant([3.0, 4.0])


def clip_low(x, threshold=THRESHOLD):
    """The default is a tensor: the `if` is decided by a tensor, and a graph cannot return None
    from one branch and a tensor from the other."""
    if threshold > 1.0:
        return None
    return tf.maximum(x, threshold)


def floor_at(x, floor=FLOOR):
    """A tensor default used as a tensor: converted."""
    return tf.maximum(x, floor)


def origin_norm(point=ORIGIN):
    """Only ever called with its default, a tensor: a tensor parameter."""
    return tf.norm(point)


def label_smoothing(labels, smoothing=0.1, num_classes=3):
    """Python constants left at their defaults: one value each, one trace for all the calls that
    leave them out."""
    if smoothing > 0.0:
        labels = labels * (1.0 - smoothing) + smoothing / num_classes
    return labels


def crop_fraction(image, area_range=(0.08, 1.0)):
    """A tuple default: one object, traced by its content."""
    low, high = area_range
    return image * (high - low)


def weighted_sum(values, weights=[0.5, 0.25, 0.25]):  # noqa: B006 - reduced as written upstream
    """A list default, never changed: one object, traced by its content."""
    return tf.tensordot(weights, tf.stack(values), axes=1)


def accumulate(x, seen=[]):  # noqa: B006
    """A list default that the body changes: shared by every call, grown once per traced call."""
    seen.append(1)
    return x * float(len(seen))


def main():
    x = tf.constant([0.25, 2.0, -1.0])
    print(clip_low(x))
    print(floor_at(x))
    print(floor_at(x, tf.constant(1.0)))
    print(origin_norm())
    print(label_smoothing(tf.one_hot([0, 2], 3)))
    print(label_smoothing(tf.one_hot([1, 1], 3)))
    print(crop_fraction(x))
    print(weighted_sum([x, x * 2.0, x * 3.0]))
    print(accumulate(x))
    print(accumulate(x))
