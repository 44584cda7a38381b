"""Fit a 100-layer residual MLP to a smooth function, then run batched inference.

    python train.py [--steps N]
"""

import argparse
import time

import numpy as np
import tensorflow as tf
from model import DeepResidualMLP, weight_norms

INPUTS = 16
BATCH_SIZE = 32


def target_function(x):
    return np.sin(x[:, :1] * 2.0) + 0.5 * np.cos(x[:, 1:2] * x[:, 2:3])


def mse(y_true, y_pred):
    return tf.reduce_mean(tf.square(y_true - y_pred))


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = mse(y, model(x))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss


def predict(model, x):
    return model(x)


def predict_in_chunks(model, x, chunk_size):
    """Inference over a big array, chunk_size rows at a time."""
    outputs = [predict(model, x[i:i + chunk_size]) for i in range(0, x.shape[0], chunk_size)]
    return tf.concat(outputs, axis=0)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=100)
    args = parser.parse_args(argv)

    tf.keras.utils.set_random_seed(0)
    rng = np.random.default_rng(1)
    train_x = rng.normal(size=(4096, INPUTS)).astype(np.float32)
    train_y = target_function(train_x).astype(np.float32)
    test_x = tf.constant(rng.normal(size=(512, INPUTS)), tf.float32)
    test_y = tf.constant(target_function(test_x.numpy()), tf.float32)
    dataset = tf.data.Dataset.from_tensor_slices((train_x, train_y)).batch(BATCH_SIZE)

    model = DeepResidualMLP(depth=100, width=32)
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)

    start = time.perf_counter()
    for x, y in dataset.repeat().take(args.steps):
        loss = train_step(model, optimizer, x, y)
    predictions = predict_in_chunks(model, test_x, BATCH_SIZE)
    train_seconds = time.perf_counter() - start

    test_loss = float(mse(test_y, predictions))
    print(f"last train loss {float(loss):.4f}, largest kernel norm {max(weight_norms(model)):.3f}")
    print(f"RESULT metric=test_mse value={test_loss:.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
