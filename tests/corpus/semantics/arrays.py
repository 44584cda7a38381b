"""NumPy arrays as arguments (issue 12): a tf.function traces them by shape and dtype like
tensors, but inside the graph each array is a tensor of its own dtype, where the eager body runs
NumPy code on it. Converting, passing to Keras objects and reading the shape behave the same;
NumPy arithmetic, NumPy methods and mixing a float64 array with float32 tensors do not.
"""

import numpy as np
import tensorflow as tf

MODEL = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])
LOSS = tf.keras.losses.MeanSquaredError()
WEIGHTS = tf.ones((3,))


def predict_batch(features):
    """A float64 batch into a float32 model: Keras converts its input in both modes."""
    return MODEL(features)


def batch_loss(features, targets):
    return LOSS(targets, MODEL(features))


def cast_features(features):
    return tf.cast(features, tf.float32) * WEIGHTS


def padded_rows(features):
    return tf.zeros([len(features) + 1, features.shape[1]])


def flat_columns(features):
    """Shape ops take the array first, converted with its own dtype in both modes."""
    return tf.reshape(tf.transpose(features), [-1])


def top_class(features):
    return tf.argmax(features, axis=1)


def floored(features):
    """The array after a Python number: eagerly converted to the number's float32."""
    return tf.maximum(0.5, features)


def one_hot_labels(labels):
    return tf.one_hot(labels, 3)


def row_sums(features):
    return tf.reduce_sum(features, axis=1)


def weighted(features):
    """Eagerly the float64 array is converted to the weights' float32; traced, it is a float64
    tensor and the subtraction fails."""
    return WEIGHTS - features


def doubled(features):
    return features * 2.0


def centered(features):
    return tf.convert_to_tensor(features - features.mean(axis=0), tf.float32)


def shifted(features):
    """Called with a NumPy array and with a tensor."""
    return WEIGHTS - features


def main():
    rng = np.random.default_rng(0)
    batch = rng.normal(size=(4, 3))
    predict_batch(batch)
    batch_loss(batch, np.zeros((4, 2)))
    cast_features(np.ones((2, 3)))
    padded_rows(batch)
    flat_columns(batch)
    top_class(batch)
    floored(batch)
    one_hot_labels(np.array([0.0, 2.0]))
    row_sums(batch)
    weighted(batch)
    doubled(np.zeros((2, 3)))
    centered(batch)
    shifted(batch)
    shifted(tf.ones((2, 3)))
