"""Notebook documents (LSP 3.17 notebook sync): an open notebook's code cells are analysed as
one module, the notebook's file (hybridize.notebook.cells builds it and maps its lines to the
cells); here, positions, diagnostics and edits move between that module and the cells' own
documents. A cell's line holds the same text in the module (IPython syntax is neutralised at
the same length), so a character offset on a line is the same in both.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.workspace import Workspace

from hybridize.lsp.documents import is_file_uri, path_of, uri_of
from hybridize.notebook.cells import (
    Cell,
    NotebookModule,
    module_of,
    neutralise_lines,
    with_cells,
)
from hybridize.notebook.reader import is_notebook

NOTEBOOK_TYPES = ("jupyter-notebook", "interactive")
UNSAVED_FOLDER = ".hybridize-unsaved"  # in no listing: only open notebooks' texts are read there
SYNC_OPTIONS = types.NotebookDocumentSyncOptions(
    notebook_selector=[types.NotebookDocumentFilterWithCells(
        notebook=kind, cells=[types.NotebookCellLanguage(language="python")])
        for kind in NOTEBOOK_TYPES],
    save=True)


@dataclass(frozen=True)
class OpenNotebook:
    """An open notebook as the analysis reads it: its module, built from its cells' texts."""

    uri: str
    path: str  # the notebook's file (see notebook_path): the module is analysed under this name
    version: int
    module: NotebookModule
    cell_uris: dict[int, str] = field(default_factory=dict)  # cell index -> cell document
    cell_versions: dict[int, int | None] = field(default_factory=dict)

    def cell_of_uri(self, uri: str) -> Cell | None:
        wanted = unquote(uri)
        for index, cell_uri in self.cell_uris.items():
            if unquote(cell_uri) == wanted:
                return self.module.cell_by_index(index)
        return None

    @property
    def file_uri(self) -> str:
        """The URI of the file the analysis reads it as (`uri` itself for a saved notebook)."""
        return uri_of(self.path)

    def code_cell_uris(self) -> list[str]:
        return [self.cell_uris[cell.index] for cell in self.module.cells]


def analysed_text_document(workspace: Workspace, uri: str) -> bool:
    """Whether a text document is analysed: a Python file, or a notebook a client sends as one
    Python text under the notebook's name (jupyterlab-lsp's virtual documents), never a cell
    of a notebook synchronised as such."""
    path = path_of(uri)
    if path.endswith(".py"):
        return True
    return is_file_uri(uri) and is_notebook(path) and \
        workspace.get_notebook_document(notebook_uri=uri) is None


def text_of_document(uri: str, source: str) -> str:
    """What the analysis reads of an open text document: a notebook's Python text with its
    IPython syntax neutralised in place (same lines, same columns), a file's as it is."""
    return neutralise_lines(source) if is_notebook(path_of(uri)) else source


def notebook_path(uri: str, roots: Sequence[Path]) -> str | None:
    """Where the analysis reads a notebook: its `.ipynb` file; for one with no file (an
    interactive window, an unsaved notebook), a name of its own in the first workspace folder,
    where its imports resolve (nothing is ever written there). None for anything else (a
    notebook view of a `.py` file is analysed as that file)."""
    if is_file_uri(uri):
        path = path_of(uri)
        return path if is_notebook(path) else None
    if not roots:
        return None
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", unquote(uri).rstrip("/").rsplit("/", 1)[-1])
    digest = hashlib.sha256(uri.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return str(Path(roots[0]) / UNSAVED_FOLDER / f"{name or 'notebook'}-{digest}.ipynb")


def open_notebooks(workspace: Workspace, roots: Sequence[Path] = ()) -> Iterator[OpenNotebook]:
    """Every open notebook the analysis can read (see `notebook_path`)."""
    for notebook in list(workspace.notebook_documents.values()):
        found = read_open(workspace, notebook, roots)
        if found is not None:
            yield found


def read_open(workspace: Workspace, notebook: types.NotebookDocument,
              roots: Sequence[Path] = ()) -> OpenNotebook | None:
    path = notebook_path(notebook.uri, roots)
    if path is None:
        return None
    cells: list[tuple[str, str]] = []
    uris: dict[int, str] = {}
    versions: dict[int, int | None] = {}
    for index, cell in enumerate(notebook.cells):
        document = workspace.text_documents.get(unquote(cell.document))
        code = cell.kind == types.NotebookCellKind.Code and document is not None and \
            document.language_id in (None, "python")
        cells.append(("code" if code else "markdown", document.source if document else ""))
        uris[index] = cell.document
        versions[index] = document.version if document is not None else None
    return OpenNotebook(notebook.uri, path, notebook.version, module_of(cells), uris, versions)


# --- positions -----------------------------------------------------------------------------------

def to_module(cell: Cell, position: types.Position) -> types.Position:
    """A cell's position -> the module's."""
    return types.Position(line=cell.first_line - 1 + position.line, character=position.character)


def to_cell(module: NotebookModule, position: types.Position) -> tuple[Cell, types.Position] | None:
    found = module.to_cell(position.line + 1)
    if found is None:
        return None
    cell, line = found
    return cell, types.Position(line=line - 1, character=position.character)


def cell_range(module: NotebookModule, rng: types.Range) -> tuple[Cell, types.Range] | None:
    """A module range -> the range in its cell; one that leaves its cell ends at the cell's end
    (a diagnostic's range) when it ends right at the next cell's start, else None."""
    start = to_cell(module, rng.start)
    if start is None:
        return None
    cell, first = start
    end = to_cell(module, rng.end)
    if end is not None and end[0] is cell:
        return cell, types.Range(start=first, end=end[1])
    if rng.end.character == 0 and rng.end.line == cell.first_line - 1 + cell.line_count and \
            cell.source.endswith(("\n", "\r")):
        return cell, types.Range(start=first, end=types.Position(line=cell.line_count,
                                                                  character=0))
    return None


# --- diagnostics and edits -----------------------------------------------------------------------

def cell_diagnostics(notebook: OpenNotebook, found: list[types.Diagnostic], rel: str
                     ) -> dict[str, list[types.Diagnostic]]:
    """The module's diagnostics, by the code cell they are in (every code cell has a list, so
    that a cell whose diagnostics went away is cleared). `rel`: the notebook's file as the
    messages name it (`train.ipynb:12` is told as its cell and line)."""
    out: dict[str, list[types.Diagnostic]] = {uri: [] for uri in notebook.code_cell_uris()}
    for diagnostic in found:
        diagnostic.message = with_cells(diagnostic.message, {rel: notebook.module})
        for related in diagnostic.related_information or []:
            related.message = with_cells(related.message, {rel: notebook.module})
            if unquote(related.location.uri) == unquote(notebook.file_uri):
                placed_related = cell_range(notebook.module, related.location.range)
                if placed_related is not None:
                    related.location = types.Location(
                        uri=notebook.cell_uris[placed_related[0].index],
                        range=placed_related[1])
        placed = cell_range(notebook.module, diagnostic.range)
        if placed is None:
            start = to_cell(notebook.module, diagnostic.range.start)
            if start is None:
                continue
            # A range running into the next cell is cut at its own line.
            placed = start[0], types.Range(start=start[1], end=start[1])
        cell, rng = placed
        diagnostic.range = rng
        out[notebook.cell_uris[cell.index]].append(diagnostic)
    return out


def cell_hover(notebook: OpenNotebook, found: types.Hover | None, rel: str
               ) -> types.Hover | None:
    """A hover computed on the module, for the cell: its range in the cell, and the notebook's
    lines it names (`rel`: the notebook's file as the text names it) told as cells'."""
    if found is None:
        return None
    if found.range is not None:
        placed = cell_range(notebook.module, found.range)
        found.range = placed[1] if placed is not None else None
    return told(found, {rel: notebook.module})


def told(found: types.Hover | None, notebooks: Mapping[str, NotebookModule]
         ) -> types.Hover | None:
    """A hover whose text (evidence links included) names notebooks' lines, told as cells'."""
    if found is not None and notebooks and isinstance(found.contents, types.MarkupContent):
        found.contents.value = with_cells(found.contents.value, notebooks)
    return found


def to_cells(edit: types.WorkspaceEdit | None, notebooks: dict[str, OpenNotebook],
             document_changes: bool, as_text: Collection[str] = ()) -> types.WorkspaceEdit | None:
    """An edit whose notebook files' edits (on their modules' positions) are made edits of
    their cells; edits of other files are kept. `notebooks`: the open notebooks whose module
    the edit was computed from, by unquoted URI; `as_text`: notebooks open as one Python text
    (see analysed_text_document), edited as such. None when an edit of a notebook cannot be
    made so (the notebook is not open, or the edit would span two cells): never half of it."""
    if edit is None:
        return None
    per_cell: dict[tuple[str, int], list[types.TextEdit]] = {}
    kept: list[types.TextDocumentEdit] = []
    kept_changes: dict[str, list[types.TextEdit]] = {}
    touched = False
    for uri, text_edits, original in _edits_of(edit):
        notebook = notebooks.get(unquote(uri))
        if notebook is None:
            if is_notebook(path_of(uri)) and unquote(uri) not in as_text:
                return None  # a notebook is only edited through its open cells
            if original is not None:
                kept.append(original)
            else:
                kept_changes[uri] = list(text_edits)
            continue
        touched = True
        for text_edit in text_edits:
            placed = cell_range(notebook.module, text_edit.range)
            if placed is None:
                return None
            cell, rng = placed
            per_cell.setdefault((unquote(uri), cell.index), []).append(
                types.TextEdit(range=rng, new_text=text_edit.new_text))
    if not touched:
        return edit
    if not per_cell and not kept and not kept_changes:
        return None
    cells = [(notebooks[uri], index, edits) for (uri, index), edits in sorted(per_cell.items())]
    if document_changes:
        return types.WorkspaceEdit(document_changes=[*[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(
                uri=notebook.cell_uris[index], version=notebook.cell_versions.get(index)),
            edits=list(edits)) for notebook, index, edits in cells], *kept])
    return types.WorkspaceEdit(changes={
        **{notebook.cell_uris[index]: edits for notebook, index, edits in cells},
        **kept_changes})


def _edits_of(edit: types.WorkspaceEdit
              ) -> Iterator[tuple[str, list[types.TextEdit], types.TextDocumentEdit | None]]:
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit):
            yield change.text_document.uri, [e for e in change.edits
                                             if isinstance(e, types.TextEdit)], change
    for uri, text_edits in (edit.changes or {}).items():
        yield uri, list(text_edits), None
