"""Static shapes and dtypes of the function's own argument that analysis/static_values.py shows to
be the same Python value eagerly and traced (issue 12): a shape read before the body assigns the
parameter (READ_BEFORE_BINDING), a shape unpacked into its dimensions (UNPACKED_SHAPES), the shape
of a fixed element of an argument that is a container of tensors (ELEMENTS). Each rule is checked
with its switch off (the function stays declined) and on; and the reads the rules must not cover
stay declined. The behaviours are run in the equivalence harness on tests/corpus/realcode/
static_reads.py (tests/equivalence_cases.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hybridize.analysis import Settings, analyze, static_values
from hybridize.analysis.model import FunctionReport


def _reports(tmp_path: Path, source: str) -> dict[str, FunctionReport]:
    (tmp_path / "m.py").write_text(textwrap.dedent(source))
    return {f.qualname: f for f in analyze([tmp_path], Settings()).functions}


def _codes(report: FunctionReport) -> list[str]:
    return [f.code for f in report.failures]


ENCODE = """
    import tensorflow as tf

    def encode(boxes, anchors):
        if boxes.shape[-1] != 4:
            raise ValueError("boxes must have 4 coordinates")
        boxes = tf.cast(boxes, anchors.dtype)
        return boxes - anchors

    def main():
        encode(tf.ones((2, 4)), tf.ones((2, 4)))
"""
PARTITION = """
    import tensorflow as tf

    def partition(features, size):
        _, height, width, channels = features.shape
        if height % size != 0:
            raise ValueError("not divisible")
        return tf.reshape(features, (-1, size, width, channels))

    def main():
        partition(tf.ones((1, 4, 4, 3)), 2)
"""
LOGLIK = """
    import tensorflow as tf

    def loglik(x, param):
        means = param["mean"]
        log_stds = param["log_std"]
        assert means.shape == log_stds.shape
        zs = (x - means) / tf.exp(log_stds)
        return -tf.reduce_sum(log_stds, axis=-1) - 0.5 * tf.reduce_sum(tf.square(zs), axis=-1)

    def main():
        loglik(tf.ones((2, 3)), {"mean": tf.zeros((2, 3)), "log_std": tf.zeros((2, 3))})
"""


@pytest.mark.parametrize("switch, source, name", [
    ("READ_BEFORE_BINDING", ENCODE, "encode"),
    ("UNPACKED_SHAPES", PARTITION, "partition"),
    ("ELEMENTS", LOGLIK, "loglik"),
])
def test_each_rule_is_what_converts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    switch: str, source: str, name: str) -> None:
    assert _reports(tmp_path, source)[name].transformation is not None
    monkeypatch.setattr(static_values, switch, False)
    off = _reports(tmp_path, source)[name]
    assert off.transformation is None
    assert _codes(off) == ["UNDETERMINABLE_CONSTRUCT"]
    # A caller's graph may give the argument dimensions it does not know: callers stay declined.
    monkeypatch.undo()
    assert "UNDETERMINABLE_CONSTRUCT" in _codes(_reports(tmp_path, source)["main"])


def test_reads_after_a_binding_or_in_a_binding_loop_stay_unknown(tmp_path: Path) -> None:
    # After tf.boolean_mask the length is None in a graph (harness NEGATIVE kept_pairs); in a
    # loop that binds the parameter the next iteration reads the new tensor; a closure may run
    # at any time; a parameter assigned on a branch, read after it.
    reports = _reports(tmp_path, """
        import tensorflow as tf

        def after(values):
            values = tf.boolean_mask(values, values > 0)
            if values.shape[0] % 2 != 0:
                raise ValueError("odd")
            return values

        def looped(values):
            for _ in range(2):
                if values.shape[0] % 2 != 0:
                    raise ValueError("odd")
                values = tf.boolean_mask(values, values > 0)
            return values

        def closure(values):
            def check():
                return values.shape[0] % 2 != 0
            values = tf.boolean_mask(values, values > 0)
            if check():
                raise ValueError("odd")
            return values

        def branch(values, flag):
            if flag:
                values = tf.boolean_mask(values, values > 0)
            if values.shape[0] % 2 != 0:
                raise ValueError("odd")
            return values

        def main():
            after(tf.ones((4,)))
            looped(tf.ones((4,)))
            closure(tf.ones((4,)))
            branch(tf.ones((4,)), True)
    """)
    for name in ("after", "looped", "closure", "branch"):
        assert reports[name].transformation is None, name


def test_elements_only_of_untouched_containers_of_tensors(tmp_path: Path) -> None:
    # A container holding a Python number too (its leaf retraces per value, and an element may be
    # that number), an element by a computed index, the container handed to another function or
    # written into, or aliased by a local: not shown.
    reports = _reports(tmp_path, """
        import tensorflow as tf

        def mixed(x, param):
            if param[0].shape[0] % 2:
                raise ValueError("odd")
            return x

        def computed(x, param, key):
            if param[key].shape[0] % 2:
                raise ValueError("odd")
            return x

        def handed(x, param):
            keep(param)
            if param["mean"].shape[0] % 2:
                raise ValueError("odd")
            return x

        def written(x, param):
            param["mean"] = tf.boolean_mask(param["mean"], param["mean"] > 0)
            if param["mean"].shape[0] % 2:
                raise ValueError("odd")
            return x

        def aliased(x, param):
            alias = param
            alias["mean"] = tf.boolean_mask(alias["mean"], alias["mean"] > 0)
            if param["mean"].shape[0] % 2:
                raise ValueError("odd")
            return x

        def keep(d):
            return len(d)

        def main():
            mixed(tf.ones((2,)), [tf.ones((4,)), 3])
            computed(tf.ones((2,)), {"mean": tf.ones((4,))}, "mean")
            handed(tf.ones((2,)), {"mean": tf.ones((4,))})
            written(tf.ones((2,)), {"mean": tf.ones((4,))})
            aliased(tf.ones((2,)), {"mean": tf.ones((4,))})
    """)
    for name in ("mixed", "computed", "handed", "written", "aliased"):
        assert reports[name].transformation is None, name
