"""Settings: initialization options, workspace/didChangeConfiguration, and invalid values."""

from __future__ import annotations

import asyncio

import pytest
from lsp_support import (
    CLIENTS,
    KIND_REWRITE,
    QUIET,
    TITLE_SIGNATURE,
    Session,
    default_options,
    find,
    start,
    wait_for,
)
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")

SIGNATURE = "[tf.TensorSpec(shape=(None, None, None), dtype=tf.uint8)]"


async def opened(client, workspace, name, options=None, *rels) -> Session:
    session = await start(client, workspace, name, options)
    session.open(*(rels or ("ops.py", "train.py")))
    # The server reads workspace/configuration once before indexing: changing the settings
    # before that would make it see the new values twice.
    await session.indexed()
    return session


def severity_options(**severity: str) -> dict:
    return default_options(diagnostics={"severity": severity})


async def wait_message(session: Session, *words: str) -> types.ShowMessageParams:
    def found():
        return next((m for m in session.client.messages
                     if all(w in m.message for w in words)), None)

    return await wait_for(found, f"a window/showMessage naming {words}",
                          describe=lambda: repr(session.client.messages))


@pytest.mark.parametrize("name", CLIENTS)
async def test_infer_signatures_switched_on_and_off(client, workspace, name):
    s = await opened(client, workspace, name)
    await s.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    assert s.diagnostic_on("train.py", "predict") == []

    s.configure(default_options(inferSignatures=True))
    diagnostic = await s.wait_code("train.py", "predict", "RECONFIGURE")
    assert diagnostic.severity == types.DiagnosticSeverity.Information
    action = find(await s.actions("train.py", s.at("train.py", "tf.argmax")), TITLE_SIGNATURE)
    assert action.kind == KIND_REWRITE
    applied = s.apply((await s.resolve(action)).edit, only=["train.py"])
    text = s.text("train.py")
    before = "@tf.function\ndef predict(images):"
    assert text.count(before) == 1
    assert applied.texts[s.uri("train.py")] == text.replace(
        before, f"@tf.function(input_signature={SIGNATURE})\ndef predict(images):")

    s.configure(default_options(inferSignatures=False))
    await s.wait_code("train.py", "predict", None)


async def test_infer_signatures_from_initialization_options(client, workspace):
    s = await opened(client, workspace, "visual_studio_code",
                     default_options(inferSignatures=True), "train.py")
    await s.wait_code("train.py", "predict", "RECONFIGURE")


@pytest.mark.parametrize("name", CLIENTS)
async def test_severity_settings(client, workspace, name):
    s = await opened(client, workspace, name)
    await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    await s.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")

    s.configure(severity_options(convertToHybrid="off", warning="error", convertToEager="hint"))
    await s.wait_code("ops.py", "scale", None)
    await s.wait_code("train.py", "evaluate", None)
    step = await s.wait_diagnostics("train.py", lambda ds: any(
        d.code == "HAS_PYTHON_SIDE_EFFECTS" and d.severity == types.DiagnosticSeverity.Error
        for d in ds), "train_step as an error")
    assert step
    await s.wait_diagnostics("ops.py", lambda ds: any(
        d.code == "CONVERT_TO_EAGER" and d.severity == types.DiagnosticSeverity.Hint
        for d in ds), "CONVERT_TO_EAGER as hints")

    # Back to the defaults.
    s.configure(default_options())
    diagnostic = await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    assert diagnostic.severity == types.DiagnosticSeverity.Hint


async def test_severity_from_initialization_options(client, workspace):
    s = await opened(client, workspace, "visual_studio_code",
                     severity_options(convertToHybrid="warning"), "ops.py")
    diagnostic = await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    assert diagnostic.severity == types.DiagnosticSeverity.Warning


async def test_invalid_initialization_option_warns_and_uses_the_default(client, workspace):
    s = await opened(client, workspace, "visual_studio_code",
                     severity_options(convertToHybrid="loud"), "ops.py")
    message = await wait_message(s, "convertToHybrid")
    assert message.type == types.MessageType.Warning
    diagnostic = await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    assert diagnostic.severity == types.DiagnosticSeverity.Hint
    # The same value comes again from workspace/configuration: one warning, not two.
    await asyncio.sleep(QUIET / 2)
    assert [m.message for m in s.client.messages if "convertToHybrid" in m.message] == [
        message.message]


async def test_invalid_type_warns_and_uses_the_default(client, workspace):
    s = await opened(client, workspace, "visual_studio_code",
                     default_options(inferSignatures="yes"), "train.py")
    message = await wait_message(s, "inferSignatures")
    assert message.type == types.MessageType.Warning
    await s.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    assert s.diagnostic_on("train.py", "predict") == []


async def test_invalid_setting_in_a_configuration_change(client, workspace):
    s = await opened(client, workspace, "visual_studio_code", None, "ops.py")
    await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    count = len(s.client.messages)
    s.configure(default_options(speculative="maybe"))
    message = await wait_message(s, "speculative")
    assert message.type == types.MessageType.Warning
    assert len(s.client.messages) == count + 1
    await asyncio.sleep(QUIET / 2)
    assert [d.code for d in s.diagnostic_on("ops.py", "scale")] == ["CONVERT_TO_HYBRID"]


async def test_valid_settings_show_no_message(client, workspace):
    s = await opened(client, workspace, "visual_studio_code",
                     default_options(speculative=False, inferSignatures=False, exclude=[],
                                     diagnostics={"severity": {"convertToHybrid": "hint",
                                                               "convertToEager": "information",
                                                               "reconfigure": "information",
                                                               "warning": "warning"}}),
                     "ops.py")
    await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    await asyncio.sleep(QUIET / 2)
    assert [m.message for m in s.client.messages
            if m.type in (types.MessageType.Warning, types.MessageType.Error)] == []


async def test_exclude(client, workspace):
    """With train.py excluded, scale() has no call site left: nothing says it gets tensors."""
    s = await opened(client, workspace, "visual_studio_code",
                     default_options(exclude=["train.py"]), "ops.py")
    # No call site is left for any function of ops.py: every verdict is "keep".
    await s.wait_diagnostics("ops.py", lambda ds: True, "a publish for ops.py")
    await asyncio.sleep(QUIET)
    assert s.diagnostics("ops.py") == [], s.describe("ops.py")
    s.configure(default_options(exclude=[]))
    await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")


SERVING = """import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(10)])


def serve_inference(images):
    return tf.nn.softmax(model(images))
"""


async def test_speculative(client, workspace):
    """serve_inference() has no call site; only speculative analysis takes its body (it passes
    `images` to a Keras model) as a sign that it receives tensors. The module is a new buffer,
    not yet saved."""
    s = await opened(client, workspace, "visual_studio_code", None, "ops.py")
    await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    uri = s.uri("serving.py")
    s.versions[uri] = 1
    s.texts[uri] = SERVING
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1,
                                             text=SERVING)))
    await s.wait_diagnostics("serving.py", lambda ds: True, "a publish for serving.py")
    await asyncio.sleep(QUIET)
    assert s.diagnostic_on("serving.py", "serve_inference") == []
    s.configure(default_options(speculative=True))
    await s.wait_code("serving.py", "serve_inference", "CONVERT_TO_HYBRID")


async def test_tags_from_initialization_options(client, workspace):
    options = default_options(diagnostics={"tags": {"convertToEager": ["unnecessary"]}})
    s = await opened(client, workspace, "visual_studio_code", options, "ops.py")
    eager = await s.wait_code("ops.py", "pack_logs", "CONVERT_TO_EAGER")
    assert list(eager.tags or []) == [types.DiagnosticTag.Unnecessary]
    hybrid = await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    assert not hybrid.tags


async def test_invalid_tag_warns_and_uses_no_tag(client, workspace):
    options = default_options(diagnostics={"tags": {"convertToEager": ["faded"]}})
    s = await opened(client, workspace, "visual_studio_code", options, "ops.py")
    message = await wait_message(s, "tags.convertToEager")
    assert message.type == types.MessageType.Warning
    eager = await s.wait_code("ops.py", "pack_logs", "CONVERT_TO_EAGER")
    assert not eager.tags

