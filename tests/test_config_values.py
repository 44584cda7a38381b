"""`--speculative`'s configuration-values assumption (analysis/config_values.py, issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers_project import write_project
from hybridize.cli import main

CORPUS = Path(__file__).parent / "corpus" / "realcode" / "configvalues.py"

FROM_CONFIG = """
import tensorflow as tf


class Block:
    def __init__(self, depth, use_gate=False):
        self.depth = depth
        self.use_gate = use_gate

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def run(self, x: tf.Tensor) -> tf.Tensor:
        if self.use_gate:
            x = tf.sigmoid(x) * x
        return x


class Tensorised:
    def __init__(self, scale):
        self.scale = scale

    @classmethod
    def from_config(cls, config):
        config["scale"] = tf.constant(config["scale"])
        return cls(**config)

    def run(self, x: tf.Tensor) -> tf.Tensor:
        if self.scale:
            return x * 2.0
        return x
"""


def _check(tmp_path: Path, capsys, files: dict[str, str], *flags: str) -> dict[str, dict]:
    write_project(tmp_path, files)
    assert main(["check", str(tmp_path), "--format", "json", "--no-cache", *flags]) == 0
    report = json.loads(capsys.readouterr().out)
    return {f["qualname"]: f for f in report["functions"]}


def test_default_mode_declines(tmp_path: Path, capsys) -> None:
    functions = _check(tmp_path, capsys, {"lib.py": CORPUS.read_text()})
    assert functions["ShiftedWindow.shift"]["transformation"] is None
    assert not any(f["speculative"] for f in functions.values())


def test_assumption_names_the_constructor_parameters(tmp_path: Path, capsys) -> None:
    functions = _check(tmp_path, capsys, {"lib.py": CORPUS.read_text()}, "--speculative")
    shift = functions["ShiftedWindow.shift"]
    assert shift["transformation"] == "CONVERT_TO_HYBRID" and shift["speculative"] is True
    (message,) = [a["message"] for a in shift["assumptions"]
                  if a["code"] == "SPECULATIVE_ANALYSIS"]
    # Its own parameters, and the Stack parameter its one visible construction passes on.
    for name in ("`ShiftedWindow(shift_size=…)`", "`ShiftedWindow(mode=…)`",
                 "`Stack(shift_size=…)`"):
        assert name in message
    assert "not a tf.Tensor, tf.Variable or NumPy array" in message
    assert "do not change between calls" in message
    # Not covered: a value the class uses as a tensor, an attribute written outside __init__,
    # an attribute of another object, a returned setting.
    assert functions["Gate.open"]["transformation"] is None
    assert functions["Switchable.forward"]["transformation"] is None
    assert functions["FromConfigObject.run"]["transformation"] is None
    assert functions["Stack.returns_setting"]["transformation"] is None
    assert not functions["Gate.floor"]["speculative"]  # converted without any assumption


def test_from_config_round_trip(tmp_path: Path, capsys) -> None:
    functions = _check(tmp_path, capsys, {"lib.py": FROM_CONFIG}, "--speculative")
    block = functions["Block.run"]
    assert block["transformation"] == "CONVERT_TO_HYBRID"
    assert any("`Block.from_config(config)`" in a["message"] for a in block["assumptions"])
    # A from_config that makes a tensor of a setting: not configuration.
    assert functions["Tensorised.run"]["transformation"] is None


CALLED = """
import tensorflow as tf


class Metric(tf.keras.metrics.Metric):
    def __init__(self, tokenizer=None, **kwargs):
        super().__init__(**kwargs)
        self.tokenizer = tokenizer

    def _tokenize(self, inputs: tf.Tensor) -> tf.Tensor:
        if self.tokenizer:
            return self.tokenizer(inputs)
        return tf.strings.split(inputs)
"""


def test_a_called_setting_is_not_covered(tmp_path: Path, capsys) -> None:
    # keras-hub 0.32.0 Bleu._tokenizer: a user's tokenizer function runs once, while tracing.
    functions = _check(tmp_path, capsys, {"lib.py": CALLED}, "--speculative")
    assert functions["Metric._tokenize"]["transformation"] is None
