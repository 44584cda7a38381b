"""Exploration policy and the Q-learning update."""

import logging
import time

import tensorflow as tf

logger = logging.getLogger(__name__)

EXPLORATION = 0.5
EPISODES_SEEN = 0


def decay_exploration(rate):
    global EXPLORATION
    EXPLORATION = max(0.05, EXPLORATION * rate)


def exploration_mix(q_values):
    """Mixes the greedy action with a uniform choice, weighted by EXPLORATION."""
    num_actions = tf.shape(q_values)[-1]
    greedy = tf.one_hot(tf.argmax(q_values, axis=-1), num_actions)
    return (1.0 - EXPLORATION) * greedy + EXPLORATION / tf.cast(num_actions, tf.float32)


def count_episode(returns):
    global EPISODES_SEEN
    EPISODES_SEEN += 1
    return tf.reduce_sum(returns)


def log_q_values(q_values):
    logger.info("mean Q value: %s", tf.reduce_mean(q_values))
    return q_values


def timed_forward(network, states):
    start = time.perf_counter()
    q_values = network(states)
    return q_values, time.perf_counter() - start


def _print_stat(name, value):
    print(name, value)


def _report_q(q_values):
    _print_stat("max Q", tf.reduce_max(q_values))
    return tf.reduce_mean(q_values)


def debug_q(q_values):
    return _report_q(q_values)


def td_error(q_values, targets):
    _report_q(q_values)
    return targets - tf.reduce_max(q_values, axis=-1)


@tf.function
def q_learning_update(network, optimizer, states, actions, targets):
    with tf.GradientTape() as tape:
        q_values = network(states)
        chosen = tf.reduce_sum(q_values * actions, axis=-1)
        loss = tf.reduce_mean(tf.square(targets - chosen))
    grads = tape.gradient(loss, network.trainable_variables)
    optimizer.apply_gradients(zip(grads, network.trainable_variables))
    debug_q(q_values)
    return loss
