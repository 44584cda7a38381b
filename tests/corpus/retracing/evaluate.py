"""Evaluation in another module: its calls are repaired with the training loop's."""

import tensorflow as tf

from retracing.steps import scale_by_step


def evaluate(batches=3):
    x = tf.ones((2, 2))
    return [scale_by_step(x, i) for i in range(batches)]


def main():
    from retracing.train import run

    return run(), evaluate()
