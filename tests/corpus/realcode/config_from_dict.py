"""Reduced from tf-models-official 2.20.0 (legacy/bert/configs.py, legacy/albert/configs.py):
`BertConfig.from_dict` makes `config = BertConfig(vocab_size=None)` and copies a dictionary into
it with `config.__dict__[key] = value`, a write of any attribute. An earlier engine took that
write for state changed between calls, on every object whose `.attr` a function reads (3,598
stale-read findings on tf-models-official). Both classes are sealed (fresh_objects.py: their
`__init__` only stores attributes and calls the base's), so the object is new and unreachable
while the loop fills it. `Registry.adopt` changes a `TrainerConfig` that was made earlier:
still a write between calls, and `scaled_steps` keeps its stale read."""

import tensorflow as tf


class BertConfig(object):
    """Configuration for a BERT encoder."""

    def __init__(self, vocab_size, hidden_size=768, initializer_range=0.02):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.initializer_range = initializer_range

    @classmethod
    def from_dict(cls, json_object):
        config = BertConfig(vocab_size=None)
        for (key, value) in json_object.items():
            config.__dict__[key] = value
        return config


class AlbertConfig(BertConfig):
    """Configuration for ALBERT."""

    def __init__(self, num_hidden_groups=1, **kwargs):
        super(AlbertConfig, self).__init__(**kwargs)
        if num_hidden_groups != 1:
            raise ValueError("only one group")
        self.num_hidden_groups = num_hidden_groups

    @classmethod
    def from_dict(cls, json_object):
        config = AlbertConfig(vocab_size=None)
        for (key, value) in json_object.items():
            config.__dict__[key] = value
        return config


def init_weights(config, shape):
    """What a model builder does with a config: read its numbers."""
    return tf.random.stateless_normal(shape, seed=[1, 2]) * config.initializer_range


class TrainerConfig(object):
    """Made the same way, and changed later by `Registry.adopt`."""

    def __init__(self, steps=1):
        self.steps = steps

    @classmethod
    def from_dict(cls, json_object):
        config = TrainerConfig()
        for (key, value) in json_object.items():
            config.__dict__[key] = value
        return config


class Registry:
    def __init__(self):
        self.current = None

    def adopt(self, config, overrides):
        for key, value in overrides.items():
            config.__dict__[key] = value
        self.current = config


def scaled_steps(config, x):
    return x * config.steps


def main():
    albert = AlbertConfig.from_dict({"hidden_size": 4, "initializer_range": 0.5})
    bert = BertConfig.from_dict({"hidden_size": 8})
    weights = init_weights(albert, tf.constant([2, 3])) + init_weights(bert, tf.constant([2, 3]))
    trainer = TrainerConfig.from_dict({"steps": 2})
    registry = Registry()
    first = scaled_steps(trainer, weights)
    registry.adopt(trainer, {"steps": 3})
    return first, scaled_steps(trainer, weights)
