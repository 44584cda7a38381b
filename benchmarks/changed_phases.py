"""Where the CPU time of a one-file-changed `hybridize check` goes, phase by phase (not a test).

check_speed.py times the run from outside; this script times its phases from inside, in a fresh
child per run: the same run (`check TREE --format json --cache-dir CACHE`, one module of the
tree with `def _hybridize_bench_touch_N(x): return x` appended, or with `--change comment` the
words of its first comment line edited; the cache of a full run over the unchanged tree, copied
anew for each run) with process-CPU timers around the engine's phases (imports, the result
cache's lookup, reading the snapshot, reading and summarizing the files, the program phase, the
facts phase and its set-up, the reports, the JSON report and the result cache's save). It also
prints whether the last run's report equals a run without a cache's (exit 1 when not), and:

* the facts of the changed module's functions alone (`FactBuilder(only=...)`, the scope the
  language server computes for an open file), timed in a second, identical run whose facts
  phase does only that (its result is thrown away with its copy of the cache): what the facts
  phase would cost if the facts of every other function were reused;
* how many reports of functions that were there before differ from the full run's (the
  reports that a reuse would have to compute again).

    .venv/bin/python benchmarks/changed_phases.py TREE [--touch MODULE] [--repeat 3] \
        [--change append,comment]

TREE: any folder (check_speed.py --keep leaves its tree under TMP/tree/realcode). A full run
over the unchanged tree first makes the cache (minutes on 250 KLOC), kept aside and copied back
to the same folder before each run (the result cache's key holds the folder). The touched
module is put back at the end. Standard library only, apart from the engine the child imports.
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
from pathlib import Path

from check_speed import child_env, load, pick_touch_file, touch

CHILD = r"""
import functools, json, sys, time
started = time.process_time()
from hybridize import cli
from hybridize.analysis import facts, result_cache, workspace
from hybridize.report import json_report
spent = {"imports": time.process_time() - started}
programs = []

def timed(owner, name, label):
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start
    setattr(owner, name, wrapper)

for owner, name, label in [
        (cli, "warm_lookup", "result cache lookup"),
        (workspace, "load_snapshot", "snapshot read"),
        (workspace, "map_jobs", "files summarized"),
        (workspace, "resolve_program", "program phase"),
        (facts.FactBuilder, "__init__", "facts: tables (FactBuilder())"),
        (facts.FactBuilder, "build", "facts: build"),
        (workspace, "decide_all", "facts and verdicts (all)"),
        (json_report, "json_parts", "JSON encoding"),
        (result_cache, "save_result", "result cache save"),
        (workspace, "_analyze", "engine (_analyze)")]:
    timed(owner, name, label)
resolve = workspace.resolve_program

def keep_program(*args, **kwargs):
    program, evaluated = resolve(*args, **kwargs)
    programs.append((program, evaluated))
    return program, evaluated
workspace.resolve_program = keep_program
tree, cache, report, module, mode = sys.argv[1:6]
if mode == "floor":
    # The facts of the changed module's functions alone, on a program as the full run's facts
    # phase finds it (memos as cold); the run's result is not used (a throwaway cache).
    def scoped(program, settings, root, *args, **kwargs):
        only = {f.key for m in program.modules.values() if m.path == module
                for f in m.functions}
        start = time.process_time()
        builder = facts.FactBuilder(program, False, settings.bool_is_primitive, only=only)
        builder.build()
        spent["facts of the changed module only"] = time.process_time() - start
        spent["only"], spent["scope"] = len(only), len(builder.scope)
        return []
    workspace.decide_all = scoped
start = time.process_time()
cli.main(["check", tree, "--format", "json", "--output", report, "--cache-dir", cache])
spent["check (cli.main)"] = time.process_time() - start
# No program phase when the last result was taken as it is (same_program.py).
program, evaluated = programs[-1] if programs else (None, "-")
print(json.dumps({"spent": spent, "sites": evaluated,
                  "functions": len(program.functions) if program else "-"}))
"""


def reports(path: Path) -> dict[tuple[str, str, int], str]:
    """Each function's JSON report (its line included: a key per definition), as text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(f["file"], f["qualname"], f.get("line", 0)): json.dumps(f, sort_keys=True)
            for f in data["functions"]}


def comment(path: Path, original: bytes, number: int) -> None:
    """The module's first comment line gets a word more: no line moves, no summary changes."""
    lines = original.split(b"\n")
    at = next((i for i, line in enumerate(lines) if line.lstrip().startswith(b"#")), None)
    if at is None:
        sys.exit(f"changed_phases: {path} has no comment line to edit")
    lines[at] += f" (edited {number})".encode()
    path.write_bytes(b"\n".join(lines))


def check(tree: Path, cache: Path, report: Path) -> None:
    subprocess.run([sys.executable, "-m", "hybridize", "check", str(tree), "--format", "json",
                    "--output", str(report), "--cache-dir", str(cache)], check=True,
                   env=child_env(), cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--touch", help="the module to change, relative to TREE")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--change", default="append",
                        help="append: a function appended (check_speed's change, default); "
                        "comment: the words of the module's first comment line edited (no line "
                        "moves); or both, comma-separated")
    args = parser.parse_args(argv)
    changes = args.change.split(",")
    if not changes or any(c not in CHANGES for c in changes):
        parser.error("--change takes append, comment or both")
    tree = args.tree.resolve()
    target = tree / args.touch if args.touch else pick_touch_file(tree)
    original = target.read_bytes()
    work = Path(tempfile.mkdtemp(prefix="hybridize-phases-"))
    same = True
    try:
        # Every run uses the same folder: the result cache's key holds it (observed types are
        # read from it).
        cache, pristine = work / "cache", work / "pristine"
        print("full run over the unchanged tree (the cache)...", file=sys.stderr, flush=True)
        check(tree, cache, work / "before.json")
        shutil.copytree(cache, pristine)
        for name in changes:
            same &= measure(tree, target, original, work, name, args.repeat)
    finally:
        target.write_bytes(original)
        shutil.rmtree(work, ignore_errors=True)
    return 0 if same else 1


def measure(tree: Path, target: Path, original: bytes, work: Path, name: str,
            repeat: int) -> bool:
    """`repeat` runs of one kind of change, each in a full and a floor child; prints the table
    and whether the last run's report is the one a run without a cache gives."""
    cache, pristine = work / "cache", work / "pristine"
    rel = str(target.relative_to(tree))
    runs = []
    loads = [load()]
    for number in range(1, repeat + 1):
        run: dict = {}
        for mode in ("full", "floor"):
            shutil.rmtree(cache)
            shutil.copytree(pristine, cache)
            CHANGES[name](target, original, number)
            report = work / f"after-{name}-{mode}.json"
            try:
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, str(tree), str(cache), str(report), rel,
                     mode], check=True, env=child_env(), cwd=tempfile.gettempdir(),
                    capture_output=True, text=True)
            finally:
                target.write_bytes(original)
            measured = json.loads(done.stdout.splitlines()[-1])
            if mode == "full":
                run = measured
            else:  # no facts phase at all: nothing to time
                floor = measured["spent"]
                run["only"], run["scope"] = floor.get("only", "-"), floor.get("scope", "-")
                run["spent"]["facts of the changed module only (other run)"] = \
                    floor.get("facts of the changed module only", 0.0)
        runs.append(run)
        print(f"  {name} run {number}/{repeat}: {run['spent']['check (cli.main)']:.2f} CPU s "
              f"in cli.main; load {load()}", file=sys.stderr, flush=True)
    loads.append(load())
    # The last change again, without a cache: the same report (stats.seconds aside)?
    CHANGES[name](target, original, repeat)
    try:
        scratch = work / f"scratch-{name}.json"
        subprocess.run([sys.executable, "-m", "hybridize", "check", str(tree), "--format",
                        "json", "--output", str(scratch), "--no-cache"], check=True,
                       env=child_env(), cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL)
    finally:
        target.write_bytes(original)
    after = work / f"after-{name}-full.json"
    same = without_seconds(after) == without_seconds(scratch)
    old, new = reports(work / "before.json"), reports(after)
    differ = sum(1 for key, text in new.items() if key in old and old[key] != text)
    kept = sum(1 for key in new if key in old)
    print(f"\n{name}: | phase | CPU s (median of {len(runs)}) |")
    print("|---|---|")
    for label in runs[0]["spent"]:
        median = statistics.median(r["spent"].get(label, 0.0) for r in runs)
        print(f"| {label} | {median:.2f} |")
    first = runs[0]
    print(f"\nTree {tree} ({first['functions']} functions), module changed ({name}): {rel}; "
          f"call sites evaluated again: {first['sites']}; the changed module's {first['only']} "
          f"functions reach {first['scope']} (their facts' scope). Reports of functions that "
          f"were there before that differ after the change: {differ} of {kept}; new: "
          f"{len(new) - kept}. Changed report == from scratch: {'yes' if same else 'NO'}. "
          f"Load (1, 5, 15 min) before {loads[0]}, after {loads[1]}; {os.cpu_count()} CPUs.")
    return same


def without_seconds(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.get("stats", {}).pop("seconds", None)
    return json.dumps(data, sort_keys=True)


CHANGES = {"append": touch, "comment": comment}


if __name__ == "__main__":
    sys.exit(main())
