"""Training with a learning-rate schedule driven by the epoch number."""

import tensorflow as tf

from tabular.regression import Regressor

model = Regressor(hidden=4)
optimizer = tf.keras.optimizers.SGD(0.05)


def train_step(x, y, epoch):
    decay = 1.0 / (1.0 + epoch)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip([g * decay for g in grads], model.trainable_variables))
    return loss


def main():
    x = tf.random.normal((16, 3))
    y = tf.reduce_sum(x, axis=1, keepdims=True)
    for epoch in range(5):
        print(epoch, float(train_step(x, y, epoch)))


if __name__ == "__main__":
    main()
