"""Suppression comments and documentation links in the editor: every diagnostic links to its
code's section of the documentation, "Ignore CODE for this function" inserts or extends the
comment on the `def` line, and a suppressed code has neither diagnostic nor action."""

from __future__ import annotations

import pytest
from hybridize.lsp.diagnostics import PRECONDITIONS_URL
from lsp_support import CLIENTS, SOURCE, TITLE_CONVERT, find, start, titles

pytestmark = pytest.mark.asyncio(loop_scope="function")

IGNORE_CONVERT = "Ignore CONVERT_TO_HYBRID for this function"
IGNORE_EFFECTS = "Ignore HAS_PYTHON_SIDE_EFFECTS for this function"


@pytest.mark.parametrize("name", CLIENTS)
async def test_diagnostics_link_to_their_code(client, workspace, name):
    session = await start(client, workspace, name)
    session.open("ops.py", "train.py")
    scale = await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    step = await session.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    # A transformation links to the precondition that allows it, a failure to its own code.
    assert scale.code_description.href == f"{PRECONDITIONS_URL}#p1"
    assert step.code_description.href == f"{PRECONDITIONS_URL}#has_python_side_effects"
    for rel in ("ops.py", "train.py"):
        for diagnostic in session.diagnostics(rel):
            if diagnostic.source == SOURCE:
                assert diagnostic.code_description is not None, diagnostic
                assert diagnostic.code_description.href.startswith(PRECONDITIONS_URL)
    hover = await session.hover("train.py", session.at("train.py", "def train_step", offset=4))
    assert f"{PRECONDITIONS_URL}#has_python_side_effects" in hover.contents.value


@pytest.mark.parametrize("name", CLIENTS)
async def test_ignore_action_inserts_then_extends_the_comment(client, workspace, name):
    session = await start(client, workspace, name)
    session.open("ops.py", "train.py")
    scale = await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    actions = await session.actions("ops.py", session.at("ops.py", "def scale"),
                                    diagnostics=[scale])
    action = await session.resolve(find(actions, IGNORE_CONVERT))
    assert action.kind == "quickfix" and list(action.diagnostics) == [scale]
    text = session.apply(action.edit, only=["ops.py"]).texts[session.uri("ops.py")]
    assert "def scale(x):  # hybridize: ignore[CONVERT_TO_HYBRID]\n" in text
    assert text.replace("  # hybridize: ignore[CONVERT_TO_HYBRID]", "") == session.text("ops.py")
    session.change("ops.py", text)
    await session.wait_code("ops.py", "scale", None)
    actions = await session.actions("ops.py", session.at("ops.py", "def scale"))
    assert TITLE_CONVERT not in titles(actions) and IGNORE_CONVERT not in titles(actions)

    # A tf.function with a warning: the comment goes on the def line, and a second code
    # extends an existing comment rather than adding another.
    step = await session.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    existing = session.text("train.py").replace(
        "def train_step(images, labels):",
        "def train_step(images, labels):  # hybridize: ignore[IS_RECURSIVE]")
    session.change("train.py", existing)
    step = await session.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    actions = await session.actions("train.py", session.at("train.py", "def train_step"),
                                    diagnostics=[step])
    action = await session.resolve(find(actions, IGNORE_EFFECTS))
    text = session.apply(action.edit, only=["train.py"]).texts[session.uri("train.py")]
    assert "def train_step(images, labels):  # hybridize: ignore[IS_RECURSIVE, " \
        "HAS_PYTHON_SIDE_EFFECTS]\n" in text
    session.change("train.py", text)
    # Its other warning is not suppressed: it is shown now, the suppressed one no longer.
    other = await session.wait_code("train.py", "train_step", "HAS_TENSOR_TO_PYTHON_CONVERSION")
    assert [d.code for d in session.diagnostic_on("train.py", "train_step")] == [other.code]
    actions = await session.actions("train.py", session.at("train.py", "def train_step"),
                                    diagnostics=[other])
    assert IGNORE_EFFECTS not in titles(actions), titles(actions)
    assert "Remove @tf.function (HAS_PYTHON_SIDE_EFFECTS)" not in titles(actions)
    assert "Ignore HAS_TENSOR_TO_PYTHON_CONVERSION for this function" in titles(actions)
