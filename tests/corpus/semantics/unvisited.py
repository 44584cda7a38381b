"""Statements the engine does not visit today (class 8): `except` handler bodies, `match` cases,
functions defined under module-level for/while/match, methods under if/try in a class body."""

import tensorflow as tf

from semantics import config

MISSING = []
WARNINGS = []
CALL_COUNTS = {"relu": 0, "elu": 0}
PROGRESS = []
WEIGHTS = {"positive": 2.0}
BACKEND = "tf"
ACTIVATIONS = {}


def weight_for_default(x):
    try:
        weight = WEIGHTS["default"]
    except KeyError:
        MISSING.append("default")
        weight = 1.0
    return x * weight


def margin_or_report(x):
    try:
        margin = config.HPARAMS["margin_scale"]
    except KeyError:
        print("no margin_scale, using 1.0")
        margin = 1.0
    return tf.maximum(x - margin, 0.0)


def pure_fallback(x):
    try:
        weight = WEIGHTS["default"]
    except KeyError:
        weight = 1.0
    return x * weight


def activate_configured(x):
    match config.ACTIVATION:
        case "relu":
            return tf.nn.relu(x)
        case other:
            WARNINGS.append(other)
            return x


def activate_pure(x):
    match config.ACTIVATION:
        case "relu":
            return tf.nn.relu(x)
        case _:
            return tf.tanh(x)


for _name in ("relu", "elu"):
    def counted_activation(x, _name=_name):
        CALL_COUNTS[_name] += 1
        return getattr(tf.nn, _name)(x)

    ACTIVATIONS[_name] = counted_activation

for _power in (2,):
    def power_features(x, _power=_power):
        return x ** _power

_rounds = 0
while _rounds < 1:
    def warmup_scale(x):
        PROGRESS.append(len(PROGRESS))
        return x * 0.1

    _rounds += 1

match BACKEND:
    case "tf":
        def matmul_logged(a, b):
            print("matmul", a.shape, b.shape)
            return tf.matmul(a, b)

        def matmul_plain(a, b):
            return tf.matmul(a, b)

    case _:
        pass


class Tracker:
    def __init__(self):
        self.steps = 0

    if hasattr(tf, "function"):
        def step(self, x):
            self.steps += 1
            return x * 2.0

        def pure_step(self, x):
            return x * 2.0

    try:
        def record(self, x):
            print("record", x.shape)
            return x + 1.0
    except NameError:
        pass


def main():
    x = tf.constant([0.5, -1.0, 2.0])
    weight_for_default(x)
    margin_or_report(x)
    pure_fallback(x)
    activate_configured(x)
    activate_pure(x)
    counted_activation(x)
    power_features(x)
    warmup_scale(x)
    matmul_logged(tf.ones((2, 2)), tf.ones((2, 2)))
    matmul_plain(tf.ones((2, 2)), tf.ones((2, 2)))
    tracker = Tracker()
    tracker.step(x)
    tracker.pure_step(x)
    tracker.record(x)
