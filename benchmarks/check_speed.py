"""Benchmark of `hybridize check` on a large tree of real Python (not a test).

Builds a ~100 KLOC tree (by default copied from the installed ``keras`` package),
then times ``hybridize check`` in fresh subprocesses:

* cold  - empty cache folder;
* warm  - same cache, nothing changed;
* touch - same cache, one mid-tree module gained a new trivial function.

The cycle is repeated ``--repeat`` times (a fresh cache folder for every cold run)
and the medians are printed as a Markdown table. Standard library only.

    .venv/bin/python benchmarks/check_speed.py [--source DIR] [--kloc 100] \
        [--repeat 3] [--json OUT] [--keep]
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


# --------------------------------------------------------------------------- tree


def build_tree(dest: Path, source: Path | None, kloc: float) -> tuple[Path, int, int]:
    """Copy .py files into ``dest``; returns (tree root, files, non-blank lines).

    With ``source`` the whole tree is copied. Otherwise folders of the installed
    keras package are copied one whole folder (its direct .py files, __init__.py
    included) at a time, top-down in sorted order with ``keras/src`` (the
    implementation; the rest are generated re-export stubs) first, until the
    non-blank line count reaches ``kloc`` thousand. Top-down order means every
    copied folder's parent packages (and their __init__.py) are copied too.
    """
    if source is not None:
        src_root, tree, limit, first = source.resolve(), dest / source.resolve().name, None, None
    else:
        src_root = find_keras("check_speed")
        tree, limit, first = dest / "keras", int(kloc * 1000), "src"
    files = lines = 0
    for folder, py_files in walk(src_root, first):
        if limit is not None and lines >= limit:
            break
        if not py_files:
            continue
        target = tree / folder.relative_to(src_root)
        target.mkdir(parents=True, exist_ok=True)
        for path in py_files:
            shutil.copyfile(path, target / path.name)
            files += 1
            lines += nonblank_lines(path)
    if files == 0:
        sys.exit(f"check_speed: no .py files found under {src_root}")
    return tree, files, lines


def pick_touch_file(tree: Path) -> Path:
    """A module in the middle of the tree (sorted order), preferring non-__init__."""
    modules = sorted(p for p in tree.rglob("*.py") if p.name != "__init__.py")
    if not modules:
        modules = sorted(tree.rglob("*.py"))
    return modules[len(modules) // 2]


# --------------------------------------------------------------------------- runs


def run_check(tree: Path, cache: Path, report: Path, log: Path) -> dict:
    """One `hybridize check` in a fresh child; wall time and that child's peak RSS."""
    cmd = [sys.executable, "-m", "hybridize", "check", str(tree), "--format", "json",
           "--cache-dir", str(cache), "--output", str(report)]
    if report.exists():
        report.unlink()
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        # os.wait4 reaps exactly this child and gives its own rusage.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0 or not report.exists():
        tail = log.read_text(encoding="utf-8", errors="replace")[-6000:]
        print(f"\ncheck_speed: `{' '.join(cmd)}` failed (exit {code}):\n{tail}",
              file=sys.stderr, flush=True)
        raise SystemExit(1)
    data = json.loads(report.read_text(encoding="utf-8"))
    stats = data.get("stats", {})
    errors = data.get("errors", [])
    return {
        "wall_s": wall,
        "peak_rss_mib": usage.ru_maxrss / 1024.0,  # Linux reports KiB
        "engine_s": stats.get("seconds"),
        "files": stats.get("files"),
        "functions": stats.get("functions"),
        "error_files": len({e.get("file") if isinstance(e, dict) else str(e)
                            for e in errors}),
        "errors": errors,
        "tool_version": data.get("tool", {}).get("version"),
    }


# --------------------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path,
                        help="analyse the whole .py tree under DIR instead of keras")
    parser.add_argument("--kloc", type=float, default=100.0,
                        help="thousands of non-blank lines to copy from keras (default 100)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="cold/warm/touched cycles; medians are reported (default 3)")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (tree, caches, reports, logs)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.source is not None and not args.source.is_dir():
        parser.error(f"--source {args.source} is not a folder")

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="hybridize-bench-"))
    try:
        tree, n_files, n_lines = build_tree(work / "tree", args.source, args.kloc)
        touch = pick_touch_file(tree)
        original = touch.read_bytes()
        print(f"tree: {tree} ({n_files} files, {n_lines} non-blank lines); "
              f"touched module: {touch.relative_to(tree)}", file=sys.stderr, flush=True)

        runs: dict[str, list[dict]] = {"cold": [], "warm": [], "touched": []}
        for i in range(1, args.repeat + 1):
            cache = work / f"cache-{i}"
            cache.mkdir()
            for kind in ("cold", "warm", "touched"):
                if kind == "touched":
                    text = original.decode("utf-8", errors="surrogateescape")
                    sep = "" if text.endswith("\n") else "\n"
                    touch.write_bytes((text + sep + f"\n\ndef _hybridize_bench_touch_{i}(x):\n"
                                       "    return x\n").encode("utf-8", "surrogateescape"))
                result = run_check(tree, cache, work / f"report-{kind}-{i}.json",
                                   work / f"log-{kind}-{i}.txt")
                runs[kind].append(result)
                print(f"  run {i}/{args.repeat} {kind:7s} {result['wall_s']:8.2f} s  "
                      f"{result['peak_rss_mib']:7.1f} MiB  "
                      f"{result['functions']} functions", file=sys.stderr, flush=True)
                if kind == "cold" and result["wall_s"] > COLD_LIMIT_S:
                    print(f"check_speed: cold run took {result['wall_s']:.1f} s "
                          f"(> {COLD_LIMIT_S:.0f} s); profile it with\n  {sys.executable} "
                          f"-m cProfile -s cumtime -m hybridize check {tree} --no-cache "
                          "--format json --output /dev/null 2>&1 | head -60",
                          file=sys.stderr, flush=True)
            touch.write_bytes(original)  # every cycle starts from the same tree

        def med(kind: str, key: str) -> float:
            return statistics.median(r[key] for r in runs[kind])

        cold, warm, touched = med("cold", "wall_s"), med("warm", "wall_s"), med("touched", "wall_s")
        first = runs["cold"][0]
        functions = first["functions"] or 0
        kloc = n_lines / 1000.0
        summary = {
            "files_copied": n_files,
            "files_analysed": first["files"],
            "nonblank_lines": n_lines,
            "functions": functions,
            "error_files": first["error_files"],
            "cold_s": cold,
            "warm_s": warm,
            "touched_s": touched,
            "speedup_cold_over_touched": cold / touched if touched else None,
            "kloc_per_s_cold": kloc / cold if cold else None,
            "functions_per_s_cold": functions / cold if cold else None,
            "peak_rss_mib_cold": med("cold", "peak_rss_mib"),
            "peak_rss_mib_warm": med("warm", "peak_rss_mib"),
            "peak_rss_mib_touched": med("touched", "peak_rss_mib"),
            "engine_s_cold": med("cold", "engine_s") if first["engine_s"] is not None else None,
        }
        mach = machine()
        elapsed = time.perf_counter() - started

        rows = [
            ("files", str(first["files"] if first["files"] is not None else n_files)),
            ("KLOC (non-blank)", f"{kloc:.1f}"),
            ("functions analysed", str(functions)),
            ("cold s", f"{cold:.2f}"),
            ("warm s", f"{warm:.2f}"),
            ("one-file-changed s", f"{touched:.2f}"),
            ("speedup", f"{cold / touched:.1f}x" if touched else "n/a"),
            ("KLOC/s cold", f"{kloc / cold:.1f}" if cold else "n/a"),
            ("functions/s cold", f"{functions / cold:.0f}" if cold else "n/a"),
            ("peak RSS MiB (cold)", f"{summary['peak_rss_mib_cold']:.0f}"),
        ]
        source = str(args.source) if args.source else f"keras ({find_keras('check_speed')})"
        print()
        print(table(rows))
        print()
        print(f"Source: {source}; medians of {args.repeat} run(s); "
              f"files with analysis errors: {first['error_files']}.")
        print(f"Machine: {mach['nproc']} CPUs, {mach['cpu']}, Python {mach['python']} "
              f"({mach['platform']}); hybridize {first['tool_version']}.")
        print(f"Total benchmark runtime: {elapsed:.1f} s.")
        if first["errors"]:
            shown = first["errors"][:5]
            print("First errors: " + "; ".join(json.dumps(e) for e in shown))

        if args.json:
            raw = {"source": source, "repeat": args.repeat, "kloc_target": args.kloc,
                   "touched_module": str(touch.relative_to(tree)), "machine": mach,
                   "summary": summary, "total_runtime_s": elapsed,
                   "runs": {k: [{key: v for key, v in r.items() if key != "errors"}
                                for r in rs] for k, rs in runs.items()},
                   "errors": first["errors"]}
            args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
        if args.keep:
            print(f"kept {work}", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
