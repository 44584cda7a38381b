"""Attribute writes that name no attribute: through `__dict__`, `vars()` or `__setattr__`.

A graph keeps the attribute values it read while tracing (a stale read, facts.stale_reads). The
engine matches a read `obj.attr` / `self.attr` with the stores that may change it; a store
that goes through the object's dictionary or its `__setattr__` names no attribute, so it was
not matched at all, and `def scaled(cfg, x): return x * cfg.scale` was proposed although
`Config.load(self, d)` runs `self.__dict__.update(d)` between two calls (measured, TF 2.21:
tests/test_dict_writes.py, the traced function keeps x * 2.0 after `cfg.load({"scale": 3.0})`,
eagerly x * 3.0). The forms, each taken as `setattr(obj, <computed name>, v)` (it may write
any attribute of `obj`, bodies' `*` attr-write):

- `obj.__dict__` used other than to read it: `.update(...)`, `.setdefault`, `.pop`, an item
  stored or deleted, the dictionary kept, passed on or returned (default-deny: whoever gets it
  may change it). Read only: `obj.__dict__[k]`, `k in obj.__dict__`, `.get/.keys/.items/
  .values/.copy()`, a `for` over it, `dict(...)`, `copy.deepcopy(...)`, `json.dumps(...)` and
  the like of it, also through a local assigned it whose every use is such a read;
- `vars(obj)`, the same dictionary, with the same read-only uses;
- `object.__setattr__(obj, name, v)`, `obj.__setattr__(name, v)`, `super().__setattr__(name,
  v)` (on the method's own object), the `__delattr__` forms, and `delattr(obj, "name")` with
  the name written (or a `for` over literal names): a deleted attribute read again raises
  eagerly (or reads the class's attribute of that name), the graph keeps the value it read.

Gap, measured and left (red team, session 8): `delattr(obj, name)` with a computed name. Taken as
a write of any attribute of an object of unknown type, the one in tf-models-official's
utils/docs/build_orbit_api_docs.py (`delattr(obj, doc_controls._FOR_SUBCLASS_IMPLEMENTERS)` on
the functions of tf.Module.__dict__, a docs build script) declined 32 of its 183 conversions;
a deleted attribute only changes a later read into an AttributeError eagerly (or into the class
attribute of that name), which a working program does not read.

On the method's own object in construction (`__init__`, `build`, syntax.NO_EFFECT_ON_SELF) these
set the object up, as `setattr(self, k, v)` there does: recorded as CONSTRUCTION_USE, a write
only when something runs construction again on an object in use (reruns.py; object_attrs.py
matches reads `obj.attr`, facts.attribute_writer reads `self.attr`). On its own object, a
class's `__setattr__` and `__delattr__` writing the attribute they are given (their own `name`
parameter, never bound again) are not writes (see _OWN_SETTERS); writing any other name, or
through `self.__dict__`, they are (`_given_name`).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from hybridize.analysis import fresh_objects, rebinding
from hybridize.analysis.syntax import NO_EFFECT_ON_SELF, walk

if TYPE_CHECKING:
    from hybridize.analysis.bodies import FunctionVisitor
    from hybridize.analysis.summary_model import FunctionSummary, Values

# A value use: construction's own computed attribute writes on `self` (detail: what it runs).
CONSTRUCTION_USE = "self-attr-write"

_READ_METHODS = frozenset({"get", "keys", "items", "values", "copy", "__contains__",
                           "__getitem__", "__len__", "__iter__"})
# Calls that only read (copy) the dictionary they are given.
_READ_CALLS = frozenset({"dict", "list", "tuple", "set", "sorted", "len", "iter", "repr", "str",
                         "print", "isinstance", "vars", "copy.copy", "copy.deepcopy",
                         "six.iteritems", "six.iterkeys", "six.itervalues", "pprint.pformat",
                         "pprint.pprint", "json.dumps", "json.dump", "yaml.dump",
                         "yaml.safe_dump"})
_SETTERS = frozenset({"__setattr__", "__delattr__"})
# A class's own `__setattr__`/`__delattr__` (keras-hub's Backbone.__setattr__ ends in
# `object.__setattr__(self, name, value)`) runs for `obj.attr = v` and setattr, which are
# matched where they are written, when it writes the name the store gave (_given_name): one
# writing `object.__setattr__(self, "scale", v)` changes `scale` at every store, whatever it
# names. Not `__setstate__`: code may call it on an object in use
# (`agent.__setstate__(saved)`), so its `self.__dict__.update(state)` is a write (default-deny;
# no `__setstate__` writes the dictionary in the eight real projects).
_OWN_SETTERS = frozenset({"__setattr__", "__delattr__"})


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else ""
    return ""


def _is_dictionary(node: ast.AST) -> bool:
    """`x.__dict__` or `vars(x)`."""
    if isinstance(node, ast.Attribute):
        return node.attr == "__dict__"
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id == "vars" and len(node.args) == 1


def read_only_dictionaries(body: list[ast.stmt]) -> frozenset[int]:
    """The ids of the `x.__dict__` / `vars(x)` nodes of a body that are only read (the
    module's doc lists the uses), also through a local they are assigned to whose every use,
    anywhere in the body, is such a read (tf2rl's `args = vars(args)`, then
    `json.dumps(args)`)."""
    parents: dict[int, ast.AST] = {}
    for parent in (n for stmt in body for n in walk(stmt)):
        for child in ast.iter_child_nodes(parent):
            parents[id(child)] = parent
    loads: dict[str, list[ast.Name]] = {}
    for node in (n for stmt in body for n in walk(stmt)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            loads.setdefault(node.id, []).append(node)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                loads.setdefault(name, []).append(ast.Name(id=name))  # no parent: not a read
    found: set[int] = set()
    for node in (n for stmt in body for n in walk(stmt)):
        if not _is_dictionary(node):
            continue
        parent = parents.get(id(node))
        if _read_use(node, parents):
            found.add(id(node))
        elif isinstance(parent, ast.Assign) and parent.value is node and \
                len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name) and \
                all(_read_use(use, parents) for use in loads.get(parent.targets[0].id, ())):
            found.add(id(node))
    return frozenset(found)


def _read_use(node: ast.expr, parents: dict[int, ast.AST]) -> bool:
    """`node` (a dictionary, or a local holding one) is only read where it is used."""
    parent = parents.get(id(node))
    if parent is None:
        return False
    if isinstance(parent, ast.Attribute) and parent.value is node and \
            parent.attr in _READ_METHODS:
        call = parents.get(id(parent))
        return isinstance(call, ast.Call) and call.func is parent
    return _reads(parent, node)


def _reads(parent: ast.AST, child: ast.expr) -> bool:
    if isinstance(parent, ast.Subscript):
        return parent.value is child and isinstance(parent.ctx, ast.Load)
    if isinstance(parent, ast.Compare):
        return child in parent.comparators and all(
            isinstance(op, (ast.In, ast.NotIn)) for op in parent.ops)
    if isinstance(parent, (ast.For, ast.AsyncFor, ast.comprehension)):
        return parent.iter is child
    if isinstance(parent, ast.Call):
        return child in parent.args and _dotted(parent.func) in _READ_CALLS
    return False


def _on_self(visitor: FunctionVisitor, obj: ast.expr | None) -> bool:
    return obj is not None and isinstance(obj, ast.Name) and obj.id == visitor.self_name


def _record(visitor: FunctionVisitor, obj: ast.expr | None, values: Values, line: int,
            what: str, name: ast.expr | None = None) -> None:
    if not visitor.writes_at(line):
        return  # module code before any call sets up, as an import does (as for setattr)
    if _on_self(visitor, obj):
        if visitor.fn.name in _OWN_SETTERS and _given_name(visitor, name):
            return  # the object's `__setattr__` runs for stores the engine already sees
        if visitor.fn.name in NO_EFFECT_ON_SELF:
            visitor.use(CONSTRUCTION_USE, values, line, what)
            return
    # A name written literally (`delattr(cfg, "decay")`, or the variable of a `for` over literal
    # names) writes only that attribute, as for setattr (bodies.setattr_names).
    names = visitor.setattr_names(name) if name is not None else None
    for attr in names or ["*"]:
        visitor.use("attr-write", values, line, f"{attr}|{visitor.fn.qualname}() runs {what}")
    note_function_state(visitor, obj, line, f"{visitor.fn.qualname}() runs {what}")


def note_function_state(visitor: FunctionVisitor, obj: ast.expr | None, line: int,
                        what: str) -> None:
    """`vars(scale)["k"] = v`, `functools.update_wrapper(scale, src)`: the attributes of the
    module's function `scale` change, which its readers (`scale.k` in its body) read (a
    second red team of session 25: a converted caller kept the value read while tracing); as
    `scale.k = v` does, a write of the global (facts.stale_reads)."""
    if isinstance(obj, ast.Name) and obj.id in visitor.ctx.defs and \
            not visitor.shadowed(obj.id):
        visitor.s.global_writes.append((f"g:{visitor.ctx.import_name}.{obj.id}", line, what))


def note_dictionary(visitor: FunctionVisitor, node: ast.Attribute | ast.Call,
                    obj: ast.expr, values: Values) -> None:
    """`obj.__dict__` (or `vars(obj)`) evaluated, `values` those of `obj`: a write of any
    attribute of `obj` unless only read."""
    if not _is_dictionary(node) or not visitor.writes_at(node.lineno):
        return
    read_only = getattr(visitor, "_dict_read_only", None)
    if read_only is None:
        read_only = read_only_dictionaries(visitor.body)
        visitor._dict_read_only = read_only  # type: ignore[attr-defined]
    if id(node) not in read_only:
        _record(visitor, obj, values, node.lineno, ast.unparse(node)[:60])
        made = fresh_objects.initialises(visitor, node) \
            if isinstance(node, ast.Attribute) else None
        if made is not None:  # `x = Config(); x.__dict__[k] = v`: sets up an object just made
            visitor.use(fresh_objects.USE, values, node.lineno, f"*|{made}")


def note_call(visitor: FunctionVisitor, node: ast.Call, qualified: str | None,
              args: list[Values], receiver: Values | None) -> None:
    """`object.__setattr__(obj, ...)`, `obj.__setattr__(...)`, `super().__setattr__(...)`,
    the `__delattr__` forms, `delattr(obj, ...)` and `vars(obj)` (see note_dictionary)."""
    func = node.func
    # The call's text only where a write is recorded (unparsed for every call, it was half of
    # the summaries' ast.unparse time).
    what = lambda: ast.unparse(node)[:60]  # noqa: E731
    if qualified == "vars" and len(node.args) == 1 and args:
        note_dictionary(visitor, node, node.args[0], args[0])
    elif qualified == "delattr" and len(node.args) == 2 and args and \
            visitor.setattr_names(node.args[1]):
        _record(visitor, node.args[0], args[0], node.lineno, what(), _arg(node, 1))
    elif isinstance(func, ast.Attribute) and func.attr in _SETTERS:
        target = func.value
        if isinstance(target, ast.Name) and target.id == "object":
            if node.args and args:
                _record(visitor, node.args[0], args[0], node.lineno, what(), _arg(node, 1))
        elif isinstance(target, ast.Call) and isinstance(target.func, ast.Name) and \
                target.func.id == "super":
            me = visitor.self_name
            if me is not None:
                _record(visitor, ast.Name(id=me), visitor.lookup(me, node.lineno),
                        node.lineno, what(), _arg(node, 0))
        elif receiver is not None:
            _record(visitor, target, receiver, node.lineno, what(), _arg(node, 0))


def _given_name(visitor: FunctionVisitor, name: ast.expr | None) -> bool:
    """In a class's own `__setattr__(self, name, value)` / `__delattr__(self, name)`: the
    write is of the attribute the store named (`super().__setattr__(name, value)`,
    `object.__setattr__(self, name, value)`), `name` being the method's parameter, never bound
    again. A setter that writes another name (`object.__setattr__(self, "scale", value)`, `"_"
    + name`, `self.__dict__[...]`, whose key is not seen here) writes attributes no store names:
    a write like any method's (measured, TF 2.21: `setattr(r, "start_id", 5.0)` on such an
    object changed `r.scale`, eagerly 5.0, traced the first 2.0)."""
    params = visitor.fn.params
    return isinstance(name, ast.Name) and len(params) >= 2 and name.id == params[1] and \
        rebinding.never_bound(visitor.body, name.id)


def _arg(node: ast.Call, index: int) -> ast.expr | None:
    """The attribute name argument, when given positionally (else any attribute)."""
    if len(node.args) > index and not isinstance(node.args[index], ast.Starred) and \
            not any(isinstance(a, ast.Starred) for a in node.args[:index]):
        return node.args[index]
    return None


def writes_own_attributes(fn: FunctionSummary) -> bool:
    """Construction (`fn`) writes attributes of its own object that it does not name:
    `setattr(self, k, v)` or one of this module's forms."""
    if not fn.params:
        return False
    me = frozenset({f"p|{fn.key}|{fn.params[0]}"})
    return any(site.static == "setattr" and site.args and site.args[0] == me
               for site in fn.calls) or any(use == CONSTRUCTION_USE
                                            for use, *_ in fn.value_uses)
