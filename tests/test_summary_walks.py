"""The summaries' faster walks reach what `ast.walk` / `ast.iter_child_nodes` reach, in the same
order, less the parser's shared context and operator leaves (issue 15, speed).

benchmarks/summary_digest.py checks the whole summaries of the eight real projects before and
after; these check the walks themselves on every function of this repository's corpus and of
the analysis' own sources (nested functions, lambdas, comprehensions, match statements).
"""

from __future__ import annotations

import ast
from pathlib import Path

from hybridize.analysis import grown_lists, scoped_assignments
from hybridize.analysis.body_names import SCOPES, body_names
from hybridize.analysis.rebinding import _bound_here
from hybridize.analysis.syntax import walk_statements

ROOT = Path(__file__).resolve().parents[1]
SINGLETONS = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)
MATCH = '''
def pick(command, limit=3):
    out = []
    match command:
        case {"go": where, **rest}:
            out.append(where)
        case [first, *others] if first:
            out.append(first)
        case Point(x=0) as p:
            out.append(p)
    return out
'''


def _bodies() -> list[list[ast.stmt]]:
    files = sorted((ROOT / "tests" / "corpus").rglob("*.py"))[:120] + \
        sorted((ROOT / "server" / "hybridize" / "analysis").glob("*.py"))[:20]
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in files]
    trees.append(ast.parse(MATCH))
    bodies = [tree.body for tree in trees]
    for tree in trees:
        bodies += [node.body for node in ast.walk(tree)
                   if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return bodies


def test_walk_statements_is_ast_walk_without_the_shared_leaves() -> None:
    for body in _bodies():
        expected = [n for stmt in body for n in ast.walk(stmt) if not isinstance(n, SINGLETONS)]
        assert walk_statements(body) == expected


def _reference(stmts: list[ast.stmt], names: set[str]) -> tuple:
    """What grown_lists and final_assignments each collected with their own walks before."""
    lines: dict[str, list[int]] = {}
    nonlocals: set[str] = set()
    refused: set[str] = set()
    uses: dict[str, list[tuple[int, bool, int]]] = {}
    parents: dict[ast.AST, ast.AST] = {}
    stack: list[tuple[ast.AST, bool]] = [(s, False) for s in stmts]
    while stack:
        node, nested = stack.pop()
        for child in ast.iter_child_nodes(node):
            parents[child] = node
            stack.append((child, nested or isinstance(node, SCOPES)))
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            refused.update(node.names)
        if isinstance(node, ast.Nonlocal):
            nonlocals.update(node.names)
        for name in _bound_here(node):
            if not nested:
                lines.setdefault(name, []).append(getattr(node, "lineno", 0))
            if not isinstance(node, ast.Name):
                refused.add(name)
        if isinstance(node, ast.Name) and node.id in names:
            uses.setdefault(node.id, []).append((id(node), nested, id(parents.get(node))))
    return ({k: sorted(v) for k, v in lines.items()}, nonlocals, refused,
            {k: sorted(v) for k, v in uses.items()})


def test_body_names_finds_what_the_separate_walks_found() -> None:
    checked = 0
    for body in _bodies():
        names = {n.id for stmt in body for n in ast.walk(stmt) if isinstance(n, ast.Name)}
        index = body_names(body, names)
        got = ({k: sorted(v) for k, v in index.lines.items()}, index.nonlocals, index.refused,
               {k: sorted((id(node), nested, id(up[0] if up else None))
                          for node, nested, up in v) for k, v in index.uses.items()})
        assert got == _reference(body, names)
        # The passes give the same answers with the shared index as with their own walk.
        assert grown_lists.grown_lists(body, names, index) == \
            grown_lists.grown_lists(body, names)
        assert scoped_assignments.final_assignments(
            body, names, lambda _: None, lambda _: False, index) == \
            scoped_assignments.final_assignments(body, names, lambda _: None, lambda _: False)
        checked += 1
    assert checked > 100
