"""A method's `self.attr = v` seen from a read `obj.attr` (server/hybridize/analysis/
object_attrs.py): `def scaled(cfg, x): return x * cfg.scale` was proposed 'safe to hybridize'
although a method of cfg's class assigns `self.scale` between calls. The verdicts, and the
behaviour they rest on run with TensorFlow (eagerly and as tf.function)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tensorflow as tf
from helpers_project import analyse, verdicts, write_project

MODULE = """
import tensorflow as tf
import tensorflow_addons as tfa


class Config:
    def __init__(self, scale):
        self.scale = scale
{methods}

{extra}

def scaled(cfg, x):
    return x * cfg.scale


def main():
    cfg = {made}
    first = scaled(cfg, tf.ones(3))
{between}
    return first, scaled(cfg, tf.ones(3))
"""

# name -> (methods of Config, other code, how main makes cfg, what runs between the calls)
DECLINED = {
    "a method assigns it": (
        "\n    def set_scale(self, scale):\n        self.scale = scale\n", "", "Config(2.0)",
        "    cfg.set_scale(3.0)"),
    "a method appends to it": (
        "\n    def add(self, scale):\n        self.scale.append(scale)\n", "", "Config([2.0])",
        "    cfg.add(3.0)"),
    "a method changes an item of it": (
        "\n    def put(self, scale):\n        self.scale[0] = scale\n", "", "Config([2.0])",
        "    cfg.put(3.0)"),
    "construction run again": (
        "\n    def reset(self, scale):\n        self.__init__(scale)\n", "", "Config(2.0)",
        "    cfg.reset(3.0)"),
    "setattr in __init__ run again": (
        "", "class Bag:\n    def __init__(self, **kw):\n        for k, v in kw.items():\n"
        "            setattr(self, k, v)\n\n    def reset(self, **kw):\n"
        "        self.__init__(**kw)\n", "Bag(scale=2.0)", "    cfg.reset(scale=3.0)"),
    "a subclass's method assigns it": (
        "", "class Tuned(Config):\n    def tune(self):\n        self.scale = 3.0\n",
        "Tuned(2.0)", "    cfg.tune()"),
    "a class-level write": (
        "", "def retune():\n    Config.scale = 3.0\n", "Config(2.0)", "    retune()"),
    "an object of unknown type": (
        "\n    def set_scale(self, scale):\n        self.scale = scale\n", "",
        "tfa.make_holder()", "    pass"),
}

ACCEPTED = {
    "only construction assigns it": ("", "", "Config(2.0)", "    pass"),
    "another class's method assigns the name": (
        "", "class Other:\n    def set_scale(self, scale):\n        self.scale = scale\n\n\n"
        "def other():\n    Other().set_scale(1.0)\n", "Config(2.0)", "    other()"),
}


def _scaled(tmp_path: Path, case: tuple[str, str, str, str]):
    methods, extra, made, between = case
    source = MODULE.format(methods=methods, extra=extra, made=made, between=between)
    return verdicts(analyse(write_project(tmp_path / "p", {"m.py": source})))["m.py::scaled"]


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_a_write_through_a_method_makes_the_read_stale(tmp_path: Path, name: str) -> None:
    report = _scaled(tmp_path, DECLINED[name])
    assert report.transformation is None
    assert "HAS_STALE_READS" in [f.code for f in report.failures], report.failures


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_no_write_after_construction_keeps_it_convertible(tmp_path: Path, name: str) -> None:
    report = _scaled(tmp_path, ACCEPTED[name])
    assert report.transformation is not None, report.failures


class Config:
    def __init__(self, scale):
        self.scale = scale

    def set_scale(self, scale):
        self.scale = scale

    def reset(self, scale):
        self.__init__(scale)


def scaled(cfg, x):
    return x * cfg.scale


@pytest.mark.parametrize("change", ["set_scale", "reset"])
def test_traced_the_first_scale_stays(change: str) -> None:
    """Measured (TF 2.21): after `cfg.set_scale(3.0)` or `cfg.reset(3.0)`, eagerly x * 3.0, the
    graph traced with `cfg` still x * 2.0."""
    traced = tf.function(scaled)
    cfg = Config(2.0)
    x = tf.constant([1.0, 2.0])
    assert traced(cfg, x).numpy().tolist() == [2.0, 4.0]
    getattr(cfg, change)(3.0)
    assert scaled(cfg, x).numpy().tolist() == [3.0, 6.0]
    assert traced(cfg, x).numpy().tolist() == [2.0, 4.0]


def test_traced_objects_only_constructed_read_the_same() -> None:
    """What stays convertible: each object keeps what construction set (a new object is a new
    trace key), equal both ways; a str scale fails both ways."""
    traced = tf.function(scaled)
    x = tf.constant([1.0, 2.0])
    for scale in (2.0, 3.0, -1.0):
        cfg = Config(scale)
        assert traced(cfg, x).numpy().tolist() == scaled(cfg, x).numpy().tolist()
    with pytest.raises(TypeError):
        scaled(Config("a"), x)
    with pytest.raises(TypeError):
        traced(Config("a"), x)
