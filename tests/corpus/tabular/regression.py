"""A small regressor trained with a hand-written step, then with Keras fit."""

import keras
import tensorflow as tf


class Regressor(keras.Model):
    def __init__(self, hidden=8):
        super().__init__()
        self.hidden = keras.layers.Dense(hidden, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, features):
        return self.out(self.hidden(features))


def train_step(model, optimizer, features, targets):
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        predictions = model(features)
        loss = tf.reduce_mean(tf.square(predictions - targets))
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return loss


def fit_and_score(model, features, targets):
    model.fit(features, targets, epochs=1, verbose=0)
    return tf.reduce_mean(tf.square(model(features) - targets))


def main():
    features = tf.random.normal((32, 3))
    targets = tf.reduce_sum(features, axis=1, keepdims=True)
    model = Regressor(hidden=8)
    model(features[:1])
    optimizer = keras.optimizers.SGD(0.05)
    for _ in range(3):
        train_step(model, optimizer, features, targets)
    model.compile(optimizer="sgd", loss="mse")
    print(fit_and_score(model, features, targets))


if __name__ == "__main__":
    main()
