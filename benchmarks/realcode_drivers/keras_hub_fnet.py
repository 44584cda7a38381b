"""Driver: an FNet text classifier from keras-hub's public layers, trained by an eager loop.

The model is what keras-hub's documentation builds (`TokenAndPositionEmbedding`, two
`FNetEncoder` layers, pooling, a dense head); the training step is the eager `GradientTape` loop
of TensorFlow's custom-training guide, on synthetic token ids and labels. With `--predict` the
step is an eager forward pass instead (the model called on a batch, as in an eager evaluation).
`run.py` copies this file next to a copy of keras-hub's sources, runs it before and after
`hybridize fix` of that folder, and compares what it writes.

    python keras_hub_fnet.py --out OUT.npz [--steps N] [--warmup N] [--predict]
"""

from __future__ import annotations

import argparse
import json
import time

import keras
import keras_hub
import numpy as np
import tensorflow as tf

VOCAB, LENGTH, WIDTH, BATCH = 2000, 64, 64, 16


def build_model() -> keras.Model:
    inputs = keras.Input(shape=(LENGTH,), dtype="int32")
    x = keras_hub.layers.TokenAndPositionEmbedding(VOCAB, LENGTH, WIDTH)(inputs)
    x = keras_hub.layers.FNetEncoder(intermediate_dim=2 * WIDTH)(x)
    x = keras_hub.layers.FNetEncoder(intermediate_dim=2 * WIDTH)(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    return keras.Model(inputs, keras.layers.Dense(2)(x))


def train_step(model, optimizer, loss_fn, tokens, labels):
    with tf.GradientTape() as tape:
        loss = loss_fn(labels, model(tokens, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    # As TensorFlow's guide writes it (autograph converts zip; strict= is not needed here).
    optimizer.apply_gradients(zip(grads, model.trainable_variables))  # noqa: B905
    return loss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--predict", action="store_true", help="time forward passes only")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    batches = [(rng.integers(0, VOCAB, (BATCH, LENGTH)).astype("int32"),
                rng.integers(0, 2, (BATCH,)).astype("int32"))
               for _ in range(args.warmup + args.steps)]
    model = build_model()
    optimizer = keras.optimizers.SGD(0.05)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    losses, times = [], []
    for index, (tokens, labels) in enumerate(batches):
        started = time.perf_counter()
        if args.predict:
            loss = loss_fn(labels, model(tf.constant(tokens)))
        else:
            loss = train_step(model, optimizer, loss_fn, tf.constant(tokens),
                              tf.constant(labels))
        losses.append(float(loss))
        if index >= args.warmup:
            times.append(time.perf_counter() - started)
    arrays = {f"w{i}": w.numpy() for i, w in enumerate(model.weights)}
    np.savez(args.out, losses=np.array(losses), **arrays)
    print(json.dumps({"step_seconds": times}))


if __name__ == "__main__":
    main()
