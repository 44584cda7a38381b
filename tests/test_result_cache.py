"""The command line's result cache (analysis/result_cache.py): an unchanged tree gets the last
run's result without being analysed again; any change the verdicts depend on (a file's bytes, a
file added, the settings) analyses it again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers_project import verdicts, write_project
from hybridize.analysis import Settings, analyze
from hybridize.analysis import workspace as W

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
