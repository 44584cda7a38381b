"""analysis/scoped_assignments.py: a parameter assigned again inside a `with` of a context manager
that never swallows an exception is, after that statement, only what the body assigned.

The table data/nonsuppressing_contexts.tsv is measured here: with each listed context manager a
ValueError raised in the body comes out of the `with`, eagerly and in a tf.function (TF 2.21).
The verdicts are in tests/corpus_expected.py (realcode/scoped_returns.py) and the harness runs
the converted functions both ways (tests/equivalence_cases.py)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import keras
import pytest
import tensorflow as tf
from hybridize.analysis import scoped_assignments

MAKERS: dict[str, Callable[[], Any]] = {
    "tensorflow.name_scope": lambda: tf.name_scope("s"),
    "tensorflow.compat.v1.name_scope": lambda: tf.compat.v1.name_scope("s"),
    "tensorflow.keras.name_scope": lambda: keras.name_scope("s"),
    "tensorflow.device": lambda: tf.device("/cpu:0"),
    "tensorflow.control_dependencies": lambda: tf.control_dependencies([]),
    "tensorflow.GradientTape": lambda: tf.GradientTape(),
}


def test_every_listed_context_is_measured() -> None:
    assert set(MAKERS) == scoped_assignments.NON_SUPPRESSING


@pytest.mark.parametrize("name", sorted(MAKERS))
@pytest.mark.parametrize("traced", [False, True], ids=["eager", "traced"])
def test_listed_context_never_swallows(name: str, traced: bool) -> None:
    make = MAKERS[name]

    def body(x: tf.Tensor) -> tf.Tensor:
        with make():
            x = x * 2.0
            raise ValueError("raised inside the with")
        return x  # unreachable unless the context manager swallowed the error

    run = tf.function(body) if traced else body
    with pytest.raises(ValueError, match="raised inside the with"):
        run(tf.constant(1.0))


def _replaced(source: str, shadowed: frozenset[str] = frozenset()) -> dict[str, int]:
    fn = ast.parse(source).body[0]
    assert isinstance(fn, ast.FunctionDef)
    imports = {"tf": "tensorflow", "contextlib": "contextlib"}

    def qualify(name: str) -> str | None:
        head, _, rest = name.partition(".")
        return f"{imports[head]}.{rest}" if head in imports and rest else None

    return scoped_assignments.replaced_after(fn.body, {"box"}, qualify, shadowed.__contains__)


def test_assignment_in_name_scope_replaces() -> None:
    src = ("def f(box):\n"
           "    with tf.name_scope('a'), tf.device('/cpu:0'):\n"
           "        with tf.name_scope('b'):\n"
           "            box = tf.concat([box, box], -1)\n"
           "    return box\n")
    assert _replaced(src) == {"box": 4}


@pytest.mark.parametrize("src", [
    # a context manager that may swallow the exception
    "def f(box):\n    with contextlib.suppress(ValueError):\n        box = g(box)\n"
    "    return box\n",
    # one listed item and one not
    "def f(box):\n    with tf.name_scope('a'), open('p'):\n        box = g(box)\n    return box\n",
    # under an `if` inside the scope: not on every path
    "def f(box, c):\n    with tf.name_scope('a'):\n        if c:\n            box = g(box)\n"
    "    return box\n",
    # not a call (a scope object made elsewhere)
    "def f(box):\n    with tf.name_scope:\n        box = g(box)\n    return box\n",
])
def test_other_withs_stay_opaque(src: str) -> None:
    assert _replaced(src) == {}


def test_shadowed_module_name_stays_opaque() -> None:
    src = "def f(box, tf):\n    with tf.name_scope('a'):\n        box = g(box)\n    return box\n"
    assert _replaced(src, frozenset({"tf"})) == {}
    assert _replaced(src) == {"box": 3}


def _final(source: str) -> set[str]:
    fn = ast.parse(source).body[0]
    assert isinstance(fn, ast.FunctionDef)
    found = scoped_assignments.final_assignments(
        fn.body, {"out", "acc"}, lambda name: "tensorflow." + name.partition(".")[2]
        if name.startswith("tf.") else None, lambda name: False)
    return set(found)


def test_last_assignment_read_only_after_is_final() -> None:
    src = ("def f(x):\n    out = []\n    for i in range(2):\n        out.append(x[i])\n"
           "    out = tf.stack(out)\n    return out, out + 1\n")
    assert _final(src) == {"out"}


@pytest.mark.parametrize("tail", [
    "    out.append(0.5)\n    return out\n",  # changed in place: the float is in the list
    "    fill(out)\n    return out\n",  # a callee may change it
    "    out[0].append(0.5)\n    return out\n",  # an item changed in place
    "    g = lambda: out\n    return g\n",  # read by a lambda that may run later
    "    if x:\n        out = x\n    return out\n",  # assigned again on one path
    "    for out in x:\n        pass\n    return out\n",  # a loop target
    "    del out\n    return x\n",
])
def test_later_change_or_escape_keeps_every_value(tail: str) -> None:
    src = "def f(x):\n    out = [x]\n" + tail
    assert _final(src) == set()


def test_nonlocal_in_nested_function_keeps_every_value() -> None:
    src = ("def f(x):\n    out = [x]\n    def g():\n        nonlocal out\n        out = 0.5\n"
           "    g()\n    return out\n")
    assert _final(src) == set()
