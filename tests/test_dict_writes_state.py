"""`__setstate__` writing the object's dictionary (server/hybridize/analysis/dict_writes.py):
pickle and copy call it on an object just made, but code may call it on an object in use
(`cfg.__setstate__(saved)`, a restore), which then changes what a traced function read. Not
exempted (default-deny). The verdict, and the behaviour it rests on run with TensorFlow."""

from __future__ import annotations

from pathlib import Path

import tensorflow as tf
from helpers_project import analyse, verdicts, write_project

MODULE = """
import tensorflow as tf


class Config:
    def __init__(self, scale):
        self.scale = scale

    def __setstate__(self, state):
        self.__dict__.update(state)


def scaled(cfg, x):
    return x * cfg.scale


def main():
    cfg = Config(2.0)
    first = scaled(cfg, tf.ones(3))
    cfg.__setstate__({"scale": 3.0})
    return first, scaled(cfg, tf.ones(3))
"""


def test_setstate_called_on_an_object_in_use_makes_the_read_stale(tmp_path: Path) -> None:
    report = verdicts(analyse(write_project(tmp_path / "p", {"m.py": MODULE})))["m.py::scaled"]
    assert report.transformation is None
    assert "HAS_STALE_READS" in [f.code for f in report.failures], report.failures


class Config:
    def __init__(self, scale):
        self.scale = scale

    def __setstate__(self, state):
        self.__dict__.update(state)


def scaled(cfg, x):
    return x * cfg.scale


def test_traced_the_scale_before_setstate_stays() -> None:
    """Measured (TF 2.21): eagerly x * 3.0 after `cfg.__setstate__({"scale": 3.0})`, traced
    x * 2.0."""
    traced = tf.function(scaled)
    cfg = Config(2.0)
    x = tf.constant([1.0, 2.0])
    assert traced(cfg, x).numpy().tolist() == [2.0, 4.0]
    cfg.__setstate__({"scale": 3.0})
    assert scaled(cfg, x).numpy().tolist() == [3.0, 6.0]
    assert traced(cfg, x).numpy().tolist() == [2.0, 4.0]
