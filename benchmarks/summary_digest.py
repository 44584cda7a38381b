"""Module summaries of the eight real projects: a digest per file, and their CPU time (not a test).

Summarizes every `.py` file of the package folders of tests/realcode.py's eight projects (about
2,500 files, 437 KLOC) in this process, one file after the other, the way a pool worker does
(`workspace.summarize_source`: decode, `ast.parse`, `summaries.summarize_module`, sharing), and
writes a canonical digest of each result: every field of every data class in order, lists,
tuples and dictionaries in their order, sets and frozensets sorted, the type of every container
named (so a shared read-only empty list is told from a plain one). Two engines give the same
summaries exactly when the two digest files are equal: that is how a change that only makes the
summaries cheaper is checked (run it under PYTHONHASHSEED 0 and 1; the digests must not depend
on the seed either).

    python benchmarks/summary_digest.py --out digests.json [--only gpflow ...] [--phases]
    python benchmarks/summary_digest.py --compare a.json b.json

`--phases` also times the summary's parts (exclusive CPU time per function of the summarizer,
`time.process_time`; timing adds its own cost to each call) and prints them. The engine is the
`hybridize` that `import hybridize` finds: put another checkout's `server` folder first on
PYTHONPATH to digest that one. Standard library only, besides hybridize.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import realcode  # noqa: E402  (the one list of projects for tests and benchmarks)


def canonical(value: Any) -> Any:
    """A seed-independent, order-preserving picture of a summary (or any part), as JSON-able
    nested lists."""
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return [kind.__name__, value]
    if kind in (frozenset, set):
        items = [canonical(item) for item in value]
        return [kind.__name__, sorted(items, key=lambda item: json.dumps(item))]
    if isinstance(value, (list, tuple)):
        return [kind.__name__, [canonical(item) for item in value]]
    if isinstance(value, dict):
        return [kind.__name__, [[canonical(key), canonical(item)] for key, item in value.items()]]
    if is_dataclass(value):
        return [kind.__name__, [[f.name, canonical(getattr(value, f.name))]
                                for f in fields(value)]]
    raise TypeError(f"no canonical form for {kind.__name__}")


def digest(value: Any) -> str:
    text = json.dumps(canonical(value), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def project_files(only: list[str]) -> list[tuple[str, Path, Path]]:
    """(project package, package folder, file) for every .py file, sorted."""
    found = []
    for project in realcode.BENCHMARK_PROJECTS:
        if only and project.package not in only and project.name not in only:
            continue
        root = realcode.sources(project)
        for path in sorted(root.rglob("*.py")):
            found.append((project.package, root, path))
    return found


class Phases:
    """Exclusive CPU time per wrapped function: a call's time goes to the innermost phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.stack: list[str] = []
        self.since = 0.0

    def wrap(self, name: str, function: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            now = time.process_time()
            if self.stack:
                outer = self.stack[-1]
                self.seconds[outer] = self.seconds.get(outer, 0.0) + now - self.since
            self.stack.append(name)
            self.calls[name] = self.calls.get(name, 0) + 1
            self.since = now
            try:
                return function(*args, **kwargs)
            finally:
                end = time.process_time()
                self.seconds[name] = self.seconds.get(name, 0.0) + end - self.since
                self.stack.pop()
                self.since = end
        timed.__wrapped__ = function  # type: ignore[attr-defined]
        return timed


# (module, attribute) pairs timed by --phases; a name that a module does not have (another
# engine) is skipped. Functions imported by name are patched where summaries.py looks them up.
PHASES = [
    ("hybridize.analysis.workspace", "decode_source"),
    ("ast", "parse"),
    ("hybridize.analysis.summaries", "scope_facts"),
    ("hybridize.analysis.summaries", "array_uses"),
    ("hybridize.analysis.summaries", "state_uses"),
    ("hybridize.analysis.summaries", "argument_shapes"),
    ("hybridize.analysis.summaries", "module_constants"),
    ("hybridize.analysis.summaries", "bound_once"),
    ("hybridize.analysis.summaries", "parameter_uses"),
    ("hybridize.analysis.summaries", "static_dimension_reads"),
    ("hybridize.analysis.summaries", "read_suppressions"),
    ("hybridize.analysis.summaries", "record_defaults"),
    ("hybridize.analysis.summaries", "_replaced_definitions"),
    ("hybridize.analysis.tracing", "scan_body"),
    ("hybridize.analysis.tracing", "unmodelled_decorators"),
    ("hybridize.analysis.tracing", "forwarding_decorators"),
    ("hybridize.analysis.sharing.Sharing", "share"),
    ("hybridize.analysis.bodies.FunctionVisitor", "__init__"),
    ("hybridize.analysis.bodies.FunctionVisitor", "run"),
    ("hybridize.analysis.summaries.Summarizer", "scan_top_level"),
    ("hybridize.analysis.summaries.Summarizer", "summarize"),
    # The walks FunctionVisitor.__init__ makes before the visit, and parts of the visit.
    ("hybridize.analysis.grown_lists", "grown_lists"),
    ("hybridize.analysis.scoped_assignments", "final_assignments"),
    ("hybridize.analysis.scoped_assignments", "replaced_after"),
    ("hybridize.analysis.rebinding", "bindings"),
    ("hybridize.analysis.rebinding", "nested_nonlocal"),
    ("hybridize.analysis.dict_writes", "note_call"),
    ("hybridize.analysis.tracing", "argument_origins"),
    ("ast", "unparse"),
]


def install_phases(phases: Phases) -> None:
    import importlib  # noqa: PLC0415

    for where, name in PHASES:
        holder: Any
        if where.endswith((".Sharing", ".FunctionVisitor", ".Summarizer")):
            module_name, _, class_name = where.rpartition(".")
            holder = getattr(importlib.import_module(module_name), class_name)
        else:
            holder = importlib.import_module(where)
        function = getattr(holder, name, None)
        if function is None:
            continue
        label = f"{holder.__name__}.{name}" if isinstance(holder, type) else \
            f"{where.rsplit('.', 1)[-1]}.{name}"
        if name == "share":  # recursive: time the outermost call only
            phases_wrapped = phases.wrap(label, function)

            def share(self: Any, value: Any, _inner: Any = function,
                      _outer: Any = phases_wrapped, _label: str = label) -> Any:
                if phases.stack and phases.stack[-1] == _label:
                    return _inner(self, value)
                return _outer(self, value)
            setattr(holder, name, share)
            continue
        setattr(holder, name, phases.wrap(label, function))
    # tracing.scan_body etc. are looked up on their module by summaries.py (`tracing.x`).


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write {file: digest} (and timings) here")
    parser.add_argument("--only", nargs="*", default=[], help="projects (package or name)")
    parser.add_argument("--phases", action="store_true", help="time the summary's parts")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = parser.parse_args()
    if args.compare:
        first, second = (json.loads(p.read_text())["digests"] for p in args.compare)
        differ = sorted(rel for rel in first.keys() | second.keys()
                        if first.get(rel) != second.get(rel))
        print(f"{len(first)} / {len(second)} files, {len(differ)} differ")
        for rel in differ[:20]:
            print(f"  {rel}")
        return 1 if differ else 0

    import hybridize  # noqa: PLC0415
    from hybridize.analysis.naming import module_names  # noqa: PLC0415
    from hybridize.analysis.workspace import summarize_source  # noqa: PLC0415

    phases = Phases()
    if args.phases:
        install_phases(phases)
    files = project_files(args.only)
    digests: dict[str, str] = {}
    lines = 0
    summarize_cpu = 0.0
    package_dirs: dict[Path, set[str]] = {}
    for package, root, path in files:
        base = root.parent
        if base not in package_dirs:
            package_dirs[base] = {str(p.parent.relative_to(base)).replace(os.sep, "/")
                                  for p in root.rglob("__init__.py")}
        rel = str(path.relative_to(base)).replace(os.sep, "/")
        key, import_name, is_package = module_names(rel, package_dirs[base])
        data = path.read_bytes()
        lines += sum(1 for line in data.splitlines() if line.strip())
        started = time.process_time()
        result = summarize_source(data, rel, key, import_name, is_package,
                                  hashlib.sha256(data).hexdigest())
        summarize_cpu += time.process_time() - started
        digests[f"{package}/{rel}"] = digest(result)
    report = {
        "engine": str(Path(hybridize.__file__).parent),
        "hash_seed": os.environ.get("PYTHONHASHSEED"),
        "files": len(files), "nonblank_lines": lines,
        "summarize_cpu_s": round(summarize_cpu, 3),
        "kloc_per_cpu_s": round(lines / 1000 / summarize_cpu, 2) if summarize_cpu else None,
        "phases_cpu_s": {name: round(seconds, 3) for name, seconds in
                         sorted(phases.seconds.items(), key=lambda item: -item[1])},
        "phase_calls": phases.calls,
        "load": os.getloadavg(),
        "digests": digests,
    }
    print(f"engine {report['engine']}, PYTHONHASHSEED={report['hash_seed']}: "
          f"{len(files)} files, {lines / 1000:.1f} KLOC, summarized in {summarize_cpu:.2f} CPU s "
          f"({report['kloc_per_cpu_s']} KLOC per CPU s), load {report['load'][0]:.2f}")
    for name, seconds in report["phases_cpu_s"].items():
        print(f"  {name:55} {seconds:8.3f} s  {phases.calls.get(name, 0):8d} calls")
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
