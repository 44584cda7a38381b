"""Speedup benchmark: what `hybridize fix` buys on realistic TensorFlow programs (not a test).

For every workload under benchmarks/workloads/ (a folder whose entry point is ``train.py``):

1. copies it twice into a temporary folder, ``original/NAME`` and ``refactored/NAME``;
2. runs ``python -m hybridize check --format json`` on the original copy (converted and declined
   functions, with their failure codes) and ``python -m hybridize fix`` on the refactored copy;
3. runs the original and the refactored program alternately ``--repeat`` times, each run a fresh
   process, and reads the line ``RESULT metric=NAME value=FLOAT train_seconds=FLOAT`` it prints;
4. reports, per workload, the medians of train_seconds (the training/inference loop only) and of
   the whole process's wall time, the speedup (median before / median after), the final metric of
   both programs and whether they agree within the tolerance; and the geometric mean speedup.

Standard library only; run it with the interpreter that has hybridize and TensorFlow installed:

    .venv/bin/python benchmarks/speedup.py [--repeat 5] [--only NAME ...] [--json OUT]
                                           [--markdown] [--steps N] [--keep]

The same command runs on a GPU machine; the table then says which device it ran on.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench_common import machine

WORKLOADS_DIR = Path(__file__).resolve().parent / "workloads"
ENTRY = "train.py"
RUN_LIMIT_S = 900.0

# The final metrics of the original and the refactored program must agree within
# max(ABS_TOL, REL_TOL * |original|). Graph and eager kernels may round the last bits differently
# (Grappler fuses ops in graphs), and training amplifies such differences a little.
REL_TOL, ABS_TOL = 1e-3, 1e-4


@dataclass(frozen=True)
class Workload:
    name: str
    description: str
    fix_options: tuple[str, ...] = ()  # extra `hybridize check/fix` options (e.g. --speculative)
    fix_only: tuple[str, ...] = ()  # options of `hybridize fix` alone (e.g. --repair-retracing)
    # Also run the program as plain `hybridize fix` leaves it ("removed": a retracing decorator
    # removed, P3), to compare a repair that keeps the graph with the removal.
    compare_removal: bool = False
    # How the "removed" copy is made: "fix" (plain `hybridize fix` removes the decorator, P3),
    # or "decorators" (every `@tf.function` line deleted, as the published tool's "Optimize
    # Hybrid Function" does; plain `fix` keeps such a step and repairs it).
    removal: str = "fix"
    rel_tol: float = REL_TOL
    abs_tol: float = ABS_TOL


WORKLOADS = [
    Workload("logreg", "logistic regression, raw variables, custom loop"),
    Workload("mlp", "MLP on MNIST-shaped data, tf.data, Keras Sequential"),
    Workload("cnn", "small CNN (Model subclass) on MNIST-shaped data",
             # Measured: the metrics agree to 6 digits after 10 and 100 steps, and each step
             # agrees to 1e-5 (tests/test_workload_equivalence.py), but between steps 100 and 300
             # Adam amplifies last-bit differences of the conv kernels to ~1% of the loss.
             rel_tol=2e-2),
    Workload("bilstm", "embedding + bidirectional LSTM classifier"),
    Workload("autoencoder", "dense autoencoder (Model subclass), tf.data"),
    Workload("dcgan", "DCGAN train step (two tapes, two optimizers)"),
    Workload("transformer", "one-block Transformer classifier, warm-up schedule"),
    Workload("deep_dense", "Model subclass whose call loops over 100 Dense layers"),
    Workload("schedule", "tf.function step retracing on a Python step counter (R2 vs P3)",
             fix_only=("--repair-retracing",), compare_removal=True),
    Workload("buckets", "tf.function step retracing on every sequence length (R3 vs removal)",
             compare_removal=True, removal="decorators"),
]

VARIANTS = ("before", "after", "removed")  # removed: only with Workload.compare_removal
RESULT = re.compile(r"^RESULT metric=(\S+) value=(\S+) train_seconds=(\S+)\s*$", re.MULTILINE)


@dataclass
class Run:
    variant: str  # "before" (the original) or "after" (refactored by hybridize fix)
    train_s: float
    wall_s: float
    metric: float


@dataclass
class Outcome:
    workload: Workload
    converted: list[str] = field(default_factory=list)
    declined: dict[str, str] = field(default_factory=dict)  # qualname -> primary failure code
    changed_by_fix: int = 0
    metric_name: str = ""
    runs: list[Run] = field(default_factory=list)
    error: str | None = None

    def series(self, variant: str, attribute: str) -> list[float]:
        return [getattr(r, attribute) for r in self.runs if r.variant == variant]

    def median(self, variant: str, attribute: str) -> float:
        values = self.series(variant, attribute)
        return statistics.median(values) if values else math.nan

    @property
    def speedup(self) -> float:
        after = self.median("after", "train_s")
        return self.median("before", "train_s") / after if after else math.nan

    @property
    def variants(self) -> tuple[str, ...]:
        return VARIANTS if self.workload.compare_removal else VARIANTS[:2]

    @property
    def speedup_over_removal(self) -> float:
        """The repaired program against the one whose decorator plain `fix` removed."""
        after = self.median("after", "train_s")
        return self.median("removed", "train_s") / after if after else math.nan

    @property
    def metric_difference(self) -> float:
        return abs(self.median("after", "metric") - self.median("before", "metric"))

    @property
    def tolerance(self) -> float:
        before = self.median("before", "metric")
        return max(self.workload.abs_tol, self.workload.rel_tol * abs(before))

    @property
    def deterministic(self) -> bool:
        """Every run of one program printed the same metric."""
        return all(len(set(self.series(v, "metric"))) <= 1 for v in ("before", "after"))

    @property
    def agrees(self) -> bool:
        removed = self.series("removed", "metric")
        same_removed = not removed or \
            abs(self.median("removed", "metric") - self.median("before", "metric")) <= \
            self.tolerance
        return self.error is None and self.metric_difference <= self.tolerance and same_removed


# --------------------------------------------------------------------------- running


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def hybridize(command: str, path: Path, options: tuple[str, ...], *extra: str) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "hybridize", command, str(path), "--no-cache", *options, *extra],
        capture_output=True, text=True, env=child_env(), check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"hybridize {command} failed ({run.returncode}): {run.stderr[-2000:]}")
    return run.stdout


def analyse(outcome: Outcome, original: Path, refactored: Path,
            removed: Path | None = None) -> None:
    options = outcome.workload.fix_options
    report = json.loads(hybridize("check", original, options, "--format", "json"))
    for function in report["functions"]:
        if function["transformation"] == "CONVERT_TO_HYBRID":
            outcome.converted.append(f"{function['file']}::{function['qualname']}")
        elif not function["hybrid"] and function["failures"]:
            key = f"{function['file']}::{function['qualname']}"
            outcome.declined[key] = function["failures"][0]["code"]
    fixed = hybridize("fix", refactored, options, *outcome.workload.fix_only)
    if removed is not None and outcome.workload.removal == "decorators":
        strip_decorators(removed)
    elif removed is not None:
        hybridize("fix", removed, options)
    changed = re.search(r"changed (\d+) function", fixed)
    outcome.changed_by_fix = int(changed.group(1)) if changed else 0


def strip_decorators(folder: Path) -> None:
    """Delete every `@tf.function` decorator line (bare or with arguments on that line)."""
    pattern = re.compile(r"^[ \t]*@tf\.function(\(.*\))?[ \t]*\n", re.MULTILINE)
    for path in sorted(folder.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        path.write_text(pattern.sub("", text), encoding="utf-8")


def run_program(folder: Path, variant: str, steps: int | None) -> tuple[str, Run]:
    command = [sys.executable, ENTRY] + (["--steps", str(steps)] if steps else [])
    start = time.perf_counter()
    child = subprocess.run(command, cwd=folder, capture_output=True, text=True, env=child_env(),
                           timeout=RUN_LIMIT_S, check=False)
    wall = time.perf_counter() - start
    found = RESULT.findall(child.stdout)
    if child.returncode != 0 or not found:
        tail = (child.stdout + child.stderr)[-1500:]
        raise RuntimeError(f"{variant} run failed (exit {child.returncode}):\n{tail}")
    name, value, train = found[-1]
    return name, Run(variant, float(train), wall, float(value))


def measure(workload: Workload, scratch: Path, repeat: int, steps: int | None) -> Outcome:
    outcome = Outcome(workload)
    source = WORKLOADS_DIR / workload.name
    original = scratch / "original" / workload.name
    refactored = scratch / "refactored" / workload.name
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    removed = scratch / "removed" / workload.name if workload.compare_removal else None
    shutil.copytree(source, original, ignore=ignore)
    shutil.copytree(source, refactored, ignore=ignore)
    if removed is not None:
        shutil.copytree(source, removed, ignore=ignore)
    try:
        analyse(outcome, original, refactored, removed)
        for i in range(repeat):
            # Alternate, and swap which goes first, so that slow phases of a shared machine
            # hit both programs alike.
            order = [("before", original), ("after", refactored)]
            if removed is not None:
                order.append(("removed", removed))
            for variant, folder in order if i % 2 == 0 else order[::-1]:
                name, run = run_program(folder, variant, steps)
                outcome.metric_name = name
                outcome.runs.append(run)
                print(f"  {workload.name:12s} {variant:6s} run {i + 1}/{repeat}: "
                      f"train {run.train_s:7.2f} s, process {run.wall_s:7.2f} s, "
                      f"{name} {run.metric:.6f}", file=sys.stderr, flush=True)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        outcome.error = str(error)
        print(f"  {workload.name}: {error}", file=sys.stderr, flush=True)
    return outcome


def device_info() -> dict[str, object]:
    """TensorFlow's version and the device the workloads run on, asked in a child process."""
    probe = (
        "import json, tensorflow as tf\n"
        "gpus = tf.config.list_physical_devices('GPU')\n"
        "names = [tf.config.experimental.get_device_details(g).get('device_name', g.name)"
        " for g in gpus]\n"
        "print(json.dumps({'tensorflow': tf.__version__, 'gpus': names}))\n"
    )
    child = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           env=child_env(), check=False)
    try:
        info = json.loads(child.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"tensorflow": "unknown", "gpus": [], "device": "unknown"}
    info["device"] = "GPU: " + ", ".join(info["gpus"]) if info["gpus"] else "CPU"
    return info


# --------------------------------------------------------------------------- reporting


def geometric_mean(values: list[float]) -> float:
    values = [v for v in values if v > 0 and math.isfinite(v)]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else math.nan


def declined_summary(outcome: Outcome) -> str:
    counts = Counter(outcome.declined.values())
    codes = ", ".join(f"{code} x{n}" if n > 1 else code for code, n in sorted(counts.items()))
    return f"{len(outcome.declined)} ({codes})" if codes else "0"


def markdown(outcomes: list[Outcome], info: dict[str, object], repeat: int) -> str:
    device = info["device"]
    head = ("| workload | converted | declined (primary codes) | train s before | train s after "
            "| speedup | process s before | process s after | metric | before | after "
            "| difference (tolerance) |")
    lines = [head, "|" + "---|" * 12]
    for o in outcomes:
        if o.error and not o.runs:
            lines.append(f"| {o.workload.name} | {len(o.converted)} | {declined_summary(o)} "
                         "| FAILED | | | | | | | | |")
            continue
        verdict = "ok" if o.agrees else "**DIFFERS**"
        if not o.deterministic:
            verdict += ", varies between runs"
        lines.append(
            f"| {o.workload.name} | {len(o.converted)} | {declined_summary(o)} "
            f"| {o.median('before', 'train_s'):.2f} | {o.median('after', 'train_s'):.2f} "
            f"| {o.speedup:.2f}x "
            f"| {o.median('before', 'wall_s'):.2f} | {o.median('after', 'wall_s'):.2f} "
            f"| {o.metric_name} | {o.median('before', 'metric'):.6f} "
            f"| {o.median('after', 'metric'):.6f} "
            f"| {o.metric_difference:.1e} ({o.tolerance:.0e}): {verdict} |"
        )
    m = machine()
    mean = geometric_mean([o.speedup for o in outcomes if not o.error])
    for o in outcomes:
        if o.workload.compare_removal and not o.error:
            how = "plain fix" if o.workload.removal == "fix" else "deleting @tf.function"
            fixed = " ".join(("fix", *o.workload.fix_only))
            lines += ["", f"{o.workload.name}: repaired ({fixed}) "
                      f"{o.median('after', 'train_s'):.2f} s, decorator removed by {how} "
                      f"{o.median('removed', 'train_s'):.2f} s: {o.speedup_over_removal:.2f}x; "
                      f"metric removed {o.median('removed', 'metric'):.6f}"]
    lines += [
        "",
        f"Geometric mean speedup (train s): **{mean:.2f}x** over "
        f"{sum(1 for o in outcomes if not o.error)} workloads; device: {device}; "
        f"{repeat} runs of each program, medians.",
        f"Machine: {m['cpu']}, {m['nproc']} CPUs usable, Python {m['python']}, "
        f"TensorFlow {info['tensorflow']}, {m['platform']}.",
    ]
    return "\n".join(lines)


def as_json(outcomes: list[Outcome], info: dict[str, object], repeat: int) -> dict[str, object]:
    return {
        "machine": {**machine(), **info},
        "repeat": repeat,
        "tolerance": {"relative": REL_TOL, "absolute": ABS_TOL},
        "geometric_mean_speedup": geometric_mean(
            [o.speedup for o in outcomes if not o.error]),
        "workloads": [
            {
                "name": o.workload.name,
                "description": o.workload.description,
                "options": list(o.workload.fix_options),
                "converted": o.converted,
                "declined": o.declined,
                "changed_by_fix": o.changed_by_fix,
                "metric": o.metric_name,
                "runs": [vars(r) for r in o.runs],
                "fix_only": list(o.workload.fix_only),
                "median_train_s": {v: o.median(v, "train_s") for v in o.variants},
                "median_process_s": {v: o.median(v, "wall_s") for v in o.variants},
                "median_metric": {v: o.median(v, "metric") for v in o.variants},
                "speedup": o.speedup,
                "speedup_over_removal": o.speedup_over_removal
                if o.workload.compare_removal else None,
                "metric_difference": o.metric_difference,
                "metric_tolerance": o.tolerance,
                "metrics_agree": o.agrees,
                "deterministic": o.deterministic,
                "error": o.error,
            }
            for o in outcomes
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each program, alternating (default 5)")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        choices=[w.name for w in WORKLOADS], help="run only these workloads")
    parser.add_argument("--steps", type=int, help="pass --steps N to every program")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every number to OUT")
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copies")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    started = time.perf_counter()
    info = device_info()
    print(f"device: {info['device']}, TensorFlow {info['tensorflow']}", file=sys.stderr)
    selected = [w for w in WORKLOADS if not args.only or w.name in args.only]
    scratch = Path(tempfile.mkdtemp(prefix="hybridize-speedup-"))
    try:
        outcomes = [measure(w, scratch, args.repeat, args.steps) for w in selected]
    finally:
        if args.keep:
            print(f"copies kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    for o in outcomes:
        status = "FAILED" if o.error else f"{o.speedup:.2f}x"
        if o.workload.compare_removal and not o.error:
            status += f" ({o.speedup_over_removal:.2f}x over the removal)"
        agree = "metric ok" if o.agrees else "METRIC DIFFERS"
        print(f"{o.workload.name:12s} converted {len(o.converted)}, declined "
              f"{declined_summary(o)}; {status}; {agree}")
        for name in o.converted:
            print(f"{'':12s}   converted {name}")
    if args.markdown:
        print()
        print(markdown(outcomes, info, args.repeat))
    if args.json:
        args.json.write_text(json.dumps(as_json(outcomes, info, args.repeat), indent=2))
    print(f"total {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0 if all(o.agrees for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
