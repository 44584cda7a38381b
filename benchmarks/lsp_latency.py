"""Latency benchmark of the Hybridize language server on a large workspace (not a test).

Builds a workspace of real Python (folders copied from the installed ``keras`` package until
``--kloc`` thousand non-blank lines, plus the bundled ``examples/mnist_trainer`` project as
``mnist_trainer/``), starts ``python -m hybridize serve`` over stdio with pygls'
``LanguageClient`` and VS Code's client capabilities, and measures:

* cold index time: ``initialized`` sent -> ``$/progress`` ``end`` received;
* first diagnostics: ``initialized`` sent -> first ``publishDiagnostics`` for
  ``mnist_trainer/train.py`` (opened right after ``initialized``, as an editor restoring a tab);
* ``textDocument/codeAction`` and ``textDocument/hover`` round trips on train.py's functions;
* ``didChange`` sent -> ``publishDiagnostics`` carrying the new document version.

    .venv/bin/python benchmarks/lsp_latency.py [--kloc 50] [--requests 200] [--edits 20] \
        [--json OUT] [--keep]
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
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

from bench_common import find_keras, machine, nonblank_lines, table, walk
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path
from pytest_lsp import client_capabilities

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "mnist_trainer"
TARGET = "mnist_trainer/train.py"
TARGETS_MS = {"code_action_p95": 50.0, "hover_p95": 50.0, "edit_p95": 300.0}
INDEX_TIMEOUT_S = 900.0  # cold index + first diagnostics
REQUEST_TIMEOUT_S = 60.0  # one request or one edit's diagnostics
QUIET_S = 0.5  # no diagnostics published for this long = the server is at rest


# --------------------------------------------------------------------------- workspace


def build_workspace(root: Path, kloc: float) -> tuple[int, int, int]:
    """Copy keras folders (whole, top-down, keras/src first) until `kloc` thousand non-blank
    lines, then the example project. Returns (files, non-blank lines, keras files)."""
    keras = find_keras("lsp_latency")
    files = lines = 0
    limit = int(kloc * 1000)
    for folder, py_files in walk(keras, "src"):
        if lines >= limit:
            break
        if not py_files:
            continue
        target = root / "keras" / folder.relative_to(keras)
        target.mkdir(parents=True, exist_ok=True)
        for path in py_files:
            shutil.copyfile(path, target / path.name)
            files += 1
            lines += nonblank_lines(path)
    keras_files = files
    if not (EXAMPLE / "train.py").is_file():
        sys.exit(f"lsp_latency: {EXAMPLE}/train.py is missing")
    for path in sorted(EXAMPLE.glob("*.py")):
        (root / "mnist_trainer").mkdir(exist_ok=True)
        shutil.copyfile(path, root / "mnist_trainer" / path.name)
        files += 1
        lines += nonblank_lines(path)
    return files, lines, keras_files


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
    """A cycle of four edits that brings the text back: insert a blank line inside a function
    body, remove it, change an int literal call argument, change it back."""
    body = next((f for f in functions if f.name == "train_step"),
                max(functions, key=lambda f: f.body_lines[1] - f.body_lines[0]))
    at = body.body_lines[1]  # before the body's last statement
    line, start, end, literal = literal_argument(text)
    changed = str(int(literal) + 1)

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

    async def start_server(self, *cmd: str, cwd: str) -> None:
        await self.start_io(*cmd, cwd=cwd)
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
    ms = [v * 1000 for v in values_s]
    return {"n": len(ms), "p50_ms": statistics.median(ms), "p95_ms": percentile(ms, 95),
            "min_ms": min(ms), "max_ms": max(ms), "mean_ms": statistics.fmean(ms)}


# --------------------------------------------------------------------------- session


async def session(root: Path, args: argparse.Namespace) -> dict[str, Any]:
    target = root / TARGET
    uri = from_fs_path(str(target)) or target.as_uri()
    text = target.read_text(encoding="utf-8")
    functions = functions_of(text)
    client = BenchClient()
    await client.start_server(sys.executable, "-m", "hybridize", "serve", cwd=str(root))
    results: dict[str, Any] = {}
    try:
        await timed(client.initialize_async(types.InitializeParams(
            capabilities=client_capabilities("visual_studio_code"),
            process_id=os.getpid(),
            client_info=types.ClientInfo(name="hybridize-lsp-latency", version="1"),
            root_uri=from_fs_path(str(root)),
            workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(root)) or "",
                                                     name=root.name)],
            initialization_options={"debounceMs": 0})), "initialize", client, 120)

        # Cold index and first diagnostics; the file is opened straight away, as an editor
        # that restores an open tab does.
        first = client.expect_diagnostics(uri, None)
        started = time.perf_counter()
        client.initialized(types.InitializedParams())
        opened = time.perf_counter()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1,
                                                 text=text)))
        index_end = await timed(asyncio.shield(client.progress_end), "the indexing progress",
                                client, INDEX_TIMEOUT_S)
        first_at = await timed(first, "the first diagnostics of train.py", client,
                               INDEX_TIMEOUT_S)
        results["cold_index_s"] = index_end - started
        results["first_diagnostics_s"] = first_at - started
        results["first_diagnostics_after_open_s"] = first_at - opened
        results["progress_end_message"] = next(
            (v.get("message") for _, k, v in client.progress_events if k == "end"), None)
        results["progress_reports"] = sum(1 for _, k, _v in client.progress_events
                                          if k == "report")
        print(f"  cold index {results['cold_index_s']:.2f} s "
              f"({results['progress_end_message']}); first diagnostics of {TARGET} "
              f"{results['first_diagnostics_s']:.2f} s", file=sys.stderr, flush=True)
        # Let any analysis still queued finish (no publish for QUIET_S), so the request loops
        # measure a server at rest.
        deadline = time.perf_counter() + INDEX_TIMEOUT_S
        while time.perf_counter() < deadline:
            last = client.published[-1][0] if client.published else started
            if time.perf_counter() - last >= QUIET_S:
                break
            await asyncio.sleep(0.05)
        diagnostics = list(client.latest.get(uri, []))
        results["diagnostics_in_file"] = len(diagnostics)

        # codeAction on def lines, with the diagnostics on that line as the editor sends them.
        document = types.TextDocumentIdentifier(uri=uri)
        action_times: list[float] = []
        action_counts: dict[str, int] = {}
        for i in range(args.requests):
            fn = functions[i % len(functions)]
            on_line = [d for d in diagnostics
                       if d.range.start.line <= fn.def_line <= d.range.end.line]
            params = types.CodeActionParams(
                text_document=document,
                range=types.Range(types.Position(fn.def_line, 0),
                                  types.Position(fn.def_line, fn.def_len)),
                context=types.CodeActionContext(diagnostics=on_line,
                                                trigger_kind=types.CodeActionTriggerKind.Invoked))
            t0 = time.perf_counter()
            answer = await timed(client.text_document_code_action_async(params),
                                 "textDocument/codeAction", client, REQUEST_TIMEOUT_S)
            action_times.append(time.perf_counter() - t0)
            action_counts[fn.name] = len(answer or [])
        results["code_action"] = summary_ms(action_times)
        results["code_actions_per_function"] = action_counts

        hover_times: list[float] = []
        hover_found: dict[str, bool] = {}
        for i in range(args.requests):
            fn = functions[i % len(functions)]
            params = types.HoverParams(text_document=document,
                                       position=types.Position(fn.def_line, fn.name_col + 1))
            t0 = time.perf_counter()
            answer = await timed(client.text_document_hover_async(params),
                                 "textDocument/hover", client, REQUEST_TIMEOUT_S)
            hover_times.append(time.perf_counter() - t0)
            hover_found[fn.name] = answer is not None
        results["hover"] = summary_ms(hover_times)
        results["hover_per_function"] = hover_found
        print(f"  {args.requests} codeAction + {args.requests} hover requests done",
              file=sys.stderr, flush=True)

        # didChange -> publishDiagnostics with the new version.
        plan = edit_plan(text, functions)
        edit_times: list[float] = []
        edits_done: list[dict[str, Any]] = []
        version = 1
        current = text
        for i in range(args.edits):
            label, change = plan[i % len(plan)]
            version += 1
            current = apply_change(current, change)
            fresh = client.expect_diagnostics(uri, version)
            t0 = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[change]))
            arrived = await timed(fresh, f"diagnostics for version {version} ({label})",
                                  client, REQUEST_TIMEOUT_S)
            edit_times.append(arrived - t0)
            edits_done.append({"version": version, "edit": label,
                               "ms": (arrived - t0) * 1000,
                               "diagnostics": len(client.latest.get(uri, []))})
        if edit_times:
            results["edit"] = summary_ms(edit_times)
        results["edits"] = edits_done
        results["publishes"] = len(client.published)
        print(f"  {args.edits} edits done", file=sys.stderr, flush=True)

        # Clean shutdown.
        await timed(client.shutdown_async(None), "shutdown", client, 60)
        client.exit(None)
        server = client._server
        if server is not None:
            try:
                await asyncio.wait_for(server.wait(), 30)
            except asyncio.TimeoutError:
                server.kill()
                print("lsp_latency: the server did not exit after `exit`; killed it",
                      file=sys.stderr)
            results["server_exit_code"] = server.returncode
        await asyncio.wait_for(client.stop(), 30)
    finally:
        server = client._server
        if server is not None and server.returncode is None:
            server.kill()
            await server.wait()
        if client.stderr_task is not None:
            try:
                await asyncio.wait_for(client.stderr_task, 5)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                pass
    results["server_messages"] = client.messages
    return results


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kloc", type=float, default=50.0,
                        help="thousands of non-blank lines to copy from keras (default 50)")
    parser.add_argument("--requests", type=int, default=200,
                        help="codeAction requests, and as many hover requests (default 200)")
    parser.add_argument("--edits", type=int, default=20,
                        help="didChange edits timed to their fresh diagnostics (default 20)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary workspace and print where it is")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.edits < 0 or args.kloc < 0:
        parser.error("--requests must be at least 1; --edits and --kloc at least 0")

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="hybridize-lsp-bench-"))
    try:
        root = work / "workspace"
        root.mkdir()
        files, lines, keras_files = build_workspace(root, args.kloc)
        print(f"workspace: {root} ({files} files, {lines} non-blank lines; "
              f"{keras_files} from keras, {files - keras_files} from mnist_trainer)",
              file=sys.stderr, flush=True)
        results = asyncio.run(session(root, args))
        elapsed = time.perf_counter() - started
        mach = machine()

        def pair(key: str) -> str:
            if key not in results:
                return "n/a"
            return f"{results[key]['p50_ms']:.1f} / {results[key]['p95_ms']:.1f}"

        rows = [
            ("workspace files", str(files)),
            ("KLOC", f"{lines / 1000:.1f}"),
            ("cold index s", f"{results['cold_index_s']:.2f}"),
            ("first diagnostics s", f"{results['first_diagnostics_s']:.2f}"),
            ("codeAction p50/p95 ms", pair("code_action")),
            ("hover p50/p95 ms", pair("hover")),
            ("didChange->diagnostics p50/p95 ms", pair("edit")),
        ]
        checks = [("codeAction p95", results["code_action"]["p95_ms"],
                   TARGETS_MS["code_action_p95"]),
                  ("hover p95", results["hover"]["p95_ms"], TARGETS_MS["hover_p95"])]
        if "edit" in results:
            checks.append(("didChange->diagnostics p95", results["edit"]["p95_ms"],
                           TARGETS_MS["edit_p95"]))
        with_actions = sum(1 for n in results["code_actions_per_function"].values() if n)
        with_hover = sum(1 for found in results["hover_per_function"].values() if found)
        print()
        print(table(rows))
        print()
        print(f"Requests: {args.requests} codeAction and {args.requests} hover on "
              f"{len(results['hover_per_function'])} functions of {TARGET} "
              f"({with_actions} with code actions, {with_hover} with a hover); "
              f"{args.edits} edits; {results['diagnostics_in_file']} diagnostics in the file "
              "after indexing.")
        print("Targets: " + "; ".join(
            f"{name} {value:.1f} ms {'<' if value < limit else '>='} {limit:.0f} ms "
            f"({'met' if value < limit else 'MISSED'})" for name, value, limit in checks) + ".")
        if any(value >= limit for _, value, limit in checks):
            print("A target was missed: benchmarks/README.md (lsp_latency.py, Profiling) says "
                  "how to find where the time goes.")
        print(f"Machine: {mach['nproc']} CPUs, {mach['cpu']}, Python {mach['python']} "
              f"({mach['platform']}).")
        print(f"Total benchmark runtime: {elapsed:.1f} s.")

        if args.json:
            raw = {"kloc_target": args.kloc, "requests": args.requests, "edits": args.edits,
                   "workspace": {"files": files, "nonblank_lines": lines,
                                 "keras_files": keras_files,
                                 "keras": str(find_keras("lsp_latency")),
                                 "target": TARGET},
                   "machine": mach, "targets_ms": TARGETS_MS, "results": results,
                   "total_runtime_s": elapsed}
            args.json.write_text(json.dumps(raw, indent=2, default=str) + "\n",
                                 encoding="utf-8")
        if args.keep:
            print(f"kept {work}", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
