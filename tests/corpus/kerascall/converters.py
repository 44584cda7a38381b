"""A layer next to a preprocessing layer that receives values of unknown kind.

Reduced from keras-hub 0.32.0: VideoConverter constructs an ImageConverter with its own
`**kwargs` (values of unknown kind: the engine takes it for a possible holder of every layer).
ImageConverter's `call` calls `self.resizing`, a keras Resizing, which Gemma4ImageConverter
replaces with a workspace layer of its own (Gemma4AspectRatioResizing), and keras-hub's
`in_tf_function` reads a TensorFlow module that is None without TensorFlow. Neither runs a
layer the converter was given, so RMSNorm's `call` (its weight made in its own `build`) is
converted; Encoder builds it in its `build`.
"""

import keras
import tensorflow as tf


def try_import_tensorflow():
    try:
        import tensorflow as module
    except ImportError:
        return None
    return module


tf_or_none = try_import_tensorflow()


def in_tf_function():
    if tf_or_none is None:
        return False
    return not tf_or_none.executing_eagerly()


class RMSNorm(keras.layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

    def call(self, x):
        variance = tf.reduce_mean(tf.square(x), axis=-1, keepdims=True)
        return x * tf.math.rsqrt(variance + 1e-6) * self.scale


class Encoder(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(units)
        self.norm = RMSNorm()

    def build(self, input_shape):
        self.dense.build(input_shape)
        self.norm.build(input_shape[:-1] + (self.dense.units,))

    def call(self, x):
        return self.norm(self.dense(x))


class Halve(keras.layers.Layer):
    """Gemma4AspectRatioResizing: a workspace layer with no weight."""

    def call(self, x):
        return x * 0.5


class Converter(keras.layers.Layer):
    def __init__(self, scale=None, offset=None, **kwargs):
        super().__init__(**kwargs)
        self.resizing = keras.layers.Rescaling(1.0 / 255.0)
        self.scale = scale
        self.offset = offset

    def call(self, x):
        x = self.resizing(x)
        if in_tf_function():
            x = tf.identity(x)
        return x


class HalvingConverter(Converter):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.resizing = Halve()


class ClipConverter(keras.layers.Layer):
    """VideoConverter: its converter gets what its own callers pass as `scale`, `offset` and
    `dtype` (a `**kwargs` forwarded as a whole could carry an `activity_regularizer`, which
    Keras' `__call__` calls: any callable, a layer too; that stays unknown)."""

    def __init__(self, scale=None, offset=None, dtype=None, **kwargs):
        super().__init__(**kwargs)
        self.frames = Converter(scale=scale, offset=offset, dtype=dtype)

    def call(self, x):
        return self.frames(x)


def clip_from_config(config):
    """VideoConverter.from_config: built from a saved configuration, values of unknown kind."""
    return ClipConverter(**config)


def main():
    clip = ClipConverter()
    halving = HalvingConverter()
    encoder = Encoder(3)
    x = tf.ones((2, 4))
    return encoder(halving(clip(x)))
