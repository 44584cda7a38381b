"""The training step of TensorFlow's custom-training guide around a functional model that holds
a custom layer (keras-hub's FNet classifier, reduced): `tape.gradient(loss,
model.trainable_variables)`, then `optimizer.apply_gradients(zip(grads,
model.trainable_variables))`. A functional model's lists of variables are Keras' own whatever
layers it holds, unless workspace code defines one of them: the gradients are a list of tensors,
which `zip` iterates in a graph as eagerly (Program.weight_lists_overridden).
"""

import tensorflow as tf


class Scale(tf.keras.layers.Layer):
    """A feature-wise gain made in its own `build`, called on keras.Input directly."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")

    def call(self, x):
        return x * self.scale


def build_classifier(width, classes):
    inputs = tf.keras.Input((width,))
    hidden = tf.keras.layers.Dense(8, activation="relu")(Scale()(inputs))
    return tf.keras.Model(inputs, tf.keras.layers.Dense(classes)(hidden))


def train_step(model, optimizer, loss_fn, features, labels):
    with tf.GradientTape() as tape:
        loss = loss_fn(labels, model(features, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def main():
    model = build_classifier(4, 3)
    optimizer = tf.keras.optimizers.Adam(0.01)
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    features = tf.random.normal((16, 4))
    labels = tf.random.uniform((16,), maxval=3, dtype=tf.int32)
    return [train_step(model, optimizer, loss_fn, features, labels) for _ in range(5)]
