"""Decorators around TensorFlow code: a custom gradient, a step counter, functools.partial."""

import functools

import tensorflow as tf

STEP_CALLS = {}  # how often each step ran, for the progress bar


def count_calls(fn):
    """Counts the calls of a training step."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        STEP_CALLS[fn.__name__] = STEP_CALLS.get(fn.__name__, 0) + 1
        return fn(*args, **kwargs)

    return wrapper


@tf.custom_gradient
def clip_gradient_norm(x):
    """Identity on the way forward; gradients clipped to norm 1 on the way back."""
    y = tf.identity(x)

    def grad(upstream):
        return tf.clip_by_norm(upstream, 1.0)

    return y, grad


@tf.function
@count_calls
def scaled_step(x, step):
    return x * tf.cast(step, tf.float32)


@functools.partial(tf.function, input_signature=[tf.TensorSpec([], tf.float32)])
def inverse_sqrt_decay(step):
    """Learning-rate factor 1/sqrt(step) (the signature makes an int step a float32)."""
    return tf.math.rsqrt(step)


def main():
    x = tf.constant([3.0, 4.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(clip_gradient_norm(x) * 10.0)
    print(tape.gradient(loss, x))
    for step in range(3):
        print(scaled_step(x, step))
    for step in range(1, 4):
        print(inverse_sqrt_decay(step))


if __name__ == "__main__":
    main()
