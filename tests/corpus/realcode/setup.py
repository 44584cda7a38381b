"""Reduced from tf2rl 0.1.11 (algos/sac.py): SAC's `__init__` calls `self._setup_actor(...)` and
`self._setup_critic_q(...)`, which assign the networks the training step reads. An earlier engine
took those assignments for state changed between calls (HAS_STALE_READS: `_setup_actor()
reassigns self.actor`); only construction calls them, so they are configuration, as if written in
`__init__`. A method that something else calls too (`Normalizer.update`, as tf2rl's
`Normalizer.observe`) still changes state between calls."""

import tensorflow as tf


class Linear:
    def __init__(self, weight):
        self.weight = tf.constant(weight)

    def __call__(self, x):
        return tf.matmul(x, self.weight)


class SAC:
    def __init__(self, dim, discount=0.99, alpha=0.2):
        self.discount = discount
        self._setup_actor(dim)
        self._setup_critic(dim, alpha)

    def _setup_actor(self, dim):
        self.actor = Linear(tf.eye(dim) * 0.5)

    def _setup_critic(self, dim, alpha):
        self.critic = Linear(tf.ones((dim, 1)))
        self._setup_temperature(alpha)

    def _setup_temperature(self, alpha):
        self.alpha = alpha

    def compute_td_error(self, states, rewards, next_states):
        next_values = self.critic(self.actor(next_states))[:, 0]
        target = rewards + self.discount * (next_values - self.alpha)
        return target - self.critic(states)[:, 0]


class Normalizer:
    def __init__(self, mean=0.0, std=1.0):
        self._set_stats(mean, std)

    def _set_stats(self, mean, std):
        self.mean = mean
        self.std = std

    def update(self, mean, std):
        self._set_stats(mean, std)

    def normalize(self, x):
        return (x - self.mean) / self.std


def main():
    agent = SAC(3)
    states = tf.ones((2, 3))
    td = agent.compute_td_error(states, tf.constant([1.0, 0.0]), states * 2.0)
    normalizer = Normalizer()
    normalizer.update(1.0, 2.0)
    return td, normalizer.normalize(states)
