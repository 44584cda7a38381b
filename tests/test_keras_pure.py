"""keras_pure.py: a Keras `call` that reads no Keras state is converted whatever holds the layer
(issue 12). Each case is a small project where the layer `L` is held by `Holder`, which is given
values of unknown kind (`Holder(**config)`) and has no `build`: Keras runs its `call` on symbolic
inputs, so before this rule every `L.call` was declined. The behaviour the rule rests on is
measured in the equivalence harness (kerascall/pure.py: MeanPool.call and PositionScale.call
trained the same traced; Tied.call, which reads a sublayer's kernel, did not)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project

HOLDER = """
import keras
import tensorflow as tf
from keras import ops

AXIS = 1


class Holder(keras.layers.Layer):
    def __init__(self, inner, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner
        self.dense = keras.layers.Dense(4)

    def call(self, x):
        return self.inner(self.dense(x))


def from_config(config):
    return Holder(**config)


def main():
    return Holder(L(2))(tf.ones((2, 3, 4)))
"""

PURE = """
class L(keras.layers.Layer):
    def __init__(self, power, **kwargs):
        super().__init__(**kwargs)
        self.power = power
        self.axis = AXIS

    def _weights(self, x):
        return ops.cast(ops.arange(tf.shape(x)[self.axis]), self.compute_dtype)

    def call(self, x, mask=None):
        if mask is None:
            mask = ops.ones_like(x)
        return ops.sum(x ** self.power * mask, axis=self.axis) + ops.sum(self._weights(x))
"""


def _verdict(tmp_path: Path, layer: str):
    write_project(tmp_path, {"m.py": HOLDER + layer})
    report = verdicts(analyse(tmp_path))["m.py::L.call"]
    return report, [f.message for f in report.failures if f.code == "IS_KERAS_CALL_METHOD"]


def test_a_call_that_reads_no_keras_state_is_converted(tmp_path: Path) -> None:
    """Declined before: `Holder` receives layers in a value of unknown kind and has no build."""
    report, messages = _verdict(tmp_path, PURE)
    assert messages == [], messages
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


def test_a_pure_call_needs_no_construction_in_sight(tmp_path: Path) -> None:
    """No instance made in the analysed code (library code): what holds it does not matter,
    as long as what `call` reads of `self` is set in the class itself (here a module constant;
    `self.power = power` would be unknown with no construction in sight)."""
    layer = PURE.replace("self.power = power", "self.power = 2")
    write_project(tmp_path, {"m.py": HOLDER.replace("Holder(L(2))", "Holder(None)") + layer})
    report = verdicts(analyse(tmp_path))["m.py::L.call"]
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


DECLINED = {
    "a sublayer's variable": """
class L(keras.layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.proj = keras.layers.Dense(units)

    def call(self, x):
        return ops.matmul(x, ops.transpose(self.proj.kernel))
""",
    "its own weight": """
class L(keras.layers.Layer):
    def __init__(self, units):
        super().__init__()

    def build(self, shape):
        self.w = self.add_weight(shape=(shape[-1],))

    def call(self, x):
        return x * self.w
""",
    "an attribute of unknown kind": """
class L(keras.layers.Layer):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def call(self, x):
        return x * self.factor


def make(config):
    return L(**config)
""",
    "a subclass's weight under the same name": """
class L(keras.layers.Layer):
    def __init__(self, power):
        super().__init__()
        self.power = power

    def call(self, x):
        return x ** self.power


class Learned(L):
    def build(self, shape):
        self.power = self.add_weight(shape=())
""",
    "a static dimension where None passes": """
class L(keras.layers.Layer):
    def call(self, x):
        return x * float(x.shape[1] or 1)
""",
    "a module-level variable": """
SCALE = tf.Variable(2.0)


class L(keras.layers.Layer):
    def call(self, x):
        return x * SCALE
""",
    "a module-level layer": """
PROJ = keras.layers.Dense(4)


class L(keras.layers.Layer):
    def call(self, x):
        return PROJ(x)
""",
    "self passed on": """
def scale_of(layer, x):
    return x * layer.weights[0]


class L(keras.layers.Layer):
    def call(self, x):
        return scale_of(self, x)
""",
    "a helper that reads a variable": """
class L(keras.layers.Layer):
    def build(self, shape):
        self.w = self.add_weight(shape=(shape[-1],))

    def _scale(self, x):
        return x * self.w

    def call(self, x):
        return self._scale(x) + 1.0
""",
    "a property": """
class L(keras.layers.Layer):
    @property
    def factor(self):
        return self.weights[0]

    def call(self, x):
        return x * self.factor
""",
    "a random draw": """
class L(keras.layers.Layer):
    def call(self, x):
        return x + tf.random.normal(tf.shape(x))
""",
    "Keras' own weights list": """
class L(keras.layers.Layer):
    def call(self, x):
        return x * self.trainable_weights[0]
""",
    "super()": """
class Base(keras.layers.Layer):
    def build(self, shape):
        self.w = self.add_weight(shape=(shape[-1],))

    def call(self, x):
        return x * self.w


class L(Base):
    def call(self, x):
        return super().call(x) + 1.0
""",
    "a parameter called": """
class L(keras.layers.Layer):
    def call(self, x, fn=None):
        return fn(x)
""",
    "a higher-order op": """
class L(keras.layers.Layer):
    def call(self, x, fn=None):
        return tf.map_fn(fn, x)
""",
    "a variable as a default": """
SCALE = tf.Variable(2.0)


class L(keras.layers.Layer):
    def call(self, x, scale=SCALE):
        return x * scale
""",
    "a subclass's helper that reads its weight": """
class L(keras.layers.Layer):
    def _scale(self, x):
        return x * 2.0

    def call(self, x):
        return self._scale(x)


class Weighted(L):
    def build(self, shape):
        self.w = self.add_weight(shape=(shape[-1],))

    def _scale(self, x):
        return x * self.w


def weighted():
    return Holder(Weighted())
""",
}

# A variable in another workspace module, read through an import or a module attribute.
STATE = """
import tensorflow as tf

SCALE = tf.Variable(2.0)
"""


@pytest.mark.parametrize("read", ["from state import SCALE\n", "import state\n"])
def test_an_imported_global_may_be_a_variable(tmp_path: Path, read: str) -> None:
    name = "SCALE" if read.startswith("from") else "state.SCALE"
    layer = f"""
{read}

class L(keras.layers.Layer):
    def call(self, x):
        return x * {name}
"""
    write_project(tmp_path, {"m.py": HOLDER + layer, "state.py": STATE})
    report = verdicts(analyse(tmp_path))["m.py::L.call"]
    assert report.transformation is None
    assert any(f.code == "IS_KERAS_CALL_METHOD" for f in report.failures), report.failures


# Static shapes whose every use raises on None (a known dimension is the same number in every
# run; an unknown one makes the symbolic run raise, decorated or not, and a trace that raises is
# not kept) and keras.ops.shape (a tensor where the symbolic run has None): pure. Declined before
# (any static shape); kerascall/static_shapes.py SinePosition.call, a harness case.
SHAPED = {
    "a static shape": """
class L(keras.layers.Layer):
    def call(self, x):
        return x * x.shape[-1]
""",
    "keras.ops.shape": """
class L(keras.layers.Layer):
    def call(self, x):
        return ops.reshape(x, (ops.shape(x)[0], -1))
""",
}


@pytest.mark.parametrize("name", sorted(SHAPED))
def test_a_call_whose_shapes_are_the_same_in_every_run_is_pure(tmp_path: Path,
                                                               name: str) -> None:
    report, messages = _verdict(tmp_path, SHAPED[name])
    assert messages == [], messages
    assert report.transformation == "CONVERT_TO_HYBRID", report.failures


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_a_call_that_may_read_keras_state_stays_declined(tmp_path: Path, name: str) -> None:
    report, messages = _verdict(tmp_path, DECLINED[name])
    assert report.transformation is None
    assert messages, (name, report.failures)
