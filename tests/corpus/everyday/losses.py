"""Loss functions written the way training scripts write them."""

import tensorflow as tf


def mean_squared_error(y_true, y_pred):
    return tf.reduce_mean(tf.square(y_true - y_pred))


def mean_absolute_error(y_true, y_pred):
    return tf.reduce_mean(tf.abs(y_true - y_pred))


def huber(y_true, y_pred, delta=1.0):
    error = y_true - y_pred
    small = 0.5 * tf.square(error)
    large = delta * (tf.abs(error) - 0.5 * delta)
    return tf.reduce_mean(tf.where(tf.abs(error) <= delta, small, large))


def binary_crossentropy_from_logits(labels, logits):
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))


def sparse_softmax_crossentropy(labels, logits):
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))


def smoothed_crossentropy(labels, logits, smoothing=0.1):
    num_classes = tf.shape(logits)[-1]
    one_hot = tf.one_hot(labels, num_classes)
    targets = one_hot * (1.0 - smoothing) + smoothing / tf.cast(num_classes, tf.float32)
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=targets, logits=logits))


def squared_hinge(y_true, y_pred):
    return tf.reduce_mean(tf.square(tf.maximum(1.0 - y_true * y_pred, 0.0)))


def kl_divergence(p, q):
    p = tf.clip_by_value(p, 1e-7, 1.0)
    q = tf.clip_by_value(q, 1e-7, 1.0)
    return tf.reduce_sum(p * tf.math.log(p / q), axis=-1)


def cosine_distance(a, b):
    a = tf.math.l2_normalize(a, axis=-1)
    b = tf.math.l2_normalize(b, axis=-1)
    return 1.0 - tf.reduce_sum(a * b, axis=-1)


def binary_focal_loss(labels, probs, gamma=2.0):
    probs = tf.clip_by_value(probs, 1e-6, 1.0 - 1e-6)
    pt = tf.where(labels > 0.5, probs, 1.0 - probs)
    return -tf.reduce_mean(tf.pow(1.0 - pt, gamma) * tf.math.log(pt))


def contrastive_loss(distance, same, margin=1.0):
    positive = same * tf.square(distance)
    negative = (1.0 - same) * tf.square(tf.maximum(margin - distance, 0.0))
    return tf.reduce_mean(positive + negative)


def l2_penalty(weights):
    return tf.add_n([tf.nn.l2_loss(w) for w in weights])


def main():
    y = tf.constant([1.0, 0.0, 1.0])
    p = tf.constant([0.8, 0.1, 0.6])
    mean_squared_error(y, p)
    mean_absolute_error(y, p)
    huber(y, p)
    binary_crossentropy_from_logits(y, p)
    sparse_softmax_crossentropy(tf.constant([0, 2]), tf.ones((2, 3)))
    smoothed_crossentropy(tf.constant([0, 2]), tf.ones((2, 3)))
    squared_hinge(y, p)
    kl_divergence(tf.constant([[0.5, 0.5]]), tf.constant([[0.9, 0.1]]))
    cosine_distance(tf.ones((2, 3)), tf.ones((2, 3)))
    binary_focal_loss(y, p)
    contrastive_loss(p, y)
    l2_penalty([tf.ones((2, 2)), tf.ones((3,))])
