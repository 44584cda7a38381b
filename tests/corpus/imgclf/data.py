"""Synthetic image data as tf.data pipelines."""

import tensorflow as tf

from imgclf.ops import normalize_images

NUM_CLASSES = 3
IMAGE_SIZE = 8


def preprocess(image, label):
    return normalize_images(image), label


def make_dataset(num_examples, batch_size):
    images = tf.random.uniform((num_examples, IMAGE_SIZE, IMAGE_SIZE, 3), maxval=255.0, seed=1)
    labels = tf.random.uniform((num_examples,), maxval=NUM_CLASSES, dtype=tf.int32, seed=2)
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    return dataset.map(preprocess).batch(batch_size)


def example_generator(num_examples):
    for i in range(num_examples):
        yield tf.fill((IMAGE_SIZE, IMAGE_SIZE, 3), float(i % 256)), i % NUM_CLASSES


def make_generator_dataset(num_examples, batch_size):
    signature = (
        tf.TensorSpec((IMAGE_SIZE, IMAGE_SIZE, 3), tf.float32),
        tf.TensorSpec((), tf.int32),
    )
    dataset = tf.data.Dataset.from_generator(
        example_generator, args=(num_examples,), output_signature=signature
    )
    return dataset.map(preprocess).batch(batch_size)
