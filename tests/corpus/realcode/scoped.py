"""Reduced from tf-models-official 2.20.0 (nlp/modeling/models/t5.py): tf.Module methods under
`@tf.Module.with_name_scope`, whose wrapper enters the module's name scope and calls the method.
With `@tf.function` inserted below it, the wrapper still runs eagerly around every call."""

import tensorflow as tf


class RMSNorm(tf.Module):
    def __init__(self, hidden_size, epsilon=1e-6, name=None):
        super().__init__(name=name)
        self.weight = tf.Variable(tf.ones([hidden_size]), name="scale")
        self.variance_epsilon = epsilon

    @tf.Module.with_name_scope
    def __call__(self, hidden_states):
        variance = tf.math.reduce_mean(tf.math.square(hidden_states), axis=-1, keepdims=True)
        hidden_states = hidden_states * tf.math.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states


def main():
    norm = RMSNorm(4, name="norm")
    return norm(tf.ones((2, 4)))
