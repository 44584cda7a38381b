"""A long, seeded editor session against one server: random edits (syntax-breaking ones
included: lines inserted and deleted, half a def typed, then fixed back), code actions and their
resolution (some applied, as a user accepting them), hovers, cancelled requests, files changed on
disk behind watched-file events, settings changes and saves.

Checked throughout: every request is answered (or cancelled) within REQUEST_TIMEOUT; no
publishDiagnostics names an older version than one already published; every edit names a version
the client had, applies to that version's text, parses, and only adds or removes decorator,
import or wrapper (`f_fast = tf.function(f)`) lines. At the end, with every buffer parsing again,
the diagnostics equal those of a fresh server opened on the same texts and settings.
"""

from __future__ import annotations

import ast
import asyncio
import difflib
import os
import random
from pathlib import Path
from typing import Any

import pytest
from lsp_support import (
    CLIENTS,
    SOURCE,
    Session,
    apply_text_edits,
    default_options,
    document_changes,
    hybridize_actions,
    lazy_edits,
    offset_of,
    position_of,
    spawn,
    start,
    stop,
    wait_for,
)
from lsprotocol import types
from pygls.exceptions import JsonRpcException

pytestmark = pytest.mark.asyncio(loop_scope="function")

# Another seed or length, to explore: HYBRIDIZE_STRESS_SEED=7 HYBRIDIZE_STRESS_OPS=3000.
SEED = int(os.environ.get("HYBRIDIZE_STRESS_SEED", "1102"))
OPERATIONS = int(os.environ.get("HYBRIDIZE_STRESS_OPS", "600"))
REQUEST_TIMEOUT = 10.0  # seconds: one request, answered or cancelled
SETTLE_TIMEOUT = 15.0
QUIET = 0.4  # seconds without a publish: the server is at rest
OPEN = ("ops.py", "train.py")

SETTINGS = [
    default_options(),
    default_options(inferSignatures=True),
    default_options(speculative=True),
    default_options(diagnostics={"severity": {"convertToHybrid": "information"}}),
    default_options(debounceMs=5),
    default_options(exclude=["extra.py"]),
]
REPORTING = ['def report_loss(loss):\n    print(f"loss: {loss}")\n',
             "import tensorflow as tf\n\n\ndef report_loss(loss):\n    tf.print(loss)\n"]
EXTRA = "from ops import scale\n\nscale(3)\n"  # scale() then retraces on a Python int


class Stress:
    def __init__(self, session: Session, rng: random.Random) -> None:
        self.s = session
        self.rng = rng
        # Every text each buffer had, by version: an edit is checked against the one it names.
        self.history: dict[str, dict[int, str]] = {}
        self.good: dict[str, str] = {}  # the last text of each buffer that parsed
        self.original = {rel: session.disk(rel) for rel in OPEN}
        self.options = SETTINGS[0]
        self.counts: dict[str, int] = {}
        self.log: list[str] = []

    # -- bookkeeping ------------------------------------------------------------------------------
    def record(self, rel: str) -> None:
        uri = self.s.uri(rel)
        text = self.s.texts[uri]
        self.history.setdefault(uri, {})[self.s.versions[uri]] = text
        if parses(text):
            self.good[rel] = text

    def note(self, what: str) -> None:
        self.counts[what.split(":")[0]] = self.counts.get(what.split(":")[0], 0) + 1
        self.log.append(what)

    async def request(self, awaitable: Any, what: str) -> Any:
        try:
            return await asyncio.wait_for(awaitable, REQUEST_TIMEOUT)
        except TimeoutError:
            raise AssertionError(f"no answer to {what} within {REQUEST_TIMEOUT} s; last "
                                 f"operations: {self.log[-10:]}") from None

    # -- edits ------------------------------------------------------------------------------------
    def replace(self, rel: str, start: int, end: int, new: str) -> None:
        """One incremental change, as an editor sends while typing."""
        uri = self.s.uri(rel)
        old = self.s.texts[uri]
        rng = types.Range(position_of(old, start, self.s.encoding),
                          position_of(old, end, self.s.encoding))
        self.s.versions[uri] += 1
        self.s.texts[uri] = old[:start] + new + old[end:]
        self.s.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri,
                                                                version=self.s.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new)]))
        self.record(rel)

    def line_start(self, text: str, line: int) -> int:
        return sum(len(x) for x in text.splitlines(keepends=True)[:line])

    def edit(self) -> None:
        rel = self.rng.choice(OPEN)
        text = self.s.texts[self.s.uri(rel)]
        lines = text.splitlines(keepends=True)
        line = self.rng.randrange(len(lines) + 1)
        at = self.line_start(text, line)
        kind = self.rng.choice(["comment", "blank", "delete", "half_def", "fix_back",
                                "fix_back", "print", "retype", "revert"])
        if kind == "comment":
            self.replace(rel, at, at, "# a note\n")
        elif kind == "blank":
            self.replace(rel, at, at, "\n")
        elif kind == "delete" and line < len(lines):
            self.replace(rel, at, at + len(lines[line]), "")
        elif kind == "half_def":
            self.replace(rel, at, at, "def half_typed(a,\n")
        elif kind == "print" and "    return tf.cast(x" in text:
            index = text.index("    return tf.cast(x")
            if text[:index].endswith("    print(x)\n"):
                self.replace(rel, index - len("    print(x)\n"), index, "")
            else:
                self.replace(rel, index, index, "    print(x)\n")
        elif kind == "retype" and line < len(lines) and lines[line].strip():
            # Delete a line, then type it back a few characters at a time.
            content = lines[line]
            self.replace(rel, at, at + len(content), "")
            typed = 0
            while typed < len(content):
                step = self.rng.randint(1, 6)
                self.replace(rel, at + typed, at + typed, content[typed:typed + step])
                typed += step
        elif kind == "revert":  # undo everything (deletions add up to an empty module)
            self.s.change(rel, self.original[rel])
            self.record(rel)
        else:  # fix back: the last text that parsed, as one change of the whole buffer
            self.s.change(rel, self.good[rel])
            self.record(rel)
            kind = "fix_back"
        self.note(f"edit:{rel}:{kind}")

    # -- requests ---------------------------------------------------------------------------------
    async def code_actions(self) -> None:
        rel = self.rng.choice(OPEN)
        uri = self.s.uri(rel)
        text = self.s.texts[uri]
        line = self.rng.randrange(len(text.splitlines()) or 1)
        requested_at = self.s.versions[uri]
        actions = await self.request(self.s.actions(rel, self.s.pos(rel, line, 0)),
                                     f"codeAction {rel}:{line}")
        self.note(f"codeAction:{rel}:{line}")
        for action in hybridize_actions(actions):
            edit = action.edit
            if lazy_edits(self.s.caps):
                assert action.edit is None
                resolved = await self.request(self.s.client.code_action_resolve_async(action),
                                              f"resolve {action.title!r}")
                self.note(f"resolve:{action.title}")
                edit = resolved.edit
                if edit is None:
                    assert resolved.disabled is not None, resolved
            if edit is None:
                continue
            after = self.check_edit(edit, action.title)
            version = self.version_named(edit, uri)
            # Nothing changed since the request: the edit is for the buffer as it is.
            assert version == requested_at == self.s.versions[uri], \
                f"{action.title!r}: an edit for version {version}, asked at {requested_at}"
            if list(after) == [uri] and self.rng.random() < 0.3:
                self.s.change(rel, after[uri])  # the user accepts it
                self.record(rel)
                self.note(f"applied:{action.title}")

    def version_named(self, edit: types.WorkspaceEdit, uri: str) -> int | None:
        """The version an edit names; a client without documentChanges gets edits with no
        version, which it applies to the buffer as it is (the server must not send another)."""
        if edit.document_changes:
            return next(c.text_document.version for c in edit.document_changes
                        if isinstance(c, types.TextDocumentEdit) and c.text_document.uri == uri)
        return self.s.versions[uri]

    def check_edit(self, edit: types.WorkspaceEdit, title: str) -> dict[str, str]:
        if document_changes(self.s.caps):
            assert edit.document_changes and not edit.changes, f"{title!r}: {edit}"
            changes = [(c.text_document.uri, c.text_document.version, c.edits)
                       for c in edit.document_changes if isinstance(c, types.TextDocumentEdit)]
            assert len(changes) == len(edit.document_changes), f"{title!r}: {edit}"
        else:
            assert edit.changes and not edit.document_changes, f"{title!r}: {edit}"
            changes = [(uri, self.s.versions.get(uri), edits)
                       for uri, edits in edit.changes.items()]
        texts = {}
        for uri, version, edits in changes:
            assert uri in self.history, f"{title!r} edits a document that is not open: {uri}"
            before = self.history[uri].get(version) if version is not None else None
            assert before is not None, f"{title!r} names version {version} of {uri}, unknown"
            after = apply_text_edits(before, edits, self.s.encoding)
            assert parses(before), f"{title!r}: an edit for a version that does not parse"
            assert parses(after), f"{title!r} gives a text that does not parse:\n{after}"
            changed_lines_are_allowed(before, after, title)
            texts[uri] = after
        return texts

    async def burst(self) -> None:
        """Requests sent while edits keep coming, as an editor does (it does not wait for the
        answer before sending the next change); then actions of an older version resolved."""
        rel = self.rng.choice(OPEN)
        uri = self.s.uri(rel)
        pending = []
        for _ in range(self.rng.randint(2, 5)):
            line = self.rng.randrange(len(self.s.texts[uri].splitlines()) or 1)
            pending.append((self.s.versions[uri], asyncio.ensure_future(
                self.s.actions(rel, self.s.pos(rel, line, 0)))))
            pending.append((self.s.versions[uri], asyncio.ensure_future(
                self.s.hover(rel, self.s.pos(rel, line, 0)))))
            self.edit()
        for asked_at, future in pending:
            answer = await self.request(future, "a request sent during edits")
            if not isinstance(answer, list):
                continue
            for action in hybridize_actions(answer):
                edit = action.edit
                if lazy_edits(self.s.caps):
                    resolved = await self.request(
                        self.s.client.code_action_resolve_async(action), "resolve (burst)")
                    edit = resolved.edit
                if edit is None:
                    continue
                self.check_edit(edit, action.title)
                version = self.version_named(edit, uri)
                assert version is not None and asked_at <= version <= self.s.versions[uri]
        self.note(f"burst:{rel}")

    async def hover(self) -> None:
        rel = self.rng.choice(OPEN)
        text = self.s.texts[self.s.uri(rel)]
        lines = text.splitlines()
        line = self.rng.randrange(len(lines) or 1)
        col = self.rng.randrange(len(lines[line]) + 1) if lines else 0
        result = await self.request(self.s.hover(rel, self.s.pos(rel, line, col)),
                                    f"hover {rel}:{line}:{col}")
        assert result is None or isinstance(result, types.Hover)
        if result is not None and result.range is not None:
            start = offset_of(text, result.range.start, self.s.encoding)
            end = offset_of(text, result.range.end, self.s.encoding)
            # A function's name or its decorator, in the text as it is.
            word = text[start:end]
            before = text[text.rfind("\n", 0, start) + 1:start]
            assert word.isidentifier() or before.strip() == "@", \
                f"a hover over {word!r} after {before!r} ({rel}:{line}:{col})"
        self.note(f"hover:{rel}")

    async def cancelled(self) -> None:
        """A request cancelled right after it was sent: it is answered anyway (with its result
        or the RequestCancelled error), and the server goes on."""
        if self.rng.random() < 0.5:
            self.edit()  # the request waits for a (short) run
        rel = self.rng.choice(OPEN)
        uri = self.s.uri(rel)
        protocol = self.s.client.protocol
        msg_id = f"stress-{len(self.log)}"
        if self.rng.random() < 0.5:
            params: Any = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri),
                                            position=types.Position(0, 0))
            method = types.TEXT_DOCUMENT_HOVER
        else:
            position = types.Position(self.rng.randrange(10), 0)
            params = types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(position, position),
                context=types.CodeActionContext(diagnostics=[]))
            method = types.TEXT_DOCUMENT_CODE_ACTION
        future = protocol.send_request_async(method, params, msg_id=msg_id)
        protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=msg_id))
        try:
            await self.request(future, f"cancelled {method}")
        except JsonRpcException as exc:
            assert exc.code == types.LSPErrorCodes.RequestCancelled or \
                exc.code == -32800, exc  # RequestCancelled
            self.note("cancelled")
        self.note(f"cancel:{method}")

    # -- the rest of the world --------------------------------------------------------------------
    def disk(self) -> None:
        if self.rng.random() < 0.5:
            current = (self.s.root / "reporting.py").read_text()
            self.s.write_disk("reporting.py", REPORTING[1] if current != REPORTING[1] else
                              REPORTING[0])
            self.note("watched:reporting.py")
        elif (self.s.root / "extra.py").exists():
            (self.s.root / "extra.py").unlink()
            self.s.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=self.s.uri("extra.py"),
                                         type=types.FileChangeType.Deleted)]))
            self.note("watched:extra.py deleted")
        else:
            self.s.write_disk("extra.py", EXTRA, types.FileChangeType.Created)
            self.note("watched:extra.py created")

    def settings(self) -> None:
        self.options = self.rng.choice(SETTINGS)
        self.s.configure(self.options)
        self.note("settings:" + ",".join(sorted(self.options)))

    def save(self) -> None:
        rel = self.rng.choice(OPEN)
        self.s.save(rel)
        self.note(f"save:{rel}")

    def reopen(self) -> None:
        """Close a buffer without saving it, then open the file again: its text is the disk's
        again, and its versions go on (an editor may also start again from 1; this client
        keeps counting so that every version names one text)."""
        rel = self.rng.choice(OPEN)
        uri = self.s.uri(rel)
        version = self.s.versions[uri]
        self.s.close(rel)
        text = self.s.disk(rel)
        self.s.versions[uri] = version + 1
        self.s.texts[uri] = text
        self.s.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python",
                                                 version=version + 1, text=text)))
        self.record(rel)
        self.note(f"reopen:{rel}")

    async def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.40:
            self.edit()
        elif roll < 0.58:
            await self.code_actions()
        elif roll < 0.72:
            await self.hover()
        elif roll < 0.80:
            await self.cancelled()
        elif roll < 0.87:
            self.disk()
        elif roll < 0.92:
            self.settings()
        elif roll < 0.935:
            self.save()
        elif roll < 0.95:
            self.reopen()
        elif roll < 0.975:
            await self.burst()
        else:
            await asyncio.sleep(0.02)  # let a run finish and publish
            self.note("pause")

    def check_publish_order(self) -> None:
        latest: dict[str, int] = {}
        for params in self.s.client.published:
            if params.version is None:
                continue
            seen = latest.get(params.uri, -1)
            assert params.version >= seen, \
                f"diagnostics for version {params.version} of {params.uri} after {seen}"
            text = self.history.get(params.uri, {}).get(params.version)
            assert text is not None, \
                f"diagnostics for version {params.version} of {params.uri}, never sent"
            for diagnostic in params.diagnostics:
                # Strict: inside the text of the version named, never inside a character.
                start = offset_of(text, diagnostic.range.start, self.s.encoding)
                end = offset_of(text, diagnostic.range.end, self.s.encoding)
                data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
                if diagnostic.source == SOURCE and data.get("qualname"):
                    # On the function's name, in that text (a syntax error elsewhere in the
                    # buffer included: the last good verdicts must not drift onto other lines).
                    name = data["qualname"].rsplit(".", 1)[-1]
                    assert text[start:end] == name, \
                        f"a diagnostic of {name} on {text[start:end]!r} in version " \
                        f"{params.version} of {params.uri}"
            latest[params.uri] = params.version


def parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def allowed_lines(text: str) -> set[int]:
    """0-based lines an edit may add or remove: decorators, imports, and module-level wrappers
    (`name = tf.function(f)`, and what removing one leaves: `name = f`)."""
    lines: set[int] = set()
    tree = ast.parse(text)
    for node in ast.walk(tree):
        spans: list[ast.AST] = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            spans = list(node.decorator_list)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            spans = [node]
        for span in spans:
            lines.update(range(span.lineno - 1, (span.end_lineno or span.lineno)))
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Call, ast.Name)):
            lines.update(range(node.lineno - 1, (node.end_lineno or node.lineno)))
    return lines


def changed_lines_are_allowed(before: str, after: str, title: str) -> None:
    old, new = before.splitlines(), after.splitlines()
    old_ok, new_ok = allowed_lines(before), allowed_lines(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for index in range(i1, i2):
            assert index in old_ok, f"{title!r} removes or changes line {index + 1}: " \
                                    f"{old[index]!r}"
        for index in range(j1, j2):
            # A removed decorator's own comment stays on a line of its own.
            kept = new[index].strip().startswith("#") and new[index].strip() in before
            assert index in new_ok or kept, f"{title!r} adds line {index + 1} {new[index]!r}, " \
                                            f"not a decorator or import:\n{after}"


async def settle(session: Session, what: str) -> dict[str, list[tuple[Any, ...]]]:
    """Wait until every open buffer's diagnostics name its current version and nothing has
    been published for QUIET seconds; then the hybridize diagnostics of each, comparable."""
    def current() -> bool:
        return all(any(p.uri == session.uri(rel) and p.version == session.versions[
            session.uri(rel)] for p in session.client.published) for rel in OPEN)

    await wait_for(current, f"{what}: diagnostics for the last versions", SETTLE_TIMEOUT)
    count = -1
    while count != len(session.client.published):
        count = len(session.client.published)
        await asyncio.sleep(QUIET)
    return {rel: sorted((d.range.start.line, d.range.start.character, d.range.end.line,
                         d.range.end.character, str(d.code), d.severity, d.message)
                        for d in session.diagnostics(rel) if d.source == SOURCE)
            for rel in OPEN}


@pytest.mark.parametrize("name", CLIENTS)
async def test_a_long_random_editor_session(client, workspace: Path, tmp_path: Path, name: str):
    rng = random.Random(SEED)
    session = await start(client, workspace, name)
    stress = Stress(session, rng)
    session.open(*OPEN)
    for rel in OPEN:
        stress.record(rel)
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    for number in range(OPERATIONS):
        await stress.step()
        if number % 50 == 0:
            stress.check_publish_order()
    # The session ends with every buffer parsing again, as the files were plus a few lines
    # (so that there are verdicts to compare, at moved positions).
    for rel in OPEN:
        session.change(rel, stress.original[rel])
        stress.record(rel)
        for _ in range(3):
            at = stress.line_start(session.texts[session.uri(rel)], rng.randrange(3, 9))
            stress.replace(rel, at, at, "# a later note\n")
    final = await settle(session, "the stressed server")
    assert any(final.values()), final  # something to compare (verdicts depend on the disk)
    stress.check_publish_order()
    requests = sum(stress.counts.get(k, 0) for k in ("codeAction", "resolve", "hover",
                                                      "cancel"))
    assert len(stress.log) >= 500 and requests >= 200, stress.counts
    assert stress.counts.get("edit", 0) >= 150 and stress.counts.get("cancel", 0) >= 20
    assert client.error is None, client.error

    # A fresh server on the same files, buffers and settings publishes the same.
    fresh_client = await spawn(tmp_path / "fresh")
    try:
        fresh = await start(fresh_client, workspace, name, stress.options)
        for rel in OPEN:
            uri = fresh.uri(rel)
            fresh.versions[uri] = 1
            fresh.texts[uri] = session.texts[session.uri(rel)]
            fresh_client.text_document_did_open(types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1,
                                                     text=fresh.texts[uri])))
        expected = await settle(fresh, "a fresh server")
    finally:
        await stop(fresh_client)
    assert final == expected, f"stressed: {final}\nfresh: {expected}\ncounts: {stress.counts}"
