"""Functions TensorFlow or Keras already runs as graphs, whoever calls them: a Model's
`train_step` and `test_step` (Keras traces them when `fit` and `evaluate` run), the helper only
they call, and the function given to `tf.vectorized_map` (traced on every call, even eagerly).
A decorator on them adds nothing; the engine explains that instead of converting them.
"""

import tensorflow as tf


def squared_error(y, pred):
    """Only the Keras steps call it: it runs inside their graphs."""
    return tf.reduce_mean(tf.square(y - pred))


class Regression(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(1)

    def build(self, input_shape):
        self.dense.build(input_shape)

    def call(self, x):
        return self.dense(x)

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            loss = squared_error(y, self(x))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}

    def test_step(self, data):
        x, y = data
        return {"loss": squared_error(y, self(x))}


def row_norm(row):
    return tf.sqrt(tf.reduce_sum(tf.square(row)))


def row_norms(batch):
    return tf.vectorized_map(row_norm, batch)


def main():
    x = tf.random.normal((32, 3))
    y = tf.random.normal((32, 1))
    model = Regression()
    model.compile(optimizer="sgd")
    model.fit(x, y, epochs=2, verbose=0)
    model.evaluate(x, y, verbose=0)
    return row_norms(x)
