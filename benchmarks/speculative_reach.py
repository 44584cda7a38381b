"""Reach with and without `--speculative`, per real project (issue 12).

For each project of tests/realcode.py (`BENCHMARK_PROJECTS`, or those named with --only), runs
`hybridize check --format json --no-cache` cold, once in the default mode and once with
`--speculative`, and prints one Markdown table: candidates, refactorable ones and their share in
each mode, and the speculative proposals split by the assumption their verdict states (a function
nothing calls taken as receiving tensors; configuration values, analysis/config_values.py).

    .venv/bin/python benchmarks/speculative_reach.py [--only NAME ...] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import realcode  # noqa: E402  (the test helpers: one list of projects for test and benchmark)

CONFIGURATION = "configuration values"  # words of config_values.describe's assumption


def _speculative_kinds(report: dict) -> tuple[int, int]:
    """(proposals assuming tensor arguments, proposals assuming configuration values)."""
    tensors = configuration = 0
    for f in report["functions"]:
        if not f["transformation"] or not f["speculative"]:
            continue
        messages = [a["message"] for a in f["assumptions"] if a["code"] == "SPECULATIVE_ANALYSIS"]
        configuration += any(CONFIGURATION in m for m in messages)
        tensors += any(CONFIGURATION not in m for m in messages)
    return tensors, configuration


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    projects = [p for p in realcode.BENCHMARK_PROJECTS
                if args.only is None or p.name in args.only]
    rows, out = [], {}
    for project in projects:
        source = realcode.sources(project)
        default = realcode.check_json([source], None)
        speculative = _check(source)
        tensors, configuration = _speculative_kinds(speculative)
        s0, s1 = default["stats"], speculative["stats"]
        out[project.name] = {"default": s0, "speculative": s1,
                             "speculative_tensor_proposals": tensors,
                             "speculative_configuration_proposals": configuration}
        rows.append((project.name, s0["candidates"], s0["refactorable"], s1["candidates"],
                     s1["refactorable"], tensors, configuration))
    print("| project | candidates | refactorable (share) | --speculative: candidates | "
          "refactorable (share) | of which: tensors assumed | configuration assumed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals = [0] * 6
    for name, *numbers in rows:
        totals = [t + n for t, n in zip(totals, numbers, strict=True)]
        c0, r0, c1, r1, t, k = numbers
        print(f"| {name} | {c0:,} | {r0:,} ({_share(r0, c0)}) | {c1:,} | {r1:,} "
              f"({_share(r1, c1)}) | {t:,} | {k:,} |")
    c0, r0, c1, r1, t, k = totals
    print(f"| **all** | {c0:,} | {r0:,} ({_share(r0, c0)}) | {c1:,} | {r1:,} "
          f"({_share(r1, c1)}) | {t:,} | {k:,} |")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, sort_keys=True), encoding="utf-8")
    return 0


def _share(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "-"


def _check(source: Path) -> dict:
    """`hybridize check --format json --no-cache --speculative`, as realcode.check_json runs
    the default mode (a child process in a neutral folder)."""
    import os
    import subprocess
    import tempfile

    command = [sys.executable, "-m", "hybridize", "check", "--format", "json", "--no-cache",
               "--speculative", str(source)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900,
                         env=dict(os.environ, PYTHONHASHSEED="0"), cwd=tempfile.gettempdir())
    if run.returncode != 0:
        raise RuntimeError(f"hybridize check failed (exit {run.returncode}): {run.stderr[-2000:]}")
    return json.loads(run.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
