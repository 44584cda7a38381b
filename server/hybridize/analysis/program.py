"""The whole workspace: resolve calls across modules, flow abstract values from call sites into
parameters, and close effects, tensor use and recursion over the call graph.

Input: module summaries (cached per file). Output: per-function facts with evidence. The flow is a
small fixpoint over summaries only; no file is parsed here.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.model import Evidence, Span
from hybridize.analysis.summaries import MODULE_QUALNAME
from hybridize.analysis.summary_model import (
    CallSite,
    ClassSummary,
    Compact,
    FunctionSummary,
    ModuleSummary,
    Values,
)
from hybridize.analysis.tfapi import Api

MAX_PASSES = 8
MAX_SITES = 6  # evidence kept per parameter
MAX_RECOMPUTE = 16  # a cyclic expansion recomputed more often is memoized as depending on all
MAX_DEMAND_DEPTH = 150  # nested on-demand call evaluations (beyond: the next pass catches up)


SiteKey = tuple[str, int]  # (function key, index of the call site in the function)
EVERYTHING = frozenset({"*"})


@dataclass
class Frame:
    """What one expansion (or one call site's evaluation) read: its dependency tokens.

    Tokens: p|F|x (a parameter's values), r|F|i (a call's result), s|F (a function's summary),
    n|M (a module's top-level names and classes), i|NAME (which module an import name means),
    * (anything: always re-evaluated)."""

    deps: set[str]
    cycle_to: int  # the shallowest in-progress expansion this one read (a cycle), or a large int


@dataclass
class Binding(Compact):
    """One resolved call: caller -> callee, with which caller object each parameter received."""

    callee: str
    site: CallSite
    roots: dict[str, str]  # callee parameter -> caller root ("new", "p:x", "g:...")


@dataclass(frozen=True)
class ParamSite(Compact):
    file: str
    line: int
    values: Values
    caller: str


@dataclass
class PassInfo(Compact):
    """What one pass learned about a function's own body (rebuilt each pass)."""

    bindings: list[Binding] = field(default_factory=list)
    effects: list[tuple[str, str, int, str]] = field(default_factory=list)  # kind, root, line, why
    hazards: list[tuple[str, int, str]] = field(default_factory=list)
    tensor_ops: list[tuple[int, str]] = field(default_factory=list)
    traced: list[tuple[str, int]] = field(default_factory=list)  # (function, line) tf.data traces


@dataclass
class EffectFact:
    kind: str
    root: str
    file: str
    line: int
    reason: str
    via: tuple[str, ...] = ()


class Program:
    def __init__(self, modules: list[ModuleSummary]) -> None:
        self.modules = {m.key: m for m in modules}
        self.by_import: dict[str, list[ModuleSummary]] = defaultdict(list)
        for m in modules:
            self.by_import[m.import_name].append(m)
            if m.key != m.import_name:
                self.by_import[m.key].append(m)
        self.functions: dict[str, FunctionSummary] = {}
        self.classes: dict[str, ClassSummary] = {}
        self.file_of: dict[str, str] = {}
        for m in modules:
            for fn in m.functions:
                self.functions[fn.key] = fn
                self.file_of[fn.key] = m.path
            for cls in m.classes.values():
                self.classes[cls.key] = cls
        self.params: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.sites: dict[str, dict[str, list[ParamSite]]] = defaultdict(lambda: defaultdict(list))
        self.results: dict[SiteKey, Values] = {}
        self.info: dict[str, PassInfo] = {}
        # Per call site: what its evaluation learned, gave to parameters, and read.
        self.site_info: dict[SiteKey, PassInfo] = {}
        self.contrib: dict[SiteKey, list[tuple[str, str, Values, ParamSite]]] = {}
        self.deps: dict[SiteKey, frozenset[str]] = {}
        self.memo: dict[str, tuple[Values, frozenset[str]]] = {}
        self.frames: list[Frame] = []
        self.in_progress: dict[str, int] = {}
        self.recomputed: dict[str, int] = defaultdict(int)
        self.traced_by_data: dict[str, tuple[str, int]] = {}
        self.wrapped: dict[str, list] = defaultdict(list)  # function key -> wrappers
        self.changed_functions: set[str] = set()
        self.done: set[SiteKey] = set()
        self.scope: set[SiteKey] | None = None  # the sites this pass may evaluate (None: all)
        self.changed_tokens: set[str] = set()
        self.readers: dict[str, set[SiteKey]] | None = None
        self.current: list[SiteKey] = []
        self.depth = 0
        self.unconverged: set[str] = set()

    # -- resolution of qualified names ---------------------------------------------------------
    def note(self, token: str) -> None:
        if self.frames:
            self.frames[-1].deps.add(sys.intern(token))

    def module_for(self, importer: str, name: str) -> ModuleSummary | None:
        self.note(f"i|{name}")
        candidates = self.by_import.get(name)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        here = os.path.dirname(self.modules[importer].path) if importer in self.modules else ""
        for m in candidates:
            if os.path.dirname(m.path) == here:
                return m
        return candidates[0]

    def resolve_qualified(self, importer: str, qualified: str, depth: int = 0) -> Values:
        return self.expand_one(f"q|{importer}|{qualified}")

    def _resolve_qualified(self, importer: str, qualified: str, depth: int) -> Values:
        parts = qualified.split(".")
        for cut in range(len(parts), 0, -1):
            module = self.module_for(importer, ".".join(parts[:cut]))
            if module is None:
                continue
            rest = parts[cut:]
            if not rest:
                return frozenset({f"mod:{module.key}"})
            values = self.module_attribute(module, rest[0], depth)
            for attr in rest[1:]:
                values = self.attribute(values, attr)
            return values
        if tfapi.is_tensorflow(qualified) or "." in qualified or qualified in tfapi.BUILTINS:
            return frozenset({f"lib:{qualified}"})
        return frozenset({f"lib:{qualified}"})

    def module_attribute(self, module: ModuleSummary, name: str, depth: int = 0) -> Values:
        self.note(f"n|{module.key}")
        if name in module.defs:
            return frozenset({f"fn:{module.defs[name]}"})
        if name in module.classes:
            return frozenset({f"cls:{module.classes[name].key}"})
        if name in module.imports and depth < 10:
            return self.resolve_qualified(module.key, module.imports[name], depth + 1)
        if name in module.globals:
            return self.expand(frozenset({f"v|{module.key}:{MODULE_QUALNAME}|{name}"}))
        sub = self.module_for(module.key, f"{module.import_name}.{name}")
        if sub is not None:
            return frozenset({f"mod:{sub.key}"})
        return V.UNKNOWN_SET

    # -- classes -------------------------------------------------------------------------------
    def mro(self, class_key: str) -> list[ClassSummary]:
        seen: list[ClassSummary] = []
        stack = [class_key]
        while stack:
            key = stack.pop(0)
            self.note(f"n|{key.split(':', 1)[0]}")
            cls = self.classes.get(key)
            if cls is None or cls in seen:
                continue
            seen.append(cls)
            for base in cls.bases:
                for value in self.expand(base):
                    if value.startswith("cls:"):
                        stack.append(value[4:])
        return seen

    def library_bases(self, class_key: str) -> set[str]:
        out: set[str] = set()
        for cls in self.mro(class_key):
            for base in cls.bases:
                for value in self.expand(base):
                    if value.startswith("lib:"):
                        out.add(value[4:])
        return out

    def is_keras_class(self, class_key: str) -> bool:
        return any(b in tfapi.KERAS_BASES or b.startswith("tensorflow.keras.")
                   or b == "tensorflow.Module" for b in self.library_bases(class_key))

    def is_keras_layer(self, class_key: str) -> bool:
        """A Keras Layer or Model (whose `call` receives tensors), not a loss or a metric."""
        return any(b in tfapi.KERAS_LAYER_BASES or b.startswith("tensorflow.keras.layers.")
                   for b in self.library_bases(class_key))

    def is_keras_model(self, class_key: str) -> bool:
        return any(b in tfapi.KERAS_MODEL_BASES for b in self.library_bases(class_key))

    def find_method(self, class_key: str, name: str, skip_first: bool = False) -> str | None:
        for index, cls in enumerate(self.mro(class_key)):
            if skip_first and index == 0:
                continue
            if name in cls.methods:
                return cls.methods[name]
        return None

    def instance_attribute(self, class_key: str, attr: str) -> Values:
        out: set[str] = set()
        for cls in self.mro(class_key):
            if attr in cls.methods:
                return frozenset({f"bfn:{cls.methods[attr]}"})
            for values, _method, _line in cls.instance_attrs.get(attr, ()):
                out |= self.expand(values)
            if attr in cls.class_attrs:
                out |= self.expand(cls.class_attrs[attr])
        if not out:
            if self.is_keras_class(class_key):
                return self.tf_object_attribute(
                    "model" if self.is_keras_model(class_key) else "layer", attr)
            return V.UNKNOWN_SET
        return frozenset(out)

    @staticmethod
    def tf_object_attribute(kind: str, attr: str) -> Values:
        if attr in ("trainable_variables", "weights", "variables", "trainable_weights",
                    "non_trainable_variables"):
            return frozenset({V.LIST_OF_TENSORS})
        if attr in ("built", "trainable", "name", "dtype", "element_spec"):
            return V.UNKNOWN_SET
        return frozenset({V.TF_OBJECT})

    # -- expansion of placeholders -------------------------------------------------------------
    def expand(self, values: Values) -> Values:
        if not any(V.is_placeholder(v) for v in values):
            return values
        out: set[str] = set()
        for value in values:
            if V.is_placeholder(value):
                out |= self.expand_one(value)
            else:
                out.add(value)
        return frozenset(out)

    def expand_one(self, value: str) -> Values:
        """Resolve one placeholder, memoized with the tokens it read (for incremental updates).

        An expansion that reads a placeholder still being expanded (a cycle) sees a partial
        value: it is not memoized (its value and dependencies are incomplete) unless it keeps
        recurring, in which case it is memoized as depending on everything."""
        hit = self.memo.get(value)
        if hit is not None:
            if self.frames:
                self.frames[-1].deps.update(hit[1])
            return hit[0]
        depth = self.in_progress.get(value)
        if depth is not None:
            if self.frames:
                self.frames[-1].cycle_to = min(self.frames[-1].cycle_to, depth)
            return V.EMPTY
        level = len(self.frames)
        self.in_progress[value] = level
        frame = Frame(set(), 1 << 30)
        self.frames.append(frame)
        try:
            result = self.compute_placeholder(value)
        finally:
            self.frames.pop()
            del self.in_progress[value]
        deps = frame.deps
        if frame.cycle_to < level:
            self.recomputed[value] += 1
            if self.recomputed[value] <= MAX_RECOMPUTE:
                if self.frames:
                    parent = self.frames[-1]
                    parent.deps |= deps
                    parent.cycle_to = min(parent.cycle_to, frame.cycle_to)
                return result
            deps.add("*")
        frozen = frozenset(deps)
        self.memo[value] = (result, frozen)
        if self.frames:
            self.frames[-1].deps |= frozen
        return result

    def compute_placeholder(self, value: str) -> Values:
        kind, owner, name = value.split("|", 2)
        if kind == "p":
            self.note(value)
            result = frozenset(self.params[owner].get(name, ()))
            fn = self.functions.get(owner)
            self.note(f"s|{owner}")
            if fn is not None and fn.class_key and fn.params and name == fn.params[0]:
                # `self` is an instance of the class (`cls` the class itself).
                if fn.kind == "method":
                    result = result | {f"obj:{fn.class_key}"}
                elif fn.kind == "classmethod":
                    result = result | {f"cls:{fn.class_key}"}
            return result
        if kind == "v":
            self.note(f"s|{owner}")
            fn = self.functions.get(owner)
            return self.expand(fn.locals.get(name, V.EMPTY)) if fn else V.UNKNOWN_SET
        if kind == "e":
            self.note(f"s|{owner}")
            fn = self.functions.get(owner)
            return self.eval_deferred(fn, int(name)) if fn else V.UNKNOWN_SET
        if kind == "q":
            return self._resolve_qualified(owner, name, 0)
        return V.UNKNOWN_SET

    def eval_deferred(self, fn: FunctionSummary, index: int) -> Values:
        op = fn.deferred[index]
        tag = op[0]
        if tag == "call":
            if (fn.key, op[1]) not in self.done and self.depth < MAX_DEMAND_DEPTH:
                self.evaluate_call(fn, op[1])
            self.note(f"r|{fn.key}|{op[1]}")
            return self.results.get((fn.key, op[1]), V.EMPTY)
        if tag == "attr":
            return self.attribute(self.expand(op[1]), op[2])
        if tag == "binop":
            return binop(self.expand(op[1]), self.expand(op[2]))
        if tag == "container":
            inner = self.expand(op[1])
            return frozenset({V.LIST_OF_TENSORS if V.has_tensor(inner) or V.KERAS_INPUT in inner
                              else V.LIST})
        if tag in ("iter", "item", "unpack"):
            return element_of(self.expand(op[1]))
        return V.UNKNOWN_SET

    def attribute(self, base: Values, attr: str) -> Values:
        out: set[str] = set()
        for value in base:
            if value.startswith("obj:"):
                out |= self.instance_attribute(value[4:], attr)
            elif value.startswith("cls:"):
                method = self.find_method(value[4:], attr)
                if method:
                    out.add(f"fn:{method}")
                else:
                    out |= self.instance_attribute(value[4:], attr)
            elif value.startswith("mod:"):
                out |= self.module_attribute(self.modules[value[4:]], attr)
            elif value.startswith("lib:"):
                out.add(f"lib:{bounded(tfapi.normalize(value[4:] + '.' + attr))}")
            elif value.startswith("ext:"):
                out.add(f"ext:{bounded(value[4:] + '.' + attr)}")
            elif V.is_tensor(value):
                out.add(V.UNKNOWN if attr in ("shape", "dtype", "name", "device", "ndim")
                        else V.TENSOR)
            elif value.startswith("tfo:"):
                out |= self.tf_object_attribute(value[4:], attr)
            elif value in (V.NUMPY, V.KERAS_INPUT):
                out.add(value)
            else:
                out.add(V.UNKNOWN)
        return frozenset(out)

    # -- one pass over every call site ---------------------------------------------------------
    def run(self, dirty: set[SiteKey] | None = None) -> None:
        """Iterate to a fixpoint, semi-naively: after the first pass, a call site is evaluated
        again only if a token it read (a parameter, a call result) changed in the last pass.
        A call's result is computed on demand when another call needs it, and functions are
        visited callers first, so values settle in a few passes. With `dirty`, the first pass
        too evaluates only those sites (the others keep their state from an earlier run).
        Functions still changing after MAX_PASSES are `unconverged`."""
        order = list(self.functions.values())
        all_sites = [(fn.key, index) for fn in order for index in range(len(fn.calls))] \
            if dirty is None else sorted(dirty)
        todo: set[SiteKey] | None = dirty
        position = {fn.key: i for i, fn in enumerate(order)}
        for number in range(MAX_PASSES):
            self.changed_functions = set()
            self.changed_tokens = set()
            self.memo.clear()
            self.recomputed.clear()
            self.done = set()
            self.scope = todo
            if todo is None:
                for fn in order:
                    for index in range(len(fn.calls)):
                        self.evaluate_call(fn, index)
            else:
                for key, index in sorted(todo, key=lambda site: (position[site[0]], site[1])):
                    self.evaluate_call(self.functions[key], index)
            if not self.changed_tokens:
                break
            changed = self.changed_tokens
            todo = {site for site in all_sites
                    if not self.deps.get(site, EVERYTHING).isdisjoint(changed)
                    or "*" in self.deps.get(site, EVERYTHING)}
            if number == 0 and dirty is None:
                self.info = self.function_info()
                order = self.callers_first(order)
                position = {fn.key: i for i, fn in enumerate(order)}
        else:
            self.unconverged = set(self.changed_functions)
        self.rebuild_params()
        if dirty is None:
            self.info = self.function_info()
        else:
            self.info.update(self.function_info({key for key, _ in dirty}))
        self.collect_wrappers()

    def function_info(self, keys: Iterable[str] | None = None) -> dict[str, PassInfo]:
        """Gather the per-site findings by function (of every function, or of `keys`)."""
        info: dict[str, PassInfo] = {}
        for key in (self.functions if keys is None else keys):
            fn = self.functions.get(key)
            if fn is None:
                continue
            whole = info[key] = PassInfo()
            for index in range(len(fn.calls)):
                part = self.site_info.get((key, index))
                if part is None:
                    continue
                whole.bindings.extend(part.bindings)
                whole.effects.extend(part.effects)
                whole.hazards.extend(part.hazards)
                whole.tensor_ops.extend(part.tensor_ops)
                whole.traced.extend(part.traced)
        return info

    def callers_first(self, functions: list[FunctionSummary]) -> list[FunctionSummary]:
        """Reverse postorder of the call graph: callers before their callees."""
        edges = {key: [b.callee for b in info.bindings] for key, info in self.info.items()}
        seen: set[str] = set()
        postorder: list[str] = []
        for fn in functions:
            if fn.key in seen:
                continue
            seen.add(fn.key)
            stack = [(fn.key, iter(edges.get(fn.key, ())))]
            while stack:
                node, children = stack[-1]
                for child in children:
                    if child not in seen and child in self.functions:
                        seen.add(child)
                        stack.append((child, iter(edges.get(child, ()))))
                        break
                else:
                    stack.pop()
                    postorder.append(node)
        return [self.functions[key] for key in reversed(postorder)]

    def evaluate_call(self, fn: FunctionSummary, index: int) -> None:
        key = (fn.key, index)
        if key in self.done or (self.scope is not None and key not in self.scope):
            return
        self.done.add(key)
        self.depth += 1
        info = PassInfo()
        self.site_info[key] = info
        self.contrib[key] = []
        frame = Frame({f"s|{fn.key}"}, 1 << 30)
        saved_progress = self.in_progress
        self.in_progress = {}  # a site's evaluation starts a fresh expansion stack
        self.frames.append(frame)
        self.current.append(key)
        try:
            site = fn.calls[index]
            result: set[str] = set()
            if site.receiver is not None and site.method is not None:
                targets = self.expand(site.receiver)
                for receiver in targets:
                    result |= self.call_method(fn, site, receiver, site.method, info)
            else:
                targets = self.expand(site.callee)
                for callee in targets:
                    result |= self.call_value(fn, site, callee, info)
            if not targets:
                # Nothing known about the callee (yet: a cycle still being resolved, or never):
                # no value flows, and nothing may be assumed about its effects.
                info.effects.append(("unknown", "?", site.line,
                                     f"calls {site.text}(), which the analysis cannot resolve"))
            self.set_result(fn, index, frozenset(result))
            if not (info.bindings or info.effects or info.hazards or info.tensor_ops or
                    info.traced):
                del self.site_info[key]  # most sites find nothing: keep the state small
            if not self.contrib[key]:
                del self.contrib[key]
        finally:
            self.frames.pop()
            self.current.pop()
            self.in_progress = saved_progress
            self.depth -= 1
        self.deps[key] = frozenset(frame.deps)

    def collect_wrappers(self) -> None:
        for module in self.modules.values():
            for wrapper in module.wrappers:
                for value in self.expand(wrapper.target):
                    if value.startswith(("fn:", "bfn:")):
                        self.wrapped[value.split(":", 1)[1]].append(wrapper)

    def add_param(self, callee: str, param: str, values: Values, site: CallSite,
                  caller: FunctionSummary) -> None:
        current = self.params[callee][param]
        if not values <= current:
            current |= values
            self.changed_functions.add(callee)
            self.changed_tokens.add(f"p|{callee}|{param}")
        evidence = ParamSite(self.file_of.get(caller.key, ""), site.line, values, caller.key)
        if self.current:
            self.contrib[self.current[-1]].append((callee, param, values, evidence))

    def rebuild_params(self) -> None:
        """Parameters and their evidence, from every call site's contributions."""
        self.params = defaultdict(lambda: defaultdict(set))
        self.sites = defaultdict(lambda: defaultdict(list))
        for key in sorted(self.contrib):
            for callee, param, values, evidence in self.contrib[key]:
                self.params[callee][param] |= values
                sites = self.sites[callee][param]
                if len(sites) < MAX_SITES and evidence not in sites:
                    sites.append(evidence)

    def set_result(self, fn: FunctionSummary, index: int, values: Values) -> None:
        key = (fn.key, index)
        old = self.results.get(key, V.EMPTY)
        if not values <= old:
            self.results[key] = old | values
            self.changed_functions.add(fn.key)
            self.changed_tokens.add(f"r|{fn.key}|{index}")

    def bind(self, caller: FunctionSummary, site: CallSite, callee_key: str, offset: int,
             self_root: str | None, info: PassInfo) -> Values:
        callee = self.functions.get(callee_key)
        if callee is None:
            return V.UNKNOWN_SET
        params = callee.params
        roots: dict[str, str] = {}
        if offset and params and self_root is not None:
            roots[params[0]] = self_root
        positional = params[offset:]
        for i, values in enumerate(site.args):
            expanded = self.expand(values)
            if i < len(positional):
                self.add_param(callee_key, positional[i], expanded, site, caller)
                roots[positional[i]] = site.arg_roots[i]
            elif callee.vararg:
                self.add_param(callee_key, callee.vararg, expanded, site, caller)
                roots[callee.vararg] = site.arg_roots[i]
        for name, values in site.kwargs.items():
            expanded = self.expand(values)
            target = name if (name in params or name in callee.kwonly) else callee.kwarg
            if target:
                self.add_param(callee_key, target, expanded, site, caller)
                roots[target] = site.kwarg_roots[name]
        if site.starred:
            for name in positional[len(site.args):] + callee.kwonly:
                if name not in site.kwargs:
                    self.add_param(callee_key, name, V.UNKNOWN_SET, site, caller)
                    roots.setdefault(name, "?")
        info.bindings.append(Binding(callee_key, site, roots))
        # A Keras symbolic input passed to one call must not flow out of every other call
        # (the flow is context-insensitive): the hazard is reported on the callee itself.
        return (self.expand(callee.returns) - {V.KERAS_INPUT}) or frozenset({V.NONE})

    def bind_function_argument(self, caller: FunctionSummary, site: CallSite, values: Values,
                               arg_values: Values, info: PassInfo, traced: bool = False) -> None:
        """`dataset.map(f)`, `tf.map_fn(f, x)`: TensorFlow calls f with tensors. tf.data traces
        the functions it maps (`traced`): a decorator on them adds nothing."""
        for value in self.expand(values):
            if value.startswith("fn:"):
                callee = self.functions.get(value[3:])
                if callee is None:
                    continue
                if traced:
                    info.traced.append((callee.key, site.line))
                for param in callee.params:
                    self.add_param(callee.key, param, arg_values, site, caller)

    def call_value(self, fn: FunctionSummary, site: CallSite, value: str,
                   info: PassInfo) -> Values:
        if value.startswith("fn:"):
            return self.bind(fn, site, value[3:], 0, None, info)
        if value.startswith("bfn:"):
            return self.bind(fn, site, value[4:], 1, site.receiver_root, info)
        if value.startswith("cls:"):
            init = self.find_method(value[4:], "__init__")
            if init:
                self.bind(fn, site, init, 1, "new", info)
            if self.is_keras_class(value[4:]):
                info.tensor_ops.append((site.line, f"{site.text}(...)"))
            return frozenset({f"obj:{value[4:]}"})
        if value.startswith("obj:"):
            class_key = value[4:]
            method = self.find_method(class_key, "__call__")
            if method is None and self.is_keras_class(class_key):
                method = self.find_method(class_key, "call")
                info.tensor_ops.append((site.line, f"calls the Keras model {site.text}"))
                if method is None:
                    return V.TENSOR_SET
            if method:
                result = self.bind(fn, site, method, 1, site.receiver_root
                                   if site.receiver is not None else "?", info)
                if self.is_keras_class(class_key):
                    return result | V.TENSOR_SET if not any(
                        V.KERAS_INPUT in self.expand(a) for a in site.args) else \
                        frozenset({V.KERAS_INPUT})
                return result
            info.effects.append(("unknown", "?", site.line, f"calls {site.text}"))
            return V.UNKNOWN_SET
        if value.startswith("lib:"):
            return self.call_library(fn, site, value[4:], info)
        if value.startswith("tfo:"):
            info.tensor_ops.append((site.line, f"{site.text}(...)"))
            if any(V.KERAS_INPUT in self.expand(a) for a in site.args):
                return frozenset({V.KERAS_INPUT})
            return V.TENSOR_SET
        if value.startswith("ext:"):
            return self.call_library(fn, site, value[4:], info, external=True)
        if value == V.KERAS_INPUT:
            return frozenset({V.KERAS_INPUT})
        if V.is_tensor(value):
            # A callable that a TensorFlow API returned (tf.keras.activations.get(...)).
            info.tensor_ops.append((site.line, f"{site.text}(...)"))
            return V.TENSOR_SET
        if value == V.NONE:
            return V.EMPTY  # calling None fails eagerly too; the path must be guarded
        info.effects.append(("unknown", "?", site.line, f"calls {site.text}, which the analysis "
                             "cannot resolve"))
        return V.UNKNOWN_SET

    def call_method(self, fn: FunctionSummary, site: CallSite, receiver: str, method: str,
                    info: PassInfo) -> Values:
        if receiver.startswith("obj:"):
            class_key = receiver[4:]
            found = self.find_method(class_key, method)
            if found:
                callee = self.functions.get(found)
                offset = 0 if callee is not None and callee.kind == "staticmethod" else 1
                return self.bind(fn, site, found, offset, site.receiver_root, info)
            attr = self.instance_attribute(class_key, method)
            if attr != V.UNKNOWN_SET or not self.is_keras_class(class_key):
                if attr == frozenset({V.TF_OBJECT}) and self.is_keras_class(class_key):
                    return self.call_tf_object_method(
                        fn, site, "model" if self.is_keras_model(class_key) else "layer",
                        method, info)
                out: set[str] = set()
                for value in attr:
                    out |= self.call_value(fn, site, value, info)
                return frozenset(out)
            kind = "model" if self.is_keras_model(class_key) else "layer"
            return self.call_tf_object_method(fn, site, kind, method, info)
        if receiver.startswith("sup:"):
            found = self.find_method(receiver[4:], method, skip_first=True)
            if found:
                return self.bind(fn, site, found, 1, "p:" + (fn.params[0] if fn.params else ""),
                                 info)
            return V.UNKNOWN_SET if not self.is_keras_class(receiver[4:]) else V.EMPTY
        if receiver.startswith("cls:"):
            found = self.find_method(receiver[4:], method)
            if found:
                callee = self.functions.get(found)
                offset = 1 if callee is not None and callee.kind == "classmethod" else 0
                return self.bind(fn, site, found, offset, "new", info)
            return self.call_value(fn, site, "?", info)
        if receiver.startswith("mod:"):
            out = set()
            for value in self.module_attribute(self.modules[receiver[4:]], method):
                out |= self.call_value(fn, site, value, info)
            return frozenset(out)
        if receiver.startswith(("lib:", "ext:")):
            qualified = tfapi.normalize(f"{receiver[4:]}.{method}")
            return self.call_library(fn, site, qualified, info,
                                     external=receiver.startswith("ext:"))
        if V.is_tensor(receiver):
            if method in tfapi.TENSOR_EAGER_ONLY_METHODS:
                info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line,
                                     f"`.{method}()` needs a value, which a traced tensor "
                                     "does not have"))
                return frozenset({V.NUMPY})
            info.tensor_ops.append((site.line, f"{site.text}.{method}()"))
            return V.TENSOR_SET
        if receiver.startswith("tfo:"):
            return self.call_tf_object_method(fn, site, receiver[4:], method, info)
        if receiver == V.NUMPY:
            return frozenset({V.NUMPY})
        if receiver in V.PRIMITIVES or receiver in (V.LIST, V.LIST_OF_TENSORS, V.NONE, V.RANGE):
            return V.UNKNOWN_SET
        if receiver == V.KERAS_INPUT:
            return frozenset({V.KERAS_INPUT})
        if method in tfapi.MUTATING_METHODS:
            return V.UNKNOWN_SET  # the write itself is recorded by the summary
        if method in tfapi.PURE_METHODS:
            return V.UNKNOWN_SET
        if method == "numpy":
            info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line,
                                 "`.numpy()` needs a value, which a traced tensor does not have"))
            return frozenset({V.NUMPY})
        info.effects.append(("unknown", "?", site.line,
                             f"calls {site.text}() on an object of unknown type"))
        return V.UNKNOWN_SET

    def call_tf_object_method(self, fn: FunctionSummary, site: CallSite, kind: str,
                              method: str, info: PassInfo) -> Values:
        call = f"{site.text}()"
        if method in tfapi.KERAS_EAGER_ONLY_METHODS and kind != "dataset":
            info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line,
                                 f"{call} runs its own loop and only works eagerly"))
            return frozenset({V.NUMPY})
        if method in tfapi.TF_OBJECT_EFFECT_METHODS:
            info.effects.append(("io", "?", site.line, f"{call} (I/O or configuration)"))
            return V.UNKNOWN_SET
        if kind == "dataset" or method in tfapi.DATASET_METHODS and kind == "dataset":
            if method in ("map", "filter", "flat_map", "interleave") and site.args:
                self.bind_function_argument(fn, site, site.args[0], V.TENSOR_SET, info,
                                            traced=True)
            info.tensor_ops.append((site.line, call))
            return frozenset({V.TF_DATASET})
        info.tensor_ops.append((site.line, call))
        if method in ("gradient", "jacobian", "batch_jacobian"):
            return frozenset({V.TENSOR, V.LIST_OF_TENSORS})
        if method in tfapi.TF_OBJECT_PURE_METHODS:
            return V.UNKNOWN_SET
        return V.TENSOR_SET

    def call_library(self, fn: FunctionSummary, site: CallSite, qualified: str,
                     info: PassInfo, external: bool = False) -> Values:
        qualified = tfapi.normalize(qualified)
        api = tfapi.classify_call(qualified)
        args = [self.expand(a) for a in site.args]
        kwargs = {k: self.expand(v) for k, v in site.kwargs.items()}
        if api in (Api.TENSOR_OP, Api.TF_STATE, Api.VARIABLE, Api.DATASET):
            info.tensor_ops.append((site.line, f"{site.text}(...)"))
            self.check_name_argument(qualified, site, args, kwargs, info)
            if api is Api.VARIABLE:
                if not site.guarded_by_none_check and fn.name not in ("__init__", "build"):
                    info.hazards.append(("CREATES_VARIABLES_PER_CALL", site.line,
                                         f"{site.text}(...) creates a variable on every call"))
                return V.TENSOR_SET
            if api is Api.DATASET:
                return frozenset({V.TF_DATASET})
            if qualified in ("tensorflow.map_fn", "tensorflow.vectorized_map") and site.args:
                self.bind_function_argument(fn, site, site.args[0], V.TENSOR_SET, info)
            if any(V.KERAS_INPUT in a for a in args):
                return frozenset({V.KERAS_INPUT})
            return frozenset({tensor_value(qualified, site, args, kwargs)})
        if api is Api.TF_OBJECT:
            last = qualified.rsplit(".", 1)[-1]
            if "Model" in last or last == "Sequential":
                return frozenset({V.TF_MODEL})
            if ".layers." in qualified:
                return frozenset({V.TF_LAYER})
            return frozenset({V.TF_OBJECT})
        if api is Api.KERAS_INPUT:
            return frozenset({V.KERAS_INPUT})
        if api is Api.TF_FUNCTION:
            return frozenset(args[0]) if args else V.UNKNOWN_SET
        if api is Api.EAGER_ONLY:
            info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line,
                                 f"{site.text}() behaves differently inside a graph"))
            return V.UNKNOWN_SET
        if api is Api.NUMPY:
            if any(V.has_tensor(a) for a in [*args, *kwargs.values()]):
                info.hazards.append(("HAS_NUMPY_ON_TENSORS", site.line,
                                     f"{site.text}(...) receives a tensor"))
            return frozenset({V.NUMPY})
        if api is Api.PURE:
            if qualified == "super" and fn.class_key:
                return frozenset({f"sup:{fn.class_key}"})
            return builtin_result(qualified, args)
        if api is Api.EFFECT:
            info.effects.append(("io", "?", site.line, tfapi.effect_reason(qualified)))
            return frozenset({f"ext:{bounded(qualified)}"})
        info.effects.append(("unknown", "?", site.line,
                             f"calls {qualified}(), which the analysis cannot see into"))
        return frozenset({f"ext:{bounded(qualified)}"})

    @staticmethod
    def check_name_argument(qualified: str, site: CallSite, args: list[Values],
                            kwargs: dict[str, Values], info: PassInfo) -> None:
        position = tfapi.NAME_POSITION.get(qualified)
        candidates = []
        if position is not None and len(args) > position and not site.starred:
            candidates.append(args[position])
        if "name" in kwargs:
            candidates.append(kwargs["name"])
        for values in candidates:
            if values and not values <= {"str", V.NONE, V.UNKNOWN}:
                shown = ", ".join(sorted(V.describe(v) for v in values))
                info.hazards.append(("HAS_INVALID_NAME_ARGUMENT", site.line,
                                     f"{site.text}(...) receives {shown} as its `name`"))


def bounded(qualified: str, parts: int = 5) -> str:
    """Cap library names (`np.x.astype.astype...`) so that loops cannot grow them forever."""
    if qualified.count(".") < parts:
        return qualified
    return ".".join(qualified.split(".")[:parts])


def binop(left: Values, right: Values) -> Values:
    both = left | right
    if V.KERAS_INPUT in both:
        return frozenset({V.KERAS_INPUT})
    if V.has_tensor(both):
        return V.TENSOR_SET
    if V.NUMPY in both:
        return frozenset({V.NUMPY})
    if both and both <= V.PRIMITIVES:
        if "str" in both:
            return frozenset({"str"})
        return frozenset({"float"}) if "float" in both else frozenset({"int"})
    return V.UNKNOWN_SET


def element_of(values: Values) -> Values:
    out: set[str] = set()
    for value in values:
        if V.is_tensor(value) or value == V.TF_DATASET:
            out.add(V.TENSOR)
        elif value == V.RANGE:
            out.add("int")
        elif value in (V.NUMPY, V.KERAS_INPUT, "str"):
            out.add(value)
        else:
            out.add(V.UNKNOWN)
    return frozenset(out)


def builtin_result(qualified: str, args: list[Values]) -> Values:
    name = qualified.rsplit(".", 1)[-1]
    if name in ("int", "len", "round", "hash", "id", "ord"):
        return frozenset({"int"})
    if name == "float" or qualified.startswith("math."):
        return frozenset({"float"})
    if name in ("str", "repr", "format", "chr", "ascii"):
        return frozenset({"str"})
    if name in ("bool", "isinstance", "issubclass", "callable", "hasattr", "all", "any"):
        return frozenset({"bool"})
    if name == "range":
        return frozenset({V.RANGE})
    if name in ("list", "tuple", "sorted", "reversed", "zip", "enumerate", "set", "dict",
                "iter", "filter", "map"):
        inner = frozenset().union(*args) if args else V.EMPTY
        return frozenset({V.LIST_OF_TENSORS if V.has_tensor(inner) else V.LIST})
    if name in ("min", "max", "sum", "abs", "pow", "next"):
        inner = frozenset().union(*args) if args else V.EMPTY
        return binop(element_of(inner) if name == "next" else inner, V.EMPTY) \
            if inner else V.UNKNOWN_SET
    return V.UNKNOWN_SET


def tensor_value(qualified: str, site: CallSite, args: list[Values],
                 kwargs: dict[str, Values]) -> str:
    """A tensor, with dtype and rank when the creating call shows them (for input_signature)."""
    if site.spec is not None:
        return f"T|{site.spec[0]}|{site.spec[1]}"
    return V.TENSOR


def effects_key(effect: EffectFact) -> tuple[str, str]:
    return effect.kind, effect.root


def location(program: Program, fn_key: str, line: int, reason: str) -> Evidence:
    return Evidence(program.file_of.get(fn_key, ""), line, reason)


@dataclass
class ProgramState:
    """What a run learned per call site: enough to re-run only the sites a change can reach."""

    results: dict[SiteKey, Values]
    site_info: dict[SiteKey, PassInfo]
    contrib: dict[SiteKey, list[tuple[str, str, Values, ParamSite]]]
    deps: dict[SiteKey, frozenset[str]]
    info: dict[str, PassInfo] | None = None  # per function, kept in memory only
    readers: dict[str, set[SiteKey]] | None = None  # token -> sites that read it (in memory)


def export_state(program: Program, for_disk: bool = True) -> ProgramState:
    """The program's per-site state. For disk, equal dependency sets are shared (stored once)
    and the per-function gathering is left out (it is derived); in memory, nothing is copied."""
    if not for_disk:
        if program.readers is None:
            program.readers = defaultdict(set)
            for site, deps in program.deps.items():
                for token in deps:
                    program.readers[token].add(site)
        return ProgramState(program.results, program.site_info, program.contrib, program.deps,
                            program.info, program.readers)
    shared: dict[frozenset[str], frozenset[str]] = {}
    deps = {site: shared.setdefault(d, d) for site, d in program.deps.items()}
    return ProgramState(program.results, program.site_info, program.contrib, deps, program.info)


def without_lines(fn: FunctionSummary) -> FunctionSummary:
    """The summary with every line number set to 0: what stays when only lines move."""
    def span(value: Span | None) -> Span | None:
        return None if value is None else Span(0, value.col, 0, value.end_col)

    return dataclasses.replace(
        fn, line=0, end_line=0, start_line=0, def_span=span(fn.def_span),
        decorator_span=span(fn.decorator_span),
        calls=[dataclasses.replace(c, line=0) for c in fn.calls],
        effects=[dataclasses.replace(e, line=0) for e in fn.effects],
        hazards=[dataclasses.replace(h, line=0) for h in fn.hazards],
        reads=[dataclasses.replace(r, line=0) for r in fn.reads],
        arithmetic=[(values, 0) for values, _ in fn.arithmetic],
        param_iterations=[(p, 0) for p, _ in fn.param_iterations],
        dtype_coercions=[(p, d, 0) for p, d, _ in fn.dtype_coercions])


def moved(before: FunctionSummary, after: FunctionSummary) -> bool:
    """Did only line numbers change (blank lines or comments added or removed)? Lines are only
    evidence: values, placeholders and call order are what other functions read."""
    return len(before.calls) == len(after.calls) and \
        without_lines(before) == without_lines(after)


def module_structure(module: ModuleSummary) -> tuple:
    """What other modules can see of a module by name (line numbers left out)."""
    classes = tuple(sorted(
        (c.key, tuple(sorted(c.methods.items())), tuple(c.bases),
         tuple(sorted(c.class_attrs.items())),
         tuple(sorted((a, tuple((v, m) for v, m, _ in entries))
                      for a, entries in c.instance_attrs.items())))
        for c in module.classes.values()))
    return (module.import_name, module.is_package, tuple(sorted(module.defs.items())),
            tuple(sorted(module.imports.items())), tuple(sorted(module.globals)), classes)


def incremental_program(modules: list[ModuleSummary], previous: dict[str, ModuleSummary],
                        state: ProgramState) -> tuple[Program, int]:
    """Resolve the workspace again, re-evaluating only the call sites that a change can reach.

    A site is re-evaluated when it belongs to a changed function, or when it read (directly or
    through other sites) a token that a changed function or module produces. Everything else
    keeps its results and contributions from the previous run. Returns the program and the
    number of call sites re-evaluated."""
    program = Program(modules)
    current = program.modules
    # The state's dictionaries are taken over, not copied: the caller drops the old state.
    program.results, program.site_info = state.results, state.site_info
    program.contrib, program.deps = state.contrib, state.deps
    if all(key in previous and previous[key].digest == module.digest
           for key, module in current.items()) and len(previous) == len(current):
        # Nothing changed: every site keeps its state.
        program.rebuild_params()
        program.info = state.info if state.info is not None else program.function_info()
        program.readers = state.readers
        program.collect_wrappers()
        return program, 0
    dirty_functions: set[str] = set()
    moved_functions: set[str] = set()  # only their lines changed: nothing reads them differently
    dirty_tokens: set[str] = set()
    for key in set(previous) | set(current):
        old, new = previous.get(key), current.get(key)
        if old is not None and new is not None and old.digest == new.digest:
            continue
        old_functions = {f.key: f for f in old.functions} if old else {}
        new_functions = {f.key: f for f in new.functions} if new else {}
        for fn_key in old_functions.keys() | new_functions.keys():
            before, after = old_functions.get(fn_key), new_functions.get(fn_key)
            if before == after:
                continue
            if before is not None and after is not None and moved(before, after):
                moved_functions.add(fn_key)
            else:
                dirty_functions.add(fn_key)
        if old is None or new is None or module_structure(old) != module_structure(new):
            dirty_tokens.add(f"n|{key}")
            for module in (old, new):
                if module is not None:
                    dirty_tokens.update({f"i|{module.import_name}", f"i|{module.key}"})
    dirty_tokens |= {f"s|{key}" for key in dirty_functions}

    def produced(site: SiteKey) -> set[str]:
        out = {f"r|{site[0]}|{site[1]}"}
        out.update(f"p|{callee}|{param}" for callee, param, _, _ in state.contrib.get(site, ()))
        return out

    dirty_sites = {site for site, deps in state.deps.items()
                   if site[0] in dirty_functions or "*" in deps}
    for site in dirty_sites:
        dirty_tokens |= produced(site)
    # The sites of a function that only moved are evaluated again (their evidence names lines),
    # but what they produce is unchanged: nothing that read it needs evaluating again.
    dirty_sites |= {site for site in state.deps if site[0] in moved_functions}
    # The closure: sites that read a dirty token are dirty and dirty what they produce.
    if state.readers is not None:
        # In memory, the reverse index is kept up to date: follow it from the dirty tokens.
        queue = list(dirty_tokens)
        while queue:
            for site in state.readers.get(queue.pop(), ()):
                if site in dirty_sites:
                    continue
                dirty_sites.add(site)
                for token in produced(site) - dirty_tokens:
                    dirty_tokens.add(token)
                    queue.append(token)
    else:
        # From disk: rounds of set-disjointness tests over the remaining sites (in C) beat
        # building a reverse index first.
        clean = [(site, deps) for site, deps in state.deps.items() if site not in dirty_sites]
        while True:
            reached = [site for site, deps in clean if not deps.isdisjoint(dirty_tokens)]
            if not reached:
                break
            for site in reached:
                dirty_sites.add(site)
                dirty_tokens |= produced(site)
            clean = [(site, deps) for site, deps in clean if site not in dirty_sites]
    gone = {site for site in program.results if site[0] not in program.functions}
    if state.readers is not None:
        for site in dirty_sites | gone:
            for token in state.deps.get(site, ()):
                state.readers[token].discard(site)
    for table in (program.results, program.site_info, program.contrib, program.deps):
        for site in dirty_sites | gone:
            table.pop(site, None)  # type: ignore[attr-defined]
    rerun = {(fn.key, index) for fn in program.functions.values()
             for index in range(len(fn.calls)) if (fn.key, index) not in program.results}
    if state.info is not None:
        program.info = {key: value for key, value in state.info.items()
                        if key in program.functions}
        program.info.update(program.function_info(
            {site[0] for site in dirty_sites | gone} | dirty_functions | moved_functions))
    else:
        program.info = program.function_info()
    program.rebuild_params()
    program.run(dirty=rerun)
    if state.readers is not None:
        for site in rerun:
            for token in program.deps.get(site, ()):
                state.readers[token].add(site)
        program.readers = state.readers
    return program, len(rerun)
