"""sharing.py: a module summary holds each equal string, value set and tuple once, and is equal
to the summary built without sharing (memory, issue 15)."""

from __future__ import annotations

import ast
import pickle
import textwrap

from hybridize.analysis import summaries
from hybridize.analysis.sharing import Sharing
from hybridize.analysis.summaries import summarize_module

SOURCE = textwrap.dedent("""
    import tensorflow as tf

    class Block(tf.keras.layers.Layer):
        def build(self, shape):
            self.dense = tf.keras.layers.Dense(4)
            self.axis = -1

        def call(self, x, axis=-1):
            y = tf.reduce_sum(x, axis=self.axis)
            z = tf.reduce_sum(x, axis=self.axis)
            if y > 0:
                return self.dense(y) + z
            return tf.cast(z, tf.float32)

    def main():
        b = Block()
        b(tf.ones((2, 2)))
        b(tf.ones((3, 2)), axis=0)
    """)


def summary(monkeypatch=None):  # type: ignore[no-untyped-def]
    return summarize_module(ast.parse(SOURCE), "m", "m", "m.py", "d", False, SOURCE)


def test_a_shared_summary_equals_the_unshared_one(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shared = summary()
    monkeypatch.setattr(summaries, "Sharing", lambda: type("NoSharing", (), {
        "share": staticmethod(lambda value: value)})())
    plain = summary()
    assert shared == plain
    assert pickle.loads(pickle.dumps(shared)) == plain


def test_equal_values_are_one_object() -> None:
    shared = summary()
    call = next(fn for fn in shared.functions if fn.name == "call")
    sums = [site for site in call.calls if site.text == "tf.reduce_sum"]
    assert len(sums) == 2
    assert sums[0].callee is sums[1].callee  # one frozenset for the same callee
    keys = {id(key) for site in sums for key in site.kwargs}
    assert len(keys) == 1  # the keyword name interned


def test_containers_are_shared_in_place_and_unhashable_tuples_kept() -> None:
    table = Sharing()
    a, b = frozenset({"x" + str(1)}), frozenset({"x" + str(1)})
    data = {"k": [a, (1, "t"), ([1], "u")], "j": b}
    out = table.share(data)
    assert out is data
    assert data["k"][0] is data["j"]
    assert data["k"][2] == ([1], "u")
