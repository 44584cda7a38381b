"""Reduced from spektral 1.3.1 (layers/ops/ops.py `transpose`, called by GATConv with
`(2, 1, 0)`) and tf-models-official 2.20.0 (vision/evaluation/instance_metrics.py
`_shift_and_rescale_boxes`, called by its test with nested literal lists): Python tuples and
lists written out of literals at the call.

- `transpose` receives `perm=(2, 1, 0)` or `(1, 0, 2)`, or leaves it at None: the same content
  at each call of a site, one trace per distinct one (literal_args.container_sites).
- `shift_and_rescale` receives `[[2, 3, 4, 9], ...]` and `(20, 20)` written out, and tensors.
- `scaled` receives `[scale, 1.0]`, a list built from its caller's loop counter: a new content
  at each step, declined.
- `gathered` has seven call sites: six (in `six_gathers`) pass a tensor, and the last one in
  the program's order (in `steps`) a list built from a loop counter. The engine keeps six call
  sites per parameter as evidence; the decline must come from the seventh (it did not: the
  function was converted).
"""

import tensorflow as tf


def transpose(a, perm=None):
    if perm is None:
        return tf.transpose(a)
    return tf.transpose(a, perm)


def shift_and_rescale(boxes, output_boundary):
    # (tf-models converts with a dtype, `tf.convert_to_tensor(boxes, tf.float32)`, which casts
    # a NumPy float64 array eagerly and refuses one traced: declined since session 37, so the
    # reduction casts instead, which does the same both ways.)
    boxes = tf.cast(boxes, tf.float32)
    limit = tf.constant(output_boundary, tf.float32)
    return tf.clip_by_value(boxes[..., :2] - 1.0, 0.0, limit)


def scaled(x, factors):
    return x * tf.constant(factors, tf.float32)


def gathered(x, indices):
    return tf.gather(x, indices)


def six_gathers(x):
    return [gathered(x, tf.constant([0, 1])),
            gathered(x, tf.constant([1, 0])),
            gathered(x, tf.constant([0])),
            gathered(x, tf.constant([1])),
            gathered(x, tf.constant([1, 1])),
            gathered(x, tf.constant([0, 0]))]


def steps(x):
    out = []
    for step in range(3):
        out.append(scaled(x, [float(step), 1.0]))
        out.append(gathered(x, [step % 2, 0]))
    return out


def main():
    kernel = tf.random.stateless_normal((4, 3, 2), seed=(1, 2))
    out = [transpose(kernel, (2, 1, 0)), transpose(kernel, perm=(1, 0, 2)),
           transpose(kernel[0])]
    out.append(shift_and_rescale([[2, 3, 4, 9], [15, 17, 18, 23]], output_boundary=(20, 20)))
    out.append(shift_and_rescale([[-2, -1, 0, 5]], (10, 10)))
    out.append(shift_and_rescale(tf.ones((3, 4)), (8, 8)))
    x = tf.constant([1.0, 2.0])
    out += six_gathers(x)
    out += steps(x)
    return out
