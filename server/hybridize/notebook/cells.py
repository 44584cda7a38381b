"""A notebook's code cells as one Python module, and the map between the module's lines and the
cells' lines.

The kernel runs the code cells one after the other in one namespace, so the analysis sees them
as one module, in order. IPython syntax is not Python: line magics (`%matplotlib inline`),
shell escapes (`!pip install x`, `files = !ls`), help (`obj?`, `??obj`) and non-Python cell
magics (`%%bash`) are neutralised by same-length replacements, so that every other line keeps
its number and its columns and a position maps to its cell by arithmetic alone. Nothing here
reads files or knows LSP.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # LSP's and Python's line breaks (not str.splitlines')
LONE_CR = re.compile(r"\r(?!\n)")
# Cell magics whose body is Python run in the user's namespace: the body is analysed, only the
# `%%` line is neutralised. Any other cell magic (`%%bash`, `%%writefile`, `%%timeit`, whose
# body runs in a namespace of its own) makes the whole cell blank.
PYTHON_BODY_MAGICS = frozenset({"time", "capture", "prun", "timeit"})
# Line magics that run the rest of the line as Python in the user's namespace (`%time scale =
# 3.0`, `%timeit -n 3 step(x)`): read as `if 1: STATEMENT` (the same length), so the analysis
# sees the call or the binding (an audit of session 20: blanked, a rebinding after a call was
# missed). Options (`-n 3`) are skipped; those that take a value, with it.
STATEMENT_MAGICS = {"time": "", "timeit": "nrp", "prun": "slTDr"}
# Line magics that bind globals of the user's namespace from elsewhere: `%run` (the script's
# globals; `-i` runs it in the namespace itself) may bind any: read as `exec()`; `%store -r a
# b` binds the names given: read as `a=b=...`.
ANY_GLOBAL_MAGICS = frozenset({"run"})
# `x = !ls`, `a, b = %sx cmd`: IPython assigns the output; the names stay bound (unknown value).
ASSIGNED_MAGIC = re.compile(r"([ \t]*[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*)(?=[!%])")
IDENTIFIER_START = re.compile(r"[A-Za-z_]")


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its own line break."""
    lines, start = [], 0
    for match in LINE_BREAK.finditer(text):
        lines.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


@dataclass(frozen=True)
class Cell:
    """One code cell's place in the module. `text` is `source` with IPython syntax neutralised:
    the same lines with the same lengths, so an offset in one is the same offset in the other."""

    index: int  # 0-based position among all the notebook's cells (markdown and raw included)
    source: str  # the cell's text as written
    text: str
    first_line: int  # 1-based line of the module where the cell starts
    line_count: int
    start: int  # offset of the cell's first character in the module text

    @property
    def number(self) -> int:
        """1-based, counting every cell, as a reader counts them down the notebook."""
        return self.index + 1


@dataclass(frozen=True)
class NotebookModule:
    text: str  # the module the analysis reads
    cells: tuple[Cell, ...]  # the code cells, in order
    # 1-based line of the notebook file (its JSON) where each module line is written, when
    # known (nbformat writes a source as one JSON string per line): where a tool that shows
    # the file as text (SARIF viewers, GitHub annotations) should point.
    file_lines: tuple[int, ...] = ()

    def location(self, line: int) -> tuple[int, int] | None:
        """Module line -> (1-based cell number, 1-based line in the cell)."""
        found = self.to_cell(line)
        return None if found is None else (found[0].number, found[1])

    def file_line(self, line: int) -> int | None:
        return self.file_lines[line - 1] if 0 < line <= len(self.file_lines) else None

    def cell_at(self, line: int) -> Cell | None:
        """The code cell holding the module's 1-based `line`."""
        starts = [cell.first_line for cell in self.cells]
        position = bisect.bisect_right(starts, line) - 1
        if position < 0:
            return None
        cell = self.cells[position]
        return cell if line < cell.first_line + cell.line_count else None

    def to_cell(self, line: int) -> tuple[Cell, int] | None:
        """Module line -> (its cell, 1-based line in the cell)."""
        cell = self.cell_at(line)
        return None if cell is None else (cell, line - cell.first_line + 1)

    def cell_by_index(self, index: int) -> Cell | None:
        return next((cell for cell in self.cells if cell.index == index), None)

    def to_module(self, index: int, line: int) -> int | None:
        """(cell index, 1-based line in the cell) -> module line."""
        cell = self.cell_by_index(index)
        return None if cell is None else cell.first_line + line - 1

    def cell_edits(self, edits: Iterable[tuple[int, int, str]]
                   ) -> dict[int, list[tuple[int, int, str]]]:
        """Edits of the module text (start, end, new text) -> edits of the cells' sources, by
        cell index. An edit that spans two cells, or replaces IPython syntax (whose module text
        is not the cell's), cannot be made: ValueError."""
        out: dict[int, list[tuple[int, int, str]]] = {}
        starts = [cell.start for cell in self.cells]
        for start, end, new_text in edits:
            # At a boundary, an offset belongs to the cell that starts there.
            position = bisect.bisect_right(starts, start) - 1
            if position < 0:
                raise ValueError(f"offset {start} is before the first code cell")
            cell = self.cells[position]
            local_start, local_end = start - cell.start, end - cell.start
            if local_end > len(cell.source):
                raise ValueError(f"the edit at {start}-{end} leaves cell {cell.number}")
            if cell.source[local_start:local_end] != cell.text[local_start:local_end]:
                raise ValueError(f"the edit at {start}-{end} changes IPython syntax in cell "
                                 f"{cell.number}")
            out.setdefault(cell.index, []).append((local_start, local_end, new_text))
        return out


# `train.ipynb:44` in a message: a module line, to be told as its cell and line.
NOTEBOOK_LINE = re.compile(r"([^\s()\[\]:,'\"`]+\.ipynb):(\d+)")


def with_cells(text: str, notebooks: Mapping[str, NotebookModule]) -> str:
    """`text` with each `notebook.ipynb:LINE` of a notebook in `notebooks` (by relative file)
    told as `notebook.ipynb, cell N, line M`."""
    if ".ipynb:" not in text:
        return text

    def told(match: re.Match[str]) -> str:
        notebook = notebooks.get(match.group(1))
        found = notebook.location(int(match.group(2))) if notebook is not None else None
        if found is None:
            return match.group(0)
        return f"{match.group(1)}, cell {found[0]}, line {found[1]}"

    return NOTEBOOK_LINE.sub(told, text)


def apply_cell_edits(source: str, edits: list[tuple[int, int, str]]) -> str:
    """Edits given in text order (of two insertions at one offset, the one to come first
    first: an import before a decorator), applied back to front. The sort is stable: it keeps
    the given order of insertions at one offset (sorted by their texts, `@tf.function` landed
    above `import tensorflow as tf` in a cell whose first line is the `def`, and the notebook
    was refused: an audit of session 20)."""
    for start, end, new_text in reversed(sorted(edits, key=lambda e: (e[0], e[1]))):
        source = source[:start] + new_text + source[end:]
    return source


def module_of(cells: Iterable[tuple[str, str]]) -> NotebookModule:
    """The module of a notebook's cells, given as (cell type, source) in notebook order. Only
    code cells count; each ends with a line break in the module (the next starts on a line of
    its own), an empty one takes one empty line (so that every cell has a line to point at)."""
    parts: list[str] = []
    placed: list[Cell] = []
    line, offset = 1, 0
    for index, (kind, source) in enumerate(cells):
        if kind != "code":
            continue
        # A lone \r becomes \n (same length, same line): at the end of a cell it would read
        # as one \r\n line break with the next cell's leading \n.
        text = LONE_CR.sub("\n", neutralise(source))
        lines = split_lines(text)
        count = max(len(lines), 1)
        module_text = text if text.endswith(("\n", "\r")) else text + "\n"
        placed.append(Cell(index, source, text, line, count, offset))
        parts.append(module_text)
        line += count
        offset += len(module_text)
    return NotebookModule("".join(parts), tuple(placed))


def neutralise(source: str) -> str:
    """`source` with IPython syntax replaced by Python of the same length, line by line."""
    lines = split_lines(source)
    if not lines:
        return source
    first = lines[0].strip()
    if first.startswith("%%"):
        name = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
        if name not in PYTHON_BODY_MAGICS:
            return "".join(_comment(line) for line in lines)
        return _comment(lines[0]) + _neutralise_lines(lines[1:])
    return _neutralise_lines(lines)


def neutralise_lines(text: str) -> str:
    """Line magics, shell escapes and help lines of `text` neutralised in place, whatever its
    first line (for a notebook's cells already joined into one text by a client)."""
    return _neutralise_lines(split_lines(text))


def _neutralise_lines(lines: list[str]) -> str:
    scanner = _Scanner()
    out = []
    defs: list[int] = []  # indentation of the `def`s the line is in
    for line in lines:
        if scanner.at_statement_start():
            body = _body(line)[0]
            stripped = body.lstrip(" \t\f")
            if stripped and not stripped.startswith("#"):
                indent = len(body) - len(stripped)
                while defs and defs[-1] >= indent:
                    defs.pop()
                line = _statement(line, in_function=bool(defs))
                if stripped.startswith(("def ", "async def ")):
                    defs.append(indent)
        scanner.feed(line)
        out.append(line)
    return "".join(out)


def _statement(line: str, in_function: bool = False) -> str:
    """A line that starts a statement, with its IPython syntax (if any) neutralised. In a
    function body, a magic or shell escape runs IPython (an effect the analysis cannot see):
    read as a `print()` where the line is long enough (a Python side effect: the function is
    not converted; an audit of session 20 saw `!echo` run once instead of per call)."""
    body, ending = _body(line)
    stripped = body.lstrip(" \t\f")
    indent = body[: len(body) - len(stripped)]
    if stripped.startswith(("%", "!")) and in_function:
        return indent + (f"print()#{stripped[8:]}" if len(stripped) >= 8 else
                         _filler(stripped)) + ending
    if stripped.startswith("%") and not stripped.startswith("%%"):
        magic = _line_magic(stripped)
        if magic is not None:
            return indent + magic + ending
    if stripped.startswith(("%", "!", "?")) or _has_help_mark(stripped):
        return indent + _filler(stripped) + ending
    assigned = ASSIGNED_MAGIC.match(body)
    if assigned and IDENTIFIER_START.match(stripped):
        prefix = assigned.group(1)
        rest = body[len(prefix):]
        statement = _statement_start(rest) if rest.startswith("%") else None
        if statement is not None:  # `res = %time f(x)`: the call, the magic blanked
            return prefix + " " * statement + rest[statement:] + ending
        return prefix + _filler(rest) + ending
    return line


def _statement_start(text: str) -> int | None:
    """Where the Python statement of a statement magic (`%time x = 1`, `%timeit -n 3 f(x)`)
    starts in `text`, or None for another magic."""
    words = text.split(" ")
    name = words[0][1:]
    if name not in STATEMENT_MAGICS:
        return None
    position, index = len(words[0]) + 1, 1
    while index < len(words):
        word = words[index]
        if word == "":
            position, index = position + 1, index + 1
            continue
        if not word.startswith("-"):
            break
        position += len(word) + 1
        index += 1
        if len(word) == 2 and word[1] in STATEMENT_MAGICS[name] and index < len(words):
            position += len(words[index]) + 1  # `-n 3`: the option's value
            index += 1
    return position if position < len(text) else None


def _line_magic(text: str) -> str | None:
    """A line magic that runs or binds Python, read as Python of the same length; None for
    any other."""
    statement = _statement_start(text)
    if statement is not None and statement >= 5:
        return "if 1:" + " " * (statement - 5) + text[statement:]
    name = text[1:].split(" ", 1)[0]
    if name in ANY_GLOBAL_MAGICS and len(text) >= 7:
        return "exec()#" + text[7:]
    words = text.split()
    if name == "store" and len(words) > 2 and words[1] == "-r" and \
            all(w.isidentifier() for w in words[2:]):
        bound = "=".join(words[2:]) + "=..."
        if len(bound) + 1 <= len(text):
            return bound + "#" + "-" * (len(text) - len(bound) - 1)
    return None


def _has_help_mark(code: str) -> bool:
    """`obj?`, `obj.method??`: a `?` outside strings and comments (Python has no such token)."""
    if "?" not in code:
        return False
    scanner = _Scanner()
    return scanner.feed(code, find="?")


def _filler(text: str) -> str:
    """An expression statement as long as `text`: `...` then a comment holding the rest."""
    if len(text) >= 4:
        return "...#" + text[4:]
    return ("..." if len(text) == 3 else "0" + " " * (len(text) - 1)) if text else text


def _comment(line: str) -> str:
    body, ending = _body(line)
    return ("#" + body[1:] if body else body) + ending


def _body(line: str) -> tuple[str, str]:
    match = LINE_BREAK.search(line)
    return (line[: match.start()], match.group(0)) if match else (line, "")


class _Scanner:
    """Just enough of Python's tokenizer to know whether the next line starts a statement:
    bracket depth, open strings (triple-quoted ones span lines) and backslash continuations."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote: str | None = None  # the closing quote of an open string
        self.continued = False

    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.quote is None and not self.continued

    def feed(self, line: str, find: str | None = None) -> bool:
        """Scan one line; with `find`, whether that character occurs outside strings and
        comments."""
        found = False
        i, n = 0, len(line)
        self.continued = False
        while i < n:
            char = line[i]
            if self.quote is not None:
                if char == "\\":
                    i += 2
                    continue
                if line.startswith(self.quote, i):
                    i += len(self.quote)
                    self.quote = None
                    continue
                if char in "\r\n" and len(self.quote) == 1:
                    self.quote = None  # an unterminated one-line string ends with its line
                i += 1
                continue
            if char == "#":
                break
            if char in "'\"":
                triple = line[i:i + 3]
                self.quote = triple if triple in ("'''", '"""') else char
                i += len(self.quote)
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(self.depth - 1, 0)
            elif char == "\\" and line[i + 1:].strip("\r\n") == "":
                self.continued = True
            elif find is not None and char == find:
                found = True
            i += 1
        if self.quote is not None and len(self.quote) == 1 and \
                not line.rstrip("\r\n").endswith("\\"):
            self.quote = None
        return found
