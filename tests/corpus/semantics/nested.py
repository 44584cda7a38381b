"""A helper defined inside the function that uses it (issue 12, reach on real code: keras-hub
and Model Garden define such helpers). As a tf.function it would be a new object on every call
of `preprocess` and would trace again each time: measured with TF 2.21, 5.6 ms per call against
0.09 ms eagerly, same result. The engine does not convert it (IS_NESTED_FUNCTION)."""

import tensorflow as tf


def preprocess(batch):
    def standardize(x):
        return (x - tf.reduce_mean(x)) / (tf.math.reduce_std(x) + 1e-6)

    print("preprocessing a batch of", batch.shape[0])
    return standardize(tf.cast(batch, tf.float32))


def main():
    return preprocess(tf.ones((4, 3)))
