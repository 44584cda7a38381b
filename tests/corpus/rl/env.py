"""A corridor environment: move left or right, reward at the right end."""

import random

import tensorflow as tf


class GridEnv:
    def __init__(self, size=5, seed=0):
        self.size = size
        self.rng = random.Random(seed)
        self.position = 0

    def reset(self):
        self.position = self.rng.randrange(self.size - 1)
        return self.observe()

    def observe(self):
        return tf.one_hot(self.position, self.size)

    def step(self, action):
        move = 1 if int(tf.argmax(action)) == 1 else -1
        self.position = min(max(self.position + move, 0), self.size - 1)
        done = self.position == self.size - 1
        reward = tf.constant(1.0 if done else -0.1)
        return self.observe(), reward, done
