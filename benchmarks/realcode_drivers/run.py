"""Speedup on real code: project drivers run before and after `hybridize fix`.

For each driver, the project's pinned sources (tests/realcode.py: the wheel benchmarks/realcode.py
analyses, unpacked) are copied with the driver next to them, as one project; a second copy is
changed by `hybridize fix` (the engine sees the driver calling into the project's code, and may
convert functions of both). Each copy's driver then runs in its own process, alternately, for
`--rounds` rounds; each run times its steps after a warm-up and saves its results. The script
prints the median step time before and after, their ratio, what `fix` changed, and whether every
run's results equal the first eager run's (numpy.allclose, rtol 1e-5, atol 1e-6).

The drivers import TensorFlow, Keras and the projects' dependencies, which the project's own
environment does not have. `--python` names an interpreter that has them; one that shares the
project venv's TensorFlow 2.21, Keras 3.15 and NumPy 2.4 and adds only the rest:

    python3 -m venv /tmp/drivers
    echo "$PWD/.venv/lib/python3.11/site-packages" \
        > /tmp/drivers/lib/python3.11/site-packages/project.pth
    /tmp/drivers/bin/pip install --no-deps tokenizers regex tf-keras==2.21.0 gin-config \
        scipy tensorflow-datasets etils toml immutabledict promise pycocotools pillow \
        tensorflow-metadata
    .venv/bin/python benchmarks/realcode_drivers/run.py --python /tmp/drivers/bin/python

(`--no-deps`: pip would otherwise add the `tensorflow` distribution beside `tensorflow-cpu`.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "tests"))

import realcode  # noqa: E402  (the pinned projects)

RTOL, ATOL = 1e-5, 1e-6


@dataclass(frozen=True)
class Driver:
    workload: str
    project: realcode.Project
    script: str  # a file beside this one
    args: tuple[str, ...] = ()


DRIVERS = (
    Driver("FNet classifier, eager GradientTape training step (keras-hub layers)",
           realcode.LARGE_PROJECTS[0], "keras_hub_fnet.py"),
    Driver("FNet classifier, eager forward pass (keras-hub layers)",
           realcode.LARGE_PROJECTS[0], "keras_hub_fnet.py", ("--predict",)),
    Driver("top-k sampling decoder (Model Garden SamplingModule)",
           realcode.LARGE_PROJECTS[1], "official_sampling.py"),
)


def prepare(driver: Driver, scratch: Path) -> tuple[Path, Path, str]:
    """The folder before and after `fix`, and what `fix` said."""
    sources = realcode.sources(driver.project)
    before = scratch / "before"
    shutil.copytree(sources, before / driver.project.package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(HERE / driver.script, before / driver.script)
    after = scratch / "after"
    shutil.copytree(before, after)
    run = subprocess.run([sys.executable, "-m", "hybridize", "fix", str(after), "--no-cache"],
                         capture_output=True, text=True, cwd=tempfile.gettempdir(), timeout=900)
    if run.returncode != 0:
        raise RuntimeError(f"hybridize fix failed: {run.stderr[-2000:]}")
    said = (run.stdout + run.stderr).strip().splitlines()  # "hybridize: changed N functions..."
    return before, after, said[-1].removeprefix("hybridize: ") if said else ""


def converted_in_driver(before: Path, after: Path, script: str) -> list[str]:
    """The driver's own functions that `fix` decorated (by name)."""
    old = (before / script).read_text(encoding="utf-8").splitlines()
    new = (after / script).read_text(encoding="utf-8").splitlines()
    added = len(new) - len(old)
    names = []
    for index, line in enumerate(new):
        if line.strip().startswith("@tf.function") and index + 1 < len(new):
            following = new[index + 1].strip()
            if following.startswith("def ") and line not in old:
                names.append(following[4:following.index("(")])
    return names if added >= 0 else []


def run_once(python: str, root: Path, script: str, out: Path, args: list[str]) -> list[float]:
    env = dict(os.environ, PYTHONHASHSEED="0", TF_CPP_MIN_LOG_LEVEL="2")
    run = subprocess.run([python, str(root / script), "--out", str(out), *args],
                         capture_output=True, text=True, cwd=root, env=env, timeout=900)
    if run.returncode != 0:
        raise RuntimeError(f"{root / script} failed (exit {run.returncode}):\n"
                           f"{run.stderr[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])["step_seconds"]


def same_results(first: Path, other: Path) -> str | None:
    """None when every array matches within the tolerance, else what differs."""
    with np.load(first) as a, np.load(other) as b:
        if sorted(a.files) != sorted(b.files):
            return "different arrays"
        for name in a.files:
            if a[name].shape != b[name].shape or not np.allclose(a[name], b[name], rtol=RTOL,
                                                                  atol=ATOL, equal_nan=True):
                return f"{name} differs"
    return None


def measure(driver: Driver, python: str, rounds: int, args: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="hybridize-drivers-") as tmp:
        scratch = Path(tmp)
        before, after, said = prepare(driver, scratch)
        in_driver = converted_in_driver(before, after, driver.script)
        times: dict[str, list[float]] = {"before": [], "after": []}
        outputs: list[tuple[str, Path]] = []
        for index in range(rounds):
            order = ("before", "after") if index % 2 == 0 else ("after", "before")
            for name in order:
                out = scratch / f"{name}-{index}.npz"
                times[name] += run_once(python, before if name == "before" else after,
                                        driver.script, out, [*driver.args, *args])
                outputs.append((name, out))
        reference = next(out for name, out in outputs if name == "before")
        differences = [f"{name}: {problem}" for name, out in outputs
                       if (problem := same_results(reference, out))]
    median_before = statistics.median(times["before"])
    median_after = statistics.median(times["after"])
    return {"workload": driver.workload,
            "project": f"{driver.project.name} {driver.project.version}",
            "fix": said, "driver_functions_converted": in_driver,
            "runs": rounds, "steps": len(times["before"]),
            "before_ms": round(1000 * median_before, 2),
            "after_ms": round(1000 * median_after, 2),
            # The fastest step of each: on a shared machine, what the code costs without others.
            "best_before_ms": round(1000 * min(times["before"]), 2),
            "best_after_ms": round(1000 * min(times["after"]), 2),
            "speedup": round(median_before / median_after, 2),
            "differences": differences}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True,
                        help="the interpreter that runs the drivers (has the projects' deps)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each version (default 3)")
    parser.add_argument("--only", nargs="+", metavar="SCRIPT", help="only these driver files")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args, driver_args = parser.parse_known_args()
    rows = [measure(d, args.python, args.rounds, driver_args) for d in DRIVERS
            if not args.only or d.script in args.only]
    print("| workload | project | `fix` changed | of them in the driver | median step before "
          "| after | speedup | fastest step before / after | results |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        equal = "equal" if not row["differences"] else "DIFFER: " + "; ".join(row["differences"])
        print(f"| {row['workload']} | {row['project']} | {row['fix']} "
              f"| {', '.join(row['driver_functions_converted']) or 'none'} "
              f"| {row['before_ms']} ms | {row['after_ms']} ms | {row['speedup']}x "
              f"| {row['best_before_ms']} / {row['best_after_ms']} ms "
              f"| {equal} ({row['runs']} runs each, {row['steps'] // row['runs']} timed steps a "
              f"run) |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0 if all(not row["differences"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
