"""Steps that unpack the tuple a helper or a model returns (issue 12; session 24): `loss, grads =
compute_grads(...)` then a loop over `grads`, and a variational autoencoder whose `call` returns
`(reconstruction, mu, logvar)`. Each target gets its own position of the returned tuple
(Program.tuple_item): `grads` is a list of tensors, not "a tensor or a list". `picked` shows that
a tensor position stays a tensor: it indexes a Python list with it."""

import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input((3,)),
    tf.keras.layers.Dense(2, kernel_initializer="ones"),
])
optimizer = tf.keras.optimizers.SGD(0.1)


def compute_grads(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    return loss, grads


def clipped_step(x, y):
    loss, grads = compute_grads(x, y)
    clipped = [tf.clip_by_norm(g, 1.0) for g in grads]
    optimizer.apply_gradients(zip(clipped, model.trainable_variables))
    return loss


class Autoencoder(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = tf.keras.layers.Dense(4, kernel_initializer="ones")
        self.decoder = tf.keras.layers.Dense(3, kernel_initializer="ones")

    def build(self, input_shape):
        self.encoder.build(input_shape)
        self.decoder.build((input_shape[0], 4))

    def call(self, x):
        h = self.encoder(x)
        mu, logvar = h[:, :2], h[:, 2:]
        return self.decoder(h), mu, logvar


autoencoder = Autoencoder()
autoencoder.build((None, 3))


def vae_loss(x):
    reconstruction, mu, logvar = autoencoder(x)
    kl = -0.5 * tf.reduce_sum(1.0 + logvar - tf.square(mu) - tf.exp(logvar))
    return tf.reduce_mean(tf.square(reconstruction - x)) + 0.01 * kl


def stats(x):
    return tf.reduce_mean(x), tf.size(x) % 2


def picked(x):
    mean, parity = stats(x)
    options = [mean, mean * 2.0]
    return options[parity]


def main():
    x = tf.constant([[1.0, 2.0, 3.0]])
    y = tf.constant([[0.5, 0.5]])
    return [clipped_step(x, y) for _ in range(2)], vae_loss(x), picked(x)
