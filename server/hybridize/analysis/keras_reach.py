"""Which values can reach what a Keras holder calls, and layers built when they are constructed.

keras_build.py asks, for a workspace layer L and a class H that may hold it, whether H's `call`
may run an instance of L first (in a symbolic run that would build L without gradients). A call
of a library layer used to count as "may wrap one": a `keras.layers.TimeDistributed(L())` runs L.
This module narrows that by where the attribute's values come from (issue 12):

- `plain_attribute`: `self.resize(x)` where every assignment of `resize` in the class, its bases
  and its subclasses is a construction of a Keras layer that calls nothing it was given: a class
  of data/keras_layer_called_params.tsv (generated from Keras 3.15: not a Wrapper, RNN or Model)
  given none of the parameters its `call` calls (`activation`, ...), or only a string, a number,
  a bool or None there (`Dense(units, activation="relu")`: Keras resolves the name to one of its
  own functions). Such a layer runs no workspace layer, whatever the other arguments are (a value
  of unknown kind passed as `units` or `height` cannot make `Dense` call it).
- `inert_keras_method`: `self.add_metric(value)`, one of Keras' own layer methods that run no
  layer (data/keras_layer_inert_methods.tsv, written by hand), not redefined in the workspace.
- `built_at_construction`: the class's `__init__` calls the layer itself on tensors
  (`self(tf.constant(np.zeros((1,) + state_shape)))`, as tf2rl's networks do), and its `call`
  (with the helpers it reaches) runs straight through, with no `if`, loop or conditional
  expression: while `call` stays eager, that call builds every layer `call` calls before any
  holder runs it, so no holder is the first to call it. It does NOT make `call` (or a helper
  it reaches) safe to convert: converted, the call in `__init__` is traced, the sublayers make
  their weights while it traces, and a later call with the same signature reuses that trace
  and gets no gradients (measured, TF 2.21 / Keras 3.15: tests/fixtures/soundness/self_built.py;
  with a batch of another shape the gradients were right, which is why the harness cases with
  batches of 2 to 5 showed no difference at first).

Attributes assigned outside the class's own methods (`holder.resize = ...` elsewhere, a computed
`setattr`) are not seen here, as the value flow does not see them (Program.instance_attribute).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.implicit_calls import IMPLICIT
from hybridize.analysis.program import Program
from hybridize.analysis.summary_model import ESCAPED, CallSite, FunctionSummary, Values

# Values a Keras constructor's activation (or other called parameter) may be given without
# running anything of the workspace: Keras resolves a name to its own function; None: none.
_INERT = frozenset({"str", "none", "bool", "int", "float"})
_MAX_DEPTH = 8  # locals followed from an attribute's assignment to the construction
_BRANCHES = ("if", "while", "for", "ifexp", "comp-if", "comp-for", "boolop")
_REGULARIZER = "activity_regularizer"
_DICT_WRITES = frozenset({"update", "setdefault", "__setitem__", "__ior__"})


@lru_cache(maxsize=1)
def called_params() -> dict[str, tuple[tuple[str, ...], frozenset[str]]]:
    """Keras layer class -> (constructor parameters in positional order, those `call` calls)."""
    text = resources.files("hybridize.analysis").joinpath(
        "data", "keras_layer_called_params.tsv").read_text("utf-8")
    out: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, positional, called = (line.split("\t") + ["", ""])[:3]
        out[name] = (tuple(p for p in positional.split(",") if p),
                     frozenset(p for p in called.split(",") if p))
    return out


def passes_regularizer(program: Program, site: CallSite) -> bool:
    """The call passes an `activity_regularizer` other than None. Keras' own `Layer.__call__`
    calls the one given to `Layer.__init__` (any callable: `regularizers.get` keeps a layer
    too) on every output tensor, after `call` (Keras 3.15 layer.py)."""
    values = site.kwargs.get(_REGULARIZER)
    return values is not None and not program.expand(values) <= {V.NONE}


@lru_cache(maxsize=1)
def _inert_methods() -> frozenset[str]:
    text = resources.files("hybridize.analysis").joinpath(
        "data", "keras_layer_inert_methods.tsv").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _first_branch(fn: FunctionSummary) -> int:
    """The line of the function's first `if`, loop, conditional expression or comprehension
    condition (its value uses and the implicit calls of its constructs say where)."""
    return min([line for use, _values, line, _detail in fn.value_uses if use in _BRANCHES] +
               [site.line for site in fn.calls if site.method and
                site.method.startswith("special:") and
                set(site.method[8:].split("|")) & set(_BRANCHES)], default=1 << 30)


STATELESS = "stateless"  # plain_construction's mode: no class that reads `training`


@lru_cache(maxsize=1)
def _training_layers() -> frozenset[str]:
    """Library layer classes whose `call` reads `training` (data/keras_layer_training.tsv)."""
    return frozenset(row[0] for row in tfapi._rows("keras_layer_training.tsv"))


class KerasReach:
    """Per program (KerasBuilds holds one): answers are cached, the program does not change
    while the facts phase asks."""

    def __init__(self, program: Program, site_builds: Callable[[CallSite], bool],
                 function_builds: Callable[[FunctionSummary], bool],
                 constructors: Callable[[], dict[str, set[str]]] | None = None) -> None:
        """`site_builds`: the call may build a layer's weights; `function_builds`: a call in
        the function or one it reaches may (keras_build.py's `_may_build`, `_first_site`);
        `constructors`: class -> the functions that construct it (keras_build.constructors,
        from kept per-function shares), else found by a scan of every call site."""
        self.p = program
        self.site_builds = site_builds
        self.function_builds = function_builds
        self.constructors = constructors
        self._plain: dict[tuple[str, str, bool], bool] = {}
        self._creators: dict[str, set[str]] | None = None
        # Asked once per call site that may build a layer (1,651 times on 250 KLOC, about two
        # classes): 8% of the facts phase before it was kept.
        self._no_regularizer: dict[str, bool] = {}

    def creators(self, class_key: str) -> set[str]:
        """The functions that construct the class (`Actor(...)` resolved to it)."""
        if self._creators is None and self.constructors is not None:
            self._creators = self.constructors()
        if self._creators is None:
            found: dict[str, set[str]] = {}
            for key, fn in sorted(self.p.functions.items()):
                for site in fn.calls:
                    if site.method is None:
                        for value in self.p.expand(site.callee):
                            if value.startswith("cls:"):
                                found.setdefault(value[4:], set()).add(key)
            self._creators = found
        return self._creators.get(class_key, set())

    def subclasses(self, class_key: str) -> list[str]:
        """The workspace classes whose MRO holds `class_key` (itself first, then the others
        sorted): Program.instances_of."""
        return list(self.p.instances_of(class_key))

    def plain_attribute(self, receiver: Values, attr: str | None,
                        target: str | None = None) -> bool:
        """Every value of `receiver` is a workspace instance whose attribute `attr` holds only
        Keras layers that run nothing they were given (see the module docstring), or, with
        `target` (a workspace Keras class), instances of workspace Keras layer classes other
        than `target` and its subclasses (`other_layer`)."""
        if not receiver or attr is None or attr.startswith(("special:", "get:")):
            return False
        return all(value.startswith("obj:") and self._plain_in(value[4:], attr, False, target)
                   for value in receiver)

    def inert_keras_method(self, receiver: Values, method: str | None) -> bool:
        """Every value of `receiver` is an instance of a workspace Keras class, and `method` is
        one of Keras' own methods that run no layer (data/keras_layer_inert_methods.tsv) that no
        workspace class of its MRO or subclasses defines or assigns (`self.add_metric(...)`)."""
        if not receiver or method is None or method not in _inert_methods():
            return False
        for value in receiver:
            if not value.startswith("obj:") or not self.p.is_keras_class(value[4:]):
                return False
            owners = {c.key for c in self.p.mro(value[4:])} | set(self.subclasses(value[4:]))
            for owner in owners:
                cls = self.p.classes.get(owner)
                if cls is not None and (method in cls.methods or method in cls.instance_attrs
                                        or method in cls.class_attrs):
                    return False
        return True

    def weightless_attribute(self, receiver: Values, attr: str | None) -> bool:
        """`plain_attribute`, and every class constructed there has Keras' default `build`
        (not in data/keras_layer_builds.tsv: `Softmax`, `Dropout`, `Activation`, `Reshape`):
        its first call makes no weight, wherever it runs (a symbolic run included), so it
        cannot leave weights without gradients."""
        if not receiver or attr is None or attr.startswith(("special:", "get:")):
            return False
        return all(value.startswith("obj:") and self._plain_in(value[4:], attr, True)
                   for value in receiver)

    def stateless_attribute(self, receiver: Values, attr: str | None) -> bool:
        """`plain_attribute`, and no class constructed there reads `training`
        (data/keras_layer_training.tsv: Dropout, BatchNormalization, the random preprocessing
        layers, RNNs...): its `call` changes no Keras state (no moving statistics, no
        SeedGenerator) in any mode."""
        if not receiver or attr is None or attr.startswith(("special:", "get:")):
            return False
        return all(value.startswith("obj:") and self._plain_in(value[4:], attr, STATELESS)
                   for value in receiver)

    def _plain_in(self, class_key: str, attr: str, weightless: bool | str = False,
                  target: str | None = None) -> bool:
        key = (class_key, attr, weightless, target)
        if key not in self._plain:
            self._plain[key] = self._compute_plain(class_key, attr, weightless, target)
        return self._plain[key]

    def _compute_plain(self, class_key: str, attr: str, weightless: bool | str = False,
                       target: str | None = None) -> bool:
        owners = {c.key for c in self.p.mro(class_key)} | set(self.subclasses(class_key))
        assigned = False
        for owner in sorted(owners):
            cls = self.p.classes.get(owner)
            if cls is None:
                continue
            if attr in cls.methods:
                return False
            entries = [raw for raw, _method, _line in cls.instance_attrs.get(attr, ())]
            if attr in cls.class_attrs:
                entries.append(cls.class_attrs[attr])
            for raw in entries:
                assigned = True
                if not self._plain_values(raw, 0, weightless, target):
                    return False
        return assigned  # never assigned in the workspace: Keras' own attribute, or unknown

    def _plain_values(self, raw: Values, depth: int, weightless: bool | str = False,
                      target: str | None = None) -> bool:
        sites = self.constructions(raw, depth, _INERT)
        return sites is not None and all(
            self.plain_construction(site, weightless) or
            (target is not None and self.other_layer(site, target)) for site in sites)

    def constructions(self, raw: Values, depth: int = 0,
                      inert: frozenset[str] = frozenset()) -> list[CallSite] | None:
        """The call sites whose results `raw` (an attribute's assigned values) holds, following
        locals; values in `inert` are skipped; None when any other value is there (or the
        chain is deeper than _MAX_DEPTH)."""
        out: list[CallSite] = []
        for value in sorted(raw):
            if value in inert:
                continue
            if depth >= _MAX_DEPTH or not V.is_placeholder(value):
                return None
            kind, owner, name = value.split("|", 2)
            fn = self.p.functions.get(owner)
            if fn is None:
                return None
            if kind == "v":
                inner = self.constructions(fn.locals.get(name, V.UNKNOWN_SET), depth + 1, inert)
                if inner is None:
                    return None
                out += inner
                continue
            if kind != "e":
                return None
            op = fn.deferred[int(name)]
            if op[0] != "call":
                return None
            out.append(fn.calls[op[1]])
        return out

    def plain_construction(self, site: CallSite, weightless: bool | str = False) -> bool:
        """`site` constructs a Keras layer that calls nothing it was given (and, `weightless`,
        that has Keras' default `build`)."""
        if site.method is None:
            made = self.p.expand(site.callee)
        else:
            made = self.p.attribute(self.p.expand(site.receiver or V.EMPTY), site.method)
        table = called_params()
        if not made or not all(v.startswith("lib:") and v[4:] in table for v in made):
            return False
        if weightless == STATELESS:
            if any(v[4:] in _training_layers() for v in made):
                return False
        elif weightless and any(v[4:] in tfapi.keras_layer_builds() for v in made):
            return False
        for value in made:
            positional, called = table[value[4:]]
            # Keras' own Layer.__call__ calls the `activity_regularizer` given to the
            # constructor (any callable, a layer too) on the outputs: a called parameter of
            # every layer (given by keyword; starred arguments may hold it).
            called = called | {"activity_regularizer"}
            if site.starred or len(site.args) > len(positional):
                return False
            given = [(positional[i], a) for i, a in enumerate(site.args)]
            given += list(site.kwargs.items())
            for param, values in given:
                if param in called and not self.p.expand(values) <= _INERT:
                    return False
        return True

    def other_layer(self, site: CallSite, target: str) -> bool:
        """`site` constructs a workspace Keras layer of a class that is not `target` nor one of
        its subclasses (`Resizer(...)`). Calling it runs that class's own `call`: whether that
        `call` runs an instance of `target` first is asked of that class as a holder in turn
        (keras_build.keras_containers lists it: it creates the instance, is given it, or is
        given a value of unknown kind), so the attribute adds no path of its own."""
        if site.method is not None:
            return False
        made = self.p.expand(site.callee)
        return bool(made) and all(
            v.startswith("cls:") and self.p.is_keras_layer(v[4:]) and
            all(c.key != target for c in self.p.mro(v[4:])) for v in made)

    def no_regularizer(self, owner: str) -> bool:
        """No instance of the class is given an activity regularizer that may be a layer
        (`passes_regularizer`): no construction of it passes one or starred arguments, and no
        workspace `__init__` of its MRO passes one, writes into its `**kwargs` (which then
        forwards only what the constructions pass under other keywords) or makes a starred call
        other than a base `__init__`'s."""
        found = self._no_regularizer.get(owner)
        if found is None:
            found = self._no_regularizer[owner] = self._none_passed(owner)
        return found

    def _none_passed(self, owner: str) -> bool:
        for key in sorted(self.creators(owner)):
            for site in self.p.functions[key].calls:
                if site.method is None and f"cls:{owner}" in self.p.expand(site.callee) and (
                        site.starred or passes_regularizer(self.p, site)):
                    return False
        for cls in self.p.mro(owner):
            init = cls.methods.get("__init__")
            fn = self.p.functions.get(init) if init else None
            if fn is None:
                continue
            kwarg = f"p:{fn.kwarg}" if fn.kwarg else None
            for site in fn.calls:
                if passes_regularizer(self.p, site) or (site.starred and (
                        site.method != "__init__" or kwarg is None)) or \
                        (kwarg and site.receiver_root == kwarg and site.method in _DICT_WRITES):
                    return False
            if kwarg and any(e.kind == "write" and e.root == kwarg for e in fn.effects):
                return False
        return True

    def built_at_construction(self, class_key: str) -> bool:
        """The nearest `__init__` calls the layer itself on tensors, and that first run of
        `call` makes every call that may build a layer (`_runs_every_build`)."""
        init = self.p.find_method(class_key, "__init__")
        call = self.p.find_method(class_key, "call")
        init_fn = self.p.functions.get(init) if init else None
        call_fn = self.p.functions.get(call) if call else None
        if init_fn is None or call_fn is None or not init_fn.params:
            return False
        this = f"p|{init_fn.key}|{init_fn.params[0]}"
        first = _first_branch(init_fn)  # a self-call under an `if` may not run
        if not any(site.line < first and self._eager_self_call(site, this)
                   for site in init_fn.calls):
            return False
        return self._runs_every_build(call_fn, {call_fn.key})

    def _eager_self_call(self, site: CallSite, this: str) -> bool:
        if site.method is not None or site.callee != frozenset({this}) or site.starred or \
                not site.args:
            return False
        for values in [*site.args, *site.kwargs.values()]:
            expanded = self.p.expand(values)
            if not expanded or not all(V.is_tensor(v) or v == V.NUMPY for v in expanded):
                return False
        return True

    def _runs_every_build(self, fn: FunctionSummary, seen: set[str]) -> bool:
        """Every call in `fn` (and the workspace functions it calls) that may build a layer
        runs on every run: it comes before the function's first `if`, loop, conditional
        expression or comprehension condition (by line; one on the same line as the branch may
        be inside it), and a workspace function called there does too. After the first branch,
        neither the call nor what it reaches may build anything."""
        first = _first_branch(fn)
        info = self.p.info.get(fn.key)
        bindings = list(info.bindings) if info else []
        for site in fn.calls:
            bound = [b.callee for b in bindings if b.site is site]
            if site.line >= first:
                if site.static not in (IMPLICIT, ESCAPED) and self.site_builds(site):
                    return False
                for callee in bound:
                    inner = self.p.functions.get(callee)
                    if inner is None or self.function_builds(inner):
                        return False
                continue
            for callee in bound:
                if callee in seen:
                    continue
                seen.add(callee)
                inner = self.p.functions.get(callee)
                if inner is None or len(seen) > 50 or not self._runs_every_build(inner, seen):
                    return False
        return True
