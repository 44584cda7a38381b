"""Bound methods that may outlive their instance (session 31; session 30's open p58, p61, p64).

`tf.function` binds a method to its instance through a weak reference. Eagerly `fn =
Scorer().score` holds the instance; once the method is a tf.function, nothing does, and the
traced call finds `self` gone (measured with TF 2.21: AttributeError "'NoneType' object has no
attribute 'scale'"; eagerly the sum). Converting a method is sound only where every bound method
of it that is taken as a value keeps something else holding its instance while it is called.

This module finds, in one module's syntax, the attributes taken as values (`X.m` that is not
called there) that may outlive what holds `X`:

- `X` is a temporary (a call's result, or reached from one: `Scorer(scale).score`);
- the bound method escapes its scope: it is (or a name bound to it is) returned or yielded,
  stored into an attribute, an item or a global, given to `functools.partial`, or the result of a
  lambda (`return scorer.score`, `lambda: self.score`, `self.fn = other.score`);
- the name holding `X` is deleted or bound again in that scope (`fn = scorer.score; del
  scorer`).

An argument of a call (`ds.map(self.parse)`, `tf.map_fn(scorer.score, xs)`) is used while the
caller holds `X`: not counted. Methods are matched by name (facts.loose_method): the engine
does not know which class's method a bound value is, so every method of that name counts.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator

from hybridize.analysis.syntax import dotted_name

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
# What holds a bound method given to it and gives it back to the caller (the call's result
# escapes as the bound method itself would).
_HOLDERS = frozenset({"functools.partial", "partial", "functools.wraps", "staticmethod"})
_ARGUMENT = ""  # _escape: an argument of a call
# Container methods that keep what they are given.
_STORING = frozenset({"append", "extend", "insert", "add", "setdefault", "update",
                      "appendleft", "put"})


def loose_methods(tree: ast.Module) -> tuple[tuple[str, int, str, str, str], ...]:
    """(method name, line, text, why, class) for each bound method taken as a value that may
    outlive its instance, in source order; `class` is the qualified name of a class of the
    module the instance is known to be of (the method's own `self`, `Scorer(...)` or a local
    bound only to `Scorer(...)`: the method is that class's, or a base's or a subclass's), else
    "" (any class's)."""
    stores = Counter(node.attr for node in ast.walk(tree)
                     if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load))
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    found: list[tuple[str, int, str, str, str]] = []
    for scope, own, cls in _scopes(tree):
        found.extend(_in_scope(scope, own, cls, stores, classes))
    found.sort(key=lambda item: (item[1], item[0], item[2]))
    return tuple(found)


def _scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, list[ast.AST], str]]:
    """Each scope (the module, every function and lambda) with its own nodes (those not
    inside a nested function or lambda: a class body belongs to the scope around it) and, for
    a method, the qualified name of its class."""
    pending: list[tuple[ast.AST, str]] = [(tree, "")]
    while pending:
        scope, cls = pending.pop()
        own: list[ast.AST] = []
        stack: list[tuple[ast.AST, str]] = [(child, "") for child in ast.iter_child_nodes(scope)]
        if isinstance(scope, _SCOPES):  # its decorators and defaults run in the outer scope
            stack = [(node, "") for node in
                     (scope.body if not isinstance(scope, ast.Lambda) else [scope.body])]
        while stack:
            node, inside = stack.pop()
            own.append(node)
            if isinstance(node, _SCOPES):
                pending.append((node, inside))
                stack.extend((d, "") for d in (
                    *(node.decorator_list if not isinstance(node, ast.Lambda) else ()),
                    node.args))
                continue
            if isinstance(node, ast.ClassDef):
                qualname = f"{inside}.{node.name}" if inside else node.name
                stack.extend((child, qualname if child in node.body else "")
                             for child in ast.iter_child_nodes(node))
                continue
            stack.extend((child, "") for child in ast.iter_child_nodes(node))
        yield scope, own, cls


def _in_scope(scope: ast.AST, own: list[ast.AST], cls: str, stores: Counter[str],
              classes: set[str]) -> Iterator[tuple[str, int, str, str, str]]:
    parents: dict[int, ast.AST] = {}
    for node in own:
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    if isinstance(scope, ast.Lambda):
        parents[id(scope.body)] = scope
    this = scope.args.args[0].arg if cls and isinstance(
        scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and scope.args.args else None
    module = isinstance(scope, ast.Module)
    bindings: Counter[str] = Counter()
    deleted: set[str] = set()
    returned: set[str] = set()  # names whose value is returned, yielded or stored
    escaping: set[str] = set()  # names declared global or nonlocal
    made: dict[str, str] = {}  # local -> the module's class it is bound to an instance of
    for node in own:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            made[node.targets[0].id] = _made(node.value, classes)
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Store):
                bindings[node.id] += 2 if _in_loop(node, parents) else 1
            elif isinstance(node.ctx, ast.Del):
                deleted.add(node.id)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            escaping.update(node.names)
    used: set[str] = set()  # names read where a function could be used (not `rank == 2`)
    for node in own:  # a name holding a bound method escapes as the method would
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if _escape(node, parents, this, stores)[0] is not None:
                returned.add(node.id)
            if not _inert(node, parents):
                used.add(node.id)
    for node in own:
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            receiver, attr = node.value, node.attr
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id == "getattr" and len(node.args) in (2, 3) and \
                isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
            receiver, attr = node.args[0], node.args[1].value  # `getattr(scorer, "score")`
        else:
            continue
        parent = parents.get(id(node))
        if isinstance(parent, ast.Call) and parent.func is node or _inert(node, parents):
            continue
        if isinstance(parent, ast.Attribute) or isinstance(parent, ast.Subscript) and \
                parent.value is node:
            continue  # `x.a.b`, `x.a[0]`: the attribute's own attribute or item is taken
        text = ast.unparse(node)
        if len(text) > 48:
            text = text[:45] + "..."
        where, name = _escape(node, parents, this, stores)
        root = _root(receiver)
        why = None
        if _temporary(receiver):
            # given to a call, kept or bound to a name used as a value (a global: any): only
            # the bound method holds the temporary
            if where is not None or name == _ARGUMENT or name in used or \
                    name in returned or name and module:
                why = "taken from a temporary object, which nothing else holds"
        elif where is not None:
            why = where
        elif name and (name in returned or name in escaping):
            why = f"bound to `{name}`, which " + (
                "is returned or stored" if name in returned else "is a global")
        elif name and (name in used or module) and isinstance(root, ast.Name) and \
                (root.id in deleted or bindings[root.id] > 1):
            why = f"bound to `{name}` from `{root.id}`, which is " + (
                "deleted" if root.id in deleted else "bound again") + " in the same scope"
        if why is not None:
            if isinstance(receiver, ast.Name):
                known = cls if receiver.id == this else \
                    made.get(receiver.id, "") if bindings[receiver.id] == 1 else ""
            else:
                known = _made(receiver, classes)
            yield attr, node.lineno, text, why, known


def _escape(node: ast.AST, parents: dict[int, ast.AST], this: str | None,
            stores: Counter[str]) -> tuple[str | None, str | None]:
    """Where the value of `node` goes: (why it escapes, None), (None, a local name bound to it),
    (None, _ARGUMENT) for an argument of a call, or (None, None) where it is only used while
    the scope runs, or kept by the method's own
    instance with what holds its object (`self.step = self.model.call`, where the module
    assigns `.model` once)."""
    child = node
    parent = parents.get(id(node))
    while parent is not None:
        if isinstance(parent, (ast.Tuple, ast.List, ast.Set, ast.Starred, ast.BoolOp)) or \
                isinstance(parent, ast.IfExp) and child is not parent.test or \
                isinstance(parent, ast.Dict) and child in parent.values or \
                isinstance(parent, (ast.ListComp, ast.SetComp, ast.GeneratorExp)) and \
                child is parent.elt or isinstance(parent, ast.DictComp) and \
                child is parent.value:
            child, parent = parent, parents.get(id(parent))
            continue
        if isinstance(parent, ast.NamedExpr) and child is parent.value:
            return None, parent.target.id
        if isinstance(parent, ast.Call) and child is not parent.func:
            if dotted_name(parent.func) in _HOLDERS:
                child, parent = parent, parents.get(id(parent))
                continue
            func = parent.func
            if isinstance(func, ast.Attribute) and func.attr in _STORING:
                # `fns.append(scorer.score)`: held as long as the container is
                if isinstance(func.value, ast.Name):
                    return None, func.value.id
                return "stored", None
            return None, _ARGUMENT  # used by the call while the caller holds the object
        if isinstance(parent, (ast.Return, ast.Yield, ast.YieldFrom)):
            return "returned", None
        if isinstance(parent, ast.Lambda):
            return "returned by a lambda", None
        if isinstance(parent, (ast.Assign, ast.AnnAssign)) and child is parent.value:
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if len(names) != len(targets):
                if this is not None and all(_held_by(t, this) for t in targets) and \
                        _held_by(node, this, stores):
                    return None, None
                return "stored", None
            if isinstance(parents.get(id(parent)), ast.ClassDef):
                return "a class attribute", None
            return None, names[0]
        if isinstance(parent, ast.keyword):
            child, parent = parent, parents.get(id(parent))
            continue
        if isinstance(parent, ast.arguments):
            return "a default value", None
        return None, None
    return None, None


def _inert(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """`node` is read where no function can be used: an operand of a comparison or an
    operator, a formatted value, a test (`rank == 3`, `if x.get_shape().rank:`)."""
    parent = parents.get(id(node))
    if isinstance(parent, (ast.Compare, ast.BinOp, ast.UnaryOp, ast.FormattedValue,
                           ast.AugAssign)):
        return True
    return isinstance(parent, (ast.If, ast.While, ast.Assert, ast.IfExp)) and \
        parent.test is node


def _held_by(node: ast.AST, this: str, stores: Counter[str] | None = None) -> bool:
    """`node` is `self.a` (a target) or `self.a.m`/`self.m` (a value) of the method's own
    `self`, where the module assigns `.a` once (nothing replaces the object it holds)."""
    if not isinstance(node, ast.Attribute):
        return False
    inner = node.value
    if isinstance(inner, ast.Name):
        return inner.id == this
    if stores is None:
        return False
    return isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and \
        inner.value.id == this and stores[inner.attr] <= 1


def _temporary(node: ast.expr) -> bool:
    """A call's result or something reached from one (not `super()`, `type(self)`): what
    nothing but the expression holds (bodies._temporary_object)."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return isinstance(node, ast.Call) and not (
        isinstance(node.func, ast.Name) and node.func.id in ("super", "type"))


def _made(node: ast.expr, classes: set[str]) -> str:
    """The module's class whose instance `node` makes (`Scorer(...)`), else ""."""
    return node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id in classes else ""


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node


def _in_loop(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    parent = parents.get(id(node))
    while parent is not None:
        if isinstance(parent, (ast.For, ast.AsyncFor, ast.While, ast.comprehension)):
            return True
        parent = parents.get(id(parent))
    return False
