"""Bad input is reported under `errors` (with a line where known); every other file is analysed."""

from __future__ import annotations

import os
from pathlib import Path

from helpers_project import analyse, verdicts, write_project

GOOD = """
import tensorflow as tf

def double(x):
    return x * 2.0

double(tf.constant(1.0))
"""


def errors_by_file(result):
    return {e.file: e for e in result.errors}


def test_each_kind_of_bad_file_is_reported_and_the_good_file_still_analysed(tmp_path: Path):
    write_project(tmp_path, {
        "good.py": GOOD,
        "syntax.py": "def broken(:\n    pass\n",
        "half_typed.py": "import tensorflow as tf\n\ndef step(x):\n    return tf.reduce_sum(x\n",
    })
    (tmp_path / "latin1.py").write_bytes("x = 'caf\xe9'\n".encode("latin-1"))
    deep = "x = " + "(" * 400 + "1" + ")" * 400 + "\n"
    (tmp_path / "deep_parens.py").write_text(deep)
    os.symlink("loop_b.py", tmp_path / "loop_a.py")
    os.symlink("loop_a.py", tmp_path / "loop_b.py")
    os.symlink("missing_target.py", tmp_path / "dangling.py")
    (tmp_path / "folder.py").mkdir()

    result = analyse(tmp_path)
    errors = errors_by_file(result)

    assert errors["syntax.py"].line == 1
    assert errors["half_typed.py"].line is not None
    assert "decode" in errors["latin1.py"].message
    assert "nested" in errors["deep_parens.py"].message or "parenthes" in errors[
        "deep_parens.py"].message
    for name in ("loop_a.py", "loop_b.py", "dangling.py", "folder.py"):
        assert errors[name].message.startswith("cannot read"), name
    report = verdicts(result)["good.py::double"]
    assert report.transformation is not None and report.transformation.value == "CONVERT_TO_HYBRID"


def test_a_very_long_expression_chain_does_not_crash(tmp_path: Path):
    chain = "x = " + " + ".join(["1"] * 30000) + "\n"
    write_project(tmp_path, {"good.py": GOOD})
    (tmp_path / "chain.py").write_text(chain)
    result = analyse(tmp_path)
    assert "good.py::double" in verdicts(result)
    # Either analysed or reported: never an exception.
    assert all(e.file == "chain.py" for e in result.errors)


def test_pep263_encoded_file_is_decoded(tmp_path: Path):
    source = "# -*- coding: latin-1 -*-\nimport tensorflow as tf\n\ndef f(x):\n" \
             "    s = 'caf\xe9'\n" \
             "    return tf.exp(x)\n\nf(tf.constant(1.0))\n"
    (tmp_path / "enc.py").write_bytes(source.encode("latin-1"))
    result = analyse(tmp_path)
    assert result.errors == []
    assert verdicts(result)["enc.py::f"].transformation.value == "CONVERT_TO_HYBRID"


def test_twenty_thousand_line_file(tmp_path: Path):
    lines = ["import tensorflow as tf", ""]
    for i in range(2000):
        lines += [f"def f{i}(x):", f"    y = tf.square(x) + {i}", "    z = y * 2.0",
                  "    w = tf.reduce_sum(z)", "    v = w - 1.0", "    u = v / 3.0",
                  "    return u", "", ""]
    lines += [f"f{i}(tf.constant([1.0]))" for i in range(2000)]
    (tmp_path / "huge.py").write_text("\n".join(lines) + "\n")
    assert len(lines) >= 20000
    result = analyse(tmp_path)
    assert result.errors == []
    found = verdicts(result)
    assert len(found) == 2000
    assert all(r.transformation is not None for r in found.values())


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch):
    write_project(tmp_path, {"good.py": GOOD, "secret.py": "x = 1\n"})
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.py":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = analyse(tmp_path)
    assert errors_by_file(result)["secret.py"].message == "cannot read: Permission denied"
    assert "good.py::double" in verdicts(result)


def test_analysis_never_imports_the_code(tmp_path: Path):
    marker = tmp_path / "imported.txt"
    write_project(tmp_path, {"evil.py": f"""
        open({str(marker)!r}, "w").write("ran")
        import tensorflow as tf

        def f(x):
            return tf.exp(x)

        f(tf.constant(1.0))
        """})
    analyse(tmp_path)
    assert not marker.exists()
