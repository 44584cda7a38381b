"""The analysis engine: pure Python, no LSP, no editor types, never imports the analysed code.

The names below are imported on first use (PEP 562): `import hybridize.analysis.result_cache`
(the command line's warm path) then does not import the whole engine."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hybridize.analysis.cache_file import default_cache_dir
    from hybridize.analysis.model import (
        AnalysisResult,
        Assumption,
        Evidence,
        Failure,
        FileError,
        FunctionReport,
        Refactoring,
        Span,
        Transformation,
    )
    from hybridize.analysis.settings import Settings
    from hybridize.analysis.workspace import Analyzer, analyze

_WHERE = {
    **dict.fromkeys(("AnalysisResult", "Assumption", "Evidence", "Failure", "FileError",
                     "FunctionReport", "Refactoring", "Span", "Transformation"), "model"),
    "Settings": "settings",
    "default_cache_dir": "cache_file",
    **dict.fromkeys(("Analyzer", "analyze"), "workspace"),
}

__all__ = [
    "AnalysisResult", "Analyzer", "Assumption", "Evidence", "Failure", "FileError",
    "FunctionReport", "Refactoring", "Settings", "Span", "Transformation", "analyze",
    "default_cache_dir",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:  # a submodule (`from hybridize.analysis import values`) is then imported
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
