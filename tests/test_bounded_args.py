"""Bounded Python arguments beyond literals (analysis/bounded_args.py), run with TensorFlow.

The equivalence harness (tests/equivalence_cases.py) calls one object; these tests count the
traces over several objects. `top_k_mask` receives `self._k` of TopKFilters constructed with
the literals 2 and 3: two traces for any number of objects. The per-object rule:
`WindowPartition._stitch` receives `self._window`, fixed per object, and a `tf.function` on a
method keeps one function per object, so each object traces once however often it is called,
and the results equal the eager ones. `ResizableWindows._stitch` (declined) retraces on its one
object after each `resize`: that is why a reassigned attribute is not a per-object constant.
The analysis side: the verdicts and the words of the declines.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from hybridize.analysis.workspace import analyze

CORPUS = Path(__file__).parent / "corpus"
FILE = CORPUS / "realcode" / "bounded.py"


def _fresh_module():
    spec = importlib.util.spec_from_file_location("bounded_under_test", FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop("bounded_under_test", None)
    spec.loader.exec_module(module)
    return module


def _decorated(cls, name):
    """The class with `@tf.function` inserted above `name`, as the conversion writes it."""
    import tensorflow as tf

    return type(cls.__name__, (cls,), {name: tf.function(getattr(cls, name))})


def test_a_per_object_constant_traces_once_per_object():
    import tensorflow as tf

    eager = _fresh_module()
    hybrid = _decorated(_fresh_module().WindowPartition, "_stitch")
    windows = (2, 4, 2, 8)
    images = [tf.random.stateless_normal((1, 8, 8), seed=(i, 3)) for i in range(3)]
    for window in windows:
        expected = eager.WindowPartition(window)
        converted = hybrid(window)
        for image in images * 2:  # the same shape each time: only the object's value differs
            np.testing.assert_array_equal(expected.apply(image).numpy(),
                                          converted.apply(image).numpy())
        # One trace for this object, whatever the other objects' windows were.
        assert converted._stitch.experimental_get_tracing_count() == 1


def test_a_constructor_literal_traces_once_per_value():
    """top_k_mask is a module function: one trace cache for every TopKFilter. Its `k` comes
    from the constructions' literals, 2 or 3: two traces however many objects call it."""
    import tensorflow as tf

    eager = _fresh_module()
    hybrid = _fresh_module()
    hybrid.top_k_mask = tf.function(hybrid.top_k_mask)  # the name __call__ looks up
    scores = [tf.random.stateless_normal((2, 5), seed=(i, 5)) for i in range(3)]
    for k in (2, 3, 2, 3, 2):
        for row in scores:
            np.testing.assert_array_equal(eager.TopKFilter(k)(row).numpy(),
                                          hybrid.TopKFilter(k)(row).numpy())
    assert hybrid.top_k_mask.experimental_get_tracing_count() == 2


def test_a_reassigned_attribute_retraces_on_one_object():
    import tensorflow as tf

    hybrid = _decorated(_fresh_module().ResizableWindows, "_stitch")
    windows = hybrid(2)
    x = tf.ones((2, 8))
    windows.apply(x)
    windows.apply(x)
    windows.resize(4)
    windows.apply(x)
    windows.resize(8)
    windows.apply(x)
    assert windows._stitch.experimental_get_tracing_count() == 3


def test_extra_positional_arguments_retrace_per_value():
    """`tiled(x, 1, step + 1)`: `*reps` holds a loop counter, one trace per step (declined)."""
    import tensorflow as tf

    hybrid = _fresh_module()
    traced = tf.function(hybrid.tiled)
    x = tf.ones((2, 2))
    for step in range(4):
        traced(x, 1, step + 1)
    assert traced.experimental_get_tracing_count() == 4


@pytest.fixture(scope="module")
def reports():
    result = analyze([FILE])
    return {r.qualname: r for r in result.functions}


def test_forwarded_and_per_object_values_convert(reports):
    assert reports["window_sum"].transformation is not None
    assert "forwards its own parameter `window`" in reports["window_sum"].reason
    assert reports["WindowPartition._stitch"].transformation is not None
    assert "assigned only in `__init__`" in reports["WindowPartition._stitch"].reason
    assert "from the constructor argument `k`" in reports["top_k_mask"].reason
    assert reports["strided_sum"].transformation is None  # a loop counter, even over range(1, 4)


def test_declines_say_what_the_call_passes(reports):
    shifted = reports["shifted_sum"]
    assert shifted.transformation is None
    assert shifted.failures[0].code == "HAS_PRIMITIVE_PARAMETERS"
    assert "running_sums passes a computed value as `shift`" in shifted.failures[0].message
    rolled = reports["rolled"].failures[0]
    assert rolled.code == "HAS_PRIMITIVE_PARAMETERS"
    assert "the global `shift`" in rolled.message and "set_shift() assigns" in rolled.message
    assert "module constant `DEFAULT_WINDOW`" in reports["windowed_mean"].reason
    quantile = reports["quantile_mask"].failures[0]
    assert quantile.code == "HAS_PRIMITIVE_PARAMETERS"
    assert "main passes a computed value as `quantile`" in quantile.message
    tiled = reports["tiled"].failures[0]
    assert tiled.code == "HAS_PRIMITIVE_PARAMETERS"
    assert "main passes Python values into `reps`" in tiled.message
    resizable = reports["ResizableWindows._stitch"]
    assert resizable.transformation is None
    assert "ResizableWindows.resize() assigns" in resizable.failures[0].message
