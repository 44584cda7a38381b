// The document selector: Python files on disk and the Python cells of Jupyter notebooks, read the
// way vscode-languageclient reads it (protocolConverter.asDocumentSelector tries the notebook cell
// filter first, since a text filter's fields are all optional).
import { strict as assert } from 'assert';
import {
  DocumentSelector, NotebookCellTextDocumentFilter, TextDocumentFilter,
} from 'vscode-languageserver-protocol';

import { DOCUMENT_SELECTOR, NOTEBOOK_TYPES } from '../src/common/documents';

const cellFilters = DOCUMENT_SELECTOR.filter((filter) => NotebookCellTextDocumentFilter.is(filter));
const textFilters = DOCUMENT_SELECTOR.filter((filter) =>
  !NotebookCellTextDocumentFilter.is(filter) && TextDocumentFilter.is(filter));

describe('document selector', () => {
  it('is an LSP document selector of filters the client understands', () => {
    assert.ok(DocumentSelector.is(DOCUMENT_SELECTOR));
    assert.equal(cellFilters.length + textFilters.length, DOCUMENT_SELECTOR.length);
  });

  it('takes Python files on disk only, not untitled buffers or other schemes', () => {
    assert.deepEqual(textFilters, [{ scheme: 'file', language: 'python' }]);
  });

  it('takes the Python cells of Jupyter notebooks and of the Interactive window', () => {
    assert.deepEqual([...NOTEBOOK_TYPES].sort(), ['interactive', 'jupyter-notebook']);
    assert.deepEqual(cellFilters, NOTEBOOK_TYPES.map((notebook) => ({ notebook, language: 'python' })));
  });
});
