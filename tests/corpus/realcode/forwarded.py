"""Keyword arguments forwarded through `**kwargs` (issue 12: "`training=False` forwarded through
`**kwargs` is one value, not an unbounded set"). The pattern of Keras-style blocks and the
Model Garden's loss wrappers: a function that takes `**kwargs` only to hand them on.

- `tower` and `block` forward their `**kwargs` unchanged, and use them nowhere else
  (CallSite.forwards): `gate` receives what main passes under each name, `training=True`/`False`
  and `scale=0.25` or `2.0`, literals, or its defaults. Converted, with one trace per value.
- `reading_block` reads its dict (`kwargs.get("training")`) before forwarding it: not only
  forwarded, so `gate_read`'s `training` is of unknown type (declined).
- `overriding_block` puts a tensor under `training` before forwarding: `gate_override` receives
  a tensor whose `if` a graph turns into a tf.cond of an int32 and a float32 branch (declined;
  converted, main raises where eagerly it printed).
- `unpacking_main` calls `block` with `**options`, a dict of its own holding a tensor: what
  `block` forwards is not known there, so `gate_unpacked` stays declined the same way.
- `counting_block` forwards a loop counter under `scale`: one trace per step (declined).
"""

import tensorflow as tf


def gate(x, training=False, scale=0.5):
    if training:
        return tf.cast(x > 0.0, tf.int32)
    return x * scale


def block(x, **kwargs):
    return gate(x, **kwargs)


def tower(x, **kwargs):
    return block(x, **kwargs)


def gate_read(x, training=False):
    if training:
        return tf.cast(x > 0.0, tf.int32)
    return x * 0.5


def reading_block(x, **kwargs):
    if kwargs.get("training"):
        x = x + 1.0
    return gate_read(x, **kwargs)


def gate_override(x, training=False):
    if training:
        return tf.cast(x > 0.0, tf.int32)
    return x * 0.5


def overriding_block(x, **kwargs):
    kwargs["training"] = tf.reduce_any(x > 1.0)
    return gate_override(x, **kwargs)


def gate_unpacked(x, training=False):
    if training:
        return tf.cast(x > 0.0, tf.int32)
    return x * 0.5


def unpacked_block(x, **kwargs):
    return gate_unpacked(x, **kwargs)


def gate_counted(x, scale=1.0):
    return x * scale


def counting_block(x, **kwargs):
    return gate_counted(x, **kwargs)


def unpacking_main():
    x = tf.constant([1.0, -2.0])
    options = {"training": tf.constant(True)}
    print(unpacked_block(x, **options).numpy())


def main():
    x = tf.constant([1.0, -2.0])
    print(block(x, training=True).numpy(), block(x, scale=0.25).numpy(), block(x).numpy())
    print(tower(x, training=False).numpy(), tower(x, scale=2.0).numpy())
    print(reading_block(x, training=False).numpy())
    print(overriding_block(x, training=False).numpy())
    print([counting_block(x, scale=float(step)).numpy() for step in range(3)])
    unpacking_main()


if __name__ == "__main__":
    main()
