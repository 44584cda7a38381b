"""Python control flow on tensors (class 2): loops with break/return, list appends in a tensor
loop, a name set in one branch of a tensor `if`, `match` statements."""

import tensorflow as tf


def first_negative_index(x):
    for i in tf.range(tf.size(x)):
        if x[i] < 0:
            return i
    return -1


def cumulative_until(x, limit):
    total = tf.constant(0.0)
    for value in x:
        total += value
        if total > limit:
            break
    return total


def collect_squares(x):
    squares = []
    for i in tf.range(tf.shape(x)[0]):
        squares.append(x[i] ** 2)
    return tf.stack(squares)


def sign_label(x):
    if tf.reduce_sum(x) > 0:
        label = tf.constant(1)
    return label


def rescale_to_unit(x):
    if tf.reduce_max(tf.abs(x)) > 1.0:
        y = x / tf.reduce_max(tf.abs(x))
    else:
        y = x
    return y


def newton_sqrt(a):
    x = a
    while tf.reduce_max(tf.abs(x * x - a)) > 1e-4:
        x = 0.5 * (x + a / x)
    return x


def halvings_until_small(x):
    steps = 0
    while tf.reduce_max(x) > 1.0:
        x = x / 2.0
        steps += 1
    return x, steps


def activation_by_name(x, kind):
    match kind:
        case "relu":
            return tf.nn.relu(x)
        case "tanh":
            return tf.tanh(x)
        case _:
            return x


def route_by_argmax(x):
    match int(tf.argmax(x)):
        case 0:
            return x * 0.0
        case _:
            return x


def code_to_weight(code):
    match code:
        case 0:
            return tf.constant(0.5)
        case _:
            return tf.constant(1.0)


def sum_over_rows(x):
    total = tf.zeros([])
    for row in x:
        total += tf.reduce_sum(row)
    return total


def double_until_large(x):
    for _ in range(3):
        if tf.reduce_sum(x) > 10.0:
            break
        x = x * 2.0
    return x


def greedy_decode(logits):
    tokens = []
    for t in range(logits.shape[0]):
        token = tf.argmax(logits[t], output_type=tf.int32)
        tokens.append(token)
        if token == 0:
            break
    return tf.stack(tokens)


def count_above(x, threshold):
    count = tf.constant(0)
    i = tf.constant(0)
    while i < tf.size(x):
        if x[i] > threshold:
            count += 1
        i += 1
    return count


def main():
    x = tf.constant([1.0, -2.0, 3.0])
    first_negative_index(x)
    cumulative_until(x, tf.constant(1.5))
    collect_squares(x)
    sign_label(x)
    rescale_to_unit(x)
    newton_sqrt(tf.constant([4.0, 9.0]))
    halvings_until_small(x)
    activation_by_name(x, "relu")
    route_by_argmax(x)
    code_to_weight(tf.constant(0))
    sum_over_rows(tf.ones((2, 3)))
    double_until_large(x)
    greedy_decode(tf.ones((4, 3)))
    count_above(x, tf.constant(0.0))
