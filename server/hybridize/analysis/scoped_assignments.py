"""Parameters assigned again inside a `with` that never swallows an exception (issue 12, reach).

rebinding.replaced_after gives, per parameter the body assigns again, the line after which every
read sees the assigned values alone: a statement of the body's own top level that assigns it
outright runs on every path that gets past it. A `with` body was left out, since a context
manager's `__exit__` may suppress an exception and let the code after the `with` run without the
assignment. The TensorFlow scopes listed in data/nonsuppressing_contexts.tsv never do (measured
with TF 2.21 by tests/test_scoped_assignments.py, eagerly and in a tf.function), so the
statements of such a `with` body are straight-line code too (tf-models-official's yolo
box_ops.py: `with tf.name_scope(...): ...; box = tf.concat([...], -1)` then `return box` returned
the callers' values of unknown type as well as the tensor).

Only a plain `with` (not `async with`) all of whose items are calls of a listed name (qualified
through the module's imports, its root not a name the function binds itself: `shadowed`) counts;
any other `with`, and every `if`, loop or `try`, stays opaque as before.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from hybridize.analysis import rebinding
from hybridize.analysis.body_names import Ancestors, BodyNames, body_names
from hybridize.analysis.syntax import dotted_name, walk

if TYPE_CHECKING:
    from hybridize.analysis.values import Values


def _load() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "nonsuppressing_contexts.tsv"
    return frozenset(line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()
                     if line and not line.startswith("#"))


NON_SUPPRESSING = _load()


def _transparent(stmt: ast.stmt, qualify: Callable[[str], str | None],
                 shadowed: Callable[[str], bool]) -> bool:
    """Whether this statement is a `with` whose every item is a listed context manager."""
    if not isinstance(stmt, ast.With):
        return False
    for item in stmt.items:
        call = item.context_expr
        if not isinstance(call, ast.Call):
            return False
        name = dotted_name(call.func)
        if not name or shadowed(name.split(".")[0]) or qualify(name) not in NON_SUPPRESSING:
            return False
    return True


def straight_line(stmts: list[ast.stmt], qualify: Callable[[str], str | None],
                  shadowed: Callable[[str], bool]) -> list[ast.stmt]:
    """The statements that run in order on every path through the body's top level: the body's
    own statements and, in their place, those of a listed `with` (nested ones too)."""
    out: list[ast.stmt] = []
    for stmt in stmts:
        if _transparent(stmt, qualify, shadowed):
            out.extend(straight_line(stmt.body, qualify, shadowed))  # type: ignore[attr-defined]
        else:
            out.append(stmt)
    return out


def replaced_after(stmts: list[ast.stmt], names: set[str],
                   qualify: Callable[[str], str | None],
                   shadowed: Callable[[str], bool]) -> dict[str, int]:
    """rebinding.replaced_after over the straight-line statements (a listed `with` body
    included): the last line of the first statement that assigns each name outright."""
    return rebinding.replaced_after(straight_line(stmts, qualify, shadowed), names)


def final_assignments(stmts: list[ast.stmt], names: set[str],
                      qualify: Callable[[str], str | None],
                      shadowed: Callable[[str], bool],
                      index: BodyNames | None = None) -> dict[str, ast.stmt]:
    """Per local name, the straight-line `name = value` (one plain target) after which nothing
    binds it again: a read on a later line sees that value alone (`masks = []`, appends in a
    loop, then `masks = tf.stack(masks, 1)` and `return masks`: a tensor, not the list)."""
    last: dict[str, ast.stmt] = {}
    for stmt in straight_line(stmts, qualify, shadowed):
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
            else stmt.target if isinstance(stmt, ast.AnnAssign) and stmt.value is not None \
            else None
        if isinstance(target, ast.Name) and target.id in names:
            last[target.id] = stmt
    out: dict[str, ast.stmt] = {}
    if not last:
        return out
    # One walk for every name's bindings and reads (a walk per name was a fifth of a cold
    # run's samples on 250 KLOC, py-spy; a chain of 3,000 locals), shared with grown_lists
    # when the visitor passes it (`index`, of a superset of the names).
    if index is None:
        index = body_names(stmts, set(last))
    for name, stmt in sorted(last.items()):
        end = stmt.end_lineno or stmt.lineno
        lines, nested = index.lines.get(name, []), name in index.nonlocals
        if not nested and all(line <= end for line in lines) and \
                _only_read_after(index.uses.get(name, ()), end):
            out[name] = stmt
    return out


def _only_read_after(uses: Iterable[tuple[ast.Name, bool, Ancestors]], end: int) -> bool:
    """Whether every use of the name after line `end` only reads the object, so that nothing can
    change what the last assignment bound (`out = [t]; out.append(0.5)` adds a float to the list:
    the engine records that among the local's values, not in the assignment's): returned
    (alone or in a tuple or list written in the `return`) or an operand of arithmetic or a
    comparison. A method call, an attribute, an item (`x[0].append(...)` changes the list's
    content), an argument to a call (the callee may change a list) or any use inside a nested
    function or lambda (which may run later) keeps the local's values."""
    return all(not nested and (node.lineno <= end or _plain(up)) for node, nested, up in uses)


def _plain(up: Ancestors) -> bool:
    """Whether a name whose ancestors are `up` is returned (alone, or in a tuple or list
    written in the `return`) or an operand of arithmetic or a comparison."""
    parent, above = up if up is not None else (None, None)
    grandparent = above[0] if above is not None else None
    return (isinstance(parent, (ast.Tuple, ast.List)) and isinstance(grandparent, ast.Return)) \
        or isinstance(parent, (ast.Return, ast.BinOp, ast.UnaryOp, ast.Compare))


_DEFERRED = (ast.GeneratorExp, ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp,
          ast.GeneratorExp)


class LatestAssignments:
    """A read of a local (or of a parameter the body assigns again) sees the value of the
    latest straight-line `name = value` before it alone, when nothing can have bound or changed
    it in between (issue 12, reach: keras-hub's `y = ops.cast(y, dtype)` then, in an `if`,
    `y = y.to(x.device)`: the receiver of `.to` is the tensor, not also what `.to` returns).

    The values of a name are otherwise the union of every binding in the body. The latest
    straight-line assignment A before a read on line L runs on every path to the read, and the
    read sees A's object when:

    - no other binding of the name (any assignment, `for`, `with ... as`, `except ... as`,
      `del`, `:=`, import) is on a line after A and before L, nor on L except the statement
      being evaluated (`y = y.to(...)`: its right side is read before it binds);
    - no loop (a `for`, `while` or comprehension) that holds the read binds the name on L or
      after it (the next iteration would read that binding);
    - every read of the name after A and before L only reads the object (returned, an operand
      of arithmetic or a comparison: `_plain`), and L holds one read of it: a method call or
      an item store in between could add to a list the engine records among the local's
      values, not A's (`out.append(0.5)`);
    - no nested function, lambda, class or generator expression mentions the name (they run
      later, or declare it `nonlocal`).

    Anything else: None, the union as before."""

    def __init__(self, stmts: list[ast.stmt], names: set[str],
                 qualify: Callable[[str], str | None], shadowed: Callable[[str], bool],
                 index: BodyNames) -> None:
        self.index = index
        self.straight: dict[int, str] = {}
        for stmt in straight_line(stmts, qualify, shadowed):
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                else stmt.target if isinstance(stmt, ast.AnnAssign) and stmt.value is not None \
                else None
            if isinstance(target, ast.Name) and target.id in names and \
                    target.id not in index.nonlocals:
                self.straight[id(stmt)] = target.id
        self.values: dict[str, list[tuple[int, Values]]] = {}  # (last line, value)
        self.stmts = stmts
        self._loops: list[tuple[int, int]] | None = None
        self._deferred: set[str] | None = None

    def note(self, stmt: ast.stmt, value: Values) -> None:
        name = self.straight.get(id(stmt))
        if name is not None:
            end = stmt.end_lineno or stmt.lineno
            seen = self.values.setdefault(name, [])
            if not seen or seen[-1][0] < end:
                seen.append((end, value))

    def value_at(self, name: str, line: int, current: ast.stmt | None) -> Values | None:
        seen = self.values.get(name)
        if not seen:
            return None
        latest = None
        for end, value in seen:
            if end < line:
                latest = (end, value)
        if latest is None:
            return None
        end, value = latest
        bound = self.index.lines.get(name, ())
        between = sorted(at for at in bound if end < at <= line)
        for at in _own_targets(current, name):  # `y = y.to(...)`: binds after its right side
            if at in between:
                between.remove(at)
        if between:
            return None
        mutable_reads = 0  # on the read's own line: at most one use that is not plain
        for node, _nested, up in self.index.uses.get(name, ()):
            if node.ctx.__class__ is not ast.Load or not end < node.lineno <= line or _plain(up):
                continue
            if node.lineno < line:
                return None
            mutable_reads += 1
        if mutable_reads > 1 or name in self.deferred():
            return None
        for start, stop in self.loops():
            if start <= line <= stop and any(start <= at <= stop and at >= line for at in bound):
                return None
        return value

    def loops(self) -> list[tuple[int, int]]:
        if self._loops is None:
            self._loops, self._deferred = [], set()
            stack: list[ast.AST] = list(self.stmts)
            while stack:
                node = stack.pop()
                if isinstance(node, _DEFERRED):
                    self._deferred.update(n.id for n in walk(node) if isinstance(n, ast.Name))
                    if not isinstance(node, ast.GeneratorExp):
                        continue
                if isinstance(node, _LOOPS):
                    self._loops.append((node.lineno, node.end_lineno or node.lineno))
                stack.extend(ast.iter_child_nodes(node))
        return self._loops

    def deferred(self) -> set[str]:
        if self._deferred is None:
            self.loops()
        assert self._deferred is not None
        return self._deferred


def _own_targets(stmt: ast.stmt | None, name: str) -> list[int]:
    """The lines of `stmt`'s plain targets `name` (`name = ...`, `name: T = ...`,
    `name += ...`), which bind after its right side is read."""
    targets = stmt.targets if isinstance(stmt, ast.Assign) else \
        [stmt.target] if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) else []
    return [t.lineno for t in targets if isinstance(t, ast.Name) and t.id == name]
