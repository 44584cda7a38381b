"""Train a small CNN on MNIST-shaped data with a custom loop; evaluate top-1 and top-5 accuracy.

    python train.py [--steps N]
"""

import argparse
import time

import diagnostics
import digits
import tensorflow as tf
from model import ConvNet, preprocess

BATCH_SIZE = 32

loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def train_step(model, optimizer, images, labels):
    with tf.GradientTape() as tape:
        logits = model(preprocess(images), training=True)
        loss = loss_fn(labels, logits)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss


def eval_step(model, images, labels, k):
    """Loss and top-k accuracy of one batch."""
    logits = model(preprocess(images), training=False)
    hits = tf.math.in_top_k(labels, logits, k)
    return loss_fn(labels, logits), tf.reduce_mean(tf.cast(hits, tf.float32))


def log_progress(step, loss):
    print(f"step {step}: loss {float(loss):.4f}")


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--diagnostics", default="logit_margin,prediction_entropy,top_k_hit_rate",
                        help="functions of diagnostics.py to report on the test set")
    args = parser.parse_args(argv)

    tf.keras.utils.set_random_seed(0)
    train_images, train_labels = digits.synthetic_digits(4096, seed=1)
    test_images, test_labels = digits.synthetic_digits(512, seed=2)
    train_images = tf.constant(train_images)
    train_labels = tf.constant(train_labels)
    test_images = tf.constant(test_images)
    test_labels = tf.constant(test_labels)
    batches = list(
        zip(
            tf.split(train_images, len(train_labels) // BATCH_SIZE),
            tf.split(train_labels, len(train_labels) // BATCH_SIZE),
        )
    )

    model = ConvNet(num_classes=digits.NUM_CLASSES)
    optimizer = tf.keras.optimizers.Adam(learning_rate=2e-3)

    start = time.perf_counter()
    for step in range(args.steps):
        images, labels = batches[step % len(batches)]
        loss = train_step(model, optimizer, images, labels)
        if step % 100 == 0:
            log_progress(step, loss)
    train_seconds = time.perf_counter() - start

    test_loss, top1 = eval_step(model, test_images, test_labels, 1)
    _, top5 = eval_step(model, test_images, test_labels, 5)
    print(f"test loss {float(test_loss):.4f}, top-1 {float(top1):.4f}, top-5 {float(top5):.4f}")
    test_batches = [(model(preprocess(images), training=False), labels) for images, labels in
                    zip(tf.split(test_images, 8), tf.split(test_labels, 8))]
    for name in args.diagnostics.split(","):
        diagnostic = getattr(diagnostics, name)  # chosen on the command line
        values = [diagnostic(logits, labels) for logits, labels in test_batches]
        print(f"{name}: {float(tf.reduce_mean(tf.stack(values))):.4f}")
    print(f"RESULT metric=test_loss value={float(test_loss):.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
