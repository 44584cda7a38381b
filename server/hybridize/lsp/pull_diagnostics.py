"""Pull diagnostics (LSP 3.17 `textDocument/diagnostic` and `workspace/diagnostic`).

A client that pulls asks for a document's diagnostics when it wants them, naming the result id
it holds: a report that has not changed is answered "unchanged". The result id is a digest of the
diagnostics themselves, so it needs no bookkeeping and two equal reports always share it.
Verdicts depend on other files (a caller's arguments decide a parameter's fact), so after a run
whose results changed for a file the client did not just edit, the server asks the client to
pull again (`workspace/diagnostic/refresh`).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.protocol import default_converter

from hybridize.analysis.model import AnalysisResult, FileError, FunctionReport
from hybridize.lsp import diagnostics, verdicts
from hybridize.lsp.documents import is_file_uri, path_of, uri_of

if TYPE_CHECKING:
    from hybridize.lsp.server import HybridizeServer
    from hybridize.lsp.session import Folder

IDENTIFIER = "hybridize"
# The closed files' verdicts come from a whole run (every function decided: seconds on a large
# workspace, and a run cannot be interrupted), made once edits have paused this long.
WHOLE_RUN_IDLE_S = 3.0
OPTIONS = types.DiagnosticOptions(inter_file_dependencies=True, workspace_diagnostics=True,
                                  identifier=IDENTIFIER)
_converter = default_converter()


def uses_pull(caps: types.ClientCapabilities) -> bool:
    """Pull when the client pulls document diagnostics and can be told to pull again: without
    `workspace.diagnostics.refreshSupport` (Neovim 0.11 pulls only on its own edits) a change
    in one file would leave stale verdicts on the others, so such a client gets push."""
    text, workspace = caps.text_document, caps.workspace
    return bool(text and text.diagnostic and workspace and workspace.diagnostics and
                workspace.diagnostics.refresh_support)


def result_id(items: list[types.Diagnostic]) -> str:
    data = json.dumps(_converter.unstructure(items), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


@dataclass
class PullState:
    """What the client was last shown of each file (by URI: the result id), to tell whether a
    run changed anything it did not ask for itself."""

    shown: dict[str, str] = field(default_factory=dict)  # uri -> result id
    read: dict[str, str] = field(default_factory=dict)  # path -> text of the previous run
    complete: dict[str, Any] = field(default_factory=dict)  # folder root -> its full result
    # VS Code pulls the whole workspace every 2 s, and a whole run follows every edit: a
    # file's diagnostics are computed again only when what they are made of changed.
    cache: dict[str, Cached] = field(default_factory=dict)
    # The reports and errors of the last result, by file (one pass, not one per file).
    index: tuple[Any, dict[str, tuple[list[FunctionReport], list[FileError]]]] | None = None
    workspace_pulled: bool = False  # whole runs are for clients that pull the workspace
    whole_task: asyncio.Task[None] | None = None
    whole_running: bool = False


@dataclass
class Cached:
    """A file's diagnostics, and what they were computed from: for an open document the
    result, settings and version; for a closed file its digest, reports and errors."""

    settings: Any
    source: Any  # the result (open) or the file's digest (closed)
    version: int | None
    reports: list[FunctionReport] | None
    errors: list[FileError] | None
    items: list[types.Diagnostic]
    rid: str


def by_file(state: PullState, result: AnalysisResult
            ) -> dict[str, tuple[list[FunctionReport], list[FileError]]]:
    if state.index is None or state.index[0] is not result:
        grouped: dict[str, tuple[list[FunctionReport], list[FileError]]] = {}
        for report in result.functions:
            grouped.setdefault(report.file, ([], []))[0].append(report)
        for error in result.errors:
            grouped.setdefault(error.file, ([], []))[1].append(error)
        state.index = (result, grouped)
    return state.index[1]


def file_items(ls: HybridizeServer, folder: Folder, path: str,
               uri: str) -> tuple[list[types.Diagnostic], str] | None:
    """The diagnostics of one file as the current result says, and their result id (None: no
    text to place them on)."""
    result = folder.result
    if result is None:
        return None
    document = ls.workspace.text_documents.get(uri)
    version = document.version if document is not None else None
    cached = ls.pull.cache.get(uri)
    rel = folder.relative(path)
    if path in folder.texts:  # open: its reports may be moved onto a text being typed
        if cached is not None and cached.source is result and \
                cached.settings is folder.settings and cached.version == version:
            return cached.items, cached.rid
        reports = folder.shown_reports(path)
        errors = by_file(ls.pull, result).get(rel, ([], []))[1]
        source: Any = result
    else:
        # A closed file: its verdicts are the last whole run's, while the file is the one that
        # run read (a file changed on disk since waits for the next whole run).
        whole = ls.pull.complete.get(str(folder.root))
        if whole is not None and whole is not result:
            if whole.digests.get(rel) != result.digests.get(rel):
                return None
            result = whole
        digest = result.digests.get(rel)
        reports, errors = by_file(ls.pull, result).get(rel, ([], []))
        if digest is None:
            reports = []  # not the text the result read (see Folder.is_current)
        if cached is not None and cached.source == digest and cached.version is None and \
                cached.settings is folder.settings and cached.reports == reports and \
                cached.errors == errors:
            return cached.items, cached.rid
        source = digest
    view = ls.view_of(folder, uri)
    if view is None:
        return None
    items = diagnostics.file_diagnostics(reports, errors, view, str(folder.root),
                                         folder.settings,
                                         verdicts.short_of(ls.verdict_lookup(folder, result)))
    rid = result_id(items)
    ls.pull.cache[uri] = Cached(folder.settings, source, version, reports, errors, items, rid)
    return items, rid


def result_files(folder: Folder, whole: AnalysisResult | None = None) -> list[str]:
    """The absolute paths of the files the folder's result (and its last whole result) speak
    of: decided, or not parsed."""
    rels: set[str] = set()
    for result in (folder.result, whole):
        if result is not None:
            rels |= {r.file for r in result.functions} | {e.file for e in result.errors} | \
                set(result.digests)
    return sorted(str(folder.root / rel) for rel in rels if rel.endswith(".py"))


def schedule_whole_run(ls: HybridizeServer) -> None:
    """Decide every file again once edits pause (restarting the wait at each run); a run that
    changes a closed file's diagnostics asks the client to pull again (after_run)."""
    state = ls.pull
    if state.whole_running:
        return  # the runs that follow it schedule the next one
    if state.whole_task is not None and not state.whole_task.done():
        state.whole_task.cancel()
    state.whole_task = asyncio.ensure_future(_whole_run_when_idle(ls))


async def _whole_run_when_idle(ls: HybridizeServer) -> None:
    await asyncio.sleep(WHOLE_RUN_IDLE_S)
    ls.pull.whole_running = True
    try:
        for folder in list(ls.session.folders):
            if folder.file is None and \
                    ls.pull.complete.get(str(folder.root)) is not folder.result:
                await ls.analyse_folder(folder, everything=True)
    finally:
        ls.pull.whole_running = False


def after_run(ls: HybridizeServer, folder: Folder, everything: bool) -> None:
    """Remember what the run shows; ask the client to pull again when a file it did not edit
    shows something else now (a caller changed elsewhere, new settings)."""
    state = ls.pull
    if everything:
        state.complete[str(folder.root)] = folder.result
    if not everything and state.workspace_pulled:
        schedule_whole_run(ls)
    for path in [p for p in state.read if folder.contains(p) and p not in folder.texts]:
        del state.read[path]  # closed: read from disk now
    changed = False
    # A run for the open documents decides only them; a whole run decides every file.
    for path in result_files(folder) if everything else sorted(folder.texts):
        if path in folder.behind:
            continue  # its reports are an earlier run's (Folder.behind)
        uri = uri_of(path)
        document = ls.workspace.text_documents.get(uri)
        if document is not None and folder.versions.get(path) != document.version:
            continue  # a newer run will show the newer text
        found = file_items(ls, folder, path, uri)
        if found is None:
            continue
        new_id, old_id = found[1], state.shown.get(uri)
        state.shown[uri] = new_id
        text = folder.texts.get(path)
        edited = text is not None and state.read.get(path) != text
        if text is not None:
            state.read[path] = text
        if old_id is not None and old_id != new_id and not edited:
            changed = True
    if changed:
        ls.workspace_diagnostic_refresh(None)


async def document_report(ls: HybridizeServer, params: types.DocumentDiagnosticParams
                          ) -> types.DocumentDiagnosticReport:
    uri = params.text_document.uri
    previous = params.previous_result_id
    path = path_of(uri) if is_file_uri(uri) else ""
    if not path.endswith(".py"):
        # Not a file the engine reads, or a notebook cell: a cell's diagnostics are pushed
        # (HybridizeServer.push_cells says why), so its pull is empty and never doubles them.
        return types.RelatedFullDocumentDiagnosticReport(items=[], result_id=result_id([]))
    await ls.fresh(path)
    folder = ls.session.folder_for(path)
    document = ls.workspace.text_documents.get(uri)
    stale = document is not None and folder.versions.get(path) != document.version
    found = None if stale else file_items(ls, folder, path, uri)
    if found is None:
        # No result for this text yet (the analysis did not finish in time): keep what the
        # client shows rather than clear it; a refresh follows the run.
        if previous is not None:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=previous)
        found = [], result_id([])
    items, rid = found
    ls.pull.shown[uri] = rid
    if previous == rid:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=rid)


async def workspace_report(ls: HybridizeServer, params: types.WorkspaceDiagnosticParams
                           ) -> types.WorkspaceDiagnosticReport:
    """Every file of every workspace folder: open ones as their document pull says, closed ones
    (read from disk) as the last whole run says. It does not wait for a whole run: when edits
    made one due, it is scheduled, and its changes come with a refresh."""
    await ls.fresh()
    if not ls.pull.workspace_pulled:
        ls.pull.workspace_pulled = True
        if any(f.file is None and ls.pull.complete.get(str(f.root)) is not f.result
               for f in ls.session.folders):
            schedule_whole_run(ls)
    previous = {p.uri: p.value for p in params.previous_result_ids}
    reports: list[types.WorkspaceDocumentDiagnosticReport] = []
    seen: set[str] = set()
    listed: set[str] = set()  # known files, reported now or once a run has caught up
    for folder in list(ls.session.folders):
        for path in result_files(folder, ls.pull.complete.get(str(folder.root))):
            uri = uri_of(path)
            if uri in seen:
                continue
            listed.add(uri)
            document = ls.workspace.text_documents.get(uri)
            version = document.version if document is not None else None
            if document is not None and folder.versions.get(path) != version:
                continue  # not analysed yet in this state: the document pull answers it
            found = file_items(ls, folder, path, uri)
            if found is None:
                continue
            seen.add(uri)
            items, rid = found
            ls.pull.shown[uri] = rid
            if previous.get(uri) == rid:
                reports.append(types.WorkspaceUnchangedDocumentDiagnosticReport(
                    uri=uri, version=version, result_id=rid))
            else:
                reports.append(types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri, version=version, items=items, result_id=rid))
    for uri in sorted(set(previous) - listed):
        # A file the client knows of that is gone (deleted, excluded): clear it.
        if ls.workspace.text_documents.get(uri) is None:
            reports.append(types.WorkspaceFullDocumentDiagnosticReport(
                uri=uri, version=None, items=[], result_id=result_id([])))
    # Forget the files no longer reported (their entries would keep old results alive).
    ls.pull.cache = {uri: entry for uri, entry in ls.pull.cache.items()
                     if uri in listed or uri in ls.workspace.text_documents}
    return types.WorkspaceDiagnosticReport(items=reports)


def register(ls: HybridizeServer) -> None:
    """Offer pull diagnostics (called while initializing, for a client that pulls): pygls
    computes the server's capabilities from the features registered by then."""

    @ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, OPTIONS)
    async def on_document(ls: HybridizeServer, params: types.DocumentDiagnosticParams
                          ) -> types.DocumentDiagnosticReport:
        return await document_report(ls, params)

    @ls.feature(types.WORKSPACE_DIAGNOSTIC)
    async def on_workspace(ls: HybridizeServer, params: types.WorkspaceDiagnosticParams
                           ) -> types.WorkspaceDiagnosticReport:
        return await workspace_report(ls, params)
