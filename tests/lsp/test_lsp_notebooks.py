"""Notebook document sync (LSP 3.17) end to end: a notebook's code cells are analysed as one
module; diagnostics, code actions (resolved), their edits and hover land on the right cell and
line; an edit of a cell moves its diagnostics; closing clears them."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
from lsp_support import (
    CMD_FILE,
    CMD_WORKSPACE,
    SOURCE,
    TITLE_CONVERT,
    Session,
    apply_text_edits,
    capabilities,
    start,
    wait_for,
)
from lsprotocol import types
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

pytestmark = pytest.mark.asyncio(loop_scope="function")

IMPORTS = "from tensorflow import exp, ones\n%matplotlib inline\n!pip install --quiet tensorflow\n"
FUNCTION = "def scale(x):\n    return exp(x) * 2.0\n\ny = scale(ones(3))\n"
MAGIC = "%%bash\necho 'not python: (('\n"
CELLS = [("markdown", "# Training"), ("code", IMPORTS), ("code", FUNCTION), ("code", MAGIC)]


def vscode_notebook_caps() -> types.ClientCapabilities:
    """VS Code's capabilities, with notebook sync as VS Code announces it."""
    caps = copy.deepcopy(capabilities("visual_studio_code"))
    caps.notebook_document = types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities(
            dynamic_registration=True, execution_summary_support=True))
    return caps


class Notebook:
    """The client's side of one open notebook: cell documents, versions, texts."""

    def __init__(self, session: Session, path: Path,
                 cells: list[tuple[str, str]] = CELLS, uri: str | None = None,
                 notebook_type: str = "jupyter-notebook") -> None:
        self.session = session
        self.uri = uri or path.as_uri()
        self.notebook_type = notebook_type
        self.version = 1
        self.kinds = [kind for kind, _ in cells]
        # VS Code's cell URIs: the notebook's path, a fragment per cell.
        self.cells = [f"vscode-notebook-cell:{path.as_posix()}#W{i}sZmlsZQ%3D%3D"
                      for i in range(len(cells))]
        self.texts = {uri: source for uri, (_, source) in zip(self.cells, cells, strict=True)}
        self.versions = dict.fromkeys(self.cells, 1)

    def open(self) -> None:
        kinds = {"code": types.NotebookCellKind.Code, "markdown": types.NotebookCellKind.Markup}
        self.session.client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=self.uri, notebook_type=self.notebook_type, version=self.version,
                cells=[types.NotebookCell(kind=kinds[kind], document=uri)
                       for kind, uri in zip(self.kinds, self.cells, strict=True)]),
            cell_text_documents=[types.TextDocumentItem(
                uri=uri, language_id="python" if kind == "code" else "markdown", version=1,
                text=self.texts[uri]) for kind, uri in zip(self.kinds, self.cells, strict=True)]))

    def insert(self, cell: int, text: str) -> None:
        """Type `text` at the top of a cell, as VS Code sends it (a cell text change)."""
        uri = self.cells[cell]
        self.version += 1
        self.versions[uri] += 1
        self.texts[uri] = text + self.texts[uri]
        start = types.Position(line=0, character=0)
        self.session.client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(
                uri=self.uri, version=self.version),
            change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(
                text_content=[types.NotebookDocumentCellContentChanges(
                    document=types.VersionedTextDocumentIdentifier(
                        uri=uri, version=self.versions[uri]),
                    changes=[types.TextDocumentContentChangePartial(
                        range=types.Range(start=start, end=start), text=text)])]))))

    def close(self) -> None:
        self.session.client.notebook_document_did_close(types.DidCloseNotebookDocumentParams(
            notebook_document=types.NotebookDocumentIdentifier(uri=self.uri),
            cell_text_documents=[types.TextDocumentIdentifier(uri=uri) for uri in self.cells]))

    def diagnostics(self, cell: int) -> list[types.Diagnostic]:
        return [d for d in self.session.client.diagnostics.get(self.cells[cell]) or []
                if d.source == SOURCE]

    async def wait_convert(self, cell: int, line: int) -> types.Diagnostic:
        def found() -> types.Diagnostic | None:
            return next((d for d in self.diagnostics(cell) if d.code == "CONVERT_TO_HYBRID"
                         and d.range.start.line == line), None)

        return await wait_for(found, f"CONVERT_TO_HYBRID on cell {cell}, line {line}",
                              describe=lambda: repr(self.session.client.diagnostics))


@pytest.fixture
def notebook_folder(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    nb = new_notebook(cells=[(new_code_cell if kind == "code" else new_markdown_cell)(source)
                             for kind, source in CELLS])
    nbformat.write(nb, str(root / "train.ipynb"))
    return root


async def test_notebook_cells_get_diagnostics_actions_edits_and_hover(client, notebook_folder):
    caps = vscode_notebook_caps()
    session = await start(client, notebook_folder, caps)
    sync = session.result.capabilities.notebook_document_sync
    assert isinstance(sync, types.NotebookDocumentSyncOptions)
    assert {f.notebook for f in sync.notebook_selector} == {"jupyter-notebook", "interactive"}

    notebook = Notebook(session, notebook_folder / "train.ipynb")
    notebook.open()
    # The function cell (index 2): the diagnostic is on `scale`, line 0 of that cell.
    diagnostic = await notebook.wait_convert(2, 0)
    assert (diagnostic.range.start.character, diagnostic.range.end.character) == (4, 9)
    assert notebook.diagnostics(1) == [] and notebook.diagnostics(3) == []

    # The lightbulb in the function cell: resolved, its edit names the cells' URIs.
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=notebook.cells[2]),
        range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    convert = next(a for a in actions or [] if a.title == TITLE_CONVERT)
    assert convert.edit is None  # lazy: VS Code resolves it
    resolved = await client.code_action_resolve_async(convert)
    assert resolved.edit is not None and resolved.edit.document_changes
    edited = dict(notebook.texts)
    for change in resolved.edit.document_changes:
        assert isinstance(change, types.TextDocumentEdit)
        uri = change.text_document.uri
        assert change.text_document.version == notebook.versions[uri]
        edited[uri] = apply_text_edits(edited[uri], change.edits, session.encoding)
    # The decorator lands in the function's cell; the import (the cells use `exp` from
    # tensorflow, no `tf`) in the first cell that has imports, above them.
    assert edited[notebook.cells[2]] == "@tf.function\n" + FUNCTION
    assert edited[notebook.cells[1]] == "import tensorflow as tf\n" + IMPORTS
    assert {uri for uri in edited if edited[uri] != notebook.texts[uri]} == \
        {notebook.cells[1], notebook.cells[2]}

    # Hover in the cell, at the function's name: its range is the cell's.
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=notebook.cells[2]),
        position=types.Position(line=0, character=5)))
    assert hover is not None and hover.range == diagnostic.range

    # Typing two lines at the top of the cell moves the diagnostic down two lines.
    notebook.insert(2, "# a note\n\n")
    await notebook.wait_convert(2, 2)

    notebook.close()
    await wait_for(lambda: all(uri in session.client.diagnostics and
                               not session.client.diagnostics[uri] for uri in notebook.cells),
                   "the closed notebook's cells cleared",
                   describe=lambda: repr(session.client.diagnostics))


async def test_messages_and_related_locations_name_cells(client, tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    cells = [("code", "import tensorflow as tf\n"),
             ("code", "@tf.function\ndef log_step(x):\n    print(x)\n    return tf.exp(x)\n\n"
                      "log_step(tf.ones(2))\n")]
    nbformat.write(new_notebook(cells=[new_code_cell(source) for _, source in cells]),
                   str(root / "steps.ipynb"))
    session = await start(client, root, vscode_notebook_caps())
    notebook = Notebook(session, root / "steps.ipynb", cells)
    notebook.open()
    found = await wait_for(lambda: [d for d in notebook.diagnostics(1)
                                    if d.code == "HAS_PYTHON_SIDE_EFFECTS"],
                           "the side effect's warning on the function's cell",
                           describe=lambda: repr(session.client.diagnostics))
    [warning] = found
    assert warning.range.start.line == 1  # `def log_step` is line 1 of its cell
    # The message and the related location say where the print is: cell 2, line 3.
    assert "steps.ipynb, cell 2, line 3" in warning.message, warning.message
    related = [r for r in warning.related_information or []
               if r.location.uri == notebook.cells[1]]
    assert related and related[0].location.range.start.line == 2, \
        warning.related_information
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=notebook.cells[1]),
        position=types.Position(line=1, character=6)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "steps.ipynb, cell 2, line 3" in hover.contents.value, hover.contents.value
    assert "steps.ipynb:4" not in hover.contents.value


async def test_commands_edit_an_open_notebook_through_its_cells(client, notebook_folder):
    session = await start(client, notebook_folder, vscode_notebook_caps())
    notebook = Notebook(session, notebook_folder / "train.ipynb")
    notebook.open()
    await notebook.wait_convert(2, 0)
    answer = await session.command(CMD_WORKSPACE)
    assert answer == {"functions": 1, "files": 1}
    [applied] = client.applied
    changes = applied.edit.document_changes or []
    # Never the notebook's JSON as text: only its cells, at their own positions.
    assert {change.text_document.uri for change in changes} == \
        {notebook.cells[1], notebook.cells[2]}
    edited = dict(notebook.texts)
    for change in changes:
        edited[change.text_document.uri] = apply_text_edits(
            edited[change.text_document.uri], change.edits, session.encoding)
    assert edited[notebook.cells[2]] == "@tf.function\n" + FUNCTION
    assert edited[notebook.cells[1]] == "import tensorflow as tf\n" + IMPORTS


async def test_an_interactive_window_is_analysed_with_the_workspace(client, tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "ops.py").write_text("import tensorflow as tf\n\n\ndef double(x):\n"
                                 "    return tf.add(x, x)\n", "utf-8")
    cells = [("code", "import tensorflow as tf\nfrom ops import double\n"),
             ("code", "def scale(x):\n    return tf.exp(double(x))\n\nscale(tf.ones(2))\n")]
    session = await start(client, root, vscode_notebook_caps())
    # VS Code's Interactive Window: no file behind it.
    window = Notebook(session, Path("/Interactive-1.interactive"), cells,
                      uri="vscode-interactive:/Interactive-1.interactive",
                      notebook_type="interactive")
    window.open()
    diagnostic = await window.wait_convert(1, 0)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=window.cells[1]), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    convert = next(a for a in actions or [] if a.title == TITLE_CONVERT)
    resolved = await client.code_action_resolve_async(convert)
    [change] = resolved.edit.document_changes
    assert change.text_document.uri == window.cells[1]
    assert apply_text_edits(window.texts[window.cells[1]], change.edits, session.encoding) == \
        "@tf.function\n" + cells[1][1]
    # Its module is analysed in memory only: nothing is written in the workspace.
    assert not (root / ".hybridize-unsaved").exists()


async def test_notebooks_on_disk_are_watched(client, notebook_folder):
    session = await start(client, notebook_folder, vscode_notebook_caps())

    def globs() -> set[str]:
        return {watcher["globPattern"] for registration in session.client.registrations
                if registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
                for watcher in registration.register_options["watchers"]}

    # A closed notebook's calls count for the workspace's functions: its changes on disk too.
    await wait_for(lambda: "**/*.ipynb" in globs(), "a watcher for notebooks",
                   describe=lambda: repr(globs()))


async def test_a_python_file_tells_an_open_notebooks_lines_as_cells(client, tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "ops.py").write_text("import tensorflow as tf\n\n\ndef helper(x):\n"
                                 "    return tf.exp(x)\n", "utf-8")
    cells = [("code", "import tensorflow as tf\nimport ops\n"),
             ("code", "@tf.function\ndef step(x):\n    return ops.helper(x)\n\n"
                      "step(tf.ones(2))\n")]
    nbformat.write(new_notebook(cells=[new_code_cell(source) for _, source in cells]),
                   str(root / "use.ipynb"))
    session = await start(client, root, vscode_notebook_caps())
    notebook = Notebook(session, root / "use.ipynb", cells)
    notebook.open()
    session.open("ops.py")
    await wait_for(lambda: notebook.session.client.diagnostics.get(notebook.cells[1]) is not None,
                   "the notebook analysed")
    # helper's verdict (in ops.py) names its caller in the open notebook: by cell and line.
    hover = await session.hover("ops.py", session.name_range("ops.py", "helper").start)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "called from step at use.ipynb, cell 2, line 3" in hover.contents.value, \
        hover.contents.value
    assert "use.ipynb:" not in hover.contents.value  # evidence links' text too


async def test_hybridize_file_from_a_cell_edits_the_notebooks_cells(client, notebook_folder):
    session = await start(client, notebook_folder, vscode_notebook_caps())
    notebook = Notebook(session, notebook_folder / "train.ipynb")
    notebook.open()
    await notebook.wait_convert(2, 0)
    # VS Code passes the active editor's document: in a notebook, a cell.
    answer = await session.command(CMD_FILE, [notebook.cells[2]])
    assert answer == {"functions": 1, "files": 1}
    [applied] = client.applied
    assert {change.text_document.uri for change in applied.edit.document_changes or []} == \
        {notebook.cells[1], notebook.cells[2]}


async def test_a_notebook_sent_as_one_python_text_is_analysed(client, tmp_path):
    """jupyterlab-lsp sends a notebook as one Python text document under the notebook's name
    (its virtual document), magics included; positions are that text's."""
    root = tmp_path / "ws"
    (root / ".virtual_documents").mkdir(parents=True)
    rel = ".virtual_documents/train.ipynb"
    text = ("import tensorflow as tf\n%matplotlib inline\n!pip install --quiet tensorflow\n\n\n"
            "def scale(x):\n    return tf.exp(x) * 2.0\n\n\ny = scale(tf.ones(3))\n")
    (root / rel).write_text(text, "utf-8")
    session = await start(client, root, "visual_studio_code")
    session.open(rel)
    diagnostic = await session.wait_code(rel, "scale", "CONVERT_TO_HYBRID")
    [action] = [a for a in await session.actions(rel, diagnostic.range.start,
                                                 diagnostics=[diagnostic])
                if a.title == TITLE_CONVERT]
    resolved = await session.resolve(action)
    [change] = resolved.edit.document_changes
    assert change.text_document.uri == session.uri(rel)
    assert apply_text_edits(text, change.edits, session.encoding) == \
        text.replace("def scale", "@tf.function\ndef scale")


async def test_a_syntax_error_shows_in_its_cell_and_the_others_keep_theirs(client,
                                                                           notebook_folder):
    session = await start(client, notebook_folder, vscode_notebook_caps())
    notebook = Notebook(session, notebook_folder / "train.ipynb")
    notebook.open()
    await notebook.wait_convert(2, 0)
    notebook.insert(1, "def broken(:\n")

    def error_in_cell_1() -> list[types.Diagnostic]:
        return [d for d in session.client.diagnostics.get(notebook.cells[1]) or []
                if d.severity == types.DiagnosticSeverity.Error]

    [error] = await wait_for(error_in_cell_1, "the syntax error on cell 1",
                             describe=lambda: repr(session.client.diagnostics))
    assert error.range.start.line == 0
    # The function's cell keeps its verdict (the last good text's) while cell 1 is broken.
    assert [d.range.start.line for d in notebook.diagnostics(2)
            if d.code == "CONVERT_TO_HYBRID"] == [0]
