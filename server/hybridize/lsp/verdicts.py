"""What the latest verify report says of a proposal, as the hover, the code action's title and
the diagnostic show it ("confirmed by your tests: 3.1x faster in `train_step`", "refuted:
`test_loss` failed").

The report is read through hybridize.verify.latest (data only, nothing is run here); a verdict is
shown only while the text the analysis read is the text that was verified (the report's per-file
sha256), else the hover says the report is of an earlier text.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hybridize.analysis.model import FunctionReport
from hybridize.lsp.code_actions import Offer
from hybridize.verify.latest import LatestReport, LatestReports, ProposalVerdict

STALE = "stale"
REFACTORINGS = ("hybrid", "eager", "reconfigure")  # code_actions.Offer.action
MAX_SHORT = 140
MAX_REASON = 400
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}~])")


@dataclass(frozen=True)
class Shown:
    status: str  # confirmed, refuted, not_exercised, or stale (the file changed since)
    short: str  # one line: the title's and the diagnostic's suffix ("" when stale)
    detail: str  # the hover's paragraph


def short_line(verdict: ProposalVerdict) -> str:
    name = f"`{verdict.qualname.rsplit('.', 1)[-1]}`"
    if verdict.status == "confirmed":
        speedup = verdict.speedup
        if speedup is None:
            return "confirmed by your tests: same results"
        if speedup >= 1.05:
            return f"confirmed by your tests: {ratio(speedup)}x faster in {name}"
        if speedup > 1 / 1.05:
            return f"confirmed by your tests: as fast in {name}"
        return (f"confirmed by your tests: same results, {ratio(speedup)}x the speed in "
                f"{name} (tracing included)")
    if verdict.status == "refuted":
        if verdict.failed_tests:
            tests = verdict.failed_tests
            first = f"`{tests[0].rsplit('::', 1)[-1]}`"
            more = f" and {len(tests) - 1} more" if len(tests) > 1 else ""
            return f"refuted: {first}{more} failed"
        if verdict.difference:
            return _clip(f"refuted: {verdict.difference}")
        return _clip(f"refuted: {verdict.reason}")
    return "not exercised by your tests"


def ratio(value: float) -> str:
    """667 -> "667", 3.14 -> "3.1", 0.294 -> "0.29"."""
    if value >= 10:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.1f}"
    return f"{value:.2g}"


def _clip(text: str, limit: int = MAX_SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def escape(text: str) -> str:
    """Text of the report (messages, test names) shown as itself in Markdown."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def shown(latest: LatestReport, report: FunctionReport, digest: str | None) -> Shown | None:
    """The verdict on `report`'s proposal in `latest` (None when it has none), as of the text
    whose sha256 is `digest`."""
    if report.transformation is None:
        return None
    verdict = latest.verdict_for(report.file, report.qualname, report.transformation.value)
    if verdict is None:
        return None
    command = shlex.join(latest.command)
    if not latest.is_current(report.file, digest):
        return Shown(STALE, "", f"The last `hybridize verify` (`{command}`) ran on an earlier "
                     "text of this file; run it again to check this one.")
    line = short_line(verdict)
    reason = escape(_clip(verdict.reason, MAX_REASON))
    detail = f"{line[0].upper()}{line[1:]}. {reason} (`{command}`; " \
             f"calls as written/with the proposal: {verdict.calls[0]}/{verdict.calls[1]})"
    return Shown(verdict.status, line, detail)


class Verdicts:
    """The latest verify report of each workspace folder, read again when its file changes."""

    def __init__(self, cache_dir: Path) -> None:
        self.reports = LatestReports(cache_dir)

    def lookup(self, root: Path, digests: dict[str, str]
               ) -> Callable[[FunctionReport], Shown | None]:
        """A function giving each report of the folder at `root` its verdict, as of the texts
        the analysis read (`digests`, by file)."""
        latest = self.reports.for_root(root)
        if latest is None:
            return lambda report: None
        return lambda report: shown(latest, report, digests.get(report.file))


def short_of(lookup: Callable[[FunctionReport], Shown | None]
             ) -> Callable[[FunctionReport], str | None]:
    """The one-line verdicts (for diagnostics); none for a stale report."""
    def short(report: FunctionReport) -> str | None:
        found = lookup(report)
        return found.short if found is not None and found.short else None
    return short


def titled(offers: list[Offer], found: Shown | None) -> list[Offer]:
    """The function's own refactoring offers with the verdict in their titles; a refuted one is
    no longer the preferred quick fix."""
    if found is None or not found.short:
        return offers
    out = []
    for offer in offers:
        if offer.action in REFACTORINGS and offer.qualname is not None:
            offer = dataclasses.replace(offer, title=f"{offer.title} — {found.short}",
                                        preferred=offer.preferred and found.status != "refuted")
        out.append(offer)
    return out
