"""Values reached through Keras objects (issue 12): an optimizer's step counter and a layer's
weights are Keras variables, which a tf.function reads like tf.Variables."""

import tensorflow as tf

DENSE = tf.keras.layers.Dense(2)
DENSE.build((None, 3))
OPTIMIZER = tf.keras.optimizers.SGD(0.1)
OPTIMIZER.build(DENSE.trainable_variables)


def warmup_rate(step):
    """A learning rate that grows with the optimizer's step counter."""
    return 0.1 * tf.minimum(1.0, tf.cast(step + 1, tf.float32) / 10.0)


def kernel_norm(kernel):
    return tf.norm(kernel)


def kernel_itself(kernel):
    """Returns the variable: eagerly the variable, from a graph a tensor of its value."""
    return kernel


def main():
    warmup_rate(OPTIMIZER.iterations)
    kernel_norm(DENSE.kernel)
    kernel_itself(DENSE.kernel)
