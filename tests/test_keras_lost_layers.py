"""keras_build._unknown_callers: a Keras layer whose `call` (or a function it reaches) calls a
value of unknown kind may hold any layer, as a constructor given such a value may (soundness).
A layer the value flow loses on its way (kept in a dict and read back with `.get`, deserialized
from a config, given by code the analysis does not follow) can be called first there, in that
layer's symbolic run, and a decorated `call` then keeps the weights of that run: measured in
the harness (tests/fixtures/lost_layers/lost/lost.py: `Scale.call` was proposed; decorated, every
gradient of its weight is None and the update raises TypeError). Elements of a list are looked
up in the display that builds it, so a list mixing layers and functions is not such a value."""

from __future__ import annotations

from pathlib import Path

import pytest
import tensorflow as tf
from equivalence import Case, Tree, differences
from helpers_project import analyse, verdicts, write_project

ROOT = (Path(__file__).parent / "fixtures" / "lost_layers").resolve()  # one project a folder:
# in one workspace, a class that may hold any layer would decline the others' `call`s too
WORDS = "a value of unknown kind that may be an instance of it"


def _train_args(load: object) -> list[tuple[tf.Tensor, tf.Tensor]]:
    return [(tf.ones((2, 4)), tf.zeros((2, 4))), (tf.fill((3, 4), 0.5), tf.ones((3, 4))),
            (tf.ones((1, 4)), tf.fill((1, 4), 2.0))]


def test_a_layer_lost_on_its_way_to_the_call_that_runs_it_is_declined() -> None:
    report = verdicts(analyse(ROOT / "lost"))["lost.py::Scale.call"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "IS_KERAS_CALL_METHOD", report.failures
    assert "`Apply.call` calls `layer`" in report.failures[0].message, report.failures[0]
    assert WORDS in report.failures[0].message


def test_the_harness_sees_the_lost_layers_gradients_go() -> None:
    found = differences("lost.py", "Scale.call", Case(args=_train_args, entry="train"),
                        tree=Tree(ROOT / "lost"))
    assert found, "decorated, Scale.call should leave its weight without gradients"


def test_a_layer_run_by_a_library_callback_is_declined() -> None:
    """The lambda's parameter has no value in the analysis (tf.nest.map_structure passes it):
    the call is of unknown kind, not of nothing (callbacks.py; proposed before)."""
    report = verdicts(analyse(ROOT / "callbacks"))["callbacks.py::Scale.call"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "IS_KERAS_CALL_METHOD", report.failures
    assert "sublayer of `Apply`" in report.failures[0].message, report.failures[0]


def test_the_harness_sees_the_callback_layers_gradients_go() -> None:
    found = differences("callbacks.py", "Scale.call", Case(args=_train_args, entry="train"),
                        tree=Tree(ROOT / "callbacks"))
    assert found, "decorated, Scale.call should leave its weight without gradients"


def test_a_layer_given_to_a_library_layer_that_runs_it_is_declined() -> None:
    """`Head.build` builds its Dense, which does not build the `Scale` it was given as its
    activation (activations.py; proposed before)."""
    report = verdicts(analyse(ROOT / "activations"))["activations.py::Scale.call"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "IS_KERAS_CALL_METHOD", report.failures
    assert "`Head.call` may call it first (`self.dense`" in report.failures[0].message, \
        report.failures[0]


def test_the_harness_sees_the_activation_layers_gradients_go() -> None:
    found = differences("activations.py", "Scale.call", Case(args=_train_args, entry="train"),
                        tree=Tree(ROOT / "activations"))
    assert found, "decorated, Scale.call should leave its weight without gradients"


def test_a_layer_called_by_a_lambda_layers_function_is_declined() -> None:
    """Keras runs a Lambda's function on symbolic inputs to compute its output shape
    (lambdas.py; proposed before)."""
    report = verdicts(analyse(ROOT / "lambdas"))["lambdas.py::Scale.call"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "IS_KERAS_CALL_METHOD", report.failures
    assert "is given to keras.layers.Lambda" in report.failures[0].message, report.failures[0]


def test_the_harness_sees_the_lambda_layers_gradients_go() -> None:
    found = differences("lambdas.py", "Scale.call", Case(args=_train_args, entry="train"),
                        tree=Tree(ROOT / "lambdas"))
    assert found, "decorated, Scale.call should leave its weight without gradients"


def test_a_function_given_to_a_lambda_layer_that_builds_a_layer_is_declined() -> None:
    """Helpers of a Keras `call` that call a layer are declined; so is a function Keras runs as
    a Lambda's (lambda_helpers.py; proposed before)."""
    report = verdicts(analyse(ROOT / "lambda_helpers"))["lambda_helpers.py::project"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "IS_KERAS_CALL_METHOD", report.failures
    assert "it is given to keras.layers.Lambda" in report.failures[0].message, \
        report.failures[0]


def test_the_harness_sees_the_lambda_helpers_gradients_go() -> None:
    found = differences("lambda_helpers.py", "project",
                        Case(args=_train_args, entry="train"), tree=Tree(ROOT / "lambda_helpers"))
    assert found, "decorated, project should leave the Dense without gradients"


PROJECT = """
import keras
import tensorflow as tf


def double(x):
    return x * 2.0


class Offset(keras.layers.Layer):
    def build(self, input_shape):
        self.b = self.add_weight(shape=(input_shape[-1],), initializer="zeros")

    def call(self, x):
        return x + self.b


class Stages(keras.layers.Layer):
    def __init__(self, table):
        super().__init__()
        self.stages = STAGES

    def call(self, x):
        for stage in self.stages:
            x = stage(x)
        return x


def offset_model():
    inputs = keras.Input((4,))
    return keras.Model(inputs, Offset()(inputs))


def main():
    x = tf.ones((2, 4))
    return Stages({"dense": keras.layers.Dense(4)})(x), offset_model()(x)
"""


@pytest.mark.parametrize(("stages", "converted"), [
    ("[keras.layers.Dense(4), double]", True),
    ("(double, keras.layers.Dense(4))", True),
    ("[table.get('dense'), double]", False),
    ("list(table.values())", False),
])
def test_the_elements_of_a_list_come_from_its_display(tmp_path: Path, stages: str,
                                                       converted: bool) -> None:
    """The value flow keeps only "a container" for a list that mixes a layer and a function
    (its elements are unknown); the display shows a Dense and `double`, neither a lost layer.
    An element read from a dict, or a list built by a call, may be one."""
    write_project(tmp_path, {"m.py": PROJECT.replace("STAGES", stages)})
    report = verdicts(analyse(tmp_path))["m.py::Offset.call"]
    if converted:
        assert report.transformation == "CONVERT_TO_HYBRID", report.failures
    else:
        assert report.transformation is None
        assert any(WORDS in f.message for f in report.failures), report.failures
