"""A data-parallel training step under tf.distribute (one CPU replica here, N GPUs in use)."""

import tensorflow as tf

STRATEGY = tf.distribute.MirroredStrategy(["/cpu:0"])


def sum_over_replicas(value: tf.Tensor):
    """The sum of `value` over all replicas (replica context)."""
    ctx = tf.distribute.get_replica_context()
    return ctx.all_reduce(tf.distribute.ReduceOp.SUM, value)


def gather_over_replicas(value: tf.Tensor):
    """Every replica's `value`, concatenated along the batch axis."""
    return tf.distribute.get_replica_context().all_gather(value, axis=0)


def replica_step(x):
    local = tf.reduce_sum(x * x, axis=0)
    return sum_over_replicas(local) + tf.reduce_sum(gather_over_replicas(x))


@tf.function
def distributed_step(x):
    return STRATEGY.run(replica_step, args=(x,))


def main():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    print(STRATEGY.experimental_local_results(distributed_step(x)))


if __name__ == "__main__":
    main()
