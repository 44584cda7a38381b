"""NumPy arrays as arguments (issue 12): which uses of a parameter the syntax pass records, and
how arrays flow (Keras converts them before `call`; NumPy generators draw arrays). The measured
behaviour behind the rules is in tests/corpus/semantics/arrays.py and tests/ground_truth.py."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from hybridize.analysis import Settings, analyze
from hybridize.analysis.array_args import array_uses


def _uses(source: str) -> list[tuple[str, str]]:
    node = ast.parse(textwrap.dedent(source)).body[0]
    assert isinstance(node, ast.FunctionDef)
    return [(p, kind) for p, kind, _, _, _ in array_uses(node, [a.arg for a in node.args.args])]


def test_every_use_of_a_parameter_is_classified() -> None:
    found = _uses("""
        def f(x, y):
            n = len(x) + x.shape[0] + x.ndim
            z = model(x, training=True)
            w = tf.cast(y, tf.float32)
            for row in y:
                pass
            return loss(targets=y) + x.mean() + y[0]
    """)
    assert found == [
        ("x", "len"), ("x", "attr:shape"), ("x", "attr:ndim"), ("x", "call0"), ("y", "call0"),
        ("y", "iter"), ("y", "call"), ("x", "method:mean"), ("y", "other"),
    ]


def test_rebinding_and_nested_uses_are_other_uses() -> None:
    found = _uses("""
        def f(x):
            g = lambda: x
            x = x + 1
    """)
    assert found == [("x", "other"), ("x", "other"), ("x", "arith")]


def _project(tmp_path: Path, source: str) -> dict[str, str | None]:
    (tmp_path / "m.py").write_text(textwrap.dedent(source))
    result = analyze([tmp_path], Settings())
    return {f.qualname: (f.failures[0].code if f.failures else f.transformation)
            for f in result.functions}


def test_a_keras_layer_call_receives_tensors_for_numpy_arguments(tmp_path: Path) -> None:
    # Keras' Layer.__call__ converts NumPy arguments before `call` runs (measured: a float64
    # array into a float32 layer gives the same result eagerly and traced), so what `call`
    # passes on is a tensor, not an array whose NumPy arithmetic would differ in a graph.
    verdicts = _project(tmp_path, """
        import numpy as np
        import tensorflow as tf

        def doubled(x):
            return x * 2.0

        class Scale(tf.keras.layers.Layer):
            def call(self, inputs):
                return doubled(inputs)

        def main():
            Scale()(np.zeros((2, 3)))
    """)
    assert verdicts["doubled"] == "CONVERT_TO_HYBRID"


def test_numpy_generator_draws_are_arrays(tmp_path: Path) -> None:
    verdicts = _project(tmp_path, """
        import numpy as np
        import tensorflow as tf

        model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])

        def predict(x):
            return model(x)

        def main():
            rng = np.random.default_rng(0)
            predict(rng.normal(size=(4, 3)))
            predict(np.random.uniform(size=(2, 3)))
    """)
    assert verdicts["predict"] == "CONVERT_TO_HYBRID"
