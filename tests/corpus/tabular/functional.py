"""A functional Keras model whose feature helper is also used eagerly."""

import keras
import tensorflow as tf


def add_interactions(x):
    """Appends the product of the first two features."""
    return keras.ops.concatenate([x, x[:, :1] * x[:, 1:2]], axis=-1)


def build_model():
    inputs = keras.Input(shape=(3,))
    outputs = keras.layers.Dense(1)(add_interactions(inputs))
    return keras.Model(inputs, outputs)


def main():
    model = build_model()
    batch = tf.random.normal((4, 3))
    print(add_interactions(batch).shape, model(batch).shape)


if __name__ == "__main__":
    main()
