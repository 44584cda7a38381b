"""Code-action edits land in the file, and at the line, they were computed for (issue 11):
removing a `tf.function(...)` wrapper edits the wrapper's file, and lines end only at LSP's line
breaks (a form feed or U+2028 inside a comment moves nothing)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lsp_support import (
    TITLE_CONVERT,
    TITLE_EAGER_PREFIX,
    capabilities,
    find,
    start,
    without_lazy_edits,
)

pytestmark = pytest.mark.asyncio(loop_scope="function")

A = textwrap.dedent("""\
    import tensorflow as tf


    def scale(x):
        return x * tf.constant(2.0)
    """)
B = textwrap.dedent("""\
    import tensorflow as tf

    from a import scale

    fast = tf.function(scale)
    print(fast(3))
    """)


@pytest.mark.parametrize("caps", ["visual_studio_code", "eager"])
async def test_removing_a_wrapper_edits_the_wrappers_file(client, tmp_path: Path, caps: str):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "a.py").write_text(A)
    (root / "b.py").write_text(B)
    s = await start(client, root, without_lazy_edits(capabilities("visual_studio_code"))
                    if caps == "eager" else caps)
    s.open("a.py")
    await s.wait_code("a.py", "scale", "CONVERT_TO_EAGER")
    actions = await s.actions("a.py", s.at("a.py", "return x"))
    remove = [a for a in actions if a.title.startswith(TITLE_EAGER_PREFIX)]
    assert len(remove) == 1, [a.title for a in actions]
    applied = s.apply((await s.resolve(remove[0])).edit, only=["b.py"])
    assert applied.texts[s.uri("a.py")] == A
    assert applied.texts[s.uri("b.py")] == B.replace("tf.function(scale)", "scale")


@pytest.mark.parametrize("separator", ["\x0c", "\u2028"])
async def test_line_breaks_are_lsps_only(client, tmp_path: Path, separator: str):
    root = tmp_path / "ws"
    root.mkdir()
    text = (f"import tensorflow as tf\n# a{separator}b\n\n"
            "def f(x):\n    return tf.exp(x)\n\nf(tf.constant(1.0))\n")
    (root / "m.py").write_text(text, encoding="utf-8")
    s = await start(client, root, "visual_studio_code")
    s.open("m.py")
    await s.wait_code("m.py", "f", "CONVERT_TO_HYBRID")
    convert = find(await s.actions("m.py", s.at("m.py", "return tf.exp")), TITLE_CONVERT)
    applied = s.apply((await s.resolve(convert)).edit)
    assert applied.texts[s.uri("m.py")] == text.replace("def f(x)", "@tf.function\ndef f(x)")


async def test_incremental_changes_follow_lsps_line_breaks(client, tmp_path: Path):
    """The server applies the editor's incremental changes at LSP positions: a form feed in a
    comment above does not move them to another line."""
    root = tmp_path / "ws"
    root.mkdir()
    text = ("import tensorflow as tf\n# a\x0cb\n\n"
            "def f(x):\n    return tf.exp(x)\n\nf(tf.constant(1.0))\n")
    (root / "m.py").write_text(text, encoding="utf-8")
    s = await start(client, root, "visual_studio_code")
    s.open("m.py")
    await s.wait_code("m.py", "f", "CONVERT_TO_HYBRID")
    # Rename f to f2 as one types it: at the def, then at the call.
    s.type_at("m.py", text.index("def f") + len("def f"), "2")
    s.type_at("m.py", s.text("m.py").index("\nf(") + 2, "2")
    typed = s.text("m.py")
    assert "def f2(x)" in typed and "\nf2(tf.constant" in typed
    await s.wait_code("m.py", "f2", "CONVERT_TO_HYBRID")
    convert = find(await s.actions("m.py", s.at("m.py", "return tf.exp")), TITLE_CONVERT)
    applied = s.apply((await s.resolve(convert)).edit)
    assert applied.texts[s.uri("m.py")] == typed.replace("def f2(x)", "@tf.function\ndef f2(x)")
