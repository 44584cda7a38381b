"""The evaluation loop: batch sizes and sequence lengths from literal tuples and ranges."""

import numpy as np
import tensorflow as tf

from shapes import steps

BATCH_SIZES = (4, 8, 16)


def run():
    outputs = []
    weights = tf.constant([[1.0], [2.0], [3.0]])
    for size in (4, 8, 16):
        batch = tf.random.stateless_normal([size, 3], seed=[size, 1])
        outputs.append(steps.batch_mean(batch))
        outputs.append(steps.project(batch, weights))
        outputs.append(steps.flatten(tf.ones([size, 3, 2])))
        outputs.append(steps.first_half(tf.ones([size, 3])))
    for epoch in range(3):
        outputs.append(steps.normalize_rows(tf.ones([epoch + 2, 3])))
        outputs.append(steps.batch_mean(tf.zeros([epoch + 2, 3])))
    outputs.append(steps.weighted(tf.ones([2, 2])))
    return outputs


def failing():
    """A row of zeros: the same error as written and repaired."""
    out = []
    for rows in (1, 2):
        try:
            out.append(steps.normalize_rows(tf.zeros([rows, 3])))
        except tf.errors.InvalidArgumentError as error:
            out.append(type(error).__name__)
    return out


def padded():
    """Rows of 1 to 8 tokens, two per batch, padded to the longest: 4 batch shapes."""
    rows = tf.data.Dataset.range(1, 9).map(lambda n: tf.range(n) + 1)
    counts = []
    for tokens in rows.padded_batch(2):
        counts.append(steps.token_count(tokens))
    return counts


def evaluate(batch_size):
    """Batches of the size the caller asks for: 32 and 64 (main)."""
    return steps.batch_mean(tf.random.stateless_uniform([batch_size, 3], seed=[batch_size, 2]))


def main():
    features = tf.constant(np.linspace(-1.0, 1.0, 2 * 8 * 3).reshape(2, 8, 3), dtype=tf.float32)
    sequences = [steps.sequence_energy(features[:, :length]) for length in range(2, 7)]
    return run(), failing(), sequences, padded(), evaluate(32), evaluate(64)
