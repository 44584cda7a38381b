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
number written literally (`1e-6`, `-0.5`) or a name or attribute in capitals (`EPS`,
`self.EPS`: a constant by convention, whose value is a number in every case seen). Known gaps:
a constant under another name (`self.eps`, a parameter's default), and `tf.add`/`tf.subtract`
written as calls; sums of integers are exact (no rounding to reorder) and are not flagged.
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from hybridize.analysis.summary_model import Hazard

_SUMS = (ast.Add, ast.Sub)
FLOAT, INT, OTHER = "float", "int", "other"


def hazards(sums: list[ast.BinOp]) -> list[Hazard]:
    """HAS_TRACE_DEPENDENT_CODE for each outermost `+`/`-` chain of `sums` (every Add/Sub
    BinOp of a body) whose constants a graph would fold across a tensor term."""
    inner = {id(side) for node in sums for side in (node.left, node.right)
             if type(side) is ast.BinOp and isinstance(side.op, _SUMS)}
    out: list[Hazard] = []
    for node in sums:
        if id(node) in inner:
            continue
        chain = _fold(node)
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


def _fold(root: ast.BinOp) -> _Sum:
    """The chain's summary, computed bottom-up without recursion (a generated `a + b + ...` of
    thousands of terms must not exhaust the stack)."""
    done: dict[int, _Sum] = {}
    stack: list[tuple[ast.expr, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if not (type(node) is ast.BinOp and isinstance(node.op, _SUMS)):
            kind = _leaf(node)
            done[id(node)] = _Sum(kind, kind != OTHER, kind == OTHER, kind == FLOAT, False, 1)
            continue
        if not expanded:
            stack += [(node, True), (node.right, False), (node.left, False)]
            continue
        left, right = done.pop(id(node.left)), done.pop(id(node.right))
        folded = left.folded or right.folded
        if left.kind != OTHER and right.kind != OTHER:
            kind = FLOAT if FLOAT in (left.kind, right.kind) else INT
        else:
            kind = OTHER
            if left.kind == OTHER and right.kind == OTHER:
                folded = folded or _mixed(left) and _mixed(right)
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
    name = node.id if type(node) is ast.Name else node.attr if type(node) is ast.Attribute \
        else None
    if name is not None and name.isupper() and any(c.isalpha() for c in name):
        return FLOAT  # a constant by convention: its type is not known, a float is assumed
    return OTHER


def _short(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 48 else text[:45] + "..."
