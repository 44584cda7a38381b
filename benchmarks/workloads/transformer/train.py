"""Train a one-block Transformer classifier with a custom loop and a warm-up learning rate.

    python train.py [--steps N]

Synthetic task: does token 1 occur before token 2 in the sequence? (Order matters, so the model
needs the positions.)
"""

import argparse
import time

import numpy as np
import tensorflow as tf
from layers import SequenceClassifier

VOCAB_SIZE = 64
LENGTH = 16
BATCH_SIZE = 16
PEAK_LEARNING_RATE = 2e-3
WARMUP_STEPS = 50

loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def make_sequences(num_sequences, seed):
    rng = np.random.default_rng(seed)
    tokens = rng.integers(3, VOCAB_SIZE, size=(num_sequences, LENGTH))
    first, second = np.sort(rng.choice(LENGTH, size=(num_sequences, 2)), axis=1).T
    second = np.where(second == first, (first + 1) % LENGTH, second)
    labels = rng.integers(0, 2, size=num_sequences)
    rows = np.arange(num_sequences)
    tokens[rows, np.where(labels == 1, first, second)] = 1
    tokens[rows, np.where(labels == 1, second, first)] = 2
    return tf.constant(tokens, tf.int32), tf.constant(labels, tf.int32)


def learning_rate_at(step):
    """Linear warm-up, then inverse square-root decay (plain Python)."""
    step = step + 1
    return PEAK_LEARNING_RATE * min(step / WARMUP_STEPS, (WARMUP_STEPS / step) ** 0.5)


def train_step(model, optimizer, tokens, labels):
    with tf.GradientTape() as tape:
        logits = model(tokens)
        loss = loss_fn(labels, logits)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss


def evaluate(model, tokens, labels):
    logits = model(tokens)
    correct = tf.equal(tf.argmax(logits, axis=-1, output_type=tf.int32), labels)
    return loss_fn(labels, logits), tf.reduce_mean(tf.cast(correct, tf.float32))


def log_progress(step, loss, learning_rate):
    print(f"step {step}: loss {loss}, learning rate {learning_rate:.2e}")


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=80)
    args = parser.parse_args(argv)

    tf.keras.utils.set_random_seed(0)
    train_tokens, train_labels = make_sequences(4096, seed=1)
    test_tokens, test_labels = make_sequences(512, seed=2)
    model = SequenceClassifier(VOCAB_SIZE, LENGTH)
    optimizer = tf.keras.optimizers.Adam(learning_rate=PEAK_LEARNING_RATE)
    num_batches = 4096 // BATCH_SIZE

    start = time.perf_counter()
    for step in range(args.steps):
        optimizer.learning_rate = learning_rate_at(step)
        i = step % num_batches
        loss = train_step(
            model,
            optimizer,
            train_tokens[i * BATCH_SIZE:(i + 1) * BATCH_SIZE],
            train_labels[i * BATCH_SIZE:(i + 1) * BATCH_SIZE],
        )
        if step % 20 == 0:
            log_progress(step, loss, learning_rate_at(step))
    train_seconds = time.perf_counter() - start

    test_loss, test_accuracy = evaluate(model, test_tokens, test_labels)
    print(f"test accuracy {float(test_accuracy):.4f}")
    print(f"RESULT metric=test_loss value={float(test_loss):.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
