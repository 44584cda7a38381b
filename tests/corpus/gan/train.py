"""GAN training loop; the step is a closure over the networks and optimizers."""

import tensorflow as tf
from tensorflow import keras

from gan.networks import (
    LATENT_DIM,
    discriminator_loss,
    generator_loss,
    make_discriminator,
    make_generator,
)


def real_data(num_examples):
    angles = tf.random.uniform((num_examples,), 0.0, 6.283)
    return tf.stack([tf.cos(angles), tf.sin(angles)], axis=1)


def train_gan(generator, discriminator, dataset, epochs):
    g_opt = keras.optimizers.Adam(1e-3)
    d_opt = keras.optimizers.Adam(1e-3)

    @tf.function
    def step(real):
        noise = tf.random.normal((tf.shape(real)[0], LATENT_DIM))
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = generator(noise, training=True)
            real_logits = discriminator(real, training=True)
            fake_logits = discriminator(fake, training=True)
            g_loss = generator_loss(fake_logits)
            d_loss = discriminator_loss(real_logits, fake_logits)
        g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
        d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
        g_opt.apply_gradients(zip(g_grads, generator.trainable_variables))
        d_opt.apply_gradients(zip(d_grads, discriminator.trainable_variables))
        return g_loss, d_loss

    for _ in range(epochs):
        for real in dataset:
            g_loss, d_loss = step(real)
    return g_loss, d_loss


@tf.function
def gradient_penalty(discriminator, real, fake):
    def interpolate(a, b):
        alpha = tf.random.uniform((tf.shape(a)[0], 1))
        return a + alpha * (b - a)

    mixed = interpolate(real, fake)
    with tf.GradientTape() as tape:
        tape.watch(mixed)
        scores = discriminator(mixed)
    grads = tape.gradient(scores, mixed)
    return tf.reduce_mean(tf.square(tf.norm(grads, axis=1) - 1.0))


def noisy_label_pair(labels):
    """Noisy labels for two consecutive discriminator updates; the noise halves in between."""
    noise = 0.2

    def add_noise(x):
        return x * (1.0 - noise) + 0.5 * noise

    def halve_noise():
        nonlocal noise
        noise = noise / 2

    first = add_noise(labels)
    halve_noise()
    return first, add_noise(labels)


def discriminator_accuracy(real_logits, fake_logits):
    real_ok = tf.cast(real_logits > 0.0, tf.float32)
    fake_ok = tf.cast(fake_logits <= 0.0, tf.float32)
    return 0.5 * (tf.reduce_mean(real_ok) + tf.reduce_mean(fake_ok))


def add_instance_noise(images, stddev=0.1):
    """Instance noise on the discriminator's inputs, a common GAN stabiliser."""
    return images + tf.random.normal(tf.shape(images), stddev=stddev)


def main():
    tf.keras.utils.set_random_seed(0)
    generator, discriminator = make_generator(), make_discriminator()
    dataset = tf.data.Dataset.from_tensor_slices(real_data(64)).batch(16)
    print(train_gan(generator, discriminator, dataset, epochs=2))
    real = real_data(8)
    fake = generator(tf.random.normal((8, LATENT_DIM)))
    print(gradient_penalty(discriminator, real, fake))
    print(noisy_label_pair(tf.ones((8, 1))))
    print(discriminator_accuracy(discriminator(real), discriminator(fake)))
    print(discriminator(add_instance_noise(real)))


if __name__ == "__main__":
    main()
