"""A small convolutional classifier, written as a Keras Model subclass."""

import tensorflow as tf


class ConvNet(tf.keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = tf.keras.layers.Conv2D(8, 3, padding="same", activation="relu")
        self.pool1 = tf.keras.layers.MaxPooling2D()
        self.conv2 = tf.keras.layers.Conv2D(16, 3, padding="same", activation="relu")
        self.pool2 = tf.keras.layers.MaxPooling2D()
        self.flatten = tf.keras.layers.Flatten()
        self.hidden = tf.keras.layers.Dense(32, activation="relu")
        self.logits = tf.keras.layers.Dense(num_classes)

    def call(self, images, training=False):
        x = self.pool1(self.conv1(images))
        x = self.pool2(self.conv2(x))
        return self.logits(self.hidden(self.flatten(x)))


def preprocess(images):
    """uint8 [N, 28, 28] -> float32 [N, 28, 28, 1] in [0, 1]."""
    return tf.cast(images, tf.float32)[..., tf.newaxis] / 255.0
