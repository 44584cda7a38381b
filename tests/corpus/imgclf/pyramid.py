"""Multi-scale helpers."""

import tensorflow as tf


def tree_sum(x):
    """Sums the rows of `x` by adding halves pairwise (more accurate than a running sum)."""
    n = x.shape[0]
    if n == 1:
        return x[0]
    half = n // 2
    return tree_sum(x[:half]) + tree_sum(x[half:])


def coarsen(features):
    """Halves the time axis until one step is left; expects a power-of-two length."""
    steps = features.shape[1]
    if steps == 1:
        return features
    return smooth(features[:, 0::2] + features[:, 1::2])


def smooth(features):
    return coarsen(0.5 * features)


def gaussian_pyramid(image, levels):
    pyramid = [image]
    for _ in range(levels):
        image = tf.nn.avg_pool2d(image, ksize=2, strides=2, padding="VALID")
        pyramid.append(image)
    return pyramid


if __name__ == "__main__":
    print(tree_sum(tf.random.normal((8, 3))))
    print(coarsen(tf.random.normal((2, 8, 4))).shape)
    print([level.shape for level in gaussian_pyramid(tf.random.normal((1, 16, 16, 3)), 3)])
