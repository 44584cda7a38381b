"""A replay buffer kept in a module-level list."""

import random

import tensorflow as tf

BUFFER = []
CAPACITY = 500


def remember(state, action, reward, next_state):
    BUFFER.append((state, action, reward, next_state))
    if len(BUFFER) > CAPACITY:
        BUFFER.pop(0)


def sample_batch(batch_size):
    batch = random.sample(BUFFER, min(batch_size, len(BUFFER)))
    states, actions, rewards, next_states = zip(*batch)
    return tf.stack(states), tf.stack(actions), tf.stack(rewards), tf.stack(next_states)


def normalize_reward(reward):
    """Centres rewards on the mean reward currently in the buffer."""
    rewards = tf.stack([transition[2] for transition in BUFFER])
    return reward - tf.reduce_mean(rewards)
