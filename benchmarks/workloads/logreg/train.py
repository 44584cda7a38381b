"""Logistic regression with a hand-written training loop (raw variables, GradientTape, SGD).

    python train.py [--steps N]

Binary classification of 64-feature synthetic data drawn from two Gaussian blobs. The model is
two tf.Variables; the loop warms the learning rate up for a few steps, then trains on mini-batches
of 32 and prints progress now and then.
"""

import argparse
import time

import numpy as np
import tensorflow as tf

NUM_FEATURES = 64
BATCH_SIZE = 32
L2 = 1e-3
WARMUP_STEPS = 10
LOG_EVERY = 200

weights = tf.Variable(tf.zeros([NUM_FEATURES, 1]), name="weights")
bias = tf.Variable(tf.zeros([1]), name="bias")
optimizer = tf.keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)


def make_blobs(num_examples, seed):
    """Two Gaussian blobs whose means differ along a fixed direction; labels 0/1."""
    direction = np.random.default_rng(0).normal(size=NUM_FEATURES)
    direction /= np.linalg.norm(direction)
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=num_examples)
    features = rng.normal(size=(num_examples, NUM_FEATURES)) + np.outer(2 * labels - 1, direction)
    return (
        tf.constant(features, dtype=tf.float32),
        tf.constant(labels.reshape(-1, 1), dtype=tf.float32),
    )


def predict_logits(x):
    return tf.matmul(x, weights) + bias


def binary_cross_entropy(labels, logits):
    per_example = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    return tf.reduce_mean(per_example) + L2 * tf.reduce_sum(tf.square(weights))


def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = binary_cross_entropy(y, predict_logits(x))
    gradients = tape.gradient(loss, [weights, bias])
    optimizer.apply_gradients(zip(gradients, [weights, bias]))
    return loss


def warmup_step(x, y, lr_scale):
    """A plain SGD step with a scaled-down learning rate, used for the first few batches."""
    with tf.GradientTape() as tape:
        loss = binary_cross_entropy(y, predict_logits(x))
    grad_w, grad_b = tape.gradient(loss, [weights, bias])
    weights.assign_sub(0.05 * lr_scale * grad_w)
    bias.assign_sub(0.05 * lr_scale * grad_b)
    return loss


def log_progress(step, loss):
    print(f"step {step:5d}  loss {loss.numpy():.4f}")


def accuracy(x, y):
    """Fraction of correctly classified examples, as a Python float."""
    predictions = tf.cast(predict_logits(x) > 0.0, tf.float32)
    return float(tf.reduce_mean(tf.cast(predictions == y, tf.float32)).numpy())


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=600)
    args = parser.parse_args(argv)

    tf.keras.utils.set_random_seed(0)
    train_x, train_y = make_blobs(8192, seed=1)
    test_x, test_y = make_blobs(2048, seed=2)
    num_batches = train_x.shape[0] // BATCH_SIZE

    start = time.perf_counter()
    for step in range(args.steps):
        i = step % num_batches
        x = train_x[i * BATCH_SIZE:(i + 1) * BATCH_SIZE]
        y = train_y[i * BATCH_SIZE:(i + 1) * BATCH_SIZE]
        if step < WARMUP_STEPS:
            loss = warmup_step(x, y, (step + 1) / WARMUP_STEPS)
        else:
            loss = train_step(x, y)
        if step % LOG_EVERY == 0:
            log_progress(step, loss)
    train_seconds = time.perf_counter() - start

    test_loss = float(binary_cross_entropy(test_y, predict_logits(test_x)))
    print(f"test accuracy {accuracy(test_x, test_y):.4f}")
    print(f"RESULT metric=test_loss value={test_loss:.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
