"""Repairs -> text edits (analysis/retracing.py says which repair applies):

- RENAME_DEPRECATED_ARGUMENTS (R1) renames keywords of the function's own `tf.function(...)`
  decorator: the name only, the value and everything around it stay as written;
- PASS_TENSOR_ARGUMENTS (R2) wraps the argument at every call site the analysis found in
  `tf.constant(...)` (with the dtype the analysis chose), in whichever files they are: one
  repair, one edit over the workspace;
- ADD_INPUT_SIGNATURE and REDUCE_RETRACING (R3) add one keyword argument to the function's own
  decorator (`@tf.function` becomes `@tf.function(reduce_retracing=True)`), written with the
  file's name for TensorFlow.

Positions come from the analysis (a call's line and `ast` column, in UTF-8 bytes); the call is
found again in the text the edits are computed from, and an edit is refused (RefactorError)
when it is not there, so a stale or ambiguous position never edits the wrong code.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from hybridize.analysis.model import ArgumentSite, FunctionReport, Repair
from hybridize.analysis.syntax import call_column
from hybridize.refactor.edits import (
    FileContext,
    LineIndex,
    RefactorError,
    TextEdit,
    import_edit,
    signature_text,
    split_lines,
    usable_name,
    with_argument,
)

RENAME = "RENAME_DEPRECATED_ARGUMENTS"
PASS_TENSORS = "PASS_TENSOR_ARGUMENTS"
ADD_SIGNATURE = "ADD_INPUT_SIGNATURE"
REDUCE = "REDUCE_RETRACING"
DECORATOR_ARGUMENTS = frozenset({ADD_SIGNATURE, REDUCE})  # R3: one per function at most


def repair_files(report: FunctionReport, repair: Repair) -> set[str]:
    """The files a repair edits (relative to the root)."""
    if repair.kind == RENAME:
        return {report.file} if repair.renames and report.decorator_span else set()
    if repair.kind == PASS_TENSORS:
        return {site.file for site in repair.sites}
    if repair.kind in DECORATOR_ARGUMENTS:
        return {report.file} if repair.argument and report.decorator_span else set()
    return set()


def repair_edits(text: str, file: str, report: FunctionReport, repair: Repair,
                 context: FileContext) -> list[TextEdit]:
    """The edits of `file` (whose text is `text`) that `repair` of `report` makes."""
    index = LineIndex(text, file)
    if repair.kind == RENAME and file == report.file:
        return rename_edits(index, report, repair)
    if repair.kind == PASS_TENSORS:
        sites = [s for s in repair.sites if s.file == file]
        return tensor_argument_edits(index, sites, repair.dtype, context)
    if repair.kind in DECORATOR_ARGUMENTS and file == report.file:
        return decorator_argument_edits(index, report, repair, context)
    return []


def _char_col(line_text: str, byte_col: int) -> int:
    """A column in code points from `ast`'s column in UTF-8 bytes."""
    return len(line_text.encode("utf-8", "surrogatepass")[:byte_col]
               .decode("utf-8", "surrogatepass"))


def _parsed_decorator(index: LineIndex, report: FunctionReport
                      ) -> tuple[int, int, str, ast.Expression]:
    """The decorator's offsets in the text, its source and its expression (without the `@`)."""
    span = report.decorator_span
    if span is None:
        raise RefactorError(f"{report.qualname}: no decorator")
    start = index.offset(span.line, span.col)
    end = index.offset(span.end_line, span.end_col)
    source = index.text[start:end]
    try:
        return start, end, source, ast.parse(source.lstrip("@"), mode="eval")
    except SyntaxError as exc:
        raise RefactorError(f"{report.qualname}: cannot read its decorator") from exc


def rename_edits(index: LineIndex, report: FunctionReport, repair: Repair) -> list[TextEdit]:
    if report.decorator_span is None:
        raise RefactorError(f"{report.qualname}: no decorator to rename arguments of")
    start, end, source, tree = _parsed_decorator(index, report)
    shift = len(source) - len(source.lstrip("@"))
    call = tree.body
    if not isinstance(call, ast.Call):
        return []
    # Lines with their own breaks: `\r` alone ends a line too (a CR-only file crashed here:
    # an audit of session 20).
    lines = split_lines(index.text[start + shift:end])
    renames = dict(repair.renames)
    edits = []
    for keyword in call.keywords:
        new = renames.get(keyword.arg or "")
        if new is None or keyword.arg is None:
            continue
        row = keyword.lineno - 1
        col = _char_col(lines[row], keyword.col_offset)
        offset = start + shift + sum(len(line) for line in lines[:row]) + col
        if index.text[offset:offset + len(keyword.arg)] != keyword.arg:
            raise RefactorError(f"{report.qualname}: the decorator is not the one analysed")
        edits.append(index.edit(offset, offset + len(keyword.arg), new))
    return edits


def decorator_argument_edits(index: LineIndex, report: FunctionReport, repair: Repair,
                             context: FileContext) -> list[TextEdit]:
    """`@tf.function` -> `@tf.function(ARGUMENT)`, `@tf.function(a=1)` -> `@tf.function(a=1,
    ARGUMENT)`; refused when the decorator is not the call the analysis read."""
    if report.decorator_span is None or not repair.argument:
        raise RefactorError(f"{report.qualname}: no decorator to reconfigure")
    start, end, text, tree = _parsed_decorator(index, report)
    keyword = repair.argument.split("=", 1)[0]
    if isinstance(tree.body, ast.Call) and any(k.arg in (keyword, None)
                                               for k in tree.body.keywords):
        raise RefactorError(f"{report.qualname}: the decorator is not the one analysed")
    argument, import_line = signature_text(repair.argument, context, index,
                                           report.decorator_span.line)
    edits = [index.edit(start, end, with_argument(text, argument))]
    if import_line and "input_signature" in argument:
        edits.append(import_edit(index, import_line, context.cell_starts,
                                  report.decorator_span.line))
    return edits


def tensor_argument_edits(index: LineIndex, sites: list[ArgumentSite], dtype: str | None,
                          context: FileContext) -> list[TextEdit]:
    if not sites:
        return []
    try:
        tree = ast.parse(index.text)
    except SyntaxError as exc:
        raise RefactorError(f"{index.file}: cannot parse the file: {exc.msg}") from exc
    calls = {(node.lineno, call_column(node)): node for node in ast.walk(tree)
             if isinstance(node, ast.Call)}
    # The name TensorFlow has at each call site (a parameter or local `tf` shadows the module's:
    # an audit of session 20); one import at most.
    imports: set[str] = set()
    edits = []
    for site in sites:
        call = calls.get((site.line, site.col))
        argument = _argument(call, site) if call is not None else None
        if argument is None:
            raise RefactorError(f"{index.file}:{site.line}: the call site is not the one "
                                "analysed")
        line_text = index.line_text(argument.lineno)
        end_text = index.line_text(argument.end_lineno or argument.lineno)
        start = index.offset(argument.lineno, _char_col(line_text, argument.col_offset))
        end = index.offset(argument.end_lineno or argument.lineno,
                           _char_col(end_text, argument.end_col_offset or 0))
        written = index.text[start:end]
        inside = any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and
                     node.lineno < site.line <= (node.end_lineno or node.lineno)
                     for node in ast.walk(tree))
        found, needed = usable_name(index, replace(context, function_alias=None), site.line,
                                    runs_later=inside)
        name = found or "tf"
        imports.update([needed] if needed else [])
        typed = f", dtype={name}.{dtype}" if dtype else ""
        edits.append(index.edit(start, end, f"{name}.constant({written}{typed})"))
    for import_line in sorted(imports):  # in a notebook, the cell rule (not above `!pip`)
        edits.append(import_edit(index, import_line, context.cell_starts, sites[0].line))
    return edits


def _argument(call: ast.Call, site: ArgumentSite) -> ast.expr | None:
    if site.keyword is not None:
        return next((k.value for k in call.keywords if k.arg == site.keyword), None)
    if site.position is not None and site.position < len(call.args) and \
            not any(isinstance(a, ast.Starred) for a in call.args[:site.position + 1]):
        return call.args[site.position]
    return None
