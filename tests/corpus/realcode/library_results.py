"""Reduced from keras-hub 0.32.0 (models/gemma3/gemma3_decoder_block.py, layers/modeling/
alibi_bias.py, models/gemma4/gemma4_audio_encoder.py) and spektral 1.3.1 (layers/convolutional/
message_passing.py, layers/pooling/diff_pool.py): `if`s, `in` tests and f-strings on what a
library call reads from its argument's kind, dtype or static shape (keras.backend.is_sparse,
keras.backend.standardize_dtype, keras.backend.ndim, keras.ops.shape): Python values that a graph
computes as eagerly (analysis/static_values.py, data/static_python_values.tsv). And what must
stay declined: the static shape of a tensor the function computes (traced, tf.boolean_mask's
length is None, a parsed tensor's rank unknown)."""

import keras
import tensorflow as tf
from keras import ops
from tensorflow.keras import backend as K


def clamp_float16(x):
    """gemma3_decoder_block: float16 inputs are clamped to avoid overflow."""
    is_float16 = keras.backend.standardize_dtype(x.dtype) == "float16"
    if is_float16:
        x = ops.clip(x, -65504, 65504)
    return x * 2


def edge_features(e):
    """message_passing.get_inputs: edge features of rank 2 or 3 only."""
    assert K.ndim(e) in (2, 3), "E must have rank 2 or 3"
    return tf.reduce_sum(e, axis=-1)


def add_self_loops(a):
    """diff_pool.call: a sparse adjacency gets a sparse identity, a dense one a dense one."""
    if K.is_sparse(a):
        eye = tf.sparse.eye(a.dense_shape[0], dtype=a.dtype)
        return tf.sparse.to_dense(tf.sparse.add(a, eye))
    return a + tf.eye(tf.shape(a)[0], dtype=a.dtype)


def alibi_scores(attention_scores):
    """alibi_bias.call: attention scores must be of rank 4."""
    shape = ops.shape(attention_scores)
    if len(shape) != 4:
        raise ValueError("Expected `attention_scores` shape to be "
                         f"`(batch_size, num_heads, query_length, key_Length)`. Got {shape}")
    return attention_scores - ops.max(attention_scores, axis=-1, keepdims=True)


def to_blocks(x):
    """gemma4_audio_encoder._convert_to_block, reduced: time padded to a multiple of 2."""
    if ops.shape(x)[1] % 2:
        x = ops.pad(x, [[0, 0], [0, 1]])
    return ops.reshape(x, (ops.shape(x)[0], -1, 2))


def positive_count_label(x):
    """Declined: the length of tf.boolean_mask's result is None traced (a tensor from
    keras.ops.shape), so the f-string formats a tensor where eagerly it formats 2."""
    positive = tf.boolean_mask(x, x > 0)
    return tf.strings.join([f"{ops.shape(positive)[0]} positive: ",
                            tf.strings.as_string(tf.reduce_sum(positive))])


def doubled_vector(serialized):
    """Declined: a parsed tensor's rank is unknown traced (ndim None), 1 eagerly."""
    t = tf.io.parse_tensor(serialized, tf.float32)
    if K.ndim(t) == 1:
        return t * 2.0
    return t


def scaled_dtype(x, scale):
    """Declined: keras.backend.dtype reads a Python str from the tensor; returned from a
    tf.function it becomes a string tensor (it was taken for a structure of tensors)."""
    return K.dtype(x * scale)


def flat_or_single(x):
    """tf.nest.is_nested of a tensor: False both ways, a Python bool."""
    if tf.nest.is_nested(x):
        return tf.add_n(tf.nest.flatten(x))
    return x * 2.0


def sparse_transpose(a, perm=None):
    """spektral layers/ops/ops.py transpose: K.is_sparse of anything (a NumPy matrix too, which a
    tf.function converts to a dense tensor: not sparse either way)."""
    if K.is_sparse(a):
        transpose_op = tf.sparse.transpose
    else:
        transpose_op = tf.transpose
    if perm is None:
        perm = (1, 0)
    return transpose_op(a, perm=perm)


def main():
    half = clamp_float16(tf.ones((2,), tf.float16))
    edges = edge_features(tf.ones((2, 3)))
    loops = [add_self_loops(tf.ones((2, 2))),
             add_self_loops(tf.sparse.from_dense(tf.ones((2, 2))))]
    scores = alibi_scores(tf.ones((1, 2, 3, 3)))
    blocks = to_blocks(tf.ones((2, 3)))
    label = positive_count_label(tf.constant([1.0, -2.0, 3.0]))
    vector = doubled_vector(tf.io.serialize_tensor(tf.constant([1.0, 2.0])))
    turned = [sparse_transpose(tf.ones((2, 3))),
              sparse_transpose(tf.sparse.from_dense(tf.ones((2, 3))))]
    names = scaled_dtype(tf.ones((2,)), 2.0)
    flat = flat_or_single(tf.ones((2,)))
    return half, edges, loops, scores, blocks, label, vector, names, flat, turned
