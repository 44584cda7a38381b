"""Custom training loops as TensorFlow's guides write them, around Keras models built from a
list of library layers (`layers = [Dense(8)]; if bn: layers.append(BatchNormalization());
Sequential(layers)`): a metric updated in the step, gradients clipped by global norm, a model's
regularization losses, `optimizer.minimize`, an evaluation step, Dropout. A list the body fills
with library constructor calls only holds no workspace code (bodies.library_layer_list);
`tf.clip_by_global_norm` returns (a list of tensors, a tensor) (tfapi.TUPLE_RESULTS). Every
step updates an optimizer or a metric: FAILED_CALL_STATE (a label out of range in the harness).
`mlp_with` gets a layer from its caller into the list: its model may run workspace code, and
the step given it is declined.
"""

import tensorflow as tf


def mlp(dropout=0.0, batchnorm=False):
    layers = [tf.keras.layers.Dense(8, activation="relu")]
    if batchnorm:
        layers.append(tf.keras.layers.BatchNormalization())
    if dropout:
        layers.append(tf.keras.layers.Dropout(dropout))
    layers.append(tf.keras.layers.Dense(3))
    model = tf.keras.Sequential(layers)
    model.build((None, 4))
    return model


def step_metric(model, optimizer, loss_fn, metric, x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    metric.update_state(y, logits)
    return loss


def step_clipped(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    grads, norm = tf.clip_by_global_norm(grads, 1.0)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss, norm


def step_regularized(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True)) + tf.add_n(model.losses)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def step_minimize(model, optimizer, x, y):
    def loss():
        return tf.reduce_mean(tf.square(model(x, training=True) - y))
    optimizer.minimize(loss, model.trainable_variables)
    return loss()


def eval_step(model, metric, x, y):
    logits = model(x, training=False)
    metric.update_state(y, logits)
    return tf.argmax(logits, axis=-1)


def step_dropout(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


class Gate(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def call(self, x):
        self.calls += 1  # a Python counter: traced, it counts traces
        return tf.nn.relu(x)


def mlp_with(extra):
    layers = [tf.keras.layers.Dense(8)]
    layers.append(extra)
    layers.append(tf.keras.layers.Dense(3))
    model = tf.keras.Sequential(layers)
    model.build((None, 4))
    return model


def step_gated(model, optimizer, loss_fn, x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def main():
    x = tf.random.normal((8, 4))
    y = tf.random.uniform((8,), maxval=3, dtype=tf.int32)
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    acc = tf.keras.metrics.SparseCategoricalAccuracy()
    model = mlp(batchnorm=True)
    optimizer = tf.keras.optimizers.Adam(0.01)
    out = [step_metric(model, optimizer, loss_fn, acc, x, y),
           step_clipped(model, optimizer, loss_fn, x, y),
           eval_step(model, acc, x, y)]
    reg = tf.keras.Sequential([tf.keras.layers.Dense(3, kernel_regularizer="l2")])
    reg.build((None, 4))
    out.append(step_regularized(reg, tf.keras.optimizers.SGD(0.1), loss_fn, x, y))
    out.append(step_minimize(mlp(), tf.keras.optimizers.SGD(0.1), x, tf.ones((8, 3))))
    out.append(step_dropout(mlp(dropout=0.5), tf.keras.optimizers.SGD(0.1), loss_fn, x, y))
    out.append(step_gated(mlp_with(Gate()), tf.keras.optimizers.SGD(0.1), loss_fn, x, y))
    return out
