"""A layer's dtype-policy strings, changed on the layer in use (facts._WRITTEN_THROUGH).

`layer.dtype_policy = ...` is a Keras property setter: it changes the layer's `compute_dtype`,
`variable_dtype` and `dtype`. `IdsToFloat.call` (token ids cast to the compute dtype, as
keras-hub's embeddings and position layers do with `self.compute_dtype`) was converted: its
trace keeps the float32 cast after `to_half_precision` switches the policy, where eager code
casts to float16 (integer ids are not autocast, so the call is not traced again).
"""

import keras
from keras import ops


class IdsToFloat(keras.layers.Layer):
    def call(self, ids):
        return ops.cast(ids, self.compute_dtype) * 0.5


class Unpoliced(keras.layers.Layer):
    """Reads its compute dtype too; no code changes its policy."""

    def call(self, ids):
        return ops.cast(ids, self.compute_dtype) + 1.0


def to_half_precision(layer: IdsToFloat):
    layer.dtype_policy = "mixed_float16"


def main():
    ids = keras.ops.convert_to_tensor([[1, 2, 3]])
    layer = IdsToFloat()
    first = layer(ids)
    to_half_precision(layer)
    return first, layer(ids), Unpoliced()(ids)
