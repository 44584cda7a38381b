"""Retracing in the editor (issue 16): a tf.function that retraces on Python numbers gets a
diagnostic naming the argument and the call sites, its preferred quick fix passes tensors at
every call site (one WorkspaceEdit over several files) and removing the decorator comes last;
a deprecated decorator argument gets a rename."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lsp_support import CLIENTS, start, titles

pytestmark = pytest.mark.asyncio(loop_scope="function")

FILES = {
    "steps.py": '''
        import tensorflow as tf


        @tf.function
        def scale(x, n):
            return x * n


        @tf.function(experimental_relax_shapes=True)
        def double(x):
            return x * 2.0


        def main():
            x = tf.ones([3])
            for n in range(5):
                scale(x, n)
                double(x)
        ''',
    "loop.py": '''
        from steps import scale


        def run(x):
            for step in range(10):
                scale(x, step)
        ''',
}
KEEP = "Keep the graph: pass `n` as a tensor at 2 call sites (tf.constant)"
RENAME = "Rename experimental_relax_shapes to reduce_retracing (deprecated tf.function arguments)"


def _write(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in FILES.items():
        (root / rel).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.mark.parametrize("name", CLIENTS)
async def test_retracing_repair_is_preferred_and_removal_last(client, tmp_path, name):
    session = await start(client, _write(tmp_path / "ws"), name)
    session.open("steps.py", "loop.py")
    diagnostic = await session.wait_code("steps.py", "scale", "CONVERT_TO_EAGER")
    assert "`n`" in diagnostic.message and "steps.py:17" in diagnostic.message and \
        "loop.py:6" in diagnostic.message, diagnostic.message
    actions = await session.actions("steps.py", session.at("steps.py", "def scale"),
                                    diagnostics=[diagnostic])
    quick = [a for a in actions if a.kind == "quickfix"]
    assert quick[0].title == KEEP and quick[0].is_preferred, titles(actions)
    removal = [a for a in quick if "remove @tf.function" in a.title]
    assert removal and not removal[0].is_preferred
    assert titles(quick).index(removal[0].title) > titles(quick).index(KEEP)
    action = await session.resolve(quick[0])
    applied = session.apply(action.edit, only=["steps.py", "loop.py"])
    steps = applied.texts[session.uri("steps.py")]
    loop = applied.texts[session.uri("loop.py")]
    assert "scale(x, tf.constant(n, dtype=tf.float32))" in steps
    assert "@tf.function\ndef scale" in steps
    assert loop.startswith("import tensorflow as tf\n")
    assert "scale(x, tf.constant(step, dtype=tf.float32))" in loop


@pytest.mark.parametrize("name", CLIENTS)
async def test_deprecated_argument_gets_a_rename(client, tmp_path, name):
    session = await start(client, _write(tmp_path / "ws"), name)
    session.open("steps.py")
    diagnostic = await session.wait_code("steps.py", "double", "RENAME_DEPRECATED_ARGUMENTS")
    assert "TensorFlow 2.9" in diagnostic.message
    actions = await session.actions("steps.py", session.at("steps.py", "def double"),
                                    diagnostics=[diagnostic])
    rename = next(a for a in actions if a.title == RENAME)
    assert rename.is_preferred
    action = await session.resolve(rename)
    text = session.apply(action.edit, only=["steps.py"]).texts[session.uri("steps.py")]
    assert "@tf.function(reduce_retracing=True)\ndef double" in text
    hover = await session.hover("steps.py", session.at("steps.py", "def double", offset=4))
    assert "Keep the graph" in hover.contents.value and "R1" in hover.contents.value
