"""Hyperparameters set by name from a literal list (`for name in ("learning_rate", "momentum"):
setattr(self, name, ...)`): the setattr writes those two attributes only (bodies.setattr_names).
A step reading `clip` converts; one reading `learning_rate`, which `set_rates` changes after the
object was made, is a stale read (a graph keeps the value it traced)."""

import tensorflow as tf


class Hyper:
    def __init__(self, learning_rate=0.1, momentum=0.9, clip=1.0):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.clip = clip

    def set_rates(self, values):
        for name in ("learning_rate", "momentum"):
            if name in values:
                setattr(self, name, values[name])


def clipped(grads, hyper):
    return tf.clip_by_norm(grads, hyper.clip)


def sgd_step(weights, grads, hyper):
    return weights - hyper.learning_rate * grads


def main():
    hyper = Hyper()
    hyper.set_rates({"learning_rate": 0.05})
    grads = clipped(tf.constant([3.0, 4.0]), hyper)
    return sgd_step(tf.constant([1.0, 1.0]), grads, hyper)
