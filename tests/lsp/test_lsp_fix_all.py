"""source.fixAll.hybridize: the code action an editor runs on save (VS Code's
editor.codeActionsOnSave) makes the same edits to the file as `hybridize fix`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lsp_support import CLIENTS, server_env, start
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")

FIX_ALL = "source.fixAll.hybridize"


def fixed_by_cli(workspace: Path, scratch: Path, rel: str) -> str:
    """The file as `hybridize fix` leaves it, run on a copy of the workspace."""
    copy = scratch / "cli"
    shutil.copytree(workspace, copy)
    subprocess.run([sys.executable, "-m", "hybridize", "fix", str(copy), "--no-cache"],
                   check=True, capture_output=True, env=server_env(scratch), timeout=120)
    return (copy / rel).read_text(encoding="utf-8")


async def fix_all_actions(s, rel: str, only: list[str]) -> list[types.CodeAction]:
    actions = await s.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=s.uri(rel)),
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        context=types.CodeActionContext(diagnostics=[], only=only,
                                        trigger_kind=types.CodeActionTriggerKind.Automatic)))
    return [a for a in actions or [] if a.kind == FIX_ALL]


@pytest.mark.parametrize("name", CLIENTS)
@pytest.mark.parametrize("only", [["source.fixAll"], [FIX_ALL]])
async def test_fix_all_makes_the_edits_of_hybridize_fix(client, workspace, tmp_path, name, only):
    expected = fixed_by_cli(workspace, tmp_path, "ops.py")
    s = await start(client, workspace, name)
    assert FIX_ALL in s.result.capabilities.code_action_provider.code_action_kinds
    s.open("ops.py", "train.py", "reporting.py")
    await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    await s.wait_code("train.py", "evaluate", "CONVERT_TO_HYBRID")
    [action] = await fix_all_actions(s, "ops.py", only)
    # The edit comes with the action, even for a client that resolves edits lazily: an editor
    # saving the file applies it without a round trip.
    assert action.edit is not None
    applied = s.apply(action.edit, only=["ops.py"])
    after = applied.texts[s.uri("ops.py")]
    assert after != s.text("ops.py")
    assert after == expected
    # Nothing to fix: no action at all.
    assert await fix_all_actions(s, "reporting.py", only) == []


async def test_fix_all_only_when_asked_for(client, workspace):
    s = await start(client, workspace, "visual_studio_code")
    s.open("ops.py")
    await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    assert await fix_all_actions(s, "ops.py", [types.CodeActionKind.QuickFix.value]) == []
    at_scale = await s.actions("ops.py", s.at("ops.py", "def scale"))
    assert FIX_ALL not in {a.kind for a in at_scale}  # not in the lightbulb


RENAMED = """import tensorflow as tf


@tf.function(experimental_relax_shapes=True)
def step(x):
    return tf.exp(x) * 2.0


def double(x):
    return x * 2.0


step(tf.constant(1.0))
double(tf.constant(1.0))
"""


async def test_fix_all_renames_deprecated_arguments_as_fix_does(client, tmp_path):
    """`hybridize fix` also renames deprecated tf.function arguments (R1): so does fix-all,
    in the same edit as the conversion of another function."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "model.py").write_text(RENAMED)
    expected = fixed_by_cli(root, tmp_path, "model.py")
    assert "reduce_retracing=True" in expected and "@tf.function\ndef double" in expected
    s = await start(client, root, "visual_studio_code")
    s.open("model.py")
    await s.wait_code("model.py", "double", "CONVERT_TO_HYBRID")
    [action] = await fix_all_actions(s, "model.py", ["source.fixAll"])
    assert s.apply(action.edit, only=["model.py"]).texts[s.uri("model.py")] == expected
