"""Keyword arguments unpacked from a dict (`f(x, **options)`), reduced from the decoding helpers
of opennmt-tf 2.32.0 and keras-hub 0.32.0 (options gathered into a dict and forwarded): the
callee's own `**options` holds whatever the dict holds, which the engine does not see."""

import tensorflow as tf


def decode(logits, **options):
    """The dict's "with_scores" may be a tensor: then the `if` is decided by a tensor, and a graph
    cannot return a pair from one branch and a tensor from the other."""
    if options["with_scores"]:
        return tf.argmax(logits, -1), tf.reduce_max(logits, -1)
    return tf.argmax(logits, -1)


def decode_batch(logits, options):
    return decode(logits, **options)


def main():
    logits = tf.constant([[0.1, 0.9], [0.8, 0.2]])
    print(decode_batch(logits, {"with_scores": tf.constant(True)}))
    print(decode_batch(logits, {"with_scores": False}))
