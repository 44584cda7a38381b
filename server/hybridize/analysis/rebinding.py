"""Parameters the body assigns again: where their reads see the new values (bodies.lookup).

`def f(x, y): x = tf.reduce_sum(y); if x > 0: ...` reads a tensor in the `if`, whatever the
callers pass as `x`. A read of such a parameter is the callers' values plus every value the body
assigns to it (the local's values, flow-insensitive: one set for all assignments) from the first
line that binds it on, and anywhere inside a loop that binds it (the next iteration reads what
this one assigned). Before that line, outside such loops, the read is the callers' values alone
(`perm.index(...)` before `perm = tf.concat(...)`). After a statement of the body's own top level
that assigns it (not under an `if`, loop, `with` or `try`: it runs on every path that gets
there), a read is the assigned values alone (`image = tf.image.convert_image_dtype(image, ...)`:
the later reads are tensors, whatever the callers passed). A nested function or lambda reading the
parameter may run at any time: it always sees both.

Every binding counts: an assignment, augmented or annotated assignment, `for` or `with` target,
`:=`, `del`, `import ... as x`, `except ... as x`, a `match` capture, a nested `def`/`class`, a
comprehension variable (conservatively, although Python 3 keeps it in the comprehension), and a
`nonlocal x` of a nested function (`nested_nonlocal`): the nested function may run at any line
once defined, so every read sees both what the callers pass and what the body (the nested
function included, bodies.bind_target) assigns.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from hybridize.analysis.python_builtins import LIBRARY_PREFIXES
from hybridize.analysis.syntax import append_children, dotted_name, walk
from hybridize.analysis.tfapi import MUTATING_METHODS

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
LOOPS = (ast.For, ast.AsyncFor, ast.While)


# The only node kinds that bind a name themselves: every walk asks each node of a body (1.8
# million calls on 170 KLOC), and most are none of these.
_BINDING_KINDS = frozenset({ast.Name, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                            ast.Import, ast.ImportFrom, ast.ExceptHandler, ast.MatchAs,
                            ast.MatchStar, ast.MatchMapping})


def _bound_here(node: ast.AST) -> list[str] | tuple[()]:
    """The names this node binds itself (not its children)."""
    if type(node) not in _BINDING_KINDS:
        return ()
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        return [node.id]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in node.names]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    return []


def bindings(nodes: list[ast.stmt] | ast.AST, names: set[str]) -> dict[str, int]:
    """The first line binding each of `names` in these statements (nested scopes left out,
    their own names included)."""
    first: dict[str, int] = {}
    if not names:
        return first
    stack: list[ast.AST] = list(nodes) if isinstance(nodes, list) else [nodes]
    while stack:
        node = stack.pop()
        for name in _bound_here(node):
            if name in names:
                line = getattr(node, "lineno", 0)
                first[name] = min(first.get(name, line), line)
        if isinstance(node, _SCOPES):
            # Decorators and defaults run here; the body is another scope.
            if isinstance(node, ast.Lambda):
                stack.extend(node.args.defaults + [d for d in node.args.kw_defaults if d])
            elif not isinstance(node, ast.ClassDef):
                stack.extend(node.decorator_list + node.args.defaults +
                             [d for d in node.args.kw_defaults if d])
            else:
                stack.extend(node.decorator_list + node.bases + [k.value for k in node.keywords])
            continue
        # ast.iter_child_nodes less the shared context and operator leaves, which bind nothing
        # (the first line of each name does not depend on the order).
        append_children(node, stack)
    return first


def replaced_after(stmts: list[ast.stmt], names: set[str]) -> dict[str, int]:
    """The last line of the first statement of the body's own top level that assigns each of
    `names` outright (`x = ...`, `x: T = ...`, `x += ...`, `x, y = ...`): every later line runs
    after it."""
    out: dict[str, int] = {}
    for stmt in stmts:
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and \
                (not isinstance(stmt, ast.AnnAssign) or stmt.value is not None):
            targets = [stmt.target]
        else:
            continue
        for target in targets:
            elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            for element in elements:
                if isinstance(element, ast.Name) and element.id in names and \
                        element.id not in out:
                    out[element.id] = stmt.end_lineno or stmt.lineno
    return out


def bound_once(stmts: list[ast.stmt], name: str) -> bool:
    """Whether `name` is bound exactly once in these statements, and no nested function
    declares it `nonlocal` (which could bind it again)."""
    count = 0
    stack: list[ast.AST] = list(stmts)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Nonlocal) and name in node.names:
            return False
        if isinstance(node, _SCOPES) and not isinstance(node, ast.Lambda) and node.name == name:
            count += 1
        elif not isinstance(node, _SCOPES):
            count += _bound_here(node).count(name)
        stack.extend(ast.iter_child_nodes(node))  # nested bodies too: for `nonlocal`
    return count == 1


def never_bound(stmts: list[ast.stmt], name: str) -> bool:
    """Whether no statement here binds `name` (a parameter keeps its argument), nested
    functions included, and none declares it `nonlocal`."""
    stack: list[ast.AST] = list(stmts)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Nonlocal) and name in node.names:
            return False
        if name in _bound_here(node):
            return False
        stack.extend(ast.iter_child_nodes(node))
    return True


def nested_nonlocal(stmts: list[ast.stmt], names: set[str]) -> set[str]:
    """The `names` that a function nested in these statements (at any depth, a method of a
    nested class included) declares `nonlocal`: it may bind them whenever it runs. Statements
    only are walked (a `nonlocal` is one, and no statement is inside an expression)."""
    found: set[str] = set()
    if not names:
        return found
    stack: list[tuple[ast.AST, bool]] = [(s, False) for s in stmts]
    while stack:
        node, nested = stack.pop()
        if nested and isinstance(node, ast.Nonlocal):
            found.update(n for n in node.names if n in names)
            continue
        inner = nested or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                stack.append((child, inner))
            elif isinstance(child, (ast.excepthandler, ast.match_case)):
                stack.extend((s, inner) for s in child.body)
    return found


# Calls that run no code of the workspace themselves (a call nested in their arguments is
# counted on its own): Python's own functions that take no callable.
_INERT_BUILTINS = frozenset({
    "print", "len", "isinstance", "issubclass", "range", "int", "float", "str", "bool", "bytes",
    "dict", "list", "tuple", "set", "frozenset", "type", "hasattr", "repr", "abs", "round",
    "enumerate", "zip", "open", "super", "object", "id", "hash", "format", "chr", "ord"})


def rebound_after_calls(body: list[ast.stmt], runs_code: Callable[[ast.Call], bool]
                        ) -> list[tuple[str, int, int]]:
    """(name, line, call line) for each name the module's top level binds again after a call
    that may run workspace code (a fourth soundness audit, session 19: `def helper` twice, a
    converted `forward` called in between keeps the first one; a notebook's cells redefine a
    function after running it the same way). `runs_code(call)` tells a call that may run such
    code; the statements run in order, a loop's body twice, both branches of an `if` one after
    the other (either may run). What a statement calls runs before what it binds."""
    walk = _TopLevelRun(runs_code)
    for stmt in body:
        walk.statement(stmt)
    return [(name, line, call) for name, (line, call) in sorted(walk.found.items())]


def lines_after_calls(body: list[ast.stmt], runs_code: Callable[[ast.Call], bool]) -> set[int]:
    """The lines of the module's simple top-level statements (those of its `if`, `with`,
    `try` and loop bodies included) that may run after a call that may run workspace code:
    what such a statement stores or changes is a change between two calls of a converted
    reader, as a function's write is (a fifth soundness audit, session 21: `j.step += 1` at a
    script's top level between two calls of a converted Keras `call`). Before any such call
    the statements set up state, as a module's import does. A loop's body runs twice."""
    walk = _TopLevelRun(runs_code)
    for stmt in body:
        walk.statement(stmt)
    return walk.after


class _TopLevelRun:
    """The walk of rebound_after_calls (methods, not nested closures: no reference cycle
    is left for the collector after a run)."""

    def __init__(self, runs_code: Callable[[ast.Call], bool]) -> None:
        self.runs_code = runs_code
        self.bound: set[str] = set()
        self.called_after: set[str] = set()  # bound, then a call ran
        self.last_call = 0
        self.found: dict[str, tuple[int, int]] = {}
        self.after: set[int] = set()  # lines of simple statements run after a call

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, LOOPS):
            for _ in range(2):
                for child in [*_own_expressions(stmt), *stmt.body, *stmt.orelse]:
                    self.part(child)
            return
        if isinstance(stmt, (ast.If, ast.With, ast.AsyncWith, ast.Try, ast.Match)) or \
                type(stmt).__name__ == "TryStar":
            for child in _own_expressions(stmt):
                self.part(child)
            for field in ("body", "orelse", "handlers", "finalbody", "cases"):
                for sub in getattr(stmt, field, None) or ():
                    if isinstance(sub, (ast.ExceptHandler, ast.match_case)):
                        if isinstance(sub, ast.ExceptHandler):
                            for name in _bound_here(sub):
                                self.bind(name, sub.lineno)
                        for inner in sub.body:
                            self.statement(inner)
                    else:
                        self.statement(sub)
            return
        self.calls(stmt)
        if "*" in self.called_after:
            self.after.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
        for name in _top_names(stmt):
            self.bind(name, stmt.lineno)
        for name in _changed_names(stmt):
            self.change(name, stmt.lineno)

    def change(self, name: str, line: int) -> None:
        """A global's object changed (`cfg["scale"] = 3.0`, `weights.append(w)`, `globals()[k]
        = v`; `*`: any global, as `exec(code)` may): after a call, as a function's write is."""
        if name in self.called_after and name not in self.found:
            self.found[name] = (line, self.last_call)

    def part(self, node: ast.AST) -> None:
        if isinstance(node, ast.stmt):
            self.statement(node)
            return
        self.calls(node)
        spot = node.context_expr if isinstance(node, ast.withitem) else node
        if "*" in self.called_after and hasattr(spot, "lineno"):
            # A `with patch(...)` item, a loop's iterable, after a call.
            self.after.update(range(spot.lineno, (spot.end_lineno or spot.lineno) + 1))
        for sub in walk(node):
            for name in _bound_here(sub):
                self.bind(name, getattr(sub, "lineno", 0))

    def calls(self, node: ast.AST) -> None:
        stack = [node]
        while stack:
            sub = stack.pop()
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                stack.extend(sub.decorator_list + sub.args.defaults +
                             [d for d in sub.args.kw_defaults if d])
                continue
            if isinstance(sub, ast.Lambda):
                continue
            if isinstance(sub, ast.Call) and self.runs_code(sub):
                self.last_call = sub.lineno
                self.called_after.update(self.bound)
                self.called_after.add("*")
            stack.extend(ast.iter_child_nodes(sub))

    def bind(self, name: str, line: int) -> None:
        if name in self.called_after and name not in self.found:
            self.found[name] = (line, self.last_call)
        self.bound.add(name)
        self.called_after.discard(name)


# Calls at a module's top level that may bind any global of it (a notebook's `%run -i` reads
# as `exec()`: notebook/cells.py).
_ANY_GLOBAL = frozenset({"exec", "eval"})
_NAMESPACES = frozenset({"globals", "vars", "locals"})


def _changed_names(stmt: ast.stmt) -> list[str]:
    """The globals whose objects a simple statement of the module's top level changes: a store
    into a global's item or attribute (`cfg["scale"] = v`, `cfg.scale = v`, `weights[0] = v`),
    a mutating method call on one (`weights.append(v)`, `cfg.update(d)`), `setattr(cfg, ...)`,
    `globals()[name] = v` (`*` when the name is computed), `exec(code)` (`*`); a fourth audit of
    session 20 saw each after a call in a notebook cell leave a converted reader stale."""
    out: list[str] = []
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        targets = [stmt.target]
    elif isinstance(stmt, ast.Delete):
        targets = stmt.targets
    for target in targets:
        elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
        for element in elements:
            if isinstance(element, ast.Subscript) and _namespace(element.value):
                key = element.slice
                out.append(key.value if isinstance(key, ast.Constant) and
                           isinstance(key.value, str) else "*")
            elif isinstance(element, (ast.Subscript, ast.Attribute)) and \
                    (root := _root_name(element)) is not None:
                out.append(root)
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        call = stmt.value
        func = call.func
        if isinstance(func, ast.Name) and func.id in _ANY_GLOBAL:
            out.append("*")
        elif isinstance(func, ast.Name) and func.id in ("setattr", "delattr") and call.args and \
                isinstance(call.args[0], ast.Name):
            out.append(call.args[0].id)
        elif isinstance(func, ast.Attribute) and _namespace(func.value):
            out.append("*")  # globals().update(d)
        elif isinstance(func, ast.Attribute) and func.attr in MUTATING_METHODS and \
                (root := _root_name(func)) is not None:
            out.append(root)
    return out


def _root_name(node: ast.Subscript | ast.Attribute) -> str | None:
    """`cfg` of `cfg["a"].b`: the name the object is reached from."""
    root = node.value
    while isinstance(root, (ast.Subscript, ast.Attribute)):
        root = root.value
    return root.id if isinstance(root, ast.Name) else None


def _namespace(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id in _NAMESPACES and not node.args


def _own_expressions(stmt: ast.stmt) -> list[ast.AST]:
    """The parts of a compound statement that are not its bodies: a loop's target and iterable,
    an `if`'s test, a `with`'s items, a `match`'s subject."""
    out: list[ast.AST] = []
    for field in ("target", "iter", "test", "items", "subject"):
        value = getattr(stmt, field, None)
        if isinstance(value, list):
            out.extend(value)
        elif value is not None:
            out.append(value)
    return out


def _top_names(stmt: ast.stmt) -> list[str]:
    """The module names a simple statement (or a def or class) binds."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [stmt.name]
    names: list[str] = []
    stack: list[ast.AST] = [stmt]
    while stack:
        node = stack.pop()
        names += _bound_here(node)
        if not isinstance(node, _SCOPES):
            stack.extend(ast.iter_child_nodes(node))
    return names


def inert_call(call: ast.Call, qualify: Callable[[str], str | None],
               defined: frozenset[str] | set[str]) -> bool:
    """A call the module's top level makes that runs no workspace code itself: one of
    Python's own functions that takes no callable, or a library's function given none of the
    module's functions or classes (`defined`) and no lambda (`tf.constant(3.0)`, not
    `tf.map_fn(step, x)`)."""
    dotted = dotted_name(call.func)
    if dotted is None:
        return False
    qualified = qualify(dotted) or ""
    if dotted not in _INERT_BUILTINS and qualified.split(".")[0] not in LIBRARY_PREFIXES:
        return False
    return not any(isinstance(a, ast.Lambda) or isinstance(a, ast.Name) and a.id in defined
                   for a in [*call.args, *(k.value for k in call.keywords)])
