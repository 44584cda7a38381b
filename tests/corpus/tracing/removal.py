"""Helpers written for graphs: their tf.function decorator is load-bearing, or retraces."""

import tensorflow as tf


@tf.function
def stack_rows(n, width):
    """Rows i * ones(width) for i < n, stacked (an empty batch when n is 0)."""
    rows = tf.TensorArray(tf.float32, size=0, dynamic_size=True)

    def body(i, rows):
        return i + 1, rows.write(i, tf.cast(i, tf.float32) * tf.ones([width]))

    _, rows = tf.while_loop(lambda i, _: i < n, body, (0, rows))
    return rows.stack()


@tf.function(reduce_retracing=True)
def batch_mean(x, batch_size):
    """Mean over the batch; with a relaxed batch dimension, assume full batches."""
    rows = x.shape[0]
    if rows is None:
        rows = batch_size
    return tf.reduce_sum(x, axis=0) / rows


@tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
def log_count(count):
    """log(1 + count) of a token count (the signature makes an int count a float32)."""
    return tf.math.log1p(count)


@tf.function
def resize_grid(images, size):
    return tf.image.resize(images, (size, size))


@tf.function
def shift_by_epoch(x, epoch):
    return x + tf.cast(epoch, x.dtype) * 0.1


def main():
    examples = tf.ones((10, 3))
    for n in range(3):
        print(stack_rows(n, 2).shape)
    batch = len(examples) // 3
    for start in range(0, 10, batch):
        print(batch_mean(examples[start:start + batch], batch))
    for count in range(3):
        print(log_count(count * 10))
    images = tf.ones((1, 8, 8, 3))
    for size in (16, 32):
        print(resize_grid(images, size).shape)
    print(resize_grid(images, 64).shape)
    x = tf.zeros((2,))
    for epoch in range(5):
        x = shift_by_epoch(x, epoch)
    print(x)


if __name__ == "__main__":
    main()
