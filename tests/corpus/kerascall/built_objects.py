"""A DQN update (reduced from tf2rl's DQN and TensorFlow's RL tutorials): the online and the target
Q-network are two objects of one Keras class, each called once right after it is made, so both
are built eagerly before the update sees them (CallSite.built_after): a traced update given
either, or another pair built the same way, creates no variable. unbuilt_objects.py makes them
without calling them: the update is declined there (CREATES_VARIABLES_PER_CALL)."""

import tensorflow as tf

GAMMA = 0.99


class QNet(tf.keras.Model):
    def __init__(self, actions):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(16, activation="relu")
        self.head = tf.keras.layers.Dense(actions)

    def call(self, states):
        return self.head(self.hidden(states))


def dqn_update(q_net, target_net, optimizer, states, actions, rewards, next_states, dones):
    next_q = tf.reduce_max(target_net(next_states), axis=-1)
    targets = rewards + GAMMA * (1.0 - dones) * next_q
    with tf.GradientTape() as tape:
        q = tf.reduce_sum(q_net(states) * tf.one_hot(actions, 2), axis=-1)
        loss = tf.reduce_mean(tf.square(targets - q))
    grads = tape.gradient(loss, q_net.trainable_variables)
    optimizer.apply_gradients(zip(grads, q_net.trainable_variables))
    return loss


def main():
    states = tf.random.normal((32, 4))
    q_net = QNet(2)
    q_net(states)
    target_net = QNet(2)
    target_net(states)
    target_net.set_weights(q_net.get_weights())
    optimizer = tf.keras.optimizers.SGD(0.01)
    actions = tf.random.uniform((32,), maxval=2, dtype=tf.int32)
    return [dqn_update(q_net, target_net, optimizer, states, actions, tf.ones((32,)), states,
                       tf.zeros((32,))) for _ in range(3)]
