"""Evaluation metrics."""

import numpy as np
import tensorflow as tf

# Softmax temperature, fitted on held-out data; see set_temperature().
_temperature = 1.0


def accuracy(labels, logits):
    """Fraction of examples whose arg-max logit is the label."""
    predictions = tf.argmax(logits, axis=-1, output_type=labels.dtype)
    return tf.reduce_mean(tf.cast(tf.equal(predictions, labels), tf.float32))


def count_correct(labels, logits):
    """Number of correct predictions in a batch, as a Python int."""
    predictions = tf.argmax(logits, axis=-1, output_type=labels.dtype)
    return int(tf.reduce_sum(tf.cast(tf.equal(predictions, labels), tf.int32)).numpy())


@tf.function
def top_k_accuracy(labels, logits, k):
    """Fraction of examples whose label is among the k highest logits."""
    hits = tf.math.in_top_k(labels, logits, k)
    return tf.reduce_mean(tf.cast(hits, tf.float32))


def confusion_matrix(labels, logits, num_classes=10):
    """[num_classes, num_classes] counts; rows are true classes, columns predictions."""
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(matrix, (labels, np.argmax(logits, axis=-1)), 1)
    return matrix


def set_temperature(value):
    """Set the softmax temperature used by calibrated_probabilities()."""
    global _temperature
    _temperature = value


def calibrated_probabilities(logits):
    """Temperature-scaled softmax."""
    return tf.nn.softmax(logits / _temperature)


def max_confidence(probabilities):
    """Highest class probability of each example."""
    best = []
    for row in probabilities:
        best.append(tf.reduce_max(row))
    return tf.stack(best)
