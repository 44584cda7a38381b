"""Wrong proposals of session 35's red team G (callers the engine types loosely, attributes set
where it does not look), each fixed in the engine: the target is no longer converted, and
running the program as written and with `@tf.function` added shows the difference (TensorFlow
runs it here, in this process: the labels come from running, not from what is expected).

tests/fixtures/red_team_35 holds one program per finding; `main()` calls the target. The
engine of the session's start proposed every one of them (checked with a copy of 07f132e)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts
from test_red_team_33 import _changed, _outcome

ROOT = (Path(__file__).parent / "fixtures" / "red_team_35").resolve()

# (file, target): each converted by the old engine
CASES = [
    # NumPy values kept in containers (values.HOLDS_NUMPY) or handed on by a builtin
    ("dict_of_arrays.py", "mse"),
    ("dict_builtin.py", "mse"),
    ("items_unpacked.py", "mse"),
    ("hparam_get.py", "weighted_loss"),
    ("zip_rows.py", "mse"),
    ("mapped_rows.py", "normalize"),
    ("sorted_key.py", "priority"),
    ("starred_batch.py", "mse"),
    # attributes set where the engine did not look
    ("exec_attribute.py", "Policy.mix"),
    ("partial_setattr.py", "Policy.mix"),
    ("replaced_dict.py", "Policy.mix"),
]


@pytest.fixture(scope="module")
def found() -> dict:
    return verdicts(analyse(ROOT))


@pytest.mark.parametrize("file, target", CASES)
def test_the_engine_no_longer_converts_it(found: dict, file: str, target: str) -> None:
    report = found[f"{file}::{target}"]
    assert report.transformation is None, report.reason


@pytest.mark.parametrize("file, target", CASES)
def test_the_conversion_would_have_changed_behaviour(file: str, target: str) -> None:
    source = (ROOT / file).read_text(encoding="utf-8")
    changed = _changed(source, target, "add")
    assert changed != source
    assert _outcome(source, file) != _outcome(changed, file)


def test_containers_of_tensors_stay_converted(tmp_path: Path) -> None:
    """The control: dicts, lists and `dict(...)` of tensors, and an attribute only read (in a
    workspace of its own: `exec` in another file may set any attribute of any object)."""
    source = (ROOT / "tensor_dicts.py").read_text(encoding="utf-8")
    (tmp_path / "tensor_dicts.py").write_text(source, encoding="utf-8")
    alone = verdicts(analyse(tmp_path))
    changed = source
    for target in ("mse", "Policy.mix"):
        report = alone[f"tensor_dicts.py::{target}"]
        assert report.transformation is not None, report.reason
        changed = _changed(changed, target, "add")
    assert changed.count("@tf.function") == 2
    assert _outcome(source, "tensor_dicts.py", digits=5) == \
        _outcome(changed, "tensor_dicts.py", digits=5)
