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


FSTRING = """
    import tensorflow as tf
    import tensorflow_addons as tfa

    class Vocab:
        def __init__(self):
            self.start_id = 1

        def add(self, name, token):
            setattr(self, {name}, token)

    def scaled(holder, x):
        return x * holder.scale

    def started(holder, x):
        return x + holder.start_id

    def main(names):
        holder = tfa.make_holder()  # a library the engine cannot see: of unknown type
        Vocab().add(names[0], 3)
        scaled(holder, tf.ones(3))
        started(holder, tf.ones(3))
"""


def _fstring_reports(tmp_path: Path, name: str) -> dict[str, FunctionReport]:
    (tmp_path / "m.py").write_text(textwrap.dedent(FSTRING.format(name=name)))
    return {f.qualname: f for f in analyze([tmp_path], Settings()).functions}


def test_an_fstring_suffix_writes_only_names_ending_with_it(tmp_path: Path) -> None:
    # keras-hub 0.32.0 Tokenizer._add_special_token: setattr(self, f"{name}_id", id)
    reports = _fstring_reports(tmp_path, 'f"{name}_id"')
    assert not _stale(reports["scaled"])  # `scale` does not end with `_id`
    assert reports["scaled"].transformation == "CONVERT_TO_HYBRID"
    assert _stale(reports["started"])  # `start_id` does


def test_an_fstring_prefix_writes_only_names_starting_with_it(tmp_path: Path) -> None:
    reports = _fstring_reports(tmp_path, 'f"start_{name}"')
    assert not _stale(reports["scaled"])
    assert _stale(reports["started"])  # `start_` + `id`


def test_an_fstring_prefix_and_suffix_can_be_the_whole_name(tmp_path: Path) -> None:
    # f"sta{x}rt_id" with x == "": the formatted part may be empty
    reports = _fstring_reports(tmp_path, 'f"start{name}_id"')
    assert _stale(reports["started"])
    assert not _stale(reports["scaled"])


def test_an_fstring_of_only_formatted_parts_matches_every_attribute(tmp_path: Path) -> None:
    reports = _fstring_reports(tmp_path, 'f"{name}{name}"')
    assert _stale(reports["scaled"]) and _stale(reports["started"])


def test_a_concatenated_name_still_matches_every_attribute(tmp_path: Path) -> None:
    reports = _fstring_reports(tmp_path, 'name + "_id"')  # not modelled: any name
    assert _stale(reports["scaled"]) and _stale(reports["started"])

