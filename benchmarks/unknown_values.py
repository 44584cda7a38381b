"""Where the values of unknown type come from, for the declined candidates on the real projects.

The largest group of declines on the eight real projects (benchmarks/decline_groups.py) is a
construct on a value of unknown type: an `if`, a conditional expression, an `in` test, an
f-string, an `assert`, a comprehension or a `return` whose value the engine cannot type (it could
be a tensor). A rule can only make such a value known where it knows where the value comes from.
This script runs the analysis in-process (workspace.analyze, the program kept) and, for every
value use of a declined candidate (or of a callee it inherits the finding from) that the report
declines for a value of unknown type, follows the unknown parts of its values back through the
engine's placeholders (values.py) and names their origin:

    param: no caller          a parameter of a function no analysed call site calls
    param: caller passes X    a parameter a call site gives a value of unknown type (X: the
                              origin of what the callers pass, followed one call level up)
    self.attr <- X            an instance attribute, assigned from X (`never assigned`: only a
                              library base class or setattr may set it)
    call: ...                 the result of a call: a library function outside the tables, a
                              method of an object of unknown type, a workspace function whose
                              result is unknown, a callee the engine cannot resolve
    attr .a of X / item of X  an attribute or subscript of a value of origin X
    global / module name      a name of a module

It prints each origin group (names left out) with how many constructs and candidates have it,
and for how many candidates every unknown-type failure has only origins of that group ("sole":
what a rule for that origin alone could win, if the candidate has no other failure).

    .venv/bin/python benchmarks/unknown_values.py [--only NAME ...] [--examples N]

With --compare it measures static_values.py's switches instead (SWITCHES, or those --switch
names: off, then as written, in this process so both runs see the same engine code): candidates
and refactorable ones per project, and the functions gained or lost.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import realcode  # noqa: E402
from hybridize.analysis import static_values, workspace  # noqa: E402
from hybridize.analysis import values as V  # noqa: E402
from hybridize.analysis.decide import Settings  # noqa: E402
from hybridize.analysis.program import Program  # noqa: E402

UNKNOWN_WORDS = "of unknown type"
USES = ("if", "ifexp", "in", "format", "strformat", "assert", "comp-if", "comp-for", "for",
        "identity", "return", "while")
MAX_DEPTH = 8


class Origins:
    """Follows placeholders back to where a value of unknown type enters."""

    def __init__(self, program: Program) -> None:
        self.p = program

    def of(self, values, depth: int = 0, seen: frozenset[str] = frozenset()) -> set[str]:
        out: set[str] = set()
        for value in sorted(values):
            out |= self.one(value, depth, seen)
        return out

    def unknown(self, values) -> bool:
        return V.has_unknown(self.p.expand(values)) if values else False

    def one(self, value: str, depth: int, seen: frozenset[str]) -> set[str]:
        if not V.is_placeholder(value):
            if value.startswith("ext:"):
                return {"library the engine cannot see (ext:)"}
            return {"literal ?"} if V.is_unknown(value) else set()
        if not V.has_unknown(self.p.expand(frozenset({value}))):
            return set()
        if depth > MAX_DEPTH or value in seen:
            return {"(deep or cyclic)"}
        seen = seen | {value}
        kind, owner, name = value.split("|", 2)
        fn = self.p.functions.get(owner)
        if kind == "q":
            return {"module name (global or import)"}
        if fn is None:
            return {f"{kind}: no function"}
        if kind == "v":
            return self.of(fn.locals.get(name, V.EMPTY), depth + 1, seen) or {"local"}
        if kind == "p":
            return self.param(fn, name, depth, seen)
        if kind == "e":
            return self.deferred(fn, int(name), depth, seen)
        return {kind}

    def param(self, fn, name: str, depth: int, seen) -> set[str]:
        sites = self.p.sites.get(fn.key, {}).get(name, [])
        if not self.p.params.get(fn.key):
            what = "param: no caller"
            if name in fn.hints:
                what += " (hinted)"
            return {what}
        if not sites:
            return {"param: callers never pass it (default only)"}
        unknown_sites = [s for s in sites if V.has_unknown(s.values)]
        if not unknown_sites:
            return {"param: ? from default"}
        # What the first such caller passes: its argument as written is not kept, so name the
        # caller's kind of value by following the caller's own parameters of the same name.
        out = set()
        for site in unknown_sites[:3]:
            caller = self.p.functions.get(site.caller)
            raw = None
            if caller is not None:
                for call in caller.calls:
                    if call.line == site.line:
                        raw = self.arg_for(call, fn, name)
                        if raw is not None:
                            break
            if raw is None:
                out.add("param: caller passes ? (argument not found)")
                continue
            inner = self.of(raw, depth + 1, seen) if depth < 3 else {"..."}
            out |= {f"param: caller passes <{o}>" for o in (inner or {"?"})}
        return out

    @staticmethod
    def arg_for(call, callee, name: str):
        if name in call.kwargs:
            return call.kwargs[name]
        params = list(callee.params)
        if callee.kind in ("method", "classmethod") and call.receiver is not None:
            params = params[1:]
        elif callee.kind in ("method", "classmethod") and callee.name == "__init__":
            params = params[1:]
        if name in params and params.index(name) < len(call.args):
            return call.args[params.index(name)]
        return None

    def deferred(self, fn, index: int, depth: int, seen) -> set[str]:
        op = fn.deferred[index]
        tag = op[0]
        if tag == "attr":
            base, attr = op[1], op[2]
            expanded = self.p.expand(base)
            out = set()
            for value in sorted(expanded):
                if value.startswith("obj:"):
                    out |= self.instance(value[4:], attr, depth, seen)
                elif V.is_tensor(value):
                    out.add(f"attr of a tensor .{attr if attr in ('shape', 'dtype') else 'X'}")
                elif value.startswith("tfo:"):
                    out.add(f"attr of a TF object ({value}) .{attr}")
                elif V.is_unknown(value):
                    inner = self.of(base, depth + 1, seen)
                    out |= {f"attr of <{o}>" for o in inner}
                elif value in (V.NONE, V.LIST, V.EMPTY_LIST, V.LIST_OF_TENSORS) or \
                        value in V.PRIMITIVES:
                    out.add(f"attr .{attr} of {value}")
            return out
        if tag == "call":
            return self.call(fn, op[1], depth, seen)
        if tag in ("item", "iter"):
            inner = self.of(op[1], depth + 1, seen)
            kinds = sorted({v.split(":")[0] for v in self.p.expand(op[1]) if not V.is_unknown(v)})
            if inner:
                return {f"{tag} of <{o}>" for o in inner}
            return {f"{tag} of {'/'.join(kinds) or 'nothing'}"}
        if tag == "unpack":
            return {f"unpack of <{o}>" for o in self.of(op[1], depth + 1, seen)} or {"unpack"}
        if tag == "binop":
            return self.of(op[1], depth + 1, seen) | self.of(op[2], depth + 1, seen)
        if tag == "container":
            return self.of(op[1], depth + 1, seen)
        return {f"op {tag}"}

    def instance(self, class_key: str, attr: str, depth: int, seen) -> set[str]:
        assigned = []
        for cls in self.p.mro(class_key):
            assigned += [values for values, _method, _line in cls.instance_attrs.get(attr, ())]
            if attr in cls.class_attrs:
                assigned.append(cls.class_attrs[attr])
        if not assigned:
            lib = "library base" if self.p.library_bases(class_key) else "no base"
            return {f"self.attr never assigned ({lib})"}
        out = set()
        for values in assigned:
            out |= {f"self.attr <- {o}" for o in self.of(values, depth + 1, seen)}
        # Nothing unknown assigned, yet the read is unknown: every assignment's values are empty
        # (program.instance_attribute), a constructor parameter no call site passes (no instance
        # is made in the workspace): a setting the user's code gives.
        return out or {"self.attr <- nothing shown (a parameter no call site passes)"}

    def call(self, fn, index: int, depth: int, seen) -> set[str]:
        site = fn.calls[index]
        if site.receiver is not None:
            receivers = self.p.expand(site.receiver)
            out = set()
            for value in sorted(receivers):
                if V.is_unknown(value):
                    out |= {f"call: method of <{o}>" for o in self.of(site.receiver, depth + 1,
                                                                      seen)}
                elif V.is_tensor(value):
                    out.add("call: tensor method")
                elif value.startswith("obj:"):
                    out.add("call: workspace method returns ?")
                elif value.startswith("lib:"):
                    out.add("call: library method (lib:)")
                elif value.startswith("tfo:"):
                    out.add(f"call: method of {value}")
                elif value in (V.NONE, V.LIST, V.EMPTY_LIST, V.LIST_OF_TENSORS):
                    out.add(f"call: method .{site.method} of {value}")
            return out or {"call: method of nothing"}
        callees = self.p.expand(site.callee)
        out = set()
        for value in sorted(callees):
            if value.startswith(("fn:", "bfn:")):
                out.add("call: workspace function returns ?")
            elif value.startswith("cls:"):
                out.add("call: workspace class (constructor)")
            elif value.startswith("lib:"):
                out.add(f"call: library function (lib:) [{value[4:]}]")
            elif value.startswith("obj:"):
                out.add("call: workspace object called (__call__)")
            elif V.is_unknown(value):
                out |= {f"call: callee <{o}>" for o in self.of(site.callee, depth + 1, seen)}

        return out or {"call: unresolved"}


def group(origin: str) -> str:
    """The origin with attribute names left out and nesting cut after two levels."""
    text = re.sub(r" \[[^]]*\]", "", origin)  # the library function's name
    text = re.sub(r"\.(?!shape\b|dtype\b)[A-Za-z_]\w*", ".a", text)
    parts = text.split(" <")
    return " <".join(parts[:3]) + (" <..." if len(parts) > 3 else "")


def library_of(origin: str) -> str | None:
    """The library function an origin names first (`call: library function (lib:) [NAME]`)."""
    found = re.findall(r"\(lib:\) \[([^]]*)\]", origin)
    return found[0] if found else None


def subscript_of(origin: str) -> str | None:
    """What a subscript origin indexes, attribute names left out: `item of <attr of a tensor
    .shape>` for `x.shape[i]`, the library function's name kept."""
    if not origin.startswith("item of"):
        return None
    return re.sub(r"\.(?!shape\b|dtype\b)[A-Za-z_]\w*", ".a", origin)


def print_sole_table(title: str, full: dict[str, set[str]], only_unknown: set[str],
                     key) -> None:
    """Per key (a library function, a subscript): the candidates with an origin of that key;
    'sole': every unknown-type origin of the candidate has that key (a rule for it alone would
    remove all its unknown-type failures); 'frees': sole, and the candidate has no other
    failure (what a rule for it alone would win)."""
    names: dict[str, set[str]] = collections.defaultdict(set)
    sole: collections.Counter[str] = collections.Counter()
    frees: collections.Counter[str] = collections.Counter()
    for name, origins in full.items():
        keys = {key(o) for o in origins}
        for k in keys - {None}:
            names[k].add(name)
        if len(keys) == 1 and None not in keys:
            (k,) = keys
            sole[k] += 1
            frees[k] += name in only_unknown
    print(f"\n{title}\n| origin | candidates | sole | frees |\n|---|---|---|---|")
    for k, found in sorted(names.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:40]:
        print(f"| {k} | {len(found)} | {sole[k]} | {frees[k]} |")


def top(origin: str) -> str:
    """The first step only: where the construct's own value comes from."""
    return origin.split(" <")[0]


SWITCHES = ("UNPACKED_SHAPES", "READ_BEFORE_BINDING", "ELEMENTS", "LIBRARY_RESULTS", "IN_TESTS",
            "STRUCTURES_ONLY")


def compare(only: list[str] | None, switches: tuple[str, ...] = SWITCHES) -> None:
    """Refactorable candidates with static_values' switches off, then on."""
    written = {name: getattr(static_values, name) for name in switches}
    totals = {mode: collections.Counter() for mode in ("off", "on")}
    gained: list[str] = []
    lost: list[str] = []
    for project in realcode.BENCHMARK_PROJECTS:
        if only is not None and project.name not in only:
            continue
        found = {}
        for mode in ("off", "on"):
            for name in switches:
                setattr(static_values, name, written[name] if mode == "on" else False)
            result = workspace.analyze([realcode.sources(project)], Settings(), cache_dir=None)
            candidates = [f for f in result.functions
                          if f.hybrid or f.facts.get("tensor_parameter") is True]
            found[mode] = {f"{project.name}:{f.file}:{f.qualname}" for f in candidates
                           if f.transformation is not None}
            counts = collections.Counter(candidates=len(candidates),
                                         refactorable=len(found[mode]))
            totals[mode].update(counts)
            print(f"{project.name} {mode}: {dict(counts)}", flush=True)
        gained += sorted(found["on"] - found["off"])
        lost += sorted(found["off"] - found["on"])
    for name in switches:
        setattr(static_values, name, written[name])
    print(f"\noff: {dict(totals['off'])}\non: {dict(totals['on'])}")
    print(f"gained {len(gained)}:", *gained, sep="\n  ")
    print(f"lost {len(lost)}:", *lost, sep="\n  ")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--switch", nargs="*", default=list(SWITCHES), choices=SWITCHES,
                        help="with --compare: the switches to turn off (default: all)")
    parser.add_argument("--dump", type=Path, default=None,
                        help="write each candidate's origins (JSON) to this file")
    options = parser.parse_args()
    if options.compare:
        compare(options.only, tuple(options.switch))
        return
    captured: list[Program] = []
    real = workspace.resolve_program

    def keep(*args, **kwargs):
        program, evaluated = real(*args, **kwargs)
        captured.append(program)
        return program, evaluated

    workspace.resolve_program = keep
    constructs: collections.Counter[str] = collections.Counter()
    candidates: dict[str, set[str]] = collections.defaultdict(set)
    sole_sets: dict[str, set[str]] = {}  # candidate -> union of origin groups
    only_unknown: set[str] = set()  # candidates whose every failure is of unknown type
    examples: dict[str, list[str]] = collections.defaultdict(list)
    libraries: collections.Counter[str] = collections.Counter()
    full: dict[str, set[str]] = collections.defaultdict(set)
    for project in realcode.BENCHMARK_PROJECTS:
        if options.only is not None and project.name not in options.only:
            continue
        captured.clear()
        result = workspace.analyze([realcode.sources(project)], Settings(), cache_dir=None)
        program = captured[-1]
        origins = Origins(program)
        by_place: dict[tuple[str, int], list[tuple[str, set[str]]]] = collections.defaultdict(list)
        for fn in program.functions.values():
            file = program.file_of.get(fn.key, "")
            for use, values, line, _detail in fn.value_uses:
                if use in USES and origins.unknown(values):
                    by_place[(file, line)].append((use, origins.of(values)))
        for f in result.functions:
            if f.transformation is not None or not (
                    f.hybrid or f.facts.get("tensor_parameter") is True):
                continue
            name = f"{project.name}:{f.file}:{f.qualname}"
            mine = [x for x in f.failures if UNKNOWN_WORDS in x.message and
                    "receives" not in x.message and "on an object" not in x.message and
                    "passes" not in x.message]
            if not mine:
                continue
            if all(UNKNOWN_WORDS in x.message for x in f.failures):
                only_unknown.add(name)
            found: set[str] = set()
            for failure in mine:
                for _use, origin in by_place.get((failure.file, failure.line), []):
                    for o in origin:
                        full[name].add(o)
                        g = group(o)
                        found.add(g)
                        for lib in re.findall(r"\(lib:\) \[([^]]*)\]", o):
                            libraries[lib] += 1
                        constructs[g] += 1
                        if len(examples[g]) < options.examples:
                            examples[g].append(f"{name} line {failure.line} ({o})")
                if not by_place.get((failure.file, failure.line)):
                    found.add("(construct not found)")
            for g in found:
                candidates[g].add(name)
            sole_sets[name] = found
        print(f"{project.name}: {sum(1 for n in sole_sets if n.startswith(project.name + ':'))} "
              "candidates declined for a value of unknown type", flush=True)
    print(f"\n{len(sole_sets)} candidates with such a failure, {len(only_unknown)} with only "
          "unknown-type failures")
    print("| origin | constructs | candidates | sole (every unknown-type failure: only this "
          "origin, no other failure) |\n|---|---|---|---|")
    for g, _ in sorted(candidates.items(), key=lambda kv: -len(kv[1]))[:60]:
        sole = sum(1 for n in candidates[g] if sole_sets[n] == {g} and n in only_unknown)
        print(f"| {g} | {constructs[g]} | {len(candidates[g])} | {sole} |")
    tops: dict[str, set[str]] = collections.defaultdict(set)
    for g, names in candidates.items():
        tops[top(g)] |= names
    print("\n| first step of the origin | candidates | sole |\n|---|---|---|")
    for t, names in sorted(tops.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        sole = sum(1 for n in names if {top(g) for g in sole_sets[n]} == {t} and
                   n in only_unknown)
        print(f"| {t} | {len(names)} | {sole} |")
    if options.dump is not None:
        options.dump.write_text(json.dumps(
            {n: {"only_unknown": n in only_unknown, "origins": sorted(full[n])}
             for n in sorted(sole_sets)}, indent=1), encoding="utf-8")
    print("\nLibrary functions whose result is of unknown type (constructs):")
    for lib, n in libraries.most_common(40):
        print(f"  {n:4d} {lib}")
    print_sole_table("Library functions, by candidate", full, only_unknown, library_of)
    print_sole_table("Subscripts (`item of ...`), by candidate", full, only_unknown, subscript_of)
    print("\nExamples:")
    for g, _ in sorted(candidates.items(), key=lambda kv: -len(kv[1]))[:30]:
        for line in examples[g]:
            print(f"  {g}: {line}")


if __name__ == "__main__":
    main()
