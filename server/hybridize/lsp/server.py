"""The language server: wires LSP methods to the session and the feature modules.

Analysis runs in one worker thread (it is CPU-bound); the event loop keeps answering requests.
Changes are debounced; requests that need results wait for the analysis in flight; results are
published only for documents whose version has not moved on since the analysis read them.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from hybridize import __version__
from hybridize.analysis import default_cache_dir
from hybridize.analysis.model import AnalysisResult, FunctionReport, Transformation
from hybridize.config import FILE_NAMES
from hybridize.lsp import code_actions, diagnostics, hover, pull_diagnostics, verdicts, verify_run
from hybridize.lsp.documents import TextView, is_file_uri, keep_lsp_line_breaks, path_of, uri_of
from hybridize.lsp.notebooks import (
    SYNC_OPTIONS,
    OpenNotebook,
    analysed_text_document,
    cell_diagnostics,
    cell_hover,
    open_notebooks,
    read_open,
    text_of_document,
    to_cells,
    to_module,
    told,
)
from hybridize.lsp.session import Folder, Session
from hybridize.lsp.settings import parse_settings
from hybridize.notebook.cells import NotebookModule
from hybridize.refactor import FileContext, text_digest

log = logging.getLogger("hybridize.lsp")

HYBRIDIZE_FILE = "hybridize.hybridizeFile"
HYBRIDIZE_WORKSPACE = "hybridize.hybridizeWorkspace"
FRESH_TIMEOUT_S = 10.0
GC_EVERY_RUNS = 200
SWITCH_INTERVAL_S = 0.001
# The state of the analysis is written to the cache folder for the next session (the index then
# starts from it: docs/cache.md) once nothing has been edited for this long; an edit stops it.
SAVE_IDLE_S = 2.0
# While the user types, a run decides the edited documents only (their diagnostics come first:
# another open file's facts cost as much again, 70 ms for a 31-function file on 250 KLOC); the
# other open documents are decided once nothing has been edited for this long, or before a
# request about one of them.
OTHERS_IDLE_S = 0.2
# Python files, and the configuration files (config.FILE_NAMES) wherever they are.
WATCHED_GLOBS = ("**/*.py", "**/*.ipynb", *(f"**/{name}" for name in FILE_NAMES))


class Cancelled(Exception):
    """The user cancelled the indexing progress."""


@dataclass
class Capabilities:
    lazy_edits: bool = False
    document_changes: bool = False
    markdown: bool = True
    progress: bool = False
    configuration: bool = False
    watch_files: bool = False
    pull_diagnostics: bool = False  # the client pulls (textDocument/diagnostic): never push


class HybridizeServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("hybridize", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         notebook_document_sync=SYNC_OPTIONS)
        self.session = Session()
        self.caps = Capabilities()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hybridize")
        # Requests are answered while the analysis thread runs (the index takes tens of seconds
        # on 250 KLOC): the event loop waits for the GIL at most this long at each step of a
        # request (Python's default is 5 ms). It costs the analysis nothing while no request is
        # being served (the interval only applies when another thread asks for the GIL).
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.dirty = False
        self.debounce: asyncio.Task[None] | None = None
        self.running: asyncio.Future[None] | None = None
        self.settings_problems: list[str] = []
        self.config_problems_shown: set[str] = set()
        self.runs = 0
        # The editor watches the workspace's files for us (the registration succeeded): a run
        # that no file-system event preceded need not look at the disk's files again
        # (discovery.Listing.reuse; Folder.disk_changed).
        self.watching = False
        # The first analysis of the workspace is running: requests answer from what there is
        # (nothing yet) instead of waiting for it (tens of seconds on 250 KLOC).
        self.indexing = False
        # The module built from each open notebook's cells, by notebook path (the last built).
        self.notebook_modules: dict[str, NotebookModule] = {}
        self.pull = pull_diagnostics.PullState()
        # The latest verify report of each folder, and the verify run started from the editor.
        self.verdicts = verdicts.Verdicts(default_cache_dir())
        self.verifier = verify_run.Verifier(self)
        self.saving: asyncio.Task[None] | None = None  # the wait before a save, then the save
        self.others: asyncio.Task[None] | None = None  # the wait before the others' run
        self.whole_next = False  # the next run decides every open document
        self.stopping = False  # `shutdown` came: a save in progress gives up

    # -- settings -----------------------------------------------------------------------------
    def use_settings(self, raw: Any) -> None:
        settings, problems = parse_settings(raw)
        self.session.apply_settings(settings)
        shown, self.settings_problems = self.settings_problems, problems
        for problem in problems:
            if problem in shown:
                continue  # the same settings again (initializationOptions, then configuration)
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning,
                message=f"Hybridize: {problem}; using the default."))
        self.show_config_problems()

    def show_config_problems(self) -> None:
        """Warn of each problem in a configuration file once (the file is read again with
        every change of settings and for every new folder)."""
        problems, self.session.config_problems = self.session.config_problems, []
        for problem in dict.fromkeys(problems):
            if problem in self.config_problems_shown:
                continue
            self.config_problems_shown.add(problem)
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning,
                message=f"Hybridize: {problem}; using the default."))

    async def pull_settings(self) -> None:
        if not self.caps.configuration:
            return
        try:
            values = await self.workspace_configuration_async(types.ConfigurationParams(
                items=[types.ConfigurationItem(section="hybridize")]))
        except Exception as exc:  # a client that cannot answer keeps the current settings
            log.warning("workspace/configuration failed: %s", exc)
            return
        if values and values[0] is not None:
            self.use_settings(values[0])

    def verdict_lookup(self, folder: Folder, result: AnalysisResult | None = None
                       ) -> Callable[[FunctionReport], verdicts.Shown | None]:
        """What the latest verify report says of each proposal of the folder, as of the texts
        `result` (default: the folder's) read."""
        result = result or folder.result
        return self.verdicts.lookup(folder.root, result.digests if result else {})

    # -- analysis -----------------------------------------------------------------------------
    def open_documents(self, folder: Folder) -> tuple[dict[str, str], dict[str, int | None]]:
        texts: dict[str, str] = {}
        versions: dict[str, int | None] = {}
        for uri, document in self.workspace.text_documents.items():
            path = path_of(uri)
            if analysed_text_document(self.workspace, uri) and folder.contains(path):
                texts[path] = text_of_document(uri, document.source)
                versions[path] = document.version
        for notebook in open_notebooks(self.workspace, self.session.workspace_roots()):
            if folder.contains(notebook.path):
                # The module of its code cells is analysed under the notebook file's name.
                texts[notebook.path] = notebook.module.text
                versions[notebook.path] = notebook.version
                self.notebook_modules[notebook.path] = notebook.module
        # The engine tells the notebooks' lines as cells' in every message (.py files' too).
        folder.analyzer.notebooks = {path: self.notebook_modules[path] for path in texts
                                     if path in self.notebook_modules}
        return texts, versions

    def schedule(self) -> None:
        """Analyse again after the debounce delay (restarted by every change)."""
        self.dirty = True
        if self.debounce is not None and not self.debounce.done():
            self.debounce.cancel()
        self.debounce = asyncio.ensure_future(self._after_debounce())

    async def _after_debounce(self) -> None:
        await asyncio.sleep(self.session.debounce_ms() / 1000)
        await asyncio.shield(self.analyse())

    def analyse(self) -> asyncio.Future[None]:
        """Run (or join) the analysis; it repeats while changes arrive during a run."""
        if self.running is None or self.running.done():
            self.running = asyncio.ensure_future(self._analyse_until_clean())
        return self.running

    async def _analyse_until_clean(self) -> None:
        await self._analyse_changes()
        self.schedule_save()

    async def _analyse_changes(self) -> None:
        while self.dirty:
            self.dirty = False
            whole, self.whole_next = self.whole_next, False
            for folder in list(self.session.folders):
                # While the user types, the update leaves the cycles of values through what
                # it evaluates for later (Analyzer.run, not exact): the idle pass, or a request
                # that edits code, runs the exact update first (`settle`). It decides the
                # edited documents only: the others once the user pauses (`_others_when_idle`).
                await self.analyse_folder(folder, exact=False, edited_first=not whole)
        if any(folder.behind for folder in self.session.folders) and not self.stopping:
            if self.others is not None and not self.others.done():
                self.others.cancel()
            self.others = asyncio.ensure_future(self._others_when_idle())

    async def _others_when_idle(self) -> None:
        """Once nothing has been edited for OTHERS_IDLE_S: decide the open documents the runs
        while typing left behind (the run that an edit starts meanwhile schedules this again)."""
        await asyncio.sleep(OTHERS_IDLE_S)
        if self.dirty or self.stopping or (self.running is not None and not self.running.done()):
            return
        self.whole_next = self.dirty = True
        await asyncio.shield(self.analyse())

    def schedule_save(self) -> None:
        """Once the user has been idle for SAVE_IDLE_S, write the state of each folder whose
        snapshot file is missing or stale (Analyzer.save_due) for the next session's index.
        The save runs on the analysis thread, between runs; the first edit stops it between
        two pieces (nothing changes on disk then) and the run after that edit schedules it
        again. Each piece holds the GIL for at most about 10 ms on 250 KLOC (cache_file.py)."""
        if self.stopping or self.indexing or \
                not any(folder.analyzer.save_due() or folder.analyzer.pending()
                        for folder in self.session.folders):
            return
        if self.saving is not None and not self.saving.done():
            self.saving.cancel()  # only ever cancelled while it waits (see _save_when_idle)
        self.saving = asyncio.ensure_future(self._save_when_idle())

    def _stop_saving(self) -> bool:
        return self.dirty or self.stopping  # read on the analysis thread: plain attributes

    async def _save_when_idle(self) -> None:
        await asyncio.sleep(SAVE_IDLE_S)
        loop = asyncio.get_running_loop()
        for folder in list(self.session.folders):
            if self._stop_saving() or (self.running is not None and not self.running.done()):
                return  # the run that comes schedules it again
            if folder.analyzer.pending():
                # Idle: the exact update, so that the verdicts shown (and the state saved)
                # are those of a run from scratch again.
                await asyncio.shield(self.analyse_folder(folder))
                if self._stop_saving():
                    return
            if not folder.analyzer.save_due():
                continue
            # Shielded: a cancel must not leave the analysis thread writing while a run starts
            # (the executor runs one job at a time anyway; the shield keeps this task's view).
            await asyncio.shield(loop.run_in_executor(
                self.executor, folder.analyzer.save, self._stop_saving))

    async def analyse_folder(self, folder: Folder, progress: Any = None,
                             everything: bool = False, exact: bool = True,
                             edited_first: bool = False) -> AnalysisResult | None:
        """Analyse a folder; verdicts for the open documents only unless `everything`.
        `exact`: Analyzer.run's. `edited_first`: verdicts for the open documents edited since
        the last run only (when some others are not); the others keep their reports, noted
        as behind (Folder.behind)."""
        texts, versions = self.open_documents(folder)
        files = None if everything else {folder.relative(path) for path in texts}
        edited: set[str] | None = None
        if edited_first and files and folder.result is not None:
            edited = {path for path, text in texts.items()
                      if folder.texts.get(path) != text or not folder.is_current(path)}
            if edited and len(edited) < len(texts):
                files = {folder.relative(path) for path in edited}
            else:
                edited = None
        # A file analysed alone is outside the workspace folders the editor watches.
        folder.analyzer.listing.reuse = self.watching and folder.file is None and \
            not folder.disk_changed
        folder.disk_changed = False
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(
                self.executor,
                functools.partial(folder.analyzer.run, texts, progress, files, exact))
        except Cancelled:
            return None
        except Exception:  # never let one bad run take the server down
            log.exception("analysis of %s failed", folder.root)
            return None
        if edited is not None and folder.result is not None:
            # The others' reports as the last run decided them (their texts are the same).
            kept = {folder.relative(path) for path in texts if path not in edited}
            result.functions = [*result.functions,
                                *(r for r in folder.result.functions if r.file in kept)]
            result.unused_ignores = [*result.unused_ignores,
                                     *(u for u in folder.result.unused_ignores
                                       if u.file in kept)]
            folder.behind = set(texts) - edited
        else:
            folder.behind = set()
        folder.update(result, texts, versions)
        if self.caps.pull_diagnostics:
            pull_diagnostics.after_run(self, folder, everything)
        self.publish(folder)
        self.publish_notebooks(folder)
        self.runs += 1
        if self.runs % GC_EVERY_RUNS == 0:
            # Now and then, collect cycles: objects frozen earlier may be garbage by now
            # (summaries of files edited since). The cyclic GC is otherwise off in `serve`.
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        return result

    async def answerable(self, path: str | None = None) -> None:
        """Before a hover or a code action (about `path`): results as fresh as an edit's run
        makes them, but never a wait for the index (the answer is then empty: no verdict
        exists yet)."""
        if not self.indexing:
            await self.fresh(path)

    async def fresh(self, path: str | None = None) -> None:
        """Wait until results reflect every change made so far (starting the run now), for
        the open document `path` (default: every open document)."""
        deadline = time.monotonic() + FRESH_TIMEOUT_S
        asked = False  # a run for the documents left behind was asked for (once)
        while time.monotonic() < deadline:
            if not asked and any(path in folder.behind if path is not None else folder.behind
                                 for folder in self.session.folders):
                # Decided while typing elsewhere (or about to be, by the run under way).
                asked = self.whole_next = self.dirty = True
            if self.running is not None and not self.running.done():
                await asyncio.wait([self.running], timeout=deadline - time.monotonic())
            elif self.dirty:
                if self.debounce is not None and not self.debounce.done():
                    self.debounce.cancel()
                self.analyse()
            else:
                return

    async def settled(self, folder: Folder) -> None:
        """Before an edit is made from the verdicts: results as fresh as `fresh` makes them,
        from the exact update (Analyzer.run) if the runs while typing left it for later."""
        await self.fresh()
        if folder.analyzer.pending():
            await self.analyse_folder(folder)

    def disk_may_have_changed(self) -> None:
        """A file-system event (or one that may come with a change on disk: a save, a document
        opened or closed, new settings): every folder's next run looks at the disk again."""
        for folder in self.session.folders:
            folder.disk_changed = True

    def text_document_publish_diagnostics(self, params: types.PublishDiagnosticsParams) -> None:
        """Never a push to a client that pulls: it would show both (LSP 3.17). Notebook
        cells are the exception (`push_cells`)."""
        if not self.caps.pull_diagnostics:
            super().text_document_publish_diagnostics(params)

    def push_cells(self, params: types.PublishDiagnosticsParams) -> None:
        """Cells are always pushed, to clients that pull too: vscode-languageclient 9 pulls
        only text documents and never a notebook's cells (vscode-languageserver-node#1464),
        so a pulled cell showed nothing in VS Code. A pull for a cell answers an empty
        report (pull_diagnostics.document_report), so no client shows a cell's twice; ruff
        and ty do the same."""
        super().text_document_publish_diagnostics(params)

    def publish(self, folder: Folder) -> None:
        result = folder.result
        if result is None or self.caps.pull_diagnostics:
            return
        for uri, document in list(self.workspace.text_documents.items()):
            path = path_of(uri)
            if not analysed_text_document(self.workspace, uri) or not folder.contains(path):
                continue
            if folder.versions.get(path) != document.version or path in folder.behind:
                continue  # a newer analysis will publish for the newer text (or decide it)
            rel = folder.relative(path)
            view = TextView(folder.texts.get(path, document.source), self.workspace.position_codec)
            errors = [e for e in result.errors if e.file == rel]
            found = diagnostics.file_diagnostics(folder.shown_reports(path), errors, view,
                                                 str(folder.root), folder.settings,
                                                 verdicts.short_of(self.verdict_lookup(folder)))
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=found, version=document.version))

    # -- notebooks (the mapping to cells lives in lsp/notebooks.py and hybridize.notebook) ----
    def notebook_of(self, uri: str) -> OpenNotebook | None:
        """The open notebook that the cell document `uri` belongs to (lsp/notebooks.py says
        under which file an unsaved one or an interactive window is analysed)."""
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        if notebook is None:
            return None
        return read_open(self.workspace, notebook, self.session.workspace_roots())

    def publish_notebooks(self, folder: Folder) -> None:
        """The diagnostics of the folder's open notebooks, on their cells, pushed to every
        client (`push_cells` says why)."""
        result = folder.result
        if result is None:
            return
        for notebook in open_notebooks(self.workspace, self.session.workspace_roots()):
            path = notebook.path
            if not folder.contains(path) or folder.versions.get(path) != notebook.version or \
                    folder.texts.get(path) != notebook.module.text:
                continue  # a newer analysis will publish for the newer cells
            rel = folder.relative(path)
            view = TextView(notebook.module.text, self.workspace.position_codec)
            errors = [e for e in result.errors if e.file == rel]
            found = diagnostics.file_diagnostics(folder.shown_reports(path), errors, view,
                                                 str(folder.root), folder.settings,
                                                 verdicts.short_of(self.verdict_lookup(folder)))
            for uri, items in cell_diagnostics(notebook, found, rel).items():
                self.push_cells(types.PublishDiagnosticsParams(
                    uri=uri, diagnostics=items))

    @staticmethod
    def in_cells(cell_uri: str, action: types.CodeAction) -> types.CodeAction:
        """An action computed on a notebook's module, as its cell asked for it: its edit
        already edits the cells (`cells_edit`); resolving it starts from the cell again."""
        if isinstance(action.data, dict):
            action.data["uri"] = cell_uri
        return action

    def cells_edit(self, folder: Folder,
                   edit: types.WorkspaceEdit | None) -> types.WorkspaceEdit | None:
        """`edit` with the edits of open notebooks (on their modules) made edits of their
        cells; None when one cannot be (a closed notebook, cells changed since the analysis,
        an edit across two cells): a notebook's JSON is never edited as text."""
        roots = self.session.workspace_roots()
        opened = {unquote(notebook.file_uri): notebook
                  for notebook in open_notebooks(self.workspace, roots)
                  if folder.texts.get(notebook.path) == notebook.module.text}
        as_text = {unquote(uri) for uri in self.workspace.text_documents
                   if analysed_text_document(self.workspace, uri)}
        return to_cells(edit, opened, self.caps.document_changes, as_text)

    async def index(self) -> None:
        """Index every workspace folder in the background, with cancellable progress."""
        token: str | None = None
        if self.caps.progress:
            token = f"hybridize-index-{uuid.uuid4().hex[:8]}"
            try:
                await self.work_done_progress.create_async(token)
            except Exception:
                token = None
        if token is not None:
            self.work_done_progress.begin(token, types.WorkDoneProgressBegin(
                title="Hybridize", message="indexing the workspace", cancellable=True,
                percentage=0))
        loop = asyncio.get_running_loop()
        reported = {"at": -1.0}

        def cancellable(done: int, total: int, name: str) -> None:
            future = self.work_done_progress.tokens.get(token) if token is not None else None
            if future is not None and future.cancelled():
                raise Cancelled()

        def progress(done: int, total: int, name: str) -> None:
            if token is None:
                return
            cancellable(done, total, name)
            percent = int(100 * done / total) if total else 100
            if percent - reported["at"] >= 5 or done == total:
                reported["at"] = percent
                loop.call_soon_threadsafe(self.work_done_progress.report, token,
                                          types.WorkDoneProgressReport(
                                              message=name or "resolving calls",
                                              percentage=percent))

        functions = files = convertible = cached = 0
        self.dirty = False
        self.indexing = True
        try:
            for folder in list(self.session.folders):
                if self.open_documents(folder)[0]:
                    # The open documents' verdicts first (what the editor shows), then every
                    # file's, which reuses that run's summaries and program state: only the
                    # facts of the other functions are left (about a quarter of the index on
                    # 250 KLOC).
                    await self.analyse_folder(folder, progress)
                    # Edits made meanwhile: their diagnostics before every file's verdicts.
                    await self._analyse_changes()
                    result = await self.analyse_folder(folder, cancellable, everything=True)
                else:
                    result = await self.analyse_folder(folder, progress, everything=True)
                if result is not None:
                    functions += len(result.functions)
                    files += result.files
                    convertible += sum(r.transformation is Transformation.CONVERT_TO_HYBRID
                                       for r in result.functions)
                    cached += folder.analyzer.from_disk  # the last session's state gave
        finally:
            self.indexing = False
        if token is not None:
            unchanged = f"; {cached} files unchanged since the last session" if cached else ""
            self.work_done_progress.end(token, types.WorkDoneProgressEnd(
                message=f"{functions} functions in {files} files; "
                        f"{convertible} can be hybridized{unchanged}"))
        await self._analyse_until_clean()  # changes made while indexing
        # The summaries of a workspace live as long as the server: keep the cyclic GC from
        # scanning them after every analysis (it costs tens of milliseconds per edit).
        gc.freeze()

    # -- lookups for requests -----------------------------------------------------------------
    def view_of(self, folder: Folder, uri: str) -> TextView | None:
        path = path_of(uri)
        text = folder.texts.get(path)
        if text is None:
            document = self.workspace.text_documents.get(uri)
            text = document.source if document is not None else folder.text_of(path)
        if text is None:
            return None
        return TextView(text, self.workspace.position_codec)

    def file_context(self, folder: Folder, path: str) -> FileContext:
        result = folder.result
        rel = folder.relative(path)
        assert result is not None
        notebook = self.notebook_modules.get(path) or result.notebooks.get(rel)
        starts = tuple(cell.first_line for cell in notebook.cells) \
            if notebook is not None and notebook.text == folder.texts.get(path, notebook.text) \
            else ()
        return FileContext(result.tf_aliases.get(rel), result.function_aliases.get(rel),
                           result.bound_names.get(rel, frozenset()), starts)

    def version_of(self, folder: Folder, uri: str) -> int | None:
        return folder.versions.get(path_of(uri))

    def reports_are_current(self, folder: Folder, uri: str) -> bool:
        """Whether the reports of `uri` were computed from its buffer as it is now. Not while
        the buffer has moved on since the run, nor while it does not parse (the reports are
        then the last good text's, whose spans no longer fit: the engine gives no digest)."""
        path = path_of(uri)
        document = self.workspace.text_documents.get(uri)
        if document is not None and folder.versions.get(path) != document.version:
            return False
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is not None and folder.versions.get(path) != notebook.version:
            return False
        return folder.is_current(path)

    def file_edit(self, folder: Folder, uri: str, action: str, qualname: str | None,
                  line: int | None) -> tuple[types.WorkspaceEdit | None, int]:
        path = path_of(uri)
        view = self.view_of(folder, uri)
        if view is None or folder.result is None or not self.reports_are_current(folder, uri):
            return None, 0
        if action.startswith(code_actions.IGNORE):
            rel = Path(path).relative_to(folder.root).as_posix()
            target = self.edit_target(folder, {path: uri}, rel)
            edit = None if target is None else code_actions.ignore_edit(
                action, qualname, line, folder.reports_in(path), target,
                self.caps.document_changes)
            edit = self.cells_edit(folder, edit)
            return edit, int(edit is not None)
        targets = code_actions.reports_for_action(action, qualname, line,
                                                  folder.reports_in(path))
        edit = self.cells_edit(folder, code_actions.workspace_edit(
            targets, functools.partial(self.edit_target, folder, {path: uri}),
            self.caps.document_changes))
        return edit, len(targets) if edit is not None else 0

    def edit_target(self, folder: Folder, uris: dict[str, str],
                    rel: str) -> code_actions.EditTarget | None:
        """A file an edit goes to (often another than the action's: a wrapper's), only while
        its text is the one the analysis read (the edit's offsets count in that text)."""
        path = str(folder.root / rel)
        uri = uris.get(path) or uri_of(path)
        view = self.view_of(folder, uri)
        result = folder.result
        if view is None or result is None or text_digest(view.text) != result.digests.get(rel):
            return None
        return code_actions.EditTarget(uri, view, self.version_of(folder, uri),
                                       self.file_context(folder, path))


def build_server() -> HybridizeServer:
    server = HybridizeServer()

    @server.feature(types.INITIALIZE)
    def on_initialize(ls: HybridizeServer, params: types.InitializeParams) -> None:
        keep_lsp_line_breaks(ls.workspace)  # pygls has just created it
        caps = params.capabilities
        text = caps.text_document
        action = text.code_action if text else None
        ls.caps.lazy_edits = bool(action and action.data_support and action.resolve_support
                                  and "edit" in action.resolve_support.properties)
        workspace = caps.workspace
        ls.caps.document_changes = bool(workspace and workspace.workspace_edit and
                                        workspace.workspace_edit.document_changes)
        ls.caps.configuration = bool(workspace and workspace.configuration)
        ls.caps.watch_files = bool(workspace and workspace.did_change_watched_files and
                                   workspace.did_change_watched_files.dynamic_registration)
        ls.caps.progress = bool(caps.window and caps.window.work_done_progress)
        ls.caps.pull_diagnostics = pull_diagnostics.uses_pull(caps)
        if ls.caps.pull_diagnostics:
            pull_diagnostics.register(ls)
        hover_caps = text.hover if text else None
        ls.caps.markdown = not (hover_caps and hover_caps.content_format) or \
            types.MarkupKind.Markdown in hover_caps.content_format
        roots = [Path(path_of(f.uri)) for f in params.workspace_folders or []]
        if not roots and params.root_uri:
            roots = [Path(path_of(params.root_uri))]
        elif not roots and params.root_path:
            roots = [Path(params.root_path)]
        ls.session.set_folders(roots)
        settings, ls.settings_problems = parse_settings(params.initialization_options)
        ls.session.apply_settings(settings)

    @server.feature(types.INITIALIZED)
    async def on_initialized(ls: HybridizeServer, params: types.InitializedParams) -> None:
        # From now until the index ends, hovers and code actions answer at once from what
        # there is (`answerable`), commands wait for it (`fresh`), and an edit or an opened
        # document joins it (`analyse` returns it while it runs): the index reads the open
        # documents when it starts and analyses again after it for what changed meanwhile.
        # Set before the first await: a document opened and a code action asked while the
        # file watchers are registered used to start a run of their own, which the code action
        # waited for (10 s, FRESH_TIMEOUT_S), and the index then ran a second time.
        ls.indexing = True
        ls.running = asyncio.ensure_future(start_up(ls))
        try:
            await ls.running
        finally:
            ls.indexing = False  # index() clears it when it ends; this, if it never began

    async def start_up(ls: HybridizeServer) -> None:
        for problem in ls.settings_problems:
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning,
                message=f"Hybridize: {problem}; using the default."))
        ls.show_config_problems()
        if ls.caps.watch_files:
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                    types.Registration(
                        id="hybridize-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=[types.FileSystemWatcher(glob_pattern=glob)
                                      for glob in WATCHED_GLOBS]))]))
                ls.watching = True
            except Exception as exc:
                log.warning("could not register file watchers: %s", exc)
        await ls.pull_settings()
        await ls.index()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HybridizeServer, params: types.DidOpenTextDocumentParams) -> None:
        if not is_file_uri(params.text_document.uri):
            return  # untitled buffers, notebook cells, git: views: nothing on disk to analyse
        folder = ls.session.folder_for(path_of(params.text_document.uri))
        ls.show_config_problems()  # a file opened alone may have a configuration file above
        if folder.result is not None and \
                folder.texts.get(path_of(params.text_document.uri)) == params.text_document.text:
            folder.versions[path_of(params.text_document.uri)] = params.text_document.version
            ls.publish(folder)
        ls.disk_may_have_changed()
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: HybridizeServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: HybridizeServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.disk_may_have_changed()
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HybridizeServer, params: types.DidCloseTextDocumentParams) -> None:
        if not ls.caps.pull_diagnostics:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=params.text_document.uri, diagnostics=[]))
        ls.disk_may_have_changed()
        ls.schedule()  # the file is read from disk again

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_did_open(ls: HybridizeServer,
                          params: types.DidOpenNotebookDocumentParams) -> None:
        ls.disk_may_have_changed()
        ls.schedule()

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_did_change(ls: HybridizeServer,
                            params: types.DidChangeNotebookDocumentParams) -> None:
        structure = params.change.cells.structure if params.change.cells else None
        for cell in structure.did_close or [] if structure else []:
            ls.push_cells(types.PublishDiagnosticsParams(
                uri=cell.uri, diagnostics=[]))  # a removed cell
        ls.schedule()

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_did_save(ls: HybridizeServer,
                          params: types.DidSaveNotebookDocumentParams) -> None:
        ls.disk_may_have_changed()
        ls.schedule()

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(ls: HybridizeServer,
                           params: types.DidCloseNotebookDocumentParams) -> None:
        for cell in params.cell_text_documents:
            ls.push_cells(types.PublishDiagnosticsParams(
                uri=cell.uri, diagnostics=[]))
        ls.disk_may_have_changed()
        ls.schedule()  # the notebook is read from disk again

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: HybridizeServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(Path(path_of(change.uri)).name in FILE_NAMES for change in params.changes):
            # A configuration file changed: every folder reads its own again (the nearest file
            # may be another now), and a problem in it is shown again, even one shown before.
            ls.config_problems_shown.clear()
            ls.session.apply_settings(ls.session.settings)
            ls.show_config_problems()
        ls.disk_may_have_changed()
        ls.schedule()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_folders(ls: HybridizeServer,
                           params: types.DidChangeWorkspaceFoldersParams) -> None:
        removed = {Path(path_of(f.uri)) for f in params.event.removed}
        roots = [root for root in ls.session.workspace_roots() if root not in removed]
        roots += [Path(path_of(f.uri)) for f in params.event.added]
        ls.session.set_folders(roots)
        ls.show_config_problems()
        ls.disk_may_have_changed()
        ls.schedule()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: HybridizeServer,
                                       params: types.DidChangeConfigurationParams) -> None:
        raw = params.settings
        if isinstance(raw, dict) and "hybridize" in raw:
            ls.use_settings(raw["hybridize"])
        else:
            await ls.pull_settings()
        ls.disk_may_have_changed()
        ls.schedule()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[code_actions.REFACTOR_KIND, types.CodeActionKind.QuickFix,
                           code_actions.SOURCE_KIND, code_actions.FIX_ALL_KIND],
        resolve_provider=True))
    async def code_action(ls: HybridizeServer,
                          params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        notebook = ls.notebook_of(uri)
        cell = notebook.cell_of_uri(uri) if notebook is not None else None
        if notebook is not None:
            if cell is None:
                return None  # a markdown cell
            found = await code_action(ls, types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=notebook.file_uri),
                range=types.Range(start=to_module(cell, params.range.start),
                                  end=to_module(cell, params.range.end)),
                context=params.context))
            return [ls.in_cells(uri, action) for action in found or []] or None
        if not is_file_uri(uri):
            return None
        path = path_of(uri)
        await ls.answerable(path)
        folder = ls.session.folder_for(path)
        only = params.context.only
        if not ls.indexing and (not ls.caps.lazy_edits or (
                bool(only) and code_actions.wanted(code_actions.FIX_ALL_KIND, only))):
            await ls.settled(folder)  # the edits come with the actions
        if folder.result is None or not ls.reports_are_current(folder, uri):
            return None  # no action whose edit could not be made on this text
        reports = folder.reports_in(path)
        report = ls.session.innermost(reports, params.range.start.line + 1)
        offers = [o for o in code_actions.offers_for(report, reports, params.context.diagnostics,
                                                   params.context.only)
                  if code_actions.wanted(o.kind, params.context.only)]
        if report is not None:  # the verdict of the latest verify run, in the titles
            offers = verdicts.titled(offers, ls.verdict_lookup(folder)(report))
        version = ls.version_of(folder, uri)
        out = []
        for offer in offers:
            edit = None
            # Fix-all runs on save: its edit comes with it (no resolve round trip), and it is
            # offered only when there is one.
            eager = not ls.caps.lazy_edits or offer.kind == code_actions.FIX_ALL_KIND
            if eager:
                edit, _ = ls.file_edit(folder, uri, offer.action, offer.qualname, offer.line)
                if edit is None:
                    continue
            out.append(code_actions.to_lsp(offer, uri, version, edit, not eager))
        return out or None

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def resolve(ls: HybridizeServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        notebook = ls.notebook_of(uri) if isinstance(uri, str) else None
        if notebook is not None and action.edit is None:
            data["uri"] = notebook.file_uri
            return ls.in_cells(uri, await resolve(ls, action))
        if not uri or action.edit is not None or not is_file_uri(uri):
            return action
        await ls.answerable()
        folder = ls.session.folder_for(path_of(uri))
        if not ls.indexing:
            await ls.settled(folder)
        edit = None
        # The action was offered for one version of the buffer; on another, the same function
        # may be another one, or gone: the client asks again rather than get a guess.
        if data.get("version") == ls.version_of(folder, uri):
            edit, _ = ls.file_edit(folder, uri, data.get("action", ""), data.get("qualname"),
                                   data.get("line"))
        if edit is None:
            action.disabled = types.CodeActionDisabled(
                reason="the function changed; ask for code actions again")
        action.edit = edit
        return action

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: HybridizeServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        notebook = ls.notebook_of(uri)
        cell = notebook.cell_of_uri(uri) if notebook is not None else None
        if notebook is not None:
            found = None if cell is None else await on_hover(ls, types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=notebook.file_uri),
                position=to_module(cell, params.position)))
            rel = ls.session.folder_for(notebook.path).relative(notebook.path)
            return cell_hover(notebook, found, rel)
        if not is_file_uri(uri):
            return None
        path = path_of(uri)
        await ls.answerable(path)
        folder = ls.session.folder_for(path)
        view = ls.view_of(folder, uri)
        if folder.result is None or view is None:
            return None
        line = params.position.line + 1
        notebooks = folder.result.notebooks  # their lines are told as cells'
        lookup = ls.verdict_lookup(folder)
        for report in folder.shown_reports(path):
            name = view.name_range(report)
            span = report.decorator_span
            if not _inside(params.position, name):
                if span is None or not span.line <= line <= span.end_line:
                    continue
                name = view.span_range(span)
            found = lookup(report)
            return told(hover.hover_for(report, view, str(folder.root), ls.caps.markdown, name,
                                        found.detail if found else None), notebooks)
        return None

    verify_run.register(server)

    @server.command(HYBRIDIZE_FILE)
    async def hybridize_file(ls: HybridizeServer, uri: str | None = None) -> dict[str, int]:
        notebook = ls.notebook_of(uri) if uri else None
        if notebook is not None:
            uri = notebook.file_uri  # a cell's: the whole notebook (its edits go to its cells)
        if not uri or not is_file_uri(uri):
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error,
                message="Hybridize: no file given" if not uri else
                f"Hybridize: {uri} is not a file on disk; save it first"))
            return {"functions": 0, "files": 0}
        folder = ls.session.folder_for(path_of(uri))
        await ls.settled(folder)
        if not folder.reports_in(path_of(uri)):
            await ls.analyse_folder(folder, everything=True)  # a file that is not open
        edit, count = ls.file_edit(folder, uri, "file", None, None)
        return await apply(ls, [(edit, count)], "Hybridize file")

    @server.command(HYBRIDIZE_WORKSPACE)
    async def hybridize_workspace(ls: HybridizeServer) -> dict[str, int]:
        await ls.fresh()
        edits = []
        for folder in ls.session.folders:
            await ls.analyse_folder(folder, everything=True)
            if folder.result is None:
                continue
            files = sorted({r.file for r in folder.result.functions
                            if r.transformation is Transformation.CONVERT_TO_HYBRID})
            for rel in files:
                uri = uri_of(folder.root / rel)
                edits.append(ls.file_edit(folder, uri, "file", None, None))
        return await apply(ls, edits, "Hybridize workspace")

    return server


async def apply(ls: HybridizeServer, edits: list[tuple[types.WorkspaceEdit | None, int]],
                label: str) -> dict[str, int]:
    merged = merge([edit for edit, _ in edits if edit is not None])
    functions = sum(count for edit, count in edits if edit is not None)
    files = sum(1 for edit, _ in edits if edit is not None)
    if merged is None:
        ls.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Info, message="Hybridize: nothing to convert"))
        return {"functions": 0, "files": 0}
    response = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=merged, label=label))
    if not response.applied:
        ls.window_show_message(types.ShowMessageParams(
            type=types.MessageType.Warning,
            message=f"Hybridize: the editor did not apply the changes "
                    f"({response.failure_reason or 'no reason given'})"))
        return {"functions": 0, "files": 0}
    ls.window_show_message(types.ShowMessageParams(
        type=types.MessageType.Info,
        message=f"Hybridize: converted {functions} functions in {files} files"))
    return {"functions": functions, "files": files}


def merge(edits: list[types.WorkspaceEdit]) -> types.WorkspaceEdit | None:
    if not edits:
        return None
    if all(e.document_changes is not None for e in edits):
        changes: list[Any] = []
        for edit in edits:
            changes.extend(edit.document_changes or [])
        return types.WorkspaceEdit(document_changes=changes)
    combined: dict[str, list[types.TextEdit]] = {}
    for edit in edits:
        for uri, text_edits in (edit.changes or {}).items():
            combined.setdefault(uri, []).extend(text_edits)
    return types.WorkspaceEdit(changes=combined)


def _inside(position: types.Position, rng: types.Range) -> bool:
    after_start = (position.line, position.character) >= (rng.start.line, rng.start.character)
    before_end = (position.line, position.character) <= (rng.end.line, rng.end.character)
    return after_start and before_end
