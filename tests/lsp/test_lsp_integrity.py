"""The server never hands out an edit computed from another text than the buffer's, reads an
editor's buffer as the text it is, and analyses a file opened outside the workspace alone."""

from __future__ import annotations

import ast
import contextlib
import os
from pathlib import Path

import pytest
from lsp_support import (
    SOURCE,
    TITLE_CONVERT,
    Session,
    apply_workspace_edit,
    capabilities,
    default_options,
    find,
    hybridize_actions,
    lazy_edits,
    line_of,
    start,
    without_lazy_edits,
)
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")

BROKEN_ABOVE = "def half_typed(a,\n\n\n"  # three lines, and ops.py no longer parses


async def all_actions(session: Session, rel: str) -> list[types.CodeAction]:
    """Every hybridize action on every line of the buffer (where a stale span would land)."""
    text = session.text(rel)
    found = []
    for line in range(len(text.splitlines())):
        found += hybridize_actions(await session.actions(rel, session.pos(rel, line, 0)))
    return found


async def edit_of(session: Session, action: types.CodeAction) -> types.WorkspaceEdit | None:
    if not lazy_edits(session.caps):
        return action.edit
    resolved = await session.client.code_action_resolve_async(action)
    return resolved.edit


@pytest.mark.parametrize("lazy", [True, False], ids=["resolve", "eager-edits"])
async def test_no_edit_while_the_buffer_does_not_parse(client, workspace, lazy):
    caps = capabilities("visual_studio_code")
    session = await start(client, workspace, caps if lazy else without_lazy_edits(caps))
    session.open("ops.py")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    text = session.text("ops.py")
    # Half a def above scale(): every later line moves down by three.
    broken = text.replace("\n\ndef scale", f"\n\n{BROKEN_ABOVE}def scale")
    count = session.publish_count("ops.py")
    session.change("ops.py", broken)
    await session.wait_publish("ops.py", count)
    await session.wait_diagnostics("ops.py", lambda ds: any(d.code == "SYNTAX_ERROR" for d in ds),
                                   "the syntax error")
    for action in await all_actions(session, "ops.py"):
        edit = await edit_of(session, action)
        if edit is None:
            continue
        # An edit computed from the last good text lands three lines too high: inside the
        # previous function, or on the wrong line. None may come at all.
        applied = apply_workspace_edit(edit, {session.uri("ops.py"): broken}, session.encoding)
        after = applied.texts[session.uri("ops.py")]
        raise AssertionError(f"{action.title!r} gave an edit for a text that does not parse:\n"
                             f"{after}")

    # Fixed again: the action is back, and its edit lands above scale().
    session.change("ops.py", text)
    await session.wait_diagnostics(
        "ops.py", lambda ds: not any(d.code == "SYNTAX_ERROR" for d in ds), "the fix")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    action = find(hybridize_actions(await session.actions("ops.py", session.at("ops.py",
                                                                                 "def scale"))),
                  TITLE_CONVERT)
    edit = await edit_of(session, action)
    assert edit is not None
    after = apply_workspace_edit(edit, {session.uri("ops.py"): text},
                                 session.encoding).texts[session.uri("ops.py")]
    ast.parse(after)
    lines = after.splitlines()
    assert lines[line_of(after, "def scale(") - 1].strip() == "@tf.function"


async def test_last_good_verdicts_follow_their_functions_while_the_buffer_is_broken(
        client, workspace):
    session = await start(client, workspace, "visual_studio_code")
    session.open("ops.py")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    await session.wait_code("ops.py", "pack_logs", "CONVERT_TO_EAGER")
    text = session.text("ops.py")
    count = session.publish_count("ops.py")
    session.change("ops.py", text.replace("\n\ndef scale", f"\n\n{BROKEN_ABOVE}def scale"))
    await session.wait_publish("ops.py", count)
    await session.wait_diagnostics("ops.py", lambda ds: any(d.code == "SYNTAX_ERROR" for d in ds),
                                   "the syntax error")
    # Three lines further down, each verdict still sits on its function's name.
    assert [d.code for d in session.diagnostic_on("ops.py", "scale")] == ["CONVERT_TO_HYBRID"], \
        session.describe("ops.py")
    assert [d.code for d in session.diagnostic_on("ops.py", "pack_logs")] == \
        ["CONVERT_TO_EAGER"], session.describe("ops.py")
    names = {d.range.start.line for d in session.diagnostics("ops.py") if d.code != "SYNTAX_ERROR"}
    defs = {session.name_range("ops.py", n).start.line for n in ("scale", "pack_logs",
                                                                 "décroissance")}
    assert names <= defs, session.describe("ops.py")


async def test_resolve_for_an_older_version_gives_no_edit(client, workspace):
    session = await start(client, workspace, "visual_studio_code")
    session.open("ops.py")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    action = find(hybridize_actions(await session.actions("ops.py", session.at("ops.py",
                                                                                 "def scale"))),
                  TITLE_CONVERT)
    assert action.data["version"] == 1
    # A valid edit that moves scale() down two lines: the action's data names version 1.
    text = session.text("ops.py")
    session.change("ops.py", "# one\n# two\n" + text)
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    resolved = await session.client.code_action_resolve_async(action)
    assert resolved.edit is None, resolved.edit
    assert resolved.disabled is not None


CP1252 = ("# -*- coding: cp1252 -*-\n"
          "import tensorflow as tf\n\n\n"
          "def f(x):\n"
          "    label = '\xc1 caf\xe9 \u20ac'\n"
          "    return tf.exp(x)\n\n\n"
          "f(tf.constant(1.0))\n")


async def test_an_editor_buffer_with_a_cp1252_cookie(client, workspace):
    (workspace / "legacy.py").write_bytes(CP1252.encode("cp1252"))
    session = await start(client, workspace, "visual_studio_code")
    uri = session.uri("legacy.py")
    session.versions[uri] = 1
    session.texts[uri] = CP1252  # the editor decoded the file with its cookie
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1,
                                             text=CP1252)))
    await session.wait_code("legacy.py", "f", "CONVERT_TO_HYBRID")
    assert not [d for d in session.diagnostics("legacy.py") if d.severity ==
                types.DiagnosticSeverity.Error], session.describe("legacy.py")


LONE = {
    "y.py": "import tensorflow as tf\n\n\ndef f(x):\n    return tf.exp(x)\n\n\n"
            "f(tf.constant(1.0))\n",
    # Were the folder indexed, this call would make f() retrace on a Python int.
    "sibling.py": "from y import f\n\nf(2)\n",
}


def outside_folder(path: Path) -> Path:
    path.mkdir()
    for rel, text in LONE.items():
        (path / rel).write_text(text)
    return path


async def initialize_without_folders(client) -> Session:
    options = default_options()
    client.set_configuration(options, section="hybridize")
    caps = capabilities("visual_studio_code")
    result = await client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=None, workspace_folders=None,
        initialization_options=options))
    return Session(client, Path("/"), caps, result,
                   str(result.capabilities.position_encoding or "utf-16"))


@pytest.mark.parametrize("with_folder", [True, False], ids=["workspace-elsewhere", "no-folder"])
async def test_a_file_outside_the_workspace_is_analysed_alone(client, workspace, tmp_path,
                                                              with_folder):
    if with_folder:
        session = await start(client, workspace, "visual_studio_code")
    else:
        session = await initialize_without_folders(client)
    loose = outside_folder(tmp_path / "loose")
    other = Session(client, loose, session.caps, session.result, session.encoding)
    other.open("y.py")
    await other.wait_code("y.py", "f", "CONVERT_TO_HYBRID")
    # A change to the sibling on disk does not matter either: it is not part of the analysis.
    other.write_disk("sibling.py", "from y import f\n\nf(3)\n")
    other.change("y.py", LONE["y.py"] + "\n")
    await other.wait_code("y.py", "f", "CONVERT_TO_HYBRID")
    assert [d.code for d in other.diagnostics("y.py") if d.source == SOURCE] == \
        ["CONVERT_TO_HYBRID"], other.describe("y.py")


async def test_indexing_skips_a_fifo(client, workspace):
    """Reading a FIFO named *.py would block the analysis thread for good: it is reported, the
    rest is analysed. (A link to /dev/zero is tested through the CLI, in test_bad_input.py:
    here a server that read it would fill the memory of the machine running the tests.)"""
    fifo = workspace / "pipe.py"
    os.mkfifo(fifo)
    try:
        session = await start(client, workspace, "visual_studio_code")
        await session.indexed()
        session.open("ops.py")
        await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    finally:
        # A server stuck opening the FIFO waits for a writer: be one, so that it can exit.
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
