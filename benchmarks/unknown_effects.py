"""The unknown side effects of the declined candidates on the eight real projects, by construct.

For each project of tests/realcode.py (`BENCHMARK_PROJECTS`) it runs `hybridize check --format
json --no-cache` in this process with every evidence item kept (workspace.MAX_EVIDENCE lifted:
the report keeps 5 per fact), then groups each unknown side effect of a declined candidate by
the message the engine gives it (a builtin given a value of unknown type, an unresolved call, a
method of an object of unknown type, a library outside the tables, a symbol the tables do not
classify, a tensor method) and prints, per group and per construct, how many candidates have
such an effect and for how many it is the only failure (their only failure code is
UNDETERMINABLE_SIDE_EFFECTS and every unknown effect is of that group or construct): what a rule
for it would unlock by itself.

    .venv/bin/python benchmarks/unknown_effects.py [--only NAME ...] [--json-dir DIR]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import realcode  # noqa: E402
from hybridize import cli  # noqa: E402
from hybridize.analysis import workspace  # noqa: E402

GROUPS = [
    ("builtin given a value of unknown type", r"^(\S+)\(\) receives a value of unknown type"),
    ("unresolved call", r"^calls (.+?), which the analysis cannot resolve"),
    ("method of an object of unknown type", r"^calls (.+?)\(\) on an object of unknown type"),
    ("symbol the tables do not classify", r"^calls (.+?)\(\), which the API table does not"),
    ("library outside the tables", r"^calls (.+?)\(\), which the analysis cannot see into"),
    ("tensor method", r"^calls (.+?), which (is not in the table|behaves otherwise|is )"),
    ("distribution or trace-time API", r"^calls (.+?)\(\), which (depends|answers)"),
]
TOP = 25


def classify(reason: str) -> tuple[str, str]:
    reason = re.sub(r" at \S+:\d+(, .*)?$", "", reason)
    for group, pattern in GROUPS:
        found = re.match(pattern, reason)
        if found:
            return group, found.group(1)
    return "other", reason[:80]


def reports(only: list[str], keep: Path) -> dict[str, dict]:
    workspace.MAX_EVIDENCE = 1_000_000
    out = {}
    for project in realcode.BENCHMARK_PROJECTS:
        if only and project.name not in only:
            continue
        target = keep / f"{project.name}.json"
        cli.main(["check", "--format", "json", "--no-cache", "--output", str(target),
                  str(realcode.sources(project))])
        out[project.name] = json.loads(target.read_text(encoding="utf-8"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME")
    parser.add_argument("--json-dir", type=Path, help="keep the per-project reports here")
    args = parser.parse_args()
    os.chdir(tempfile.gettempdir())  # a project's own modules must not shadow the library's
    with tempfile.TemporaryDirectory() as tmp:
        keep = args.json_dir or Path(tmp)
        keep.mkdir(parents=True, exist_ok=True)
        by_project = reports(args.only, keep)
    present: collections.Counter[str] = collections.Counter()
    sole: collections.Counter[str] = collections.Counter()
    declined = first = only_code = 0
    for name in sorted(by_project):
        for fn in by_project[name]["functions"]:
            if not (fn["hybrid"] or fn["facts"].get("tensor_parameter") is True):
                continue
            if fn["transformation"] is not None or not fn["failures"]:
                continue
            declined += 1
            codes = {f["code"] for f in fn["failures"]}
            first += fn["failures"][0]["code"] == "UNDETERMINABLE_SIDE_EFFECTS"
            if "UNDETERMINABLE_SIDE_EFFECTS" not in codes:
                continue
            found = {classify(e["reason"])
                     for e in fn.get("evidence", {}).get("side_effects", [])}
            keys = {g for g, _ in found} | {f"{g}: {c}" for g, c in found}
            present.update(keys)
            if codes == {"UNDETERMINABLE_SIDE_EFFECTS"}:
                only_code += 1
                groups = {g for g, _ in found}
                if len(groups) == 1:
                    sole.update(groups)
                if len(found) == 1:
                    sole.update(f"{g}: {c}" for g, c in found)
    print(f"{declined} declined candidates; {first} fail first on an unknown side effect; "
          f"{only_code} have no other failure")
    print("\n| group | candidates with one | only failure |\n|---|---|---|")
    for key, count in present.most_common():
        if ": " not in key:
            print(f"| {key} | {count} | {sole[key]} |")
    print(f"\n| construct (top {TOP}) | candidates with one | only failure |\n|---|---|---|")
    for key, count in [kv for kv in present.most_common() if ": " in kv[0]][:TOP]:
        print(f"| {key} | {count} | {sole[key]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
