"""Evaluation metrics."""

import tensorflow as tf

from .ops import pairwise_distances


def accuracy(labels, logits):
    predictions = tf.argmax(logits, axis=-1)
    hits = tf.equal(predictions, tf.cast(labels, tf.int64))
    return tf.reduce_mean(tf.cast(hits, tf.float32))


def top_k_accuracy(labels, logits, k=5):
    hits = tf.math.in_top_k(tf.cast(labels, tf.int32), logits, k)
    return tf.reduce_mean(tf.cast(hits, tf.float32))


def nearest_neighbour_recall(queries, keys, query_labels, key_labels):
    """Share of queries whose nearest key has the same label."""
    distances = pairwise_distances(queries, keys)
    nearest = tf.argmin(distances, axis=1)
    hits = tf.equal(tf.gather(key_labels, nearest), query_labels)
    return tf.reduce_mean(tf.cast(hits, tf.float32))


class ConfusionMatrix(tf.keras.metrics.Metric):
    def __init__(self, num_classes, name="confusion_matrix", **kwargs):
        super().__init__(name=name, **kwargs)
        self.num_classes = num_classes
        self.matrix = self.add_weight(
            name="matrix", shape=(num_classes, num_classes), initializer="zeros"
        )

    def update_state(self, labels, logits, sample_weight=None):
        predictions = tf.argmax(logits, axis=-1)
        batch = tf.math.confusion_matrix(
            labels, predictions, num_classes=self.num_classes, dtype=tf.float32
        )
        self.matrix.assign_add(batch)

    def result(self):
        return self.matrix

    def reset_state(self):
        self.matrix.assign(tf.zeros_like(self.matrix))
