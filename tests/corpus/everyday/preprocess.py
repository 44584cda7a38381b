"""Input preprocessing applied to batches (images, tokens, tabular features)."""

import tensorflow as tf


def scale_pixels(images):
    return tf.cast(images, tf.float32) / 255.0


def standardize_features(x):
    mean, variance = tf.nn.moments(x, axes=[0])
    return (x - mean) / tf.sqrt(variance + 1e-6)


def min_max_scale(x):
    low = tf.reduce_min(x, axis=0)
    high = tf.reduce_max(x, axis=0)
    return tf.math.divide_no_nan(x - low, high - low)


def one_hot_labels(labels, depth=4):
    return tf.one_hot(labels, depth)


def resize_and_scale(images, size=(4, 4)):
    return tf.image.resize(images, size) / 255.0


def center_crop(images):
    return tf.image.central_crop(images, 0.5)


def flip_and_concat(images):
    return tf.concat([images, tf.image.flip_left_right(images)], axis=0)


def padding_mask(tokens, pad_id=0):
    return tf.cast(tf.not_equal(tokens, pad_id), tf.float32)


def lengths_from_mask(mask):
    return tf.reduce_sum(tf.cast(mask, tf.int32), axis=-1)


def pad_batch(tokens, length=6):
    return tf.pad(tokens, [[0, 0], [0, length - tf.shape(tokens)[1]]])


def clip_outliers(x):
    mean = tf.reduce_mean(x)
    std = tf.math.reduce_std(x)
    return tf.clip_by_value(x, mean - 2.0 * std, mean + 2.0 * std)


def log_transform(x):
    return tf.math.log1p(tf.maximum(x, 0.0))


def bucketize(x):
    boundaries = tf.constant([0.0, 1.0, 2.0])
    return tf.searchsorted(boundaries, x)


def main():
    images = tf.ones((2, 8, 8, 3)) * 128.0
    scale_pixels(tf.constant([[0, 255]], tf.uint8))
    standardize_features(tf.ones((3, 2)))
    min_max_scale(tf.ones((3, 2)))
    one_hot_labels(tf.constant([0, 3]))
    resize_and_scale(images)
    center_crop(images)
    flip_and_concat(images)
    padding_mask(tf.constant([[3, 0]]))
    lengths_from_mask(tf.constant([[1.0, 0.0]]))
    pad_batch(tf.constant([[3, 4]]))
    clip_outliers(tf.constant([1.0, 2.0, 30.0]))
    log_transform(tf.constant([1.0, -1.0]))
    bucketize(tf.constant([0.5, 1.5, 3.0]))
