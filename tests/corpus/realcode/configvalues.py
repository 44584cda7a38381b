"""Library blocks whose methods branch on constructor configuration (issue 12, `--speculative`).

Reduced from keras-hub 0.32.0 (SwinTransformerBlock.call `if self.shift_size > 0:`,
SAMAttention `if self.use_rel_pos:`, `if self.hidden_dim % 2 == 1:`) and tf-models-official
2.20.0 (blocks that pick an activation or a normalisation by a string setting). Nothing here
constructs the classes: their users do, so what `__init__` stores is unknown to the analysis.
Only `--speculative`, under its stated assumption, takes those values for Python values.
"""

import tensorflow as tf


class ShiftedWindow:
    """Rolls the tokens of a window by a configured shift (an int, 0: no shift)."""

    def __init__(self, shift_size=0, window=(2, 2), mode="roll"):
        self.shift_size = shift_size
        self.window = window
        self.mode = mode

    def shift(self, x: tf.Tensor) -> tf.Tensor:
        if self.shift_size > 0:
            x = tf.roll(x, shift=-self.shift_size, axis=1)
        rows, cols = self.window
        y = tf.reshape(x, (-1, rows, cols))
        return y * 2.0 if self.mode == "double" else y


class PositionalScale:
    """Adds a relative position bias when configured, and scales by an odd or even width."""

    def __init__(self, hidden_dim, use_rel_pos=False, scales=(1.0,), prefix=None):
        self.hidden_dim = hidden_dim
        self.use_rel_pos = use_rel_pos
        self.scales = scales
        self.prefix = prefix

    def apply(self, x: tf.Tensor) -> tf.Tensor:
        if self.use_rel_pos:
            x = x + tf.cast(tf.range(tf.shape(x)[-1]), x.dtype)
        if self.hidden_dim % 2 == 1:
            x = x[..., :-1]
        for scale in self.scales:
            x = x * scale
        return x

    def tagged(self, x: tf.Tensor) -> tf.Tensor:
        name = f"{self.prefix}/sum" if self.prefix is not None else "sum"
        return tf.strings.join([name, tf.strings.as_string(tf.reduce_sum(x))], separator=":")


class Activation:
    """Applies the activations configured by name, in order (a tuple of strings)."""

    def __init__(self, kinds=("relu",)):
        self.kinds = kinds

    def __call__(self, x: tf.Tensor) -> tf.Tensor:
        if "relu" in self.kinds:
            x = tf.nn.relu(x)
        return tf.tanh(x) if "tanh" in self.kinds else x


class Gate:
    """Its threshold is used as a tensor in the class (tf.maximum's operand): not covered."""

    def __init__(self, threshold):
        self.threshold = threshold

    def floor(self, x: tf.Tensor) -> tf.Tensor:
        return tf.maximum(self.threshold, x)

    def open(self, x: tf.Tensor) -> tf.Tensor:
        if self.threshold > 0:
            return x
        return tf.zeros_like(x)


class Switchable:
    """`use_norm` is assigned again outside `__init__`: a traced graph would keep the old branch."""

    def __init__(self, use_norm=True):
        self.use_norm = use_norm

    def disable(self):
        self.use_norm = False

    def forward(self, x: tf.Tensor) -> tf.Tensor:
        if self.use_norm:
            return tf.nn.l2_normalize(x, axis=-1)
        return x


class Config:
    def __init__(self, depth):
        self.depth = depth


class FromConfigObject:
    """A setting read through another object (`self.config.depth`): not covered."""

    def __init__(self, config):
        self.config = config

    def run(self, x: tf.Tensor) -> tf.Tensor:
        if self.config.depth > 1:
            return x * 2.0
        return x


class Stack:
    """Builds a block from its own configuration (keras-hub backbones build their blocks so):
    the block's one visible construction passes a configuration value."""

    def __init__(self, num_layers, shift_size):
        self.num_layers = num_layers
        self.block = ShiftedWindow(shift_size=shift_size)

    def returns_setting(self, x: tf.Tensor):
        # Returning a configuration value is not covered: a graph returns it as a tensor.
        return tf.reduce_sum(x), self.num_layers
