"""Synthetic, MNIST-shaped data: 28x28 uint8 images of a blurred bar whose position and slant
depend on the class, plus noise. Generated with NumPy from a fixed seed, so runs are repeatable."""

import numpy as np
import tensorflow as tf

IMAGE_SIZE = 28
NUM_CLASSES = 10


def synthetic_digits(num_examples, seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, NUM_CLASSES, size=num_examples)
    grid = np.arange(IMAGE_SIZE, dtype=np.float32)
    # The bar's position says the class, give or take a pixel: neighbouring classes overlap.
    centre = 4.0 + 2.0 * labels[:, None, None] + rng.normal(0.0, 0.8, size=(num_examples, 1, 1))
    slant = 0.08 * (labels[:, None, None] - 4.5)
    distance = grid[None, :, None] - centre - slant * (grid[None, None, :] - IMAGE_SIZE / 2)
    pixels = 160.0 * np.exp(-distance**2 / 3.0) + 60.0 * rng.normal(size=distance.shape) + 40.0
    images = np.clip(pixels, 0, 255).astype(np.uint8)
    return images, labels.astype(np.int32)


def to_float(images, labels):
    return tf.cast(images, tf.float32) / 255.0, labels


def make_dataset(images, labels, batch_size, shuffle):
    ds = tf.data.Dataset.from_tensor_slices((images, labels))
    if shuffle:
        ds = ds.shuffle(len(labels), seed=3, reshuffle_each_iteration=True)
    return ds.map(to_float).batch(batch_size)


def class_histogram(labels):
    """How many examples of each class, as a Python list (for the run's log)."""
    counts = [0] * NUM_CLASSES
    for label in labels.tolist():
        counts[label] += 1
    return counts
