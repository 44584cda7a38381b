"""Initialization, progress while indexing, and a clean stdout."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from pathlib import Path

import pytest
from lsp_support import (
    CLIENTS,
    CMD_FILE,
    CMD_WORKSPACE,
    QUIET,
    ROOT,
    capabilities,
    start,
    wait_for,
    without_progress,
)
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")


@pytest.mark.parametrize("name", CLIENTS)
async def test_initialize_result_lists_commands_and_features(client, workspace, name):
    session = await start(client, workspace, name)
    caps = session.result.capabilities
    assert caps.execute_command_provider is not None
    assert {CMD_FILE, CMD_WORKSPACE} <= set(caps.execute_command_provider.commands)
    assert caps.hover_provider
    assert caps.code_action_provider
    # Lazy edits need codeAction/resolve, which the server must announce.
    assert isinstance(caps.code_action_provider, types.CodeActionOptions)
    assert caps.code_action_provider.resolve_provider is True
    offered = session.caps.general.position_encodings if session.caps.general else None
    if name == "neovim":
        assert session.encoding == "utf-8", "Neovim offers utf-8 first"
    else:
        assert offered is None and session.encoding == "utf-16"
    assert caps.text_document_sync is not None


@pytest.mark.parametrize("name", CLIENTS)
async def test_indexing_reports_progress(client, workspace, name):
    await start(client, workspace, name)

    def ended():
        for reports in client.progress_reports.values():
            if reports and isinstance(reports[-1], types.WorkDoneProgressEnd):
                return reports
        return None

    reports = await wait_for(ended, "the end of the indexing progress",
                             describe=lambda: repr(client.progress_reports))
    # window/workDoneProgress/create came first (pytest-lsp warns on unknown tokens), then
    # begin, optional reports, end.
    assert isinstance(reports[0], types.WorkDoneProgressBegin), reports
    assert reports[0].title == "Hybridize"
    assert all(isinstance(r, types.WorkDoneProgressReport) for r in reports[1:-1]), reports
    assert reports[-1].message and re.search(r"\d", reports[-1].message), \
        f"the end message should give counts: {reports[-1].message!r}"


async def test_no_progress_when_the_client_cannot_show_it(client, workspace):
    session = await start(client, workspace, without_progress(capabilities("visual_studio_code")))
    session.open("ops.py")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    await asyncio.sleep(QUIET / 2)
    assert client.progress_reports == {}


async def test_diagnostics_only_for_open_documents(client, workspace):
    session = await start(client, workspace, "visual_studio_code")

    def indexed():
        return any(r and isinstance(r[-1], types.WorkDoneProgressEnd)
                   for r in client.progress_reports.values())

    await wait_for(indexed, "indexing")
    await asyncio.sleep(QUIET)
    assert [p for p in client.published if p.diagnostics] == [], \
        "diagnostics were published before any document was opened"
    session.open("ops.py")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    await asyncio.sleep(QUIET / 2)
    for params in client.published:
        if params.uri != session.uri("ops.py"):
            assert not params.diagnostics, f"diagnostics for a closed file: {params.uri}"


async def test_untitled_documents_are_left_alone(client, workspace):
    """An untitled buffer has nothing on disk: no analysis, no actions, no stray folder."""
    session = await start(client, workspace, "visual_studio_code")
    await session.indexed()
    uri = "untitled:Untitled-1"
    text = "import tensorflow as tf\n\ndef scale(x):\n    return x * 2.0\n"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    position = types.Position(line=2, character=5)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=position, end=position),
        context=types.CodeActionContext(diagnostics=[])))
    assert actions is None
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    assert hover is None
    await asyncio.sleep(QUIET / 2)
    assert [p for p in client.published if p.uri == uri and p.diagnostics] == []
    # The workspace is still served as before.
    session.open("ops.py")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")


# --- stdout carries nothing but protocol messages --------------------------------------------

def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _parse_frames(data: bytes) -> list[dict]:
    """Split stdout into messages; anything that is not a well-formed frame is an error."""
    messages = []
    rest = data
    while rest:
        head, sep, tail = rest.partition(b"\r\n\r\n")
        assert sep, f"stdout has bytes that are not an LSP frame: {rest[:200]!r}"
        headers = {}
        for line in head.split(b"\r\n"):
            key, colon, value = line.partition(b":")
            assert colon, f"stdout has a bad header line {line[:200]!r}"
            headers[key.strip().lower()] = value.strip()
        assert b"content-length" in headers, f"frame without Content-Length: {head[:200]!r}"
        length = int(headers[b"content-length"])
        assert len(tail) >= length, "truncated frame on stdout"
        message = json.loads(tail[:length].decode("utf-8"))
        assert message.get("jsonrpc") == "2.0", message
        messages.append(message)
        rest = tail[length:]
    return messages


async def test_stdout_has_only_protocol_messages(workspace, tmp_path: Path):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "server")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hybridize", "serve", stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env)
    assert proc.stdin and proc.stdout and proc.stderr
    received = bytearray()
    ops_uri = (workspace / "ops.py").as_uri()

    async def read_until(predicate) -> list[dict]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while True:
            try:
                messages = _parse_frames(bytes(received))
            except AssertionError as exc:
                if "truncated" not in str(exc) and "not an LSP frame" not in str(exc):
                    raise
                messages = None
            if messages is not None:
                # Answer the server's requests (configuration, progress) so it never waits.
                for message in messages:
                    if "id" in message and "method" in message and \
                            message["id"] not in answered:
                        answered.add(message["id"])
                        result = None
                        if message["method"] == "workspace/configuration":
                            result = [{"debounceMs": 0} for _ in message["params"]["items"]]
                        proc.stdin.write(_frame({"jsonrpc": "2.0", "id": message["id"],
                                                 "result": result}))
                if predicate(messages):
                    return messages
            remaining = deadline - loop.time()
            assert remaining > 0, f"no expected message; stdout so far: {bytes(received)[:500]!r}"
            try:
                chunk = await asyncio.wait_for(proc.stdout.read(65536), remaining)
            except asyncio.TimeoutError:
                continue
            if not chunk:
                return _parse_frames(bytes(received))
            received.extend(chunk)

    answered: set = set()
    try:
        proc.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": workspace.as_uri(),
            "workspaceFolders": [{"uri": workspace.as_uri(), "name": "ws"}],
            "capabilities": {}, "initializationOptions": {"debounceMs": 0}}}))
        await read_until(lambda ms: any(m.get("id") == 1 and "result" in m for m in ms))
        proc.stdin.write(_frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        proc.stdin.write(_frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": ops_uri, "languageId": "python", "version": 1,
                             "text": (workspace / "ops.py").read_text(encoding="utf-8")}}}))
        await read_until(lambda ms: any(
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == ops_uri and m["params"]["diagnostics"] for m in ms))
        proc.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        await read_until(lambda ms: any(m.get("id") == 2 for m in ms))
        proc.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        await proc.stdin.drain()
        rest = await asyncio.wait_for(proc.stdout.read(), 10)
        received.extend(rest)
        assert await asyncio.wait_for(proc.wait(), 10) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    _parse_frames(bytes(received))  # everything on stdout is a frame
