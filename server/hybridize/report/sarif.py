"""SARIF 2.1.0 for code-scanning tools: one result per proposed transformation or warning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hybridize import __version__
from hybridize.analysis import codes
from hybridize.analysis.model import AnalysisResult, FunctionReport, UnusedIgnore
from hybridize.report.cells import cell_of, file_line
from hybridize.report.github import findings

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TRANSFORMATION_RULES = {
    "CONVERT_TO_HYBRID": "Convert eager function to hybrid (add @tf.function)",
    "CONVERT_TO_EAGER": "Optimize hybrid function: remove @tf.function",
    "RECONFIGURE": "Optimize hybrid function: add input_signature",
    "UNUSED_IGNORE": "A `# hybridize: ignore` comment that suppresses nothing",
}


def _rules() -> list[dict[str, Any]]:
    rules = [{"id": rule, "shortDescription": {"text": text}}
             for rule, text in TRANSFORMATION_RULES.items()]
    for code in codes.ALL_CODES.values():
        rules.append({"id": code.code, "shortDescription": {"text": code.title},
                      "fullDescription": {"text": code.why},
                      "help": {"text": code.advice}})
    return rules


def _location(result: AnalysisResult, file: str, line: int | None) -> dict[str, Any]:
    """A physical location; in a notebook, the line of the file's JSON that holds the source
    line (what a SARIF viewer shows), with the cell and its line as properties."""
    found = cell_of(result, file, line)
    start = file_line(result, file, line)
    location: dict[str, Any] = {"physicalLocation": {
        "artifactLocation": {"uri": file, "uriBaseId": "ROOT"},
        **({"region": {"startLine": start}} if start else {})}}
    if found is not None:
        location["properties"] = {"cell": found[0], "cellLine": found[1]}
    return location


def _result(result: AnalysisResult, report: FunctionReport, rule: str, level: str,
            message: str) -> dict[str, Any]:
    found = cell_of(result, report.file, report.line)
    where = "" if found is None else f" (cell {found[0]}, line {found[1]})"
    return {
        "ruleId": rule,
        "level": level,
        "message": {"text": f"{report.qualname}{where}: {message}"},
        "locations": [_location(result, report.file, report.line)],
    }


def to_sarif(result: AnalysisResult) -> dict[str, Any]:
    results = [_result(result, f.report, f.rule, "warning" if f.warning else "note",
                       f.report.reason) for f in findings(result)]
    for unused in result.unused_ignores:
        results.append({
            "ruleId": "UNUSED_IGNORE", "level": "warning",
            "message": {"text": f"unused suppression: {unused_text(unused)}"},
            "locations": [_location(result, unused.file, unused.line)]})
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "hybridize", "version": __version__,
                                "informationUri": "https://pypi.org/project/hybridize/",
                                "rules": _rules()}},
            "originalUriBaseIds": {"ROOT": {"uri": Path(result.root).as_uri() + "/"}},
            "results": results,
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": [
                {"level": "error", "message": {"text": e.message},
                 "locations": [_location(result, e.file, e.line)]}
                for e in result.errors]}],
        }],
    }


def unused_text(unused: UnusedIgnore) -> str:
    return "ignore (every code)" if unused.codes is None else f"ignore[{', '.join(unused.codes)}]"


def render_sarif(result: AnalysisResult) -> str:
    return json.dumps(to_sarif(result), indent=2) + "\n"
