"""A Python number written as the first argument of a TensorFlow binary op (tracing._python_first,
data/python_first_operands.tsv from tools/probe_python_first_operands.py). Eagerly the number
takes the dtype of the tensor argument; while tracing it is converted first, to float32 (an int
to int32), and a float16, float64, bfloat16 or int64 tensor is rejected with a TypeError. Each
declined form below was proposed before; the TensorFlow runs at the end show the failure."""

from __future__ import annotations

import pytest
import tensorflow as tf
from helpers_project import analyse, verdicts, write_project
from hybridize.analysis import tfapi

MODULE = '''
import tensorflow as tf


def sub_first(x):
    return tf.subtract(1.0, x)


def max_first(x):
    return tf.math.maximum(0.0, x)


def negative_first(x):
    return tf.multiply(-2.0, x)


def equal_int_first(labels):
    return tf.equal(0, labels)


def less_first(x):
    return tf.less(0.5, x)


def tensor_first(x):
    return tf.subtract(x, 1.0)


def operator_form(x):
    return 1.0 - x


def add_first(x):
    return tf.add(1.0, x)


def divide_first(x):
    return tf.divide(1.0, x)


def bool_first(x):
    return tf.equal(True, x)


def cast_second(step):
    return tf.minimum(1.0, tf.cast(step, tf.float32) / 10.0)


def cast64_second(step):
    return tf.minimum(1.0, tf.cast(step, tf.float64) / 10.0)


def range_second(depth):
    return tf.pow(10000.0, tf.range(0, depth, 2, dtype=tf.float32))


def shape_local(image, pad):
    height = tf.shape(image)[0]
    center = tf.random.uniform([], 0, height, dtype=tf.int32)
    return tf.maximum(0, center - pad), tf.maximum(0, image.shape[1] - pad)


def argmax_local(scores):
    best = tf.argmax(scores)
    return tf.maximum(0, best - 1)


def size64_local(x):
    n = tf.size(x, out_type=tf.int64)
    return tf.maximum(1, n)


def where_number_first(x):
    return tf.where(x > 1.0, 0.0, x)


def where_number_last(x):
    return tf.where(x > 1.0, x, 0.0)


def where_cast(x):
    return tf.where(x > 1.0, 0.0, tf.cast(x, tf.float32))


def main():
    x = tf.constant([1.0, 2.0])
    labels = tf.constant([0, 1])
    return (sub_first(x), max_first(x), negative_first(x), equal_int_first(labels),
            less_first(x), tensor_first(x), operator_form(x), add_first(x), divide_first(x),
            bool_first(x > 1.0), cast_second(labels), cast64_second(labels),
            range_second(tf.constant(4.0)), shape_local(x, 1), argmax_local(x),
            size64_local(x), where_number_first(x), where_number_last(x), where_cast(x))
'''

DECLINED = ["sub_first", "max_first", "negative_first", "equal_int_first", "less_first",
            "cast64_second", "argmax_local", "size64_local", "where_number_first"]
ACCEPTED = ["tensor_first", "operator_form", "add_first", "divide_first", "bool_first",
            "cast_second", "range_second", "shape_local", "where_number_last", "where_cast"]


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = write_project(tmp_path_factory.mktemp("first") / "p", {"m.py": MODULE})
    return verdicts(analyse(root))


@pytest.mark.parametrize("name", DECLINED)
def test_a_number_first_is_trace_dependent(found: dict, name: str) -> None:
    report = found[f"m.py::{name}"]
    assert report.transformation is None
    assert [f.code for f in report.failures][:1] == ["HAS_TRACE_DEPENDENT_CODE"], report.failures
    assert "converted first" in report.failures[0].message


@pytest.mark.parametrize("name", ACCEPTED)
def test_forms_measured_the_same_stay_convertible(found: dict, name: str) -> None:
    assert found[f"m.py::{name}"].transformation is not None, found[f"m.py::{name}"].failures


def test_the_table_holds_the_measured_ops() -> None:
    table = tfapi.python_first_failures()
    assert "tensorflow.math.subtract" in table and "tensorflow.subtract" in table
    assert "tensorflow.math.add" not in table and "tensorflow.math.divide" not in table
    assert table["tensorflow.where"][0] == 1 and table["tensorflow.math.subtract"][0] == 0


@pytest.mark.parametrize("dtype", [tf.float16, tf.float64, tf.bfloat16])
def test_traced_the_number_is_float32_first(dtype: tf.DType) -> None:
    def sub_first(x: tf.Tensor) -> tf.Tensor:
        return tf.subtract(1.0, x)

    x = tf.constant([1.0, 2.0], dtype)
    assert sub_first(x).dtype == dtype
    with pytest.raises(TypeError):
        tf.function(sub_first)(x)
