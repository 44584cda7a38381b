"""Keras layers whose `call` touches no Keras state (keras_pure.py), reduced from keras-hub 0.32.0
(`Gemma4MeanPooling`, `moonshine_backbone.Arange`), held by a layer that has no `build` and
leaves a Dense to its `call`, inside `keras.Sequential`, whose symbolic run makes Keras run the
holder's `call` in a scratch graph, and so the layers' `call`s first there. (A holder given
values of unknown kind, as keras-hub's `ImageConverter` is, would hold every layer of the corpus,
which is one workspace: tests/test_keras_pure.py has those.)

`MeanPool.call` and `PositionScale.call` read no variable, build nothing and read no static
shape: traced first in that scratch graph or eagerly, the same graph. `Tied.call` makes no
weight either, but reads the kernel of a Dense that the holder builds in that run (not yet
initialised there, Keras 3's StatelessScope): its trace keeps the initializer's values and the
eager steps that reuse it compute other losses (measured).
"""

import keras
import tensorflow as tf
from keras import ops

EPS = 1e-6


class MeanPool(keras.layers.Layer):
    """Gemma4MeanPooling: a masked mean over the sequence axis."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.axis = 1

    def call(self, inputs, padding_mask=None):
        if padding_mask is None:
            padding_mask = ops.ones_like(inputs[..., 0])
        mask = ops.expand_dims(ops.cast(padding_mask, inputs.dtype), axis=-1)
        total = ops.sum(inputs * mask, axis=self.axis)
        count = ops.maximum(ops.sum(mask, axis=self.axis), EPS)
        return total / count


class PositionScale(keras.layers.Layer):
    """Arange's kin: positions from the dynamic shape, through a helper method."""

    def _positions(self, x):
        n = tf.shape(x)[1]
        return ops.cast(ops.arange(n), self.compute_dtype)

    def call(self, x):
        return x * ops.expand_dims(1.0 + self._positions(x), axis=-1)


class Tied(keras.layers.Layer):
    """No weight of its own; reads the kernel of the Dense it is given (a tied projection)."""

    def __init__(self, dense, **kwargs):
        super().__init__(**kwargs)
        self.dense = dense

    def call(self, x):
        return ops.matmul(x, ops.transpose(self.dense.kernel))


class Block(keras.layers.Layer):
    """The holder: a Dense left to `call`, no `build`; Keras runs its `call` on symbolic
    inputs to build it."""

    def __init__(self, inner, units, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner
        self.dense = keras.layers.Dense(units)
        self.pool = MeanPool()
        self.scale = PositionScale()

    def call(self, x):
        h = self.scale(self.inner(self.dense(x)))
        return self.pool(h)


class TiedBlock(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(units)
        self.tied = Tied(self.dense)

    def call(self, x):
        return self.tied(self.dense(x))


def pure_model():
    return keras.Sequential([keras.Input((3, 4)), Block(keras.layers.Identity(), 4),
                             keras.layers.Dense(2)])


def tied_model():
    return keras.Sequential([keras.Input((3, 4)), TiedBlock(4), keras.layers.Dense(2)])


def main():
    x = tf.ones((2, 3, 4))
    return pure_model()(x), tied_model()(x)
