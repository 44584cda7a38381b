"""A two-hidden-layer MLP on MNIST-shaped data, trained with a custom GradientTape loop.

    python train.py [--steps N]
"""

import argparse
import time

import data
import tensorflow as tf

BATCH_SIZE = 32

tf.keras.utils.set_random_seed(0)  # before the model is created

model = tf.keras.Sequential(
    [
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dense(data.NUM_CLASSES),
    ]
)
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy()


def train_step(images, labels):
    with tf.GradientTape() as tape:
        logits = model(images, training=True)
        loss = loss_fn(labels, logits)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    train_accuracy.update_state(labels, logits)
    return loss


def test_step(images, labels):
    logits = model(images, training=False)
    return loss_fn(labels, logits), logits


def log_progress(step, loss):
    print(f"step {step}: loss {loss.numpy():.4f}, train accuracy {train_accuracy.result():.4f}")


def evaluate(dataset):
    """Mean loss and accuracy over a dataset, accumulated in Python."""
    total_loss, correct, seen = 0.0, 0, 0
    for images, labels in dataset:
        loss, logits = test_step(images, labels)
        predictions = tf.argmax(logits, axis=-1, output_type=tf.int32)
        correct += int(tf.reduce_sum(tf.cast(predictions == labels, tf.int32)).numpy())
        seen += int(labels.shape[0])
        total_loss += float(loss.numpy()) * int(labels.shape[0])
    return total_loss / seen, correct / seen


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=600)
    args = parser.parse_args(argv)

    train_images, train_labels = data.synthetic_digits(8192, seed=1)
    test_images, test_labels = data.synthetic_digits(1024, seed=2)
    print("class histogram", data.class_histogram(train_labels))
    train_ds = data.make_dataset(train_images, train_labels, BATCH_SIZE, shuffle=True)
    test_ds = data.make_dataset(test_images, test_labels, 256, shuffle=False)

    start = time.perf_counter()
    step = 0
    while step < args.steps:
        for images, labels in train_ds:
            loss = train_step(images, labels)
            if step % 200 == 0:
                log_progress(step, loss)
            step += 1
            if step == args.steps:
                break
    train_seconds = time.perf_counter() - start

    test_loss, test_accuracy = evaluate(test_ds)
    print(f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.4f}")
    print(f"RESULT metric=test_loss value={test_loss:.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
