"""Setup methods (server/hybridize/analysis/setup_methods.py): what a method assigns is not a
stale read only when construction alone can run it. The positive case and the harness runs are
in tests/corpus/realcode/setup.py; here, each way a setup method could run later keeps the
reader declined (HAS_STALE_READS)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tensorflow as tf
from equivalence import Case, Tree, differences
from helpers_project import analyse, verdicts, write_project

AGENT = """
import tensorflow as tf


class Agent:
    def __init__(self, scale):
        self._setup(scale)
{extra}
    def _setup(self, scale):
        self.scale = scale

    def step(self, x):
        return tf.reduce_sum(x) * self.scale

{outside}

def main():
    agent = {made}
    return agent.step(tf.ones((2, 3)))
"""

LATER = {
    "none": ("", "", "Agent(2.0)"),
    "bound method kept": ("        self.reset = self._setup\n", "", "Agent(2.0)"),
    "another method calls it": ("    def retune(self, scale):\n        self._setup(scale)\n",
                                "", "Agent(2.0)"),
    "called on another object": ("", "def retune(agent):\n    agent._setup(3.0)\n",
                                 "Agent(2.0)"),
    "getattr with a computed name": (
        "    def call_named(self, name):\n        return getattr(self, name)(1.0)\n",
        "", "Agent(2.0)"),
    "getattr with a computed name on any object": (
        "", "def call_named(obj, name):\n    return getattr(obj, name)(1.0)\n", "Agent(2.0)"),
    "getattr with an f-string name that spells it": (
        "", "def call_named(obj, part):\n    return getattr(obj, f\"_{part}up\")(1.0)\n",
        "Agent(2.0)"),
    "getattr with its name and a default": (
        "", "def call_named(obj):\n    return getattr(obj, \"_setup\", None)(1.0)\n",
        "Agent(2.0)"),
    "getattr given its arguments unpacked": (
        "", "def call_named(pair):\n    return getattr(*pair)(1.0)\n", "Agent(2.0)"),
    "getattr with a computed name at the top level": (
        "", "NAME = 'x'\nHOOK = getattr(Agent(1.0), NAME)\n", "Agent(2.0)"),
    "through super() in a subclass": (
        "", "class Tuned(Agent):\n    def retune(self, scale):\n        super()._setup(scale)\n",
        "Tuned(2.0)"),
    "decorated": ("", "", "Agent(2.0)"),
    "called through the class": ("", "def retune(agent):\n    Agent._setup(agent, 3.0)\n",
                                 "Agent(2.0)"),
    "kept through the class": ("", "RETUNE = []\n\n\ndef keep():\n    hook = Agent._setup\n"
                               "    RETUNE.append(hook)\n", "Agent(2.0)"),
}


def _step(tmp_path: Path, case: str):
    extra, outside, made = LATER[case]
    source = AGENT.format(extra=extra, outside=outside, made=made)
    if case == "decorated":
        source = source.replace("    def _setup(", "    @staticmethod\n    def _unused():\n"
                                "        pass\n\n    @_trace\n    def _setup(")
        source = source.replace("class Agent:", "def _trace(f):\n    return f\n\n\nclass Agent:")
    root = write_project(tmp_path / "p", {"agent.py": source})
    return verdicts(analyse(root))["agent.py::Agent.step"]


def test_a_method_only_init_calls_sets_up_the_object(tmp_path: Path):
    report = _step(tmp_path, "none")
    assert report.precondition == "P1", report.failures


@pytest.mark.parametrize("case", sorted(set(LATER) - {"none"}))
def test_a_method_that_may_run_later_keeps_the_read_stale(tmp_path: Path, case: str):
    report = _step(tmp_path, case)
    assert report.transformation is None
    assert "HAS_STALE_READS" in [f.code for f in report.failures], report.failures


@pytest.mark.parametrize("outside", [
    # a lookup that cannot be the setup method: another name, a name it cannot spell
    "def read_other(obj):\n    return getattr(obj, 'scale', 1.0)\n",
    "def read_named(obj, part):\n    return getattr(obj, f'{part}_scale')\n",
    "def has_other(obj):\n    return hasattr(obj, 'offset')\n",
    # hasattr returns no method; vars(obj) holds the instance's attributes, not its methods
    "def has_named(obj, name):\n    return hasattr(obj, name)\n",
    "def settings(obj):\n    return dict(vars(obj))\n",
])
def test_a_lookup_that_cannot_get_the_method_keeps_it_a_setup_method(tmp_path: Path,
                                                                       outside: str):
    source = AGENT.format(extra="", outside=outside, made="Agent(2.0)")
    root = write_project(tmp_path / "p", {"agent.py": source})
    report = verdicts(analyse(root))["agent.py::Agent.step"]
    assert report.precondition == "P1", report.failures
    # the conversion this makes, run eagerly and as a tf.function: equal
    case = Case(args=lambda load: [(tf.ones((2, 3)),), (tf.zeros((1, 3)),), (tf.ones((4, 3)),)],
                instance=lambda load: load("agent").Agent(2.0))  # type: ignore[operator]
    assert differences("agent.py", "Agent.step", case, tree=Tree(root)) == []
