"""Shapes that vary in the editor (issue 16, R3): a tf.function called with batches of several
sizes gets an information diagnostic, its preferred quick fix adds the input_signature with
None where the shapes vary, reduce_retracing comes next, and fix-all adds reduce_retracing."""

from __future__ import annotations

import textwrap

import pytest
from lsp_support import CLIENTS, start, titles

pytestmark = pytest.mark.asyncio(loop_scope="function")

STEPS = '''
    import tensorflow as tf


    @tf.function
    def batch_mean(x):
        return tf.reduce_mean(x, axis=0)


    def main():
        for size in (4, 8, 16):
            batch_mean(tf.ones([size, 3]))
    '''
SIGNATURE = "Keep the graph: add input_signature with None where the shapes vary " \
    "(shapes that vary)"
REDUCE = "Keep the graph: add reduce_retracing=True (shapes that vary)"


@pytest.mark.parametrize("name", CLIENTS)
async def test_varying_shapes_get_the_signature_then_reduce_retracing(client, tmp_path, name):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "steps.py").write_text(textwrap.dedent(STEPS).lstrip("\n"), encoding="utf-8")
    session = await start(client, root, name)
    session.open("steps.py")
    diagnostic = await session.wait_code("steps.py", "batch_mean", "ADD_INPUT_SIGNATURE")
    assert "`x` takes 3 shapes at steps.py:11" in diagnostic.message, diagnostic.message
    actions = await session.actions("steps.py", session.at("steps.py", "def batch_mean"),
                                    diagnostics=[diagnostic])
    quick = [a for a in actions if a.kind == "quickfix"]
    assert titles(quick)[:2] == [SIGNATURE, REDUCE], titles(actions)
    assert quick[0].is_preferred and not quick[1].is_preferred
    action = await session.resolve(quick[0])
    text = session.apply(action.edit, only=["steps.py"]).texts[session.uri("steps.py")]
    assert "@tf.function(input_signature=[tf.TensorSpec(shape=(None, 3), dtype=tf.float32)])" \
        "\ndef batch_mean" in text
    action = await session.resolve(quick[1])
    text = session.apply(action.edit, only=["steps.py"]).texts[session.uri("steps.py")]
    assert "@tf.function(reduce_retracing=True)\ndef batch_mean" in text
    hover = await session.hover("steps.py", session.at("steps.py", "def batch_mean", offset=4))
    assert "Keep the graph" in hover.contents.value and "R3" in hover.contents.value


async def test_fix_all_adds_reduce_retracing_as_fix_does(client, tmp_path):
    from lsprotocol import types

    root = tmp_path / "ws"
    root.mkdir()
    (root / "steps.py").write_text(textwrap.dedent(STEPS).lstrip("\n"), encoding="utf-8")
    session = await start(client, root, "visual_studio_code")
    session.open("steps.py")
    await session.wait_code("steps.py", "batch_mean", "ADD_INPUT_SIGNATURE")
    actions = await session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=session.uri("steps.py")),
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.hybridize"],
                                        trigger_kind=types.CodeActionTriggerKind.Automatic)))
    [action] = [a for a in actions or [] if a.kind == "source.fixAll.hybridize"]
    text = session.apply(action.edit, only=["steps.py"]).texts[session.uri("steps.py")]
    assert "@tf.function(reduce_retracing=True)\ndef batch_mean" in text
