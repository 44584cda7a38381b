"""What declines the candidates on the eight real projects, by construct: the evidence of
UNDETERMINABLE_CONSTRUCT and HAS_STALE_READS grouped by what the engine saw.

For each project of tests/realcode.py it runs `hybridize check --format json --no-cache` in this
process with every evidence item kept (as benchmarks/unknown_effects.py, whose runner it uses;
`--from DIR` reads reports kept by an earlier `--json-dir DIR` instead). Each failure of a declined
candidate becomes a group: for UNDETERMINABLE_CONSTRUCT and HAS_STALE_READS the construct its
evidence names (names, files and lines left out: "reads <attr>, which <Class>.<method>() reassigns"
keeps the writing method's name when it is a special one), every other failure code is one group.
Per group it prints the candidates that have it, those for which it is the only group (sole
blocker: a rule for it alone would unlock them) and those with exactly one other group (pairs:
with which), overall and per project.

    .venv/bin/python benchmarks/decline_groups.py [--only NAME ...] [--json-dir DIR | --from DIR]
"""

from __future__ import annotations

import argparse
import collections
import json
import keyword
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import unknown_effects  # noqa: E402

DETAILED = ("UNDETERMINABLE_CONSTRUCT", "HAS_STALE_READS")
TOP = 30
# The methods whose name says when they run: kept in the stale-read groups.
NAMED_WRITERS = {"__init__", "build", "setup", "set_up", "_build", "compile", "reset",
                 "reset_states", "__call__", "call", "train_step", "__enter__", "__exit__"}


def shape(reason: str) -> str:
    """A message with the project's names left out: the construct it names."""
    reason = re.sub(r" \(in [^()]*\)$", "", reason)
    reason = re.sub(r" at \S+:\d+.*$", "", reason)
    writer = re.search(r"which (\w+)\.(\w+)\(\) reassigns", reason)
    if reason.startswith("reads ") and writer:
        method = writer.group(2)
        kind = "self." if re.match(r"reads self\.", reason) else ""
        return (f"reads {kind}<attr>, which <Class>."
                f"{method if method in NAMED_WRITERS else '<method>'}() reassigns")
    if reason.startswith("reads "):
        rest = reason.split(", which ", 1)[-1]
        rest = re.sub(r"\w+(\.\w+)*\(\)", "<fn>()", rest)
        rest = re.sub(r"`[^`]*`", "<x>", rest)
        target = reason[6:].split(",", 1)[0]
        kind = ("self.<attr>" if target.startswith("self.") else
                ".<attr>" if target.startswith(".") else "<name>" if "." not in target
                else "<obj>.<attr>")
        return f"reads {kind}, which {rest}"
    reason = re.sub(r"`([^`]*)`", lambda m: m.group(0) if keyword.iskeyword(m.group(1))
                    else "<x>", reason)
    reason = re.sub(r"\b(\w+\.)+\w+\(\)", "<fn>()", reason)
    return reason


def groups_of(fn: dict) -> set[str]:
    codes = {f["code"] for f in fn["failures"]}
    out = {c for c in codes if c not in DETAILED}
    evidence = fn.get("evidence", {})
    if "HAS_STALE_READS" in codes:
        found = {f"STALE: {shape(e['reason'])}" for e in evidence.get("stale_reads", [])}
        out |= found or {"STALE: (no evidence)"}
    if "UNDETERMINABLE_CONSTRUCT" in codes:
        found = {f"CONSTRUCT: {shape(e['reason'].partition(': ')[2])}"
                 for e in evidence.get("hazards", [])
                 if e["reason"].startswith("UNDETERMINABLE_CONSTRUCT: ")}
        found |= {f"CONSTRUCT: {shape(f['message'])}" for f in fn["failures"]
                  if f["code"] == "UNDETERMINABLE_CONSTRUCT" and not found}
        out |= found
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME")
    parser.add_argument("--json-dir", type=Path, help="keep the per-project reports here")
    parser.add_argument("--from", dest="source", type=Path, help="read reports kept here")
    args = parser.parse_args()
    if args.source:
        by_project = {p.stem: json.loads(p.read_text(encoding="utf-8"))
                      for p in sorted(args.source.glob("*.json"))
                      if not args.only or p.stem in args.only}
    else:
        os.chdir(tempfile.gettempdir())  # a project's own modules must not shadow the library's
        with tempfile.TemporaryDirectory() as tmp:
            keep = args.json_dir or Path(tmp)
            keep.mkdir(parents=True, exist_ok=True)
            by_project = unknown_effects.reports(args.only, keep)
    present: collections.Counter[str] = collections.Counter()
    sole: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[tuple[str, str]] = collections.Counter()
    per_project: dict[str, collections.Counter[str]] = {}
    summary = []
    for name in sorted(by_project):
        candidates = declined = 0
        mine: collections.Counter[str] = collections.Counter()
        for fn in by_project[name]["functions"]:
            if not (fn["hybrid"] or fn["facts"].get("tensor_parameter") is True):
                continue
            candidates += 1
            if fn["transformation"] is not None or not fn["failures"]:
                continue
            declined += 1
            groups = groups_of(fn)
            present.update(groups)
            if len(groups) == 1:
                sole.update(groups)
                mine.update(groups)
            elif len(groups) == 2:
                a, b = sorted(groups)
                pairs[(a, b)] += 1
        per_project[name] = mine
        summary.append(f"{name}: {candidates} candidates, {declined} declined")
    print("\n".join(summary))
    detailed = [kv for kv in present.most_common() if kv[0].startswith(("STALE", "CONSTRUCT"))]
    print(f"\n| group (top {TOP} of UNDETERMINABLE_CONSTRUCT / HAS_STALE_READS) | candidates "
          "with it | sole blocker | with one other group |\n|---|---|---|---|")
    for key, count in detailed[:TOP]:
        other = collections.Counter()
        for (a, b), n in pairs.items():
            if key in (a, b):
                other[b if a == key else a] += n
        with_one = ", ".join(f"{k} {n}" for k, n in other.most_common(4))
        print(f"| {key} | {count} | {sole[key]} | {with_one} |")
    print("\n| other failure codes | candidates with it | sole blocker |\n|---|---|---|")
    for key, count in present.most_common():
        if not key.startswith(("STALE", "CONSTRUCT")):
            print(f"| {key} | {count} | {sole[key]} |")
    print("\nSole blockers per project (top 5 groups each):")
    for name, mine in sorted(per_project.items()):
        print(f"  {name}: " + "; ".join(f"{k} {n}" for k, n in mine.most_common(5)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
