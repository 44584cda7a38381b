"""Input pipeline.

The trainer ships with a synthetic, MNIST-shaped dataset so that it runs offline and
deterministically: every image is a 28x28 uint8 picture of a slanted bar whose position and
slant depend on the class, plus Gaussian noise.
"""

import tensorflow as tf

from model import preprocess

IMAGE_SIZE = 28
NUM_CLASSES = 10


@tf.function
def render_digits(labels, noise):
    """Draw one synthetic digit per label; `noise` has shape [N, 28, 28]."""
    grid = tf.cast(tf.range(IMAGE_SIZE), tf.float32)
    classes = tf.cast(labels, tf.float32)
    centre = 4.0 + 2.0 * classes
    slant = 0.08 * (classes - 4.5)
    rows = grid[tf.newaxis, :, tf.newaxis]
    cols = grid[tf.newaxis, tf.newaxis, :] - IMAGE_SIZE / 2
    distance = rows - centre[:, tf.newaxis, tf.newaxis] - slant[:, tf.newaxis, tf.newaxis] * cols
    strokes = tf.exp(-tf.square(distance) / 3.0)
    pixels = 160.0 * strokes + 80.0 * noise + 40.0
    return tf.cast(tf.clip_by_value(pixels, 0.0, 255.0), tf.uint8)


def make_synthetic_mnist(num_examples, seed):
    """Return (images, labels): uint8 images [N, 28, 28] and int32 labels [N]."""
    labels = tf.random.stateless_uniform(
        [num_examples], seed=[seed, 0], maxval=NUM_CLASSES, dtype=tf.int32
    )
    noise = tf.random.stateless_normal([num_examples, IMAGE_SIZE, IMAGE_SIZE], seed=[seed, 1])
    return render_digits(labels, noise), labels


def normalize(image: tf.Tensor, label: tf.Tensor):
    """Scale pixels to [0, 1] with the same layer the serving model uses."""
    return preprocess(image), label


def random_shift(image, label):
    """Augmentation: move the digit by up to two pixels in each direction."""
    shift = tf.random.uniform([2], minval=-2, maxval=3, dtype=tf.int32)
    return tf.roll(image, shift=shift, axis=[0, 1]), label


def make_dataset(images, labels, batch_size, training=False):
    """Batched tf.data pipeline over in-memory tensors."""
    ds = tf.data.Dataset.from_tensor_slices((images, labels))
    if training:
        ds = ds.shuffle(buffer_size=4096, seed=7).map(random_shift)
    ds = ds.map(normalize, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)
