"""`--speculative`: functions nothing calls, judged under a stated assumption from their body."""

from __future__ import annotations

import json
from pathlib import Path

from helpers_project import write_project
from hybridize.cli import main

LIBRARY = """
import tensorflow as tf

def project(x, w):
    return x @ w

def train_step(images, labels):
    return images

def gated(x):
    if x > 0:
        return tf.sqrt(x)
    return tf.zeros_like(x)

def normalise(x):
    return helper(x) / tf.cast(tf.shape(x)[0], x.dtype)

def helper(v):
    return tf.reduce_sum(v, axis=0)

def repeat_rows(x, n):
    return tf.repeat(x, n, axis=0)
"""


def _check(tmp_path: Path, capsys, *flags: str) -> dict[str, dict]:
    write_project(tmp_path, {"lib.py": LIBRARY})
    assert main(["check", str(tmp_path), "--format", "json", "--no-cache", *flags]) == 0
    report = json.loads(capsys.readouterr().out)
    return {f["qualname"]: f for f in report["functions"]}


def test_off_by_default(tmp_path: Path, capsys) -> None:
    functions = _check(tmp_path, capsys)
    assert all(f["transformation"] is None for f in functions.values())
    assert not any(f["speculative"] for f in functions.values())


def test_body_evidence_and_labels(tmp_path: Path, capsys) -> None:
    functions = _check(tmp_path, capsys, "--speculative")
    project = functions["project"]
    assert project["transformation"] == "CONVERT_TO_HYBRID" and project["speculative"] is True
    # Every conversion also states TRACE_TIME_ERRORS (decide.py): the speculative one is first.
    assumption, *others = project["assumptions"]
    assert assumption["code"] == "SPECULATIVE_ANALYSIS"
    assert [a["code"] for a in others] == ["TRACE_TIME_ERRORS"]
    assert "`x` is used with `@` (line 4)" in assumption["message"]
    # The name alone is no evidence: train_step does nothing tensor-like with its arguments.
    assert functions["train_step"]["transformation"] is None
    assert functions["train_step"]["speculative"] is False
    # Only an op's operand is evidence: `n` is tf.repeat's count, often a Python int.
    assert functions["repeat_rows"]["transformation"] is None
    # The assumed tensor is checked like a call site's: a Python `if` on it is a hazard.
    assert functions["gated"]["failures"][0]["code"] == "HAS_TENSOR_DEPENDENT_CONTROL_FLOW"
    # What a speculative function passes on is speculative too.
    helper = functions["helper"]
    assert helper["transformation"] == "CONVERT_TO_HYBRID" and helper["speculative"] is True
    assert "normalise passes a tensor as `v`, which holds under the assumption" in \
        helper["assumptions"][0]["message"]


def test_text_report_names_the_assumption(tmp_path: Path, capsys) -> None:
    write_project(tmp_path, {"lib.py": LIBRARY})
    assert main(["check", str(tmp_path), "--no-cache", "--speculative"]) == 0
    out = capsys.readouterr().out
    assert "assumes SPECULATIVE_ANALYSIS" in out and "`w` is used with `@`" in out


def test_returning_an_argument_and_outside_reads(tmp_path: Path, capsys) -> None:
    """A fifth soundness audit (session 21): `as_matrix` returns its argument as given in one
    branch, `with_norm` inside a tuple: converted, `as_matrix(t) is t` turned False and a
    tf.Variable given to `with_norm` came back as a tensor without `assign`, for callers the
    engine does not see. `safe_log` reads `EPSILON`, which such a caller may rebind
    (`ops.EPSILON = 1.0`): the assumption now says so."""
    write_project(tmp_path, {"ops.py": """
import tensorflow as tf

EPSILON = 1e-3

def as_matrix(x):
    if x.shape.rank == 1:
        return tf.reshape(x, [1, -1])
    return x

def with_norm(x):
    return x, tf.norm(x)

def safe_log(x):
    return tf.math.log(tf.nn.relu(x) + EPSILON)
"""})
    assert main(["check", str(tmp_path), "--format", "json", "--no-cache", "--speculative"]) == 0
    functions = {f["qualname"]: f for f in json.loads(capsys.readouterr().out)["functions"]}
    for name in ("as_matrix", "with_norm"):
        failure = functions[name]["failures"][0]
        assert functions[name]["transformation"] is None
        assert "returns its argument `x` as it was given" in failure["message"], failure
    safe_log = functions["safe_log"]
    assert safe_log["transformation"] == "CONVERT_TO_HYBRID"
    assert "callers outside the analysed files do not change what it reads between calls " \
        "(`EPSILON`)" in safe_log["assumptions"][0]["message"]
