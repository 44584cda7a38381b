"""Replica-context code and strategy.run (class 4).

`strategy.run(fn)` already traces `fn` for a MirroredStrategy; a synchronisation point (merge_call,
and the reductions built on it) inside a nested tf.function under it is not supported.
"""

import tensorflow as tf


def replica_mean(x):
    ctx = tf.distribute.get_replica_context()
    return ctx.all_reduce(tf.distribute.ReduceOp.MEAN, x)


def synced_sum(x):
    def merge_fn(strategy, value):
        return strategy.reduce(tf.distribute.ReduceOp.SUM, value, axis=None)

    return tf.distribute.get_replica_context().merge_call(merge_fn, args=(x,))


def gathered_predictions(x):
    return tf.distribute.get_replica_context().all_gather(x, axis=0)


def offset_by_replica(x):
    ctx = tf.distribute.get_replica_context()
    return x + tf.cast(ctx.replica_id_in_sync_group, x.dtype)


def per_replica_loss(per_example_loss):
    return tf.nn.compute_average_loss(per_example_loss, global_batch_size=8)


def scaled_by_replicas(loss):
    return loss / tf.distribute.get_strategy().num_replicas_in_sync


def replica_forward(x):
    return tf.nn.relu(x) * 2.0


def default_context_sum(x):
    ctx = tf.distribute.get_replica_context()
    return ctx.all_reduce(tf.distribute.ReduceOp.SUM, x)


def run_on_replicas(strategy, fn, x):
    return strategy.experimental_local_results(strategy.run(fn, args=(x,)))


def distributed_mean(strategy, x):
    return run_on_replicas(strategy, replica_mean, x)


def distributed_sync(strategy, x):
    return run_on_replicas(strategy, synced_sum, x)


def distributed_gather(strategy, x):
    return run_on_replicas(strategy, gathered_predictions, x)


def distributed_offset(strategy, x):
    return run_on_replicas(strategy, offset_by_replica, x)


def distributed_loss(strategy, x):
    return run_on_replicas(strategy, per_replica_loss, x)


def distributed_scaled(strategy, x):
    return run_on_replicas(strategy, scaled_by_replicas, x)


def distributed_forward(strategy, x):
    return run_on_replicas(strategy, replica_forward, x)


def main():
    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    x = tf.constant([1.0, 2.0])
    distributed_mean(strategy, x)
    distributed_sync(strategy, x)
    distributed_gather(strategy, x)
    distributed_offset(strategy, x)
    distributed_loss(strategy, x)
    distributed_scaled(strategy, x)
    distributed_forward(strategy, x)
    default_context_sum(x)
    # outside any strategy: the default replica context
    replica_mean(x)
    synced_sum(x)
    gathered_predictions(x)
    offset_by_replica(x)
    per_replica_loss(x)
    scaled_by_replicas(x)
    replica_forward(x)
