"""A multi-root workspace: each folder is analysed on its own, both at start and when folders are
added later; a module name in one root does not resolve into another."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_support import Session, capabilities, copy_workspace, default_options
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")

SECOND = {
    # The same module name as the first root's ops.py, with a different scale(): the call in
    # this root must bind to this one.
    "ops.py": "import tensorflow as tf\n\n\ndef scale(x):\n    return x * 3.0\n\n\n"
              "@tf.function\ndef twice(n):\n    return tf.constant(n) * 2\n",
    "job.py": "import tensorflow as tf\nfrom ops import scale, twice\n\n\n"
              "def run():\n    return scale(2), twice(3)\n",
}


def second_root(path: Path) -> Path:
    path.mkdir()
    for rel, text in SECOND.items():
        (path / rel).write_text(text)
    return path


async def initialize(client, roots: list[Path]) -> Session:
    options = default_options()
    client.set_configuration(options, section="hybridize")
    result = await client.initialize_session(types.InitializeParams(
        capabilities=capabilities("visual_studio_code"),
        workspace_folders=[types.WorkspaceFolder(uri=r.as_uri(), name=r.name) for r in roots],
        initialization_options=options))
    return Session(client, roots[0], capabilities("visual_studio_code"), result,
                   str(result.capabilities.position_encoding or "utf-16"))


async def test_each_root_is_analysed_on_its_own(client, tmp_path: Path):
    first = copy_workspace(tmp_path / "first")
    second = second_root(tmp_path / "second")
    session = await initialize(client, [first, second])
    session.open("ops.py")
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")  # main() passes a tensor
    other = Session(client, second, session.caps, session.result, session.encoding)
    other.open("ops.py")
    # The second root is analysed (twice() gets no tensor: better eager), and its
    # scale(), which only gets an int, is no hybridization candidate...
    await other.wait_code("ops.py", "twice", "CONVERT_TO_EAGER")
    assert not other.diagnostic_on("ops.py", "scale")
    # ...while the first root's scale() still is: job.py's `scale(2)` did not reach it.
    assert any(d.code == "CONVERT_TO_HYBRID" for d in session.diagnostic_on("ops.py", "scale"))


async def test_a_folder_added_later_is_analysed(client, tmp_path: Path):
    first = copy_workspace(tmp_path / "first")
    session = await initialize(client, [first])
    await session.indexed()
    added = copy_workspace(tmp_path / "added")
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(
            added=[types.WorkspaceFolder(uri=added.as_uri(), name="added")], removed=[])))
    other = Session(client, added, session.caps, session.result, session.encoding)
    other.open("ops.py")
    await other.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
