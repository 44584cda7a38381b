"""`hybridize.verify` (workspace/executeCommand): run `hybridize verify` on a workspace folder as
a subprocess, when the user asks, with cancellable progress.

The command to run after `--` is the argument's (`{"command": [...], "folder": URI,
"workDoneToken": TOKEN}`, all optional; a client that shows the progress itself names its token)
or the `hybridize.verify.command` setting; without either the server runs nothing and says which
setting to set. The subprocess gets no standard input and its standard output goes to a file (the
server's own are the protocol channel); its standard error lines ("running as written...") are
the progress messages. It runs in its own process group: cancelling the progress
(window/workDoneProgress/cancel) or `hybridize.verifyCancel` sends it SIGINT, which verify
handles as Ctrl+C (it stops the run in progress, the user's command included), then SIGKILL
after a grace period. One run at a time; the server keeps answering meanwhile (asyncio).
When it ends the latest report (stored by verify in the cache folder, hybridize.verify.latest)
is what hover, code actions and diagnostics show: they are refreshed.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import shlex
import shutil
import signal
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from hybridize.lsp.documents import path_of
from hybridize.lsp.session import Folder
from hybridize.verify.latest import read_report

if TYPE_CHECKING:
    from hybridize.lsp.server import HybridizeServer

log = logging.getLogger("hybridize.lsp")

VERIFY = "hybridize.verify"
VERIFY_CANCEL = "hybridize.verifyCancel"
GRACE_SECONDS = 10.0  # after SIGINT, before SIGKILL (verify itself gives its child 5 s)
TAIL_LINES = 40
PREFIX = "hybridize: "
# `python -c` puts the current folder (the project) first on sys.path: replace it with the
# folder holding this `hybridize` package, so that no module of the project shadows it.
BOOT = ("import sys; sys.path[0] = {folder!r}; from hybridize.cli import main; "
        "sys.exit(main(sys.argv[1:]))")
UNSET = ("Hybridize: set `hybridize.verify.command` to the command that runs your tests or a "
         "script (for example `python -m pytest tests` or `python train.py --steps 50`): "
         "verify runs it twice, as written and with the proposals")


class Verifier:
    """The one verify run of a server (or none)."""

    def __init__(self, ls: HybridizeServer) -> None:
        self.ls = ls
        self.process: asyncio.subprocess.Process | None = None
        self.active = False  # from the request to its answer (the process starts later)
        self.cancelled = False

    @property
    def busy(self) -> bool:
        return self.active

    def cancel(self) -> bool:
        """Stop the run in progress (its whole process group); False when none runs."""
        if not self.interrupt():
            return False
        if self.process is not None:
            asyncio.get_running_loop().call_later(GRACE_SECONDS, _kill_if_running, self.process)
        return True

    def interrupt(self) -> bool:
        """SIGINT to the run in progress (verify then stops the user's command itself); also
        when the server shuts down or exits: verify and the command run in their own process
        groups, which the end of the server would not end."""
        process = self.process
        if self.active and process is None:
            self.cancelled = True  # not started yet: it will not be
            return True
        if process is None or process.returncode is not None:
            return False
        self.cancelled = True
        _signal_group(process.pid, signal.SIGINT)
        return True

    async def run(self, folder: Folder, command: list[str], timeout: float,
                  given_token: str | int | None = None) -> dict[str, Any]:
        """`given_token`: a progress token the client made (its own progress display), used
        instead of creating one."""
        self.active, self.cancelled = True, False
        try:
            return await self._run(folder, command, timeout, given_token)
        finally:
            self.active = False

    async def _run(self, folder: Folder, command: list[str], timeout: float,
                   given_token: str | int | None) -> dict[str, Any]:
        ls = self.ls
        token = given_token if given_token is not None else await self._progress_token()
        shown = shlex.join(command)
        say = self._reporter(token)
        if token is not None:
            ls.work_done_progress.begin(token, types.WorkDoneProgressBegin(
                title="Hybridize verify", message=f"analysing, then running `{shown}`",
                cancellable=True))
            future = ls.work_done_progress.tokens.get(token)
            if future is not None:
                future.add_done_callback(lambda f: f.cancelled() and self.cancel())
        ls.window_log_message(types.LogMessageParams(
            type=types.MessageType.Info,
            message=f"Hybridize verify: running `{shown}` in {folder.root}, as written and with "
                    "the proposals applied in memory"))
        scratch = Path(tempfile.mkdtemp(prefix="hybridize-lsp-verify-"))
        output = scratch / "report.json"
        tail: list[str] = []
        if self.cancelled:  # cancelled before it started
            shutil.rmtree(scratch, ignore_errors=True)
            return self._finish(token, "cancelled", "cancelled before the command started")
        try:
            self.process = await asyncio.create_subprocess_exec(
                *verify_argv(folder, command, timeout, output), cwd=str(folder.root),
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE, start_new_session=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        except OSError as exc:
            return self._finish(token, "error", f"cannot start verify: {exc.strerror or exc}")
        if self.cancelled:  # cancelled while it was being started
            self.interrupt()
        try:
            await _follow(self.process, tail, say)
            status = await self.process.wait()
        finally:
            self.process = None
        if self.cancelled:
            shutil.rmtree(scratch, ignore_errors=True)
            return self._finish(token, "cancelled", "cancelled; the command was stopped")
        report = read_report(output)
        shutil.rmtree(scratch, ignore_errors=True)
        if report is None:
            last = next((line for line in reversed(tail) if line), f"exit status {status}")
            level = "done" if status == 0 else "error"
            return self._finish(token, level, last.removeprefix(PREFIX))
        self.refresh(folder)
        counts = report.counts()
        before, after = report.seconds
        times = "" if before is None or after is None else \
            f" (`{shown}`: {before:.1f} s as written, {after:.1f} s with the proposals)"
        summary = (f"{counts['confirmed']} confirmed, {counts['refuted']} refuted, "
                   f"{counts['not_exercised']} not exercised{times}")
        return self._finish(token, "done", summary, counts, refuted=counts["refuted"] > 0)

    def _finish(self, token: str | int | None, status: str, message: str,
                counts: dict[str, int] | None = None, refuted: bool = False) -> dict[str, Any]:
        ls = self.ls
        if token is not None:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))
        kind = types.MessageType.Error if status == "error" else \
            types.MessageType.Warning if refuted else types.MessageType.Info
        ls.window_show_message(types.ShowMessageParams(
            type=kind, message=f"Hybridize verify: {message}"))
        return {"status": status, "message": message, **(counts or {})}

    async def _progress_token(self) -> str | int | None:
        if not self.ls.caps.progress:
            return None
        token = f"hybridize-verify-{uuid.uuid4().hex[:8]}"
        try:
            await self.ls.work_done_progress.create_async(token)
        except Exception as exc:  # a client that refuses: run without progress
            log.warning("window/workDoneProgress/create failed: %s", exc)
            return None
        return token

    def _reporter(self, token: str | int | None) -> Callable[[str], None]:
        runs = {"n": 0}

        def say(line: str) -> None:
            text = line.removeprefix(PREFIX)
            if text.startswith("running ") and text.endswith("..."):
                runs["n"] += 1
                label = text.removeprefix("running ").removesuffix("...")
                count = runs["n"]
                text = f"run {count} of {max(count, 2)}: {label}"
            if token is not None:
                self.ls.work_done_progress.report(token, types.WorkDoneProgressReport(
                    message=text[:200]))

        return say

    def refresh(self, folder: Folder) -> None:
        """Show the new verdicts: diagnostics again (pushed, or a pull asked for), hover and
        code actions read the report when asked."""
        ls = self.ls
        if ls.caps.pull_diagnostics:
            ls.pull.cache.clear()
            try:
                ls.workspace_diagnostic_refresh(None)
            except Exception as exc:
                log.warning("workspace/diagnostic/refresh failed: %s", exc)
        ls.publish(folder)
        ls.publish_notebooks(folder)


def verify_argv(folder: Folder, command: list[str], timeout: float, output: Path) -> list[str]:
    """`hybridize verify ROOT` with the folder's analysis settings (the proposals shown in the
    editor), JSON to `output`, then `-- COMMAND`."""
    package_folder = str(Path(__file__).resolve().parents[2])
    settings = folder.settings
    options = ["--format", "json", "--output", str(output), "--timeout", f"{timeout:g}"]
    if settings.speculative:
        options.append("--speculative")
    if settings.infer_signatures:
        options.append("--infer-signatures")
    for glob in settings.exclude:
        options += ["--exclude", glob]
    return [sys.executable, "-c", BOOT.format(folder=package_folder), "verify",
            str(folder.root), *options, "--", *command]


async def _follow(process: asyncio.subprocess.Process, tail: list[str],
                  say: Callable[[str], None]) -> None:
    assert process.stderr is not None
    while True:
        raw = await process.stderr.readline()
        if not raw:
            return
        line = raw.decode("utf-8", "replace").rstrip()
        tail.append(line)
        del tail[:-TAIL_LINES]
        if line.startswith(PREFIX):
            say(line)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _kill_if_running(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        _signal_group(process.pid, signal.SIGKILL)


def command_of(argument: Any, folder: Folder) -> list[str]:
    """The command to verify: the argument's (a list, or a string split as a shell would),
    else the folder's setting."""
    given = argument.get("command") if isinstance(argument, dict) else None
    if isinstance(given, str):
        try:
            return shlex.split(given)
        except ValueError:
            return []
    if isinstance(given, list) and all(isinstance(c, str) for c in given):
        return list(given)
    return list(folder.settings.verify_command)


def register(server: HybridizeServer) -> None:
    # pygls resolves the handlers' annotations at run time: `ls` (the server) has none.
    @server.command(VERIFY)
    async def verify(ls, argument: Any = None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        verifier: Verifier = ls.verifier
        if verifier.busy:
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning,
                message="Hybridize verify: a run is already in progress (cancel it first)"))
            return {"status": "busy"}
        folder = _folder_of(ls, argument)
        if folder is None:
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error,
                message="Hybridize verify: no workspace folder to verify"))
            return {"status": "error"}
        command = command_of(argument, folder)
        if not command:
            ls.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error, message=UNSET))
            return {"status": "unset"}
        # A client may show the progress itself: it names the token (LSP's workDoneToken).
        token = argument.get("workDoneToken") if isinstance(argument, dict) else None
        return await verifier.run(folder, command, folder.settings.verify_timeout,
                                  token if isinstance(token, (str, int)) else None)

    @server.command(VERIFY_CANCEL)
    def verify_cancel(ls) -> dict[str, bool]:  # type: ignore[no-untyped-def]
        return {"cancelled": ls.verifier.cancel()}

    @server.feature(types.SHUTDOWN)
    async def on_shutdown(ls, *args: Any) -> None:  # type: ignore[no-untyped-def]
        ls.stopping = True  # a save of the analysis state in progress gives up (server.py)
        # Wait for the run to answer "cancelled": pygls then cancels the requests still
        # pending, and fails (dictionary changed size during iteration) on one that ends
        # while it does.
        if ls.verifier.interrupt():
            deadline = asyncio.get_running_loop().time() + GRACE_SECONDS
            while ls.verifier.busy and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.05)
            if ls.verifier.process is not None:
                _kill_if_running(ls.verifier.process)
            await asyncio.sleep(0.1)  # the response of the command goes out

    @server.feature(types.EXIT)
    def on_exit(ls, *args: Any) -> None:  # type: ignore[no-untyped-def]
        ls.verifier.interrupt()

    # The editor may also just close the pipe: the interpreter's exit stops the run too.
    atexit.register(server.verifier.interrupt)


def _folder_of(ls: HybridizeServer, argument: Any) -> Folder | None:
    """The argument's folder (`{"folder": uri}`, or a file's URI: its workspace folder), else
    the first workspace folder."""
    uri = argument.get("folder") if isinstance(argument, dict) else argument
    if isinstance(uri, str) and uri.startswith("file:"):
        folder = ls.session.folder_for(path_of(uri))
        return folder
    roots = [folder for folder in ls.session.folders if folder.file is None]
    return roots[0] if roots else None
