"""Step functions written as graphs, called by batches.py with tensors of several shapes."""

import tensorflow as tf


@tf.function
def batch_mean(x):
    """Called with batches of 4, 8 and 16 rows of 3 features: one graph per batch size."""
    return tf.reduce_mean(x, axis=0)


@tf.function
def normalize_rows(x):
    """Rows scaled to sum 1; a row of zeros gives NaN, which check_numerics refuses."""
    scaled = x / tf.reduce_sum(x, axis=1, keepdims=True)
    return tf.debugging.check_numerics(scaled, "row sums to zero")


@tf.function
def project(x, weights):
    """Reads the feature count as a Python int: the same (3) at every call site."""
    features = x.shape[-1]
    return tf.matmul(x, weights) / features


@tf.function
def sequence_energy(tokens):
    """Called with sequences cut to a growing length: the rank is not visible."""
    return tf.reduce_sum(tf.square(tokens), axis=-1)


@tf.function
def token_count(tokens):
    """Called with padded batches of a tf.data pipeline: each as long as its longest row."""
    return tf.reduce_sum(tf.cast(tokens > 0, tf.int32), axis=-1)


@tf.function
def flatten(x):
    """Reads the batch size as a Python value: left open it would be None."""
    return tf.reshape(x, [x.shape[0], -1])


@tf.function
def first_half(x):
    """Python arithmetic on the batch size: None // 2 fails where it is left open."""
    return x[: x.shape[0] // 2]


@tf.function
def weighted(x):
    """One shape only: nothing to repair."""
    return x * 2.0
