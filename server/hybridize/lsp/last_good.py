"""Verdicts of a buffer that does not parse. The engine keeps the reports of the last text of the
file that parsed; their lines belong to that text. Moved onto the current text, a function keeps
its diagnostic and hover while the user types elsewhere in the file; a function whose own lines
changed loses them until the text parses again (never shown on another function's lines)."""

from __future__ import annotations

import dataclasses

from hybridize.analysis.model import FunctionReport, Span
from hybridize.refactor import split_lines


def moved_reports(reports: list[FunctionReport], good: str, current: str
                  ) -> list[FunctionReport]:
    """`reports` (computed from `good`) on the lines of `current`: the lines before the first
    changed one stay, the lines after the last changed one move by the change in line count,
    and a function that touches the changed lines is left out."""
    old, new = split_lines(good), split_lines(current)
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    first_moved = len(old) - suffix + 1  # 1-based: first old line after the change
    delta = len(new) - len(old)
    out = []
    for report in reports:
        first = report.start_line or report.line
        last = max(report.end_line, report.line)
        if last <= prefix:
            out.append(report)
        elif first >= first_moved:
            out.append(_shifted(report, delta))
    return out


def _shifted(report: FunctionReport, delta: int) -> FunctionReport:
    def span(s: Span | None) -> Span | None:
        return None if s is None else dataclasses.replace(s, line=s.line + delta,
                                                          end_line=s.end_line + delta)

    same_file_wrapper = report.wrapper_file in (None, report.file)
    return dataclasses.replace(
        report, line=report.line + delta,
        start_line=report.start_line + delta if report.start_line else 0,
        end_line=report.end_line + delta, def_span=span(report.def_span),
        decorator_span=span(report.decorator_span),
        # A wrapper elsewhere in this file may sit in the changed lines: dropped (it only
        # serves edits, and no edit is offered for a buffer that does not parse).
        wrapper_span=report.wrapper_span if not same_file_wrapper else None)
