"""Train the MNIST classifier with a custom GradientTape loop.

    python train.py

Runs three short epochs on synthetic data (a few seconds on a laptop CPU).
"""

import numpy as np
import tensorflow as tf

import data
import metrics
import utils
from model import MnistClassifier, build_serving_model, predict_classes

BASE_LEARNING_RATE = 0.05
LOGIT_PENALTY = 1e-3
EPOCHS = 3
STEPS_PER_EPOCH = 40

loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def compute_loss(labels, logits):
    """Cross-entropy plus a small penalty that keeps the logits from growing without bound."""
    return loss_fn(labels, logits) + LOGIT_PENALTY * utils.scaled_l2(logits)


@tf.function
def train_step(model, optimizer, images, labels):
    with tf.GradientTape() as tape:
        logits = model(images)
        loss = compute_loss(labels, logits)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    utils.log_step(optimizer.iterations, loss)
    return loss


@tf.function
def test_step(model, images, labels):
    logits = model(images)
    return compute_loss(labels, logits), metrics.accuracy(labels, logits), logits


@tf.function
def learning_rate_for_epoch(epoch):
    """Step decay: halve the learning rate every two epochs."""
    return BASE_LEARNING_RATE * tf.pow(0.5, tf.cast(epoch // 2, tf.float32))


@tf.function
def pack_logs(loss, accuracy):
    return {"loss": loss, "accuracy": accuracy}


def sanity_check_step(model, optimizer, images, labels):
    """One eager step, run before training: the loss must be finite and gradients non-zero."""
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        loss = compute_loss(labels, model(images))
    gradients = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(gradients, variables))
    return loss, tf.sqrt(utils.nested_l2(gradients))


def evaluate(model, dataset):
    """Loss, accuracy, top-3 accuracy and confusion matrix over a whole dataset."""
    losses, accuracies, top3 = [], [], []
    correct = total = 0
    confusion = np.zeros((10, 10), dtype=np.int64)
    for images, labels in dataset:
        loss, batch_accuracy, logits = test_step(model, images, labels)
        losses.append(loss)
        accuracies.append(batch_accuracy)
        top3.append(metrics.top_k_accuracy(labels, logits, k=3))
        correct += metrics.count_correct(labels, logits)
        total += int(labels.shape[0])
        confusion += metrics.confusion_matrix(labels, logits)
    logs = pack_logs(tf.reduce_mean(tf.stack(losses)), tf.reduce_mean(tf.stack(accuracies)))
    results = {name: float(value.numpy()) for name, value in logs.items()}
    results["top3_accuracy"] = float(tf.reduce_mean(tf.stack(top3)).numpy())
    results["exact_accuracy"] = correct / total
    results["confusion"] = confusion
    return results


def main():
    utils.set_seed(1234)
    train_images, train_labels = data.make_synthetic_mnist(4096, seed=1)
    test_images, test_labels = data.make_synthetic_mnist(1024, seed=2)
    train_ds = data.make_dataset(train_images, train_labels, batch_size=64, training=True)
    test_ds = data.make_dataset(test_images, test_labels, batch_size=256)

    model = MnistClassifier(hidden_units=64, num_classes=10)
    serving_model = build_serving_model(model)
    optimizer = tf.keras.optimizers.SGD(learning_rate=BASE_LEARNING_RATE, momentum=0.9)

    for images, labels in train_ds.take(1):
        loss, gradient_norm = sanity_check_step(model, optimizer, images, labels)
        print(f"sanity check: loss {float(loss):.3f}, gradient norm {float(gradient_norm):.3f}")

    for epoch in range(EPOCHS):
        optimizer.learning_rate = learning_rate_for_epoch(epoch)
        step_losses = []
        for images, labels in train_ds.take(STEPS_PER_EPOCH):
            step_losses.append(train_step(model, optimizer, images, labels))
        smoothed = utils.moving_average(tf.stack(step_losses))
        results = evaluate(model, test_ds)
        print(
            f"epoch {epoch + 1}: train loss {float(smoothed):.4f}, "
            f"test loss {results['loss']:.4f}, test accuracy {results['accuracy']:.4f}, "
            f"top-3 {results['top3_accuracy']:.4f}"
        )

    sample_images, sample_labels = test_images[:256], test_labels[:256]
    logits = serving_model(sample_images)
    confidence_before = metrics.max_confidence(metrics.calibrated_probabilities(logits))
    # Temperature fitted on a held-out split in an earlier run.
    metrics.set_temperature(1.5)
    confidence_after = metrics.max_confidence(metrics.calibrated_probabilities(logits))
    agreement = tf.reduce_mean(
        tf.cast(tf.equal(predict_classes(serving_model, sample_images), sample_labels), tf.float32)
    )
    confusion = results["confusion"]
    recall = np.diag(confusion) / np.maximum(confusion.sum(axis=1), 1)
    print(
        f"serving model: accuracy {float(agreement):.4f} on {len(sample_labels)} raw images, "
        f"mean confidence {float(tf.reduce_mean(confidence_before)):.3f} "
        f"({float(tf.reduce_mean(confidence_after)):.3f} after temperature scaling)"
    )
    print(f"hardest class: {int(np.argmin(recall))} (recall {recall.min():.3f})")
    print(f"final test accuracy: {results['exact_accuracy']:.4f}")


if __name__ == "__main__":
    main()
