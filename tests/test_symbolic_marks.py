"""values.OWN_KERAS_INPUT / PARAM_KERAS_INPUT: a call passes the Keras symbolic tensors its
callee returns on to a caller that passes none only when they come from elsewhere than the
callee's parameters. The older rule asked whether any parameter of the callee held one: not
monotone, so the result depended on the order in which an incremental update rebuilt the
parameters. Measured on tf-models-official (session 37): one function appended to
nlp/modeling/layers/transformer.py, and StridedTransformerEncoderBlock.call's
`input_tensor = self._attention_layer_norm(input_tensor)` took a symbolic tensor from
RMSNorm.call's returns while RMSNorm.call's parameters were being rebuilt, and kept it through
its own result (RMSNorm.call's HAS_KERAS_SYMBOLIC_ARGUMENT then named another caller than a run
from scratch)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, analysed_program, verdicts, write_project
from hybridize.analysis import values as V
from hybridize.analysis.program import CLOCK
from test_red_team_33 import _changed, _outcome

SOURCE = """
import tensorflow as tf


class Norm(tf.keras.layers.Layer):
    def call(self, inputs):
        return tf.math.l2_normalize(inputs, axis=-1)


NORM = Norm()


def build():
    inputs = tf.keras.Input(shape=(4,))
    return tf.keras.Model(inputs=inputs, outputs=NORM(inputs))


def strided(x, stride):
    x = x[:, ::stride]
    x = NORM(x)
    return tf.identity(x)


strided(tf.ones((2, 4)), 2)
"""


def _norm_result(program) -> frozenset[str]:
    fn = program.functions["m:strided"]
    index = next(i for i, s in enumerate(fn.calls) if s.text == "NORM")
    return program.results[(fn.key, index)]


def test_a_callers_result_does_not_depend_on_the_callees_parameters(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The transient of an incremental update, made by hand: Norm.call's parameters emptied
    (as while they are rebuilt) while its returns still hold the symbolic tensor that
    build() gives it. The older rule took it for Norm.call's own; strided's `x = NORM(x)` then
    kept it through its own result, where a run from scratch never sees it."""
    write_project(tmp_path, {"m.py": SOURCE})
    program = analysed_program(tmp_path, monkeypatch)
    assert V.KERAS_INPUT in program.params["m:Norm.call"]["inputs"]
    settled = _norm_result(program)
    assert V.KERAS_INPUT not in settled, settled
    returned = program.expand(program.functions["m:Norm.call"].returns)
    assert V.KERAS_INPUT in returned, returned
    program.params.pop("m:Norm.call")
    program.memo.clear()
    program.pass_id = next(CLOCK)
    fn = program.functions["m:strided"]
    index = next(i for i, s in enumerate(fn.calls) if s.text == "NORM")
    program.done.discard((fn.key, index))
    # One site in scope, as in an incremental round: Norm.call's own sites keep their results.
    program.scope = {(fn.key, index)}
    program.evaluate_call(fn, index)
    assert V.KERAS_INPUT not in _norm_result(program), _norm_result(program)


OWN = """
import tensorflow as tf

_IMAGE = tf.keras.Input((4,))
BACKBONE = tf.keras.Model(inputs=_IMAGE, outputs=tf.keras.layers.Dense(4)(_IMAGE))


def head_input(model, features):
    if features is None:
        return model.input
    return features


def scale(x):
    return x * 2.0


def build():
    inputs = tf.keras.Input((4,))
    x = head_input(BACKBONE, inputs)
    return tf.keras.Model(inputs=inputs, outputs=BACKBONE(x))


def first_layer_input():
    return scale(head_input(BACKBONE, None))


def main():
    return first_layer_input()


scale(tf.ones((2, 4)))
"""


def test_a_symbolic_tensor_the_callee_reads_reaches_every_caller(tmp_path: Path) -> None:
    """head_input returns a model's own symbolic input (`model.input`) to a caller that passes
    none, beside the one build() passes it. The older rule, seeing a parameter that holds a
    symbolic tensor, took all of them for the parameter's: first_layer_input's call gave
    `scale` a value of unknown type, converted under UNTYPED_ARGUMENTS. Eagerly
    `scale(model.input)` returns a KerasTensor; as a tf.function it raises (TF 2.21, Keras 3:
    ValueError "A KerasTensor is symbolic")."""
    write_project(tmp_path, {"m.py": OWN})
    found = verdicts(analyse(tmp_path))
    scale = found["m.py::scale"]
    assert scale.transformation is None
    assert any(f.code == "HAS_KERAS_SYMBOLIC_ARGUMENT" and "first_layer_input" in f.message
               for f in scale.failures), scale.failures
    converted = _changed(OWN, "scale", "add")
    assert converted != OWN
    assert not _outcome(OWN, "own.py").startswith("raised")
    assert _outcome(converted, "own.py") == "raised ValueError"
