"""Token ids set by an f-string name (`setattr(self, f"{name}_id", id)`), reduced from keras-hub
0.32.0 `Tokenizer._update_special_token_ids`: the setattr writes only attributes whose names
end with `_id` (bodies.setattr_names). A step reading `scale` converts; one reading `start_id`,
which `refresh_ids` changes after the object was made, is a stale read (a graph keeps the id it
traced)."""

import tensorflow as tf


class Vocabulary:
    def __init__(self, scale=2.0):
        self.scale = scale
        self.start_id = 1
        self._special_token_attrs = ["start"]

    def refresh_ids(self, offset):
        for attr in self._special_token_attrs:
            setattr(self, f"{attr}_id", offset)


def scaled(ids, vocab):
    return tf.cast(ids, tf.float32) * vocab.scale


def shifted(ids, vocab):
    return ids + vocab.start_id


def main():
    vocab = Vocabulary()
    vocab.refresh_ids(5)
    ids = tf.constant([1, 2, 3])
    return scaled(ids, vocab), shifted(ids, vocab)
