"""Write small projects for tests: {relative path: source} -> a folder under tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hybridize.analysis import AnalysisResult, FunctionReport, Settings, analyze


def write_project(root: Path, files: dict[str, str]) -> Path:
    for rel, source in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return root


def analyse(root: Path, **settings: bool) -> AnalysisResult:
    return analyze([root], Settings(**settings))


def verdicts(result: AnalysisResult) -> dict[str, FunctionReport]:
    return {f"{r.file}::{r.qualname}": r for r in result.functions}
