"""Small helpers shared by the training script."""

import random

import numpy as np
import tensorflow as tf


def set_seed(seed):
    """Seed Python, NumPy and TensorFlow."""
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)


def scaled_l2(x):
    """Half the squared L2 norm of each row, averaged over the batch."""
    return 0.5 * tf.reduce_mean(tf.reduce_sum(tf.square(x), axis=-1))


def nested_l2(structure):
    """Sum of squares over a nested list/tuple/dict of tensors, e.g. a list of gradients."""
    if isinstance(structure, dict):
        return nested_l2(list(structure.values()))
    if isinstance(structure, (list, tuple)):
        return tf.add_n([nested_l2(item) for item in structure])
    return tf.reduce_sum(tf.square(structure))


def log_step(step, loss):
    """Progress line for the training loop."""
    print(f"  step {step}: loss {loss}")


def moving_average(values, decay=0.9):
    """Exponential moving average of a 1-D tensor of per-step values."""
    average = tf.Variable(values[0], trainable=False)
    for i in tf.range(1, tf.size(values)):
        average.assign(decay * average + (1.0 - decay) * values[i])
    return average.read_value()
