"""Randomness (class 6): Python `random` and global NumPy draws run once in a graph; a generator
created and seeded inside the call is local; TensorFlow's global draws differ in a graph."""

import random

import numpy as np
import tensorflow as tf

GENERATOR = tf.random.Generator.from_seed(1234)


def jitter(x):
    return x + random.uniform(-0.1, 0.1)


def numpy_noise(x):
    return x + np.random.normal(size=x.shape).astype(np.float32)


def random_crop_offset(image):
    offset = random.randint(0, 2)
    return image[offset:offset + 4]


def keep_mask(x):
    return x * (np.random.rand(*x.shape) < 0.5).astype(np.float32)


def pick_feature(x):
    return x[:, random.choice([0, 1, 2])]


def seeded_numpy_noise(x):
    rng = np.random.default_rng(42)
    return x + rng.normal(size=x.shape).astype(np.float32)


def seeded_python_scale(x):
    rng = random.Random(3)
    return x * rng.random()


def seeded_generator_noise(x):
    generator = tf.random.Generator.from_seed(7)
    return x + generator.normal(tf.shape(x))


def module_generator_noise(x):
    return x + GENERATOR.normal(tf.shape(x))


def global_dropout(x):
    return tf.nn.dropout(x, rate=0.5)


def global_normal_noise(x):
    return x + tf.random.normal(tf.shape(x), stddev=0.1)


def shuffled_rows(x):
    return tf.random.shuffle(x)


def stateless_flip(image, seed):
    return tf.image.stateless_random_flip_left_right(image, seed)


def stateless_noise(x, seed):
    return x + tf.random.stateless_normal(tf.shape(x), seed=seed)


def main():
    x = tf.ones((4, 3))
    jitter(x)
    numpy_noise(x)
    random_crop_offset(tf.ones((6, 3)))
    keep_mask(x)
    pick_feature(x)
    seeded_numpy_noise(x)
    seeded_python_scale(x)
    seeded_generator_noise(x)
    module_generator_noise(x)
    global_dropout(x)
    global_normal_noise(x)
    shuffled_rows(x)
    stateless_flip(tf.ones((2, 2, 1)), tf.constant([1, 2]))
    stateless_noise(x, tf.constant([3, 4]))
