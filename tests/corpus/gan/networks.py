"""Generator, discriminator and their losses."""

import tensorflow as tf
from tensorflow import keras

LATENT_DIM = 4

cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)


def make_generator():
    return keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])


def make_discriminator():
    return keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])


def generator_loss(fake_logits):
    return cross_entropy(tf.ones_like(fake_logits), fake_logits)


def discriminator_loss(real_logits, fake_logits):
    real = cross_entropy(tf.ones_like(real_logits), real_logits)
    fake = cross_entropy(tf.zeros_like(fake_logits), fake_logits)
    return real + fake
