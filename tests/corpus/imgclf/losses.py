"""Losses for the image classifier."""

import tensorflow as tf


def softmax_cross_entropy(labels, logits):
    per_example = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    return tf.reduce_mean(per_example)


def activity_penalty(activations, scale):
    """L2 penalty on activations (activity regularisation)."""
    return scale * tf.reduce_mean(tf.square(activations))


def label_smoothing_loss(labels, logits, smoothing=0.1):
    num_classes = tf.shape(logits)[-1]
    onehot = tf.one_hot(labels, num_classes)
    smoothed = onehot * (1.0 - smoothing) + smoothing / tf.cast(num_classes, tf.float32)
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(smoothed, logits))


class FocalLoss(tf.keras.losses.Loss):
    """Focal loss (Lin et al.) on integer labels and logits."""

    def __init__(self, gamma=2.0, **kwargs):
        super().__init__(**kwargs)
        self.gamma = gamma

    def call(self, y_true: tf.Tensor, y_pred: tf.Tensor):
        probs = tf.nn.softmax(y_pred, axis=-1)
        onehot = tf.one_hot(tf.cast(y_true, tf.int32), tf.shape(y_pred)[-1])
        p_t = tf.reduce_sum(onehot * probs, axis=-1)
        return -tf.pow(1.0 - p_t, self.gamma) * tf.math.log(p_t + 1e-7)
