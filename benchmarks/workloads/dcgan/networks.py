"""Generator and discriminator of a small DCGAN for 28x28 grayscale images."""

import tensorflow as tf

NOISE_DIM = 32


def make_generator():
    return tf.keras.Sequential(
        [
            tf.keras.layers.Input((NOISE_DIM,)),
            tf.keras.layers.Dense(7 * 7 * 16, use_bias=False),
            tf.keras.layers.BatchNormalization(),
            tf.keras.layers.LeakyReLU(0.2),
            tf.keras.layers.Reshape((7, 7, 16)),
            tf.keras.layers.Conv2DTranspose(16, 5, strides=2, padding="same", use_bias=False),
            tf.keras.layers.BatchNormalization(),
            tf.keras.layers.LeakyReLU(0.2),
            tf.keras.layers.Conv2DTranspose(1, 5, strides=2, padding="same", activation="tanh"),
        ]
    )


def make_discriminator():
    return tf.keras.Sequential(
        [
            tf.keras.layers.Input((28, 28, 1)),
            tf.keras.layers.Conv2D(16, 5, strides=2, padding="same"),
            tf.keras.layers.LeakyReLU(0.2),
            tf.keras.layers.Conv2D(32, 5, strides=2, padding="same"),
            tf.keras.layers.LeakyReLU(0.2),
            tf.keras.layers.Flatten(),
            tf.keras.layers.Dense(1),
        ]
    )
