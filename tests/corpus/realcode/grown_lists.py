"""Lists that start as `[]`, are appended to per level and returned (analysis/grown_lists.py).

Shaped after tf-models-official's legacy RpnHead.call: one score and one box tensor per feature
level, appended in a loop over a literal tuple of levels, then `return scores, boxes`.
"""

import tensorflow as tf


def level_outputs(features, scale):
    """Converted: the lists only ever hold the tensors appended (or nothing)."""
    scores = []
    boxes = []
    for level in (0, 1, 2):
        scores.append(tf.reduce_sum(features, axis=-1) * scale + level)
        boxes.append(tf.nn.relu(features - level))
    return scores, boxes


def with_python_count(features, scale):
    """Declined: a Python float appended too (returned as a tensor by a graph)."""
    scores = []
    for level in (0, 1):
        scores.append(features * scale + level)
    scores.append(0.5)
    return scores, features


def through_alias(features, scale):
    """Declined: `alias` is the same list, the float is put in under another name."""
    scores = []
    alias = scores
    alias.append(0.5)
    scores.append(features * scale)
    return scores, features


def filled_by_helper(features, scale):
    """Declined: a call may put anything in the list."""
    scores = []
    _fill(scores)
    scores.append(features * scale)
    return scores, features


def _fill(out):
    out.append(1.0)


def main():
    features = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    return [level_outputs(features, tf.constant(0.5)), with_python_count(features, 2.0),
            through_alias(features, tf.constant(2.0)), filled_by_helper(features, tf.constant(2.0))]
