"""setattr with a name from a literal loop writes only those names (bodies.setattr_names): a
read of another attribute of an object of unknown type is not stale because of it, a read of one
of them still is; any other computed name still matches every attribute (default-deny)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hybridize.analysis import Settings, analyze
from hybridize.analysis.model import FunctionReport

SOURCE = """
    import tensorflow as tf
    import tensorflow_addons as tfa

    class Schedule:
        def __init__(self):
            self.rate = 0.1
            self.scale = 2.0

        def update(self, values):
            for key in {names}:
                setattr(self, key, values[key])

    def scaled(holder, x):
        return x * holder.scale

    def rated(holder, x):
        return x * holder.rate

    def main(values):
        holder = tfa.make_holder()  # a library the engine cannot see: of unknown type
        Schedule().update(values)
        scaled(holder, tf.ones(3))
        rated(holder, tf.ones(3))
"""


def _reports(tmp_path: Path, names: str) -> dict[str, FunctionReport]:
    (tmp_path / "m.py").write_text(textwrap.dedent(SOURCE.format(names=names)))
    return {f.qualname: f for f in analyze([tmp_path], Settings()).functions}


def _stale(report: FunctionReport) -> bool:
    return any(f.code == "HAS_STALE_READS" for f in report.failures)


def test_a_literal_loop_writes_only_its_names(tmp_path: Path) -> None:
    reports = _reports(tmp_path, '("rate",)')
    assert not _stale(reports["scaled"])
    assert reports["scaled"].transformation == "CONVERT_TO_HYBRID"
    assert _stale(reports["rated"])  # `rate` may be written after the object was made


def test_a_computed_name_still_matches_every_attribute(tmp_path: Path) -> None:
    reports = _reports(tmp_path, "values")  # the dict's keys: any name
    assert _stale(reports["scaled"]) and _stale(reports["rated"])
