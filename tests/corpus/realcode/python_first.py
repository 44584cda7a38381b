"""A Python number as the first argument of a TensorFlow binary op (data/python_first_operands.tsv).

flip_boxes_left_right is tf-models-official 2.20.0's object_detection preprocessor
`_flip_boxes_left_right` (proposed before): eagerly `tf.subtract(1.0, xmax)` subtracts in the
dtype of `xmax`; traced, 1.0 becomes a float32 constant first and float64 or float16 boxes
raise TypeError. The operator form converts the number to the tensor's dtype both ways.
"""

import tensorflow as tf


def flip_boxes_left_right(boxes):
    ymin, xmin, ymax, xmax = tf.split(value=boxes, num_or_size_splits=4, axis=1)
    flipped_xmin = tf.subtract(1.0, xmax)
    flipped_xmax = tf.subtract(1.0, xmin)
    flipped_boxes = tf.concat([ymin, flipped_xmin, ymax, flipped_xmax], 1)
    return flipped_boxes


def positive_part(x):
    return tf.maximum(0.0, x)


def flip_with_operator(boxes):
    ymin, xmin, ymax, xmax = tf.split(value=boxes, num_or_size_splits=4, axis=1)
    return tf.concat([ymin, 1.0 - xmax, ymax, 1.0 - xmin], 1)


def clipped_below(x):
    return tf.maximum(x, 0.0)


def masked_zero(values, mask):
    """tensorflow-recommenders 0.7.7 clippy_adagrad `tf.where(tensor == 0., 1., ...)`: the
    number as the first value, float16/float64 values fail traced."""
    return tf.where(mask, 0.0, values)


def main():
    boxes = tf.constant([[0.1, 0.2, 0.5, 0.6]])
    return (flip_boxes_left_right(boxes), positive_part(boxes), flip_with_operator(boxes),
            clipped_below(boxes), masked_zero(boxes, boxes > 0.3))
