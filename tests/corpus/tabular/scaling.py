"""Feature scalers."""

import tensorflow as tf


class Standardizer:
    """Fixed statistics computed once on the training set."""

    def __init__(self, mean, std):
        self.mean = mean
        self.std = std

    def transform(self, x):
        return (x - self.mean) / self.std

    def inverse(self, z):
        return z * self.std + self.mean


class RunningStandardizer:
    """Statistics updated batch by batch."""

    def __init__(self, num_features, momentum=0.9):
        self.momentum = momentum
        self.mean = tf.zeros((num_features,))
        self.var = tf.ones((num_features,))

    def update(self, batch):
        mean, var = tf.nn.moments(batch, axes=[0])
        self.mean = self.momentum * self.mean + (1.0 - self.momentum) * mean
        self.var = self.momentum * self.var + (1.0 - self.momentum) * var

    def transform(self, x):
        return (x - self.mean) / tf.sqrt(self.var + 1e-6)


class LazyBias:
    """Learns a bias whose size is only known once the first batch arrives."""

    def __init__(self):
        self.bias = None

    def apply(self, x):
        if self.bias is None:
            self.bias = tf.Variable(tf.zeros_like(x[0]))
        return x + self.bias


class FeatureClipper:
    limit = 3.0

    def clip(self, x):
        return tf.clip_by_value(x, -self.limit, self.limit)


def set_clip_limit(limit):
    FeatureClipper.limit = limit


def main():
    x = tf.random.normal((8, 4))
    scaler = Standardizer(tf.reduce_mean(x, axis=0), tf.math.reduce_std(x, axis=0))
    print(scaler.inverse(scaler.transform(x)))
    running = RunningStandardizer(4, momentum=0.5)
    running.update(x)
    print(running.transform(x))
    bias = LazyBias()
    print(bias.apply(x))
    set_clip_limit(1.5)
    clipper = FeatureClipper()
    print(clipper.clip(x))


if __name__ == "__main__":
    main()
