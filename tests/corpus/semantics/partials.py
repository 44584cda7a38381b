"""Callables passed as parameters (issue 12, unknown side effects; reduced from the Model
Garden's nlp/modeling/ops/segment_extractor.py, whose tests pass
`functools.partial(tf.random.stateless_uniform, seed=(2, 3))` as `random_fn`, and whose
callers leave `random_fn=tf.random.uniform` at its default)."""

import functools

import tensorflow as tf


def keep_mask(positions, random_fn):
    draws = random_fn(tf.shape(positions), minval=0.0, maxval=1.0)
    return tf.where(draws > 0.5, positions, tf.zeros_like(positions))


def random_keep_mask(positions, random_fn=tf.random.uniform):
    draws = random_fn(tf.shape(positions), minval=0.0, maxval=1.0)
    return tf.where(draws > 0.5, positions, tf.zeros_like(positions))


def scaled(x, report=print):
    report("scaling a batch")
    return x * 2.0


def noisy(x, noise_fn):
    return x + noise_fn(tf.shape(x))


def make_noise(shape, scale):
    print("drawing noise")
    return tf.random.stateless_normal(shape, seed=(1, 2)) * scale


def main():
    positions = tf.ones((2, 3))
    keep_mask(positions, functools.partial(tf.random.stateless_uniform, seed=(2, 3)))
    random_keep_mask(positions)
    random_keep_mask(positions,
                     random_fn=functools.partial(tf.random.stateless_uniform, seed=(2, 3)))
    scaled(positions, report=tf.print)
    scaled(positions)
    return noisy(positions, functools.partial(make_noise, scale=0.1))
