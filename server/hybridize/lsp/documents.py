"""Positions: the engine speaks (1-based line, code-point column) and text offsets; LSP speaks
(0-based line, character in the negotiated encoding). Conversions go through pygls' position
codec, never by indexing a line string with `character`."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import PositionCodec, TextDocument, Workspace
from pygls.workspace.text_document import ServerTextPosition

from hybridize.analysis.model import FunctionReport, Span
from hybridize.refactor import split_lines


def uri_of(path: str | Path) -> str:
    return from_fs_path(str(path)) or f"file://{path}"


def is_file_uri(uri: str) -> bool:
    """Only files on disk are analysed (not untitled buffers, notebook cells or diff views)."""
    return uri.startswith("file:")


def path_of(uri: str) -> str:
    return to_fs_path(uri) or uri


class LspTextDocument(TextDocument):
    """pygls' document with lines that end at LSP's line breaks only: pygls 2.1 splits them with
    `str.splitlines`, so an incremental change below a form feed or U+2028 lands a line off and
    the server's copy of the buffer no longer is the editor's."""

    @property
    def lines(self) -> Sequence[str]:
        return tuple(split_lines(self.source))


def keep_lsp_line_breaks(workspace: Workspace) -> None:
    """Make `workspace` hold `LspTextDocument`s. pygls offers no public hook for the document
    class, so this replaces the factory of this one instance (pygls is pinned; a test types
    below a form feed to catch a change)."""

    def create(doc_uri: str, source: str | None = None, version: int | None = None,
               language_id: str | None = None) -> TextDocument:
        return LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                               sync_kind=workspace._sync_kind,
                               position_codec=workspace.position_codec)

    workspace._create_text_document = create  # type: ignore[method-assign]


class TextView:
    """A text as the analysis saw it, with conversions to and from LSP positions."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.text = text
        self.codec = codec
        # LSP's line breaks only (\n, \r\n, \r): str.splitlines would also split at form
        # feeds, U+2028, \x1c..\x1e, \x85, ... and move every later position by a line.
        self.lines = split_lines(text) or [""]
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def position(self, line: int, col: int) -> types.Position:
        """(1-based line, code-point column) -> LSP position."""
        row = min(max(line - 1, 0), len(self.lines))
        return self.codec.position_to_client_units(self.lines, ServerTextPosition(row, col))

    def position_at(self, offset: int) -> types.Position:
        """Text offset (code points) -> LSP position."""
        offset = min(max(offset, 0), len(self.text))
        if offset == len(self.text) and self.text.endswith(("\n", "\r")):
            return types.Position(line=len(self.lines), character=0)
        row = min(bisect.bisect_right(self.starts, offset) - 1, len(self.lines) - 1)
        return self.codec.position_to_client_units(
            self.lines, ServerTextPosition(row, offset - self.starts[row]))

    def line_of(self, position: types.Position) -> int:
        """LSP position -> 1-based line."""
        return position.line + 1

    def line_range(self, line: int) -> types.Range:
        text = self.lines[line - 1].rstrip("\r\n") if 0 < line <= len(self.lines) else ""
        start = len(text) - len(text.lstrip())
        return types.Range(self.position(line, start), self.position(line, len(text)))

    def name_range(self, report: FunctionReport) -> types.Range:
        """The function's name on its `def` line."""
        span = report.def_span
        line = span.line if span else report.line
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        name = report.qualname.rsplit(".", 1)[-1]
        start = text.find(f"def {name}", span.col if span else 0)
        if start < 0:
            return self.line_range(line)
        start += 4
        return types.Range(self.position(line, start), self.position(line, start + len(name)))

    def span_range(self, span: Span) -> types.Range:
        return types.Range(self.position(span.line, span.col),
                           self.position(span.end_line, span.end_col))
