"""Hover on a function's name or its tf.function decorator: the verdict in one line, each fact
with its evidence as a link, and what to change to make the refactoring possible."""

from __future__ import annotations

import re

from lsprotocol import types

from hybridize.analysis.codes import ALL_CODES
from hybridize.analysis.model import Evidence, FunctionReport, Transformation
from hybridize.lsp.diagnostics import doc_url
from hybridize.lsp.documents import TextView, uri_of

FACT_TITLES = {
    "tensor_parameter": "Tensor arguments",
    "primitive_parameter": "Python-value arguments",
    "side_effects": "Python side effects",
    "hazards": "Fails or misbehaves when traced",
    "stale_reads": "Reads Python state that changes",
    "recursive": "Recursion",
    "tensor_computation": "TensorFlow operations",
    "callers": "Callers",
}
HEADLINE = {
    Transformation.CONVERT_TO_HYBRID: "Can be hybridized: add `@tf.function` (P1)",
    Transformation.CONVERT_TO_EAGER: "Better eager: remove `@tf.function`",
    Transformation.RECONFIGURE: "Can be reconfigured: add an `input_signature` (P4)",
}


def headline(report: FunctionReport) -> str:
    if report.transformation is not None:
        text = HEADLINE[report.transformation]
        if report.transformation is Transformation.CONVERT_TO_EAGER:
            text += f" ({report.precondition})"
        return text
    if report.hybrid and report.failures and \
            not report.failures[0].code.startswith("UNDETERMINABLE_"):
        return f"`@tf.function` with a problem: {ALL_CODES[report.failures[0].code].title}"
    if report.hybrid:
        return "`@tf.function`, kept as it is"
    if report.failures:
        return f"Not hybridized: {ALL_CODES[report.failures[0].code].title}"
    return "Kept eager"


def _link(evidence: Evidence, root: str, markdown: bool) -> str:
    where = f"{evidence.file}:{evidence.line}"
    if not markdown:
        return where
    return f"[{where}]({uri_of(f'{root}/{evidence.file}')}#L{evidence.line})"


def _repair_link(precondition: str, markdown: bool) -> str:
    url = doc_url(precondition)
    return f"[{precondition}]({url})" if markdown and url else precondition


def render(report: FunctionReport, root: str, markdown: bool, verified: str | None = None) -> str:
    """`verified`: what the latest verify report says of the proposal (lsp/verdicts.py)."""
    bold = "**" if markdown else ""
    lines = [f"{bold}{headline(report)}{bold}", "", report.reason]
    if verified:
        lines += ["", verified if markdown else
                  re.sub(r"\\(.)", r"\1", verified.replace("\\`", "\0")).replace(
                      "`", "").replace("\0", "`")]
    facts = []
    for fact, items in report.evidence.items():
        title = FACT_TITLES.get(fact)
        if title is None:
            continue
        shown = "; ".join(f"{e.reason} ({_link(e, root, markdown)})" for e in items[:3])
        facts.append(f"- {title}: {shown}")
    if facts:
        lines += ["", *facts]
    advice = []
    for failure in report.failures:
        code = ALL_CODES.get(failure.code)
        if code is None:
            continue
        url = doc_url(code.code)
        if markdown and url:
            advice.append(f"- [`{code.code}`]({url}): {code.why} {code.advice}")
        elif markdown:
            advice.append(f"- `{code.code}`: {code.why} {code.advice}")
        else:
            advice.append(f"- {code.code}: {code.why} {code.advice}" + (f" ({url})" if url else ""))
    repairs = [f"- {r.message} ({_repair_link(r.precondition, markdown)})"
               for r in report.repairs]
    if repairs:  # retracing.py: what keeps the graph, offered before any removal
        lines += ["", f"{bold}Keep the graph{bold}", *repairs]
    if advice:
        lines += ["", f"{bold}What to change{bold}", *advice]
    for assumption in report.assumptions:
        lines += ["", f"Assumes ({assumption.code}): {assumption.message}"]
    if report.suppressed:
        lines += ["", f"Suppressed by a `# hybridize: ignore` comment: "
                  f"{', '.join(report.suppressed)}"]
    anchor = report.precondition if report.transformation is not None else \
        report.failures[0].code if report.failures else None
    if anchor is not None and doc_url(anchor):
        url = doc_url(anchor)
        lines += ["", f"[Documentation: {anchor}]({url})" if markdown else f"Documentation: {url}"]
    return "\n".join(lines)


def hover_for(report: FunctionReport, view: TextView, root: str, markdown: bool,
              word_range: types.Range, verified: str | None = None) -> types.Hover:
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    content = types.MarkupContent(kind=kind, value=render(report, root, markdown, verified))
    return types.Hover(contents=content, range=word_range)
