"""Bad input is reported under `errors` (with a line where known); every other file is analysed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project
from hybridize.analysis import workspace

SERVER = Path(__file__).resolve().parents[1] / "server"

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
        lines += [f"def f{i}(x):", f"    y = tf.square(x) + {i + 1}", "    z = y * 2.0",
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
    original = os.open

    def refuse(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied")
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)  # tests run as root: chmod would not stop a read
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


# --- files that are not what their name says, names that are not text, outputs that cannot be
# written: run through the command line in a subprocess so that a hang fails the test instead of
# stopping the suite.

CLI_TIMEOUT = 60


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hybridize", *map(str, args)],
                          capture_output=True, text=True, timeout=CLI_TIMEOUT,
                          env={**os.environ, "PYTHONPATH": str(SERVER)}, errors="replace")


def test_a_fifo_and_a_link_to_a_device_are_reported_not_read(tmp_path: Path):
    write_project(tmp_path, {"good.py": GOOD})
    os.mkfifo(tmp_path / "x.py")  # opening it to read would wait for a writer forever
    os.symlink("/dev/zero", tmp_path / "zero.py")  # reading it would never end
    done = run_cli("check", "--no-cache", "--format", "json", tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    errors = {e["file"]: e["message"] for e in report["errors"]}
    assert errors["x.py"] == "cannot read: not a regular file"
    assert errors["zero.py"] == "cannot read: not a regular file"
    assert [f["qualname"] for f in report["functions"]] == ["double"]


def test_a_fifo_given_by_name_is_reported(tmp_path: Path):
    os.mkfifo(tmp_path / "x.py")
    done = run_cli("check", "--no-cache", "--format", "json", tmp_path / "x.py")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["errors"][0]["message"] == "cannot read: not a regular file"


def test_a_file_over_the_size_cap_is_skipped_unread(tmp_path: Path, monkeypatch):
    write_project(tmp_path, {"good.py": GOOD})
    with open(tmp_path / "big.py", "wb") as handle:
        handle.truncate(workspace.MAX_FILE_BYTES + 1)  # sparse: nothing to read but its size
    reads: list[str] = []
    real_open, real_read_bytes = os.open, Path.read_bytes

    def spy_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    def spy_read_bytes(self: Path) -> bytes:
        reads.append(str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(os, "open", spy_open)
    monkeypatch.setattr(Path, "read_bytes", spy_read_bytes)
    result = analyse(tmp_path)
    assert errors_by_file(result)["big.py"].message.startswith("skipped: larger than")
    assert not any(path.endswith("big.py") for path in reads)
    assert "good.py::double" in verdicts(result)


def non_utf8_project(root: Path) -> Path:
    write_project(root, {"good.py": GOOD})
    name = os.fsencode(root) + b"/bad\xff.py"
    with open(name, "w", encoding="utf-8") as handle:
        handle.write(GOOD.replace("double", "triple"))
    os.mkdir(os.fsencode(root) + b"/pkg\xfe")
    with open(os.fsencode(root) + b"/pkg\xfe/inner.py", "w", encoding="utf-8") as handle:
        handle.write("x = 1\n")
    return root


@pytest.mark.parametrize("form", ["text", "json", "sarif"])
def test_file_names_that_are_not_utf8_are_reported(tmp_path: Path, form: str):
    root = non_utf8_project(tmp_path / "p")
    out = tmp_path / f"report.{form}"
    done = run_cli("check", "--no-cache", "--format", form, "--output", out, root)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    text = out.read_text(encoding="utf-8")  # the report is valid UTF-8 text
    shown = text if form == "text" else text.replace("\\\\", "\\")  # JSON doubles a \\
    assert "bad\\xff.py" in shown and "pkg\\xfe/inner.py" in shown
    if form == "json":
        report = json.loads(text)
        messages = {e["file"]: e["message"] for e in report["errors"]}
        assert messages["bad\\xff.py"] == "skipped: the file name is not valid UTF-8"
        assert [f["qualname"] for f in report["functions"]] == ["double"]
    # The same on stdout, without --output.
    done = run_cli("check", "--no-cache", "--format", form, root)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr


def test_fix_leaves_a_file_whose_name_is_not_utf8_alone(tmp_path: Path):
    root = non_utf8_project(tmp_path / "p")
    bad = os.fsencode(root) + b"/bad\xff.py"
    before = open(bad, "rb").read()
    done = run_cli("fix", "--no-cache", root)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert open(bad, "rb").read() == before
    assert "@tf.function" in (root / "good.py").read_text()


def test_output_into_a_missing_folder_fails_before_the_analysis(tmp_path: Path):
    write_project(tmp_path, {"good.py": GOOD})
    cache = tmp_path / "cache"
    done = run_cli("check", "--cache-dir", cache, "--output", tmp_path / "missing" / "out.json",
                   tmp_path / "good.py")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "missing" in done.stderr and "no such folder" in done.stderr
    assert not cache.exists()  # nothing was analysed (the analysis saves its snapshot there)


def test_an_editor_buffer_with_a_coding_cookie_is_not_decoded_again(tmp_path: Path):
    """The editor sends text, already decoded; only bytes from disk follow the cookie."""
    source = "# -*- coding: cp1252 -*-\nimport tensorflow as tf\n\ndef f(x):\n" \
             "    s = '\xc1 caf\xe9 \u20ac'\n    return tf.exp(x)\n\nf(tf.constant(1.0))\n"
    # Re-encoded as UTF-8 and decoded as cp1252, 'Á' (C3 81) fails: 0x81 is not in cp1252.
    path = tmp_path / "enc.py"
    path.write_bytes(source.encode("cp1252"))
    analyzer = workspace.Analyzer([tmp_path])
    for overrides in ({}, {str(path): source}):
        result = analyzer.run(overrides)
        assert result.errors == [], overrides
        assert verdicts(result)["enc.py::f"].transformation.value == "CONVERT_TO_HYBRID"


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    """`hybridize check . --format json | true` (a reader that closes the pipe before reading)
    printed a BrokenPipeError traceback."""
    for i in range(200):
        (tmp_path / f"m{i}.py").write_text(f"def f{i}(x):\n    return x\n", encoding="utf-8")
    run = subprocess.run(
        f"{sys.executable} -m hybridize check {tmp_path} --format json --no-cache | true",
        shell=True, capture_output=True, text=True, timeout=120, cwd=tmp_path.parent)
    assert "Traceback" not in run.stderr and "BrokenPipeError" not in run.stderr, run.stderr
