"""`--speculative`, second assumption: configuration values (issue 12).

Library classes (Keras layers and models above all) read, in `call` and their other methods,
values their constructor stored: `if self.shift_size > 0:`, `if self.use_rel_pos:`,
`f"{self.name_prefix}_dense"`. Nothing in the analysed code constructs the class (its users do),
so the engine knows nothing of those values, and every construct whose meaning depends on the
value's kind is unknown (it could be a tensor: facts.value_use). Under `--speculative` such a
construct is taken as Python's own when each of its unknown parts is a **configuration value**:

- a parameter of a workspace class' `__init__` (not `self`, `*args` or `**kwargs`, never
  assigned again in `__init__`) whose every visible construction passes a known value or, itself,
  a configuration value; a class nothing constructs passes only what its users pass;
- `self.attr` read in a method, where every assignment of `attr` in the class and every class
  related to it by inheritance is in an `__init__` and assigns a configuration value (no write
  elsewhere, no class-level write, no setattr with a computed name, no second run of `__init__`:
  the stale-read rules' own tests, facts.attribute_write and reruns.py);
- a parameter of another function whose every visible call passes a known value or a
  configuration value (at least one call: `helper(x, self.use_bias)`);
- a local, an arithmetic or comparison, a tuple/list/dict, an element or an unpacked part of
  configuration values.

Never a value the class calls (`self.tokenizer(x)`: a callable runs user code, whatever it
is). Never a value the class itself uses as a tensor: passed as the operand (first argument) to a
TensorFlow op or to a Keras object, its `.shape`/`.dtype`/`.ndim` read, multiplied with `@`, in
the class' methods, in `__init__`, or by a workspace function it is passed to (one call deep).
Never a call's result, an attribute of another object, a global.

The assumption: such a value is a Python value (a bool, number, string, None, or a tuple, list
or dict of such; not a tf.Tensor, tf.Variable or NumPy array, nor holding one) and it does not
change between calls. Then a construct of Python's on it computes the same eagerly and traced
(the traced graph keeps the branch the value picked; a method's tf.function traces per object):
`if`, `while`, conditional expressions, `assert`, f-strings, `in` and `is` tests, comprehension
conditions, loops and comprehensions over it. Not `return`: a returned Python value comes back
from a graph as a tensor (or stays a constant), which the caller sees.

The verdicts that rely on it (the function itself, and any function that reaches one through
calls) state the SPECULATIVE_ANALYSIS assumption naming the constructor parameters it covers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.facts import FactBuilder, FunctionFacts
from hybridize.analysis.model import Evidence
from hybridize.analysis.speculative import _tensor_callee, tensor_uses
from hybridize.analysis.tfapi import Api

if TYPE_CHECKING:
    from hybridize.analysis.summary_model import CallSite, FunctionSummary, Values

# The constructs whose meaning a Python value decides as eagerly as traced (bodies.NEEDS_VALUE
# and the loops); not "return" (a graph returns a tensor where Python returned an int).
COVERED = frozenset({"if", "while", "ifexp", "assert", "format", "strformat", "in", "comp-if",
                     "comp-for", "boolop", "not", "identity", "for", "items-eq"})
_TENSOR_ATTRIBUTES = frozenset({"shape", "dtype", "ndim"})
_MAX_DEPTH = 40  # placeholders, parameters and attributes followed in one chain
_WORDS = {"if": "an `if`", "while": "a `while`", "ifexp": "a conditional expression",
          "assert": "an `assert`", "format": "an f-string", "strformat": "a string formatting",
          "in": "an `in` test", "items-eq": "a list's `remove`/`index`/`count`",
          "comp-if": "a comprehension condition", "comp-for": "a comprehension",
          "identity": "an `is` test", "for": "a loop", "boolop": "an `and`/`or`",
          "not": "a `not`"}
ASSUMPTION = ("are Python values (a bool, number, string, None, or a tuple, list or dict of such; "
              "not a tf.Tensor, tf.Variable or NumPy array) that do not change between calls")


# The verdict states the assumption only where facts.py and decide.py carry it
# (FunctionFacts.configuration): never drop a hazard without saying so.
STATED = "configuration" in getattr(FunctionFacts, "__dataclass_fields__", {})


@dataclass(frozen=True)
class ConfigUse:
    line: int
    use: str
    sources: frozenset[str]  # "`Block(shift_size=…)`": the constructor parameters


class ConfigValues:
    """Which unknown values are configuration values (module docstring), for one facts build."""

    def __init__(self, builder: FactBuilder) -> None:
        self.b = builder
        self.p = builder.p
        self._mutated: dict[str, tuple[str, int, str]] | None = None
        self._params: dict[tuple[str, str], frozenset[str] | None] = {}
        self._attrs: dict[tuple[str, str], frozenset[str] | None] = {}
        self._contrib: dict[tuple[str, str], list[tuple[tuple[str, int], Values]]] | None = None
        self._tensor: tuple[set[tuple[str, str]], set[tuple[str, str]]] | None = None
        self._active: set[tuple[str, str]] = set()
        self._cycles = 0
        self.why = ""  # the last value not shown to be configuration (for the tests' messages)

    # -- the sources of a construct's values ------------------------------------------------
    def sources(self, fn: FunctionSummary, values: Values) -> frozenset[str] | None:
        """The constructor parameters the unknown parts of `values` (raw, in `fn`) come from;
        None when some unknown part is not a configuration value."""
        found: set[str] = set()
        self.why = ""
        if not self._walk(fn, values, 0, frozenset(), found) or not found:
            return None
        return frozenset(found)

    def _walk(self, fn: FunctionSummary, values: Values, depth: int, seen: frozenset[str],
              found: set[str]) -> bool:
        for value in sorted(values):
            if not V.is_placeholder(value):
                if V.is_unknown(value):
                    return self._no(f"unknown {value}")
                continue
            if depth > _MAX_DEPTH or value in seen:
                self._cycles += 1  # what reads this is not kept (see _memo)
                return self._no("depth or cycle")
            expanded = self.p.expand(frozenset({value}))
            if expanded and not V.has_unknown(expanded):
                continue  # known (a tensor part makes the construct a tensor's, not unknown)
            kind, owner, name = value.split("|", 2)
            owner_fn = self.p.functions.get(owner)
            if owner_fn is None:
                return self._no(f"no function {owner}")
            inner = seen | {value}
            if kind == "p":
                got = self.param(owner_fn, name, depth + 1)
                if got is None:
                    return self._no(f"parameter {name} of {owner_fn.qualname}", keep=True)
                found |= got
            elif kind == "v":
                if not self._walk(owner_fn, owner_fn.locals.get(name, V.EMPTY), depth + 1, inner,
                                  found):
                    return False
            elif kind == "e":
                if not self._deferred(owner_fn, int(name), depth + 1, inner, found):
                    return False
            else:
                return self._no(f"global {name}")  # a qualified name (another module's)
        return True

    def _no(self, why: str, keep: bool = False) -> bool:
        if not (keep and self.why):
            self.why = why
        return False

    def _deferred(self, fn: FunctionSummary, index: int, depth: int, seen: frozenset[str],
                  found: set[str]) -> bool:
        op = fn.deferred[index]
        tag = op[0]
        if tag == "attr":
            if _self_value(fn) != op[1]:
                return self._no(f"attribute .{op[2]} of another object")
            got = self.attribute(fn.class_key or "", op[2], depth + 1)
            if got is None:
                return self._no(f"self.{op[2]} of {fn.class_key}", keep=True)
            found |= got
            return True
        if tag == "binop":
            return self._walk(fn, op[1], depth, seen, found) and \
                self._walk(fn, op[2], depth, seen, found)
        if tag in ("container", "item", "iter", "unpack", "tuple_item", "tuple_whole"):
            return self._walk(fn, op[1], depth, seen, found)
        return self._no(f"{tag} in {fn.qualname}")  # a call's result: not shown

    # -- parameters ---------------------------------------------------------------------------
    def param(self, fn: FunctionSummary, name: str, depth: int) -> frozenset[str] | None:
        return self._memo(self._params, (fn.key, name), depth,
                          lambda: self._param(fn, name, depth))

    def _memo(self, table: dict, key: tuple[str, str], depth: int,
              compute: Callable[[], frozenset[str] | None]) -> frozenset[str] | None:
        """Memoized, except a result that read one still being computed (a cycle of
        parameters and attributes is not shown, whichever member is asked first: what is kept
        must not depend on the order of the questions)."""
        if key in table:
            if key in self._active:
                self._cycles += 1
            return table[key]
        if depth > _MAX_DEPTH:
            self._cycles += 1  # not kept either: another path may reach it less deep
            return None
        before = self._cycles
        self._active.add(key)
        table[key] = None
        try:
            result = compute()
        finally:
            self._active.discard(key)
        if self._cycles != before:
            del table[key]
        else:
            table[key] = result
        return result

    def _param(self, fn: FunctionSummary, name: str, depth: int) -> frozenset[str] | None:
        init = fn.name == "__init__" and fn.kind == "method" and fn.class_key is not None
        named = fn.params[1:] if fn.kind in ("method", "classmethod") else fn.params
        if name not in named and name not in fn.kwonly:
            self.why = f"{name}: self, *args or **kwargs"
            return None
        if name in fn.locals or (fn.key, name) in self.tensor_use()[1]:
            self.why = f"{name}: assigned again in the body, or used as a tensor"
            return None
        default = fn.defaults.get(name)
        if default is not None and V.has_unknown(self.p.expand(default)):
            self.why = f"{name}: default of unknown type"
            return None
        found: set[str] = set()
        contributions = self.contributions().get((fn.key, name), [])
        for (caller_key, index), values in contributions:
            if values and not V.has_unknown(values):
                continue  # known (none: what it passes is followed as written)
            caller = self.p.functions.get(caller_key)
            raw = None if caller is None else raw_argument(self.p, caller.calls[index], fn, name)
            if caller is not None and raw is None and self.from_config(caller, index):
                found.add(f"`{caller.qualname}(config)`")
                continue
            if caller is None or raw is None:
                self.why = f"{name} of {fn.qualname}: passed unpacked or by an unknown caller"
                return None
            if not self._walk(caller, raw, depth + 1, frozenset(), found):
                self.why = f"{name} of {fn.qualname} <- {caller.qualname}: {self.why}"
                return None
        if init:
            cls = self.p.classes.get(fn.class_key or "")
            found.add(f"`{cls.name if cls else fn.qualname}({name}=…)`")
        elif not found:
            self.why = f"{name} of {fn.qualname}: no call passes a configuration value"
            return None
        return frozenset(found)

    def from_config(self, fn: FunctionSummary, index: int) -> bool:
        """The call is `cls(**config)` in a Keras-style `from_config(cls, config)` classmethod
        that calls no TensorFlow op: Keras passes it the dict `get_config` returned (through
        JSON when saved, its Keras objects deserialized), the users what they choose, like the
        constructor's arguments. Under the same assumption, what it unpacks is configuration."""
        site = fn.calls[index]
        if fn.name != "from_config" or fn.kind != "classmethod" or not fn.params or \
                not site.starred or site.callee != frozenset({f"p|{fn.key}|{fn.params[0]}"}):
            return False
        for other in fn.calls:
            values = self.p.expand(other.callee) if other.receiver is None else V.EMPTY
            if any(v.startswith("lib:") and (tfapi.classify_call(tfapi.normalize(v[4:]))
                                             is Api.TENSOR_OP or v[4:].startswith("numpy"))
                   for v in values):
                return False
        return True

    def contributions(self) -> dict[tuple[str, str], list[tuple[tuple[str, int], Values]]]:
        """(callee, parameter) -> [(call site, expanded values)], from every call site."""
        if self._contrib is None:
            self._contrib = {}
            for site_key in sorted(self.p.contrib, key=str):
                for callee, param, values, _ in self.p.contrib[site_key]:
                    self._contrib.setdefault((callee, param), []).append((site_key, values))
        return self._contrib

    # -- attributes ---------------------------------------------------------------------------
    def attribute(self, class_key: str, attr: str, depth: int) -> frozenset[str] | None:
        return self._memo(self._attrs, (class_key, attr), depth,
                          lambda: self._attribute(class_key, attr, depth))

    def _attribute(self, class_key: str, attr: str, depth: int) -> frozenset[str] | None:
        if self._mutated is None:
            self._mutated = self.b.mutated_state()
        if self.b.attribute_write(attr, frozenset({f"obj:{class_key}"}), self._mutated):
            self.why = f".{attr}: written outside __init__ or by setattr"
            return None
        tensor_attrs = self.tensor_use()[0]
        found: set[str] = set()
        assigned = False
        for key in self.b.related_classes(class_key):
            cls = self.p.classes[key]
            if attr in cls.methods or f"c:{key}.{attr}" in self._mutated or \
                    (key, attr) in tensor_attrs:
                self.why = f".{attr}: a method, a class-level write or a tensor use"
                return None
            if attr in cls.class_attrs and V.has_unknown(self.p.expand(cls.class_attrs[attr])):
                self.why = f".{attr}: class attribute of unknown type"
                return None
            assigned = assigned or attr in cls.class_attrs or attr in cls.instance_attrs
            for values, method, _line in cls.instance_attrs.get(attr, ()):
                init = self.p.functions.get(cls.methods.get("__init__", ""))
                if method != "__init__" or init is None or \
                        self.b.construction_rerun(key, "__init__") is not None:
                    self.why = f".{attr}: assigned in {method}"
                    return None
                if not self._walk(init, values, depth + 1, frozenset(), found):
                    return None
        if not found and attr == "name" and not assigned and self.p.is_keras_layer(class_key):
            # Keras 3 keeps a layer's `name` a str (measured, Keras 3.15: Dense(2, name=3) and
            # name=tf.constant("a") raise ValueError; no name gives "dense").
            cls = self.p.classes.get(class_key)
            found.add(f"`{cls.name if cls else class_key}(name=…)`")
        if not found:
            self.why = f".{attr}: not assigned in the workspace"
        return frozenset(found) if found else None

    # -- tensor uses in the classes -------------------------------------------------------------
    def tensor_use(self) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """((class, attr) read as `self.attr`, (function, parameter)) called, or used as
        tensors: as a TensorFlow op's or a Keras object's operand, by `.shape`/`.dtype`/`.ndim`,
        with `@`, directly or passed to a workspace function that uses its parameter so."""
        if self._tensor is not None:
            return self._tensor
        attrs: set[tuple[str, str]] = set()
        params: set[tuple[str, str]] = set()

        def mark(fn: FunctionSummary, values: Values) -> None:
            for kind, name in _origins(fn, values):
                if kind == "attr" and fn.class_key:
                    attrs.add((fn.class_key, name))
                elif kind == "param":
                    params.add((fn.key, name))

        for key in sorted(self.p.functions):
            fn = self.p.functions[key]
            for site in fn.calls:
                # A value the class calls is a callable, not a setting: what it runs is judged
                # as the call of a Keras object's method (calls.call_method), not as user code.
                if site.receiver is not None and site.method is not None and fn.class_key and \
                        site.receiver == _self_value(fn):
                    attrs.add((fn.class_key, site.method))
                elif site.receiver is None:
                    mark(fn, site.callee)
                if site.method is not None and site.method != "__call__":
                    continue
                if site.args and not site.starred and \
                        _tensor_callee(self.p, site.callee, site.text) is not None:
                    mark(fn, site.args[0])
            for use, values, _line, detail in fn.value_uses:
                if (use == "attr-read" and detail in _TENSOR_ATTRIBUTES) or use == "matmul":
                    mark(fn, values)
        uses: dict[str, frozenset[str]] = {}
        for (callee_key, param), items in sorted(self.contributions().items()):
            callee = self.p.functions.get(callee_key)
            if callee is None:
                continue
            if callee_key not in uses:
                uses[callee_key] = frozenset(tensor_uses(self.p, callee))
            if param not in uses[callee_key]:
                continue
            for (caller_key, index), _values in items:
                caller = self.p.functions.get(caller_key)
                if caller is None:
                    continue
                raw = raw_argument(self.p, caller.calls[index], callee, param)
                if raw is not None:
                    mark(caller, raw)
        self._tensor = (attrs, params)
        return self._tensor


def _self_value(fn: FunctionSummary) -> frozenset[str] | None:
    """The raw value of a method's `self` (never assigned again in the body)."""
    if fn.kind != "method" or not fn.class_key or not fn.params or fn.params[0] in fn.locals:
        return None
    return frozenset({f"p|{fn.key}|{fn.params[0]}"})


def _origins(fn: FunctionSummary, values: Values) -> set[tuple[str, str]]:
    """The `self.attr` reads and the parameters of `fn` that `values` (raw) hold, through
    locals, containers and their elements."""
    out: set[tuple[str, str]] = set()
    seen: set[str] = set()
    stack = list(values)
    while stack:
        value = stack.pop()
        if value in seen or not V.is_placeholder(value):
            continue
        seen.add(value)
        kind, owner, name = value.split("|", 2)
        if owner != fn.key:
            continue
        if kind == "p":
            out.add(("param", name))
        elif kind == "v":
            stack.extend(fn.locals.get(name, V.EMPTY))
        elif kind == "e":
            op = fn.deferred[int(name)]
            if op[0] == "attr" and _self_value(fn) == op[1]:
                out.add(("attr", op[2]))
            elif op[0] in ("container", "item", "iter", "unpack", "tuple_item", "tuple_whole"):
                stack.extend(op[1])
            # Not through arithmetic: `x = x * scale` makes a tensor of x, and an operand of
            # it is not the op's (flow-insensitive locals would mark every scale so).
    return out


def raw_argument(program, site: CallSite, callee: FunctionSummary, param: str) -> Values | None:
    """What the call site passes, as written (placeholders of the caller), as `param`; None
    when it is not one argument (unpacked with `*`/`**`, a default, `*args`/`**kwargs`)."""
    if param in site.kwargs:
        return site.kwargs[param]
    if param not in callee.params:
        return None
    offset = 0
    if callee.kind in ("method", "classmethod"):
        offset = 1
        if site.method is not None and callee.kind == "method" and site.receiver is not None \
                and any(v.startswith("cls:") for v in program.expand(site.receiver)):
            offset = 0  # `Base.__init__(self, ...)`: self is passed
    index = callee.params.index(param) - offset
    if index < 0 or index >= len(site.args) or (site.starred and index >= len(site.args) - 1):
        return None
    return site.args[index]


class ConfigFactBuilder(FactBuilder):
    """Facts under `--speculative`: constructs decided by configuration values are Python's
    own, and the verdicts that rely on it say so (FunctionFacts.configuration)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.config = ConfigValues(self)
        self.config_uses: dict[str, list[ConfigUse]] = {}

    def hazards(self, fn: FunctionSummary, facts: FunctionFacts) -> list[tuple[str, Evidence]]:
        found = super().hazards(fn, facts)
        unknown = [h for h in found if h[0] == "UNDETERMINABLE_CONSTRUCT"]
        if not unknown or not STATED or (fn.class_key and self.p.is_keras_layer(fn.class_key)):
            # Not in a Keras layer's methods: the inner layers they call without `training`
            # read Keras' call context, which a tf.function traced apart keeps (measured, Keras
            # 3.15: a helper calling Dropout, traced under training=True, still drops under
            # training=False; spektral 1.3.1 GATConv._call_dense was proposed). Reported.
            return found
        file = self.p.file_of.get(fn.key, "")
        for use, values, line, detail in fn.value_uses:
            if use not in COVERED:
                continue
            finding = self.value_use(fn, facts, use, self.p.expand(values), detail)
            if finding is None or finding[0] != "UNDETERMINABLE_CONSTRUCT":
                continue
            item = ("UNDETERMINABLE_CONSTRUCT", Evidence(file, line, finding[1]))
            if item not in found:
                continue  # shown otherwise (static_values.py)
            sources = self.config.sources(fn, values)
            if sources is not None:
                found.remove(item)
                self.config_uses.setdefault(fn.key, []).append(ConfigUse(line, use, sources))
        return found

    def build(self) -> dict[str, FunctionFacts]:
        out = super().build()
        if not self.config_uses:
            return out
        for key in sorted(out):
            relied = sorted(k for k in self.reachable({key}) if k in self.config_uses)
            if relied:
                out[key].configuration = self.describe(key, relied)
        return out

    def describe(self, key: str, relied: list[str]) -> str:
        uses = [(k, u) for k in relied for u in self.config_uses[k]]
        sources = sorted({s for _, u in uses for s in u.sources})
        shown = ", ".join(sources[:4]) + (f" and {len(sources) - 4} more" if len(sources) > 4
                                          else "")
        k, first = uses[0]
        where = f"line {first.line}" if k == key else \
            f"{self.name(k)}, {self.p.file_of.get(k, '')}:{first.line}"
        return (f"assumes the configuration values of constructor parameters {shown} "
                f"{ASSUMPTION}: {_WORDS.get(first.use, 'a construct')} on them ({where}) then "
                "runs as Python while tracing, its outcome fixed in the graph (speculative: "
                "nothing in the workspace shows what its users pass)")
