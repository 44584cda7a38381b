"""scoped_assignments.LatestAssignments: a read of a local (or of a parameter assigned again)
sees the value of the latest straight-line assignment before it alone, when nothing can bind
or change the name in between; otherwise the union of every binding, as before.

Each test reads the values the engine gives a method call's receiver (`y.to(...)`, a method
TensorFlow tensors lack, whose result is of unknown kind): the tensor alone when the rule
holds, the tensor and the unknown result otherwise. What it unlocked on the eight real
projects (five helpers) ran eagerly and as tf.function with equal results (docs/analysis-rules.md,
"Reads after a straight-line assignment")."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analysed_program, write_project
from hybridize.analysis import values as V


def _receivers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str,
               method: str = "to") -> list[frozenset[str]]:
    """The expanded receiver values of each `.METHOD(...)` call in `f`, in line order."""
    write_project(tmp_path, {"m.py": "import tensorflow as tf\n\n\n" + body})
    program = analysed_program(tmp_path, monkeypatch)
    fn = program.functions["m:f"]
    return [program.expand(site.receiver) for site in sorted(fn.calls, key=lambda s: s.line)
            if site.method == method]


def _tensor_only(values: frozenset[str]) -> bool:
    return bool(values) and not V.has_unknown(values) and all(V.is_tensor(v) for v in values)


SEEN = [
    # the keras-hub shape: the rebinding inside an `if`, after a straight-line cast
    "def f(x, y):\n    y = tf.cast(y, tf.float32)\n    if x is not None:\n"
    "        y = y.to(x)\n    return y\n",
    # a local, rebound by the call on its own right side
    "def f(x):\n    y = tf.cast(x, tf.float32)\n    y = y.to(x)\n    return y\n",
    # reads in between that only read (arithmetic, a comparison)
    "def f(x):\n    y = tf.cast(x, tf.float32)\n    z = y + 1.0\n    w = y > 0\n"
    "    y = y.to(z, w)\n    return y\n",
    # a call written over several lines: its targets bind after the arguments are read
    "def f(x):\n    y = tf.cast(x, tf.float32)\n    y = g(\n        y.to(x),\n    )\n"
    "    return y\n\n\ndef g(v):\n    return v\n",
]


@pytest.mark.parametrize("body", SEEN)
def test_a_read_sees_the_latest_straight_line_assignment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    found = _receivers(tmp_path, monkeypatch, body)
    assert found and _tensor_only(found[0]), found


UNION = {
    "bound in a branch in between":
        "def f(x, c):\n    y = tf.cast(x, tf.float32)\n    if c:\n        y = h()\n"
        "    y = y.to(x)\n    return y\n\n\ndef h():\n    return object()\n",
    "a loop that binds it after the read":
        "def f(x):\n    y = tf.cast(x, tf.float32)\n    for _ in range(3):\n"
        "        y = y.to(x)\n    return y\n",
    "a method call in between (it may add to a list)":
        "def f(x):\n    y = tf.cast(x, tf.float32)\n    y.append(1)\n    y = y.to(x)\n"
        "    return y\n",
    "passed to a call in between":
        "def f(x):\n    y = tf.cast(x, tf.float32)\n    g(y)\n    y = y.to(x)\n    return y\n"
        "\n\ndef g(v):\n    return v\n",
    "two other uses on the read's line":
        "def f(x):\n    y = tf.cast(x, tf.float32)\n    y = y.to(g(y), y.to)\n    return y\n"
        "\n\ndef g(v):\n    return v\n",
    "a nested function mentions it":
        "def f(x):\n    y = tf.cast(x, tf.float32)\n    k = lambda: y\n    y = y.to(k)\n"
        "    return y\n",
    "a function made before may change it when called":
        "def f(x):\n    k = lambda: y.append(1)\n    y = tf.cast(x, tf.float32)\n    k()\n"
        "    y = y.to(x)\n    return y\n",
    "a generator expression mentions it (it reads later)":
        "def f(x):\n    y = tf.cast(x, tf.float32)\n    it = (y for _ in range(2))\n"
        "    y = y.to(it)\n    return y\n",
    "two targets bound on the read's line":
        "def f(x):\n    y = tf.cast(x, tf.float32)\n    y = y.to(x); y = y.to(x)\n"
        "    return y\n",
    "the first assignment is not on every path":
        "def f(x, c):\n    y = x\n    if c:\n        y = tf.cast(x, tf.float32)\n"
        "        y = y.to(x)\n    return y\n",
}


@pytest.mark.parametrize("case", sorted(UNION))
def test_otherwise_a_read_sees_every_binding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    found = _receivers(tmp_path, monkeypatch, UNION[case])
    assert found and not _tensor_only(found[-1]), found
