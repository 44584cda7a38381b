"""An import inside a function binds what it binds at module level (bodies.visit_Import,
ModuleContext.import_target): `import tensorflow as tf` in a method makes `tf.linalg.band_part`
a TensorFlow op, not a method of an object of unknown type. An unknown library imported that
way stays unknown. The conversions run eagerly and as tf.function in the equivalence harness."""

from __future__ import annotations

from pathlib import Path

import pytest
import tensorflow as tf
from equivalence import Case, Tree, differences
from helpers_project import analyse, verdicts

ROOT = (Path(__file__).parent / "fixtures" / "local_imports").resolve()


def _inputs(load: object) -> list[tuple[tf.Tensor]]:
    return [
        (tf.reshape(tf.range(9, dtype=tf.float32), (3, 3)),),
        (tf.constant([[1.0, -2.0], [3.0, 4.0]]),),
        (tf.ones((2, 4, 4)),),
    ]


@pytest.fixture(scope="module")
def found() -> dict:
    return verdicts(analyse(ROOT))


@pytest.mark.parametrize("name", ["banded", "normalized"])
def test_converted_and_equal(found: dict, name: str):
    report = found[f"attention.py::{name}"]
    assert report.precondition == "P1", report.reason
    assert differences("attention.py", name, Case(args=_inputs), tree=Tree(ROOT)) == []


def test_an_unknown_library_imported_inside_stays_unknown(found: dict):
    report = found["attention.py::logged"]
    assert report.transformation is None
    assert report.failures[0].code == "UNDETERMINABLE_SIDE_EFFECTS"
    assert "wandb.log" in report.failures[0].message
