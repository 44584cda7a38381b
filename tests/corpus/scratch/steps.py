"""Training snippets pasted from a notebook; nothing in the workspace calls them yet."""

import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
optimizer = tf.keras.optimizers.SGD(0.05)
loss_fn = tf.keras.losses.MeanSquaredError()


def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def test_step(x, y):
    return loss_fn(y, model(x))


def run_model(x):
    return model(x)


def fast_inference(x):
    return tf.nn.sigmoid(model(x))


def evaluate_batch(x, y):
    return tf.reduce_mean(tf.abs(model(x) - y))


def gram_trace(x):
    """Sum of squared entries, via the Gram matrix."""
    return tf.linalg.trace(x @ tf.transpose(x))


def scaled_relu(x, scale):
    return tf.nn.relu(x) * scale


def signed_sqrt(x):
    """sqrt(|x|) with the sign of x: a Python `if` on the argument itself."""
    root = tf.sqrt(tf.abs(x))
    if x < 0:
        return -root
    return root
