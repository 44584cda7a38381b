"""Reduced from tf-models-official 2.20.0 (legacy/detection/utils/box_utils.py encode_boxes,
projects/maxvit/modeling/maxvit.py window_partition) and tf2rl 0.1.11 (distributions/
diagonal_gaussian.py): Python decisions on the static shape of the function's own tensor argument
that analysis/static_values.py shows to be the same eagerly and traced from an eager call: a
shape read before the body assigns the parameter again, a shape unpacked into its dimensions, the
shape of a fixed element of an argument dict of tensors. And what must stay declined: a shape
read after the parameter was assigned a tensor whose length a graph does not know."""

import tensorflow as tf


def encode_boxes(boxes, anchors):
    """Boxes as offsets from their anchors; anything but 4 coordinates is refused before the
    boxes are cast to the anchors' dtype (the parameter is assigned after the check)."""
    if boxes.shape[-1] != 4:
        raise ValueError(f"boxes.shape[-1] is {boxes.shape[-1]}, but must be 4.")
    boxes = tf.cast(boxes, dtype=anchors.dtype)
    centers = (boxes[..., 0:2] + boxes[..., 2:4]) / 2.0
    anchor_centers = (anchors[..., 0:2] + anchors[..., 2:4]) / 2.0
    return centers - anchor_centers


def window_partition(features, window_size):
    """[B, H, W, C] into windows of window_size x window_size; H and W must divide."""
    _, height, width, channels = features.shape
    if height % window_size != 0 or width % window_size != 0:
        raise ValueError(f"Feature map sizes {(height, width)} not divisible by window size "
                         f"({window_size}).")
    features = tf.reshape(features, (-1, height // window_size, window_size,
                                     width // window_size, window_size, channels))
    features = tf.transpose(features, (0, 1, 3, 2, 4, 5))
    return tf.reshape(features, (-1, window_size, window_size, channels))


def log_likelihood(x, param):
    """Diagonal Gaussian log likelihood (tf2rl 0.1.11 DiagonalGaussian.log_likelihood): the
    static shapes of two tensors of the argument dict are compared before any op runs."""
    means = param["mean"]
    log_stds = param["log_std"]
    assert means.shape == log_stds.shape
    zs = (x - means) / tf.exp(log_stds)
    return (-tf.reduce_sum(log_stds, axis=-1) - 0.5 * tf.reduce_sum(tf.square(zs), axis=-1)
            - 0.5 * tf.cast(tf.shape(x)[-1], tf.float32) * tf.math.log(2.0 * 3.141592653589793))


def kept_pairs(values):
    """The positive values in pairs: traced, tf.boolean_mask leaves their number unknown (None),
    so the check fails while tracing where eagerly an even count pairs up."""
    values = tf.boolean_mask(values, values > 0)
    if values.shape[0] % 2 != 0:
        raise ValueError("an odd number of positive values")
    return tf.reshape(values, (-1, 2))


def main():
    boxes = tf.constant([[0.0, 0.0, 2.0, 2.0]])
    encode_boxes(boxes, tf.constant([[0.0, 0.0, 1.0, 1.0]]))
    window_partition(tf.ones((1, 4, 4, 3)), 2)
    log_likelihood(tf.ones((2, 3)), {"mean": tf.zeros((2, 3)), "log_std": tf.zeros((2, 3))})
    kept_pairs(tf.constant([1.0, -2.0, 3.0]))
