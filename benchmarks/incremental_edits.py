"""Incremental == from scratch after structural edits of real code, through the CLI's cache
(issue 15, "the cache stays correct"; not a test: minutes per file).

A copy of one project of tests/realcode.py gets a cold `check --cache-dir`; then, for each file
given, three edits in turn, each followed by a warm `check` on the same cache (the update runs
incrementally, or from scratch past incremental.FROM_SCRATCH_SHARE):

* decorate - `@tf.function` added above the file's first top-level `def`;
* delete   - the file's last top-level `def` removed (what calls it now calls nothing known);
* restore  - the file as shipped.

After `decorate` and `delete` the warm report is compared with `check --no-cache` of the same
tree, after `restore` with the cold report; every function's JSON report (verdict, reasons,
facts, evidence) and the stats must be equal. Prints one line per edit and the functions that
differ; exits 1 when any edit differs.

    .venv/bin/python benchmarks/incremental_edits.py --project tf-models-official \\
        modeling/tf_utils.py vision/ops/box_ops.py nlp/modeling/layers/self_attention_mask.py
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import realcode  # noqa: E402


def by_function(report: dict) -> dict[tuple[str, str, int], str]:
    return {(f["file"], f["qualname"], f["line"]): json.dumps(f, sort_keys=True)
            for f in report["functions"]}


def differences(got: dict, want: dict) -> tuple[list[tuple[str, str, int]], bool]:
    a, b = by_function(got), by_function(want)
    stats = {k: v for k, v in got["stats"].items() if k != "seconds"} == \
        {k: v for k, v in want["stats"].items() if k != "seconds"}
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k)), stats


def edits(text: str) -> list[tuple[str, str]]:
    """(name, new text) of the three edits of one file; none for a file without a `def`."""
    defs = [m.start() for m in re.finditer(r"^def \w+\(", text, re.M)]
    if not defs:
        return []
    last = defs[-1]
    after = re.search(r"^\S", text[last + 1:], re.M)
    end = last + 1 + after.start() if after else len(text)
    return [("decorate", text[:defs[0]] + "@tf.function\n" + text[defs[0]:]),
            ("delete", text[:last] + text[end:]), ("restore", text)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default="tf-models-official")
    parser.add_argument("files", nargs="+", help="paths inside the project's package")
    args = parser.parse_args()
    project = next(p for p in realcode.BENCHMARK_PROJECTS if p.name == args.project)
    work = Path(tempfile.mkdtemp(prefix="hybridize-incremental-edits-"))
    failed = False
    try:
        root = work / project.package
        shutil.copytree(realcode.sources(project), root)
        cache = work / "cache"
        start = time.perf_counter()
        cold = realcode.check_json([root], cache)
        print(f"{project.name}: cold check {time.perf_counter() - start:.1f} s", flush=True)
        for rel in args.files:
            path = root / rel
            original = path.read_text(encoding="utf-8")
            steps = edits(original)
            if not steps:
                print(f"{rel}: no top-level def, skipped")
            for name, text in steps:
                path.write_text(text, encoding="utf-8")
                start = time.perf_counter()
                warm = realcode.check_json([root], cache)
                took = time.perf_counter() - start
                want = cold if name == "restore" else realcode.check_json([root], None)
                differ, stats = differences(warm, want)
                ok = not differ and stats
                failed |= not ok
                print(f"{rel} {name}: warm {took:.1f} s, " +
                      ("equal" if ok else f"DIFFERS: {len(differ)} functions, stats "
                       f"{'equal' if stats else 'differ'}"), flush=True)
                for key in differ[:10]:
                    print(f"    {key[0]}:{key[2]} {key[1]}")
            path.write_text(original, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
