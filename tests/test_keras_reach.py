"""keras_reach.py: which values can reach what a Keras holder calls, and layers built when they
are constructed (issue 12). Each case is a small project; the verdict of a layer's `call` is
checked, with the reason that decides it. The behaviour the rules rest on is measured in the
equivalence harness (kerascall/prebuilt.py: Actor.call, Critic.call, GatedCritic.call)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project

# A layer whose only weight is made in its own `build`, and an agent that forwards `**kwargs`
# into the constructor of a holder defined by each test; main gives it a dict of its own, from
# a caller the engine does not see (values of unknown kind: a forwarded `**kwargs` alone keeps
# what its callers pass, CallSite.forwards).
BASE = """
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense


class Scale(tf.keras.layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.scale


class Agent:
    def __init__(self, units, activation=None, sizes=(4,)):
        self.head = Head(units, activation, sizes)


class NoisyAgent(Agent):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)


def main(options):
    agent = NoisyAgent(**options)
    return Scale()(agent.head(tf.ones((3, 4))))
"""


def _call_verdict(tmp_path: Path, head: str, qualname: str = "m.py::Scale.call"):
    write_project(tmp_path, {"m.py": BASE + head})
    report = verdicts(analyse(tmp_path))[qualname]
    messages = [f.message for f in report.failures if f.code == "IS_KERAS_CALL_METHOD"]
    return report, messages


def test_unknown_values_reaching_only_plain_layers_hold_nothing(tmp_path: Path) -> None:
    """`Dense(units)` and `Dense(sizes[0], activation="relu")` given values of unknown kind call
    nothing they were given: Head cannot hold a Scale (declined before: Head was taken for a
    holder of every layer, and its Dense 'may wrap one')."""
    report, messages = _call_verdict(tmp_path, """
class Head(tf.keras.Model):
    def __init__(self, units, activation, sizes):
        super().__init__()
        self.hidden = Dense(sizes[0], activation="relu")
        self.out = Dense(units)

    def call(self, x):
        return self.out(self.hidden(x))
""")
    assert messages == [], messages
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


def test_unknown_activation_may_be_any_layer(tmp_path: Path) -> None:
    """An activation of unknown kind reaches Dense's `activation`: Dense calls it, so it may be
    a Scale that Head's symbolic first run builds (Head has no `build`)."""
    _, messages = _call_verdict(tmp_path, """
class Head(tf.keras.Model):
    def __init__(self, units, activation, sizes):
        super().__init__()
        self.out = Dense(units, activation=activation)

    def call(self, x):
        return self.out(x)
""")
    assert messages and "`Head` receives layers in a list or value of unknown kind" in \
        messages[0], messages


def test_an_attribute_a_subclass_assigns_otherwise_is_not_plain(tmp_path: Path) -> None:
    """Head's own `self.out` is a plain Dense, but a subclass assigns `out` the activation it
    is given: Head.call, run on a WideHead, may call it."""
    _, messages = _call_verdict(tmp_path, """
class Head(tf.keras.Model):
    def __init__(self, units, activation, sizes):
        super().__init__()
        self.out = Dense(units)

    def call(self, x):
        return self.out(x)


class WideHead(Head):
    def __init__(self, units, activation, sizes):
        super().__init__(units, activation, sizes)
        self.out = activation


def wide(activation):
    return WideHead(2, activation, (4,))
""")
    assert messages, "the subclass's assignment makes `out` a value of unknown kind"


def test_a_starred_construction_may_pass_an_activation(tmp_path: Path) -> None:
    """`Dense(units, **options)`: the starred options may hold `activation`."""
    _, messages = _call_verdict(tmp_path, """
class Head(tf.keras.Model):
    def __init__(self, units, activation, sizes, **options):
        super().__init__()
        self.out = Dense(units, **options)

    def call(self, x):
        return self.out(x)
""")
    assert messages, "a starred construction of a layer with an activation is not plain"


def test_built_by_an_eager_call_in_init(tmp_path: Path) -> None:
    """`self(tf.zeros(...))` in `__init__` builds every Dense while `call` is eager, but does not
    make `call` safe to convert: converted, that call is traced, the Dense layers make their
    weights in the trace, and a later call with its signature gets no gradients (measured:
    tests/fixtures/soundness/self_built.py). Declined, saying so."""
    write_project(tmp_path, {"m.py": """
import tensorflow as tf
from tensorflow.keras.layers import Dense


class Net(tf.keras.Model):
    def __init__(self, units):
        super().__init__()
        self.l1 = Dense(units)
        self.l2 = Dense(1)
        self(tf.zeros((1, 4)))

    def call(self, x):
        return self.l2(tf.nn.relu(self.l1(x)))


class Gated(tf.keras.Model):
    def __init__(self, units):
        super().__init__()
        self.l1 = Dense(units)
        self.gate = Dense(1)
        self(tf.zeros((1, 4)))

    def call(self, x, training=None):
        h = self.l1(x)
        if training:
            h = h * self.gate(h)
        return h


class Later(tf.keras.Model):
    def __init__(self, units):
        super().__init__()
        self.l1 = Dense(units)

    def call(self, x):
        return self.l1(x)


def main():
    x = tf.ones((2, 4))
    return Net(3)(x), Gated(3)(x, training=True), Later(3)(x)
"""})
    found = verdicts(analyse(tmp_path))
    net = found["m.py::Net.call"]
    assert net.transformation is None
    assert [f.code for f in net.failures] == ["IS_KERAS_CALL_METHOD"], net.failures
    assert "that first call is traced" in net.failures[0].message, net.failures
    for name in ("Gated.call", "Later.call"):
        codes = [f.code for f in found[f"m.py::{name}"].failures]
        assert "IS_KERAS_CALL_METHOD" in codes, (name, codes)


def test_built_at_construction_inside_a_keras_call_counts_no_more(tmp_path: Path) -> None:
    """A Net constructed inside another layer's `call` (which Keras may run symbolically) is
    not built eagerly there: its holder's rules apply again (Outer has no build)."""
    write_project(tmp_path, {"m.py": """
import tensorflow as tf
from tensorflow.keras.layers import Dense


class Net(tf.keras.Model):
    def __init__(self, units):
        super().__init__()
        self.l1 = Dense(units)
        self(tf.zeros((1, 4)))

    def call(self, x):
        return self.l1(x)


class Outer(tf.keras.Model):
    def call(self, x):
        return Net(3)(x)


def main():
    return Outer()(tf.ones((2, 4)))
"""})
    report = verdicts(analyse(tmp_path))["m.py::Net.call"]
    assert "IS_KERAS_CALL_METHOD" in [f.code for f in report.failures], report.failures


def test_keras_own_methods_that_run_no_layer(tmp_path: Path) -> None:
    """`self.add_metric(...)` in Head.call (tf-models' BertPretrainLossAndMetricLayer) runs no
    layer: Head, given values of unknown kind, does not hold a Scale. A workspace `add_metric`
    of its own would be followed instead (here it calls what it is given: declined)."""
    head = """
class Head(tf.keras.layers.Layer):
    def __init__(self, units, activation, sizes):
        super().__init__()
        self.units = units

    def call(self, x):
        total = tf.reduce_sum(x)
        self.add_metric(total, name="total")
        return x * 2.0
"""
    report, messages = _call_verdict(tmp_path, head)
    assert messages == [], messages
    own = head + """

class LoggedHead(Head):
    def __init__(self, units, activation, sizes):
        super().__init__(units, activation, sizes)
        self.add_metric = activation


def logged(activation):
    return LoggedHead(2, activation, (4,))
"""
    _, messages = _call_verdict(tmp_path / "own", own)
    assert messages, "an add_metric assigned in a subclass may be any layer"


def test_an_eager_call_in_init_under_a_branch_does_not_count(tmp_path: Path) -> None:
    """`if warm: self(tf.zeros(...))`: the model may be constructed unbuilt."""
    write_project(tmp_path, {"m.py": """
import tensorflow as tf
from tensorflow.keras.layers import Dense


class Net(tf.keras.Model):
    def __init__(self, units, warm=True):
        super().__init__()
        self.l1 = Dense(units)
        if warm:
            self(tf.zeros((1, 4)))

    def call(self, x):
        return self.l1(x)


def main():
    return Net(3, warm=False)(tf.ones((2, 4)))
"""})
    report = verdicts(analyse(tmp_path))["m.py::Net.call"]
    assert "IS_KERAS_CALL_METHOD" in [f.code for f in report.failures], report.failures


def test_methods_of_python_and_tensor_values_run_no_layer(tmp_path: Path) -> None:
    """`parts.append(...)` on a list and `x.numpy` on a tensor are no layer calls (tfrs'
    TPUEmbedding.call: `output_objects.append(...)` made it a holder of every layer); a
    `parts.sort(key=...)` may call what it is given."""
    head = """
class Head(tf.keras.layers.Layer):
    def __init__(self, units, activation, sizes):
        super().__init__()
        self.units = units

    def call(self, x):
        parts = []
        parts.append(x * 2.0)
        parts.append(tf.reduce_sum(x) + x)
        return tf.add_n(parts)
"""
    report, messages = _call_verdict(tmp_path, head)
    assert messages == [], messages
    sorting = head.replace("        return tf.add_n(parts)",
                           "        parts.sort(key=self.units)\n        return tf.add_n(parts)")
    _, messages = _call_verdict(tmp_path / "sort", sorting)
    assert messages, "sort(key=...) calls its key: it may be a layer"


def test_an_attribute_holding_another_workspace_layer(tmp_path: Path) -> None:
    """keras-hub's ImageConverter: `self.resizing` is a keras Resizing, and a subclass assigns
    it a workspace layer of its own (Gemma4AspectRatioResizing). Calling that one runs its own
    `call`: whether it runs a Scale is asked of its class as a holder, so Head's `self.out(x)`
    adds no path to a Scale. An attribute a subclass assigns a Scale subclass still may."""
    head = """
class Resize(tf.keras.layers.Layer):
    def call(self, x):
        return x * 0.5


class Head(tf.keras.Model):
    def __init__(self, units, activation, sizes):
        super().__init__()
        self.out = Dense(units)

    def call(self, x):
        return self.out(x)


class WideHead(Head):
    def __init__(self, units, activation, sizes):
        super().__init__(units, activation, sizes)
        self.out = Resize()


def wide():
    return WideHead(2, None, (4,))(tf.ones((3, 4)))
"""
    report, messages = _call_verdict(tmp_path, head)
    assert messages == [], messages
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures
    scaled = head + """

class BigScale(Scale):
    pass


class ScaledHead(Head):
    def __init__(self, units, activation, sizes):
        super().__init__(units, activation, sizes)
        self.out = BigScale()


def scaled():
    return ScaledHead(2, None, (4,))(tf.ones((3, 4)))
"""
    _, messages = _call_verdict(tmp_path / "scaled", scaled)
    assert messages, "an attribute that may hold a Scale subclass may call a Scale first"


def test_an_attribute_of_none_calls_nothing(tmp_path: Path) -> None:
    """`tf_or_none.executing_eagerly()` where the module may be None (an optional import, as
    keras-hub's tensor_utils.in_tf_function): None has no attribute, nothing is called. A value
    of unknown kind next to None still may be any layer."""
    head = """
def try_import_tensorflow():
    try:
        import tensorflow as module
    except ImportError:
        return None
    return module


tf_or_none = try_import_tensorflow()


def in_tf_function():
    if tf_or_none is None:
        return False
    return not tf_or_none.executing_eagerly()


class Head(tf.keras.layers.Layer):
    def __init__(self, units, activation, sizes):
        super().__init__()
        self.units = units

    def call(self, x):
        if in_tf_function():
            return x * 2.0
        return x
"""
    report, messages = _call_verdict(tmp_path, head)
    assert messages == [], messages
    hooked = head.replace("        self.units = units",
                          "        self.units = units\n"
                          "        self.hook = activation if sizes else None").replace(
        "            return x * 2.0", "            return self.hook.run(x)")
    _, messages = _call_verdict(tmp_path / "hook", hooked)
    assert messages, "a hook of unknown kind (or None) may be a layer"


_NESTED = """
class Inner(tf.keras.layers.Layer):
    def __init__(self, units, activation, sizes, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = activation

    def call(self, x):
        return x * 2.0


class Head(tf.keras.layers.Layer):
    def __init__(self, units, activation, sizes, **options):
        super().__init__()
        self.inner = INNER

    def call(self, x):
        return self.inner(x)
"""


def test_a_holder_that_runs_nothing_it_was_given(tmp_path: Path) -> None:
    """Inner, given values of unknown kind under named parameters (keras-hub's ViTEncoder,
    built with num_layers=..., dtype=...), runs none of them: its `call` and `build` call no
    layer. Head first calls Inner in its own symbolic run (no build), which used to decline
    every layer of the project (its holders were asked in turn); nothing Inner runs can call
    a Scale there, so Scale's `call` is converted."""
    report, messages = _call_verdict(
        tmp_path, _NESTED.replace("INNER", "Inner(units, activation, sizes, name='inner')"))
    assert messages == [], messages
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


@pytest.mark.parametrize("inner, why", [
    ("Inner(units, activation, sizes, **options)", "starred options may hold an "
     "activity_regularizer, which Keras' __call__ calls"),
    ("Inner(units, None, sizes, activity_regularizer=activation)", "an activity_regularizer of "
     "unknown kind"),
])
def test_a_holder_given_an_activity_regularizer(tmp_path: Path, inner: str, why: str) -> None:
    """Keras' own `Layer.__call__` calls the `activity_regularizer` given to `Layer.__init__`
    (any callable, a layer too): Inner may run it inside Head's symbolic run."""
    _, messages = _call_verdict(tmp_path, _NESTED.replace("INNER", inner))
    assert messages, why


def test_a_holder_whose_init_writes_its_kwargs(tmp_path: Path) -> None:
    """`kwargs["activity_regularizer"] = activation` in Inner's `__init__`: its `**kwargs`
    forwards more than the constructions pass."""
    head = _NESTED.replace("INNER", "Inner(units, activation, sizes)").replace(
        "        super().__init__(**kwargs)\n        self.units = units",
        "        kwargs['activity_regularizer'] = activation\n"
        "        super().__init__(**kwargs)\n        self.units = units")
    _, messages = _call_verdict(tmp_path, head)
    assert messages, "Inner's __init__ adds an activity_regularizer of unknown kind"
