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

Default-deny: any other store, and every store of a `setattr`, stays a write."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from hybridize.analysis.rebinding import bound_once

if TYPE_CHECKING:
    from hybridize.analysis.bodies import FunctionVisitor
    from hybridize.analysis.program import Program

USE = "attr-init"  # the value use a store gets (bodies.note_state_write): attr|class|scope
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.GeneratorExp,
           ast.ListComp, ast.SetComp, ast.DictComp)
_FRAME_NAMES = frozenset({"locals", "vars", "eval", "exec"})
_FRAME_ATTRS = frozenset({"_getframe", "currentframe", "f_locals"})


def initialises(visitor: FunctionVisitor, target: ast.Attribute) -> str | None:
    """"class|local" or "class|module" (the class's name, where it is bound) when this store
    is an initialising one."""
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
            enclosed.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
    out: dict[int, str] = {}
    for stmts in _statement_lists(body):
        for index, stmt in enumerate(stmts):
            made = _made(visitor, stmt, enclosed)
            if made is None:
                continue
            name, cls = made
            for later in stmts[index + 1:]:
                target = _own_store(later, name)
                if target is None or not _alone(stmts, later):
                    break
                out[id(target)] = cls
    return out


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
    return (name, f"{cls}|{scope}") if scope else None


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
    if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(stmt.value)):
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
        yield from ast.walk(stmt)


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
            found.add((file, line, attr))
    return found
