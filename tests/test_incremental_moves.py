"""What counts as "only lines moved" for the incremental run (incremental.moved): a function
whose summary differs only in line numbers keeps what other functions read of it, so its callers
are not evaluated again. Every field of a summary that records a line must be compared without
it: one that was not (value_uses, array_uses) made a blank line in a widely used module
re-evaluate some 19,700 call sites of a 253 KLOC workspace (7 s in the language server)."""

from __future__ import annotations

from hybridize.analysis.incremental import moved
from hybridize.analysis.summary_model import FunctionSummary, ModuleSummary
from hybridize.analysis.workspace import summarize_source

SOURCE = '''import tensorflow as tf


def step(x, n, table):
    """Doc."""
    if n > 2:
        x = x * 2.0
    for i in range(n):
        x = tf.reshape(x, x.shape)
    rows = len(x.shape)
    table.count = rows
    return tf.unstack(x, num=rows), table.get(n)


def caller(x):
    return step(tf.ones((2, 2)), 3, {})
'''


def functions(text: str) -> dict[str, FunctionSummary]:
    module = summarize_source(text.encode(), "m.py", "m", "m", False, "digest", text)
    assert isinstance(module, ModuleSummary), module
    return {fn.key: fn for fn in module.functions}


def test_blank_lines_and_comments_above_a_function_only_move_it():
    before = functions(SOURCE)
    after = functions(SOURCE.replace("def step", "# a comment\n\n\ndef step"))
    assert before.keys() == after.keys()
    for key, fn in before.items():
        assert fn != after[key] or key.endswith("<module>"), key  # the lines did change
        assert moved(fn, after[key]), f"{key}: more than its lines changed"


def test_a_blank_line_inside_a_body_only_moves_it():
    before = functions(SOURCE)
    after = functions(SOURCE.replace("    rows = len(x.shape)", "\n    rows = len(x.shape)"))
    assert moved(before["m:step"], after["m:step"])


def test_a_new_call_is_more_than_a_move():
    before = functions(SOURCE)
    after = functions(SOURCE.replace('    """Doc."""', '    """Doc."""\n    print(0)'))
    assert not moved(before["m:step"], after["m:step"])
    after = functions(SOURCE.replace("x * 2.0", "x * n"))
    assert not moved(before["m:step"], after["m:step"])
