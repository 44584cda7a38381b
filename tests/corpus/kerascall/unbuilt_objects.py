"""built_objects.py's update with networks made and not called: Keras builds each on its
first call, and a tf.function may create variables only in its first trace, so a traced update
given a second network not built yet raises ValueError (the harness's negative case): declined
(CREATES_VARIABLES_PER_CALL)."""

import tensorflow as tf


class ValueNet(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(16, activation="relu")
        self.head = tf.keras.layers.Dense(1)

    def call(self, states):
        return tf.squeeze(self.head(self.hidden(states)), axis=-1)


def td_update(net, optimizer, states, targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(targets - net(states)))
    grads = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
    return loss


def main():
    states = tf.random.normal((32, 4))
    online = ValueNet()
    target = ValueNet()
    optimizer = tf.keras.optimizers.SGD(0.01)
    first = td_update(online, optimizer, states, tf.ones((32,)))
    return first, td_update(target, optimizer, states, tf.zeros((32,)))
