"""Real TensorFlow projects for the determinism check: pinned wheels from PyPI, unpacked sources.

A wheel is a zip of a project's sources, so `pip download --no-deps --only-binary=:all:` brings
the code to analyse without installing it or any of its dependencies (nothing is imported or
run). Each project is unpacked once into `~/.cache/hybridize-realcode/NAME-VERSION/`
(`HYBRIDIZE_REALCODE_CACHE` moves it) and reused by later runs; a folder is only taken as
complete when its marker file exists, so an interrupted download is fetched again.

Used by tests/test_realcode_determinism.py (PROJECTS) and benchmarks/realcode.py (all).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

MARKER = ".hybridize-realcode-complete"


@dataclass(frozen=True)
class Project:
    name: str  # the PyPI name
    version: str  # pinned: the analysis' figures are only comparable on the same sources
    package: str  # the top-level folder of the wheel that holds the code


# TensorFlow projects that publish pure-Python wheels on PyPI: the test set (in the test
# command: a few seconds each, run eight times by the determinism test).
PROJECTS: tuple[Project, ...] = (
    Project("gpflow", "2.11.2", "gpflow"),
    Project("opennmt-tf", "2.32.0", "opennmt"),
    Project("psiz", "0.13.1", "psiz"),
    Project("spektral", "1.3.1", "spektral"),
    Project("tensorflow-recommenders", "0.7.7", "tensorflow_recommenders"),
    # The newest tf2rl with a wheel (later versions publish only an sdist, whose metadata pip
    # can only get by running its setup.py).
    Project("tf2rl", "0.1.11", "tf2rl"),
)

# Larger projects, for benchmarks/realcode.py only: 155 and 227 KLOC, 6 and 11 s a check on
# 2 cores, too slow to run eight times in the test command.
LARGE_PROJECTS: tuple[Project, ...] = (
    Project("keras-hub", "0.32.0", "keras_hub"),
    # The Model Garden's `official` package (the wheel's `orbit` trainer library is left out).
    Project("tf-models-official", "2.20.0", "official"),
)

BENCHMARK_PROJECTS = PROJECTS + LARGE_PROJECTS


class FetchError(RuntimeError):
    """The wheel could not be downloaded or unpacked (the message says why)."""


def cache_root() -> Path:
    configured = os.environ.get("HYBRIDIZE_REALCODE_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hybridize-realcode"


def sources(project: Project, root: Path | None = None) -> Path:
    """The folder of the project's unpacked package (downloaded on first use)."""
    target = (root or cache_root()) / f"{project.name}-{project.version}"
    if not (target / MARKER).exists():
        _fetch(project, target)
    return target / project.package


def _fetch(project: Project, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".fetch-") as tmp:
        download = Path(tmp) / "wheel"
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   "--disable-pip-version-check", "--quiet",
                   f"{project.name}=={project.version}", "-d", str(download)]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired as exc:
            raise FetchError(f"pip download {project.name}=={project.version} timed out") from exc
        wheels = sorted(download.glob("*.whl")) if download.is_dir() else []
        if run.returncode != 0 or len(wheels) != 1:
            raise FetchError(f"pip download {project.name}=={project.version} failed "
                             f"(exit {run.returncode}): {run.stderr.strip()[-800:]}")
        unpacked = Path(tmp) / "src"
        try:
            with zipfile.ZipFile(wheels[0]) as archive:
                archive.extractall(unpacked)
        except (OSError, zipfile.BadZipFile) as exc:
            raise FetchError(f"cannot unpack {wheels[0].name}: {exc}") from exc
        if not (unpacked / project.package).is_dir():
            raise FetchError(f"{wheels[0].name} has no folder {project.package}/")
        (unpacked / MARKER).write_text(wheels[0].name + "\n", encoding="utf-8")
        if target.exists() and not (target / MARKER).exists():  # an interrupted attempt
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.replace(unpacked, target)
        except OSError:
            if not (target / MARKER).exists():  # not another process that finished first
                raise


def check_json(paths: list[Path], cache_dir: Path | None, seed: str = "0") -> dict:
    """`hybridize check --format json` in a child process, as a user runs it (from a neutral
    folder: `python -m` puts the working folder first on sys.path, and a project's own
    `types.py` must not shadow the standard library's)."""
    command = [sys.executable, "-m", "hybridize", "check", "--format", "json",
               *map(str, paths)]
    command += ["--no-cache"] if cache_dir is None else ["--cache-dir", str(cache_dir)]
    env = dict(os.environ, PYTHONHASHSEED=seed)
    run = subprocess.run(command, capture_output=True, text=True, env=env,
                         cwd=tempfile.gettempdir(), timeout=600)
    if run.returncode != 0:
        raise RuntimeError(f"hybridize check failed (exit {run.returncode}): {run.stderr[-2000:]}")
    return json.loads(run.stdout)


def comparable(report: dict) -> str:
    """The report as stable text, without the one field that may differ (the time taken)."""
    report = json.loads(json.dumps(report))
    report.get("stats", {}).pop("seconds", None)
    return json.dumps(report, indent=1, sort_keys=True)
