"""Code actions: the refactorings on the function under the cursor, the same fixes as quick fixes
on their diagnostics, and a source action for the whole file. Edits come from `refactor`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from lsprotocol import types

from hybridize.analysis.model import FunctionReport, Transformation
from hybridize.analysis.suppressions import add_ignore
from hybridize.lsp.diagnostics import SOURCE, diagnostic_kind
from hybridize.lsp.documents import TextView
from hybridize.refactor import (
    FileContext,
    RefactorError,
    TextEdit,
    apply_edits,
    by_target_file,
    edit_order,
    edits_for,
)
from hybridize.refactor.repairs import DECORATOR_ARGUMENTS, RENAME, repair_edits, repair_files

REFACTOR_KIND = "refactor.rewrite.hybridize"
SOURCE_KIND = "source.hybridize"
# Run by editors on save (VS Code's editor.codeActionsOnSave: "source.fixAll"): the edits
# `hybridize fix` makes to the file, so it is offered only when asked for by kind.
FIX_ALL_KIND = "source.fixAll.hybridize"
FIX_ALL = "fixAll"
QUICKFIX = types.CodeActionKind.QuickFix.value
IGNORE = "ignore:"  # the action's prefix; the code to suppress follows
REPAIR = "repair:"  # the action's prefix; the repair's kind (and parameter) follow
SHORT_REASON = {"P2": "no tensor arguments", "P3": "retraces on Python values",
                "P6": "runs no TensorFlow operation"}


@dataclasses.dataclass(frozen=True)
class Offer:
    """One action before it is turned into LSP: what it does to which functions."""

    title: str
    kind: str
    action: str  # "hybrid", "eager", "reconfigure", "remove", "file"
    qualname: str | None
    line: int | None
    diagnostics: tuple[types.Diagnostic, ...] = ()
    preferred: bool = False


def wanted(kind: str, only: list[str] | None) -> bool:
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def offers_for(report: FunctionReport | None, file_reports: list[FunctionReport],
               diagnostics: list[types.Diagnostic], only: list[str] | None = None
               ) -> list[Offer]:
    """What to offer at the cursor. A refactoring whose diagnostic is in the context is offered
    once, as the preferred quick fix (the lightbulb would otherwise list it twice); a client that
    asks for refactorings only (VS Code's Refactor menu) gets it as `refactor.rewrite`."""
    out: list[Offer] = []
    if report is not None:
        matching = tuple(d for d in diagnostics if d.source == SOURCE and isinstance(d.data, dict)
                         and d.data.get("qualname") == report.qualname)
        as_quickfix = bool(matching) and wanted(QUICKFIX, only)
        # Repairs keep the graph: first, the first one preferred; removing the decorator last.
        repairs = _repair_offers(report, matching, as_quickfix, only)
        title, action = _refactoring(report)
        removal = action == "eager" and bool(repairs)
        if title is not None and action is not None:
            if not as_quickfix or (only and wanted(REFACTOR_KIND, only)):
                out.append(Offer(title, REFACTOR_KIND, action, report.qualname, report.line))
            if as_quickfix:
                out.append(Offer(title, QUICKFIX, action, report.qualname, report.line,
                                 matching, preferred=not removal))
        out = repairs + out
        kind = diagnostic_kind(report)
        if report.transformation is None and kind is not None and kind[0] == "warning":
            out.append(Offer(f"Remove @tf.function ({report.failures[0].code})", QUICKFIX,
                             "remove", report.qualname, report.line, matching))
        if wanted(QUICKFIX, only):
            for diagnostic in matching:
                out.append(Offer(f"Ignore {diagnostic.code} for this function", QUICKFIX,
                                 f"{IGNORE}{diagnostic.code}", report.qualname, report.line,
                                 (diagnostic,)))
    if any(r.transformation is Transformation.CONVERT_TO_HYBRID for r in file_reports):
        out.append(Offer("Hybridize all safe functions in this file", SOURCE_KIND, "file",
                         None, None))
    # Only when asked for by name (source.fixAll[.hybridize]), as on save: a request for every
    # source action (VS Code's Source Action menu) already has the file's own action.
    asked = [o for o in only or [] if o.startswith("source.fixAll")]
    if wanted(FIX_ALL_KIND, asked) and asked and \
            reports_for_action(FIX_ALL, None, None, file_reports):
        out.append(Offer("Apply all Hybridize fixes in this file", FIX_ALL_KIND, FIX_ALL,
                         None, None))
    return out


def _repair_offers(report: FunctionReport, matching: tuple[types.Diagnostic, ...],
                   as_quickfix: bool, only: list[str] | None) -> list[Offer]:
    out = []
    for repair in report.repairs:
        if repair.kind == "PASS_TENSOR_ARGUMENTS" and repair.sites:
            count = len(repair.sites)
            title = (f"Keep the graph: pass `{repair.parameter}` as a tensor at {count} call "
                     f"site{'s' if count > 1 else ''} (tf.constant)")
            action = f"{REPAIR}{repair.kind}:{repair.parameter}"
        elif repair.kind == "RENAME_DEPRECATED_ARGUMENTS" and repair.renames:
            title = "Rename " + ", ".join(f"{old} to {new}" for old, new in repair.renames) + \
                " (deprecated tf.function arguments)"
            action = f"{REPAIR}{repair.kind}"
        elif repair.kind in DECORATOR_ARGUMENTS and repair.argument:
            shown = "input_signature with None where the shapes vary" \
                if repair.kind == "ADD_INPUT_SIGNATURE" else repair.argument
            title = f"Keep the graph: add {shown} (shapes that vary)"
            action = f"{REPAIR}{repair.kind}"
        else:
            continue
        if as_quickfix:
            out.append(Offer(title, QUICKFIX, action, report.qualname, report.line, matching,
                             preferred=not out))
        if not as_quickfix or (only and wanted(REFACTOR_KIND, only)):
            out.append(Offer(title, REFACTOR_KIND, action, report.qualname, report.line))
    return out


def _refactoring(report: FunctionReport) -> tuple[str | None, str | None]:
    if report.transformation is Transformation.CONVERT_TO_HYBRID:
        return "Convert to hybrid function (add @tf.function)", "hybrid"
    if report.transformation is Transformation.CONVERT_TO_EAGER:
        why = SHORT_REASON.get(report.precondition or "", report.reason)
        return f"Optimize hybrid function: remove @tf.function ({why})", "eager"
    if report.transformation is Transformation.RECONFIGURE:
        return "Optimize hybrid function: add input_signature", "reconfigure"
    return None, None


def reports_for_action(action: str, qualname: str | None, line: int | None,
                       file_reports: list[FunctionReport]) -> list[FunctionReport]:
    """The reports (with the transformation to apply) an action edits."""
    if action == "file":
        return [r for r in file_reports if r.transformation is Transformation.CONVERT_TO_HYBRID]
    if action == FIX_ALL:
        # What `hybridize fix` applies: conversions and removals, the input_signatures that
        # the engine proposes only when signatures are inferred (fix --infer-signatures), and
        # the renames of deprecated decorator arguments (not on a decorator that its own
        # transformation rewrites or removes: refactor/apply.py waits for a later round).
        transformed = [r for r in file_reports if r.transformation is not None]
        # reduce_retracing (R3) too, as `fix` does, unless a rename rewrites the decorator.
        renamed = [dataclasses.replace(r, transformation=None, repairs=[repair])
                   for r in file_reports for repair in r.repairs
                   if (repair.kind == RENAME or repair.kind == "REDUCE_RETRACING" and
                       repair.argument and not any(o.kind == RENAME and o.renames
                                                   for o in r.repairs))
                   and r.transformation not in
                   (Transformation.RECONFIGURE, Transformation.CONVERT_TO_EAGER)]
        return transformed + renamed
    found = [r for r in file_reports if r.qualname == qualname]
    if len(found) > 1 and line is not None:
        found = [r for r in found if r.line == line] or found[:1]
    if not found:
        return []
    report = found[0]
    if action.startswith(REPAIR):
        # The report carries only the chosen repair, and no transformation of its own.
        kind, _, parameter = action.removeprefix(REPAIR).partition(":")
        chosen = [r for r in report.repairs if r.kind == kind and
                  (r.parameter or "") == parameter]
        return [dataclasses.replace(report, transformation=None, repairs=chosen[:1])] \
            if chosen else []
    if action == "remove":
        return [dataclasses.replace(report, transformation=Transformation.CONVERT_TO_EAGER)]
    expected = {"hybrid": Transformation.CONVERT_TO_HYBRID,
                "eager": Transformation.CONVERT_TO_EAGER,
                "reconfigure": Transformation.RECONFIGURE}[action]
    return [report] if report.transformation is expected else []


@dataclasses.dataclass(frozen=True)
class EditTarget:
    """A file an action edits: its URI, the text the analysis read (and that text's version),
    and what the file offers the edits."""

    uri: str
    view: TextView
    version: int | None
    context: FileContext


def workspace_edit(reports: list[FunctionReport], target_of: Callable[[str], EditTarget | None],
                   document_changes: bool) -> types.WorkspaceEdit | None:
    """A minimal WorkspaceEdit; None when there is nothing to do or it cannot be done safely.

    An action may edit another file than its function's (removing `fast = tf.function(scale)`
    edits the wrapper's file): `target_of` gives, by file relative to the root, the text the
    analysis read, or None when that text is gone (then no edit at all, never half of one)."""
    if not reports:
        return None
    per_file: list[tuple[EditTarget, list[types.TextEdit]]] = []
    # A report without a transformation carries the repairs to make (fix-all has both kinds).
    repairing = [r for r in reports if r.transformation is None and r.repairs]
    transforming = [r for r in reports if not (r.transformation is None and r.repairs)]
    repair_groups = _repair_files(repairing)
    groups = by_target_file(transforming) if transforming else {}
    try:
        for rel in sorted(set(groups) | set(repair_groups)):
            target = target_of(rel)
            if target is None:
                return None
            edits = (edits_for(target.view.text, rel, groups[rel], target.context)
                     if rel in groups else []) + \
                _repair_edits(target, rel, repair_groups.get(rel, []))
            edits.sort(key=edit_order)
            apply_edits(target.view.text, rel, edits)  # the result must parse
            if edits:
                per_file.append((target, [types.TextEdit(
                    range=types.Range(target.view.position_at(e.start),
                                      target.view.position_at(e.end)),
                    new_text=e.new_text) for e in edits]))
    except RefactorError:
        return None
    if not per_file:
        return None
    if document_changes:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=t.uri,
                                                                        version=t.version),
            edits=list(edits)) for t, edits in per_file])
    return types.WorkspaceEdit(changes={t.uri: edits for t, edits in per_file})


def _repair_files(reports: list[FunctionReport]) -> dict[str, list[FunctionReport]]:
    """The files the reports' repairs edit (a repair of call sites edits the callers' files)."""
    out: dict[str, list[FunctionReport]] = {}
    for report in reports:
        for repair in report.repairs:
            for rel in repair_files(report, repair):
                out.setdefault(rel, []).append(report)
    return out


def _repair_edits(target: EditTarget, rel: str, reports: list[FunctionReport]) -> list[TextEdit]:
    edits: dict[tuple[int, int, str], TextEdit] = {}
    for report in reports:
        for repair in report.repairs:
            for edit in repair_edits(target.view.text, rel, report, repair, target.context):
                edits.setdefault((edit.start, edit.end, edit.new_text), edit)
    return sorted(edits.values(), key=edit_order)


def ignore_edit(action: str, qualname: str | None, line: int | None,
                file_reports: list[FunctionReport], target: EditTarget,
                document_changes: bool) -> types.WorkspaceEdit | None:
    """The edit of "Ignore CODE for this function": the suppression comment on the `def` line,
    added or extended; None when the function is gone or a comment cannot go on that line."""
    code = action.removeprefix(IGNORE)
    found = [r for r in file_reports if r.qualname == qualname and r.line == line]
    view = target.view
    if not found or not code or not 0 < found[0].line <= len(view.lines):
        return None
    row = found[0].line
    old = view.lines[row - 1].rstrip("\r\n")
    new = add_ignore(old, code)
    if new is None or new == old:
        return None
    edit = types.TextEdit(range=types.Range(view.position(row, 0), view.position(row, len(old))),
                          new_text=new)
    if document_changes:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=target.uri, version=target.version), edits=[edit])])
    return types.WorkspaceEdit(changes={target.uri: [edit]})


def to_lsp(offer: Offer, uri: str, version: int | None,
           edit: types.WorkspaceEdit | None, lazy: bool) -> types.CodeAction:
    data: dict[str, Any] = {"uri": uri, "version": version, "action": offer.action,
                            "qualname": offer.qualname, "line": offer.line}
    return types.CodeAction(
        title=offer.title, kind=offer.kind, diagnostics=list(offer.diagnostics) or None,
        is_preferred=offer.preferred or None, edit=None if lazy else edit,
        data=data if lazy else None)
