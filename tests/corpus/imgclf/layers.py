"""Custom Keras layers."""

import tensorflow as tf


class ConvBlock(tf.keras.layers.Layer):
    """Conv2D -> BatchNormalization -> ReLU."""

    def __init__(self, filters, kernel_size=3, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters
        self.conv = tf.keras.layers.Conv2D(filters, kernel_size, padding="same")
        self.norm = tf.keras.layers.BatchNormalization()

    def call(self, inputs, training=False):
        x = self.conv(inputs)
        x = self.norm(x, training=training)
        return tf.nn.relu(x)

    def get_config(self):
        config = super().get_config()
        config.update({"filters": self.filters})
        return config


class Residual(tf.keras.layers.Layer):
    """Adds the input back to the output of an inner layer."""

    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner

    def call(self, x):
        return x + self.inner(x)


class LearnedScale(tf.keras.layers.Layer):
    """Multiplies its input by a learned per-channel scale."""

    def build(self, input_shape):
        self.scale = self.add_weight(name="scale", shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.scale
