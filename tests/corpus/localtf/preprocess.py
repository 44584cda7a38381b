"""Preprocessing script; `tf` here is the stand-in module next to this file."""

import tf


@tf.function
def scale(value, factor):
    return value * factor


@tf.function
def offset(value):
    return value + tf.constant(1.0)


if __name__ == "__main__":
    print(scale(3.0, 2.0), offset(2.0))
