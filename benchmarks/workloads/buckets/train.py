"""Sequence regression trained bucket by bucket, whose tf.function step retraces on every
sequence length (issue 16, R3).

    python train.py [--steps N]

Sequences of 4 to 128 time steps are grouped in buckets of similar length (every 4 steps), and
each batch is cut to its bucket's length so that no time is spent on padding: the usual
hand-written `bucket_by_sequence_length`. The step is already a `tf.function`, so TensorFlow
traces a new graph for every bucket length (32 of them). `hybridize fix` keeps the graph and
adds `reduce_retracing=True` (R3: the length dimension is left open after the second length);
removing the decorator (what the published tool's "Optimize Hybrid Function" does) stops the
retracing by giving up the graph.
"""

import argparse
import time

import numpy as np
import tensorflow as tf

NUM_FEATURES = 16
HIDDEN = 32
BATCH_SIZE = 32
MAX_LENGTH = 128
BUCKET_WIDTH = 4
PER_BUCKET = 96  # sequences per bucket
LOG_EVERY = 64


def make_data(seed):
    """Sequences whose true length falls in each bucket, zero-padded to MAX_LENGTH, in bucket
    order; the target is the mean of sin(x . w) over the sequence's own time steps."""
    rng = np.random.default_rng(seed)
    direction = np.random.default_rng(0).normal(size=(NUM_FEATURES,)) / np.sqrt(NUM_FEATURES)
    buckets = MAX_LENGTH // BUCKET_WIDTH
    features = np.zeros((buckets * PER_BUCKET, MAX_LENGTH, NUM_FEATURES), dtype=np.float32)
    targets = np.zeros((buckets * PER_BUCKET, 1), dtype=np.float32)
    for bucket in range(buckets):
        top = (bucket + 1) * BUCKET_WIDTH
        for i in range(PER_BUCKET):
            row = bucket * PER_BUCKET + i
            length = int(rng.integers(top - BUCKET_WIDTH + 1, top + 1))
            features[row, :length] = rng.normal(size=(length, NUM_FEATURES))
            targets[row, 0] = np.mean(np.sin(features[row, :length] @ direction))
    return tf.constant(features), tf.constant(targets)


initializer = tf.keras.initializers.GlorotUniform(seed=1)
embed = tf.Variable(initializer((NUM_FEATURES, HIDDEN)), name="embed")
blocks = [tf.Variable(initializer((HIDDEN, HIDDEN)), name=f"block_{i}") for i in range(3)]
scales = [tf.Variable(tf.ones([HIDDEN]), name=f"scale_{i}") for i in range(3)]
head = tf.Variable(initializer((HIDDEN, 1)), name="head")
VARIABLES = [embed, *blocks, *scales, head]
optimizer = tf.keras.optimizers.Adam(learning_rate=3e-3)


def layer_norm(h, scale):
    mean, variance = tf.nn.moments(h, axes=[-1], keepdims=True)
    return (h - mean) * tf.math.rsqrt(variance + 1e-5) * scale


def forward(x):
    """Per-time-step residual MLP, then the mean over the time steps that are not padding."""
    mask = tf.cast(tf.reduce_any(tf.not_equal(x, 0.0), axis=-1), tf.float32)
    h = tf.einsum("btf,fh->bth", x, embed)
    h = h + tf.nn.gelu(tf.einsum("bth,hk->btk", layer_norm(h, scales[0]), blocks[0]))
    h = h + tf.nn.gelu(tf.einsum("bth,hk->btk", layer_norm(h, scales[1]), blocks[1]))
    h = h + tf.nn.gelu(tf.einsum("bth,hk->btk", layer_norm(h, scales[2]), blocks[2]))
    pooled = tf.reduce_sum(h * mask[:, :, None], axis=1) / \
        tf.maximum(tf.reduce_sum(mask, axis=1, keepdims=True), 1.0)
    return tf.matmul(pooled, head)


def mse(targets, predictions):
    return tf.reduce_mean(tf.square(targets - predictions))


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = mse(y, forward(x))
    gradients = tape.gradient(loss, VARIABLES)
    optimizer.apply_gradients(zip(gradients, VARIABLES))
    return loss


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=320)
    args = parser.parse_args(argv)
    tf.random.set_seed(0)
    x_train, y_train = make_data(seed=1)
    x_test, y_test = make_data(seed=2)
    buckets = MAX_LENGTH // BUCKET_WIDTH
    rounds = max(1, args.steps // buckets)

    start = time.perf_counter()
    step = 0
    for round_ in range(rounds):
        for length in range(BUCKET_WIDTH, MAX_LENGTH + 1, BUCKET_WIDTH):
            bucket = length // BUCKET_WIDTH - 1
            first = bucket * PER_BUCKET + (round_ * BATCH_SIZE) % (PER_BUCKET - BATCH_SIZE)
            last = first + BATCH_SIZE
            loss = train_step(x_train[first:last, :length], y_train[first:last])
            if step % LOG_EVERY == 0:
                print(f"step {step:5d}  length {length:3d}  loss {float(loss):.4f}")
            step += 1
    train_seconds = time.perf_counter() - start

    test_mse = float(mse(y_test, forward(x_test)))
    print(f"RESULT metric=test_mse value={test_mse:.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
