"""Turn verdicts into minimal text edits: add or remove `@tf.function`, add the import, add an
`input_signature`. Edits are offsets into the file's text (code points), applied back to front.

Each transformation is a small function from (source, report) to edits, in the style of LibCST
codemods; `apply_edits` checks the result still parses.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass

from hybridize.analysis.model import FunctionReport, Span, Transformation


@dataclass(frozen=True)
class TextEdit:
    start: int  # offset in the text, in code points
    end: int
    new_text: str


class RefactorError(Exception):
    """The edit cannot be made safely (the source changed, or the result would not parse)."""


class LineIndex:
    """Converts (1-based line, 0-based column in code points) to text offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for match in re.finditer(r"\r\n|\r|\n", text):
            self.starts.append(match.end())

    def offset(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    def newline(self) -> str:
        match = re.search(r"\r\n|\r|\n", self.text)
        return match.group(0) if match else "\n"


@dataclass(frozen=True)
class FileContext:
    """What a file offers the edits: its TensorFlow alias and the names it already binds."""

    tf_alias: str | None
    function_alias: str | None
    bound_names: frozenset[str]


def decorator_text(context: FileContext) -> tuple[str, str | None]:
    """(`@tf.function`-style decorator, import line to add or None)."""
    if context.tf_alias:
        return f"@{context.tf_alias}.function", None
    if context.function_alias:
        return f"@{context.function_alias}", None
    if "tf" not in context.bound_names:
        return "@tf.function", "import tensorflow as tf"
    return "@tensorflow.function", "import tensorflow"


def convert_to_hybrid(index: LineIndex, report: FunctionReport,
                      context: FileContext) -> list[TextEdit]:
    assert report.def_span is not None
    line = report.def_span.line
    def_line = index.line_text(line)
    indent = def_line[: len(def_line) - len(def_line.lstrip())]
    # `async def` and `def` both start at the span's column; decorators go right above the def,
    # under any others (the innermost position wraps the plain function).
    decorator, import_line = decorator_text(context)
    start = index.offset(line, 0)
    edits = [TextEdit(start, start, f"{indent}{decorator}{index.newline()}")]
    if import_line:
        edits.append(import_edit(index, import_line))
    return edits


def convert_to_eager(index: LineIndex, report: FunctionReport) -> list[TextEdit]:
    if report.decorator_span is not None:
        return [remove_decorator(index, report.decorator_span)]
    if report.wrapper_span is not None and report.wrapped_name:
        span = report.wrapper_span
        start = index.offset(span.line, span.col)
        return [TextEdit(start, index.offset(span.end_line, span.end_col), report.wrapped_name)]
    raise RefactorError(f"{report.qualname}: no tf.function decorator or wrapper to remove")


def reconfigure(index: LineIndex, report: FunctionReport) -> list[TextEdit]:
    if report.decorator_span is None or report.signature is None:
        raise RefactorError(f"{report.qualname}: no decorator to reconfigure")
    span = report.decorator_span
    start = index.offset(span.line, span.col)
    end = index.offset(span.end_line, span.end_col)
    text = index.text[start:end]
    argument = f"input_signature={report.signature}"
    if text.endswith(")"):
        inner = text[text.index("(") + 1:-1].strip()
        new = text[:-1] + (", " if inner else "") + argument + ")"
    else:
        new = f"{text}({argument})"
    return [TextEdit(start, end, new)]


def remove_decorator(index: LineIndex, span: Span) -> TextEdit:
    """Delete the decorator's lines (the `@` through the end of its expression)."""
    first = index.line_text(span.line)
    at = first.rfind("@", 0, span.col + 1)
    before = first[:at] if at >= 0 else first[: span.col]
    last = index.line_text(span.end_line)
    after = last[span.end_col:]
    if before.strip() == "" and after.strip() == "" or after.strip().startswith("#"):
        start = index.offset(span.line, 0)
        end = index.offset(span.end_line, len(last))
        return TextEdit(start, end, "")
    # Decorator shares its line with other code (rare): remove only the expression.
    start = index.offset(span.line, at if at >= 0 else span.col)
    end = index.offset(span.end_line, span.end_col)
    return TextEdit(start, end, "")


def import_edit(index: LineIndex, import_line: str) -> TextEdit:
    """Insert the import after the module docstring and `__future__` imports, before the rest."""
    try:
        tree = ast.parse(index.text)
    except SyntaxError as exc:
        raise RefactorError(f"cannot parse the file: {exc.msg}") from exc
    insert_line = 1
    for node in tree.body:
        is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and \
            isinstance(node.value.value, str) and node is tree.body[0]
        is_future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
        if is_docstring or is_future:
            insert_line = (node.end_lineno or node.lineno) + 1
            continue
        break
    if insert_line > len(index.starts):
        prefix = "" if index.text.endswith(("\n", "\r")) or not index.text else index.newline()
        return TextEdit(len(index.text), len(index.text), f"{prefix}{import_line}{index.newline()}")
    offset = index.offset(insert_line, 0)
    return TextEdit(offset, offset, f"{import_line}{index.newline()}")


def edits_for(text: str, reports: Iterable[FunctionReport],
              context: FileContext) -> list[TextEdit]:
    """Edits for every report with a transformation; one import at most."""
    index = LineIndex(text)
    edits: list[TextEdit] = []
    for report in reports:
        if report.transformation is Transformation.CONVERT_TO_HYBRID:
            edits.extend(convert_to_hybrid(index, report, context))
        elif report.transformation is Transformation.CONVERT_TO_EAGER:
            edits.extend(convert_to_eager(index, report))
        elif report.transformation is Transformation.RECONFIGURE:
            edits.extend(reconfigure(index, report))
    unique: dict[tuple[int, int, str], TextEdit] = {}
    for edit in edits:
        unique.setdefault((edit.start, edit.end, edit.new_text), edit)
    return sorted(unique.values(), key=lambda e: (e.start, e.end))


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """Apply non-overlapping edits and check that the result parses."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            raise RefactorError("overlapping edits")
    out = text
    for edit in reversed(ordered):
        out = out[: edit.start] + edit.new_text + out[edit.end:]
    try:
        ast.parse(out)
    except SyntaxError as exc:
        raise RefactorError(f"the edited file would not parse (line {exc.lineno}: {exc.msg})") \
            from exc
    return out
