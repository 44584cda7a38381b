"""Python state read by a function and changed between calls from outside (class 3).

A graph captures the Python values it read while tracing; later calls with the same argument
signature do not trace again, so they keep using the old values.
"""

import itertools
import os

import tensorflow as tf

from semantics import config
from semantics.config import SCALE

EPSILON = 1e-6
THRESHOLD = 0.5


def scale_by_config(x):
    return x * config.SCALE


def scale_by_imported(x):
    # `SCALE` was bound at import: later writes to config.SCALE do not reach it, in either mode.
    return x * SCALE


def maybe_add_bias(x):
    if config.USE_BIAS:
        x = x + 1.0
    return x


def softmax_with_temperature(logits):
    return tf.nn.softmax(logits / config.HPARAMS["temperature"])


def weighted_losses(labels, losses):
    weights = tf.gather(tf.constant(config.CLASS_WEIGHTS), labels)
    return losses * weights


def center_features(x):
    return x - tf.constant(config.FEATURE_MEANS)


def unit_norm(x):
    return x / (tf.norm(x) + EPSILON)


def above_threshold(x):
    return tf.cast(x > THRESHOLD, tf.float32)


def set_threshold(value):
    global THRESHOLD
    THRESHOLD = value


class Normalizer:
    def __init__(self):
        self.mean = 0.0
        self.std = 1.0

    def normalize(self, x):
        return (x - self.mean) / self.std


class Augmenter:
    STRENGTH = 0.5

    def apply(self, x):
        return x * (1.0 + Augmenter.STRENGTH)


class WarmupSchedule:
    def __init__(self, base_rate):
        self.base_rate = base_rate
        self.warmup = 1

    def scaled_gradient(self, grad, step):
        rate = self.base_rate * tf.minimum(1.0, tf.cast(step, tf.float32) / self.warmup)
        return grad * rate


class VariableScale:
    def __init__(self):
        self.scale = tf.Variable(1.0)

    def apply(self, x):
        return x * self.scale


class Options:
    def __init__(self):
        self.clip = 1.0


MODEL_OPTIONS = Options()
RUN_LOG = []
_BATCH_IDS = itertools.count()


def clip_by_model_options(x):
    return tf.clip_by_value(x, -MODEL_OPTIONS.clip, MODEL_OPTIONS.clip)


def clip_with_options(x, options):
    return tf.clip_by_value(x, -options.clip, options.clip)


def scale_with_settings(x, settings):
    # A dict of Python numbers is part of the tf.function's cache key: a new value retraces.
    return x * settings["scale"]


def mean_over_runs(x):
    return x / float(len(RUN_LOG) + 1)


def scale_from_environment(x):
    return x * float(os.environ.get("HYBRIDIZE_CORPUS_SCALE", "1.0"))


def tag_with_batch_id(x):
    return x + float(next(_BATCH_IDS))


def make_adjustable_scale():
    factor = 1.0

    def scale(x):
        return x * factor

    def set_factor(value):
        nonlocal factor
        factor = value

    return scale, set_factor


scale_input, set_input_scale = make_adjustable_scale()


def make_fixed_scale(factor):
    def scale(x):
        return x * factor

    return scale


double_input = make_fixed_scale(2.0)


def main():
    x = tf.constant([0.2, 0.7, 1.5])
    scale_by_config(x)
    config.set_scale(2.0)
    scale_by_imported(x)
    config.USE_BIAS = True
    maybe_add_bias(x)
    config.anneal_temperature(0.5)
    softmax_with_temperature(x)
    config.CLASS_WEIGHTS[0] = 2.0
    weighted_losses(tf.constant([0, 2, 1]), x)
    config.FEATURE_MEANS[:] = [0.5, 0.5, 0.5]
    center_features(x)
    unit_norm(x)
    set_threshold(1.0)
    above_threshold(x)
    normalizer = Normalizer()
    normalizer.normalize(x)
    normalizer.mean = 3.0  # between two calls (set right after Normalizer() it would set it up)
    normalizer.normalize(x)
    Augmenter.STRENGTH = 1.0
    Augmenter().apply(x)
    schedule = WarmupSchedule(0.1)
    setattr(schedule, "warmup", 10)  # noqa: B010 - a write through setattr, on purpose
    schedule.scaled_gradient(x, tf.constant(3))
    variable_scale = VariableScale()
    variable_scale.scale.assign(2.0)
    variable_scale.apply(x)
    set_input_scale(3.0)
    scale_input(x)
    double_input(x)
    MODEL_OPTIONS.clip = 0.5
    clip_by_model_options(x)
    options = Options()
    clip_with_options(x, options)
    options.clip = 2.0
    clip_with_options(x, options)
    scale_with_settings(x, {"scale": 2.0})
    RUN_LOG.append("run")
    mean_over_runs(x)
    os.environ["HYBRIDIZE_CORPUS_SCALE"] = "2.0"
    scale_from_environment(x)
    tag_with_batch_id(x)
