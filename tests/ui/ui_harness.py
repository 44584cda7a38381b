"""The pieces of the VS Code UI test that are not the test itself: set-up, the .vsix, a code-server
with the extension installed, and a run of the Chromium driver (lightbulb.mjs) against it."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
EXTENSION = REPO / "clients" / "vscode"
CACHE = Path(os.environ.get("HYBRIDIZE_UI_CACHE", Path.home() / ".cache" / "hybridize-ui"))
OUT = HERE / "out"


def tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as error:
        return f"({path}: {error})"
    return "\n".join(text.splitlines()[-lines:])


class SetupError(Exception):
    pass


@dataclass(frozen=True)
class Tools:
    code_server: str  # out/node/entry.js
    playwright_core: str
    chromium: str


def set_up() -> Tools:
    """Runs setup.sh (idempotent, cached under CACHE) and returns where the tools are."""
    CACHE.mkdir(parents=True, exist_ok=True)
    log = CACHE / "setup.log"
    with open(log, "w") as out:
        done = subprocess.run(["bash", str(HERE / "setup.sh")], stdout=out,
                              stderr=subprocess.STDOUT, env=os.environ)
    if done.returncode != 0:
        raise SetupError(f"tests/ui/setup.sh failed (exit {done.returncode}); the end of {log}:\n"
                         + tail(log))
    found = dict(line.split("=", 1) for line in log.read_text().splitlines()
                 if line.split("=", 1)[0] in {"CODE_SERVER", "PLAYWRIGHT_CORE", "CHROMIUM"})
    return Tools(found["CODE_SERVER"], found["PLAYWRIGHT_CORE"], found["CHROMIUM"])


def _sources(root: Path):
    skip = {"node_modules", "dist", "out", ".vscode-test", "test"}
    for path in root.rglob("*"):
        if path.is_file() and not skip.intersection(path.relative_to(root).parts) \
                and path.suffix != ".vsix":
            yield path


def build_vsix() -> Path:
    """The extension's .vsix: reused when newer than every source file, otherwise built with
    `npm ci` (when node_modules is missing or older than the lock file) and `npm run package`."""
    if not (EXTENSION / "package.json").exists():
        raise SetupError(f"no VS Code extension in {EXTENSION}")
    newest_source = max(p.stat().st_mtime for p in _sources(EXTENSION))
    packages = sorted(EXTENSION.glob("*.vsix"), key=lambda p: p.stat().st_mtime)
    if packages and packages[-1].stat().st_mtime > newest_source:
        return packages[-1]
    log = CACHE / "vsix-build.log"
    with open(log, "w") as out:
        modules = EXTENSION / "node_modules"
        lock = EXTENSION / "package-lock.json"
        commands = [["npm", "run", "package"]]
        if not modules.exists() or modules.stat().st_mtime < lock.stat().st_mtime:
            commands.insert(0, ["npm", "ci", "--no-audit", "--no-fund"])
        for command in commands:
            out.write(f"$ {' '.join(command)}\n")
            out.flush()
            done = subprocess.run(command, cwd=EXTENSION, stdout=out, stderr=subprocess.STDOUT)
            if done.returncode != 0:
                raise SetupError(f"`{' '.join(command)}` in clients/vscode failed "
                                 f"(exit {done.returncode}); the end of {log}:\n{tail(log)}")
    packages = sorted(EXTENSION.glob("*.vsix"), key=lambda p: p.stat().st_mtime)
    if not packages or packages[-1].stat().st_mtime < newest_source:
        raise SetupError(f"`npm run package` made no new .vsix in {EXTENSION}:\n{tail(log)}")
    return packages[-1]


def install_extension(tools: Tools, vsix: Path, extensions_dir: Path, data_dir: Path) -> None:
    """Installs the .vsix offline (no marketplace) into a fresh extensions folder."""
    done = subprocess.run(
        ["node", tools.code_server, "--user-data-dir", str(data_dir), "--extensions-dir",
         str(extensions_dir), "--install-extension", str(vsix)],
        capture_output=True, text=True, timeout=180, env=_isolated_env(data_dir.parent))
    installed = [p.name for p in extensions_dir.glob("*") if p.is_dir()]
    if done.returncode != 0 or not installed:
        raise SetupError(f"code-server --install-extension {vsix.name} failed (exit "
                         f"{done.returncode}):\n{done.stdout}\n{done.stderr}")


def _isolated_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = str(home / "config")  # code-server writes its config.yaml there
    env["XDG_DATA_HOME"] = str(home / "data")
    env.pop("VSCODE_IPC_HOOK_CLI", None)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Run:
    """One driver run: its exit status, its result.json, and the logs worth reading on failure."""

    returncode: int
    result: dict
    driver_output: str
    out_dir: Path
    logs: dict[str, str] = field(default_factory=dict)

    def explain(self) -> str:
        parts = [f"driver exit {self.returncode}; failed step: {self.result.get('step')!r}",
                 f"error: {self.result.get('error')}",
                 f"screenshots: {self.out_dir}", "", "driver output:", self.driver_output]
        for name, text in self.logs.items():
            parts += ["", f"--- {name} ---", text]
        return "\n".join(parts)


def write_settings(user_dir: Path, settings: dict) -> None:
    user_dir.mkdir(parents=True, exist_ok=True)
    (user_dir / "settings.json").write_text(json.dumps(settings, indent=2))


def collect_logs(data_dir: Path, server_log: Path) -> dict[str, str]:
    """code-server's own output and the extension's output channels (the Hybridize channel holds
    the language client's messages and the server's stderr)."""
    logs = {"code-server": tail(server_log, 40)}
    for path in sorted(data_dir.glob("logs/*/exthost*/**/*.log")):
        if "hybridize" in path.name.lower() or path.name == "exthost.log":
            logs[str(path.relative_to(data_dir))] = tail(path, 60)
    return logs


def run_ui(tools: Tools, extensions_dir: Path, work: Path, project: Path, settings: dict,
           scenario: dict, out_dir: Path, timeout: float = 240,
           driver: str = "lightbulb.mjs") -> Run:
    """Starts code-server on `project`, runs the driver (a script in tests/ui) with `scenario`,
    stops everything."""
    data_dir = work / "user-data"
    write_settings(data_dir / "User", settings)
    port = free_port()
    server_log = work / "code-server.log"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    with open(server_log, "w") as log:
        server = subprocess.Popen(
            ["node", tools.code_server, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}",
             "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust",
             "--user-data-dir", str(data_dir), "--extensions-dir", str(extensions_dir),
             str(project)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env=_isolated_env(work))
    try:
        _wait_for_http(port, server, server_log)
        config = {"playwrightCore": tools.playwright_core, "chromium": tools.chromium,
                  "url": f"http://127.0.0.1:{port}/?folder={project}", "outDir": str(out_dir),
                  **scenario}
        config_path = work / "driver.json"
        config_path.write_text(json.dumps(config, indent=2))
        browser = subprocess.Popen(["node", str(HERE / driver), str(config_path)],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True)
        try:
            output, _ = browser.communicate(timeout=timeout)
            returncode = browser.returncode
        except subprocess.TimeoutExpired:
            stop(browser)  # the driver and its Chromium
            output, _ = browser.communicate()
            returncode = -1
            output = f"driver killed after {timeout}s\n{output}"
        result_path = out_dir / "result.json"
        result = json.loads(result_path.read_text()) if result_path.exists() else \
            {"ok": False, "step": None, "error": "the driver wrote no result.json"}
        return Run(returncode, result, output, out_dir,
                   collect_logs(data_dir, server_log) if returncode != 0 else {})
    finally:
        stop(server)


def _wait_for_http(port: int, server: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SetupError(f"code-server exited ({server.returncode}):\n{tail(log)}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        time.sleep(0.5)
    raise SetupError(f"code-server did not answer on port {port} in {timeout}s:\n{tail(log)}")


def stop(process: subprocess.Popen) -> None:
    """Ends a process group: code-server and everything it started (extension host, language
    server), or the driver and its Chromium."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    # Children that outlived the leader (the extension host, the language server) share its group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def python_for_extension() -> str:
    """The interpreter the extension is configured to use: this test's, with hybridize installed."""
    return sys.executable
