"""SARIF 2.1.0 for code-scanning tools: one result per proposed transformation or warning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hybridize import __version__
from hybridize.analysis import codes
from hybridize.analysis.model import AnalysisResult, FunctionReport, UnusedIgnore
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


def _result(report: FunctionReport, rule: str, level: str, message: str) -> dict[str, Any]:
    return {
        "ruleId": rule,
        "level": level,
        "message": {"text": f"{report.qualname}: {message}"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": report.file, "uriBaseId": "ROOT"},
            "region": {"startLine": report.line},
        }}],
    }


def to_sarif(result: AnalysisResult) -> dict[str, Any]:
    results = [_result(f.report, f.rule, "warning" if f.warning else "note", f.report.reason)
               for f in findings(result)]
    for unused in result.unused_ignores:
        results.append({
            "ruleId": "UNUSED_IGNORE", "level": "warning",
            "message": {"text": f"unused suppression: {unused_text(unused)}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": unused.file, "uriBaseId": "ROOT"},
                "region": {"startLine": unused.line}}}]})
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
                 "locations": [{"physicalLocation": {
                     "artifactLocation": {"uri": e.file, "uriBaseId": "ROOT"},
                     **({"region": {"startLine": e.line}} if e.line else {})}}]}
                for e in result.errors]}],
        }],
    }


def unused_text(unused: UnusedIgnore) -> str:
    return "ignore (every code)" if unused.codes is None else f"ignore[{', '.join(unused.codes)}]"


def render_sarif(result: AnalysisResult) -> str:
    return json.dumps(to_sarif(result), indent=2) + "\n"
