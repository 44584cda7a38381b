"""Pull diagnostics (LSP 3.17): a client that pulls (and can be told to pull again) gets its
reports by textDocument/diagnostic and workspace/diagnostic and never a publishDiagnostics;
any other client gets push."""

from __future__ import annotations

import asyncio
import copy

import pytest
from lsp_support import QUIET, SOURCE, capabilities, start, wait_for
from lsprotocol import types

# A Python int of unknown value: scale() retraces per value (a literal would be one of a bounded
# set of values, which keeps it convertible).
UNBOUNDED_INT_CALL = "inputs = scale(int(input()))"

pytestmark = pytest.mark.asyncio(loop_scope="function")


def pulling(name: str = "visual_studio_code") -> types.ClientCapabilities:
    """What vscode-languageclient 9 advertises: document pull, and refresh support."""
    caps = copy.deepcopy(capabilities(name))
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
        dynamic_registration=True, related_document_support=False)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(
        refresh_support=True)
    return caps


async def pull(s, rel: str, previous: str | None = None) -> types.DocumentDiagnosticReport:
    return await s.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=s.uri(rel)),
        previous_result_id=previous))


async def wait_for_async(probe, what: str, timeout: float = 15.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = await probe()
        if found:
            return found
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.2)


def codes(items: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in items if d.source == SOURCE}


async def test_a_pulling_client_gets_reports_by_pull_and_none_pushed(client, workspace):
    s = await start(client, workspace, pulling())
    provider = s.result.capabilities.diagnostic_provider
    assert provider is not None
    assert provider.inter_file_dependencies and provider.workspace_diagnostics
    s.open("ops.py", "train.py")
    await s.indexed()
    report = await pull(s, "train.py")
    assert report.kind == "full"
    assert "HAS_PYTHON_SIDE_EFFECTS" in codes(report.items)
    assert report.result_id
    again = await pull(s, "train.py", report.result_id)
    assert again.kind == "unchanged" and again.result_id == report.result_id
    # An edit that changes the file's verdicts: a new, full report.
    train = s.text("train.py")
    s.change("train.py", train.replace("inputs = scale(images)", UNBOUNDED_INT_CALL))
    ops = await pull(s, "ops.py")
    assert "CONVERT_TO_HYBRID" not in codes(ops.items)
    await asyncio.sleep(QUIET)
    assert s.client.published == []  # never pushed, not even on close
    s.close("train.py")
    await asyncio.sleep(QUIET)
    assert s.client.published == []


async def test_workspace_pull_reports_closed_files_and_unchanged_ones(client, workspace):
    s = await start(client, workspace, pulling())
    s.open("ops.py")
    await s.indexed()
    first = await s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
        previous_result_ids=[]))
    by_uri = {item.uri: item for item in first.items}
    train = by_uri[s.uri("train.py")]  # not open: read from disk
    assert train.kind == "full" and train.version is None
    assert "HAS_PYTHON_SIDE_EFFECTS" in codes(train.items)
    assert by_uri[s.uri("ops.py")].version == 1  # open: its version
    assert "CONVERT_TO_HYBRID" in codes(by_uri[s.uri("ops.py")].items)
    second = await s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
        previous_result_ids=[types.PreviousResultId(uri=i.uri, value=i.result_id)
                             for i in first.items]))
    assert {i.uri: i.kind for i in second.items} == {i.uri: "unchanged" for i in first.items}
    # An edit of an open file changes a closed file's verdicts (train.py now passes scale()
    # an int): once edits pause, a whole run finds it and asks for a pull, which has it.
    s.open("train.py")
    before = s.client.diagnostic_refresh_count
    s.change("train.py", s.text("train.py").replace("inputs = scale(images)",
                                                    UNBOUNDED_INT_CALL))
    s.close("ops.py")
    await wait_for(lambda: s.client.diagnostic_refresh_count > before, "a diagnostic refresh")

    async def ops_report():
        third = await s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
            previous_result_ids=[types.PreviousResultId(uri=i.uri, value=i.result_id)
                                 for i in first.items]))
        return next((i for i in third.items if i.uri == s.uri("ops.py") and i.kind == "full"
                     and "CONVERT_TO_HYBRID" not in codes(i.items)), None)

    await wait_for_async(ops_report, "ops.py without CONVERT_TO_HYBRID, by workspace pull")
    assert s.client.published == []


async def test_a_change_in_one_file_asks_the_client_to_pull_the_others(client, workspace):
    s = await start(client, workspace, pulling())
    s.open("ops.py", "train.py")
    await s.indexed()
    ops = await pull(s, "ops.py")
    assert "CONVERT_TO_HYBRID" in codes(ops.items)
    before = s.client.diagnostic_refresh_count
    train = s.text("train.py")
    s.change("train.py", train.replace("inputs = scale(images)", UNBOUNDED_INT_CALL))
    # ops.py, not edited, now shows something else: the server asks for a pull.
    await wait_for(lambda: s.client.diagnostic_refresh_count > before, "a diagnostic refresh")
    after = await pull(s, "ops.py", ops.result_id)
    assert after.kind == "full" and "CONVERT_TO_HYBRID" not in codes(after.items)


@pytest.mark.parametrize("name", ["visual_studio_code", "neovim"])
async def test_a_client_that_does_not_pull_gets_push(client, workspace, name):
    """VS Code 1.65 does not pull; Neovim 0.11 pulls only after its own edits (no refresh
    support), so a change elsewhere would leave it stale: both get publishDiagnostics."""
    s = await start(client, workspace, name)
    assert s.result.capabilities.diagnostic_provider is None
    s.open("ops.py")
    await s.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")


async def test_notebook_cells_are_pushed_to_a_client_that_pulls(client, tmp_path):
    """vscode-languageclient 9 pulls text documents but never a notebook's cells
    (vscode-languageserver-node#1464): a cell's diagnostics are pushed to a client that pulls
    too (VS Code showed no hint in a cell when they were only pulled: the notebook UI test),
    and pulling a cell answers an empty report, so no client shows them twice."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook
    from test_lsp_notebooks import Notebook, vscode_notebook_caps

    root = tmp_path / "nb"
    root.mkdir()
    cells = [("code", "import tensorflow as tf\n"),
             ("code", "def scale(x):\n    return tf.exp(x) * 2.0\n\ny = scale(tf.ones(3))\n")]
    nbformat.write(new_notebook(cells=[new_code_cell(source) for _, source in cells]),
                   str(root / "train.ipynb"))
    caps = vscode_notebook_caps()
    caps.text_document.diagnostic = pulling().text_document.diagnostic
    caps.workspace.diagnostics = pulling().workspace.diagnostics
    s = await start(client, root, caps)
    notebook = Notebook(s, root / "train.ipynb", cells)
    notebook.open()
    await s.indexed()

    def pushed(uri: str) -> list[types.Diagnostic] | None:
        found = [p for p in s.client.published if p.uri == uri]
        return list(found[-1].diagnostics) if found else None

    items = await wait_for(lambda: [d for d in pushed(notebook.cells[1]) or []
                                    if d.code == "CONVERT_TO_HYBRID"],
                           "the function cell's pushed diagnostics")
    assert items[0].range.start.line == 0  # `def scale` is line 0 of its cell
    for cell in notebook.cells:
        report = await s.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=cell)))
        assert list(report.items) == []
    assert {p.uri for p in s.client.published} <= set(notebook.cells)  # no .py pushed
    notebook.close()
    await wait_for(lambda: pushed(notebook.cells[1]) == [], "the cell cleared on close")
