"""CI conveniences of `hybridize check`: GitHub annotations, --fail-on and --exit-zero."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers_project import write_project
from hybridize.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
HYBRIDIZABLE = """
import tensorflow as tf

def double(x):
    return x * 2.0

double(tf.constant(1.0))
"""
# A tf.function with a Python side effect (a warning) and one that only costs (CONVERT_TO_EAGER).
WARNING = """
import tensorflow as tf

@tf.function
def step(x):
    print("traced, 100%, with: commas")
    return x * 2.0

step(tf.constant(1.0))
"""
EAGER_ONLY = """
import tensorflow as tf

@tf.function
def decay(epoch):
    return tf.pow(0.5, tf.cast(epoch // 2, tf.float32))

decay(3)
"""
NOTHING = "def add(a, b):\n    return a + b\n"


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    status = main(["check", str(tmp_path), "--no-cache", *flags])
    return status, capsys.readouterr().out


def test_github_format_annotates_each_finding_with_file_line_and_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    write_project(tmp_path, {"pkg/a.py": HYBRIDIZABLE, "pkg/b.py": WARNING, "bad.py": "def (:\n"})
    monkeypatch.chdir(tmp_path)
    status, out = check(tmp_path, capsys, "--format", "github")
    assert status == 0
    lines = out.splitlines()
    assert "::notice file=pkg/a.py,line=3,title=CONVERT_TO_HYBRID::double: " in lines[0]
    warning = next(line for line in lines if line.startswith("::warning"))
    assert warning.startswith(
        "::warning file=pkg/b.py,line=4,title=HAS_PYTHON_SIDE_EFFECTS::step: ")
    assert all("\n" not in line and "%0A" not in line.split("::")[1] for line in lines)
    error = next(line for line in lines if line.startswith("::error"))
    assert error.startswith("::error file=bad.py,line=1,title=hybridize::")


def test_github_format_escapes_what_would_end_the_command(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]):
    from hybridize.report.github import _data, _property

    assert _data("50% done\nnext") == "50%25 done%0Anext"
    assert _property("a,b:c") == "a%2Cb%3Ac"


@pytest.mark.parametrize(("files", "fail_on", "expected"), [
    ({"a.py": HYBRIDIZABLE}, "hybridize", 1),
    ({"a.py": HYBRIDIZABLE}, "warning", 0),
    ({"a.py": HYBRIDIZABLE}, "any", 1),
    ({"b.py": WARNING}, "warning", 1),
    ({"e.py": EAGER_ONLY}, "hybridize", 0),
    ({"e.py": EAGER_ONLY}, "warning", 0),
    ({"e.py": EAGER_ONLY}, "any", 1),
    ({"n.py": NOTHING}, "any", 0),
])
def test_fail_on_exits_1_only_when_its_condition_holds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], fail_on: str,
        expected: int):
    write_project(tmp_path, files)
    assert check(tmp_path, capsys, "--format", "json", "--fail-on", fail_on)[0] == expected


def test_exit_zero_wins_over_fail_on_and_the_default_stays_0(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]):
    write_project(tmp_path, {"a.py": HYBRIDIZABLE, "b.py": WARNING})
    assert check(tmp_path, capsys)[0] == 0
    assert check(tmp_path, capsys, "--fail-on", "any", "--exit-zero")[0] == 0
    assert check(tmp_path, capsys, "--fail-on", "any")[0] == 1


def test_pre_commit_hooks_run_check_and_fix_on_python_files():
    hooks = {hook["id"]: hook for hook in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"hybridize-check", "hybridize-fix"}
    # The whole repository is analysed (call sites in other files decide the verdicts).
    assert hooks["hybridize-check"]["entry"].split() == ["hybridize", "check", "."]
    assert hooks["hybridize-fix"]["entry"].split() == ["hybridize", "fix", "."]
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types_or"] == ["python"]
        assert hook["pass_filenames"] is False
    # The default arguments are ones `check` accepts.
    args = ["check", ".", *hooks["hybridize-check"]["args"]]
    assert build_parser().parse_args(args).fail_on == "warning"


def test_unused_suppressions_are_annotated_and_fail_any(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]):
    write_project(tmp_path, {"n.py": "def add(a, b):  # hybridize: ignore[IS_RECURSIVE]\n"
                                    "    return a + b\n"})
    status, out = check(tmp_path, capsys, "--format", "github", "--warn-unused-ignores",
                        "--fail-on", "any")
    assert status == 1
    assert out.startswith("::warning file=")
    assert "n.py,line=1,title=UNUSED_IGNORE::unused suppression: ignore[IS_RECURSIVE]" in out
    assert check(tmp_path, capsys, "--format", "github", "--fail-on", "any") == (0, "")
