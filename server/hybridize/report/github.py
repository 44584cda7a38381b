"""GitHub Actions workflow commands: one `::warning`/`::notice` annotation per finding, shown on
the pull request's diff (https://docs.github.com/actions/reference/workflow-commands)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hybridize.analysis.model import AnalysisResult, FunctionReport
from hybridize.report.cells import cell_of


@dataclass(frozen=True)
class Finding:
    """What `check` reports as a result (SARIF result, GitHub annotation, --fail-on)."""

    report: FunctionReport
    rule: str  # a transformation (CONVERT_TO_HYBRID, ...) or a failure code
    warning: bool  # a tf.function that misbehaves, rather than a proposed transformation


def findings(result: AnalysisResult) -> Iterator[Finding]:
    for report in result.functions:
        if report.transformation is not None:
            yield Finding(report, report.transformation.value, False)
        elif report.hybrid and report.failures:
            failure = report.failures[0]
            # An undeterminable verdict is "unknown", not a defect to flag.
            if not failure.code.startswith("UNDETERMINABLE_"):
                yield Finding(report, failure.code, True)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _path(root: str, file: str) -> str:
    """The file as GitHub matches it: relative to the working directory (the checkout) when
    inside it, absolute otherwise."""
    path = Path(root) / file
    try:
        return Path(os.path.relpath(path)).as_posix() if path.resolve().is_relative_to(
            Path.cwd().resolve()) else path.as_posix()
    except ValueError:  # another drive (Windows)
        return path.as_posix()


def _line(result: AnalysisResult, file: str, line: int | None) -> str:
    """`,line=N`: in a notebook, the line of its JSON that holds the source line (GitHub
    annotates the file as text); nothing when there is no line."""
    from hybridize.report.cells import file_line

    shown = file_line(result, file, line)
    return f",line={shown}" if shown else ""


def render_github(result: AnalysisResult) -> str:
    lines = []
    for found in findings(result):
        report = found.report
        command = "warning" if found.warning else "notice"
        cell = cell_of(result, report.file, report.line)
        name = report.qualname if cell is None else \
            f"{report.qualname} (cell {cell[0]}, line {cell[1]})"
        lines.append(f"::{command} file={_property(_path(result.root, report.file))}"
                     f"{_line(result, report.file, report.line)},"
                     f"title={_property(found.rule)}::{_data(f'{name}: {report.reason}')}")
    from hybridize.report.sarif import unused_text  # sarif imports findings from here

    for unused in result.unused_ignores:  # only with --warn-unused-ignores
        lines.append(f"::warning file={_property(_path(result.root, unused.file))}"
                     f"{_line(result, unused.file, unused.line)},title=UNUSED_IGNORE::"
                     f"{_data(f'unused suppression: {unused_text(unused)}')}")
    for error in result.errors:
        where = _line(result, error.file, error.line)
        lines.append(f"::error file={_property(_path(result.root, error.file))}{where},"
                     f"title=hybridize::{_data(error.message)}")
    return "".join(line + "\n" for line in lines)
