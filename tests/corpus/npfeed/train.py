"""Trains a small regressor on NumPy data: batches are slices of float64 arrays, as a data loader
or a replay buffer hands them out, fed straight to the step functions."""

import numpy as np
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input((4,)),
    tf.keras.layers.Dense(8, activation="relu"),
    tf.keras.layers.Dense(1),
])
loss_fn = tf.keras.losses.MeanSquaredError()
optimizer = tf.keras.optimizers.SGD(0.05)


def train_step(features, targets):
    with tf.GradientTape() as tape:
        loss = loss_fn(targets, model(features, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def evaluate(features, targets):
    predictions = model(features)
    error = tf.abs(predictions - tf.cast(targets, tf.float32))
    return loss_fn(targets, predictions), tf.reduce_mean(error)


def standardize(features):
    """NumPy statistics of the batch: stays NumPy code."""
    return (features - features.mean(axis=0)) / (features.std(axis=0) + 1e-6)


def regularized(loss, rate):
    """Called with each rate of a literal tuple: a tf.function would trace once per rate."""
    return loss + rate * tf.add_n([tf.reduce_sum(tf.square(w)) for w in model.trainable_variables])


def fit(epochs=2, batch_size=16):
    rng = np.random.default_rng(0)
    features = rng.normal(size=(128, 4))
    targets = features @ np.array([[0.5], [-1.0], [2.0], [0.0]]) + 0.1
    features = standardize(features)
    for _ in range(epochs):
        for start in range(0, len(features), batch_size):
            train_step(features[start:start + batch_size], targets[start:start + batch_size])
    loss, error = evaluate(features, targets)
    losses = [regularized(loss, rate) for rate in (1e-4, 1e-3)]
    for rate in (1e-2, 1e-1):
        losses.append(regularized(loss, rate))
    return losses, error
