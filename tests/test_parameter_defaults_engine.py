"""How the engine judges a parameter left at its default (analysis/parameter_defaults.py, hooked
in calls.bind): a tensor default is a tensor, and the verdict says the call leaves it out."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hybridize.analysis import Settings, analyze
from hybridize.analysis.model import FunctionReport


def _reports(tmp_path: Path, source: str) -> dict[str, FunctionReport]:
    (tmp_path / "m.py").write_text(textwrap.dedent(source))
    return {f.qualname: f for f in analyze([tmp_path], Settings()).functions}


SOURCE = """
    import tensorflow as tf

    THRESHOLD = tf.constant(0.5)
    ORIGIN = tf.constant([3.0, 4.0])

    def clip_low(x, threshold=THRESHOLD):
        if threshold > 1.0:
            return None
        return tf.maximum(x, threshold)

    def origin_norm(point=ORIGIN):
        return tf.norm(point)

    def crop_fraction(image, area_range=(0.08, 1.0), scale=2.0):
        low, high = area_range
        return image * (high - low) * scale

    def main():
        x = tf.constant([0.25, 2.0])
        clip_low(x)
        origin_norm()
        crop_fraction(x)
        crop_fraction(x, scale=3.0)
"""


def test_a_tensor_default_is_a_tensor(tmp_path: Path) -> None:
    reports = _reports(tmp_path, SOURCE)
    # Proposed 'safe' while only callable defaults flowed; its tf.function fails to trace
    # (tests/test_parameter_defaults.py measures it).
    assert reports["clip_low"].transformation is None
    assert reports["clip_low"].failures[0].code == "HAS_TENSOR_DEPENDENT_CONTROL_FLOW"
    norm = reports["origin_norm"]
    assert norm.transformation == "CONVERT_TO_HYBRID", norm.failures
    assert "main leaves `point` at its default, a float32 tensor of rank 1" in norm.reason


def test_a_container_or_python_default_is_one_value(tmp_path: Path) -> None:
    crop = _reports(tmp_path, SOURCE)["crop_fraction"]
    # The tuple default is one object and 2.0 one value: neither retraces per call; the literal
    # 3.0 adds one trace.
    assert crop.transformation == "CONVERT_TO_HYBRID", crop.failures
