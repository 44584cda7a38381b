"""Reduced from gpflow 2.11.2 (kernels/base.py Combination._set_kernels) and tf-models-official
2.20.0 (vision/evaluation/panoptic_quality.py PanopticQuality.reset): a method of the object
assigns the attribute another function reads as `obj.attr`. An earlier engine matched such a
read only with stores written on an object (`obj.attr = v`, setattr), not with the method's own
`self.attr = v`, and proposed `weighted_sum` 'safe to hybridize' (object_attrs.py): traced, the
weights of the first call stay."""

import tensorflow as tf


class Weighted:
    def __init__(self, weights):
        self.weights = tf.constant(weights)

    def set_weights(self, weights):
        self.weights = tf.constant(weights)


def weighted_sum(combination, x):
    return tf.reduce_sum(x * combination.weights, axis=-1)


def main():
    combination = Weighted([1.0, 2.0])
    first = weighted_sum(combination, tf.ones((2, 2)))
    combination.set_weights([3.0, 4.0])
    return first, weighted_sum(combination, tf.ones((2, 2)))
