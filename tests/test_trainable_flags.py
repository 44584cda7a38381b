"""facts.FactBuilder.trainable_write: a read of a layer's or model's `trainable_variables` (and
the other lists by trainability) is stale when the workspace stores `trainable` on a layer
after it is made: the lists follow the flags of every layer they hold, and a graph keeps the
list it read while tracing. Measured in the harness: tests/fixtures/frozen_base (a training
step converted before; after `base.trainable = False` it kept updating the frozen base). Also
here, FactBuilder.recompile: what `compile` sets, read by a step that runs again after a
second `compile` (tests/fixtures/recompiled), and FactBuilder.library_model_write: an attribute
of a library Keras model stored by name elsewhere (`model.optimizer = ...` between steps,
tests/fixtures/optimizer_swap), and FactBuilder.runs_changed_settings: a function that runs a
library layer, model or other object when the workspace changes a setting of one
(`drop.rate = 0.9`, tests/fixtures/layer_setting; `optimizer.clipnorm = 0.001`,
tests/fixtures/optimizer_setting) or a `trainable` flag Keras hands to a BatchNormalization
(tests/fixtures/frozen_norm), each with the same kind of harness proof."""

from __future__ import annotations

from pathlib import Path

import pytest
from equivalence import Case, Tree, differences
from helpers_project import analyse, verdicts, write_project

ROOT = (Path(__file__).parent / "fixtures" / "frozen_base").resolve()


def _no_args(load: object) -> list[tuple]:
    return [(), (), ()]


def test_a_step_reading_trainable_variables_of_a_model_frozen_later_is_declined() -> None:
    report = verdicts(analyse(ROOT))["frozen_base.py::train_step"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "HAS_STALE_READS", report.failures
    assert "follows the `trainable` flag" in report.failures[0].message, report.failures[0]
    assert "base.trainable" in report.failures[0].message


def test_the_harness_sees_the_frozen_base_still_train() -> None:
    found = differences("frozen_base.py", "train_step", Case(args=_no_args, entry="main"),
                        tree=Tree(ROOT))
    assert found, "converted, train_step should go on updating the frozen base"


STEP = """
import keras
import tensorflow as tf


def make_model():
    inputs = keras.Input((3,))
    head = keras.layers.Dense(1)
    SETUP
    return keras.Model(inputs, head(inputs))


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def main():
    model = make_model()
    optimizer = keras.optimizers.SGD(0.1)
    return train_step(model, optimizer, tf.ones((4, 3)), tf.zeros((4, 1)))
"""


def test_without_a_trainable_store_the_step_is_converted(tmp_path: Path) -> None:
    write_project(tmp_path, {"m.py": STEP.replace("SETUP", "pass")})
    report = verdicts(analyse(tmp_path))["m.py::train_step"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


@pytest.mark.xfail(strict=True, reason="known gap: a store of `trainable` on a library layer "
                   "just made (before any step can run) counts as a later one; the initialising "
                   "stores (fresh_objects.py) cover objects of workspace classes only")
def test_a_flag_set_on_a_library_layer_just_made_does_not_count(tmp_path: Path) -> None:
    write_project(tmp_path, {"m.py": STEP.replace("SETUP", "head.trainable = False")})
    report = verdicts(analyse(tmp_path))["m.py::train_step"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


RECOMPILED = (Path(__file__).parent / "fixtures" / "recompiled").resolve()


def test_the_harness_sees_a_recompiled_step_keep_its_loss() -> None:
    found = differences("recompiled.py", "train_step", Case(args=_no_args, entry="main"),
                        tree=Tree(RECOMPILED))
    assert found, "converted, train_step should keep the loss of its trace"


def test_a_step_run_after_a_second_compile_is_declined() -> None:
    """Proposed before FactBuilder.recompile."""
    report = verdicts(analyse(RECOMPILED))["recompiled.py::train_step"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "HAS_STALE_READS", report.failures
    assert "calls `compile` again" in report.failures[0].message, report.failures[0]


ONE_COMPILE = """
import keras
import tensorflow as tf


def train_step(model, x, y):
    with tf.GradientTape() as tape:
        loss = model.compute_loss(x=x, y=y, y_pred=model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    model.optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def main():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    return [train_step(model, tf.ones((4, 3)), tf.zeros((4, 1))) for _ in range(2)]
"""


def test_a_step_after_a_models_only_compile_is_converted(tmp_path: Path) -> None:
    """One `compile`, before the steps: the usual custom loop."""
    write_project(tmp_path, {"m.py": ONE_COMPILE})
    report = verdicts(analyse(tmp_path))["m.py::train_step"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


SWAPPED = (Path(__file__).parent / "fixtures" / "optimizer_swap").resolve()


def test_a_step_reading_an_optimizer_replaced_later_is_declined() -> None:
    """Proposed before FactBuilder.library_model_write."""
    report = verdicts(analyse(SWAPPED))["optimizer_swap.py::train_step"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "HAS_STALE_READS", report.failures
    assert "changes model.optimizer" in report.failures[0].message, report.failures[0]


def test_the_harness_sees_a_step_keep_its_optimizer() -> None:
    found = differences("optimizer_swap.py", "train_step", Case(args=_no_args, entry="main"),
                        tree=Tree(SWAPPED))
    assert found, "converted, train_step should keep the optimizer of its trace"


SETTING = (Path(__file__).parent / "fixtures" / "layer_setting").resolve()


def test_the_harness_sees_a_forward_pass_keep_a_layer_setting() -> None:
    found = differences("layer_setting.py", "forward", Case(args=_no_args, entry="main"),
                        tree=Tree(SETTING))
    assert found, "converted, forward should keep the first dropout rate"


def test_a_forward_pass_after_a_layer_setting_changes_is_declined() -> None:
    """Proposed before FactBuilder.runs_changed_settings."""
    report = verdicts(analyse(SETTING))["layer_setting.py::forward"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "HAS_STALE_READS", report.failures
    assert "changes drop.rate" in report.failures[0].message, report.failures[0]
    assert "runs model" in report.failures[0].message, report.failures[0]


UNCHANGED = """
import keras
import tensorflow as tf


def make_model():
    inputs = keras.Input((3,))
    drop = keras.layers.Dropout(0.1, seed=1)
    return keras.Model(inputs, keras.layers.Dense(1)(drop(inputs))), drop


def forward(model, x):
    return model(x, training=True)


def scale(x):
    return tf.nn.relu(x) * 2.0


def main():
    model, drop = make_model()
    x = tf.ones((4, 3))
    SETTING
    return forward(model, x), scale(x)
"""


def test_a_forward_pass_is_converted_when_no_setting_changes(tmp_path: Path) -> None:
    write_project(tmp_path, {"m.py": UNCHANGED.replace("SETTING", "pass")})
    report = verdicts(analyse(tmp_path))["m.py::forward"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


def test_a_changed_setting_leaves_functions_running_no_layer_alone(tmp_path: Path) -> None:
    write_project(tmp_path, {"m.py": UNCHANGED.replace("SETTING", "drop.rate = 0.9")})
    found = verdicts(analyse(tmp_path))
    assert found["m.py::forward"].transformation is None, found["m.py::forward"].failures
    assert found["m.py::scale"].transformation == "CONVERT_TO_HYBRID", found["m.py::scale"].failures


NORM = (Path(__file__).parent / "fixtures" / "frozen_norm").resolve()


def test_the_harness_sees_a_forward_pass_keep_its_normalization_mode() -> None:
    found = differences("frozen_norm.py", "forward", Case(args=_no_args, entry="main"),
                        tree=Tree(NORM))
    assert found, "converted, forward should keep normalizing with the batch statistics"


def test_a_forward_pass_after_the_model_is_frozen_is_declined() -> None:
    """`net.trainable = False` on a model of a workspace class: Keras hands the flag to its
    BatchNormalization, read inside Keras; the evidence comes from Net.call, which runs the
    library layers, to its caller. Proposed before FactBuilder.runs_changed_settings."""
    report = verdicts(analyse(NORM))["frozen_norm.py::forward"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "HAS_STALE_READS", report.failures
    assert "changes net.trainable" in report.failures[0].message, report.failures[0]


OPTIMIZER_SETTING = (Path(__file__).parent / "fixtures" / "optimizer_setting").resolve()


def test_the_harness_sees_a_step_keep_its_clipping() -> None:
    found = differences("optimizer_setting.py", "train_step", Case(args=_no_args, entry="main"),
                        tree=Tree(OPTIMIZER_SETTING))
    assert found, "converted, train_step should keep the clipping setting of its trace"


def test_a_step_after_an_optimizer_setting_changes_is_declined() -> None:
    """An optimizer is a library object other than a layer or model (`tfo:object`): proposed
    before runs_changed_settings counted them."""
    report = verdicts(analyse(OPTIMIZER_SETTING))["optimizer_setting.py::train_step"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "HAS_STALE_READS", report.failures
    assert "changes optimizer.clipnorm" in report.failures[0].message, report.failures[0]


SCHEDULED = (Path(__file__).parent / "fixtures" / "lr_schedule").resolve()
NUMBER = (Path(__file__).parent / "fixtures" / "lr_number").resolve()


def test_the_harness_sees_a_step_keep_the_rate_a_schedule_replaced() -> None:
    found = differences("lr_schedule.py", "train_step", Case(args=_no_args, entry="main"),
                        tree=Tree(SCHEDULED))
    assert found, "converted, train_step should keep the learning-rate variable of its trace"


def test_a_step_after_a_schedule_replaces_the_rate_is_declined() -> None:
    report = verdicts(analyse(SCHEDULED))["lr_schedule.py::train_step"]
    assert report.transformation is None, report.reason
    assert "changes optimizer.learning_rate" in report.failures[0].message, report.failures[0]


def test_the_harness_sees_a_number_stored_as_the_rate_read_live() -> None:
    assert not differences("lr_number.py", "train_step", Case(args=_no_args, entry="main"),
                           tree=Tree(NUMBER))


def test_a_step_after_a_number_is_stored_as_the_rate_is_converted() -> None:
    report = verdicts(analyse(NUMBER))["lr_number.py::train_step"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


CONFIGURED = (Path(__file__).parent / "fixtures" / "configured_layers").resolve()


@pytest.mark.parametrize("qualname", ["forward", "lookup", "normalize"])
def test_the_harness_sees_a_reconfigured_layer_run_as_traced(qualname: str) -> None:
    found = differences("configured_layers.py", qualname, Case(args=_no_args, entry="main"),
                        tree=Tree(CONFIGURED))
    assert found, f"converted, {qualname} should keep what it traced"


@pytest.mark.parametrize("qualname", ["forward", "lookup", "normalize"])
def test_a_function_run_after_a_layer_is_reconfigured_is_declined(qualname: str) -> None:
    """Proposed before tfapi.CONFIGURING_METHODS counted as stores of a setting."""
    report = verdicts(analyse(CONFIGURED))[f"configured_layers.py::{qualname}"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "HAS_STALE_READS", report.failures
    assert "calls norm.adapt" in report.failures[0].message, report.failures[0]


@pytest.mark.parametrize("name", ["layer_by_name", "layers_loop", "layer_given"])
def test_the_harness_sees_a_layer_reached_another_way_keep_its_setting(name: str) -> None:
    root = (Path(__file__).parent / "fixtures" / name).resolve()
    found = differences(f"{name}.py", "forward", Case(args=_no_args, entry="main"),
                        tree=Tree(root))
    assert found, "converted, forward should keep the first dropout rate"


@pytest.mark.parametrize("name", ["layer_by_name", "layers_loop", "layer_given"])
def test_a_setting_stored_on_a_layer_reached_another_way_counts(name: str) -> None:
    """`model.get_layer("drop")` (typed a tensor by default) and an element of `model.layers`
    (of unknown kind) stored on, a layer typed as a tensor called (layer_given): proposed
    before _may_be_library and _library_kinds counted them."""
    root = (Path(__file__).parent / "fixtures" / name).resolve()
    report = verdicts(analyse(root))[f"{name}.py::forward"]
    assert report.transformation is None, report.reason
    assert report.failures[0].code == "HAS_STALE_READS", report.failures
    assert ".rate" in report.failures[0].message, report.failures[0]


POPPED = """
import keras
import tensorflow as tf

try:
    import unseen_settings  # a library the engine cannot see
except ImportError:
    unseen_settings = None


def make(**options):
    options.pop("head", None)
    inputs = keras.Input((3,))
    return keras.Model(inputs, keras.layers.Dense(1)(inputs))


def forward(model, x):
    return model(x)


def main():
    model = make(**unseen_settings.load())
    return forward(model, tf.ones((2, 3)))
"""


def test_a_dicts_pop_is_not_a_sequentials(tmp_path: Path) -> None:
    """`add` and `pop` reconfigure only a value that is a library model (a Sequential): a
    `**kwargs` dict of unknown content has a `pop` too (keras-hub's `kwargs.pop(...)`)."""
    write_project(tmp_path, {"m.py": POPPED})
    report = verdicts(analyse(tmp_path))["m.py::forward"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures
