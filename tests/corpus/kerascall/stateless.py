"""Keras layers whose traced `call` changes Keras state (keras_build._changes_keras_state).

Keras traces a layer's `call` on symbolic inputs when it builds a functional model on
keras.Input (and inside keras.Sequential, or a model without `build`), inside a StatelessScope
(Keras 3.15 backend/tensorflow/core.py compute_output_spec): there `KerasVariable.assign` is
only recorded, not traced, and a SeedGenerator's state is not advanced. A decorated `call`
keeps that trace, and the eager calls after it reuse it (measured, TF 2.21 / Keras 3.15: after
three eager calls `Counted.steps` is 3.0, traced 0.0; `Noisy` adds the same noise every call).
The same holds for a library layer whose `call` changes state under `training=True` (a
Dropout's SeedGenerator, a BatchNormalization's moving statistics), when the symbolic run
passes `training=True` (`Regularized` in a functional model built with it: the moving mean stays
0 and the dropout mask repeats, traced). `Counted`, `Noisy`, `Regularized` and the helper `bump`
(reached from `Bumped.call`) are declined; `Scaled` reads its weight and changes nothing, and is
converted.
"""

import keras
import tensorflow as tf


def bump(counter, x):
    """A helper that a layer's `call` reaches: traced in that `call`'s symbolic run too."""
    counter.assign_add(1.0)
    return x * counter


class Counted(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        self.steps = self.add_weight(shape=(), initializer="zeros", trainable=False)

    def call(self, x):
        self.steps.assign_add(1.0)
        return x * self.w * self.steps


class Bumped(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        self.steps = self.add_weight(shape=(), initializer="zeros", trainable=False)

    def call(self, x):
        return bump(self.steps, x * self.w)


class Noisy(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed = keras.random.SeedGenerator(1)

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w + keras.random.normal(tf.shape(x), seed=self.seed)


class Regularized(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.norm = keras.layers.BatchNormalization()
        self.drop = keras.layers.Dropout(0.5, seed=1)

    def build(self, input_shape):
        self.norm.build(input_shape)

    def call(self, x, training=None):
        return self.drop(self.norm(x, training=training), training=training)


class Scaled(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w


def functional(layer):
    inputs = keras.Input((4,))
    return keras.Model(inputs, layer(inputs))


def counted_model():
    return functional(Counted())


def bumped_model():
    return functional(Bumped())


def noisy_model():
    return functional(Noisy())


def regularized_model():
    inputs = keras.Input((4,))
    return keras.Model(inputs, Regularized()(inputs, training=True))


def scaled_model():
    return functional(Scaled())


def main():
    x = tf.ones((2, 4))
    return counted_model()(x), bumped_model()(x), noisy_model()(x), regularized_model()(x), \
        scaled_model()(x)
