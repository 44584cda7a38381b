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

from hybridize.analysis.syntax import append_children

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
