"""analysis/grown_lists.py: a local list that is only `[]`, appended to and returned.

Measured here with TF 2.21: a tf.function returns an empty list as an empty list and a list of
appended tensors as a list of tensors (the case the rule lets through), and a float appended
comes back as a tensor (the case the values keep declined). The verdicts of
tests/corpus/realcode/grown_lists.py are in tests/corpus_expected.py, the harness runs the
converted function both ways (tests/equivalence_cases.py); the verdict test below fails
without the rule (level_outputs was UNDETERMINABLE_CONSTRUCT: returns a Python list, tuple or
dict)."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tensorflow as tf
from hybridize.analysis import grown_lists

CORPUS = Path(__file__).parent / "corpus" / "realcode" / "grown_lists.py"


def grown(source: str) -> frozenset[str]:
    fn = ast.parse(textwrap.dedent(source)).body[0]
    assert isinstance(fn, ast.FunctionDef)
    names = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and
             isinstance(n.ctx, ast.Store)}
    return grown_lists.grown_lists(fn.body, names)


def test_appended_and_returned() -> None:
    assert grown("""
        def f(x):
            a = []
            b = []
            for i in range(3):
                a.append(x * i)
                if i:
                    b.append(x)
            return a, b
        """) == {"a", "b"}
    assert grown("def f(x):\n    a = []\n    a.append(x)\n    return a\n") == {"a"}


@pytest.mark.parametrize("body", [
    "a = []\n    b = a\n    b.append(0.5)\n    a.append(x)",  # alias
    "a = []\n    g(a)\n    a.append(x)",  # argument to a call
    "a = []\n    a.append(x)\n    a[0] = 0.5",  # item write
    "a = []\n    a.extend(x)",  # extend (iterates its argument)
    "a = []\n    a.insert(0, x)",
    "a = []\n    a += [0.5]",
    "a = [x]\n    a.append(x)",  # not an empty display
    "a = []\n    a.append(x)\n    a = g()",  # bound to something else
    "a = []\n    for a in x:\n        pass",
    "a = []\n    a.append(x)\n    h = lambda: a.append(0.5)",  # nested scope
    "a = []\n    a.append(*x)",
    "a = []\n    a.append(x)\n    del a[0]",
    "a = []\n    y = a.append(x)",  # the call's result used
    "a = []\n    a.append(a)",
    "a = []\n    a.append(x)\n    print(len(a))",
])
def test_other_uses_keep_the_union(body: str) -> None:
    assert grown(f"def f(x):\n    {body}\n    return a, x\n") == frozenset()


def test_nonlocal_refused() -> None:
    assert grown("""
        def f(x):
            a = []
            def g():
                nonlocal a
                a = [0.5]
            a.append(x)
            return a
        """) == frozenset()


def _outputs(x: tf.Tensor, n: int) -> tuple[list, list]:
    scores, boxes = [], []
    for i in range(n):
        scores.append(x * float(i))
        boxes.append(tf.reduce_sum(x))
    return scores, boxes


@pytest.mark.parametrize("n", [0, 1, 3])
def test_graph_returns_the_lists(n: int) -> None:
    x = tf.constant([1.0, 2.0])
    eager = _outputs(x, n)
    traced = tf.function(_outputs)(x, n)
    assert type(traced) is type(eager) and [type(part) for part in traced] == [list, list]
    for got, want in zip(traced, eager, strict=True):
        assert len(got) == len(want) == n
        for g, w in zip(got, want, strict=True):
            assert tf.is_tensor(g) and g.numpy().tolist() == w.numpy().tolist()


def test_a_float_appended_comes_back_a_tensor() -> None:
    def with_float(x: tf.Tensor) -> list:
        out = []
        out.append(x)
        out.append(0.5)
        return out

    eager = with_float(tf.constant(1.0))
    traced = tf.function(with_float)(tf.constant(1.0))
    assert isinstance(eager[1], float) and tf.is_tensor(traced[1])


def test_verdicts(tmp_path: Path) -> None:
    shutil.copy(CORPUS, tmp_path / CORPUS.name)
    out = subprocess.run([sys.executable, "-m", "hybridize.cli", "check", "--format", "json",
                          "--no-cache", str(tmp_path)], capture_output=True, text=True,
                         check=False)
    report = {f["qualname"]: f for f in json.loads(out.stdout)["functions"]}
    assert report["level_outputs"]["transformation"] is not None
    assert report["level_outputs"]["failures"] == []
    for name in ("with_python_count", "through_alias", "filled_by_helper"):
        assert report[name]["transformation"] is None
        assert [f["code"] for f in report[name]["failures"]] == ["UNDETERMINABLE_CONSTRUCT"]
