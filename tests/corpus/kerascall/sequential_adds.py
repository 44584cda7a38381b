"""Keras models built the way most tutorials write them: `model = tf.keras.Sequential()`, then
`model.add(...)` of library layers, at a script's top level or in a builder function. Those
`add`s set the model up right after it is made (bodies.initialising_adds): they are not writes
between two calls of a step that runs the model (a stale read before), and they run no
workspace code. tests/fixtures/sequential_adds/ adds a workspace layer the same way: declined.
`fit_epoch` passes a dataset's batches to `train_step`: their shapes may depend on the values,
which matters in a graph that iterates the dataset (`fit_epoch` declined), not at the boundary of
a train_step an eager loop calls (calls._own_parameter: converted, the harness runs it from
`fit_epoch` with a smaller last batch).
"""

import tensorflow as tf

model = tf.keras.Sequential()
model.add(tf.keras.layers.Dense(8, activation="relu"))
model.add(tf.keras.layers.Dense(3))
optimizer = tf.keras.optimizers.SGD(0.1)
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def fit_epoch(dataset):
    """The guide's eager loop over a dataset: the batches are eager tensors of concrete shapes
    (the last one smaller), which a converted train_step traces as they are."""
    losses = []
    for x, y in dataset:
        losses.append(train_step(x, y))
    return losses


def build_regressor(width):
    net = tf.keras.Sequential()
    net.add(tf.keras.layers.Dense(width, activation="relu",
                                  kernel_regularizer=tf.keras.regularizers.l2(0.01)))
    net.add(tf.keras.layers.Dropout(0.1))
    net.add(tf.keras.layers.Dense(1))
    return net


def fit_step(net, opt, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(x, training=True) - y)) + tf.add_n(net.losses)
    grads = tape.gradient(loss, net.trainable_variables)
    opt.apply_gradients(zip(grads, net.trainable_variables))
    return loss


def main():
    x = tf.random.normal((8, 4))
    y = tf.random.uniform((8,), maxval=3, dtype=tf.int32)
    net = build_regressor(16)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(8).batch(3)
    return (train_step(x, y), fit_epoch(dataset),
            fit_step(net, tf.keras.optimizers.SGD(0.1), x, tf.ones((8, 1))))
