"""TensorFlow 2 quickstart for experts (tensorflow.org/tutorials/quickstart/advanced), without
its `@tf.function`s and on synthetic data: a Model subclass, a loss, an optimizer and four Keras
metrics at module level, and the training and test steps that use them. Calling a metric
updates it (`train_loss(loss)`): a state change, so both conversions state FAILED_CALL_STATE
(values.TF_UPDATES), and the harness's label out of range fails the loss in both runs while the
graph may already have updated the accuracy, which does not use the loss."""

import tensorflow as tf
from tensorflow.keras import Model
from tensorflow.keras.layers import Conv2D, Dense, Flatten


class MyModel(Model):
    def __init__(self):
        super().__init__()
        self.conv1 = Conv2D(4, 3, activation="relu")
        self.flatten = Flatten()
        self.d1 = Dense(16, activation="relu")
        self.d2 = Dense(10)

    def call(self, x):
        x = self.conv1(x)
        x = self.flatten(x)
        x = self.d1(x)
        return self.d2(x)


model = MyModel()

loss_object = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam()

train_loss = tf.keras.metrics.Mean(name="train_loss")
train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="train_accuracy")
test_loss = tf.keras.metrics.Mean(name="test_loss")
test_accuracy = tf.keras.metrics.SparseCategoricalAccuracy(name="test_accuracy")


def train_step(images, labels):
    with tf.GradientTape() as tape:
        predictions = model(images, training=True)
        loss = loss_object(labels, predictions)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    train_loss(loss)
    train_accuracy(labels, predictions)


def test_step(images, labels):
    predictions = model(images, training=False)
    t_loss = loss_object(labels, predictions)
    test_loss(t_loss)
    test_accuracy(labels, predictions)


def main():
    images = tf.random.uniform((32, 8, 8, 1))
    labels = tf.random.uniform((32,), maxval=10, dtype=tf.int32)
    for _ in range(2):
        train_loss.reset_state()
        train_accuracy.reset_state()
        train_step(images, labels)
        test_step(images, labels)
    return train_loss.result(), test_accuracy.result()
