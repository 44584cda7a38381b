"""A module that may be None, reduced from keras-hub 0.32.0 (utils/tensor_utils.py and
tokenizers/byte_pair_tokenizer.py): `tf = try_import_tensorflow()` is the TensorFlow module or
None, and the tokenizer helpers call `tf.where(...)` on it. None has no such attribute (reading
one raises AttributeError, so no value flows on): the callee is TensorFlow's op alone, not also
a value of unknown kind (Program.attribute). `remove_strings_from_inputs` is proposed (it was
UNDETERMINABLE_SIDE_EFFECTS: a call of a value the analysis could not resolve)."""


def try_import_tensorflow():
    try:
        import tensorflow as _tf
    except ImportError:
        return None
    if not hasattr(_tf, "executing_eagerly"):
        return None
    return _tf


tf = try_import_tensorflow()


def remove_strings_from_inputs(tensor, string_to_remove):
    """Remove certain strings from input tensor."""
    non_empty_mask = tensor != string_to_remove
    flatten_indexes = tf.where(non_empty_mask)
    flatten_result = tf.gather_nd(tensor, flatten_indexes)
    row_lengths = tf.reduce_sum(tf.cast(non_empty_mask, "int64"), axis=1)
    result = tf.RaggedTensor.from_row_lengths(
        values=flatten_result,
        row_lengths=row_lengths,
    )
    return result


def main():
    return remove_strings_from_inputs(tf.constant([["a", "b"], ["", "c"]]), "")
