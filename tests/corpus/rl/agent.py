"""The Q-network and the agent that trains it."""

import tensorflow as tf

from rl import policy


class QNetwork(tf.keras.Model):
    def __init__(self, num_actions):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(16, activation="relu")
        self.q = tf.keras.layers.Dense(num_actions)

    def call(self, states):
        return self.q(self.hidden(states))


class Agent:
    def __init__(self, num_actions, gamma=0.9):
        self.network = QNetwork(num_actions)
        self.optimizer = tf.keras.optimizers.Adam(1e-2)
        self.gamma = gamma
        self.updates = 0
        self.history = []

    def act(self, state):
        """Action probabilities for one state, with exploration mixed in."""
        q_values = self.network(state[None, :])
        return policy.exploration_mix(q_values)[0]

    def td_targets(self, rewards, next_states):
        next_q = self.network(next_states)
        return rewards + self.gamma * tf.reduce_max(next_q, axis=-1)

    def learn(self, states, actions, rewards, next_states):
        targets = self.td_targets(rewards, next_states)
        loss = policy.q_learning_update(self.network, self.optimizer, states, actions, targets)
        self.updates += 1
        self.history.append(float(loss))
        return loss

    def set_discount(self, gamma):
        self.gamma = gamma
