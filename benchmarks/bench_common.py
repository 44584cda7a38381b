"""What the benchmarks share: the source tree they copy, the machine they ran on, the table."""

from __future__ import annotations

import importlib.util
import os
import platform
import sys
from collections.abc import Iterator
from pathlib import Path

SKIP_DIRS = {"__pycache__", ".git", ".hg", ".svn", ".venv", "venv", "node_modules"}


def nonblank_lines(path: Path) -> int:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return sum(1 for line in text.splitlines() if line.strip())


def walk(root: Path, first: str | None = None) -> Iterator[tuple[Path, list[Path]]]:
    """Deterministic top-down walk: yields (directory, sorted .py files in it).

    Sub-folders are visited in sorted order, except that ``first`` (a name of a
    direct child of ``root``) is visited before the others.
    """
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError:
            continue
        files = [p for p in entries if p.is_file() and p.suffix == ".py"]
        dirs = [p for p in entries if p.is_dir() and not p.is_symlink()
                and p.name not in SKIP_DIRS and not p.name.startswith(".")]
        if folder == root and first is not None:
            dirs.sort(key=lambda p: (p.name != first, p.name))
        yield folder, files
        pending.extend(reversed(dirs))  # stack: first sorted dir is visited next


def find_keras(program: str) -> Path:
    spec = importlib.util.find_spec("keras")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{program}: the keras package is not installed in this interpreter")
    return Path(list(spec.submodule_search_locations)[0])


def machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    return {"nproc": nproc, "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform()}


def table(rows: list[tuple[str, str]]) -> str:
    head = "| " + " | ".join(name for name, _ in rows) + " |"
    rule = "|" + "|".join("-" * (len(name) + 2) for name, _ in rows) + "|"
    body = "| " + " | ".join(value for _, value in rows) + " |"
    return "\n".join([head, rule, body])
