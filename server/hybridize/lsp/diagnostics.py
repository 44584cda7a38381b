"""Verdicts -> diagnostics: a hint where a function can be hybridized, information where a
tf.function should change, a warning where a tf.function misbehaves, an error for a file that
does not parse. Declined eager functions get none (the hover explains them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lsprotocol import types

from hybridize.analysis.model import FileError, FunctionReport, Transformation
from hybridize.lsp.documents import TextView, uri_of
from hybridize.lsp.settings import ServerSettings

SOURCE = "hybridize"
# The one place that says where the documentation is: each code's section of preconditions.md
# has the code, lower-cased, as its anchor (P1 ... P6 for the transformations). The package is
# installed from a checkout today (it is not on PyPI): the checkout's docs/ folder, as a file URI
# (offline, in every editor). An install without it gets no links rather than invented ones.
_PRECONDITIONS = Path(__file__).resolve().parents[3] / "docs" / "preconditions.md"
PRECONDITIONS_URL = _PRECONDITIONS.as_uri() if _PRECONDITIONS.is_file() else ""
KIND_OF = {
    Transformation.CONVERT_TO_HYBRID: "convertToHybrid",
    Transformation.CONVERT_TO_EAGER: "convertToEager",
    Transformation.RECONFIGURE: "reconfigure",
}
PREFIX = {
    Transformation.CONVERT_TO_HYBRID: "Can be hybridized with @tf.function",
    Transformation.CONVERT_TO_EAGER: "Better eager (remove @tf.function)",
    Transformation.RECONFIGURE: "Can add an input_signature",
}


def doc_url(code: str | None) -> str:
    """The documentation of a failure code or precondition (P1 ...); the page itself for None;
    "" when the documentation is not installed."""
    if not PRECONDITIONS_URL:
        return ""
    return f"{PRECONDITIONS_URL}#{code.lower()}" if code else PRECONDITIONS_URL


def description(anchor: str | None) -> types.CodeDescription | None:
    url = doc_url(anchor)
    return types.CodeDescription(href=url) if url else None


def code_description(report: FunctionReport, code: str) -> types.CodeDescription | None:
    # A transformation is documented under the precondition that allows it, a repair too.
    if report.transformation is None and report.repairs and code == report.repairs[0].kind:
        return description(report.repairs[0].precondition)
    return description(report.precondition if report.transformation is not None else code)


def diagnostic_kind(report: FunctionReport) -> tuple[str, str] | None:
    """(settings kind, code) of the diagnostic a verdict gets, or None. A repair that keeps
    the graph (retracing, a deprecated argument) is information, like a reconfiguration."""
    if report.transformation is not None:
        return KIND_OF[report.transformation], report.transformation.value
    if report.hybrid and report.failures and \
            not report.failures[0].code.startswith("UNDETERMINABLE_"):
        return "warning", report.failures[0].code
    if report.repairs:
        return "reconfigure", report.repairs[0].kind
    return None


def retracing_message(report: FunctionReport) -> str | None:
    """The argument that retraces and the call sites that pass it Python values, with the
    repair that keeps the graph; None without such a repair."""
    repair = next((r for r in report.repairs if r.kind == "PASS_TENSOR_ARGUMENTS"), None)
    if repair is None:
        return None
    sites = ", ".join(f"{s.file}:{s.line}" for s in repair.sites[:4])
    more = f" and {len(repair.sites) - 4} more" if len(repair.sites) > 4 else ""
    return (f"Retraces for every new Python value of `{repair.parameter}` (passed at "
            f"{sites}{more}): keep the graph, {repair.message}")


def function_diagnostic(report: FunctionReport, view: TextView, root: str,
                        settings: ServerSettings, verified: str | None = None
                        ) -> types.Diagnostic | None:
    """`verified`: what the latest verify report says of the proposal (lsp/verdicts.py),
    added to the message."""
    kind = diagnostic_kind(report)
    if kind is None:
        return None
    severity = settings.severity_of(kind[0])
    if severity is None:
        return None
    setting, code = kind
    retracing = retracing_message(report)
    if retracing is not None:
        message = retracing + ("; or remove @tf.function" if report.transformation is
                               Transformation.CONVERT_TO_EAGER else "")
    elif report.transformation is not None:
        reason = report.reason.removeprefix("safe to hybridize: ")
        message = f"{PREFIX[report.transformation]}: {reason}"
    elif setting == "reconfigure":  # a repair alone: a deprecated decorator argument
        message = f"tf.function {report.repairs[0].message}"
    else:
        message = f"tf.function {report.reason}"
    if verified:
        message = f"{message} ({verified})"
    related = []
    for failure in report.failures[:5]:
        if failure.file and failure.line:
            related.append(types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri_of(f"{root}/{failure.file}"),
                                        range=_line_range(failure.line)),
                message=f"{failure.code}: {failure.message}"))
    return types.Diagnostic(
        range=view.name_range(report), message=message, severity=severity, code=code,
        code_description=code_description(report, code), source=SOURCE,
        tags=settings.tags_of(setting), related_information=related or None,
        data={"qualname": report.qualname, "line": report.line, "kind": setting})


def error_diagnostic(error: FileError, view: TextView | None) -> types.Diagnostic:
    line = error.line or 1
    rng = view.line_range(line) if view is not None else _line_range(line)
    return types.Diagnostic(range=rng, message=f"Hybridize could not analyse this file: "
                            f"{error.message}", severity=types.DiagnosticSeverity.Error,
                            code="SYNTAX_ERROR" if error.line else "UNREADABLE", source=SOURCE,
                            code_description=description(None))


def _line_range(line: int) -> types.Range:
    return types.Range(types.Position(line=max(line - 1, 0), character=0),
                       types.Position(line=max(line - 1, 0), character=0))


def file_diagnostics(reports: list[FunctionReport], errors: list[FileError], view: TextView,
                     root: str, settings: ServerSettings,
                     verified: Callable[[FunctionReport], str | None] | None = None
                     ) -> list[types.Diagnostic]:
    out = [error_diagnostic(error, view) for error in errors]
    for report in reports:
        diagnostic = function_diagnostic(report, view, root, settings,
                                         verified(report) if verified else None)
        if diagnostic is not None:
            out.append(diagnostic)
    return out
