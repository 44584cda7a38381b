"""Reduced from tf-models-official 2.20.0 (vision/dataloaders/utils.py, legacy/detection/utils/
box_utils.py) and keras-hub 0.32.0 (models/gemma/gemma_attention.py): `if`s decided by a
tensor's dtype, by the static shape of the function's own tensor argument, and by the Keras
backend's name; Python values that a graph computes as eagerly (analysis/static_values.py).
And what must stay declined: a caller whose graph gives that argument a dimension it does not
know, and a parameter the body assigns a tensor before an `if` on it."""

import keras
import tensorflow as tf


def process_source_id(source_id):
    """A string id is parsed, a numeric one kept; an empty one becomes -1."""
    if source_id.dtype == tf.string:
        source_id = tf.strings.to_number(source_id, tf.int64)
    with tf.control_dependencies([source_id]):
        source_id = tf.cond(pred=tf.equal(tf.size(input=source_id), 0),
                            true_fn=lambda: tf.cast(tf.constant(-1), tf.int64),
                            false_fn=lambda: tf.identity(source_id))
    return source_id


def source_id_or_default(source_id):
    """process_source_id as tf-models-official writes it (its tf.cond), called with an int32 id
    too: eagerly tf.cond runs the branch it takes, traced it builds both, whose dtypes differ."""
    if source_id.dtype == tf.string:
        source_id = tf.strings.to_number(source_id, tf.int64)
    return tf.cond(tf.equal(tf.size(source_id), 0),
                   lambda: tf.cast(tf.constant(-1), tf.int64),
                   lambda: tf.identity(source_id))


def normalize_boxes(boxes, image_shape):
    """Boxes (ymin, xmin, ymax, xmax) over [height, width]; rejects any other last dimension."""
    if boxes.shape[-1] != 4:
        raise ValueError(f"boxes.shape[-1] is {boxes.shape[-1]}, but must be 4.")
    image_shape = tf.cast(image_shape, dtype=boxes.dtype)
    height = image_shape[..., 0:1]
    width = image_shape[..., 1:2]
    ymin, xmin, ymax, xmax = tf.split(boxes, 4, axis=-1)
    return tf.concat([ymin / height, xmin / width, ymax / height, xmax / width], axis=-1)


def mask_sliding_window(attention_mask, window):
    """A banded causal mask (tf.linalg.band_part on the TensorFlow backend)."""
    key_len = tf.shape(attention_mask)[-1]
    all_ones = tf.ones((key_len, key_len), tf.bool)
    if keras.config.backend() == "tensorflow":
        sliding = tf.linalg.band_part(all_ones, window - 1, window - 1)
    else:
        sliding = tf.linalg.band_part(all_ones, -1, -1)
    return tf.logical_and(attention_mask, sliding[None])


def normalize_image(image, offset=(0.485, 0.456, 0.406), scale=(0.229, 0.224, 0.225)):
    """The parameter is replaced first: every later read is the converted tensor."""
    image = tf.image.convert_image_dtype(image, dtype=tf.float32)
    image -= tf.constant(offset)[None, None]
    image /= tf.constant(scale)[None, None]
    return image


def channel_mean(images):
    """Mean over the channel axis, wherever the data format puts it (tf-models-official's
    `tf_keras.backend.image_data_format() == 'channels_last'` tests); nothing here sets it."""
    axis = -1 if keras.config.image_data_format() == "channels_last" else 1
    return tf.reduce_mean(images, axis=axis)


def make_local_ids(seq_len, local_radius, batch_size=1):
    """tf-models-official triviaqa's relative ids: `seq_len` is an int or a scalar tensor; the
    checks compare it only when it is an int (`isinstance(...) and`)."""
    if isinstance(seq_len, int) and seq_len < 1:
        raise ValueError("`seq_len` must be positive.")
    if local_radius < 1:
        raise ValueError("`local_radius` must be positive.")
    if isinstance(batch_size, int) and batch_size < 1:
        raise ValueError("`batch_size` must be positive.")
    pattern = tf.range(-local_radius, local_radius + 1)
    return tf.tile(pattern[tf.newaxis, tf.newaxis, :], [batch_size, seq_len, 1])


def pair_rows(x):
    """Rows of two: an odd number of values is refused before the reshape."""
    if x.shape[0] % 2 != 0:
        raise ValueError(f"{x.shape[0]} values cannot be paired")
    return tf.reshape(x, [-1, 2])


def positive_pairs(x):
    """Pairs of the positive values. Traced, tf.boolean_mask leaves the length unknown (None):
    pair_rows' check fails while tracing (None % 2), where eagerly it passes."""
    return pair_rows(tf.boolean_mask(x, x > 0))


def clipped_total(limit, values):
    """`limit` is assigned a tensor before the `if`: an `if` on a tensor, whatever callers pass."""
    limit = tf.minimum(tf.reduce_sum(values), limit)
    if limit > 0:
        return values * limit
    return None


def first_or_zero(values):
    """The usual guard against an empty input: eagerly the branch not taken never runs; traced,
    `values[0]` is built for an input of static shape (0,) and fails (ValueError)."""
    return tf.cond(tf.size(values) > 0, lambda: values[0], lambda: tf.constant(0.0))


def repeated(values, times):
    """A tf.while_loop whose body grows its tensor: a Python loop eagerly; traced, the shape
    invariant fails (ValueError)."""
    _, out = tf.while_loop(lambda i, acc: i < times,
                           lambda i, acc: (i + 1, tf.concat([acc, values], 0)),
                           (tf.constant(0), values))
    return out


def main():
    guarded = [first_or_zero(tf.constant([1.0, 2.0])), first_or_zero(tf.zeros((0,)))]
    grown = repeated(tf.constant([1.0]), tf.constant(2))
    ids = [process_source_id(tf.constant(["17"])), process_source_id(tf.constant([5], tf.int64)),
           source_id_or_default(tf.constant([7], tf.int32))]
    boxes = normalize_boxes(tf.constant([[1.0, 2.0, 3.0, 4.0]]), tf.constant([10.0, 20.0]))
    mask = mask_sliding_window(tf.ones((1, 4, 4), tf.bool), 2)
    image = normalize_image(tf.zeros((2, 2, 3), tf.uint8))
    means = channel_mean(tf.ones((1, 2, 2, 3)))
    ids.append(make_local_ids(tf.constant(4), 2))
    pairs = positive_pairs(tf.constant([1.0, -2.0, 3.0, 4.0, 5.0]))
    total = clipped_total(3.0, tf.constant([1.0, 2.0]))
    return ids, boxes, mask, image, means, pairs, total, guarded, grown
