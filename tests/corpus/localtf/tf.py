"""A stand-in for TensorFlow's API, so the preprocessing scripts run on machines without it."""


def function(fn):
    return fn


def constant(value, dtype=None):
    return value
