"""The whole workspace: resolve calls across modules, flow abstract values from call sites into
parameters, and close effects, tensor use and recursion over the call graph.

Input: module summaries (cached per file). Output: per-function facts with evidence. The flow is a
small fixpoint over summaries only; no file is parsed here.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from hybridize.analysis import implicit_calls, python_builtins, recursive_groups, tfapi
from hybridize.analysis import values as V
from hybridize.analysis.call_index import WriteLog
from hybridize.analysis.calls import (
    CallResolution,
    ParamSite,
    PassInfo,
    binop,
    bounded,
    derived_external,
    element_of,
    unpack,
)
from hybridize.analysis.module_tables import ModuleTables, module_tables
from hybridize.analysis.summaries import MODULE_QUALNAME
from hybridize.analysis.summary_model import (
    EMPTY_LIST,
    ESCAPED,
    CallSite,
    ClassSummary,
    FunctionSummary,
    ModuleSummary,
    Values,
)

# Passes over the call sites before the functions still changing are `unconverged` (declined).
# A limit the fixpoint reaches in one hash seed's evaluation order and not in another's makes
# the report depend on the seed: opennmt-tf, its self-imports resolved, needed 8 passes under
# PYTHONHASHSEED 0 and 9 under 1 (Decoder.forward/step "did not settle" in one run only).
# Passes in which a call's latest result replaces the previous one. After them, results only
# grow (as parameters always do): over a finite set of values that reaches a fixpoint, so the
# run ends without a pass limit; the functions still changing then are `unconverged`.
WIDEN_AFTER = 16
# Widened to a fixpoint, the results may hold values that their latest evaluation no longer
# gives (accumulated): such a state depends on the path the passes took, and an incremental run
# (which replaces results) would not reproduce it. The run then narrows: it evaluates those
# sites again with results replaced, for up to WIDEN_AFTER passes, and widens again if that does
# not settle; after MAX_NARROWINGS such rounds the functions still changing are `unconverged`.
MAX_NARROWINGS = 4
# Times a run solves its recursive groups again (recursive_groups.py); when the last time still
# changed something, the functions of those groups are `unconverged`.
MAX_GROUP_SOLVES = 4
# Times a settled run rebuilds its parameters from the latest contributions and finds them
# changed. Parameters only grow during passes; the rebuild drops what the latest evaluations no
# longer give, and a rule that gives less when a parameter holds more can make the two states
# alternate without end (seen in an incremental run of tf-models-official whose scope held
# sites on both sides of such a rule: 4,990 rebuilds, the pass limit). After this many, the
# run stops and the functions still changing are `unconverged` (`rebuilds_exhausted`).
MAX_REBUILDS = 64
MAX_PASSES = 10_000  # never reached by the argument above; a guard against an engine bug
MAX_SITES = 6  # evidence kept per parameter
MAX_CYCLE_ROUNDS = 12  # rounds of a cycle of placeholders before it is widened to unknown
MAX_DEMAND_DEPTH = 150  # nested on-demand call evaluations (beyond: the next pass catches up)
# Nested expansions (all of keras needs under 200); beyond, a value is unknown: a chain of
# 1,000 locals that each read the next one exhausted Python's stack.
MAX_EXPANSION_DEPTH = 400
# Stamps of memoized expansions and of token changes, and pass ids: one increasing count for
# every program of the process (see Program.still_valid).
CLOCK = itertools.count(1)
# Expansions and derived values memoized in an earlier pass of a run are reused while nothing
# they read changed (Program.still_valid); False computes them again in every pass, as before
# (tests compare the two).
CARRY_MEMO = True


T = TypeVar("T")
SiteKey = tuple[str, int]  # (function key, index of the call site in the function)
# PassInfo's lists (calls.py), each read-only once its site is evaluated.
PASS_LISTS = ("bindings", "effects", "hazards", "tensor_ops", "traced", "random_ops",
              "state_ops", "object_uses")
# A Keras model's (or a called layer's) symbolic tensors: KerasTensors outside any graph.
SYMBOLIC_ATTRIBUTES = frozenset({"input", "inputs", "output", "outputs"})
# A Keras object's or tf.Module's lists of variables (Keras 3: `trainable_variables` is
# `trainable_weights`, which gathers every tracked sublayer's `weights`).
WEIGHT_LISTS = frozenset({"trainable_variables", "weights", "variables", "trainable_weights",
                          "non_trainable_variables", "non_trainable_weights"})


# The values an ESCAPED site's unseen calls may run (bodies.pooled_escape's `functions` op).
_FUNCTION_VALUES = ("fn:", "bfn:", "mod:")


@dataclass
class Frame:
    """What one expansion (or one call site's evaluation) read: its dependency tokens.

    Tokens: p|F|x (a parameter's values), r|F|i (a call's result), s|F (a function's summary),
    n|M (a module's top-level names and classes), i|NAME (which module an import name means),
    * (anything: always re-evaluated)."""

    deps: set[str]
    cycle_to: int  # the shallowest in-progress expansion this one read (a cycle), or a large int
    # The oldest stamp (CLOCK) of the memoized values it read: a value memoized earlier in a
    # pass may have gone stale since (a token it read changed), and so may what is computed
    # from it (see Program.still_valid).
    oldest: int = 1 << 62


# Program.derived kinds kept per function across the language server's runs (keras_build's
# "kc": one entry per function; facts' "ls": one per function that stores an attribute or
# reconfigures a library object) and checked against what changed only when read
# (`prune_lazy`), not on every run: their tokens, in tuples, number about a million.
LAZY_KINDS = frozenset({"kc", "ls"})
# The derived memo's entry holding the tokens changed since the lazy entries were last checked.
STALE = ("~stale", "")
STALE_LIMIT = 200_000  # more changed tokens than this: the lazy entries are all dropped


def note_stale(memo: dict, changed: set[str]) -> None:
    """Note `changed` for the lazy entries of `memo` (a derived memo taken over by a run)."""
    stale = memo.get(STALE)
    if stale is None:
        memo[STALE] = (set(changed), ())
        return
    stale[0].update(changed)
    if len(stale[0]) > STALE_LIMIT:
        for key in [key for key in memo if key[0] in LAZY_KINDS]:
            del memo[key]
        del memo[STALE]


# The parts of a ragged or sparse tensor whose static shapes depend on its values (ragged
# `values`, `flat_values`, `row_splits`; sparse `indices`, `values`): Program.attribute.
_VALUE_SHAPED_PARTS = frozenset({"values", "flat_values", "row_splits", "indices"})

class Program(CallResolution):
    def __init__(self, modules: list[ModuleSummary], tables: ModuleTables | None = None) -> None:
        """`tables`: those of `modules` when the caller has them (module_tables.py); never
        changed by the program, they may be shared with an earlier one."""
        self.tables = tables if tables is not None else module_tables(modules)
        self.modules = self.tables.modules
        self.by_import: dict[str, list[ModuleSummary]] = self.tables.by_import
        self.functions: dict[str, FunctionSummary] = self.tables.functions
        self.source_position: dict[str, int] = self.tables.source_position
        self.classes: dict[str, ClassSummary] = self.tables.classes
        self.file_of: dict[str, str] = self.tables.file_of
        self.params: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.sites: dict[str, dict[str, list[ParamSite]]] = defaultdict(lambda: defaultdict(list))
        self.results: dict[SiteKey, Values] = {}
        self.info: dict[str, PassInfo] = {}
        # Per call site: what its evaluation learned, gave to parameters, and read.
        self.site_info: dict[SiteKey, PassInfo] = {}
        # Logged (call_index.WriteLog): the language server's CallIndex follows what changed.
        self.contrib: dict[SiteKey, list[tuple[str, str, Values, ParamSite]]] = WriteLog()
        # The roots of an observed program (observed.py): what `verify --observe-types` saw
        # stands for their unseen calls, which an ESCAPED site does not bind again.
        self.observed_roots: frozenset[str] = frozenset()
        # The tokens each site's evaluation read. A tuple: only iterated and tested against a
        # set of tokens (`changed.isdisjoint(deps)`), and a fifth of a frozenset's memory
        # (67,000 sites of 250 KLOC: 37 MiB of frozensets). Older snapshots hold frozensets:
        # every reader takes both.
        self.deps: dict[SiteKey, tuple[str, ...] | frozenset[str]] = {}
        # A placeholder's expansion: its values and the tokens it read. The tokens are only
        # ever added to the reading frame's set (`set.update`), so a tuple holds them: a
        # quarter of a frozenset's memory (the facts phase of 250 KLOC memoizes about 100,000
        # expansions, 29 MiB of frozensets).
        self.memo: dict[str, tuple[Values, tuple[str, ...], int, int]] = {}
        self.first_pass = self.pass_id = next(CLOCK)
        self.token_clock: dict[str, int] = {}
        # When each token last changed over the language server's runs (incremental.carry_memo):
        # the clock the facts phase checks the memo's entries of earlier runs against.
        self.change_clock: dict[str, int] = {}
        self.star_sites: set[SiteKey] | None = None  # see `run`
        # Results and memoized values, stored once per distinct set (see `stored`).
        self.distinct: dict[Values, Values] = {}
        # MROs and library bases of classes, kept and cleared with `memo` (see `derived`).
        self.derived_memo: dict[tuple[str, str],
                                tuple[Any, frozenset[str] | tuple[str, ...]]] = {}
        self.frames: list[Frame] = []
        # Workspace class -> the workspace classes whose MRO holds it (itself first, the others
        # sorted): what `self` in one of its methods may be an instance of (`instances_of`).
        self.subclass_map: dict[str, tuple[str, ...]] | None = None
        self._instance_values: dict[str, Values] = {}
        self.in_progress: dict[str, int] = {}
        # Cycles of placeholders: members found but not solved yet (a stack), and the values of
        # the members of the cycles being solved (with the stack level of their head).
        self.cycle_members: list[str] = []
        self.cycle_values: dict[str, tuple[int, Values]] = {}
        # The found members not solved yet, with the level of the head that will solve them:
        # reached again by another path, they are not expanded again (that was exponential
        # in the number of paths through a cycle, e.g. 50 locals that read each other).
        self.pending: dict[str, int] = {}
        # The bindings made in the site being evaluated (calls.bind): its PassInfo, its frame,
        # and (callee, offset, self root, arrays, site) -> result.
        self.bound: dict[tuple, Values] = {}
        self.bound_info: object = None
        self.bound_frame: Frame | None = None
        self.traced_by_data: dict[str, tuple[str, int]] = {}
        self.wrapped: dict[str, list] = defaultdict(list)  # function key -> wrappers
        self.changed_functions: set[str] = set()
        self.done: set[SiteKey] = set()
        self.scope: set[SiteKey] | None = None  # the sites this pass may evaluate (None: all)
        self.changed_tokens: set[str] = set()
        self.readers: dict[str, set[SiteKey]] | None = None
        self.current: list[SiteKey] = []
        self.depth = 0
        self.unconverged: set[str] = set()
        self.widening = False  # results accumulate (late passes of `run`)
        # Sites whose result holds values their latest evaluation did not give (widening).
        self.inflated: set[SiteKey] = set()
        self.passes = 0  # passes of the last `run`
        self.rebuilds_exhausted = False  # the last `run` stopped at MAX_REBUILDS
        self.expanded: Values = V.EMPTY  # see `expand`
        self.evaluated_sites: set[SiteKey] = set()  # by the last `run` (filled at its end)

    # -- resolution of qualified names ---------------------------------------------------------
    def note(self, token: str) -> None:
        if self.frames:
            self.frames[-1].deps.add(sys.intern(token))

    def module_for(self, importer: str, name: str) -> ModuleSummary | None:
        self.note(f"i|{name}")
        candidates = self.by_import.get(name)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        here = os.path.dirname(self.modules[importer].path) if importer in self.modules else ""
        for m in candidates:
            if os.path.dirname(m.path) == here:
                return m
        return candidates[0]

    def resolve_qualified(self, importer: str, qualified: str, depth: int = 0) -> Values:
        return self.expand_one(f"q|{importer}|{qualified}")

    def _resolve_qualified(self, importer: str, qualified: str, depth: int) -> Values:
        parts = qualified.split(".")
        for cut in range(len(parts), 0, -1):
            module = self.module_for(importer, ".".join(parts[:cut]))
            if module is None:
                continue
            rest = parts[cut:]
            if not rest:
                return frozenset({f"mod:{module.key}"})
            values = self.module_attribute(module, rest[0], depth)
            for attr in rest[1:]:
                values = self.attribute(values, attr)
            return values
        if qualified in python_builtins.NUMBER_CONSTANTS:  # math.pi: a Python float
            return frozenset({python_builtins.NUMBER_CONSTANTS[qualified]})
        return frozenset({f"lib:{qualified}"})  # not in the workspace: a library (or unknown)

    def module_attribute(self, module: ModuleSummary, name: str, depth: int = 0) -> Values:
        self.note(f"n|{module.key}")
        if name in module.defs:
            return frozenset({f"fn:{module.defs[name]}"})
        if name in module.classes:
            return frozenset({f"cls:{module.classes[name].key}"})
        if name in module.imports and depth < 10:
            return self.resolve_qualified(module.key, module.imports[name], depth + 1)
        if name in module.globals:
            return self.expand(frozenset({f"v|{module.key}:{MODULE_QUALNAME}|{name}"}))
        if depth < 10 and not name.startswith("_"):
            starred = self.star_bound(module, name, depth)
            if starred is not None:
                return starred
        sub = self.module_for(module.key, f"{module.import_name}.{name}")
        if sub is not None:
            return frozenset({f"mod:{sub.key}"})
        return V.UNKNOWN_SET

    def star_bound(self, module: ModuleSummary, name: str, depth: int) -> Values | None:
        """`name` as the module's `from M import *` statements bind it (recorded by syntax.py
        as imports `*LINE.COL`, in source order): from the last workspace module that binds it,
        or unknown when a star import from outside the workspace comes later (it may bind the
        name too); None when no workspace module of them binds it."""
        later_library = False
        for slot in sorted((k for k in module.imports if k.startswith("*")), reverse=True):
            star = self.module_for(module.key, module.imports[slot])
            if star is None:
                later_library = True
            elif star is not module and self.binds(star, name, depth + 1):
                return V.UNKNOWN_SET if later_library else \
                    self.module_attribute(star, name, depth + 1)
        return None

    def binds(self, module: ModuleSummary, name: str, depth: int) -> bool:
        self.note(f"n|{module.key}")
        return name in module.defs or name in module.classes or name in module.globals or \
            name in module.imports or \
            (depth < 10 and self.star_bound(module, name, depth) is not None)

    # -- classes -------------------------------------------------------------------------------
    def mro(self, class_key: str) -> list[ClassSummary]:
        """The class and its bases in the workspace, nearest first (callers do not change it)."""
        return self.derived("m", class_key, self._mro)

    def _mro(self, class_key: str) -> list[ClassSummary]:
        seen: list[ClassSummary] = []
        visited: set[str] = set()  # one summary per key: the same test as `cls in seen`
        stack = [class_key]
        while stack:
            key = stack.pop(0)
            # The module's class summaries only (incremental.class_structure): a function
            # added to the module does not change what an MRO shows.
            self.note(f"c|{key.split(':', 1)[0]}")
            cls = self.classes.get(key)
            if cls is None or key in visited:
                continue
            visited.add(key)
            seen.append(cls)
            for base in cls.bases:
                # Sorted: a base that may be several classes gives the same MRO whatever the
                # hash seed.
                for value in sorted(self.expand(base)):
                    if value.startswith("cls:"):
                        stack.append(value[4:])
        return seen

    def instances_of(self, class_key: str) -> tuple[str, ...]:
        """The class and the workspace classes derived from it (`subclass_map`). Reads the
        token `h|C`, which an incremental run dirties when the classes derived from C changed
        (incremental_program compares the maps)."""
        self.note(f"h|{class_key}")
        if self.subclass_map is None:
            self.subclass_map = self.compute_subclass_map()
        return self.subclass_map.get(class_key, (class_key,))

    def instance_values(self, prefix: str, class_key: str) -> Values:
        """`obj:K` (or `cls:K`) for every K of `instances_of`, one frozenset per class and
        prefix, made once (self in every method of a config base holds hundreds)."""
        found = self.instances_of(class_key)  # notes the token; the map is fixed per program
        key = prefix + class_key
        hit = self._instance_values.get(key)
        if hit is None:
            hit = self._instance_values[key] = frozenset(sys.intern(prefix + k) for k in found)
        return hit

    def compute_subclass_map(self) -> dict[str, tuple[str, ...]]:
        """Every workspace class's derived classes, from the MROs of all classes; computed once
        per program (`run` computes it first, outside any evaluation) in a frame of its own,
        so that a reader of `self` depends on the hierarchy token alone, not on what the
        MROs read (the names of every module)."""
        found: dict[str, list[str]] = {}
        self.frames.append(Frame(set(), 1 << 30))
        try:
            for key in sorted(self.classes):
                for cls in self.mro(key):
                    if cls.key != key:
                        found.setdefault(cls.key, []).append(key)
        finally:
            self.frames.pop()
        return {base: (base, *sorted(set(derived))) for base, derived in found.items()}

    def library_bases(self, class_key: str) -> frozenset[str]:
        return self.derived("b", class_key, self._library_bases)

    def _library_bases(self, class_key: str) -> frozenset[str]:
        out: set[str] = set()
        for cls in self.mro(class_key):
            for base in cls.bases:
                for value in self.expand(base):
                    if value.startswith("lib:"):
                        out.add(value[4:])
        return frozenset(out)

    def derived(self, kind: str, key: str, compute: Callable[[str], T],
                compact: bool = False) -> T:
        """`compute(key)` memoized like a placeholder's expansion (`expand_one`): with the
        tokens it read, for as long as the memo lives, and only when it read no value of a
        cycle still being solved (that would be a partial value). The facts phase asks a
        class's MRO and library bases about a million times on 250 KLOC. `compact`: the tokens
        kept as a tuple (a fifth of a frozenset's memory; only iterated), for entries kept per
        function (keras_build.keras_containers: one per function of the workspace)."""
        hit = self.derived_memo.get((kind, key))
        # Kept from an earlier run (the language server's LAZY_KINDS, checked by
        # `prune_lazy`), made in this pass, or made in an earlier pass and still holding.
        if hit is not None and (hit[3] == self.pass_id or hit[3] < self.first_pass or
                                self.still_valid(self.derived_memo, (kind, key), hit)):
            self.pass_on(hit[1], hit[2])
            return hit[0]
        level = len(self.frames)
        start = len(self.cycle_members)
        frame = Frame(set(), 1 << 30, next(CLOCK))
        self.frames.append(frame)
        try:
            result = compute(key)
        finally:
            self.frames.pop()
        if frame.cycle_to < level or len(self.cycle_members) > start:
            self.join_parent(frame)  # read a cycle being solved further up: not final
            return result
        frozen = tuple(frame.deps) if compact else frozenset(frame.deps)
        self.derived_memo[(kind, key)] = (result, frozen, frame.oldest, self.pass_id)
        self.pass_on(frozen, frame.oldest)
        return result

    def prune_lazy(self) -> None:
        """Drop the memo's entries of LAZY_KINDS that read a token changed since they were
        kept (noted by incremental.cut_off, `note_stale`) or anything (`*`). Called before
        such entries are read: an edit that never reads them does not check them."""
        memo = self.derived_memo
        stale = memo.pop(STALE, None)
        if stale is None:
            return
        tokens = stale[0] | {"*"}  # one pass over each entry's tokens (a tuple) for both
        for key in [key for key, entry in memo.items() if key[0] in LAZY_KINDS and
                    not tokens.isdisjoint(entry[1])]:
            del memo[key]

    def is_keras_class(self, class_key: str) -> bool:
        return any(b in tfapi.KERAS_BASES or b.startswith("tensorflow.keras.")
                   or b == "tensorflow.Module" for b in self.library_bases(class_key))

    def is_keras_layer(self, class_key: str) -> bool:
        """A Keras Layer or Model (whose `call` receives tensors), not a loss or a metric."""
        return any(b in tfapi.KERAS_LAYER_BASES or b.startswith("tensorflow.keras.layers.")
                   for b in self.library_bases(class_key))

    def is_keras_model(self, class_key: str) -> bool:
        return any(b in tfapi.KERAS_MODEL_BASES for b in self.library_bases(class_key))

    def find_method(self, class_key: str, name: str, skip_first: bool = False) -> str | None:
        for index, cls in enumerate(self.mro(class_key)):
            if skip_first and index == 0:
                continue
            if name in cls.methods:
                return cls.methods[name]
        return None

    def instance_attribute(self, class_key: str, attr: str) -> Values:
        out: set[str] = set()
        assigned = False
        # a base's `__init_subclass__` may replace any method ("**": summaries, session 25)
        anywhere = any("**" in cls.rebound for cls in self.mro(class_key))
        for cls in self.mro(class_key):
            if attr in cls.methods:
                if attr in cls.rebound or "*" in cls.rebound or anywhere:
                    # `P.parts = other` outside the class body: another function may run
                    # (ClassSummary.rebound; a red team of session 24)
                    return frozenset({f"bfn:{cls.methods[attr]}", V.UNKNOWN})
                return frozenset({f"bfn:{cls.methods[attr]}"})
            for values, _method, _line in cls.instance_attrs.get(attr, ()):
                out |= self.expand(values)
                assigned = True
            if attr in cls.class_attrs:
                out |= self.expand(cls.class_attrs[attr])
                assigned = True
        if not out:
            # Assigned in the workspace from values nothing shows (a parameter no call site
            # passes): unknown, not one of Keras' own attributes (`self.decoding_name` of a
            # tf.Module was taken for a TensorFlow object: HAS_INVALID_NAME_ARGUMENT).
            if self.is_keras_class(class_key) and not assigned:
                return self.tf_object_attribute(
                    "model" if self.is_keras_model(class_key) else "layer", attr)
            return V.UNKNOWN_SET
        return frozenset(out)

    def weight_lists_overridden(self) -> bool:
        """Whether a workspace Keras class (or tf.Module) defines, assigns or may have replaced
        (a class decorator or `setattr` the engine cannot read: ClassSummary.rebound) one of
        WEIGHT_LISTS: Keras gathers a model's lists from the `weights` of every layer it tracks,
        which runs such code. Other classes are not layers Keras tracks. Memoized as a derived
        value (every reader notes what it read: each class's MRO and library bases) and reads
        the token `c|*`, which an incremental run dirties with any `c|M` (a class added)."""
        return self.derived("wl", "*", self._weight_lists_overridden)

    def _weight_lists_overridden(self, _key: str) -> bool:
        self.note("c|*")
        return any(
            (not WEIGHT_LISTS.isdisjoint(cls.methods) or
             not WEIGHT_LISTS.isdisjoint(cls.class_attrs) or
             not WEIGHT_LISTS.isdisjoint(cls.instance_attrs) or
             not WEIGHT_LISTS.isdisjoint(cls.rebound) or
             "*" in cls.rebound or "**" in cls.rebound) and self.is_keras_class(cls.key)
            for cls in sorted(self.classes.values(), key=lambda c: c.key))

    @staticmethod
    def tf_object_attribute(kind: str, attr: str) -> Values:
        if attr in WEIGHT_LISTS:
            return frozenset({V.LIST_OF_TENSORS, V.HOLDS_VARIABLE})
        # Keras variables (measured, Keras 3.15: a function of optimizer.iterations or of
        # dense.kernel gives the same values eagerly and traced, one trace as the step grows;
        # returned, the variable comes back from a graph as a tensor, like a tf.Variable).
        if attr == "iterations" and kind == "object" or \
                attr in tfapi.KERAS_LAYER_VARIABLES and kind == "layer":
            return frozenset({V.VARIABLE})
        if attr in ("built", "trainable", "name", "dtype", "element_spec"):
            return V.UNKNOWN_SET
        if attr in SYMBOLIC_ATTRIBUTES and kind in ("model", "layer"):
            # A functional model's (or a called layer's) symbolic tensors: `backbone.input`
            # passed to a tf.function raised ValueError 'A KerasTensor is symbolic' (measured,
            # Keras 3.15; keras-hub 0.32.0 BertTextEmbedder.__init__ -> _l2_normalize).
            return V.OWN_SYMBOLIC
        return frozenset({V.TF_OBJECT})

    # -- expansion of placeholders -------------------------------------------------------------
    def expand(self, values: Values) -> Values:
        for value in values:  # V.is_placeholder inlined: about two million calls on 250 KLOC
            if len(value) > 1 and value[1] == "|":
                break
        else:
            self.expanded = values
            return values
        out: set[str] = set()
        # Sorted: an expansion may evaluate a call on demand, and what a recursive call sees
        # then must not depend on the hash seed.
        for value in sorted(values):
            if V.is_placeholder(value):
                out |= self.expand_one(value)
            else:
                out.add(value)
        # What the outermost expansion was given (it returns last): `add_param` tells by it
        # an argument that is the callee's own parameter.
        self.expanded = values
        return frozenset(out)

    def expand_one(self, value: str) -> Values:
        """Resolve one placeholder, memoized with the tokens it read (for incremental updates).

        Placeholders can depend on each other in cycles (`xs = [f(x) for x in xs]`). The first
        expansion finds the cycle (a read of a placeholder still being expanded) and its
        members: the strongly connected component whose head is the shallowest placeholder
        read back. The component is then solved by a fixpoint (`solve_cycle`), and only its
        final values are memoized and returned: no partial value leaves a cycle."""
        hit = self.memo.get(value)
        if hit is not None and (hit[3] == self.pass_id or self.still_valid(self.memo, value, hit)):
            if self.frames:  # pass_on, inlined (a million hits on 250 KLOC)
                top = self.frames[-1]
                top.deps.update(hit[1])
                if hit[2] < top.oldest:
                    top.oldest = hit[2]
            return hit[0]
        solving = self.cycle_values.get(value)
        if solving is not None:
            # A member of a cycle being solved: its value of the previous round.
            if self.frames:
                self.frames[-1].cycle_to = min(self.frames[-1].cycle_to, solving[0])
            return solving[1]
        depth = self.in_progress.get(value)
        if depth is None:
            depth = self.pending.get(value)
        if depth is not None:
            if self.frames:
                self.frames[-1].cycle_to = min(self.frames[-1].cycle_to, depth)
            return V.EMPTY
        level = len(self.frames)
        if level >= MAX_EXPANSION_DEPTH:
            self.note("*")  # not memoized as complete: re-evaluated whenever anything changes
            return V.UNKNOWN_SET
        start = len(self.cycle_members)
        self.in_progress[value] = level
        frame = Frame(set(), 1 << 30, next(CLOCK))
        self.frames.append(frame)
        try:
            result = self.compute_placeholder(value)
        finally:
            self.frames.pop()
            del self.in_progress[value]
        if frame.cycle_to < level:
            # In a cycle whose head is further up the stack: that head solves it.
            self.cycle_members.append(value)
            self.pending[value] = frame.cycle_to
            self.join_parent(frame)
            return result
        if frame.cycle_to == level or len(self.cycle_members) > start:
            members = [value, *self.cycle_members[start:]]
            del self.cycle_members[start:]
            for member in members:
                self.pending.pop(member, None)
            solved = self.solve_cycle(members, level, frame)
            if solved is None:  # the cycle turned out to reach further up: not final yet
                self.cycle_members.extend(members)
                self.pending.update(dict.fromkeys(members, frame.cycle_to))
                self.join_parent(frame)
                return V.EMPTY
            read = tuple(frame.deps)
            stamp = frame.oldest
            for member in members:
                self.memo[member] = (self.stored(solved[member]), read, stamp, self.pass_id)
            self.pass_on(read, stamp)
            return solved[value]
        read = tuple(frame.deps)
        result = self.stored(result)
        self.memo[value] = (result, read, frame.oldest, self.pass_id)
        self.pass_on(read, frame.oldest)
        return result

    def still_valid(self, memo: dict, key: Any, entry: tuple) -> bool:
        """A memoized expansion (or derived value) of an earlier pass of this run holds as long
        as no token it read changed since it was computed (its stamp): then it is what
        computing it again would give. Taken over into this pass (`pass_id`) when it holds,
        dropped when not."""
        stamp = entry[2]
        clock = self.token_clock
        if not CARRY_MEMO or any(token == "*" or clock.get(token, 0) > stamp
                                 for token in entry[1]):
            del memo[key]
            return False
        # Nothing it read changed up to now: it is what computing it now would give.
        memo[key] = (entry[0], entry[1], next(CLOCK), self.pass_id)
        return True

    def stored(self, values: Values) -> Values:
        """The first equal set of values this program kept (a call's result, a memoized
        expansion): 250 KLOC keep about 150,000 such sets, of which 7,600 differ (one
        frozenset is 216 bytes even empty). Equal immutable sets are interchangeable: nothing
        compares values by identity."""
        return self.distinct.setdefault(values, values)

    def pass_on(self, read: Iterable[str], stamp: int) -> None:
        """A memoized value was read: its tokens and its stamp count for the reading frame."""
        if self.frames:
            top = self.frames[-1]
            top.deps.update(read)
            if stamp < top.oldest:
                top.oldest = stamp

    def join_parent(self, frame: Frame) -> None:
        if self.frames:
            parent = self.frames[-1]
            parent.deps |= frame.deps
            parent.cycle_to = min(parent.cycle_to, frame.cycle_to)
            if frame.oldest < parent.oldest:
                parent.oldest = frame.oldest

    def solve_cycle(self, members: list[str], level: int,
                    frame: Frame) -> dict[str, Values] | None:
        """The values of a cycle of placeholders, by Jacobi iteration from nothing: each round
        recomputes every member from the previous round's values of the others, until no value
        changes. The result depends neither on which member was expanded first nor on the
        order of the members. A cycle still changing after MAX_CYCLE_ROUNDS is widened: each
        member gets everything it held in any round plus unknown (never a partial value).
        None when a round reads a placeholder further up the stack (a larger cycle)."""
        current = {member: V.EMPTY for member in members}
        seen: dict[str, set[str]] = {member: set() for member in members}
        try:
            for _round in range(MAX_CYCLE_ROUNDS):
                for member in members:
                    self.cycle_values[member] = (level, current[member])
                new: dict[str, Values] = {}
                grown = False
                for member in list(members):
                    start = len(self.cycle_members)
                    self.in_progress[member] = level
                    round_frame = Frame(set(), 1 << 30, frame.oldest)
                    self.frames.append(round_frame)
                    try:
                        new[member] = self.compute_placeholder(member)
                    finally:
                        self.frames.pop()
                        del self.in_progress[member]
                    frame.deps |= round_frame.deps
                    frame.oldest = min(frame.oldest, round_frame.oldest)
                    if round_frame.cycle_to < level:
                        frame.cycle_to = min(frame.cycle_to, round_frame.cycle_to)
                        return None
                    # Placeholders this round reached for the first time and that read the
                    # cycle back belong to it (edges appear as values grow): solved with it,
                    # in one more round at least (they have no value of their own yet).
                    for found in self.cycle_members[start:]:
                        self.pending.pop(found, None)
                        if found not in current:
                            grown = True
                            members.append(found)
                            current[found] = V.EMPTY
                            seen[found] = set()
                            self.cycle_values[found] = (level, V.EMPTY)
                    del self.cycle_members[start:]
                if not grown and all(new.get(m, V.EMPTY) == current[m] for m in members):
                    return current
                for member in members:
                    current[member] = new.get(member, V.EMPTY)
                    seen[member] |= current[member]
            return {member: frozenset(seen[member]) | V.UNKNOWN_SET for member in members}
        finally:
            for member in members:
                self.cycle_values.pop(member, None)

    def compute_placeholder(self, value: str) -> Values:
        kind, owner, name = value.split("|", 2)
        if kind == "p":
            self.note(value)
            result = frozenset(self.params[owner].get(name, ()))
            if V.KERAS_INPUT in result:  # where it comes from (see V.OWN_KERAS_INPUT)
                result = result | {f"{V.PARAM_KERAS_INPUT}{owner}"}
            fn = self.functions.get(owner)
            self.note(f"s|{owner}")
            if fn is not None and fn.class_key and fn.params and name == fn.params[0]:
                # `self` is an instance of the class or of any workspace class derived from it
                # (`cls` one of those classes): `self._impl(x)` in a base method runs the
                # override of the object's class, and what that does counts for the caller.
                if fn.kind == "method":
                    result = result | self.instance_values("obj:", fn.class_key)
                elif fn.kind == "classmethod":
                    result = result | self.instance_values("cls:", fn.class_key)
            return result
        if kind == "v":
            self.note(f"s|{owner}")
            fn = self.functions.get(owner)
            return self.expand(fn.locals.get(name, V.EMPTY)) if fn else V.UNKNOWN_SET
        if kind == "e":
            self.note(f"s|{owner}")
            fn = self.functions.get(owner)
            return self.eval_deferred(fn, int(name)) if fn else V.UNKNOWN_SET
        if kind == "q":
            return self._resolve_qualified(owner, name, 0)
        return V.UNKNOWN_SET

    def eval_deferred(self, fn: FunctionSummary, index: int) -> Values:
        op = fn.deferred[index]
        tag = op[0]
        if tag == "call":
            if (fn.key, op[1]) not in self.done and self.depth < MAX_DEMAND_DEPTH:
                self.evaluate_call(fn, op[1])
            self.note(f"r|{fn.key}|{op[1]}")
            return self.results.get((fn.key, op[1]), V.EMPTY)
        if tag == "attr":
            if op[2] in ("ndims", "rank") and self.is_static_shape(op[1]):
                # `x.shape.ndims`, `x.get_shape().rank`: a tensor's rank, an int both eagerly
                # and traced (is_static_shape leaves out ops whose rank a graph does not know).
                return frozenset({"int"})
            return self.attribute(self.expand(op[1]), op[2])
        if tag == "binop":
            left, right = self.expand(op[1]), self.expand(op[2])
            if ((op[1] and not left) or (op[2] and not right)) and not (
                    V.has_tensor(left | right) or V.KERAS_INPUT in left | right):
                # An operand with no value (yet: a call still being evaluated, a cycle's first
                # round) decides the type unless the other one is a tensor: `int` from the
                # other operand alone would stay in the result after the operand turns out to
                # be a tensor. (A unary operator has no right operand at all.)
                return V.EMPTY
            if len(op) > 3 and op[3] == "cmp":  # a comparison: of Python values, a bool
                return frozenset("bool" if v in V.PRIMITIVES else v
                                 for v in binop(left, right))
            return binop(left, right, true_division=len(op) > 3)
        if tag == "container":
            return V.container_of(self.expand(op[1]))
        if tag == "unpack":
            return unpack(self.expand(op[1]), op[2])
        if tag in ("iter", "item"):  # (`x[0]`, `x["k"]`: a fixed index, calls.element_of)
            return element_of(self.expand(op[1]), fixed_index=len(op) > 2 and op[2] == "const")
        if tag == "tuple_whole":  # ("tuple_whole", value, call, arity): `a, b = call(...)`
            whole = self.expand(op[1])
            return frozenset({V.LIST}) if self.tuple_item(fn.calls[op[2]], 0, op[3]) \
                else whole
        if tag == "tuple_item":  # ("tuple_item", value, position, call, arity): bodies
            whole = self.expand(op[1])
            return self.tuple_item(fn.calls[op[3]], op[2], op[4]) or unpack(whole, op[2])
        if tag == "objects":  # bodies.note_code_writes: the objects among a scope's values
            # (None when there is none: an empty base would match every object)
            return frozenset(v for v in self.expand(op[1])
                             if v.startswith(("obj:", "cls:", "mod:"))) or \
                frozenset({V.NONE})
        if tag == "functions":  # bodies.pooled_escape: only what may be called later
            return frozenset(v for v in self.expand(op[1]) if v.startswith(_FUNCTION_VALUES))
        if tag == "defaults":  # `f.__defaults__`: the functions f's defaults hold (session 25)
            found: set[str] = set()
            for value in sorted(self.expand(op[1])):
                owner = self.functions.get(value.partition(":")[2]) \
                    if value.startswith(("fn:", "bfn:")) else None
                if owner is not None:
                    self.note(f"s|{owner.key}")  # its defaults, read from its summary
                for default in (owner.defaults.values() if owner is not None else ()):
                    found.update(v for v in self.expand(default)
                                 if v.startswith(_FUNCTION_VALUES))
            return frozenset(found)
        return V.UNKNOWN_SET

    def tuple_item(self, site: CallSite, position: int, arity: int) -> Values:
        """What position `position` of the `arity`-tuple the call returns may hold, where
        every function the call may run is a workspace function (or method, or a callable
        instance's `__call__`/Keras `call`) that returns tuple displays of that length
        (FunctionSummary.tuple_returns); empty where any is not, and the caller unpacks the
        whole result instead. As calls.bind gives the whole: a Keras class's call adds a
        tensor, a Python constant default returned adds itself, a Keras symbolic input (a
        per-call result) falls back."""
        if site.method is None:
            callee = self.expand(site.callee)
            shapes = {tfapi.TUPLE_RESULTS.get(tfapi.normalize(v[4:])) if v.startswith("lib:")
                      else None for v in callee}
            if len(shapes) == 1 and None not in shapes:
                # `grads, norm = tf.clip_by_global_norm(grads, 1.0)`: a library op's result
                # of fixed positions (tfapi.TUPLE_RESULTS)
                (shape,) = shapes
                return frozenset({shape[position]}) if len(shape) == arity else V.EMPTY
            targets: list[tuple[str, bool]] = []
            for value in sorted(callee):
                if value.startswith(("fn:", "bfn:")):
                    targets.append((value.partition(":")[2], False))
                    continue
                if not value.startswith("obj:"):
                    return V.EMPTY
                method = self.find_method(value[4:], "__call__")
                keras = method is None and self.is_keras_class(value[4:])
                if keras:
                    method = self.find_method(value[4:], "call")
                if method is None or any(cls.rebound for cls in self.mro(value[4:])):
                    return V.EMPTY  # (a method replaced at run time: ClassSummary.rebound)
                targets.append((method, keras))
        else:
            receivers = self.expand(site.receiver or V.EMPTY)
            called = self.attribute(receivers, site.method)
            if not receivers or not all(v.startswith("obj:") for v in receivers) or \
                    not called or not all(v.startswith("bfn:") for v in called):
                return V.EMPTY
            targets = [(v[4:], False) for v in sorted(called)]
        out: set[str] = set()
        for key, keras in targets:
            self.note(f"s|{key}")
            callee = self.functions.get(key)
            if callee is None or len(callee.tuple_returns) != arity or callee.unsupported or \
                    callee.start_line not in (0, callee.line):
                # (A generator's or a coroutine's call returns no tuple; a decorator, a
                # tf.function's included, may change what it returns.)
                return V.EMPTY
            raw = callee.tuple_returns[position]
            values = self.expand(raw)
            if not values or V.KERAS_INPUT in values:
                return V.EMPTY
            out |= values
            for name, default in callee.defaults.items():
                if f"p|{callee.key}|{name}" in raw:
                    out |= self.expand(default) & V.PRIMITIVES
            if keras:
                out |= V.TENSOR_SET
        return frozenset(out)

    def attribute(self, base: Values, attr: str) -> Values:
        out: set[str] = set()
        for value in sorted(base):  # sorted: see expand
            if value.startswith("obj:"):
                out |= self.instance_attribute(value[4:], attr)
            elif value.startswith("cls:"):
                method = self.find_method(value[4:], attr)
                if method:
                    out.add(f"fn:{method}")
                else:
                    out |= self.instance_attribute(value[4:], attr)
            elif value.startswith("mod:"):
                out |= self.module_attribute(self.modules[value[4:]], attr)
            elif value.startswith("lib:"):
                out.add(f"lib:{bounded(tfapi.normalize(value[4:] + '.' + attr))}")
            elif value.startswith("ext:"):
                out.add(derived_external(value))  # as unknown as the value itself
                if attr in SYMBOLIC_ATTRIBUTES:
                    out |= V.OWN_SYMBOLIC  # a loaded model's symbolic inputs (as for `?`)
            elif V.is_tensor(value):
                out.add(V.UNKNOWN if attr in ("shape", "dtype", "name", "device", "ndim")
                        else V.TENSOR)
                if value == V.DYNAMIC_TENSOR and attr in _VALUE_SHAPED_PARTS:
                    # `r.values`, `r.flat_values`, `sp.indices` of a ragged or sparse tensor (or
                    # one a mask made): their shapes depend on the values too, unknown traced
                    # (a red team of session 41: `tf.zeros(r.values.shape)` raised ValueError)
                    out.add(V.DYNAMIC_TENSOR)
            elif value.startswith("tfo:"):
                out |= self.tf_object_attribute(value[4:], attr)
            elif value.startswith("held:") and attr in WEIGHT_LISTS and \
                    not self.weight_lists_overridden():
                # What a functional model runs (calls.functional_layers), beside the model
                # itself: its lists of variables are Keras' own, gathered from every layer it
                # tracks, unless a workspace class defines one of them (its layer's list would
                # be whatever that code returns).
                out |= self.tf_object_attribute("model", attr)
            elif value == V.NUMPY or V.is_symbolic(value):
                out.add(value)
            elif value == V.NONE and not (attr.startswith("__") and attr.endswith("__")):
                continue  # None has no such attribute: reading it raises, nothing flows on
            else:
                out.add(V.UNKNOWN)
                if attr in SYMBOLIC_ATTRIBUTES:
                    # `backbone.input` of an object the engine cannot type may be a Keras
                    # model's symbolic inputs (keras-hub BertTextEmbedder.__init__, red team).
                    out |= V.OWN_SYMBOLIC
        return frozenset(out)

    # -- one pass over every call site ---------------------------------------------------------
    def run(self, dirty: set[SiteKey] | None = None) -> None:
        """Iterate to a fixpoint, semi-naively: after the first pass, a call site is evaluated
        again only if a token it read (a parameter, a call result) changed in the last pass.
        A call's result is computed on demand when another call needs it, and functions are
        visited callers first, so values settle in a few passes. With `dirty`, the first pass
        too evaluates only those sites (the others keep their state from an earlier run).
        After WIDEN_AFTER passes results accumulate, so the iteration converges; it then
        narrows (MAX_NARROWINGS). It ends at a fixpoint of the latest evaluations, or with the
        functions whose values changed in the last widening `unconverged`."""
        if self.subclass_map is None:
            self.subclass_map = self.compute_subclass_map()
        order = list(self.functions.values())
        all_sites = [(fn.key, index) for fn in order for index in range(len(fn.calls))] \
            if dirty is None else sorted(dirty)
        todo: set[SiteKey] | None = dirty
        position = self.source_position  # the order of `order` (replaced, never changed)
        self.unconverged = set()
        self.inflated = set()
        widen_at, narrowings = WIDEN_AFTER, 0
        widened: set[str] = set()  # functions changed in widening passes
        # Recursive groups (recursive_groups.py): solved again each time the run settles, for
        # the functions evaluated since the last time, at most MAX_GROUP_SOLVES times.
        group_solves = 0
        since: set[SiteKey] = set()  # sites evaluated since the groups were last solved
        self.evaluated_sites = set()
        # What an earlier run (or an incremental update) left may not hold.
        self.memo.clear()
        self.derived_memo.clear()
        self.token_clock = {}
        self.first_pass = next(CLOCK)
        # The sites whose latest evaluation read anything (`*`): evaluated again every pass.
        # Kept for a run over every site; a run over a few (`dirty`, the language server's
        # edit) looks at those sites' own tokens instead of all 67,000 sites' (30 ms an edit).
        self.star_sites = None if dirty is not None else \
            {site for site, deps in self.deps.items() if "*" in deps}
        not_settled: set[str] = set()  # functions of groups that did not settle
        last_solved: set[str] = set()  # functions of groups the last solve changed
        rebuilds = 0  # settles whose rebuilt parameters differed (MAX_REBUILDS)
        self.rebuilds_exhausted = False
        extend = False  # the scope grows with the readers of what changes (see below)
        for number in range(MAX_PASSES):
            self.passes = number + 1
            self.widening = number >= widen_at
            self.changed_functions = set()
            self.changed_tokens = set()
            self.pass_id = next(CLOCK)
            self.done = set()
            self.scope = todo
            if todo is None:
                for fn in order:
                    for index in range(len(fn.calls)):
                        self.evaluate_call(fn, index)
            else:
                for key, index in sorted(todo, key=lambda site: (position[site[0]], site[1])):
                    self.evaluate_call(self.functions[key], index)
            if self.widening:
                widened |= self.changed_functions
            since |= self.done
            changed = self.changed_tokens
            if not changed:
                # Settled, but parameters only grew during the passes: values that the latest
                # evaluations no longer give (transient ones) may still be in them. Rebuilt
                # from the latest contributions; what they change is evaluated again, so the
                # end state is the same whatever the order was (an incremental run starts
                # from rebuilt parameters too). Widening or not: a widened run that stopped
                # here left the sites that read the larger parameters unevaluated.
                changed = self.rebuild_params_changes()
                if changed:
                    rebuilds += 1
                    if rebuilds > MAX_REBUILDS:
                        # Alternating: the readers of what the rebuild changes are unsettled.
                        self.rebuilds_exhausted = True
                        not_settled |= self.changed_functions
                        not_settled |= {key for key, _ in self.readers_of(changed)
                                        if key in self.functions}
                        not_settled |= {token.split("|")[1] for token in changed
                                        if token.startswith("p|")}
                        break
                if not changed and not self.inflated:
                    widened = set()  # a fixpoint of the latest evaluations: settled
                    if group_solves == MAX_GROUP_SOLVES:
                        not_settled |= last_solved
                        break
                    # A value may still support itself through a recursive group: each group
                    # the run evaluated is solved again from what enters it.
                    group_solves += 1
                    changed, solved, unsettled, last_solved = self.solve_groups(
                        {key for key, _ in since})
                    not_settled |= unsettled
                    self.evaluated_sites |= since | solved
                    since = set()
                    if not changed:
                        break
                    if dirty is not None:
                        # The solve may change what sites outside this run's scope read.
                        extend = True
                elif not changed:
                    if narrowings == MAX_NARROWINGS:
                        break
                    # Widened to a fixpoint: narrow (see MAX_NARROWINGS).
                    narrowings += 1
                    widen_at = number + 1 + WIDEN_AFTER
                    todo, self.inflated = set(self.inflated), set()
                    continue
            if extend:
                outside = self.readers_of(changed) - set(all_sites)
                if outside:
                    all_sites = sorted(set(all_sites) | outside)
                    self.note_rerun(outside)
            todo = self.to_evaluate(all_sites, changed)
            if number == 0 and dirty is None:
                self.info = WriteLog(self.function_info())
                order = self.callers_first(order)
                position = {fn.key: i for i, fn in enumerate(order)}
        else:
            widened |= self.changed_functions
        self.unconverged = widened | not_settled
        self.widening = False
        # The expansions of the last pass only, as before (the parameters are rebuilt below).
        self.memo = {value: entry for value, entry in self.memo.items()
                     if entry[3] == self.pass_id}
        self.derived_memo = {key: entry for key, entry in self.derived_memo.items()
                             if entry[3] == self.pass_id}
        self.token_clock = {}  # only entries of this pass are left: nothing to check
        self.rebuild_params()
        self.evaluated_sites |= since
        if dirty is None:
            self.info = WriteLog(self.function_info())
        else:
            self.info.update(self.function_info(
                {key for key, _ in dirty} | {key for key, _ in self.evaluated_sites}))
        self.collect_wrappers()

    def to_evaluate(self, sites: list[SiteKey], changed: set[str]) -> set[SiteKey]:
        """The sites of `sites` to evaluate in the next pass: those that read a token of
        `changed`, those never evaluated, and those that read anything (`*`, `star_sites`).
        One look-up per site (a chain of 3,000 calls runs 2,900 passes over its sites); the
        sites that read `*` are kept apart instead of searched for in every site's tokens
        (66,805 sites of 250 KLOC, each pass)."""
        deps_of = self.deps.get
        if self.star_sites is None:
            return {site for site in sites
                    if (deps := deps_of(site)) is None or not changed.isdisjoint(deps)
                    or "*" in deps}
        todo = {site for site in sites
                if (deps := deps_of(site)) is None or not changed.isdisjoint(deps)}
        if self.star_sites:
            among = set(sites)
            todo.update(site for site in self.star_sites if site in among)
        return todo

    def solve_groups(self, functions: set[str]
                     ) -> tuple[set[str], set[SiteKey], set[str], set[str]]:
        """recursive_groups.solve_groups for the groups of `functions`: the tokens changed,
        the sites evaluated, the functions of groups that did not settle, and those of the
        groups solved when something changed."""
        index = self.contributor_index()
        changed, solved, unsettled = recursive_groups.solve_groups(self, functions, index)
        self.memo.clear()  # the solve rebuilt parameters in place
        self.derived_memo.clear()
        self.note_rerun(solved)
        return changed, solved, unsettled, {key for key, _ in solved} if changed else set()

    def contributor_index(self) -> dict[str, set[SiteKey]]:
        """callee -> the sites that give to it (ResumedProgram keeps one up to date)."""
        return recursive_groups.contributors(self)

    def remember(self, callee: str) -> None:
        """Before a callee's parameters change (ResumedProgram keeps the old ones)."""

    def note_rerun(self, sites: Iterable[SiteKey]) -> None:
        """Sites evaluated beyond the scope `run` was given (ResumedProgram keeps track)."""

    def readers_of(self, tokens: set[str]) -> set[SiteKey]:
        """The sites whose recorded dependencies hold one of `tokens` (or anything: *)."""
        if self.readers is not None:
            out: set[SiteKey] = set(self.readers.get("*", ()))
            for token in tokens:
                out |= self.readers.get(token, set())
            return out
        return {site for site, deps in self.deps.items()
                if "*" in deps or not tokens.isdisjoint(deps)}

    def function_info(self, keys: Iterable[str] | None = None) -> dict[str, PassInfo]:
        """Gather the per-site findings by function (of every function, or of `keys`)."""
        info: dict[str, PassInfo] = {}
        for key in (self.functions if keys is None else keys):
            fn = self.functions.get(key)
            if fn is None:
                continue
            whole = info[key] = PassInfo()
            for index in range(len(fn.calls)):
                part = self.site_info.get((key, index))
                if part is None:
                    continue
                whole.bindings.extend(part.bindings)
                whole.effects.extend(part.effects)
                whole.hazards.extend(part.hazards)
                whole.tensor_ops.extend(part.tensor_ops)
                whole.traced.extend(part.traced)
                whole.random_ops.extend(part.random_ops)
                whole.state_ops.extend(part.state_ops)
                whole.object_uses.extend(part.object_uses)
        return info

    def callers_first(self, functions: list[FunctionSummary]) -> list[FunctionSummary]:
        """Reverse postorder of the call graph: callers before their callees."""
        edges = {key: [b.callee for b in info.bindings] for key, info in self.info.items()}
        seen: set[str] = set()
        postorder: list[str] = []
        for fn in functions:
            if fn.key in seen:
                continue
            seen.add(fn.key)
            stack = [(fn.key, iter(edges.get(fn.key, ())))]
            while stack:
                node, children = stack[-1]
                for child in children:
                    if child not in seen and child in self.functions:
                        seen.add(child)
                        stack.append((child, iter(edges.get(child, ()))))
                        break
                else:
                    stack.pop()
                    postorder.append(node)
        return [self.functions[key] for key in reversed(postorder)]

    def evaluate_call(self, fn: FunctionSummary, index: int) -> None:
        key = (fn.key, index)
        if key in self.done or (self.scope is not None and key not in self.scope):
            return
        self.done.add(key)
        self.depth += 1
        info = PassInfo()
        self.site_info[key] = info
        self.contrib[key] = []
        # Interned: one token per function, not one string per site in the kept dependencies.
        frame = Frame({sys.intern(f"s|{fn.key}")}, 1 << 30)
        saved_progress, saved_cycle = self.in_progress, self.cycle_values
        saved_pending = self.pending
        saved_bound = self.bound, self.bound_info, self.bound_frame
        # A site's evaluation starts a fresh expansion stack: its arguments never see the
        # round values of a cycle being solved around it (they would flow into parameters).
        self.in_progress, self.cycle_values, self.pending = {}, {}, {}
        self.bound, self.bound_info, self.bound_frame = {}, info, frame
        self.frames.append(frame)
        self.current.append(key)
        try:
            site = fn.calls[index]
            result: set[str] = set()
            if site.static == implicit_calls.IMPLICIT:  # `with obj:`, `obj.prop`, `obj + x`
                targets = implicit_calls.resolve(self, fn, site, info)
            elif site.static == ESCAPED:
                # The unseen calls of a plain function stored in a container or a partial
                # (bodies.note_escape): called with arguments of unknown kind. Nothing else
                # is called here (no unknown effect when it names no such function).
                for callee in sorted(self.expand(site.callee)):
                    if callee.startswith("bfn:") or callee.startswith("obj:") and \
                            site.text.startswith("calls what it looks up"):
                        # `{"g": net.gate}`, `getattr(self, "_" + name)(x)` (a red team of
                        # session 23): the method, or any method of the object's classes,
                        # called with its instance bound (a lookup called at once only:
                        # bodies.called_getattrs; spektral's `Graph.__getitem__` returns
                        # `getattr(self, key, None)`, an attribute).
                        methods = [callee[4:]] if callee.startswith("bfn:") else sorted({
                            key for cls in self.mro(callee[4:]) for key in cls.methods.values()})
                        for target in methods:
                            found = self.functions.get(target)
                            if found is not None and found.kind == "method" and \
                                    target not in self.observed_roots:
                                self.bind(fn, site, found.key, 1, None, info)
                        continue
                    if callee.startswith("mod:") and callee[4:] in self.modules:
                        # `getattr(module, name)`: any of its functions.
                        keys = sorted(self.modules[callee[4:]].defs.values())
                    else:
                        keys = [callee[3:]] if callee.startswith("fn:") else []
                    for target in keys:
                        found = self.functions.get(target)
                        if found is not None and found.kind == "function" and \
                                target not in self.observed_roots:
                            self.bind(fn, site, found.key, 0, None, info)
                targets = frozenset({ESCAPED})
            elif site.receiver is not None and site.method is not None:
                targets = self.expand(site.receiver)
                # Sorted: a callee evaluated on demand (a recursive call) sees the same results
                # whatever the hash seed.
                for receiver in sorted(targets):
                    result |= self.call_method(fn, site, receiver, site.method, info)
            else:
                targets = self.expand(site.callee)
                for callee in sorted(targets):
                    result |= self.call_value(fn, site, callee, info)
                if V.TF_UNMASKS in targets:  # a global pooling consumes the mask
                    result.discard(V.MASKED_TENSOR)
            if not targets:
                # Nothing known about the callee (yet: a cycle still being resolved, or never):
                # no value flows, and nothing may be assumed about its effects.
                info.effects.append(("unknown", "?", site.line,
                                     f"calls {site.text}(), which the analysis cannot resolve"))
            if V.has_unknown(result) and V.KERAS_INPUT not in result:
                # What an unknown callable (`backbone(inputs)` of a model the engine cannot
                # type) computes from a Keras symbolic tensor may be one too.
                result |= self.symbolic_passed(site)
            self.set_result(fn, index, frozenset(result))
            if not (info.bindings or info.effects or info.hazards or info.tensor_ops or
                    info.traced or info.object_uses):
                del self.site_info[key]  # most sites find nothing: keep the state small
            else:
                # The lists it kept empty: the shared read-only one (summary_model.FrozenList;
                # 40,000 kept sites of 250 KLOC, most with four or five empty lists of six).
                for name in PASS_LISTS:
                    if not getattr(info, name):
                        setattr(info, name, EMPTY_LIST)
            if not self.contrib[key]:
                del self.contrib[key]
        finally:
            self.frames.pop()
            self.current.pop()
            self.in_progress, self.cycle_values = saved_progress, saved_cycle
            self.pending = saved_pending
            self.bound, self.bound_info, self.bound_frame = saved_bound
            self.depth -= 1
        self.deps[key] = tuple(frame.deps)
        if self.star_sites is not None:
            if "*" in frame.deps:
                self.star_sites.add(key)
            else:
                self.star_sites.discard(key)

    def symbolic_passed(self, site: CallSite) -> Values:
        """What the call computes from the Keras symbolic tensors it passes (or whose method it
        calls): V.symbolic of them, or nothing when it passes none."""
        given = [self.expand(values) for values in (
            *site.args, *site.kwargs.values(), site.receiver or V.EMPTY)]
        return V.symbolic(*given) if any(V.KERAS_INPUT in values for values in given) \
            else V.EMPTY

    def collect_wrappers(self) -> None:
        for module in self.modules.values():
            for wrapper in module.wrappers:
                for value in self.expand(wrapper.target):
                    if value.startswith(("fn:", "bfn:")):
                        self.wrapped[value.split(":", 1)[1]].append(wrapper)

    def add_param(self, callee: str, param: str, values: Values, site: CallSite,
                  caller: FunctionSummary) -> None:
        values = V.param_values(values)
        current = self.params[callee][param]
        if caller.key == callee and values == current and \
                self.expanded == {f"p|{callee}|{param}"}:
            # A recursive call that passes a parameter on to itself (`f(*args)` in `f`: the
            # argument, as `bind` just expanded it, is that parameter) adds nothing to it;
            # recorded, it would let a value that came in transiently support itself after the
            # rebuild, and which transient values come depends on the order of evaluation
            # (bigbird's recompute_grad.inner kept a `list` in `args` incrementally only).
            # Only the identity: a call that computes its argument (`f(x + 1)`) is recorded
            # (values equal to the parameter's by chance, dropped, made the rebuild oscillate).
            return
        if not values <= current:
            current |= values
            self.changed_functions.add(callee)
            token = f"p|{callee}|{param}"
            self.changed_tokens.add(token)
            self.token_clock[token] = next(CLOCK)
        evidence = ParamSite(self.file_of.get(caller.key, ""), site.line, values, caller.key)
        if self.current:
            self.contrib[self.current[-1]].append((callee, param, values, evidence))

    def rebuild_params(self) -> None:
        """Parameters and their evidence, from every call site's contributions."""
        self.params = defaultdict(lambda: defaultdict(set))
        self.sites = defaultdict(lambda: defaultdict(list))
        for key in sorted(self.contrib):
            for callee, param, values, evidence in self.contrib[key]:
                self.params[callee][param] |= values
                sites = self.sites[callee][param]
                if len(sites) < MAX_SITES and evidence not in sites:
                    sites.append(evidence)

    def rebuild_params_changes(self) -> set[str]:
        """Rebuild the parameters (`rebuild_params`); the tokens of those that changed."""
        before = self.params
        self.rebuild_params()
        changed: set[str] = set()
        for callee in before.keys() | self.params.keys():
            old, new = before.get(callee, {}), self.params.get(callee, {})
            for param in old.keys() | new.keys():
                if set(old.get(param, ())) != set(new.get(param, ())):
                    changed.add(f"p|{callee}|{param}")
        for token in changed:
            self.token_clock[token] = next(CLOCK)
        return changed

    def set_result(self, fn: FunctionSummary, index: int, values: Values) -> None:
        key = (fn.key, index)
        old = self.results.get(key, V.EMPTY)
        # The latest evaluation replaces the result: accumulating would keep values computed
        # from inputs that were still incomplete (a transient `list` next to the final
        # list of tensors), and which of those appear depends on the evaluation order. Only
        # after WIDEN_AFTER passes do results accumulate (see `run`).
        if self.widening:
            if not old <= values:
                self.inflated.add(key)
                values = values | old
            else:
                self.inflated.discard(key)
        else:
            self.inflated.discard(key)
        if values != old:
            self.results[key] = self.stored(values)
            self.changed_functions.add(fn.key)
            token = f"r|{fn.key}|{index}"
            self.changed_tokens.add(token)
            self.token_clock[token] = next(CLOCK)
