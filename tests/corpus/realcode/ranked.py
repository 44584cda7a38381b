"""Reduced from gpflow 2.11.2 (optimizers/natgrad.py `_inverse_lower_triangular`: a rank check on
`M.shape.ndims` before the op) and the rank branches of opennmt-tf and keras-hub layers
(`if x.shape.rank == 3:`). An earlier engine took `x.shape.ndims` for a value of unknown type and
declined the `if` (UNDETERMINABLE_CONSTRUCT). A tensor's static rank is a Python int both eagerly
and when traced from a call (a traced argument has the call's shape), so the `if` takes the same
branch; an op whose result has no static rank in a graph (tf.py_function) gives None traced."""

import numpy as np
import tensorflow as tf


def inverse_lower_triangular(M):
    """Inverse of a batch of lower triangular matrices [D, N, N]."""
    if M.shape.ndims != 3:
        raise ValueError("Number of dimensions for input is required to be 3.")
    D, N = tf.shape(M)[0], tf.shape(M)[1]
    I_dnn = tf.eye(N, dtype=M.dtype)[None, :, :] * tf.ones((D, 1, 1), dtype=M.dtype)
    return tf.linalg.triangular_solve(M, I_dnn)


def flatten_time(x):
    """[B, T, D] to [B * T, D]; a [B, D] batch is returned as it is."""
    if x.get_shape().rank == 3:
        return tf.reshape(x, [-1, tf.shape(x)[-1]])
    return x


def _sorted(values):
    return np.sort(values.numpy())


def sorted_norm(x):
    """A rank branch on a tf.py_function's result: rank 1 eagerly, unknown (None) traced."""
    values = tf.py_function(_sorted, [x], tf.float32)
    if values.shape.ndims == 1:
        return tf.norm(values)
    return tf.reduce_sum(values)


def main():
    chol = tf.linalg.cholesky(tf.eye(3, batch_shape=[2]) * 4.0)
    return inverse_lower_triangular(chol), flatten_time(tf.ones((2, 3, 4))), \
        sorted_norm(tf.constant([3.0, 4.0]))
