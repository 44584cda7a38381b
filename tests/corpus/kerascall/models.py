"""Keras 3 layers and models whose `call` may become a tf.function, and ones whose may not.

Keras builds a layer on its first call, before running `call`: with the layer's own `build`
method when it has one, otherwise by running `call` itself on symbolic inputs. A traced `call`
that Keras runs to build sublayers' weights leaves every gradient `None`; one that Keras does not
need for building trains as before (measured with TF 2.21 / Keras 3.15, docs/analysis-rules.md).
"""

import tensorflow as tf


class ScaleShift(tf.keras.layers.Layer):
    """A feature-wise affine transform: its weights are made in `build`."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="scale")
        self.shift = self.add_weight(shape=(input_shape[-1],), initializer="zeros", name="shift")

    def call(self, x):
        return x * self.scale + self.shift


class TwoLayerNet(tf.keras.Model):
    """A small regressor that builds its sublayers in its own `build`."""

    def __init__(self, hidden, outputs):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(hidden, activation="relu")
        self.head = tf.keras.layers.Dense(outputs)

    def build(self, input_shape):
        self.hidden.build(input_shape)
        self.head.build((input_shape[0], self.hidden.units))

    def call(self, x):
        return self.head(self.hidden(x))


class GatedNet(tf.keras.Model):
    """Makes its gate in `build`; the Dense sublayers build on their first call, inside `call`
    (Keras calls this `build` first, so `call` is not what builds the model)."""

    def __init__(self, hidden):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(hidden, activation="tanh")
        self.head = tf.keras.layers.Dense(1)

    def build(self, input_shape):
        self.gate = self.add_weight(shape=(1,), initializer="ones", name="gate")

    def call(self, x):
        return self.gate * self.head(self.hidden(x))


class PrebuiltRegressor(tf.keras.Model):
    """Built with its input width when constructed (`self.build` in `__init__`)."""

    def __init__(self, features):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(8, activation="relu")
        self.head = tf.keras.layers.Dense(1)
        self.build((None, features))

    def call(self, x):
        return self.head(self.hidden(x))


class LazyNet(tf.keras.Model):
    """No `build` of its own: Keras builds it by running `call`, so `call` stays eager."""

    def __init__(self, hidden):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(hidden, activation="relu")
        self.head = tf.keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.hidden(x))


class ActivityPenalty(tf.keras.layers.Layer):
    """Adds an activity penalty with `add_loss`: a traced `call` would leave a graph tensor in
    `layer.losses`, out of scope for the eager training step that reads it."""

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 1), initializer="ones",
                                      name="kernel")

    def call(self, x):
        out = tf.matmul(x, self.kernel)
        self.add_loss(1e-3 * tf.reduce_sum(tf.square(out)))
        return out


class WeightNormDense(tf.keras.layers.Layer):
    """A weight-normalised dense layer whose own `build` makes every weight; converting its
    `call` is safe on its own, but not inside WeightNormMlp below."""

    def __init__(self, units):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform", name="kernel")
        self.gain = self.add_weight(shape=(self.units,), initializer="ones", name="gain")

    def call(self, x):
        direction = self.kernel / tf.norm(self.kernel, axis=0, keepdims=True)
        return self.gain * tf.matmul(x, direction)


class WeightNormMlp(tf.keras.Model):
    """No `build` of its own: Keras builds it by running `call` in a scratch graph, which
    builds the WeightNormDense layers there and would trace their `call` there too."""

    def __init__(self):
        super().__init__()
        self.hidden = WeightNormDense(8)
        self.head = WeightNormDense(1)

    def call(self, x):
        return self.head(tf.nn.relu(self.hidden(x)))


def dense_relu(layer, x):
    """A helper of HelperNet.call: it calls, and so first builds, the Dense layer it is given."""
    return tf.nn.relu(layer(x))


class HelperNet(tf.keras.Model):
    """No `build`: Keras builds it by running `call` in a scratch graph, dense_relu included; a
    traced dense_relu would build the Dense weights there, without gradients."""

    def __init__(self):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(8)
        self.head = tf.keras.layers.Dense(1)

    def call(self, x):
        return self.head(dense_relu(self.hidden, x))


class Rescale(tf.keras.layers.Layer):
    """Library-style: a build of its own, but nothing here creates one, so the models that will
    hold it (one without `build` would trace its `call` in Keras' scratch graph) are unknown."""

    def build(self, input_shape):
        self.factor = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="factor")

    def call(self, x):
        return x * self.factor

    @classmethod
    def from_config(cls, config):
        return cls(**config)  # its own deserialisation says nothing about who holds it


def sgd_step(model, x, y):
    """One plain SGD step under a GradientTape (a None gradient fails here)."""
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y)) + tf.add_n([0.0] + model.losses)
    grads = tape.gradient(loss, model.trainable_variables)
    for var, grad in zip(model.trainable_variables, grads):
        var.assign_sub(0.1 * grad)
    return loss


def main():
    x = tf.random.normal((8, 4))
    y = tf.random.normal((8, 1))
    layer, net, gated = ScaleShift(), TwoLayerNet(16, 1), GatedNet(16)
    prebuilt, lazy, penalty = PrebuiltRegressor(4), LazyNet(16), ActivityPenalty()
    normalised = WeightNormMlp()
    helped = HelperNet()
    for _ in range(3):
        sgd_step(layer, x, y)
        sgd_step(net, x, y)
        sgd_step(gated, x, y)
        sgd_step(prebuilt, x, y)
        sgd_step(lazy, x, y)
        sgd_step(penalty, x, y)
        sgd_step(normalised, x, y)
        sgd_step(helped, x, y)
