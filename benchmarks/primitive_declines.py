"""HAS_PRIMITIVE_PARAMETERS on the real projects: the bounded-arguments rules off and on, and why
the rest is declined.

For each project (tests/realcode.py, as benchmarks/realcode.py analyses it: the package folder,
no cache), in one process so both runs see the same engine code: the analysis with
analysis/bounded_args.py's rules disabled (only literal_args.py's literals and bools), then as
written. Prints candidates, refactorable ones, the candidates declined first for
HAS_PRIMITIVE_PARAMETERS and those declined for it at all, the functions gained or lost; then,
for the run as written, the HAS_PRIMITIVE_PARAMETERS declines grouped by what their message says
the call site passes (names replaced by X), with how many have it as their first failure and
how many have no other failure ("sole": what a further rule could win at once).

    .venv/bin/python benchmarks/primitive_declines.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import realcode  # noqa: E402
from hybridize.analysis import bounded_args  # noqa: E402
from hybridize.analysis.decide import Settings  # noqa: E402
from hybridize.analysis.workspace import analyze  # noqa: E402

CODE = "HAS_PRIMITIVE_PARAMETERS"


def group(message: str) -> str:
    """The message with its names and places left out: what kind of value the site passes."""
    text = re.sub(r"`[^`]*`", "`X`", message)
    text = re.sub(r"^\S+ ", "F ", text)  # the caller
    text = re.sub(r" at \S+:\d+.*", "", text)
    text = re.sub(r"[\w.<>]+\(\) (assigns|changes|calls) .*", r"G() \1 ...", text)
    text = re.sub(r"hands \S+ to .*", "hands it to a callback or a library", text)
    text = re.sub(r"calls \S+ with", "calls it with", text)
    text = re.sub(r"to \S+, not a method of the same object, and .*",
                  "to a function or another object's method, and ...", text)
    text = re.sub(r"(whose values are not shown to be a few): .*", r"\1: ...", text)
    return text.split(": each new value")[0][:140]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=None)
    options = parser.parse_args()
    projects = [p for p in realcode.BENCHMARK_PROJECTS
                if options.only is None or p.name in options.only]
    real = bounded_args.Bounds.decide
    totals = {mode: collections.Counter() for mode in ("off", "on")}
    kinds: collections.Counter[str] = collections.Counter()
    sole: collections.Counter[str] = collections.Counter()
    first: collections.Counter[str] = collections.Counter()
    for project in projects:
        folder = realcode.sources(project)
        found = {}
        for mode in ("off", "on"):
            bounded_args.Bounds.decide = real if mode == "on" else \
                (lambda self, fn, declined: None)
            result = analyze([folder], Settings())
            candidates = [f for f in result.functions
                          if f.hybrid or f.facts.get("tensor_parameter") is True]
            declined = [f for f in candidates if f.transformation is None]
            counts = collections.Counter(
                candidates=len(candidates), refactorable=len(candidates) - len(declined),
                first=sum(1 for f in declined if f.failures and f.failures[0].code == CODE),
                any=sum(1 for f in declined if any(x.code == CODE for x in f.failures)))
            totals[mode].update(counts)
            found[mode] = {f"{f.file}:{f.qualname}" for f in candidates
                           if f.transformation is not None}
            print(f"{project.name} {mode}: {dict(counts)}", flush=True)
            if mode == "on":
                for f in declined:
                    mine = [x for x in f.failures if x.code == CODE]
                    if mine and not f.hybrid:
                        kinds[group(mine[0].message)] += 1
                        sole[group(mine[0].message)] += len(mine) == len(f.failures)
                        first[group(mine[0].message)] += f.failures[0].code == CODE
        print(f"  gained: {sorted(found['on'] - found['off'])}", flush=True)
        print(f"  lost: {sorted(found['off'] - found['on'])}", flush=True)
    bounded_args.Bounds.decide = real
    for mode, counts in totals.items():
        print(f"all {mode}: {dict(counts)}")
    print("\nHAS_PRIMITIVE_PARAMETERS declines (eager candidates), by what the site passes:")
    for kind, count in kinds.most_common(25):
        print(f"{count:5d} (first {first[kind]:4d}, sole {sole[kind]:3d})  {kind}")


if __name__ == "__main__":
    main()
