"""hybridize.verify (workspace/executeCommand): the server runs `hybridize verify` on the folder
with the command the user gave, with cancellable progress, and then hover, code action titles
and diagnostics say what the run found. The fixture (tests/fixtures/verify/editor) has two
proposals: pytest confirms `scale` and refutes `weighted_mean` (a test that expects the eager
error type). Each verify run starts TensorFlow twice: tens of seconds on a loaded machine."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from lsp_support import (
    TITLE_CONVERT,
    default_options,
    server_env,
    start,
    stop,
    wait_for,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig

pytestmark = pytest.mark.asyncio(loop_scope="function")

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "verify" / "editor"
VERIFY = "hybridize.verify"
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_ops.py"]
RUN_TIMEOUT = 240.0


@pytest_asyncio.fixture(loop_scope="function")
async def client(tmp_path: Path):
    from lsp_support import make_client

    env = server_env(tmp_path)
    for name in ("HYBRIDIZE_VERIFY_FORCE", "PYTEST_ADDOPTS"):  # the outer pytest's
        env.pop(name, None)
    config = ClientServerConfig(server_command=[sys.executable, "-m", "hybridize", "serve"],
                                client_factory=make_client, server_env=env)
    lsp_client = await config.start()
    try:
        yield lsp_client
    finally:
        if not lsp_client.stopped:  # one test shuts the server down itself
            await stop(lsp_client)


def project(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def reports_of(client) -> list:
    return [value for values in client.progress_reports.values() for value in values]


def text_of(hover: types.Hover | None) -> str:
    assert hover is not None
    return hover.contents.value


async def test_verify_from_the_editor_shows_confirmed_and_refuted(client, tmp_path):
    s = await start(client, project(tmp_path), "visual_studio_code")
    s.open("ops.py")
    await s.indexed()
    result = await asyncio.wait_for(s.command(VERIFY, [{"command": PYTEST}]), RUN_TIMEOUT)
    assert result["status"] == "done", (result, client.messages)
    assert (result["confirmed"], result["refuted"], result["not_exercised"]) == (1, 1, 0)

    values = reports_of(client)
    begin = next(v for v in values if isinstance(v, types.WorkDoneProgressBegin)
                 and v.title == "Hybridize verify")
    assert begin.cancellable is True
    messages = [v.message for v in values if isinstance(v, types.WorkDoneProgressReport)]
    assert "run 1 of 2: as written" in messages, messages
    assert "run 2 of 2: with the proposals" in messages, messages
    end = [v for v in values if isinstance(v, types.WorkDoneProgressEnd)][-1]
    assert end.message.startswith("1 confirmed, 1 refuted, 0 not exercised"), end.message
    summary = client.messages[-1]
    assert summary.type == types.MessageType.Warning  # something was refuted
    assert "1 confirmed, 1 refuted" in summary.message

    scale = text_of(await s.hover("ops.py", s.name_range("ops.py", "scale").start))
    assert "Confirmed by your tests" in scale and "in `scale`" in scale, scale
    assert "exercised 5 times, same results on 5 calls" in scale
    weighted = text_of(await s.hover("ops.py", s.name_range("ops.py", "weighted_mean").start))
    assert "Refuted: `test_weighted_mean_of_stored_float64_values` failed" in weighted, weighted

    actions = await s.actions("ops.py", s.name_range("ops.py", "weighted_mean").start)
    titles = [a.title for a in actions]
    assert f"{TITLE_CONVERT} — refuted: `test_weighted_mean_of_stored_float64_values` " \
        "failed" in titles, titles
    actions = await s.actions("ops.py", s.name_range("ops.py", "scale").start)
    assert any(a.title.startswith(f"{TITLE_CONVERT} — confirmed by your tests: ")
               for a in actions), [a.title for a in actions]

    await s.wait_diagnostics("ops.py", lambda found: any(
        d.message.endswith("(refuted: `test_weighted_mean_of_stored_float64_values` failed)")
        for d in found if d.range == s.name_range("ops.py", "weighted_mean")),
        "the verdict in the diagnostic's message")

    # Edited since: the report is of an earlier text; the hover says so, the title says nothing.
    text = s.text("ops.py")
    s.change("ops.py", text.replace("    return x * factor", "    y = x * factor\n    return y"))
    changed = text_of(await s.hover("ops.py", s.name_range("ops.py", "scale").start))
    assert "Confirmed by your tests" not in changed
    assert "ran on an earlier text of this file" in changed, changed
    actions = await s.actions("ops.py", s.name_range("ops.py", "scale").start)
    assert TITLE_CONVERT in [a.title for a in actions]


@pytest.mark.parametrize("given", [None, "client-token-1"])
async def test_verify_is_cancelled_with_its_progress(client, tmp_path, given):
    """The server's own progress token, or one the client names (VS Code shows the progress
    itself, in a notification with a Cancel button)."""
    root = project(tmp_path)
    s = await start(client, root, "neovim")
    s.open("ops.py")
    await s.indexed()
    pid_file = tmp_path / "slow.pid"
    argument = {"command": [sys.executable, "slow.py", str(pid_file)]}
    if given:
        argument["workDoneToken"] = given
        client.progress_reports[given] = []  # as a client that made the token records it
    running = asyncio.ensure_future(s.command(VERIFY, [argument]))
    await wait_for(lambda: pid_file.exists() and pid_file.read_text(), "the command to start",
                   timeout=RUN_TIMEOUT)
    token = next(token for token, values in client.progress_reports.items()
                 if any(isinstance(v, types.WorkDoneProgressBegin)
                        and v.title == "Hybridize verify" for v in values))
    assert given is None or token == given
    await wait_for(lambda: "run 1 of 2: as written" in [
        v.message for v in client.progress_reports[token]
        if isinstance(v, types.WorkDoneProgressReport)], "the first run's progress")
    # One run at a time: a second request is refused while this one runs.
    busy = await s.command(VERIFY, [{"command": ["python", "x.py"]}])
    assert busy == {"status": "busy"}

    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    result = await asyncio.wait_for(running, 60)
    assert result["status"] == "cancelled", result
    end = client.progress_reports[token][-1]
    assert isinstance(end, types.WorkDoneProgressEnd) and "cancelled" in end.message
    pid = int(pid_file.read_text())
    await wait_for(lambda: not _alive(pid), f"the command (pid {pid}) to end", timeout=30)


async def test_shutting_the_server_down_stops_the_run(client, tmp_path):
    s = await start(client, project(tmp_path), "neovim")
    pid_file = tmp_path / "slow.pid"
    running = asyncio.ensure_future(s.command(VERIFY, [{"command": [
        sys.executable, "slow.py", str(pid_file)]}]))
    await wait_for(lambda: pid_file.exists() and pid_file.read_text(), "the command to start",
                   timeout=RUN_TIMEOUT)
    await asyncio.wait_for(client.shutdown_session(), 20)
    pid = int(pid_file.read_text())
    await wait_for(lambda: not _alive(pid), f"the command (pid {pid}) to end", timeout=30)
    running.cancel()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purpose (its parent, verify's runner, has not reaped it yet).
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


async def test_verify_without_a_command_runs_nothing_and_says_which_setting(client, tmp_path):
    s = await start(client, project(tmp_path), "visual_studio_code", default_options())
    result = await s.command(VERIFY)
    assert result == {"status": "unset"}
    assert "hybridize.verify.command" in client.messages[-1].message
    assert not any(isinstance(v, types.WorkDoneProgressBegin) and v.title == "Hybridize verify"
                   for v in reports_of(client))


async def test_the_command_setting_is_used(client, tmp_path):
    # A command verify refuses (not a Python program) shows verify's own error message.
    s = await start(client, project(tmp_path), "neovim",
                    default_options(verify={"command": "make test", "timeout": 30}))
    result = await asyncio.wait_for(s.command(VERIFY), RUN_TIMEOUT)
    assert result["status"] == "error", result
    assert "runs a Python program" in result["message"], result
    assert client.messages[-1].type == types.MessageType.Error


async def test_the_verdict_lines() -> None:
    """The one-line texts (titles, diagnostics) for the report's numbers, without a server."""
    from hybridize.lsp.verdicts import escape, short_line
    from hybridize.verify.latest import ProposalVerdict

    def line(status, speedup=None, tests=(), difference=None):
        return short_line(ProposalVerdict("m.py", "Model.train_step", "CONVERT_TO_HYBRID",
                                          status, "why", (3, 3), 3, speedup, difference,
                                          tuple(tests)))

    assert line("confirmed", 3.14) == "confirmed by your tests: 3.1x faster in `train_step`"
    assert line("confirmed", 667.4) == "confirmed by your tests: 667x faster in `train_step`"
    assert line("confirmed", 1.01) == "confirmed by your tests: as fast in `train_step`"
    assert line("confirmed", 0.294) == ("confirmed by your tests: same results, 0.29x the speed "
                                        "in `train_step` (tracing included)")
    assert line("refuted", tests=["t.py::test_loss", "t.py::test_acc"]) == \
        "refuted: `test_loss` and 1 more failed"
    assert line("refuted", difference="call 0 differed: returned 1.0 as written, 2.0") == \
        "refuted: call 0 differed: returned 1.0 as written, 2.0"
    assert line("not_exercised") == "not exercised by your tests"
    assert escape("a*b {{x}}") == "a\\*b \\{\\{x\\}\\}"


async def test_the_latest_report_is_read_as_data_and_per_file_digest(tmp_path) -> None:
    """verify keeps its report in the cache folder; the reader takes what it can check, leaves
    forced proposals and malformed entries out, and rereads the file when it changes."""
    import hashlib
    import json

    from hybridize.verify.latest import LatestReports, latest_path, read_report, store_latest

    root = tmp_path / "project"
    root.mkdir()
    cache = tmp_path / "cache"
    report = {"version": 1, "root": str(root), "command": ["python", "-m", "pytest"],
              "runs": {"original": {"seconds": 8.9}, "proposed": {"seconds": 8.6}},
              "digests": {"ops.py": hashlib.sha256(b"x = 1\n").hexdigest()},
              "proposals": [
                  {"file": "ops.py", "qualname": "scale", "transformation": "CONVERT_TO_HYBRID",
                   "status": "confirmed", "reason": "exercised 5 times", "speedup": 3.14,
                   "calls": {"original": 5, "proposed": 5}, "compared_calls": 5,
                   "difference": None, "failed_tests": [], "forced": False},
                  {"file": "ops.py", "qualname": "forced", "transformation": "CONVERT_TO_HYBRID",
                   "status": "refuted", "forced": True},
                  {"file": "ops.py", "qualname": 3, "status": "confirmed"},
                  "not an object"]}
    stored = store_latest(cache, root, json.dumps(report))
    assert stored == latest_path(cache, root) and stored.parent == cache / "verify"
    reports = LatestReports(cache)
    latest = reports.for_root(root)
    assert latest is not None and list(latest.verdicts) == [
        ("ops.py", "scale", "CONVERT_TO_HYBRID")]
    verdict = latest.verdict_for("ops.py", "scale", "CONVERT_TO_HYBRID")
    assert (verdict.status, verdict.speedup, verdict.calls) == ("confirmed", 3.14, (5, 5))
    assert latest.seconds == (8.9, 8.6)
    assert latest.is_current("ops.py", hashlib.sha256(b"x = 1\n").hexdigest())
    assert not latest.is_current("ops.py", hashlib.sha256(b"x = 2\n").hexdigest())
    assert not latest.is_current("other.py", None)
    os.utime(stored, ns=(stored.stat().st_atime_ns, stored.stat().st_mtime_ns - 5 * 10**9))
    settled = reports.for_root(root)
    assert reports.for_root(root) is settled  # unchanged older file: not read again
    report["proposals"][0]["status"] = "refuted"
    store_latest(cache, root, json.dumps(report) + " ")
    assert reports.for_root(root).verdict_for("ops.py", "scale",
                                             "CONVERT_TO_HYBRID").status == "refuted"
    for bad in ("{", "[]", json.dumps({**report, "version": 2}),
                json.dumps({**report, "proposals": {}})):
        stored.write_text(bad)
        assert read_report(stored) is None
    assert reports.for_root(tmp_path / "elsewhere") is None


async def test_the_verify_settings_are_the_editors_only() -> None:
    from hybridize.config import validate
    from hybridize.lsp.settings import parse_settings

    settings, problems = parse_settings({"verify": {"command": "python -m pytest 'a b'",
                                                    "timeout": 30}})
    assert problems == []
    assert (settings.verify_command, settings.verify_timeout) == (
        ("python", "-m", "pytest", "a b"), 30.0)
    settings, problems = parse_settings({"verify": {"command": ["pytest", "-x"]}})
    assert (settings.verify_command, settings.verify_timeout) == (("pytest", "-x"), 600.0)
    _, problems = parse_settings({"verify": {"command": 5, "timeout": 0, "shell": True}})
    assert problems == ["hybridize.verify.shell is not a setting",
                        "hybridize.verify.command must be a list of strings or a string, not 5",
                        "hybridize.verify.timeout must be a number of seconds from 1 to 86400, "
                        "not 0"]
    # A project's file cannot choose the command that runs.
    values, problems = validate({"verify": {"command": "python evil.py"}},
                                "[tool.hybridize] ", editor=False)
    assert values == {}
    assert problems == ["[tool.hybridize] verify is an editor setting, not read from a file"]


async def test_two_requests_at_once_run_once_and_verify_cancel_stops_it(client, tmp_path):
    s = await start(client, project(tmp_path), "neovim")
    pid_file = tmp_path / "slow.pid"
    argument = {"command": [sys.executable, "slow.py", str(pid_file)]}
    first = asyncio.ensure_future(s.command(VERIFY, [argument]))
    second = asyncio.ensure_future(s.command(VERIFY, [argument]))  # before the first started
    done, _ = await asyncio.wait([first, second], return_when=asyncio.FIRST_COMPLETED,
                                 timeout=RUN_TIMEOUT)
    assert [task.result() for task in done] == [{"status": "busy"}]
    running = second if first in done else first
    await wait_for(lambda: pid_file.exists() and pid_file.read_text(), "the command to start",
                   timeout=RUN_TIMEOUT)
    assert await s.command("hybridize.verifyCancel") == {"cancelled": True}
    assert (await asyncio.wait_for(running, 60))["status"] == "cancelled"
    assert await s.command("hybridize.verifyCancel") == {"cancelled": False}
    pid = int(pid_file.read_text())
    await wait_for(lambda: not _alive(pid), f"the command (pid {pid}) to end", timeout=30)


async def test_a_report_from_a_terminal_run_is_shown(client, tmp_path):
    """The latest report in the cache folder, however it was made (here written as `hybridize
    verify` in a terminal would keep it), is read by hover and code actions; reread when it
    changes; a report of another text of the file is shown as such."""
    import hashlib
    import json

    from hybridize.verify.latest import store_latest

    root = project(tmp_path)
    digest = hashlib.sha256((root / "ops.py").read_bytes()).hexdigest()

    def keep(status: str, speedup: float | None, digest: str) -> None:
        store_latest(tmp_path / "cache" / "hybridize", root, json.dumps({
            "version": 1, "root": str(root), "command": ["python", "train.py"],
            "digests": {"ops.py": digest}, "runs": {},
            "proposals": [{"file": "ops.py", "qualname": "scale",
                           "transformation": "CONVERT_TO_HYBRID", "status": status,
                           "reason": "exercised 41 times, same results on 20 calls",
                           "calls": {"original": 41, "proposed": 41}, "compared_calls": 20,
                           "speedup": speedup, "difference": None, "failed_tests": [],
                           "forced": False}]}))

    keep("confirmed", 3.14, digest)
    s = await start(client, root, "visual_studio_code")
    s.open("ops.py")
    await s.indexed()
    at_scale = s.name_range("ops.py", "scale").start
    text = text_of(await s.hover("ops.py", at_scale))
    assert "Confirmed by your tests: 3.1x faster in `scale`. exercised 41 times" in text, text
    assert "`python train.py`" in text
    titles = [a.title for a in await s.actions("ops.py", at_scale)]
    assert f"{TITLE_CONVERT} — confirmed by your tests: 3.1x faster in `scale`" in titles, titles
    weighted = text_of(await s.hover("ops.py", s.name_range("ops.py", "weighted_mean").start))
    assert "by your tests" not in weighted  # the report says nothing of it

    keep("not_exercised", None, digest)
    text = text_of(await s.hover("ops.py", at_scale))
    assert "Not exercised by your tests. exercised 41 times" in text, text

    keep("confirmed", 3.14, hashlib.sha256(b"another text").hexdigest())
    text = text_of(await s.hover("ops.py", at_scale))
    assert "ran on an earlier text of this file" in text and "3.1x" not in text, text
