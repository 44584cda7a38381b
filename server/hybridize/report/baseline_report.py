"""What `check --baseline` adds to each report: the number of findings the baseline hid, and
its entries that match no finding any more (listed like unused suppressions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hybridize.analysis.model import AnalysisResult
from hybridize.baseline import Entry, Outcome
from hybridize.report.github import _data, _property
from hybridize.report.json_report import to_json


def entry_text(entry: Entry) -> str:
    return f"{entry.file}: {entry.qualname} {entry.code}"


def text_lines(outcome: Outcome, baseline: Path) -> list[str]:
    lines = [f"{outcome.hidden} findings hidden by the baseline {baseline}"]
    if outcome.unmatched:
        lines.append(f"Baseline entries that match nothing ({len(outcome.unmatched)}; "
                     "rewrite it with --write-baseline)")
        lines += [f"  {entry_text(entry)}" for entry in outcome.unmatched]
    return lines


def render_json_with(result: AnalysisResult, outcome: Outcome, baseline: Path) -> str:
    data = to_json(result)
    add_to_json(data, outcome, baseline)
    return json.dumps(data) + "\n"  # compact, as render_json


def add_to_json(data: dict[str, Any], outcome: Outcome, baseline: Path) -> None:
    """The CHECK-JSON report gains `stats.baseline_hidden`, `baseline` (the file) and
    `unmatched_baseline` (fields added, none changed)."""
    data["stats"]["baseline_hidden"] = outcome.hidden
    data["baseline"] = str(baseline)
    data["unmatched_baseline"] = [{"file": e.file, "qualname": e.qualname, "code": e.code}
                                  for e in outcome.unmatched]


def github_lines(outcome: Outcome, baseline: Path) -> list[str]:
    return [f"::warning file={_property(baseline.as_posix())},title=UNMATCHED_BASELINE_ENTRY::"
            f"{_data(f'baseline entry matches nothing: {entry_text(entry)}')}"
            for entry in outcome.unmatched]
