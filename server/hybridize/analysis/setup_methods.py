"""Setup methods: methods that only construction runs, so what they assign is configuration.

An attribute assigned in `__init__` or `build` is not a stale read (syntax.NO_EFFECT_ON_SELF):
those run before the object's methods are called (Keras runs `build` before the first `call`).
A method that only they call, as `self.method(...)`, runs at the same time: tf2rl's SAC calls
`self._setup_actor(...)`, `self._setup_critic_q(...)` from `__init__` and nowhere else, and the
networks they assign are read by the training step. Such a method is a setup method when, in
the whole workspace:

- it is a plain undecorated method whose name is not a special one (`__enter__` runs without
  a call in the source);
- every call of a method of that name is written `self.<name>(...)` inside `__init__`/`build`
  (or inside another setup method) of a class related to its own (derived from it, a base of
  it, or both bases of one class: the call may dispatch to it);
- the name is never read otherwise: no `self.<name>` or `obj.<name>` that is not such a call
  (a bound method kept or passed on may be called later), and no `getattr` on an object that may
  be of a related class or of unknown type (a computed name may be this one).

Default-deny: anything else (a call through `super()`, another object, a decorator that may
register it) keeps the method a writer like any other."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from hybridize.analysis import values as V
from hybridize.analysis.syntax import ATTRIBUTE_READS, NO_EFFECT_ON_SELF, name_matches

if TYPE_CHECKING:
    from hybridize.analysis.program import Program

# Library helpers that reach an attribute by a name given as a value (getattr, hasattr and vars
# are lookups: bodies.note_lookup).
_BY_NAME = frozenset({"operator.attrgetter", "operator.methodcaller"})


def _named(values: frozenset[str]) -> set[str]:
    """The attribute names of dotted names among values (`q|module|pkg.Agent._setup`)."""
    return {v.rpartition(".")[2] for v in values if v.startswith("q|")}


def setup_methods(p: Program, related: Callable[[str, str], bool]) -> frozenset[str]:
    """The function keys of the setup methods of the workspace (see the module's doc)."""
    calls: dict[str, list[tuple[str, str]]] = defaultdict(list)  # name -> (caller key, text)
    self_reads: dict[tuple[str, str], int] = defaultdict(int)  # (caller key, name) -> reads
    readers: dict[str, set[str]] = defaultdict(set)  # name -> functions reading self.<name>
    other_reads: set[str] = set()
    # (values of the object, the names: `*` any, `*PREFIX*SUFFIX` an f-string's) of a lookup
    # by a name the syntax does not spell (`getattr(obj, name)`: bodies.note_lookup)
    by_name: list[tuple[frozenset[str], str]] = []
    for key in sorted(p.functions):
        fn = p.functions[key]
        for site in fn.calls:
            if site.method:
                calls[site.method].append((key, site.text))
            if site.static and not site.method:  # `Agent._setup(agent, 3.0)`: the class
                other_reads.add(site.static.rpartition(".")[2])
            for values in (*site.args, *site.kwargs.values()):
                other_reads.update(_named(values))
            if site.static in _BY_NAME:
                by_name.append((p.expand(site.args[0]) if site.args else V.UNKNOWN_SET, "*"))
        for values in (*fn.locals.values(), fn.returns):  # `hook = Agent._setup`
            other_reads.update(_named(values))
        for read in fn.reads:
            if read.target.startswith("a:"):
                class_key, _, name = read.target[2:].rpartition(".")
                if name.startswith("*"):  # `getattr(self, name)`
                    by_name.append((frozenset({f"obj:{class_key}"}), name))
                    continue
                self_reads[(key, name)] += 1
                readers[name].add(key)
        for use, values, _line, attr in fn.value_uses:
            if use == "attr-lookup" and attr.startswith("*"):
                # (not hasattr, which returns no method; nor vars(obj), whose `__dict__`
                # holds no method of the class)
                by_name.append((p.expand(values) if values else V.UNKNOWN_SET, attr))
            elif use in ATTRIBUTE_READS:
                other_reads.add(attr)  # `obj.name`, `getattr(obj, "name", None)`

    def looked_up(class_key: str, name: str) -> bool:
        """A lookup by a computed name may get the method: on an object of unknown type or
        of a class related to `class_key`, by a name that can be `name`."""
        return any((pattern == "*" or name_matches(pattern, name)) and (
            not values or V.has_unknown(values) or any(
                related(class_key, v[4:]) for v in sorted(values)
                if v.startswith(("obj:", "cls:"))))
            for values, pattern in by_name)

    candidates: list[tuple[str, str, str]] = []  # (function key, class key, name)
    for class_key in sorted(p.classes):
        for name, key in sorted(p.classes[class_key].methods.items()):
            fn = p.functions.get(key)
            if fn is None or fn.kind != "method" or fn.start_line != fn.line or \
                    name.startswith("__") or name in NO_EFFECT_ON_SELF or \
                    name in other_reads or not calls.get(name) or looked_up(class_key, name):
                continue
            candidates.append((key, class_key, name))

    found: set[str] = set()
    changed = True
    while changed:  # a setup method may call another one: grow from __init__/build
        changed = False
        for key, class_key, name in candidates:
            if key in found:
                continue
            sites: dict[str, int] = defaultdict(int)
            ok = True
            for caller, text in calls[name]:
                fn = p.functions[caller]
                if text != f"self.{name}" or not fn.params or fn.params[0] != "self" or \
                        fn.class_key is None or not related(class_key, fn.class_key) or \
                        not (fn.name in NO_EFFECT_ON_SELF or caller in found):
                    ok = False
                    break
                sites[caller] += 1
            # Every `self.<name>` read of a caller is one of its calls; no other function
            # reads `self.<name>` at all.
            if ok and readers[name] <= sites.keys() and \
                    all(self_reads[(k, name)] == n for k, n in sites.items()):
                found.add(key)
                changed = True
    return frozenset(found)
