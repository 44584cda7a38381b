"""sharing.py: a module summary holds each equal string, value set and tuple once, and is equal
to the summary built without sharing (memory, issue 15)."""

from __future__ import annotations

import ast
import io
import pickle
import textwrap

import pytest
from hybridize.analysis import summaries
from hybridize.analysis.cache_file import _DataOnlyUnpickler
from hybridize.analysis.program import PASS_LISTS, Program
from hybridize.analysis.sharing import Sharing
from hybridize.analysis.summaries import summarize_module
from hybridize.analysis.summary_model import EMPTY_DICT, EMPTY_LIST, FrozenDict, FrozenList

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


def test_empty_containers_are_one_read_only_object() -> None:
    """Every empty list and dictionary field is the shared one, equal to [] and {}, and a
    change to it raises instead of reaching every summary that shares it."""
    shared = summary()
    main = next(fn for fn in shared.functions if fn.name == "main")
    call = next(fn for fn in shared.functions if fn.name == "call")
    assert main.hazards == [] and main.hazards is EMPTY_LIST and call.effects is EMPTY_LIST
    assert main.hints == {} and main.hints is EMPTY_DICT
    site = next(site for site in main.calls if site.text == "Block")
    assert site.args is EMPTY_LIST and site.kwargs is EMPTY_DICT
    assert isinstance(site.args, list) and [1] + site.args == [1] and site.args + [2] == [2]
    assert call.params + main.kwonly == ["self", "x", "axis"]
    for change in (lambda: main.hazards.append(1), lambda: main.hazards.extend([1]),
                   lambda: main.hints.update(a="b"), lambda: main.hints.setdefault("a", "b")):
        with pytest.raises(TypeError):
            change()
    with pytest.raises(TypeError):
        site.kwargs["axis"] = frozenset()
    assert EMPTY_LIST == [] and EMPTY_DICT == {}


def test_the_snapshot_reader_loads_the_shared_empties() -> None:
    """A snapshot (cache_file's reader, which builds only the analysis' data classes) and a
    worker's result load the empties as one object per pickle, still read-only."""
    shared = summary()
    loaded = _DataOnlyUnpickler(io.BytesIO(pickle.dumps(shared))).load()
    assert loaded == shared
    main = next(fn for fn in loaded.functions if fn.name == "main")
    call = next(fn for fn in loaded.functions if fn.name == "call")
    assert type(main.hazards) is FrozenList and main.hazards is call.effects
    assert type(main.hints) is FrozenDict
    with pytest.raises(TypeError):
        call.effects.append(1)


def test_a_kept_call_site_shares_its_empty_lists() -> None:
    """Program.evaluate_call: a site's findings kept after its evaluation hold the read-only
    empty list for each list that stayed empty (and the lists it filled as they are)."""
    program = Program([summary()])
    program.run()
    kept = list(program.site_info.values())
    assert kept
    for info in kept:
        lists = [getattr(info, name) for name in PASS_LISTS]
        assert any(lists)
        assert all(items is EMPTY_LIST for items in lists if not items)
        assert all(type(items) is list for items in lists if items)
    empty = next(info for info in kept if not info.random_ops)
    with pytest.raises(TypeError):
        empty.random_ops.append((1, "tf.random.normal"))


def test_a_tuple_holding_a_bool_is_not_shared_with_an_equal_tuple_of_ints() -> None:
    """(0,) == (False,): sharing one for the other changed a summary's bool flag into an int
    (session 27: CallSite.loop_args of (0,) moved a shared return's evidence in
    tf-models-official)."""
    table = Sharing()
    ints = table.share((0, 1))
    flags = table.share((False, True))
    assert ints == (0, 1) and [type(v) for v in flags] == [bool, bool]
    assert table.share(("r:1", 0, False))[2] is False
