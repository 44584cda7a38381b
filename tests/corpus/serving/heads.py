"""Layers and modules used at serving time."""

import tensorflow as tf


class ServingHead(tf.keras.layers.Layer):
    def __init__(self, num_classes):
        super().__init__()
        self.dense = tf.keras.layers.Dense(num_classes)

    @tf.function
    def call(self, features):
        return tf.nn.softmax(self.dense(features))


class LazyScale(tf.Module):
    """Creates its variable on the first call, as the TensorFlow guide recommends."""

    def __init__(self):
        super().__init__()
        self.scale = None

    @tf.function
    def __call__(self, x):
        if self.scale is None:
            self.scale = tf.Variable(tf.ones_like(x))
        return x * self.scale


@tf.function
def scale_with_fresh_variable(x):
    factor = tf.Variable(2.0)
    return x * factor


def main():
    features = tf.random.normal((2, 4))
    head = ServingHead(3)
    print(head(features))
    lazy = LazyScale()
    print(lazy(features), lazy(features))


if __name__ == "__main__":
    main()
