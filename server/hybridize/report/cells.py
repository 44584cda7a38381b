"""Where a finding is, as a reader looks for it: `file:line`, or in a notebook the cell and
the line in that cell (the analysis counts lines in the module of the notebook's code cells)."""

from __future__ import annotations

from typing import Any

from hybridize.analysis.model import AnalysisResult


def cell_of(result: AnalysisResult, file: str | None, line: int | None
            ) -> tuple[int, int] | None:
    """(1-based cell number, line in the cell) of a module line of a notebook, else None."""
    notebook = result.notebooks.get(file or "")
    if notebook is None or line is None:
        return None
    return notebook.location(line)


def json_location(result: AnalysisResult, file: str | None, line: int | None) -> dict[str, Any]:
    """The `line` of a JSON report entry, and for a notebook its `cell` (CHECK-JSON.md)."""
    found = cell_of(result, file, line)
    return {"line": line} if found is None else {"line": found[1], "cell": found[0]}


def shown(result: AnalysisResult, file: str | None, line: int | None) -> str:
    """`line`, or `cell N, line M` in a notebook."""
    found = cell_of(result, file, line)
    return str(line) if found is None else f"cell {found[0]}, line {found[1]}"


def file_line(result: AnalysisResult, file: str, line: int | None) -> int | None:
    """The line of the file as text: in a notebook, the JSON line that holds the source line."""
    notebook = result.notebooks.get(file)
    if notebook is None or line is None:
        return line
    return notebook.file_line(line)
