"""Cycles of placeholder values (`ys = [y * 2.0 for y in ys]`) are solved by a fixpoint per
strongly connected component: the values do not depend on which member is expanded first, no
partial value escapes, and a cycle that does not settle within the budget is widened to unknown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import write_project
from hybridize.analysis import program as program_module
from hybridize.analysis import values as V
from hybridize.analysis import workspace as W
from hybridize.analysis.program import Program

SOURCE = """
import tensorflow as tf


def double(v):
    return tf.multiply(v, 2.0)


def pipeline(x):
    ys = [x]
    ys = [y * 2.0 for y in ys]
    for y in ys:
        double(y)
    return ys


pipeline(tf.ones(3))
"""


def summaries(root: Path) -> list:
    workspace = W.discover([root])
    out = []
    for source in workspace.files:
        key, import_name, is_package = W.module_names(source.rel, set())
        out.append(W.summarize_source(source.path.read_bytes(), source.rel, key, import_name,
                                      is_package, "test"))
    return out


def cycle_values(modules: list, order: list[str]) -> dict[str, frozenset[str]]:
    program = Program(modules)
    program.run()
    program.memo.clear()
    return {name: program.expand(frozenset({f"v|app:pipeline|{name}"})) for name in order}


def test_a_cycle_has_the_same_values_whichever_member_is_expanded_first(tmp_path: Path) -> None:
    modules = summaries(write_project(tmp_path, {"app.py": SOURCE}))
    ys_first = cycle_values(modules, ["ys", "y"])
    y_first = cycle_values(modules, ["y", "ys"])
    assert ys_first == y_first
    # The fixpoint: a list of tensors whose elements are tensors. A read of `y` while `ys` was
    # being expanded used to see nothing, and `nothing * 2.0` gave a float: a list of unknown
    # things whose elements were unknown, depending on the order.
    assert ys_first == {"ys": {V.LIST_OF_TENSORS}, "y": {V.TENSOR}}


def test_the_values_flow_into_parameters_without_partial_results(tmp_path: Path) -> None:
    program = Program(summaries(write_project(tmp_path, {"app.py": SOURCE})))
    program.run()
    assert program.params["app:double"]["v"] == {V.TENSOR}


def test_a_cycle_over_budget_is_widened_to_unknown_never_partial(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modules = summaries(write_project(tmp_path, {"app.py": SOURCE}))
    monkeypatch.setattr(program_module, "MAX_CYCLE_ROUNDS", 1)  # not enough to settle
    widened = cycle_values(modules, ["ys", "y"])
    # Every member is unknown (plus what a round saw), so nothing downstream can be "safe"
    # because of a value that was still growing.
    assert widened == {"ys": {V.LIST_OF_TENSORS, V.UNKNOWN}, "y": {V.UNKNOWN}}
    program = Program(modules)
    program.run()
    assert V.UNKNOWN in program.params["app:double"]["v"]
