"""`hybridize fix` never damages a file: edits go to the file they were computed from, its diff
splits lines where Python does, one run reaches the fixed point, and a rewritten file keeps its
inode, links, owner, group, mode and line endings (issue 11, "Edits" and "Files")."""

from __future__ import annotations

import ast
import os
import shutil
import stat
import textwrap
from pathlib import Path

import pytest
from helpers_project import write_project
from hybridize.analysis import analyze
from hybridize.cli import main

ROOT = Path(__file__).resolve().parents[1]

# `fast` wraps `scale` of another module and is only ever called with a Python int: the wrapper
# goes (P2). Line 5 of a.py is long enough that the wrapper's columns in b.py, applied to a.py,
# still parse ("    retscalet(2.0)"): the old fix wrote that silently.
WRAPPER_PROJECT = {
    "a.py": """
        import tensorflow as tf


        def scale(x):
            return x * tf.constant(2.0)
        """,
    "b.py": """
        import tensorflow as tf

        from a import scale

        fast = tf.function(scale)
        print(fast(3))
        """,
}


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.py"))}


def fix(root: Path, *extra: str, status: int = 0) -> None:
    """`fix` exits 1 when it leaves a proposed edit out (a file not written, an edit not
    made), 0 otherwise."""
    assert main(["fix", str(root), "--no-cache", *extra]) == status


def test_removing_a_wrapper_edits_the_wrappers_file(tmp_path: Path):
    write_project(tmp_path, WRAPPER_PROJECT)
    a_before = (tmp_path / "a.py").read_text()
    fix(tmp_path)
    assert (tmp_path / "a.py").read_text() == a_before
    assert "fast = scale\nprint(fast(3))" in (tmp_path / "b.py").read_text()


@pytest.mark.parametrize("separator", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
                                       "\u2028", "\u2029"])
def test_diff_lines_end_where_python_ends_them(tmp_path: Path, capsys, separator: str):
    """str.splitlines splits at these; Python and LSP do not."""
    source = (f"import tensorflow as tf\n# a{separator}b\n\n"
              "def f(x):\n    return tf.exp(x)\n\nf(tf.constant(1.0))\n")
    (tmp_path / "m.py").write_text(source, encoding="utf-8")
    fix(tmp_path, "--dry-run", "--diff")
    out = capsys.readouterr().out
    assert f" # a{separator}b\n" in out and "+@tf.function\n" in out


# Removing `outer`'s decorator (it has no tensor argument) leaves `inner` called from eager code
# only: the next analysis hybridizes `inner`. One run must do both.
CASCADE = {
    "m.py": """
        import tensorflow as tf


        def inner(x):
            return tf.exp(x)


        @tf.function
        def outer(n):
            return inner(tf.constant(1.0)) * n


        print(outer(3))
        """,
}


def test_one_run_reaches_the_fixed_point(tmp_path: Path):
    write_project(tmp_path, CASCADE)
    fix(tmp_path)
    text = (tmp_path / "m.py").read_text()
    assert "@tf.function\ndef inner(x):" in text and "@tf.function\ndef outer" not in text
    once = snapshot(tmp_path)
    fix(tmp_path)
    assert snapshot(tmp_path) == once


def test_fixed_point_in_a_file_with_a_coding_cookie(tmp_path: Path):
    source = "# -*- coding: latin-1 -*-\n# Größe: ½\n" + \
        textwrap.dedent(CASCADE["m.py"]).lstrip("\n").replace("n\n\n\nprint", "n  # ½\n\n\nprint")
    (tmp_path / "m.py").write_bytes(source.encode("latin-1"))
    fix(tmp_path)
    text = (tmp_path / "m.py").read_bytes().decode("latin-1")
    assert "@tf.function\ndef inner(x):" in text and "@tf.function\ndef outer" not in text
    assert "# Größe: ½\n" in text and "* n  # ½\n" in text


def test_the_round_bound_is_reported(tmp_path: Path, capsys, monkeypatch):
    from hybridize.refactor import apply, fix_until_settled

    write_project(tmp_path, CASCADE)
    settled = fix_until_settled(lambda overrides: analyze([tmp_path], overrides=overrides),
                                max_rounds=1)
    assert (settled.rounds, settled.settled) == (1, False)
    monkeypatch.setattr(apply, "MAX_ROUNDS", 1)
    fix(tmp_path)
    assert "after 1 rounds; run fix again" in capsys.readouterr().err


SIGNATURE = {
    "m.py": """
        import tensorflow as tf


        def f(x):
            return tf.exp(x)


        for _ in range(3):
            f(tf.constant([1.0, 2.0]))
        """,
}


def test_infer_signatures_adds_decorator_and_signature_in_one_run(tmp_path: Path):
    write_project(tmp_path, SIGNATURE)
    fix(tmp_path, "--infer-signatures")
    text = (tmp_path / "m.py").read_text()
    assert "@tf.function(input_signature=" in text, text
    once = snapshot(tmp_path)
    fix(tmp_path, "--infer-signatures")
    assert snapshot(tmp_path) == once


@pytest.mark.parametrize("tree", ["tests/corpus", "examples"])
def test_second_run_on_real_code_changes_nothing(tmp_path: Path, tree: str):
    root = shutil.copytree(ROOT / tree, tmp_path / "t")
    fix(root, "--infer-signatures")
    once = snapshot(root)
    for text in once.values():
        ast.parse(text)
    fix(root, "--infer-signatures")
    assert snapshot(root) == once


SIMPLE = "import tensorflow as tf\n\ndef f(x):\n    return tf.exp(x)\n\nf(tf.constant(1.0))\n"


def test_hard_links_owner_group_and_mode_are_kept(tmp_path: Path):
    path = tmp_path / "m.py"
    path.write_text(SIMPLE)
    os.chmod(path, 0o640)
    outside = tmp_path.parent / f"{tmp_path.name}-link.py"
    os.link(path, outside)
    before = os.stat(path)
    fix(tmp_path)
    after = os.stat(path)
    assert "@tf.function\ndef f(x):" in path.read_text()
    assert (after.st_ino, after.st_nlink) == (before.st_ino, 2)
    assert outside.read_text() == path.read_text()
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert stat.S_IMODE(after.st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="giving a file to another owner needs root")
def test_owner_and_group_are_kept_for_a_file_with_one_link(tmp_path: Path):
    path = tmp_path / "m.py"
    path.write_text(SIMPLE)
    os.chown(path, 12345, 23456)
    os.chmod(path, 0o604)
    fix(tmp_path)
    after = os.stat(path)
    assert "@tf.function" in path.read_text()
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (12345, 23456, 0o604)


def test_no_write_through_a_link_that_leaves_the_root(tmp_path: Path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "real.py"
    target.write_text(SIMPLE)
    root = tmp_path / "root"
    root.mkdir()
    (root / "m.py").symlink_to(target)
    inside = root / "inside.py"
    inside.write_text(SIMPLE)
    (root / "alias.py").symlink_to(inside)
    fix(root, status=1)
    assert target.read_text() == SIMPLE
    assert "outside the analysed folder" in capsys.readouterr().err
    # A link that stays inside the root is written through (and stays a link).
    assert (root / "alias.py").is_symlink()
    assert "@tf.function" in inside.read_text()


def test_mixed_line_endings_are_kept_line_by_line(tmp_path: Path):
    source = ("import tensorflow as tf\n\r\n"
              "def f(x):\r\n    return tf.exp(x)\n\n"
              "def g(x):\r    return tf.exp(x)\n\n"
              "f(tf.constant(1.0))\ng(tf.constant(1.0))\n")
    (tmp_path / "m.py").write_bytes(source.encode())
    fix(tmp_path)
    assert (tmp_path / "m.py").read_bytes().decode() == source.replace(
        "def f(x):\r\n", "@tf.function\r\ndef f(x):\r\n").replace(
        "def g(x):\r", "@tf.function\rdef g(x):\r")


def test_import_line_takes_the_ending_of_its_neighbour(tmp_path: Path):
    source = ('"""Doc."""\nfrom tensorflow import constant, exp\r\n\r\n'
              "def f(x):\r\n    return exp(x)\n\nf(constant(1.0))\n")
    (tmp_path / "m.py").write_bytes(source.encode())
    fix(tmp_path)
    # The import goes after the docstring, above a line that ends in \r\n: so does the import.
    assert (tmp_path / "m.py").read_bytes().decode() == source.replace(
        "from tensorflow", "import tensorflow as tf\r\nfrom tensorflow").replace(
        "def f(x)", "@tf.function\r\ndef f(x)")


def test_an_edit_applies_only_to_its_own_file_and_text():
    from hybridize.refactor import RefactorError, TextEdit, apply_edits, text_digest

    text = "x = 1\n"
    edit = TextEdit("a.py", 0, 0, "y = 2\n", text_digest(text))
    assert apply_edits(text, "a.py", [edit]) == "y = 2\nx = 1\n"
    for other_text, other_file in (("x = 10\n", "a.py"), (text, "b.py")):
        with pytest.raises(RefactorError):
            apply_edits(other_text, other_file, [edit])
    with pytest.raises(RefactorError, match="would not parse"):
        apply_edits(text, "a.py", [TextEdit("a.py", 0, 0, "def (", text_digest(text))])


def test_inferred_signature_uses_the_files_own_name_for_tensorflow(tmp_path: Path):
    """The engine writes the signature with `tf.`: unbound in these files, so the edit parsed
    and then failed with a NameError when the module was imported."""
    write_project(tmp_path, {
        "m.py": """
            import tensorflow as tfx


            @tfx.function
            def f(x):
                return tfx.exp(x)


            for _ in range(3):
                f(tfx.constant([1.0, 2.0]))
            """,
        "n.py": """
            from tensorflow import constant, exp, function


            def g(x):
                return exp(x)


            for _ in range(3):
                g(constant([1.0, 2.0]))
            """,
    })
    fix(tmp_path, "--infer-signatures")
    m, n = (tmp_path / "m.py").read_text(), (tmp_path / "n.py").read_text()
    assert "@tfx.function(input_signature=[tfx.TensorSpec(shape=(None,), " \
        "dtype=tfx.float32)])\ndef f" in m
    assert n.startswith("import tensorflow as tf\nfrom tensorflow import constant, exp, function")
    assert "@function(input_signature=[tf.TensorSpec(" in n
    once = snapshot(tmp_path)
    fix(tmp_path, "--infer-signatures")
    assert snapshot(tmp_path) == once


def test_import_goes_below_the_shebang_and_coding_cookie(tmp_path: Path):
    """Both only work on the first two lines: pushed down, the script no longer runs as one and
    its latin-1 text is read as UTF-8."""
    source = ("#!/usr/bin/env python\n# -*- coding: latin-1 -*-\n"
              "from tensorflow import constant, exp\n\nLABEL = 'été'\n\n\n"
              "def f(x):\n    return exp(x)\n\n\nf(constant(1.0))\n")
    (tmp_path / "m.py").write_bytes(source.encode("latin-1"))
    fix(tmp_path)
    data = (tmp_path / "m.py").read_bytes()
    assert data.decode("latin-1") == source.replace(
        "from tensorflow", "import tensorflow as tf\nfrom tensorflow").replace(
        "def f(x)", "@tf.function\ndef f(x)")
    compile(data, "m.py", "exec")  # the cookie still applies


def test_a_span_outside_the_text_is_a_refactor_error_not_a_crash():
    from hybridize.analysis.model import (
        FunctionReport,
        Refactoring,
        Span,
        Transformation,
    )
    from hybridize.refactor import FileContext, RefactorError, edits_for

    report = FunctionReport("m.py", "f", 9, False, Refactoring.CONVERT_EAGER_FUNCTION_TO_HYBRID,
                            Transformation.CONVERT_TO_HYBRID, "P1", {}, def_span=Span(9, 0, 9, 5))
    with pytest.raises(RefactorError):
        edits_for("def f(x):\n    return x\n", "m.py", [report],
                  FileContext("tf", None, frozenset({"tf"})))


def test_a_link_to_a_file_inside_the_root_is_not_written_through(tmp_path: Path, capsys):
    """`alias.py -> helpers.py`: the target is edited as itself; writing through both names
    made the second write meet the first and a second `fix` change the file again."""
    write_project(tmp_path, {"helpers.py": """
        import tensorflow as tf


        def scale(x):
            return x * 2.0
        """, "main.py": """
        import tensorflow as tf
        import alias
        import helpers

        print(alias.scale(tf.constant([1.0])), helpers.scale(tf.constant([1.0])))
        """})
    (tmp_path / "alias.py").symlink_to("helpers.py")
    fix(tmp_path, status=1)
    assert "a link to helpers.py, which is edited as itself; not written" in \
        capsys.readouterr().err
    once = (tmp_path / "helpers.py").read_text()
    assert once.count("@tf.function") == 1
    fix(tmp_path)
    assert (tmp_path / "helpers.py").read_text() == once


def test_a_verify_report_of_another_folder_is_refused(tmp_path: Path, capsys):
    """Its files are named relative to its root: under another root the same names may be
    other files (a byte-identical copy was decorated unverified: an audit of session 20)."""
    import json

    (tmp_path / "src").mkdir()
    write_project(tmp_path, {"src/helpers.py": "x = 1\n", "helpers.py": "x = 1\n"})
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"version": 1, "root": str(tmp_path / "src"), "digests": {},
                                  "proposals": []}))
    assert main(["fix", str(tmp_path), "--no-cache", "--verified", str(report)]) == 2
    assert "the report is about" in capsys.readouterr().err


# --- an audit of edit integrity, session 26 ----------------------------------------------------

def test_a_file_whose_encoding_does_not_give_its_bytes_back_is_left_alone(tmp_path: Path,
                                                                          capsys):
    """W4: cp932 decodes 0x8790 and 0x81E0 to one character (`≒`); written back, a comment's
    bytes changed."""
    data = b"# -*- coding: cp932 -*-\n# \x87\x90\n" + SIMPLE.encode("ascii")
    (tmp_path / "m.py").write_bytes(data)
    fix(tmp_path, status=1)
    assert (tmp_path / "m.py").read_bytes() == data
    assert "do not come back the same when decoded as cp932" in capsys.readouterr().err


def test_a_read_only_file_is_not_written(tmp_path: Path, capsys):
    """W6: a 0444 file in a writable folder was replaced by a new file renamed over it."""
    path = tmp_path / "m.py"
    path.write_text(SIMPLE)
    os.chmod(path, 0o444)
    try:
        fix(tmp_path, status=1)
        assert path.read_text() == SIMPLE
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o444
        assert "the file is read-only; not written" in capsys.readouterr().err
    finally:
        os.chmod(path, 0o644)


def test_a_refused_file_shows_no_diff_and_exits_1(tmp_path: Path, capsys):
    """W7: every refusal exited 0, and `--diff` printed the change of a file then not written."""
    path = tmp_path / "m.py"
    path.write_text(SIMPLE)
    os.chmod(path, 0o444)
    try:
        fix(tmp_path, "--diff", status=1)
        assert "+@tf.function" not in capsys.readouterr().out
    finally:
        os.chmod(path, 0o644)
    fix(tmp_path, "--diff")
    assert "+@tf.function" in capsys.readouterr().out


def test_a_hard_link_given_twice_is_edited_once_and_said_so(tmp_path: Path, capsys):
    """Two names of one file are analysed as two files: the first is written, the second is
    reported as the same file (it read "changed while hybridize was running", a red team of
    session 35)."""
    write_project(tmp_path, {"hard.py": """
        import tensorflow as tf


        def f(x):
            return tf.reduce_sum(x * 2.0)


        print(f(tf.constant([1.0])))
        """})
    (tmp_path / "pkg").mkdir()
    os.link(tmp_path / "hard.py", tmp_path / "pkg" / "a.py")
    main(["fix", str(tmp_path), "--no-cache"])  # (1: a file left unchanged, the second name)
    text = (tmp_path / "hard.py").read_text()
    assert text.count("@tf.function") == 1
    assert (tmp_path / "pkg" / "a.py").read_text() == text
    assert "pkg/a.py: not changed: the same file as hard.py (a hard link), edited once" in \
        capsys.readouterr().err
