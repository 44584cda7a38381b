"""Step functions written as graphs, called by train.py with Python numbers."""

import tensorflow as tf


@tf.function
def scale_by_step(x, step):
    """Warm-up: inputs scaled by the step number (a Python int from the loop)."""
    return x * step / 100.0


@tf.function
def shift_by_epoch(x, epoch):
    return x + tf.cast(epoch, tf.float32) * 0.5


@tf.function
def clip_at(x, limit):
    """Clip to a limit that grows with the epoch (a Python float computed by the caller)."""
    return tf.minimum(x, limit)


@tf.function
def decay(weights, rate):
    """Python arithmetic on the rate before it meets a tensor: double precision eagerly."""
    return weights * (1.0 - rate)


@tf.function
def first_rows(x, count):
    return x[:count]


@tf.function
def repeat_double(x, times):
    for _ in range(times):
        x = x * 2.0
    return x


@tf.function(experimental_relax_shapes=True)
def batch_total(batch):
    """Written before reduce_retracing existed (TensorFlow 2.9)."""
    return tf.reduce_sum(batch, axis=0)


@tf.function(experimental_compile=True)
def squared_error(predictions, targets):
    return tf.reduce_mean(tf.square(predictions - targets))


@tf.function
def forward(x, training):
    """Dropout-like masking only while training: two values, two graphs."""
    if training:
        return x * 0.5
    return x
