"""Custom training loop for SmallCNN, evaluation, and a Keras-fit baseline."""

import tensorflow as tf

from imgclf import ops
from imgclf.data import make_dataset, make_generator_dataset
from imgclf.losses import FocalLoss, activity_penalty, label_smoothing_loss, softmax_cross_entropy
from imgclf.metrics import ConfusionMatrix, accuracy, nearest_neighbour_recall, top_k_accuracy
from imgclf.models import FitClassifier, SmallCNN


@tf.function
def train_step(model, optimizer, images, labels):
    with tf.GradientTape() as tape:
        logits = model(images, training=True)
        loss = softmax_cross_entropy(labels, logits) + activity_penalty(logits, 1e-4)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def log_epoch(epoch, loss):
    print(f"epoch {epoch}: loss={float(loss):.4f}")


def fit(model, dataset, epochs):
    optimizer = tf.keras.optimizers.Adam(1e-2)
    for epoch in range(epochs):
        for images, labels in dataset:
            loss = train_step(model, optimizer, images, labels)
        log_epoch(epoch, loss)
    return model


def evaluate(model, dataset):
    focal = FocalLoss(gamma=2.0)
    confusion = ConfusionMatrix(3)
    accuracies, top2, smoothed, focal_losses = [], [], [], []
    for images, labels in dataset:
        logits = model(images, training=False)
        accuracies.append(accuracy(labels, logits))
        top2.append(top_k_accuracy(labels, logits, k=2))
        smoothed.append(label_smoothing_loss(labels, logits))
        focal_losses.append(tf.reduce_mean(focal(labels, logits)))
        confusion.update_state(labels, logits)
    return {
        "accuracy": tf.reduce_mean(accuracies),
        "top2": tf.reduce_mean(top2),
        "smoothed_loss": tf.reduce_mean(smoothed),
        "focal_loss": tf.reduce_mean(focal_losses),
        "confusion": confusion.result(),
    }


def fit_with_keras():
    model = FitClassifier(num_classes=3)
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-2))
    return model.fit(make_dataset(32, 8), epochs=1, verbose=0)


def main():
    tf.keras.utils.set_random_seed(0)
    dataset = make_dataset(64, 16)
    model = SmallCNN(num_classes=3)
    fit(model, dataset, epochs=2)
    print(evaluate(model, dataset))

    images = ops.normalize_images(tf.random.uniform((6, 8, 8, 3), maxval=255.0))
    labels = tf.constant([0, 1, 2, 0, 1, 2])
    features = ops.standardize(model.embed(images))
    print(nearest_neighbour_recall(features[:3], features[3:], labels[:3], labels[3:]))
    print(ops.one_hot_labels(labels, 3))
    print(ops.center_crop(images, 6).shape, ops.random_flip(images).shape)
    print(next(iter(make_generator_dataset(4, 2)))[1])
    fit_with_keras()


if __name__ == "__main__":
    main()
