"""The text report states an assumption that several verdicts make once, below the files, and
refers to it by code and note number per function; one made by a single verdict is said where it
is made (report/text.py). The JSON report keeps every message per function (CHECK-JSON.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_project import write_project
from hybridize.cli import main

PROJECT = """
import tensorflow as tf


def scale(x):
    return x * 2.0


def shift(x):
    return x + 1.0


def main():
    scale(tf.ones((2, 2)))
    shift(tf.ones((2, 2)))
"""

ONE = """
import tensorflow as tf


def scale(x):
    return x * 2.0


def main():
    scale(tf.ones((2, 2)))
"""


def run(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    capsys.readouterr()
    assert main(["check", str(root), "--no-cache", "--no-config", *extra]) == 0
    return capsys.readouterr().out


def test_a_shared_assumption_is_stated_once(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = write_project(tmp_path / "p", {"ops.py": PROJECT})
    report = json.loads(run(root, capsys, "--format", "json"))
    stated = {f["qualname"]: f["assumptions"] for f in report["functions"]}
    assert [a["code"] for a in stated["scale"]] == ["TRACE_TIME_ERRORS"]
    assert stated["scale"] == stated["shift"]  # the JSON report: each function, in full
    message = stated["scale"][0]["message"]
    text = run(root, capsys)
    assert text.count(message) == 1
    lines = text.splitlines()
    assert lines.count(f"{'':14}assumes TRACE_TIME_ERRORS [1]") == 2
    notes = lines.index("Assumptions of several verdicts")
    assert lines[notes + 1] == f"  [1] TRACE_TIME_ERRORS (2 functions): {message}"
    assert notes > max(i for i, line in enumerate(lines) if "assumes" in line)


def test_an_assumption_of_one_verdict_is_said_where_it_is_made(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_project(tmp_path / "p", {"ops.py": ONE})
    text = run(root, capsys)
    assert "Assumptions of several verdicts" not in text
    assert f"{'':14}assumes TRACE_TIME_ERRORS: inputs that make an op fail" in text


UNICODE = """
import tensorflow as tf


def größe(x):
    return x * 2.0


def noisy(x):
    print("\\tä", x)
    return x


def main():
    größe(tf.ones((2, 2)))
    noisy(tf.ones((2, 2)))
    [größe(tf.ones(1)) for _ in range(3)]
"""


@pytest.mark.parametrize("verbose", [False, True])
def test_lines_written_directly_are_those_rich_prints(tmp_path: Path, verbose: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """To a file or a pipe, printable ASCII lines are written without rich (report/text.py
    _Lines); the report is the same as rich's, the non-ASCII lines included."""
    import io

    from hybridize.analysis import analyze
    from hybridize.report import text

    root = write_project(tmp_path / "p", {"ops.py": PROJECT, "uni.py": UNICODE})
    result = analyze([root, Path(__file__).parents[1] / "examples"])
    assert any(not r.qualname.isascii() for r in result.functions)

    def rendered(color: bool | None) -> str:
        out = io.StringIO()
        text.render_text(result, out, color=color, verbose=verbose)
        return out.getvalue()

    direct = rendered(None), rendered(False)
    monkeypatch.setattr(text._Lines, "print", lambda self, line: self.console.print(line))
    assert direct == (rendered(None), rendered(False))


def test_batched_lines_on_a_terminal_are_those_printed_one_by_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal (colour, wrapped at its width), lines go to rich in batches: the same
    output as one call per line, long lines wrapped the same."""
    import io

    from hybridize.analysis import analyze
    from hybridize.report import text

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    root = write_project(tmp_path / "p", {"ops.py": PROJECT, "uni.py": UNICODE})
    result = analyze([root])
    monkeypatch.setenv("COLUMNS", "70")

    def rendered() -> str:
        out = Terminal()
        text.render_text(result, out, color=True, verbose=True)
        return out.getvalue()

    monkeypatch.setattr(text, "BATCH_LINES", 3)
    batched = rendered()
    monkeypatch.setattr(text, "BATCH_LINES", 1)
    assert batched == rendered()
    assert "\x1b[" in batched and max(map(len, batched.splitlines())) > 70  # colours, wrapped
