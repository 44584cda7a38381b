"""The latest verify report of each analysed root, kept in the cache folder, and the reading API
the language server uses to show verdicts (it never runs anything to get them).

`hybridize verify` writes its JSON report (VERIFY-JSON, docs/verify.md) to
`<cache>/verify/<sha256 of the root>.json` after every run that made one (unless --no-cache),
whatever --format and --output say. The file is data only: it is parsed as JSON, every field
checked for its type, and nothing in it is run or imported. A proposal's verdict applies to the
text of its file only while that text's sha256 is the digest the report holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_REPORT_BYTES = 16 * 2**20
RACY_NS = 2 * 10**9


def latest_path(cache_dir: Path, root: str | Path) -> Path:
    name = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:24]
    return cache_dir / "verify" / f"{name}.json"


def store_latest(cache_dir: Path, root: str | Path, text: str) -> Path:
    """Write `text` (a VERIFY-JSON report) as the latest report of `root`, atomically."""
    path = latest_path(cache_dir, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".latest-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as output:
            output.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


@dataclass(frozen=True)
class ProposalVerdict:
    file: str
    qualname: str
    transformation: str
    status: str  # confirmed, refuted, not_exercised
    reason: str
    calls: tuple[int, int]  # eager calls as written, with the proposals
    compared: int
    speedup: float | None
    difference: str | None  # what differed on the first differing call
    failed_tests: tuple[str, ...]


@dataclass(frozen=True)
class LatestReport:
    path: str
    root: str
    command: tuple[str, ...]
    digests: dict[str, str]  # file -> sha256 of its bytes when verified
    verdicts: dict[tuple[str, str, str], ProposalVerdict]  # (file, qualname, transformation)
    seconds: tuple[float | None, float | None]  # the command as written, with the proposals

    def verdict_for(self, file: str, qualname: str, transformation: str
                    ) -> ProposalVerdict | None:
        return self.verdicts.get((file, qualname, transformation))

    def is_current(self, file: str, digest: str | None) -> bool:
        """Whether the file's text (by its sha256) is the one that was verified."""
        return digest is not None and self.digests.get(file) == digest

    def counts(self) -> dict[str, int]:
        out = {"confirmed": 0, "refuted": 0, "not_exercised": 0}
        for verdict in self.verdicts.values():
            if verdict.status in out:
                out[verdict.status] += 1
        return out


def read_report(path: Path) -> LatestReport | None:
    """The report at `path`, or None when it is missing, too large or not a verify report.
    Forced proposals (a test-only switch) are left out: the engine does not propose them."""
    try:
        if path.stat().st_size > MAX_REPORT_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != 1 or \
            not isinstance(data.get("proposals"), list) or \
            not isinstance(data.get("digests"), dict):
        return None
    verdicts = {}
    for item in data["proposals"]:
        verdict = _verdict(item)
        if verdict is not None:
            verdicts[(verdict.file, verdict.qualname, verdict.transformation)] = verdict
    runs = data.get("runs") if isinstance(data.get("runs"), dict) else {}
    command = data.get("command")
    return LatestReport(
        str(path), str(data.get("root", "")),
        tuple(str(c) for c in command) if isinstance(command, list) else (),
        {str(k): str(v) for k, v in data["digests"].items()}, verdicts,
        (_seconds(runs.get("original")), _seconds(runs.get("proposed"))))


def _verdict(item: Any) -> ProposalVerdict | None:
    if not isinstance(item, dict) or item.get("forced"):
        return None
    file, qualname, transformation, status = (item.get(k) for k in (
        "file", "qualname", "transformation", "status"))
    if not all(isinstance(v, str) for v in (file, qualname, transformation, status)):
        return None
    calls = item.get("calls") if isinstance(item.get("calls"), dict) else {}
    difference = item.get("difference")
    speedup = item.get("speedup")
    tests = item.get("failed_tests") if isinstance(item.get("failed_tests"), list) else []
    return ProposalVerdict(
        file, qualname, transformation, status, str(item.get("reason", "")),
        (_int(calls.get("original")), _int(calls.get("proposed"))),
        _int(item.get("compared_calls")),
        float(speedup) if isinstance(speedup, (int, float)) and not isinstance(speedup, bool)
        else None,
        str(difference.get("what")) if isinstance(difference, dict) else None,
        tuple(str(t) for t in tests))


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _seconds(run: Any) -> float | None:
    value = run.get("seconds") if isinstance(run, dict) else None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else None


class LatestReports:
    """The latest report of each root, read again only when its file changed (by mtime and
    size): cheap enough to ask on every hover."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self._read: dict[str, tuple[tuple[int, int] | None, LatestReport | None]] = {}

    def for_root(self, root: str | Path) -> LatestReport | None:
        path = latest_path(self.cache_dir, root)
        try:
            status = path.stat()
            stamp: tuple[int, int] | None = (status.st_mtime_ns, status.st_size)
        except OSError:
            stamp = None
        known = self._read.get(str(path))
        # A file written in the last seconds may be rewritten within the clock's granularity
        # with the same size: read it again until it is older (as git does with its index).
        settled = stamp is not None and time.time_ns() - stamp[0] > RACY_NS
        if known is not None and known[0] == stamp and settled:
            return known[1]
        report = None if stamp is None else read_report(path)
        self._read[str(path)] = (stamp, report)
        return report
