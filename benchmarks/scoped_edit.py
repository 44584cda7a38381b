"""A quick guard for the language server's edit path: a scoped run after an edit, in process.

`benchmarks/lsp_latency.py` measures an edit end to end through the protocol, but takes about
ten minutes. This script answers the question a change to the engine should ask first, in about
a minute: did it make the run an editor does after each keystroke slower? It builds the same
workspace (the pinned wheels of tf-models-official, gpflow and opennmt-tf, 253 KLOC), indexes it
once with the language server's `workspace.Analyzer`, then applies lsp_latency's cycle of six
edits (a blank line in and out, a call's int literal changed and back, a `print(0)` in and out)
to a file nothing imports (LEAF) and to the Model Garden's shape helpers (HUB, which about a
third of the workspace's call sites depend on), each followed by `Analyzer.run` with the edited
text as an override and verdicts for that file only, as the server runs it. It prints each
file's timings in milliseconds, sorted, their median, the parse ceiling of the tree and the
median's ratio to it, and `uptime`. Each edit's run is the server's while the user types
(`exact=False`: the cycles of values through what it evaluates left pending); the exact run
the server makes once the user is idle follows it and is timed apart (docs/cache.md).

    .venv/bin/python benchmarks/scoped_edit.py [--cycles 2] [--max-median-ms MS]

With `--max-median-ms`, it exits 1 when either file's median is above MS: a session that
adds a whole-program rule runs it before and after (session 22's first version of a rule cost
a scoped edit 225 ms instead of 30 ms, found only by a manual profile). The machine is shared
and noisy: compare runs made back to back, not with a figure from another day.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from hybridize.analysis import workspace
from lsp_latency import (
    DEFAULT_PROJECTS,
    HUB,
    LEAF,
    apply_change,
    build_workspace,
    edit_plan,
    functions_of,
    load,
    parse_ceiling,
)


def timed_cycles(analyzer: workspace.Analyzer, root: Path, rel: str, cycles: int
                 ) -> tuple[list[float], list[float]]:
    """Milliseconds of each scoped run after each edit of `rel`, `cycles` times the plan, as
    the server runs them while the user types (not exact); and of the exact run the server
    makes once the user is idle (Analyzer.run, incremental.cut_off), after each edit's."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    plan = edit_plan(text, functions_of(text))
    times, settles = [], []
    for _ in range(cycles):
        for _label, change in plan:
            text = apply_change(text, change)
            started = time.perf_counter()
            result = analyzer.run(overrides={str(path): text}, files={rel}, exact=False)
            times.append((time.perf_counter() - started) * 1000)
            errors = [e for e in result.errors if e.file == rel]
            if errors:
                sys.exit(f"scoped_edit: {rel}: {errors[0]}")
            started = time.perf_counter()
            analyzer.run(overrides={str(path): text}, files={rel})
            settles.append((time.perf_counter() - started) * 1000)
    if text != path.read_text(encoding="utf-8"):
        sys.exit(f"scoped_edit: the edit cycle did not bring {rel} back")
    return times, settles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=2, help="edit cycles per file (6 edits)")
    parser.add_argument("--max-median-ms", type=float, default=None,
                        help="exit 1 when a file's median is above this")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hybridize-scoped-") as tmp:
        root = Path(tmp)
        files, lines, used = build_workspace(root, list(DEFAULT_PROJECTS))
        ceiling = parse_ceiling(root)
        print(f"workspace: {', '.join(used)}: {files} files, {lines / 1000:.1f} KLOC; "
              f"parse ceiling {ceiling:.2f} CPU s")
        analyzer = workspace.Analyzer([root])
        started = time.perf_counter()
        analyzer.run(files=set())
        print(f"index (in process, no cache): {time.perf_counter() - started:.2f} s")
        over = False
        for label, rel in (("leaf", LEAF), ("hub", HUB)):
            times, settles = timed_cycles(analyzer, root, rel, args.cycles)
            median = statistics.median(times)
            print(f"{label} {rel}: median {median:.1f} ms "
                  f"({median / 1000 / ceiling:.4f} of the parse ceiling); sorted ms: "
                  + " ".join(f"{t:.0f}" for t in sorted(times)))
            print(f"  idle (exact) run after each: median {statistics.median(settles):.1f} ms; "
                  "sorted ms: " + " ".join(f"{t:.0f}" for t in sorted(settles)))
            if args.max_median_ms is not None and median > args.max_median_ms:
                print(f"  above --max-median-ms {args.max_median_ms:g}")
                over = True
        print(load())
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
