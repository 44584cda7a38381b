"""Reduced from tf-models-official 2.20.0 (projects/yolo/ops/box_ops.py): a box layout flag,
`yxyx`, forwarded from one helper to the next. The inner helper receives the caller's parameter,
not a literal, but only ever Python bools: at most two traces (one per layout)."""

import tensorflow as tf


def _to_yxyx(box):
    x_min, y_min, x_max, y_max = tf.split(box, 4, axis=-1)
    return tf.concat([y_min, x_min, y_max, x_max], axis=-1)


def intersect_and_union(box1, box2, yxyx=False):
    if not yxyx:
        box1, box2 = _to_yxyx(box1), _to_yxyx(box2)
    top_left = tf.maximum(box1[..., :2], box2[..., :2])
    bottom_right = tf.minimum(box1[..., 2:], box2[..., 2:])
    intersection = tf.reduce_prod(tf.maximum(bottom_right - top_left, 0.0), axis=-1)
    area1 = tf.reduce_prod(box1[..., 2:] - box1[..., :2], axis=-1)
    area2 = tf.reduce_prod(box2[..., 2:] - box2[..., :2], axis=-1)
    return intersection, area1 + area2 - intersection


def compute_iou(box1, box2, yxyx=False):
    intersection, union = intersect_and_union(box1, box2, yxyx=yxyx)
    return tf.math.divide_no_nan(intersection, union)


def main():
    a = tf.constant([[0.0, 0.0, 2.0, 2.0]])
    b = tf.constant([[1.0, 1.0, 3.0, 3.0]])
    return compute_iou(a, b), compute_iou(a, b, yxyx=True)
