"""Packaging: `python -m build` makes a wheel and an sdist; each installs into a clean virtual
environment (no system site packages, nothing of this checkout on the path) and runs there:
`hybridize check` on a copy of examples/mnist_trainer, the package data (the API tables) is
installed, and the server answers LSP `initialize` when started as the VS Code extension starts
it (clients/vscode/src/common/resolve.ts: `<python> -m hybridize --version` to check, then
`<python> -m hybridize serve`, in the extension's own folder, never the workspace).

pip installs only hybridize's dependencies (from its cache or the configured index); building
the sdist's wheel takes setuptools, as `python -m build` does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLES = {"api_symbols.tsv", "tensor_members.tsv"}


def clean_env() -> dict[str, str]:
    """The environment without anything that would put this checkout on the path."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}


def run(*command: str | Path, cwd: Path | None = None, timeout: float = 120,
        **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=clean_env(), text=True,
                          capture_output=True, timeout=timeout, **kwargs)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done


def tracked_copy(target: Path) -> Path:
    """The checkout as `python -m build .` would see it, without what git ignores (build
    outputs, caches): tracked files and new ones not committed yet."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream) -> dict:
    length = None
    while True:
        line = stream.readline()
        assert line, "the server closed stdout without answering"
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    assert length is not None
    return json.loads(stream.read(length))


def initialize(command: list[str], cwd: Path, workspace: Path) -> dict:
    """Start the server, send initialize, read its answer, then shutdown and exit."""
    server = subprocess.Popen(command, cwd=cwd, env=clean_env(), stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert server.stdin is not None and server.stdout is not None
        server.stdin.write(frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": workspace.as_uri(), "capabilities": {},
            "workspaceFolders": [{"uri": workspace.as_uri(), "name": "ws"}]}}))
        server.stdin.flush()
        answer = read_message(server.stdout)
        server.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        server.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.flush()
        assert read_message(server.stdout)["id"] == 2
        assert server.wait(timeout=20) == 0
        return answer
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build", reason="`build` is in the test extra: pip install -e .[test]")
    scratch = tmp_path_factory.mktemp("packaging")
    source = tracked_copy(scratch / "source")
    run(sys.executable, "-m", "build", "--outdir", scratch / "dist", source, timeout=300)
    return scratch / "dist"


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installs_and_runs_from_a_clean_venv(dist: Path, tmp_path: Path, kind: str):
    [artifact] = dist.glob("*.whl" if kind == "wheel" else "*.tar.gz")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # This interpreter's pip installs into the venv (a pip of its own would cost seconds).
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", artifact,
        timeout=300)

    # Installed in the venv, not found on some path of this checkout.
    where = run(python, "-I", "-c", "import hybridize, sys; print(hybridize.__file__); "
                "print(sys.flags.no_user_site)").stdout.split()
    assert Path(where[0]).is_relative_to(venv), where
    data = run(python, "-I", "-c", "import importlib.resources as r; print('\\n'.join("
               "p.name for p in (r.files('hybridize.analysis') / 'data').iterdir()))").stdout
    assert TABLES <= set(data.split()), data

    project = shutil.copytree(ROOT / "examples" / "mnist_trainer", tmp_path / "mnist_trainer")
    report = json.loads(run(venv / "bin" / "hybridize", "check", project, "--no-cache",
                            "--format", "json", cwd=tmp_path).stdout)
    assert report["errors"] == []
    assert report["stats"]["files"] == 5 and report["stats"]["functions"] > 0
    assert any(f["transformation"] == "CONVERT_TO_HYBRID" for f in report["functions"])

    # As resolve.ts launches it: the check, then the server, in a folder of the extension's.
    launch = tmp_path / "extension"
    launch.mkdir()
    version = run(python, "-m", "hybridize", "--version", cwd=launch).stdout
    assert version.strip().startswith("hybridize ")
    for command in ([str(python), "-m", "hybridize", "serve"],  # resolveServer's line
                    [str(venv / "bin" / "hybridize"), "serve"]):  # with hybridize.serverPath
        answer = initialize(command, launch, project)
        assert answer["id"] == 1 and "error" not in answer, answer
        assert answer["result"]["serverInfo"]["name"] == "hybridize"
        assert answer["result"]["capabilities"]["codeActionProvider"]
