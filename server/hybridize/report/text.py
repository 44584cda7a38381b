"""The report for people: grouped by file, one line per function with its verdict and reason,
then a summary table."""

from __future__ import annotations

import io
from collections import Counter
from itertools import groupby
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from hybridize.analysis.model import AnalysisResult, FunctionReport, Transformation
from hybridize.analysis.reach import measure_reach
from hybridize.report.cells import cell_of, shown

LABELS = {
    Transformation.CONVERT_TO_HYBRID: ("hybridize", "bold green"),
    Transformation.CONVERT_TO_EAGER: ("make eager", "bold yellow"),
    Transformation.RECONFIGURE: ("reconfigure", "bold cyan"),
}


def _label(report: FunctionReport) -> tuple[str, str]:
    if report.suppressed and report.transformation is None and not report.failures:
        return "suppressed", "dim"
    if report.transformation is not None:
        return LABELS[report.transformation]
    if report.hybrid and report.failures and \
            not report.failures[0].code.startswith("UNDETERMINABLE_"):
        return "warning", "bold red"
    return "keep", "dim"


def _console(out: TextIO, color: bool | None) -> Console:
    return Console(file=out, highlight=False, force_terminal=color, no_color=color is False,
                   width=None if out.isatty() else 200, soft_wrap=not out.isatty())


def render_text(result: AnalysisResult, out: TextIO, color: bool | None = None,
                verbose: bool = False) -> None:
    console = _console(out, color)
    _body(result, console, out, verbose)
    console.print(summary_table(result))


def plain(out: TextIO, color: bool | None = None) -> bool:
    """Whether the report goes to `out` as plain text (a file or a pipe, no colour): then it is
    body_text and the summary table, whatever renders them."""
    console = _console(out, color)
    return console.color_system is None and not out.isatty() and console.soft_wrap


def body_text(result: AnalysisResult, verbose: bool = False) -> str:
    """The report above the summary table, as it is written where `plain` holds."""
    out = io.StringIO()
    _body(result, _console(out, False), out, verbose)
    return out.getvalue()


def print_summary(summary: dict[str, Any], seconds: float, out: TextIO,
                  color: bool | None = None) -> None:
    """The summary table of `summary_of` with these seconds."""
    _console(out, color).print(table_of(summary, seconds))


def _body(result: AnalysisResult, console: Console, out: TextIO, verbose: bool) -> None:
    lines = _Lines(console, out)
    notes = shared_assumptions(result)
    for file, reports in groupby(result.functions, key=lambda r: r.file):
        lines.print(Text(file, style="bold underline"))
        for report in reports:
            label, style = _label(report)
            if label == "keep" and not verbose and not report.hybrid:
                failure = report.failures[0] if report.failures else None
                why = f"  {failure.code}: {failure.message}" if failure else ""
                lines.print(Text.assemble(("  ", ""), (f"{'keep':<12}", style),
                                          (_named(result, report), ""),
                                          (why, "dim")))
                continue
            lines.print(Text.assemble(("  ", ""), (f"{label:<12}", style),
                                      (_named(result, report, report.hybrid), "bold"),
                                      ("  " + report.reason, "")))
            for failure in report.failures[1:] if report.failures else []:
                where = f" ({_where(result, failure.file, failure.line)})" if failure.line \
                    else ""
                lines.print(Text(f"{'':14}also {failure.code}: {failure.message}{where}",
                                 style="dim"))
            for assumption in report.assumptions:
                note = notes.get((assumption.code, assumption.message))
                said = f" [{note[0]}]" if note else f": {assumption.message}"
                lines.print(Text(f"{'':14}assumes {assumption.code}{said}", style="yellow"))
        lines.print(Text())
    if notes:
        lines.print(Text("Assumptions of several verdicts", style="bold yellow"))
        for (code, message), (number, count) in notes.items():
            functions = f"{count} function" + ("s" if count > 1 else "")
            lines.print(Text(f"  [{number}] {code} ({functions}): {message}", style="yellow"))
        lines.print(Text())
    lines.flush()
    if result.unused_ignores:
        from hybridize.report.sarif import unused_text

        console.print(Text("Unused suppressions", style="bold yellow"))
        for unused in result.unused_ignores:
            console.print(f"  {_where(result, unused.file, unused.line)}: "
                          f"{unused_text(unused)} suppresses "
                          "nothing")
        console.print()
    if result.errors:
        console.print(Text("Files not analysed", style="bold red"))
        for error in result.errors:
            where = _where(result, error.file, error.line) if error.line else error.file
            console.print(f"  {where}: {error.message}")
        console.print()


BATCH_LINES = 200


class _Lines:
    """Prints lines of text through rich, in batches (a call to rich per line cost more than
    the line: 2.04 -> 1.12 CPU s for 8,651 functions on a terminal, same bytes); or, where rich
    would write them as they are (no colour, no wrapping: a file or a pipe) and they are
    printable ASCII, writes them itself (1.22 -> 0.17 CPU s)."""

    def __init__(self, console: Console, out: TextIO) -> None:
        self.console = console
        self.out = out
        self.plain = console.color_system is None and not out.isatty() and console.soft_wrap
        self.pending: list[Text] = []

    def print(self, text: Text) -> None:
        plain = text.plain
        if self.plain:
            if plain.isascii() and plain.isprintable():
                self.out.write(plain + "\n")
            else:
                self.console.print(text)
        else:
            self.pending.append(text)
            if len(self.pending) >= BATCH_LINES:
                self.flush()

    def flush(self) -> None:
        """Prints the pending lines in one call to rich (each call costs more than a line)."""
        if self.pending:
            self.console.print(Text("\n").join(self.pending))
            self.pending = []


def shared_assumptions(result: AnalysisResult) -> dict[tuple[str, str], tuple[int, int]]:
    """The assumptions whose code more than one function's verdict states: each of their texts
    (code and message) with its note number, in order of first appearance, and how many
    functions state it. The text report says them once, below the files, and each function by
    code and number; an assumption of one verdict only is said where it is made."""
    stated = [(a.code, a.message) for r in result.functions for a in r.assumptions]
    codes = Counter(code for code, _ in stated)
    counts = Counter(key for key in stated if codes[key[0]] > 1)  # first-seen order
    return {key: (number, counts[key]) for number, key in enumerate(counts, start=1)}


def _named(result: AnalysisResult, report: FunctionReport, hybrid: bool = False) -> str:
    """`name:line`, or `name (cell N, line M)` in a notebook."""
    name = report.qualname + (" @tf.function" if hybrid else "")
    found = cell_of(result, report.file, report.line)
    return f"{name}:{report.line}" if found is None else \
        f"{name} (cell {found[0]}, line {found[1]})"


def _where(result: AnalysisResult, file: str | None, line: int | None) -> str:
    """`file:line`, or `file, cell N, line M` in a notebook."""
    found = cell_of(result, file, line)
    return f"{file}:{line}" if found is None else f"{file}, {shown(result, file, line)}"


def summary_table(result: AnalysisResult) -> Table:
    return table_of(summary_of(result), result.seconds)


def summary_of(result: AnalysisResult) -> dict[str, Any]:
    """What the summary table shows but the seconds, as JSON data (kept for warm runs)."""
    eager = [r for r in result.functions if not r.hybrid]
    hybrid = [r for r in result.functions if r.hybrid]
    rows: list[tuple[str, int]] = []
    converts = sum(r.transformation is Transformation.CONVERT_TO_HYBRID for r in eager)
    rows.append(("eager -> hybridize (P1)", converts))
    declined = Counter(r.failures[0].code for r in eager if r.failures)
    for code, count in declined.most_common():
        rows.append((f"eager, kept: {code}", count))
    for transformation, label in ((Transformation.CONVERT_TO_EAGER, "hybrid -> make eager"),
                                  (Transformation.RECONFIGURE, "hybrid -> reconfigure")):
        count = sum(r.transformation is transformation for r in hybrid)
        if count:
            rows.append((label, count))
    warnings = Counter(r.failures[0].code for r in hybrid
                       if r.transformation is None and r.failures
                       and not r.failures[0].code.startswith("UNDETERMINABLE_"))
    for code, count in warnings.most_common():
        rows.append((f"hybrid, warning: {code}", count))
    fine = sum(1 for r in hybrid if r.transformation is None and not r.failures
               and not r.suppressed)
    if fine:
        rows.append(("hybrid, already in best form", fine))
    suppressed = sum(1 for r in result.functions if r.suppressed)
    if suppressed:
        rows.append(("suppressed by a comment", suppressed))
    if result.errors:
        rows.append(("files not analysed", len(result.errors)))
    return {"functions": len(result.functions), "files": result.files,
            "rows": [list(row) for row in rows], "caption": reach_line(result)}


def table_of(summary: dict[str, Any], seconds: float) -> Table:
    table = Table(title=f"{summary['functions']} functions in {summary['files']} files "
                  f"({seconds:.2f} s)", title_justify="left")
    table.add_column("verdict")
    table.add_column("functions", justify="right")
    for label, count in summary["rows"]:
        table.add_row(label, str(count))
    table.caption = summary["caption"]
    table.caption_justify = "left"
    return table


def reach_line(result: AnalysisResult) -> str:
    """The refactorable share, counted as analysis/reach.py says."""
    reach = measure_reach(result.functions)
    share = f" ({reach.share:.1%})" if reach.share is not None else ""
    return (f"refactorable: {reach.refactorable} of {reach.candidates} candidate functions"
            f"{share}; candidates are the eager functions that take a tensor "
            f"({reach.candidates_eager}) and the tf.functions ({reach.candidates_hybrid})")
