"""Wrong proposals found by session 36's red team of the proposals on real projects (every
proposal on tf-models-official, keras-hub and opennmt-tf run as written and as converted, on
what the projects' callers pass), each fixed in the engine: the target is no longer converted,
and running the program as written and with `@tf.function` added shows the difference.

A helper given Keras symbolic tensors while a functional model is built (tf-models-official's
NASFPN._global_attention, and the edgetpu helpers a test calls through a function kept in a
class attribute): eagerly Keras adds the ops to the model; a tf.function refuses a KerasTensor
(Keras 3: ValueError "A KerasTensor is symbolic"; tf_keras: TypeError). The engine of the
session's start converted each target."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts
from test_red_team_33 import _changed, _outcome

ROOT = (Path(__file__).parent / "fixtures" / "red_team_36").resolve()

CASES = [
    ("symbolic_build.py", "attention"),
    ("escaped_build.py", "_same"),
    ("escaped_build.py", "suppress"),
]


@pytest.fixture(scope="module")
def found() -> dict:
    return verdicts(analyse(ROOT))


@pytest.mark.parametrize("file, target", CASES)
def test_the_engine_no_longer_converts_it(found: dict, file: str, target: str) -> None:
    report = found[f"{file}::{target}"]
    assert report.transformation is None, report.reason
    assert "HAS_KERAS_SYMBOLIC_ARGUMENT" in {f.code for f in report.failures}, report.reason


@pytest.mark.parametrize("file, target", CASES)
def test_the_conversion_would_have_changed_behaviour(file: str, target: str) -> None:
    source = (ROOT / file).read_text(encoding="utf-8")
    changed = _changed(source, target, "add")
    assert changed != source
    assert not _outcome(source, file).startswith("raised")
    assert _outcome(changed, file).startswith("raised")


def test_a_helper_given_tensors_outside_a_functional_build_stays_converted(
        found: dict) -> None:
    """The control: the helper called on tensors and on a layer's output on tensors."""
    report = found["tensor_pyramid.py::attention"]
    assert report.transformation is not None, report.reason
    source = (ROOT / "tensor_pyramid.py").read_text(encoding="utf-8")
    assert _outcome(source, "tensor_pyramid.py", digits=5) == \
        _outcome(_changed(source, "attention", "add"), "tensor_pyramid.py", digits=5)


NEUTRAL = '''import numpy as np
import keras
from keras import ops


def rotate_half(x):
    x1, x2 = ops.split(x, 2, axis=-1)
    return ops.concatenate((-x2, x1), axis=-1)


def main():
    x = ops.convert_to_tensor(np.arange(8.0).reshape(2, 4))
    return rotate_half(x), rotate_half(x * 2.0)
'''


def test_a_module_written_for_every_keras_backend_states_keras_backend(tmp_path: Path) -> None:
    """keras-hub's modules import `keras` and nothing of TensorFlow (a red team of session
    36, N5): `fix` adds `import tensorflow` and `@tf.function`, which only the TensorFlow
    backend runs (measured by hand with JAX 0.10 and Keras 3.15: NotImplementedError in user
    code); the conversion states KERAS_BACKEND. A module that imports TensorFlow itself does
    not."""
    (tmp_path / "neutral.py").write_text(NEUTRAL, encoding="utf-8")
    (tmp_path / "bound.py").write_text(
        NEUTRAL.replace("import keras\n", "import keras\nimport tensorflow as tf\n"),
        encoding="utf-8")
    found = verdicts(analyse(tmp_path))
    neutral, bound = found["neutral.py::rotate_half"], found["bound.py::rotate_half"]
    assert neutral.transformation is not None and bound.transformation is not None
    assumed = {a.code: a.message for a in neutral.assumptions}
    assert "neutral.py imports Keras 3 (`keras`) and nothing of TensorFlow" in \
        assumed["KERAS_BACKEND"]
    assert "KERAS_BACKEND" not in {a.code for a in bound.assumptions}
