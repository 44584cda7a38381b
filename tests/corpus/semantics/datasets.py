"""tf.data datasets as arguments (issue 12): a tf.function traces a dataset by its element spec
(one trace for datasets of any length) and runs a `for` over it as a graph loop."""

import tensorflow as tf

MODEL = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
OPTIMIZER = tf.keras.optimizers.SGD(0.1)


def train_epoch(dataset):
    """One pass over the data: as a tf.function, one graph for the whole epoch."""
    for features, targets in dataset:
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(MODEL(features) - targets))
        grads = tape.gradient(loss, MODEL.trainable_variables)
        OPTIMIZER.apply_gradients(zip(grads, MODEL.trainable_variables))


def epoch_loss(dataset):
    total = tf.constant(0.0)
    for features, targets in dataset.map(lambda x, y: (x * 2.0, y)):
        total += tf.reduce_mean(tf.square(MODEL(features) - targets))
    return total


def batch_count(dataset):
    count = 0
    for _ in dataset:
        count += 1
    return count


def dataset_size(dataset):
    return tf.constant(len(dataset))


def batches_of(features):
    """A dataset built inside the function, then measured with len()."""
    dataset = tf.data.Dataset.from_tensor_slices(features).batch(2)
    return tf.cast(len(dataset), tf.float32) * tf.reduce_sum(features)


def main():
    data = tf.data.Dataset.from_tensor_slices((tf.ones((8, 3)), tf.zeros((8, 1)))).batch(4)
    train_epoch(data)
    epoch_loss(data)
    batch_count(data)
    dataset_size(data)
    batches_of(tf.ones((6, 3)))
