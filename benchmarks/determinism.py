"""Determinism of `hybridize check` on the large real projects, under several hash seeds.

tests/test_realcode_determinism.py covers the six small projects (seconds each); keras-hub and
tf-models-official take 15-40 s a check on two cores, too slow for the test command, and a
hash-seed-dependent message was once found there by hand. This script runs
`hybridize check --format json --no-cache` on each large project under every PYTHONHASHSEED
given, and compares the reports apart from `stats.seconds`: for each seed that differs from
the first it prints how many functions differ and, for the first few, which report fields.

The checked code is a snapshot of the commit (`git archive HEAD` into a temporary folder, put
first on PYTHONPATH): engineers edit the shared working tree while the runs go on, and a report
that changed because the code changed between two runs is not a determinism failure (it was
mistaken for one once). `--working-tree` checks the working tree as it is instead.

    .venv/bin/python benchmarks/determinism.py [--seeds 0 1 7] [--only NAME ...]
        [--working-tree] [--json OUT]

Exit status 1 when any two reports of a project differ.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import realcode  # noqa: E402  (the one list of projects for tests and benchmarks)

SHOWN = 5  # differing functions described per seed


def snapshot(into: Path) -> tuple[Path, str]:
    """The committed sources of HEAD under `into`: (the folder to put on PYTHONPATH, commit)."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, check=True,
                            capture_output=True, text=True).stdout.strip()
    archive = into / "head.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", "HEAD", "server"], cwd=REPO, check=True, stdout=out)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "server", commit


def check(package: Path, seed: str, pythonpath: Path | None) -> tuple[dict, float]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "hybridize", "check", "--format", "json",
                          "--no-cache", "--exit-zero", str(package)], capture_output=True,
                         text=True, env=env, cwd=tempfile.gettempdir(), timeout=1200)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        raise RuntimeError(f"check failed (exit {run.returncode}): {run.stderr[-2000:]}")
    report = json.loads(run.stdout)
    report.get("stats", {}).pop("seconds", None)
    return report, elapsed


def _key(function: dict) -> tuple[str, str, int]:
    return function["file"], function["qualname"], function["line"]


def differences(first: dict, other: dict) -> list[str]:
    """What differs between two reports of the same project, in words."""
    out = [f"report field `{name}` differs" for name in sorted(set(first) | set(other))
           if name != "functions" and first.get(name) != other.get(name)]
    mine = {_key(f): f for f in first.get("functions", [])}
    theirs = {_key(f): f for f in other.get("functions", [])}
    if [_key(f) for f in first.get("functions", [])] != \
            [_key(f) for f in other.get("functions", [])]:
        out.append("the functions come in another order")
    for key in sorted(set(mine) | set(theirs)):
        a, b = mine.get(key), theirs.get(key)
        if a == b:
            continue
        fields = sorted(name for name in set(a or {}) | set(b or {})
                        if (a or {}).get(name) != (b or {}).get(name))
        out.append(f"{key[0]}:{key[2]} {key[1]}: {', '.join(fields)}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", nargs="+", default=["0", "1", "7"])
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        default=[p.name for p in realcode.LARGE_PROJECTS])
    parser.add_argument("--working-tree", action="store_true",
                        help="check the working tree as it is, not a snapshot of HEAD")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    projects = [p for p in realcode.BENCHMARK_PROJECTS if p.name in args.only]
    if not projects:
        parser.error(f"no project named {args.only}")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="hybridize-determinism-") as tmp:
        pythonpath, commit = (None, "working tree") if args.working_tree else \
            snapshot(Path(tmp))
        print(f"# hybridize check --no-cache under PYTHONHASHSEED {', '.join(args.seeds)} "
              f"({commit})\n")
        failed = False
        for project in projects:
            package = realcode.sources(project)
            reports, seconds = [], []
            for seed in args.seeds:
                report, elapsed = check(package, seed, pythonpath)
                reports.append(report)
                seconds.append(round(elapsed, 1))
            found = {seed: differences(reports[0], report)
                     for seed, report in zip(args.seeds[1:], reports[1:], strict=True)}
            same = not any(found.values())
            failed |= not same
            functions = len(reports[0].get("functions", []))
            print(f"{project.name}: {functions} functions, "
                  f"{'identical' if same else 'DIFFERENT'} reports, seconds {seconds}")
            for seed, lines in found.items():
                if lines:
                    print(f"  PYTHONHASHSEED={seed} vs {args.seeds[0]}: {len(lines)} differences")
                    for line in lines[:SHOWN]:
                        print(f"    {line}")
            results[project.name] = {"functions": functions, "identical": same,
                                     "seconds": seconds, "differences": found}
    if args.json:
        args.json.write_text(json.dumps({"commit": commit, "seeds": args.seeds,
                                         "projects": results}, indent=1) + "\n",
                             encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
