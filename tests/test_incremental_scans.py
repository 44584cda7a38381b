"""Two whole-workspace questions of the facts phase answered from the CallIndex's per-function
tables (call_index.CallIndex.setting_writers, symbolic_sites) and the program's per-function
memo (facts._setting_share, a lazy `Program.derived` kind), instead of a scan of every call
site and attribute store on each edit: an edit that adds, then removes, a store of a library
layer's setting in another module, or a keras.layers.Lambda whose function calls a workspace
layer, must change the verdicts it changes, exactly as a run from scratch does."""

from __future__ import annotations

from pathlib import Path

from hybridize.analysis import AnalysisResult, Analyzer, Settings, analyze
from test_incremental import fingerprint

MODEL = """\
import keras
import tensorflow as tf

norm = tf.keras.layers.LayerNormalization()


class Scale(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

    def call(self, x):
        return x * self.w


scale = Scale()


def step(x):
    return tf.reduce_sum(norm(x) * 2.0)


def make_model():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(4)])


def train(x, y):
    losses = []
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(scale(x) - y))
        grads = tape.gradient(loss, scale.trainable_variables)
        for var, grad in zip(scale.trainable_variables, grads, strict=True):
            var.assign_sub(0.1 * grad)
        losses.append(loss)
    return losses


def main():
    for _ in range(3):
        print(step(tf.ones((2, 3))))
    return train(tf.ones((2, 4)), tf.zeros((2, 4))), make_model()
"""
# Stores of a setting on the layer `step` runs, by the global's name and through a parameter.
TUNE = """\
from model import norm


def loosen():
    norm.epsilon = 0.5


def tighten(layer):
    layer.epsilon = 0.1


def go():
    tighten(norm)
"""
# The same functions still store an attribute (they stay in the index), on objects of their own.
BOXED = """\
from model import norm


class Box:
    pass


def loosen():
    box = Box()
    box.epsilon = 0.5
    return box


def tighten(layer):
    box = Box()
    box.epsilon = 0.1
    return box, layer


def go():
    tighten(norm)
"""
# A Lambda whose function calls `scale` first, on keras.Input (tests/fixtures/lost_layers/lambdas).
LAMBDA = """\
import keras
from model import scale


def other_model():
    return keras.Sequential([keras.Input((4,)), keras.layers.Lambda(lambda x: scale(x) + 1.0)])
"""


def verdicts(result: AnalysisResult) -> dict[str, bool]:
    return {r.qualname: r.transformation is not None for r in result.functions
            if r.file == "model.py"}


def test_edits_that_add_and_remove_a_setting_store_or_a_lambda_match_runs_from_scratch(
        tmp_path: Path):
    (tmp_path / "model.py").write_text(MODEL)
    settings = Settings()
    analyzer = Analyzer([tmp_path], settings)
    seen: list[dict[str, bool]] = []
    steps = [
        ("as written", None),
        ("a module stores a setting of the layer", ("tune.py", TUNE)),
        ("the stores are on objects of their own", ("tune.py", BOXED)),
        ("the stores come back", ("tune.py", TUNE)),
        ("the module that stores is deleted", ("tune.py", None)),
        ("a Lambda calls the workspace layer first", ("other.py", LAMBDA)),
        ("the Lambda is gone", ("other.py", None)),
    ]
    for description, edit in steps:
        if edit is not None:
            name, text = edit
            if text is None:
                (tmp_path / name).unlink()
            else:
                (tmp_path / name).write_text(text)
        incremental = analyzer.run()
        scratch = analyze([tmp_path], settings)
        assert fingerprint(incremental) == fingerprint(scratch), description
        seen.append(verdicts(incremental))
    step, call = [[v[name] for v in seen] for name in ("step", "Scale.call")]
    # Each edit changed what it should, and only that (so the kept tables were read).
    assert step == [True, False, True, False, True, True, True]
    assert call == [True, True, True, True, True, False, True]
