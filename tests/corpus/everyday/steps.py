"""Training and evaluation steps on explicit variables (no Keras model)."""

import tensorflow as tf

W = tf.Variable([[0.5], [-0.5]])
B = tf.Variable([0.0])


def linear_predict(x):
    return tf.matmul(x, W) + B


def sgd_step(x, y, learning_rate=0.1):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(linear_predict(x) - y))
    grad_w, grad_b = tape.gradient(loss, [W, B])
    W.assign_sub(learning_rate * grad_w)
    B.assign_sub(learning_rate * grad_b)
    return loss


def momentum_update(variable, velocity, grad, rate=0.1, momentum=0.9):
    velocity.assign(momentum * velocity - rate * grad)
    variable.assign_add(velocity)
    return variable


def ema_update(average, value, decay=0.9):
    average.assign(decay * average + (1.0 - decay) * value)
    return average


def clipped_gradients(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(linear_predict(x) - y))
    grads = tape.gradient(loss, [W, B])
    clipped, norm = tf.clip_by_global_norm(grads, 1.0)
    return clipped, norm


def evaluate_mse(x, y):
    return tf.reduce_mean(tf.square(linear_predict(x) - y))


def accumulate(total, count, batch):
    total.assign_add(tf.reduce_sum(batch))
    count.assign_add(tf.cast(tf.size(batch), tf.float32))
    return total / count


def main():
    x = tf.ones((4, 2))
    y = tf.zeros((4, 1))
    linear_predict(x)
    sgd_step(x, y)
    momentum_update(tf.Variable([1.0]), tf.Variable([0.0]), tf.constant([0.5]))
    ema_update(tf.Variable(0.0), tf.constant(1.0))
    clipped_gradients(x, y)
    evaluate_mse(x, y)
    accumulate(tf.Variable(0.0), tf.Variable(0.0), tf.constant([1.0, 2.0]))
