"""Code actions and hover for clients with other capabilities, and edits on changed buffers
(each test with its own server)."""

from __future__ import annotations

import pytest
from lsp_support import (
    TITLE_CONVERT,
    TITLE_FILE,
    Session,
    capabilities,
    find,
    insert_line_before,
    plaintext_hover,
    start,
    without_lazy_edits,
)
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")


async def opened(client, workspace, caps, *rels: str) -> Session:
    session = await start(client, workspace, caps)
    session.open(*rels)
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    return session


async def test_eager_edits_for_a_client_without_resolve(client, workspace):
    caps = without_lazy_edits(capabilities("visual_studio_code"))
    s = await opened(client, workspace, caps, "ops.py")
    actions = await s.actions("ops.py", s.at("ops.py", "return tf.cast"))
    convert = find(actions, TITLE_CONVERT)
    assert convert.edit is not None, "the client cannot resolve: the edit must come directly"
    assert convert.edit.changes and not convert.edit.document_changes
    applied = s.apply(convert.edit)
    assert applied.texts[s.uri("ops.py")] == insert_line_before(s.text("ops.py"),
                                                                "def scale(x):", "@tf.function")
    source = find(actions, TITLE_FILE)
    assert source.edit is not None


async def test_edits_follow_unsaved_changes(client, workspace):
    """The buffer, not the file on disk, is what the edit applies to (and its version)."""
    s = await opened(client, workspace, "visual_studio_code", "ops.py")
    edited = "# Übersicht: 🚀 helpers\n" + s.text("ops.py")
    s.change("ops.py", edited)
    await s.wait_diagnostics("ops.py", lambda ds: any(
        d.range == s.name_range("ops.py", "scale") for d in ds), "diagnostics on the new lines")
    action = find(await s.actions("ops.py", s.at("ops.py", "return tf.cast")), TITLE_CONVERT)
    applied = s.apply((await s.resolve(action)).edit)  # checks the edit names version 2
    assert applied.versions == {s.uri("ops.py"): 2}
    assert applied.texts[s.uri("ops.py")] == insert_line_before(edited, "def scale(x):",
                                                                "@tf.function")


async def test_plaintext_hover_for_a_client_without_markdown(client, workspace):
    s = await opened(client, workspace, plaintext_hover(capabilities("visual_studio_code")),
                     "ops.py")
    hover = await s.hover("ops.py", s.at("ops.py", "def scale", offset=6))
    assert hover is not None
    if isinstance(hover.contents, types.MarkupContent):
        assert hover.contents.kind == types.MarkupKind.PlainText
        assert "**" not in hover.contents.value
    else:
        assert isinstance(hover.contents, str), hover
