"""The analysis state kept between sessions: a server writes it to the cache folder once the user
is idle, and the next server on the same folder indexes from it (docs/cache.md)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from hybridize.lsp.server import SAVE_IDLE_S
from lsp_support import QUIET, default_options, server_env, spawn, start, stop, wait_for
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")

FILES = ("ops.py", "train.py", "reporting.py")


def _snapshots(scratch: Path) -> list[Path]:
    # spawn() points XDG_CACHE_HOME at scratch / "cache" (lsp_support.server_env).
    folder = scratch / "cache" / "hybridize" / "workspaces"
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def _end_message(client) -> str:
    for reports in client.progress_reports.values():
        if reports and isinstance(reports[-1], types.WorkDoneProgressEnd):
            return reports[-1].message or ""
    return ""


def _shown(session) -> dict[str, list[tuple]]:
    return {rel: sorted((d.range.start.line, d.range.start.character, str(d.code), d.message)
                        for d in session.diagnostics(rel)) for rel in FILES}


async def _settled(session) -> dict[str, list[tuple]]:
    session.open(*FILES)
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    await session.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    await asyncio.sleep(QUIET)
    return _shown(session)


async def test_the_next_session_indexes_from_the_saved_state(client, workspace, tmp_path):
    first = await start(client, workspace, "visual_studio_code")
    await first.indexed()
    assert "unchanged since the last session" not in _end_message(client)
    before = await _settled(first)
    saved = await wait_for(lambda: _snapshots(tmp_path) or None,
                           "the analysis state written to the cache folder once idle")
    assert not list(saved[0].parent.glob(".*.tmp")), "a temporary file was left behind"

    # A file changed on disk since: read again, the rest from the state. (The first server
    # keeps running, left to the fixture: it has nothing more to write.)
    (workspace / "reporting.py").write_text(
        (workspace / "reporting.py").read_text() + "\n\ndef added(x):\n    return x\n")
    second_client = await spawn(tmp_path)
    try:
        second = await start(second_client, workspace, "visual_studio_code")
        await second.indexed()
        message = _end_message(second_client)
        assert "files unchanged since the last session" in message, message
        after = await _settled(second)
        assert after == before, "the diagnostics differ from the session that wrote the state"
    finally:
        await stop(second_client)


async def test_the_cache_setting_off_neither_reads_nor_writes_the_state(client, workspace,
                                                                       tmp_path):
    # A state on disk for the folder, written by `hybridize check` (the same file).
    env = server_env(tmp_path)
    done = subprocess.run([sys.executable, "-I", "-m", "hybridize", "check", str(workspace)],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    saved = _snapshots(tmp_path)
    assert len(saved) == 1, done.stderr
    written = saved[0].stat().st_mtime_ns

    s = await start(client, workspace, "visual_studio_code", default_options(cache=False))
    await s.indexed()
    message = _end_message(client)
    assert "since the last session" not in message, message  # not read
    await _settled(s)
    await asyncio.sleep(2 * SAVE_IDLE_S + QUIET)
    assert [p.stat().st_mtime_ns for p in _snapshots(tmp_path)] == [written], \
        "the server wrote its state with the cache setting off"
    # Switched on during the session: written at the next idle time.
    s.configure(default_options(cache=True))
    await wait_for(lambda: [p for p in _snapshots(tmp_path)
                            if p.stat().st_mtime_ns != written] or None,
                   "the state written once the setting is on")
    assert not [m.message for m in client.messages if "cache" in m.message]
