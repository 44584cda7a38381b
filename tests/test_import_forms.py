"""`tf.function` is recognised under every import form, and a local module named `tf` is not
TensorFlow."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project

CASES = {
    "plain alias": ("import tensorflow as tf", "@tf.function"),
    "no alias": ("import tensorflow", "@tensorflow.function"),
    "other alias": ("import tensorflow as tfx", "@tfx.function"),
    "from import": ("from tensorflow import function", "@function"),
    "from import as": ("from tensorflow import function as graph", "@graph"),
    "with arguments": ("import tensorflow as tf", "@tf.function(jit_compile=True)"),
    "compat v2": ("import tensorflow.compat.v2 as tf", "@tf.function(reduce_retracing=True)"),
}


@pytest.mark.parametrize("name", CASES)
def test_decorator_is_recognised(tmp_path: Path, name: str):
    imports, decorator = CASES[name]
    write_project(tmp_path, {"m.py": f"""
        {imports}
        import numpy as np

        {decorator}
        def step(x):
            return x + 1

        def plain(x):
            return x + 1
        """})
    found = verdicts(analyse(tmp_path))
    assert found["m.py::step"].hybrid is True
    assert found["m.py::plain"].hybrid is False


def test_call_form_wraps_the_function(tmp_path: Path):
    write_project(tmp_path, {"m.py": """
        import tensorflow as tf

        def step(x):
            return tf.square(x)

        fast_step = tf.function(step)
        fast_step(tf.constant([1.0]))
        """})
    report = verdicts(analyse(tmp_path))["m.py::step"]
    assert report.hybrid is True
    assert report.transformation is None
    assert report.failures == []


def test_wrapping_a_method_in_init(tmp_path: Path):
    write_project(tmp_path, {"m.py": """
        import tensorflow as tf

        class Trainer:
            def __init__(self):
                self.fast = tf.function(self.step)

            def step(self, x):
                return tf.square(x)

        Trainer().fast(tf.constant([1.0]))
        """})
    report = verdicts(analyse(tmp_path))["m.py::Trainer.step"]
    assert report.hybrid is True
    assert report.facts["tensor_parameter"] is True


def test_local_module_named_tf_is_not_tensorflow(tmp_path: Path):
    write_project(tmp_path, {
        "proj/tf.py": """
            def function(f):
                return f
            """,
        "proj/user.py": """
            import tf

            @tf.function
            def step(x):
                return x + 1
            """,
    })
    report = verdicts(analyse(tmp_path))["proj/user.py::step"]
    assert report.hybrid is False


def test_keras_import_forms_mark_call_as_receiving_tensors(tmp_path: Path):
    write_project(tmp_path, {"m.py": """
        import keras
        from tensorflow.keras import layers

        class Block(layers.Layer):
            def __init__(self):
                super().__init__()
                self.dense = layers.Dense(2)

            def call(self, inputs):
                return self.dense(inputs) * 2.0

        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.dense = keras.layers.Dense(2)

            def call(self, inputs):
                return self.dense(inputs) + 1.0
        """})
    found = verdicts(analyse(tmp_path))
    for name in ("m.py::Block.call", "m.py::Net.call"):
        assert found[name].facts["tensor_parameter"] is True
        assert found[name].failures[0].code == "IS_KERAS_CALL_METHOD"
