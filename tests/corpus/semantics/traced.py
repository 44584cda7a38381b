"""Functions that already are tf.functions (class 7): removing the decorator is a change too.

Some of this code only works traced (a TensorArray whose element shape the graph infers from a
write it never runs, TensorShape logic, `tf.executing_eagerly()` branches, an input_signature
that casts Python values); some has Python effects that run once today.
"""

import tensorflow as tf

TRACE_LOG = []
LEARNING_RATE = 0.1


@tf.function
def positive_rows(x):
    rows = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    for i in tf.range(tf.shape(x)[0]):
        if tf.reduce_sum(x[i]) > 0:
            rows = rows.write(rows.size(), x[i])
    return rows.stack()


@tf.function
def sum_with_debug(x):
    if tf.executing_eagerly():
        print("debug:", x.numpy().tolist())
    return tf.reduce_sum(x)


@tf.function
def graph_only_norm(x):
    if not tf.inside_function():
        raise RuntimeError("graph_only_norm must run as a graph")
    return tf.norm(x)


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def normalize_scores(scores):
    return scores / tf.reduce_sum(scores)


@tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])
def sequence_length(tokens):
    static = tokens.shape[0]
    return static if static is not None else tf.shape(tokens)[0]


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
def flatten_batch(x):
    batch = x.shape[0] if x.shape[0] is not None else tf.shape(x)[0]
    return tf.reshape(x, [batch * 4])


@tf.function
def traced_step(x, w):
    TRACE_LOG.append("traced")
    return tf.matmul(x, w)


@tf.function
def announce_and_scale(x):
    print("Tracing announce_and_scale")
    return x * 2.0


@tf.function
def forward(x, training):
    return x * 0.5 if training else x


@tf.function
def decayed(x, step):
    return x * 0.9 ** step


@tf.function
def scale_by(x, factor):
    return x * factor


@tf.function
def squared_norm(x):
    return tf.reduce_sum(x * x)


@tf.function
def apply_learning_rate(grad):
    return grad * LEARNING_RATE


def set_learning_rate(value):
    global LEARNING_RATE
    LEARNING_RATE = value


@tf.function(reduce_retracing=True)
def row_means(x):
    return tf.reduce_mean(x, axis=-1)


@tf.function
def sorted_values(x):
    return tf.numpy_function(lambda a: a.copy(), [tf.sort(x)], tf.float32)


class LazyDense:
    def __init__(self, units):
        self.units = units
        self.kernel = None

    @tf.function
    def __call__(self, x):
        if self.kernel is None:
            self.kernel = tf.Variable(tf.ones([x.shape[-1], self.units]) * 0.1)
        return tf.matmul(x, self.kernel)


class CountingModel(tf.Module):
    def __init__(self):
        super().__init__()
        self.calls = 0
        self.w = tf.Variable(2.0)

    @tf.function
    def __call__(self, x):
        self.calls += 1
        return x * self.w


def main():
    x = tf.constant([1.0, -2.0, 3.0])
    positive_rows(tf.ones((2, 3)))
    sum_with_debug(x)
    graph_only_norm(x)
    normalize_scores(x)
    sequence_length(tf.constant([1, 2, 3]))
    flatten_batch(tf.ones((2, 4)))
    traced_step(tf.ones((2, 3)), tf.ones((3, 1)))
    announce_and_scale(x)
    forward(x, True)
    forward(x, False)
    for step in range(3):
        decayed(x, step)
    for factor in (0.5, 1.0, 2.0):
        scale_by(x, factor)
    squared_norm(x)
    set_learning_rate(0.01)
    apply_learning_rate(x)
    row_means(tf.ones((2, 3)))
    sorted_values(x)
    LazyDense(2)(tf.ones((1, 3)))
    CountingModel()(x)
