"""Apply a result's transformations to files: only files unchanged since they were analysed, and
only when the edited text still parses. Writes are atomic (temporary file, then rename)."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import tokenize
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from hybridize.analysis.model import AnalysisResult, FunctionReport, Transformation
from hybridize.analysis.workspace import decode_source
from hybridize.refactor.edits import FileContext, RefactorError, apply_edits, edits_for


@dataclass
class FileChange:
    file: str  # relative to the root
    path: Path
    before: str
    after: str
    encoding: str
    digest: str  # sha256 of the bytes the change was computed from
    functions: list[FunctionReport]
    error: str | None = None


def _encoding_of(data: bytes) -> str:
    return tokenize.detect_encoding(io.BytesIO(data).readline)[0]


def plan_changes(result: AnalysisResult,
                 kinds: frozenset[Transformation] = frozenset(Transformation)) -> list[FileChange]:
    """Compute the new text of every file with a transformation (nothing is written)."""
    by_file: dict[str, list[FunctionReport]] = defaultdict(list)
    for report in result.functions:
        if report.transformation in kinds:
            by_file[report.file].append(report)
    changes: list[FileChange] = []
    root = Path(result.root)
    for rel, reports in sorted(by_file.items()):
        path = Path(reports[0].path) if reports[0].path else root / rel
        change = FileChange(rel, path, "", "", "utf-8", "", reports)
        try:
            data = path.read_bytes()
        except OSError as exc:
            change.error = f"cannot read: {exc.strerror or exc}"
            changes.append(change)
            continue
        change.digest = hashlib.sha256(data).hexdigest()
        if result.digests.get(rel) not in (None, change.digest):
            change.error = "changed since it was analysed; run the analysis again"
            changes.append(change)
            continue
        change.encoding = _encoding_of(data)
        change.before = decode_source(data)
        context = FileContext(result.tf_aliases.get(rel), result.function_aliases.get(rel),
                              result.bound_names.get(rel, frozenset()))
        try:
            change.after = apply_edits(change.before, edits_for(change.before, reports, context))
        except RefactorError as exc:
            change.error = str(exc)
        changes.append(change)
    return changes


def write_changes(changes: list[FileChange]) -> list[FileChange]:
    """Write every change without an error; returns the ones written."""
    written = []
    for change in changes:
        if change.error or change.after == change.before:
            continue
        try:
            current = change.path.read_bytes()
        except OSError as exc:
            change.error = f"cannot read: {exc.strerror or exc}"
            continue
        if hashlib.sha256(current).hexdigest() != change.digest:
            change.error = "changed while hybridize was running; not written"
            continue
        try:
            data = change.after.encode(change.encoding)
        except UnicodeEncodeError as exc:
            change.error = f"cannot encode as {change.encoding}: {exc}"
            continue
        target = change.path.resolve()  # write through a symlink, never replace it
        try:
            mode = target.stat().st_mode
            fd, tmp = tempfile.mkstemp(prefix=".hybridize-", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode & 0o7777)
            os.replace(tmp, target)
        except OSError as exc:
            change.error = f"cannot write: {exc.strerror or exc}"
            continue
        written.append(change)
    return written
