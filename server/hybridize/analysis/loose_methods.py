"""Bound methods that may outlive their instance (session 31; session 30's open p58, p61, p64).

`tf.function` binds a method to its instance through a weak reference. Eagerly `fn =
Scorer().score` holds the instance; once the method is a tf.function, nothing does, and the
traced call finds `self` gone (measured with TF 2.21: AttributeError "'NoneType' object has no
attribute 'scale'"; eagerly the sum). Converting a method is sound only where every bound method
of it that is taken as a value keeps something else holding its instance while it is called.

Default-deny: this module lists, in one module's syntax, every attribute taken as a value (`X.m`
not called on the spot, `getattr(X, "m")`, `operator.attrgetter("m")`) except the uses known to
end while what holds `X` still does:

- a direct argument of a call that runs the function before it returns (TensorFlow's control
  flow and mapping, tf.data's transformations, `strategy.run`, `tf.function` itself, which
  holds the bound method and so its instance), or of a TensorFlow, Keras or NumPy op, which
  takes tensors (not `tf.py_function`, `keras.layers.Lambda` and the like, which keep a
  function), of a receiver that is a name or an attribute chain of one (not a call's result:
  `Scorer(2.0).score` dies at once);
- `self.step = self.m` or `self.step = self.model.m` in a method: kept by the instance that
  holds what it is taken from, where the module binds `.model` once, outside a loop, defines
  nothing named `model` (a property could make a new object) and never reaches `__dict__`,
  `setattr` or `delattr`;
- a module, a class or a function the module imports or defines (`tf.nn.relu`,
  `Scorer.score`): not a bound method;
- an operand of a comparison, an operator or a test (`x.get_shape().rank == 3`): not called.

Every other use may keep the bound method after its instance dies (returned, stored, bound to
a name, given to any other call, which may keep it: `register(s.score)`, `dict(fn=s.score)`).
Methods are matched by name (facts.loose_method), through the aliases a class body binds
(`run = score`); where the instance's class is known (the method's own `self`, `Cls(...)` of a
class of the module, a local bound once to one), only that class and those related to it.
Not seen: `getattr` with a name that is not a constant, `__getattr__` delegation.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator

from hybridize.analysis.liveness import RUN_NOW
from hybridize.analysis.syntax import dotted_name

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
# Calls that run the function they are given before they return (liveness.RUN_NOW, and
# `strategy.run`, `sorted(key=...)`...): what holds its instance then holds it while it runs
# (the builtins `map` and `filter` are lazy: not these). `tf.function(s.m)` holds the bound
# method itself, and so its instance.
_RUN_NOW = RUN_NOW | {"map_structure_up_to", "run", "experimental_run_v2", "function",
                      "sorted", "min", "max"}
_LAZY_BUILTINS = frozenset({"map", "filter"})
_LIBRARIES = frozenset({"tensorflow", "keras", "tf_keras", "numpy"})
# Library functions that take a function and may keep it (a graph's py_function, a Keras
# layer or callback holding it): not read-only like the libraries' other calls.
_TAKING_FUNCTIONS = frozenset({"py_function", "numpy_function", "py_func", "custom_gradient",
                               "recompute_grad", "Lambda", "LambdaCallback",
                               "LearningRateScheduler", "register_tensor_conversion_function",
                               "Module", "Layer", "Model"})
# Calls that only look at what they are given (`inspect.signature(self.call)` is read by the
# `inspect` module's functions too).
_READERS = frozenset({"callable", "id", "hash", "repr", "str", "print", "isinstance", "type",
                      "hasattr", "len", "bool"})
# Calls that keep what they are given and give it back wrapped: where their result goes.
_HOLDERS = frozenset({"functools.partial", "partial"})
Loose = tuple[str, int, str, str, str]


def loose_methods(tree: ast.Module) -> tuple[Loose, ...]:
    """(method name, line, text, why, class) for each bound method taken as a value that may
    outlive its instance, in source order, then ("=alias", line, target, "", class) for each
    name a class body binds to one of its methods (`run = score`); `class` is the qualified
    name of a class of the module the instance is known to be of, else "" (any class's)."""
    scopes = list(_scopes(tree))
    stores: Counter[str] = Counter()  # attribute -> times stored (an extra 2 in a loop)
    known: set[str] = set()  # modules, classes and functions (not bound methods)
    libraries: set[str] = set()  # names of TensorFlow, Keras, NumPy (their ops take tensors)
    defined: set[str] = set()
    static = True  # no `setattr`, `delattr`, `__dict__`
    aliases: list[Loose] = []
    for _, own, _, looped, _ in scopes:  # every node once
        for node in own:
            kind = type(node)
            if kind is ast.Attribute:
                if not isinstance(node.ctx, ast.Load):  # type: ignore[attr-defined]
                    stores[node.attr] += 3 if id(node) in looped else 1  # type: ignore
                elif node.attr == "__dict__":  # type: ignore[attr-defined]
                    static = False
            elif kind is ast.Name:
                static = static and node.id not in ("setattr", "delattr")  # type: ignore
            elif kind in (ast.FunctionDef, ast.AsyncFunctionDef):
                defined.add(node.name)  # type: ignore[attr-defined]
            elif kind is ast.Import:
                for a in node.names:  # type: ignore[attr-defined]
                    known.add((a.asname or a.name).split(".")[0])
                    if a.name.split(".")[0] in _LIBRARIES:
                        libraries.add((a.asname or a.name).split(".")[0])
            elif kind is ast.ImportFrom:
                names = [a.asname or a.name for a in node.names]  # type: ignore[attr-defined]
                known.update(names)
                if node.module and node.module.split(".")[0] in _LIBRARIES:  # type: ignore
                    libraries.update(names)
            elif kind is ast.ClassDef:
                aliases += _aliases(node)  # type: ignore[arg-type]
    known.update(node.name for node in tree.body
                 if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)))
    # (a class whose `__new__` or `__getattr__` may give another class's object or method is
    # no hint: session 31's red team, p120, p121)
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef) and
               not any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and
                       s.name in ("__new__", "__getattr__", "__getattribute__")
                       for s in node.body)}
    found: list[Loose] = []
    for scope, own, cls, _, parents in scopes:
        found.extend(_in_scope(scope, own, cls, parents, stores, known, classes, static,
                               defined, libraries))
    found.sort(key=lambda item: (item[1], item[0], item[2]))
    aliases.sort(key=lambda item: (item[1], item[0]))
    return tuple(found) + tuple(aliases)


def _aliases(node: ast.ClassDef) -> list[Loose]:
    """`run = score` in a class body: ("=run", line, "score", "", class)."""
    methods = {s.name for s in node.body if isinstance(s, (ast.FunctionDef,
                                                           ast.AsyncFunctionDef))}
    return [(f"={t.id}", stmt.lineno, stmt.value.id, "", node.name) for stmt in node.body
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Name) and
            stmt.value.id in methods for t in stmt.targets if isinstance(t, ast.Name)]


_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def _scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, list[ast.AST], str, set[int],
                                               dict[int, ast.AST]]]:
    """Each scope (the module, every function and lambda) with its own nodes (those not
    inside a nested function or lambda: a class body belongs to the scope around it), for a
    method the qualified name of its class, the ids of its nodes inside a loop, and each own
    node's parent."""
    pending: list[tuple[ast.AST, str]] = [(tree, "")]
    while pending:
        scope, cls = pending.pop()
        own: list[ast.AST] = []
        looped: set[int] = set()
        parents: dict[int, ast.AST] = {}
        roots = scope.body if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) else \
            [scope.body] if isinstance(scope, ast.Lambda) else \
            list(ast.iter_child_nodes(scope))  # (a def's decorators and defaults: outside)
        if isinstance(scope, ast.Lambda):
            parents[id(scope.body)] = scope
        stack: list[tuple[ast.AST, str, bool]] = [(node, "", False) for node in roots]
        while stack:
            node, inside, in_loop = stack.pop()
            own.append(node)
            if in_loop:
                looped.add(id(node))
            if isinstance(node, _SCOPES):
                pending.append((node, inside))
                for part in (*(node.decorator_list if not isinstance(node, ast.Lambda) else ()),
                             node.args):
                    parents[id(part)] = node
                    stack.append((part, "", in_loop))
                continue
            loop = in_loop or isinstance(node, _LOOPS)
            body = {id(child) for child in node.body} if isinstance(node, ast.ClassDef) else ()
            qualname = (f"{inside}.{node.name}" if inside else node.name) \
                if isinstance(node, ast.ClassDef) else ""
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
                stack.append((child, qualname if id(child) in body else "", loop))
        yield scope, own, cls, looped, parents


def _in_scope(scope: ast.AST, own: list[ast.AST], cls: str, parents: dict[int, ast.AST],
              stores: Counter[str], known: set[str], classes: set[str], static: bool,
              defined: set[str], libraries: set[str]) -> Iterator[Loose]:
    this = scope.args.args[0].arg if cls and isinstance(
        scope, (ast.FunctionDef, ast.AsyncFunctionDef)) and scope.args.args else None
    bindings: Counter[str] = Counter()
    made: dict[str, str] = {}  # local -> the module's class it is bound to an instance of
    local: set[str] = set()
    for node in own:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            made[node.targets[0].id] = _made(node.value, classes)
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bindings[node.id] += 1
            local.add(node.id)
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        local |= {a.arg for a in [*scope.args.posonlyargs, *scope.args.args,
                                  *scope.args.kwonlyargs]}
    for node in own:
        taken = _taken(node)
        if taken is None:
            continue
        receiver, attr = taken
        parent = parents.get(id(node))
        if receiver is not None and (isinstance(parent, ast.Call) and parent.func is node or
                                     _inert(node, parents)):
            continue
        if isinstance(parent, ast.Attribute) and parent.attr not in ("__get__", "__func__") or \
                isinstance(parent, ast.Subscript) and parent.value is node:
            continue  # `x.a.b`, `x.a[0]`: the attribute's own attribute or item is taken
        root = _root(receiver) if receiver is not None else None
        bound_by_hand = isinstance(parent, ast.Attribute) and parent.attr == "__get__"
        if isinstance(root, ast.Name) and root.id in known and root.id not in local and \
                not bound_by_hand:
            continue  # `tf.nn.relu`, `Scorer.score`: a module's function, a class's
        why = "bound by hand (`__get__`)" if bound_by_hand else \
            _why(node, receiver, parents, this, stores, static, defined, libraries)
        if why is None or attr == "*" and why.startswith("given to"):
            continue  # (`serialize(key, getattr(self, key))`: read as data, most likely)
        text = ast.unparse(node)
        if len(text) > 48:
            text = text[:45] + "..."
        if isinstance(receiver, ast.Name):
            hint = cls if receiver.id == this else \
                made.get(receiver.id, "") if bindings[receiver.id] == 1 else ""
        else:
            hint = _made(receiver, classes) if receiver is not None else ""
        yield attr, node.lineno, text, why, hint


def _taken(node: ast.AST) -> tuple[ast.expr | None, str] | None:
    """(receiver, name) of `X.m` (a load), `getattr(X, "m")`, `operator.attrgetter("m")` and
    `methodcaller("m")` (no receiver); None for any other node."""
    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
        return node.value, node.attr
    if not isinstance(node, ast.Call) or not node.args:
        return None
    name = dotted_name(node.func) or ""
    if name == "getattr" and len(node.args) in (2, 3):
        if not isinstance(node.args[1], ast.Constant):
            return node.args[0], "*"  # any method (of the receiver's class, where known)
        if isinstance(node.args[1].value, str):
            return node.args[0], node.args[1].value
    if name.rpartition(".")[2] in ("attrgetter", "methodcaller") and \
            isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return None, node.args[0].value.rpartition(".")[2]
    return None


def _why(node: ast.AST, receiver: ast.expr | None, parents: dict[int, ast.AST],
         this: str | None, stores: Counter[str], static: bool,
         defined: set[str], libraries: set[str]) -> str | None:
    """Why the bound method may outlive its instance, or None where the use is safe."""
    if receiver is None:
        return "taken by name, whatever object it is applied to later"
    if _temporary(receiver):
        return "taken from a temporary object, which nothing else holds"
    value: ast.AST = node
    while True:
        parent = parents.get(id(value))
        child: ast.AST = value
        if isinstance(parent, ast.keyword):
            child, parent = parent, parents.get(id(parent))
        if not isinstance(parent, ast.Call) or child is parent.func:
            break
        func = parent.func
        name = dotted_name(func) or ""
        tail = name.rpartition(".")[2]
        if tail in _RUN_NOW and not (isinstance(func, ast.Name) and tail in _LAZY_BUILTINS) or \
                name in _READERS or name.split(".")[0] in ("inspect", "tf_inspect") or \
                name.split(".")[0] in libraries and tail not in _TAKING_FUNCTIONS:
            # run or read before the call returns, while the receiver is held; a library op
            # takes tensors (`tf.clip_by_norm(g, hyper.clip)` reads a number)
            return None
        if name not in _HOLDERS:
            return f"given to `{ast.unparse(func)[:30]}()`, which may keep it"
        value = parent  # `functools.partial(self.model.call)`: where the partial goes
    parent = parents.get(id(value))
    child = value
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and child is parent.value:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if this is not None and static and all(_held_by(t, this) for t in targets) and \
                _held_by(node, this, stores, defined):
            return None  # `self.step = self.model.call`
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        return f"bound to `{names[0]}`" if names else "stored"
    if isinstance(parent, (ast.Return, ast.Yield, ast.YieldFrom, ast.Lambda)):
        return "returned"
    return "kept in a value the engine does not follow"


def _held_by(node: ast.AST, this: str, stores: Counter[str] | None = None,
             defined: set[str] | None = None) -> bool:
    """`node` is `self.a` (a target) or `self.a.m`/`self.m` (a value) of the method's own
    `self`, where the module assigns `.a` once, outside a loop, and defines no function named
    `a` (nothing replaces the object it holds)."""
    if not isinstance(node, ast.Attribute):
        return False
    inner = node.value
    if isinstance(inner, ast.Name):
        return inner.id == this
    if stores is None or defined is None:
        return False
    return isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and \
        inner.value.id == this and stores[inner.attr] <= 1 and inner.attr not in defined


def _inert(node: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """`node` is read where no function can be used: an operand of a comparison or an
    operator, a formatted value, a test (`rank == 3`, `if x.get_shape().rank:`)."""
    parent = parents.get(id(node))
    if isinstance(parent, (ast.Compare, ast.BinOp, ast.UnaryOp, ast.FormattedValue,
                           ast.AugAssign, ast.BoolOp)):
        return True
    return isinstance(parent, (ast.If, ast.While, ast.Assert, ast.IfExp)) and \
        parent.test is node


def _made(node: ast.expr, classes: set[str]) -> str:
    """The module's class whose instance `node` makes (`Scorer(...)`), else ""."""
    return node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id in classes else ""


def _temporary(node: ast.expr) -> bool:
    """Not a name or an attribute chain of one: a call's result or something reached from
    one, an item of a display (`[Scorer()][0]`), which nothing but the expression may hold
    (not `super()`, `type(self)`)."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        if isinstance(node, ast.Subscript) and not isinstance(node.value, (ast.Name,
                                                                           ast.Attribute)):
            return True
        node = node.value
    if isinstance(node, ast.Call):
        return not (isinstance(node.func, ast.Name) and node.func.id in ("super", "type"))
    return not isinstance(node, ast.Name)


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node
