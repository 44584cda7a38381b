// Which documents the language client hands to the server. Pure module (no `vscode` import;
// the protocol's types only).

import type { DocumentSelector } from 'vscode-languageserver-protocol';

/**
 * The notebook types whose Python cells the server analyses: Jupyter notebooks (`.ipynb` in VS
 * Code's built-in notebook editor) and the Python Interactive window. They are the types the
 * server's `notebookDocumentSync` names, so every cell the client asks about is one it synced.
 */
export const NOTEBOOK_TYPES = ['jupyter-notebook', 'interactive'] as const;

/** The scheme of a notebook cell's document in VS Code (its URI names the notebook's file). */
export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

/**
 * Python files on disk, and the Python cells of the notebooks above (their documents have the
 * `vscode-notebook-cell` scheme). The cell filters route code actions, hover and diagnostics in
 * a cell to the server; vscode-languageclient 9 syncs the notebook itself through
 * `notebookDocument/*` when the server advertises `notebookDocumentSync`, and then sends no
 * `textDocument/didOpen` for the cells. Untitled buffers stay out: nothing on disk to analyse.
 */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'python' },
  ...NOTEBOOK_TYPES.map((notebook) => ({ notebook, language: 'python' })),
];
