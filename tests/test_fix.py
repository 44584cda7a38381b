"""`hybridize fix`: minimal edits that keep comments, add the import only when needed, are
idempotent, always parse, and never touch a file that changed since it was read."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from helpers_project import analyse, write_project
from hybridize.analysis.model import Transformation
from hybridize.cli import main
from hybridize.refactor import plan_changes, write_changes

PROJECT = {
    "pkg/__init__.py": "",
    "pkg/ops.py": '''
        """Numerical helpers."""
        from __future__ import annotations

        import numpy as np


        # Scale a batch; used by the trainer.
        def scale(x):  # keep this comment
            return x * 2.0


        def normalize(x):
            return x / 255.0
        ''',
    "pkg/train.py": '''
        import tensorflow as tf

        from pkg.ops import normalize, scale


        @tf.function  # retraces: epoch is a Python int
        def step(x, epoch):
            return x + epoch


        def main():
            x = tf.zeros((2, 2))
            for epoch in range(3):
                step(scale(normalize(x)), epoch)
        ''',
}


def test_fix_applies_edits_and_is_idempotent(tmp_path: Path, capsys):
    write_project(tmp_path, PROJECT)
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    ops = (tmp_path / "pkg/ops.py").read_text()
    train = (tmp_path / "pkg/train.py").read_text()
    # The import goes after the docstring and __future__, the decorator right above the def.
    assert ops.splitlines()[:4] == ['"""Numerical helpers."""',
                                    "from __future__ import annotations",
                                    "import tensorflow as tf", ""]
    assert "# Scale a batch; used by the trainer.\n@tf.function\n" \
        "def scale(x):  # keep this comment" in ops
    assert "@tf.function\ndef normalize(x):" in ops
    assert ops.count("import tensorflow as tf") == 1
    # The retracing decorator is removed with its comment line, nothing else changes.
    assert "@tf.function" not in train
    assert "def step(x, epoch):\n    return x + epoch" in train
    ast.parse(ops)
    ast.parse(train)

    before = {p: p.read_text() for p in tmp_path.rglob("*.py")}
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    after = {p: p.read_text() for p in tmp_path.rglob("*.py")}
    assert before == after


def test_dry_run_and_diff_change_nothing(tmp_path: Path, capsys):
    write_project(tmp_path, PROJECT)
    before = {p: p.read_text() for p in tmp_path.rglob("*.py")}
    assert main(["fix", str(tmp_path), "--no-cache", "--dry-run", "--diff"]) == 0
    out = capsys.readouterr().out
    assert "+@tf.function" in out and "-@tf.function  # retraces" in out
    assert before == {p: p.read_text() for p in tmp_path.rglob("*.py")}


def test_file_changed_after_analysis_is_not_written(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    result = analyse(tmp_path)
    changes = plan_changes(result)
    ops = tmp_path / "pkg/ops.py"
    ops.write_text(ops.read_text() + "\n# edited by the user meanwhile\n")
    write_changes(changes)
    assert ops.read_text().endswith("# edited by the user meanwhile\n")
    assert "@tf.function" not in ops.read_text()
    change = next(c for c in changes if c.file == "pkg/ops.py")
    assert change.error is not None and "changed" in change.error


def test_uses_the_files_own_alias_and_keeps_crlf(tmp_path: Path):
    source = ("import tensorflow as tfx\r\n\r\ndef f(x):\r\n    return tfx.exp(x)\r\n\r\n"
              "f(tfx.constant(1.0))\r\n")
    (tmp_path / "m.py").write_bytes(source.encode())
    main(["fix", str(tmp_path), "--no-cache"])
    assert (tmp_path / "m.py").read_bytes().decode() == source.replace(
        "def f(x)", "@tfx.function\r\ndef f(x)")


def test_name_tf_taken_by_another_module_uses_full_name(tmp_path: Path):
    write_project(tmp_path, {
        "tf.py": "def helper():\n    return 1\n",
        "m.py": """
            import tf
            from tensorflow import constant, exp

            def f(x):
                return exp(x)

            f(constant(1.0))
            """,
    })
    main(["fix", str(tmp_path), "--no-cache"])
    text = (tmp_path / "m.py").read_text()
    assert "import tensorflow\n" in text and "@tensorflow.function\ndef f(x):" in text
    ast.parse(text)


def test_json_report_follows_the_contract(tmp_path: Path, capsys):
    write_project(tmp_path, PROJECT)
    (tmp_path / "broken.py").write_text("def f(:\n")
    out = tmp_path / "report.json"
    assert main(["check", str(tmp_path), "--format", "json", "--output", str(out),
                 "--no-cache"]) == 0
    report = json.loads(out.read_text())
    assert report["version"] == 1 and report["tool"]["name"] == "hybridize"
    assert set(report["stats"]) >= {"files", "functions", "seconds"}
    assert report["errors"] == [{"file": "broken.py", "line": 1, "message": "invalid syntax"}]
    by_name = {(f["file"], f["qualname"]): f for f in report["functions"]}
    step = by_name[("pkg/train.py", "step")]
    assert step["hybrid"] is True
    assert step["refactoring"] == "OPTIMIZE_HYBRID_FUNCTION"
    assert step["transformation"] == "CONVERT_TO_EAGER" and step["precondition"] == "P3"
    assert step["line"] == 7  # the def line, not the decorator's
    main_fn = by_name[("pkg/train.py", "main")]
    assert main_fn["transformation"] is None and main_fn["precondition"] is None
    assert main_fn["failures"][0]["code"] == "HAS_NO_TENSOR_PARAMETERS"
    for entry in report["functions"]:
        assert set(entry) >= {"file", "qualname", "line", "hybrid", "refactoring",
                              "transformation", "precondition", "facts", "failures",
                              "assumptions"}
        assert set(entry["facts"]) >= {"tensor_parameter", "primitive_parameter",
                                       "side_effects", "recursive"}


def test_sarif_and_text_formats(tmp_path: Path, capsys):
    write_project(tmp_path, PROJECT)
    assert main(["check", str(tmp_path), "--format", "sarif", "--no-cache"]) == 0
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert rules == {"CONVERT_TO_HYBRID", "CONVERT_TO_EAGER"}
    assert main(["check", str(tmp_path), "--no-cache"]) == 0
    text = capsys.readouterr().out
    assert "pkg/ops.py" in text and "hybridize" in text and "make eager" in text


def test_bad_usage_exits_2(tmp_path: Path, capsys):
    try:
        main(["check", str(tmp_path / "nope")])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("expected exit status 2")


def test_only_transformed_functions_are_edited(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    result = analyse(tmp_path)
    transformed = {(r.file, r.qualname) for r in result.functions if r.transformation}
    assert transformed == {("pkg/ops.py", "scale"), ("pkg/ops.py", "normalize"),
                           ("pkg/train.py", "step")}
    assert all(r.transformation in (Transformation.CONVERT_TO_HYBRID,
                                    Transformation.CONVERT_TO_EAGER)
               for r in result.functions if r.transformation)


def test_later_rounds_of_many_files_run_from_scratch(tmp_path: Path, monkeypatch):
    """fix's later rounds analyse the edited texts; with more than INCREMENTAL_FILES files
    changed they start from scratch (the incremental run, made for an edit of a few files, ran
    for more than 15 minutes with 63 files of tf-models-official changed), and the edits are
    those of a run that updates incrementally."""
    from hybridize import cli
    from hybridize.analysis.workspace import Analyzer

    files = {f"m{i}.py": f"""
        import tensorflow as tf


        def scale{i}(x):
            return x * 2.0


        print(scale{i}(tf.constant([1.0])))
        """ for i in range(cli.INCREMENTAL_FILES + 2)}
    write_project(tmp_path, files)
    resets = []
    reset = Analyzer.reset
    monkeypatch.setattr(Analyzer, "reset", lambda self: (resets.append(1), reset(self))[1])
    assert main(["fix", str(tmp_path), "--no-cache", "--dry-run"]) == 0
    assert resets  # the second round, over every edited file
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    for i in range(cli.INCREMENTAL_FILES + 2):
        assert f"@tf.function\ndef scale{i}(x):" in (tmp_path / f"m{i}.py").read_text()
