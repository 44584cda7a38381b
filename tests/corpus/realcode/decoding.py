"""Reduced from tf-models-official 2.20.0 (nlp/modeling/ops/beam_search.py): a decoder that names
its loop after an optional constructor argument, `tf.while_loop(..., name=self.decoding_name)`.
No call site passes `decoding_name`, so the attribute holds only its default: an earlier engine
took it for a TensorFlow object passed as a `name` (HAS_INVALID_NAME_ARGUMENT)."""

import tensorflow as tf


class CumulativeDecoder(tf.Module):
    def __init__(self, steps, decoding_name=None):
        super().__init__()
        self.steps = steps
        self.decoding_name = decoding_name

    def decode(self, logits):
        step = tf.constant(0)
        total = tf.zeros_like(logits[0])
        _, total = tf.while_loop(
            lambda i, acc: i < tf.shape(logits)[0],
            lambda i, acc: (i + 1, acc + tf.nn.softmax(logits[i])),
            [step, total],
            name=self.decoding_name)
        return total


def main():
    decoder = CumulativeDecoder(3)
    return decoder.decode(tf.random.normal((3, 5)))
