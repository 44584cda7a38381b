"""Reduced from tf-models-official 2.20.0: `XLNetConfig.init_from_dict` (legacy/xlnet/
xlnet_config.py) fills a config from a dict with `setattr(self, key, args_dict[key])`, and the
Model Garden's losses (vision/losses/focal_loss.py, legacy/detection/modeling/losses.py) read
their own settings in the step. An earlier engine took the computed-name `setattr` for a write of
every attribute of every object and declined the loss for a stale read of `self._gamma`; the
setattr writes attributes of its own object only (an XLNetConfig), so the loss converts, while a
function reading the config itself, or a class mixed with a setattr-ing base, is still declined."""

import tensorflow as tf


class XLNetConfig:
    keys = ("n_layer", "d_model", "temperature")

    def __init__(self, args_dict=None):
        self.n_layer = 2
        self.d_model = 8
        self.temperature = 1.0
        if args_dict is not None:
            self.init_from_dict(args_dict)

    def init_from_dict(self, args_dict):
        for key in self.keys:
            if key in args_dict:
                setattr(self, key, args_dict[key])


class FocalLoss:
    def __init__(self, alpha=0.25, gamma=2.0):
        self._alpha = alpha
        self._gamma = gamma

    def loss(self, labels, probs):
        p_t = labels * probs + (1.0 - labels) * (1.0 - probs)
        weight = self._alpha * tf.pow(1.0 - p_t, self._gamma)
        return -tf.reduce_mean(weight * tf.math.log(tf.clip_by_value(p_t, 1e-7, 1.0)))


def tempered_logits(logits, config):
    return logits / config.temperature


class Overridable:
    """A mixin: settings overridden by name after construction."""

    def override(self, **settings):
        for key, value in settings.items():
            setattr(self, key, value)


class Smoothing:
    def __init__(self, factor=0.9):
        self.factor = factor

    def smooth(self, x):
        return x * self.factor + tf.reduce_mean(x) * (1.0 - self.factor)


class TunableSmoothing(Smoothing, Overridable):
    pass


def main():
    config = XLNetConfig({"n_layer": 4})
    config.init_from_dict({"temperature": 2.0})
    logits = tf.constant([[1.0, 2.0], [0.5, -1.0]])
    focal = FocalLoss()
    loss = focal.loss(tf.constant([[1.0, 0.0], [0.0, 1.0]]), tf.nn.sigmoid(logits))
    smoothing = TunableSmoothing()
    smoothing.override(factor=0.5)
    return loss, tempered_logits(logits, config), smoothing.smooth(logits)
