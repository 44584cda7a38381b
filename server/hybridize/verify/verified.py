"""`hybridize fix --verified REPORT.json`: only the proposals a verify report confirmed, and only
in files unchanged since they were verified."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from hybridize.analysis.model import AnalysisResult


class VerifiedError(Exception):
    """The report cannot be used (the message says why)."""


@dataclass(frozen=True)
class Verified:
    confirmed: frozenset[tuple[str, str, str]]  # (file, qualname, transformation)
    stale: tuple[str, ...]  # files changed since the report was made
    root: str = "."  # the folder the report's files are relative to

    def keep(self, result: AnalysisResult) -> AnalysisResult:
        """`result` with the proposals that were not confirmed taken out (the functions stay,
        without a transformation, so that nothing is applied to them)."""
        functions = []
        for report in result.functions:
            key = (report.file, report.qualname,
                   report.transformation.value if report.transformation else "")
            if report.transformation is not None and key not in self.confirmed:
                report = dataclasses.replace(report, transformation=None)
            # A repair that keeps the graph (R1-R3) is proposed under its kind.
            repairs = [r for r in report.repairs
                       if (report.file, report.qualname, r.kind) in self.confirmed]
            if repairs != report.repairs:
                report = dataclasses.replace(report, repairs=repairs)
            functions.append(report)
        return dataclasses.replace(result, functions=functions)


def load_verified(path: Path) -> Verified:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VerifiedError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise VerifiedError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("proposals"), list) \
            or not isinstance(data.get("digests"), dict) or data.get("version") != 1:
        raise VerifiedError(f"{path}: not a verify report (hybridize verify --format json)")
    root = Path(str(data.get("root", ".")))
    stale = []
    for file, digest in data["digests"].items():
        try:
            current = hashlib.sha256((root / file).read_bytes()).hexdigest()
        except OSError:
            current = None
        if current != digest:
            stale.append(str(file))
    confirmed = frozenset(
        (str(p.get("file")), str(p.get("qualname")), str(p.get("transformation")))
        for p in data["proposals"]
        if isinstance(p, dict) and p.get("status") == "confirmed" and not p.get("forced")
        and p.get("file") not in stale)
    return Verified(confirmed, tuple(sorted(stale)), str(root))
