"""Run settings that the training script changes between steps (class 3: stale Python state)."""

SCALE = 1.0
USE_BIAS = False
ACTIVATION = "relu"
HPARAMS = {"temperature": 1.0, "label_smoothing": 0.0, "margin": 1.0}
CLASS_WEIGHTS = [1.0, 1.0, 1.0]
FEATURE_MEANS = [0.0, 0.0, 0.0]


def set_scale(value):
    global SCALE
    SCALE = value


def anneal_temperature(factor):
    HPARAMS["temperature"] = HPARAMS["temperature"] * factor
