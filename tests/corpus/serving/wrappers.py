"""Graph versions built with the call form of tf.function."""

import tensorflow as tf


def _affine(x, w, b):
    return tf.matmul(x, w) + b


affine = tf.function(_affine)


def _rescale(x, factor):
    return x * factor


rescale = tf.function(_rescale, reduce_retracing=True)


def main():
    x = tf.ones((2, 3))
    print(affine(x, tf.ones((3, 4)), tf.zeros((4,))))
    print(rescale(x, 2.0), rescale(x, 0.5))


if __name__ == "__main__":
    main()
