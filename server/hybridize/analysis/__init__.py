"""The analysis engine: pure Python, no LSP, no editor types, never imports the analysed code."""

from hybridize.analysis.decide import Settings
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
from hybridize.analysis.workspace import Analyzer, analyze, default_cache_dir

__all__ = [
    "AnalysisResult", "Analyzer", "Assumption", "Evidence", "Failure", "FileError",
    "FunctionReport", "Refactoring", "Settings", "Span", "Transformation", "analyze",
    "default_cache_dir",
]
