"""Keras weights first built inside a trace (issue 12): the STATEFUL_RANDOM assumption.

Measured with TF 2.21 / Keras 3.15: a module-level `keras.layers.Dense(3)` first called inside a
tf.function draws other initial weights than the eager run under the same `tf.random.set_seed`
(outputs [-1.08, 1.18, -2.47] eagerly, [-0.04, -0.09, 0.93] traced, for ones((2, 4))); under
`keras.utils.set_random_seed` both draw the same. Same for tf2rl's Actor, whose `__init__` calls
the model: with `call` traced, that first run builds the Dense layers inside the trace."""

from __future__ import annotations

from pathlib import Path

from helpers_project import analyse, verdicts, write_project


def test_a_global_layer_built_on_first_call_states_the_assumption(tmp_path: Path) -> None:
    write_project(tmp_path, {"m.py": """
import tensorflow as tf

dense = tf.keras.layers.Dense(3)


def project(x):
    return dense(x) * 2.0


def main():
    return project(tf.ones((2, 4)))
"""})
    report = verdicts(analyse(tmp_path))["m.py::project"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures
    assumed = {a.code: a.message for a in report.assumptions}
    assert "STATEFUL_RANDOM" in assumed, assumed
    assert "the initializers of `dense`" in assumed["STATEFUL_RANDOM"], assumed


def test_a_model_built_when_constructed_draws_in_its_own_call(tmp_path: Path) -> None:
    """Net's `__init__` calls it, which builds the Dense layers eagerly while `call` stays eager:
    `call` itself is declined (converted, that first call would trace and build them without
    gradients: keras_build.py), and `step`, called later, finds them built: no assumption."""
    write_project(tmp_path, {"m.py": """
import tensorflow as tf


class Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.l1 = tf.keras.layers.Dense(2)
        self(tf.zeros((1, 4)))

    def call(self, x):
        return self.l1(x)


def step(net, x):
    return tf.reduce_sum(net(x))


def main():
    return step(Net(), tf.ones((2, 4)))
"""})
    found = verdicts(analyse(tmp_path))
    call, step = found["m.py::Net.call"], found["m.py::step"]
    assert call.transformation is None
    assert [f.code for f in call.failures] == ["IS_KERAS_CALL_METHOD"], call.failures
    assert step.transformation == "CONVERT_TO_HYBRID", step.failures
    assert "STATEFUL_RANDOM" not in {a.code for a in step.assumptions}


_DRAW = """
import sys
import keras
import numpy as np
import tensorflow as tf

if sys.argv[2] == "tf":
    tf.random.set_seed(0)
else:
    keras.utils.set_random_seed(0)
dense = keras.layers.Dense(3)


def project(x):
    return dense(x)


if sys.argv[1] == "traced":
    project = tf.function(project)
print(np.round(project(tf.ones((2, 4))).numpy().ravel(), 4).tolist())
"""


def test_the_measurement_the_assumption_states(tmp_path: Path) -> None:
    """Under tf.random.set_seed alone, the weights a first traced call builds differ from the
    eager run's; under keras.utils.set_random_seed they are the same (fresh processes)."""
    import subprocess
    import sys

    script = tmp_path / "draw.py"
    script.write_text(_DRAW, encoding="utf-8")

    def run(mode: str, seeding: str) -> str:
        done = subprocess.run([sys.executable, str(script), mode, seeding], capture_output=True,
                              text=True, timeout=300, check=True)
        return done.stdout.strip().splitlines()[-1]

    assert run("eager", "tf") != run("traced", "tf")
    assert run("eager", "keras") == run("traced", "keras")
