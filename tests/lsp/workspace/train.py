"""Custom training loop for a small classifier."""

import tensorflow as tf
from ops import décroissance_rapide, monitored_loss, pack_logs, scale

model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        loss = monitored_loss(labels, model(images))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return loss


@tf.function
def predict(images):
    return tf.argmax(model(scale(images)), axis=-1)


def evaluate(images, labels):
    """Accuracy of the model on one batch."""

    def correct(predictions):
        return tf.cast(tf.equal(predictions, labels), tf.float32)

    return tf.reduce_mean(correct(predict(images)))


def main():
    images = tf.zeros([32, 28, 28], dtype=tf.uint8)
    labels = tf.zeros([32], dtype=tf.int64)
    inputs = scale(images)
    for epoch in range(3):
        optimizer.learning_rate.assign(décroissance_rapide(epoch))
        loss = train_step(inputs, labels)
        logs = pack_logs(loss, evaluate(images, labels))
        print({name: float(value) for name, value in logs.items()})


if __name__ == "__main__":
    main()
