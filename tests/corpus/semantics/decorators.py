"""Custom decorators, functools.wraps wrappers and functools.partial (class 5).

The refactoring writes `@tf.function` right above the `def`, under a custom decorator, so the
wrapper's Python code (a counter, a print, a log) still runs on every call; where `@tf.function`
already sits above a custom decorator, the wrapper runs while tracing, once, and removing the
decorator makes it run on every call. A partial that binds a module list hands it to the
tf.function as an argument.
"""

import functools

import tensorflow as tf

CALLS = {"project": 0, "logits": 0}
CALL_LOG = []
HISTORY = []


def counted(name):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            CALLS[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    return decorate


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        print(f"calling {fn.__name__}")
        return fn(*args)

    return wrapper


def recorded(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        result = fn(*args)
        CALL_LOG.append(fn.__name__)
        return result

    return wrapper


def name_scoped(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        with tf.name_scope(fn.__name__):
            return fn(*args)

    return wrapper


def float_inputs(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return fn(*[tf.cast(a, tf.float32) for a in args])

    return wrapper


@counted("project")
def project(x, w):
    return tf.matmul(x, w)


@logged
def logits_to_probs(logits):
    return tf.nn.softmax(logits)


@recorded
def pairwise_sq_dist(a, b):
    return tf.reduce_sum((a[:, None, :] - b[None, :, :]) ** 2, axis=-1)


@name_scoped
def layer_norm(x):
    mean, var = tf.nn.moments(x, axes=[-1], keepdims=True)
    return (x - mean) / tf.sqrt(var + 1e-5)


@float_inputs
def mean_abs_error(y_true, y_pred):
    return tf.reduce_mean(tf.abs(y_true - y_pred))


@tf.function
@counted("logits")
def traced_logits(x, w):
    return tf.matmul(x, w)


@logged
@tf.function
def traced_softmax(logits):
    return tf.nn.softmax(logits)


def scaled_mse(y_true, y_pred, scale):
    return scale * tf.reduce_mean(tf.square(y_true - y_pred))


double_mse = functools.partial(scaled_mse, scale=2.0)


def record_and_sum(x, log):
    log.append(1)
    return tf.reduce_sum(x)


record_to_history = functools.partial(record_and_sum, log=HISTORY)


def partial_loss(y_true, y_pred):
    return double_mse(y_true, y_pred)


def partial_record(x):
    return record_to_history(x)


def main():
    x = tf.ones((2, 3))
    w = tf.ones((3, 4))
    project(x, w)
    logits_to_probs(x)
    pairwise_sq_dist(x, x)
    layer_norm(x)
    mean_abs_error(tf.constant([1, 2]), tf.constant([1.5, 2.5]))
    traced_logits(x, w)
    traced_softmax(x)
    scaled_mse(x, x * 2.0, 0.5)
    partial_loss(x, x * 2.0)
    partial_record(x)
