"""`model.add(...)` right after `model = keras.Sequential()` sets the model up
(bodies.initialising_adds): the corpus's kerascall/sequential_adds.py steps are converted and
shown equal by tests/test_equivalence.py. Here what must stay declined, each run eagerly and as
a tf.function to show the difference: a workspace layer added (its Python counter), and an
`add` at a script's top level after a call of a function that runs the model."""

from __future__ import annotations

from pathlib import Path

import pytest
import tensorflow as tf
from equivalence import Case, Tree, differences
from hybridize.analysis import Settings, analyze

ROOT = Path(__file__).parent / "fixtures" / "sequential_adds"
TREE = Tree(ROOT)


@pytest.fixture(scope="module")
def verdicts() -> dict[str, object]:
    result = analyze([ROOT], Settings())
    return {f"{f.file}::{f.qualname}": f for f in result.functions}


def test_a_workspace_layer_added_declines_the_caller(verdicts: dict) -> None:
    report = verdicts["gated.py::forward"]
    assert report.transformation is None
    assert "HAS_STALE_READS" in [f.code for f in report.failures], report.failures

    def args(load):  # noqa: ANN001, ANN202 - the harness's loader
        model = load("gated").build()
        model(tf.ones((2, 4)))
        return [(model, tf.ones((2, 4))), (model, tf.ones((2, 4)) * 2.0),
                (model, tf.ones((3, 4)))]

    assert differences("gated.py", "forward", Case(args=args), tree=TREE) != []


def test_an_add_after_a_call_of_a_reader_declines_it(verdicts: dict) -> None:
    report = verdicts["late.py::apply"]
    assert report.transformation is None
    assert "HAS_STALE_READS" in [f.code for f in report.failures], report.failures

    def args(load):  # noqa: ANN001, ANN202
        return [(tf.ones((2, 3)),), (tf.ones((1, 3)),), (tf.ones((2, 3)) * 3.0,)]

    found = differences("late.py", "apply", Case(args=args), tree=TREE)
    assert any("second" in line for line in found), found
