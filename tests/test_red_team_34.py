"""Wrong proposals of session 34's red teams A2 (objects a global shares with other code) and C
(Keras settings read by Keras functions), each
fixed in the engine: the target is no longer changed, and running the program as written and
with `@tf.function` added shows the difference (TensorFlow runs it here, in this process: the
labels come from running, not from what is expected).

tests/fixtures/red_team_34 holds one program per finding; `main()` calls the target. The
engine of the session's start proposed every one of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_project import analyse, verdicts
from test_red_team_33 import _changed, _outcome

ROOT = (Path(__file__).parent / "fixtures" / "red_team_34").resolve()

# (file, target): each converted by the old engine
CASES = [
    ("partial_setitem.py", "scaled"),
    ("default_argument.py", "scaled"),
    ("getattr_method.py", "scaled"),
    ("property_global.py", "scaled"),
    ("yielded_global.py", "scaled"),
    ("mapped_setitem.py", "scaled"),
    ("method_caller.py", "scaled"),
    ("starred_arguments.py", "scaled"),
    ("comprehension_alias.py", "scaled"),
    ("class_tuple_attribute.py", "total_loss"),
    ("constructor_part.py", "Trainer.scaled_grad"),
    ("unpacked_attribute.py", "Model.scaled_grad"),
    # Keras functions that read a global setting they are not given (red team C)
    ("keras_epsilon.py", "bce"),
    ("keras_floatx.py", "add_bias"),
    ("keras_data_format.py", "upsample"),
]
# Removals (red team D, C): the decorator taken off would change what callers get
REMOVALS = [
    ("returned_variable.py", "first_weights"),
    ("compared_quotient.py", "saturated_fraction"),
    ("numpy_shape_list.py", "normalize_batch"),
    ("shared_trace_types.py", "pad_value_like"),
    ("bool_int_trace.py", "fill_like"),
]


@pytest.fixture(scope="module")
def found() -> dict:
    return verdicts(analyse(ROOT))


EVERY = [(file, target, "add") for file, target in CASES] + \
    [(file, target, "remove") for file, target in REMOVALS]


@pytest.mark.parametrize("file, target, change", EVERY)
def test_the_engine_no_longer_proposes_the_change(found: dict, file: str, target: str,
                                                  change: str) -> None:
    report = found[f"{file}::{target}"]
    assert report.transformation is None, report.reason


@pytest.mark.parametrize("file, target, change", EVERY)
def test_the_change_would_have_changed_behaviour(file: str, target: str, change: str) -> None:
    source = (ROOT / file).read_text(encoding="utf-8")
    changed = _changed(source, target, change)
    assert changed != source
    assert _outcome(source, file) != _outcome(changed, file)


def test_a_global_only_read_printed_or_copied_deeply_stays_converted(found: dict) -> None:
    """The control: CONFIG given to a function that reads it, to logging and to
    copy.deepcopy; a tuple of numbers given to a class. Converted, and equal."""
    source = (ROOT / "reading_callers.py").read_text(encoding="utf-8")
    for target in ("scaled", "reshaped"):
        assert found[f"reading_callers.py::{target}"].transformation is not None, \
            found[f"reading_callers.py::{target}"]
        assert _outcome(source, "reading_callers.py") == _outcome(
            _changed(source, target, "add"), "reading_callers.py")
