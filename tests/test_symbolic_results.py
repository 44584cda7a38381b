"""calls.py: a call's result when everything the callee returns is a Keras symbolic tensor that
other calls pass it (the flow is context-insensitive), and this call passes none. Before, the
result was None, which is what no such function returns (keras-hub's `compute_causal_mask`,
given shapes of keras.Input by a functional builder and of tensors by a layer's `call`): now a
tensor when every `return` is a TensorFlow op's result, as the op called here would give, and
unknown otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analysed_program, write_project
from hybridize.analysis import values as V

SOURCE = """
import keras
import tensorflow as tf


DENSE = keras.layers.Dense(2)
NORMS = {"l2": tf.math.l2_normalize}


def causal(n):
    return tf.range(n)


def project(x):
    return DENSE(x)


def normalized(x):
    return NORMS["l2"](x)


def build():
    inputs = keras.Input((None,))
    return causal(tf.shape(inputs)[1]), project(inputs), normalized(inputs)


def use(x):
    mask = causal(tf.shape(x)[0])
    projected = project(x)
    norm = normalized(x)
    return tf.identity(mask), tf.identity(projected), tf.identity(norm)
"""


def _identity_args(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[frozenset[str]]:
    write_project(tmp_path, {"m.py": SOURCE})
    program = analysed_program(tmp_path, monkeypatch)
    sites = [s for s in program.functions["m:use"].calls if s.text == "tf.identity"]
    return [program.expand(site.args[0]) for site in sorted(sites, key=lambda s: s.col)]


def test_an_op_or_layer_result_is_a_tensor_where_no_symbolic_value_is_passed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mask, projected, _ = _identity_args(tmp_path, monkeypatch)
    assert mask == V.TENSOR_SET, mask
    assert projected == V.TENSOR_SET, projected


def test_anything_else_is_unknown_not_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A function looked up in a dict: what it gives is not known here."""
    _, _, norm = _identity_args(tmp_path, monkeypatch)
    assert V.NONE not in norm and V.has_unknown(norm), norm
