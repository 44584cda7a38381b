"""The server looks at the disk's files again only after a file-system event when the editor
watches the files for it (discovery.Listing.reuse): an edit's run gives the last walk again, and
files created, changed or deleted on disk are still seen once the editor reports them."""

from __future__ import annotations

import pytest
from lsp_support import start, wait_for
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")

# A second, eager caller passes a Python float of unknown value: scale() retraces per value.
CALIBRATE = "from ops import scale\n\n\ndef calibrate():\n    return scale(float(input()))\n"


async def test_disk_changes_after_edits_are_seen(client, workspace):
    session = await start(client, workspace, "visual_studio_code")
    await wait_for(lambda: any(r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
                               for r in session.client.registrations), "the file watchers")
    session.open("ops.py", "train.py")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    # Runs of edits alone (no event since the last walk): the disk is not looked at again.
    train = session.text("train.py")
    session.change("train.py", train + "\n")
    session.change("train.py", train)
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    session.write_disk("calibrate.py", CALIBRATE, types.FileChangeType.Created)
    await session.wait_code("ops.py", "scale", None)
    session.change("train.py", train + "\n")
    await session.wait_code("ops.py", "scale", None)
    # Changed on disk, then deleted: each reported by the editor.
    session.write_disk("calibrate.py", "x = 1\n")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    session.write_disk("calibrate.py", CALIBRATE)
    await session.wait_code("ops.py", "scale", None)
    (workspace / "calibrate.py").unlink()
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=session.uri("calibrate.py"),
                                 type=types.FileChangeType.Deleted)]))
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")


async def test_a_client_that_does_not_watch_gets_every_change(client, workspace):
    """Without file watching, every run looks at the disk: a file created with no event is
    seen by the next edit's run."""
    caps = types.ClientCapabilities(text_document=types.TextDocumentClientCapabilities(
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities()))
    session = await start(client, workspace, caps)
    session.open("ops.py", "train.py")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    (workspace / "calibrate.py").write_text(CALIBRATE, encoding="utf-8")
    session.change("train.py", session.text("train.py") + "\n")
    await session.wait_code("ops.py", "scale", None)
