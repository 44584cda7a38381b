"""Attribute writes that name no attribute (server/hybridize/analysis/dict_writes.py):
`obj.__dict__.update(d)`, `vars(obj).update(d)`, `obj.__dict__[k] = v`, `object.__setattr__`,
`delattr`, in a method run between two calls or in an `__init__` run again. Each made a read
`obj.attr` / `self.attr` stale that the engine proposed 'safe to hybridize'. The verdicts, and
the behaviour they rest on run with TensorFlow (eagerly and as tf.function)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tensorflow as tf
from helpers_project import analyse, verdicts, write_project

MODULE = """
import copy
import json

import tensorflow as tf


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

_BAG = ("class Bag:\n    def __init__(self, d):\n        {init}\n\n"
        "    def reset(self, d):\n        self.__init__(d)\n")

# name -> (methods of Config, other code, how main makes cfg, what runs between the calls)
DECLINED = {
    "__dict__.update in a method": (
        "\n    def load(self, d):\n        self.__dict__.update(d)\n", "", "Config(2.0)",
        "    cfg.load({'scale': 3.0})"),
    "vars(self).update in a method": (
        "\n    def load(self, d):\n        vars(self).update(d)\n", "", "Config(2.0)",
        "    cfg.load({'scale': 3.0})"),
    "__dict__ item stored in a method": (
        "\n    def put(self, k, v):\n        self.__dict__[k] = v\n", "", "Config(2.0)",
        "    cfg.put('scale', 3.0)"),
    "__dict__ kept in a local": (
        "\n    def put(self, v):\n        d = self.__dict__\n        d['scale'] = v\n", "",
        "Config(2.0)", "    cfg.put(3.0)"),
    "object.__setattr__ in a method": (
        "\n    def put(self, k, v):\n        object.__setattr__(self, k, v)\n", "",
        "Config(2.0)", "    cfg.put('scale', 3.0)"),
    "super().__setattr__ in a method": (
        "\n    def put(self, k, v):\n        super().__setattr__(k, v)\n", "",
        "Config(2.0)", "    cfg.put('scale', 3.0)"),
    "delattr in a method": (
        "\n    def drop(self):\n        delattr(self, 'scale')\n", "", "Config(2.0)",
        "    cfg.drop()"),
    "__dict__ item stored by a function": (
        "", "def poke(c):\n    c.__dict__['scale'] = 3.0\n", "Config(2.0)", "    poke(cfg)"),
    "vars(obj).update by a function": (
        "", "def poke(c):\n    vars(c).update(scale=3.0)\n", "Config(2.0)", "    poke(cfg)"),
    "object.__setattr__ by a function": (
        "", "def poke(c):\n    object.__setattr__(c, 'scale', 3.0)\n", "Config(2.0)",
        "    poke(cfg)"),
    "__dict__.update in __init__ run again": (
        "", _BAG.format(init="self.__dict__.update(d)"), "Bag({'scale': 2.0})",
        "    cfg.reset({'scale': 3.0})"),
    "vars(self).update in __init__ run again": (
        "", _BAG.format(init="vars(self).update(d)"), "Bag({'scale': 2.0})",
        "    cfg.reset({'scale': 3.0})"),
    "__dict__ items in __init__ run again": (
        "", _BAG.format(init="for k in d:\n            self.__dict__[k] = d[k]"),
        "Bag({'scale': 2.0})", "    cfg.reset({'scale': 3.0})"),
    "object.__setattr__ in __init__ run again": (
        "", _BAG.format(init="for k, v in d.items():\n            object.__setattr__(self, k, v)"),
        "Bag({'scale': 2.0})", "    cfg.reset({'scale': 3.0})"),
    # A class's own __setattr__ that writes another attribute than the store names: a store of
    # `decay` (named, another attribute) changes `scale` (red team, session 9).
    "the class's own __setattr__ writing a literal name": (
        "\n    def __setattr__(self, k, v):\n        object.__setattr__(self, 'scale', v)\n",
        "def poke(c):\n    c.decay = 3.0\n", "Config(2.0)", "    poke(cfg)"),
    "the class's own __setattr__ writing a computed name": (
        "\n    def __setattr__(self, k, v):\n        super().__setattr__(k.lower(), v)\n",
        "def poke(c):\n    setattr(c, 'SCALE', 3.0)\n", "Config(2.0)", "    poke(cfg)"),
    "the class's own __setattr__ with its name bound again": (
        "\n    def __setattr__(self, k, v):\n        k = 'scale'\n"
        "        object.__setattr__(self, k, v)\n",
        "def poke(c):\n    c.decay = 3.0\n", "Config(2.0)", "    poke(cfg)"),
    "the class's own __setattr__ writing the dictionary": (
        "\n    def __setattr__(self, k, v):\n        self.__dict__['scale'] = v\n",
        "def poke(c):\n    c.decay = 3.0\n", "Config(2.0)", "    poke(cfg)"),
}

ACCEPTED = {
    "__dict__ only read by methods": (
        "\n    def describe(self):\n        return dict(self.__dict__)\n\n"
        "    def has(self, k):\n        return k in self.__dict__ or k in vars(self)\n\n"
        "    def get(self, k):\n        return self.__dict__.get(k, self.__dict__[k])\n\n"
        "    def copied(self):\n        return copy.deepcopy(self.__dict__)\n\n"
        "    def names(self):\n        return [k for k in self.__dict__.keys()]\n",
        "", "Config(2.0)", "    cfg.describe()"),
    "vars() kept in a local that is only read": (
        "", "def save(args):\n    if isinstance(args, Config):\n        args = vars(args)\n"
        "    return json.dumps(args)\n", "Config(2.0)", "    save(cfg)"),
    "__dict__.update in __init__ only": (
        "", "class Bag:\n    def __init__(self, d):\n        self.__dict__.update(d)\n",
        "Bag({'scale': 2.0})", "    pass"),
    "delattr of another attribute, named": (
        "", "def drop(c):\n    delattr(c, 'decay')\n", "Config(2.0)", "    drop(cfg)"),
    "object.__setattr__ of another attribute, named": (
        "", "def poke(c):\n    object.__setattr__(c, 'decay', 0.1)\n", "Config(2.0)",
        "    poke(cfg)"),
    "object.__setattr__ in the class's own __setattr__": (
        "\n    def __setattr__(self, k, v):\n        object.__setattr__(self, k, v)\n", "",
        "Config(2.0)", "    pass"),
}


def _report(tmp_path: Path, case: tuple[str, str, str, str], name: str = "m.py::scaled"):
    methods, extra, made, between = case
    source = MODULE.format(methods=methods, extra=extra, made=made, between=between)
    return verdicts(analyse(write_project(tmp_path / "p", {"m.py": source})))[name]


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_a_write_through_the_dictionary_makes_the_read_stale(tmp_path: Path, name: str) -> None:
    report = _report(tmp_path, DECLINED[name])
    assert report.transformation is None
    assert "HAS_STALE_READS" in [f.code for f in report.failures], report.failures


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_reads_of_the_dictionary_keep_it_convertible(tmp_path: Path, name: str) -> None:
    report = _report(tmp_path, ACCEPTED[name])
    assert report.transformation is not None, report.failures


SELF_READ = """
import tensorflow as tf


class Bag:
    def __init__(self, **kw):
        {init}

    def reset(self, **kw):
        self.__init__(**kw)

    def act(self, x):
        return x * self.scale


def main():
    bag = Bag(scale=2.0)
    bag.act(tf.ones(3))
    bag.reset(scale=3.0)
    bag.act(tf.ones(3))
"""


@pytest.mark.parametrize("init", [
    "for k, v in kw.items():\n            setattr(self, k, v)",
    "self.__dict__.update(kw)",
    "for k, v in kw.items():\n            object.__setattr__(self, k, v)",
])
def test_a_method_reading_its_own_attribute_set_by_a_rerun_init(tmp_path: Path,
                                                                 init: str) -> None:
    """`self.scale` read by `act`, set by an `__init__` that names no attribute and that
    `reset` runs again (setattr there was matched only for reads `obj.attr` before)."""
    source = SELF_READ.format(init=init)
    report = verdicts(analyse(write_project(tmp_path / "p", {"m.py": source})))["m.py::Bag.act"]
    assert report.transformation is None
    stale = [f for f in report.failures if f.code == "HAS_STALE_READS"]
    assert stale and "does not name again" in stale[0].message, report.failures


# -- the behaviour, run with TensorFlow ---------------------------------------------------------


class Bag:
    def __init__(self, d):
        self.__dict__.update(d)

    def reset(self, d):
        self.__init__(d)

    def load(self, d):
        vars(self).update(d)

    def put(self, k, v):
        object.__setattr__(self, k, v)

    def drop(self, k):
        delattr(self, k)

    def act(self, x):
        return x * self.scale


def scaled(bag, x):
    return x * bag.scale


@pytest.mark.parametrize("change", ["reset", "load", "put"])
@pytest.mark.parametrize("function", [scaled, Bag.act], ids=["obj.scale", "self.scale"])
def test_traced_the_first_scale_stays(change: str, function) -> None:
    """Measured (TF 2.21): after the write, eagerly x * 3.0, the graph traced with the same
    object still x * 2.0 (the object is the same trace key)."""
    traced = tf.function(function)
    bag = Bag({"scale": 2.0})
    x = tf.constant([1.0, 2.0])
    assert traced(bag, x).numpy().tolist() == [2.0, 4.0]
    if change == "put":
        bag.put("scale", 3.0)
    else:
        getattr(bag, change)({"scale": 3.0})
    assert function(bag, x).numpy().tolist() == [3.0, 6.0]
    assert traced(bag, x).numpy().tolist() == [2.0, 4.0]


def test_traced_a_deleted_attribute_is_still_read() -> None:
    """Eagerly the read after `delattr` raises AttributeError; traced it returns the value the
    trace read."""
    traced = tf.function(scaled)
    bag = Bag({"scale": 2.0})
    x = tf.constant([1.0])
    traced(bag, x)
    bag.drop("scale")
    with pytest.raises(AttributeError):
        scaled(bag, x)
    assert traced(bag, x).numpy().tolist() == [2.0]


def test_traced_objects_only_constructed_read_the_same() -> None:
    """What stays convertible: an object whose dictionary only construction fills is a new trace
    key each time, equal both ways; a str scale fails both ways."""
    traced = tf.function(scaled)
    x = tf.constant([1.0, 2.0])
    for scale in (2.0, 3.0, -1.0, float("nan")):
        bag = Bag({"scale": scale})
        assert traced(bag, x).numpy().tobytes() == scaled(bag, x).numpy().tobytes()
    with pytest.raises(TypeError):
        scaled(Bag({"scale": "a"}), x)
    with pytest.raises(TypeError):
        traced(Bag({"scale": "a"}), x)


class Redirect:
    """A `__setattr__` that writes `scale` whatever the store names."""

    def __init__(self) -> None:
        object.__setattr__(self, "scale", 2.0)

    def __setattr__(self, name: str, value: float) -> None:
        object.__setattr__(self, "scale", value)


def test_a_setter_writing_another_name_changes_what_the_graph_kept() -> None:
    """Measured (TF 2.21): `r.start_id = 5.0` changes `r.scale`: eagerly x * 5.0,
    the graph traced before keeps x * 2.0 (it was proposed before the red team's fix)."""
    obj = Redirect()
    traced = tf.function(scaled)
    x = tf.ones(2)
    assert traced(obj, x).numpy().tolist() == [2.0, 2.0]
    obj.start_id = 5.0  # a store of another name
    assert scaled(obj, x).numpy().tolist() == [5.0, 5.0]
    assert traced(obj, x).numpy().tolist() == [2.0, 2.0]
