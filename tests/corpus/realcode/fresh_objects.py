"""Reduced from tf-models-official 2.20.0 (legacy/image_classification/
classifier_trainer_util_test.py): a test makes `fake_ds_builder = EmptyClass()` and sets its
`dtype` and `config` right away, before passing it on. An earlier engine took those stores for
state changed between calls, on every object of the same or of unknown type (HAS_STALE_READS:
`changes fake_ds_builder.dtype`); they set up an object nothing can have read yet
(fresh_objects.py). A `Settings` object whose `factor` a function changes later
(`retune`) still changes state between calls."""

import tensorflow as tf


class EmptyClass:
    pass


def make_builder(dtype, scale):
    fake_ds_builder = EmptyClass()
    fake_ds_builder.dtype = dtype
    fake_ds_builder.scale = scale
    return fake_ds_builder


def preprocess(builder, images):
    return tf.cast(images, builder.dtype) * builder.scale


class Settings:
    """Changed after it was made: `retune`."""


def make_settings(factor):
    settings = Settings()
    settings.factor = factor
    return settings


def retune(settings, factor):
    settings.factor = factor


def scale_by(settings, x):
    return x * settings.factor


def main():
    builder = make_builder(tf.float32, 2.0)
    images = preprocess(builder, tf.ones((2, 2), tf.uint8))
    settings = make_settings(0.5)
    first = scale_by(settings, images)
    retune(settings, 2.0)
    return first, scale_by(settings, images)
