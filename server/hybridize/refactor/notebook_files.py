"""`fix` on a notebook: edits computed on the module of its code cells go back into the cells
they belong to, and only those cells' `source` is rewritten in the file's JSON
(hybridize.notebook.json_source), every other byte kept.

Before a notebook is written, the new JSON must read back through nbformat as exactly the
edited module, and hold the same JSON as before outside the cells' sources.
"""

from __future__ import annotations

import json
from typing import Any

from hybridize.notebook.cells import NotebookModule, apply_cell_edits, module_of
from hybridize.notebook.json_source import NotEditable, replace_sources
from hybridize.notebook.reader import NotANotebook, read_notebook
from hybridize.refactor.edits import RefactorError, TextEdit


def edited_module(module: NotebookModule, edits: list[TextEdit], after: str) -> NotebookModule:
    """The module of the cells once `edits` (of `module.text`) are made in them; its text must
    be `after`, the module text with the edits made."""
    try:
        per_cell = module.cell_edits((e.start, e.end, e.new_text) for e in edits)
    except ValueError as exc:
        raise RefactorError(f"cannot edit the notebook's cells: {exc}") from exc
    sources = {cell.index: apply_cell_edits(cell.source, per_cell.get(cell.index, []))
               for cell in module.cells}
    size = max(sources, default=-1) + 1
    # Only code cells count in a module: the others stand in as empty markdown.
    new = module_of(("code", sources[i]) if i in sources else ("markdown", "")
                     for i in range(size))
    if new.text != after:
        raise RefactorError("the edits do not map onto the notebook's cells")
    return new


def notebook_bytes(raw: bytes, before: NotebookModule, after: NotebookModule) -> bytes:
    """The notebook file `raw` with the sources of the cells that differ between `before` and
    `after` replaced; RefactorError when that cannot be done exactly."""
    text = raw.decode("utf-8")
    changed = {}
    for cell in after.cells:
        old = before.cell_by_index(cell.index)
        if old is None:
            raise RefactorError(f"cell {cell.number} is not a code cell of the notebook")
        if old.source != cell.source:
            changed[cell.index] = cell.source
    try:
        new_text = replace_sources(text, changed)
    except NotEditable as exc:
        raise RefactorError(f"cannot edit the notebook's JSON: {exc}") from exc
    data = new_text.encode("utf-8")
    try:
        reread = read_notebook(data)
    except NotANotebook as exc:
        raise RefactorError(f"the edited notebook would not read back: {exc}") from exc
    if reread.text != after.text:
        raise RefactorError("the edited notebook would not read back as the edited cells")
    if _without_sources(json.loads(text)) != _without_sources(json.loads(new_text)):
        raise RefactorError("the edit would change the notebook outside its cells' sources")
    return data


def changed_cells(file: str, before: NotebookModule, after: NotebookModule
                  ) -> list[tuple[str, str, str]]:
    """(name, source before, source after) of each cell an edit changed, as the user wrote
    them (not their module text, where IPython syntax is neutralised), to show as a diff."""
    out = []
    for cell in after.cells:
        old = before.cell_by_index(cell.index)
        if old is not None and old.source != cell.source:
            out.append((f"{file} (cell {cell.number})", _ended(old.source), _ended(cell.source)))
    return out


def _ended(source: str) -> str:
    # A cell's last line has no line break (nbformat writes it so): for a diff, one is added.
    return source if not source or source.endswith(("\n", "\r")) else source + "\n"


def _without_sources(notebook: Any) -> Any:
    cells = notebook.get("cells", []) if isinstance(notebook, dict) else []
    return {**notebook, "cells": [{k: v for k, v in cell.items() if k != "source"}
                                  for cell in cells if isinstance(cell, dict)]}
