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


# Each fixture folder: the function the engine proposed before its fix, and words of the
# reason it is declined for now. Each was measured to lose its gradients when converted.
FIXTURES = {
    # a layer kept in a dict and read back with `.get`: `Apply.call` calls a value of unknown
    # kind (keras_build._unknown_callers)
    "lost": ("Scale.call", f"`Apply.call` calls `layer` (line 28), {WORDS}"),
    # the lambda that tf.nest.map_structure calls has no value for its parameter in the
    # analysis: the call is of unknown kind, not of nothing (_callee_values)
    "callbacks": ("Scale.call", "sublayer of `Apply`"),
    # `Head.build` builds its Dense, which does not build the `Scale` given as its activation
    # (_runs_what_it_was_given)
    "activations": ("Scale.call", "`Head.call` may call it first (`self.dense`"),
    # Keras runs a Lambda's function on symbolic inputs to compute its output shape
    # (_in_symbolic_callable)
    "lambdas": ("Scale.call", "is given to keras.layers.Lambda"),
    # a function given to a Lambda is asked what a helper of a Keras `call` is (symbolic_root)
    "lambda_helpers": ("project", "it is given to keras.layers.Lambda"),
    # keras.ops.map over keras.Input runs its function in a scratch graph
    # (tfapi.SYMBOLIC_CALLABLE_APIS)
    "opsmap": ("Scale.call", "is given to keras.ops.map"),
}


@pytest.mark.parametrize("folder", sorted(FIXTURES))
def test_a_layer_that_meets_a_symbolic_run_first_is_declined(folder: str) -> None:
    qualname, words = FIXTURES[folder]
    report = verdicts(analyse(ROOT / folder))[f"{folder}.py::{qualname}"]
    assert report.transformation is None, report.reason
    # (a helper called while the model is built may also be given a symbolic tensor:
    # HAS_KERAS_SYMBOLIC_ARGUMENT, session 36, may come first)
    found = next((f for f in report.failures if f.code == "IS_KERAS_CALL_METHOD"), None)
    assert found is not None, report.failures
    assert words in found.message, found


def _sequence_args(load: object) -> list[tuple[tf.Tensor, tf.Tensor]]:
    """opsmap's model takes keras.Input((3, 4)): batches of 3 steps."""
    return [(tf.ones((2, 3, 4)), tf.zeros((2, 3, 4))),
            (tf.fill((1, 3, 4), 0.5), tf.ones((1, 3, 4))),
            (tf.ones((3, 3, 4)), tf.fill((3, 3, 4), 2.0))]


@pytest.mark.parametrize("folder", sorted(FIXTURES))
def test_the_harness_sees_its_gradients_go(folder: str) -> None:
    qualname, _ = FIXTURES[folder]
    args = _sequence_args if folder == "opsmap" else _train_args
    found = differences(f"{folder}.py", qualname, Case(args=args, entry="train"),
                        tree=Tree(ROOT / folder))
    assert found, f"converted, {qualname} should leave a weight without gradients"


OPS_ON_TENSORS = """
import keras
import tensorflow as tf


class Scale(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w


scale = Scale()


def main():
    return keras.ops.map(lambda t: scale(t) + 1.0, tf.ones((2, 3, 4)))
"""


def test_a_higher_order_op_on_tensors_runs_its_function_eagerly(tmp_path: Path) -> None:
    """On tensors (not Keras symbolic ones) keras.ops.map is tf.map_fn, run eagerly or in the
    caller's own graph: no scratch graph, and the layer's `call` stays converted (keras-hub's
    samplers give `keras.ops.while_loop` their bodies so: unchanged)."""
    write_project(tmp_path, {"m.py": OPS_ON_TENSORS})
    report = verdicts(analyse(tmp_path))["m.py::Scale.call"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


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
