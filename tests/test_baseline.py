"""`check --write-baseline FILE` records today's findings by (file, qualname, code) and
`check --baseline FILE` (or `baseline` in the configuration file) hides them: only new findings
are reported, the hidden ones are counted, and entries that match nothing any more are listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_project import write_project
from hybridize.cli import main

OPS = """
import tensorflow as tf

def double(x):
    return x * 2.0

double(tf.constant(1.0))
"""
STEP = """
import tensorflow as tf

@tf.function
def step(x):
    print("traced")
    return x * 2.0

step(tf.constant(1.0))
"""
NEW = """

def triple(x):
    return x * 3.0

triple(tf.constant(1.0))
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check", "--no-cache", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "proj", {"ops.py": OPS, "pkg/train.py": STEP})


def test_written_baseline_is_sorted_stable_and_line_free(project: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]):
    baseline = project / "hybridize-baseline.json"
    status, _, err = run(capsys, str(project), "--write-baseline", str(baseline))
    assert status == 0 and "wrote 2 findings" in err
    data = json.loads(baseline.read_text())
    assert data["findings"] == [
        {"file": "ops.py", "qualname": "double", "code": "CONVERT_TO_HYBRID"},
        {"file": "pkg/train.py", "qualname": "step", "code": "HAS_PYTHON_SIDE_EFFECTS"},
    ]
    first = baseline.read_bytes()
    # Lines move: the same bytes (no line numbers, no time); from another folder and another
    # PATH (the file's own folder names the files), the same bytes again.
    (project / "ops.py").write_text("# a comment\n\n" + (project / "ops.py").read_text())
    run(capsys, str(project / "pkg"), str(project / "ops.py"), "--write-baseline",
        str(baseline))
    assert baseline.read_bytes() == first


def test_baseline_hides_known_findings_and_reports_new_ones(project: Path,
                                                           capsys: pytest.CaptureFixture[str]):
    baseline = project / "hybridize-baseline.json"
    run(capsys, str(project), "--write-baseline", str(baseline))
    (project / "ops.py").write_text("\n\n" + (project / "ops.py").read_text() + NEW)

    status, out, _ = run(capsys, str(project), "--baseline", str(baseline), "--fail-on", "any")
    assert "triple" in out and "double" not in out and "step" not in out
    assert f"2 findings hidden by the baseline {baseline}" in out
    assert status == 1  # the new finding fails the build; the known ones do not

    status, out, _ = run(capsys, str(project), "--baseline", str(baseline), "--format", "json")
    report = json.loads(out)
    assert report["stats"]["baseline_hidden"] == 2
    assert [f["qualname"] for f in report["functions"]
            if f["transformation"] or f["failures"]] == ["triple"]
    assert report["unmatched_baseline"] == []

    # Fixing a finding leaves its entry unmatched: listed, like an unused suppression.
    (project / "pkg/train.py").write_text(STEP.replace('print("traced")', 'tf.print("traced")'))
    status, out, _ = run(capsys, str(project), "--baseline", str(baseline), "--exit-zero")
    assert "Baseline entries that match nothing" in out
    assert "pkg/train.py: step HAS_PYTHON_SIDE_EFFECTS" in out
    status, out, _ = run(capsys, str(project), "--baseline", str(baseline), "--format", "json")
    assert json.loads(out)["unmatched_baseline"] == [
        {"file": "pkg/train.py", "qualname": "step", "code": "HAS_PYTHON_SIDE_EFFECTS"}]
    status, out, _ = run(capsys, str(project), "--baseline", str(baseline), "--format", "github")
    assert "title=UNMATCHED_BASELINE_ENTRY::baseline entry matches nothing: pkg/train.py: " \
           "step HAS_PYTHON_SIDE_EFFECTS" in out


def test_baseline_from_the_configuration_file(project: Path, capsys: pytest.CaptureFixture[str]):
    (project / "ci").mkdir()
    run(capsys, str(project), "--write-baseline", str(project / "ci" / "known.json"))
    (project / "pyproject.toml").write_text('[tool.hybridize]\nbaseline = "ci/known.json"\n')
    status, out, err = run(capsys, str(project), "--fail-on", "any")
    assert status == 0 and "double" not in out and "2 findings hidden" in out, err
    (project / "pyproject.toml").write_text("[tool.hybridize]\nbaseline = 3\n")
    status, out, err = run(capsys, str(project))
    assert "[tool.hybridize] baseline must be a file name, not 3" in err
    assert "double" in out  # no baseline: everything reported


def test_a_bad_baseline_is_a_clear_error(project: Path, capsys: pytest.CaptureFixture[str]):
    missing = project / "none.json"
    status, out, err = run(capsys, str(project), "--baseline", str(missing))
    assert status == 2 and out == ""
    assert f"cannot use --baseline: {missing}: no such file" in err
    broken = project / "broken.json"
    broken.write_text('{"findings": 3')
    status, _, err = run(capsys, str(project), "--baseline", str(broken))
    assert status == 2 and "cannot be read as JSON" in err and "Traceback" not in err
    broken.write_text('{"format": "hybridize-baseline", "version": 1, "findings": [{"file": 1}]}')
    status, _, err = run(capsys, str(project), "--baseline", str(broken))
    assert status == 2 and "findings[0] must have the strings file, qualname and code" in err
