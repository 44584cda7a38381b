"""The custom training loop of the Keras guide "Writing a training loop from scratch"."""

import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)
loss_fn = tf.keras.losses.MeanSquaredError()


def train_on_batch(x_batch, y_batch):
    with tf.GradientTape() as tape:
        predictions = model(x_batch, training=True)
        loss_value = loss_fn(y_batch, predictions)
    grads = tape.gradient(loss_value, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return loss_value


def validation_loss(x_batch, y_batch):
    return loss_fn(y_batch, model(x_batch, training=False))


def report(step, loss_value):
    if step % 2 == 0:
        print(f"Training loss at step {step}: {float(loss_value):.4f}")


def main():
    features = tf.reshape(tf.range(32, dtype=tf.float32), (16, 2)) / 32.0
    targets = tf.reduce_sum(features, axis=1, keepdims=True)
    train_dataset = tf.data.Dataset.from_tensor_slices((features, targets)).batch(4)
    for step, (x_batch_train, y_batch_train) in enumerate(train_dataset):
        loss_value = train_on_batch(x_batch_train, y_batch_train)
        report(step, loss_value)
    x_val, y_val = next(iter(train_dataset))
    print(validation_loss(x_val, y_val))


if __name__ == "__main__":
    main()
