"""Reading the snapshot cache cannot run code (issue 11, "Security"; docs/cache.md).

A crafted pickle placed where the snapshot of a root lives (under `--cache-dir`, or under
`$XDG_CACHE_HOME` by default) is ignored with a message, and the code it names never runs: not
when it is unsigned, not when its tag is forged, and not even when it is signed with the user's
own key (the unpickler builds only the analysis' data classes).
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hybridize.analysis.cache_file import MAGIC, TAG_BYTES, _mac, key_path, load_key
from hybridize.analysis.result_cache import result_path
from hybridize.analysis.workspace import (
    default_cache_dir,
    load_snapshot,
    root_of,
    snapshot_path,
)

SERVER = Path(__file__).resolve().parent.parent / "server"
PROJECT = {"ops.py": "import tensorflow as tf\n\ndef scale(x):\n    return x * 2.0\n\n"
                     "scale(tf.ones((2, 2)))\n"}


class Payload:
    """Unpickling this runs `exec(code)`: the classic pickle attack."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (self.code,)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A private config (the key) and cache folder for this test, here and in subprocesses."""
    values = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "xc")}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return {**os.environ, **values, "PYTHONPATH": str(SERVER)}


def make_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name, text in PROJECT.items():
        (root / name).write_text(text)
    return root


def evil_pickle(marker: Path) -> bytes:
    return pickle.dumps(Payload(f"open({str(marker)!r}, 'w').write('ran')"),
                        protocol=pickle.HIGHEST_PROTOCOL)


def check(root: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "hybridize", "check", "-v", str(root), *extra],
                          env=env, capture_output=True, text=True, timeout=120,
                          cwd=root.parent)
    assert proc.returncode == 0, proc.stderr
    assert "scale" in proc.stdout  # the analysis ran, from scratch
    return proc


@pytest.mark.parametrize("where", ["--cache-dir", "XDG_CACHE_HOME"])
def test_an_unsigned_pickle_in_the_cache_is_ignored_and_never_run(
        tmp_path: Path, env: dict[str, str], where: str) -> None:
    root = make_project(tmp_path)
    marker = tmp_path / "marker"
    if where == "--cache-dir":
        cache, extra = tmp_path / "cache", ("--cache-dir", str(tmp_path / "cache"))
    else:
        cache, extra = Path(env["XDG_CACHE_HOME"]) / "hybridize", ()
        assert default_cache_dir() == cache
    snapshot = snapshot_path(cache, root_of([root]))
    snapshot.parent.mkdir(parents=True)
    snapshot.write_bytes(evil_pickle(marker))
    proc = check(root, env, *extra)
    assert not marker.exists(), "unpickling the cache ran the payload"
    assert "ignoring the cache snapshot" in proc.stderr and "not a signed snapshot" in proc.stderr
    # The run replaced it with a signed snapshot that the next run uses.
    assert snapshot.read_bytes().startswith(MAGIC)
    assert load_snapshot(snapshot) is not None


def test_a_forged_tag_is_refused_with_a_warning(tmp_path: Path, env: dict[str, str]) -> None:
    root = make_project(tmp_path)
    marker = tmp_path / "marker"
    cache = tmp_path / "cache"
    check(root, env, "--cache-dir", str(cache))  # makes the key and a good snapshot
    snapshot = snapshot_path(cache, root_of([root]))
    snapshot.write_bytes(MAGIC + b"\0" * TAG_BYTES + evil_pickle(marker))
    # The result kept for an unchanged tree (read first) is forged the same way.
    result_path(cache, root_of([root])).write_bytes(MAGIC + b"\0" * TAG_BYTES +
                                                     evil_pickle(marker))
    proc = subprocess.run([sys.executable, "-m", "hybridize", "check", str(root),
                           "--cache-dir", str(cache)], env=env, capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    # Shown without -v: a snapshot with a bad tag may have been planted.
    assert "ignoring the cached result" in proc.stderr, proc.stderr
    assert "ignoring the cache snapshot" in proc.stderr, proc.stderr
    assert proc.stderr.count("was not written by hybridize with this user's key") == 2


def test_even_a_correctly_signed_payload_cannot_call_anything(
        tmp_path: Path, env: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    """A leaked key lets someone sign a file, but the unpickler builds data classes only."""
    marker = tmp_path / "marker"
    key = load_key(create=True)
    snapshot = tmp_path / "cache" / "workspaces" / "x.pickle"
    snapshot.parent.mkdir(parents=True)
    payload = evil_pickle(marker)
    mac = _mac(key, snapshot)
    mac.update(payload)
    snapshot.write_bytes(MAGIC + mac.digest() + payload)
    with caplog.at_level("INFO", logger="hybridize.cache"):
        assert load_snapshot(snapshot) is None
    assert not marker.exists()
    assert "may not name builtins.exec" in caplog.text


def test_the_key_is_private_and_outside_the_cache(tmp_path: Path, env: dict[str, str],
                                                 caplog: pytest.LogCaptureFixture) -> None:
    root = make_project(tmp_path)
    cache = tmp_path / "cache"
    check(root, env, "--cache-dir", str(cache))
    path = key_path()
    assert path == Path(env["XDG_CONFIG_HOME"]) / "hybridize" / "cache-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    snapshot = snapshot_path(cache, root_of([root]))
    assert stat.S_IMODE(snapshot.stat().st_mode) == 0o600
    assert load_snapshot(snapshot) is not None
    # A key that others can read could sign snapshots for them: not used.
    path.chmod(0o644)
    with caplog.at_level("INFO", logger="hybridize.cache"):
        assert load_snapshot(snapshot) is None
    assert "can be read or written by other users" in caplog.text


def test_a_fifo_or_symlink_in_place_of_the_snapshot_is_not_read(
        tmp_path: Path, env: dict[str, str]) -> None:
    snapshot = tmp_path / "workspaces" / "x.pickle"
    snapshot.parent.mkdir()
    os.mkfifo(snapshot)
    assert load_snapshot(snapshot) is None  # returns at once instead of waiting for a writer
    snapshot.unlink()
    snapshot.symlink_to("/dev/zero")
    assert load_snapshot(snapshot) is None
