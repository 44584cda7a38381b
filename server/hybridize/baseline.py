"""The baseline: today's findings, accepted, so that `check` reports only new ones.

Each finding is kept as (file, function qualname, code): no line number, so an entry survives
edits that move the function. Files are relative to the baseline file's folder, so the same
baseline serves whatever path `check` is given and wherever it is run from. The file is JSON,
sorted, with nothing that changes from one run to the next (no time, no version of the tool),
so that rewriting it after no change leaves it byte for byte the same.

A function defined twice under one name (in two branches of an `if`) has two entries: entries
are matched as a multiset, each hiding one finding.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hybridize.analysis.model import AnalysisResult, FunctionReport
from hybridize.report.github import findings

FORMAT = "hybridize-baseline"
FORMAT_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not one."""


@dataclass(frozen=True, order=True)
class Entry:
    file: str  # relative to the baseline file's folder, with forward slashes
    qualname: str
    code: str  # the finding's rule: a transformation (CONVERT_TO_HYBRID, ...) or failure code


@dataclass
class Outcome:
    """What applying a baseline did: how many findings it hid, and its entries that match no
    finding any more (fixed, renamed or gone: the baseline can be rewritten)."""

    hidden: int = 0
    unmatched: list[Entry] = dataclasses.field(default_factory=list)


def _entry(result: AnalysisResult, report: FunctionReport, rule: str, folder: Path) -> Entry:
    path = Path(result.root, report.file).absolute()
    try:
        file = Path(os.path.relpath(path, folder)).as_posix()
    except ValueError:  # another drive (Windows): keep the absolute path
        file = path.as_posix()
    return Entry(file, report.qualname, rule)


def entries_of(result: AnalysisResult, baseline: Path) -> list[Entry]:
    """The findings of `result` as entries of a baseline written at `baseline`, sorted."""
    folder = baseline.absolute().parent
    return sorted(_entry(result, f.report, f.rule, folder) for f in findings(result))


def render(entries: list[Entry]) -> str:
    data = {"format": FORMAT, "version": FORMAT_VERSION,
            "findings": [dataclasses.asdict(e) for e in sorted(entries)]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_baseline(result: AnalysisResult, baseline: Path) -> int:
    """Write today's findings to `baseline`; returns how many."""
    entries = entries_of(result, baseline)
    baseline.write_text(render(entries), encoding="utf-8")
    return len(entries)


def read_baseline(baseline: Path) -> list[Entry]:
    try:
        data = json.loads(baseline.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{baseline}: no such file (write one with --write-baseline)") \
            from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{baseline}: cannot be read as JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BaselineError(f"{baseline}: not a hybridize baseline (no \"format\": \"{FORMAT}\")")
    if data.get("version") != FORMAT_VERSION:
        raise BaselineError(f"{baseline}: baseline version {data.get('version')!r} is not "
                            f"supported (this hybridize writes {FORMAT_VERSION})")
    items = data.get("findings")
    if not isinstance(items, list):
        raise BaselineError(f"{baseline}: \"findings\" must be a list")
    entries = []
    for index, item in enumerate(items):
        if not (isinstance(item, dict) and
                all(isinstance(item.get(key), str) for key in ("file", "qualname", "code"))):
            raise BaselineError(f"{baseline}: findings[{index}] must have the strings file, "
                                "qualname and code")
        entries.append(Entry(item["file"], item["qualname"], item["code"]))
    return entries


def apply_baseline(result: AnalysisResult, baseline: Path,
                   entries: list[Entry]) -> tuple[AnalysisResult, Outcome]:
    """`result` without the functions whose finding the baseline holds (every report makes
    at most one finding), and what was hidden or left unmatched."""
    folder = baseline.absolute().parent
    left = Counter(entries)
    hidden: set[int] = set()
    for found in findings(result):
        entry = _entry(result, found.report, found.rule, folder)
        if left[entry] > 0:
            left[entry] -= 1
            hidden.add(id(found.report))
    kept = [r for r in result.functions if id(r) not in hidden]
    unmatched = sorted(left.elements())
    return dataclasses.replace(result, functions=kept), Outcome(len(hidden), unmatched)
