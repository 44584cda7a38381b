"""Keras' call context: a layer called without `training=` inside a traced function.

When Keras runs a layer's `call` it keeps a call context, and a layer called inside without
an explicit `training` argument takes the context's flag (a `Dropout` drops only when the
outer call runs with `training=True`). A `tf.function` is keyed by its own arguments only: the
flag of the context its first trace ran in stays in the graph, and a later call under another
flag reuses that graph. Measured (TF 2.21, Keras 3.15, tests/fixtures/soundness/call_context.py):
a helper `_call_dense(self, x)` that returns `self.dropout(tf.matmul(x, self.kernel))`, called
from `call`, converted, then `layer(x, training=True)` and `layer(x, training=False)`: eagerly
5 and 0 zeros, traced 5 and 5; the same for a `call(self, x)` without a `training` parameter.
A `call` that has the parameter is safe: Keras passes the flag to it, so each flag is its own
trace, and the layers inside read the same flag from the context.

So a function is a *context reader* when one of its calls may run a Keras layer or model whose
output may depend on the flag and passes no `training` keyword (a `**kwargs` may or may not
carry it: counted), or when it calls a context reader (not through a layer's `call`: the call of
the layer is the site that counts). A layer's output may depend on the flag unless it is shown
not to: an attribute holding only constructions of library layers whose `call` does not read
`training` (generated table data/keras_layer_training.tsv lists those that do: Dropout,
BatchNormalization, the random preprocessing layers...), or a workspace Keras class whose `call`
neither takes `training` nor reads the context itself. Values of unknown kind, library layers of
unknown class and models count as reading it (default-deny). It matters for
a Keras layer's `call` without a `training` parameter and for every function a Keras `call`
reaches (keras_build.KerasBuilds.reached); elsewhere no call context is open (a training step
that calls `model(x)` runs it with the layers' defaults, eagerly as traced).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.implicit_calls import IMPLICIT
from hybridize.analysis.keras_reach import KerasReach, called_params
from hybridize.analysis.program import Program
from hybridize.analysis.summary_model import ESCAPED, CallSite, FunctionSummary

_NOT_LAYER_METHODS = frozenset({"__init__", "build", "add_weight", "add_variable", "get_config",
                                "compute_output_shape", "count_params", "get_weights"})
ALWAYS = "always"  # a site that may run a layer reading the flag, whatever the workspace does


@lru_cache(maxsize=1)
def training_layers() -> frozenset[str]:
    """Library layer classes whose `call` reads `training` (data/keras_layer_training.tsv)."""
    return frozenset(row[0] for row in tfapi._rows("keras_layer_training.tsv"))


class CallContext:
    """The context readers of one program (module docstring), computed on demand.

    Being a reader is a least fixed point over the call graph: a function reads the context
    when one of its own sites does (`_site` ALWAYS), or when a callee that is not a layer's
    `call`, or the `call` of a workspace class one of its sites may run, reads it. Which
    reason a reader is given depends on the order in which the whole program's fixed point is
    reached (`_simulate`). That order, restricted to a set of functions closed under what
    decides them (their callees, the `call` their sites may run; a function with a reading
    site of its own depends on nothing), gives every function of the set the same answer and
    the same reason as over the whole program: what lies outside only ever marks functions
    outside. So a question about one function is answered from its closure: the language
    server asks about the functions of the open files, whose closures are a few functions,
    where the whole program's took about 2 s of each edit on 250 KLOC (75,000 sites
    classified). Over a whole-program run the closures grow: once the sizes simulated add up
    to the number of functions, the whole program is simulated once (so at most about twice
    the work of doing that from the start)."""

    def __init__(self, program: Program, callers: Mapping[str, list[tuple[str, int]]],
                 may_run_in_call: Callable[[str], bool], reach: KerasReach) -> None:
        self.p = program
        self.callers = callers
        self.may_run_in_call = may_run_in_call
        self.reach = reach
        # Per function: the first site that reads the context whatever the workspace does
        # (line, reason), or the sites whose workspace classes decide it, and the functions
        # that decide it (`_decided_by`).
        self._sites: dict[str, tuple[tuple[int, str] | None,
                                     list[tuple[CallSite, frozenset[str]]]]] = {}
        self._deciders: dict[str, list[str]] = {}
        self._class_call: dict[str, str | None] = {}
        self._scope: set[str] = set()  # closed under `_deciders`; answered in `_readers`
        self._readers: dict[str, tuple[int, str]] = {}
        self._simulated = 0  # functions simulated so far, all simulations together

    def hazard(self, fn: FunctionSummary) -> tuple[int, str] | None:
        """(line, reason) when converting `fn` would freeze the training flag of its first
        trace; None otherwise."""
        if self.is_layer_call(fn):
            if "training" in fn.params:
                return None
        elif not self.may_run_in_call(fn.key):
            return None
        return self.reader(fn.key)

    def is_layer_call(self, fn: FunctionSummary) -> bool:
        return fn.name == "call" and fn.class_key is not None and \
            self.p.is_keras_layer(fn.class_key)

    def reader(self, key: str) -> tuple[int, str] | None:
        """(line, reason) when the function `key` reads the context; None otherwise."""
        if key not in self._scope:
            self._widen([key])
        return self._readers.get(key)

    @property
    def readers(self) -> dict[str, tuple[int, str]]:
        """Every context reader of the program (the whole program's fixed point)."""
        self._widen(sorted(self.p.functions), everything=True)
        return self._readers

    def _widen(self, start: list[str], everything: bool = False) -> None:
        """Add the closure of `start` to the scope and simulate the scope again."""
        scope = self._closure(start, self._scope)
        if not everything and self._simulated + len(scope) > len(self.p.functions):
            scope = self._closure(sorted(self.p.functions), scope)
        if len(scope) == len(self._scope):
            return
        self._scope = scope
        self._simulated += len(scope)
        self._readers = self._simulate(scope)

    def _closure(self, start: list[str], known: set[str]) -> set[str]:
        scope = set(known)
        stack = [key for key in start if key not in scope]
        scope.update(stack)
        while stack:
            for key in self._decided_by(stack.pop()):
                if key not in scope:
                    scope.add(key)
                    stack.append(key)
        return scope

    def _decided_by(self, key: str) -> list[str]:
        """The functions whose being readers may make `key` one: none when a site of its own
        reads the context; else its callees that are not a layer's `call` (`_close`) and the
        `call` methods that decide its sites' workspace classes (`_class_reads`)."""
        if key in self._deciders:
            return self._deciders[key]
        first, pending = self._classified(key)
        out: set[str] = set()
        if first is None:
            info = self.p.info.get(key)
            for binding in info.bindings if info is not None else ():
                callee = self.p.functions.get(binding.callee)
                if callee is not None and not self.is_layer_call(callee):
                    out.add(binding.callee)
            for _site, classes in pending:
                for cls in classes:
                    call = self._deciding_call(cls)
                    if call is not None:
                        out.add(call)
        self._deciders[key] = found = sorted(out)
        return found

    def _classified(self, key: str) -> tuple[tuple[int, str] | None,
                                             list[tuple[CallSite, frozenset[str]]]]:
        """The first of the function's sites that reads the context whatever the workspace
        does, and its sites before that one whose workspace classes decide it."""
        if key in self._sites:
            return self._sites[key]
        first = None
        pending: list[tuple[CallSite, frozenset[str]]] = []
        fn = self.p.functions.get(key)
        for site in sorted(fn.calls, key=lambda s: (s.line, s.col)) if fn is not None else ():
            found = self._site(site)
            if found == ALWAYS:
                first = (site.line, _words(site))
                break  # a reader from the start: what its other sites run never counts
            if found:
                pending.append((site, found))
        self._sites[key] = result = (first, pending)
        return result

    def _deciding_call(self, class_key: str) -> str | None:
        """The `call` function whose being a reader decides whether the workspace Keras class
        reads the context; None when the class reads it anyway (`_class_reads`)."""
        if class_key not in self._class_call:
            found = None
            for cls in self.p.mro(class_key):
                summary = self.p.classes.get(cls.key)
                if summary is not None and "call" in summary.methods:
                    fn = self.p.functions.get(summary.methods["call"])
                    found = None if fn is None or "training" in fn.params else fn.key
                    break
            self._class_call[class_key] = found
        return self._class_call[class_key]

    def _simulate(self, scope: set[str]) -> dict[str, tuple[int, str]]:
        """The whole program's fixed point, in its order, restricted to `scope`."""
        # Each site that may run a layer without `training=`: ALWAYS, or the workspace Keras
        # classes whose `call` decides it (a reader itself, or one taking `training`).
        pending: list[tuple[str, CallSite, frozenset[str]]] = []
        out: dict[str, tuple[int, str]] = {}
        for key in sorted(scope):
            first, sites = self._classified(key)
            if first is not None:
                out[key] = first
            else:
                pending += [(key, site, classes) for site, classes in sites]
        changed = True
        while changed:
            changed = self._close(out, scope)
            for key, site, classes in pending:
                if key not in out and any(self._class_reads(c, out) for c in sorted(classes)):
                    out[key] = (site.line, _words(site))
                    changed = True
        return out

    def _close(self, out: dict[str, tuple[int, str]], scope: set[str]) -> bool:
        """Callers of a reader read it too (not across a layer's `call`: the site that calls
        the layer is a reader itself unless it passes `training`)."""
        stack = sorted(out)
        grew = False
        while stack:
            key = stack.pop()
            fn = self.p.functions.get(key)
            if fn is None or self.is_layer_call(fn):
                continue
            for caller, line in sorted(self.callers.get(key, ())):
                if caller in out or caller not in scope:
                    continue
                out[caller] = (line, f"`{fn.qualname}` (line {line}) runs a Keras layer "
                               "without `training=`")
                stack.append(caller)
                grew = True
        return grew

    def _class_reads(self, class_key: str, out: dict[str, tuple[int, str]]) -> bool:
        """A workspace Keras class whose output may depend on the flag: the `call` it runs
        takes `training`, reads the context, or is Keras' own (a library base's)."""
        call = self._deciding_call(class_key)
        return call is None or call in out

    def _site(self, site: CallSite) -> str | frozenset[str] | None:
        if "training" in site.kwargs or site.static in (IMPLICIT, ESCAPED):
            return None  # an implicit call (a property read) as keras_build's weight draws
        if site.method is None:
            called = self.p.expand(site.callee)
            receiver = None
        else:
            if site.method in _NOT_LAYER_METHODS:
                return None
            receiver = self.p.expand(site.receiver or V.EMPTY)
            if not receiver or self.reach.inert_keras_method(receiver, site.method):
                return None
            if site.method in ("__call__", "call"):
                called = receiver
            else:
                if all(_plain_value(v) for v in receiver):
                    return None  # `outputs.append(y)`, `x.numpy()`
                called = self.p.attribute(receiver, site.method)
        classes: set[str] = set()
        library = False
        for value in called:
            if value.startswith("obj:") and self.p.is_keras_class(value[4:]):
                classes.add(value[4:])
            elif value in (V.TF_LAYER, V.TF_MODEL, V.TF_OBJECT, V.LIST_OF_LAYERS) or \
                    V.is_unknown(value):
                library = True
        if library and not (site.method not in (None, "__call__", "call") and receiver and
                            self._quiet_attribute(receiver, site.method)):
            return ALWAYS
        return frozenset(classes) or None

    def _quiet_attribute(self, receiver: frozenset[str], attr: str) -> bool:
        """Every value of `receiver` is a workspace object whose `attr` holds only
        constructions of library layers whose `call` does not read `training`."""
        for value in sorted(receiver):
            if not value.startswith("obj:"):
                return False
            owners = {c.key for c in self.p.mro(value[4:])} | set(self.reach.subclasses(value[4:]))
            assigned = False
            for owner in sorted(owners):
                cls = self.p.classes.get(owner)
                if cls is None:
                    continue
                if attr in cls.methods or attr in cls.class_attrs:
                    return False
                for raw, _method, _line in cls.instance_attrs.get(attr, ()):
                    assigned = True
                    sites = self.reach.constructions(raw)
                    if sites is None or not all(self._quiet_construction(s) for s in sites):
                        return False
            if not assigned:
                return False
        return True

    def _quiet_construction(self, site: CallSite) -> bool:
        """`site` constructs a library layer whose `call` does not read `training`."""
        made = self.p.expand(site.callee) if site.method is None else \
            self.p.attribute(self.p.expand(site.receiver or V.EMPTY), site.method)
        known = called_params()
        return bool(made) and all(v.startswith("lib:") and v[4:] in known and
                                  v[4:] not in training_layers() for v in made)


def _words(site: CallSite) -> str:
    return f"`{site.text}(...)` (line {site.line}) runs a Keras layer without `training=`"


def _plain_value(value: str) -> bool:
    return value in V.PRIMITIVES or value in (V.NONE, V.LIST, V.EMPTY_LIST, V.RANGE, V.NUMPY) \
        or V.is_tensor(value)
