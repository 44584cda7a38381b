"""keras_context.py: a layer called without `training=` in a function that a Keras `call` runs.
The verdicts, and the behaviour they rest on run with TensorFlow (eagerly and as tf.function)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from helpers_project import analyse, verdicts, write_project

FIXTURE = Path(__file__).parent / "fixtures" / "soundness" / "call_context.py"


def _verdicts(tmp_path: Path) -> dict:
    write_project(tmp_path, {"m.py": FIXTURE.read_text()})
    return verdicts(analyse(tmp_path))


def test_a_context_reader_is_not_converted(tmp_path: Path) -> None:
    found = _verdicts(tmp_path)
    for name in ("Helper._call_dense", "NoFlag.call"):
        report = found[f"m.py::{name}"]
        assert report.transformation is None, name
        assert any(f.code == "IS_KERAS_CALL_METHOD" and "training" in f.message
                   for f in report.failures), name
    for name in ("Helper.call", "Passing.call", "Passing._dense"):
        report = found[f"m.py::{name}"]
        assert not any("without `training=`" in f.message for f in report.failures), name


def _zeros(module, name: str, method: str | None) -> list[int]:
    import tensorflow as tf

    cls = getattr(module, name)
    if method is not None:
        setattr(cls, method, tf.function(getattr(cls, method)))
    module.keras.utils.set_random_seed(0)
    layer = cls()
    x = tf.ones((4, 3))
    return [int((layer(x, training=flag).numpy() == 0).sum()) for flag in (True, False, False)]


def _load(tag: str):
    spec = importlib.util.spec_from_file_location(f"call_context_{tag}", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_traced_the_first_flag_stays() -> None:
    """Measured: eagerly the Dropout drops only under training=True; converted, the helper and
    the `call` without a `training` parameter keep dropping under training=False."""
    for name, method in (("Helper", "_call_dense"), ("NoFlag", "call")):
        eager = _zeros(_load(f"{name}_eager"), name, None)
        traced = _zeros(_load(f"{name}_traced"), name, method)
        assert eager[0] > 0 and eager[1:] == [0, 0], (name, eager)
        assert traced[1] > 0, (name, traced)  # the wrong 'safe' this rule closes
    # Passing the flag on, or a `call` that takes it: equal both ways.
    for name, method in (("Passing", "_dense"), ("Passing", "call"), ("Helper", "call")):
        eager = _zeros(_load(f"{name}_{method}_eager"), name, None)
        traced = _zeros(_load(f"{name}_{method}_traced"), name, method)
        assert [e > 0 for e in eager] == [t > 0 for t in traced], (name, method, eager, traced)
