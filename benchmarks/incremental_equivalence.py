"""Incremental == from scratch on real projects, in process (issue 15, "the cache stays correct").

For each project (tests/realcode.py), an `Analyzer` kept across runs (the language server's
engine) is compared with a fresh one after each step of an edit and its revert:

1. a run from scratch (the kept analyzer's first run);
2. an editor buffer of a hub function's file with `print(PARAM)` inserted as the function's
   first statement (the function most call sites give to: edits there reach the most state),
   against a fresh analyzer given the same buffer;
3. the buffer closed (the file as on disk again), against the first run.

Every function's JSON report (verdict, reasons, facts, evidence) must be equal. Prints one line
per project and the functions that differ; `--json` writes the figures.

    .venv/bin/python benchmarks/incremental_equivalence.py --only tf-models-official keras-hub
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import realcode  # noqa: E402
from hybridize.analysis import AnalysisResult, Analyzer, Settings  # noqa: E402
from hybridize.report.json_report import to_json  # noqa: E402

# The hub function of the reproduction; other projects: the most called function.
HUBS = {"tf-models-official": ("modeling/tf_utils.py", "get_shape_list")}


def reports(result: AnalysisResult) -> dict[tuple[str, str, int], str]:
    return {(f["file"], f["qualname"], f["line"]): json.dumps(f, sort_keys=True)
            for f in to_json(result)["functions"]}


def differences(got: AnalysisResult, want: AnalysisResult) -> list[tuple[str, str, int]]:
    a, b = reports(got), reports(want)
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def hub_function(analyzer: Analyzer, project: str) -> tuple[str, str]:
    """(file relative to the root, qualname) of the function to edit."""
    if project in HUBS:
        return HUBS[project]
    assert analyzer.snapshot is not None
    state = analyzer.snapshot.state
    counts: dict[str, int] = {}
    for info in (state.info or {}).values():
        for binding in info.bindings:
            counts[binding.callee] = counts.get(binding.callee, 0) + 1
    candidates = []
    for module in analyzer.snapshot.modules.values():
        for fn in module.functions:
            if fn.kind == "function" and "." not in fn.qualname and fn.params and \
                    module.path.endswith(".py"):
                candidates.append((-counts.get(fn.key, 0), module.path, fn.qualname))
    _, path, qualname = min(candidates)
    return path, qualname


def with_print(text: str, qualname: str) -> str:
    """The text with `print(FIRST_PARAMETER)` as the function's first statement (after its
    docstring)."""
    tree = ast.parse(text)
    node = next(n for n in tree.body
                if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == qualname)
    body = node.body
    first = body[1] if len(body) > 1 and isinstance(body[0], ast.Expr) and \
        isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str) \
        else body[0]
    names = [a.arg for a in node.args.posonlyargs + node.args.args]
    lines = text.splitlines(keepends=True)
    indent = " " * first.col_offset
    line = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", ()))])
    lines.insert(line - 1, f"{indent}print({names[0] if names else repr(qualname)})\n")
    return "".join(lines)


def check(project: realcode.Project) -> dict:
    root = realcode.sources(project)
    settings = Settings()
    kept = Analyzer([root], settings)
    started = time.perf_counter()
    first = kept.run()
    cold = time.perf_counter() - started
    rel, qualname = hub_function(kept, project.name)
    path = root / rel
    edited = with_print(path.read_text(encoding="utf-8"), qualname)
    overrides = {str(path): edited}
    started = time.perf_counter()
    incremental_edit = kept.run(overrides)
    edit_s = time.perf_counter() - started
    scratch_edit = Analyzer([root], settings).run(overrides)
    after_edit = differences(incremental_edit, scratch_edit)
    started = time.perf_counter()
    incremental_revert = kept.run()
    revert_s = time.perf_counter() - started
    after_revert = differences(incremental_revert, first)
    return {"project": f"{project.name}-{project.version}", "edited": f"{rel}::{qualname}",
            "functions": len(first.functions), "cold_s": round(cold, 2),
            "edit_s": round(edit_s, 2), "revert_s": round(revert_s, 2),
            "differ_after_edit": [list(k) for k in after_edit],
            "differ_after_revert": [list(k) for k in after_revert]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="project names (default: all eight)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    projects = [p for p in realcode.BENCHMARK_PROJECTS if not args.only or p.name in args.only]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    print(f"load: {os.getloadavg()[0]:.2f} (1 min)", flush=True)
    rows = []
    for project in projects:
        row = check(project)
        rows.append(row)
        edit, revert = row["differ_after_edit"], row["differ_after_revert"]
        print(f"{row['project']}: {row['functions']} functions, edited {row['edited']}; "
              f"cold {row['cold_s']} s, edit {row['edit_s']} s, revert {row['revert_s']} s; "
              f"differ after the edit {len(edit)}, after the revert {len(revert)}", flush=True)
        for key in (edit + revert)[:10]:
            print("   ", *key)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 1 if any(r["differ_after_edit"] or r["differ_after_revert"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
