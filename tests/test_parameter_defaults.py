"""What a parameter left out of a call holds (analysis/parameter_defaults.py), and the TensorFlow
behaviour the rule rests on, measured (TF 2.21): a tf.function binds a parameter's default at
each call and takes it into its trace key like an argument."""

from __future__ import annotations

import tensorflow as tf
from hybridize.analysis import values as V
from hybridize.analysis.parameter_defaults import left_out


def test_python_constants_and_pure_library_objects_do_not_flow() -> None:
    assert left_out(frozenset({"int", "float", "str", "bool", V.NONE})) == V.EMPTY
    assert left_out(frozenset({"lib:tensorflow.float32"})) == V.EMPTY


def test_tensors_containers_arrays_callables_and_unknowns_flow() -> None:
    flowing = frozenset({V.TENSOR, "T|float32|1", V.LIST, V.LIST_OF_TENSORS, V.NUMPY,
                         "fn:m:f", "obj:m:C", "tfo:object", V.UNKNOWN, "ext:tfa.x"})
    assert left_out(flowing | {"float", V.NONE}) == flowing


def test_a_python_default_adds_one_trace_for_every_call_that_leaves_it_out() -> None:
    def smooth(labels, smoothing=0.1):
        return labels * (1.0 - smoothing) + smoothing / 3.0

    traced = tf.function(smooth)
    labels = tf.one_hot([0, 2], 3)
    for _ in range(4):
        tf.debugging.assert_near(traced(labels), smooth(labels))
    assert traced.experimental_get_tracing_count() == 1
    tf.debugging.assert_near(traced(labels, 0.2), smooth(labels, 0.2))  # a value passed: its own
    tf.debugging.assert_near(traced(labels), smooth(labels))
    assert traced.experimental_get_tracing_count() == 2


def test_a_changed_list_default_retraces_and_computes_the_same() -> None:
    axes = [0]

    def total(x, axis=axes):
        return tf.reduce_sum(x, axis=axis)

    traced = tf.function(total)
    x = tf.ones([2, 3])
    assert traced(x).numpy().tolist() == total(x).numpy().tolist() == [2.0, 2.0, 2.0]
    axes.append(1)  # the one object every call shares, changed between calls
    assert traced(x).numpy().tolist() == total(x).numpy().tolist() == 6.0
    assert traced.experimental_get_tracing_count() == 2


def test_a_tensor_default_read_by_an_if_does_not_trace() -> None:
    threshold = tf.constant(0.5)

    def clip_low(x, limit=threshold):
        if limit > 1.0:
            return None
        return tf.maximum(x, limit)

    x = tf.constant([0.25, 2.0])
    assert clip_low(x).numpy().tolist() == [0.5, 2.0]
    try:
        tf.function(clip_low)(x)
    except ValueError as error:
        assert "is None at the end of the main branch" in str(error)
    else:
        raise AssertionError("the tf.function traced an `if` on a tensor default")
