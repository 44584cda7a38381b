"""Sums of two constants around a tensor (summary time, from a function's syntax alone).

`1.0 - actions ** 2 + self.EPS` (tf2rl 0.1.11 GaussianActor._squash_correction, proposed
before) adds the tensor's terms in the order written when it runs eagerly: with `actions` 1.0,
`(1.0 - 1.0) + 1e-6` is 1e-6. In a graph, Grappler's constant folding pushes the constants
together (its ConstantPushDown: `(C1 - X) + C2` becomes `(C1 + C2) - X`) and folds them, and
the float32 sum `1.0 + 1e-6` rounds to `1 + 2**-20`: the graph gives 9.54e-7, and the log of
it -13.863 where eager code gives -13.816 (measured with TF 2.21; the same graph with Grappler's
constant_folding off gives eager's value). Wherever the terms cancel, which such a sum is
written for (an epsilon keeping a log or a division away from zero), a graph returns another
value: HAS_TRACE_DEPENDENT_CODE.

A chain of `+` and `-` is flagged when two of its terms are constants, at least one of them a
float, and a term that is not sits between them in the evaluation order (`C1 - X + C2`, `X + C1
- C2`, `C1 + (X - C2)`); `(C1 + C2) - X` is summed by Python first and is not. A constant is a
number written literally (`1e-6`, `-0.5`), a name or attribute in capitals (`EPS`,
`self.EPS`: a constant by convention, whose value is a number in every case seen), an epsilon by
its name (`eps`, `self.eps`, `self._epsilon`, `norm_eps`, `layer_norm_epsilon`) or the Keras
backend's `epsilon()` (`K.epsilon()`, `keras.backend.epsilon()`): a Python float in a graph is a
constant wherever it comes from. `tf.add`, `tf.math.add`, `tf.subtract`, `tf.math.subtract`
called with two arguments are sums too. Measured one by one (tools/probe_folded_forms.py, TF
2.21, x = 1): the literal, `self.EPS`, `self.eps`, a class attribute, a lowercase module
constant, a parameter's default, `keras.backend.epsilon()`, and the `tf.add`/`tf.subtract` forms
all give another value traced; an epsilon held as a tensor (`tf.constant` made eagerly) and
`(1.0 + 1e-6) - x` give the same. Known gaps: a constant under any other lowercase name (it may
be a tensor: not flagged). Sums of integers are exact (no rounding to reorder) and are not
flagged; a name in capitals is assumed a float (spektral's `HEADER_SIZE + n + 1`, Python ints
both ways, is flagged: a function already declined otherwise).
"""

from __future__ import annotations

import ast
import re
from typing import NamedTuple

from hybridize.analysis.summary_model import Hazard
from hybridize.analysis.syntax import assigned_values, walk

_SUMS = (ast.Add, ast.Sub)
FLOAT, INT, OTHER = "float", "int", "other"
# TensorFlow's sums written as calls (qualified names; tracing.scan_body collects them).
SUM_CALLS = frozenset({"tensorflow.add", "tensorflow.math.add", "tensorflow.subtract",
                       "tensorflow.math.subtract"})
CALL_TAILS = frozenset({"add", "subtract"})
# An epsilon by its name: `eps`, `self._epsilon`, `norm_eps`, `layer_norm_epsilon`, `eps_sq`.
_EPSILON = re.compile(r"(^|_)(eps|epsilon)(_|$|\d)")


def _sides(node: ast.expr, calls: set[int]) -> tuple[ast.expr, ast.expr] | None:
    """The two terms of a sum: `a + b`, `a - b`, or a call of SUM_CALLS among `calls`."""
    if type(node) is ast.BinOp and isinstance(node.op, _SUMS):
        return node.left, node.right
    if type(node) is ast.Call and id(node) in calls:
        return node.args[0], node.args[1]
    return None


def hazards(sums: list[ast.expr], assigns: list[ast.Assign] | None = None,
            body: list[ast.stmt] | None = None) -> list[Hazard]:
    """HAS_TRACE_DEPENDENT_CODE for each outermost `+`/`-` chain of `sums` (every Add/Sub
    BinOp of a body, and its calls of SUM_CALLS with two positional arguments) whose constants
    a graph would fold across a tensor term."""
    calls = {id(node) for node in sums if type(node) is ast.Call}
    inner = {id(side) for node in sums for side in (_sides(node, calls) or ())
             if _sides(side, calls) is not None}
    # A local bound once, to a sum, is that sum where a chain names it (`y = x - 1e8; return y
    # + 1e8`: a red team of session 41, 0 eagerly and 1 traced at x = 1)
    # (not `x = x + c`, whose `x` is the value before; nor a name bound again anywhere in the
    # body: `y += 3.0`, a loop's target, `with ... as y`)
    locals_ = {name: values[0] for name, values in assigned_values(assigns or ()).items()
               if len(values) == 1 and _sides(values[0], calls) is not None and
               not any(type(n) is ast.Name and n.id == name for n in walk(values[0]))}
    if locals_ and body is not None:
        stores: dict[str, int] = {}
        for stmt in body:
            for n in walk(stmt):
                if type(n) is ast.Name and n.ctx.__class__ is not ast.Load:
                    stores[n.id] = stores.get(n.id, 0) + 1
        locals_ = {name: value for name, value in locals_.items() if stores.get(name) == 1}
    out: list[Hazard] = []
    for node in sums:
        if id(node) in inner:
            continue
        chain = _fold(node, calls, locals_)
        if chain.folded:
            # ast.unparse recurses: a long chain is named by its length
            text = f"`{_short(node)}`" if chain.terms <= 16 else f"a sum of {chain.terms} terms"
            out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                f"{text} adds two constants around a term that may be a tensor: eagerly the "
                "terms are summed in the order written, while a graph's constant folding sums the "
                "constants first, which rounds otherwise where the terms cancel (measured with "
                "TF 2.21: `1.0 - x ** 2 + 1e-6` at x = 1 gives 1e-6 eagerly, 9.54e-7 traced)")))
    return out


class _Sum(NamedTuple):
    kind: str  # FLOAT/INT for a constant-only subtree, OTHER when a term is not constant
    constant: bool  # a constant term somewhere in it
    other: bool  # a term that is not constant somewhere in it
    floating: bool  # a float constant somewhere in it
    folded: bool  # a constant meets a subtree mixing constants and other terms, a float involved
    terms: int


def _fold(root: ast.expr, calls: set[int], locals_: dict[str, ast.expr] | None = None) -> _Sum:
    """The chain's summary, computed bottom-up without recursion (a generated `a + b + ...` of
    thousands of terms must not exhaust the stack). A name of `locals_` stands for the sum it
    is bound to, once per chain (a second mention is a term like any other)."""
    done: dict[int, _Sum] = {}
    stack: list[tuple[ast.expr, bool]] = [(root, False)]
    inlined: dict[int, ast.expr] = {}  # id of a Name -> the sum it stands for
    used: set[str] = set()
    while stack:
        node, expanded = stack.pop()
        if type(node) is ast.Name and locals_ and (id(node) in inlined or
                                                   node.id in locals_ and node.id not in used):
            used.add(node.id)
            inlined[id(node)] = locals_[node.id]
        sides = _sides(inlined.get(id(node), node), calls)
        if sides is None:
            kind = _leaf(node)
            done[id(node)] = _Sum(kind, kind != OTHER, kind == OTHER, kind == FLOAT, False, 1)
            continue
        if not expanded:
            stack += [(node, True), (sides[1], False), (sides[0], False)]
            continue
        left, right = done.pop(id(sides[0])), done.pop(id(sides[1]))
        folded = left.folded or right.folded
        if left.kind != OTHER and right.kind != OTHER:
            kind = FLOAT if FLOAT in (left.kind, right.kind) else INT
        else:
            kind = OTHER
            if left.kind == OTHER and right.kind == OTHER:
                # (integers sum exactly in any order: `(rank - 1) + (rank2 - 1)`)
                folded = folded or _mixed(left) and _mixed(right) and \
                    (left.floating or right.floating)
            else:
                constant, other = (left, right) if right.kind == OTHER else (right, left)
                folded = folded or _mixed(other) and (constant.kind == FLOAT or other.floating)
        done[id(node)] = _Sum(kind, left.constant or right.constant, left.other or right.other,
                              left.floating or right.floating, folded, left.terms + right.terms)
    return done[id(root)]


def _mixed(summary: _Sum) -> bool:
    """A chain that holds a constant term next to a term that is not."""
    return summary.constant and summary.other


def _leaf(node: ast.expr) -> str:
    if type(node) is ast.UnaryOp and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    if type(node) is ast.Constant and type(node.value) in (int, float):
        return FLOAT if type(node.value) is float else INT
    if type(node) is ast.Call and not node.args and not node.keywords and (
            type(node.func) is ast.Attribute and node.func.attr == "epsilon" or
            type(node.func) is ast.Name and node.func.id == "epsilon"):
        return FLOAT  # K.epsilon(), keras.backend.epsilon(): a Python float
    name = node.id if type(node) is ast.Name else node.attr if type(node) is ast.Attribute \
        else None
    if name is not None and name.isupper() and any(c.isalpha() for c in name):
        return FLOAT  # a constant by convention: its type is not known, a float is assumed
    if name is not None and _EPSILON.search(name.lower()):
        return FLOAT  # an epsilon by its name (self.eps): a float in every case seen
    return OTHER


def _short(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 48 else text[:45] + "..."
