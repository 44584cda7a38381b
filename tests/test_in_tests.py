"""`x in ("a", "b")` with a tensor on the left: Python compares it with each element and asks
bool() of the result, which a traced tensor refuses (bodies.eval_Compare uses both sides)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project

SOURCE = """
import tensorflow as tf


def pick(x, mode):
    if mode in ("a", "b"):
        return x * 2.0
    return x


def known(x, mode):
    if mode in ("a", "b"):
        return x * 2.0
    return x


def main():
    pick(tf.ones((2,)), tf.constant("a"))
    known(tf.ones((2,)), "a")
"""


def test_a_tensor_on_the_left_of_in_is_not_converted(tmp_path: Path) -> None:
    write_project(tmp_path, {"m.py": SOURCE})
    found = verdicts(analyse(tmp_path))
    pick = found["m.py::pick"]
    assert pick.transformation is None
    assert any("`in` test on a tensor" in f.message for f in pick.failures)
    assert found["m.py::known"].transformation is not None  # a Python str: unchanged


def test_traced_the_in_test_raises() -> None:
    """Measured: eagerly the test gives True or False, traced it raises."""
    tf = pytest.importorskip("tensorflow")

    def pick(x, mode):
        if mode in ("a", "b"):
            return x * 2.0
        return x

    x = tf.ones((2,))
    assert pick(x, tf.constant("a")).numpy().tolist() == [2.0, 2.0]
    assert pick(x, tf.constant("c")).numpy().tolist() == [1.0, 1.0]
    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError):
        tf.function(pick)(x, tf.constant("a"))


REMOVED = """
import tensorflow as tf


def without_weight(line):
    cols = tf.strings.split(line, ",")
    height = tf.strings.to_number(cols[0])
    weight = tf.strings.to_number(cols[1])
    values = [height, weight]
    values.remove(weight)
    return tf.add_n(values)


def position_of(names, name):
    return names.index(name) + tf.constant(1)


def main():
    without_weight(tf.constant("180,75"))
    position_of(["a", "b"], "b")
"""


def test_a_list_method_comparing_tensors_is_not_converted(tmp_path: Path) -> None:
    """`values.remove(w)` compares each item with `w` and asks bool() of the result, as `w in
    values` does (session 30, p919, measured with TF 2.21: eagerly it removes `weight`, traced
    OperatorNotAllowedInGraphError). On Python strings it is the same either way."""
    write_project(tmp_path, {"m.py": REMOVED})
    found = verdicts(analyse(tmp_path))
    removed = found["m.py::without_weight"]
    assert removed.transformation is None
    assert any("`remove`/`index`/`count`, which compares items by `==`, on a tensor" in
               f.message for f in removed.failures), removed.failures
    position = found["m.py::position_of"]
    assert not any("compares items" in f.message for f in position.failures), position.failures
