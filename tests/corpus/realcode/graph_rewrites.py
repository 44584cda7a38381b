"""Pairs of ops a graph rewrites into one op (Grappler's arithmetic optimizer; graph_rewrites.py).

compute_cover is tf-models-official 2.20.0's detr ops/matchers.py `_compute_cover` (proposed
before: `~(state["workers"] > 0)` becomes `state["workers"] <= 0` in a graph, not the same on
NaN); the others are the everyday forms of the other measured pairs.
"""

import tensorflow as tf
from keras import ops


def compute_cover(state, assignment):
    """detr `_compute_cover`: row and column covers from an augmenting path search."""
    assigned_workers = tf.reduce_any(assignment, axis=2, keepdims=True)
    assigned_jobs = tf.reduce_any(assignment, axis=1, keepdims=True)

    reachable_workers = state["workers"] > 0
    reachable_jobs = state["jobs"] > 0

    workers_cover = assigned_workers & (~reachable_workers)
    jobs_cover = assigned_jobs & reachable_jobs

    return workers_cover, jobs_cover


def masked_log_probs(logits, mask):
    """Log-probabilities of the allowed actions: a -1e9 mask makes softmax 0, its log -inf
    eagerly; a graph computes LogSoftmax, -1e9."""
    probs = ops.softmax(logits + (1.0 - mask) * -1e9, axis=-1)
    return ops.log(probs)


def top_label(logits):
    """Multi-label head: the most likely class. Sigmoid saturates to 1.0 above ~17, and argmax
    of ties is the first; a graph takes the argmax of the logits."""
    return tf.argmax(tf.sigmoid(logits), axis=-1)


def outside(values, low):
    """Values not above `low` (NaN counts as not above eagerly)."""
    return tf.logical_not(tf.greater(values, low))


def inverse_std(variance):
    return tf.pow(variance, -0.5)


def smoothed_log_probs(logits):
    """An epsilon between the two ops: no rewrite."""
    return tf.math.log(tf.nn.softmax(logits) + 1e-9)


def differ(a, b):
    """logical_not of an equality: NotEqual, the same on NaN."""
    return tf.logical_not(tf.equal(a, b))


def keras_top_label(logits):
    """keras.ops.argmax on TensorFlow handles -0.0 first: no rewrite (measured)."""
    return ops.argmax(ops.sigmoid(logits), axis=-1)


def squared(x):
    return tf.pow(x, 2.0)


def main():
    state = {"workers": tf.constant([[[1], [0]]]), "jobs": tf.constant([[[0, 2]]])}
    assignment = tf.constant([[[True, False], [False, True]]])
    logits = tf.constant([[1.0, 2.0, 3.0]])
    mask = tf.constant([[1.0, 1.0, 0.0]])
    return (compute_cover(state, assignment), masked_log_probs(logits, mask), top_label(logits),
            outside(logits, 0.5), inverse_std(logits), smoothed_log_probs(logits),
            differ(logits, logits), keras_top_label(logits), squared(logits))
