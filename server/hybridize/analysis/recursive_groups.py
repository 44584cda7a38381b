"""Recursive groups: the values of their parameters solved again from what enters them.

A parameter holds the union of what the call sites give it. In a recursive group (functions
that give values to each other's parameters in a loop: `f` passes `x` to `g`, `g` passes it
back to `f`), a value that once came in can keep itself there after the site that brought it
changed: `f` gives it to `g` because `f.x` holds it, and `g` gives it to `f` because `g.y` holds
it. Such a value comes from a transient state (a site evaluated while an input was still empty,
`list(args)` of no `args` giving a `list`) or from an edit that was reverted, so whether it
stays depends on the order of evaluation: an incremental run and a run from scratch disagreed
(tf-models-official's bigbird, `tests/test_incremental.py`).

So when `Program.run` settles, each recursive group that the run evaluated is solved again: its
call sites are reset (results and contributions dropped), the parameters they gave to are
rebuilt from the other sites' contributions, and the group's sites are evaluated again, in the
order of their keys, until nothing they read changes (`solve`). The group's state is then a
function of what enters it, whichever run reached it; what the solve changed is handed back to
the run, which evaluates again the sites that read it (and checks the groups again).

A group is a strongly connected component of the flow graph (F -> G when a call site of F gives
a value to a parameter of G) with more than one function, or one function with a recursive call
that computes its argument (`f(x + 1)`; passing a parameter on unchanged is not recorded at all,
`Program.add_param`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hybridize.analysis import values as V
from hybridize.analysis.graphs import components

if TYPE_CHECKING:
    from hybridize.analysis.program import Program, SiteKey

# Rounds of one group's evaluation before it is given up as not settling (its functions are
# then `unconverged`, never converted).
MAX_ROUNDS = 16


def callees_of(program: Program, key: str) -> list[str]:
    """The functions that call sites of `key` gave values to, sorted."""
    fn = program.functions.get(key)
    if fn is None:
        return []
    out: set[str] = set()
    for index in range(len(fn.calls)):
        for callee, _, _, _ in program.contrib.get((key, index), ()):
            out.add(callee)
    return sorted(out)


def groups_of(program: Program, functions: Iterable[str]) -> list[list[str]]:
    """The recursive groups that hold one of `functions` (Tarjan's algorithm over the flow
    graph reachable from them), each sorted, ordered by their first key."""
    edges: dict[str, list[str]] = {}

    def successors(key: str) -> list[str]:
        edges[key] = callees_of(program, key)
        return edges[key]

    found = components((k for k in sorted(functions) if k in program.functions), successors,
                       lambda key: key in program.functions)
    return sorted(sorted(c) for c in found if len(c) > 1 or c[0] in edges[c[0]])


def contributors(program: Program) -> dict[str, set[SiteKey]]:
    """callee -> the sites (real or not: observed and assumed seeds) that give to it."""
    out: dict[str, set[SiteKey]] = defaultdict(set)
    for site, items in program.contrib.items():
        for callee, _, _, _ in items:
            out[callee].add(site)
    return out


def rebuild(program: Program, callees: Iterable[str],
            index: dict[str, set[SiteKey]]) -> set[str]:
    """`Program.rebuild_params` for these callees only (same values, same evidence order);
    the tokens of the parameters that changed."""
    from hybridize.analysis.program import MAX_SITES

    changed: set[str] = set()
    for callee in sorted(callees):
        params: dict[str, set[str]] = defaultdict(set)
        evidence: dict[str, list] = defaultdict(list)
        for key in sorted(index.get(callee, ())):
            for to, param, values, found in program.contrib.get(key, ()):
                if to != callee:
                    continue
                params[param] |= values
                kept = evidence[param]
                if len(kept) < MAX_SITES and found not in kept:
                    kept.append(found)
        old = program.params.get(callee, {})
        if params != old:
            program.remember(callee)
        for param in old.keys() | params.keys():
            if set(old.get(param, ())) != params.get(param, set()):
                changed.add(f"p|{callee}|{param}")
        if params:
            program.params[callee] = params
            program.sites[callee] = evidence
        else:
            program.params.pop(callee, None)
            program.sites.pop(callee, None)
    return changed


def solve(program: Program, group: list[str],
          index: dict[str, set[SiteKey]]) -> tuple[set[str], list[SiteKey], bool]:
    """Reset the group's call sites and evaluate them again from what enters the group.
    Returns the tokens whose values differ from before, the sites evaluated, and whether the
    group settled within MAX_ROUNDS."""
    sites = [(key, i) for key in group for i in range(len(program.functions[key].calls))]
    before_results = {site: program.results.get(site, V.EMPTY) for site in sites}
    affected: set[str] = set()
    for site in sites:
        for callee, _, _, _ in program.contrib.get(site, ()):
            affected.add(callee)
    before_params = {callee: {param: frozenset(values)
                              for param, values in program.params.get(callee, {}).items()}
                     for callee in affected}
    for site in sites:
        program.results.pop(site, None)
        program.contrib.pop(site, None)
        program.site_info.pop(site, None)
    rebuild(program, affected, index)
    saved = (program.changed_tokens, program.changed_functions, program.scope, program.done,
             program.widening)
    program.widening = False
    scope = set(sites)
    settled = False
    try:
        for _round in range(MAX_ROUNDS):
            program.memo.clear()
            program.derived_memo.clear()
            program.done, program.scope = set(), scope
            program.changed_tokens, program.changed_functions = set(), set()
            for key, i in sites:
                program.evaluate_call(program.functions[key], i)
            for site in sites:
                for callee, _, _, _ in program.contrib.get(site, ()):
                    index[callee].add(site)
                    affected.add(callee)
            changed = program.changed_tokens | rebuild(program, affected, index)
            read: set[str] = set()
            for site in sites:
                read.update(program.deps.get(site, ()))
            if "*" not in read and read.isdisjoint(changed):
                settled = True
                break
    finally:
        (program.changed_tokens, program.changed_functions, program.scope, program.done,
         program.widening) = saved
    differ = {f"r|{key}|{i}" for key, i in sites
              if program.results.get((key, i), V.EMPTY) != before_results[(key, i)]}
    for callee in affected:
        old = before_params.get(callee, {})
        new = program.params.get(callee, {})
        for param in old.keys() | new.keys():
            if old.get(param, V.EMPTY) != frozenset(new.get(param, ())):
                differ.add(f"p|{callee}|{param}")
    return differ, sites, settled


def solve_groups(program: Program, functions: Iterable[str],
                 index: dict[str, set[SiteKey]]) -> tuple[set[str], set[SiteKey], set[str]]:
    """Solve again every recursive group that holds one of `functions`. Returns the tokens
    that changed, the sites evaluated, and the functions of the groups that did not settle."""
    changed: set[str] = set()
    evaluated: set[SiteKey] = set()
    unsettled: set[str] = set()
    for group in groups_of(program, functions):
        differ, sites, settled = solve(program, group, index)
        changed |= differ
        evaluated.update(sites)
        if not settled:
            unsettled.update(group)
    return changed, evaluated, unsettled
