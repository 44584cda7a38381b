"""When a Keras `call` may become a `tf.function`: who builds the layer's weights.

Keras builds a layer on its first `__call__`, before `call` runs: with the layer's `build`
method when its class (or a workspace base) defines one, otherwise by running `call` itself on
symbolic inputs. Measured with TF 2.21 / Keras 3.15 (docs/analysis-rules.md, IS_KERAS_CALL_METHOD):
a decorated `call` that Keras runs to build sublayers (Dense, ...) leaves every gradient `None`,
whether the first call is eager, under a tape or a `predict`; with a `build` of its own (even one
that leaves the sublayers to build on their first call), with `self.build(shape)` in `__init__`,
or when `call` creates no weights at all (no layer called, no `add_weight`), it trains as before.
`self.add_loss` in a traced `call` leaves a graph tensor in `layer.losses`, which an eager step
cannot read ("out of scope"): never proven. Nor is a `call` that changes Keras state (a
variable's `assign*`, a metric's `update_state`, a `keras.random` draw, a Dropout or
BatchNormalization run): Keras' symbolic runs trace it inside a StatelessScope, where those
assignments are only recorded, and eager calls reuse that trace (`_changes_keras_state`,
measured in tests/corpus/kerascall/stateless.py).
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.implicit_calls import IMPLICIT
from hybridize.analysis.keras_pure import none_tolerant_read, pure_call
from hybridize.analysis.keras_reach import KerasReach, passes_regularizer
from hybridize.analysis.program import Program
from hybridize.analysis.summary_model import ESCAPED, CallSite, FunctionSummary, Values

# Methods that create or build weights when a layer object receives them.
_BUILDING_METHODS = frozenset({"__call__", "call", "build", "add_weight", "add_variable"})
# Calls that keep state a traced `call` cannot hand to eager code.
_LOSS_METHODS = frozenset({"add_loss"})
# Methods that change a Keras variable (or a metric's, or a SeedGenerator's state): inside the
# StatelessScope of a symbolic run `KerasVariable.assign` is only recorded, not traced.
_STATE_METHODS = frozenset({
    "assign", "assign_add", "assign_sub", "scatter_add", "scatter_sub", "scatter_update",
    "scatter_max", "scatter_min", "scatter_mul", "scatter_div", "scatter_nd_update",
    "scatter_nd_add", "scatter_nd_sub", "batch_scatter_update", "update_state", "reset_state",
    "reset_states", "next"})
_KERAS_RANDOM = "tensorflow.keras.random."
_MAX_CALLEES = 200  # helper functions followed from one `call` (each once)
# Keras layer class -> (the class that may hold an instance, file, line); None: any class.
Containers = dict[str, list[tuple[str | None, str, int]]]


@dataclass(frozen=True)
class KerasBuild:
    """Whether the weights of a Keras `call`'s layer are made outside the traced `call`."""

    outside: bool
    reason: str  # why (for the verdict), or what stops it
    line: int = 0  # where, when a call site decides it
    file: str = ""
    # helper_risk: run as a callable Keras was given (a Lambda's function), not by a `call`
    symbolic_callable: bool = False


class SortedOnRead(Mapping[str, list[tuple[str | None, str, int]]]):
    """Each class's holders (keras_containers) in one order whatever the order the program's
    functions were loaded in (the language server's incremental program and the command
    line's agree): by file, line and holder, each list sorted when first read. Every layer
    class's list holds the possible holders of any layer (about 1.5 million entries on
    253 KLOC); sorting them all on every facts build was about 50 ms of each language-server
    edit while a Keras model file was open, for the few classes an edit asks about."""

    def __init__(self, found: Containers) -> None:
        self._found = found
        self._sorted: set[str] = set()

    def __getitem__(self, key: str) -> list[tuple[str | None, str, int]]:
        holders = self._found[key]
        if key not in self._sorted:
            holders.sort(key=lambda h: (h[1], h[2], h[0] or ""))
            self._sorted.add(key)
        return holders

    def __iter__(self) -> Iterator[str]:
        return iter(self._found)

    def __len__(self) -> int:
        return len(self._found)


class KerasBuilds:
    """The Keras build facts of one program, computed on first use (facts.py holds one)."""

    def __init__(self, program: Program,
                 callers: Mapping[str, list[tuple[str, int]]] | None = None,
                 symbolic_sites: Mapping[str, tuple[int, ...]] | None = None) -> None:
        self.p = program
        # callee -> [(caller, line)] of every call (facts.py's CallIndex): lets `helper_risk`
        # see that no Keras `call` reaches a function without walking from every `call`.
        self.callers = callers
        self.symbolic_sites = symbolic_sites  # the CallIndex's, for symbolic_callables
        self._containers: SortedOnRead | None = None
        self._created: set[str] = set()
        self._maybe: dict[tuple[str | None, str, int], str] = {}
        self._reached: Containers | None = None
        # Per function asked about (`holders`), and per Keras `call` walked from (`_walk`).
        self._holders: Containers = {}
        self._walks: dict[str, dict[str, tuple[str | None, str, int]]] = {}
        self._work = 0  # functions visited by those walks, back and forward
        self._users: dict[str, list[str]] | None = None
        self._callables: list[SymbolicCallable] | None = None
        self._roots: dict[str, SymbolicCallable] | None = None
        self._symbolic_unknown: SymbolicCallable | None = None  # symbolic_root
        self.reach = _reach(program)

    @property
    def containers(self) -> Mapping[str, list[tuple[str | None, str, int]]]:
        if self._containers is None:
            found, self._created, self._maybe = keras_containers(self.p)
            for key, holders in sorted(self.reached.items()):
                fn = self.p.functions[key]
                if fn.name == "call" and fn.class_key and self.p.is_keras_layer(fn.class_key):
                    found.setdefault(fn.class_key, []).extend(holders)
            self._containers = SortedOnRead(found)
        return self._containers

    @property
    def reached(self) -> Containers:
        """Function -> the Keras classes whose `call` reaches it (directly, through helpers, or
        on an instance kept in a global): their automatic build runs it too."""
        if self._reached is None:
            self._reached = _reached_from_calls(self.p)
        return self._reached

    def call_build(self, fn: FunctionSummary) -> KerasBuild:
        """For `call` of a workspace Keras Layer/Model subclass."""
        if self._users is None:  # once: each `call` scanned every class (a third of an edit)
            self._users = call_users(self.p)
        if self._callables is None:
            self._callables = symbolic_callables(self.p, self.symbolic_sites)
        return keras_call_build(self.p, fn, self.containers, self._created, self._maybe,
                                self.reach, self.prebuilt, self._users.get(fn.key, []),
                                self._callables)

    def prebuilt(self, class_key: str) -> bool:
        """Every instance is built eagerly when constructed (KerasReach.built_at_construction),
        and none is constructed where a Keras `call` runs (which may be a symbolic run): no
        holder can be the first to call it."""
        if not self.reach.built_at_construction(class_key):
            return False
        for creator in sorted(self.reach.creators(class_key)):
            fn = self.p.functions.get(creator)
            if fn is None or (fn.name == "call" and fn.class_key is not None and
                              self.p.is_keras_layer(fn.class_key)) or self.is_reached(creator):
                return False
        return True

    def weight_draws(self, keys: Iterable[str]) -> dict[str, tuple[int, str]]:
        """Function -> (line, what) of the first call in its own body that may build a Keras
        layer's weights: a layer or model called (or built) there, which Keras builds on its
        first call. Built inside a trace, the initializers draw other numbers under the same
        `tf.random.set_seed` than eagerly (measured, TF 2.21 / Keras 3.15: a module-level
        `Dense(3)` first called in a tf.function; the same numbers under
        `keras.utils.set_random_seed`): the STATEFUL_RANDOM assumption (facts.py closes it over
        callers, as for tf.random draws). Not a Keras `call` (converted only when its weights are
        built outside it: keras_call_build), and not a layer whose class builds itself, eagerly,
        when constructed (`prebuilt`)."""
        out: dict[str, tuple[int, str]] = {}
        for key in sorted(keys):
            fn = self.p.functions.get(key)
            if fn is None or (fn.name == "call" and fn.class_key is not None and
                              self.p.is_keras_layer(fn.class_key)):
                continue
            found = self._first_weight_site(fn)
            if found is not None:
                out[key] = found
        return out

    def later_built(self, fn: FunctionSummary) -> tuple[int, str] | None:
        """The first call in `fn`'s own body that may build a Keras layer's weights and runs
        only on some paths (an `if` branch, a conditional expression:
        FunctionSummary.branches) or calls a layer picked by an index (`heads[task](x)`): a
        later trace (another Python value, a new shape) may be the one that builds it."""
        if not fn.branches and not any("[" in site.text for site in fn.calls):
            return None
        for site in sorted(fn.calls, key=lambda s: (s.line, s.col)):
            if site.static in (IMPLICIT, ESCAPED) or not (
                    "[" in site.text or any(a <= site.line <= b for a, b in fn.branches)):
                continue
            if self._builds_weights(site):
                return site.line, site.text
        return None

    def _first_weight_site(self, fn: FunctionSummary) -> tuple[int, str] | None:
        for site in sorted(fn.calls, key=lambda s: (s.line, s.col)):
            if site.static not in (IMPLICIT, ESCAPED) and self._builds_weights(site):
                return site.line, (f"the initializers of `{site.text}`, if this call builds "
                                   "it; keras.utils.set_random_seed draws the same")
        return None

    def _builds_weights(self, site: CallSite) -> bool:
        receiver = self.p.expand(site.receiver or V.EMPTY)
        if self.reach.weightless_attribute(receiver, site.method):
            return False  # a Softmax, a Dropout: no initializer to draw
        if site.method is None:
            called = self.p.expand(site.callee)
        elif site.method in _BUILDING_METHODS and receiver:
            called = receiver
        else:
            called = self.p.attribute(receiver, site.method) if receiver else V.EMPTY
        for value in called:
            if value in (V.TF_LAYER, V.TF_MODEL):
                return True
            if value.startswith("obj:") and self.p.is_keras_layer(value[4:]):
                if not self.prebuilt(value[4:]):
                    return True
        return False

    def built_before_symbolic_run(self, fn: FunctionSummary, caller: str) -> bool:
        """A site of `caller` passes keras.Input to `fn`: is that harmless? Only for `call` of
        a workspace Keras layer called from code that no Keras `call` runs or reaches (the
        construction of a functional model: `Gain()(keras.Input(...))` in a builder function or
        a functional Model's `__init__`). Keras then builds the layer eagerly, with its own
        `build`, before running `call` on symbolic inputs in a scratch graph, and the traced
        `call` trains as before (measured, kerascall/symbolic.py; whether `call` itself builds
        sublayers is IS_KERAS_CALL_METHOD's question). A site inside a Keras `call` runs while
        that `call` runs symbolically: the layer would be built there (no gradients), so it
        stays a hazard; a function other than a Keras `call` gets a KerasTensor, which a
        tf.function cannot take."""
        if fn.name != "call" or not fn.class_key or not self.p.is_keras_layer(fn.class_key):
            return False
        outer = self.p.functions.get(caller)
        if outer is None or self.is_reached(caller):
            return False
        return not (outer.name == "call" and outer.class_key is not None and
                    self.p.is_keras_layer(outer.class_key))

    def helper_risk(self, fn: FunctionSummary) -> KerasBuild | None:
        """A function other than a Keras `call` that may build layers, reached from the `call`
        of a class that Keras builds by running it (measured: a tf.function helper that calls
        a sublayer, called from such a model's `call`: no gradients)."""
        holders = self.holders(fn.key)
        if holders:
            owner, file, line = holders[0]
            name = self.p.classes[owner].name if owner in self.p.classes else "a layer"
            who, run = f"`{name}.call` reaches it (line {line})", "that `call`"
        else:
            found = self.symbolic_root(fn.key)
            if found is None:
                return None
            root, file, line, api = found
            who = (f"it is given to {api}" if root == fn.key else
                   f"`{self.p.functions[root].qualname if root in self.p.functions else root}`, "
                   f"given to {api}, reaches it" if root else
                   f"{api} is given a callable of unknown kind, which may be it") + \
                f" (line {line})"
            run = f"what {api} is given"
        if (shaped := none_tolerant_read(self.p, fn.key)) is not None:
            # Converted on its own, it is traced inside the `call`'s symbolic run too, with the
            # same None dimensions. Only a use where None passes silently counts (an `is None`
            # test, `or`, a slice bound, ...): most reads raise on None (`x.shape[-1] // 2`),
            # and a trace that raises is not kept (declining every read cost 46 conversions on
            # the eight projects: rotate_half, _mask_sliding_window, ...).
            return KerasBuild(False, f"{who}, and " + _static_shape_reason(shaped, tolerant=True),
                              line, file, not holders)
        # Keras state changed inside the `call`'s symbolic run is only recorded there, and the
        # trace made there keeps no assignment (tests/corpus/kerascall/stateless.py).
        if _first_site(self.p, fn, lambda p, site: _may_build(p, site, None, self.reach)) is None:
            changed = _first_site(self.p, fn, lambda p, site: _changes_keras_state(
                p, site, self.reach))
            if changed is None:
                return None
            return KerasBuild(False, f"{who}, and " + _keras_state_reason(changed[1]),
                              changed[1].line, changed[0], not holders)
        # A class built by calling itself in `__init__` (KerasReach.built_at_construction) is
        # no exception: that first run calls this function, traced once converted, and the
        # layers it builds then get no gradients (tests/fixtures/soundness/self_built.py).
        # Measured: whether the class has a `build` or not, a layer built inside a traced
        # function that Keras runs symbolically (a model without `build`, a functional model
        # built on keras.Input, a Lambda's function) gets no gradients; the analysis cannot
        # tell which layers are built by then, so any such function that calls a layer is
        # kept eager (tests/fixtures/lost_layers/lambda_helpers).
        return KerasBuild(False, f"{who}, and it calls a layer that may not be built yet: when "
                          f"Keras runs {run} on symbolic inputs (a model without `build`, a "
                          "functional model), a traced function that builds a layer leaves its "
                          "weights without gradients; hybridize the step that calls the model "
                          "instead", line, file, not holders)

    def symbolic_root(self, key: str) -> SymbolicCallable | None:
        """(the callable, file, line, API) of the first callable given to a Keras API that runs
        it on symbolic inputs (symbolic_callables: keras.layers.Lambda, keras.ops.map, ...)
        that is `key` or reaches it through calls (`_walk_from`, through Keras `call`s too);
        the callable is None when one of unknown kind is given (it may be any function)."""
        if self._roots is None:
            if self._callables is None:
                self._callables = symbolic_callables(self.p, self.symbolic_sites)
            reached: dict[str, SymbolicCallable] = {}
            self._symbolic_unknown = None
            for entry in self._callables:
                root = entry[0]
                if root is None:
                    self._symbolic_unknown = self._symbolic_unknown or entry
                    continue
                if root in self.p.functions:
                    reached.setdefault(root, entry)
                    for callee in _walk_from(self.p, root, through_calls=True):
                        reached.setdefault(callee, entry)
            self._roots = reached
        return self._roots.get(key) or self._symbolic_unknown

    def is_reached(self, key: str) -> bool:
        """`key in self.reached`, without computing `reached` (`holders`)."""
        return bool(self.holders(key))

    def holders(self, key: str) -> list[tuple[str | None, str, int]]:
        """`self.reached.get(key, [])` without the forward walk from every Keras `call` of the
        workspace (about 20 ms of each language-server edit on 250 KLOC): only the `call`s
        found by walking the callers back are walked from, each as `reached` walks it (the
        walk stops after _MAX_CALLEES functions, so whether it gets to `key` is the walk's
        own answer), in the same order."""
        if self._reached is not None or self.callers is None or \
                self._work > 2 * len(self.p.functions):
            # A whole-program run asks about every function: past a budget of functions
            # visited (about twice what `reached` visits), one walk from every `call` is less.
            return self.reached.get(key, [])
        if key not in self._holders:
            walks = [self._walk(call) for call in self._reaching_calls(key)]
            self._holders[key] = [walk[key] for walk in walks if key in walk]
        return self._holders[key]

    def _reaching_calls(self, key: str) -> list[str]:
        """The workspace Keras `call`s from which a chain of calls gets to `key` without
        going through another such `call` (`reached` does not walk on from one), sorted."""
        assert self.callers is not None
        seen = {key}
        stack = [key]
        found: list[str] = []
        while stack:
            for caller, _ in self.callers.get(stack.pop(), ()):
                if caller in seen:
                    continue
                seen.add(caller)
                fn = self.p.functions.get(caller)
                if fn is None:
                    continue
                if fn.name == "call" and fn.class_key and self.p.is_keras_layer(fn.class_key):
                    found.append(caller)
                else:
                    stack.append(caller)
        self._work += len(seen)
        return sorted(found)

    def _walk(self, call: str) -> dict[str, tuple[str | None, str, int]]:
        if call not in self._walks:
            self._walks[call] = _walk_from(self.p, call)
            self._work += len(self._walks[call])
        return self._walks[call]

    def may_be_reached(self, key: str) -> bool:
        """False when no Keras layer's `call` reaches the function through calls: walking
        the callers back, every path ends before a workspace Keras `call` (`reached` follows
        the same calls forward, stopping at such a `call`, so it has no entry for it then)."""
        return self.callers is None or bool(self._reaching_calls(key))


def keras_call_build(program: Program, fn: FunctionSummary,
                     containers: Mapping[str, list[tuple[str | None, str, int]]],
                     created: set[str],
                     maybe: Mapping[tuple[str | None, str, int], str] | None = None,
                     reach: KerasReach | None = None,
                     prebuilt: Callable[[str], bool] | None = None,
                     users: list[str] | None = None,
                     callables: list[SymbolicCallable] | None = None) -> KerasBuild:
    """For `call` of a workspace Keras Layer/Model subclass; `containers`, `created` and
    `maybe` come from keras_containers(program), computed once per program, `users` from
    call_users(program) and `callables` from symbolic_callables(program). Every class that
    runs this `call` (the class and the subclasses that inherit it) is checked."""
    assert fn.class_key is not None
    loss = _first_site(program, fn, _adds_loss)
    if loss is not None:
        file, site = loss
        return KerasBuild(False, f"`{site.text}` in a traced `call` leaves a graph tensor in "
                          "`layer.losses`, out of scope for eager code; hybridize the step "
                          "that calls it", site.line, file)
    shaped = none_tolerant_read(program, fn.key)
    if shaped is not None:
        return KerasBuild(False, _static_shape_reason(shaped, tolerant=True))
    if users is None:
        users = call_users(program).get(fn.key, [])
    reach = reach or _reach(program)
    known = reach  # never None, for the callback
    # Keras state changed in a symbolic run is only recorded there (_changes_keras_state):
    # reported last, when every other question lets the `call` be traced (a `call` declined
    # for its holders or a static shape keeps that reason).
    changed = _first_site(program, fn, lambda p, site: _changes_keras_state(p, site, known))
    if changed is None and pure_call(program, fn.key, users, known.subclasses,
                                     lambda site: _may_build(program, site, None, known)) is None:
        # Reads no variable, builds nothing, reads no static shape (keras_pure.py): traced
        # in a symbolic run or eagerly, the same graph; no holder needs to be known.
        return KerasBuild(True, "`call` reads no Keras state (no variable, no sublayer, no "
                          "static shape), so a trace Keras makes on symbolic inputs computes "
                          "what an eager one does, whatever holds the layer")
    if not created.intersection(users):
        # Closed world, as for call sites: with no instance in sight, the layers or models
        # that hold it (one without `build` traces it in a scratch graph) are unknown.
        return KerasBuild(False, "no instance of the class is created in the analysed code, so "
                          "what holds it is unknown (a model without `build` around it would "
                          "trace this `call` in Keras' scratch graph, without gradients); "
                          "hybridize the step that calls it")
    outcome = KerasBuild(True, "")
    for user in users:
        nested = None if prebuilt is not None and prebuilt(user) else \
            _inside_default_build(program, containers, user, set(), maybe or {}, reach)
        if nested is None and not (prebuilt is not None and prebuilt(user)):
            nested = _in_symbolic_callable(
                program, user, reach,
                callables if callables is not None else symbolic_callables(program))
        if nested is not None:
            return nested
        built = _built_outside(program, fn, user, reach)
        if not built.outside:
            return built
        outcome = outcome if outcome.reason else built
    if changed is not None:
        file, site = changed
        return KerasBuild(False, _keras_state_reason(site), site.line, file)
    return outcome


SymbolicCallable = tuple[str | None, str, int, str]  # (callable, file, line, the API's name)
_LAMBDA = "tensorflow.keras.layers.Lambda"  # runs its function symbolically whatever it is given


def _given_symbolic(program: Program, site: CallSite, positions: tuple[int, ...],
                    keywords: tuple[str, ...]) -> bool:
    """A higher-order op's data arguments may hold a Keras symbolic tensor (keras.Input, a
    layer's output on one, a model's inputs: the value flow's `kin`), or the call passes
    starred arguments: only then does Keras run the callable in a scratch graph (on tensors,
    `keras.ops.while_loop` is `tf.while_loop`, run eagerly or in the caller's own graph)."""
    if site.starred:
        return True
    data = [a for i, a in enumerate(site.args) if i not in positions] + \
        [v for k, v in site.kwargs.items() if k not in keywords]
    return any(V.KERAS_INPUT in program.expand(values) for values in data)


def symbolic_callables(program: Program, sites: Mapping[str, tuple[int, ...]] | None = None
                       ) -> list[SymbolicCallable]:
    """(function key, file, line, API) of each callable handed to a Keras API of
    tfapi.SYMBOLIC_CALLABLE_APIS (key None: one of unknown kind, or not a plain function: a
    list of branches, a callable object), in the order of the functions and their sites.
    `sites`: function -> the indices of its calls of such an API, for every function that has
    one (the CallIndex keeps them, call_index.symbolic_sites): without it every call site of
    the workspace is looked at (17 ms of a language-server edit's 76 on 253 KLOC)."""
    out: list[SymbolicCallable] = []
    for key in sorted(program.functions if sites is None else sites):
        fn = program.functions[key]
        indices = range(len(fn.calls)) if sites is None else sites[key]
        for index in indices:
            site = fn.calls[index]
            api = tfapi.symbolic_callable_api(site.static, site.method)
            if api is None:
                continue
            name = api.removeprefix("tensorflow.")
            file = program.file_of.get(key, "")
            positions, keywords = tfapi.SYMBOLIC_CALLABLE_APIS[api]
            if api != _LAMBDA and not _given_symbolic(program, site, positions, keywords):
                continue  # on tensors it runs the callable eagerly or in the caller's graph
            given = [site.args[i] for i in positions if i < len(site.args)] + \
                [site.kwargs[k] for k in keywords if k in site.kwargs]
            if site.starred or not given:
                out.append((None, file, site.line, name))
            for raw in given:
                values = program.expand(raw)
                if not values:
                    out.append((None, file, site.line, name))
                for value in sorted(values):
                    if value.startswith(("fn:", "bfn:")):
                        out.append((value.partition(":")[2], file, site.line, name))
                    elif not (value in V.PRIMITIVES or value == V.NONE or
                              value.startswith("lib:")):
                        out.append((None, file, site.line, name))
    return out


def _in_symbolic_callable(program: Program, class_key: str, reach: KerasReach,
                          callables: list[SymbolicCallable]) -> KerasBuild | None:
    """A callable handed to a Keras API of tfapi.SYMBOLIC_CALLABLE_APIS (or a function it reaches)
    may call an instance of the class first: Keras runs it on symbolic inputs in a scratch
    graph, so the instance is built there (measured: a `Scale` called by a Lambda's lambda in
    keras.Sequential on keras.Input, or by the function of `keras.ops.map` over keras.Input,
    decorated, lost its gradients; tests/fixtures/lost_layers/lambdas, opsmap)."""
    name = program.classes[class_key].name if class_key in program.classes else class_key
    for root, file, line, api in callables:
        if root is None:
            return KerasBuild(False, f"{api} is given a callable of unknown kind (line {line}), "
                              f"which may call an instance of `{name}` first: Keras runs it on "
                              "symbolic inputs in a scratch graph, where the instance would be "
                              "built and its traced `call` would leave its weights without "
                              "gradients; hybridize the step that calls the model", line, file)
        function = program.functions.get(root)
        if function is None:
            continue
        found = _first_site(program, function, lambda p, site: _may_build(
            p, site, class_key, reach))
        if found is not None:
            where, site = found
            return KerasBuild(False, f"`{function.qualname}` is given to {api} (line {line}) "
                              f"and may call an instance first (`{site.text}`, "
                              f"{where}:{site.line}): Keras runs it on symbolic inputs in a "
                              "scratch graph, where the instance would be built and its traced "
                              "`call` would leave its weights without gradients; hybridize the "
                              "step that calls the model", line, file)
    return None


def _static_shape_reason(where: str, tolerant: bool = False) -> str:
    what = "uses a static dimension where None passes (a test, a slice bound, ...)" if \
        tolerant else "reads a static shape"
    return (f"`{where}` {what}: Keras traces a layer's `call` on symbolic inputs "
            "(keras.Input, keras.Sequential, a model without `build`), where the batch and every "
            "unknown dimension are None, and later eager calls reuse that trace (measured); read "
            "`tf.shape(x)` instead, or hybridize the step that calls it")


def _changes_keras_state(program: Program, site: CallSite,
                         reach: KerasReach | None = None) -> bool:
    """The call may change Keras state: a variable's `assign`/`assign_add`/... (any receiver:
    `add_weight` gives a tensor for the engine), a metric's `update_state`, a SeedGenerator's
    `next`, a `keras.random` draw (with a SeedGenerator or no seed, it advances one), or a
    layer that is not shown to change none (`_runs_stateful_layer`)."""
    if site.method is not None and site.method in _STATE_METHODS:
        return True
    if site.method is None and any(v.startswith("lib:" + _KERAS_RANDOM) and
                                   tfapi.classify_call(v[4:]) is tfapi.Api.RANDOM
                                   for v in program.expand(site.callee)):
        return True
    return _runs_stateful_layer(program, site, reach)


def _runs_stateful_layer(program: Program, site: CallSite, reach: KerasReach | None) -> bool:
    """The call may run a library layer or model whose `call` may change Keras state: one
    that reads `training` (a Dropout's SeedGenerator, a BatchNormalization's moving
    statistics, measured: in a functional model built with `training=True` the decorated
    `call`'s trace keeps the moving mean at 0 and the same dropout mask), one of unknown class,
    or a value of unknown kind. A workspace layer's `call` is walked through (`_first_site`
    follows it) and is not counted here; an attribute that holds only constructions of library
    layers that read no `training` and call nothing they were given (`Dense`, `Softmax`) is
    not either."""
    receiver = program.expand(site.receiver or V.EMPTY) if site.method is not None else V.EMPTY
    if site.method is None:
        called = program.expand(site.callee)
    elif site.method in ("__call__", "call"):
        called = receiver
    else:
        if receiver and all(_plain_value(v) for v in receiver):
            return False  # `outputs.append(y)`, `x.numpy()`
        if reach is not None and reach.stateless_attribute(receiver, site.method):
            return False
        if receiver and V.NONE in receiver:
            receiver = receiver - {V.NONE}
            if not receiver:
                return False
        called = program.attribute(receiver, site.method) if receiver else V.UNKNOWN_SET
    return any(_layer_like(program, v) and not (
        v.startswith("obj:") and program.is_keras_layer(v[4:])) for v in called)


def _keras_state_reason(site: CallSite) -> str:
    what = "changes Keras state (a variable, a metric or a seed generator)" if \
        site.method in _STATE_METHODS or site.text.startswith(("keras.random", "random.")) \
        else "may run a layer that changes Keras state (a Dropout's seed generator, a " \
        "BatchNormalization's moving statistics under training=True)"
    return (f"`{site.text}` {what}: Keras "
            "traces a layer's `call` on symbolic inputs (keras.Input, keras.Sequential, a model "
            "without `build`) inside a StatelessScope, where an assignment is only recorded, "
            "and later eager calls reuse that trace, which never assigns (measured: a counter "
            "stays 0, keras.random draws repeat); hybridize the step that calls it")


def call_users(program: Program) -> dict[str, list[str]]:
    """`call` method key -> the workspace Keras classes that run it (the class and the
    subclasses that inherit it), in sorted order."""
    users: dict[str, list[str]] = {}
    for key in sorted(program.classes):
        if program.is_keras_layer(key):
            method = program.find_method(key, "call")
            if method is not None:
                users.setdefault(method, []).append(key)
    return users


def _reach(program: Program) -> KerasReach:
    # The callbacks reach the KerasReach through a weak reference: a closure holding it would
    # make a reference cycle (reach -> lambda -> builds -> reach) that keeps the whole program
    # alive until the cyclic GC runs, which the language server runs rarely (about 1.3 MiB per
    # edit on 250 KLOC, integrity). The callbacks run only while the reach is in use.
    ref: Callable[[], KerasReach | None] = lambda: None  # noqa: E731

    def builds(p: Program, site: CallSite) -> bool:
        return _may_build(p, site, None, ref())

    reach = KerasReach(program, lambda site: builds(program, site),
                       lambda fn: _first_site(program, fn, builds) is not None,
                       lambda: constructors(program))
    ref = weakref.ref(reach)
    return reach


def _built_outside(program: Program, fn: FunctionSummary, class_key: str,
                   reach: KerasReach) -> KerasBuild:
    """Whether the traced `call` builds nothing: every layer it calls (itself or through
    workspace helpers) is built by the class's own `build` (`self.hidden.build(...)`), and it
    adds no weight. A layer left to build on first use inside the traced `call` gets no
    gradients when Keras runs the `call` on symbolic inputs (a functional model on keras.Input,
    measured: 2 of 3 None), so a `build` that leaves sublayers to `call` is not enough."""
    build = program.find_method(class_key, "build")
    built: set[str] = set()
    if build is not None and build in program.functions:
        built = {site.text.removesuffix(".build") for site in program.functions[build].calls
                 if site.method == "build"}
    builds = _first_site(program, fn, lambda p, site: _may_build(p, site, None, reach) and
                         _called_object(site) not in built)
    if builds is not None and reach.built_at_construction(class_key):
        # Measured (TF 2.21 / Keras 3.15, tests/fixtures/soundness/self_built.py): once `call`
        # is a tf.function, the call in `__init__` traces it, the sublayers make their weights
        # while it traces, and a later call with that first call's signature (a batch of one
        # state, as tf2rl's get_action passes) reuses that trace: every gradient is None.
        file, site = builds
        return KerasBuild(False, "its `__init__` calls the layer on tensors to build it, but "
                          "once `call` is a tf.function that first call is traced: "
                          f"`{site.text}` would make its weights while tracing, and a later "
                          "call with the same signature gets no gradients for them (measured); "
                          "hybridize the step that calls the model instead", site.line, file)
    if builds is None:
        if build is not None:
            owner = program.functions[build].qualname.rsplit(".", 1)[0]
            return KerasBuild(True, f"`{owner}.build` builds every weight `call` uses, before "
                              "`call` runs")
        return KerasBuild(True, "`call` creates no weights (it calls no layer), so Keras "
                          "running it to build the layer makes nothing")
    file, site = builds
    where = "its `build` does not build it" if build is not None else "it has no `build`"
    return KerasBuild(False, f"`call` builds `{site.text}` (line {site.line}) on its first run "
                      f"({where}): when that run is traced (Keras builds a layer without "
                      "`build` by running `call` on symbolic inputs, a functional model does "
                      "too), those weights get no gradients; build every sublayer in `build`, "
                      "or hybridize the step that calls it", site.line, file)


def _called_object(site: CallSite) -> str:
    """`self.hidden` for `self.hidden(x)`, `self.hidden.__call__(x)`, `self.hidden.build(s)`."""
    if site.method in _BUILDING_METHODS:
        return site.text.rsplit(".", 1)[0]
    return site.text


def _first_site(program: Program, fn: FunctionSummary, test: Callable[..., bool],
                with_function: bool = False) -> tuple[str, CallSite] | None:
    """The first call site in `fn` or a workspace function it calls that passes `test`
    (`test(program, site)`, or `test(program, function, site)` `with_function`)."""
    seen = {fn.key}
    order = [fn.key]
    index = 0
    while index < len(order) and index < _MAX_CALLEES:
        key = order[index]
        index += 1
        function = program.functions.get(key)
        if function is None:
            continue
        for site in sorted(function.calls, key=lambda s: (s.line, s.col)):
            if site.static not in (IMPLICIT, ESCAPED) and (
                    test(program, function, site) if with_function
                    else test(program, site)):  # an implicit call's
                return program.file_of.get(key, ""), site  # callees: bindings, below
        info = program.info.get(key)
        for binding in (info.bindings if info else ()):
            if binding.callee not in seen:
                seen.add(binding.callee)
                order.append(binding.callee)
    return None


def _adds_loss(program: Program, site: CallSite) -> bool:
    return site.method in _LOSS_METHODS


def _may_build(program: Program, site: CallSite, target: str | None = None,
               reach: KerasReach | None = None) -> bool:
    """The call may create or build weights: a layer, model or other TensorFlow object called
    (`self.dense(x)`), a building method on one (`self.dense.build(...)`, `self.add_weight`),
    or a callee whose kind the analysis cannot tell (default-deny). With `target` (a workspace
    Keras class), only a call that may reach an instance of it: one of it, a library layer or
    model (which may wrap one, unless `reach` shows the attribute called holds only Keras
    layers that run nothing they were given), or a value of unknown kind."""
    if site.method is None:
        return any(_layer_like(program, v, target) for v in _callee_values(program, site))
    receiver = program.expand(site.receiver or V.EMPTY)
    if site.method in _BUILDING_METHODS and (not receiver or any(
            _layer_like(program, v, target) or (target is None and v.startswith("obj:"))
            for v in receiver)):
        return True
    if receiver and site.method not in _CALLING_METHODS and all(_plain_value(v) for v in receiver):
        return False  # `outputs.append(y)`, `x.numpy()`: a Python or tensor value's own method
    if reach is not None and target is None and reach.weightless_attribute(receiver, site.method):
        return False  # a Softmax or Dropout made in the class: no weight to build
    if target is not None and reach is not None and (
            reach.plain_attribute(receiver, site.method, target) or
            reach.inert_keras_method(receiver, site.method)):
        return False
    if receiver and V.NONE in receiver:
        # `tf.executing_eagerly()` where `tf` may be None (an optional import): an attribute
        # of None raises AttributeError before anything is called.
        receiver = receiver - {V.NONE}
        if not receiver:
            return False
    called = program.attribute(receiver, site.method) if receiver else V.UNKNOWN_SET
    return any(_layer_like(program, v, target) for v in called)


def _callee_values(program: Program, site: CallSite) -> Values:
    """What a plain call (`layer(x)`) calls. No value at all for a name that holds something
    is what a parameter no analysed call passes anything to gets: a callback that a library
    calls (`tf.nest.map_structure(lambda layer: layer(x), self.inner)`), a function only
    called from outside; unknown, not nothing (measured: that lambda ran a Scale layer first,
    inside its holder's symbolic run, and the decorated `Scale.call` lost its gradients;
    tests/fixtures/lost_layers/callbacks/callbacks.py)."""
    called = program.expand(site.callee)
    if not called and site.callee:
        return V.UNKNOWN_SET
    return called


# Methods of Python values that call what they are given (`items.sort(key=layer)`).
_CALLING_METHODS = frozenset({"sort", "__call__"})


_MAX_LOST_DEPTH = 8  # placeholders followed by `_lost`


def _holds_unknown(program: Program, class_key: str | None) -> bool:
    """Some attribute that the workspace stores on an instance of the class (or of a class
    derived from it) may hold a value of unknown kind."""
    if class_key is None:
        return True
    for key in program.instances_of(class_key):
        for cls in program.mro(key):
            for _attr, assignments in sorted(cls.instance_attrs.items()):
                for raw, _method, _line in assignments:
                    if V.has_unknown(program.expand(raw)) and _lost(program, raw, 0, set()):
                        return True
    return False


def _lost(program: Program, raw: Values, depth: int, seen: set[str]) -> bool:
    """The values (of a summary, unexpanded) may be of unknown kind, elements of containers
    taken from the displays that build them (`_elements`)."""
    for value in sorted(raw):
        if value in seen:
            continue
        seen.add(value)
        op = _deferred(program, value)
        if depth < _MAX_LOST_DEPTH and value.startswith("v|"):
            fn = program.functions.get(value.split("|", 2)[1])
            if fn is None or _lost(program, fn.locals.get(value.split("|", 2)[2], V.UNKNOWN_SET),
                                   depth + 1, seen):
                return True
        elif depth < _MAX_LOST_DEPTH and op is not None and op[0] in ("iter", "item"):
            elements = _elements(program, op[1], depth + 1, set())
            if elements is None:
                if V.has_unknown(program.expand(frozenset({value}))):
                    return True
            elif _lost(program, elements, depth + 1, seen):
                return True
        elif V.has_unknown(program.expand(frozenset({value}))):
            return True
    return False


def _deferred(program: Program, value: str) -> tuple | None:
    if not value.startswith("e|"):
        return None
    _, owner, index = value.split("|", 2)
    fn = program.functions.get(owner)
    return fn.deferred[int(index)] if fn is not None else None


def _elements(program: Program, raw: Values, depth: int, seen: set[str]) -> Values | None:
    """The element values of the containers `raw` holds, from their displays (`[a, b]`),
    through locals and attributes of workspace objects (every assignment in the class's MRO);
    None when a container is not built by a display the summaries show."""
    out: set[str] = set()
    for value in sorted(raw):
        if value in seen:
            continue
        seen.add(value)
        if depth >= _MAX_LOST_DEPTH:
            return None
        op = _deferred(program, value)
        if value.startswith("v|"):
            fn = program.functions.get(value.split("|", 2)[1])
            inner = _elements(program, fn.locals.get(value.split("|", 2)[2], V.EMPTY), depth + 1,
                              seen) if fn is not None else None
        elif op is not None and op[0] == "container":
            inner = op[1]
        elif op is not None and op[0] == "attr":
            inner = _attribute_elements(program, op[1], op[2], depth + 1, seen)
        else:
            return None
        if inner is None:
            return None
        out |= inner
    return frozenset(out)


def _attribute_elements(program: Program, base: Values, attr: str, depth: int,
                        seen: set[str]) -> Values | None:
    objects = program.expand(base)
    if not objects:
        return None
    out: set[str] = set()
    for value in sorted(objects):
        if not value.startswith("obj:"):
            return None
        assigned = False
        for cls in program.mro(value[4:]):
            if attr in cls.methods or attr in cls.class_attrs:
                return None
            for raw, _method, _line in cls.instance_attrs.get(attr, ()):
                assigned = True
                inner = _elements(program, raw, depth, seen)
                if inner is None:
                    return None
                out |= inner
        if not assigned:
            return None
    return frozenset(out)


def _plain_value(value: str) -> bool:
    """A Python constant, list, tuple, dict or range, a tensor or a NumPy value: its methods
    (`append`, `get`, `numpy`, `astype`) create no Keras weight and run no layer."""
    return value in V.PRIMITIVES or value in (V.NONE, V.LIST, V.EMPTY_LIST, V.RANGE, V.NUMPY,
                                              V.HOLDS_NUMPY) or V.is_tensor(value)


def _library_or_unknown_layer(value: str) -> bool:
    """A Keras layer or model of the library (which may run layers it was given), a list of
    them, another TensorFlow object, or a value of unknown kind."""
    return value in (V.TF_LAYER, V.TF_MODEL, V.TF_OBJECT, V.LIST_OF_LAYERS) or \
        V.is_unknown(value)


def _layer_like(program: Program, value: str, target: str | None = None) -> bool:
    if _library_or_unknown_layer(value):
        return True
    if not value.startswith("obj:"):
        return False
    if target is None:
        return program.is_keras_class(value[4:])
    return any(c.key == target for c in program.mro(value[4:]))


def _inside_default_build(program: Program,
                          containers: Mapping[str, list[tuple[str | None, str, int]]],
                          class_key: str,
                          seen: set[str], maybe: Mapping[tuple[str | None, str, int], str],
                          reach: KerasReach) -> KerasBuild | None:
    """Why an instance of the class may be built (its first `__call__`, with its `build`)
    inside another layer's symbolic run. Keras runs a holder's `call` on symbolic inputs in a
    scratch graph to build it when it has no `build` (and unbuilt sublayers), and when it is
    called on `keras.Input` (a functional model, `keras.Sequential`) unless it computes its
    output from shapes; a layer first called there is built there, and its traced `call`
    leaves its weights without gradients, even with a `build` of its own (measured: a holder
    with a `build` that does not build the layer, inside `keras.Sequential`, trained with `fit`
    or an eager tape, left its weight at its initial value). So every holder whose `call` may
    call an instance first must build it first, in its own `build` (`self.inner.build(shape)`),
    or never run `call` symbolically (_never_symbolic), at any depth (the holder's own holders
    in turn). A holder whose `call` is Keras' own (a functional model subclass, whose layers
    were built while it was constructed; a library base) is not one of these."""
    if class_key in seen:
        return None
    seen.add(class_key)
    for owner, file, line in containers.get(class_key, ()):
        if owner is None:
            return KerasBuild(False, "a workspace Keras class receives layers in a list or "
                              f"value of unknown kind (line {line}), which may hold it: "
                              "unknown whether Keras builds it inside another layer's "
                              "automatic build; hybridize the step that calls it", line, file)
        if reach.built_at_construction(owner):
            continue  # its eager call in `__init__` builds every layer its `call` calls
        first = _first_call_in(program, owner, class_key, reach)
        if first is None and not _may_run(program, owner, class_key, reach):
            continue  # nothing it runs calls or builds an instance: no path through its holders
        if first is None or _never_symbolic(program, owner):
            outer = _inside_default_build(program, containers, owner, seen, maybe, reach)
            if outer is None:
                continue
            return outer
        name = program.classes[owner].name if owner in program.classes else owner
        where, site = first
        if maybe.get((owner, file, line)):
            return KerasBuild(False, f"`{name}.call` calls `{maybe[(owner, file, line)]}` (line "
                              f"{line}), a value of unknown kind that may be an instance of "
                              "it: when Keras runs that `call` on symbolic inputs (a functional "
                              "model, keras.Sequential, a build by a scratch run), the instance "
                              "would be built there and its traced `call` would leave its "
                              "weights without gradients; hybridize the step that calls the "
                              "model", line, file)
        if _builds_outside_call(program, owner):
            return KerasBuild(False, f"`{name}.call` may call it first (`{site.text}`, line "
                              f"{site.line}), not built by `{name}.build`: when "
                              f"Keras runs `{name}.call` on symbolic inputs (in a functional "
                              "model or keras.Sequential), it is "
                              "built there and its traced `call` leaves its weights without "
                              f"gradients; build it in `{name}.build`, or hybridize the step",
                              site.line, where)
        if (owner, file, line) in maybe:
            return KerasBuild(False, f"`{name}` receives layers in a list or value of unknown "
                              f"kind (line {line}), which may hold it, and has no `build`: "
                              f"Keras builds `{name}` by running its `call` in a scratch graph, "
                              "which would trace this `call` there and leave its weights "
                              "without gradients; give it a `build`, or hybridize the step",
                              line, file)
        return KerasBuild(False, f"it is a sublayer of `{name}` (line {line}), which has no "
                          f"`build`: Keras builds `{name}` by running its `call` in a scratch "
                          "graph, which traces this `call` there and leaves its weights "
                          "without gradients; give it a `build`, or hybridize the step", line,
                          file)
    return None


def _never_symbolic(program: Program, class_key: str) -> bool:
    """Keras never runs the class's `call` on symbolic inputs: it is built outside `call` (a
    `build` of its own or of a library base, or `self.build(...)` in `__init__`), and called
    on keras.Input (a functional model, keras.Sequential) it computes its output from shapes,
    with a `compute_output_shape` of its own or of a library base (data/keras_layer_shapes.tsv,
    generated: Keras 3 runs `call` in a scratch graph only for a class whose
    `compute_output_shape` is the default), and no `compute_output_spec` of its own. Measured:
    a layer with its own `build`, held by a `Dense` subclass that calls it first in `call`,
    trains the same traced inside keras.Sequential, a functional model, after `fit`."""
    if not _builds_outside_call(program, class_key) or \
            program.find_method(class_key, "compute_output_spec") is not None:
        return False
    shapes = _keras_table("keras_layer_shapes.tsv")
    libraries = program.library_bases(class_key)
    if not libraries <= shapes | _PLAIN_LAYER_BASES:
        return False  # a library base may run `call` to get its output (a Model, ...)
    return program.find_method(class_key, "compute_output_shape") is not None or \
        bool(libraries & shapes)


_PLAIN_LAYER_BASES = frozenset({"tensorflow.keras.layers.Layer", "tensorflow.keras.Layer"})


@lru_cache(maxsize=4)
def _keras_table(name: str) -> frozenset[str]:
    """A generated table of Keras layer classes (tools/generate_keras_shapes.py)."""
    text = resources.files("hybridize.analysis").joinpath("data", name).read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _first_call_in(program: Program, owner: str, class_key: str,
                   reach: KerasReach) -> tuple[str, CallSite] | None:
    """The first call site in the owner's workspace `call` (or a helper it reaches) that may
    call or build an instance of `class_key` before the owner's `build` has built it: the
    called value is such an instance, a library layer or model (which may wrap one), or of
    unknown kind. None when the owner's `call` is Keras' own: a Model subclass without a
    workspace `call` is a functional model (built when constructed, its layers called then,
    on keras.Input) or raises NotImplementedError when called; a library layer's `call`
    calls the layers given to it only after its own `build` built them
    (data/keras_layer_builds.tsv)."""
    call = program.find_method(owner, "call")
    if call is None or call not in program.functions:
        return None
    build = program.find_method(owner, "build")
    built: set[str] = set()
    if build is not None and build in program.functions:
        built = {site.text.removesuffix(".build") for site in program.functions[build].calls
                 if site.method == "build"}
    return _first_site(program, program.functions[call], lambda p, site: _may_build(
        p, site, class_key, reach) and (_called_object(site) not in built or
                                        _runs_what_it_was_given(p, site, reach)))


def _runs_what_it_was_given(program: Program, site: CallSite, reach: KerasReach) -> bool:
    """The called object may be a library layer that runs a layer it was given (`Dense(4,
    activation=Scale())`, `TimeDistributed(layer)`), or of unknown kind: building it (in the
    owner's `build`) does not build what it runs (Keras 3.15 `Dense.build` makes the kernel
    and bias only; measured: a `Scale` given as a Dense's activation, that Dense built in its
    holder's `build`, was first called in the holder's symbolic run, and the decorated
    `Scale.call` lost its gradients; tests/fixtures/lost_layers/activations/activations.py).
    Not when every assignment of the attribute constructs a library layer that calls nothing
    it was given (`keras_reach.plain_attribute`)."""
    if site.method is None:
        called = _callee_values(program, site)
    else:
        receiver = program.expand(site.receiver or V.EMPTY)
        if site.method in ("__call__", "call"):  # `self.dense.__call__(x)`: the receiver runs
            return any(_library_or_unknown_layer(v) for v in receiver or V.UNKNOWN_SET)
        if site.method in _BUILDING_METHODS:
            return False  # `self.dense.build(...)`: builds, runs nothing
        if reach.plain_attribute(receiver, site.method):
            return False
        called = program.attribute(receiver, site.method) if receiver else V.UNKNOWN_SET
    return any(_library_or_unknown_layer(v) for v in called)


# The owner's methods that Keras runs when it calls or builds the owner.
_RUN_BY_KERAS = ("call", "build", "compute_output_shape", "compute_output_spec")


def _may_run(program: Program, owner: str, class_key: str, reach: KerasReach) -> bool:
    """Whether anything Keras runs of `owner` (its workspace `call`, `build`,
    `compute_output_shape`, `compute_output_spec`, and the workspace functions they reach)
    may call or build an instance of `class_key` (`_may_build`, `build` calls included). When
    not, running the owner, symbolically or not, inside another layer's symbolic run or not,
    never calls an instance first, and its own holders need not be asked about it. An owner
    whose `call` is Keras' own (a functional model: its layers are called when it is
    constructed) may run any."""
    if program.find_method(owner, "call") is None or not reach.no_regularizer(owner):
        return True
    for name in _RUN_BY_KERAS:
        method = program.find_method(owner, name)
        fn = program.functions.get(method) if method else None
        if method is not None and fn is None:
            return True
        if fn is not None and _first_site(program, fn, lambda p, site: _may_build(
                p, site, class_key, reach)) is not None:
            return True
    return False


def _builds_outside_call(program: Program, class_key: str) -> bool:
    if program.find_method(class_key, "build") is not None:
        return True
    # A library base with a build of its own (keras.layers.MultiHeadAttention, Dense: the
    # generated table data/keras_layer_builds.tsv): Keras builds the class with it.
    if not program.library_bases(class_key).isdisjoint(tfapi.keras_layer_builds()):
        return True
    init = program.find_method(class_key, "__init__")
    init_fn = program.functions.get(init) if init else None
    if init_fn is None:
        return False
    this = init_fn.params[0] if init_fn.params else "self"
    return any(site.method == "build" and site.receiver_root == f"p:{this}"
               for site in init_fn.calls)


def keras_containers(program: Program
                     ) -> tuple[Containers, set[str], dict[tuple[str | None, str, int], str]]:
    """For each workspace Keras layer class, the Keras classes that may hold its instances:
    created in one of their methods, passed to their constructor, or called (its `call`
    reached) from their `call`; and, when a workspace Keras constructor is given a list or a
    value of unknown kind, the class constructed there, for every layer class (it may hold any
    layer: checked like a known holder, its own holders in turn). The third set names those
    possible holders (class, file, line), for the wording.

    Each function's share (`_containers_share`) is memoized by the program with the tokens it
    read (`Program.derived`), which the language server's incremental run keeps across edits,
    dropping the shares that read what changed (incremental.cut_off): about 450 CPU ms per
    facts build on 253 KLOC when computed for every function. The shares are merged in the
    order of the function keys, as one scan of every function did."""
    out: Containers = {}
    created_anywhere: set[str] = set()
    opaque: list[tuple[str | None, str, int]] = []
    program.prune_lazy()  # the kept shares that read what changed since
    share = functools.partial(_containers_share, program)
    for key in sorted(program.functions):
        if not program.functions[key].calls:
            continue
        held, created, unknown, _ = program.derived("kc", key, share, compact=True)
        for cls, holder in held:
            out.setdefault(cls, []).append(holder)
        created_anywhere.update(created)
        opaque.extend(unknown)
    first: dict[str | None, tuple[str | None, str, int]] = {}
    for entry in opaque:
        first.setdefault(entry[0], entry)
    maybe = {first[k]: "" for k in sorted(first, key=lambda k: k or "")}
    for owner, file, line, text in _unknown_callers(program):
        maybe.setdefault((owner, file, line), text)
    if maybe:
        holders = list(maybe)
        for cls in [k for k in program.classes if program.is_keras_layer(k)]:
            out.setdefault(cls, []).extend(holders)
    return out, created_anywhere, maybe


def _unknown_callers(program: Program) -> list[tuple[str, str, int, str]]:
    """(class, file, line, callee text) for each workspace Keras class whose `call`, or a
    function it reaches, calls a value of unknown kind (`_calls_unknown`): a layer the value
    flow lost on its way (kept in a dict and read back with `.get`, given as an argument by
    code the analysis does not follow, deserialized from a config) may be called there first,
    in the class's symbolic run. Such a class may hold any layer, as a constructor given a
    value of unknown kind may (measured, TF 2.21 / Keras 3.15: a `Scale` layer with its own
    `build`, read back from a dict and given to `Apply.call` in a functional model on
    keras.Input, decorated: every gradient None; tests/fixtures/lost_layers/lost/lost.py).
    Computed outside the per-function memo: `_first_site` follows bindings, which the memo's
    tokens do not note."""
    out: list[tuple[str, str, int, str]] = []
    for method, users in sorted(call_users(program).items()):
        fn = program.functions.get(method)
        if fn is None:
            continue
        found = _first_site(program, fn, _calls_unknown, with_function=True)
        if found is not None:
            file, site = found
            out += [(user, file, site.line, site.text) for user in users]
    return out


def _calls_unknown(program: Program, fn: FunctionSummary, site: CallSite) -> bool:
    """The call runs a value of unknown kind: the called value, or the receiver of a method
    that is not a Python, tensor or NumPy value's own (`x.numpy()`), may be anything. An
    element taken out of a list, tuple or dict (`for stage in self.stages: stage(x)`) is
    looked up in the displays that build it (`_elements`): the value flow keeps only "a
    container" for a list that mixes layers and functions, and its elements are unknown."""
    if site.method is None:
        return V.has_unknown(_callee_values(program, site)) and \
            _lost(program, site.callee, 0, set())
    receiver = program.expand(site.receiver or V.EMPTY) - {V.NONE}
    if receiver and all(v.startswith("sup:") for v in receiver):
        # A library base's method run on `self` (`super().call(...)`; a workspace base's is
        # bound): it calls what the constructor was given, which the constructions' own check
        # covers (`_containers_share`), or what the workspace stored on `self`.
        return _holds_unknown(program, fn.class_key)
    if not receiver or V.has_unknown(receiver):
        return True
    if site.method in _CALLING_METHODS:
        return True
    if all(_plain_value(v) for v in receiver):
        return False
    return V.has_unknown(program.attribute(receiver, site.method))


_NO_SHARE: tuple[tuple, tuple, tuple, tuple] = ((), (), (), ())


def _containers_share(program: Program, key: str
                      ) -> tuple[tuple[tuple[str, tuple[str | None, str, int]], ...],
                                 tuple[str, ...], tuple[tuple[str | None, str, int], ...],
                                 tuple[str, ...]]:
    """One function's part of keras_containers: (layer class, its holder entry) in the order
    its call sites give them, the layer classes it creates, the possible holders of any layer
    it makes; and every workspace class it constructs (`constructors`). Reads the function's
    summary and its module (noted: `s|F`, `n|M`, for the memo's tokens) and the program
    through expansions and MROs (which note what they read)."""
    fn = program.functions[key]
    program.note(f"s|{key}")
    program.note(f"n|{fn.module}")  # its file, its lines (a summary that only moved)
    file = program.file_of.get(key, "")
    owner = fn.class_key if fn.class_key and program.is_keras_layer(fn.class_key) else None
    held: list[tuple[str, tuple[str | None, str, int]]] = []
    created_anywhere: list[str] = []
    opaque: list[tuple[str | None, str, int]] = []
    constructed: set[str] = set()
    for site in fn.calls:
        if site.method is not None:
            continue
        made = program.expand(site.callee)
        constructed.update(v[4:] for v in made if v.startswith("cls:"))
        created = [v[4:] for v in made if v.startswith("cls:") and program.is_keras_layer(v[4:])]
        if not created:
            continue
        # `cls(**config)` in the class's own from_config says nothing about who holds it.
        own = {c.key for c in program.mro(fn.class_key)} if fn.class_key else set()
        created_anywhere.extend(c for c in created if c not in own)
        if owner is not None:
            for cls in created:
                held.append((cls, (owner, file, site.line)))
        for values in [*site.args, *site.kwargs.values()]:
            for value in program.expand(values):
                if value.startswith("obj:"):
                    for cls in created:
                        held.append((value[4:], (cls, file, site.line)))
                elif value in (V.LIST, V.EMPTY_LIST) or V.is_unknown(value):
                    # A list of library layers (listL) cannot hold a workspace one. The
                    # classes constructed here may hold any layer: each is a possible
                    # container of every workspace layer (checked like a known one), unless
                    # what it is given goes to a Keras constructor that keeps nothing its
                    # `call` calls (_plain_constructor).
                    opaque.extend((cls, file, site.line) for cls in created
                                  if not _plain_constructor(program, cls) or
                                  site.starred or passes_regularizer(program, site))
        if site.starred:
            # `Cls(**config)`: the starred mapping's values are not recorded: values of
            # unknown kind under any keyword (an activity_regularizer among them).
            opaque.extend((cls, file, site.line) for cls in created)
    if not (held or created_anywhere or opaque or constructed):
        return _NO_SHARE
    return tuple(held), tuple(sorted(set(created_anywhere))), tuple(opaque), \
        tuple(sorted(constructed))


def constructors(program: Program) -> dict[str, set[str]]:
    """Workspace class -> the functions that construct it (`Actor(...)` resolved to it), from
    the functions' kept shares (`_containers_share`, as keras_containers reads them): a scan
    of every call site of the workspace, expanding each callee, was about 200 ms of each
    language-server edit while a Keras model file was open (KerasReach.creators)."""
    program.prune_lazy()  # the kept shares that read what changed since
    share = functools.partial(_containers_share, program)
    found: dict[str, set[str]] = {}
    for key in sorted(program.functions):
        if not program.functions[key].calls:
            continue
        for cls in program.derived("kc", key, share, compact=True)[3]:
            found.setdefault(cls, set()).add(key)
    return found


def _plain_constructor(program: Program, class_key: str) -> bool:
    """Keras' own constructor takes every argument of the class (no workspace `__init__` in
    its bases) and keeps none that its `call` calls: each library base is `keras.layers.Layer`
    or a layer whose constructor has no layer, cell, function or activation parameter
    (data/keras_layer_plain_args.tsv, generated from Keras 3.15 by
    tools/generate_keras_shapes.py; keras-hub's CachedMultiHeadAttention, a
    MultiHeadAttention given initializers of unknown kind)."""
    if program.find_method(class_key, "__init__") is not None:
        return False
    libraries = program.library_bases(class_key)
    return bool(libraries) and libraries <= _keras_table("keras_layer_plain_args.tsv") | \
        _PLAIN_LAYER_BASES


def _reached_from_calls(program: Program) -> Containers:
    out: Containers = {}
    for key, fn in sorted(program.functions.items()):
        if fn.name != "call" or fn.class_key is None or not program.is_keras_layer(fn.class_key):
            continue
        for callee, entry in _walk_from(program, key).items():
            out.setdefault(callee, []).append(entry)
    return out


def _walk_from(program: Program, key: str, through_calls: bool = False
               ) -> dict[str, tuple[str | None, str, int]]:
    """The functions `key` runs (at most _MAX_CALLEES, in the order of a depth-first walk),
    each with (its class, its file, the line of `key` that leads there). From a Keras `call`,
    the walk does not go on through another layer's `call` (that class's own containers are
    checked in turn) unless `through_calls`."""
    fn = program.functions[key]
    out: dict[str, tuple[str | None, str, int]] = {}
    seen = {key}
    stack = [(b.callee, b.site.line) for b in _bindings(program, key)]
    while stack and len(seen) < _MAX_CALLEES:
        callee, line = stack.pop()
        if callee in seen or callee not in program.functions:
            continue
        seen.add(callee)
        out[callee] = (fn.class_key, program.file_of.get(key, ""), line)
        inner = program.functions[callee]
        if not through_calls and inner.name == "call" and inner.class_key and \
                program.is_keras_layer(inner.class_key):
            continue
        stack.extend((b.callee, line) for b in _bindings(program, callee))
    return out


def _bindings(program: Program, key: str) -> list:
    info = program.info.get(key)
    return list(info.bindings) if info else []
