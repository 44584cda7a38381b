"""Code actions: which are offered where, context.only, quickfixes on diagnostics, lazy edits,
and the text that applying them gives (in the client's position encoding). These tests only
read: they share one session per client kind (the `shared` fixture); applying an edit happens
on the client's copy of the text."""

from __future__ import annotations

import ast

import pytest
from lsp_support import (
    KIND_REWRITE,
    KIND_SOURCE,
    TITLE_CONVERT,
    TITLE_EAGER_PREFIX,
    TITLE_FILE,
    Session,
    find,
    hybridize_actions,
    insert_line_before,
    titles,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

TITLE_REMOVE_WARNING = "Remove @tf.function (HAS_PYTHON_SIDE_EFFECTS)"


def eager_actions(actions):
    return [a for a in actions if a.title.startswith(TITLE_EAGER_PREFIX)]


async def test_actions_offered_where_the_verdict_allows(shared: Session):
    s = shared

    # scale(): convertible. Def line, docstring, body, end of the body line.
    for position in (s.at("ops.py", "def scale"), s.at("ops.py", "scale(x)", offset=2),
                     s.at("ops.py", '"""uint8 pixels'), s.at("ops.py", "return tf.cast"),
                     s.at("ops.py", "PIXEL_MAX\n", after="def scale", offset=9)):
        actions = hybridize_actions(await s.actions("ops.py", position))
        assert find(actions, TITLE_CONVERT).kind == KIND_REWRITE
        assert find(actions, TITLE_FILE).kind == KIND_SOURCE
        assert eager_actions(actions) == []

    # pack_logs(): a tf.function to remove. The cursor sits after the emoji of its comment,
    # so the request position itself depends on the encoding.
    actions = await s.actions("ops.py", s.at("ops.py", "compiled for speed"))
    eager = eager_actions(actions)
    assert len(eager) == 1, titles(actions)
    assert eager[0].kind == KIND_REWRITE and eager[0].title.endswith(")")
    assert len(eager[0].title) > len(TITLE_EAGER_PREFIX) + 1, "the short reason is missing"
    assert TITLE_CONVERT not in titles(actions)
    # décroissance(): wrapped with tf.function(...) below; cursor in its body.
    actions = await s.actions("ops.py", s.at("ops.py", "tf.pow"))
    assert len(eager_actions(actions)) == 1, titles(actions)

    # monitored_loss(): declined (a print two calls deep): nothing but the file action.
    for position in (s.at("ops.py", "def monitored_loss"),
                     s.at("ops.py", "reporting.report_loss(loss)")):
        actions = hybridize_actions(await s.actions("ops.py", position))
        assert titles(actions) == [TITLE_FILE], titles(actions)

    # Module level: only the file action.
    actions = hybridize_actions(await s.actions("ops.py", s.at("ops.py", "PIXEL_MAX = 255.0")))
    assert titles(actions) == [TITLE_FILE]

    # train_step(): a tf.function with a warning; removing it is an explicit quickfix.
    for position in (s.at("train.py", "@tf.function"), s.at("train.py", "def train_step"),
                     s.at("train.py", "tape.gradient")):
        actions = await s.actions("train.py", position)
        assert find(actions, TITLE_REMOVE_WARNING).kind == "quickfix"
        assert TITLE_CONVERT not in titles(actions)

    # predict(): kept as it is (no inferSignatures).
    actions = hybridize_actions(await s.actions("train.py", s.at("train.py", "tf.argmax")))
    assert titles(actions) == [TITLE_FILE]

    # reporting.py has nothing to convert: no hybridize action at all.
    actions = hybridize_actions(await s.actions("reporting.py", s.at("reporting.py", "print(")))
    assert actions == []


async def test_innermost_function_wins(shared: Session):
    s = shared
    text = s.text("train.py")
    # In the body of the nested correct(): its own verdict, not evaluate's. A nested function
    # is not converted (IS_NESTED_FUNCTION: a new tf.function on every call of evaluate), and
    # evaluate's conversion is not offered from inside it.
    inner = await s.actions("train.py", s.at("train.py", "tf.cast(tf.equal"))
    assert [a for a in inner if a.title == TITLE_CONVERT] == []
    # In evaluate()'s own body, outside correct(): evaluate is converted.
    action = find(await s.actions("train.py", s.at("train.py", "return tf.reduce_mean(correct")),
                  TITLE_CONVERT)
    applied = s.apply((await s.resolve(action)).edit)
    assert applied.texts[s.uri("train.py")] == \
        insert_line_before(text, "def evaluate(", "@tf.function")


async def test_context_only(shared: Session):
    s = shared
    where = s.at("ops.py", "return tf.cast")
    diagnostic = s.diagnostic_on("ops.py", "scale")[0]

    quick = await s.actions("ops.py", where, diagnostics=[diagnostic], only=["quickfix"])
    assert quick and all(a.kind == "quickfix" or a.kind.startswith("quickfix.") for a in quick)
    fix = find(quick, TITLE_CONVERT, "quickfix")
    assert [(d.code, d.range) for d in fix.diagnostics or []] == [("CONVERT_TO_HYBRID",
                                                                   diagnostic.range)]

    refactor = await s.actions("ops.py", where, diagnostics=[diagnostic], only=["refactor"])
    assert refactor and all(a.kind.startswith("refactor.") for a in refactor), \
        [(a.title, a.kind) for a in refactor]
    assert find(refactor, TITLE_CONVERT).kind == KIND_REWRITE

    source = await s.actions("ops.py", where, diagnostics=[diagnostic], only=["source"])
    assert [(a.title, a.kind) for a in source] == [(TITLE_FILE, KIND_SOURCE)]

    exact = await s.actions("ops.py", where, only=[KIND_REWRITE])
    assert [(a.title, a.kind) for a in exact] == [(TITLE_CONVERT, KIND_REWRITE)]

    # Without the diagnostic in the context, a convertible function has no quickfix.
    assert await s.actions("ops.py", where, only=["quickfix"]) == []


async def test_quickfix_for_a_warning_diagnostic(shared: Session):
    s = shared
    warning = s.diagnostic_on("train.py", "train_step")[0]
    actions = await s.actions("train.py", warning.range.start, end=warning.range.end,
                              diagnostics=[warning])
    fixes = [a for a in actions if a.title == TITLE_REMOVE_WARNING and a.kind == "quickfix"]
    assert fixes, titles(actions)
    assert any([(d.code, d.range) for d in a.diagnostics or []] ==
               [("HAS_PYTHON_SIDE_EFFECTS", warning.range)] for a in fixes), fixes
    text = s.text("train.py")
    applied = s.apply((await s.resolve(fixes[0])).edit)
    lines = text.splitlines(keepends=True)
    decorator = lines.index("def train_step(images, labels):\n") - 1
    assert lines[decorator] == "@tf.function\n"
    assert applied.texts[s.uri("train.py")] == "".join(lines[:decorator] + lines[decorator + 1:])


async def test_lazy_edits_are_resolved_and_apply(shared: Session):
    s = shared
    caps = s.caps.text_document.code_action
    assert caps.data_support and "edit" in caps.resolve_support.properties
    actions = await s.actions("ops.py", s.at("ops.py", "return tf.cast"))
    convert = find(actions, TITLE_CONVERT)
    assert convert.edit is None and convert.data is not None
    applied = s.apply((await s.resolve(convert)).edit, only=["ops.py"])
    ops = s.text("ops.py")
    assert applied.texts[s.uri("ops.py")] == insert_line_before(ops, "def scale(x):",
                                                                "@tf.function")

    # The file action on train.py converts evaluate(), not the nested correct().
    source = find(await s.actions("train.py", s.at("train.py", "def main")), TITLE_FILE)
    assert source.kind == KIND_SOURCE
    applied = s.apply((await s.resolve(source)).edit, only=["train.py"])
    train = s.text("train.py")
    expected = insert_line_before(train, "def evaluate(", "@tf.function")
    assert applied.texts[s.uri("train.py")] == expected


async def test_edits_use_the_negotiated_position_encoding(shared: Session):
    """Both edits sit on lines with non-ASCII text: an emoji in the comment of a decorator that
    is removed, and `décroissance_rapide = tf.function(décroissance)` where the call after the
    accented name is replaced by the name."""
    s = shared
    ops = s.text("ops.py")

    action = eager_actions(await s.actions("ops.py", s.at("ops.py", "def pack_logs")))[0]
    applied = s.apply((await s.resolve(action)).edit)
    assert applied.texts[s.uri("ops.py")] == \
        ops.replace("@tf.function  # 🚀 compiled for speed\n", "# 🚀 compiled for speed\n")

    action = eager_actions(await s.actions("ops.py", s.at("ops.py", "def décroissance",
                                                          offset=6)))[0]
    applied = s.apply((await s.resolve(action)).edit)
    expected = ops.replace("décroissance_rapide = tf.function(décroissance)",
                           "décroissance_rapide = décroissance")
    got = applied.texts[s.uri("ops.py")]
    assert got.splitlines()[-1] == expected.splitlines()[-1]
    assert got == expected
    ast.parse(got)


