"""The README's quick start shows what `hybridize check examples/` prints: every line it quotes
(abridged with `...`) is a line of the real output, in the same order."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _quoted_output() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text.split("What the first command prints", 1)[1]
    block = re.search(r"```\n(.*?)```", after, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip() and line != "..."]


def test_the_quick_start_output_is_what_check_prints() -> None:
    run = subprocess.run([sys.executable, "-I", "-m", "hybridize", "check", "examples/"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    position = 0
    for quoted in _quoted_output():
        assert quoted in lines[position:], f"not printed (in this order): {quoted!r}"
        position = lines.index(quoted, position) + 1
