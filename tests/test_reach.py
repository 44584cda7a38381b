"""The refactorable share (issue 12, "Measure it"): which functions are candidates, which of them
are refactorable, and how `hybridize check` reports it (JSON `stats`, the text summary).

Counted as analysis/reach.py says: a candidate is a tf.function or an eager function with a
tensor parameter; it is refactorable when the engine proposes any transformation for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_project import write_project
from hybridize.analysis import analyze
from hybridize.analysis.reach import measure_reach
from hybridize.cli import main

# One function per row of the definition, with the verdict the engine gives it today.
PROJECT = """
import tensorflow as tf


def double(x):  # eager, a tensor argument, converted: candidate, refactorable
    return x * 2.0


def log_it(x):  # eager, a tensor argument, declined: candidate
    print(x)
    return x + 1.0


def label(name):  # eager, only a string: not a candidate
    return name.upper()


def never_called(x):  # eager, arguments unknown: not a candidate
    return tf.abs(x)


@tf.function
def step(x):  # a tf.function in its best form: candidate, kept as is
    return x + 1.0


@tf.function
def decay(epoch):  # a tf.function given Python ints only: candidate, made eager
    return tf.pow(0.5, tf.cast(epoch // 2, tf.float32))


double(tf.constant(1.0))
log_it(tf.constant(2.0))
label("a")
step(tf.constant(1.0))
decay(3)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_project(tmp_path, {"model.py": PROJECT})
    return tmp_path


def verdicts(project: Path) -> dict[str, str | None]:
    result = analyze([project])
    return {r.qualname: r.transformation.value if r.transformation else None
            for r in result.functions}


def test_candidates_are_tf_functions_and_eager_functions_that_take_tensors(project: Path) -> None:
    assert verdicts(project) == {"double": "CONVERT_TO_HYBRID", "log_it": None, "label": None,
                                 "never_called": None, "step": None,
                                 "decay": "CONVERT_TO_EAGER"}
    reach = measure_reach(analyze([project]).functions)
    assert (reach.candidates_eager, reach.candidates_hybrid) == (2, 2)
    assert reach.candidates == 4 and reach.refactorable == 2 and reach.share == 0.5
    assert reach.proposals == {"CONVERT_TO_HYBRID": 1, "CONVERT_TO_EAGER": 1, "RECONFIGURE": 0}
    assert reach.declined == {"HAS_PYTHON_SIDE_EFFECTS": 1}
    assert reach.kept_as_is == 1


def test_json_stats_carry_the_share_and_its_parts(project: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(project), "--no-cache", "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)["stats"]
    assert {k: v for k, v in stats.items() if k != "seconds"} == {
        "files": 1, "functions": 6, "candidates": 4, "candidates_eager": 2,
        "candidates_hybrid": 2, "refactorable": 2, "refactorable_share": 0.5,
        "proposals": {"CONVERT_TO_HYBRID": 1, "CONVERT_TO_EAGER": 1, "RECONFIGURE": 0},
        "declined": {"HAS_PYTHON_SIDE_EFFECTS": 1}, "kept_as_is": 1}


def test_text_summary_states_the_share_and_what_a_candidate_is(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(project), "--no-cache"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "refactorable: 2 of 4 candidate functions (50.0%); candidates are the eager " \
        "functions that take a tensor (2) and the tf.functions (2)" in out


def test_no_candidate_gives_no_share(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_project(tmp_path, {"plain.py": "def add(a, b):\n    return a + b\n\nadd(1, 2)\n"})
    assert main(["check", str(tmp_path), "--no-cache", "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)["stats"]
    assert stats["candidates"] == 0 and stats["refactorable_share"] is None
    assert main(["check", str(tmp_path), "--no-cache"]) == 0
    assert "refactorable: 0 of 0 candidate functions;" in capsys.readouterr().out
