"""Parent side: the verify report as JSON (the VERIFY-JSON contract in docs/verify.md: add
fields freely, never rename or remove) and as text (rich)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import IO, Any

from hybridize import __version__
from hybridize.verify.compare import (
    ATOL,
    CONFIRMED,
    REFUTED,
    RTOL,
    RunSummary,
    Verdict,
    failed_only_with_proposals,
)
from hybridize.verify.probe import MAX_CALLS

REPORT_VERSION = 1


@dataclass
class VerifyReport:
    root: str
    command: list[str]
    runs: tuple[RunSummary, RunSummary]  # as written, with the proposals
    verdicts: list[Verdict]
    digests: dict[str, str]  # file -> sha256 of its bytes when verified
    problems: list[str]
    logs: str  # the folder with both runs' output
    # After a bisection: the run with every proposal but the refuted ones, if there was one.
    without_refuted: RunSummary | None = None
    observed: str | None = None  # the observed types file (--observe-types)


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def _run_json(run: RunSummary) -> dict[str, Any]:
    return {"exit_status": run.exit_status, "seconds": round(run.seconds, 3),
            "timed_out": run.timed_out, "records": run.records, "log": run.log,
            "tests": run.tests}


def to_json(report: VerifyReport) -> dict[str, Any]:
    before, after = report.runs
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "hybridize", "version": __version__},
        "root": report.root,
        "command": report.command,
        "tolerance": {"rtol": RTOL, "atol": ATOL},
        "max_calls": MAX_CALLS,
        "runs": {"original": _run_json(before), "proposed": _run_json(after),
                 **({} if report.without_refuted is None else
                    {"proposed_without_refuted": _run_json(report.without_refuted)})},
        "tests_failed_only_with_proposals": failed_only_with_proposals(before, after),
        "digests": report.digests,
        "problems": report.problems,
        "observed_types": report.observed,
        "proposals": [_verdict_json(v) for v in report.verdicts],
    }


def _verdict_json(verdict: Verdict) -> dict[str, Any]:
    proposal = verdict.proposal
    return {
        "file": proposal.file,
        "qualname": proposal.qualname,
        "line": proposal.line,
        "transformation": proposal.transformation,
        "forced": proposal.forced,
        "status": verdict.status,
        "reason": verdict.reason,
        "calls": {"original": verdict.calls[0], "proposed": verdict.calls[1]},
        "compared_calls": verdict.compared,
        "calls_with_other_arguments": verdict.other_arguments,
        "seconds": {"original": _round(verdict.seconds[0]),
                    "proposed": _round(verdict.seconds[1])},
        "seconds_per_call": {"original": _round(verdict.per_call[0], 9),
                             "proposed": _round(verdict.per_call[1], 9)},
        "speedup": _round(verdict.speedup, 3),
        "traces": verdict.traces,
        "traces_as_written": verdict.traces_as_written,
        "graph_calls": verdict.graph_calls,
        "difference": None if verdict.difference is None else {
            "call": verdict.difference.call, "what": verdict.difference.what},
        "failed_tests": verdict.failed_tests,
    }


def render_json(report: VerifyReport) -> str:
    return json.dumps(to_json(report), indent=1) + "\n"


STYLE = {CONFIRMED: "green", REFUTED: "red", "not_exercised": "yellow"}
LABEL = {CONFIRMED: "confirmed", REFUTED: "refuted", "not_exercised": "not exercised"}


def render_text(report: VerifyReport, stream: IO[str], color: bool = True) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    terminal = color and stream.isatty()
    console = Console(file=stream, no_color=not color, highlight=False,
                      width=None if terminal else 160)
    before, after = report.runs
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("function", "change", "verdict", "calls", "speedup", "traces", "why"):
        table.add_column(column, overflow="fold")
    for verdict in report.verdicts:
        proposal = verdict.proposal
        speedup = "" if verdict.speedup is None else f"{verdict.speedup:.3g}x"
        table.add_row(
            f"{proposal.file}:{proposal.line} {proposal.qualname}",
            proposal.transformation.lower().replace("_", " ")
            + (" (forced)" if proposal.forced else ""),
            Text(LABEL[verdict.status], style=STYLE[verdict.status]),
            f"{verdict.calls[0]}/{verdict.calls[1]}",
            speedup, _traces(verdict), verdict.reason)
    console.print(table)
    console.print(f"calls: eager calls as written/with the proposals; speedup: time per call as "
                  f"written / with the proposals (tracing included); traces: with the proposals "
                  f"(as written -> with them, for a tf.function as written); results compared on "
                  f"the first {MAX_CALLS} calls, rtol={RTOL}, atol={ATOL}")
    extra = "" if report.without_refuted is None else \
        f"; {_run_line('without the refuted proposals', report.without_refuted)}"
    console.print(f"command: {_run_line('as written', before)}; "
                  f"{_run_line('with the proposals', after)}{extra}")
    failed = failed_only_with_proposals(before, after)
    if before.tests:
        passed = [sum(outcome == "passed" for outcome in run.tests.values())
                  for run in (before, after)]
        console.print(f"tests: {passed[0]} of {len(before.tests)} passed as written, "
                      f"{passed[1]} of {len(after.tests)} with the proposals")
    for test in failed:
        console.print(Text(f"failed only with the proposals: {test}", style="red"))
    for problem in report.problems:
        console.print(f"note: {problem}")
    counts = {status: sum(v.status == status for v in report.verdicts) for status in LABEL}
    console.print(f"{counts[CONFIRMED]} confirmed, {counts[REFUTED]} refuted, "
                  f"{counts['not_exercised']} not exercised; output of both runs in {report.logs}")


def _traces(verdict: Verdict) -> str:
    """`12 -> 2` for a tf.function as written, `2` for one only with the proposals."""
    if verdict.traces_as_written is None:
        return "" if verdict.traces is None else str(verdict.traces)
    after = "" if verdict.traces is None else str(verdict.traces)
    return f"{verdict.traces_as_written} -> {after or 'eager'}"


def _run_line(label: str, run: RunSummary) -> str:
    if run.timed_out:
        end = "timed out"
    elif run.exit_status is None:
        end = "stopped"
    else:
        end = f"exit {run.exit_status}"
    return f"{label} {run.seconds:.2f} s ({end})"
