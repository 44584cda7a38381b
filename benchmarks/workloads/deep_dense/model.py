"""A deep residual MLP: a Keras Model subclass whose `call` loops over 100 Dense layers."""

import tensorflow as tf


class DeepResidualMLP(tf.keras.Model):
    def __init__(self, depth=100, width=32, outputs=1):
        super().__init__()
        self.stem = tf.keras.layers.Dense(width)
        self.blocks = [tf.keras.layers.Dense(width, activation="tanh") for _ in range(depth)]
        self.head = tf.keras.layers.Dense(outputs)

    def call(self, x):
        x = self.stem(x)
        for layer in self.blocks:
            x = x + 0.1 * layer(x)
        return self.head(x)


def weight_norms(model):
    """Python floats, one per block: handy when training diverges."""
    return [float(tf.norm(layer.kernel).numpy()) for layer in model.blocks]
