"""Tensor helpers shared by the training script."""

import reporting
import tensorflow as tf

# Pixel values are stored as uint8; the model wants floats in [0, 1].
PIXEL_MAX = 255.0


def scale(x):
    """uint8 pixels -> float32 in [0, 1]."""
    return tf.cast(x, tf.float32) / PIXEL_MAX


def monitored_loss(labels, logits):
    """Mean cross-entropy, reported on the console on every call."""
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    reporting.report_loss(loss)
    return loss


@tf.function  # 🚀 compiled for speed
def pack_logs(loss, accuracy):
    return {"loss": loss, "accuracy": accuracy}


def décroissance(époque):
    """Taux d'apprentissage : divisé par deux toutes les deux époques."""
    return 0.1 * tf.pow(tf.constant(0.5), époque // 2)


décroissance_rapide = tf.function(décroissance)
