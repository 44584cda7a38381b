"""The command line's result cache (analysis/result_cache.py): an unchanged tree gets the last
run's result without being analysed again; any change the verdicts depend on (a file's bytes, a
file added, the settings) analyses it again."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import hybridize.analysis
import pytest
from helpers_project import verdicts, write_project
from hybridize.analysis import Settings, analyze, result_cache
from hybridize.analysis import workspace as W
from hybridize.report.json_report import join_json, json_parts, json_stream, render_json

OPS = """
import tensorflow as tf


def scale(x):
    return x * 2.0


def main():
    scale(tf.ones((2, 2)))
"""


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the cache key
    return tmp_path / "cache"


def analyses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the full analyses from now on."""
    calls: list[int] = []
    real = W._analyze

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(W, "_analyze", counted)
    return calls


def test_an_unchanged_tree_is_not_analysed_again(tmp_path: Path, env: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "p", {"ops.py": OPS})
    first = analyze([root], cache_dir=env)
    calls = analyses(monkeypatch)
    second = analyze([root], cache_dir=env)
    assert calls == []
    assert second.functions == first.functions and second.errors == first.errors
    assert second.digests == first.digests
    # A touch (same bytes, new mtime) is hashed and still counts as unchanged.
    path = root / "ops.py"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    assert analyze([root], cache_dir=env).functions == first.functions
    assert calls == []


@pytest.mark.parametrize("change", ["bytes", "new file", "settings", "removed file"])
def test_a_change_analyses_again(tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch,
                                 change: str) -> None:
    root = write_project(tmp_path / "p", {"ops.py": OPS, "extra.py": "def noop(x):\n"
                                          "    return x\n"})
    before = verdicts(analyze([root], cache_dir=env))
    assert before["ops.py::scale"].transformation == "CONVERT_TO_HYBRID"
    calls = analyses(monkeypatch)
    settings = None
    if change == "bytes":  # same size, other bytes: a print makes scale unsafe
        text = (root / "ops.py").read_text()
        (root / "ops.py").write_text(text.replace("    return x * 2.0",
                                                  "    print(x)\n    return x"))
    elif change == "new file":
        (root / "more.py").write_text("from ops import scale\n\n\ndef more(x):\n"
                                      "    return scale(x)\n")
    elif change == "removed file":
        (root / "extra.py").unlink()
    else:
        settings = Settings(speculative=True)
    after = verdicts(analyze([root], settings, cache_dir=env))
    assert calls == [1]
    if change == "bytes":
        assert after["ops.py::scale"].transformation is None
    if change == "new file":
        assert "more.py::more" in after
    if change == "removed file":
        assert "extra.py::noop" not in after
    # And the run after that one reuses the new result.
    assert verdicts(analyze([root], settings, cache_dir=env)) == after
    assert calls == [1]


def test_editor_texts_are_never_answered_from_the_cache(tmp_path: Path, env: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "p", {"ops.py": OPS})
    analyze([root], cache_dir=env)
    calls = analyses(monkeypatch)
    text = (root / "ops.py").read_text().replace("    return x * 2.0", "    print(x)\n"
                                                 "    return x")
    result = analyze([root], cache_dir=env, overrides={str(root / "ops.py"): text})
    assert calls == [1]
    assert verdicts(result)["ops.py::scale"].transformation is None


# ---------------------------------------------------------------- the command line's warm path

UNUSED = """
import tensorflow as tf


def scale(x):  # hybridize: ignore[HAS_PYTHON_SIDE_EFFECTS]
    return x * 2.0


def noisy(x):
    print(x)
    return x


def main():
    scale(tf.ones((2, 2)))
    noisy(tf.ones((2, 2)))
"""


def cli_json(root: Path, cache: Path | None, capsys: pytest.CaptureFixture[str],
             *extra: str) -> tuple[int, dict]:
    from hybridize.cli import main

    capsys.readouterr()
    where = ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    code = main(["check", str(root), "--format", "json", "--no-config", *where, *extra])
    report = json.loads(capsys.readouterr().out)
    report["stats"].pop("seconds")
    return code, report


@pytest.mark.parametrize("extra", [(), ("--warn-unused-ignores",), ("--fail-on", "hybridize"),
                                   ("--fail-on", "any", "--warn-unused-ignores"),
                                   ("--fail-on", "warning")])
def test_a_warm_json_report_is_the_cold_one_without_decoding_the_result(
        tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], extra: tuple[str, ...]) -> None:
    root = write_project(tmp_path / "p", {"ops.py": UNUSED, "extra.py": OPS})
    cold = cli_json(root, env, capsys, *extra)
    assert cold == cli_json(root, None, capsys, *extra)
    assert cold[1]["functions"]
    if "--warn-unused-ignores" in extra:
        assert cold[1]["unused_ignores"]
    calls = analyses(monkeypatch)
    decoded: list[int] = []
    real = result_cache.Stored.result

    def counted(self):  # type: ignore[no-untyped-def]
        decoded.append(1)
        return real(self)

    monkeypatch.setattr(result_cache.Stored, "result", counted)
    assert cli_json(root, env, capsys, *extra) == cold
    assert calls == [] and decoded == []
    # Another format reads the same kept result (decoded) and keeps its own view of it: the
    # next text run reads that, and a JSON run after it its view, still there.
    text = main_text(root, env, capsys, *extra)
    assert text and decoded == [1]
    assert main_text(root, env, capsys, *extra) == text and decoded == [1]
    assert cli_json(root, env, capsys, *extra) == cold and calls == []


def main_text(root: Path, cache: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    import re

    from hybridize.cli import main

    capsys.readouterr()
    main(["check", str(root), "--no-config", "--cache-dir", str(cache), *extra])
    return re.sub(r"files \([0-9.]+ s\)", "files (0 s)", capsys.readouterr().out)


def test_the_json_parts_join_to_the_rendered_report(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {"ops.py": UNUSED, "extra.py": OPS})
    result = analyze([root])
    result.seconds = 1.23456
    assert result.unused_ignores
    parts = json_parts(result)
    assert join_json(parts, result.seconds) == render_json(result)
    # A --no-cache run writes the same bytes one entry at a time.
    assert b"".join(json_stream(result)).decode("ascii") == render_json(result)
    result.unused_ignores = []
    assert join_json(parts, result.seconds, unused=False) == render_json(result)


def test_a_changed_view_is_not_written_out(tmp_path: Path, env: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The views are signed with the result: a byte changed in the stored JSON report makes
    the whole file ignored (and the tree analysed again)."""
    root = write_project(tmp_path / "p", {"ops.py": OPS})
    cold = cli_json(root, env, capsys)
    path = result_cache.result_path(env, root)
    data = path.read_bytes()
    at = data.rindex(b"scale")
    path.write_bytes(data[:at] + b"Scale" + data[at + 5:])
    calls = analyses(monkeypatch)
    assert cli_json(root, env, capsys) == cold
    assert calls == [1]


def test_the_observed_types_file_is_where_observed_py_keeps_it(tmp_path: Path) -> None:
    from hybridize.analysis.observed import observed_path

    assert result_cache.observed_file(tmp_path, tmp_path / "root") == \
        observed_path(tmp_path, tmp_path / "root")


@pytest.mark.xfail(condition=not hasattr(hybridize.analysis, "__getattr__"), strict=True,
                   reason="hybridize/analysis/__init__.py imports the engine eagerly until "
                   "patch speed-02 (lazy names) is applied")
def test_a_warm_json_run_does_not_import_the_engine(tmp_path: Path, env: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = write_project(tmp_path / "p", {"ops.py": OPS})
    cli_json(root, env, capsys)
    probe = ("import sys\nfrom hybridize.cli import main\n"
             f"main(['check', {str(root)!r}, '--format', 'json', '--no-config', "
             f"'--cache-dir', {str(env)!r}, '--output', {str(tmp_path / 'r.json')!r}])\n"
             "print(sorted(m for m in sys.modules if m.startswith('hybridize.analysis.')))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path /
                                                                                "config")})
    loaded = set(ast.literal_eval(done.stdout.strip().splitlines()[-1]))
    assert "hybridize.analysis.result_cache" in loaded  # it did look the result up
    assert not loaded & {"hybridize.analysis.facts", "hybridize.analysis.program",
                         "hybridize.analysis.workspace", "hybridize.analysis.decide"}
    assert json.loads((tmp_path / "r.json").read_text())["functions"]


def test_the_warm_json_bytes_are_the_cold_ones(tmp_path: Path, env: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Byte for byte, but for the seconds: to stdout and to --output."""
    import re

    from hybridize.cli import main

    root = write_project(tmp_path / "p", {"ops.py": UNUSED, "extra.py": OPS})
    texts = []
    for run in range(2):
        capsys.readouterr()
        main(["check", str(root), "--format", "json", "--no-config", "--cache-dir", str(env)])
        texts.append(capsys.readouterr().out)
        out = tmp_path / f"r{run}.json"
        main(["check", str(root), "--format", "json", "--no-config", "--cache-dir", str(env),
              "--output", str(out), "--warn-unused-ignores"])
        texts.append(out.read_text(encoding="utf-8"))
    same = [re.sub(r'"seconds": [0-9.e-]+', '"seconds": 0', text, count=1) for text in texts]
    assert same[0] == same[2] and same[1] == same[3] and same[0] != same[1]
    assert all(text.endswith("}\n") for text in texts)


def test_a_result_file_of_another_run_is_not_used(tmp_path: Path, env: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The pickled result lives beside the header (result_cache.result_file) and repeats its
    generation: the result of an earlier run found there (a run stopped between the two
    writes) is ignored, and the tree analysed again."""
    root = write_project(tmp_path / "p", {"ops.py": OPS})
    analyze([root], cache_dir=env)
    stored = result_cache.result_file(result_cache.result_path(env, root))
    earlier = stored.read_bytes()
    text = (root / "ops.py").read_text()
    (root / "ops.py").write_text(text.replace("    return x * 2.0", "    print(x)\n"
                                              "    return x"))
    after = verdicts(analyze([root], cache_dir=env))
    assert after["ops.py::scale"].transformation is None
    stored.write_bytes(earlier)  # signed by this user, but for the first run's header
    calls = analyses(monkeypatch)
    assert verdicts(analyze([root], cache_dir=env)) == after
    assert calls == [1]


@pytest.mark.parametrize("extra", [(), ("--verbose",), ("--warn-unused-ignores",),
                                   ("--fail-on", "hybridize")])
def test_a_warm_text_report_is_the_cold_one_without_decoding_the_result(
        tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], extra: tuple[str, ...]) -> None:
    """To a file or a pipe the text report is kept too (report/stored.text_view): a warm run
    writes it, and the summary table with its own seconds."""
    import re

    from hybridize.cli import main

    root = write_project(tmp_path / "p", {"ops.py": UNUSED, "extra.py": OPS})

    def run(*where: str) -> tuple[int, str, str]:
        capsys.readouterr()
        out = tmp_path / "report.txt"
        code = main(["check", str(root), "--no-config", *where, *extra, "--output", str(out)])
        written = out.read_text(encoding="utf-8")
        capsys.readouterr()
        main(["check", str(root), "--no-config", *where, *extra])
        shown = capsys.readouterr().out
        return code, *(re.sub(r"files \([0-9.]+ s\)", "files (0 s)", text)
                       for text in (written, shown))

    scratch = run("--no-cache")
    cold = run("--cache-dir", str(env))
    assert cold == scratch and cold[1] == cold[2]
    assert "functions in 2 files (0 s)" in cold[1] and "refactorable:" in cold[1]
    if "--warn-unused-ignores" in extra:
        assert "Unused suppressions" in cold[1]
    calls = analyses(monkeypatch)
    monkeypatch.setattr(result_cache.Stored, "result", lambda self: pytest.fail("decoded"))
    assert run("--cache-dir", str(env)) == cold
    assert calls == []
