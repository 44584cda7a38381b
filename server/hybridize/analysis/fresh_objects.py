"""Initialising stores: attribute writes on an object the function has just made, before
anything else can reach it. They set the object up; they change nothing a graph can have read.

A write `obj.attr = v` makes a read of `.attr` stale (facts.attribute_write) when a graph traced
before it may have read the attribute of that same object. tf-models' classifier test does

    fake_ds_builder = EmptyClass()
    fake_ds_builder.dtype = dtype
    classifier_trainer.initialize(config, fake_ds_builder)

and, as `fake_ds_builder` is matched with every object of unknown type, each `.dtype` read of
the workspace was declined for it. No graph can have read that object's `.dtype` before the
store: the object did not exist before `EmptyClass()`, and between that call and the store
nothing could reach it. A store is initialising when, in the same statement list:

- `x = C(...)` binds a plain local `x` (no parameter, no `global`/`nonlocal`, bound again or not
  later: the stores follow at once) to a call of a class `C` whose construction runs no code of
  the workspace and cannot hand out an existing object: `C` is bound once, by a `class` statement
  of this function or of the module's top level (a module-level name bound nowhere else in the
  module; facts.py also checks no other module assigns it), without decorators, metaclass or
  keywords, with no base but `object`, whose body is only `pass`, `...` or a docstring (no
  `__init__`, `__new__`, `__setattr__`, descriptor or class attribute);
- the statements right after it are each `x.attr = value`, a single target, alone on their lines,
  whose `value` does not mention `x` (no read, no `:=` rebinding it); the first other statement
  ends the run (after it, the object may have escaped: its stores are writes like any other);
- no nested function, lambda, class or comprehension of the function mentions `x` (a closure
  could reach the object while a value is computed), and the function reaches no frame
  (`locals()`, `vars()`, `eval`, `exec`, `sys._getframe`, `inspect.currentframe`, `.f_locals`).
  A callee reading its caller's frame while a value is computed is not modelled (as nowhere
  else in the engine).

Objects of a *sealed* class (`ClassSummary.sealed`, `sealed_class`) are fresh too when every
class of its MRO is a sealed workspace class (no library base but `object`; the facts phase
checks it, `fresh_class`): a class without decorator, metaclass or class keyword, and without
`__new__`, `__setattr__`, `__delattr__`, `__del__` or `__getattribute__` (which could give
`x.__dict__` another, shared dictionary), whose own `__init__` (if any) mentions its
`self` only as the object of attribute stores (`self.rate = rate`) and in
`super(...).__init__(...)` as a statement (what runs there is the next sealed `__init__`), and
reaches no frame. Constructing one runs only such `__init__`s: nothing of it can hand `self` to
anyone. The stores after `x = C(...)` may then also be `x.__dict__[k] = v` (a write of any
attribute, `*`) and `for` loops over an iterable that does not mention `x` whose body is only
such stores, each on a line of its own (tf-models-official's `BertConfig.from_dict`:
`config = BertConfig(vocab_size=None)`, then `for (key, value) in ...: config.__dict__[key] =
value`). A named store `x.attr = v` on such an object is initialising only when no class of
the MRO defines `attr` at class level (a property or other descriptor would run its setter).
The call site is found again by its line (`C@LINE`, scope "class") and its callee must expand
to such classes only (a name bound to a factory or rebound elsewhere does not).

Default-deny: any other store, and every store of a `setattr`, stays a write."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from hybridize.analysis.rebinding import bound_once
from hybridize.analysis.syntax import walk

if TYPE_CHECKING:
    from hybridize.analysis.bodies import FunctionVisitor
    from hybridize.analysis.program import Program

USE = "attr-init"  # the value use a store gets (bodies.note_state_write): attr|class|scope
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.GeneratorExp,
           ast.ListComp, ast.SetComp, ast.DictComp)
_FRAME_NAMES = frozenset({"locals", "vars", "eval", "exec"})
_FRAME_ATTRS = frozenset({"_getframe", "currentframe", "f_locals"})


def initialises(visitor: FunctionVisitor, target: ast.Attribute) -> str | None:
    """"class|local" or "class|module" (the class's name, where it is bound), or
    "C@LINE|class" (a class the facts phase checks, `fresh_class`) when this store is an
    initialising one. `target`: the store's `x.attr` target, or the `x.__dict__` node of a
    `x.__dict__[k] = v` store."""
    found = getattr(visitor, "fresh_stores", None)
    if found is None:
        found = {} if visitor.is_module else _stores(visitor)
        visitor.fresh_stores = found  # type: ignore[attr-defined]
    return found.get(id(target))


def _stores(visitor: FunctionVisitor) -> dict[int, str]:
    body = visitor.body
    enclosed: set[str] = set()
    for node in _walk(body):
        if isinstance(node, ast.Name) and node.id in _FRAME_NAMES or \
                isinstance(node, ast.Attribute) and node.attr in _FRAME_ATTRS:
            return {}
        if isinstance(node, _SCOPES):
            enclosed.update(n.id for n in walk(node) if isinstance(n, ast.Name))
    out: dict[int, str] = {}
    for stmts in _statement_lists(body):
        for index, stmt in enumerate(stmts):
            made = _made(visitor, stmt, enclosed)
            if made is None:
                continue
            name, cls = made
            for later in stmts[index + 1:]:
                targets = _setup(later, name, cls.endswith("|class"))
                if targets is None or not _alone(stmts, later):
                    break
                for target in targets:
                    out[id(target)] = cls
    return out


def _setup(stmt: ast.stmt, name: str, sealed: bool) -> list[ast.AST] | None:
    """The store targets of a statement that only sets up the object `name`: `name.attr =
    value`; for a sealed class also `name.__dict__[key] = value` and a `for` over an iterable
    that does not mention `name` whose body is only such stores, each on its own line, none on
    the `for`'s."""
    target = _own_store(stmt, name)
    if target is not None:
        return [target]
    if not sealed:
        return None
    target = _dict_store(stmt, name)
    if target is not None:
        return [target]
    if not (isinstance(stmt, ast.For) and not stmt.orelse and stmt.body and
            not _mentions(stmt.iter, name) and not _mentions(stmt.target, name)):
        return None
    out: list[ast.AST] = []
    for inner in stmt.body:
        found = _own_store(inner, name) or _dict_store(inner, name)
        if found is None or inner.lineno == stmt.lineno or not _alone(stmt.body, inner):
            return None
        out.append(found)
    return out


def _dict_store(stmt: ast.stmt, name: str) -> ast.Attribute | None:
    """The `name.__dict__` node of `name.__dict__[key] = value` when neither the key nor the
    value mentions `name`."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return None
    target = stmt.targets[0]
    if not (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute) and
            target.value.attr == "__dict__" and isinstance(target.value.value, ast.Name) and
            target.value.value.id == name):
        return None
    if _mentions(target.slice, name) or _mentions(stmt.value, name) or \
            not _writes_no_attribute(target.slice) or not _writes_no_attribute(stmt.value):
        return None
    return target.value


def _mentions(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in walk(node))


# What an expression can write another object's attributes with, on the store's own line: the
# facts phase knows an initialising store by (file, line, attribute), so a write of the same
# attribute (or of any, `*`) in the stored value would pass with it (bodies.py and
# dict_writes.py record these forms).
_WRITING_NAMES = frozenset({"setattr", "delattr", "vars"})
_WRITING_ATTRS = frozenset({"__dict__", "__setattr__", "__delattr__"})


def _writes_no_attribute(node: ast.AST) -> bool:
    return not any(isinstance(n, ast.Name) and n.id in _WRITING_NAMES or
                   isinstance(n, ast.Attribute) and n.attr in _WRITING_ATTRS
                   for n in walk(node))


def _made(visitor: FunctionVisitor, stmt: ast.stmt,
          enclosed: set[str]) -> tuple[str, str] | None:
    """`x = C(...)` of a plain local x and a trivially made class C: (x, "C|scope")."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and
            isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.Call) and
            isinstance(stmt.value.func, ast.Name)):
        return None
    name, cls = stmt.targets[0].id, stmt.value.func.id
    if name not in visitor.local_names or name in enclosed or visitor.is_param(name) or \
            name in visitor.globals_declared or name in visitor.nonlocals:
        return None
    scope = _trivial_class(visitor, cls)
    if scope:
        return name, f"{cls}|{scope}"
    if cls == name or visitor.is_param(cls) or cls in visitor.globals_declared or \
            cls in visitor.nonlocals or any(not outer.is_module and cls in outer.local_names
                                            for outer in visitor.scopes):
        return None
    # Any other class: the facts phase finds the call at this line and checks its classes.
    return name, f"{cls}@{stmt.value.lineno}|class"


# Methods that run on construction or on the stores, or that give `x.__dict__` another object.
_CONSTRUCTION_HOOKS = frozenset({"__new__", "__setattr__", "__delattr__", "__del__",
                                 "__getattribute__"})


def sealed_class(node: ast.ClassDef) -> bool:
    """Constructing the class itself lets `self` go nowhere (see the module's doc; its bases
    are checked by the facts phase)."""
    if node.decorator_list or node.keywords:
        return False
    init = None
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if stmt.name in _CONSTRUCTION_HOOKS:
                return False
            if stmt.name == "__init__":
                if init is not None or stmt.decorator_list or \
                        isinstance(stmt, ast.AsyncFunctionDef):
                    return False
                init = stmt
        elif not isinstance(stmt, (ast.Expr, ast.Pass, ast.Assign, ast.AnnAssign, ast.ClassDef)):
            return False  # methods under `if`/`try` are not looked at
    return init is None or _init_keeps_self(init)


def _init_keeps_self(init: ast.FunctionDef) -> bool:
    args = init.args
    if not args.args or args.posonlyargs:
        return False
    me = args.args[0].arg
    allowed: set[int] = set()
    for node in walk(init):
        if isinstance(node, ast.Name) and node.id in _FRAME_NAMES or \
                isinstance(node, ast.Attribute) and node.attr in _FRAME_ATTRS:
            return False
        if isinstance(node, _SCOPES) and node is not init:
            return False  # a closure could keep `self`
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and target.value.id == me and target.attr != "__dict__":
                    allowed.add(id(target.value))
        if isinstance(node, ast.Expr) and _super_init(node.value, me):
            call = node.value.func.value  # type: ignore[union-attr]
            allowed.update(id(a) for a in call.args if isinstance(a, ast.Name) and a.id == me)
    return not any(isinstance(node, ast.Name) and node.id == me and id(node) not in allowed
                   for node in walk(init))


def _super_init(node: ast.expr, me: str) -> bool:
    """`super().__init__(...)` or `super(C, me).__init__(...)`, its arguments not mentioning
    `me`."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and
            node.func.attr == "__init__" and isinstance(node.func.value, ast.Call)):
        return False
    call = node.func.value
    if not (isinstance(call.func, ast.Name) and call.func.id == "super" and not call.keywords):
        return False
    if call.args and not (len(call.args) == 2 and isinstance(call.args[1], ast.Name) and
                          call.args[1].id == me and not _mentions(call.args[0], me)):
        return False
    return not any(_mentions(a, me) for a in [*node.args, *node.keywords])


def _trivial_class(visitor: FunctionVisitor, name: str) -> str:
    """"local" or "module" when `name` is a class made as described in the module's doc; ""
    otherwise."""
    if visitor.is_param(name) or name in visitor.globals_declared or name in visitor.nonlocals:
        return ""
    if name in visitor.local_names:
        if not bound_once(visitor.body, name):
            return ""
        defs = [n for n in _walk(visitor.body) if isinstance(n, ast.ClassDef) and n.name == name]
        return "local" if len(defs) == 1 and _trivial(visitor, defs[0]) else ""
    if any(not scope.is_module and (name in scope.local_names or scope.is_param(name))
           for scope in visitor.scopes):
        return ""  # an enclosing function's name: not looked at
    known = getattr(visitor.s, "fresh_classes", None)
    if known is None:
        known = {}
        visitor.s.fresh_classes = known  # type: ignore[attr-defined]
    if name not in known:
        tree = visitor.s.tree
        defs = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name]
        known[name] = len(defs) == 1 and _trivial(visitor, defs[0]) and \
            bound_once(tree.body, name)
    return "module" if known[name] else ""


def _trivial(visitor: FunctionVisitor, node: ast.ClassDef) -> bool:
    """No decorator, keyword (metaclass), base but `object`; a body of `pass`, `...` or a
    docstring only."""
    ctx = visitor.ctx
    shadowed = "object" in visitor.local_names or "object" in ctx.globals or \
        "object" in ctx.imports or "object" in ctx.classes or "object" in ctx.defs
    return not node.decorator_list and not node.keywords and all(
        isinstance(b, ast.Name) and b.id == "object" and not shadowed for b in node.bases) and \
        all(isinstance(s, ast.Pass) or isinstance(s, ast.Expr) and
            isinstance(s.value, ast.Constant) and (s.value.value is Ellipsis or
                                                   isinstance(s.value.value, str))
            for s in node.body)


def _own_store(stmt: ast.stmt, name: str) -> ast.Attribute | None:
    """The target of `name.attr = value` when `value` does not mention `name`."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return None
    target = stmt.targets[0]
    if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and
            target.value.id == name):
        return None
    if _mentions(stmt.value, name) or not _writes_no_attribute(stmt.value):
        return None
    return target


def _alone(stmts: list[ast.stmt], stmt: ast.stmt) -> bool:
    """No other statement of the list shares a line with it (value uses carry lines only)."""
    first, last = stmt.lineno, stmt.end_lineno or stmt.lineno
    return not any(other is not stmt and (other.end_lineno or other.lineno) >= first and
                   other.lineno <= last for other in stmts)


def _statement_lists(body: list[ast.stmt]) -> list[list[ast.stmt]]:
    """The body and every statement list nested in it, nested scopes left out."""
    out = [body]
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            value = getattr(node, field, None)
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                out.append(value)
            if isinstance(value, list):
                stack.extend(v for v in value if isinstance(v, ast.AST))
    return out


def _walk(body: list[ast.stmt]):
    """Every node of the body, nested scopes included (themselves, then their contents)."""
    for stmt in body:
        yield from walk(stmt)


def initialising_stores(program: Program, stores: dict[str, list[tuple[str, int, str, str, str]]],
                        mutated: dict[str, tuple[str, int, str]]) -> set[tuple[str, int, str]]:
    """(file, line, attribute) of every initialising store of the workspace, for
    facts.attribute_write to pass over (`stores`: function -> its stores, as
    call_index.CallIndex keeps them); a module-level class's name that another module assigns
    (`mod.Empty = Pool`, a global write) keeps its stores writes."""
    found: set[tuple[str, int, str]] = set()
    for key, entries in stores.items():
        module = program.modules.get(key.partition(":")[0])
        for file, line, attr, cls, scope in entries:
            if scope == "module" and (module is None or
                                      f"g:{module.import_name}.{cls}" in mutated):
                continue
            if scope == "class" and not _fresh_construction(program, key, cls, attr, mutated):
                continue
            found.add((file, line, attr))
    return found


def _fresh_construction(program: Program, key: str, made: str, attr: str,
                        mutated: dict[str, tuple[str, int, str]]) -> bool:
    """`made` ("C@LINE"): the call of `C` at that line of function `key` constructs objects of
    fresh classes only (`fresh_class`), by a name no code of the workspace assigns again, and
    a named store's attribute (not `*`) is defined at class level by none of their MROs."""
    name, _, line = made.rpartition("@")
    fn = program.functions.get(key)
    if fn is None or not line.isdigit():
        return False
    sites = [site for site in fn.calls if site.line == int(line) and site.method is None and
             site.text == name]
    module = program.modules.get(fn.module)
    if len(sites) != 1 or module is None:
        return False
    # The name as other modules would assign it (`configs.BertConfig = ...`, facts.py's
    # mutated globals); a rebinding in this module shows in the callee's values.
    qualified = module.imports.get(name) or f"{module.import_name}.{name}"
    if f"g:{qualified}" in mutated:
        return False
    classes = program.expand(sites[0].callee)
    if not classes or not all(v.startswith("cls:") and fresh_class(program, v[4:])
                              for v in classes):
        return False
    return attr == "*" or not any(attr in c.class_attrs or attr in c.methods
                                  for v in classes for c in program.mro(v[4:]))


def fresh_class(program: Program, class_key: str) -> bool:
    """Constructing the class runs only sealed `__init__`s of the workspace: every class of
    its MRO is a sealed workspace class, whose bases are workspace classes or `object`."""
    mro = program.mro(class_key)
    if not mro or mro[0].key != class_key:
        return False
    for cls in mro:
        if not cls.sealed:
            return False
        for base in cls.bases:
            values = program.expand(base)
            if not values or not all(v.startswith("cls:") or v == _OBJECT for v in values):
                return False
    return True


_OBJECT = "lib:object"
