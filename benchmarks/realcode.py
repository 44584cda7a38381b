"""`hybridize check` on eight real TensorFlow projects: reach, speed and determinism.

The projects are the pinned wheels of tests/realcode.py (`BENCHMARK_PROJECTS`: the test set and
the two large ones; downloaded once without their dependencies, unpacked, never installed or
imported). For each one the script runs `hybridize check --format json` as a user would: cold
under three PYTHONHASHSEED values (each with a fresh cache), warm (the first cache again), and
with the files given one by one in reverse order. It prints Markdown tables:

1. reach, per project and overall: files, KLOC (non-blank lines), functions, candidates, the
   refactorable ones and their share (analysis/reach.py says how candidates are counted), and
   proposals by kind and by precondition;
2. the most frequent codes for which candidates were declined, per project and overall (what the
   reach work has to win back);
3. speed and determinism: the cold and warm times, and whether every report was identical apart
   from `stats.seconds`.

The tables analyse the package folder itself, as the determinism test does. A user checks a
repository from its root, where the package is a subfolder. Both name the modules alike (the
package's absolute imports of itself, `from keras_hub.src.layers import ...`, resolve either
way: analysis/naming.py), so the two should agree: the reach table also gives the candidates,
refactorable ones and share of one more cold run on a copy of the package inside an otherwise
empty folder.

Run it with the interpreter that has hybridize installed (`--quick`: one cold run per project,
no determinism check):

    .venv/bin/python benchmarks/realcode.py [--quick] [--json OUT] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import realcode  # noqa: E402  (the test helpers: one list of projects for test and benchmark)

SEEDS = ("0", "1", "4242")
KINDS = (("CONVERT_TO_HYBRID", "to hybrid"), ("CONVERT_TO_EAGER", "to eager"),
         ("RECONFIGURE", "reconfigure"))
TOP = 5  # decline codes shown per project


def nonblank_lines(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*.py")
               for line in path.read_bytes().decode("utf-8", "replace").splitlines()
               if line.strip())


def timed(paths: list[Path], cache: Path | None, seed: str) -> tuple[dict, float]:
    started = time.perf_counter()
    report = realcode.check_json(paths, cache, seed)
    return report, time.perf_counter() - started


def measure(project: realcode.Project, scratch: Path, quick: bool) -> dict:
    folder = realcode.sources(project)
    runs: dict[str, float] = {}
    reports: dict[str, str] = {}
    first = None
    for seed in SEEDS[:1] if quick else SEEDS:
        report, seconds = timed([folder], scratch / f"{project.name}-{seed}", seed)
        runs[f"cold seed {seed}"] = seconds
        reports[f"cold seed {seed}"] = realcode.comparable(report)
        first = first or report
    if not quick:
        report, seconds = timed([folder], scratch / f"{project.name}-{SEEDS[0]}", SEEDS[1])
        runs["warm"] = seconds
        reports["warm"] = realcode.comparable(report)
        files = sorted(folder.rglob("*.py"), reverse=True)
        report, seconds = timed(files, None, SEEDS[2])
        runs["reversed files"] = seconds
        reports["reversed files"] = realcode.comparable(report)
    assert first is not None
    stats = first["stats"]
    parent = scratch / f"{project.name}-parent"
    shutil.copytree(folder, parent / project.package, ignore=shutil.ignore_patterns("__pycache__"))
    from_parent = realcode.check_json([parent], None, SEEDS[0])["stats"]
    preconditions = collections.Counter(f["precondition"] for f in first["functions"]
                                        if f["transformation"])
    baseline = reports[f"cold seed {SEEDS[0]}"]
    return {
        "project": f"{project.name} {project.version}",
        "files": stats["files"],
        "kloc": round(nonblank_lines(folder) / 1000, 1),
        "functions": stats["functions"],
        "candidates": stats["candidates"],
        "candidates_eager": stats["candidates_eager"],
        "candidates_hybrid": stats["candidates_hybrid"],
        "refactorable": stats["refactorable"],
        "proposals": stats["proposals"],
        "preconditions": dict(sorted(preconditions.items())),
        "declined": stats["declined"],
        "kept_as_is": stats["kept_as_is"],
        "from_parent": {key: from_parent[key] for key in ("candidates", "refactorable")},
        "seconds": {name: round(value, 2) for name, value in runs.items()},
        "differing": [name for name, text in reports.items() if text != baseline],
    }


def total(rows: list[dict]) -> dict:
    """The projects as one set: counts added (the share is recomputed from the sums)."""
    out: dict = {"project": "**all**", "files": 0, "kloc": 0.0, "functions": 0, "candidates": 0,
                 "candidates_eager": 0, "candidates_hybrid": 0, "refactorable": 0,
                 "kept_as_is": 0}
    proposals: collections.Counter[str] = collections.Counter()
    preconditions: collections.Counter[str] = collections.Counter()
    declined: collections.Counter[str] = collections.Counter()
    out["from_parent"] = {"candidates": 0, "refactorable": 0}
    for row in rows:
        for key in ("files", "functions", "candidates", "candidates_eager", "candidates_hybrid",
                    "refactorable", "kept_as_is"):
            out[key] += row[key]
        for key in ("candidates", "refactorable"):
            out["from_parent"][key] += row["from_parent"][key]
        out["kloc"] += row["kloc"]
        proposals.update(row["proposals"])
        preconditions.update(row["preconditions"])
        declined.update(row["declined"])
    out["kloc"] = round(out["kloc"], 1)
    out["proposals"] = dict(proposals)
    out["preconditions"] = dict(sorted(preconditions.items()))
    out["declined"] = dict(sorted(declined.items(), key=lambda item: (-item[1], item[0])))
    return out


def share(row: dict) -> str:
    return f"{row['refactorable'] / row['candidates']:.1%}" if row["candidates"] else "-"


def print_reach(rows: list[dict]) -> None:
    print("| project | files | KLOC | functions | candidates (eager + hybrid) | refactorable "
          "| share | to hybrid | to eager | reconfigure | by precondition "
          "| from the parent folder: refactorable / candidates |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in [*rows, total(rows)]:
        kinds = " | ".join(str(row["proposals"].get(kind, 0)) for kind, _ in KINDS)
        by_code = ", ".join(f"{code} {n}" for code, n in row["preconditions"].items()) or "-"
        parent = row["from_parent"]
        print(f"| {row['project']} | {row['files']} | {row['kloc']} | {row['functions']} "
              f"| {row['candidates']} ({row['candidates_eager']} + {row['candidates_hybrid']}) "
              f"| {row['refactorable']} | {share(row)} | {kinds} | {by_code} "
              f"| {parent['refactorable']} / {parent['candidates']} = {share(parent)} |")


def print_declines(rows: list[dict]) -> None:
    print()
    print(f"| project | candidates declined, by first failure (top {TOP}) |")
    print("|---|---|")
    for row in rows:
        top = list(row["declined"].items())[:TOP]
        print(f"| {row['project']} | {', '.join(f'{code} {n}' for code, n in top) or '-'} |")
    overall = list(total(rows)["declined"].items())[:2 * TOP]
    print(f"| **all** (top {2 * TOP}) | {', '.join(f'{code} {n}' for code, n in overall)} |")


def print_speed(rows: list[dict], quick: bool) -> None:
    print()
    if quick:
        print("| project | cold s |")
        print("|---|---|")
        for row in rows:
            print(f"| {row['project']} | {row['seconds'][f'cold seed {SEEDS[0]}']:.2f} |")
        return
    print("| project | cold s (3 seeds) | warm s | identical reports |")
    print("|---|---|---|---|")
    for row in rows:
        cold = [row["seconds"][f"cold seed {s}"] for s in SEEDS]
        print(f"| {row['project']} | {' / '.join(f'{c:.2f}' for c in cold)} "
              f"| {row['seconds']['warm']:.2f} "
              f"| {'yes' if not row['differing'] else 'NO: ' + ', '.join(row['differing'])} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--quick", action="store_true",
                        help="one cold run per project: reach only, no determinism check")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="only these projects (PyPI names)")
    args = parser.parse_args()
    projects = [p for p in realcode.BENCHMARK_PROJECTS if not args.only or p.name in args.only]
    if not projects:
        parser.error(f"no project named {', '.join(args.only)}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="hybridize-realcode-") as tmp:
        for project in projects:
            rows.append(measure(project, Path(tmp), args.quick))
    print_reach(rows)
    print_declines(rows)
    print_speed(rows, args.quick)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0 if all(not row["differing"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
