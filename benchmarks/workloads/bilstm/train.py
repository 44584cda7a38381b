"""Sentiment-style sequence classification with a bidirectional LSTM, custom training loop.

    python train.py [--steps N]

Synthetic "reviews": sequences of token ids; a review is positive when it holds more tokens from
the positive word list than from the negative one. Variable-length reviews are padded with 0.
"""

import argparse
import time

import numpy as np
import tensorflow as tf

VOCAB_SIZE = 400

tf.keras.utils.set_random_seed(0)  # before the model is created
MAX_LENGTH = 24
BATCH_SIZE = 32
POSITIVE_WORDS = list(range(10, 30))
NEGATIVE_WORDS = list(range(30, 50))


def make_reviews(num_reviews, seed):
    """Python lists of token ids (variable length) and 0/1 labels."""
    rng = np.random.default_rng(seed)
    reviews, labels = [], []
    for _ in range(num_reviews):
        length = int(rng.integers(8, MAX_LENGTH + 1))
        tokens = rng.integers(1, VOCAB_SIZE, size=length).tolist()
        positive = sum(t in POSITIVE_WORDS for t in tokens)
        negative = sum(t in NEGATIVE_WORDS for t in tokens)
        if positive == negative:
            tokens[0] = POSITIVE_WORDS[0] if rng.random() < 0.5 else NEGATIVE_WORDS[0]
            positive = sum(t in POSITIVE_WORDS for t in tokens)
            negative = sum(t in NEGATIVE_WORDS for t in tokens)
        reviews.append(tokens)
        labels.append(1.0 if positive > negative else 0.0)
    return reviews, labels


def pad(reviews):
    """Right-pad with 0 to MAX_LENGTH, as a Python list of lists."""
    return [tokens + [0] * (MAX_LENGTH - len(tokens)) for tokens in reviews]


def build_model():
    return tf.keras.Sequential(
        [
            tf.keras.layers.Embedding(VOCAB_SIZE, 16, mask_zero=True),
            tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(16)),
            tf.keras.layers.Dense(16, activation="relu"),
            tf.keras.layers.Dense(1),
        ]
    )


model = build_model()
optimizer = tf.keras.optimizers.Adam(learning_rate=3e-3)
loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)


def train_step(tokens, labels):
    with tf.GradientTape() as tape:
        logits = model(tokens, training=True)
        loss = loss_fn(labels, logits)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss


def predict(tokens):
    return tf.sigmoid(model(tokens, training=False))


def log_progress(step, loss, history):
    history.append(float(loss))
    print(f"step {step}: loss {np.mean(history[-5:]):.4f}")


def accuracy(probabilities, labels):
    predicted = (probabilities.numpy()[:, 0] > 0.5).astype(np.float32)
    return float(np.mean(predicted == labels.numpy()[:, 0]))


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args(argv)

    train_reviews, train_labels = make_reviews(2048, seed=1)
    test_reviews, test_labels = make_reviews(512, seed=2)
    train_tokens = tf.constant(pad(train_reviews), dtype=tf.int32)
    train_targets = tf.constant(train_labels, shape=(len(train_labels), 1))
    test_tokens = tf.constant(pad(test_reviews), dtype=tf.int32)
    test_targets = tf.constant(test_labels, shape=(len(test_labels), 1))
    num_batches = len(train_labels) // BATCH_SIZE

    history = []
    start = time.perf_counter()
    for step in range(args.steps):
        i = step % num_batches
        tokens = train_tokens[i * BATCH_SIZE:(i + 1) * BATCH_SIZE]
        labels = train_targets[i * BATCH_SIZE:(i + 1) * BATCH_SIZE]
        loss = train_step(tokens, labels)
        if step % 10 == 0:
            log_progress(step, loss, history)
    train_seconds = time.perf_counter() - start

    probabilities = predict(test_tokens)
    test_loss = float(loss_fn(test_targets, tf.math.log(probabilities / (1 - probabilities))))
    print(f"test accuracy {accuracy(probabilities, test_targets):.4f}")
    print(f"RESULT metric=test_loss value={test_loss:.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
