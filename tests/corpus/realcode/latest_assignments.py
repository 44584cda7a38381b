"""A local read after a straight-line assignment sees that value alone
(scoped_assignments.LatestAssignments), reduced from tf-models-official 2.20.0 box helpers and
their callers. `postprocess` reshapes the raw boxes, may clip them with a helper, then hands them
to a library the engine cannot see: the local `boxes` is, over the whole body, the tensor and
that library's value of unknown type, but where `clip_boxes` is called only the reshape has run.
`clip_boxes` is proposed (it was declined: an `if` decided by a value of unknown type). In
`refine_rounds` the call is in a loop whose next round reads the library's value: still
declined."""

import tensorflow as tf

try:
    import unseen_box_source  # a library the engine cannot see
except ImportError:
    unseen_box_source = None


def clip_boxes(boxes, size):
    if boxes.shape[-1] != 4:
        raise ValueError(f"boxes need 4 coordinates, not {boxes.shape[-1]}")
    return tf.clip_by_value(boxes, 0.0, size)


def postprocess(raw, size, refine):
    boxes = tf.reshape(raw, (-1, 4))
    if refine:
        boxes = clip_boxes(boxes, size)
    boxes = unseen_box_source.refine(boxes)
    return boxes


def clip_each_round(boxes, size):
    if boxes.shape[-1] != 4:
        raise ValueError(f"boxes need 4 coordinates, not {boxes.shape[-1]}")
    return tf.clip_by_value(boxes, 0.0, size)


def refine_rounds(raw, size):
    boxes = tf.reshape(raw, (-1, 4))
    for _ in range(2):
        boxes = clip_each_round(boxes, size)
        boxes = unseen_box_source.refine(boxes)
    return boxes


def main():
    raw = tf.random.uniform((3, 4), -1.0, 2.0)
    return postprocess(raw, 1.0, True), refine_rounds(raw, 1.0)
