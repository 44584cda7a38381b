"""Tensor helpers shared by the image-classification code."""

import random

import tensorflow as tf

EPSILON = 1e-6


def normalize_images(images):
    """Scales pixel values from [0, 255] to [0, 1]."""
    return tf.cast(images, tf.float32) / 255.0


def standardize(x):
    """Zero mean and unit variance over the last axis."""
    mean = tf.reduce_mean(x, axis=-1, keepdims=True)
    std = tf.math.reduce_std(x, axis=-1, keepdims=True)
    return (x - mean) / (std + EPSILON)


def pairwise_distances(a, b):
    """Squared Euclidean distances between the rows of `a` and the rows of `b`."""
    a2 = tf.reduce_sum(tf.square(a), 1, keepdims=True)
    b2 = tf.reduce_sum(tf.square(b), 1)
    return a2 - 2.0 * tf.matmul(a, b, transpose_b=True) + b2


def one_hot_labels(labels, depth):
    return tf.one_hot(labels, depth)


def center_crop(images, size):
    return tf.image.resize_with_crop_or_pad(images, size, size)


def random_flip(images):
    """Flips the whole batch left-right half of the time."""
    if random.random() < 0.5:
        return tf.image.flip_left_right(images)
    return images
