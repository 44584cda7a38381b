"""Keras models built by calling themselves in `__init__`, held by agents given unknown values.

Reduced from tf2rl 0.1.11 (algos/ddpg.py, algos/sac.py): the networks call themselves on a zero
tensor at the end of `__init__` (`self(tf.constant(np.zeros(...)))`), which builds every Dense
they call, eagerly, before any training step; the agent that creates them forwards `**kwargs`
from its subclasses, so the engine sees values of unknown kind reach the networks' constructors.
Those values only reach `Dense(units)` (a Keras layer that calls nothing it is given), never
what a network's `call` could run as a layer, so no network may hold another one (an earlier
engine took each network for a possible holder of every layer of the workspace).
"""

import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense


class Actor(tf.keras.Model):
    def __init__(self, state_shape, action_dim, max_action, units=(8, 6), name="Actor"):
        super().__init__(name=name)
        self.l1 = Dense(units[0], name="L1")
        self.l2 = Dense(units[1], name="L2")
        self.l3 = Dense(action_dim, name="L3")
        self.max_action = max_action
        with tf.device("/cpu:0"):
            self(tf.constant(np.zeros(shape=(1,) + state_shape, dtype=np.float32)))

    def call(self, inputs):
        features = tf.nn.relu(self.l1(inputs))
        features = tf.nn.relu(self.l2(features))
        return self.max_action * tf.nn.tanh(self.l3(features))


class Critic(tf.keras.Model):
    def __init__(self, state_shape, action_dim, units=(8, 6), name="Critic"):
        super().__init__(name=name)
        self.l1 = Dense(units[0], name="L1")
        self.l2 = Dense(units[1], name="L2")
        self.l3 = Dense(1, name="L3")
        dummy_state = tf.constant(np.zeros(shape=(1,) + state_shape, dtype=np.float32))
        dummy_action = tf.constant(np.zeros(shape=[1, action_dim], dtype=np.float32))
        self([dummy_state, dummy_action])

    def call(self, inputs):
        states, actions = inputs
        features = tf.concat([states, actions], axis=1)
        features = tf.nn.relu(self.l1(features))
        features = tf.nn.relu(self.l2(features))
        return self.l3(features)


class GatedCritic(tf.keras.Model):
    """Calls itself in `__init__` too, but its gate only runs when training: the eager call in
    `__init__` leaves it unbuilt, and a traced `call` that builds it on a later trace raises
    "Creating variables on a non-first call" (measured; harness negative)."""

    def __init__(self, state_dim, units=8):
        super().__init__()
        self.hidden = Dense(units)
        self.out = Dense(1)
        self.gate = Dense(1)
        self(tf.constant(np.zeros((1, state_dim), np.float32)))

    def call(self, inputs, training=None):
        features = tf.nn.relu(self.hidden(inputs))
        value = self.out(features)
        if training:
            value = value * tf.sigmoid(self.gate(features))
        return value


class Policy(tf.keras.Model):
    """Branches only after every layer has run (tf2rl's CategoricalActor): the eager call in
    `__init__` builds them all, whichever branch it takes."""

    def __init__(self, state_dim, action_dim, units=8):
        super().__init__()
        self.l1 = Dense(units, activation="relu")
        self.prob = Dense(action_dim, activation="softmax")
        self(tf.constant(np.zeros((1, state_dim), np.float32)))

    def _features(self, states):
        return self.l1(states)

    def call(self, states, greedy=False):
        probs = self.prob(self._features(states))
        if greedy:
            return tf.one_hot(tf.argmax(probs, axis=1), tf.shape(probs)[1]) * probs
        return probs


class Agent:
    def __init__(self, state_shape, action_dim, max_action=1.0, actor_units=(8, 6),
                 critic_units=(8, 6)):
        self.actor = Actor(state_shape, action_dim, max_action, actor_units)
        self.critic = Critic(state_shape, action_dim, critic_units)
        self.gated = GatedCritic(state_shape[0])
        self.policy = Policy(state_shape[0], action_dim)


class NoisyAgent(Agent):
    def __init__(self, sigma=0.1, **kwargs):
        super().__init__(**kwargs)
        self.sigma = sigma


def critic_step(critic, optimizer, states, actions, targets):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(critic([states, actions]) - targets))
    grads = tape.gradient(loss, critic.trainable_variables)
    optimizer.apply_gradients(zip(grads, critic.trainable_variables, strict=True))
    return loss


def main():
    agent = NoisyAgent(state_shape=(3,), action_dim=2)
    states = tf.random.normal((4, 3))
    actions = agent.actor(states)
    value = agent.gated(states, training=True)
    probs = agent.policy(states, greedy=True)
    loss = critic_step(agent.critic, tf.keras.optimizers.SGD(0.1), states, actions,
                       tf.zeros((4, 1)))
    return loss, value, probs
