"""Every write behind the stale reads of the declined candidates on the eight real projects.

The report names one writer per read (the first the engine finds), and a function that has a
stale read of its own inherits none of its callees' (facts.close_over_callees keeps the first
per code). To tell what a narrowing of one kind of write would win, this script runs the
analysis in this process (workspace.analyze, the FactBuilder kept) and lists, for every read of
a function (module global, closure variable, `self.attr`, `obj.attr`) that the engine calls
stale, *every* write that matches it, by the same rules as facts.stale_reads (mirrored below:
attribute_write, attribute_writer, object_attrs.InstanceWrites.writer), each given a kind:

    setting          a Keras global setting set inside a function (set_epsilon, ...)
    global           a module global assigned or mutated (`global X`, `mod.X = v`, X.append)
    closure          a closure variable changed after the nested def
    class attr       `Cls.attr = v`, `self.attr[0] = v`, `self.attr.append(v)` (c: targets)
    store            `obj.attr = v` on an object other than self
    store in test    the same, in a test file (`*_test.py`, `test_*.py`, a tests/ folder)
    setattr *        setattr with a computed name (any attribute of the object)
    setattr name     setattr with a literal name (or names from a literal loop)
    dict write       obj.__dict__ / vars(obj) / __setstate__ (dict_writes.py)
    method           `self.attr = v` in a method other than construction (object_attrs.py)
    rerun            construction (`__init__`, `build`, setup methods) run again (reruns.py)

A candidate's stale reads are its own and those of every function it reaches through calls
(closure variables its own nested functions read are left out, as close_over_callees does).
It prints (a) the candidates whose only failure is HAS_STALE_READS, per project, (b) per kind
of write, how many of them would have no stale read left if writes of that kind alone were not
stale writes ("freed"), and the most frequent writes, by place.

    PYTHONPATH=server .venv/bin/python benchmarks/stale_writers.py [--only NAME ...] [--json OUT]

With --compare it measures the f-string setattr names (facts.FSTRING_NAMES) off, then on, in
this process: candidates, refactorable ones and those with HAS_STALE_READS, per project.
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
from hybridize.analysis import facts as F  # noqa: E402
from hybridize.analysis import tfapi, workspace  # noqa: E402
from hybridize.analysis import values as V  # noqa: E402
from hybridize.analysis.decide import Settings  # noqa: E402
from hybridize.analysis.fresh_objects import initialising_stores  # noqa: E402
from hybridize.analysis.syntax import NO_EFFECT_ON_SELF  # noqa: E402

TEST_FILE = re.compile(r"(^|/)(tests?/|test_[^/]*\.py$|[^/]*_test\.py$|conftest\.py$)")


def kind_of_store(reason: str, file: str) -> str:
    if " runs " in reason:
        return "dict write"
    if "calls setattr(" in reason:
        return "setattr"  # refined by the name (`*` or literal) by the caller
    return "store in test" if TEST_FILE.search(file) else "store"


class Writers:
    """Every writer of a read, by facts.stale_reads' rules (first match there: all here)."""

    def __init__(self, b: F.FactBuilder) -> None:
        self.b = b
        self.p = b.p
        self.all_global: dict[str, list[tuple[str, int, str]]] = collections.defaultdict(list)
        for module in self.p.modules.values():
            for target, line, reason in module.global_writes:
                self.all_global[target].append((module.path, line, reason))
        self.initialising = initialising_stores(self.p, b.index.initialising, b.mutated_state())

    def global_kind(self, target: str, reason: str) -> str:
        if target.startswith("nl:"):
            return "closure"
        if target.startswith("c:"):
            return "class attr"
        if target.startswith("o:"):
            return "dict write" if " runs " in reason else "item/attr of object attr"
        if "set_" in reason and ("epsilon" in reason or "floatx" in reason or "policy" in reason
                                 or "image_data_format" in reason):
            return "setting"
        return "global"

    def attribute_writes(self, attr: str, objects) -> list[tuple[str, int, str, str]]:
        out = [(f, ln, r, self.global_kind(f"o:{attr}", r))
               for f, ln, r in self.all_global.get(f"o:{attr}", ())]
        wanted = {v[4:] for v in objects if v.startswith(("obj:", "cls:"))}
        anything = not objects or V.has_unknown(objects)
        for name in (attr, "*", *self.b.name_patterns(attr)):
            for file, line, reason, classes, open_ in self.b._writes(name):
                if (file, line, attr) in self.initialising:
                    continue
                if anything or open_ or any(self.b.related(a, c) for a in wanted
                                            for c in classes):
                    kind = kind_of_store(reason, file)
                    if kind == "setattr":
                        kind = "setattr *" if name == "*" else "setattr name"  # or pattern
                    out.append((file, line, reason, kind))
        return out

    def instance_writer(self, fn, attr: str, objects) -> list[tuple[str, int, str, str]]:
        iw, p, b = self.b.instance_writes, self.p, self.b
        by_attr = iw._index()
        anything = not objects or V.has_unknown(objects)
        wanted = sorted({v[4:] for v in objects if v.startswith(("obj:", "cls:"))})

        def may_be(class_key: str) -> bool:
            return anything or any(b.related(w, class_key) for w in wanted)

        out = []
        for class_key, method, line in by_attr.get(attr, ()):
            if not may_be(class_key):
                continue
            cls = p.classes[class_key]
            method_key = cls.methods.get(method, "")
            if method_key == fn.key:
                continue
            if method in NO_EFFECT_ON_SELF or b.is_setup(method_key):
                again = b.construction_rerun(class_key, method)
                if again is not None:
                    out.append((again[0], again[1], f"{cls.name}.{method}() again: {again[2]}",
                                "rerun"))
                continue
            out.append((p.file_of.get(method_key, ""), line,
                        f"{cls.name}.{method}() changes self.{attr}", "method"))
        for target, items in self.all_global.items():
            if target.startswith("c:") and target.rpartition(".")[2] == attr and \
                    may_be(target[2:].rpartition(".")[0]):
                out += [(f, ln, r, "class attr") for f, ln, r in items]
        out += self.unnamed_reruns(may_be)
        return out

    def unnamed_reruns(self, may_be) -> list[tuple[str, int, str, str]]:
        iw, p, b = self.b.instance_writes, self.p, self.b
        iw._index()
        out = []
        for class_key, method in iw._setattr_classes:
            if may_be(class_key):
                again = b.construction_rerun(class_key, method)
                if again is not None:
                    out.append((again[0], again[1],
                                f"{p.classes[class_key].name}.{method}() setattr again: "
                                f"{again[2]}", "rerun"))
        return out

    def self_writer(self, fn, target: str) -> list[tuple[str, int, str, str]]:
        p, b = self.p, self.b
        class_key, _, attr = target.rpartition(".")
        out = list(self.attribute_writes(attr, frozenset({f"obj:{class_key}"})))
        for cls in p.mro(class_key):
            out += [(f, ln, r, "class attr")
                    for f, ln, r in self.all_global.get(f"c:{cls.key}.{attr}", ())]
            for _values, method, line in cls.instance_attrs.get(attr, ()):
                if method == fn.name:
                    continue
                if method in NO_EFFECT_ON_SELF or b.is_setup(cls.methods.get(method, "")):
                    again = b.construction_rerun(cls.key, method)
                    if again is not None:
                        out.append((again[0], again[1], f"{cls.name}.{method}() again: "
                                    f"{again[2]}", "rerun"))
                    continue
                path = p.file_of.get(cls.methods.get(method, ""), "")
                out.append((path, line, f"{cls.name}.{method}() reassigns", "method"))
        out += self.unnamed_reruns(lambda key: b.related(key, class_key))
        return out

    def reads(self, fn) -> dict[str, list[tuple[str, int, str, str]]]:
        """Read text -> every matching writer, for one function's own reads."""
        found: dict[str, list] = {}
        for read in fn.reads:
            t = read.target
            key = f"{read.text}@{t}"
            if key in found:
                continue
            if t.startswith("g:"):
                ws = [(f, ln, r, self.global_kind(t, r)) for f, ln, r in self.all_global.get(t, ())]
            elif t.startswith("nl:"):
                ws = self.all_global.get(t) or self.all_global.get("nl:" + t.rsplit(".", 1)[-1])
                ws = [(f, ln, r, "closure") for f, ln, r in ws or ()]
            elif t.startswith("a:"):
                ws = self.self_writer(fn, t[2:])
            else:
                continue
            if ws:
                found[key] = ws
        hinted = {f"p|{fn.key}|{p}" for p, hint in fn.hints.items()
                  if any(h in tfapi.TENSOR_HINTS for h in hint.split("|"))}
        for use, values, _line, attr in fn.value_uses:
            if use != "attr-read" or values and values <= hinted:
                continue
            if self.p.is_static_shape(values):
                continue
            expanded = self.p.expand(values)
            if expanded and all(V.is_tensor(v) or v.startswith(("tfo:", "mod:", "lib:", "fn:"))
                                or v in V.PRIMITIVES or v in (V.NUMPY, V.NONE, V.KERAS_INPUT)
                                for v in expanded):
                continue
            ws = self.attribute_writes(attr, expanded) + \
                self.instance_writer(fn, attr, expanded)
            if ws:
                found.setdefault(f".{attr}", [])
                for w in ws:
                    if w not in found[f".{attr}"]:
                        found[f".{attr}"].append(w)
        return found


def closure(b: F.FactBuilder, key: str) -> set[str]:
    seen = {key}
    stack = [key]
    while stack:
        for callee in b.edges.get(stack.pop(), ()):
            if callee not in seen and callee in b.p.functions:
                seen.add(callee)
                stack.append(callee)
    return seen


def compare(only: list[str] | None) -> None:
    """Candidates, refactorable ones and those with HAS_STALE_READS per project with
    facts.FSTRING_NAMES off, then on, in this process; the functions gained or lost."""
    totals = {mode: collections.Counter() for mode in ("off", "on")}
    gained: list[str] = []
    lost: list[str] = []
    for project in realcode.BENCHMARK_PROJECTS:
        if only is not None and project.name not in only:
            continue
        found = {}
        for mode in ("off", "on"):
            F.FSTRING_NAMES = mode == "on"
            result = workspace.analyze([realcode.sources(project)], Settings(), cache_dir=None)
            candidates = [f for f in result.functions
                          if f.hybrid or f.facts.get("tensor_parameter") is True]
            found[mode] = {f"{project.name}:{f.file}:{f.qualname}" for f in candidates
                           if f.transformation is not None}
            stale = sum(any(x.code == "HAS_STALE_READS" for x in f.failures)
                        for f in candidates)
            counts = collections.Counter(candidates=len(candidates),
                                         refactorable=len(found[mode]), stale=stale)
            totals[mode].update(counts)
            print(f"{project.name} {mode}: {dict(counts)}", flush=True)
        gained += sorted(found["on"] - found["off"])
        lost += sorted(found["off"] - found["on"])
    F.FSTRING_NAMES = True
    print(f"\noff: {dict(totals['off'])}\non: {dict(totals['on'])}")
    print(f"gained {len(gained)}:", *gained, sep="\n  ")
    print(f"lost {len(lost)}:", *lost, sep="\n  ")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--compare", action="store_true",
                        help="measure facts.FSTRING_NAMES off, then on, instead")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args()
    if options.compare:
        compare(options.only)
        return
    kept: list[F.FactBuilder] = []
    real_build = F.FactBuilder.build

    def build(self):
        kept.append(self)
        return real_build(self)

    F.FactBuilder.build = build
    only_stale: dict[str, list[str]] = {}
    per_kind = collections.Counter()
    per_kind_any = collections.Counter()
    places = collections.Counter()
    dump = {}
    totals = collections.Counter()
    for project in realcode.BENCHMARK_PROJECTS:
        if options.only is not None and project.name not in options.only:
            continue
        kept.clear()
        result = workspace.analyze([realcode.sources(project)], Settings(), cache_dir=None)
        b = kept[-1]
        writers = Writers(b)
        own: dict[str, dict] = {}
        keys = {(b.p.file_of.get(k), fn.qualname, fn.line): k for k, fn in b.p.functions.items()}
        counts = collections.Counter()
        for f in result.functions:
            if not (f.hybrid or f.facts.get("tensor_parameter") is True):
                continue
            counts["candidates"] += 1
            if f.transformation is not None:
                counts["refactorable"] += 1
                continue
            codes = {x.code for x in f.failures}
            if "HAS_STALE_READS" not in codes:
                continue
            counts["stale"] += 1
            sole = codes == {"HAS_STALE_READS"}
            counts["only stale"] += sole
            key = keys[(f.file, f.qualname, f.line)]
            reads: dict[str, list] = {}
            reach = closure(b, key)
            for k in sorted(reach):
                if k not in own:
                    own[k] = writers.reads(b.p.functions[k])
                for text, ws in own[k].items():
                    # a closure variable of a function the candidate traces whole
                    if "@nl:" in text and text.split("@nl:")[1].rpartition(".")[0] in reach:
                        continue
                    reads.setdefault(text, [])
                    reads[text] += [w for w in ws if w not in reads[text]]
            kinds_per_read = [{w[3] for w in ws} for ws in reads.values()]
            every = set().union(*kinds_per_read) if kinds_per_read else set()
            for kind in every:
                per_kind_any[kind] += 1
            name = f"{project.name}:{f.file}:{f.qualname}"
            dump[name] = {"sole": sole, "codes": sorted(codes),
                          "reads": {t: [list(w) for w in ws] for t, ws in reads.items()}}
            if not sole:
                continue
            only_stale[name] = sorted(every)
            if len(every) == 1:
                per_kind[next(iter(every))] += 1
            for ws in reads.values():
                for w in ws:
                    places[(w[3], f"{w[0]}:{w[1]}", w[2][:90])] += 1
            if not reads:
                per_kind["(no writer found)"] += 1
        print(f"{project.name}: {dict(counts)}", flush=True)
        totals.update(counts)
    print(f"\nall: {dict(totals)}")
    print("\n| kind of write | candidates with it (any failure) | only-stale candidates freed "
          "if this kind alone were not a write |")
    print("|---|---|---|")
    for kind in sorted(set(per_kind_any) | set(per_kind), key=lambda k: -per_kind_any[k]):
        print(f"| {kind} | {per_kind_any[kind]} | {per_kind[kind]} |")
    pairs = collections.Counter(tuple(v) for v in only_stale.values() if len(v) > 1)
    print("\nonly-stale candidates needing several kinds:")
    for combo, n in pairs.most_common():
        print(f"  {n} {' + '.join(combo)}")
    print(f"\nwrites behind the only-stale candidates (top {options.top}):")
    for (kind, place, reason), n in places.most_common(options.top):
        print(f"  {n:4} {kind:12} {place}  {reason}")
    if options.json:
        options.json.write_text(json.dumps(dump, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
