"""Hover: the verdict in bold, its evidence as links to file and line, and why a function is not
converted. Hover only reads: the tests share one session per client kind (`shared`)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from lsp_support import Session, line_of
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")

LINK = re.compile(r"\[([^\]\[]+):(\d+)\]\(([^)\s]+)#L(\d+)\)")


def markdown(hover: types.Hover | None) -> str:
    assert hover is not None, "no hover"
    assert isinstance(hover.contents, types.MarkupContent), f"not MarkupContent: {hover}"
    assert hover.contents.kind == types.MarkupKind.Markdown
    value = hover.contents.value
    first = value.strip().splitlines()[0]
    assert re.fullmatch(r"\*\*[^*].*\*\*\s*", first), f"first line is not a bold verdict: {first!r}"
    return value


def links(session: Session, value: str) -> list[tuple[str, int]]:
    """(relative path, 1-based line) of every evidence link; each must be consistent."""
    found = []
    for label, label_line, uri, uri_line in LINK.findall(value):
        assert label_line == uri_line, f"link text and target disagree: {label}:{label_line} " \
            f"-> {uri}#L{uri_line}"
        parsed = urlparse(uri)
        assert parsed.scheme == "file", uri
        path = Path(unquote(parsed.path))
        assert path.is_file(), f"link to a missing file: {uri}"
        rel = path.resolve().relative_to(session.root.resolve()).as_posix()
        assert label.endswith(path.name), f"link text {label!r} does not name {rel}"
        found.append((rel, int(label_line)))
    return found


async def test_hover_on_a_convertible_function(shared: Session):
    s = shared
    hover = await s.hover("ops.py", s.at("ops.py", "def scale", offset=6))
    value = markdown(hover)
    call_line = line_of(s.text("train.py"), "inputs = scale(images)") + 1
    assert ("train.py", call_line) in links(s, value), \
        f"no link to the call that passes a tensor (train.py:{call_line}):\n{value}"
    if hover.range is not None:
        assert hover.range == s.name_range("ops.py", "scale")
    # What every conversion assumes (docs/preconditions.md#trace_time_errors), said in the hover.
    assert "Assumes (TRACE_TIME_ERRORS): inputs that make an op fail" in value, value


async def test_hover_on_a_decorator_explains_the_warning(shared: Session):
    s = shared
    position = s.at("train.py", "function", after="@tf.function")  # the train_step decorator
    value = markdown(await s.hover("train.py", position))
    print_line = line_of(s.disk("reporting.py"), "print(") + 1
    assert "print" in value
    assert ("reporting.py", print_line) in links(s, value), value
    assert "tf.print" in value, "the hover should say what to change"


async def test_hover_says_why_not(shared: Session):
    """monitored_loss() is declined for a print two calls deep: no diagnostic, so the hover is
    the place that explains it."""
    s = shared
    value = markdown(await s.hover("ops.py", s.at("ops.py", "def monitored_loss", offset=8)))
    assert "print" in value
    assert "HAS_PYTHON_SIDE_EFFECTS" in value or "side effect" in value.lower(), value
    print_line = line_of(s.disk("reporting.py"), "print(") + 1
    assert ("reporting.py", print_line) in links(s, value), value
    assert "tf.print" in value, "the hover should say what to change"


async def test_hover_on_a_non_ascii_name(shared: Session):
    """The position is after 'é': utf-8 and utf-16 columns differ."""
    s = shared
    value = markdown(await s.hover("ops.py", s.at("ops.py", "def décroissance", offset=14)))
    assert value


async def test_no_hover_elsewhere(shared: Session):
    s = shared
    for rel, needle in (("ops.py", "tf.cast(x"), ("ops.py", "PIXEL_MAX = 255"),
                        ("ops.py", "import tensorflow"), ("train.py", "optimizer = tf"),
                        ("train.py", "tape.gradient"), ("ops.py", "loss = tf.reduce_mean")):
        hover = await s.hover(rel, s.at(rel, needle, offset=1))
        assert hover is None, f"hover at {needle!r} in {rel}: {hover}"
    blank = line_of(s.text("ops.py"), "PIXEL_MAX = 255") + 1
    assert await s.hover("ops.py", s.pos("ops.py", blank, 0)) is None
