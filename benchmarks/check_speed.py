"""Benchmark of `hybridize check` on real TensorFlow projects (not a test).

Builds a tree of real code (by default ~250 KLOC of the eight pinned projects of
tests/realcode.py; `--keras` copies the installed keras package instead, `--source DIR` any
folder), measures the parse ceiling (reading and `ast.parse`-ing the same files in this
process, KLOC per CPU second), then times ``hybridize check`` in fresh subprocesses:

* cold    - empty cache folder;
* warm    - same cache, nothing changed;
* warm-text - the same, the text report to a file (the default format);
* touched - same cache, one mid-tree module gained a new trivial function;
* scratch - no cache, the touched tree: its report must equal the touched run's (and the warm
  run's the cold run's), or the script exits 1.

Every figure is also given as a ratio to the parse ceiling, with the machine's load
(/proc/loadavg) before and after. `--growth 25,50,100,250,500` adds one cold/warm/touched cycle
per size. Standard library only (plus tests/realcode.py for the projects).

    .venv/bin/python benchmarks/check_speed.py [--kloc 250] [--repeat 3] \
        [--growth 25,50,100,250,500] [--json OUT] [--keep] [--keras | --source DIR]
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
import time
from pathlib import Path

from bench_common import find_keras, machine, nonblank_lines, table, walk

COLD_LIMIT_S = 120.0
REPO = Path(__file__).resolve().parents[1]
COPY_FOLDER = "copy-{n}"  # where further copies of the projects go past their 437 KLOC


# --------------------------------------------------------------------------- tree


def _copy_folders(src_root: Path, target_root: Path, limit: int | None, first: str | None,
                  counts: list[int]) -> None:
    """Copy whole folders (their direct .py files) top-down until `counts[1]` >= limit."""
    for folder, py_files in walk(src_root, first):
        if limit is not None and counts[1] >= limit:
            return
        if not py_files:
            continue
        target = target_root / folder.relative_to(src_root)
        target.mkdir(parents=True, exist_ok=True)
        for path in py_files:
            shutil.copyfile(path, target / path.name)
            counts[0] += 1
            counts[1] += nonblank_lines(path)


def realcode_sources() -> list[tuple[str, Path]]:
    """(package, unpacked folder) of the eight pinned projects, small ones first."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        import realcode  # noqa: PLC0415 (tests/ is not a package)
    finally:
        sys.path.pop(0)
    return [(p.package, realcode.sources(p)) for p in realcode.BENCHMARK_PROJECTS]


def build_tree(dest: Path, source: Path | None, kloc: float, keras: bool
               ) -> tuple[Path, int, int, str]:
    """Copy .py files into ``dest``; returns (tree root, files, non-blank lines, description).

    Real code (default): the package folder of each project of tests/realcode.py in turn
    (gpflow, opennmt, psiz, spektral, tensorflow_recommenders, tf2rl, keras_hub, official),
    each whole folder top-down in sorted order, until ``kloc`` thousand non-blank lines; past
    all eight (437 KLOC) a second copy follows under ``copy-2/`` (same packages, so same
    import names). Every package is a direct child of the tree, so absolute imports of a
    project resolve to its own modules. ``--keras``: folders of the installed keras package
    (``keras/src`` first). ``--source``: the whole tree.
    """
    counts = [0, 0]
    limit = int(kloc * 1000)
    if source is not None:
        src = source.resolve()
        tree = dest / src.name
        _copy_folders(src, tree, None, None, counts)
        described = str(source)
    elif keras:
        src = find_keras("check_speed")
        tree = dest / "keras"
        _copy_folders(src, tree, limit, "src", counts)
        described = f"keras ({src})"
    else:
        tree = dest / "realcode"
        used: list[str] = []
        copy = 1
        projects = realcode_sources()
        while counts[1] < limit:
            for package, folder in projects:
                if counts[1] >= limit:
                    break
                base = tree if copy == 1 else tree / COPY_FOLDER.format(n=copy)
                _copy_folders(folder, base / package, limit, None, counts)
                used.append(package if copy == 1 else f"{COPY_FOLDER.format(n=copy)}/{package}")
            copy += 1
        described = "real code: " + ", ".join(used) + " (tests/realcode.py; the last one " \
            "cut at a folder boundary)"
    if counts[0] == 0:
        sys.exit(f"check_speed: no .py files found for {dest}")
    return tree, counts[0], counts[1], described


TOUCH: str | None = None  # --touch: a module of the tree, relative to it


def pick_touch_file(tree: Path) -> Path:
    """A module in the middle of the tree (sorted order), preferring non-__init__; or the
    one `--touch` names (a module many others depend on shows the update's worst case)."""
    if TOUCH is not None:
        named = tree / TOUCH
        if named.is_file():
            return named
        print(f"check_speed: --touch {TOUCH} is not in {tree}: the middle module instead",
              file=sys.stderr)
    modules = sorted(p for p in tree.rglob("*.py") if p.name != "__init__.py")
    if not modules:
        modules = sorted(tree.rglob("*.py"))
    return modules[len(modules) // 2]


PARSE = """
import ast, pathlib, sys, time
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.py"))
start = time.process_time()
for path in files:
    try:
        ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError, RecursionError):
        pass
print(time.process_time() - start)
"""

COMPARE = """
import json, sys
def text(path):
    data = json.load(open(path, encoding="utf-8"))
    data.get("stats", {}).pop("seconds", None)
    return json.dumps(data, sort_keys=True)
print(" ".join("1" if text(a) == text(b) else "0" for a, b in zip(sys.argv[1::2], sys.argv[2::2])))
"""


HEAD = """
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps({k: v for k, v in data.items() if k in ("stats", "errors", "tool")}))
"""


def read_head(report: Path) -> dict:
    """The report's stats, errors and tool, read in a child (see parse_ceiling)."""
    done = subprocess.run([sys.executable, "-c", HEAD, str(report)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def parse_ceiling(tree: Path) -> float:
    """CPU seconds to read and `ast.parse` every .py file of the tree. Like everything that
    builds large objects here, in a child: a child's peak RSS counts the memory of this
    process when it was forked, so this process stays small."""
    done = subprocess.run([sys.executable, "-c", PARSE, str(tree)], capture_output=True,
                          text=True, check=True)
    return float(done.stdout)


def same_reports(pairs: list[tuple[Path, Path]]) -> list[bool]:
    """Whether each pair of JSON reports is equal apart from `stats.seconds` (in a child)."""
    done = subprocess.run([sys.executable, "-c", COMPARE, *(str(p) for pair in pairs
                                                            for p in pair)],
                          capture_output=True, text=True, check=True)
    return [flag == "1" for flag in done.stdout.split()]


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


# --------------------------------------------------------------------------- runs


def run_check(tree: Path, cache: Path | None, report: Path, log: Path, text: bool = False
              ) -> dict:
    """One `hybridize check` in a fresh child: wall time, CPU time (the child's and its
    workers') and that child's peak RSS. `text`: the text report (the figures of the JSON
    report's head are then None)."""
    cmd = [sys.executable, "-m", "hybridize", "check", str(tree),
           *([] if text else ["--format", "json"]), "--output", str(report)]
    cmd += ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    if report.exists():
        report.unlink()
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                cwd=tempfile.gettempdir(), env=child_env())
        # os.wait4 reaps exactly this child and gives its own rusage (with the workers it
        # waited for).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0 or not report.exists():
        tail = log.read_text(encoding="utf-8", errors="replace")[-6000:]
        print(f"\ncheck_speed: `{' '.join(cmd)}` failed (exit {code}):\n{tail}",
              file=sys.stderr, flush=True)
        raise SystemExit(1)
    data = {} if text else read_head(report)
    stats = data.get("stats", {})
    errors = data.get("errors", [])
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024.0,  # Linux reports KiB
        "engine_s": stats.get("seconds"),
        "files": stats.get("files"),
        "functions": stats.get("functions"),
        "error_files": len({e.get("file") if isinstance(e, dict) else str(e)
                            for e in errors}),
        "errors": errors,
        "tool_version": data.get("tool", {}).get("version"),
    }


def child_env() -> dict[str, str]:
    """The environment of the timed runs: with byte-code caching on, as an installed tool runs
    (PYTHONDONTWRITEBYTECODE would make every run compile the whole package: 0.5 s)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_up() -> None:
    """Imports everything `check` imports once, untimed, so that the .pyc files exist."""
    subprocess.run([sys.executable, "-c", "import hybridize.cli, hybridize.baseline, "
                    "hybridize.report.json_report, hybridize.report.text"],
                   env=child_env(), check=True, cwd=tempfile.gettempdir())


def touch(path: Path, original: bytes, number: int) -> None:
    text = original.decode("utf-8", errors="surrogateescape")
    sep = "" if text.endswith("\n") else "\n"
    path.write_bytes((text + sep + f"\n\ndef _hybridize_bench_touch_{number}(x):\n"
                      "    return x\n").encode("utf-8", "surrogateescape"))


def measure(tree: Path, work: Path, repeat: int, label: str, compare: bool) -> dict:
    """`repeat` cycles of cold, warm, touched (and scratch when `compare`) runs; medians."""
    target = pick_touch_file(tree)
    original = target.read_bytes()
    runs: dict[str, list[dict]] = {"cold": [], "warm": [], "warm-text": [], "touched": [],
                                   "scratch": []}
    parse_s: list[float] = []
    equal = {"warm == cold": True, "touched == scratch": True}
    loads = [load()]
    for i in range(1, repeat + 1):
        parse_s.append(parse_ceiling(tree))
        cache = work / f"cache-{label}-{i}"
        cache.mkdir()
        kinds = ("cold", "warm", "warm-text", "touched", "scratch") if compare else \
            ("cold", "warm", "touched")
        for kind in kinds:
            if kind == "touched":
                touch(target, original, i)
            report = work / f"report-{label}-{kind}-{i}.json"
            result = run_check(tree, None if kind == "scratch" else cache, report,
                               work / f"log-{label}-{kind}-{i}.txt", text=kind == "warm-text")
            runs[kind].append(result)
            print(f"  {label} run {i}/{repeat} {kind:7s} {result['wall_s']:8.2f} s wall "
                  f"{result['cpu_s']:8.2f} s CPU {result['peak_rss_mib']:7.1f} MiB  "
                  f"{result['functions']} functions; load {load()}", file=sys.stderr, flush=True)
            if kind == "cold" and result["wall_s"] > COLD_LIMIT_S:
                print(f"check_speed: cold run took {result['wall_s']:.1f} s; profile it with\n"
                      f"  py-spy record -f raw -o cold.raw -- {sys.executable} -m hybridize "
                      f"check {tree} --no-cache --format json --output /dev/null",
                      file=sys.stderr, flush=True)
        if compare:
            def report(kind: str, cycle: int = i) -> Path:
                return work / f"report-{label}-{kind}-{cycle}.json"

            warm_ok, touched_ok = same_reports([(report("warm"), report("cold")),
                                                (report("touched"), report("scratch"))])
            equal["warm == cold"] &= warm_ok
            equal["touched == scratch"] &= touched_ok
        target.write_bytes(original)  # every cycle starts from the same tree
    loads.append(load())

    def med(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[kind])

    first = runs["cold"][0]
    return {
        "touched_module": str(target.relative_to(tree)),
        "files": first["files"], "functions": first["functions"],
        "error_files": first["error_files"], "errors": first["errors"],
        "tool_version": first["tool_version"],
        "parse_cpu_s": statistics.median(parse_s),
        **{f"{kind}_{key}": med(kind, key) for kind in ("cold", "warm", "touched")
           for key in ("wall_s", "cpu_s", "peak_rss_mib")},
        **({f"warm_text_{key}": med("warm-text", key) for key in ("wall_s", "cpu_s",
                                                                   "peak_rss_mib")}
           if runs["warm-text"] else {}),
        "cold_engine_s": med("cold", "engine_s") if first["engine_s"] is not None else None,
        "equal": equal if compare else None,
        "load": loads,
        "runs": {k: [{key: v for key, v in r.items() if key != "errors"} for r in rs]
                 for k, rs in runs.items() if rs},
    }


# --------------------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    given = parser.add_mutually_exclusive_group()
    given.add_argument("--source", type=Path,
                       help="analyse the whole .py tree under DIR instead of the real projects")
    given.add_argument("--keras", action="store_true",
                       help="copy the installed keras package instead of the real projects")
    parser.add_argument("--kloc", type=float, default=250.0,
                        help="thousands of non-blank lines to copy (default 250)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="cold/warm/touched/scratch cycles; medians are reported (default 3)")
    parser.add_argument("--growth", default="",
                        help="comma-separated sizes in KLOC (e.g. 25,50,100,250,500): one more "
                        "cold/warm/touched cycle for each, in a table")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--touch", metavar="PATH",
                        help="the module the touched run changes, relative to the tree "
                        "(e.g. official/nlp/modeling/layers/transformer.py; default: the "
                        "middle one)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (tree, caches, reports, logs)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    global TOUCH
    TOUCH = args.touch
    if args.source is not None and not args.source.is_dir():
        parser.error(f"--source {args.source} is not a folder")
    try:
        sizes = [float(s) for s in args.growth.split(",") if s.strip()]
    except ValueError:
        parser.error("--growth wants sizes in KLOC separated by commas")
    if sizes and args.source is not None:
        parser.error("--growth copies the real projects or keras, not --source")

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="hybridize-bench-"))
    try:
        tree, n_files, n_lines, described = build_tree(work / "tree", args.source, args.kloc,
                                                      args.keras)
        print(f"tree: {tree} ({n_files} files, {n_lines} non-blank lines)", file=sys.stderr,
              flush=True)
        warm_up()
        main_run = measure(tree, work, args.repeat, "main", compare=True)
        growth = []
        for size in sizes:
            grown, files, lines, grown_described = build_tree(work / f"tree-{size:g}", None,
                                                              size, args.keras)
            print(f"growth tree {size:g} KLOC: {files} files, {lines} non-blank lines",
                  file=sys.stderr, flush=True)
            measured = measure(grown, work, 1, f"{size:g}", compare=False)
            growth.append({"kloc_target": size, "copied_files": files, "nonblank_lines": lines,
                           "source": grown_described, **measured})
            shutil.rmtree(grown, ignore_errors=True)
        mach = machine()
        elapsed = time.perf_counter() - started
        print()
        print(main_table(main_run, n_lines))
        print()
        equal = main_run["equal"]
        print(f"Source: {described}; {n_files} files; medians of {args.repeat} cycle(s); "
              f"files with analysis errors: {main_run['error_files']}; touched module: "
              f"{main_run['touched_module']}.")
        print("Incremental == from scratch: " + "; ".join(
            f"{name}: {'yes' if ok else 'NO'}" for name, ok in equal.items())
            + f" (all {args.repeat} cycles).")
        print(f"Load average (1, 5, 15 min) before: {main_run['load'][0]}; after: "
              f"{main_run['load'][1]}.")
        if growth:
            print()
            print(growth_table(growth))
        print()
        print(f"Machine: {mach['nproc']} CPUs, {mach['cpu']}, Python {mach['python']} "
              f"({mach['platform']}); hybridize {main_run['tool_version']}.")
        print(f"Total benchmark runtime: {elapsed:.1f} s.")
        if main_run["errors"]:
            print("First errors: " + "; ".join(json.dumps(e) for e in main_run["errors"][:5]))
        if args.json:
            raw = {"source": described, "repeat": args.repeat, "kloc_target": args.kloc,
                   "copied_files": n_files, "nonblank_lines": n_lines, "machine": mach,
                   "main": main_run, "growth": growth, "total_runtime_s": elapsed}
            args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
        if args.keep:
            print(f"kept {work}", file=sys.stderr, flush=True)
        return 0 if all(equal.values()) else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def main_table(run: dict, lines: int) -> str:
    kloc = lines / 1000.0
    ceiling = kloc / run["parse_cpu_s"]

    def speed(kind: str) -> str:
        rate = kloc / run[f"{kind}_wall_s"]
        return f"{rate:.0f} ({rate / ceiling:.2f})"

    rows = [
        ("files", str(run["files"])),
        ("KLOC", f"{kloc:.1f}"),
        ("functions", str(run["functions"])),
        ("parse ceiling KLOC/s (CPU)", f"{ceiling:.0f}"),
        ("cold s (CPU s)", f"{run['cold_wall_s']:.2f} ({run['cold_cpu_s']:.1f})"),
        ("cold KLOC/s (x ceiling)", speed("cold")),
        ("cold KLOC per CPU s (x ceiling)",
         f"{kloc / run['cold_cpu_s']:.0f} ({kloc / run['cold_cpu_s'] / ceiling:.2f})"),
        ("warm s (CPU s)", f"{run['warm_wall_s']:.2f} ({run['warm_cpu_s']:.2f})"),
        ("warm KLOC/s (x ceiling)", speed("warm")),
        ("warm KLOC per CPU s (x ceiling)",
         f"{kloc / run['warm_cpu_s']:.0f} ({kloc / run['warm_cpu_s'] / ceiling:.2f})"),
        ("warm, text report s (CPU s)",
         f"{run['warm_text_wall_s']:.2f} ({run['warm_text_cpu_s']:.2f})"),
        ("one-file-changed s (CPU s)",
         f"{run['touched_wall_s']:.2f} ({run['touched_cpu_s']:.1f})"),
        ("one-file-changed KLOC/s (x ceiling)", speed("touched")),
        ("peak RSS MiB cold/warm/warm text/changed",
         f"{run['cold_peak_rss_mib']:.0f}/{run['warm_peak_rss_mib']:.0f}/"
         f"{run['warm_text_peak_rss_mib']:.0f}/{run['touched_peak_rss_mib']:.0f}"),
        ("MiB per KLOC (cold)", f"{run['cold_peak_rss_mib'] / kloc:.2f}"),
    ]
    return table(rows)


def growth_table(growth: list[dict]) -> str:
    head = ["KLOC", "files", "functions", "parse KLOC/s", "cold s", "cold KLOC/s", "warm s",
            "warm KLOC/s", "changed s", "changed KLOC/s", "peak MiB", "MiB/KLOC", "load"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for g in growth:
        kloc = g["nonblank_lines"] / 1000.0
        lines.append("| " + " | ".join([
            f"{kloc:.1f}", str(g["files"]), str(g["functions"]),
            f"{kloc / g['parse_cpu_s']:.0f}", f"{g['cold_wall_s']:.2f}",
            f"{kloc / g['cold_wall_s']:.0f}", f"{g['warm_wall_s']:.2f}",
            f"{kloc / g['warm_wall_s']:.0f}", f"{g['touched_wall_s']:.2f}",
            f"{kloc / g['touched_wall_s']:.0f}", f"{g['cold_peak_rss_mib']:.0f}",
            f"{g['cold_peak_rss_mib'] / kloc:.2f}", g["load"][0]]) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
