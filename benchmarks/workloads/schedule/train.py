"""Regression MLP whose tf.function training step retraces on every step (issue 16).

    python train.py [--steps N]

The step is already a `tf.function`, but it takes the step number as a Python int to compute
its learning-rate schedule (linear warm-up, then inverse square-root decay) with TensorFlow
ops: TensorFlow traces a new graph for every step. `hybridize fix` removes the decorator (P3);
`hybridize fix --repair-retracing` keeps it and passes `tf.constant(step)` instead (R2).
"""

import argparse
import time

import numpy as np
import tensorflow as tf

NUM_FEATURES = 32
HIDDEN = 128
BATCH_SIZE = 64
BASE_LR = 0.05
WARMUP_STEPS = 20
DECAY_STEPS = 50
LOG_EVERY = 100


def make_data(num_examples, seed):
    """y = sin(x . w) + noise, on standard normal features."""
    rng = np.random.default_rng(seed)
    direction = np.random.default_rng(0).normal(size=(NUM_FEATURES, 1)) / np.sqrt(NUM_FEATURES)
    features = rng.normal(size=(num_examples, NUM_FEATURES))
    targets = np.sin(features @ direction) + 0.05 * rng.normal(size=(num_examples, 1))
    return (tf.constant(features, dtype=tf.float32), tf.constant(targets, dtype=tf.float32))


initializer = tf.keras.initializers.GlorotUniform(seed=1)
hidden_1 = tf.Variable(initializer((NUM_FEATURES, HIDDEN)), name="hidden_1")
hidden_2 = tf.Variable(initializer((HIDDEN, HIDDEN)), name="hidden_2")
output = tf.Variable(initializer((HIDDEN, 1)), name="output")
VARIABLES = [hidden_1, hidden_2, output]


def forward(x):
    h = tf.nn.relu(tf.matmul(x, hidden_1))
    h = tf.nn.relu(tf.matmul(h, hidden_2))
    return tf.matmul(h, output)


def mse(targets, predictions):
    return tf.reduce_mean(tf.square(targets - predictions))


@tf.function
def train_step(x, y, step):
    """One SGD step; the learning rate follows the schedule at `step`."""
    warmup = tf.minimum(1.0, tf.cast(step + 1, tf.float32) / WARMUP_STEPS)
    decay = tf.math.rsqrt(tf.maximum(1.0, tf.cast(step, tf.float32) / DECAY_STEPS))
    learning_rate = BASE_LR * warmup * decay
    with tf.GradientTape() as tape:
        loss = mse(y, forward(x))
    gradients = tape.gradient(loss, VARIABLES)
    for variable, gradient in zip(VARIABLES, gradients):
        variable.assign_sub(learning_rate * gradient)
    return loss


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args(argv)
    tf.random.set_seed(0)
    x_train, y_train = make_data(4096, seed=1)
    x_test, y_test = make_data(1024, seed=2)
    batches = x_train.shape[0] // BATCH_SIZE

    start = time.perf_counter()
    for step in range(args.steps):
        first = (step % batches) * BATCH_SIZE
        loss = train_step(x_train[first:first + BATCH_SIZE], y_train[first:first + BATCH_SIZE],
                          step)
        if step % LOG_EVERY == 0:
            print(f"step {step:5d}  loss {float(loss):.4f}")
    train_seconds = time.perf_counter() - start

    test_mse = float(mse(y_test, forward(x_test)))
    print(f"RESULT metric=test_mse value={test_mse:.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
