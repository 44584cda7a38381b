"""`f(x, n if n else 0)` and `f(x, n or 1)`: a Python argument that is the caller's own
parameter or a literal (tracing.param_or_literal, bounded_args.Bounds.param_or_literal).

Reduced from keras-hub 0.32.0's Qwen attention layers (tests/corpus/realcode/sliding.py). Run
with TensorFlow: `sliding_window_mask` as a tf.function, called through `attend` with the
cache indices the corpus passes (None, 2, 3, repeated), traces once per value of `start`
(0, 2, 3) and returns what the eager function returns; fed a loop counter (`attend_shifted`'s
case) it traces once per step, which is why that caller's callee stays declined.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import numpy as np
from hybridize.analysis import tracing
from hybridize.analysis.workspace import analyze

FILE = Path(__file__).parent / "corpus" / "realcode" / "sliding.py"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop(name, None)
    spec.loader.exec_module(module)
    return module


def _origin(call: str, params: set[str], locals_: dict[str, str] | None = None) -> str:
    node = ast.parse(call, mode="eval").body
    assert isinstance(node, ast.Call)
    return tracing.argument_origins(node, locals_ or {}, params)


def test_the_syntax_names_one_parameter_or_literals():
    params = {"n", "m", "x"}
    assert _origin("f(x, n if n else 0)", params) == "?f"
    assert _origin("f(x, n or 1)", params) == "?f"
    assert _origin("f(x, (n if n > 2 else 2) if m else None)", params) == "?f"  # nested
    assert _origin("f(x, n if m else n)", params) == "?f"  # the test is not a result
    # Two parameters, a call, arithmetic, a local, a narrowing `isinstance(...) and`: not it.
    assert _origin("f(x, n if m else m)", params) == ""
    assert _origin("f(x, n if n else len(x))", params) == "?c"
    assert _origin("f(x, n + 1 if n else 0)", params) == ""
    assert _origin("f(x, k or 0)", params, {"k": "c"}) == "?c"
    assert _origin("f(x, isinstance(n, int) and n)", params) == "?c"
    assert _origin("f(x, 3)", params) == "?l"


def test_verdicts():
    result = analyze([FILE.parent.parent])
    found = {f.qualname: f for f in result.functions if f.file == "realcode/sliding.py"}
    converted = found["sliding_window_mask"]
    assert converted.transformation == "CONVERT_TO_HYBRID"
    assert "attend passes its own parameter `cache_update_index` or a literal as `start`, " \
        "whose Python values are bounded (1 call site passing Python values, all bounded)" \
        in converted.reason
    shifted = found["shifted_window_mask"]
    assert shifted.transformation is None
    assert shifted.failures[0].code == "HAS_PRIMITIVE_PARAMETERS"
    assert "forwards its parameter `offset` as `start`" in shifted.failures[0].message
    # The narrowed name holds bare kinds, not the parameter's values: not shown bounded.
    banded = found["banded_mask"]
    assert banded.transformation is None
    assert "passes a parameter or a literal as `start`, whose values are not shown to be a " \
        "few" in banded.failures[0].message


def test_one_trace_per_value_through_the_caller():
    import tensorflow as tf

    eager = _module("sliding_eager")
    hybrid = _module("sliding_hybrid")
    hybrid.sliding_window_mask = tf.function(hybrid.sliding_window_mask)
    scores = tf.random.stateless_normal((4, 8), seed=(1, 2))
    mask = tf.constant([[True] * 8, [False] * 8, [True, False] * 4, [True] * 8])
    for index in (None, 2, 3, None, 2, 3, 2, None):
        np.testing.assert_allclose(hybrid.attend(scores, mask, index).numpy(),
                                   eager.attend(scores, mask, index).numpy(), rtol=1e-6)
    # start = 0 (None), 2, 3: three traces, none added by the repeated values.
    assert hybrid.sliding_window_mask.experimental_get_tracing_count() == 3


def test_a_loop_counter_traces_once_per_step():
    """Why `offset or 1` with offset a loop counter stays declined: each step is a new value."""
    import tensorflow as tf

    hybrid = _module("sliding_shifted")
    hybrid.shifted_window_mask = tf.function(hybrid.shifted_window_mask)
    scores, mask = tf.ones((4, 8)), tf.ones((4, 8), tf.bool)
    for step in range(5):
        hybrid.attend_shifted(scores, mask, step)
    assert hybrid.shifted_window_mask.experimental_get_tracing_count() == 4  # 1, 1, 2, 3, 4
