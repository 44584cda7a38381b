"""workspace/executeCommand: hybridize.hybridizeFile and hybridize.hybridizeWorkspace send
workspace/applyEdit, then a summary message."""

from __future__ import annotations

import ast
import asyncio
import re

import pytest
from lsp_support import (
    CLIENTS,
    CMD_FILE,
    CMD_WORKSPACE,
    Session,
    insert_line_before,
    start,
    wait_for,
)
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")

SUMMARY = re.compile(r"converted (\d+) functions? in (\d+) files?")


def converted_train(text: str) -> str:
    # The nested correct() is not converted (IS_NESTED_FUNCTION).
    return insert_line_before(text, "def evaluate(", "@tf.function")


async def run_command(s: Session, command: str, arguments=None):
    await s.command(command, arguments)
    await wait_for(lambda: s.client.applied or s.client.messages,
                   "workspace/applyEdit or a message")
    await asyncio.sleep(0.05)
    assert s.client.applied, f"no workspace/applyEdit; messages: {s.client.messages}"
    params = s.client.applied[-1]
    message = await wait_for(
        lambda: next((m for m in s.client.messages if SUMMARY.search(m.message)), None),
        "the summary message", describe=lambda: repr(s.client.messages))
    assert message.message.startswith("Hybridize: "), message.message
    kinds = [kind for kind, _ in s.client.events]
    assert kinds.index("applyEdit") < kinds.index("showMessage"), kinds
    assert len(s.client.applied) == 1, "one applyEdit per command"
    counts = SUMMARY.search(message.message)
    return params, int(counts.group(1)), int(counts.group(2))


async def test_command_right_after_initialization(client, workspace):
    """A command sent as soon as the session is up (a script, or a user who is quick) must act
    on the analysed workspace, not on an empty one. The client answers workspace/configuration
    after 0.3 s, as a busy editor may: the command arrives while the server waits for it."""
    client.configuration_delay = 0.3
    s = await start(client, workspace, "visual_studio_code")
    train = s.text("train.py")
    params, functions, files = await run_command(s, CMD_FILE, [s.uri("train.py")])
    applied = s.apply(params.edit, only=["train.py"])
    assert applied.texts[s.uri("train.py")] == converted_train(train)
    assert (functions, files) == (1, 1)  # evaluate (correct is nested)
    await asyncio.sleep(client.configuration_delay)  # let the late answer go out first


async def test_workspace_command_right_after_initialization(client, workspace):
    client.configuration_delay = 0.3
    s = await start(client, workspace, "visual_studio_code")
    params, functions, files = await run_command(s, CMD_WORKSPACE)
    applied = s.apply(params.edit, only=["ops.py", "train.py"])
    assert applied.texts[s.uri("train.py")] == converted_train(s.text("train.py"))
    assert files == 2 and functions >= 2  # evaluate, ops.scale (correct is nested)
    await asyncio.sleep(client.configuration_delay)


@pytest.mark.parametrize("name", CLIENTS)
async def test_hybridize_file(client, workspace, name):
    s = await start(client, workspace, name)
    await s.indexed()
    train = s.text("train.py")
    params, functions, files = await run_command(s, CMD_FILE, [s.uri("train.py")])
    applied = s.apply(params.edit, only=["train.py"])
    assert applied.texts[s.uri("train.py")] == converted_train(train)
    assert (functions, files) == (1, 1)  # evaluate (correct is nested)


@pytest.mark.parametrize("name", CLIENTS)
async def test_hybridize_workspace(client, workspace, name):
    s = await start(client, workspace, name)
    await s.indexed()
    ops, train = s.text("ops.py"), s.text("train.py")
    params, functions, files = await run_command(s, CMD_WORKSPACE)
    applied = s.apply(params.edit, only=["ops.py", "train.py"])
    assert applied.texts[s.uri("train.py")] == converted_train(train)
    new_ops = applied.texts[s.uri("ops.py")]
    expected = insert_line_before(ops, "def scale(x):", "@tf.function")
    converted = 2  # evaluate and ops.scale (the nested correct is not converted)
    # Whether the command also applies the "make eager" changes is not fixed by the contract;
    # if it does, they must be right.
    if "@tf.function  # 🚀" not in new_ops:
        expected = expected.replace("@tf.function  # 🚀 compiled for speed\n",
                                    "# 🚀 compiled for speed\n")
        converted += 1
    if "tf.function(décroissance)" not in new_ops:
        expected = expected.replace("décroissance_rapide = tf.function(décroissance)",
                                    "décroissance_rapide = décroissance")
        converted += 1
    assert new_ops == expected
    ast.parse(new_ops)
    assert (functions, files) == (converted, 2)


async def test_hybridize_file_uses_the_open_buffer(client, workspace):
    s = await start(client, workspace, "visual_studio_code")
    s.open("train.py")
    edited = "# Entraînement 🚀\n" + s.text("train.py")
    version = s.change("train.py", edited)
    await s.wait_diagnostics("train.py", lambda ds: any(
        d.range == s.name_range("train.py", "evaluate") for d in ds), "diagnostics of v2")
    params, functions, files = await run_command(s, CMD_FILE, [s.uri("train.py")])
    applied = s.apply(params.edit, only=["train.py"])
    assert applied.versions == {s.uri("train.py"): version}
    assert applied.texts[s.uri("train.py")] == converted_train(edited)
    assert (functions, files) == (1, 1)  # evaluate (correct is nested)


async def test_hybridize_file_on_a_file_with_nothing_to_do(client, workspace):
    s = await start(client, workspace, "visual_studio_code")
    await s.indexed()
    await s.command(CMD_FILE, [s.uri("reporting.py")])
    message = await wait_for(lambda: s.client.messages and s.client.messages[-1],
                             "a message")
    assert message.type != types.MessageType.Error
    assert not s.client.applied or all(
        not (p.edit.changes or p.edit.document_changes) for p in s.client.applied)
