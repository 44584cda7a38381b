"""Edit the `source` of some cells of a notebook file in its JSON text, and nothing else.

Rewriting the whole notebook through nbformat would change what the user did not ask us to
touch (key order, indentation, escaping, outputs of another nbformat version). Instead the
string tokens of each cell's `source` are located in the raw text and only those of the changed
cells are replaced, in the file's own escaping style; a line of a list-of-lines source that did
not change keeps its token byte for byte.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from json.decoder import scanstring

WHITESPACE = re.compile(r"[ \t\n\r]*")
UNICODE_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}")
_DECODER = json.JSONDecoder()


class NotEditable(Exception):
    """The JSON text does not have the format-4 shape whose cell sources can be located."""


@dataclass(frozen=True)
class SourceValue:
    """Where one cell's `source` value lies in the raw text."""

    cell: int  # index in the notebook's `cells`
    start: int  # the value's span: a string token, or a list from `[` to `]`
    end: int
    tokens: tuple[tuple[int, int], ...]  # the string tokens inside it
    is_list: bool
    key_start: int  # where the `"source"` key starts (for the indentation of a new list)


def locate_sources(raw: str) -> list[SourceValue]:
    """The `source` value of every cell, in order."""
    i = _skip(raw, 0)
    if not raw.startswith("{", i):
        raise NotEditable("the notebook is not a JSON object")
    found: list[SourceValue] | None = None
    for key, _key_start, value_start in _members(raw, i):
        if key == "cells":
            found = _cells(raw, value_start)
    if found is None:
        raise NotEditable("the notebook has no `cells` list (a format older than 4)")
    return found


def _skip(raw: str, i: int) -> int:
    match = WHITESPACE.match(raw, i)
    return match.end() if match else i


def _members(raw: str, i: int) -> Iterator[tuple[str, int, int]]:
    """(key, key start, value start) of each member of the object at `i`; the caller may read
    the value, which is skipped afterwards."""
    assert raw[i] == "{"
    i = _skip(raw, i + 1)
    if raw.startswith("}", i):
        return
    while True:
        if not raw.startswith('"', i):
            raise NotEditable(f"a key was expected at offset {i}")
        key, after = scanstring(raw, i + 1)
        colon = _skip(raw, after)
        if not raw.startswith(":", colon):
            raise NotEditable(f"':' was expected at offset {colon}")
        value_start = _skip(raw, colon + 1)
        yield key, i, value_start
        _, end = _DECODER.raw_decode(raw, value_start)
        i = _skip(raw, end)
        if raw.startswith("}", i):
            return
        if not raw.startswith(",", i):
            raise NotEditable(f"',' was expected at offset {i}")
        i = _skip(raw, i + 1)


def _cells(raw: str, i: int) -> list[SourceValue]:
    if not raw.startswith("[", i):
        raise NotEditable("`cells` is not a list")
    out: list[SourceValue] = []
    i = _skip(raw, i + 1)
    index = 0
    while not raw.startswith("]", i):
        if not raw.startswith("{", i):
            raise NotEditable(f"cell {index + 1} is not an object")
        source: SourceValue | None = None
        for key, key_start, value_start in _members(raw, i):
            if key == "source":
                source = _source(raw, index, key_start, value_start)
        if source is None:
            raise NotEditable(f"cell {index + 1} has no source")
        out.append(source)
        _, end = _DECODER.raw_decode(raw, i)
        i = _skip(raw, end)
        if raw.startswith(",", i):
            i = _skip(raw, i + 1)
        index += 1
    return out


def _source(raw: str, cell: int, key_start: int, i: int) -> SourceValue:
    if raw.startswith('"', i):
        _, end = scanstring(raw, i + 1)
        return SourceValue(cell, i, end, ((i, end),), False, key_start)
    if not raw.startswith("[", i):
        raise NotEditable(f"the source of cell {cell + 1} is neither a string nor a list")
    tokens = []
    j = _skip(raw, i + 1)
    while not raw.startswith("]", j):
        if not raw.startswith('"', j):
            raise NotEditable(f"the source of cell {cell + 1} holds something else than text")
        _, end = scanstring(raw, j + 1)
        tokens.append((j, end))
        j = _skip(raw, end)
        if raw.startswith(",", j):
            j = _skip(raw, j + 1)
    return SourceValue(cell, i, j + 1, tuple(tokens), True, key_start)


def replace_sources(raw: str, sources: dict[int, str]) -> str:
    """`raw` with the source of each cell in `sources` (by cell index) replaced."""
    located = {value.cell: value for value in locate_sources(raw)}
    missing = sorted(set(sources) - set(located))
    if missing:
        raise NotEditable(f"cell {missing[0] + 1} is not in the notebook")
    ascii_only = _escapes_non_ascii(raw)
    out = raw
    for cell in sorted(sources, reverse=True):
        value = located[cell]
        new = _new_value(raw, value, sources[cell], ascii_only)
        out = out[: value.start] + new + out[value.end:]
    return out


def _escapes_non_ascii(raw: str) -> bool:
    """Whether the file writes non-ASCII text as `\\uXXXX` (json.dump's default) rather than as
    it is (nbformat's way): new text is written the same way."""
    return raw.isascii() and UNICODE_ESCAPE.search(raw) is not None


def _encode(text: str, ascii_only: bool) -> str:
    return json.dumps(text, ensure_ascii=ascii_only)


def _new_value(raw: str, value: SourceValue, source: str, ascii_only: bool) -> str:
    if not value.is_list:
        return _encode(source, ascii_only)
    old_tokens = [raw[start:end] for start, end in value.tokens]
    old_lines = [json.loads(token) for token in old_tokens]
    # nbformat splits a source the way str.splitlines(keepends=True) does when it writes.
    new_lines = source.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    tokens: list[str] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            tokens.extend(old_tokens[a0:a1])  # untouched lines keep their exact bytes
        else:
            tokens.extend(_encode(line, ascii_only) for line in new_lines[b0:b1])
    if not tokens:
        return "[]"
    if len(value.tokens) >= 2:
        separator = raw[value.tokens[0][1]:value.tokens[1][0]]
    else:
        separator = ","
        lead = raw[value.start + 1:value.tokens[0][0]] if value.tokens else None
        if lead is None:
            line_start = raw.rfind("\n", 0, value.key_start) + 1
            indent = raw[line_start:value.key_start]
            lead = "\n" + indent + " " if indent.strip() == "" else ""
        separator += lead
    before = raw[value.start + 1:value.tokens[0][0]] if value.tokens else \
        separator.removeprefix(",")
    after = raw[value.tokens[-1][1]:value.end - 1] if value.tokens else \
        _closing(raw, value.key_start, before)
    return "[" + before + separator.join(tokens) + after + "]"


def _closing(raw: str, key_start: int, before: str) -> str:
    """Whitespace before the `]` of a list that was empty: the key's own line indentation."""
    if not before:
        return ""
    line_start = raw.rfind("\n", 0, key_start) + 1
    return "\n" + raw[line_start:key_start]
