"""Python arguments whose values are a bounded set, beyond literals (issue 12).

literal_args.py accepts a parameter that receives Python values (int, float, str, bool) when
every call site writes a literal (or only bools reach it). Two more routes are as bounded:

- **Forwarded parameters**: `f(x, n)` in `g(x, n)`, where `g` never rebinds `n` and every Python
  value `g`'s own `n` receives is bounded (literals, defaults, bools, or forwarded again): `f`
  receives no value `g` did not, so no more traces than `g`'s values.
- **Per-object constants**: `self.m(x, self.k)`, where `k` is assigned only in `__init__` (no
  other method of the class or of a class related to it by inheritance writes it, no code
  outside writes `.k` or calls `setattr` with a computed name on such an object) and holds
  Python values or tensors only. A `tf.function` on a method keeps one function per object
  (TF 2.21: `Function.__get__` caches a bound copy per instance), which traces on the object's
  first call anyway; `self.k` has one value per object, so it adds no trace beyond that one.
  Measured in the equivalence harness (tests/equivalence_cases.py, "bounded arguments").
- **A parameter or a literal**: `f(x, n if n else 0)`, `f(x, n or 1)` (keras-hub's Qwen
  attention: `cache_update_index if cache_update_index else 0`), where the syntax shows every
  value the expression can take is a literal or the caller's own parameter `n`
  (tracing.param_or_literal): the literals are a few values and `n` is judged as forwarded.

Default-deny: a value whose type is unknown (a config field, a library's result), a value
computed at the call site, an attribute of another object, a parameter rebound in its function,
a call with `*args`/`**kwargs`, or a route that is not a direct call is not shown bounded; the
decline says which site and what it passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybridize.analysis import values as V
from hybridize.analysis.model import Evidence
from hybridize.analysis.summary_model import ESCAPED
from hybridize.analysis.syntax import MODULE_QUALNAME

if TYPE_CHECKING:
    from hybridize.analysis.calls import Binding
    from hybridize.analysis.facts import FactBuilder
    from hybridize.analysis.summary_model import CallSite, FunctionSummary, ModuleSummary

PROGRAM, OBJECT = "program", "object"  # bounded over the whole program / per receiving object
_MAX_FORWARDS = 8  # `**kwargs` forwarded through this many functions at most (then unknown)
_FLAGS = frozenset({"bool", V.NONE})
# A value of these kinds passed as a per-object constant: one trace key per object.
_CONSTANT = frozenset(V.PRIMITIVES | {V.NONE})
# tracing.PARAM_OR_LITERAL: an argument written `n if n else 0` or `n or 1` (n a parameter).
PARAM_OR_LITERAL = "f"


def _split(placeholder: str) -> tuple[str, str, str]:
    kind, rest = placeholder.split("|", 1)
    owner, _, name = rest.rpartition("|")
    return kind, owner, name


class Bounds:
    """Whether the Python values each parameter receives are a bounded set, per program."""

    def __init__(self, builder: FactBuilder, index) -> None:
        """`index`: literal_args.contributions(builder), the sites that pass Python values."""
        self.b = builder
        self.index = index
        self.p = builder.p
        # (function, parameter) -> (level or None, evidence); None while being decided (a
        # cycle of forwarding is not shown bounded).
        self.memo: dict[tuple[str, str], tuple[str | None, Evidence | None] | None] = {}
        self.mutated = builder.mutated_state()
        self.modules = {module.key: module for module in self.p.modules.values()}

    # -- a function's parameters ----------------------------------------------------------------
    def decide(self, fn: FunctionSummary, declined: list[Evidence]) -> Evidence | None:
        """The evidence that `fn`'s Python values are bounded, or None; then, where a site
        shows why not, that site's evidence goes first in `declined` (the decline's words)."""
        from hybridize.analysis.facts import value_params  # facts.py imports this module

        bounded, evidence = self.arguments(fn, value_params(fn))
        if bounded:
            return evidence
        if evidence is not None:
            declined.insert(0, evidence)
        return None

    def arguments(self, fn: FunctionSummary, params: list[str]) -> tuple[bool, Evidence | None]:
        """(bounded, evidence): whether every Python value `fn`'s parameters receive is one of
        a bounded set; the evidence says why, or where the first unbounded value comes from."""
        primitive = [p for p in params if self.primitive(fn.key, p)]
        if not primitive:
            return False, None
        reasons: list[Evidence] = []
        for param in primitive:
            level, evidence = self.param_level(fn.key, param)
            if level is None:  # without evidence, the decline keeps the facts' own words
                return False, evidence
            if level == OBJECT and not self.per_object(fn):
                return False, self.where(fn, param, "receives a value fixed per object, but "
                                         f"{fn.name} is not a method traced per object")
            reasons.append(evidence or self.where(fn, param, "receives only Python bools or "
                                                  "None (all bounded)"))
        # The most telling reason: one that is not a plain literal.
        return True, next((r for r in reasons if "literal" not in r.reason), reasons[0])

    def where(self, fn: FunctionSummary, param: str, words: str) -> Evidence:
        """Evidence at the first call site that passes `param` (or at the definition)."""
        for site in self.p.sites.get(fn.key, {}).get(param, []):
            return Evidence(site.file, site.line, f"`{param}` {words}")
        return Evidence(self.p.file_of.get(fn.key, ""), fn.line, f"`{param}` {words}")

    def primitive(self, key: str, param: str) -> bool:
        received = frozenset(self.p.params.get(key, {}).get(param, ()))
        return bool(received & self.b.primitive_kinds)

    def per_object(self, fn: FunctionSummary) -> bool:
        """A `tf.function` on `fn` keeps one traced function per object: a plain method of a
        class that is not a TensorFlow composite (an ExtensionType passes itself as an
        argument instead)."""
        if fn.kind != "method" or fn.class_key is None or fn.parent is not None:
            return False
        for cls in self.p.mro(fn.class_key):
            for base in cls.bases:
                if any("ExtensionType" in v or "CompositeTensor" in v
                       for v in self.p.expand(base)):
                    return False
        return True

    def param_level(self, key: str, param: str) -> tuple[str | None, Evidence | None]:
        memo_key = (key, param)
        if memo_key in self.memo:
            found = self.memo[memo_key]
            return found if found is not None else (None, None)
        self.memo[memo_key] = None
        found = self._param_level(key, param)
        self.memo[memo_key] = found
        return found

    def _param_level(self, key: str, param: str) -> tuple[str | None, Evidence | None]:
        fn = self.p.functions.get(key)
        if fn is None:
            return None, None
        received = frozenset(self.p.params.get(key, {}).get(param, ()))
        if not received & self.b.primitive_kinds:
            return PROGRAM, None  # no Python value at all: nothing to retrace on
        if received <= _FLAGS:
            return PROGRAM, None  # bools (or None) only: at most three values
        level = PROGRAM
        first: Evidence | None = None  # the first site that is not a literal, else the first
        sites = 0
        bound_sites: set[tuple[str, int]] = set()
        for caller, binding in self.b.bindings_to.get(key, []):
            site = binding.site
            if site.static == ESCAPED:  # bodies.note_escape, a getattr by a computed name
                return None, self.evidence(caller, site.line, self.site_level(
                    fn, caller, binding, param)[1])
            if not direct_call(self.b, fn, site):
                return None, self.evidence(caller, site.line, f"{self.b.name(caller)} hands "
                                           f"{fn.name} to {site.text}(...), which passes values "
                                           "the engine does not see")
            found, words = self.site_level(fn, caller, binding, param)
            if found is None:
                return None, self.evidence(caller, site.line, words)
            bound_sites.add((caller, site.line))
            if found == "none":
                continue
            sites += 1
            if found == OBJECT:
                level = OBJECT
            if first is None or "literal" in first.reason and "literal" not in words:
                first = self.evidence(caller, site.line, words)
        # A value passed by a route that is not a call of `fn` (functools.partial, a library
        # that calls it back, an observed run) has no binding: its origin is not known, and
        # the facts' evidence for it says what was seen.
        for given, where in self.index.get(key, ()):
            if given == param and (where.caller, where.line) not in bound_sites:
                return None, None
        # Every value must come through a call the engine binds: one it cannot see (a caller
        # unpacking *args, a library) leaves an unknown value among those received.
        if V.has_unknown(received):
            return None, self.unknown_site(key, param)
        if first is not None:
            first = Evidence(first.file, first.line, first.reason +
                             f" ({sites} call site{'s' if sites > 1 else ''} passing Python "
                             "values, all bounded)")
        return level, first

    def unknown_site(self, key: str, param: str) -> Evidence | None:
        for site in self.p.sites.get(key, {}).get(param, []):
            if V.has_unknown(site.values):
                return Evidence(site.file, site.line, f"{self.b.name(site.caller)} passes a "
                                f"value of unknown type as `{param}`")
        return None

    def evidence(self, caller: str, line: int, words: str) -> Evidence:
        return Evidence(self.p.file_of.get(caller, ""), line, words)

    # -- one call site --------------------------------------------------------------------------
    def site_level(self, fn: FunctionSummary, caller: str, binding: Binding,
                   param: str) -> tuple[str | None, str]:
        """("none" when the site passes no Python value | PROGRAM | OBJECT | None, words)."""
        site = binding.site
        who = self.b.name(caller)
        if site.forwards and param not in site.kwargs and \
                self.b.argument_index(fn, site, param) is None and param != fn.vararg:
            if param == fn.kwarg:
                return self.forwarded_dict(fn, caller, site, site.forwards)
            return self.forwarded_key(fn, caller, site.forwards, param)
        if site.static == ESCAPED:  # bodies.note_escape
            return None, (f"{who} {site.text}, whose calls the analysis does not follow: what "
                          f"they pass as `{param}` is not known")
        if site.starred:
            return None, f"{who} calls {fn.name} with *args or **kwargs: `{param}` is not known"
        if param in (fn.vararg, fn.kwarg):  # extra arguments, which origin_of does not map
            letters = extra_origins(fn, site, param)
            if not letters:
                return "none", ""
            if set(letters) == {"l"}:
                return PROGRAM, f"{who} passes literals into `{param}`"
            return None, f"{who} passes Python values into `{param}`, not shown to be a few"
        origin, values = self.b.origin_of(fn, site, param)
        if values is None:
            return "none", ""  # the parameter keeps its default: one value
        expanded = self.p.expand(values)
        if origin == "l":
            return PROGRAM, f"{who} passes a literal as `{param}`"
        if not expanded & self.b.primitive_kinds and not V.has_unknown(expanded):
            return "none", ""  # a tensor or an object here: no Python value to retrace on
        if expanded <= _FLAGS:
            return PROGRAM, f"{who} passes a Python bool as `{param}`"
        if origin == PARAM_OR_LITERAL:
            return self.param_or_literal(fn, caller, binding, param, values)
        if origin == "c":
            return None, f"{who} passes a computed value as `{param}`"
        if len(values) == 1:
            value = next(iter(values))
            kind = value.split("|", 1)[0]
            if kind == "p":
                return self.forwarded(fn, caller, binding, param, value)
            if kind == "e":
                return self.attribute(fn, caller, binding, param, value)
            if kind == "v":
                return self.module_constant(caller, param, value)
            if kind == "q":
                return self.qualified(caller, param, value)
        shown = " or ".join(sorted({V.describe(v) for v in expanded}))
        return None, f"{who} passes {shown} as `{param}`, not shown to be one of a few values"

    def forwarded(self, fn: FunctionSummary, caller: str, binding: Binding, param: str,
                  value: str) -> tuple[str | None, str]:
        """`f(x, n)` where `n` is a parameter of the calling function (or of a function that
        encloses it) that it never rebinds."""
        _, owner, name = _split(value)
        who = self.b.name(caller)
        owner_fn = self.p.functions.get(owner)
        if owner_fn is None or name in owner_fn.locals or name in (owner_fn.vararg,
                                                                   owner_fn.kwarg):
            return None, f"{who} passes `{name}` as `{param}`, which it reassigns"
        level, evidence = self.param_level(owner, name)
        if level is None:
            why = f": {evidence.reason} at {evidence.file}:{evidence.line}" if evidence else ""
            return None, (f"{who} forwards its parameter `{name}` as `{param}`, whose values "
                          f"are not shown to be a few{why}")
        if level == OBJECT and not (owner == caller and self.same_object(fn, caller, binding)):
            return None, (f"{who} forwards `{name}` as `{param}`: fixed per object of "
                          f"{self.b.name(owner)}, not of {fn.name}'s")
        return level, (f"{who} forwards its own parameter `{name}` as `{param}`, whose Python "
                       "values are bounded")

    def forwarded_key(self, fn: FunctionSummary, caller: str, kwarg: str, param: str,
                      depth: int = 0) -> tuple[str | None, str]:
        """`apply(x, **kwargs)` in `forward(x, **kwargs)`, which uses `kwargs` nowhere else
        (CallSite.forwards): `param` receives what the callers of `forward` pass under that
        name (or forward theirs in turn), a few values when each is a literal or a bool; left
        out, the default."""
        who = self.b.name(caller)
        caller_fn = self.p.functions.get(caller)
        if caller_fn is None or param in caller_fn.params or param in caller_fn.kwonly:
            return "none", ""  # a name the caller takes itself never reaches its `**kwargs`
        if depth > _MAX_FORWARDS:
            return None, f"`{param}` is forwarded through `**{kwarg}` more than " \
                f"{_MAX_FORWARDS} times"
        level = "none"
        words = ""
        for outer, binding in self.b.bindings_to.get(caller, []):
            site = binding.site
            if not direct_call(self.b, caller_fn, site):
                return None, (f"{self.b.name(outer)} hands {caller_fn.name} to {site.text}(...), "
                              f"which passes values the engine does not see (`{param}` reaches "
                              f"{fn.name} through `**{kwarg}`)")
            if site.forwards and param not in site.kwargs:
                found, said = self.forwarded_key(caller_fn, outer, site.forwards, param,
                                                 depth + 1)
                if found is None:
                    return None, said
                if found != "none":
                    level, words = found, said
                continue
            if site.starred:
                return None, (f"{self.b.name(outer)} calls {caller_fn.name} with *args or "
                              f"**kwargs: what `**{kwarg}` holds under `{param}` is not known")
            if param not in site.kwargs:
                continue  # left out: the callee's default
            index = len(site.args) + list(site.kwargs).index(param)
            letters = site.origins.split("|", 1)[0]
            origin = letters[index] if index < len(letters) else "?"
            expanded = self.p.expand(site.kwargs[param])
            if origin == "l" or expanded and expanded <= _FLAGS:
                level = PROGRAM
                words = (f"{who} forwards `**{kwarg}` to {fn.name}, and its callers pass "
                         f"`{param}` as a literal or a bool")
                continue
            if not expanded & self.b.primitive_kinds and not V.has_unknown(expanded):
                continue  # a tensor or an object: no Python value to retrace on
            return None, (f"{self.b.name(outer)} passes `{param}` to {caller_fn.name}, which "
                          f"forwards it to {fn.name} through `**{kwarg}`: not shown to be one "
                          "of a few values")
        return level, words

    def forwarded_dict(self, fn: FunctionSummary, caller: str, site: CallSite,
                       kwarg: str) -> tuple[str | None, str]:
        """`forward(x, **kwargs)` in `outer(x, **kwargs)`: `fn`'s own `**` parameter receives
        the names `outer`'s callers pass (less those `fn` takes), each judged as forwarded."""
        received = self.p.params.get(caller, {})
        if received.get(V.keyed(kwarg, "*")):
            return None, (f"{self.b.name(caller)} forwards `**{kwarg}` to {fn.name}, and a call "
                          f"of {self.b.name(caller)} unpacks a dict of its own into it")
        taken = set(fn.params) | set(fn.kwonly) | set(site.kwargs)
        level, words = "none", ""
        for name in sorted(V.key_names(frozenset(received.get(V.keyed(kwarg, "#"), ())))
                           - taken):
            found, said = self.forwarded_key(fn, caller, kwarg, name)
            if found is None:
                return None, said
            if found != "none":
                level, words = found, said
        return level, words

    def param_or_literal(self, fn: FunctionSummary, caller: str, binding: Binding, param: str,
                         values: frozenset[str]) -> tuple[str | None, str]:
        """`f(x, n if n else 0)`, `f(x, n or 1)`: the call passes a literal (a few values) or
        its own parameter `n` as it received it, judged as a forwarded parameter. The syntax
        (tracing.param_or_literal) names one parameter; its values here must be that
        parameter's own (`p|caller|n`): a name narrowed by `isinstance(n, int) and ...` holds
        bare kinds instead, and is not shown bounded."""
        who = self.b.name(caller)
        forwarded = sorted(v for v in values if v not in _CONSTANT)
        if len(forwarded) != 1 or not forwarded[0].startswith("p|") or \
                _split(forwarded[0])[1] != caller:
            return None, (f"{who} passes a parameter or a literal as `{param}`, whose values "
                          "are not shown to be a few")
        level, words = self.forwarded(fn, caller, binding, param, forwarded[0])
        if level is None:
            return None, words
        name = _split(forwarded[0])[2]
        return level, (f"{who} passes its own parameter `{name}` or a literal as `{param}`, "
                       "whose Python values are bounded")

    def module_constant(self, caller: str, param: str, value: str) -> tuple[str | None, str]:
        """`f(x, NUM_CHANNELS)`: a module-level name bound once to a literal, never declared
        `global` in a function nor assigned from another module (`mod.NAME = ...`)."""
        _, owner, name = _split(value)
        who = self.b.name(caller)
        owner_fn = self.p.functions.get(owner)
        module = self.modules.get(owner_fn.module) if owner_fn is not None else None
        if owner_fn is None or owner_fn.qualname != MODULE_QUALNAME or module is None:
            return None, f"{who} passes `{name}` as `{param}`, not shown to be one of a few values"
        return self.global_constant(who, param, module, name)

    def qualified(self, caller: str, param: str, value: str) -> tuple[str | None, str]:
        """`f(x, keys.Cache.TENSOR)`, `f(x, consts.NUM)`, `f(x, NUM)` imported at module
        level: a class constant of a workspace class, or a module constant of a workspace
        module, named through an import."""
        _, module_key, qualified = value.split("|", 2)
        who = self.b.name(caller)
        owner, _, name = qualified.rpartition(".")
        receiver = self.p.expand(frozenset({f"q|{module_key}|{owner}"})) if owner else V.EMPTY
        target = next(iter(receiver)) if len(receiver) == 1 else ""
        if target.startswith("cls:"):
            return self.class_constant(caller, param, target[4:], name, value)
        module = self.modules.get(target[4:]) or next(
            (m for m in self.modules.values() if m.import_name == target[4:]), None) \
            if target.startswith("mod:") else None
        if module is None:
            return None, (f"{who} passes `{qualified}` as `{param}`, not shown to be one of a "
                          "few values")
        return self.global_constant(who, param, module, name)

    def global_constant(self, who: str, param: str, module: ModuleSummary,
                        name: str) -> tuple[str | None, str]:
        """`name` of `module` bound once at its top level to a literal and never written from a
        function (`global name`, `mod.name = ...`): one value for the run."""
        written = self.mutated.get(f"g:{module.import_name}.{name}")
        if written is not None:
            file, line, reason = written
            return None, (f"{who} passes the global `{name}` as `{param}`: {reason} at "
                          f"{file}:{line}")
        if name not in module.constants:
            return None, (f"{who} passes the global `{name}` as `{param}`, which is not bound "
                          "once to a literal")
        return PROGRAM, f"{who} passes the module constant `{name}` as `{param}`"

    def attribute(self, fn: FunctionSummary, caller: str, binding: Binding, param: str,
                  value: str) -> tuple[str | None, str]:
        """`self.m(x, self.k)`: `k` fixed per object, and `m` called on the same object."""
        _, owner, index = _split(value)
        who = self.b.name(caller)
        owner_fn = self.p.functions.get(owner)
        op = owner_fn.deferred[int(index)] if owner_fn is not None and index.isdigit() and \
            int(index) < len(owner_fn.deferred) else None
        if op is None or op[0] != "attr":
            return None, f"{who} passes a value computed at the call as `{param}`"
        attr = op[2]
        receiver = self.p.expand(op[1])
        if len(receiver) == 1 and next(iter(receiver)).startswith("cls:"):
            return self.class_constant(caller, param, next(iter(receiver))[4:], attr, value)
        self_name = owner_fn.params[0] if owner_fn.params else None
        on_self = owner == caller and owner_fn.kind == "method" and self_name is not None and \
            op[1] == frozenset({f"p|{owner}|{self_name}"}) and self_name not in owner_fn.locals
        if not on_self:
            return None, (f"{who} passes `.{attr}` of another object as `{param}`: its values "
                          "are not shown to be a few")
        writer = self.attribute_writer(owner_fn, attr)
        if writer is not None:
            file, line, reason = writer
            return None, (f"{who} passes `self.{attr}` as `{param}`, which {reason} at "
                          f"{file}:{line}: not fixed per object")
        built, words = self.constructor_level(owner_fn, attr)
        if built is not None:
            return PROGRAM, f"{who} passes `self.{attr}` as `{param}`: {words}"
        if not self.same_object(fn, caller, binding):
            return None, (f"{who} passes `self.{attr}` as `{param}` to {fn.name}, not a method "
                          f"of the same object, and {words}")
        expanded = self.p.expand(frozenset({value}))
        if not expanded <= _CONSTANT | {v for v in expanded if V.is_tensor(v)}:
            shown = " or ".join(sorted({V.describe(v) for v in expanded}))
            return None, (f"{who} passes `self.{attr}` as `{param}`, which holds {shown}: "
                          "not shown to be a Python value fixed per object")
        return OBJECT, (f"{who} passes `self.{attr}` as `{param}`, assigned only in `__init__`: "
                        "one value per object, and a tf.function method traces once per "
                        "object anyway")

    def class_constant(self, caller: str, param: str, class_key: str, attr: str,
                       value: str) -> tuple[str | None, str]:
        """`f(x, ModeKeys.TRAIN)`, `f(x, Cache.TENSOR)`: an attribute read on a workspace class
        defined at module level, bound in its own class body (which runs once, at import),
        holding Python values only, and never written afterwards (`ModeKeys.TRAIN = ...` in a
        function, `cls.TRAIN = ...`, `.TRAIN` stored on an object that may be the class or of a
        related class, a setattr with a computed name): one value for the run."""
        who = self.b.name(caller)
        cls = self.p.classes.get(class_key)
        if cls is None or "." in class_key.partition(":")[2] or attr not in cls.class_attrs:
            return None, (f"{who} passes `.{attr}` of a class as `{param}`, not bound once in "
                          "a module-level class body")
        expanded = self.p.expand(frozenset({value}))
        if not expanded or not expanded <= _CONSTANT:
            return None, (f"{who} passes `{cls.name}.{attr}` as `{param}`, which is not shown to "
                          "hold Python values only")
        written = self.mutated.get(f"c:{class_key}.{attr}") or self.b.attribute_write(
            attr, frozenset({f"cls:{class_key}"}), self.mutated)
        if written is not None:
            file, line, reason = written
            return None, (f"{who} passes `{cls.name}.{attr}` as `{param}`: {reason} at "
                          f"{file}:{line}")
        return PROGRAM, (f"{who} passes the class constant `{cls.name}.{attr}` as `{param}`, "
                         "bound once in its class body")

    def constructor_level(self, method: FunctionSummary, attr: str) -> tuple[str | None, str]:
        """(PROGRAM, words) when every `self.attr = p` of the classes related to `method`'s
        is in an `__init__` and assigns its own parameter `p` unchanged, and `p` receives
        bounded values at every construction; (None, what was seen) otherwise."""
        class_key = method.class_key
        assert class_key is not None
        seen: list[str] = []
        for key in self.b.related_classes(class_key):
            cls = self.p.classes[key]
            init = cls.methods.get("__init__")
            for values, _, _ in cls.instance_attrs.get(attr, ()):
                value = next(iter(values)) if len(values) == 1 else ""
                kind, owner, name = _split(value) if "|" in value else ("", "", "")
                init_fn = self.p.functions.get(init or "")
                if kind != "p" or owner != init or init_fn is None or name in init_fn.locals \
                        or name in (init_fn.vararg, init_fn.kwarg):
                    return None, (f"`self.{attr}` is assigned something other than an "
                                  "`__init__` parameter as it is")
                level, evidence = self.param_level(owner, name)
                if level != PROGRAM:
                    why = f" ({evidence.reason} at {evidence.file}:{evidence.line})" \
                        if evidence else ""
                    return None, (f"`self.{attr}` is set from the constructor argument `{name}` "
                                  f"of {cls.name}, whose values are not shown to be a few{why}")
                seen.append(name)
        if not seen:
            return None, f"`self.{attr}` is not set in `__init__`"
        return PROGRAM, (f"set in `__init__` from the constructor argument `{seen[0]}`, bounded "
                         "at every construction")

    def same_object(self, fn: FunctionSummary, caller: str, binding: Binding) -> bool:
        """The call is `self.m(...)` on the calling method's own `self`."""
        caller_fn = self.p.functions.get(caller)
        if caller_fn is None or caller_fn.kind != "method" or not caller_fn.params or \
                fn.kind != "method" or not fn.params or binding.site.method != fn.name:
            return False
        self_name = caller_fn.params[0]
        return self_name not in caller_fn.locals and \
            binding.roots.get(fn.params[0]) == f"p:{self_name}"

    def attribute_writer(self, method: FunctionSummary,
                         attr: str) -> tuple[str, int, str] | None:
        """A write of `self.attr` anywhere but an `__init__` of the class of `method` or of a
        class related to it, or a write of `.attr` (or a setattr) on such an object outside."""
        class_key = method.class_key
        assert class_key is not None
        outside = self.b.attribute_write(attr, frozenset({f"obj:{class_key}"}), self.mutated)
        if outside is not None:
            return outside
        for key in self.b.related_classes(class_key):
            cls = self.p.classes[key]
            if f"c:{key}.{attr}" in self.mutated:
                return self.mutated[f"c:{key}.{attr}"]
            for _, name, line in cls.instance_attrs.get(attr, ()):
                if name != "__init__":
                    path = self.p.file_of.get(cls.methods.get(name, ""), "")
                    return path, line, f"{cls.name}.{name}() assigns"
        return None


def extra_origins(fn: FunctionSummary, site: CallSite, param: str) -> str:
    """The origin letters (tracing.argument_origins) of the arguments a call puts into `fn`'s
    `*args` (positional ones past its parameters) or `**kwargs` (keywords it does not name):
    "" when it puts none there. A call with its own `*`/`**` unpacking is judged apart."""
    positional = list(fn.params)
    if fn.kind in ("method", "classmethod") and positional and site.method is not None:
        positional = positional[1:]  # bound by `obj.m(...)`; Class.m(obj, ...) passes it
    named = set(fn.params) | set(fn.kwonly)
    letters = site.origins.split("|", 1)[0] or "?" * (len(site.args) + len(site.kwargs))
    if param == fn.vararg:
        return letters[len(positional):len(site.args)]
    keys = list(site.kwargs)
    return "".join(letters[len(site.args) + i] for i, key in enumerate(keys)
                   if key not in named and len(site.args) + i < len(letters))


def direct_call(builder: FactBuilder, fn: FunctionSummary, site: CallSite) -> bool:
    """The call site calls `fn` itself (`f(...)`, an alias of it, `obj.f(...)`, or `C(...)`
    for C's `__init__`): its arguments are `fn`'s arguments."""
    if site.method is not None:
        return site.method == fn.name
    callee = builder.p.expand(site.callee)
    if fn.name == "__init__" and any(v.startswith("cls:") and
                                     builder.p.find_method(v[4:], "__init__") == fn.key
                                     for v in callee):
        return True
    return any(v in (f"fn:{fn.key}", f"bfn:{fn.key}") for v in callee)
