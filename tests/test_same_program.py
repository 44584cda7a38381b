"""The command line's last result taken for a run whose files changed only where the analysis
does not read (analysis/same_program.py): a comment, the words of a docstring. Every such run
must give what a run without a cache gives; any change the summaries see is analysed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers_project import verdicts, write_project
from hybridize.analysis import Settings, analyze, result_cache
from hybridize.analysis import workspace as W

OPS = '''
import tensorflow as tf


def scale(x):
    """Doubles x."""
    return x * 2.0  # the factor


def noisy(x):
    print(x)
    return x


def main():
    scale(tf.ones((2, 2)))
    noisy(tf.ones((2, 2)))
'''

EXTRA = "def noop(x):\n    return x\n"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the cache key
    return tmp_path / "cache"


def phases(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each program phase and facts phase from now on."""
    calls: list[str] = []
    resolve, decide = W.resolve_program, W.decide_all

    def resolved(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("program")
        return resolve(*args, **kwargs)

    def decided(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("facts")
        return decide(*args, **kwargs)

    monkeypatch.setattr(W, "resolve_program", resolved)
    monkeypatch.setattr(W, "decide_all", decided)
    return calls


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def same_as_scratch(root: Path, result: W.AnalysisResult, calls: list[str]) -> None:
    """The result is a run without a cache's (whose phases are not counted in `calls`)."""
    counted = len(calls)
    scratch = analyze([root])
    del calls[counted:]
    assert result.functions == scratch.functions
    assert result.errors == scratch.errors
    assert result.digests == scratch.digests  # the new bytes': fix edits check them
    assert result.unused_ignores == scratch.unused_ignores
    assert result.files == scratch.files


@pytest.mark.parametrize("old, new", [("# the factor", "# the factor, a float"),
                                      ('"""Doubles x."""', '"""Doubles x, twice."""'),
                                      ("return x * 2.0", "return x*2.0  ")])
def test_an_edit_the_summaries_do_not_see_is_the_last_result(
        tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    root = write_project(tmp_path / "p", {"ops.py": OPS, "extra.py": EXTRA})
    first = analyze([root], cache_dir=env)
    assert verdicts(first)["ops.py::scale"].transformation == "CONVERT_TO_HYBRID"
    calls = phases(monkeypatch)
    edit(root / "ops.py", old, new)
    result = analyze([root], cache_dir=env)
    assert calls == []  # neither the program nor the facts phase ran
    assert result.functions == first.functions
    assert result.digests != first.digests
    same_as_scratch(root, result, calls)
    # Saved with the new stats: the next run is a warm one.
    assert analyze([root], cache_dir=env).functions == first.functions
    assert calls == []


@pytest.mark.parametrize("old, new", [
    ("    return x * 2.0  # the factor", "    print(x)\n    return x * 2.0"),  # a verdict
    ("# the factor", "\n# the factor"),  # lines move: the reports' lines change
    ("# the factor", "# hybridize: ignore[HAS_PYTHON_SIDE_EFFECTS]"),  # a suppression
    ("def scale(x):", "def scale(y):\n    x = y"),
])
def test_an_edit_the_summaries_see_is_analysed(tmp_path: Path, env: Path,
                                               monkeypatch: pytest.MonkeyPatch, old: str,
                                               new: str) -> None:
    root = write_project(tmp_path / "p", {"ops.py": OPS, "extra.py": EXTRA})
    analyze([root], cache_dir=env)
    calls = phases(monkeypatch)
    edit(root / "ops.py", old, new)
    result = analyze([root], cache_dir=env)
    assert calls == ["program", "facts"]
    same_as_scratch(root, result, calls)


def test_edits_in_a_row(tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A comment edited again (the result names the summary the snapshot still holds), after a
    change of another file that the snapshot was not refreshed for."""
    monkeypatch.setattr(W, "SNAPSHOT_REFRESH", 1.0)  # the snapshot stays the first run's
    root = write_project(tmp_path / "p", {"ops.py": OPS, "extra.py": EXTRA})
    analyze([root], cache_dir=env)
    calls = phases(monkeypatch)
    edit(root / "extra.py", "return x", "return x + 1")
    analyze([root], cache_dir=env)
    assert calls == ["program", "facts"]
    for number in range(3):
        edit(root / "ops.py", "# the factor", f"# the factor {number}")
        result = analyze([root], cache_dir=env)
        assert calls == ["program", "facts"]
        same_as_scratch(root, result, calls)
    # extra.py's summary after the change is not in the snapshot: a comment there is analysed.
    edit(root / "extra.py", "return x + 1", "return x + 1  # one more")
    result = analyze([root], cache_dir=env)
    assert calls == ["program", "facts"] * 2
    same_as_scratch(root, result, calls)


def test_not_without_the_snapshot_or_with_observed_types(tmp_path: Path, env: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "p", {"ops.py": OPS, "extra.py": EXTRA})
    analyze([root], cache_dir=env)
    W.snapshot_path(env, root).unlink()
    calls = phases(monkeypatch)
    edit(root / "ops.py", "# the factor", "# the factor, a float")
    same_as_scratch(root, analyze([root], cache_dir=env), calls)
    assert calls == ["program", "facts"]
    # Observed types apply per file digest: where the cache folder has some for the root,
    # changed bytes are analysed (the settings and the observations are part of the key: a
    # first run with them, then the edit).
    settings = Settings(observed_from=env)
    observed = result_cache.observed_file(env, root)
    observed.parent.mkdir(parents=True, exist_ok=True)
    observed.write_text("{}")
    analyze([root], settings, cache_dir=env)
    edit(root / "ops.py", "# the factor, a float", "# the factor")
    analyze([root], settings, cache_dir=env)
    assert calls == ["program", "facts"] * 3
    # None there (the command line's default settings): the last result.
    observed.unlink()
    analyze([root], settings, cache_dir=env)
    edit(root / "ops.py", "# the factor", "# the factor, a float")
    same_as_scratch(root, analyze([root], settings, cache_dir=env), calls)
    assert calls == ["program", "facts"] * 4


def test_the_command_line(tmp_path: Path, env: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    """`check` with its default settings (observed types read from the cache folder)."""
    from hybridize.cli import main

    root = write_project(tmp_path / "p", {"ops.py": OPS, "extra.py": EXTRA})

    def report(*where: str) -> dict:
        capsys.readouterr()
        main(["check", str(root), "--format", "json", "--no-config", *where])
        data = json.loads(capsys.readouterr().out)
        data["stats"].pop("seconds")
        return data

    report("--cache-dir", str(env))
    calls = phases(monkeypatch)
    edit(root / "ops.py", "# the factor", "# the factor, a float")
    changed = report("--cache-dir", str(env))
    assert calls == []
    assert changed == report("--no-cache")


def summary_digest(root: Path, rel: str, module: str) -> str:
    """The digest workspace._analyze gives the summary of a top-level module's bytes."""
    named = f"{W.SUMMARY_FORMAT}\0{rel}\0{module}\0{module}\0"
    return hashlib.sha256(named.encode() + (root / rel).read_bytes()).hexdigest()


def test_a_forged_header_is_not_used(tmp_path: Path, env: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The header names the summaries of the result: it is used only once its signature
    holds. Forged to name the summary of ops.py after a change that makes scale unsafe, it
    would give the stale result."""
    root = write_project(tmp_path / "p", {"ops.py": OPS, "extra.py": EXTRA})
    analyze([root], cache_dir=env)
    header = result_cache.result_path(env, root)
    data = header.read_bytes()
    before = summary_digest(root, "ops.py", "ops")
    assert f'"ops.py": "{before}"'.encode() in data
    edit(root / "ops.py", "    return x * 2.0  #", "    print(x)\n    return x * 2.0  #")
    header.write_bytes(data.replace(before.encode(),
                                    summary_digest(root, "ops.py", "ops").encode()))
    calls = phases(monkeypatch)
    result = analyze([root], cache_dir=env)
    assert calls == ["program", "facts"]
    assert verdicts(result)["ops.py::scale"].transformation is None
    same_as_scratch(root, result, calls)
