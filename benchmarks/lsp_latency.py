"""Latency benchmark of the Hybridize language server at real scale (not a test).

Builds a workspace of real TensorFlow code, the pinned wheels of tests/realcode.py (by default
tf-models-official, gpflow and opennmt-tf: 1,386 files, 253 KLOC), starts
``python -m hybridize serve`` over stdio with pygls' ``LanguageClient`` and VS Code's client
capabilities, and measures in one run:

* the parse ceiling: reading and ``ast.parse``-ing every file in this process (CPU time);
* cold index time: ``initialized`` sent -> ``$/progress`` ``end``, and its ratio to the ceiling;
* when the server has written the analysis state to the cache folder (a folder of the run's own,
  as ``XDG_CACHE_HOME``) once idle after the index, and, at the end, the index of a second server
  started on the same workspace and cache folder (an editor opened again): its time, the requests
  answered meanwhile, and that its diagnostics are the cold index's;
* ``textDocument/codeAction`` and ``textDocument/hover`` round trips while indexing and after;
* ``didChange`` sent -> ``publishDiagnostics`` carrying the new version, for a file nothing
  depends on (``--leaf``) and for one whose functions thousands of call sites depend on
  (``--hub``); the server's RSS after every edit;
* that incremental equals from-scratch: after every full cycle of edits the text is the one
  the cold index analysed, and its diagnostics must be the cold index's; every other state of
  the cycle must get the same diagnostics each time it comes back.

    .venv/bin/python benchmarks/lsp_latency.py [--edits 1002] [--hub-edits 12] \
        [--requests 200] [--projects tf-models-official gpflow opennmt-tf] [--json OUT] [--keep]
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

from bench_common import machine, nonblank_lines, table
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path
from pytest_lsp import client_capabilities

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import realcode  # noqa: E402  (the pinned projects: one list for tests and benchmarks)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PROJECTS = ("tf-models-official", "gpflow", "opennmt-tf")
# A command-line script that no module imports, and the Model Garden's shape helpers, which
# about 600 call sites use directly and some 19,700 of the workspace's 67,000 read through
# what those calls return and pass on (counted from the engine's dependency index).
LEAF = "opennmt/bin/ark_to_records.py"
HUB = "official/modeling/tf_utils.py"
TARGETS_MS = {"code_action_p95": 20.0, "hover_p95": 20.0, "leaf_edit_p95": 100.0,
              "hub_edit_p95": 300.0}
INDEX_TIMEOUT_S = 1800.0  # cold index + first diagnostics
REQUEST_TIMEOUT_S = 300.0  # one request or one edit's diagnostics
QUIET_S = 0.5  # no diagnostics published for this long = the server is at rest


# --------------------------------------------------------------------------- workspace


def build_workspace(root: Path, names: list[str]) -> tuple[int, int, list[str]]:
    """Copy each project's package folder (its unpacked wheel) under `root`. Returns (files,
    non-blank lines, the projects with their versions)."""
    by_name = {p.name: p for p in realcode.BENCHMARK_PROJECTS}
    files = lines = 0
    used = []
    for name in names:
        if name not in by_name:
            sys.exit(f"lsp_latency: unknown project {name}; known: {', '.join(by_name)}")
        project = by_name[name]
        source = realcode.sources(project)
        shutil.copytree(source, root / project.package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        used.append(f"{project.name} {project.version}")
    for path in sorted(root.rglob("*.py")):
        files += 1
        lines += nonblank_lines(path)
    return files, lines, used


def parse_ceiling(root: Path) -> float:
    """CPU seconds to read and ast.parse every file: what no analysis can beat on one core."""
    started = time.process_time()
    for path in sorted(root.rglob("*.py")):
        try:
            ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            pass
    return time.process_time() - started


def server_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "load: " + " ".join(f"{x:.2f}" for x in os.getloadavg())


# --------------------------------------------------------------------------- targets in train.py


class Function:
    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> None:
        self.name = node.name
        self.def_line = node.lineno - 1  # 0-based; the `def` line, not a decorator
        text = lines[self.def_line]
        self.name_col = text.index("def " + node.name) + 4  # train.py is ASCII: utf-16 == cols
        self.def_len = len(text.rstrip("\r\n"))
        self.body_lines = (node.body[0].lineno - 1, node.body[-1].lineno - 1)


def functions_of(text: str) -> list[Function]:
    tree = ast.parse(text)
    lines = text.splitlines(True)
    return [Function(node, lines) for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def literal_argument(text: str) -> tuple[int, int, int, str]:
    """(0-based line, start col, end col, literal) of an int literal argument of a call inside
    a function (e.g. `k=3`): the edit loop changes it and changes it back."""
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for call in ast.walk(node):
            if not isinstance(call, ast.Call):
                continue
            for arg in [*call.args, *(k.value for k in call.keywords)]:
                if isinstance(arg, ast.Constant) and type(arg.value) is int and \
                        arg.lineno == arg.end_lineno:
                    return arg.lineno - 1, arg.col_offset, arg.end_col_offset, repr(arg.value)
    raise SystemExit("lsp_latency: no call with an int literal argument in train.py")


def apply_change(text: str, change: types.TextDocumentContentChangePartial) -> str:
    lines = text.splitlines(True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(pos: types.Position) -> int:
        return starts[min(pos.line, len(lines))] + pos.character

    return text[:offset(change.range.start)] + change.text + text[offset(change.range.end):]


def edit_plan(text: str, functions: list[Function]) -> list[tuple[str, Any]]:
    """A cycle of six edits that brings the text back: insert a blank line inside the longest
    function's body and remove it (only lines move), change an int literal call argument and
    change it back, add a `print(0)` call at the start of that body and remove it (a new call
    and side effect: what the function does, and so what every caller sees, changes)."""
    body = max(functions, key=lambda f: f.body_lines[1] - f.body_lines[0])
    at = body.body_lines[1]  # before the body's last statement
    line, start, end, literal = literal_argument(text)
    changed = str(int(literal) + 1)
    first = body.body_lines[0]
    source = text.splitlines(True)[first]
    indent = source[:len(source) - len(source.lstrip())]
    added = f"{indent}print(0)\n"

    def rng(l1: int, c1: int, l2: int, c2: int) -> types.Range:
        return types.Range(types.Position(l1, c1), types.Position(l2, c2))

    return [
        (f"insert a blank line in {body.name}()",
         types.TextDocumentContentChangePartial(range=rng(at, 0, at, 0), text="\n")),
        (f"remove the blank line in {body.name}()",
         types.TextDocumentContentChangePartial(range=rng(at, 0, at + 1, 0), text="")),
        (f"call argument {literal} -> {changed} on line {line + 1}",
         types.TextDocumentContentChangePartial(range=rng(line, start, line, end), text=changed)),
        (f"call argument {changed} -> {literal} on line {line + 1}",
         types.TextDocumentContentChangePartial(range=rng(line, start, line, start + len(changed)),
                                                text=literal)),
        (f"add print(0) in {body.name}()",
         types.TextDocumentContentChangePartial(range=rng(first, 0, first, 0), text=added)),
        (f"remove print(0) in {body.name}()",
         types.TextDocumentContentChangePartial(range=rng(first, 0, first + 1, 0), text="")),
    ]


# --------------------------------------------------------------------------- client


class BenchClient(LanguageClient):
    """A LanguageClient that answers the server's requests and timestamps its notifications."""

    def __init__(self) -> None:
        super().__init__("hybridize-lsp-latency", "1")
        self.progress_end: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.progress_events: list[tuple[float, str, dict]] = []
        self.published: list[tuple[float, str, int | None, int]] = []  # time, uri, version, n
        self.latest: dict[str, list[types.Diagnostic]] = {}
        self.waiters: list[tuple[str, int | None, asyncio.Future[float]]] = []
        self.messages: list[str] = []
        self.stderr_tail: deque[str] = deque(maxlen=200)
        self.stderr_task: asyncio.Task[None] | None = None
        self._register()

    def _register(self) -> None:
        @self.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def create_progress(params: types.WorkDoneProgressCreateParams) -> None:
            return None

        @self.feature(types.PROGRESS)
        def progress(params: types.ProgressParams) -> None:
            now = time.perf_counter()
            value = params.value
            if not isinstance(value, dict):  # in case the converter structured it
                value = getattr(value, "__dict__", {}) or {}
            kind = value.get("kind")
            self.progress_events.append((now, str(kind), value))
            if kind == "end" and not self.progress_end.done():
                self.progress_end.set_result(now)

        @self.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams) -> list[Any]:
            return [None for _ in params.items]

        @self.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register_capability(params: types.RegistrationParams) -> None:
            return None

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            now = time.perf_counter()
            self.published.append((now, params.uri, params.version, len(params.diagnostics)))
            self.latest[params.uri] = params.diagnostics
            for uri, version, future in list(self.waiters):
                if uri == params.uri and (version is None or params.version == version) \
                        and not future.done():
                    future.set_result(now)

        @self.feature(types.WINDOW_SHOW_MESSAGE)
        def show_message(params: types.ShowMessageParams) -> None:
            self.messages.append(f"showMessage: {params.message}")

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def log_message(params: types.LogMessageParams) -> None:
            self.messages.append(f"logMessage: {params.message}")

    def expect_diagnostics(self, uri: str, version: int | None) -> asyncio.Future[float]:
        """A future set to the arrival time of the next publish for `uri` at `version`
        (any version if None). Create it before sending what triggers the publish."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        entry = (uri, version, future)
        self.waiters.append(entry)
        future.add_done_callback(lambda _: self.waiters.remove(entry))
        return future

    async def start_server(self, *cmd: str, cwd: str, env: dict[str, str]) -> None:
        await self.start_io(*cmd, cwd=cwd, env=env)
        server = self._server
        assert server is not None and server.stderr is not None
        stderr = server.stderr

        async def drain() -> None:  # a full stderr pipe would block the server
            while line := await stderr.readline():
                self.stderr_tail.append(line.decode("utf-8", errors="replace").rstrip())

        self.stderr_task = asyncio.create_task(drain())

    def diagnosis(self) -> str:
        tail = "\n".join(list(self.stderr_tail)[-40:])
        messages = "\n".join(self.messages[-10:])
        return (f"server messages:\n{messages or '(none)'}\n"
                f"server stderr (tail):\n{tail or '(empty)'}")


async def timed(awaitable: Any, what: str, client: BenchClient, timeout: float) -> Any:
    try:
        return await asyncio.wait_for(awaitable, timeout)
    except asyncio.TimeoutError:
        raise SystemExit(f"lsp_latency: no answer to {what} within {timeout:.0f} s\n"
                         f"{client.diagnosis()}") from None


# --------------------------------------------------------------------------- statistics


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary_ms(values_s: list[float]) -> dict[str, float]:
    if not values_s:
        return {"n": 0}
    ms = [v * 1000 for v in values_s]
    return {"n": len(ms), "p50_ms": statistics.median(ms), "p95_ms": percentile(ms, 95),
            "min_ms": min(ms), "max_ms": max(ms), "mean_ms": statistics.fmean(ms)}


# --------------------------------------------------------------------------- session


def comparable(diagnostics: list[types.Diagnostic]) -> str:
    """Diagnostics as stable text (what incremental and from-scratch runs must agree on)."""
    return json.dumps([json.loads(json.dumps(d, default=lambda o: getattr(o, "__dict__", str(o))))
                       for d in diagnostics], sort_keys=True, default=str)


class Target:
    """An open file the benchmark requests on and edits."""

    def __init__(self, root: Path, rel: str) -> None:
        self.rel = rel
        self.path = root / rel
        self.uri = from_fs_path(str(self.path)) or self.path.as_uri()
        self.text = self.path.read_text(encoding="utf-8")
        self.functions = functions_of(self.text)
        self.plan = edit_plan(self.text, self.functions)
        self.version = 1

    def action_params(self, i: int, diagnostics: list[types.Diagnostic]
                      ) -> types.CodeActionParams:
        fn = self.functions[i % len(self.functions)]
        on_line = [d for d in diagnostics if d.range.start.line <= fn.def_line <= d.range.end.line]
        return types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=self.uri),
            range=types.Range(types.Position(fn.def_line, 0),
                              types.Position(fn.def_line, fn.def_len)),
            context=types.CodeActionContext(diagnostics=on_line,
                                            trigger_kind=types.CodeActionTriggerKind.Invoked))

    def hover_params(self, i: int) -> types.HoverParams:
        fn = self.functions[i % len(self.functions)]
        return types.HoverParams(text_document=types.TextDocumentIdentifier(uri=self.uri),
                                 position=types.Position(fn.def_line, fn.name_col + 1))


async def requests(client: BenchClient, target: Target, count: int,
                   until: asyncio.Future[float] | None = None
                   ) -> tuple[list[float], list[float], int, int]:
    """`count` codeAction and hover requests, alternating (or, with `until`, as many as fit
    before it is done). Returns their times and how many got an answer."""
    actions: list[float] = []
    hovers: list[float] = []
    answered_actions = answered_hovers = 0
    i = 0
    while (until is None and i < count) or (until is not None and not until.done()):
        diagnostics = list(client.latest.get(target.uri, []))
        t0 = time.perf_counter()
        answer = await timed(client.text_document_code_action_async(
            target.action_params(i, diagnostics)), "textDocument/codeAction", client,
            INDEX_TIMEOUT_S if until is not None else REQUEST_TIMEOUT_S)
        actions.append(time.perf_counter() - t0)
        answered_actions += bool(answer)
        t0 = time.perf_counter()
        answer = await timed(client.text_document_hover_async(target.hover_params(i)),
                             "textDocument/hover", client,
                             INDEX_TIMEOUT_S if until is not None else REQUEST_TIMEOUT_S)
        hovers.append(time.perf_counter() - t0)
        answered_hovers += answer is not None
        i += 1
        if until is not None:
            await asyncio.sleep(0.05)  # a user moving the mouse, not a flood
    return actions, hovers, answered_actions, answered_hovers


async def edits(client: BenchClient, target: Target, count: int, pid: int,
                cold: str) -> dict[str, Any]:
    """`count` edits of the plan's cycle; each timed to its fresh diagnostics. Checks that
    every state of the cycle gets the same diagnostics each time, and the original text the
    cold index's."""
    times: list[float] = []
    rss: list[float] = [server_rss_mib(pid)]
    seen: dict[int, str] = {len(target.plan) - 1: cold}  # state (plan index) -> diagnostics
    mismatches: list[str] = []
    current = target.text
    for i in range(count):
        label, change = target.plan[i % len(target.plan)]
        target.version += 1
        current = apply_change(current, change)
        fresh = client.expect_diagnostics(target.uri, target.version)
        t0 = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=target.uri,
                                                                version=target.version),
            content_changes=[change]))
        arrived = await timed(fresh, f"diagnostics of {target.rel} version {target.version} "
                              f"({label})", client, REQUEST_TIMEOUT_S)
        times.append(arrived - t0)
        rss.append(server_rss_mib(pid))
        state = i % len(target.plan)
        got = comparable(client.latest.get(target.uri, []))
        if state not in seen:
            seen[state] = got
        elif seen[state] != got and len(mismatches) < 5:
            mismatches.append(f"edit {i + 1} ({label}): diagnostics differ from the same text "
                              + ("at the cold index" if state == len(target.plan) - 1
                                 else "earlier"))
        if (i + 1) % 100 == 0:
            print(f"  {target.rel}: {i + 1} edits, last {times[-1] * 1000:.0f} ms, "
                  f"RSS {rss[-1]:.0f} MiB", file=sys.stderr, flush=True)
    if current != target.text and count % len(target.plan) == 0:
        raise SystemExit("lsp_latency: the edit cycle did not bring the text back")
    out: dict[str, Any] = {"file": target.rel, "count": count,
                           "cycle": [label for label, _ in target.plan],
                           "mismatches": mismatches,
                           "rss_mib": {"first": rss[0], "last": rss[-1], "max": max(rss),
                                       "every_100": rss[::100]}}
    if times:
        out.update(summary_ms(times))
        out["per_state_p50_ms"] = {
            label: statistics.median(times[j::len(target.plan)]) * 1000
            for j, (label, _) in enumerate(target.plan) if times[j::len(target.plan)]}
    return out


async def open_and_index(client: BenchClient, root: Path, env: dict[str, str],
                         leaf: Target, hub: Target) -> dict[str, Any]:
    """Start a server, initialize, open both files straight away (an editor restoring its
    tabs) while the user hovers and asks for actions on the leaf file, and wait for the end of
    the index and for the diagnostics to settle."""
    await client.start_server(sys.executable, "-m", "hybridize", "serve", cwd=str(root),
                              env=env)
    await timed(client.initialize_async(types.InitializeParams(
        capabilities=client_capabilities("visual_studio_code"),
        process_id=os.getpid(),
        client_info=types.ClientInfo(name="hybridize-lsp-latency", version="1"),
        root_uri=from_fs_path(str(root)),
        workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(root)) or "",
                                                 name=root.name)],
        initialization_options={"debounceMs": 0})), "initialize", client, 120)
    server = client._server
    assert server is not None
    firsts = {t.uri: client.expect_diagnostics(t.uri, None) for t in (leaf, hub)}
    started = time.perf_counter()
    client.initialized(types.InitializedParams())
    for target in (leaf, hub):
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=target.uri, language_id="python",
                                                 version=1, text=target.text)))
    during = await requests(client, leaf, 0, until=client.progress_end)
    index_end = await timed(asyncio.shield(client.progress_end), "the indexing progress",
                            client, INDEX_TIMEOUT_S)
    arrived = [await timed(firsts[target.uri], f"the first diagnostics of {target.rel}",
                           client, INDEX_TIMEOUT_S) for target in (leaf, hub)]
    out: dict[str, Any] = {
        "index_s": index_end - started, "index_end": index_end, "pid": server.pid,
        "first_diagnostics_s": max(arrived) - started,
        "rss_after_index_mib": server_rss_mib(server.pid),
        "progress_end_message": next(
            (v.get("message") for _, k, v in client.progress_events if k == "end"), None),
        "during_index": {"code_action": summary_ms(during[0]), "hover": summary_ms(during[1]),
                         "answered_code_action": during[2], "answered_hover": during[3]}}
    deadline = time.perf_counter() + INDEX_TIMEOUT_S
    while time.perf_counter() < deadline:
        last = client.published[-1][0] if client.published else started
        if time.perf_counter() - last >= QUIET_S:
            break
        await asyncio.sleep(0.05)
    out["diagnostics"] = {t.uri: comparable(client.latest.get(t.uri, [])) for t in (leaf, hub)}
    return out


async def close(client: BenchClient, results: dict[str, Any]) -> None:
    """shutdown, exit, and the server's exit code (killed after 30 s)."""
    server = client._server
    assert server is not None
    try:
        await timed(client.shutdown_async(None), "shutdown", client, 60)
        client.exit(None)
        try:
            await asyncio.wait_for(server.wait(), 30)
        except asyncio.TimeoutError:
            server.kill()
            print("lsp_latency: the server did not exit after `exit`; killed it",
                  file=sys.stderr)
        results["server_exit_code"] = server.returncode
        await asyncio.wait_for(client.stop(), 30)
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()
        if client.stderr_task is not None:
            try:
                await asyncio.wait_for(client.stderr_task, 5)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass
    results["server_messages"] = client.messages


def snapshot_files(cache: Path) -> list[Path]:
    folder = cache / "hybridize" / "workspaces"
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


async def session(root: Path, cache: Path, args: argparse.Namespace) -> dict[str, Any]:
    leaf, hub = Target(root, args.leaf), Target(root, args.hub)
    # The server's cache folder is the run's own: no state of an earlier run is there, and
    # what this one writes goes with the temporary folder.
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    client = BenchClient()
    results: dict[str, Any] = {}
    try:
        index = await open_and_index(client, root, env, leaf, hub)
        pid = index["pid"]
        results["cold_index_s"] = index["index_s"]
        results["first_diagnostics_s"] = index["first_diagnostics_s"]
        results["rss_after_index_mib"] = index["rss_after_index_mib"]
        results["progress_end_message"] = index["progress_end_message"]
        results["during_index"] = index["during_index"]
        print(f"  cold index {results['cold_index_s']:.2f} s "
              f"({results['progress_end_message']}); "
              f"{index['during_index']['code_action'].get('n', 0)} codeAction and hover "
              "requests while indexing", file=sys.stderr, flush=True)
        cold = index["diagnostics"]
        results["diagnostics_in_files"] = {t.rel: len(client.latest.get(t.uri, []))
                                           for t in (leaf, hub)}
        # The server writes the state once idle (lsp/server.py SAVE_IDLE_S); nothing is sent
        # meanwhile, so the requests measured next do not share the GIL with the save.
        deadline = time.perf_counter() + INDEX_TIMEOUT_S
        while not snapshot_files(cache) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        results["saved_after_index_s"] = time.perf_counter() - index["index_end"] \
            if snapshot_files(cache) else None
        results["snapshot_mb"] = sum(p.stat().st_size for p in snapshot_files(cache)) / 1e6
        print(f"  state saved {results['saved_after_index_s']} s after the index "
              f"({results['snapshot_mb']:.0f} MB)", file=sys.stderr, flush=True)

        after = await requests(client, leaf, args.requests)
        results["code_action"] = summary_ms(after[0])
        results["hover"] = summary_ms(after[1])
        results["answered"] = {"code_action": after[2], "hover": after[3]}
        print(f"  {args.requests} codeAction + {args.requests} hover requests done",
              file=sys.stderr, flush=True)

        results["leaf_edits"] = await edits(client, leaf, args.edits, pid, cold[leaf.uri])
        print(f"  {args.edits} edits of {leaf.rel} done", file=sys.stderr, flush=True)
        results["hub_edits"] = await edits(client, hub, args.hub_edits, pid, cold[hub.uri])
        print(f"  {args.hub_edits} edits of {hub.rel} done", file=sys.stderr, flush=True)
        results["publishes"] = len(client.published)
    finally:
        await close(client, results)

    # The editor opened again: a new server on the same workspace and cache folder.
    again = BenchClient()
    warm: dict[str, Any] = {}
    try:
        index = await open_and_index(again, root, env, leaf, hub)
        warm.update({key: index[key] for key in ("index_s", "first_diagnostics_s",
                                                 "rss_after_index_mib",
                                                 "progress_end_message", "during_index")})
        warm["differ_from_cold"] = [t.rel for t in (leaf, hub)
                                if index["diagnostics"][t.uri] != cold[t.uri]]
        print(f"  warm index {warm['index_s']:.2f} s ({warm['progress_end_message']})",
              file=sys.stderr, flush=True)
    finally:
        await close(again, warm)
    results["warm"] = warm
    return results


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", nargs="+", default=list(DEFAULT_PROJECTS),
                        help="realcode projects to put in the workspace (default: "
                             + " ".join(DEFAULT_PROJECTS) + ")")
    parser.add_argument("--leaf", default=LEAF, help=f"a file nothing depends on ({LEAF})")
    parser.add_argument("--hub", default=HUB,
                        help=f"a file thousands of call sites depend on ({HUB})")
    parser.add_argument("--requests", type=int, default=200,
                        help="codeAction and hover requests after indexing (default 200)")
    parser.add_argument("--edits", type=int, default=1002,
                        help="edits of the leaf file; RSS is read after each (default 1002: 167 "
                             "cycles of 6)")
    parser.add_argument("--hub-edits", type=int, default=12,
                        help="edits of the hub file (default 12: 2 cycles)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary workspace and print where it is")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.edits < 0 or args.hub_edits < 0:
        parser.error("--requests must be at least 1; --edits and --hub-edits at least 0")

    started = time.perf_counter()
    load_before = load()
    work = Path(tempfile.mkdtemp(prefix="hybridize-lsp-bench-"))
    try:
        root = work / "workspace"
        root.mkdir()
        files, lines, used = build_workspace(root, args.projects)
        for rel in (args.leaf, args.hub):
            if not (root / rel).is_file():
                sys.exit(f"lsp_latency: {rel} is not in the workspace")
        ceiling = parse_ceiling(root)
        print(f"workspace: {root} ({files} files, {lines} non-blank lines: "
              f"{', '.join(used)}); parse ceiling {ceiling:.2f} s", file=sys.stderr, flush=True)
        results = asyncio.run(session(root, work / "cache", args))
        load_after = load()
        elapsed = time.perf_counter() - started
        mach = machine()

        def pair(summary: dict[str, Any] | None) -> str:
            if not summary or "p50_ms" not in summary:
                return "n/a"
            return f"{summary['p50_ms']:.1f} / {summary['p95_ms']:.1f}"

        during = results["during_index"]
        warm = results["warm"]
        leaf_edits, hub_edits = results["leaf_edits"], results["hub_edits"]
        rss = leaf_edits["rss_mib"]
        growth = (rss["last"] - rss["first"]) / rss["first"] if rss["first"] else float("nan")
        rows = [
            ("files", str(files)),
            ("KLOC", f"{lines / 1000:.1f}"),
            ("parse ceiling s", f"{ceiling:.2f}"),
            ("cold index s (x ceiling)",
             f"{results['cold_index_s']:.2f} ({results['cold_index_s'] / ceiling:.1f}x)"),
            ("open files' first diagnostics s, cold / from the saved state",
             f"{results['first_diagnostics_s']:.2f} / {warm['first_diagnostics_s']:.2f}"),
            ("codeAction p50/p95 ms, indexing", pair(during["code_action"])),
            ("hover p50/p95 ms, indexing", pair(during["hover"])),
            ("index from the saved state s (x ceiling)",
             f"{warm['index_s']:.2f} ({warm['index_s'] / ceiling:.1f}x)"),
            ("codeAction / hover p95 ms, that index",
             f"{warm['during_index']['code_action'].get('p95_ms', float('nan')):.1f} / "
             f"{warm['during_index']['hover'].get('p95_ms', float('nan')):.1f}"),
            ("codeAction p50/p95 ms", pair(results["code_action"])),
            ("hover p50/p95 ms", pair(results["hover"])),
            ("edit->diagnostics p50/p95 ms, no dependents", pair(leaf_edits)),
            ("edit->diagnostics p50/p95 ms, hub", pair(hub_edits)),
            ("RSS MiB first/last/max over edits",
             f"{rss['first']:.0f} / {rss['last']:.0f} / {rss['max']:.0f}"),
        ]
        checks = [("codeAction p95 while indexing", during["code_action"].get("p95_ms"),
                   TARGETS_MS["code_action_p95"]),
                  ("hover p95 while indexing", during["hover"].get("p95_ms"),
                   TARGETS_MS["hover_p95"]),
                  ("codeAction p95", results["code_action"]["p95_ms"],
                   TARGETS_MS["code_action_p95"]),
                  ("hover p95", results["hover"]["p95_ms"], TARGETS_MS["hover_p95"]),
                  ("edit p95, no dependents", leaf_edits.get("p95_ms"),
                   TARGETS_MS["leaf_edit_p95"]),
                  ("edit p95, hub", hub_edits.get("p95_ms"), TARGETS_MS["hub_edit_p95"])]
        checks += [("codeAction p95 while indexing from the saved state",
                    warm["during_index"]["code_action"].get("p95_ms"),
                    TARGETS_MS["code_action_p95"]),
                   ("hover p95 while indexing from the saved state",
                    warm["during_index"]["hover"].get("p95_ms"), TARGETS_MS["hover_p95"])]
        checks = [c for c in checks if c[1] is not None]
        print()
        print(table(rows))
        print()
        print(f"Workspace: {', '.join(used)}. Leaf file {args.leaf} ({leaf_edits['count']} "
              f"edits), hub file {args.hub} ({hub_edits['count']} edits); each cycle: "
              + "; ".join(leaf_edits["cycle"]) + ".")
        print(f"Requests: {during['code_action'].get('n', 0)} codeAction and hover pairs "
              f"while indexing ({during['answered_code_action']} "
              f"code action lists, {during['answered_hover']} hovers answered), "
              f"{args.requests} of each after ({results['answered']['code_action']} and "
              f"{results['answered']['hover']} answered).")
        print("Per state p50 ms, no dependents: " + ", ".join(
            f"{k}: {v:.0f}" for k, v in leaf_edits.get("per_state_p50_ms", {}).items()))
        print("Per state p50 ms, hub: " + ", ".join(
            f"{k}: {v:.0f}" for k, v in hub_edits.get("per_state_p50_ms", {}).items()))
        print(f"Memory: server RSS after the index {results['rss_after_index_mib']:.0f} MiB; "
              f"over {leaf_edits['count']} edits {rss['first']:.0f} -> {rss['last']:.0f} MiB "
              f"(max {rss['max']:.0f}), {growth * 100:+.1f}%: "
              f"{'flat (within 10%)' if abs(growth) <= 0.10 else 'NOT flat'}.")
        saved = results["saved_after_index_s"]
        print(f"Saved state: written {saved:.1f} s after the index ended "
              f"({results['snapshot_mb']:.0f} MB; the server waits to be idle first); a second "
              "server on the same folder indexed "
              f"from it in {warm['index_s']:.2f} s vs {results['cold_index_s']:.2f} s cold "
              f"({results['cold_index_s'] / warm['index_s']:.1f}x faster): "
              f"{warm['progress_end_message']}." if saved is not None else
              "Saved state: NOT written after the index.")
        mismatches = leaf_edits["mismatches"] + hub_edits["mismatches"] + \
            [f"{rel}: the index from the saved state differs from the cold index"
             for rel in warm["differ_from_cold"]] + \
            ([] if saved is not None else ["the state was not saved"])
        print("Incremental = from scratch: " + ("every state's diagnostics equal each time, the "
                                               "original text's equal the cold index's"
                                               if not mismatches else
                                               "DIFFERS: " + "; ".join(mismatches)))
        print("Targets: " + "; ".join(
            f"{name} {value:.1f} ms {'<' if value < limit else '>='} {limit:.0f} ms "
            f"({'met' if value < limit else 'MISSED'})" for name, value, limit in checks) + ".")
        print(f"Load before: {load_before}")
        print(f"Load after:  {load_after}")
        print(f"Machine: {mach['nproc']} CPUs, {mach['cpu']}, Python {mach['python']} "
              f"({mach['platform']}).")
        print(f"Total benchmark runtime: {elapsed:.1f} s.")

        if args.json:
            raw = {"projects": used, "leaf": args.leaf, "hub": args.hub,
                   "requests": args.requests,
                   "workspace": {"files": files, "nonblank_lines": lines},
                   "parse_ceiling_s": ceiling, "load_before": load_before,
                   "load_after": load_after, "machine": mach, "targets_ms": TARGETS_MS,
                   "results": results, "total_runtime_s": elapsed}
            args.json.write_text(json.dumps(raw, indent=2, default=str) + "\n",
                                 encoding="utf-8")
        if args.keep:
            print(f"kept {work}", file=sys.stderr, flush=True)
        return 1 if mismatches else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
