"""Helpers for the language-server tests: a recording test client, a session object that keeps
track of open documents and their versions, and a strict applier of LSP text edits in the
negotiated position encoding."""

from __future__ import annotations

import asyncio
import copy
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = Path(__file__).resolve().parents[2]
WORKSPACE_SRC = Path(__file__).resolve().parent / "workspace"
TIMEOUT = 15.0  # seconds to wait for the server to publish something expected
QUIET = 0.5  # seconds to wait when checking that something does NOT arrive

SOURCE = "hybridize"
CMD_FILE = "hybridize.hybridizeFile"
CMD_WORKSPACE = "hybridize.hybridizeWorkspace"
KIND_REWRITE = "refactor.rewrite.hybridize"
KIND_SOURCE = "source.hybridize"
TITLE_CONVERT = "Convert to hybrid function (add @tf.function)"
TITLE_EAGER_PREFIX = "Optimize hybrid function: remove @tf.function ("
TITLE_SIGNATURE = "Optimize hybrid function: add input_signature"
TITLE_FILE = "Hybridize all safe functions in this file"

CLIENTS = ["visual_studio_code", "neovim"]

T = TypeVar("T")


# --- the client ---------------------------------------------------------------------------------

class HybridizeClient(LanguageClient):
    """pytest-lsp's client, also recording every publishDiagnostics, applyEdit and showMessage
    in arrival order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.published_at: list[float] = []  # time.monotonic() of each, in the same order
        self.applied: list[types.ApplyWorkspaceEditParams] = []
        self.events: list[tuple[str, Any]] = []  # ("applyEdit" | "showMessage", params)
        self.registrations: list[types.Registration] = []
        self.configuration_delay = 0.0  # seconds before answering workspace/configuration


def _record_diagnostics(ls: HybridizeClient, params: types.PublishDiagnosticsParams) -> None:
    ls.published.append(params)
    ls.published_at.append(time.monotonic())
    ls.diagnostics[params.uri] = params.diagnostics


def _record_message(ls: HybridizeClient, params: types.ShowMessageParams) -> None:
    ls.messages.append(params)
    ls.events.append(("showMessage", params))


async def _configuration(ls: HybridizeClient, params: types.ConfigurationParams):
    """pytest-lsp's answer, optionally late (a busy editor answers in its own time)."""
    if ls.configuration_delay:
        await asyncio.sleep(ls.configuration_delay)
    return [ls.get_configuration(section=item.section, scope_uri=item.scope_uri)
            for item in params.items]


def make_client() -> HybridizeClient:
    client = HybridizeClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _record_diagnostics
    features[types.WINDOW_SHOW_MESSAGE] = _record_message
    features[types.WORKSPACE_CONFIGURATION] = _configuration
    register_lsp_features(client, features)

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply_edit(ls: HybridizeClient, params: types.ApplyWorkspaceEditParams):
        ls.applied.append(params)
        ls.events.append(("applyEdit", params))
        return types.ApplyWorkspaceEditResult(applied=True)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(ls: HybridizeClient, params: types.RegistrationParams):
        ls.registrations.extend(params.registrations)

    @client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister(ls: HybridizeClient, params: types.UnregistrationParams):
        gone = {u.id for u in params.unregisterations}
        ls.registrations[:] = [r for r in ls.registrations if r.id not in gone]

    return client


# --- capabilities -------------------------------------------------------------------------------

def capabilities(name: str) -> types.ClientCapabilities:
    return copy.deepcopy(client_capabilities(name))


def without_lazy_edits(caps: types.ClientCapabilities) -> types.ClientCapabilities:
    """A client that wants edits in the code action itself, as `changes` (no documentChanges)."""
    caps = copy.deepcopy(caps)
    action = caps.text_document.code_action
    action.resolve_support = None
    action.data_support = False
    if caps.workspace and caps.workspace.workspace_edit:
        caps.workspace.workspace_edit.document_changes = False
    return caps


def without_progress(caps: types.ClientCapabilities) -> types.ClientCapabilities:
    caps = copy.deepcopy(caps)
    caps.window.work_done_progress = False
    return caps


def plaintext_hover(caps: types.ClientCapabilities) -> types.ClientCapabilities:
    caps = copy.deepcopy(caps)
    caps.text_document.hover.content_format = [types.MarkupKind.PlainText]
    return caps


def lazy_edits(caps: types.ClientCapabilities) -> bool:
    action = caps.text_document.code_action if caps.text_document else None
    return bool(action and action.data_support and action.resolve_support
                and "edit" in action.resolve_support.properties)


def document_changes(caps: types.ClientCapabilities) -> bool:
    ws = caps.workspace
    return bool(ws and ws.workspace_edit and ws.workspace_edit.document_changes)


# --- positions ----------------------------------------------------------------------------------

def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end without the line break) of each line, LSP style (\\n, \\r\\n, \\r)."""
    spans = []
    start = 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _lines(text: str) -> list[str]:
    """The lines without their breaks, LSP style (not str.splitlines, which also splits at form
    feeds, U+2028 and others)."""
    return [text[start:end] for start, end in _line_spans(text)]


def hover_text(hover: types.Hover | None) -> str:
    """A hover's text (markdown or plain), "" for none."""
    if hover is None:
        return ""
    contents = hover.contents
    return contents.value if hasattr(contents, "value") else str(contents)


def offset_of(text: str, position: types.Position, encoding: str) -> int:
    """String index of an LSP position. Strict: a position inside a character is an error; a
    character past the end of its line means the end of the line (as the spec says)."""
    spans = _line_spans(text)
    assert 0 <= position.line < len(spans), f"line {position.line} outside the document"
    start, end = spans[position.line]
    line = text[start:end]
    units = 0
    for index, char in enumerate(line):
        if units == position.character:
            return start + index
        units += _units(char, encoding)
        if units > position.character:
            raise AssertionError(
                f"position {position.line}:{position.character} ({encoding}) falls inside "
                f"the character {char!r} of line {line!r}")
    return end


def position_of(text: str, offset: int, encoding: str) -> types.Position:
    for number, (start, end) in enumerate(_line_spans(text)):
        if start <= offset <= end:
            return types.Position(number, _units(text[start:offset], encoding))
    raise AssertionError(f"offset {offset} is inside a line break")


def pos(text: str, line: int, col: int, encoding: str) -> types.Position:
    """Position of 0-based `line`, code-point column `col`."""
    start, _ = _line_spans(text)[line]
    return position_of(text, start + col, encoding)


def line_of(text: str, needle: str, after: int = 0) -> int:
    """0-based number of the first line (from `after`) that contains `needle`."""
    for number, line in enumerate(_lines(text)):
        if number >= after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


def name_range(text: str, name: str, encoding: str) -> types.Range:
    """Range of a function's name on its `def` line."""
    line = line_of(text, f"def {name}(")
    col = _lines(text)[line].index(f"def {name}(") + 4
    return types.Range(pos(text, line, col, encoding), pos(text, line, col + len(name), encoding))


def range_text(text: str, rng: types.Range, encoding: str) -> str:
    return text[offset_of(text, rng.start, encoding):offset_of(text, rng.end, encoding)]


# --- edits --------------------------------------------------------------------------------------

def apply_text_edits(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    """Apply edits that all refer to the original text (LSP semantics), strictly."""
    resolved = []
    for order, edit in enumerate(edits):
        start = offset_of(text, edit.range.start, encoding)
        end = offset_of(text, edit.range.end, encoding)
        assert start <= end, f"edit range ends before it starts: {edit}"
        resolved.append((start, end, order, edit.new_text))
    resolved.sort()
    for (_, end, _, _), (start, _, _, _) in zip(resolved, resolved[1:], strict=False):
        assert start >= end, f"overlapping edits: {edits}"
    out = text
    for start, end, _, new_text in reversed(resolved):
        out = out[:start] + new_text + out[end:]
    return out


@dataclass
class AppliedEdit:
    texts: dict[str, str]  # uri -> new text
    before: dict[str, str]  # uri -> text the edit was applied to
    versions: dict[str, int | None]  # uri -> version named by the edit (documentChanges only)
    form: str  # "documentChanges" | "changes"


def apply_workspace_edit(edit: types.WorkspaceEdit, texts: dict[str, str],
                         encoding: str) -> AppliedEdit:
    """Apply a WorkspaceEdit to `texts` (uri -> current text); only text edits are allowed."""
    assert edit is not None, "no edit"
    result = dict(texts)
    versions: dict[str, int | None] = {}
    if edit.document_changes:
        assert not edit.changes, "both documentChanges and changes"
        for change in edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit), f"not a text edit: {change}"
            uri = change.text_document.uri
            assert uri in result, f"edit for an unknown document {uri}"
            versions[uri] = change.text_document.version
            result[uri] = apply_text_edits(result[uri], change.edits, encoding)
        form = "documentChanges"
    else:
        assert edit.changes, f"empty workspace edit: {edit}"
        for uri, edits in edit.changes.items():
            assert uri in result, f"edit for an unknown document {uri}"
            result[uri] = apply_text_edits(result[uri], edits, encoding)
        form = "changes"
    return AppliedEdit(result, dict(texts), versions, form)


# --- waiting ------------------------------------------------------------------------------------

async def wait_for(predicate: Callable[[], T], what: str, timeout: float = TIMEOUT,
                   describe: Callable[[], str] | None = None) -> T:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if loop.time() > deadline:
            extra = f"\n{describe()}" if describe else ""
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}{extra}")
        await asyncio.sleep(0.02)


# --- the session --------------------------------------------------------------------------------

def default_options(**overrides: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"debounceMs": 0}
    options.update(overrides)
    return options


@dataclass
class Session:
    client: HybridizeClient
    root: Path
    caps: types.ClientCapabilities
    result: types.InitializeResult
    encoding: str
    versions: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # open documents

    # documents

    def uri(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    def disk(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def text(self, rel: str) -> str:
        """The client's view: the open buffer, else the file on disk."""
        uri = self.uri(rel)
        return self.texts[uri] if uri in self.texts else self.disk(rel)

    def open(self, *rels: str) -> None:
        for rel in rels:
            uri = self.uri(rel)
            text = self.disk(rel)
            self.versions[uri] = 1
            self.texts[uri] = text
            self.client.text_document_did_open(types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1,
                                                     text=text)))

    def change(self, rel: str, text: str) -> int:
        """Replace the whole buffer; returns the new version."""
        uri = self.uri(rel)
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri,
                                                                version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        return self.versions[uri]

    def type_at(self, rel: str, offset: int, inserted: str) -> int:
        """Insert text as an editor does while typing: an incremental change when the server
        accepts those, else the whole document."""
        uri = self.uri(rel)
        old = self.texts[uri]
        new = old[:offset] + inserted + old[offset:]
        sync = self.result.capabilities.text_document_sync
        kind = sync.change if isinstance(sync, types.TextDocumentSyncOptions) else sync
        if kind != types.TextDocumentSyncKind.Incremental:
            return self.change(rel, new)
        at = position_of(old, offset, self.encoding)
        self.versions[uri] += 1
        self.texts[uri] = new
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri,
                                                                version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(at, at), text=inserted)]))
        return self.versions[uri]

    def close(self, rel: str) -> None:
        uri = self.uri(rel)
        self.versions.pop(uri)
        self.texts.pop(uri)
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))

    def save(self, rel: str) -> None:
        uri = self.uri(rel)
        (self.root / rel).write_text(self.texts[uri], encoding="utf-8")
        self.client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri), text=self.texts[uri]))

    def write_disk(self, rel: str, text: str, kind=types.FileChangeType.Changed) -> None:
        (self.root / rel).write_text(text, encoding="utf-8")
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=self.uri(rel), type=kind)]))

    def configure(self, options: dict[str, Any]) -> None:
        """New settings: served to workspace/configuration and pushed with the notification."""
        self.client.set_configuration(options, section="hybridize")
        self.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"hybridize": options}))

    async def indexed(self) -> None:
        """Wait for the end of the indexing progress (the client must support progress)."""
        await wait_for(lambda: any(r and isinstance(r[-1], types.WorkDoneProgressEnd)
                                   for r in self.client.progress_reports.values()),
                       "the end of indexing", describe=lambda: repr(self.client.progress_reports))

    # positions in the negotiated encoding

    def pos(self, rel: str, line: int, col: int) -> types.Position:
        return pos(self.text(rel), line, col, self.encoding)

    def at(self, rel: str, needle: str, *, after: str | None = None, offset: int = 0
           ) -> types.Position:
        """Position of the first occurrence of `needle` (after the line containing `after`),
        plus `offset` code points."""
        text = self.text(rel)
        start = 0
        if after is not None:
            start = _line_spans(text)[line_of(text, after)][0]
        index = text.index(needle, start) + offset
        return position_of(text, index, self.encoding)

    def name_range(self, rel: str, name: str) -> types.Range:
        return name_range(self.text(rel), name, self.encoding)

    # diagnostics

    def diagnostics(self, rel: str) -> list[types.Diagnostic]:
        return list(self.client.diagnostics.get(self.uri(rel)) or [])

    def diagnostic_on(self, rel: str, name: str) -> list[types.Diagnostic]:
        """The diagnostics whose range is exactly the name of function `name`."""
        rng = self.name_range(rel, name)
        return [d for d in self.diagnostics(rel) if d.range == rng]

    def describe(self, *rels: str) -> str:
        out = []
        for rel in rels:
            out.append(f"{rel}:")
            for d in self.diagnostics(rel):
                text = self.text(rel)
                try:
                    where = range_text(text, d.range, self.encoding)
                except AssertionError as exc:
                    where = f"<bad range: {exc}>"
                out.append(f"  {d.range.start.line}:{d.range.start.character}-"
                           f"{d.range.end.line}:{d.range.end.character} {where!r} {d.code} "
                           f"{d.severity!r} {d.message!r}")
        return "\n".join(out)

    async def wait_diagnostics(self, rel: str,
                               predicate: Callable[[list[types.Diagnostic]], bool],
                               what: str, timeout: float = TIMEOUT) -> list[types.Diagnostic]:
        def check():
            if self.uri(rel) not in self.client.diagnostics:
                return None
            diags = self.diagnostics(rel)
            return (diags or True) if predicate(diags) else None

        await wait_for(check, f"{rel}: {what}", timeout, lambda: self.describe(rel))
        return self.diagnostics(rel)

    async def wait_code(self, rel: str, name: str, code: str | None,
                        timeout: float = TIMEOUT) -> types.Diagnostic | None:
        """Wait until function `name` carries a diagnostic with `code` (None: no hybridize
        diagnostic at all); returns it."""
        def ok(diags):
            on = [d for d in self.diagnostic_on(rel, name) if d.source == SOURCE]
            if code is None:
                return not on
            return any(d.code == code for d in on)

        await self.wait_diagnostics(rel, ok, f"{name} -> {code}", timeout)
        if code is None:
            return None
        return next(d for d in self.diagnostic_on(rel, name) if d.code == code)

    def publish_count(self, rel: str) -> int:
        uri = self.uri(rel)
        return sum(1 for p in self.client.published if p.uri == uri)

    async def wait_publish(self, rel: str, count_before: int, timeout: float = TIMEOUT) -> None:
        await wait_for(lambda: self.publish_count(rel) > count_before,
                       f"a new publishDiagnostics for {rel}", timeout)

    # requests

    async def actions(self, rel: str, position: types.Position, *,
                      diagnostics: Sequence[types.Diagnostic] = (),
                      only: Sequence[str] | None = None,
                      end: types.Position | None = None) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=self.uri(rel)),
            range=types.Range(position, end or position),
            context=types.CodeActionContext(diagnostics=list(diagnostics), only=only,
                                            trigger_kind=types.CodeActionTriggerKind.Invoked)))
        result = result or []
        for item in result:
            assert isinstance(item, types.CodeAction), f"a bare Command, not a CodeAction: {item}"
        return result

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        """The action with its edit, resolving it the way the client's capabilities say."""
        if lazy_edits(self.caps):
            assert action.edit is None, f"edit computed eagerly for a lazy client: {action.title}"
            assert action.data is not None, f"no data to resolve {action.title!r} with"
            resolved = await self.client.code_action_resolve_async(action)
            assert resolved.title == action.title
            assert resolved.edit is not None, f"resolve gave no edit for {action.title!r}"
            return resolved
        assert action.edit is not None, f"no edit for a client without resolve: {action.title}"
        return action

    def apply(self, edit: types.WorkspaceEdit, only: Sequence[str] | None = None
              ) -> AppliedEdit:
        """Apply `edit` to the client's view of the workspace; checks its form, its versions,
        and (with `only`, relative paths) that it changes no other file."""
        texts = {self.uri(p.relative_to(self.root).as_posix()): self.text(
            p.relative_to(self.root).as_posix()) for p in self.root.rglob("*.py")}
        applied = apply_workspace_edit(edit, texts, self.encoding)
        expected_form = "documentChanges" if document_changes(self.caps) else "changes"
        assert applied.form == expected_form, \
            f"edit uses {applied.form}, the client asked for {expected_form}"
        for uri, version in applied.versions.items():
            if uri in self.versions:
                assert version == self.versions[uri], \
                    f"edit for version {version} of {uri}, the buffer is at {self.versions[uri]}"
        if only is not None:
            allowed = {self.uri(rel) for rel in only}
            changed = {uri for uri, text in applied.texts.items()
                       if text != applied.before[uri]}
            assert changed <= allowed, f"the edit also changes {sorted(changed - allowed)}"
        return applied

    async def hover(self, rel: str, position: types.Position) -> types.Hover | None:
        return await self.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=self.uri(rel)), position=position))

    async def command(self, name: str, arguments: list[Any] | None = None) -> Any:
        return await self.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=name, arguments=arguments))


def server_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "server")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["XDG_CACHE_HOME"] = str(scratch / "cache")  # keep server caches out of $HOME
    return env


async def spawn(scratch: Path) -> HybridizeClient:
    """A test client connected to a fresh `python -m hybridize serve`, not yet initialized."""
    config = ClientServerConfig(server_command=[sys.executable, "-m", "hybridize", "serve"],
                                client_factory=make_client, server_env=server_env(scratch))
    return await config.start()


async def stop(client: HybridizeClient) -> None:
    try:
        if client.capabilities is not None and client.error is None:
            await asyncio.wait_for(client.shutdown_session(), 10)
    finally:
        await client.stop()


def copy_workspace(target: Path) -> Path:
    shutil.copytree(WORKSPACE_SRC, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


async def start(client: HybridizeClient, root: Path, caps: str | types.ClientCapabilities =
                "visual_studio_code", options: dict[str, Any] | None = None) -> Session:
    capabilities_ = capabilities(caps) if isinstance(caps, str) else caps
    options = default_options() if options is None else options
    client.set_configuration(options, section="hybridize")
    result = await client.initialize_session(types.InitializeParams(
        capabilities=capabilities_,
        root_uri=root.as_uri(),
        root_path=str(root),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options,
    ))
    encoding = result.capabilities.position_encoding or "utf-16"
    return Session(client, root, capabilities_, result, str(encoding))


def hybridize_actions(actions: Sequence[types.CodeAction]) -> list[types.CodeAction]:
    return [a for a in actions if a.kind and (a.kind.startswith(("refactor.rewrite.hybridize",
                                                                 "source.hybridize", "quickfix")))]


def titles(actions: Sequence[types.CodeAction]) -> list[str]:
    return [a.title for a in actions]


def find(actions: Sequence[types.CodeAction], title: str, kind: str | None = None
         ) -> types.CodeAction:
    found = [a for a in actions if a.title == title and (kind is None or a.kind == kind)]
    assert found, f"no action {title!r} ({kind}) among {[(a.title, a.kind) for a in actions]}"
    return found[0]


def insert_line_before(text: str, needle: str, line: str) -> str:
    """`text` with `line` (and a newline) inserted before the line containing `needle`."""
    lines = text.splitlines(keepends=True)
    number = line_of(text, needle)
    return "".join(lines[:number] + [line + "\n"] + lines[number:])
