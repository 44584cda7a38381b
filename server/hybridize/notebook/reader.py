"""Read a notebook file with nbformat, the reference reader, into the module of its code cells.

Nothing is executed: the JSON is parsed, converted to format 4 and validated against nbformat's
schema. A file that is not a notebook gets a one-line reason instead of a module.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
import warnings
from collections import OrderedDict

from hybridize.notebook.cells import NotebookModule, module_of
from hybridize.notebook.json_source import NotEditable, locate_sources

NOTEBOOK_SUFFIX = ".ipynb"
NEWLINE = re.compile("\n")


class NotANotebook(Exception):
    """The bytes are not a notebook nbformat accepts; the message says why, in one line."""


def is_notebook(path: str) -> bool:
    return path.endswith(NOTEBOOK_SUFFIX)


# The modules of the last notebooks read, by the SHA-256 of their bytes: the server reads every
# notebook of the workspace again at each analysis (an edit elsewhere), and nbformat's checks
# would cost milliseconds per notebook each time.
_READ: OrderedDict[str, NotebookModule] = OrderedDict()
READ_CACHE_SIZE = 256


def read_notebook(data: bytes, digest: str | None = None) -> NotebookModule:
    """The module of a notebook file's bytes (UTF-8 JSON, any nbformat version nbformat reads);
    `digest`, the SHA-256 of `data` when the caller has it, lets a notebook read before be
    taken from the cache."""
    if digest is not None and digest in _READ:
        _READ.move_to_end(digest)
        return _READ[digest]
    module = _read(data)
    if digest is not None:
        _READ[digest] = module
        while len(_READ) > READ_CACHE_SIZE:
            _READ.popitem(last=False)
    return module


def _read(data: bytes) -> NotebookModule:
    import nbformat  # about 0.1 s: only paid by workspaces that hold notebooks
    from nbformat.reader import NotJSONError

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotANotebook(f"not a notebook: not UTF-8 ({exc.reason} at byte {exc.start})") \
            from None
    try:
        json.loads(text)
    except ValueError as exc:
        raise NotANotebook(f"not a notebook: invalid JSON ({exc})") from None
    with warnings.catch_warnings():
        # nbformat warns about ids it would add and fields it normalises: nothing is written.
        warnings.simplefilter("ignore")
        try:
            notebook = nbformat.convert(nbformat.reader.reads(text), 4)
            nbformat.validate(notebook)
        except NotJSONError as exc:
            raise NotANotebook(f"not a notebook: {_first_line(str(exc))}") from None
        except nbformat.ValidationError as exc:
            message = getattr(exc, "message", None) or str(exc)
            raise NotANotebook(f"not a valid notebook: {_first_line(message)}") from None
        except Exception as exc:  # nbformat's own errors (an unknown version, a bad shape)
            raise NotANotebook(f"not a valid notebook: {_first_line(str(exc))}") from None
    module = module_of((cell.get("cell_type", ""), _source(cell.get("source", "")))
                       for cell in notebook.get("cells", []))
    return dataclasses.replace(module, file_lines=_file_lines(text, module))


def _file_lines(raw: str, module: NotebookModule) -> tuple[int, ...]:
    """The JSON line of each module line: its string token's in a list-of-lines source, the
    whole string's line otherwise; () when the sources cannot be located (format 3)."""
    try:
        values = {value.cell: value for value in locate_sources(raw)}
    except (NotEditable, ValueError):
        return ()
    breaks = [match.start() for match in NEWLINE.finditer(raw)]
    lines: list[int] = []
    for cell in module.cells:
        value = values.get(cell.index)
        if value is None:
            return ()
        tokens = value.tokens if value.is_list and len(value.tokens) == cell.line_count else \
            (value.tokens[:1] or ((value.start, value.end),)) * cell.line_count
        lines.extend(bisect.bisect_left(breaks, start) + 1 for start, _ in tokens)
    return tuple(lines)


def _source(value: object) -> str:
    # nbformat joins a list of lines on reading; a string stays a string.
    if isinstance(value, list):
        return "".join(str(part) for part in value)
    return value if isinstance(value, str) else ""


def _first_line(message: str) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "unreadable"
    return line if len(line) <= 200 else line[:197] + "..."
