"""`hybridize check` on five real TensorFlow projects: speed, proposals, and determinism.

The projects are the pinned wheels of tests/realcode.py (downloaded once without their
dependencies, unpacked, never installed or imported). For each one the script runs
`hybridize check --format json` as a user would: cold under three PYTHONHASHSEED values (each
with a fresh cache), warm (the first cache again), and with the files given one by one in
reverse order; it prints a Markdown table and says whether every report was identical apart
from `stats.seconds`. Run it with the interpreter that has hybridize installed:

    .venv/bin/python benchmarks/realcode.py [--json OUT]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import realcode  # noqa: E402  (the test helpers: one list of projects for test and benchmark)

SEEDS = ("0", "1", "4242")


def nonblank_lines(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*.py")
               for line in path.read_bytes().decode("utf-8", "replace").splitlines()
               if line.strip())


def timed(paths: list[Path], cache: Path | None, seed: str) -> tuple[dict, float]:
    started = time.perf_counter()
    report = realcode.check_json(paths, cache, seed)
    return report, time.perf_counter() - started


def measure(project: realcode.Project, scratch: Path) -> dict:
    folder = realcode.sources(project)
    runs: dict[str, float] = {}
    reports: dict[str, str] = {}
    first = None
    for seed in SEEDS:
        report, seconds = timed([folder], scratch / f"{project.name}-{seed}", seed)
        runs[f"cold seed {seed}"] = seconds
        reports[f"cold seed {seed}"] = realcode.comparable(report)
        first = first or report
    report, seconds = timed([folder], scratch / f"{project.name}-{SEEDS[0]}", SEEDS[1])
    runs["warm"] = seconds
    reports["warm"] = realcode.comparable(report)
    files = sorted(folder.rglob("*.py"), reverse=True)
    report, seconds = timed(files, None, SEEDS[2])
    runs["reversed files"] = seconds
    reports["reversed files"] = realcode.comparable(report)
    assert first is not None
    kinds = collections.Counter(f["transformation"] for f in first["functions"]
                                if f["transformation"])
    baseline = reports[f"cold seed {SEEDS[0]}"]
    return {
        "project": f"{project.name} {project.version}",
        "files": first["stats"]["files"],
        "kloc": round(nonblank_lines(folder) / 1000, 1),
        "functions": first["stats"]["functions"],
        "proposals": dict(kinds),
        "seconds": {name: round(value, 2) for name, value in runs.items()},
        "differing": [name for name, text in reports.items() if text != baseline],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="hybridize-realcode-") as tmp:
        for project in realcode.PROJECTS:
            rows.append(measure(project, Path(tmp)))
    print("| project | files | KLOC | functions | to hybrid | to eager | reconfigure "
          "| cold s (3 seeds) | warm s | identical reports |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        cold = [row["seconds"][f"cold seed {s}"] for s in SEEDS]
        kinds = row["proposals"]
        print(f"| {row['project']} | {row['files']} | {row['kloc']} | {row['functions']} "
              f"| {kinds.get('CONVERT_TO_HYBRID', 0)} | {kinds.get('CONVERT_TO_EAGER', 0)} "
              f"| {kinds.get('RECONFIGURE', 0)} | {' / '.join(f'{c:.2f}' for c in cold)} "
              f"| {row['seconds']['warm']:.2f} "
              f"| {'yes' if not row['differing'] else 'NO: ' + ', '.join(row['differing'])} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0 if all(not row["differing"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
