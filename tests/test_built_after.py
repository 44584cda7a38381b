"""What the summary marks as built right after it is made (CallSite.built_after, read by
facts.construction_count) and as a Sequential's setting-up `add` (CallSite.setup): each form
that could let other code reach the object first, or run workspace code, is left unmarked."""

from __future__ import annotations

from hybridize.analysis.workspace import summarize_source

SOURCE = b'''import tensorflow as tf


class QNet(tf.keras.Model):
    pass


def register(net):
    return net


def pair(x):
    q = QNet()
    t = QNet()
    q(x)
    t.build((None, 4))
    return q, t


def handed_on(x):
    q = QNet()
    register(q)
    q(x)
    return q


def closure(x):
    q = QNet()
    use = lambda: q(x)  # noqa: E731
    use()
    return q


class Agent:
    def __init__(self, x):
        self.q = QNet()
        self.t = QNet()
        self.q(x)
        self.t(x)

    def late(self, x):
        self.q = QNet()
        self.log(self)
        self.q(x)


def lowercase(x):
    q = make_net()
    q(x)
    return q


def make_net():
    return QNet()


def adds(width, extra):
    model = tf.keras.Sequential()
    model.add(tf.keras.layers.Dense(width, activation="relu"))
    model.add(tf.keras.layers.Dense(7 * 7))
    model.add(extra)
    model.add(tf.keras.layers.Dense(1))
    return model
'''


def _sites(qualname: str) -> list:
    module = summarize_source(SOURCE, "m.py", "m", "m", False, "x")
    (fn,) = [f for f in module.functions if f.qualname == qualname]
    return fn.calls


def _built(qualname: str) -> list[bool]:
    return [s.built_after for s in _sites(qualname) if s.text == "QNet"]


def test_objects_called_or_built_before_any_other_use_are_marked() -> None:
    assert _built("pair") == [True, True]
    # self.q is built by the statement after the next; self.t is not marked: `self.q(x)`
    # between its construction and its build names `self` (a known over-approximation: only
    # another `self.b = ...` not naming self may stand between)
    assert _built("Agent.__init__") == [True, False]


def test_objects_other_code_may_reach_first_are_not() -> None:
    assert _built("handed_on") == [False]  # handed to register before the build
    assert _built("closure") == [False]  # a lambda names it
    assert _built("Agent.late") == [False]  # self handed to a method in between
    assert [s.built_after for s in _sites("lowercase") if s.text == "make_net"] == [False]


def test_only_the_adds_of_library_layers_right_after_the_sequential_set_it_up() -> None:
    adds = [s.setup for s in _sites("adds") if s.method == "add"]
    # the third gives a parameter's layer: the run ends there, the fourth is a write too
    assert adds == [True, True, False, False]
