"""Evaluation metrics on batches of predictions."""

import tensorflow as tf


def accuracy(labels, logits):
    predictions = tf.argmax(logits, axis=-1, output_type=labels.dtype)
    return tf.reduce_mean(tf.cast(tf.equal(predictions, labels), tf.float32))


def top_k_accuracy(labels, logits, k=2):
    hits = tf.math.in_top_k(labels, logits, k)
    return tf.reduce_mean(tf.cast(hits, tf.float32))


def precision(labels, predictions):
    true_positive = tf.reduce_sum(labels * predictions)
    return true_positive / (tf.reduce_sum(predictions) + 1e-7)


def recall(labels, predictions):
    true_positive = tf.reduce_sum(labels * predictions)
    return true_positive / (tf.reduce_sum(labels) + 1e-7)


def f1_score(labels, predictions):
    p = precision(labels, predictions)
    r = recall(labels, predictions)
    return 2.0 * p * r / (p + r + 1e-7)


def root_mean_squared_error(y_true, y_pred):
    return tf.sqrt(tf.reduce_mean(tf.square(y_true - y_pred)))


def r_squared(y_true, y_pred):
    residual = tf.reduce_sum(tf.square(y_true - y_pred))
    total = tf.reduce_sum(tf.square(y_true - tf.reduce_mean(y_true)))
    return 1.0 - residual / (total + 1e-7)


def mean_iou(labels, predictions, num_classes=3):
    matrix = tf.math.confusion_matrix(labels, predictions, num_classes, dtype=tf.float32)
    intersection = tf.linalg.diag_part(matrix)
    union = tf.reduce_sum(matrix, 0) + tf.reduce_sum(matrix, 1) - intersection
    return tf.reduce_mean(tf.math.divide_no_nan(intersection, union))


def expected_calibration_error(confidences, correct, bins=5):
    edges = tf.cast(tf.minimum(tf.floor(confidences * bins), bins - 1), tf.int32)
    counts = tf.math.unsorted_segment_sum(tf.ones_like(confidences), edges, bins)
    conf = tf.math.unsorted_segment_sum(confidences, edges, bins)
    acc = tf.math.unsorted_segment_sum(correct, edges, bins)
    gap = tf.abs(tf.math.divide_no_nan(conf, counts) - tf.math.divide_no_nan(acc, counts))
    return tf.reduce_sum(gap * counts) / tf.reduce_sum(counts)


def main():
    labels = tf.constant([0, 2, 1])
    logits = tf.constant([[2.0, 0.1, 0.0], [0.0, 0.2, 3.0], [1.0, 0.5, 0.2]])
    accuracy(labels, logits)
    top_k_accuracy(labels, logits)
    y = tf.constant([1.0, 0.0, 1.0])
    p = tf.constant([1.0, 1.0, 0.0])
    precision(y, p)
    recall(y, p)
    f1_score(y, p)
    root_mean_squared_error(y, p)
    r_squared(y, p)
    mean_iou(labels, tf.constant([0, 1, 1]))
    expected_calibration_error(tf.constant([0.9, 0.6, 0.3]), y)
