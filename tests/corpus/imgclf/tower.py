"""A residual tower whose blocks are kept in a Python list, as people write deep Keras models."""

import tensorflow as tf


def announce(x):
    print("stage output", x.shape)
    return x


class ResidualTower(tf.keras.Model):
    def __init__(self, depth=4, width=8):
        super().__init__()
        self.stem = tf.keras.layers.Dense(width)
        self.blocks = [tf.keras.layers.Dense(width, activation="relu") for _ in range(depth)]
        self.head = tf.keras.layers.Dense(1)

    def call(self, x):
        x = self.stem(x)
        for block in self.blocks:
            x = x + 0.5 * block(x)
        return self.head(x)


class GrownTower(tf.keras.Model):
    """Blocks appended one by one in __init__, the other common way to build the list."""

    def __init__(self, depth=3, width=8):
        super().__init__()
        self.blocks = []
        for _ in range(depth):
            self.blocks.append(tf.keras.layers.Dense(width, activation="tanh"))
        self.head = tf.keras.layers.Dense(1)

    def call(self, x):
        for block in self.blocks:
            x = block(x)
        return self.head(x)


class NoisyTower(tf.keras.Model):
    """The same idea, but one stage is a Python function that prints."""

    def __init__(self, width=8):
        super().__init__()
        self.stages = [tf.keras.layers.Dense(width), announce, tf.keras.layers.Dense(1)]

    def call(self, x):
        for stage in self.stages:
            x = stage(x)
        return x


tower = ResidualTower()
grown = GrownTower()
noisy = NoisyTower()
optimizer = tf.keras.optimizers.SGD(0.01)


def tower_step(features, targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tower(features) - targets))
    gradients = tape.gradient(loss, tower.trainable_variables)
    optimizer.apply_gradients(zip(gradients, tower.trainable_variables))
    return loss


def grown_predict(features):
    return grown(features)


def noisy_predict(features):
    return noisy(features)


if __name__ == "__main__":
    features = tf.random.normal((4, 3))
    targets = tf.random.normal((4, 1))
    print(tower_step(features, targets))
    print(grown_predict(features))
    print(noisy_predict(features))
