"""DCGAN training step, in the style of the TensorFlow tutorial, on synthetic 28x28 images.

    python train.py [--steps N]

Noise comes from a seeded tf.random.Generator so that runs repeat exactly. The run reports the
discriminator's loss on a fixed batch of real images and fixed noise after training.
"""

import argparse
import time

import numpy as np
import tensorflow as tf
from networks import NOISE_DIM, make_discriminator, make_generator

BATCH_SIZE = 32

tf.keras.utils.set_random_seed(0)  # before the networks are created
generator = make_generator()
discriminator = make_discriminator()
generator_optimizer = tf.keras.optimizers.Adam(2e-4, beta_1=0.5)
discriminator_optimizer = tf.keras.optimizers.Adam(2e-4, beta_1=0.5)
cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)
noise_source = tf.random.Generator.from_seed(42)


def discriminator_loss(real_output, fake_output):
    real_loss = cross_entropy(tf.ones_like(real_output), real_output)
    fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)
    return real_loss + fake_loss


def generator_loss(fake_output):
    return cross_entropy(tf.ones_like(fake_output), fake_output)


def train_step(images):
    noise = noise_source.normal([BATCH_SIZE, NOISE_DIM])
    with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
        generated_images = generator(noise, training=True)
        real_output = discriminator(images, training=True)
        fake_output = discriminator(generated_images, training=True)
        gen_loss = generator_loss(fake_output)
        disc_loss = discriminator_loss(real_output, fake_output)
    gen_gradients = gen_tape.gradient(gen_loss, generator.trainable_variables)
    disc_gradients = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
    generator_optimizer.apply_gradients(zip(gen_gradients, generator.trainable_variables))
    discriminator_optimizer.apply_gradients(
        zip(disc_gradients, discriminator.trainable_variables)
    )
    return gen_loss, disc_loss


def synthetic_rings(num_images, seed):
    """Rings of random radius and centre, scaled to [-1, 1] like the tutorial's MNIST images."""
    rng = np.random.default_rng(seed)
    grid = np.arange(28, dtype=np.float32)
    cy, cx = rng.uniform(10, 18, size=(2, num_images, 1, 1))
    radius = rng.uniform(4, 9, size=(num_images, 1, 1))
    distance = np.sqrt((grid[None, :, None] - cy) ** 2 + (grid[None, None, :] - cx) ** 2)
    images = np.exp(-((distance - radius) ** 2) / 2.0)
    return (images[..., None] * 2.0 - 1.0).astype(np.float32)


def save_samples(epoch, samples):
    """What the tutorial does with matplotlib; here, a text summary of the samples."""
    pixels = samples.numpy()
    print(f"epoch {epoch}: samples mean {pixels.mean():.3f}, std {pixels.std():.3f}")


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=80)
    args = parser.parse_args(argv)

    images = tf.constant(synthetic_rings(2048, seed=1))
    batches = tf.split(images, 2048 // BATCH_SIZE)
    fixed_noise = tf.random.stateless_normal([16, NOISE_DIM], seed=[1, 2])

    start = time.perf_counter()
    for step in range(args.steps):
        gen_loss, disc_loss = train_step(batches[step % len(batches)])
        if step % 20 == 0:
            save_samples(step // len(batches), generator(fixed_noise, training=False))
    train_seconds = time.perf_counter() - start

    real_output = discriminator(batches[0], training=False)
    fake_output = discriminator(generator(fixed_noise, training=False), training=False)
    final = float(discriminator_loss(real_output, fake_output))
    print(f"generator loss {float(gen_loss):.4f}, discriminator loss {float(disc_loss):.4f}")
    print(f"RESULT metric=disc_loss value={final:.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
