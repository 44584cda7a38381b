"""Python tuples, lists and dicts written out of literals at the call (`perm=(2, 1, 0)`):
literal_args.container_sites and tracing.literal_display.

A tf.function traces a Python container argument by its content: a display of literals has
the same content at every call of its site, so the traces are at most one per such site, and
HAS_PRIMITIVE_PARAMETERS does not block the conversion. A container built from a loop counter
is a new content per step (declined). container_sites reads every call site of the program,
not only the six kept as evidence per parameter: `gathered`'s seventh site passes a list built
from a loop counter, and the function was converted before.

Corpus: tests/corpus/realcode/literal_lists.py (reduced from spektral 1.3.1 and
tf-models-official 2.20.0). Run with TensorFlow below: the trace counts and the results.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import numpy as np
from hybridize.analysis import tracing
from hybridize.analysis.workspace import analyze

FILE = Path(__file__).parent / "corpus" / "realcode" / "literal_lists.py"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop(name, None)
    spec.loader.exec_module(module)
    return module


def _origins(call: str) -> str:
    node = ast.parse(call, mode="eval").body
    assert isinstance(node, ast.Call)
    return tracing.argument_origins(node, {}, {"n"})


def _local_origin(body: str, name: str) -> str | None:
    return tracing.local_origins(ast.parse(body).body).get(name)


def test_displays_of_literals_are_literal():
    # after `|`, the kinds of numbers each literal container holds (tracing.container_kinds)
    assert _origins("f((2, 1, 0), [[0, 1], [2, None]], {'axis': -1})") == "lll|iii"
    assert _origins("f((0, 2, 1) if n == 3 else (1, 0))") == "l|i"
    assert _origins("f((1.0, 2.0), (1, 2.5), ('a', None), 3)") == "llll|rm0."
    assert _origins("f([n, 1])") == ""  # a parameter inside
    assert _origins("f([len(x), 1])") == "c"
    assert _origins("f((*rest, 1), {**base})") == ""
    # A local bound to a tuple of literals stays one content; a list could be changed in place.
    assert _local_origin("perm = (0, 2, 1) if rank == 3 else (1, 0)", "perm") == "l"
    assert _local_origin("shape = [1, 2]\nshape.append(n)", "shape") == "c"
    assert _local_origin("for perm in ((0, 1), (1, 0)):\n    pass", "perm") == "l"
    assert _local_origin("for shape in ([0, 1], [1, 0]):\n    pass", "shape") == "c"


def test_verdicts():
    result = analyze([FILE])
    found = {f.qualname: f for f in result.functions}
    for name in ("transpose", "shift_and_rescale", "six_gathers"):
        assert found[name].transformation == "CONVERT_TO_HYBRID", found[name].reason
    for name, words in (("scaled", "steps passes a Python list, tuple or dict of non-tensors "
                                   "as `factors`"),
                        ("gathered", "steps passes a Python list, tuple or dict of non-tensors "
                                     "as `indices`")):
        failure = found[name].failures[0]
        assert failure.code == "HAS_PRIMITIVE_PARAMETERS" and words in failure.message


def test_one_trace_per_literal_content():
    import tensorflow as tf

    eager = _module("literal_lists_eager")
    hybrid = _module("literal_lists_hybrid")
    hybrid.transpose = tf.function(hybrid.transpose)
    hybrid.shift_and_rescale = tf.function(hybrid.shift_and_rescale)
    for _ in range(3):  # main's sites, again and again: three perms (one None), two boxes
        for got, expected in zip(hybrid.main(), eager.main(), strict=True):
            np.testing.assert_allclose(got.numpy(), expected.numpy())
    assert hybrid.transpose.experimental_get_tracing_count() == 3
    # Two literal boxes and one tensor (the tensor traces by its shape and dtype).
    assert hybrid.shift_and_rescale.experimental_get_tracing_count() == 3


def test_a_list_from_a_loop_counter_traces_per_step():
    """Why `gathered` is declined: `[step % 2, 0]` is a new content at some steps, and
    `scaled`'s `[float(step), 1.0]` at every step."""
    import tensorflow as tf

    hybrid = _module("literal_lists_steps")
    hybrid.scaled = tf.function(hybrid.scaled)
    x = tf.constant([1.0, 2.0])
    for _ in range(2):
        hybrid.steps(x)
    assert hybrid.scaled.experimental_get_tracing_count() == 3  # steps 0, 1, 2
