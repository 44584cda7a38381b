"""facts.FactBuilder memoizes attribute_write per (attribute, objects) and related() per pair
(issue 15: 24,136 questions, 14,054 distinct, on 250 KLOC). The same attribute read from objects
of two unrelated classes, one written outside its set-up: the memo must tell them apart whatever
order the functions are built in, and give what the unmemoized question gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project
from hybridize.analysis import workspace
from hybridize.analysis.facts import FactBuilder

CLASSES = """
import tensorflow as tf


class Tuned:
    def __init__(self, rate):
        self.rate = rate


class Fixed:
    def __init__(self, rate):
        self.rate = rate


def retune(tuned):
    tuned.rate = 3.0
"""

READERS = {
    "use_tuned": "def use_tuned(tuned, x):\n    return x * tuned.rate\n",
    "use_fixed": "def use_fixed(fixed, x):\n    return x * fixed.rate\n",
}

MAIN = """

def main():
    tuned, fixed = Tuned(2.0), Fixed(2.0)
    first = use_tuned(tuned, tf.ones(3)), use_fixed(fixed, tf.ones(3))
    retune(tuned)
    return first, use_tuned(tuned, tf.ones(3)), use_fixed(fixed, tf.ones(3))
"""


@pytest.mark.parametrize("order", [("use_tuned", "use_fixed"), ("use_fixed", "use_tuned")])
def test_the_same_attribute_of_unrelated_classes(tmp_path: Path, order: tuple[str, str]) -> None:
    source = CLASSES + "\n\n" + "\n\n".join(READERS[name] for name in order) + MAIN
    root = write_project(tmp_path / "project", {"model.py": source})
    found = verdicts(analyse(root))
    stale = {name: [e.reason for e in found[f"model.py::{name}"].evidence.get(
        "stale_reads", [])] for name in order}
    assert [r for r in stale["use_tuned"] if r.startswith("reads .rate, which retune()")], stale
    assert stale["use_fixed"] == [], stale


def test_memoized_answers_are_the_unmemoized_ones(tmp_path: Path) -> None:
    source = CLASSES + "\n\n" + "\n\n".join(READERS.values()) + MAIN
    root = write_project(tmp_path / "project", {"model.py": source})
    summaries = [workspace.summarize_source(
        (root / "model.py").read_bytes(), "model.py", "model", "model", False, "d", None)]
    program, _ = workspace.resolve_program(summaries, None)
    builder = FactBuilder(program, False)
    mutated = builder.mutated_state()
    assert builder.mutated_state() is mutated  # one dict per builder: the memo's condition
    questions = [("rate", frozenset({"obj:model:Fixed"})), ("rate", frozenset({"obj:model:Tuned"})),
                 ("rate", frozenset({"obj:model:Fixed"})), ("rate", frozenset()),
                 ("other", frozenset({"obj:model:Tuned"}))]
    answers = [builder.attribute_write(attr, objects, mutated) for attr, objects in questions]
    fresh = FactBuilder(program, False)
    expected = [fresh._attribute_write(attr, objects, dict(fresh.mutated_state()))
                for attr, objects in questions]
    assert answers == expected
    assert answers[0] is None and answers[1] is not None and answers[3] is not None
    assert answers[4] is None
