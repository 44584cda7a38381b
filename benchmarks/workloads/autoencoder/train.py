"""A dense autoencoder for MNIST-shaped images (784 -> 128 -> 32 -> 128 -> 784), custom loop.

    python train.py [--steps N]

The images are synthetic: a few random strokes per picture, generated with NumPy from a fixed
seed. The run reports the mean squared reconstruction error on held-out images.
"""

import argparse
import time

import numpy as np
import tensorflow as tf

IMAGE_PIXELS = 28 * 28
BATCH_SIZE = 32
CODE_SIZE = 32


def synthetic_strokes(num_images, seed):
    rng = np.random.default_rng(seed)
    grid = np.arange(28, dtype=np.float32)
    images = np.zeros((num_images, 28, 28), np.float32)
    for _ in range(3):
        row = rng.uniform(4, 24, size=(num_images, 1, 1))
        col = rng.uniform(4, 24, size=(num_images, 1, 1))
        angle = rng.uniform(0, np.pi, size=(num_images, 1, 1))
        distance = (grid[None, :, None] - row) * np.cos(angle) - (
            grid[None, None, :] - col
        ) * np.sin(angle)
        images = np.maximum(images, np.exp(-(distance**2) / 2.0))
    return images.reshape(num_images, IMAGE_PIXELS).astype(np.float32)


class Autoencoder(tf.keras.Model):
    def __init__(self, code_size):
        super().__init__()
        self.encoder = tf.keras.Sequential(
            [
                tf.keras.layers.Dense(128, activation="relu"),
                tf.keras.layers.Dense(code_size, activation="relu"),
            ]
        )
        self.decoder = tf.keras.Sequential(
            [
                tf.keras.layers.Dense(128, activation="relu"),
                tf.keras.layers.Dense(IMAGE_PIXELS, activation="sigmoid"),
            ]
        )

    def call(self, images):
        return self.decoder(self.encoder(images))


def reconstruction_loss(images, reconstructions):
    return tf.reduce_mean(tf.square(images - reconstructions))


def train_step(autoencoder, optimizer, images):
    with tf.GradientTape() as tape:
        loss = reconstruction_loss(images, autoencoder(images))
    gradients = tape.gradient(loss, autoencoder.trainable_variables)
    optimizer.apply_gradients(zip(gradients, autoencoder.trainable_variables))
    return loss


def worst_reconstructions(autoencoder, images, count=5):
    """Indices of the images reconstructed worst (NumPy on the model's output)."""
    errors = np.mean(np.square(images - autoencoder(images)), axis=1)
    return np.argsort(errors)[-count:]


def log_progress(step, loss):
    print(f"step {step}: reconstruction loss {loss.numpy():.5f}")


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args(argv)

    tf.keras.utils.set_random_seed(0)
    train_images = synthetic_strokes(4096, seed=1)
    test_images = tf.constant(synthetic_strokes(512, seed=2))
    dataset = (
        tf.data.Dataset.from_tensor_slices(train_images).shuffle(4096, seed=1).batch(BATCH_SIZE)
    )

    autoencoder = Autoencoder(CODE_SIZE)
    optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)

    start = time.perf_counter()
    step = 0
    for images in dataset.repeat().take(args.steps):
        loss = train_step(autoencoder, optimizer, images)
        if step % 200 == 0:
            log_progress(step, loss)
        step += 1
    train_seconds = time.perf_counter() - start

    test_loss = float(reconstruction_loss(test_images, autoencoder(test_images)))
    print("worst test images:", worst_reconstructions(autoencoder, test_images).tolist())
    print(f"RESULT metric=test_mse value={test_loss:.6f} train_seconds={train_seconds:.3f}")


if __name__ == "__main__":
    main()
