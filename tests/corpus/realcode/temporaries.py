"""Samplers and embedders reduced from keras-hub 0.32.0 (red team of 4 December 2026).

`TopKSampler(k).next_token(probs)` runs a method on a temporary object: a tf.function binds a
method to its instance through a weak reference, and nothing else holds the temporary, so the
traced call finds `self` gone (AttributeError on None, measured with TF 2.21) where the eager
call works; the same for `ShiftedSampler(2).next_token` taken as a value (`next_shifted`) and
called later, and for bound methods a factory returns (`FactorySampler(shift).draw`,
`sampler.pick` of a local the factory drops) or kept after `del sampler`
(`DroppedSampler.choose`). `GreedySampler` and `Ranker` are held by a name: their methods
convert.

`TextEmbedder.__init__` builds a functional model from `backbone.input` (the symbolic inputs of
a model the engine cannot type: `embed_saved` unpickles it) and passes what
`backbone` and `_mean_pooling` compute from them to `_l2_normalize`: KerasTensors, which a
tf.function rejects (keras-hub BertTextEmbedder, whose `_l2_normalize` was proposed; each of the
three steps needs its rule: `.input` of an unknown object, an unknown call given a symbolic
tensor, a workspace helper given one). `normalize_rows`, given real tensors, converts.
"""

import pickle

import keras
import tensorflow as tf


class TopKSampler:
    def __init__(self, k=2):
        self.k = k

    def next_token(self, probabilities):
        return tf.math.top_k(probabilities, k=self.k).indices


class GreedySampler:
    def __init__(self, offset=0):
        self.offset = offset

    def next_token(self, probabilities):
        return tf.argmax(probabilities, axis=-1, output_type=tf.int32) + self.offset


def sample_top_k(probabilities):
    return TopKSampler(2).next_token(probabilities)


def sample_greedy(probabilities):
    sampler = GreedySampler()
    return sampler.next_token(probabilities)


class ShiftedSampler:
    def __init__(self, shift=1):
        self.shift = shift

    def next_token(self, probabilities):
        return tf.argmax(probabilities, axis=-1, output_type=tf.int32) + self.shift


# A bound method taken from a temporary: only the bound method holds the instance, which a
# tf.function method holds weakly (session 29's second red team, p106).
next_shifted = ShiftedSampler(2).next_token


def sample_shifted(probabilities):
    return next_shifted(probabilities)


# Bound methods that outlive their instance (session 30's open p58, p61, p64): returned from a
# factory, taken from a temporary or from a name the factory drops, or kept after `del`.
class FactorySampler:
    def __init__(self, shift):
        self.shift = shift

    def draw(self, probabilities):
        return tf.argmax(probabilities, axis=-1, output_type=tf.int32) + self.shift


def make_factory_sampler(shift):
    return FactorySampler(shift).draw


def sample_from_factory(probabilities):
    step = make_factory_sampler(3)
    return step(probabilities)


class HeldSampler:
    def __init__(self, shift):
        self.shift = shift

    def pick(self, probabilities):
        return tf.argmax(probabilities, axis=-1, output_type=tf.int32) * self.shift


def make_held_sampler():
    sampler = HeldSampler(4)
    return sampler.pick


def sample_from_held(probabilities):
    return make_held_sampler()(probabilities)


class DroppedSampler:
    def __init__(self, shift):
        self.shift = shift

    def choose(self, probabilities):
        return tf.argmax(probabilities, axis=-1, output_type=tf.int32) - self.shift


def sample_dropped(probabilities):
    sampler = DroppedSampler(5)
    step = sampler.choose
    del sampler
    return step(probabilities)


class Ranker:
    def __init__(self, scale):
        self.scale = scale

    def rank(self, probabilities):
        return tf.argsort(probabilities * self.scale, axis=-1)


def rank_rows(probabilities):
    """A control: the method is called on an instance a name holds (and `rank` bound
    methods taken elsewhere are another class's: `Ranking.rank` below)."""
    ranker = Ranker(2.0)
    return ranker.rank(probabilities)


class Ranking:
    def rank(self, probabilities):
        return tf.argsort(probabilities)

    def ranker(self):
        return self.rank


class TextEmbedder(keras.Model):
    def __init__(self, backbone, **kwargs):
        inputs = backbone.input
        features = backbone(inputs)
        pooled = self._l2_normalize(self._mean_pooling(features))
        super().__init__(inputs=inputs, outputs=pooled, **kwargs)
        self.backbone = backbone

    @staticmethod
    def _mean_pooling(features):
        return keras.ops.mean(features, axis=1)

    @staticmethod
    def _l2_normalize(embeddings):
        return keras.ops.nn.normalize(embeddings, axis=-1, order=2)


def embed(backbone, tokens):
    return TextEmbedder(backbone)(tokens)


def load_backbone(path):
    with open(path, "rb") as file:
        return pickle.load(file)


def embed_saved(path, tokens):
    return embed(load_backbone(path), tokens)


def normalize_rows(x):
    return tf.math.l2_normalize(x, axis=-1)


def make_backbone(width):
    tokens = keras.Input((None, width))
    return keras.Model(tokens, keras.layers.Dense(width)(tokens))


def main():
    probabilities = tf.nn.softmax(tf.constant([[0.1, 2.0, 0.3, 0.4]]))
    return sample_top_k(probabilities), sample_greedy(probabilities), \
        sample_shifted(probabilities), normalize_rows(
        tf.ones([2, 4])), sample_from_factory(probabilities), sample_from_held(probabilities), \
        sample_dropped(probabilities), rank_rows(probabilities)
