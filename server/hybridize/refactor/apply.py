"""Apply a result's transformations to files: only files unchanged since they were analysed, and
only when the edited text still parses.

`fix_until_settled` repeats analysis and edits in memory until the edits change nothing more
(removing a decorator can make a callee convertible; a decorator added in one round gets its
`input_signature` in the next), so that one `hybridize fix` does what a second would have done.
Each file is then written once, keeping its inode (hard links), owner, group and mode, and never
through a symbolic link that leads out of the analysed folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import tokenize
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hybridize.analysis.model import AnalysisResult, FunctionReport, Repair, Transformation
from hybridize.analysis.workspace import decode_source
from hybridize.notebook.cells import NotebookModule
from hybridize.notebook.reader import NotANotebook, is_notebook, read_notebook
from hybridize.refactor.edits import (
    FileContext,
    RefactorError,
    TextEdit,
    apply_edits,
    by_target_file,
    edit_order,
    edits_for,
    target_file,
    text_digest,
)
from hybridize.refactor.notebook_files import changed_cells, edited_module, notebook_bytes
from hybridize.refactor.repairs import (
    DECORATOR_ARGUMENTS,
    PASS_TENSORS,
    RENAME,
    repair_edits,
    repair_files,
)

MAX_ROUNDS = 5  # analysis + edits; real projects settle in two or three


@dataclass
class FileChange:
    file: str  # relative to the root
    path: Path
    before: str  # the text on disk
    after: str  # the text with every round's edits
    encoding: str
    digest: str  # sha256 of the bytes `before` was decoded from
    functions: list[FunctionReport]
    root: Path  # the analysed folder: nothing outside it is written
    error: str | None = None  # why the file is left unchanged
    notes: list[str] = field(default_factory=list)  # edits of later rounds that were not made
    # Repairs (refactor/repairs.py) whose edits touch this file, with their function's report.
    repaired: list[tuple[FunctionReport, Repair]] = field(default_factory=list)
    # A notebook: `before` and `after` are the modules of its code cells; these map them back
    # to the cells (refactor/notebook_files.py), `notebook` for `after`.
    notebook_before: NotebookModule | None = None
    notebook: NotebookModule | None = None

    def compared(self) -> list[tuple[str, str, str]]:
        """(name, text before, text after) of what the change changes: the file, or each cell
        of a notebook that it edits."""
        if self.notebook is None or self.notebook_before is None:
            return [(self.file, self.before, self.after)]
        return changed_cells(self.file, self.notebook_before, self.notebook)


@dataclass
class Settled:
    changes: list[FileChange]
    rounds: int  # analyses run
    settled: bool  # False: the last round still changed something (MAX_ROUNDS reached)


def _encoding_of(data: bytes) -> str:
    return tokenize.detect_encoding(io.BytesIO(data).readline)[0]


def outside_root(path: Path, root: Path) -> Path | None:
    """The real file behind `path` when it lies outside `root` (a symbolic link that leaves it),
    else None."""
    target = path.resolve()
    return None if target.is_relative_to(root.resolve()) else target


def _targets(result: AnalysisResult, kinds: frozenset[Transformation]
             ) -> tuple[dict[str, list[FunctionReport]], list[FunctionReport]]:
    """The reports to apply, by the file they edit, and those whose file is unknown."""
    wanted, unknown = [], []
    for report in result.functions:
        if report.transformation not in kinds:
            continue
        try:
            target_file(report)
        except RefactorError:
            unknown.append(report)
            continue
        wanted.append(report)
    return by_target_file(wanted), unknown


def _repair_targets(result: AnalysisResult, kinds: frozenset[Transformation],
                    repairs: frozenset[str]) -> dict[str, list[tuple[FunctionReport, Repair]]]:
    """The repairs to apply, by the files they edit. A rename waits while the function's own
    transformation rewrites or removes the decorator (a later round renames what remains)."""
    out: dict[str, list[tuple[FunctionReport, Repair]]] = {}
    for report in result.functions:
        reconfigured = False  # R3: one decorator argument per function, the first asked for
        for repair in report.repairs:
            if repair.kind not in repairs:
                continue
            if repair.kind in (RENAME, *DECORATOR_ARGUMENTS) and \
                    report.transformation in kinds and \
                    report.transformation in (Transformation.RECONFIGURE,
                                              Transformation.CONVERT_TO_EAGER):
                continue
            if repair.kind in DECORATOR_ARGUMENTS:
                # Both rewrite the decorator: a rename first, the argument in a later round.
                if reconfigured or RENAME in repairs and \
                        any(r.kind == RENAME and r.renames for r in report.repairs):
                    continue
                reconfigured = True
            for rel in repair_files(report, repair):
                out.setdefault(rel, []).append((report, repair))
    return out


def plan_changes(result: AnalysisResult,
                 kinds: frozenset[Transformation] = frozenset(Transformation),
                 pending: dict[str, FileChange] | None = None,
                 repairs: frozenset[str] = frozenset()) -> list[FileChange]:
    """Compute the new text of every file a transformation or a repair (of the kinds in
    `repairs`) edits (nothing is written).

    `pending` holds the changes of earlier rounds by file: for those files `result` was computed
    from their `after` text (passed to the analysis as overrides), and the new edits apply to it.
    A function whose retracing is repaired (PASS_TENSOR_ARGUMENTS) keeps its decorator.
    """
    pending = pending or {}
    repair_groups = _repair_targets(result, kinds, repairs)
    kept = {(r.file, r.qualname, r.line) for items in repair_groups.values()
            for r, repair in items if repair.kind == PASS_TENSORS}
    groups, unknown = _targets(result, kinds)
    groups = {rel: [r for r in reports if (r.file, r.qualname, r.line) not in kept]
              for rel, reports in groups.items()}
    for rel in repair_groups:
        groups.setdefault(rel, [])
    root = Path(result.root)
    changes = [FileChange(r.file, root / r.file, "", "", "utf-8", "", [r], root,
                          error=f"{r.qualname}: the file of its tf.function wrapper is unknown")
               for r in unknown]
    for rel, reports in sorted(groups.items()):
        earlier = pending.get(rel)
        if not reports and rel not in repair_groups:
            continue
        if earlier is not None:
            change = FileChange(rel, earlier.path, earlier.before, earlier.after,
                                earlier.encoding, earlier.digest, reports, root,
                                notebook_before=earlier.notebook_before,
                                notebook=earlier.notebook)
            # The analysis parses an in-memory text as it is (its coding cookie is for bytes).
            current, analysed = earlier.after, text_digest(earlier.after)
        else:
            change = FileChange(rel, root / rel, "", "", "utf-8", "", reports, root)
        change.repaired = repair_groups.get(rel, [])
        if earlier is None:
            outside = outside_root(change.path, root)
            if outside is not None:
                change.error = f"a link to {outside}, outside the analysed folder; not written"
                changes.append(change)
                continue
            if change.path.is_symlink():
                # The file it links to is analysed and edited as itself: written through
                # both names, the second write met the first (an audit of session 20).
                target = change.path.resolve().relative_to(root.resolve()).as_posix()
                change.error = f"a link to {target}, which is edited as itself; not written"
                changes.append(change)
                continue
            try:
                data = change.path.read_bytes()
            except OSError as exc:
                change.error = f"cannot read: {exc.strerror or exc}"
                changes.append(change)
                continue
            change.digest = hashlib.sha256(data).hexdigest()
            analysed = change.digest
            try:
                change.before = current = _decoded(change, data)
            except NotRoundTrip as exc:
                change.error = str(exc)
                changes.append(change)
                continue
            except (SyntaxError, UnicodeDecodeError, LookupError, NotANotebook) as exc:
                change.error = f"cannot decode: {exc}"
                changes.append(change)
                continue
        if result.digests.get(rel) not in (None, analysed):
            change.error = "changed since it was analysed; run the analysis again"
            changes.append(change)
            continue
        starts = tuple(c.first_line for c in change.notebook.cells) if change.notebook else ()
        context = FileContext(result.tf_aliases.get(rel), result.function_aliases.get(rel),
                              result.bound_names.get(rel, frozenset()), starts)
        try:
            edits = _edits(change, current, context)
            change.after = apply_edits(current, rel, edits)
            if change.notebook is not None:
                change.notebook = edited_module(change.notebook, edits, change.after)
        except RefactorError as exc:
            change.error = str(exc)
        changes.append(change)
    return changes


class NotRoundTrip(ValueError):
    """A file whose encoding does not give its bytes back (apply._decoded)."""


def _decoded(change: FileChange, data: bytes) -> str:
    """The text the analysis read: a notebook's module of code cells, else the decoded file."""
    if is_notebook(change.file):
        change.notebook_before = change.notebook = read_notebook(data)
        return change.notebook.text
    change.encoding = _encoding_of(data)
    text = decode_source(data)
    if text.encode(change.encoding) != data:
        # cp932 and other codecs decode two byte sequences to one character: written back,
        # bytes the edit never touched would change (an audit of session 26: `≒` in a comment).
        raise NotRoundTrip(f"its bytes do not come back the same when decoded as "
                           f"{change.encoding} and encoded again, so an edit would change text "
                           "it does not touch; edit it by hand")
    return text


def _edits(change: FileChange, text: str, context: FileContext) -> list[TextEdit]:
    """The edits of every function and repair of `change` that can be made; one that cannot
    (a wrapper to reconfigure, a call site no longer there) is left out with a note and does not
    hold back the others."""
    repaired: list[TextEdit] = []
    done = []
    for report, repair in change.repaired:
        try:
            repaired += repair_edits(text, change.file, report, repair, context)
        except RefactorError as exc:
            change.notes.append(str(exc))
            continue
        done.append((report, repair))
    change.repaired = done
    if not change.functions:
        return _unique(repaired)
    return _unique(_function_edits(change, text, context) + repaired)


def _unique(edits: list[TextEdit]) -> list[TextEdit]:
    """One of each edit (two repairs of a file both add its TensorFlow import)."""
    seen: dict[tuple[int, int, str], TextEdit] = {}
    for edit in edits:
        seen.setdefault((edit.start, edit.end, edit.new_text), edit)
    return sorted(seen.values(), key=edit_order)


def _function_edits(change: FileChange, text: str, context: FileContext) -> list[TextEdit]:
    try:
        return edits_for(text, change.file, change.functions, context)
    except RefactorError:
        pass
    doable = []
    for report in change.functions:
        try:
            edits_for(text, change.file, [report], context)
        except RefactorError as exc:
            change.notes.append(str(exc))
            continue
        doable.append(report)
    if not doable:
        raise RefactorError("; ".join(change.notes))
    change.functions = doable
    return edits_for(text, change.file, doable, context)


def fix_until_settled(analyse: Callable[[dict[str, str]], AnalysisResult],
                      kinds: frozenset[Transformation] = frozenset(Transformation),
                      max_rounds: int | None = None,
                      repairs: frozenset[str] = frozenset()) -> Settled:
    """Analyse, edit in memory, analyse the edited texts (`analyse(overrides)`, overrides by
    absolute path), ... until a round changes nothing; nothing is written."""
    max_rounds = max_rounds or MAX_ROUNDS
    pending: dict[str, FileChange] = {}
    failed: dict[str, FileChange] = {}
    for number in range(1, max_rounds + 1):
        result = analyse({str(c.path): c.after for c in pending.values()})
        progressed = False
        for change in plan_changes(result, kinds, pending, repairs):
            earlier = pending.get(change.file)
            if change.error:
                if earlier is None:
                    failed[change.file] = change  # a later round may still make it
                elif change.error not in earlier.notes:
                    earlier.notes.append(change.error)  # keep what earlier rounds did
                continue
            if change.after == (earlier.after if earlier else change.before):
                continue
            failed.pop(change.file, None)
            if earlier is not None:
                seen = {(r.file, r.qualname) for r in change.functions}
                change.functions = [r for r in earlier.functions
                                    if (r.file, r.qualname) not in seen] + change.functions
                change.repaired = [item for item in earlier.repaired
                                   if item not in change.repaired] + change.repaired
                change.notes = earlier.notes + [n for n in change.notes if n not in earlier.notes]
            pending[change.file] = change
            progressed = True
        if not progressed:
            return Settled(_ordered(pending, failed), number, True)
    return Settled(_ordered(pending, failed), max_rounds, False)


def _ordered(pending: dict[str, FileChange], failed: dict[str, FileChange]) -> list[FileChange]:
    both = {**pending, **failed}
    return [both[rel] for rel in sorted(both)]


def write_changes(changes: list[FileChange]) -> list[FileChange]:
    """Write every change without an error; returns the ones written."""
    written = []
    inodes: dict[tuple[int, int], FileChange] = {}  # of the files written, by (device, inode)
    for change in changes:
        if change.error or change.after == change.before:
            continue
        try:
            status = os.stat(change.path)
            first = inodes.get((status.st_dev, status.st_ino))
        except OSError:
            first = None
        if first is not None:
            # Another name of a file written already (a hard link given twice: its digest no
            # longer matches, and "changed while hybridize was running" misled a red team of
            # session 35)
            change.error = f"the same file as {first.file} (a hard link), edited once"
            continue
        outside = outside_root(change.path, change.root)
        if outside is not None:
            change.error = f"a link to {outside}, outside the analysed folder; not written"
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
            data = change.after.encode(change.encoding) if change.notebook is None else \
                notebook_bytes(current, change.notebook_before or change.notebook,
                               change.notebook)
        except UnicodeEncodeError as exc:
            change.error = f"cannot encode as {change.encoding}: {exc}"
            continue
        except RefactorError as exc:
            change.error = str(exc)
            continue
        target = change.path.resolve()
        if not os.access(target, os.W_OK) or not os.stat(target).st_mode & 0o222:
            # Replacing a read-only file by renaming a new one over it would succeed in a
            # writable folder (an audit of session 26); its mode says it is not to be changed.
            change.error = "the file is read-only; not written"
            continue
        try:
            write_file(target, data)  # through a link, never replacing it
        except OSError as exc:
            change.error = f"cannot write: {exc.strerror or exc}"
            continue
        written.append(change)
        with contextlib.suppress(OSError):
            status = os.stat(target)
            inodes[(status.st_dev, status.st_ino)] = change
    return written


def write_file(target: Path, data: bytes) -> None:
    """Replace the contents of `target`, keeping its inode's identity for the user: owner, group,
    mode, and every hard link to it."""
    status = os.stat(target)
    if status.st_nlink > 1:
        # A new file renamed over this name would leave the other links on the old text.
        _write_in_place(target, data)
        return
    try:
        _replace(target, data, status)
    except PermissionError:
        # The folder is not writable, or the owner cannot be given to a new file: the file
        # itself may still be writable, and writing into it keeps everything.
        _write_in_place(target, data)


def _replace(target: Path, data: bytes, status: os.stat_result) -> None:
    """Atomic: a temporary file with the same owner, group and mode, renamed over the target."""
    fd, tmp = tempfile.mkstemp(prefix=".hybridize-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            created = os.fstat(handle.fileno())
            if (created.st_uid, created.st_gid) != (status.st_uid, status.st_gid):
                os.fchown(handle.fileno(), status.st_uid, status.st_gid)
            # After chown, which clears set-id bits.
            os.fchmod(handle.fileno(), status.st_mode & 0o7777)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_in_place(target: Path, data: bytes) -> None:
    with open(target, "r+b") as handle:
        handle.write(data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())
