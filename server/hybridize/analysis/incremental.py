"""Incremental whole-program analysis: keep each call site's state from the last run and
evaluate again only the sites that a change can reach (docs/cache.md explains the tokens)."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress
from operator import is_not
from typing import Any

from hybridize.analysis import values as V
from hybridize.analysis.call_index import WriteLog
from hybridize.analysis.calls import ParamSite, PassInfo
from hybridize.analysis.model import Span
from hybridize.analysis.module_tables import ModuleTables, patched_tables
from hybridize.analysis.program import (
    CLOCK,
    LAZY_KINDS,
    MAX_SITES,
    Program,
    SiteKey,
    note_stale,
)
from hybridize.analysis.summaries import MODULE_QUALNAME
from hybridize.analysis.summary_model import FunctionSummary, ModuleSummary, Values
from hybridize.analysis.values import EMPTY

log = logging.getLogger(__name__)


@dataclass
class ProgramState:
    """What a run learned per call site: enough to re-run only the sites a change can reach."""

    results: dict[SiteKey, Values]
    site_info: dict[SiteKey, PassInfo]
    contrib: dict[SiteKey, list[tuple[str, str, Values, ParamSite]]]
    # The tokens each site read: a tuple (Program.evaluate_call; a frozenset in older snapshots):
    # only iterated and tested against sets of tokens.
    deps: dict[SiteKey, tuple[str, ...] | frozenset[str]]
    info: dict[str, PassInfo] | None = None  # per function, kept in memory only
    readers: dict[str, set[SiteKey]] | None = None  # token -> sites that read it (in memory)
    # Functions whose values still changed after the last pass: a warm run must report them
    # as unsettled too (a cold run does), or the verdict would depend on the cache.
    unconverged: set[str] = dataclasses.field(default_factory=set)
    # In memory only: the parameters and their evidence as the last run left them, and which
    # sites contribute to each callee's, so that an edit rebuilds only the callees it touches.
    params: dict[str, dict[str, set[str]]] | None = None
    sites: dict[str, dict[str, list[ParamSite]]] | None = None
    contributors: dict[str, set[SiteKey]] | None = None
    # In memory only: the memo of class MROs and library bases (Program.derived) as the last
    # run and its facts left it; entries that read nothing that changed are kept.
    derived: dict | None = None
    # In memory only: the program's tables of names (module_tables.py), patched by the next run.
    tables: ModuleTables | None = None
    # The class hierarchy the run read (Program.subclass_map): the next run compares its own
    # and dirties `h|C` for each class whose derived classes changed (None: every class).
    hierarchy: dict[str, tuple[str, ...]] | None = None
    # Sites an update evaluated without putting the cycles of values through them in its set
    # (`cut_off`, not `exact`: the language server while the user types): a value they lost
    # may still keep itself elsewhere. The next exact update evaluates them again with their
    # cycles (stale_cycles); until then the verdicts may differ from a run from scratch.
    pending: set[SiteKey] = dataclasses.field(default_factory=set)
    # In memory only: the memo of expanded placeholders (Program.memo) as the last run and its
    # facts left it, and when each token last changed (CLOCK), over every update since the
    # memo's entries were made: the next run's facts take an entry over only when no token it
    # read changed since (Program.still_valid, `carry_memo`).
    memo: dict | None = None
    clock: dict[str, int] | None = None


class ResumedProgram(Program):
    """A program resumed from an earlier run's state: its parameters are rebuilt only for the
    callees whose contributions may have changed (`Program.rebuild_params` rebuilds every
    callee's, about 90 ms on 250 KLOC, more than once per edit)."""

    def __init__(self, modules: list[ModuleSummary], tables: ModuleTables | None = None) -> None:
        super().__init__(modules, tables)
        self.contributors: dict[str, set[SiteKey]] | None = None
        self.rerun: set[SiteKey] = set()
        # Callees whose parameters grew during `run`, or that a re-evaluated site gave to at
        # some point of it (or before it): a superset of those whose parameters may differ
        # from a rebuild. Never reset during a run (rebuilding more is only slower).
        self.touched: set[str] = set()
        # During `cut_off`: each callee's parameters as the last run left them, taken before
        # they first change (None: not kept).
        self.old_params: dict[str, dict[str, Values]] | None = None
        # The sites evaluated without their value cycles since the last exact update
        # (ProgramState.pending), carried into the state by `export_state`.
        self.pending_sites: set[SiteKey] = set()

    def remember(self, callee: str) -> None:
        if self.old_params is not None and callee not in self.old_params:
            self.old_params[callee] = {param: frozenset(values) for param, values in
                                       self.params.get(callee, {}).items()}

    def add_param(self, callee: str, param: str, values: Values, site: Any,
                  caller: FunctionSummary) -> None:
        values = V.param_values(values)
        if not values <= self.params[callee][param]:
            self.remember(callee)
            self.touched.add(callee)
        super().add_param(callee, param, values, site, caller)

    def contributor_index(self) -> dict[str, set[SiteKey]]:
        self.to_rebuild()  # the sites evaluated so far are in the index
        assert self.contributors is not None
        return self.contributors

    def note_rerun(self, sites: Iterable[SiteKey]) -> None:
        self.rerun |= set(sites)

    def to_rebuild(self) -> set[str]:
        assert self.contributors is not None
        for site in self.rerun:
            for callee, _, _, _ in self.contrib.get(site, ()):
                self.contributors[callee].add(site)
                self.touched.add(callee)
        return set(self.touched)

    def rebuild_params(self) -> None:
        if self.contributors is None:
            super().rebuild_params()
            self.contributors = contributors_of(self.contrib)
            return
        self.rebuild_callees(self.to_rebuild())

    def rebuild_params_changes(self) -> set[str]:
        """`Program.rebuild_params_changes` for the callees that may have changed."""
        if self.contributors is None:
            changed = super().rebuild_params_changes()
            self.contributors = contributors_of(self.contrib)
            return changed
        callees = self.to_rebuild()
        before = {callee: {param: set(values) for param, values in self.params[callee].items()}
                  for callee in callees if callee in self.params}
        self.rebuild_callees(callees)
        changed: set[str] = set()
        for callee in callees:
            old, new = before.get(callee, {}), self.params.get(callee, {})
            for param in old.keys() | new.keys():
                if set(old.get(param, ())) != set(new.get(param, ())):
                    changed.add(f"p|{callee}|{param}")
        # As Program.rebuild_params_changes: the expansions memoized from the parameters
        # before the rebuild are stale (kept, `*args` forwarded to itself gave back a `list`
        # the rebuild had dropped: bigbird's recompute_grad.inner alternated until the limit).
        for token in changed:
            self.token_clock[token] = next(CLOCK)
        return changed

    def rebuild_callees(self, callees: Iterable[str]) -> None:
        """`rebuild_params` for these callees only (same values, same evidence order)."""
        assert self.contributors is not None
        for callee in sorted(callees):
            self.remember(callee)
            params: dict[str, set[str]] = defaultdict(set)
            evidence: dict[str, list[ParamSite]] = defaultdict(list)
            stale = []
            for key in sorted(self.contributors.get(callee, ())):
                gave = False
                for to, param, values, found in self.contrib.get(key, ()):
                    if to != callee:
                        continue
                    gave = True
                    params[param] |= values
                    kept = evidence[param]
                    if len(kept) < MAX_SITES and found not in kept:
                        kept.append(found)
                if not gave:
                    stale.append(key)
            for key in stale:
                self.contributors[callee].discard(key)
            if not params:
                self.contributors.pop(callee, None)
                self.params.pop(callee, None)
                self.sites.pop(callee, None)
                continue
            self.params[callee] = params
            self.sites[callee] = evidence


def contributors_of(contrib: dict[SiteKey, list[tuple[str, str, Values, ParamSite]]]
                    ) -> dict[str, set[SiteKey]]:
    out: dict[str, set[SiteKey]] = defaultdict(set)
    for site, items in contrib.items():
        for callee, _, _, _ in items:
            out[callee].add(site)
    return out


def export_state(program: Program, for_disk: bool = True) -> ProgramState:
    """The program's per-site state. For disk, equal dependency sets are shared (stored once)
    and the per-function gathering is left out (it is derived); in memory, nothing is copied."""
    if not for_disk:
        if program.readers is None:
            program.readers = defaultdict(set)
            for site, deps in program.deps.items():
                for token in deps:
                    program.readers[token].add(site)
        contributors = getattr(program, "contributors", None)
        if contributors is None:
            contributors = contributors_of(program.contrib)
        return ProgramState(program.results, program.site_info, program.contrib, program.deps,
                            program.info, program.readers, set(program.unconverged),
                            program.params, program.sites, contributors,
                            program.derived_memo, program.tables, program.subclass_map,
                            set(getattr(program, "pending_sites", ())), program.memo,
                            program.change_clock)
    return disk_state(ProgramState(program.results, program.site_info, program.contrib,
                                 program.deps, program.info, None, program.unconverged,
                                 hierarchy=program.subclass_map,
                                 pending=set(getattr(program, "pending_sites", ()))))


def disk_state(state: ProgramState) -> ProgramState:
    """What a snapshot file keeps of a program state (export_state's, or one the language
    server holds in memory): equal dependency sets shared (stored once), the in-memory-only
    indexes left out (they are derived again when it is read)."""
    shared: dict[tuple[str, ...] | frozenset[str], tuple[str, ...] | frozenset[str]] = {}
    deps = {site: shared.setdefault(d, d) for site, d in state.deps.items()}
    # Plain dicts (a WriteLog's class is not one the snapshot reader accepts).
    return ProgramState(state.results, state.site_info, dict(state.contrib), deps,
                        dict(state.info or {}), None, set(state.unconverged),
                        hierarchy=state.hierarchy, pending=set(getattr(state, "pending", ())))


def without_lines(fn: FunctionSummary) -> FunctionSummary:
    """The summary with every line number set to 0: what stays when only lines move."""
    def span(value: Span | None) -> Span | None:
        return None if value is None else Span(0, value.col, 0, value.end_col)

    return dataclasses.replace(
        fn, line=0, end_line=0, start_line=0, def_span=span(fn.def_span),
        decorator_span=span(fn.decorator_span),
        calls=[dataclasses.replace(c, line=0) for c in fn.calls],
        effects=[dataclasses.replace(e, line=0) for e in fn.effects],
        hazards=[dataclasses.replace(h, line=0) for h in fn.hazards],
        reads=[dataclasses.replace(r, line=0) for r in fn.reads],
        arithmetic=[(values, 0) for values, _ in fn.arithmetic],
        param_iterations=[(p, 0) for p, _ in fn.param_iterations],
        dtype_coercions=[(p, d, 0) for p, d, _ in fn.dtype_coercions],
        value_uses=[(use, values, 0, detail) for use, values, _, detail in fn.value_uses],
        param_uses=[(param, kind, 0, detail) for param, kind, _, detail in fn.param_uses],
        array_uses=[(param, kind, 0, col, text) for param, kind, _, col, text in fn.array_uses],
        shape_args=[(0, *rest) for _, *rest in fn.shape_args],
        shape_reads=[(param, dim, 0, text) for param, dim, _, text in fn.shape_reads],
        int_args=[(0, *rest) for _, *rest in fn.int_args],
        shared_returns=tuple((root, values, 0, text, part)
                             for root, values, _, text, part in fn.shared_returns),
        caught=tuple((0, 0, text, 0) for _, _, text, _ in fn.caught),
        chain=(0, fn.chain[1]) if fn.chain is not None else None,
        reshape=(0, fn.reshape[1]) if fn.reshape is not None else None,
        empty_reshape=(0, fn.empty_reshape[1]) if fn.empty_reshape is not None else None,
        branches=tuple((0, 0) for _ in fn.branches))


def moved(before: FunctionSummary, after: FunctionSummary) -> bool:
    """Did only line numbers change (blank lines or comments added or removed)? Lines are only
    evidence: values, placeholders and call order are what other functions read."""
    return len(before.calls) == len(after.calls) and \
        without_lines(before) == without_lines(after)


def class_structure(module: ModuleSummary) -> tuple:
    """What a class's MRO shows of the module's classes (Program._mro notes `c|M`): their
    bases, methods and attributes (line numbers left out)."""
    return tuple(sorted(
        (c.key, tuple(sorted(c.methods.items())), tuple(c.bases),
         tuple(sorted(c.class_attrs.items())),
         tuple(sorted((a, tuple((v, m) for v, m, _ in entries))
                      for a, entries in c.instance_attrs.items())), tuple(sorted(c.zeros)))
        for c in module.classes.values()))


def module_structure(module: ModuleSummary) -> tuple:
    """What other modules can see of a module by name (line numbers left out)."""
    return (module.import_name, module.is_package, tuple(sorted(module.defs.items())),
            tuple(sorted(module.imports.items())), tuple(sorted(module.globals)),
            class_structure(module))


def changed_modules(previous: dict[str, ModuleSummary], current: dict[str, ModuleSummary]
                    ) -> list[str]:
    """The keys of the modules that one side has and the other not, or whose digests differ.
    A summary kept from the last run is the same object: when both list the same keys in the
    same order (an edit's run), only the others are compared, in C (comparing the digests of
    1,386 modules one by one cost about 3 ms per language-server edit, twice)."""
    if len(previous) == len(current) and list(previous) == list(current):
        candidates = list(compress(current, map(is_not, current.values(), previous.values())))
        return [key for key in candidates if previous[key].digest != current[key].digest]
    return [key for key in sorted(previous.keys() | current.keys())
            if key not in previous or key not in current
            or previous[key].digest != current[key].digest]


def incremental_program(modules: list[ModuleSummary], previous: dict[str, ModuleSummary],
                        state: ProgramState, exact: bool = True) -> tuple[Program, int]:
    """Resolve the workspace again, re-evaluating only the call sites that a change can reach.

    A site is re-evaluated when it belongs to a changed function, or when it read (directly or
    through other sites) a token that a changed function or module produces. Everything else
    keeps its results and contributions from the previous run. Returns the program and the
    number of call sites re-evaluated. Not `exact` (the language server while the user types),
    the update leaves out the cycles of values through what it evaluates (`cut_off`) and notes
    the sites it evaluated as pending; an exact update takes the pending sites in."""
    program = ResumedProgram(modules, patched_tables(getattr(state, "tables", None), modules))
    if not isinstance(state.contrib, WriteLog):  # from disk: logged from now on
        state.contrib = WriteLog(state.contrib)
    current = program.modules
    # The state's dictionaries are taken over, not copied: the caller drops the old state.
    program.results, program.site_info = state.results, state.site_info
    program.contrib, program.deps = state.contrib, state.deps
    resumed = state.params is not None and state.sites is not None and \
        state.contributors is not None
    if resumed:
        program.params, program.sites = state.params, state.sites  # type: ignore[assignment]
        program.contributors = state.contributors
    # (A snapshot saved before this field existed has none.)
    unsettled = {key for key in getattr(state, "unconverged", ()) if key in program.functions}
    program.unconverged = set(unsettled)
    # The modules added, removed or with another digest, in a stable order.
    differ = changed_modules(previous, current)
    pending = {(key, index) for key, index in getattr(state, "pending", ())
               if key in program.functions and index < len(program.functions[key].calls)}
    program.pending_sites = pending
    if not differ and not (exact and pending and DEMAND_DRIVEN_FROM_DISK):
        # Nothing changed: every site keeps its state (and the hierarchy is the same).
        program.subclass_map = getattr(state, "hierarchy", None)
        if not resumed:
            program.rebuild_params()
        program.info = state.info if state.info is not None else program.function_info()
        program.readers = state.readers
        program.collect_wrappers()
        # Resolved: the facts phase must read the state, not evaluate call sites on demand
        # (a run leaves its last pass's scope, all evaluated; a fresh program has none).
        program.scope = set()
        carry_memo(program, state, set())
        return program, 0
    dirty_functions: set[str] = set()
    hierarchy_may_change = False  # what a module binds changed: bases may resolve otherwise
    moved_functions: set[str] = set()  # only their lines changed: nothing reads them differently
    dirty_tokens: set[str] = set()
    old_calls: dict[str, int] = {}  # function key -> its number of call sites last time
    for key in differ:
        old, new = previous.get(key), current.get(key)
        old_functions = {f.key: f for f in old.functions} if old else {}
        new_functions = {f.key: f for f in new.functions} if new else {}
        for fn_key in old_functions.keys() | new_functions.keys():
            before, after = old_functions.get(fn_key), new_functions.get(fn_key)
            if before is not None:
                old_calls[fn_key] = max(old_calls.get(fn_key, 0), len(before.calls))
            if before == after:
                continue
            if before is not None and after is not None and moved(before, after):
                moved_functions.add(fn_key)
            else:
                dirty_functions.add(fn_key)
        if old is None or new is None or class_structure(old) != class_structure(new):
            dirty_tokens.add(f"c|{key}")
        if old is None or new is None or module_structure(old) != module_structure(new):
            # A base may now resolve to another class (an import, an alias `Base = Other`).
            hierarchy_may_change = True
            dirty_tokens.add(f"n|{key}")
            for module in (old, new):
                if module is not None:
                    dirty_tokens.update({f"i|{module.import_name}", f"i|{module.key}"})
    dirty_tokens |= {f"s|{key}" for key in dirty_functions}
    if any(token.startswith("c|") for token in dirty_tokens):
        dirty_tokens.add("c|*")  # what any class defines (Program.weight_lists_overridden)
    # `self` in a method of C may be an instance of other classes now (Program.instances_of):
    # the hierarchy is computed again, before any site is evaluated, and compared.
    before = getattr(state, "hierarchy", None)
    # A module's top-level code changed: what a name used as a base holds may be another
    # class (`Base = Quiet` instead of `Base = Noisy`; tests/test_incremental.py).
    hierarchy_may_change |= any(key.endswith(f":{MODULE_QUALNAME}") for key in dirty_functions)
    # Computed again only when what a module binds or runs at its top level changed (an edit
    # inside a function keeps it: every MRO again cost about 40 ms per edit on 253 KLOC).
    program.subclass_map = program.compute_subclass_map() \
        if hierarchy_may_change or before is None else before
    if before is None:
        dirty_tokens |= {f"h|{key}" for key in program.classes}
        dirty_tokens |= {f"h|{key}" for key in program.subclass_map}
    else:
        dirty_tokens |= {f"h|{key}" for key in before.keys() | program.subclass_map.keys()
                         if before.get(key) != program.subclass_map.get(key)}

    def produced(site: SiteKey) -> set[str]:
        out = {f"r|{site[0]}|{site[1]}"}
        out.update(f"p|{callee}|{param}" for callee, param, _, _ in state.contrib.get(site, ()))
        return out

    def sites_of(functions: set[str]) -> set[SiteKey]:
        return {(key, index) for key in functions for index in range(old_calls.get(key, 0))
                if (key, index) in state.deps}

    if state.readers is None and state.info is not None and DEMAND_DRIVEN_FROM_DISK:
        # From disk: the reverse index and the parameters are derived from what the snapshot
        # keeps (deps, contributions), so the run is demand-driven as in memory. The closure
        # below re-evaluates whatever a change can reach, even where nothing it produces
        # changed: since a base method's `self` may be any derived class (Program.instances_of),
        # one function appended to keras-hub's t5_backbone.py reached 23,732 of 29,038 sites.
        readers: dict[str, set[SiteKey]] = defaultdict(set)
        for site, deps in state.deps.items():
            for token in deps:
                readers[token].add(site)
        state.readers = readers
        program.contributors = None
        program.rebuild_params()  # params, evidence sites and contributors, from `contrib`
        state.params, state.sites = program.params, program.sites  # type: ignore[assignment]
        state.contributors = program.contributors
        resumed = True
    if state.readers is not None and resumed:
        # In memory: the sites that read a changed function's summary, a changed module's
        # names or anything; the rest only when what those produce changes (`cut_off`).
        first = sites_of(dirty_functions | moved_functions) | set(state.readers.get("*", ()))
        for token in dirty_tokens:
            first |= state.readers.get(token, set())
        gone = {(key, index) for key, count in old_calls.items()
                if key not in program.functions for index in range(count)}
        # A memoized MRO holds the class summaries of the modules it read (n|M): those of a
        # module that changed at all (lines too) are new objects.
        summaries_changed = {f"{kind}|{key}" for key in differ for kind in ("n", "c")}
        if exact:
            first |= pending
        return cut_off(program, state, first | gone, dirty_functions | moved_functions,
                       unsettled, dirty_tokens | summaries_changed,
                       {key for key in dirty_functions if key not in program.functions}, exact)
    if state.readers is not None:
        # In memory the reverse index names the sites that read anything ("*").
        dirty_sites = sites_of(dirty_functions) | set(state.readers.get("*", ()))
    else:
        dirty_sites = {site for site, deps in state.deps.items()
                       if site[0] in dirty_functions or "*" in deps}
    for site in dirty_sites:
        dirty_tokens |= produced(site)
    # The sites of a function that only moved are evaluated again (their evidence names lines),
    # but what they produce is unchanged: nothing that read it needs evaluating again.
    dirty_sites |= sites_of(moved_functions) if state.readers is not None else \
        {site for site in state.deps if site[0] in moved_functions}
    # The closure: sites that read a dirty token are dirty and dirty what they produce.
    if state.readers is not None:
        # In memory, the reverse index is kept up to date: follow it from the dirty tokens.
        queue = list(dirty_tokens)
        while queue:
            for site in state.readers.get(queue.pop(), ()):
                if site in dirty_sites:
                    continue
                dirty_sites.add(site)
                for token in produced(site) - dirty_tokens:
                    dirty_tokens.add(token)
                    queue.append(token)
    else:
        # From disk: rounds of set-disjointness tests over the remaining sites (in C) beat
        # building a reverse index first.
        clean = [(site, deps) for site, deps in state.deps.items() if site not in dirty_sites]
        while True:
            reached = [site for site, deps in clean if not dirty_tokens.isdisjoint(deps)]
            if not reached:
                break
            for site in reached:
                dirty_sites.add(site)
                dirty_tokens |= produced(site)
            clean = [(site, deps) for site, deps in clean if site not in dirty_sites]
    # The sites of functions that are gone (a deleted module, a renamed function).
    gone = {(key, index) for key, count in old_calls.items() if key not in program.functions
            for index in range(count)} if resumed else \
        {site for site in program.results if site[0] not in program.functions}
    if state.readers is not None:
        for site in dirty_sites | gone:
            for token in state.deps.get(site, ()):
                state.readers[token].discard(site)
    lost: set[str] = set()  # callees that lose the contributions of the sites evaluated again
    if resumed:
        assert program.contributors is not None
        for site in dirty_sites | gone:
            for callee, _, _, _ in state.contrib.get(site, ()):
                lost.add(callee)
                program.contributors[callee].discard(site)
    for table in (program.results, program.site_info, program.contrib, program.deps):
        for site in dirty_sites | gone:
            table.pop(site, None)  # type: ignore[attr-defined]
    # Every site of the last run has its dependencies recorded (evaluated or not, a site with an
    # empty result included): those without are the ones to evaluate.
    candidates = {site[0] for site in dirty_sites} | dirty_functions | moved_functions
    rerun = {(key, index) for key in candidates if key in program.functions
             for index in range(len(program.functions[key].calls))
             if (key, index) not in program.deps}
    if not resumed:
        rerun |= {(fn.key, index) for fn in program.functions.values()
                  for index in range(len(fn.calls)) if (fn.key, index) not in program.deps}
    if state.info is not None:
        program.info = {key: value for key, value in state.info.items()
                        if key in program.functions}
        program.info.update(program.function_info(
            {site[0] for site in dirty_sites | gone} | dirty_functions | moved_functions))
    else:
        program.info = program.function_info()
    if resumed:
        program.rebuild_callees(lost)
        program.touched |= lost
    else:
        program.rebuild_params()
    program.unconverged = set()
    program.rerun = set(rerun)
    # The run may evaluate sites beyond `rerun` (a recursive group solved again, and the sites
    # that read what that changed): it finds them by the reverse index, which holds every other
    # site's dependencies.
    program.readers = state.readers
    program.run(dirty=rerun)
    if program.rebuilds_exhausted:
        raise FromScratch(len(program.rerun))
    # A function evaluated again settles (or not) anew; the others keep their state, settled
    # or not.
    evaluated = {key for key, _ in program.rerun}
    program.unconverged |= unsettled - evaluated
    if state.readers is not None:
        for site in program.rerun:
            for token in program.deps.get(site, ()):
                state.readers[token].add(site)
    return program, len(program.rerun)


# Whether a run from a snapshot on disk derives the reverse index and the parameters and runs
# `cut_off` as in memory (instead of the closure over everything a change can reach).
DEMAND_DRIVEN_FROM_DISK = True

# Rounds of `cut_off` that grow the evaluated sites by the readers of what changed; the last
# one takes every site that a change can reach, as the run from disk does. Measured (session
# 36, tf-models-official, one function appended to nlp/modeling/layers/transformer.py): the
# rounds grew 134, 174, 182, 185, ... 189 sites and settled at the eighth; with 4 rounds the
# closure took 34,428 of the 67,000 sites, whose run took 13 minutes (a cold check: 56 s) and
# ended on other verdicts than a run from scratch (3 proposals fewer).
CUT_OFF_ROUNDS = 32

# An update that would evaluate again more than this share of the program's call sites runs
# from scratch instead (`FromScratch`): no slower, and equal to a run from scratch by
# construction, where a dirty run over most of the program takes many times longer (its
# parameters rebuilt for thousands of callees at each settling) and has been seen to settle
# elsewhere.
FROM_SCRATCH_SHARE = 0.25
# ... and more than this many sites: a small program's update stays incremental (cheap either
# way, and the language server's tables are patched, not rebuilt: tests/test_module_tables.py).
FROM_SCRATCH_MIN_SITES = 5_000


class FromScratch(Exception):
    """The incremental update would evaluate again most of the program: the caller runs the
    whole-program phase from scratch (the state it gave is not to be used again)."""


def cut_off(program: ResumedProgram, state: ProgramState, first: set[SiteKey],
            changed_functions: set[str], unsettled: set[str], dirty_tokens: set[str],
            removed: set[str], exact: bool = True) -> tuple[Program, int]:
    """The in-memory incremental run, demand-driven: evaluate again from scratch (results and
    contributions dropped) the sites `first` that a changed summary or module makes stale, then
    compare what they produce (call results, parameters) with what the last run left. A site
    that reads a token that changed is added, and the whole set is evaluated again from
    scratch, until what changed is read only inside the set; the rest keeps its state, which
    its inputs, unchanged, still give. Evaluating the whole set again (not only the sites
    added) leaves no value in it that the last run's state supported (a value computed from
    a reader's old result and read back would keep itself, as in a recursive group). After
    CUT_OFF_ROUNDS - 1 rounds the set is closed over everything it can reach (the run from
    disk's closure).

    Each site added, and each site on a cycle of values through a token it produces (one value
    held all along it, stale_cycles), is in the set: a value the edit removed cannot keep itself
    through sites outside it. Not `exact`, those cycles are left out and the sites evaluated
    are noted as pending (ProgramState.pending)."""
    readers = state.readers
    assert readers is not None and program.contributors is not None
    # The reverse index holds the sites not taken out: those outside the set.
    program.readers = readers
    old_results: dict[SiteKey, Values] = {}
    taken: set[SiteKey] = set()  # sites out of the reverse index (their deps are stale)
    program.old_params = {}
    sites = set(first)
    evaluated = 0
    limit = max(FROM_SCRATCH_SHARE * len(program.deps), FROM_SCRATCH_MIN_SITES)
    expanded: set[SiteKey] = set()  # sites whose value cycles are in `sites`
    for number in range(CUT_OFF_ROUNDS):
        if number == CUT_OFF_ROUNDS - 1:
            sites = closure(program, readers, sites)
        while exact and (seeds := sites - expanded):
            expanded |= seeds
            started = time.perf_counter()
            more = stale_cycles(program, readers, seeds, taken, sites)
            log.debug("cut-off round %d: %d sites on value cycles with %d added (%.0f ms)",
                      number, len(more - sites), len(seeds),
                      1000 * (time.perf_counter() - started))
            sites |= more
        if len(sites) > limit:
            log.debug("cut-off round %d: %d sites, more than %d: from scratch", number,
                      len(sites), limit)
            raise FromScratch(len(sites))
        lost: set[str] = set()
        for site in sorted(sites):
            if site not in old_results:
                old_results[site] = program.results.get(site, EMPTY)
            if site not in taken:
                taken.add(site)
                for token in program.deps.get(site, ()):
                    readers[token].discard(site)
            for callee, _, _, _ in program.contrib.get(site, ()):
                lost.add(callee)
                program.contributors[callee].discard(site)
            for table in (program.results, program.site_info, program.contrib, program.deps):
                table.pop(site, None)  # type: ignore[attr-defined]
        functions = {key for key, _ in sites} | changed_functions
        rerun = {(key, index) for key in functions if key in program.functions
                 for index in range(len(program.functions[key].calls))
                 if (key, index) not in program.deps}
        if number == 0:
            # Taken over, as the rest of the state (the caller drops it).
            program.info = state.info if state.info is not None else {}
            for key in removed:
                program.info.pop(key, None)
            program.info.update(program.function_info(functions))
        program.rebuild_callees(lost)
        program.touched |= lost
        program.rerun = set(rerun)
        program.run(dirty=rerun)
        if program.rebuilds_exhausted:
            # A run from scratch settles in its own order (or reports the functions unsettled
            # itself): an update that did not settle is not to be kept.
            raise FromScratch(len(sites))
        evaluated += len(program.rerun)
        # Sites the run evaluated beyond `rerun` (recursive groups) are evaluated again too.
        beyond = program.rerun - sites
        for site in beyond:
            old_results.setdefault(site, EMPTY)  # not compared: their tokens count as changed
        sites |= program.rerun
        changed = {f"r|{key}|{index}" for key, index in sites
                   if program.results.get((key, index), EMPTY) != old_results[(key, index)]
                   or (key, index) in beyond}
        for callee, before in program.old_params.items():
            after = program.params.get(callee, {})
            for param in before.keys() | after.keys():
                if before.get(param, EMPTY) != frozenset(after.get(param, ())):
                    changed.add(f"p|{callee}|{param}")
        if number == CUT_OFF_ROUNDS - 1:
            break
        outside = program.readers_of(changed) - sites
        log.debug("cut-off round %d: %d sites evaluated, %d tokens changed, %d readers outside",
                  number, len(program.rerun), len(changed), len(outside))
        if not outside:
            break
        sites |= outside
    program.old_params = None
    if state.derived:
        # MROs and library bases that read nothing that changed (the facts phase asks for
        # about 2,000 on each edit of 250 KLOC). The last run's memo is taken over (the caller
        # drops the old state): its stale entries dropped, this run's laid over it, instead of
        # a copy of every kept entry (the memo is only looked up by key, never listed).
        changed |= dirty_tokens
        memo = state.derived
        for key in [key for key, entry in memo.items() if key[0] not in LAZY_KINDS and
                    ("*" in entry[1] or not changed.isdisjoint(entry[1]))]:
            del memo[key]
        # The entries kept per function (11,500 on 250 KLOC, their tokens in tuples) are
        # checked only when read: what changed is noted for then (Program.prune_lazy).
        note_stale(memo, changed)
        memo.update(program.derived_memo)
        program.derived_memo = memo
    # The expansions of the last run (and of its facts) that read nothing changed since: the
    # facts of a few functions expand about 3,400 placeholders again otherwise (a fifth of a
    # language-server edit on 250 KLOC). A moved function's summary is a new object too.
    carry_memo(program, state, changed | dirty_tokens |
               {f"s|{key}" for key in changed_functions})
    evaluated_functions = {key for key, _ in sites}
    program.unconverged |= unsettled - evaluated_functions
    program.pending_sites = set() if exact else program.pending_sites | sites
    for site in sites:
        for token in program.deps.get(site, ()):
            readers[token].add(site)
    return program, evaluated


def carry_memo(program: Program, state: ProgramState, changed: set[str]) -> None:
    """Lay `program`'s memo of expanded placeholders (its run's last pass) over the memo the
    last run left (`state.memo`, in memory only), and note `changed` (every token the update
    changed) in the clock of changes kept across runs: an entry of an earlier run is taken
    over when it is read (Program.still_valid against that clock) only if no token it read
    changed since it was made. The tokens are those a site's dependencies hold, which the
    incremental update already trusts to say what an edit can change."""
    if state.memo is None:
        return
    clock = state.clock if state.clock is not None else {}
    stamp = next(CLOCK)
    for token in changed:
        clock[token] = stamp
    state.memo.update(program.memo)
    program.memo = state.memo
    program.token_clock = program.change_clock = clock


def closure(program: Program, readers: dict[str, set[SiteKey]],
            sites: set[SiteKey]) -> set[SiteKey]:
    """`sites` and every site that reads, directly or through others, a token they produce."""
    out = set(sites)
    tokens: set[str] = set()
    for key, index in sites:
        tokens.add(f"r|{key}|{index}")
    for callee, params in (getattr(program, "old_params", None) or {}).items():
        tokens.update(f"p|{callee}|{param}" for param in params)
    for site in sites:
        tokens.update(f"p|{callee}|{param}" for callee, param, _, _ in
                      program.contrib.get(site, ()))
    queue = list(tokens)
    while queue:
        for site in readers.get(queue.pop(), ()):
            if site in out:
                continue
            out.add(site)
            produced = {f"r|{site[0]}|{site[1]}"}
            produced.update(f"p|{callee}|{param}" for callee, param, _, _ in
                            program.contrib.get(site, ()))
            for token in produced - tokens:
                tokens.add(token)
                queue.append(token)
    return out


def produced_values(program: Program, site: SiteKey) -> list[tuple[str, Values]]:
    """The tokens `site` produces, each with the values it gives them (its result; its
    contribution to each callee's parameter)."""
    out = [(f"r|{site[0]}|{site[1]}", program.results.get(site, EMPTY))]
    for callee, param, values, _ in program.contrib.get(site, ()):
        out.append((f"p|{callee}|{param}", values))
    return out


def stale_cycles(program: Program, readers: dict[str, set[SiteKey]], seeds: set[SiteKey],
                 inside: set[SiteKey], members: set[SiteKey]) -> set[SiteKey]:
    """The sites outside `inside` on a cycle, through a token that one of `seeds` produces (its
    result, a parameter it gives to), along which one value is held by every token. A value
    the seeds stop giving can come back to that token through such a cycle from the results
    and contributions of sites that are not evaluated again, and keep itself: `same`'s
    parameter, given a tensor by the seed once, kept it through two callers that give each
    other what `same(...)` returns (tests/test_incremental.py). Evaluated from nothing together
    with the seeds, such a cycle keeps only what the rest of the program supports.

    Found per value: the sites reached forward from the seeds' tokens that hold it (their
    readers, then the tokens those give it to) and the sites that reach them backward (the
    givers of a token holding it, then the givers of what those read); a site in both lies on
    such a cycle. A parameter that a site outside both the forward sites and `members` (the
    update's set: evaluated again, it grounds nothing) gives the value holds it whatever the
    seeds do: a cycle through it is not followed."""
    members = members | seeds | inside
    by_value: dict[Any, set[str]] = defaultdict(set)
    for site in seeds:
        for token, values in produced_values(program, site):
            for value in values:
                by_value[value].add(token)
    if not by_value:
        return set()
    # Readers of a token among the sites taken out of the reverse index (`inside`).
    inside_readers: dict[str, set[SiteKey]] = defaultdict(set)
    for site in inside:
        for token in program.deps.get(site, ()):
            inside_readers[token].add(site)
    contributors = getattr(program, "contributors", None)

    def givers(token: str, value: Any) -> list[SiteKey]:
        """The sites that give `token` a set holding `value`."""
        kind, _, rest = token.partition("|")
        if kind == "r":
            key, _, index = rest.rpartition("|")
            site = (key, int(index))
            return [site] if value in program.results.get(site, EMPTY) else []
        if kind != "p":
            return []
        callee, _, param = rest.rpartition("|")
        candidates = contributors.get(callee, ()) if contributors is not None else \
            [site for site, items in program.contrib.items()
             if any(to == callee for to, _, _, _ in items)]
        return [site for site in candidates
                if any(to == callee and name == param and value in values
                       for to, name, values, _ in program.contrib.get(site, ()))]

    def forward_from(tokens: Iterable[str], value: Any, barrier: set[str]) -> set[SiteKey]:
        """The sites reached from `tokens` through tokens that hold `value`, not through the
        `barrier` tokens."""
        reached: set[SiteKey] = set()
        queue = [site for token in tokens
                 for site in (*readers.get(token, ()), *inside_readers.get(token, ()))]
        while queue:
            site = queue.pop()
            if site in reached:
                continue
            reached.add(site)
            for token, values in produced_values(program, site):
                if value in values and token not in barrier:
                    queue.extend(readers.get(token, ()))
                    queue.extend(inside_readers.get(token, ()))
        return reached

    def cycles_of(value: Any, start: set[str]) -> set[SiteKey]:
        """The sites on a cycle through `start` along which every token holds `value`."""
        forward = forward_from(start, value, set())
        if not forward:
            return set()
        # A parameter given the value by a site the seeds do not reach, and that the update
        # does not evaluate again, holds it whatever the seeds do: a cycle through it gives
        # the value back as a run from scratch would (`Layer.call`'s inputs, given tensors by
        # thousands of calls): it is not followed.
        grounded: set[str] = set()
        checked: set[str] = set()

        def is_grounded(token: str) -> bool:
            if token not in checked:
                checked.add(token)
                if token.startswith("p|") and any(
                        giver not in forward and giver not in members
                        for giver in givers(token, value)):
                    grounded.add(token)
            return token in grounded

        start = {token for token in start if not is_grounded(token)}
        backward: set[SiteKey] = set()
        seen = set(start)
        queue = [site for token in start for site in givers(token, value)]
        while queue:
            site = queue.pop()
            if site in backward:
                continue
            backward.add(site)
            for token in program.deps.get(site, ()):
                if token not in seen:
                    seen.add(token)
                    if not is_grounded(token):
                        queue.extend(givers(token, value))
        if not backward & forward:
            return set()
        return forward_from(start, value, grounded) & backward

    out: set[SiteKey] = set()
    for value in sorted(by_value, key=repr):
        found = cycles_of(value, by_value[value])
        if log.isEnabledFor(logging.DEBUG) and len(found - out) > 50:
            log.debug("  value %r: %d sites (%d tokens from %d seeds)", value,
                      len(found - out), len(by_value[value]), len(seeds))
        out |= found
    return out - inside
