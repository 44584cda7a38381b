"""Jupyter notebooks: the module of the code cells and its line map (property-tested), check
with locations as cell and line, and fix editing only the cells' sources (the rest of the
file's bytes compared byte for byte)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from hybridize.notebook.cells import apply_cell_edits, module_of, neutralise, split_lines
from hybridize.notebook.json_source import locate_sources, replace_sources
from hybridize.notebook.reader import NotANotebook, read_notebook
from hypothesis import given, settings
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

HYBRIDIZE = [sys.executable, "-m", "hybridize"]

IMPORTS = "import tensorflow as tf\n%matplotlib inline\n!pip install --quiet tensorflow"
FUNCTION = "def scale(x):\n    return tf.exp(x) * 2.0\n\ny = scale(tf.ones(3))"
MAGIC = "%%bash\necho 'not python: (('"


def notebook(*cells: tuple[str, str]) -> nbformat.NotebookNode:
    make = {"code": new_code_cell, "markdown": new_markdown_cell, "raw": new_raw_cell}
    nb = new_notebook(cells=[make[kind](source) for kind, source in cells])
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number}"  # stable ids: the files are compared byte for byte
    return nb


def write(path: Path, nb: nbformat.NotebookNode) -> Path:
    nbformat.write(nb, str(path))
    return path


# --- the module and its map ---------------------------------------------------------------------

def test_magics_shell_and_help_are_neutralised_in_place() -> None:
    source = ("import os\n%matplotlib inline\n!ls -l\nfiles = !ls\nos.path?\n??os\n"
              "if True:\n    %time x = 1\nx = 'what?'  # really?\n")
    text = neutralise(source)
    ast.parse(text)
    assert [len(line) for line in split_lines(text)] == \
        [len(line) for line in split_lines(source)]
    lines = text.splitlines()
    assert lines[0] == "import os" and lines[3].startswith("files = ...")
    assert lines[8] == "x = 'what?'  # really?"  # a `?` in a string or comment is Python
    # `%time STATEMENT` runs the statement in the user's namespace: read as `if 1: STATEMENT`
    assert lines[7] == "    if 1: x = 1"


@pytest.mark.parametrize("source, expected", [
    ("%timeit -n 3 -r1 step(x)\n", "if 1:            step(x)\n"),
    ("res = %time f(x)\n", "res =       f(x)\n"),
    ("%run -i script.py\n", "exec()# script.py\n"),
    ("%store -r scale lr\n", "scale=lr=...#-----\n"),
    ("def f(x):\n    !echo step-called\n    return x\n",
     "def f(x):\n    print()#ep-called\n    return x\n"),
    ("%%timeit\nstep(x)\n", "#%timeit\nstep(x)\n"),
])
def test_magics_that_run_or_bind_python_are_read_as_python(source: str, expected: str) -> None:
    """What the analysis must see of a notebook (an audit of session 20): the call or the
    binding a statement magic runs, the globals `%run` or `%store -r` bind, a shell escape in a
    function body as an effect."""
    assert neutralise(source) == expected
    ast.parse(neutralise(source))


def test_continuation_lines_are_not_magics() -> None:
    source = "y = (1\n     % 2\n     != 3)\ns = '''\n%not a magic\n'''\n"
    assert neutralise(source) == source


def test_cell_magics() -> None:
    assert neutralise(MAGIC) == "#%bash\n#cho 'not python: (('"
    # %%time runs its body as Python in the user's namespace: only its first line goes.
    assert neutralise("%%time\nx = f(1)\n") == "#%time\nx = f(1)\n"


def test_module_skips_markdown_and_raw_cells() -> None:
    module = module_of([("markdown", "# Title"), ("code", "a = 1"), ("raw", "%%%"),
                        ("code", "b = 2\n")])
    assert module.text == "a = 1\nb = 2\n"
    assert [(c.index, c.first_line) for c in module.cells] == [(1, 1), (3, 2)]
    assert module.location(2) == (4, 1)


LINE = st.one_of(
    st.sampled_from(["x = 1", "%matplotlib inline", "!ls", "files = !ls", "os.path?",
                     "def f(a):", "    return a", "", "  # comment", "%%time", "s = '?'",
                     "t = '''", "'''", "(1,", " 2)", "\\"]),
    st.text(alphabet="ab%!?#'\"()[] \t\\:=", max_size=12))
BREAK = st.sampled_from(["\n", "\r\n", "\r"])
CELL_SOURCE = st.lists(st.tuples(LINE, BREAK), max_size=6).map(
    lambda parts: "".join(line + end for line, end in parts)).flatmap(
    lambda text: st.sampled_from([text, text.rstrip("\r\n")]))
CELLS = st.lists(st.tuples(st.sampled_from(["code", "code", "markdown", "raw"]), CELL_SOURCE),
                 max_size=6)


@settings(max_examples=300, deadline=None)
@given(CELLS)
def test_line_map_round_trips(cells: list[tuple[str, str]]) -> None:
    module = module_of(cells)
    module_lines = split_lines(module.text)
    assert len(module_lines) == sum(cell.line_count for cell in module.cells)
    for cell in module.cells:
        assert cells[cell.index] == ("code", cell.source)
        source_lines = split_lines(cell.source) or [""]
        text_lines = split_lines(cell.text) or [""]
        # Same lines, same lengths, same line breaks: columns never move.
        assert [len(line) for line in text_lines] == [len(line) for line in source_lines]
        for number, line in enumerate(text_lines, start=1):
            module_line = module.to_module(cell.index, number)
            assert module_line is not None
            assert module.to_cell(module_line) == (cell, number)
            assert module_lines[module_line - 1].rstrip("\r\n") == line.rstrip("\r\n")
        assert module.text[cell.start:cell.start + len(cell.text)] == cell.text


@settings(max_examples=200, deadline=None)
@given(CELLS, st.data())
def test_module_edits_land_in_their_cell(cells: list[tuple[str, str]],
                                         data: st.DataObject) -> None:
    module = module_of(cells)
    if not module.cells:
        return
    cell = data.draw(st.sampled_from(module.cells))
    # The end of a cell that ends with a line break is where the next cell starts: an
    # insertion there belongs to the next one.
    at = data.draw(st.integers(0, len(cell.source) - cell.source.endswith(("\n", "\r"))))
    start = cell.start + at
    mapped = module.cell_edits([(start, start, "@deco\n")])
    assert mapped == {cell.index: [(at, at, "@deco\n")]}
    assert apply_cell_edits(cell.source, mapped[cell.index]) == \
        cell.source[:at] + "@deco\n" + cell.source[at:]


def test_an_edit_across_two_cells_or_of_a_magic_is_refused() -> None:
    module = module_of([("code", "a = 1\n"), ("code", "%ls\nb = 2\n")])
    with pytest.raises(ValueError):
        module.cell_edits([(2, 8, "")])  # from cell 1 into cell 2
    with pytest.raises(ValueError):
        module.cell_edits([(6, 9, "x")])  # the `%ls` line


# --- reading ------------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"{", b"[]", b'{"cells": 3, "nbformat": 4, "nbformat_minor": 5}',
                                  b"\xff\xfe", b'{"nbformat": 3}', b""])
def test_what_is_not_a_notebook_gets_a_reason(data: bytes) -> None:
    with pytest.raises(NotANotebook) as caught:
        read_notebook(data)
    assert str(caught.value).startswith("not a ")
    assert "\n" not in str(caught.value)


def test_sources_are_located_in_the_raw_json(tmp_path: Path) -> None:
    raw = write(tmp_path / "nb.ipynb", notebook(("markdown", "# é"), ("code", IMPORTS),
                                                 ("code", ""))).read_text("utf-8")
    values = locate_sources(raw)
    assert [v.cell for v in values] == [0, 1, 2]
    assert "".join(json.loads(raw[a:b]) for a, b in values[1].tokens) == IMPORTS
    assert values[2].tokens == () and raw[values[2].start:values[2].end] == "[]"
    # Replacing a source by itself changes nothing; a new one reads back through nbformat.
    assert replace_sources(raw, {1: IMPORTS}) == raw
    changed = replace_sources(raw, {1: "import tensorflow as tf\nw = 'é'\n", 2: "z = 1\n"})
    assert changed == nbformat.writes(nbformat.reads(changed, 4)) + "\n"
    assert nbformat.reads(changed, 4).cells[2].source == "z = 1\n"


# --- check --------------------------------------------------------------------------------------

def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([*HYBRIDIZE, *map(str, args), "--no-cache"], cwd=cwd, text=True,
                          capture_output=True, env=env, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "train.ipynb", notebook(("markdown", "# Training"), ("code", IMPORTS),
                                             ("code", FUNCTION), ("code", MAGIC)))
    return tmp_path


def test_check_reports_cell_and_line(project: Path) -> None:
    done = run("check", "train.ipynb", "--format", "json", cwd=project)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["errors"] == []
    [scale] = report["functions"]
    assert (scale["file"], scale["qualname"], scale["cell"], scale["line"]) == \
        ("train.ipynb", "scale", 3, 1)
    assert scale["transformation"] == "CONVERT_TO_HYBRID"
    assert {"file": "train.ipynb", "line": 4, "cell": 3,
            "reason": "module level passes a tensor as `x`"} in \
        scale["evidence"]["tensor_parameter"]
    text = run("check", ".", cwd=project)
    assert "scale (cell 3, line 1)" in text.stdout
    github = run("check", ".", "--format", "github", cwd=project).stdout
    raw_lines = (project / "train.ipynb").read_text("utf-8").splitlines()
    line = int(github.split("line=")[1].split(",")[0])
    assert raw_lines[line - 1].strip() == '"def scale(x):\\n",'  # the JSON line of the def
    sarif = json.loads(run("check", ".", "--format", "sarif", cwd=project).stdout)
    [location] = sarif["runs"][0]["results"][0]["locations"]
    assert location["physicalLocation"]["region"]["startLine"] == line
    assert location["properties"] == {"cell": 3, "cellLine": 1}


def test_a_broken_notebook_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "broken.ipynb").write_text('{"cells": [', "utf-8")
    (tmp_path / "bad_schema.ipynb").write_text('{"cells": 1, "nbformat": 4}', "utf-8")
    done = run("check", ".", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    errors = {e["file"]: e["message"] for e in json.loads(done.stdout)["errors"]}
    assert errors["broken.ipynb"].startswith("not a notebook: invalid JSON")
    assert errors["bad_schema.ipynb"].startswith("not a valid notebook")


def test_a_notebook_imports_workspace_modules_and_is_never_imported(tmp_path: Path) -> None:
    (tmp_path / "ops.py").write_text("import tensorflow as tf\n\n\ndef double(x):\n"
                                     "    return tf.add(x, x)\n", "utf-8")
    write(tmp_path / "ops.ipynb", notebook(("code", "import tensorflow as tf\nfrom ops import "
                                                    "double\n\ndouble(tf.ones(2))\n")))
    (tmp_path / "user.py").write_text("import ops\n", "utf-8")
    report = json.loads(run("check", ".", "--format", "json", cwd=tmp_path).stdout)
    [double] = report["functions"]
    # The call in the notebook is what gives `double` its tensor parameter.
    assert double["file"] == "ops.py" and double["facts"]["tensor_parameter"] is True
    assert {"file": "ops.ipynb", "line": 4, "cell": 1,
            "reason": "module level passes a tensor as `x`"} in \
        double["evidence"]["tensor_parameter"]


# --- fix ----------------------------------------------------------------------------------------

# Written by hand, not by nbformat: two-space indentation, CRLF line breaks, keys out of order,
# `\u00e9` escapes, outputs and metadata; one source is a single string, the others lists.
HANDMADE = (
    '{\r\n'
    '  "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"},\r\n'
    '               "colab": {"provenance": []}},\r\n'
    '  "nbformat_minor": 5,\r\n'
    '  "cells": [\r\n'
    '    {"cell_type": "markdown", "metadata": {}, "id": "m1",\r\n'
    '     "source": ["# Caf\\u00e9 \\u2014 training\\n", "notes"]},\r\n'
    '    {"id": "c1", "cell_type": "code", "execution_count": 1, "metadata": {"tags": ["x"]},\r\n'
    '     "outputs": [{"output_type": "stream", "name": "stdout", "text": ["ok\\n"]}],\r\n'
    '     "source": ["from tensorflow import exp, ones\\n", "%matplotlib inline"]},\r\n'
    '    {"id": "c2", "cell_type": "code", "execution_count": 2, "metadata": {},\r\n'
    '     "outputs": [{"output_type": "display_data", "metadata": {},\r\n'
    '                  "data": {"image/png": "iVBORw0KGgo=\\n", "text/plain": ["<Figure>"]}}],\r\n'
    '     "source": "def scale(x):\\n    return exp(x) * 2.0\\n\\ny = scale(ones(3))"},\r\n'
    '    {"id": "c3", "cell_type": "code", "execution_count": null, "metadata": {},\r\n'
    '     "outputs": [], "source": ["%%bash\\n", "echo done"]}\r\n'
    '  ],\r\n'
    '  "nbformat": 4\r\n'
    '}\r\n')


def outside_sources(raw: str, cells: set[int]) -> list[str]:
    """The text of the notebook outside the source values of `cells`."""
    values = [v for v in locate_sources(raw) if v.cell in cells]
    parts, start = [], 0
    for value in values:
        parts.append(raw[start:value.start])
        start = value.end
    return [*parts, raw[start:]]


def test_fix_edits_only_the_sources_of_the_cells_concerned(tmp_path: Path) -> None:
    path = tmp_path / "train.ipynb"
    path.write_bytes(HANDMADE.encode("utf-8"))
    os.chmod(path, 0o640)
    os.link(path, tmp_path / "linked.ipynb.bak")  # a hard link: the inode must stay
    before = os.stat(path)
    done = run("fix", "train.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "changed 1 functions in 1 files" in done.stderr
    raw = path.read_bytes().decode("utf-8")
    # The decorator in the function's cell, the import in the first cell that has imports.
    cells = nbformat.reads(raw, 4).cells
    assert cells[2].source == "@tf.function\n" + FUNCTION.replace("tf.exp", "exp").replace(
        "tf.ones", "ones")
    assert cells[1].source == "import tensorflow as tf\nfrom tensorflow import exp, ones\n" \
        "%matplotlib inline"
    # Every byte outside those two sources is the file's own; each keeps its shape (a string
    # stays a string, a list a list with its untouched lines' tokens as they were).
    assert outside_sources(raw, {1, 2}) == outside_sources(HANDMADE, {1, 2})
    values = locate_sources(raw)
    assert raw[values[2].start:values[2].end] == \
        '"@tf.function\\ndef scale(x):\\n    return exp(x) * 2.0\\n\\ny = scale(ones(3))"'
    assert raw[values[1].start:values[1].end] == \
        '["import tensorflow as tf\\n", "from tensorflow import exp, ones\\n", ' \
        '"%matplotlib inline"]'
    after = os.stat(path)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert (tmp_path / "linked.ipynb.bak").read_bytes().decode("utf-8") == raw
    # Fixed: a second run changes nothing.
    again = run("fix", "train.ipynb", cwd=tmp_path)
    assert "changed 0 functions in 0 files" in again.stderr
    assert path.read_bytes().decode("utf-8") == raw


def test_fix_of_an_nbformat_notebook_is_what_nbformat_would_write(project: Path) -> None:
    path = project / "train.ipynb"
    done = run("fix", ".", cwd=project)
    assert done.returncode == 0, done.stderr
    raw = path.read_text("utf-8")
    assert raw == nbformat.writes(nbformat.reads(raw, 4)) + "\n"
    assert nbformat.reads(raw, 4).cells[2].source == "@tf.function\n" + FUNCTION


def test_fix_leaves_a_notebook_that_changed_since_the_analysis(project: Path) -> None:
    from hybridize.analysis import analyze
    from hybridize.refactor import plan_changes, write_changes

    result = analyze([project])
    path = project / "train.ipynb"
    path.write_text(path.read_text("utf-8").replace("2.0", "3.0"), "utf-8")
    [change] = plan_changes(result)
    assert change.error == "changed since it was analysed; run the analysis again"
    assert write_changes([change]) == []


def test_messages_tell_notebook_lines_as_cells(tmp_path: Path) -> None:
    write(tmp_path / "steps.ipynb", notebook(
        ("markdown", "# Steps"), ("code", "import tensorflow as tf"),
        ("code", "def log_step(x):\n    print(x)\n    return tf.exp(x)\n\nlog_step(tf.ones(2))")))
    report = json.loads(run("check", ".", "--format", "json", cwd=tmp_path).stdout)
    [log_step] = report["functions"]
    assert log_step["failures"][0]["message"] == "print() at steps.ipynb, cell 3, line 2"
    assert (log_step["failures"][0]["cell"], log_step["failures"][0]["line"]) == (3, 2)
    assert log_step["reason"] == "not converted: print() at steps.ipynb, cell 3, line 2"


def test_fix_diff_shows_the_edited_cells_as_written(project: Path) -> None:
    done = run("fix", ".", "--diff", "--dry-run", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("--- a/train.ipynb (cell 3)\n+++ b/train.ipynb (cell 3)\n")
    assert "+@tf.function\n def scale(x):\n" in done.stdout
    assert "...#" not in done.stdout  # never the neutralised module text


def test_a_notebook_read_again_comes_from_the_cache(tmp_path: Path) -> None:
    import hashlib

    data = write(tmp_path / "nb.ipynb", notebook(("code", FUNCTION))).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    # The server reads every notebook again at each analysis: nbformat runs once per content.
    assert read_notebook(data, digest) is read_notebook(data, digest)
    assert read_notebook(data, digest) == read_notebook(data)


def test_a_notebook_heavy_with_outputs_is_analysed(tmp_path: Path) -> None:
    nb = notebook(("code", IMPORTS), ("code", FUNCTION))
    # Plots make notebooks large: 10 MB of outputs, more than a Python file may have.
    nb.cells[1]["outputs"] = [nbformat.v4.new_output(
        "display_data", data={"image/png": "A" * (10 * 2**20), "text/plain": "<Figure>"})]
    write(tmp_path / "plots.ipynb", nb)
    report = json.loads(run("check", ".", "--format", "json", cwd=tmp_path).stdout)
    assert report["errors"] == []
    assert [(f["qualname"], f["cell"], f["transformation"]) for f in report["functions"]] == \
        [("scale", 2, "CONVERT_TO_HYBRID")]


SOURCE_TEXT = st.text(alphabet=st.sampled_from(list("ab \t\n\r\"\\/é€😀\u2028\x0c#%!?(")),
                      max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["code", "markdown"]), SOURCE_TEXT,
                          st.booleans()), min_size=1, max_size=4),
       st.data(), st.sampled_from(["nbformat", "json-ascii"]))
def test_replaced_sources_read_back_and_nothing_else_moves(
        cells: list[tuple[str, str, bool]], data: st.DataObject, writer: str) -> None:
    nb = notebook(*[(kind, source) for kind, source, _ in cells])
    for cell, (_, source, as_string) in zip(nb.cells, cells, strict=True):
        cell["source"] = source if as_string else source.splitlines(keepends=True)
    raw = nbformat.writes(nb) if writer == "nbformat" else \
        json.dumps(nb, indent=2, ensure_ascii=True)
    new = {index: data.draw(SOURCE_TEXT) for index in data.draw(
        st.sets(st.integers(0, len(cells) - 1), max_size=len(cells)))}
    changed = replace_sources(raw, new)
    before = json.loads(raw)["cells"]
    for index, cell in enumerate(json.loads(changed)["cells"]):
        source, old = cell["source"], before[index]["source"]
        text = "".join(source) if isinstance(source, list) else source
        assert text == new.get(index, "".join(old) if isinstance(old, list) else old)
        assert isinstance(source, str) == isinstance(old, str)  # a string stays a string
    # Byte for byte outside the replaced sources; the file's escaping kept: a file that
    # writes non-ASCII as \uXXXX stays ASCII (else text is written as is, as nbformat does).
    assert outside_sources(changed, set(new)) == outside_sources(raw, set(new))
    if raw.isascii() and "\\u" in raw:
        assert changed.isascii()
