"""Feature engineering, partly ported from a NumPy code base."""

import numpy as np
import tensorflow as tf


def numpy_moments(x):
    values = x.numpy()
    return float(np.mean(values)), float(np.std(values)) + 1e-6


def standardize_with_numpy_stats(x):
    mean, std = numpy_moments(x)
    return (x - mean) / std


def quantile_bins(values):
    edges = np.percentile(values, [25.0, 50.0, 75.0])
    return tf.searchsorted(tf.constant(edges, dtype=tf.float32), values)


def safe_log(x):
    magnitude = tf.abs(x)
    return tf.math.log(np.maximum(magnitude, 1e-3))


def row_norms(x):
    norms = []
    for row in x:
        norms.append(tf.norm(row))
    return tf.stack(norms)


def running_total(x):
    total = tf.zeros_like(x[0])
    for i in tf.range(tf.shape(x)[0]):
        total += x[i]
    return total


def scale_features(x):
    scale = tf.Variable(tf.ones(tf.shape(x)[-1:]))
    return x * scale


def sharpened_softplus(x):
    return tf.math.log1p(tf.exp(x, 3))


def encode_categories(codes, weights):
    """Weights each row by its category; `codes` come from the CSV reader's int tensor."""
    ids = tf.convert_to_tensor(codes, dtype=tf.int32)
    magnitude = tf.convert_to_tensor(codes, dtype=tf.float32)
    return tf.gather(weights, ids) * magnitude


def gaussian_pdf(x):
    return tf.exp(-0.5 * tf.square(x)) / np.sqrt(2.0 * np.pi)


def checked(x):
    if tf.executing_eagerly():
        tf.debugging.assert_all_finite(x, "features contain NaN or Inf")
    return tf.clip_by_value(x, -1e6, 1e6)


def main():
    x = tf.random.normal((4, 3))
    column = tf.constant([0.5, 2.0, 1.0, 3.5, 2.5])
    print(numpy_moments(x), standardize_with_numpy_stats(x))
    print(quantile_bins(column), safe_log(x), row_norms(x), running_total(x))
    print(scale_features(x), sharpened_softplus(x), gaussian_pdf(x), checked(x))
    print(encode_categories(tf.constant([0, 2, 1]), tf.constant([0.5, 1.0, 2.0])))


if __name__ == "__main__":
    main()
