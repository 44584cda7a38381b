"""Calls that Python makes without a call in the source: a property's getter on `obj.attr`, and
the special methods of an object's class on `with obj:`, `obj + x`, `obj[k]`, `obj == x`,
`if obj:`, `for v in obj`, `f"{obj}"`, `x in obj`. Eagerly they run on every call; in a graph
only while tracing, so what they do counts for the function as a callee's effects do (measured,
TF 2.21, tests/fixtures/soundness/implicit.py: a timer's `__enter__`/`__exit__`, a counting
property getter, `__mul__` and `__getitem__` each ran 3 times in 3 eager calls and once as a
tf.function; all four functions were proposed before).

The summary records such constructs on values that may be workspace objects as call sites marked
IMPLICIT (`record`, `flush`: at most two per function, one for the special-method uses and one
for the attribute reads, on every object seen); the program binds them (`resolve`) only to what
the objects' workspace classes define: the getter of a property of a name read (and the class's
`__getattribute__` and `__getattr__`, which may serve any name), or every special method
(`__enter__`, `__exit__`, `__add__`, `__getitem__`, `__bool__`, ...), with no arguments.
Anything else (a tensor, a library object, an attribute that is not a property) gives no callee
and no value: the expression's own value is computed as before.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from hybridize.analysis import values as V
from hybridize.analysis.summary_model import CallSite, FunctionSummary, Values
from hybridize.analysis.syntax import name_matches

if TYPE_CHECKING:
    from hybridize.analysis.bodies import FunctionVisitor
    from hybridize.analysis.calls import PassInfo
    from hybridize.analysis.program import Program

IMPLICIT = "<implicit>"  # CallSite.static of such a site
GETTER = "get:"  # + attribute name: `obj.attr`, a property's getter if it is one
SPECIAL = "special:"  # + what the construct is: every special method the class defines
# Special methods that no operator, statement or builtin calls behind the source's back.
NOT_IMPLICIT = frozenset({"__init__", "__new__", "__init_subclass__", "__post_init__",
                          "__call__", "__set_name__", "__class_getitem__", "__del__"})
RESOLVED = frozenset({IMPLICIT})  # the result of resolving: not "unresolved", and no value


def record(visitor: FunctionVisitor, values: Values, node: ast.expr | None, method: str,
           root: str = "?", line: int = 0) -> None:
    """An implicit call on `values` (the object), written as `node` (None: at `line`). Kept
    until `flush`: a function gets at most two such sites, its special-method uses and its
    attribute reads, each on every object seen (resolving binds the same methods either way)."""
    if visitor.is_module or not any(v.startswith("obj:") or V.is_placeholder(v) for v in values):
        return  # no workspace object among the values, nor anything that may become one
    kind = GETTER if method.startswith(GETTER) else SPECIAL
    pending = visitor.implicit_pending.get(kind)
    if pending is None:
        pending = visitor.implicit_pending[kind] = (
            set(), set(), set(), node.lineno if node is not None else line)
    objects, roots, names, _ = pending
    objects.update(values)
    roots.add(root)
    names.add(method[len(kind):])


def flush(visitor: FunctionVisitor) -> None:
    """Emits the function's implicit sites (see `record`), in a fixed order."""
    canon = visitor.s.canon
    for kind in (SPECIAL, GETTER):
        pending = visitor.implicit_pending.get(kind)
        if pending is None:
            continue
        objects, roots, names, line = pending
        method = kind + "|".join(sorted(names))
        text = "implicit calls" if kind == SPECIAL else \
            "reads of " + ", ".join(f".{n}" for n in sorted(names)[:3])
        # A negative column: never the position of a real call (facts and shapes match sites
        # by line and column).
        visitor.fn.calls.append(CallSite(
            line=line, col=-1 if kind == SPECIAL else -2, text=text, callee=frozenset(),
            receiver=canon(frozenset(objects)), method=sys.intern(method),
            receiver_root=sys.intern(roots.pop() if len(roots) == 1 else "?"), args=[],
            arg_roots=[], kwargs={}, kwarg_roots={}, starred=False,
            guarded_by_none_check=False, static=IMPLICIT))


def resolve(program: Program, fn: FunctionSummary, site: CallSite, info: PassInfo) -> Values:
    """Binds an IMPLICIT site to the getter or special methods it runs (see the docstring).
    Each method is bound once per site, in the order the objects' classes (sorted) first give
    it: a read of `self.x` in a base class's method is a read on every derived class (384 on
    tf-models-official's config base), which all inherit the same getter, and binding it again
    adds nothing (the same callee, arguments and roots)."""
    method = site.method or ""
    callees: dict[str, None] = {}
    compute = _implicit_callees(program)
    for receiver in sorted(program.expand(site.receiver or frozenset())):
        if receiver.startswith("obj:"):
            callees.update(dict.fromkeys(program.derived(
                "implicit", f"{receiver[4:]}\0{method}", compute)))
    for key in callees:
        program.bind(fn, site, key, 1, site.receiver_root, info)
    return RESOLVED


def _implicit_callees(program: Program) -> Callable[[str], tuple[str, ...]]:
    """`derived`'s compute for (class key NUL method): the methods an object of the class runs
    for the IMPLICIT site's method, in binding order (memoized with the tokens read)."""
    def compute(entry: str) -> tuple[str, ...]:
        class_key, _, method = entry.partition("\0")
        out: list[str] = []
        if method.startswith(GETTER):
            names = method[len(GETTER):].split("|")
            patterns = [name for name in names if name.startswith("*")]
            if patterns:
                # `getattr(obj, name)`: any property; `f"{a}_id"`: those it can spell
                # (bodies.note_lookup)
                names = sorted({*names, *(
                    name for cls in program.mro(class_key)
                    for name in (defined.partition("@")[0] for defined in cls.methods)
                    if any(p == "*" or name_matches(p, name) for p in patterns))} -
                    set(patterns))
            for name in names:
                # The getter: under its own name, or kept apart when a setter rebinds it.
                key = program.find_method(class_key, name + "@get") or \
                    program.find_method(class_key, name)
                if key:
                    program.note(f"s|{key}")  # whether it is a property (see calls.bind)
                callee = program.functions.get(key) if key else None
                if callee is not None and callee.unsupported == "property" and \
                        len(callee.params) == 1:
                    out.append(callee.key)
            # `__getattribute__` runs for every attribute read, `__getattr__` for a name the
            # object does not have otherwise (taken as any): what they read is read (their
            # stale reads are the reader's; measured, TF 2.21: a `__getattr__` serving
            # `self._params[k]`, changed by a method between calls, eagerly the new value,
            # traced the first: tests/fixtures/soundness/served_attrs.py).
            for special in ("__getattribute__", "__getattr__"):
                key = program.find_method(class_key, special)
                if key is not None and key in program.functions:
                    out.append(key)
            return tuple(out)
        seen: set[str] = set()
        for cls in program.mro(class_key):
            for name, key in sorted(cls.methods.items()):
                if name in seen or name in NOT_IMPLICIT or \
                        not (name.startswith("__") and name.endswith("__")):
                    continue
                seen.add(name)
                out.append(key)
        return tuple(out)

    return compute
