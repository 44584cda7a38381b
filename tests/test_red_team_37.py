"""Wrong proposals found by session 37's red team of the proposals on gpflow, spektral, psiz,
tensorflow-recommenders and tf2rl (every proposal run as written and as converted, on what the
projects' callers pass and on edge inputs), each fixed in the engine: the target is no longer
converted, and running the program as written and with `@tf.function` added shows the
difference. The engine of the session's start converted each target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers_project import analyse, verdicts
from test_red_team_33 import _changed

ROOT = (Path(__file__).parent / "fixtures" / "red_team_37").resolve()

# (file, target, code of the decline)
CASES = [
    ("weight_argument.py", "transpose", "HAS_TRACE_DEPENDENT_CODE"),
    ("stale_variable.py", "transpose", "HAS_TRACE_DEPENDENT_CODE"),
    ("variable_list.py", "squared_norm", "HAS_TRACE_DEPENDENT_CODE"),
]
# Declined for what a caller outside the analysed code passes (run by the test itself).
OUTSIDE = [
    ("casting_conversion.py", "line_graph", "HAS_TRACE_DEPENDENT_CODE",
     "line_graph(np.array([[1.0, 1.0], [1.0, 1.0]]))"),
]


@pytest.fixture(scope="module")
def found() -> dict:
    return verdicts(analyse(ROOT))


@pytest.mark.parametrize("file, target, code", CASES + [case[:3] for case in OUTSIDE])
def test_the_engine_no_longer_converts_it(found: dict, file: str, target: str,
                                          code: str) -> None:
    report = found[f"{file}::{target}"]
    assert report.transformation is None, report.reason
    assert code in {f.code for f in report.failures}, report.reason


@pytest.mark.parametrize("file, target, code, call", OUTSIDE)
def test_the_conversion_would_have_changed_what_an_outside_caller_gets(
        file: str, target: str, code: str, call: str) -> None:
    source = (ROOT / file).read_text(encoding="utf-8")
    driver = f"\n\nimport numpy as np\n\n\ndef main():\n    return {call}\n"
    changed = _changed(source, target, "add")
    assert changed != source
    assert not _outcome_apart(source + driver, file).startswith("raised")
    assert _outcome_apart(changed + driver, file) == "raised ValueError"


def test_a_caller_that_passes_what_it_computed_is_still_converted(found: dict) -> None:
    """The control: edge_laplacian gives line_graph a float32 tensor it made itself."""
    report = found["casting_conversion.py::edge_laplacian"]
    assert report.transformation is not None, report.reason


def _outcome_apart(source: str, file: str) -> str:
    """`_outcome` in a fresh interpreter: under pytest something keeps the first fold's layer
    alive (its variable is never deleted, so the stale trace never fails); run apart it is
    collected as in a user's program."""
    probe = ("import sys\nsys.path.insert(0, sys.argv[1])\n"
             "from test_red_team_33 import _outcome\n"
             "print(_outcome(sys.stdin.read(), sys.argv[2]))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(Path(__file__).parent), file],
                          input=source, capture_output=True, text=True, check=True, timeout=300)
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("file, target, code", CASES)
def test_the_conversion_would_have_changed_behaviour(file: str, target: str, code: str) -> None:
    source = (ROOT / file).read_text(encoding="utf-8")
    changed = _changed(source, target, "add")
    assert changed != source
    assert not _outcome_apart(source, file).startswith("raised")
    assert _outcome_apart(changed, file).startswith("raised")


def test_a_layer_whose_weights_stay_inside_it_is_still_converted(found: dict) -> None:
    """The control: the layer's `call`, which reads its weight itself (a converted caller runs
    the helper as Python code, which takes any variable)."""
    report = found["weight_argument.py::Attention.call"]
    assert report.transformation is not None, report.reason


def test_a_grid_states_that_an_empty_float32_axis_kills_the_process(found: dict) -> None:
    """gpflow's list_to_flat_grid (a red team of session 37): as written an empty float32 axis
    gives an empty grid; converted, the process dies of SIGFPE. An edge input its callers never
    pass: the conversion stays, and its EMPTY_RESHAPE assumption says so (it spoke of a
    reshape's shape only)."""
    report = found["empty_grid.py::list_to_flat_grid"]
    assert report.transformation is not None, report.reason
    stated = {a.code: a.message for a in report.assumptions}
    assert "meshgrid" in stated.get("EMPTY_RESHAPE", "") and \
        "kills the process" in stated["EMPTY_RESHAPE"], stated
    source = (ROOT / "empty_grid.py").read_text(encoding="utf-8")
    empty = "\n\ndef main():\n    return list_to_flat_grid([tf.ones(2), tf.zeros(0)]).shape\n"
    assert _outcome_apart(source + empty, "empty_grid.py") == "TensorShape([0, 2])"
    changed = _changed(source, "list_to_flat_grid", "add") + empty
    probe = ("import sys\nsys.path.insert(0, sys.argv[1])\n"
             "from test_red_team_33 import _outcome\n"
             "print(_outcome(sys.stdin.read(), sys.argv[2]))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(Path(__file__).parent),
                           "empty_grid.py"], input=changed, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == -8, (done.returncode, done.stdout[-300:])  # SIGFPE
