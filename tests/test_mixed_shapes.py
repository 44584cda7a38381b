"""Shape lists of tf.ones/tf.zeros built where the scan of mixed_shapes.py did not read them
(server/hybridize/analysis/mixed_shapes.py, red team session 8): a list appended to, a list
added to another, a helper's list, a parameter. An int32 size next to an int64 one returns a
tensor eagerly and raises TypeError traced (Pack, or the conversion of the list); each of these
was proposed. The verdicts, and the TensorFlow runs they rest on."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import tensorflow as tf
from helpers_project import analyse, verdicts, write_project

MODULE = '''
import keras
import tensorflow as tf


def make_shape(x, lengths):
    return [tf.shape(x)[0], tf.reduce_max(lengths)]


def f_literal(x, lengths):
    return tf.ones([tf.shape(x)[0], tf.reduce_max(lengths)])


def f_appended(x, lengths):
    shape = [tf.shape(x)[0]]
    shape.append(tf.reduce_max(lengths))
    return tf.ones(shape)


def f_helper(x, lengths):
    shape = make_shape(x, lengths)
    return tf.ones(shape)


def f_param(x, shape):
    return tf.ones(shape) * tf.reduce_sum(x)


def f_concat(x, lengths):
    return tf.ones([tf.shape(x)[0]] + [tf.reduce_max(lengths)])


def f_static(x):
    return tf.ones(x.shape) + tf.zeros(x.shape[1:]) + tf.ones(tf.shape(x))


def f_same_dtype(x):
    shape = [tf.shape(x)[0]]
    shape.append(tf.shape(x)[1])
    return tf.ones(shape)


def f_python(x):
    return tf.ones([x.shape[0], 3]) + tf.zeros(3)


def f_repeated(x, lengths):
    return tf.ones((tf.shape(x)[0],) + (tf.reduce_max(lengths),) * (len(x.shape) - 1))


def drop_path(x):
    # keras-hub DropPath.call: one draw per example, broadcast over the other dimensions
    shape = (tf.shape(x)[0],) + (1,) * (len(x.shape) - 1)
    return tf.ones(shape, x.dtype) * tf.reduce_mean(x)


def wrap(image):
    # tf-models-official vision/ops/augment.py wrap: a shape tensor bound once, sliced
    shape = tf.shape(image)
    extended_channel = tf.expand_dims(tf.ones(shape[:-1], image.dtype), -1)
    return tf.concat([image, extended_channel], axis=-1)


def distance(x):
    # psiz ALCOVECell.distance: keras.ops.shape's ints (int32 tensors where unknown), sliced
    x_shape = keras.ops.shape(x)
    return 2.0 * keras.ops.ones(x_shape[0:-1])


def main():
    x = tf.ones((2, 3))
    wrap(x), distance(x), drop_path(x)
    lengths = tf.constant([1, 2], tf.int64)
    return (f_literal(x, lengths), f_appended(x, lengths), f_helper(x, lengths),
            f_param(x, make_shape(x, lengths)), f_concat(x, lengths), f_static(x),
            f_same_dtype(x), f_python(x), f_repeated(x, lengths))
'''

DECLINED = ["f_literal", "f_appended", "f_helper", "f_param", "f_concat", "f_repeated"]
ACCEPTED = ["f_static", "f_same_dtype", "f_python", "wrap", "distance", "drop_path"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("mixed") / "p", {"m.py": MODULE})


@pytest.fixture(scope="module")
def found(project: Path) -> dict:
    return verdicts(analyse(project))


@pytest.mark.parametrize("name", DECLINED)
def test_a_shape_list_that_may_mix_dtypes_is_declined(found: dict, name: str) -> None:
    report = found[f"m.py::{name}"]
    assert report.transformation is None
    assert [f.code for f in report.failures][:1] == ["HAS_TRACE_DEPENDENT_CODE"], report.failures


@pytest.mark.parametrize("name", ACCEPTED)
def test_shapes_that_cannot_mix_stay_convertible(found: dict, name: str) -> None:
    assert found[f"m.py::{name}"].transformation is not None, found[f"m.py::{name}"].failures


@pytest.fixture(scope="module")
def module(project: Path):
    spec = importlib.util.spec_from_file_location("mixed_shapes_probe", project / "m.py")
    loaded = importlib.util.module_from_spec(spec)
    sys.modules["mixed_shapes_probe"] = loaded
    spec.loader.exec_module(loaded)
    yield loaded
    del sys.modules["mixed_shapes_probe"]


@pytest.mark.parametrize("name", DECLINED)
def test_eagerly_a_tensor_traced_a_type_error(module, name: str) -> None:
    """Measured (TF 2.21): int64 lengths, an int32 batch size."""
    function = getattr(module, name)
    x, lengths = tf.ones((2, 3)), tf.constant([1, 2], tf.int64)
    args = (x, module.make_shape(x, lengths)) if name == "f_param" else (x, lengths)
    assert function(*args).shape[-1] == 2
    with pytest.raises(TypeError):
        tf.function(function)(*args)


@pytest.mark.parametrize("name", ACCEPTED)
def test_shapes_that_cannot_mix_run_the_same(module, name: str) -> None:
    x = tf.ones((2, 3))
    eager, traced = getattr(module, name)(x), tf.function(getattr(module, name))(x)
    assert eager.numpy().tolist() == traced.numpy().tolist()
