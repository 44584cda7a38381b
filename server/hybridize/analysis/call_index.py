"""Whole-program indexes of the facts phase (facts.py), kept between runs and updated in place.

The facts of the few functions an editor shows still read the whole workspace: who calls each
of them (covered callers, literal arguments, evidence), the values every call site passes, the
attribute writes of every function, the lines whose calls tracing.py explains. Built anew on
every run, these indexes cost about 100 ms on 250 KLOC, most of an edit in the language server.
A `CallIndex` keeps them and, on each run, updates them only for what the run replaced:

- `program.info` (per function), `program.contrib` (per call site) and `program.functions`
  entries are replaced by new objects, never changed in place, when a run evaluates them again
  (program.py `function_info`/`evaluate_call`, incremental.py). An entry that is the same object
  as the one the index last saw has the same content; the index holds the objects it saw, so an
  identity is never reused.
- Lists come out in the order a from-scratch run gives them: callers in the order of the
  program's functions (sorted modules, then source order: `Program.function_info` from
  scratch), a callee's contributions by sorted call site, attribute writes by sorted function
  key. An incremental run's `program.info` puts new functions last: ordering by position makes
  the evidence the same as from scratch.

The command line builds a fresh index per run (the same code path: the index is the only source
of these tables), the server keeps one per workspace folder (workspace.Analyzer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from itertools import compress
from operator import is_not
from typing import TYPE_CHECKING, Generic, TypeVar

from hybridize.analysis import python_builtins, tfapi
from hybridize.analysis.bodies import IF_MUTABLE
from hybridize.analysis.calls import STRATEGY_RUN
from hybridize.analysis.fresh_objects import USE as INITIALISING
from hybridize.analysis.function_objects import reads_api
from hybridize.analysis.model import Evidence
from hybridize.analysis.settings_index import SettingsIndex
from hybridize.analysis.summary_model import ESCAPED

if TYPE_CHECKING:
    from hybridize.analysis.calls import Binding, ParamSite, PassInfo
    from hybridize.analysis.object_attrs import InstanceAttrIndex
    from hybridize.analysis.program import Program, SiteKey
    from hybridize.analysis.summary_model import CallSite, FunctionSummary, ModuleSummary, Values

T = TypeVar("T")
# Hazards whose call sites tracing.py judges by its own rule (facts.py `explained`).
EXPLAINING_HAZARDS = ("HAS_REPLICA_CONTEXT_CALLS", "HAS_TRACE_DEPENDENT_CODE")


class WriteLog(dict):
    """A dict that keeps the order of its latest writes (set, delete, pop), numbered, so that a
    reader who saw it at write number N can list the keys written since without comparing
    every entry (`since`). Program.info and Program.contrib are kept in WriteLogs: comparing
    every entry cost about 15 ms per language-server edit on 250 KLOC. Saved to disk as plain
    dicts (incremental.export_state): the log is of this process."""

    __slots__ = ("writes", "count")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.writes: dict = {}  # key -> number of its latest write, in the order of writes
        self.count = 0

    def _wrote(self, key: object) -> None:
        self.writes.pop(key, None)
        self.count += 1
        self.writes[key] = self.count

    def __setitem__(self, key: object, value: object) -> None:
        # Inlined `_wrote`: a cold run sets a few hundred thousand entries.
        dict.__setitem__(self, key, value)
        writes = self.writes
        writes.pop(key, None)
        self.count = count = self.count + 1
        writes[key] = count

    def __delitem__(self, key: object) -> None:
        dict.__delitem__(self, key)
        self._wrote(key)

    def pop(self, key: object, *default: object) -> object:  # type: ignore[override]
        if key in self:
            self._wrote(key)
        return dict.pop(self, key, *default)

    def setdefault(self, key: object, default: object = None) -> object:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other: object) -> WriteLog:  # type: ignore[override]
        self.update(other)
        return self

    def popitem(self) -> tuple:
        key, value = dict.popitem(self)
        self._wrote(key)
        return key, value

    def clear(self) -> None:
        for key in list(self):
            self._wrote(key)
        dict.clear(self)

    def since(self, count: int) -> list:
        """The keys written after write number `count`, latest first."""
        out = []
        for key, number in reversed(self.writes.items()):
            if number <= count:
                break
            out.append(key)
        return out


def replaced(new: dict, old: dict) -> tuple[list, list]:
    """The keys whose entry in `new` is not the object `old` holds (new ones included), and
    the keys `old` has and `new` has not. Compared in C when both list the same keys in the
    same order (the usual case from one run to the next)."""
    if len(new) == len(old) and list(new) == list(old):
        return list(compress(new, map(is_not, new.values(), old.values()))), []
    return [k for k, v in new.items() if old.get(k) is not v], [k for k in old if k not in new]


# What makes a Keras symbolic input, and a functional model (facts.symbolic_region).
KERAS_INPUTS = frozenset({"tensorflow.keras.Input", "tensorflow.keras.layers.Input"})
_KERAS_MODELS = frozenset({"tensorflow.keras.Model", "tensorflow.keras.models.Model"})


def builds_functional(site: CallSite) -> bool:
    """`keras.Model(inputs=..., outputs=...)`, `super().__init__(inputs=i, outputs=o)`,
    `tf_keras.Model(i, o)`: a functional model built from the values it is given."""
    return {"inputs", "outputs"} <= site.kwargs.keys() or \
        site.static in _KERAS_MODELS and len(site.args) >= 2


class Grouped(Generic[T]):
    """A read-only mapping key -> list, from entries stored per (key, owner): the list is the
    owners' entries in the owners' order (`rank`), each owner's in the order it gave them.
    Built on first read of a key in a run (a run reads few keys)."""

    def __init__(self) -> None:
        self.by_owner: dict[str, dict[object, list[T]]] = {}
        self.rank: Callable[[object], object] = lambda owner: owner
        self.built: dict[str, list[T]] = {}

    def put(self, key: str, owner: object, entries: list[T]) -> None:
        self.by_owner.setdefault(key, {})[owner] = entries
        self.built.pop(key, None)

    def drop(self, key: str, owner: object) -> None:
        owners = self.by_owner.get(key)
        if owners is not None and owners.pop(owner, None) is not None:
            self.built.pop(key, None)
            if not owners:
                del self.by_owner[key]

    def __getitem__(self, key: str) -> list[T]:
        found = self.built.get(key)
        if found is None:
            owners = self.by_owner.get(key)
            found = [] if not owners else \
                [entry for owner in sorted(owners, key=self.rank) for entry in owners[owner]]
            self.built[key] = found
        return found

    def owned(self, key: str) -> list[tuple[object, list[T]]]:
        """(owner, its entries) for `key`, in the owners' order."""
        owners = self.by_owner.get(key, {})
        return [(owner, owners[owner]) for owner in sorted(owners, key=self.rank)]

    def get(self, key: str, default: object = None) -> list[T] | object:
        return self[key] if key in self.by_owner else default

    def __contains__(self, key: object) -> bool:
        return key in self.by_owner

    def keys(self) -> Iterator[str]:
        return iter(sorted(self.by_owner))


class CallIndex:
    """See the module docstring. `update(program)` before reading; the tables then describe
    that program until the next update."""

    def __init__(self) -> None:
        self.info: dict[str, PassInfo] = {}  # the entries of program.info last seen
        self.contrib: dict[SiteKey, list] = {}  # of program.contrib
        self.modules: dict[str, ModuleSummary] = {}  # of program.modules
        self.functions: dict[str, tuple[FunctionSummary, str]] = {}  # summary and its file
        self.edges: dict[str, set[str]] = {}  # caller -> callees
        # callee -> [(caller, line)] / [(caller, binding)]; function -> [(who hands it to
        # tf.data, line)]
        self.callers: Grouped[tuple[str, int]] = Grouped()
        self.bindings_to: Grouped[tuple[str, Binding]] = Grouped()
        self.traced: Grouped[tuple[str, int]] = Grouped()
        self.strategy_runners: set[str] = set()  # functions with a strategy.run binding
        # callee -> [(parameter, values, evidence)] from every call site that gives it values
        self.given: Grouped[tuple[str, Values, ParamSite]] = Grouped()
        # attribute -> [(values of the objects written, file, line, why)] of every function
        self.attr_writes: Grouped[tuple[Values, str, int, str]] = Grouped()
        # function -> [(file, line, attribute, class, scope)] of its initialising stores
        # (fresh_objects.USE: `x = Empty(); x.attr = v`), kept here so that an edit does not
        # scan every function's value uses again.
        self.initialising: dict[str, list[tuple[str, int, str, str, str]]] = {}
        # function -> [(values of the objects, file, line, "col|slot|attribute|why")] of its
        # call arguments that share what an attribute of those objects holds, and of its
        # augmented names bound to one ("aug|use index||why"; bodies.note_passed_attributes,
        # visit_AugAssign), for facts.passed_to_writers.
        self.pass_writes: dict[str, list[tuple[Values, str, int, str]]] = {}
        # What facts.direct_writers starts from: function -> the parameters whose object its
        # body changes itself (`param-write`; "+name" for `name += v`, in place for some
        # values), and (from its bindings) those a library call it makes changes
        # (`np.copyto(w, v)`); function -> its bindings that pass what an attribute holds.
        self.param_writes: dict[str, tuple[str, ...]] = {}
        # function -> its parameters it calls as a Keras object or runs a building method on,
        # with the index of the first such call site (keras_direct_uses).
        self.keras_direct: dict[str, tuple[tuple[str, int], ...]] = {}
        # function -> the names its calls give an optimizer's update (CallSite.applies), for
        # facts.applied_params: scanning every call site of the workspace cost about 10 ms per
        # edit on 250 KLOC.
        self.applies: dict[str, frozenset[str]] = {}
        # module -> the pairs of globals sharing an object that its imports and
        # `global_aliases` make (facts.aliases): those between workspace globals, and those
        # whose second is a call's result (`r:`), resolved by each run. Which globals are the
        # workspace's depends on the set of modules: all are made again when it changes.
        self.alias_pairs: dict[str, tuple[tuple[tuple[str, str], ...],
                                          tuple[tuple[str, str], ...]]] = {}
        # module -> its bound methods taken as values that may outlive their instance, as
        # facts.loose_method reports them ((name, class key or "", evidence)), and the names a
        # class body binds to a method ((alias, method, class key)): 14,700 evidence texts on
        # 250 KLOC, made again on every edit otherwise.
        self.loose: dict[str, tuple[tuple[tuple[str, str, Evidence], ...],
                                    tuple[tuple[str, str, str], ...]]] = {}
        # module -> its global writes (ModuleSummary.global_writes) with what each says of
        # itself, for facts.mutated_state: (target, line, reason, whether only an immutable
        # global's would be a rebinding, whether it changes the contents, the library attribute
        # it stores, or LIBRARY_TARGET_OF_RUN where that depends on another module's imports).
        self.global_writes: dict[str, tuple[tuple[str, int, str, bool, bool, str | None],
                                            ...]] = {}
        self.aug_passes: set[str] = set()  # pass_writes' functions with an "aug|" entry
        self.effect_param_writes: dict[str, tuple[str, ...]] = {}
        # Functions that write through a call's result (a write effect on an `r:` root: the
        # body's, the pass's): facts.written_through_calls follows them to their owners.
        self.result_writes: dict[str, tuple[tuple[str, int, str], ...]] = {}
        self.result_info_writes: dict[str, tuple[tuple[str, int, str], ...]] = {}
        # function -> (line, col, text) of a call site -> its bindings, built on first need
        # (facts.result_roots) and dropped with the function's pass info
        self.bound_sites: dict[str, dict[tuple[int, int, str], list[Binding]]] = {}
        self.passed_bindings: dict[str, tuple[Binding, ...]] = {}
        self.explaining: dict[tuple[str, int], int] = {}  # (file, line) -> how many hazards
        # function -> what in it may change a global through a call (facts.written_through_
        # calls): its calls' write effects on globals, (root, line, why), and its bindings that
        # give a global to a workspace callee's parameter, (callee, parameter, root, line).
        # Few functions have any: an edit does not look at every binding again.
        self.global_passes: dict[str, tuple[tuple[tuple[str, int, str], ...],
                                            tuple[tuple[str, str, str, int], ...]]] = {}
        # Functions that call a Keras API running a callable symbolically -> the indices of
        # those calls (keras_build.symbolic_callables), and the functions that store an
        # attribute by name or call a method that reconfigures a library object
        # (facts.library_setting_write): what an edit would otherwise find by scanning every
        # call site and value use of the workspace.
        self.symbolic_sites: dict[str, tuple[int, ...]] = {}
        # Functions that make a keras.Input, build a functional model or store a function
        # where its calls are not followed -> (the first keras.Input's line, the last model's
        # line, the ESCAPED sites' lines) (facts.symbolic_region: 60 to 100 ms of scanning
        # tf-models-official's call sites at each edit otherwise)
        self.keras_model_sites: dict[str, tuple[int | None, int | None, tuple[int, ...]]] = {}
        self.setting_writers: set[str] = set()
        # Functions that read a tf.function's attribute or test identity (function_objects.
        # reads_api), and, per function given as a value, the calls that do something with it
        # (PassInfo.object_uses: (caller, kind, line, call)), and the SavedModel saves by the
        # class of the object saved: what the facts phase asks about one function at a time.
        self.api_readers: set[str] = set()
        self.object_uses: Grouped[tuple[str, str, int, str]] = Grouped()
        # Every class's `self.attr` writes (object_attrs.InstanceAttrIndex, made there on first
        # use), brought up to date on first use in a run: a run that reads no `obj.attr` in an
        # open file's function never needs it.
        self.instance_attrs: InstanceAttrIndex | None = None
        # The Keras global settings each function may set (settings_index.py), built on the
        # first `settings_written` and kept up to date by `update` from then on.
        self.settings: SettingsIndex | None = None
        self.position: dict[str, int] = {}
        self.order_seen: dict[str, int] | None = None  # the source_position `position` is of
        self.updates = 0  # how many entries the last update replaced (for measurements)
        # Per logged table ("info", "contrib"): the WriteLog the last update read, and its
        # write count then.
        self.seen: dict[str, tuple[WriteLog | None, int]] = {}

    # -- update ----------------------------------------------------------------------------
    def update(self, program: Program) -> None:
        functions = program.functions
        # The program's function order is that of its tables' `source_position`, a table that
        # is replaced, never changed, when the order may change (module_tables.py): the same
        # object as last time, the same order, without listing 11,500 keys twice (2 ms).
        order = getattr(program, "source_position", None)
        if order is None or order is not self.order_seen or \
                len(self.position) != len(functions):
            if len(self.position) != len(functions) or list(self.position) != list(functions):
                self.position = {key: i for i, key in enumerate(functions)}
                for table in (self.callers, self.bindings_to, self.traced):
                    table.built.clear()
            self.order_seen = order
        position = self.position
        end = len(position)

        def by_position(key: object) -> object:
            return (position.get(key, end), key)

        for table in (self.callers, self.bindings_to, self.traced):
            table.rank = by_position
        logged = self._logged(program.info, "info")
        changed, gone = replaced(program.info, self.info) if logged is None else logged
        for key in gone + changed:
            self._drop_info(key)
        for key in changed:
            self._add_info(key, program.info[key])
        if logged is None:
            self.info = dict(program.info)  # in the program's order: the next diff is quicker
        logged = self._logged(program.contrib, "contrib")
        sites, lost = replaced(program.contrib, self.contrib) if logged is None else logged
        for site in lost + sites:
            self._drop_contrib(site)
        for site in sites:
            self._add_contrib(site, program.contrib[site])
        if logged is None:
            self.contrib = dict(program.contrib)
        # A module summary that is the same object has the same functions (and path).
        modules, dropped = replaced(program.modules, self.modules)
        affected = sorted({fn.key for key in dropped + modules if key in self.modules
                           for fn in self.modules[key].functions} |
                          {fn.key for key in modules for fn in program.modules[key].functions})
        for key in affected:
            self._drop_function(key)
            if key in program.functions:
                self._add_function(key, program.functions[key], program.file_of.get(key, ""))
            if self.settings is not None:
                if key in program.functions:
                    self.settings.add(key, program.functions[key])
                else:
                    self.settings.drop(key)
        if dropped or any(key not in self.modules for key in modules):
            # Which globals are the workspace's (alias_pairs), which module a write's target
            # is in (global_writes) may have changed: every module's are made again.
            self.alias_pairs.clear()
            modules = list(program.modules)
        for key in dropped:
            self.alias_pairs.pop(key, None)
            self.loose.pop(key, None)
            self.global_writes.pop(key, None)
        for key in modules:
            self.alias_pairs[key] = alias_pairs(program.modules[key], program.by_import)
            self.loose[key] = loose_methods(program.modules[key])
            self.global_writes[key] = global_writes(program.modules[key], program.modules)
        self.modules = dict(program.modules)
        self.updates = len(changed) + len(gone) + len(sites) + len(lost) + len(modules) + \
            len(dropped)

    def _logged(self, table: dict, name: str) -> tuple[list, list] | None:
        """`replaced(table, <the index's copy>)` from the table's WriteLog when the index saw
        this same table last time (then the copy is kept up to date entry by entry); None when
        the whole table must be compared. Notes what it saw for the next update."""
        seen, count = self.seen.get(name, (None, 0))
        self.seen[name] = (table, table.count) if isinstance(table, WriteLog) else (None, 0)
        if seen is not table or not isinstance(table, WriteLog):
            return None
        mine: dict = getattr(self, name)
        written = table.since(count)
        # In any order: every table the index builds is ordered by its own keys or rank.
        changed = [key for key in written if key in table and mine.get(key) is not table[key]]
        gone = [key for key in written if key not in table and key in mine]
        return changed, gone

    def sites_bound(self, key: str) -> dict[tuple[int, int, str], list[Binding]]:
        """The bindings of function `key`'s pass info by call site (line, column, text)."""
        found = self.bound_sites.get(key)
        if found is None:
            found = self.bound_sites[key] = {}
            entry = self.info.get(key)
            for binding in (entry.bindings if entry is not None else ()):
                site = binding.site
                found.setdefault((site.line, site.col, site.text), []).append(binding)
        return found

    def _add_info(self, key: str, entry: PassInfo) -> None:
        self.info[key] = entry
        writes = tuple((root, line, why) for kind, root, line, why in entry.effects
                       if kind == "write" and root.startswith("g:"))
        passes = tuple((binding.callee, param, root, binding.site.line)
                       for binding in entry.bindings
                       for param, root in sorted(binding.roots.items()) if root.startswith("g:"))
        if writes or passes:
            self.global_passes[key] = (writes, passes)
        through = tuple((root, line, why) for kind, root, line, why in entry.effects
                        if kind == "write" and root.startswith("r:"))
        if through:
            self.result_info_writes[key] = through
        passed = tuple(binding for binding in entry.bindings if binding.passed)
        if passed:
            self.passed_bindings[key] = passed
        changed = tuple(sorted({root[2:] for kind, root, _, _ in entry.effects
                                if kind == "write" and root.startswith("p:")}))
        if changed:
            self.effect_param_writes[key] = changed
        lines: dict[str, list[tuple[str, int]]] = {}
        bound: dict[str, list[tuple[str, Binding]]] = {}
        for binding in entry.bindings:
            lines.setdefault(binding.callee, []).append((key, binding.site.line))
            bound.setdefault(binding.callee, []).append((key, binding))
            if binding.site.method == STRATEGY_RUN:
                self.strategy_runners.add(key)  # facts.replica_region starts from these
        # A function tf.data maps is traced each time the caller builds the pipeline: eagerly on
        # every call, once when the caller is traced. Its Python effects, stale reads and
        # hazards are the caller's too, so it is a callee for the closures over callees.
        callees = set(lines) | {callee for callee, _ in entry.traced}
        if callees:
            self.edges[key] = callees
        for callee, items in lines.items():
            self.callers.put(callee, key, items)
            self.bindings_to.put(callee, key, bound[callee])
        traced: dict[str, list[tuple[str, int]]] = {}
        for callee, line in entry.traced:
            traced.setdefault(callee, []).append((key, line))
        for callee, items in traced.items():
            self.traced.put(callee, key, items)
        used: dict[str, list[tuple[str, str, int, str]]] = {}
        for kind, target, line, call in entry.object_uses:
            used.setdefault(target, []).append((key, kind, line, call))
        for target, items in used.items():
            self.object_uses.put(target, key, items)

    def _drop_info(self, key: str) -> None:
        entry = self.info.pop(key, None)
        self.strategy_runners.discard(key)
        if entry is None:
            return
        self.edges.pop(key, None)
        self.global_passes.pop(key, None)
        self.result_info_writes.pop(key, None)
        self.bound_sites.pop(key, None)
        self.passed_bindings.pop(key, None)
        self.effect_param_writes.pop(key, None)
        for binding in entry.bindings:
            self.callers.drop(binding.callee, key)
            self.bindings_to.drop(binding.callee, key)
        for callee, _ in entry.traced:
            self.traced.drop(callee, key)
        for _kind, target, _line, _call in entry.object_uses:
            self.object_uses.drop(target, key)

    def _add_contrib(self, site: SiteKey, items: list) -> None:
        self.contrib[site] = items
        grouped: dict[str, list[tuple[str, Values, ParamSite]]] = {}
        for callee, param, values, evidence in items:
            grouped.setdefault(callee, []).append((param, values, evidence))
        for callee, entries in grouped.items():
            self.given.put(callee, site, entries)

    def _drop_contrib(self, site: SiteKey) -> None:
        items = self.contrib.pop(site, None)
        for callee, _, _, _ in items or ():
            self.given.drop(callee, site)

    def _add_function(self, key: str, fn: FunctionSummary, file: str) -> None:
        self.functions[key] = (fn, file)
        through = tuple((e.root, e.line, e.reason) for e in fn.effects
                        if e.kind == "write" and e.root.startswith("r:"))
        if through:
            self.result_writes[key] = through
        writes: dict[str, list[tuple[Values, str, int, str]]] = {}
        stores: list[tuple[str, int, str, str, str]] = []
        for use, values, line, detail in fn.value_uses:
            if use == "attr-write":
                attr, _, why = detail.partition("|")
                writes.setdefault(attr, []).append((values, file, line, why))
            elif use == INITIALISING:
                attr, cls, scope = detail.split("|")
                stores.append((file, line, attr, cls, scope))
        if stores:
            self.initialising[key] = stores
        passes = [(values, file, line, detail) for use, values, line, detail in fn.value_uses
                  if use == "pass-write"]
        if passes:
            self.pass_writes[key] = passes
            if any(detail.startswith("aug|") for _, _, _, detail in passes):
                self.aug_passes.add(key)
        changed = tuple(sorted({detail if use == "param-write" else
                                f"+{detail}" if use == "aug-write" else f"={detail}"
                                for use, _values, _line, detail in fn.value_uses
                                if use in ("param-write", "param-store") or
                                use == "aug-write" and detail}))
        if changed:
            self.param_writes[key] = changed
        symbolic = tuple(i for i, site in enumerate(fn.calls)
                         if tfapi.symbolic_callable_api(site.static, site.method))
        if symbolic:
            self.symbolic_sites[key] = symbolic
        inputs = next((site.line for site in fn.calls if site.static in KERAS_INPUTS), None)
        built = max((site.line for site in fn.calls if builds_functional(site)), default=None)
        escaped = tuple(sorted({site.line for site in fn.calls if site.static == ESCAPED}))
        if inputs is not None or built is not None or escaped:
            self.keras_model_sites[key] = (inputs, built, escaped)
        used = keras_direct_uses(fn)
        if used:
            self.keras_direct[key] = used
        applies = frozenset(name for site in fn.calls for name in site.applies)
        if applies:
            self.applies[key] = applies
        if writes or any(site.receiver and site.method in tfapi.SETTING_METHODS
                         for site in fn.calls):
            self.setting_writers.add(key)
        if reads_api(fn):
            self.api_readers.add(key)
        for attr, entries in writes.items():
            self.attr_writes.put(attr, key, entries)
        for hazard in fn.hazards:
            if hazard.code in EXPLAINING_HAZARDS:
                spot = (file, hazard.line)
                self.explaining[spot] = self.explaining.get(spot, 0) + 1

    def _drop_function(self, key: str) -> None:
        seen = self.functions.pop(key, None)
        if seen is None:
            return
        fn, file = seen
        self.initialising.pop(key, None)
        self.result_writes.pop(key, None)
        self.pass_writes.pop(key, None)
        self.aug_passes.discard(key)
        self.param_writes.pop(key, None)
        self.keras_direct.pop(key, None)
        self.applies.pop(key, None)
        self.symbolic_sites.pop(key, None)
        self.keras_model_sites.pop(key, None)
        self.setting_writers.discard(key)
        self.api_readers.discard(key)
        for use, _, _, detail in fn.value_uses:
            if use == "attr-write":
                self.attr_writes.drop(detail.partition("|")[0], key)
        for hazard in fn.hazards:
            if hazard.code in EXPLAINING_HAZARDS:
                spot = (file, hazard.line)
                left = self.explaining[spot] - 1
                if left:
                    self.explaining[spot] = left
                else:
                    del self.explaining[spot]

    # -- reads -----------------------------------------------------------------------------
    def settings_written(self, program: Program) -> frozenset[str]:
        """static_values.settings_written(program), kept: `program` is the one of the last
        `update` (from then on, `update` keeps the shares up to date)."""
        if self.settings is None:
            self.settings = SettingsIndex()
            self.settings.build(program)
        return self.settings.written()

    def explained(self, spot: tuple[str, int]) -> bool:
        """A call at (file, line) that tracing.py models (replica synchronization,
        trace-dependent APIs): judged by its own rule, not as an unknown effect."""
        return spot in self.explaining


# Calls that may make a Keras object's variables (its first call builds it; an optimizer makes
# its slots on its first update): facts.varying_keras_objects.
BUILDING_METHODS = frozenset({"build", "apply_gradients", "minimize", "apply", "__call__",
                              "predict_on_batch", "train_on_batch", "test_on_batch"})


def in_workspace(key: str, by_import: Mapping[str, object]) -> bool:
    """`g:mod.NAME` (or a class attribute of one, `g:mod.Defaults.weights`) is a global of a
    workspace module: some dotted prefix of it is a module's import name."""
    parts = key[2:].split(".")
    return any(".".join(parts[:i]) in by_import for i in range(1, len(parts)))


def alias_pairs(module: ModuleSummary, by_import: Mapping[str, object]
                ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The pairs of globals that `module`'s imports and ModuleSummary.global_aliases make share
    an object, for facts.aliases: those whose both sides are workspace globals, and those whose
    second side is a call's result (`h = get()`: `r:`, which the run resolves) and first a
    workspace global. `from defaults import DEFAULTS as CONFIG`: `config.CONFIG` is DEFAULTS
    (red team A2 of session 34, d5); a module imported by name is not a global."""
    pairs = [(f"g:{module.import_name}.{name}", f"g:{target}")
             for name, target in sorted(module.imports.items())
             if not name.startswith("*") and target not in by_import]
    results = []
    for a, b in module.global_aliases:
        (results if b.startswith("r:") else pairs).append((a, b))
    return (tuple((a, b) for a, b in pairs
                  if in_workspace(b, by_import) and in_workspace(a, by_import)),
            tuple((a, b) for a, b in results if in_workspace(a, by_import)))


LIBRARY_TARGET_OF_RUN = "?"  # global_writes: library_target asked by each run


def library_target(target: str, modules: Mapping[str, ModuleSummary]
                   ) -> tuple[str | None, str | None]:
    """`g:helpers.tf.nn.relu` (a store `helpers.tf.nn.relu = tf.abs`): the library's own
    attribute, `g:tensorflow.nn.relu`, when `tf` is what the workspace module `helpers` imports
    a library as; None otherwise. With the key of the module whose imports said so (None when
    no module's did)."""
    if not target.startswith("g:"):
        return None, None
    parts = target[2:].split(".")
    for i in range(len(parts) - 1, 0, -1):
        name = ".".join(parts[:i])
        module = modules.get(name)
        if module is None:
            continue
        imported = module.imports.get(parts[i], "")
        if imported.split(".")[0] in python_builtins.LIBRARY_PREFIXES:
            return "g:" + ".".join([imported, *parts[i + 1:]]), name
        return None, name
    return None, None


def global_writes(module: ModuleSummary, modules: Mapping[str, ModuleSummary]
                  ) -> tuple[tuple[str, int, str, bool, bool, str | None], ...]:
    """ModuleSummary.global_writes with what facts.mutated_state asks of each write that the
    module alone answers (see CallIndex.global_writes)."""
    out = []
    for target, line, reason in module.global_writes:
        library, via = library_target(target, modules)
        out.append((target, line, reason, reason.endswith(IF_MUTABLE),
                    contents_change(reason),
                    library if via in (None, module.key) else LIBRARY_TARGET_OF_RUN))
    return tuple(out)


def contents_change(reason: str) -> bool:
    """Whether a global's write (its reason) may change what the object holds: not a
    rebinding (`assigns SCALE`) nor an attribute's store (`changes FLAGS.model_dir`, which
    readers of `.model_dir` match by name); an item, a method, an augmented alias are."""
    for verb in (" assigns ", " changes ", " deletes ", " dels "):
        if verb in reason:
            text = reason.partition(verb)[2].split(" ", 1)[0]
            if not any(c in text for c in "[("):
                return verb == " changes " and "." not in text
            return True
    return True


def loose_methods(module: ModuleSummary) -> tuple[tuple[tuple[str, str, Evidence], ...],
                                                  tuple[tuple[str, str, str], ...]]:
    """ModuleSummary.loose_methods as facts.loose_method reports them: (method name, class key
    or "" where the class is not known, evidence), and the aliases a class body binds (`run =
    score`: (alias, method, class key))."""
    found: list[tuple[str, str, Evidence]] = []
    aliases: list[tuple[str, str, str]] = []
    for name, line, text, why, cls in module.loose_methods:
        if name.startswith("="):  # `run = score` in a class body
            aliases.append((name[1:], text, f"{module.key}:{cls}"))
            continue
        found.append((name, f"{module.key}:{cls}" if cls else "", Evidence(
            module.path, line, (
                f"a bound method `{text}` is {why}, so it may outlive its instance: a "
                "tf.function method holds its instance through a weak reference, so the "
                "traced call would find `self` gone (AttributeError on None, measured with TF "
                "2.21), where eagerly the bound method keeps it" + ("" if cls else (
                    f" (every method named `{name}` counts: which class's it is, the engine "
                    "does not follow)"))))))
    return tuple(found), tuple(aliases)


def keras_direct_uses(fn: FunctionSummary) -> tuple[tuple[str, int], ...]:
    """The parameters `fn` calls (`model(x)`) or runs a building method on
    (`optimizer.apply_gradients(...)`), each with its first such call site's index: what
    facts.keras_used_params starts from. Depends on the summary only."""
    params = set(fn.params) | set(fn.kwonly)
    used: dict[str, int] = {}
    for index, site in enumerate(fn.calls):
        if site.method is None:
            for value in site.callee:
                kind, owner, name = (value.split("|", 2) + ["", ""])[:3]
                if kind == "p" and owner == fn.key and name in params:
                    used.setdefault(name, index)
        elif site.method in BUILDING_METHODS and site.receiver_root.startswith("p:") and \
                site.receiver_root[2:] in params:
            used.setdefault(site.receiver_root[2:], index)
    return tuple(sorted(used.items()))
