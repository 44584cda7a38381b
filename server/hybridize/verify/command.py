"""Parent side: the user's COMMAND, rewritten to start its Python under verify's runner, and one
run of it in a subprocess (its own process group: a timeout or Ctrl+C stops all of it).

Only commands that start a Python program can be verified: `python [OPTIONS] script.py ARGS`,
`python [OPTIONS] -m module ARGS`, `python -c CODE ARGS` (any interpreter named python*), and
`pytest ARGS` / `py.test ARGS` (started with the interpreter of the script's `#!` line).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hybridize

PYTHON_NAME = re.compile(r"python(\d+(\.\d+)*)?(\.exe)?$")
PYTEST_NAMES = ("pytest", "py.test")
# Interpreter options that take a value (`-W error`, `-X dev`); the others are flags.
OPTIONS_WITH_VALUE = ("-W", "-X", "--check-hash-based-pycs")
PLUGIN = "hybridize.verify.pytest_plugin"
GRACE_SECONDS = 5.0  # after SIGINT/SIGTERM, before SIGKILL


class CommandError(Exception):
    """COMMAND cannot be run under verify (the message says why)."""


@dataclass
class ChildCommand:
    interpreter: list[str]  # the interpreter and its options
    target: list[str]  # script.py ARGS | -m module ARGS | -c CODE ARGS
    pytest: bool

    def argv(self, plan: Path, mode: str, records: Path) -> list[str]:
        return [*self.interpreter, "-m", "hybridize.verify.runner", "--plan", str(plan),
                "--mode", mode, "--records", str(records), "--", *self.target]


def child_command(command: list[str]) -> ChildCommand:
    if not command:
        raise CommandError("no COMMAND after --")
    program = Path(command[0]).name
    if program in PYTEST_NAMES:
        interpreter = _script_interpreter(command[0])
        return ChildCommand([interpreter], ["-m", "pytest", "-p", PLUGIN, *command[1:]], True)
    if not PYTHON_NAME.match(program):
        raise CommandError(f"verify runs a Python program (python ... or pytest ...), "
                           f"not {command[0]!r}")
    options, rest = _split_options(command[1:])
    if not rest:
        raise CommandError("the python command runs no script, -m module or -c code")
    pytest = rest[0] == "-m" and len(rest) > 1 and rest[1] == "pytest"
    if pytest:
        rest = ["-m", "pytest", "-p", PLUGIN, *rest[2:]]
    return ChildCommand([command[0], *options], rest, pytest)


def _split_options(args: list[str]) -> tuple[list[str], list[str]]:
    options: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ("-m", "-c") or not arg.startswith("-") or arg == "-":
            break
        if arg.startswith(("-m", "-c")):  # `-mpytest`, `-cCODE`
            return options, [arg[:2], arg[2:], *args[index + 1:]]
        options.append(arg)
        if arg in OPTIONS_WITH_VALUE and index + 1 < len(args):
            options.append(args[index + 1])
            index += 1
        index += 1
    rest = args[index:]
    if rest and rest[0] == "-":
        raise CommandError("a program read from standard input cannot be verified")
    if rest and rest[0] in ("-m", "-c") and len(rest) < 2:
        raise CommandError(f"python {rest[0]} needs an argument")
    return options, rest


def _script_interpreter(script: str) -> str:
    """The interpreter of a console script such as pytest (its `#!` line)."""
    found = shutil.which(script)
    if found is None:
        raise CommandError(f"{script}: not found")
    try:
        with open(found, "rb") as handle:
            first = handle.readline(1000).decode("utf-8", "replace").strip()
    except OSError as exc:
        raise CommandError(f"{found}: cannot read: {exc.strerror or exc}") from exc
    if not first.startswith("#!"):
        raise CommandError(f"{found}: not a Python script; use `python -m pytest` instead")
    parts = first[2:].split()
    if parts and Path(parts[0]).name == "env" and len(parts) > 1:
        parts = parts[1:]
    if not parts or not PYTHON_NAME.match(Path(parts[0]).name):
        raise CommandError(f"{found}: not a Python script; use `python -m pytest` instead")
    return parts[0]


def child_environment(folder: Path) -> dict[str, str]:
    """The user's environment, with this `hybridize` package importable by the child's
    interpreter (a link in `folder`, first on PYTHONPATH: only the package, none of the
    packages installed next to it)."""
    link = folder / "path" / "hybridize"
    link.parent.mkdir(exist_ok=True)
    if not link.exists():
        link.symlink_to(Path(hybridize.__file__).resolve().parent, target_is_directory=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(link.parent),
                                                      env.get("PYTHONPATH")]))
    return env


@dataclass
class RunResult:
    exit_status: int | None  # None: killed (timeout or interrupt) before it exited
    seconds: float
    timed_out: bool
    log: Path  # its standard output and error


def run_child(argv: list[str], env: dict[str, str], log: Path, timeout: float | None,
              tick: Callable[[float], None] | None = None) -> RunResult:
    """Run `argv` in a new process group, output to `log`; on timeout SIGTERM the group (the
    runner writes its records), then SIGKILL. KeyboardInterrupt stops the group, then rises."""
    start = time.monotonic()
    with open(log, "wb") as output:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            while True:
                try:
                    status = process.wait(timeout=0.2)
                    return RunResult(status, time.monotonic() - start, False, log)
                except subprocess.TimeoutExpired:
                    elapsed = time.monotonic() - start
                    if tick is not None:
                        tick(elapsed)
                    if timeout is not None and elapsed > timeout:
                        _stop(process, signal.SIGTERM)
                        return RunResult(None, time.monotonic() - start, True, log)
        except BaseException:
            _stop(process, signal.SIGINT)
            raise


def _stop(process: subprocess.Popen[bytes], first: signal.Signals) -> None:
    for sig in (first, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=GRACE_SECONDS)
            # The group may outlive its leader (workers it started): end them too.
            os.killpg(process.pid, signal.SIGKILL)
            return
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return
