"""Turn verdicts into minimal text edits: add or remove `@tf.function`, add the import, add an
`input_signature`. Edits are offsets into the file's text (code points), applied back to front.

Each transformation is a small function from (source, report) to edits, in the style of LibCST
codemods; `apply_edits` checks the result still parses.

An edit names the file it belongs to and the digest of the text its offsets were computed from:
a transformation does not always edit its function's file (`fast = tf.function(scale)` in b.py
wraps `scale` of a.py, and removing it edits b.py), and offsets applied to any other text would
corrupt it. Lines end at `\n`, `\r\n` or `\r` only, as in LSP and in Python's tokenizer (never
`str.splitlines`, which also splits at form feeds, U+2028 and friends).
"""

from __future__ import annotations

import ast
import bisect
import hashlib
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass, replace

from hybridize.analysis.model import FunctionReport, Span, Transformation

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its own line break (`str.splitlines(True)` with only the
    line breaks of LSP and Python)."""
    lines = []
    start = 0
    for match in LINE_BREAK.finditer(text):
        lines.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class TextEdit:
    file: str  # the file the offsets belong to (relative to the analysis root)
    start: int  # offset in the text, in code points
    end: int
    new_text: str
    basis: str  # text_digest of the text the offsets were computed from


class RefactorError(Exception):
    """The edit cannot be made safely (the source changed, or the result would not parse)."""


class LineIndex:
    """Converts (1-based line, 0-based column in code points) to text offsets."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.basis = text_digest(text)
        self._tree: ast.Module | None = None
        self.starts = [0]
        for match in LINE_BREAK.finditer(text):
            self.starts.append(match.end())

    def edit(self, start: int, end: int, new_text: str) -> TextEdit:
        return TextEdit(self.file, start, end, new_text, self.basis)

    def tree(self) -> ast.Module:
        """The text's syntax tree, parsed once."""
        if self._tree is None:
            try:
                self._tree = ast.parse(self.text)
            except SyntaxError as exc:
                raise RefactorError(f"cannot parse the file: {exc.msg}") from exc
        return self._tree

    def offset(self, line: int, col: int) -> int:
        if not 0 < line <= len(self.starts) or col < 0 or \
                self.starts[line - 1] + col > len(self.text):
            raise RefactorError(f"{self.file}: position {line}:{col} is not in this text")
        return self.starts[line - 1] + col

    def line_text(self, line: int) -> str:
        if not 0 < line <= len(self.starts):
            raise RefactorError(f"{self.file}: line {line} is not in this text")
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    def newline(self) -> str:
        match = LINE_BREAK.search(self.text)
        return match.group(0) if match else "\n"

    def ending(self, line: int) -> str:
        """The line break that ends `line` ("" for a last line without one)."""
        match = LINE_BREAK.search(self.line_text(line)) if 0 < line <= len(self.starts) else None
        return match.group(0) if match else ""

    def ending_near(self, line: int) -> str:
        """The line break for a line inserted next to `line`: that line's own (a file with mixed
        line endings keeps them line by line), else the one above, else the file's first."""
        return self.ending(line) or self.ending(line - 1) or self.newline()


@dataclass(frozen=True)
class FileContext:
    """What a file offers the edits: its TensorFlow alias and the names it already binds."""

    tf_alias: str | None
    function_alias: str | None
    bound_names: frozenset[str]
    # A notebook's module: the first line of each code cell. An added import goes into the
    # first cell that has imports (if it runs before the function's cell), else into the
    # function's own cell; never above the first cell's other code whatever that is.
    cell_starts: tuple[int, ...] = ()


def tensorflow_name(context: FileContext) -> tuple[str, str | None]:
    """(the file's name for the tensorflow module, import line to add or None)."""
    if context.tf_alias:
        return context.tf_alias, None
    if "tf" not in context.bound_names:
        return "tf", "import tensorflow as tf"
    return "tensorflow", "import tensorflow"


def signature_text(signature: str, context: FileContext, index: LineIndex | None = None,
                   line: int = 0) -> tuple[str, str | None]:
    """The engine writes an inferred signature with `tf.` (`[tf.TensorSpec(..., dtype=
    tf.float32)]`): in a file that calls TensorFlow `tfx`, or imports names from it only, `tf`
    is unbound, and the edit would parse and then fail when the module is imported. With the
    text (`index`) and the decorator's line, the name usable there (usable_name)."""
    if index is None:
        name, import_line = tensorflow_name(context)
    else:
        found, import_line = usable_name(index, replace(context, function_alias=None), line)
        name = found or "tf"
    return re.sub(r"\btf\.", f"{name}.", signature), import_line


def decorator_text(context: FileContext) -> tuple[str, str | None]:
    """(`@tf.function`-style decorator, import line to add or None)."""
    if context.tf_alias:
        return f"@{context.tf_alias}.function", None
    if context.function_alias:
        return f"@{context.function_alias}", None
    if "tf" not in context.bound_names:
        return "@tf.function", "import tensorflow as tf"
    return "@tensorflow.function", "import tensorflow"


def usable_name(index: LineIndex, context: FileContext, line: int, *, runs_later: bool = False
                ) -> tuple[str | None, str | None]:
    """(the TensorFlow module's name for code at `line`, import line to add or None), or
    (None, None) when `from tensorflow import function` is usable there; `runs_later`: code
    in a function body (a call site), which runs after the whole module ran. A name is usable
    where a module-level import binds it before the line runs (not under `if TYPE_CHECKING:`,
    not in a later notebook cell) and no class body or function around the line binds it
    again (a class attribute `tf = None`, a parameter `tf`, a method named `function`: an
    audit of session 20 saw each edit break the file at import). A name bound only later gets
    its import again at the top; a shadowed one gives way to `tensorflow`."""
    tree = index.tree()
    if context.function_alias and not runs_later and \
            available(tree, context.function_alias, line, runs_later) and \
            not shadowed(tree, context.function_alias, line):
        return None, None
    candidates = [context.tf_alias] if context.tf_alias else []
    candidates += [name for name in ("tf", "tensorflow") if name != context.tf_alias]
    free = [name for name in candidates if not shadowed(tree, name, line, runs_later)]
    for name in free:
        if available(tree, name, line, runs_later):
            return name, None  # a name already bound where the line runs, before any import
    for name in free:
        if name == context.tf_alias or name not in context.bound_names:
            # Not bound yet where the line runs (bound later, only for type checkers, or not
            # at all): the import goes at the top.
            return name, "import tensorflow" if name == "tensorflow" else \
                f"import tensorflow as {name}"
    raise RefactorError(f"{index.file}:{line}: no name for TensorFlow is free here "
                        "(`tf` and `tensorflow` are bound to something else)")


def _imports_binding(node: ast.stmt, name: str) -> bool:
    return isinstance(node, (ast.Import, ast.ImportFrom)) and any(
        (alias.asname or alias.name).split(".")[0] == name for alias in node.names)


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


# What `NAME.function` or `function` may stand for: the tensorflow package itself (`import
# tensorflow`, `import tensorflow.keras` bind `tensorflow` to it) or its `compat.v2`, and its
# `function` (an audit of session 26: `from tensorflow.python.framework import function` binds
# a module, and `import tensorflow.keras as tf` has no `function`).
_TENSORFLOW_MODULES = ("tensorflow", "tensorflow.compat.v2")


def _from_tensorflow(node: ast.stmt, name: str) -> bool:
    """An import that binds `name` to the tensorflow package (or its compat.v2), or to its
    `function` (`import numpy as tf`, `import tensorflow.keras as tf` and `from
    tensorflow.python.framework import function` do not)."""
    if isinstance(node, ast.Import):
        return any((alias.asname == name and alias.name in _TENSORFLOW_MODULES) or
                   (alias.asname is None and name == "tensorflow" and
                    alias.name.split(".")[0] == "tensorflow")
                   for alias in node.names)
    return isinstance(node, ast.ImportFrom) and node.level == 0 and \
        node.module in _TENSORFLOW_MODULES and \
        any(alias.name == "function" and (alias.asname or alias.name) == name
            for alias in node.names)


def available(tree: ast.Module, name: str, line: int, runs_later: bool) -> bool:
    """A module-level import that surely runs binds `name` to TensorFlow before `line` runs
    (anywhere in the module for code that runs later): at the top level, in a `try` or `with`
    body, or in both branches of an `if` (never in a loop, an `except` handler, or an `if` that
    may not take its branch: `if TYPE_CHECKING:`, `if False:`, `if __name__ == "__main__":`,
    which left `tf` unbound when imported, an audit of session 26)."""
    return _binds_surely(tree.body, name, line, runs_later)


def _binds_surely(body: list[ast.stmt], name: str, line: int, runs_later: bool) -> bool:
    for node in body:
        if _from_tensorflow(node, name) and (runs_later or node.lineno < line):
            return True
        if isinstance(node, ast.If) and node.orelse and \
                _binds_surely(node.body, name, line, runs_later) and \
                _binds_surely(node.orelse, name, line, runs_later):
            return True
        if (isinstance(node, (ast.Try, ast.With)) or type(node).__name__ == "TryStar") and \
                _binds_surely(node.body, name, line, runs_later):
            return True
    return False


def shadowed(tree: ast.Module, name: str, line: int, runs_later: bool = False) -> bool:
    """A class body or function around `line` binds `name` itself (an attribute, a method, a
    parameter, a local), so the module's name is not the one seen there; or a module statement
    binds it otherwise than to TensorFlow before the line runs (anywhere in the module for code
    that runs later, `runs_later`: `tf = None` or `del tf` at the end of the module left a call
    site's `tf.constant(i)` failing, a red team of session 35)."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if not isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            if isinstance(node, ast.stmt):
                stack.extend(child for child in ast.iter_child_nodes(node)
                             if isinstance(child, (ast.stmt, ast.excepthandler)))
            elif isinstance(node, ast.excepthandler):
                stack.extend(node.body)
            continue
        if not node.lineno <= line <= (node.end_lineno or node.lineno):
            continue
        if line == node.lineno or any(line == d.lineno for d in node.decorator_list):
            continue  # its own decorators and def line are outside its scope
        if isinstance(node, ast.ClassDef):
            scope = node.body
        else:
            if _parameter(node.args, name):
                return True
            scope = node.body
        if any(_binds(stmt, name) for stmt in scope):
            return True
        stack.extend(scope)
    # A lambda around the line with such a parameter (`lambda tf, k: ...`), and the module's
    # own statements that bind the name otherwise than by importing TensorFlow before the
    # line (`except ValueError as tf:`): an audit of session 20.
    for node in ast.walk(tree):
        if isinstance(node, ast.Lambda) and _parameter(node.args, name) and \
                node.lineno <= line <= (node.end_lineno or node.lineno):
            return True
    if any((runs_later or stmt.lineno < line) and _binds(stmt, name) and
           not _tensorflow_binding(stmt, name) for stmt in _module_statements(tree)):
        return True
    # A function that rebinds the module's name (`global tf; tf = tf.math`) may run before the
    # line does (at import, or before the decorated function is called: an audit of session 26).
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and
               any(isinstance(g, ast.Global) and name in g.names for g in ast.walk(node)) and
               any(_binds(stmt, name) for stmt in getattr(node, "body", [])
                   if isinstance(stmt, ast.stmt))
               for node in ast.walk(tree))


def _parameter(args: ast.arguments, name: str) -> bool:
    return name in [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]] or \
        bool(args.vararg and args.vararg.arg == name) or \
        bool(args.kwarg and args.kwarg.arg == name)


def _module_statements(tree: ast.Module) -> list[ast.stmt]:
    """The module's statements outside functions and classes, blocks opened (their headers'
    own bindings, `for tf in`, `with ... as tf`, `except ... as tf`, kept with them)."""
    out: list[ast.stmt] = []
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.append(node)
            continue
        out.append(node)
        for field in ("body", "orelse", "finalbody"):
            stack.extend(getattr(node, field, None) or ())
        for handler in getattr(node, "handlers", None) or ():
            stack.extend(handler.body)
        for case in getattr(node, "cases", None) or ():
            stack.extend(case.body)
    return out


def _tensorflow_binding(stmt: ast.stmt, name: str) -> bool:
    """`stmt` binds `name` only as an import of TensorFlow (or a block holding such imports:
    its own header binds nothing), so the name is still TensorFlow after it."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return _from_tensorflow(stmt, name)
    header = [child for child in ast.iter_child_nodes(stmt)
              if not isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case))]
    handlers = [h for h in getattr(stmt, "handlers", None) or () if h.name == name]
    return not handlers and not any(_binds_expression(part, name) for part in header) and \
        isinstance(stmt, (ast.If, ast.Try, ast.While, ast.For, ast.With)) and \
        not (isinstance(stmt, ast.For) and _binds_expression(stmt.target, name))


def _binds_expression(node: ast.AST, name: str) -> bool:
    return any(isinstance(sub, ast.Name) and not isinstance(sub.ctx, ast.Load) and sub.id == name
               for sub in ast.walk(node))


def _binds(stmt: ast.stmt, name: str) -> bool:
    """`stmt` binds `name` in its own scope (nested functions and classes: their name only)."""
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name == name:
                return True
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and \
                node.id == name:
            return True
        if isinstance(node, ast.stmt) and _imports_binding(node, name):
            return True
        if isinstance(node, ast.ExceptHandler) and node.name == name:
            return True
        if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name == name or \
                isinstance(node, ast.MatchMapping) and node.rest == name:
            return True  # `case {"tf": tf}:`
        stack.extend(ast.iter_child_nodes(node))
    return False


def convert_to_hybrid(index: LineIndex, report: FunctionReport,
                      context: FileContext) -> list[TextEdit]:
    assert report.def_span is not None
    line = report.def_span.line
    def_line = index.line_text(line)
    indent = def_line[: len(def_line) - len(def_line.lstrip())]
    # `async def` and `def` both start at the span's column; decorators go right above the def,
    # under any others (the innermost position wraps the plain function).
    name, import_line = usable_name(index, context, line)
    decorator = f"@{name}.function" if name else f"@{context.function_alias}"
    start = index.offset(line, 0)
    edits = [index.edit(start, start, f"{indent}{decorator}{index.ending_near(line)}")]
    if import_line:
        edits.append(import_edit(index, import_line, context.cell_starts, line))
    return edits


def convert_to_eager(index: LineIndex, report: FunctionReport) -> list[TextEdit]:
    if report.decorator_span is not None:
        return [remove_decorator(index, report.decorator_span)]
    if report.wrapper_span is not None and report.wrapped_name:
        span = report.wrapper_span
        start = index.offset(span.line, span.col)
        end = index.offset(span.end_line, span.end_col)
        edits = [index.edit(start, end, report.wrapped_name)]
        comments = _comments_in(index.text[start:end])
        if comments:
            # `fast = tf.function(\n    pack,  # the packer\n)`: the comments go above the
            # statement, at its indentation (an audit of session 26 saw them deleted)
            line = index.line_text(span.line)
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if span.col <= len(indent):
                raise RefactorError("the tf.function call holds comments that could not be "
                                    "kept; remove it by hand")
            ending = index.ending_near(span.line)
            head = index.offset(span.line, 0)
            edits.insert(0, index.edit(head, head, "".join(f"{indent}{c}{ending}"
                                                           for c in comments)))
        return edits
    raise RefactorError(f"{report.qualname}: no tf.function decorator or wrapper to remove")


def reconfigure(index: LineIndex, report: FunctionReport,
                context: FileContext) -> list[TextEdit]:
    if report.decorator_span is None or report.signature is None:
        raise RefactorError(f"{report.qualname}: no decorator to reconfigure")
    span = report.decorator_span
    start = index.offset(span.line, span.col)
    end = index.offset(span.end_line, span.end_col)
    text = index.text[start:end]
    signature, import_line = signature_text(report.signature, context, index, span.line)
    argument = f"input_signature={signature}"
    edits = [index.edit(start, end, with_argument(text, argument))]
    if import_line:
        edits.append(import_edit(index, import_line, context.cell_starts, span.line))
    return edits


def with_argument(text: str, argument: str) -> str:
    """A decorator's text (`tf.function`, `@tf.function(a=1,  # note\n)`) given one more
    argument: after its last argument, a trailing comma kept, a comment inside the parentheses
    left where it is (an audit of session 20 saw `,,` and an argument written into a
    comment, and the file refused)."""
    body = text.lstrip("@")
    shift = len(text) - len(body)
    rows = split_lines(body)  # each with its own break; tokenize reads them ended by "\n"
    lines = iter([LINE_BREAK.sub("\n", row) for row in rows])
    try:
        tokens = [t for t in tokenize.generate_tokens(lambda: next(lines, ""))
                  if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE,
                                    tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT)]
    except (tokenize.TokenError, SyntaxError) as exc:
        raise RefactorError(f"cannot read the decorator `{text}`") from exc
    if not tokens or tokens[-1].string != ")":
        return f"{text}({argument})"
    before = tokens[-2]
    offset = shift + sum(len(row) for row in rows[:before.end[0] - 1]) + before.end[1]
    separator = "" if before.string == "(" else " " if before.string == "," else ", "
    return text[:offset] + separator + argument + text[offset:]


def _comments_in(text: str) -> list[str]:
    """The comments inside an expression's text (`tf.function(\n  f,  # why\n)`), in order;
    refuses the edit when the text does not tokenize (its comments could not be kept)."""
    if "#" not in text:
        return []
    try:
        tokens = list(tokenize.generate_tokens(iter(split_lines(text) or [""]).__next__))
    except (tokenize.TokenError, SyntaxError, StopIteration) as exc:
        raise RefactorError("the comments inside the tf.function call could not be kept; "
                            "remove it by hand") from exc
    return [t.string for t in tokens if t.type == tokenize.COMMENT]


def _decorator_tokens(index: LineIndex, span: Span
                      ) -> tuple[tuple[int, int], tuple[int, int], list[str]] | None:
    """(the `@`'s position, the end of the last parenthesis closing around the expression,
    the comments between them) of the decorator whose expression is `span`, found in the
    file's tokens: `@(\n    tf.function  # why\n)` has its `@` and `(` on the line above the
    expression and its `)` below (a red team of session 35 saw `@(` and `)` kept, a decorator
    `@()` that parses and raises TypeError at import). None when the tokens do not show it."""
    try:
        tokens = list(tokenize.generate_tokens(iter(split_lines(index.text)).__next__))
    except (tokenize.TokenError, SyntaxError, StopIteration):
        return None
    first = next((i for i, t in enumerate(tokens) if t.start == (span.line, span.col)), None)
    last = next((i for i, t in enumerate(tokens)
                 if t.end == (span.end_line, span.end_col) and i >= (first or 0)), None)
    if first is None or last is None:
        return None
    comments: list[str] = []
    opened = 0
    at = first - 1
    while at >= 0 and not (tokens[at].type == tokenize.OP and tokens[at].string == "@"):
        token = tokens[at]
        if token.type == tokenize.OP and token.string == "(":
            opened += 1
        elif token.type == tokenize.COMMENT:
            comments.insert(0, token.string)
        elif token.type != tokenize.NL:
            return None
        at -= 1
    if at < 0:
        return None
    comments += [t.string for t in tokens[first:last + 1] if t.type == tokenize.COMMENT]
    end = last
    while opened:
        end += 1
        if end >= len(tokens):
            return None
        token = tokens[end]
        if token.type == tokenize.OP and token.string == ")":
            opened -= 1
        elif token.type == tokenize.COMMENT:
            comments.append(token.string)
        elif token.type != tokenize.NL:
            return None
    return tokens[at].start, tokens[end].end, comments


def remove_decorator(index: LineIndex, span: Span) -> TextEdit:
    """Delete the decorator's lines (the `@` through the end of its expression, with the
    parentheses around it: `@(tf.function)`, `@(\n    tf.function\n)`); a comment after it
    stays, on a line of its own, and so do the comments inside it
    (`@tf.function(\n  reduce_retracing=True,  # why\n)`: an audit of session 26 saw them
    deleted), as written (a trailing tab too)."""
    found = _decorator_tokens(index, span)
    if found is not None:
        (at_line, at), (end_line, end_col), inside = found
    else:  # the old reading: the `@` on the expression's line, `)` after it on its last
        first = index.line_text(span.line)
        at_line, at = span.line, first.rfind("@", 0, span.col + 1)
        end_line, end_col = span.end_line, span.end_col
        opened = first[at + 1:span.col].count("(") if at >= 0 and \
            set(first[at + 1:span.col]) <= set("( \t") else 0
        rest = index.line_text(end_line)[end_col:]
        for _ in range(opened):
            stripped = rest.lstrip(" \t")
            if stripped.startswith(")"):
                end_col += len(rest) - len(stripped) + 1
                rest = stripped[1:]
        inside = _comments_in(index.text[index.offset(span.line, span.col):
                                         index.offset(span.end_line, span.end_col)])
    first = index.line_text(at_line)
    before = first[:at] if at >= 0 else first[: span.col]
    last = index.line_text(end_line)
    after = last[end_col:]
    if before.strip() == "" and (after.strip() == "" or after.strip().startswith("#")):
        start = index.offset(at_line, 0)
        end = index.offset(end_line, len(last))
        ending = index.ending(end_line) or index.newline()
        comments = [*inside, *([after.lstrip().rstrip("\r\n")] if after.strip() else [])]
        kept = "".join(f"{before}{comment}{ending}" for comment in comments)
        return index.edit(start, end, kept)
    if inside:
        raise RefactorError("the decorator shares its line with other code and holds comments "
                            "that could not be kept; remove it by hand")
    # Decorator shares its line with other code (rare): remove only the expression.
    start = index.offset(at_line, at if at >= 0 else span.col)
    end = index.offset(end_line, end_col)
    return index.edit(start, end, "")


CODING_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=]")  # PEP 263


def header_lines(index: LineIndex) -> int:
    """How many of the first two lines must stay there: a shebang or a coding cookie on line 1,
    a cookie on line 2 below a comment or blank line 1 (PEP 263; a cookie pushed to line 3 no
    longer applies: an audit of session 20 saw a latin-1 file then fail to decode)."""
    lines = [index.line_text(n) for n in (1, 2) if n <= len(index.starts)]
    count = 0
    if lines and (lines[0].startswith("#!") or CODING_COOKIE.match(lines[0])):
        count = 1
    if len(lines) > 1 and CODING_COOKIE.match(lines[1]) and \
            (count or lines[0].strip() == "" or lines[0].lstrip().startswith("#")):
        count = 2
    return count


def import_edit(index: LineIndex, import_line: str, cell_starts: tuple[int, ...] = (),
                near: int | None = None) -> TextEdit:
    """Insert the import after the module docstring and `__future__` imports, before the rest;
    in a notebook (`cell_starts`), at the top of the cell `notebook_import_line` chooses for the
    function at line `near`."""
    try:
        tree = ast.parse(index.text)
    except SyntaxError as exc:
        raise RefactorError(f"cannot parse the file: {exc.msg}") from exc
    insert_line = header_lines(index) + 1
    for node in tree.body:
        is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and \
            isinstance(node.value.value, str) and node is tree.body[0]
        is_future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
        if is_docstring or is_future:
            insert_line = (node.end_lineno or node.lineno) + 1
            continue
        break
    if cell_starts and near is not None:
        insert_line = max(insert_line, notebook_import_line(tree, cell_starts, near))
    if cell_starts and insert_line in cell_starts and insert_line <= len(index.starts) and \
            index.line_text(insert_line).startswith("#%"):
        # Below a cell magic (`%%time`, read as the comment `#%time`): above it the cell would
        # no longer start with it (a red team of session 35 saw the notebook refused, p77)
        insert_line += 1
    existing = _first_tensorflow_import(tree, near)
    if existing is not None:
        # Next to the file's own TensorFlow import, which what comes before it must precede
        # (`os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"`, `!pip install tensorflow` in a
        # notebook's cell: a red team of session 35 saw the import put above them)
        insert_line = max(insert_line, existing)
    if insert_line > len(index.starts):
        last = len(index.starts)
        newline = index.ending_near(last)
        prefix = "" if index.text.endswith(("\n", "\r")) or not index.text else newline
        return index.edit(len(index.text), len(index.text), f"{prefix}{import_line}{newline}")
    offset = index.offset(insert_line, 0)
    return index.edit(offset, offset, f"{import_line}{index.ending_near(insert_line)}")


def _first_tensorflow_import(tree: ast.Module, near: int | None) -> int | None:
    """The line just above the module's first top-level import of TensorFlow (`import
    tensorflow`, `from tensorflow.keras import layers`) starts, or just below it where it
    shares its line (`x = 1; import tensorflow`), when it ends before line `near`: inside its
    cell in a notebook, where the cell's end is not."""
    for node in tree.body:
        if isinstance(node, ast.Import) and any(
                alias.name == "tensorflow" or alias.name.startswith("tensorflow.")
                for alias in node.names) or \
                isinstance(node, ast.ImportFrom) and not node.level and node.module and (
                    node.module == "tensorflow" or node.module.startswith("tensorflow.")):
            end = node.end_lineno or node.lineno
            if near is not None and end >= near:
                return None
            return node.lineno if node.col_offset == 0 else end + 1
    return None


def notebook_import_line(tree: ast.Module, cell_starts: tuple[int, ...], near: int) -> int:
    """The first line of the cell an import goes into: the first cell with a top-level import
    when it runs no later than the function's cell (the kernel runs cells in order), else the
    function's own cell."""
    own = cell_starts[max(bisect.bisect_right(cell_starts, near) - 1, 0)]
    imports = [node.lineno for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    if imports:
        first = cell_starts[max(bisect.bisect_right(cell_starts, min(imports)) - 1, 0)]
        if first <= own:
            return first
    return own


def target_file(report: FunctionReport) -> str:
    """The file a report's transformation edits: the wrapper's when it removes a
    `g = tf.function(f)` wrapper, the function's own otherwise."""
    removes_wrapper = report.transformation is Transformation.CONVERT_TO_EAGER and \
        report.decorator_span is None and report.wrapper_span is not None
    if not removes_wrapper:
        return report.file
    if report.wrapper_file is None:
        raise RefactorError(f"{report.qualname}: the file of its tf.function wrapper is unknown")
    return report.wrapper_file


def by_target_file(reports: Iterable[FunctionReport]) -> dict[str, list[FunctionReport]]:
    """Reports grouped by the file their transformation edits (see `target_file`)."""
    groups: dict[str, list[FunctionReport]] = {}
    for report in reports:
        groups.setdefault(target_file(report), []).append(report)
    return groups


def edits_for(text: str, file: str, reports: Iterable[FunctionReport],
              context: FileContext) -> list[TextEdit]:
    """Edits of `file` (whose text is `text`) for every report with a transformation; one
    import at most. Every report must edit `file` (group them with `by_target_file`)."""
    index = LineIndex(text, file)
    edits: list[TextEdit] = []
    for report in reports:
        if report.transformation is not None and target_file(report) != file:
            raise RefactorError(f"{report.qualname}: its edit belongs to {target_file(report)}, "
                                f"not {file}")
        if report.transformation is Transformation.CONVERT_TO_HYBRID:
            edits.extend(convert_to_hybrid(index, report, context))
        elif report.transformation is Transformation.CONVERT_TO_EAGER:
            edits.extend(convert_to_eager(index, report))
        elif report.transformation is Transformation.RECONFIGURE:
            edits.extend(reconfigure(index, report, context))
    unique: dict[tuple[int, int, str], TextEdit] = {}
    for edit in edits:
        unique.setdefault((edit.start, edit.end, edit.new_text), edit)
    return sorted(unique.values(), key=edit_order)


def edit_order(edit: TextEdit) -> tuple[int, int, int]:
    """Edits in text order; of two insertions at one offset, an import first (a `def` on the
    line where the import goes: `@tf.function` above `import tensorflow as tf` did not parse,
    and every edit of the file was refused; an audit of session 20)."""
    return edit.start, edit.end, 0 if IMPORT_TEXT.match(edit.new_text) else 1


IMPORT_TEXT = re.compile(r"(import|from)\s")


def apply_edits(text: str, file: str, edits: list[TextEdit]) -> str:
    """Apply non-overlapping edits of `file` and check that the result parses. Every edit must
    have been computed from this very text of this file."""
    basis = text_digest(text)
    for edit in edits:
        if edit.file != file:
            raise RefactorError(f"an edit of {edit.file} cannot be applied to {file}")
        if edit.basis != basis:
            raise RefactorError(f"{file} is not the text the edits were computed from")
    ordered = sorted(edits, key=edit_order)
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
