"""Write small projects for tests: {relative path: source} -> a folder under tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hybridize.analysis import AnalysisResult, FunctionReport, Settings, analyze, workspace
from hybridize.analysis.program import Program


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


def analysed_program(root: Path, monkeypatch: pytest.MonkeyPatch) -> Program:
    """The whole-program state the engine decides from, for tests of the values themselves."""
    seen: dict[str, Program] = {}
    decide_all = workspace.decide_all

    def spy(program, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen["p"] = program
        return decide_all(program, *args, **kwargs)

    monkeypatch.setattr(workspace, "decide_all", spy)
    workspace.analyze([root], Settings())
    return seen["p"]
