"""Parameters assigned again inside `with tf.name_scope(...)`, reduced from tf-models-official
2.20.0 projects/yolo/ops/box_ops.py (analysis/scoped_assignments.py). The callers pass tensors and
values the engine cannot see (an unseen library's result): after the `with`, `box` is only the
tensor it built, so the return is a tensor. The same shape under a `with` that may swallow an
exception (contextlib.suppress) still returns the callers' value: declined."""

import contextlib

import tensorflow as tf

try:
    import unseen_box_source  # a library the engine cannot see
except ImportError:
    unseen_box_source = None


def yxyx_to_xcycwh(box):
    with tf.name_scope("yxyx_to_xcycwh"):
        ymin, xmin, ymax, xmax = tf.split(box, 4, axis=-1)
        x_center = (xmax + xmin) / 2
        y_center = (ymax + ymin) / 2
        width = xmax - xmin
        height = ymax - ymin
        box = tf.concat([x_center, y_center, width, height], axis=-1)
    return box


def xcycwh_to_yxyx(box):
    with tf.name_scope("xcycwh_to_yxyx"), tf.device("/cpu:0"):
        xy, wh = tf.split(box, 2, axis=-1)
        with tf.name_scope("corners"):
            xy_min = xy - wh / 2
            xy_max = xy + wh / 2
            x_min, y_min = tf.split(xy_min, 2, axis=-1)
            x_max, y_max = tf.split(xy_max, 2, axis=-1)
            box = tf.concat([y_min, x_min, y_max, x_max], axis=-1)
    return box


def sqrt_or_same(box):
    """The assignment may be skipped (the exception swallowed): `box` is then the caller's."""
    with contextlib.suppress(tf.errors.InvalidArgumentError):
        box = tf.math.sqrt(tf.debugging.assert_all_finite(box, "finite"))
    return box


def branch_scoped(box, flip):
    """The assignment under an `if` inside the scope: not on every path (still declined)."""
    with tf.name_scope("branch"):
        if flip:
            box = tf.reverse(box, [-1])
    return box


def stacked_targets(labels, anchors, scales):
    """Lists grown in a loop, then replaced by their stack (tf-models-official YoloV7Loss.
    _build_targets): the return is the stacked tensors, not the lists (whose elements come from
    `scales`, of unknown type here)."""
    masks = []
    boxes = []
    for i in range(2):
        masks.append(labels[..., i] > scales[i])
        boxes.append(tf.gather(anchors, i) * scales[i])
    masks = tf.stack(masks, axis=1)
    boxes = tf.stack(boxes, axis=0)
    return masks, boxes


def stacked_if_asked(labels, scales, stack):
    """The stack under an `if`: the list itself may be returned (still declined)."""
    masks = []
    for i in range(2):
        masks.append(labels[..., i] * scales[i])
    if stack:
        masks = tf.stack(masks, axis=1)
    return masks


def main():
    loaded = unseen_box_source.load()
    boxes = tf.constant([[0.0, 0.0, 2.0, 4.0]])
    out = [yxyx_to_xcycwh(boxes), yxyx_to_xcycwh(loaded),
           xcycwh_to_yxyx(boxes), xcycwh_to_yxyx(loaded),
           sqrt_or_same(boxes), sqrt_or_same(loaded),
           branch_scoped(boxes, True), branch_scoped(loaded, False),
           stacked_targets(boxes, boxes, loaded), stacked_if_asked(boxes, loaded, True)]
    return out
