"""One walk of a function body for what two of the visitor's pre-passes ask about its names
(issue 15, speed): `scoped_assignments.final_assignments` (the lines binding each name, the
names a nested function declares `nonlocal`, each read of a local) and `grown_lists.grown_lists`
(the names a declaration or a non-`Name` binding refuses, each use of a local with its
ancestors). Each walked the whole body on its own, with `ast.iter_child_nodes` and a dictionary
of every node's parent: together a ninth of the summaries' CPU time on the eight real projects.

The walk reaches every node that `ast.iter_child_nodes` reaches except the parser's shared
context and operator singletons (`Load`, `Add`, ...), which bind nothing and are nobody's
parent: syntax.child_fields leaves out only fields that hold those or plain strings and numbers.
What each pass reads from it is what its own walk found (the order of the lists differs; both
passes only ask `all`/`any` of them).
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from hybridize.analysis.rebinding import _BINDING_KINDS, _bound_here
from hybridize.analysis.syntax import _CHILD_FIELDS, child_fields

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_SCOPE_KINDS = frozenset(SCOPES)
# (parent, (grandparent, (...))), None above the body's statements.
Ancestors = tuple[ast.AST, "Ancestors"] | None


class BodyNames(NamedTuple):
    # Lines binding each name outside nested scopes (`_bound_here`: assignments, defs, imports,
    # `except ... as`, match captures); a nested scope's names are its own.
    lines: dict[str, list[int]]
    nonlocals: set[str]  # declared `nonlocal` anywhere in the body (nested functions included)
    # Declared `global` or `nonlocal`, or bound by anything but a plain name, at any depth.
    refused: set[str]
    # Each `ast.Name` of one of the names asked about: (node, inside a nested function, lambda
    # or class, its ancestors).
    uses: dict[str, list[tuple[ast.Name, bool, Ancestors]]]


def body_names(stmts: list[ast.stmt], names: set[str] | frozenset[str]) -> BodyNames:
    """Walk `stmts` (nested scopes included) once; `uses` for the names in `names` only."""
    lines: dict[str, list[int]] = {}
    nonlocals: set[str] = set()
    refused: set[str] = set()
    uses: dict[str, list[tuple[ast.Name, bool, Ancestors]]] = {}
    stack: list[tuple[ast.AST, bool, Ancestors]] = [(s, False, None) for s in stmts]
    fields_of = _CHILD_FIELDS
    node_type = ast.AST
    name_type, load_type = ast.Name, ast.Load
    while stack:
        node, nested, up = stack.pop()
        cls = node.__class__
        if cls is name_type:
            if not nested and node.ctx.__class__ is not load_type:
                lines.setdefault(node.id, []).append(node.lineno)
            if node.id in names:
                uses.setdefault(node.id, []).append((node, nested, up))
            continue  # a name's only child is its context
        if cls is ast.Global:
            refused.update(node.names)
        elif cls is ast.Nonlocal:
            refused.update(node.names)
            nonlocals.update(node.names)
        elif cls in _BINDING_KINDS:
            bound = _bound_here(node)
            refused.update(bound)
            if not nested:
                for name in bound:
                    lines.setdefault(name, []).append(getattr(node, "lineno", 0))
        inner = nested or cls in _SCOPE_KINDS
        chain = (node, up)
        for field in fields_of.get(cls) or child_fields(cls):
            value = getattr(node, field, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, node_type):
                        stack.append((item, inner, chain))
            elif isinstance(value, node_type):
                stack.append((value, inner, chain))
    return BodyNames(lines, nonlocals, refused, uses)
