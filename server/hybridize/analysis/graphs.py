"""Strongly connected components of a call or flow graph (Tarjan's algorithm, iterative so
that deep call chains do not hit Python's recursion limit). Shared by the facts phase (facts
that flow from callees to callers) and the fixpoint's recursive groups (recursive_groups.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def components(starts: Iterable[str], successors: Callable[[str], Iterable[str]],
               known: Callable[[str], bool]) -> list[list[str]]:
    """Every component reachable from `starts` (taken in the order given), callees first
    (reverse topological order), each in the order Tarjan's stack gives its members.
    `successors(node)` is asked once per node; a successor that is not `known` is skipped."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def enter(node: str) -> tuple[str, Iterable[str]]:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return node, iter(successors(node))

    for start in starts:
        if start in index:
            continue
        work = [enter(start)]
        while work:
            node, children = work[-1]
            for child in children:
                if not known(child):
                    continue
                if child not in index:
                    work.append(enter(child))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(component)
    return found
