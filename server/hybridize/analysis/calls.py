"""Resolving one call site: what the callee is (a workspace function, a class, a Keras model,
a TensorFlow/NumPy/stdlib API, something unknown), which values flow into its parameters, what
the call returns, and what it means for effects, hazards and tensor use.

`CallResolution` is the part of `Program` that does this; it reads the program's state through
`self` (expand, find_method, add_param, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from hybridize.analysis import function_objects, python_builtins, static_values, tfapi
from hybridize.analysis import values as V
from hybridize.analysis.parameter_defaults import left_out
from hybridize.analysis.partials import library_partial
from hybridize.analysis.summary_model import (
    ESCAPED,
    CallSite,
    Compact,
    FunctionSummary,
    Values,
)
from hybridize.analysis.syntax import MODULE_QUALNAME
from hybridize.analysis.tfapi import Api
from hybridize.analysis.tracing_contexts import TRACING_CALLS

if TYPE_CHECKING:
    pass


# What a TensorArray's own methods return: the array itself, written (values.TENSOR_ARRAY).
_TENSOR_ARRAY_UPDATES = frozenset({"write", "scatter", "unstack", "split", "identity"})


@dataclass(slots=True)
class Binding(Compact):
    """One resolved call: caller -> callee, with which caller object each parameter received."""

    callee: str
    site: CallSite
    roots: dict[str, str]  # callee parameter -> caller root ("new", "p:x", "g:...")
    # (slot, callee parameter) for the site's arguments that share an attribute's object
    # (CallSite.passed): whether the callee changes that parameter is facts.passed_to_writers'.
    passed: tuple[tuple[str, str], ...] = ()
    # (callee parameter, kinds) for each argument that may be a Python 0 (CallSite.zeros,
    # _zero_kinds): "i" an int or bool, "f" a float (facts.zero_arguments).
    zeros: tuple[tuple[str, str], ...] = ()


def _zero_kinds(site: CallSite, slot: str, values: Values, given: bool = False) -> str:
    """Which Python 0 the argument `slot` of `site` may be (CallSite.zeros): "i" an int or
    bool, "f" a float, "" none. One the syntax shows may be 0 ("z") is a number whatever
    its values show (a default 0 left by the caller's callers is not among them: session
    31's red team, p135); any other argument but a number written other than 0 ("?") may be
    0 where it holds a Python number; an item or a call's result ("u") also where its values
    are not known (a name's or an attribute's unknown values are taken for a tensor's: a gap)."""
    if f"{slot}z" in site.zeros:
        return "if"
    unknown = f"{slot}u" in site.zeros and V.has_unknown(values) and \
        not any(V.is_tensor(v) for v in values)
    if f"{slot}?" not in site.zeros and f"{slot}u" not in site.zeros and not given:
        return ""
    return ("i" if "int" in values or "bool" in values or unknown else "") + \
        ("f" if "float" in values or unknown else "")


def _slot_param(slot: str, positional: list[str], site: CallSite, params: list[str],
                callee: FunctionSummary) -> str | None:
    """The callee parameter an argument slot of the site binds ("0": the first positional
    argument; a keyword), or None (packed into `*args` or `**kwargs`)."""
    if slot.isdigit():
        return positional[int(slot)] if int(slot) < min(len(positional), len(site.args)) \
            else None
    return slot if slot in params or slot in callee.kwonly else None


@dataclass(frozen=True, slots=True)
class ParamSite(Compact):
    file: str
    line: int
    values: Values
    caller: str


@dataclass(slots=True)
class PassInfo(Compact):
    """What one pass learned about a function's own body (rebuilt each pass). Slots: a
    program of 250 KLOC keeps about 50,000 (one per call site that found something, one per
    function), and an instance dictionary was most of each."""

    bindings: list[Binding] = field(default_factory=list)
    effects: list[tuple[str, str, int, str]] = field(default_factory=list)  # kind, root, line, why
    hazards: list[tuple[str, int, str]] = field(default_factory=list)
    tensor_ops: list[tuple[int, str]] = field(default_factory=list)
    traced: list[tuple[str, int]] = field(default_factory=list)  # (function, line) tf.data traces
    random_ops: list[tuple[int, str]] = field(default_factory=list)  # (line, op) stateful draws
    # (line, op) TensorFlow state changes: `v.assign_add(1)`, tf.print (FAILED_CALL_STATE)
    state_ops: list[tuple[int, str]] = field(default_factory=list)
    # (kind, target, line, call) calls that take a function or an object as a value
    # (function_objects.object_uses): "by-name" getattr/hasattr, "looks" (inspect, type, repr),
    # "keras" (a Keras constructor holding it as code) with the function's key; "save" with the
    # class key of the object saved as a SavedModel ("" for any). Found while the call is
    # evaluated, so that the facts phase reads them per function from the CallIndex.
    object_uses: list[tuple[str, str, int, str]] = field(default_factory=list)


# Methods of a Keras class that its inherited methods do not call back while computing
# (constructors; serialization, which `save` calls, is an effect anyway), or call exactly once
# per object, at its first use, eagerly as traced (`build`: Keras builds an optimizer or a
# metric once, guarded by `built`, so what it does happens once either way).
NOT_CALLED_BACK = frozenset({"__init__", "__new__", "__post_init__", "get_config",
                             "from_config", "build"})
# Hooks that Keras calls with tensors only: an optimizer's update for one variable (Keras 3
# `update_step(gradient, variable, learning_rate)`, Keras 2 `update_step(grad, variable)` and
# `_resource_apply_dense/sparse(grad, var[, indices])`).
TENSOR_HOOKS = frozenset({"update_step", "_resource_apply_dense", "_resource_apply_sparse"})
# Keras objects that make variables or draw seeds when made or first used (measured, Keras
# 3.15: `Dense(2)(x)` in a tf.function raised ValueError on every call; a GlorotUniform()
# made per call drew new values each eager call and the same ones on each graph call).
KERAS_STATEFUL = {"layers": "layer", "models": "model", "metrics": "metric",
                  "optimizers": "optimizer", "initializers": "initializer"}
# What tf.print, tf.group, tf.no_op, tf.Assert and tf.debugging.assert_* return: None eagerly,
# an Operation in a graph, which a tf.function cannot return (tfapi.returns_operation).
OPERATION = "tfo:operation"
STRATEGY_RUN = "<strategy.run>"  # the method of a binding made by strategy.run(fn, args=...)


class CallResolution:
    """Call resolution for `Program` (a mixin: see the module docstring)."""

    def bind(self, caller: FunctionSummary, site: CallSite, callee_key: str, offset: int,
             self_root: str | None, info: PassInfo, converts_arrays: bool = False) -> Values:
        """`converts_arrays`: the call goes through Keras' `Layer.__call__`, which converts NumPy
        arguments to tensors before `call` runs (measured: semantics/arrays.py)."""
        # The same binding again in one site's evaluation (`self.m(x)` on every class derived
        # from the method's: each resolves to the same inherited method) gives the same
        # parameters, roots and result, and its tokens are already in the site's frame: it is
        # made once (tf-models-official: 53,527 bindings, 15,338 distinct).
        memo = self.bound if info is self.bound_info and self.frames and \
            self.frames[-1] is self.bound_frame else None
        if memo is not None:
            once = (callee_key, offset, self_root, converts_arrays, id(site))
            hit = memo.get(once)
            if hit is not None:
                return hit
        # What follows reads the callee's summary (its parameters, defaults, returns): a
        # change to it must evaluate this site again (an incremental run follows tokens; a
        # `return Plain` that became `return Holder` gave no other token to follow).
        self.note(f"s|{callee_key}")
        callee = self.functions.get(callee_key)
        if callee is None:
            return V.UNKNOWN_SET
        params = callee.params
        roots: dict[str, str] = {}
        if offset and params and self_root is not None:
            roots[params[0]] = self_root
        positional = params[offset:]
        if any(h.code == "UNDETERMINABLE_DECORATOR" for h in callee.hazards):
            # A decorator the engine does not model: the call runs its wrapper, which may hand
            # the function other arguments (`kw["training"] = tensor`; a red team of session
            # 21): what the call writes is not what the parameters receive.
            for name in [*positional, *callee.kwonly,
                         *(p for p in (callee.vararg, callee.kwarg) if p)]:
                self.add_param(callee_key, name, V.UNKNOWN_SET, site, caller)
            if callee.kwarg:  # under any name, for a forwarding call in it (CallSite.forwards)
                self.add_param(callee_key, V.keyed(callee.kwarg, "*"), V.UNKNOWN_SET, site,
                               caller)
        zeros: list[tuple[str, str]] = []
        for i, values in enumerate(site.args):
            expanded = _as_tensors(self.expand(values)) if converts_arrays else \
                self.expand(values)
            if i < len(positional):
                self.add_param(callee_key, positional[i], expanded, site, caller)
                roots[positional[i]] = site.arg_roots[i]
                if (kinds := _zero_kinds(site, str(i), expanded)):
                    zeros.append((positional[i], kinds))
            elif callee.vararg:
                self.add_param(callee_key, callee.vararg, expanded, site, caller)
                roots[callee.vararg] = site.arg_roots[i]
                # Packed into `*args`, a function is one of a tuple's elements, of unknown
                # kind where they are called (`fs[0](x, t)`; a red team of session 24).
                self.escape_functions(caller, site, expanded, info,
                                      f"packs it into *{callee.vararg} of {callee.name}")
        for name, values in site.kwargs.items():
            expanded = _as_tensors(self.expand(values)) if converts_arrays else \
                self.expand(values)
            target = name if (name in params or name in callee.kwonly) else callee.kwarg
            if target:
                self.add_param(callee_key, target, expanded, site, caller)
                roots[target] = site.kwarg_roots[name]
                if target == name and (kinds := _zero_kinds(site, name, expanded)):
                    zeros.append((name, kinds))
                if target != name:  # what the callee's `**kwargs` holds under this name
                    self.add_keyed(callee_key, target, name, expanded, site, caller)
                    self.escape_functions(caller, site, expanded, info,
                                          f"packs it into **{target} of {callee.name}")
        forwarded = site.forwards if site.forwards and site.forwards == caller.kwarg else ""
        left_constants: list[tuple[str, Values]] = []
        if site.starred and not forwarded:
            # `mse(**batch)` of a dict holding an array: a parameter it fills may get one
            unpacked = self.expand(site.unpacked) if site.unpacked else V.EMPTY
            filled = V.UNKNOWN_SET | {V.NUMPY} if \
                V.NUMPY in unpacked or V.HOLDS_NUMPY in unpacked else V.UNKNOWN_SET
            for name in positional[len(site.args):] + callee.kwonly:
                if name not in site.kwargs:
                    self.add_param(callee_key, name, filled, site, caller)
                    roots.setdefault(name, "?")
                    # `f(x, **{"w": 0})`: what the display shows (bodies.zero_arguments)
                    if (kinds := _zero_kinds(site, name, V.UNKNOWN_SET)):
                        zeros.append((name, kinds))
            if callee.kwarg:  # `f(x, **options)`: f's own `**kwargs` holds what `options` holds
                self.add_param(callee_key, callee.kwarg, V.UNKNOWN_SET, site, caller)
                self.add_param(callee_key, V.keyed(callee.kwarg, "*"), V.UNKNOWN_SET, site,
                               caller)
        else:
            for name in positional[len(site.args):] + callee.kwonly:
                if name in site.kwargs:
                    continue
                if forwarded:
                    # `apply(x, **kwargs)`, the caller's own `**kwargs` only forwarded: what its
                    # callers passed under this name, or under names no call site shows.
                    given = self.expand(frozenset({
                        f"p|{caller.key}|{V.keyed(forwarded, name)}",
                        f"p|{caller.key}|{V.keyed(forwarded, '*')}"}))
                    if given:
                        self.add_param(callee_key, name, given, site, caller)
                        roots.setdefault(name, "?")
                        if (kinds := _zero_kinds(site, "", given, True)):
                            zeros.append((name, kinds))  # (`outer(f, w=0)`: p79)
                if name in callee.defaults:  # forwarded: a call may leave the name out too
                    # Left out: the parameter holds its default (`log_fn=print`, a tensor, a
                    # list shared by every call); a Python constant adds nothing to its values.
                    default = self.expand(callee.defaults[name])
                    held = left_out(default)  # parameter_defaults.py
                    if held:
                        self.add_param(callee_key, name, held, site, caller)
                    if default & V.PRIMITIVES:
                        left_constants.append((name, default & V.PRIMITIVES))
            if forwarded and callee.kwarg:
                # The callee's own `**kwargs` gets the forwarded dict, name by name (the names
                # its callers passed, `#`), less those the callee takes itself; and what came
                # under names no call site shows.
                taken = set(params) | set(callee.kwonly) | set(site.kwargs)
                names = self.expand(frozenset({f"p|{caller.key}|{V.keyed(forwarded, '#')}"}))
                for name in sorted(V.key_names(names) - taken):
                    given = self.expand(frozenset({f"p|{caller.key}|{V.keyed(forwarded, name)}"}))
                    self.add_param(callee_key, callee.kwarg, given, site, caller)
                    self.add_keyed(callee_key, callee.kwarg, name, given, site, caller)
                given = self.expand(frozenset({f"p|{caller.key}|{V.keyed(forwarded, '*')}"}))
                if given:
                    self.add_param(callee_key, callee.kwarg, given, site, caller)
                    self.add_param(callee_key, V.keyed(callee.kwarg, "*"), given, site, caller)
        passed: list[tuple[str, str]] = []
        for slot in site.passed:
            # Only a named parameter: `*args` and `**kwargs` are a new tuple and dict, whose
            # own changes (`kwargs.pop(...)`: keras-hub's TransformerDecoder) change nothing
            # the caller holds (`args[0]["k"] = v` would: a known gap).
            if (param := _slot_param(slot, positional, site, params, callee)):
                passed.append((slot, param))
        info.bindings.append(Binding(callee_key, site, roots, tuple(passed), tuple(zeros)))
        # A Keras symbolic input passed to one call must not flow out of every other call
        # (the flow is context-insensitive): the hazard is reported on the callee itself. But
        # this call's result is symbolic too when this call passes one (`pool(keras_input)`
        # gives a KerasTensor, which a tf.function given it rejects: keras-hub
        # BertTextEmbedder, red team), and so it is when the symbolic tensor the callee
        # returns comes from elsewhere than its parameters (`return keras.Input(...)`; see
        # V.OWN_KERAS_INPUT).
        returned = self.expand(callee.returns)
        own = f"{V.PARAM_KERAS_INPUT}{callee.key}"
        marks = {v for v in returned if V.is_symbolic(v)} - V.SYMBOLIC
        if V.KERAS_INPUT in returned and marks != {own}:
            # From elsewhere (an unmarked one: as if): every caller gets it.
            result = returned - {own} | self.symbolic_passed(site)
        elif V.KERAS_INPUT in returned and (passed := self.symbolic_passed(site)):
            result = returned - {own} | passed  # with the marks of what this call passes
        else:
            # Every value the callee returns is another call's symbolic tensor
            # (`compute_causal_mask` given shapes of keras.Input elsewhere, of tensors here):
            # on this call's own arguments, a tensor when each `return` is the result of a
            # TensorFlow op or object (as the call here would give), else unknown; never None.
            result = returned - {V.KERAS_INPUT, own} or (
                V.TENSOR_SET if self.returns_op_results(callee) else V.UNKNOWN_SET)
        if not site.starred or forwarded:
            # A parameter left at a Python constant default and returned as it is: this call
            # returns the constant (`return x * 2.0, label` with `label="1h"`), itself or in
            # the returned tuple (an audit of session 20: a caller returning that tuple was
            # converted, and gave a tf.string tensor where eagerly a str).
            for name, constants in left_constants:
                where = returned_where(callee, f"p|{callee.key}|{name}", callee.returns, 0)
                if where == "itself":
                    result = result | constants
                elif where == "inside":
                    result = result | {V.LIST}
        if memo is not None:
            memo[once] = result
        return result

    def escape_functions(self, fn: FunctionSummary, site: CallSite, values: Values,
                         info: PassInfo, text: str) -> None:
        """The workspace functions and bound methods among `values` go where their calls are
        not followed: each is bound as from an ESCAPED site (bodies.note_escape), its
        parameters given values of unknown kind."""
        if not any(v.startswith(("fn:", "bfn:")) for v in values):
            return
        escaped = replace(site, args=[], arg_roots=[], kwargs={}, kwarg_roots={}, starred=True,
                          unpacked=V.EMPTY,
                          static=ESCAPED, text=text, receiver=None, method=None, forwards="",
                          passed=(), origins="")
        for value in sorted(values):
            method = value.startswith("bfn:")
            if not (method or value.startswith("fn:")):
                continue
            found = self.functions.get(value.partition(":")[2])
            if found is not None and found.kind == ("method" if method else "function") and \
                    found.key not in self.observed_roots:
                self.bind(fn, escaped, found.key, int(method), None, info)

    def add_keyed(self, callee_key: str, kwarg: str, name: str, values: Values,
                  site: CallSite, caller: FunctionSummary) -> None:
        """What the callee's `**kwarg` receives under `name` (`kwargs[name]`), and the name
        among those it received (`kwargs[#]`): CallSite.forwards reads them."""
        self.add_param(callee_key, V.keyed(kwarg, name), values, site, caller)
        self.add_param(callee_key, V.keyed(kwarg, "#"), frozenset({V.key_name(name)}), site,
                       caller)

    def returns_op_results(self, callee: FunctionSummary) -> bool:
        """Every value `callee` returns is the result of a call, in its own body, of TensorFlow
        ops or TensorFlow objects only (`return ops.broadcast_to(mask, shape)`, `return
        _RESCALE(images)` of a Keras layer: a tensor, as call_value types such a call)."""
        if not callee.returns:
            return False
        for value in callee.returns:
            kind, owner, index = value.split("|", 2) if value.count("|") >= 2 else ("", "", "")
            if kind != "e" or owner != callee.key or not index.isdigit():
                return False
            op = callee.deferred[int(index)]
            if op[0] != "call":
                return False
            site = callee.calls[op[1]]
            ops = self.expand(site.callee) if site.method is None else V.EMPTY
            if not ops or not all(
                    v.startswith("tfo:") or v.startswith("lib:") and
                    tfapi.classify_call(tfapi.normalize(v[4:])) is Api.TENSOR_OP for v in ops):
                return False
        return True

    def bind_function_argument(self, caller: FunctionSummary, site: CallSite, values: Values,
                               arg_values: Values, info: PassInfo, traced: bool = False) -> None:
        """`dataset.map(f)`, `tf.map_fn(f, x)`: TensorFlow calls f with tensors. tf.data traces
        the functions it maps (`traced`): a decorator on them adds nothing."""
        for value in self.expand(values):
            if value.startswith("fn:"):
                self.note(f"s|{value[3:]}")  # its parameters (see `bind`)
                callee = self.functions.get(value[3:])
                if callee is None:
                    continue
                if traced:
                    info.traced.append((callee.key, site.line))
                for param in callee.params:
                    self.add_param(callee.key, param, arg_values, site, caller)

    def bind_strategy_run(self, caller: FunctionSummary, site: CallSite, info: PassInfo) -> None:
        """`strategy.run(fn, args=(x, y))`: the caller calls fn (once per replica) with the
        elements of `args`; fn is traced exactly when the caller is (eagerly, TF 2.21 runs it
        eagerly per replica), so a binding gives fn its caller and its tensor arguments. The
        site is marked STRATEGY_RUN: fn itself is not a nested tf.function (strategy.run
        unwraps a tf.function it is given; facts.py)."""
        given = site.kwargs.get("args")
        elements = element_of(self.expand(given)) if given is not None else V.EMPTY
        for value in sorted(self.expand(site.args[0])):
            # A function, or a bound method (`strategy.run(self.train_step, ...)`).
            offset = 1 if value.startswith("bfn:") else 0
            key = value.partition(":")[2] if value.startswith(("fn:", "bfn:")) else ""
            self.note(f"s|{key}")  # its parameters (see `bind`)
            callee = self.functions.get(key)
            if callee is None:
                continue
            count = max(len(callee.params) - offset, 0)
            run_site = replace(site, args=[elements] * count, arg_roots=["?"] * count,
                               kwargs={}, kwarg_roots={}, starred=False, origins="",
                               method=STRATEGY_RUN, passed=())
            self.bind(caller, run_site, callee.key, offset, "?" if offset else None, info)

    def call_value(self, fn: FunctionSummary, site: CallSite, value: str,
                   info: PassInfo) -> Values:
        if value.startswith("fn:"):
            return self.bind(fn, site, value[3:], 0, None, info)
        if value.startswith("bfn:"):
            return self.bind(fn, site, value[4:], 1, site.receiver_root, info)
        if value.startswith("cls:"):
            init = self.find_method(value[4:], "__init__")
            if init:
                self.bind(fn, site, init, 1, "new", info)
            staged = self.staged_workspace_exception(value[4:], bool(init))
            if staged:
                info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line,
                                     f"{site.text}(...) raised while tracing {staged}"))
            if self.is_keras_class(value[4:]):
                info.tensor_ops.append((site.line, f"{site.text}(...)"))
                if fn.name not in ("__init__", "build") and not site.guarded_by_none_check:
                    info.hazards.append(("CREATES_VARIABLES_PER_CALL", site.line, (
                        f"{site.text}(...) makes a new Keras object or tf.Module on every "
                        "call: eagerly each call gets its own (new weights, seeds), a "
                        "tf.function only the one made while tracing")))
            return frozenset({f"obj:{value[4:]}"})
        if value.startswith("obj:"):
            class_key = value[4:]
            method = self.find_method(class_key, "__call__")
            through_keras = False
            if method is None and self.is_keras_class(class_key):
                method = self.find_method(class_key, "call")
                through_keras = self.is_keras_layer(class_key)
                info.tensor_ops.append((site.line, f"calls the Keras model {site.text}"))
                if method is None:
                    self.bind_library_hooks(fn, site, class_key, "__call__", info)
                    return V.TENSOR_SET
            if method:
                result = self.bind(fn, site, method, 1, site.receiver_root
                                   if site.receiver is not None else "?", info,
                                   converts_arrays=through_keras)
                if self.is_keras_class(class_key):
                    given = [self.expand(a) for a in site.args]
                    return result | V.TENSOR_SET if not any(
                        V.KERAS_INPUT in a for a in given) else V.symbolic(*given)
                return result
            info.effects.append(("unknown", "?", site.line, f"calls {site.text}"))
            return V.UNKNOWN_SET
        if value.startswith("lib:"):
            return self.call_library(fn, site, value[4:], info)
        if value.startswith("held:"):
            # A functional model runs what built it (functional_layers): followed there for
            # its effects, given nothing (what it receives in the model is not this call's
            # arguments: its parameters keep the values its own calls gave them).
            self.call_value(fn, replace(site, args=[], kwargs={}, arg_roots=[], kwarg_roots={},
                                        origins="", passed=(), unpacked=V.EMPTY),
                            value[5:], info)
            return V.EMPTY
        if value == V.TF_MASKS:
            return frozenset({V.MASKED_TENSOR})  # its layer value beside it: the call itself
        if value == V.TF_UNMASKS:
            return V.EMPTY  # the pooling's layer value beside it: no mask (Program.resolve)
        if value == V.TF_ADDS_LOSSES:
            info.effects.append(("write", "?", site.line, (
                f"{site.text}(...) runs the layer's activity regularizer, whose loss Keras "
                "keeps on the layer (`losses`): traced, a graph tensor that eager code reading "
                "`losses` cannot use")))
            return V.EMPTY
        if value == V.TF_HOLDS_CODE:
            info.effects.append(("unknown", "?", site.line, (
                f"calls {site.text}, a Keras model or layer built with workspace code (a "
                "custom layer, a Lambda's function, an activation, a constraint), which it "
                "runs: the engine does not follow it there")))
            return V.EMPTY  # what it returns: the model's or layer's own value beside it says
        if value in (V.TF_LAYER, V.TF_MODEL) and "training" in site.kwargs and \
                any(V.is_single_tensor(v) for v in self.expand(site.kwargs["training"])):
            # measured, TF 2.21 / Keras 3 (third soundness audit): a library layer tests
            # `training` in Python (`if training:`), which a symbolic tensor refuses
            info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line, (
                f"{site.text}(..., training=<a tensor>): the library layer tests `training` in "
                "Python, which a traced tensor refuses (OperatorNotAllowedInGraphError)")))
        if value in (V.TF_LAYER, V.TF_MODEL) and site.args and \
                V.DYNAMIC_TENSOR in self.expand(site.args[0]):
            # measured with TF 2.21 (session 33's red team B, p46, p73): a layer builds its
            # weights from the dimensions of its first input, which a graph leaves None where
            # they depend on the values (`to_tensor()` of split strings): ValueError traced
            own = _own_parameter(fn, site.args[0])
            if own is not None:
                # The function's own parameter, as its callers give it (a dataset's batch that
                # an eager loop passes): a tf.function traces the concrete shape of the eager
                # tensor it is called with; only a caller's graph leaves the dimensions None.
                info.hazards.append((static_values.TRACE_DEPENDENT_FOR_CALLERS, site.line, (
                    f"{site.text}(...) of `{own}`, which may be given a tensor whose shape "
                    "depends on its values (a dataset's batch, a boolean mask): called eagerly, "
                    "a tf.function traces its concrete shape, but a caller's graph leaves those "
                    "dimensions None, and a layer that builds or checks its weights from them "
                    "raises ValueError traced")))
            else:
                info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line, (
                    f"{site.text}(...) of a tensor whose shape depends on its values (split "
                    "strings, a boolean mask, a decoded tensor): a graph leaves those "
                    "dimensions None, and a layer that builds or checks its weights from them "
                    "(a Dense layer's last one) raises ValueError traced, where eagerly it "
                    "runs")))
        if value == V.TF_UPDATES:
            # a Keras metric called: its update (the metric's own value beside it says what
            # the call returns)
            info.state_ops.append((site.line, f"{site.text}()"))
            return V.EMPTY
        if value.startswith("tfo:"):
            info.tensor_ops.append((site.line, f"{site.text}(...)"))
            given = [self.expand(a) for a in site.args]
            if any(V.KERAS_INPUT in a for a in given):
                return V.symbolic(*given)
            if value in V.LAYERS and any(V.MASKED_TENSOR in self.expand(a) for a in site.args):
                # Keras layers that support masking pass the mask on (Dense, Dropout, ...)
                return V.TENSOR_SET | {V.MASKED_TENSOR}
            return V.TENSOR_SET
        if value.startswith("ext:"):
            return same_external(self.call_library(fn, site, value[4:], info, external=True),
                                 value)
        if V.is_symbolic(value):
            return frozenset({V.KERAS_INPUT, value})
        if V.is_tensor(value):
            # A callable that a TensorFlow API returned (tf.keras.activations.get(...)).
            info.tensor_ops.append((site.line, f"{site.text}(...)"))
            return V.TENSOR_SET
        if value == V.NONE:
            return V.EMPTY  # calling None fails eagerly too; the path must be guarded
        info.effects.append(("unknown", "?", site.line, f"calls {site.text}, which the analysis "
                             "cannot resolve"))
        return V.UNKNOWN_SET

    def staged_workspace_exception(self, class_key: str, own_init: bool) -> str:
        """Why a workspace exception class raised while tracing surfaces as another class, or
        "": AutoGraph re-creates a trace-time error of a class it does not list only when the
        class's `__init__` is Exception's (measured, TF 2.21: `class E(Exception)` comes out as
        E, `class E(ValueError)` and a class with an `__init__` as StagingError)."""
        bases = self.library_bases(class_key)
        exceptions = {b for b in bases if b in tfapi.raised_exceptions() or b == "Exception"}
        if not exceptions:
            return ""
        if bases == {"Exception"} and not own_init:
            return ""
        why = "it defines `__init__`" if own_init else \
            f"its `__init__` is {sorted(exceptions - {'Exception'})[0]}'s"
        return (f"surfaces as AutoGraph's StagingError ({why}, not Exception's): an `except` "
                "of its class around a call no longer catches it")

    def call_method(self, fn: FunctionSummary, site: CallSite, receiver: str, method: str,
                    info: PassInfo) -> Values:
        if receiver.startswith("obj:"):
            class_key = receiver[4:]
            found = self.find_method(class_key, method)
            if found:
                self.note(f"s|{found}")  # its kind (see `bind`)
                callee = self.functions.get(found)
                offset = 0 if callee is not None and callee.kind == "staticmethod" else 1
                result = self.bind(fn, site, found, offset, site.receiver_root, info)
                if any(method in cls.rebound or "*" in cls.rebound or "**" in cls.rebound
                       for cls in self.mro(class_key)):
                    # `P.parts = other`, `setattr(self, name, f)`: another function may run
                    # (ClassSummary.rebound; a red team of session 24)
                    info.effects.append(("unknown", "?", site.line,
                                         f"calls {site.text}, a method its class's module "
                                         "replaces at run time"))
                    return result | V.UNKNOWN_SET
                return result
            attr = self.instance_attribute(class_key, method)
            if self.is_keras_class(class_key) and not any(
                    method in cls.instance_attrs or method in cls.class_attrs
                    for cls in self.mro(class_key)):
                self.bind_library_hooks(fn, site, class_key, method, info)  # inherited
            if attr != V.UNKNOWN_SET or not self.is_keras_class(class_key):
                if attr == frozenset({V.TF_OBJECT}) and self.is_keras_class(class_key):
                    return self.call_tf_object_method(
                        fn, site, "model" if self.is_keras_model(class_key) else "layer",
                        method, info)
                out: set[str] = set()
                for value in sorted(attr):  # sorted: hazards in one order, whatever the hash seed
                    out |= self.call_value(fn, site, value, info)
                return frozenset(out)
            kind = "model" if self.is_keras_model(class_key) else "layer"
            return self.call_tf_object_method(fn, site, kind, method, info)
        if receiver.startswith("sup:"):
            found = self.find_method(receiver[4:], method, skip_first=True)
            this = "p:" + (fn.params[0] if fn.params else "")
            # What a derived class's MRO may put next (a sibling base, super_siblings).
            out = set()
            for key in self.super_siblings(receiver[4:], method):
                if key != found:
                    out |= self.bind(fn, site, key, 1, this, info)
            if found:
                return frozenset(out) | self.bind(fn, site, found, 1, this, info)
            if self.is_keras_class(receiver[4:]):
                self.bind_library_hooks(fn, site, receiver[4:], method, info, this)
            return frozenset(out) | (
                V.UNKNOWN_SET if not self.is_keras_class(receiver[4:]) else V.EMPTY)
        if receiver.startswith("cls:"):
            found = self.find_method(receiver[4:], method)
            if found:
                self.note(f"s|{found}")  # its kind (see `bind`)
                callee = self.functions.get(found)
                offset = 1 if callee is not None and callee.kind == "classmethod" else 0
                return self.bind(fn, site, found, offset, "new", info)
            return self.call_value(fn, site, "?", info)
        if receiver.startswith("mod:"):
            out = set()
            for value in self.module_attribute(self.modules[receiver[4:]], method):
                out |= self.call_value(fn, site, value, info)
            return frozenset(out)
        if receiver.startswith(("lib:", "ext:")):
            qualified = tfapi.normalize(f"{receiver[4:]}.{method}")
            result = self.call_library(fn, site, qualified, info,
                                       external=receiver.startswith("ext:"))
            return same_external(result, receiver) if receiver.startswith("ext:") else result
        if V.is_tensor(receiver):
            self.check_static_shape(f"tensor.{method}", site, info)
            result = self.call_tensor_method(site, method, info)
            if receiver == V.TENSOR_ARRAY and method in _TENSOR_ARRAY_UPDATES and \
                    method != "identity" and site.discarded:
                # `ta.write(i, v)` as a statement: eagerly the array changes in place; in a
                # graph the call returns the written array and `ta` stays as it was (measured
                # with TF 2.21, a red team of session 26: stacked zeros or an empty tensor
                # traced, the values eagerly).
                info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line, (
                    f"`{site.text}(...)` is not assigned back: eagerly a TensorArray's "
                    f"`{method}` changes it in place, in a graph it returns a new array and "
                    "leaves this one as it was (measured with TF 2.21: `ta.write(i, v)` without "
                    "`ta = ` stacks zeros traced); write `ta = ta."
                    f"{method}(...)`")))
            if receiver == V.TENSOR_ARRAY and method in _TENSOR_ARRAY_UPDATES and \
                    V.has_tensor(result):
                return frozenset({V.TENSOR_ARRAY})  # `ta = ta.write(i, v)`: the array
            if receiver == V.DYNAMIC_TENSOR and V.has_tensor(result):
                # `tf.strings.split(s).to_tensor()`: computed from one, its shape depends on
                # the values too (a fifth soundness audit, session 21).
                result = result | {V.DYNAMIC_TENSOR}
            if receiver == V.VARIABLE and method.startswith(tfapi.VARIABLE_UPDATES):
                # `return v.assign_add(x)`: eagerly the variable itself, read when used (a
                # later assign shows through), traced a tensor of the value then (measured,
                # TF 2.21; soundness audit): returned, it is a Variable (facts.value_use)
                return frozenset({V.VARIABLE})
            return result
        if receiver.startswith("tfo:"):
            return self.call_tf_object_method(fn, site, receiver[4:], method, info)
        if receiver == V.NUMPY:
            if method in tfapi.NUMPY_IN_PLACE_METHODS and site.receiver_root != "new":
                # `W.fill(0.0)`, `W.sort()`: the array changes in place (soundness audit)
                info.effects.append(("write", site.receiver_root, site.line,
                                     f"{site.text}() changes the array in place"))
            # Not arrays: a Python list (traced by content) and a Python number (by value).
            if method == "tolist":
                return frozenset({V.LIST})
            return V.UNKNOWN_SET if method == "item" else frozenset({V.NUMPY})
        if V.is_symbolic(receiver):
            return frozenset({V.KERAS_INPUT, receiver})
        # `HOOKS.append(gate)`, `ACTS.get(name, gate)`, `registry.register(gate)`: a workspace
        # function given to a container's or an unknown object's method may be called later
        # with what no call site shows (a red team of session 23): bind_passed_functions.
        self.bind_passed_functions(site, [self.expand(a) for a in site.args],
                                   {k: self.expand(v) for k, v in site.kwargs.items()},
                                   info, fn, f".{method}")
        if receiver == V.HOLDS_NUMPY:
            # `batch.get("y")`, `splits.values()`, `.pop(k)` of a container of arrays: may be
            # an array (what iterating the result gives too: element_of)
            return frozenset({V.NUMPY})
        if receiver in V.PRIMITIVES or \
                receiver in (V.LIST, V.LIST_OF_TENSORS, V.LIST_OF_LAYERS, V.EMPTY_LIST, V.NONE,
                             V.RANGE, V.HOLDS_VARIABLE):
            return V.UNKNOWN_SET
        if method in tfapi.MUTATING_METHODS:
            return V.UNKNOWN_SET  # the write itself is recorded by the summary
        if method in tfapi.PURE_METHODS:
            return V.UNKNOWN_SET
        if method == "numpy":
            info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line,
                                 "`.numpy()` needs a value, which a traced tensor does not have"))
            return frozenset({V.NUMPY})
        info.effects.append(("unknown", "?", site.line,
                             f"calls {site.text}() on an object of unknown type"))
        return V.UNKNOWN_SET

    def super_siblings(self, class_key: str, method: str) -> list[str]:
        """`super().method` in a method of `class_key` runs the next definer after the class in
        the MRO of the object's class, which may be a derived class that also derives from a
        sibling (`class Diamond(Mid, Side)`: `super()` in Mid is Side). For every derived
        workspace class, each definer of `method` in its MRO that is neither the class nor one
        derived from it: a superset of where that super() call goes (the engine's MRO is not
        C3's order), sorted; memoized with what it read (Program.derived)."""
        return self.derived("S", f"{class_key}|{method}", self._super_siblings)

    def _super_siblings(self, key: str) -> list[str]:
        class_key, method = key.rsplit("|", 1)
        family = self.instances_of(class_key)  # the class, then the classes derived from it
        out: set[str] = set()
        for derived in family[1:]:
            for cls in self.mro(derived):
                if method in cls.methods and cls.key not in family:
                    out.add(cls.methods[method])
        return sorted(out)

    def bind_library_hooks(self, fn: FunctionSummary, site: CallSite, class_key: str,
                           method: str, info: PassInfo, self_root: str | None = None) -> None:
        """A Keras method the workspace class inherits (`opt.apply_gradients(...)`, a metric's
        `m(y, p)`) runs library code that calls the class's own overrides back: the
        optimizer's `build`/`update_step`, the metric's `update_state`/`result` (measured, TF
        2.21 / Keras 3.15: a counter in `update_step` counted 3 calls eagerly and 1 as a
        tf.function). Which ones it calls is not modelled, so every method the workspace
        classes define (but the constructor, serialization and the method itself) is a callee
        of the site, with no arguments bound (but the tensors Keras passes an optimizer's
        per-variable update, TENSOR_HOOKS): its effects, hazards and unknowns are the
        caller's. Layers and models are left to keras_build (`call`, `build`), and a class
        that only derives from tf.Module inherits nothing that calls back."""
        if method in NOT_CALLED_BACK or self.is_keras_layer(class_key) or \
                self.library_bases(class_key) <= {"tensorflow.Module"}:
            return  # `super().__init__(...)` builds the object: it calls no override
        hook_site = replace(site, args=[], arg_roots=[], kwargs={}, kwarg_roots={},
                            starred=False, origins="", passed=())
        root = self_root if self_root is not None else \
            site.receiver_root if site.receiver is not None else "?"
        seen: set[str] = set()
        for cls in self.mro(class_key):
            for name, key in sorted(cls.methods.items()):
                if name in seen or name in NOT_CALLED_BACK or name == method:
                    continue
                seen.add(name)
                self.note(f"s|{key}")  # its parameters (see `bind`)
                callee = self.functions.get(key)
                if name in TENSOR_HOOKS and callee is not None:
                    tensors = [V.TENSOR_SET] * max(len(callee.params) - 1, 0)
                    self.bind(fn, replace(hook_site, args=tensors,
                                          arg_roots=["?"] * len(tensors)), key, 1, root, info)
                else:
                    self.bind(fn, hook_site, key, 1, root, info)

    def check_static_shape(self, symbol: str, site: CallSite, info: PassInfo) -> None:
        """`ragged.to_tensor(shape=[None, n])`, `x.set_shape([2, n])` with `n` a tensor: eagerly
        a number, traced TensorShape rejects it (tfapi.static_shape_failure, red team)."""
        needs = tfapi.static_shape_failure(symbol, [self.expand(a) for a in site.args],
                                           {k: self.expand(v) for k, v in site.kwargs.items()})
        if needs:
            info.hazards.append(("HAS_TENSOR_TO_PYTHON_CONVERSION", site.line,
                                 f"{site.text}() {needs}"))

    @staticmethod
    def call_tensor_method(site: CallSite, method: str, info: PassInfo) -> Values:
        """`t.method(...)` on a tensor, by the generated table of tensor members; a member the
        table does not classify is an unknown effect (default-deny)."""
        api = tfapi.tensor_method(method)
        call = f"{site.text}()" if site.text.endswith(f".{method}") else \
            f"{site.text}.{method}()"
        if api is Api.EAGER_ONLY:
            info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line, (
                f"`.{method}()` of a traced tensor is another tensor's reference: a lookup "
                "by it finds what the eager tensor's found no longer"
                if method in ("ref", "experimental_ref") else
                f"`.{method}()` needs a value, which a traced tensor does not have")))
            return frozenset({V.NUMPY})
        if api in (Api.TENSOR_OP, Api.TF_STATE):
            info.tensor_ops.append((site.line, call))
            if api is Api.TF_STATE:
                info.state_ops.append((site.line, call))
            return V.TENSOR_SET
        if api is Api.PURE:  # get_shape, ref: Python values read from the static tensor
            return V.UNKNOWN_SET
        if api is Api.TENSOR_CONVERSION:
            info.hazards.append(("HAS_TENSOR_TO_PYTHON_CONVERSION", site.line,
                                 f"{call} needs the value of a tensor"))
            return V.UNKNOWN_SET
        if api is Api.UNKNOWN and (method in tfapi.PURE_METHODS or
                                   method in tfapi.MUTATING_METHODS):
            # A list or dict of tensors (`grads.append(g)`, `batch.items()`): a real tensor has
            # no such method and fails eagerly and traced alike. Writes are recorded by the
            # summary.
            return V.TENSOR_SET
        why = {Api.GRAPH_ONLY: "behaves otherwise eagerly than while tracing",
               Api.UNKNOWN: "is not in the table of tensor methods"}.get(api, f"is {api.value}")
        info.effects.append(("unknown", "?", site.line, f"calls {call}, which {why}"))
        return V.UNKNOWN_SET

    def functional_layers(self, fn: FunctionSummary, site: CallSite) -> Values:
        """What a functional `Model(inputs, outputs)` built here may run: what the calls of
        its building function before it called (`classifier(preprocess(raw))`), as values
        `held:<callee>` that calling the model calls in turn (call_value), each a workspace
        function, class or object; a method call, or a callee of unknown kind, may be
        anything: V.TF_HOLDS_CODE (the engine does not follow it)."""
        held: set[str] = set()
        for other in fn.calls:
            if other is site:
                break
            if other.method is not None:
                if tfapi.PURE_METHODS.isdisjoint({other.method}) and \
                        tfapi.MUTATING_METHODS.isdisjoint({other.method}):
                    held.add(V.TF_HOLDS_CODE)
                continue
            for value in self.expand(other.callee):
                if value.startswith("cls:"):
                    continue  # `Tap()`: made here; calling it (`Tap()(x)`) is its own call
                if value.startswith(("fn:", "bfn:", "obj:")):
                    held.add(f"held:{value}")
                elif V.is_unknown(value) or value == V.TF_HOLDS_CODE or value.startswith("held:"):
                    held.add(V.TF_HOLDS_CODE)
        return frozenset(held)

    def holds_code(self, fn: FunctionSummary, qualified: str, site: CallSite,
                   args: list[Values], kwargs: dict[str, Values]) -> Values:
        """{V.TF_HOLDS_CODE} when a library Keras object is built with workspace code it will
        run: a workspace function, class or object given to it anywhere (`Lambda(fn)`,
        `Dense(activation=fn)`, `kernel_constraint=Clip()`, `SGD(learning_rate=schedule)`,
        `TimeDistributed(Custom())`), a value of unknown kind where it takes code (an
        activation, a regularizer, a constraint, a learning rate, a wrapped layer or a Lambda's
        function: tfapi.CODE_SLOTS), a `Sequential` or `Model` of layers the syntax does not show to
        be the library's (bodies.holds_layers: a custom layer in the list, a list held in a
        name, a functional model). Measured, TF 2.21 (third soundness audit, session 19): a
        converted helper calling such a model kept a custom layer's counter, a Lambda's global,
        a schedule's rate at their values while traced. Empty otherwise."""
        regularizer = kwargs.get("activity_regularizer")
        if regularizer and not self.expand(regularizer) <= {V.NONE}:
            return frozenset({V.TF_ADDS_LOSSES})
        if site.masks:
            return frozenset({V.TF_MASKS})
        if ".layers.Global" in qualified and "Pooling" in qualified:
            return frozenset({V.TF_UNMASKS})
        if site.holds_layers:
            if qualified.rsplit(".", 1)[-1] == "Model":
                return self.functional_layers(fn, site)
            return frozenset({V.TF_HOLDS_CODE})
        last = qualified.rsplit(".", 1)[-1]
        first_is_code = last in tfapi.CODE_FIRST or ".optimizers." in qualified
        given = [(first_is_code and i == 0, values) for i, values in enumerate(args)]
        given += [(any(word in name for word in tfapi.CODE_SLOTS), values)
                  for name, values in kwargs.items() if "initializer" not in name]
        for slot, values in given:
            for value in values:
                if value.startswith(("obj:", "fn:", "bfn:", "cls:")) or \
                        value == V.TF_HOLDS_CODE or slot and V.is_unknown(value):
                    return frozenset({V.TF_HOLDS_CODE})
        return V.EMPTY

    def call_tf_object_method(self, fn: FunctionSummary, site: CallSite, kind: str,
                              method: str, info: PassInfo) -> Values:
        call = f"{site.text}()"
        if V.TF_OBJECT_PREFIX + kind in (V.TF_ADDS_LOSSES, V.TF_MASKS, V.TF_UNMASKS,
                                         V.TF_UPDATES):
            return V.EMPTY  # `dense.losses`, `dense.get_config()`: its layer value says
        if V.TF_OBJECT_PREFIX + kind == V.TF_HOLDS_CODE:
            info.effects.append(("unknown", "?", site.line, (
                f"calls {call} of a Keras object built with workspace code (a custom layer, "
                "a Lambda's function, an activation, a constraint, a schedule), which it runs: "
                "the engine does not follow it there")))
            return V.EMPTY  # what it returns: the object's own value beside it says
        if method == "add_loss" and kind in ("layer", "model"):
            # Keras keeps the loss tensor on the layer for `layer.losses`: traced, a graph
            # tensor, which eager code reading `losses` afterwards cannot use (measured, TF 2.21
            # / Keras 3: "out of scope"; a third soundness audit, session 19).
            info.effects.append(("write", site.receiver_root or "?", site.line, (
                f"{call} keeps a loss tensor on the layer (`losses`): traced, a graph tensor "
                "that eager code reading `losses` cannot use")))
            return V.EMPTY
        if method in tfapi.TF_OBJECT_STATE_METHODS and kind != "dataset":
            info.state_ops.append((site.line, call))
        if method == "run" and kind == "object" and site.args:
            self.bind_strategy_run(fn, site, info)
        if method in tfapi.KERAS_EAGER_ONLY_METHODS and kind != "dataset":
            info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line,
                                 f"{call} runs its own loop and only works eagerly"))
            return frozenset({V.NUMPY})
        if tfapi.eager_only_method(kind, method):
            info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line,
                                 f"{call} only works eagerly (RuntimeError or TypeError in a "
                                 "graph)"))
            if method == "as_numpy_iterator" and kind == "dataset":
                # its elements are NumPy arrays (or structures of them): judged as arrays
                # where a function is given one (a red team of session 26, p116)
                return frozenset({V.NUMPY})
            return V.UNKNOWN_SET
        if method in tfapi.TF_OBJECT_EFFECT_METHODS:
            info.effects.append(("io", "?", site.line, f"{call} (I/O or configuration)"))
            return V.UNKNOWN_SET
        if kind == "dataset" or method in tfapi.DATASET_METHODS and kind == "dataset":
            if dataset_draw(method, site):
                info.random_ops.append((site.line, site.text))
            if method in ("map", "filter", "flat_map", "interleave") and site.args:
                self.bind_function_argument(fn, site, site.args[0], V.TENSOR_SET, info,
                                            traced=True)
            info.tensor_ops.append((site.line, call))
            return frozenset({V.TF_DATASET})
        info.tensor_ops.append((site.line, call))
        if method in ("gradient", "jacobian", "batch_jacobian"):
            # The result has the structure of the sources: a list for a list of variables.
            sources = self.expand(site.args[1]) if len(site.args) > 1 else \
                self.expand(site.kwargs.get("sources", V.EMPTY))
            if not sources:
                return V.EMPTY  # not known yet: the site is evaluated again when they are
            if all(v in (V.LIST_OF_TENSORS, V.LIST, V.EMPTY_LIST, V.HOLDS_NUMPY,
                         V.HOLDS_VARIABLE) for v in sources):
                return frozenset({V.LIST_OF_TENSORS})
            if all(V.is_single_tensor(v) for v in sources):
                return frozenset({V.TENSOR})
            return frozenset({V.TENSOR, V.LIST_OF_TENSORS})
        if method in tfapi.TF_OBJECT_PURE_METHODS:
            return V.UNKNOWN_SET
        if method in ("add_weight", "add_variable") and kind in ("layer", "model"):
            return frozenset({V.VARIABLE})  # a weight: a tf.Variable (a KerasVariable)
        return V.TENSOR_SET

    def call_library(self, fn: FunctionSummary, site: CallSite, qualified: str,
                     info: PassInfo, external: bool = False) -> Values:
        result = self.library_result(fn, site, qualified, info, external)
        if qualified.startswith(("tensorflow.nest.", "tf.nest.")) and V.has_tensor(result) and \
                any(self.expand(a) & {V.TENSOR_ARRAY, V.HOLDS_TENSOR_ARRAY} for a in site.args):
            # `tf.nest.map_structure(f, ta)`: the TensorArray again (a red team, session 25)
            result = result | {V.TENSOR_ARRAY}
        return result

    def library_result(self, fn: FunctionSummary, site: CallSite, qualified: str,
                       info: PassInfo, external: bool = False) -> Values:
        qualified = tfapi.normalize(qualified)
        api = tfapi.classify_call(qualified)
        if qualified in _NAMESPACE_CALLS and not site.args and not site.kwargs and (
                qualified.endswith("globals") or fn.qualname == MODULE_QUALNAME):
            # `globals()`, `G = globals; G()`, `builtins.globals()`, a module's `vars()` or
            # `locals()`: any function of the module may be looked up by name and called
            # (a red team of session 24).
            module = self.modules.get(fn.module)
            self.escape_functions(fn, site, frozenset(
                f"fn:{key}" for key in (module.defs.values() if module else ())), info,
                f"looks this module's functions up in {qualified}()")
        args = [self.expand(a) for a in site.args]
        kwargs = {k: self.expand(v) for k, v in site.kwargs.items()}
        self.check_static_shape(qualified, site, info)
        function_objects.object_uses(qualified, site, args, kwargs, info.object_uses)
        # `heapq.heappush(QUEUE, v)`, `random.shuffle(ORDER)`, `dict.update(CONFIG, d)`,
        # `np.multiply(a, b, out=W)`: a write of what they receive (a global's converted
        # readers keep the old value traced: facts.stale_reads; soundness audit)
        for root, what in tfapi.argument_writes(qualified, api, site.arg_roots,
                                                site.kwarg_roots):
            if root != "new":
                info.effects.append(("write", root, site.line,
                                     f"{site.text}() changes {what} in place"))
        if api not in (Api.TF_FUNCTION, Api.UNKNOWN) and qualified not in tfapi.CALLS_AT_RUN_TIME:
            self.bind_passed_functions(site, args, kwargs, info, fn, qualified)
        elif api is Api.UNKNOWN:
            # `SimpleNamespace(g=gate)`: an unknown effect already; what the object's later
            # calls pass is not known either (session 23).
            self.bind_passed_functions(site, args, kwargs, info, fn, qualified)
        for name, position in PYTHON_INT_ARGUMENTS.get(qualified, ()):
            given = kwargs.get(name, args[position] if position < len(args) and
                               not site.starred else V.EMPTY)
            if any(V.is_single_tensor(v) for v in given):
                info.hazards.append(("HAS_TENSOR_TO_PYTHON_CONVERSION", site.line, (
                    f"{site.text}() takes `{name}` as a Python int and is given a tensor: "
                    "eagerly it converts, traced it cannot (TypeError or "
                    "OperatorNotAllowedInGraphError, measured with TF 2.21)")))
            elif V.has_unknown(given):
                info.hazards.append(("UNDETERMINABLE_CONSTRUCT", site.line, (
                    f"{site.text}() takes `{name}` as a Python int and is given a value of "
                    "unknown type: a tensor there works eagerly, not traced")))
        if qualified in ("tensorflow.numpy_function", "tensorflow.compat.v1.py_func",
                         "tensorflow.compat.v1.numpy_function"):
            # Measured, TF 2.21 (a red team of session 23): eagerly the result has the dtype
            # the Python function gave (float64 from `v * 2` on a float64 array, Tout float32
            # notwithstanding); traced, Tout is enforced (InvalidArgumentError).
            info.hazards.append(("UNDETERMINABLE_CONSTRUCT", site.line, (
                f"{site.text}() returns whatever dtype its Python function gives eagerly, "
                "while a graph enforces its declared `Tout` (InvalidArgumentError where they "
                "differ); the engine cannot tell what the function returns")))
        if api in (Api.TENSOR_OP, Api.TF_STATE, Api.VARIABLE, Api.DATASET, Api.RANDOM):
            info.tensor_ops.append((site.line, f"{site.text}(...)"))
            if site.discarded and tfapi.prunable_op(qualified, api):
                # measured, TF 2.21 (fourth soundness audit): a graph prunes an op whose result
                # nothing uses: an out-of-range `tf.gather(x, i)` no longer raises, a
                # `tf.numpy_function(f, ...)` no longer runs f
                info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line, (
                    f"the result of {site.text}() is not used: a graph drops the op when "
                    "nothing the function returns or keeps needs its value (its static shape "
                    "is no use of it), so what it raises or runs eagerly (a failed lookup, "
                    "Python code) does not happen")))
            if api is Api.RANDOM:
                info.random_ops.append((site.line, site.text))
            elif api is Api.TF_STATE:
                info.state_ops.append((site.line, f"{site.text}()"))
            if api is Api.TF_STATE and qualified.startswith("tensorflow.summary.") and \
                    qualified != "tensorflow.summary.flush":
                # measured, TF 2.21 (a second audit of session 20): a traced summary op writes
                # to the default writer, at the default step, under the record_if condition
                # that held while tracing (a writer set later: nothing written; set_step per
                # call: every event at step 0)
                info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line, (
                    f"{site.text}() writes to the default summary writer, at the default step "
                    "and under the `record_if` condition that hold while the graph is traced: "
                    "set later or changed between calls, the graph keeps the first ones")))
            measured = tfapi.trace_failures().get(qualified)
            if measured:  # a value eagerly, an error while tracing (tools/probe_trace_failures)
                info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line,
                                     f"{site.text}() returns a tensor eagerly where a graph "
                                     f"fails while tracing (measured with TF 2.21 {measured})"))
            dtype_failure = tfapi.dtype_trace_failure(qualified, args, kwargs,
                                                      site.spec[0] if site.spec else None)
            if dtype_failure:  # tf.range(0, n, 2, dtype=x.dtype) on float16 (red team)
                info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line,
                                     f"{site.text}() {dtype_failure}"))
            if qualified in tfapi.GRAPH_BUILDS_EVERY_BRANCH:
                info.hazards.append(("UNDETERMINABLE_CONSTRUCT", site.line, (
                    f"{site.text}() runs only the branch its predicate picks eagerly, but a graph "
                    "builds every branch (a loop body once, with fixed shapes), and the engine "
                    "cannot show each builds for the inputs at hand: a guarded `x[0]` on an "
                    "empty tensor, branches of other dtypes or a growing loop tensor fail only "
                    "as a tf.function (measured with TF 2.21)")))
            if qualified in tfapi.STATIC_DIMENSION_OPS and args and \
                    V.DYNAMIC_TENSOR in args[0] and "num" not in kwargs:
                # measured with TF 2.21 (session 33's red team B, p38, p49): eagerly the
                # tensor has its dimensions; traced, one that depends on its values is None,
                # and tf.unstack raises ValueError "Cannot infer argument `num`"
                info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line, (
                    f"{site.text}() of a tensor whose shape depends on its values (from "
                    "tf.strings.split, tf.boolean_mask, a decoded or parsed tensor...) needs "
                    "that dimension while tracing, where it is not known: ValueError traced, "
                    "a list eagerly; give `num`")))
            self.check_name_argument(qualified, site, args, kwargs, info)
            if qualified in tfapi.NON_TENSOR_ONLY and args and \
                    any(V.is_single_tensor(v) for v in args[0]):
                # measured, TF 2.21: tf.constant(x) copies a tensor eagerly; traced, TypeError
                # "Expected any non-tensor type, but got a tensor instead" (soundness audit)
                info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line,
                                     f"{site.text}() of a tensor only works eagerly (TypeError "
                                     "in a graph: it takes Python values and NumPy arrays)"))
            elif qualified in tfapi.NON_TENSOR_ONLY and args and V.LIST_OF_TENSORS in args[0]:
                # `tf.constant([mse, mae])`: ValueError eagerly, TypeError traced (measured with
                # TF 2.21, session 33's red team B, p108, p110); tf.stack takes tensors
                info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line, (
                    f"{site.text}() of a list holding tensors raises ValueError eagerly and "
                    "TypeError in a graph (it takes Python values and NumPy arrays): an "
                    "`except ValueError` no longer catches it; use tf.stack")))
            if api is Api.VARIABLE:
                if not site.guarded_by_none_check and fn.name not in ("__init__", "build"):
                    info.hazards.append(("CREATES_VARIABLES_PER_CALL", site.line,
                                         f"{site.text}(...) creates a variable on every call"))
                # tf.random.Generator(...) owns its variable: the value is the generator.
                return frozenset({V.TF_OBJECT}) if "Generator" in qualified else \
                    frozenset({V.VARIABLE})
            if api is Api.DATASET and dataset_draw(qualified.rsplit(".", 1)[-1], site):
                info.random_ops.append((site.line, site.text))  # Dataset.random(), ...
            if api is Api.DATASET:
                return frozenset({V.TF_DATASET})
            if qualified in ("tensorflow.map_fn", "tensorflow.vectorized_map") and site.args:
                self.bind_function_argument(fn, site, site.args[0], V.TENSOR_SET, info,
                                            traced=qualified in TRACING_CALLS)
            if tfapi.returns_operation(qualified):
                return frozenset({OPERATION})
            if any(V.KERAS_INPUT in a for a in args):
                return V.symbolic(*args)
            if qualified in tfapi.STATIC_SHAPE_OPS:
                return V.UNKNOWN_SET  # Python ints eagerly, tensors where a graph lacks them
            if tfapi.returns_list(qualified) or _structure_is_list(qualified, args, kwargs):
                # `a, b = tf.split(x, 2)`: a list; `_, ta = tf.while_loop(c, b, (0, ta))`: one
                # holding the TensorArray again
                held = any(V.HOLDS_TENSOR_ARRAY in a for a in [*args, *kwargs.values()])
                listed = frozenset({V.LIST_OF_TENSORS, V.HOLDS_TENSOR_ARRAY} if held
                                   else {V.LIST_OF_TENSORS})
                if _value_shaped(qualified, site, args, kwargs) or \
                        any(a & _DYNAMIC for a in [*args, *kwargs.values()]):
                    # `uniq, _ = tf.unique(ids)`: its elements' shapes depend on the values
                    # (element_of keeps that; session 34's red team C, p116)
                    listed |= {V.HOLDS_DYNAMIC}
                return listed
            if _value_shaped(qualified, site, args, kwargs):
                return frozenset({V.DYNAMIC_TENSOR})  # `tf.range(n)` of a tensor `n` too
            if any(a & _DYNAMIC for a in args) or any(v & _DYNAMIC for v in kwargs.values()):
                # what it computes (`tf.unique(ids)`'s list: HOLDS_DYNAMIC)
                return frozenset({tensor_value(site), V.DYNAMIC_TENSOR})
            return frozenset({tensor_value(site)})
        if qualified == "tensorflow.TensorArray":
            return frozenset({V.TENSOR_ARRAY})
        if api is Api.TF_OBJECT:
            last = qualified.rsplit(".", 1)[-1]
            kind = "models" if last in ("Model", "Sequential") else \
                next((k for k in KERAS_STATEFUL if f".{k}." in qualified), None)
            if kind is not None and qualified.startswith("tensorflow.keras.") and \
                    fn.name not in ("__init__", "build") and not site.guarded_by_none_check:
                info.hazards.append(("CREATES_VARIABLES_PER_CALL", site.line, (
                    f"{site.text}(...) makes a new Keras {KERAS_STATEFUL[kind]} on every call: "
                    "eagerly each call gets its own (new weights, seeds), a tf.function only "
                    "the one made while tracing")))
            holds = self.holds_code(fn, qualified, site, args, kwargs)
            if "Model" in last or last == "Sequential":
                return frozenset({V.TF_MODEL}) | holds
            if ".layers." in qualified:
                return frozenset({V.TF_LAYER}) | holds
            if ".metrics." in qualified and last[:1].isupper():
                return frozenset({tfapi.object_value(qualified), V.TF_UPDATES}) | holds
            # tfo:checkpoint or tfo:object
            return frozenset({tfapi.object_value(qualified)}) | holds
        if api is Api.KERAS_INPUT:
            return V.OWN_SYMBOLIC  # made here
        if api is Api.TF_FUNCTION:
            return frozenset(args[0]) if args else V.UNKNOWN_SET
        if api is Api.EAGER_ONLY:
            info.hazards.append(("HAS_EAGER_ONLY_CALLS", site.line,
                                 f"{site.text}() behaves differently inside a graph"))
            return V.UNKNOWN_SET
        if api is Api.NUMPY:
            if tfapi.writes_first_argument(qualified) and site.arg_roots and \
                    site.arg_roots[0] != "new":
                info.effects.append(("write", site.arg_roots[0], site.line,
                                     f"{site.text}() writes into its first argument in place"))
            if any(V.has_tensor(a) for a in [*args, *kwargs.values()]):
                info.hazards.append(("HAS_NUMPY_ON_TENSORS", site.line,
                                     f"{site.text}(...) receives a tensor"))
            return frozenset({V.NUMPY})
        if api is Api.PURE:
            if qualified == "super" and fn.class_key:
                return frozenset({f"sup:{fn.class_key}"})
            if qualified == "type" and len(args) == 1 and not kwargs and any(
                    v == V.TENSOR or v.startswith("T|") for v in args[0]):
                # measured, TF 2.21: EagerTensor eagerly, SymbolicTensor while traced
                # (`isinstance(x, type(tf.constant(0.0)))` decides otherwise; soundness audit)
                info.hazards.append((
                    "HAS_TRACE_DEPENDENT_CODE", site.line,
                    f"{site.text}() of a tensor is EagerTensor eagerly and a symbolic tensor's "
                    "class while traced"))
                return V.UNKNOWN_SET
            if qualified == "isinstance" and len(args) == 2 and not kwargs and any(
                    v == V.TENSOR or v.startswith("T|") for v in args[0]) and \
                    (not args[1] or V.has_unknown(args[1])):
                # `isinstance(x, EAGER)` with EAGER = type(tf.constant(0.0)): True eagerly,
                # False traced (measured, TF 2.21); tf.Tensor and other named classes answer
                # the same both ways
                info.hazards.append((
                    "UNDETERMINABLE_CONSTRUCT", site.line,
                    f"{site.text}() tests a tensor against a class the engine cannot name (an "
                    "eager tensor's class answers otherwise while traced)"))
                return frozenset({"bool"})
            if qualified == "type" and len(args) == 1 and not kwargs and args[0] and \
                    all(v.startswith("obj:") for v in args[0]):
                # `type(self)`: the class of a workspace object (a store on it is a class
                # attribute's, not a library object's: facts.library_setting_write)
                return frozenset({f"cls:{v[4:]}" for v in args[0]})
            staged = tfapi.staged_exception(qualified)
            if staged is not None:  # measured: data/raised_exceptions.tsv
                info.hazards.append((
                    "HAS_TRACE_DEPENDENT_CODE", site.line,
                    f"{qualified}(...) raised while tracing surfaces as {staged} (AutoGraph "
                    f"re-raises a trace-time {qualified} as its own error): an `except "
                    f"{qualified}` around a call no longer catches it"))
                return V.UNKNOWN_SET
            if qualified == "functools.partial":  # partial(tf.random.uniform, ...): the op
                held = library_partial(self, site)
                if held is not None:
                    return held
            if qualified in static_values.SPARSE_TESTS and static_values.LIBRARY_RESULTS and \
                    len(args) == 1 and not kwargs:
                return frozenset({"bool"})  # K.is_sparse(a): False for a converted NumPy value
            if qualified in static_values.TYPE_TESTS and static_values.LIBRARY_RESULTS and \
                    len(args) == 1 and not kwargs and args[0] and \
                    all(v == V.TENSOR or v.startswith("T|") for v in args[0]):
                return frozenset({"bool"})  # is_sparse(x) of a tensor: its kind, both ways
            if qualified in static_values.OF_SHAPE and static_values.LIBRARY_RESULTS:
                # ndim(x): an int eagerly, None traced for a tensor of unknown rank; not a
                # structure of tensors (static_values shows it for the function's own parameter).
                return V.UNKNOWN_SET
            if tfapi.in_table_library(qualified):
                # tf.nest.flatten(tensors): a structure of what it was given; tf.TensorShape(...),
                # K.dtype(x), tf.type_spec_from_value(x): a Python value (unknown: a graph may
                # answer otherwise, and returned it becomes a tensor).
                given = [*args, *kwargs.values()]
                if not any(V.has_tensor(a) for a in given):
                    return V.UNKNOWN_SET
                return pure_structure_result(qualified, given)
            # `len(x.shape)`: the argument is a static shape, not a value of unknown type.
            given = [V.EMPTY if qualified in python_builtins.ON_STATIC_SHAPES and
                     self.is_static_shape(raw) else values
                     for values, raw in zip(args, site.args, strict=True)]
            self.check_tensor_value_needed(qualified, site, [*given, *kwargs.values()], info)
            if qualified.rsplit(".", 1)[-1] == "dict" and kwargs:
                # `dict(x=np.array(...))`: holds what its keywords give
                return builtin_result(qualified, args) | \
                    V.holds_numpy(frozenset().union(*kwargs.values()))
            return builtin_result(qualified, args)
        if api is Api.EFFECT:
            info.effects.append(("io", "?", site.line, tfapi.effect_reason(qualified)))
            if tfapi.numpy_draw(qualified):
                return frozenset({V.NUMPY})
            return frozenset({f"ext:{bounded(qualified)}"})
        if api in (Api.DISTRIBUTION, Api.GRAPH_ONLY):
            # Neither is modelled: the replica context differs inside a nested tf.function,
            # and trace-time APIs answer otherwise eagerly. Unknown, never safe.
            why = "depends on the distribution strategy's replica context" \
                if api is Api.DISTRIBUTION else "answers otherwise eagerly than while tracing"
            info.effects.append(("unknown", "?", site.line, f"calls {site.text}(), which {why}"))
            return frozenset({f"ext:{bounded(qualified)}"})
        why = "the API table does not classify" if tfapi.in_table_library(qualified) else \
            "the analysis cannot see into"
        info.effects.append(("unknown", "?", site.line, f"calls {qualified}(), which {why}"))
        if tfapi.numpy_draw(qualified):  # rng.normal(...) on a NumPy generator
            return frozenset({V.NUMPY})
        return frozenset({f"ext:{bounded(qualified)}"})

    def is_static_shape(self, values: Values, depth: int = 0) -> bool:
        """Whether every value of a call's argument, as written, is the static shape of a tensor:
        `t.shape` or `t.get_shape()` of values that are all tensors, their `.as_list()`, a slice
        of one (`t.shape[:-1]`), or a local assigned only such expressions. While tracing, such
        a shape has the tensor's rank (a traced argument's shape is the call's); its dimensions
        may be None, so only what needs the rank alone may use it (ON_STATIC_SHAPES)."""
        if not values or depth > 8:
            return False
        for value in sorted(values):
            kind, owner, name = value.split("|", 2) if V.is_placeholder(value) else ("", "", "")
            fn = self.functions.get(owner) if kind in ("e", "v") else None
            if fn is None:
                return False
            self.note(f"s|{owner}")
            if kind == "v":
                if not self.is_static_shape(fn.locals.get(name, V.EMPTY), depth + 1):
                    return False
                continue
            op = fn.deferred[int(name)]
            if op[0] == "attr" and op[2] == "shape":
                if not self.all_tensors(op[1]) or self.of_unknown_rank(op[1]):
                    return False
            elif op[0] == "item":
                if not self.is_static_shape(op[1], depth + 1):
                    return False
            elif op[0] == "call" and self.is_shape_call(fn.calls[op[1]]):
                continue
            elif op[0] == "call":
                site = fn.calls[op[1]]
                if site.args or site.kwargs or site.receiver is None:
                    return False
                if site.method == "get_shape":
                    if not self.all_tensors(site.receiver) or \
                            self.of_unknown_rank(site.receiver):
                        return False
                elif site.method != "as_list" or \
                        not self.is_static_shape(site.receiver, depth + 1):
                    return False
            else:
                return False
        return True

    def is_shape_call(self, site: CallSite) -> bool:
        """`keras.ops.shape(t)`, `K.int_shape(t)` of values that are all tensors of a known rank:
        a tuple of the tensor's rank both ways (static_python_values.tsv `of-shape`), whose
        dimensions may be None (int_shape) or tensors (ops.shape) traced."""
        qualified = tfapi.normalize(site.static) if site.static else ""
        return static_values.LIBRARY_RESULTS and qualified in static_values.OF_SHAPE and \
            not qualified.endswith(".ndim") and len(site.args) == 1 and not site.kwargs and \
            not site.starred and self.all_tensors(site.args[0]) and \
            not self.of_unknown_rank(site.args[0])

    def of_unknown_rank(self, values: Values, depth: int = 0) -> bool:
        """Whether a tensor, as written, may be the result of an op whose rank is unknown in a
        graph (python_builtins.UNKNOWN_RANK_OPS), directly or through a local."""
        for value in sorted(values):
            kind, owner, name = value.split("|", 2) if V.is_placeholder(value) else ("", "", "")
            fn = self.functions.get(owner) if kind in ("e", "v") else None
            if fn is None or depth > 8:
                continue
            if kind == "v":
                if self.of_unknown_rank(fn.locals.get(name, V.EMPTY), depth + 1):
                    return True
                continue
            op = fn.deferred[int(name)]
            if op[0] != "call":
                continue
            site = fn.calls[op[1]]
            qualified = tfapi.normalize(site.static) if site.static else ""
            if qualified in python_builtins.UNKNOWN_RANK_OPS and not (
                    qualified == "tensorflow.squeeze" and
                    (len(site.args) > 1 or "axis" in site.kwargs)):
                return True
        return False

    def all_tensors(self, values: Values) -> bool:
        expanded = self.expand(values)
        return bool(expanded) and all(V.is_single_tensor(v) for v in expanded)

    @staticmethod
    def check_tensor_value_needed(qualified: str, site: CallSite, args: list[Values],
                                  info: PassInfo) -> None:
        """`len(t)`, `bool(t)`, `str(t)`, `max(a, b)` on tensors: a hazard; on a value of unknown
        type (which could be a tensor): an unknown effect (default-deny)."""
        if (qualified == "hasattr" or qualified == "getattr" and len(args) > 2) and args:
            # An eager tensor has `numpy`, a traced one `op` and `graph` (measured, TF 2.21:
            # `if hasattr(x, "numpy")` took the other branch as a tf.function; so did
            # `getattr(x, "numpy", None) is None`: a first audit of session 20).
            if any(V.is_single_tensor(v) for v in args[0]):
                info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line,
                                     f"{qualified}() on a tensor answers otherwise eagerly (an "
                                     "EagerTensor) than traced (a symbolic Tensor)"))
            elif V.has_unknown(args[0]):
                info.effects.append(("unknown", "?", site.line,
                                     f"{qualified}() on a value of unknown type (on a tensor it "
                                     "answers otherwise eagerly than traced)"))
            return
        if qualified in _DATASET_BUILTINS and args and V.TF_DATASET in args[0]:
            # A fifth soundness audit, session 21 (measured, TF 2.21): AutoGraph makes `len`
            # of a dataset its cardinality and `enumerate` over one `Dataset.enumerate()`, both
            # int64 tensors where eagerly Python ints (`total / len(ds)` raised TypeError);
            # `next` of its iterator raises OutOfRangeError at the end where eagerly
            # StopIteration, and never returns a default.
            info.hazards.append(("HAS_TRACE_DEPENDENT_CODE", site.line,
                                 _DATASET_BUILTINS[qualified]))
            return
        elements = qualified in python_builtins.NEEDS_ELEMENT_VALUES or \
            qualified.startswith(python_builtins.NUMBER_MODULES)
        if not (elements or qualified in python_builtins.NEEDS_TENSOR_VALUE):
            return
        values = frozenset().union(*args) if args else V.EMPTY
        if any(V.is_single_tensor(v) or (elements and v == V.LIST_OF_TENSORS) for v in values):
            info.hazards.append(("HAS_TENSOR_TO_PYTHON_CONVERSION", site.line,
                                 f"{qualified}() needs the value of a tensor"))
        elif V.has_unknown(values):
            # What a library the engine cannot see returns (ext:) may be a tensor too.
            info.effects.append(("unknown", "?", site.line,
                                 f"{qualified}() receives a value of unknown type (it could be "
                                 "a tensor, whose value a graph does not have)"))

    def bind_passed_functions(self, site: CallSite, args: list[Values],
                              kwargs: dict[str, Values], info: PassInfo,
                              caller: FunctionSummary | None = None, qualified: str = ""
                              ) -> None:
        """`tf.map_fn(f, x)`, `tf.cond(p, lambda: g(x), ...)`, `map(f, xs)`: the library calls
        the workspace function it receives, eagerly on every call but only once when traced,
        so the function's effects and hazards count for the caller (a binding to it). Its
        parameters receive what the library passes (elements, loop variables): writes through
        them are taken as local (known limit: tf.nest.map_structure passes the caller's own
        elements). An unknown library is an unknown effect already. Except for the ops that
        give it tensors (PASS_TENSORS), what the library passes is of unknown kind
        (`map(gate, xs)`, `sorted(key=f)`, `SimpleNamespace(g=gate)`, `setattr(b, "fn",
        gate)`: a red team of session 23 saw `gate` converted on its one visible call
        `training=False` and traced later with a tensor)."""
        given = [(v, site.arg_roots[i] if i < len(site.arg_roots) else "?")
                 for i, v in enumerate(args)]
        given += [(v, site.kwarg_roots.get(k, "?")) for k, v in kwargs.items()]
        # `map(f, rows)`, `sorted(batches, key=f)`, `max(rows, key=f)` of NumPy arrays: the
        # library hands the function the arrays or their rows (a red team of session 35), whose
        # uses are judged (facts.parameter_facts)
        passed = V.UNKNOWN_SET | (frozenset({V.NUMPY}) if any(
            V.NUMPY in values or V.HOLDS_NUMPY in values for values, _ in given)
            else frozenset())
        for values, root in given:
            for value in sorted(values):  # a fixed order whatever the hash seed
                if not value.startswith(("fn:", "bfn:")):
                    continue
                key = value.split(":", 1)[1]
                callee = self.functions.get(key)
                if callee is None:
                    continue
                roots: dict[str, str] = {}
                if value.startswith("bfn:") and callee.params:
                    roots[callee.params[0]] = root  # self.step: writes to self are the caller's
                info.bindings.append(Binding(key, site, roots))
                if caller is not None and qualified not in PASS_TENSORS and \
                        not _looks_at(qualified):
                    bound = 1 if value.startswith("bfn:") else 0
                    for name in [*callee.params[bound:], *callee.kwonly,
                                 *(p for p in (callee.vararg, callee.kwarg) if p)]:
                        self.add_param(key, name, passed, site, caller)

    @staticmethod
    def check_name_argument(qualified: str, site: CallSite, args: list[Values],
                            kwargs: dict[str, Values], info: PassInfo) -> None:
        position = tfapi.NAME_POSITION.get(qualified)
        candidates = []
        if position is not None and len(args) > position and not site.starred:
            candidates.append(args[position])
        if "name" in kwargs:
            candidates.append(kwargs["name"])
        for values in candidates:
            if values and not all(v in ("str", V.NONE) or V.is_unknown(v) for v in values):
                shown = ", ".join(sorted({V.describe(v) for v in values}))
                info.hazards.append(("HAS_INVALID_NAME_ARGUMENT", site.line,
                                     f"{site.text}(...) receives {shown} as its `name`"))


# Arguments (name, position) that these ops read as Python ints: an eager tensor converts, a
# traced one raises (measured, TF 2.21, a red team of session 23; `axis` of tf.concat,
# tf.gather, tf.reduce_sum, tf.split, tf.expand_dims, tf.cumsum and `k` of tf.math.top_k take
# a tensor both ways).
PYTHON_INT_ARGUMENTS: dict[str, tuple[tuple[str, int], ...]] = {
    "tensorflow.unstack": (("num", 1), ("axis", 2)),
    "tensorflow.stack": (("axis", 1),),
    "tensorflow.squeeze": (("axis", 1),),
    "tensorflow.nn.softmax": (("axis", 1),),
    "tensorflow.math.softmax": (("axis", 1),),
    "tensorflow.nn.log_softmax": (("axis", 1),),
    "tensorflow.math.log_softmax": (("axis", 1),),
}


def _looks_at(qualified: str) -> bool:
    """A call that looks at the function object it is given without calling it (`type(f)`,
    `inspect.signature(f)`, `callable(f)`, `functools.wraps(f)`, `getattr(f, name)`)."""
    return qualified in function_objects.INTROSPECTING or \
        qualified in function_objects.BY_NAME or qualified.startswith("inspect.") or \
        qualified in ("callable", "builtins.callable", "id", "builtins.id", "hash",
                      "builtins.hash", "functools.wraps", "functools.update_wrapper")


# Library functions that call the function they are given with tensors (its elements, slices
# or accumulators): bind_passed_functions leaves its parameters to what the engine models.
PASS_TENSORS = frozenset({"tensorflow.map_fn", "tensorflow.vectorized_map", "tensorflow.scan",
                          "tensorflow.foldl", "tensorflow.foldr"})


# Rules of data/api_symbols.tsv (tools/generate_api_tables.py) for pure functions whose result is
# the structure they were given, tensors included: tf.nest.flatten, keras.tree.pack_sequence_as,
# keras.utils.unpack_x_y_sample_weight.
STRUCTURE_RULES = ("works on the structure, not on values", "override: builds a tuple",
                   "override: unpacks a tuple")


def pure_structure_result(qualified: str, given: list[Values]) -> Values:
    """What a pure in-table function given a tensor returns. A structure function (STRUCTURE_RULES)
    returns a structure of what it was given, except its predicates and assertions (`is_nested`:
    a Python bool, the same for any known value, a traced tensor being no more nested than an
    eager one; `assert_same_structure`: None). Any other (`K.dtype(x)`, `K.count_params(x)`,
    `tf.type_spec_from_value(x)`) returns a Python value read from the tensor, which is not a
    structure of tensors: `return K.ndim(y)` was taken for returning tensors and proposed, where
    eagerly it returns an int and traced a tensor. Unknown (default-deny) unless a table shows it
    (static_values.py type tests: a bool)."""
    rule = tfapi.table_rule(qualified) or ""
    if not static_values.STRUCTURES_ONLY or rule.startswith(STRUCTURE_RULES):
        last = qualified.rsplit(".", 1)[-1]
        if static_values.STRUCTURES_ONLY and last == "is_nested":
            return frozenset({"bool"}) if not any(V.has_unknown(a) for a in given) \
                else V.UNKNOWN_SET
        if static_values.STRUCTURES_ONLY and last.startswith("assert_"):
            return frozenset({V.NONE})
        return frozenset({V.LIST_OF_TENSORS})
    return V.UNKNOWN_SET


def _as_tensors(values: Values) -> Values:
    """What a Keras layer's `call` receives for these arguments: NumPy arrays become tensors."""
    return values - {V.NUMPY} | V.TENSOR_SET if V.NUMPY in values else values


ELIDED = "\u2026"  # `ext:X.…`: something reached from X, an unseen library's value


def derived_external(origin: str) -> str:
    """The value of an attribute, a method's result or a call of `origin`, an unseen library's
    value (`ext:X`): as unknown as it (values.is_unknown), named `ext:X.…` once and for all
    instead of growing by each name. A loop that rebinds `dataset = dataset.map(...)` made
    every chain of up to 5 names a value of its own: tf-models-official's `dataset` parameters
    held 998 of them, and its peak memory went from 633 to 1,050 MiB (measured, `hybridize
    check --no-cache`). Messages name the call as `X.….split()`."""
    return origin if origin.endswith("." + ELIDED) else f"{origin}.{ELIDED}"


def same_external(values: Values, origin: str) -> Values:
    """`values` with every unseen library's value replaced by `derived_external(origin)`."""
    derived = derived_external(origin)
    if not any(v.startswith("ext:") and v != derived for v in values):
        return values
    return frozenset(derived if v.startswith("ext:") else v for v in values)


def bounded(qualified: str, parts: int = 5) -> str:
    """Cap library names (`np.x.astype.astype...`) so that loops cannot grow them forever."""
    if qualified.count(".") < parts:
        return qualified
    return ".".join(qualified.split(".")[:parts])


def binop(left: Values, right: Values, true_division: bool = False) -> Values:
    both = left | right
    if both and both <= V.CONTAINERS:
        # `[loss] + [0.5]`: list or tuple concatenation is a container of both sides' elements
        # (a tensor only where a tensor operand makes TensorFlow convert the list).
        return both - {V.EMPTY_LIST} or frozenset({V.EMPTY_LIST})
    if V.KERAS_INPUT in both:
        return V.symbolic(both)
    if V.has_tensor(both):
        dynamic = frozenset({V.DYNAMIC_TENSOR}) if V.DYNAMIC_TENSOR in both else V.EMPTY
        # `x * 2.0` where `x` is a tensor at one call and a Python float at another: a float
        # there, which a converted function would return as a tensor (an audit of session 20:
        # `scale(3.0)` gave 6.0 eagerly, tf.Tensor(6.0) converted). A unary operator has no
        # right operand.
        numbers_left = left & V.PRIMITIVES
        numbers_right = right & V.PRIMITIVES
        if numbers_left and (numbers_right or not right):
            return V.TENSOR_SET | dynamic | binop(numbers_left, numbers_right, true_division)
        return V.TENSOR_SET | dynamic
    if V.NUMPY in both:
        return frozenset({V.NUMPY})
    if both and both <= V.PRIMITIVES:
        if "str" in both:
            return frozenset({"str"})
        return frozenset({"float"}) if "float" in both or true_division else frozenset({"int"})
    return V.UNKNOWN_SET


def returned_where(fn: FunctionSummary, param: str, values: Values, depth: int) -> str:
    """"itself" when `values` (a function's returns) hold the placeholder `param`, "inside"
    when a container they hold does (`return x, label`), "" otherwise."""
    if param in values:
        return "itself"
    if depth > 3:
        return ""
    for value in values:
        kind, owner, index = value.split("|", 2) if value.count("|") >= 2 else ("", "", "")
        if kind == "e" and owner == fn.key and index.isdigit() and int(index) < len(fn.deferred):
            op = fn.deferred[int(index)]
            if op[0] == "container" and returned_where(fn, param, op[1], depth + 1):
                return "inside"
    return ""


_DYNAMIC = frozenset({V.DYNAMIC_TENSOR, V.HOLDS_DYNAMIC})


def _value_shaped(qualified: str, site: CallSite, args: list[Values],
                  kwargs: dict[str, Values]) -> bool:
    """The op's result has a shape that depends on the values of its inputs (traced, None
    where eagerly a number): tfapi.DATA_DEPENDENT_SHAPES (`tf.where` of one argument only),
    a RaggedTensor's constructors, and ops whose size an argument gives as a tensor
    (tfapi.SIZE_ARGUMENTS: `tf.range(n)`, `tf.one_hot(ids, depth=n)`, `tf.sequence_mask(lengths)`
    left without `maxlen`). (A size of unknown type is taken as a Python number, as before.)"""
    if qualified in tfapi.DATA_DEPENDENT_SHAPES:
        return not (qualified == "tensorflow.where" and (len(site.args) > 1 or site.kwargs))
    if qualified.startswith(tfapi.RAGGED_FACTORIES):
        return True
    slots = tfapi.SIZE_ARGUMENTS.get(qualified)
    if slots is None:
        return False
    found = False
    for position, keyword, needed in slots:
        given = kwargs.get(keyword) if keyword in kwargs else \
            args[position] if position is not None and position < len(args) else None
        if given is None:
            found = found or needed  # left to a default the values decide (`maxlen`)
        elif V.has_tensor(given):
            found = True
    return found


def _structure_is_list(qualified: str, args: list[Values], kwargs: dict[str, Values]) -> bool:
    """The op returns what an argument holds, in its structure (tfapi.STRUCTURE_OF_ARGUMENT),
    and that argument is a list or tuple: `tf.while_loop(cond, body, (0, acc))`."""
    where = tfapi.STRUCTURE_OF_ARGUMENT.get(qualified)
    if where is None:
        return False
    given = kwargs.get(where[1], args[where[0]] if len(args) > where[0] else V.EMPTY)
    return bool(given) and all(v in (V.LIST, V.LIST_OF_TENSORS, V.HOLDS_TENSOR_ARRAY,
                                     V.HOLDS_NUMPY, V.HOLDS_VARIABLE) for v in given)


_DATASET_BUILTINS = {
    "len": "len() of a tf.data dataset is a Python int eagerly, and in a graph its cardinality, "
           "an int64 tensor (arithmetic with a float32 or int32 tensor raises TypeError)",
    "enumerate": "enumerate() over a tf.data dataset counts with Python ints eagerly, and in a "
                 "graph with an int64 tensor (Dataset.enumerate)",
    "next": "next() of a tf.data iterator raises StopIteration at the end eagerly, and "
            "OutOfRangeError in a graph (and never returns next()'s default)",
}


def dataset_draw(method: str, site: CallSite) -> bool:
    """A dataset method or constructor that draws its seed from the global seed: given no
    `seed` (tfapi.DATASET_DRAWS)."""
    position = tfapi.DATASET_DRAWS.get(method)
    return position is not None and "seed" not in site.kwargs and len(site.args) <= position


def element_of(values: Values, fixed_index: bool = False) -> Values:
    if V.EMPTY_LIST in values:
        # An attribute set to [] and filled elsewhere: its elements are what was put in. Only []
        # itself (nothing known to be put in) stays unknown.
        values = values - {V.EMPTY_LIST} or V.UNKNOWN_SET
        if values == {V.LIST}:
            return V.UNKNOWN_SET
    out: set[str] = set()
    for value in values:
        if value == V.TF_DATASET:
            # A dataset's element: its shape may depend on the data (a `batch` without
            # `drop_remainder`, a filter, a generator): None in a graph where eagerly a number
            # (a fifth soundness audit, session 21: `b.shape[0]` of a batch). (An item of such
            # a tensor is taken as static: a parsed example's variable-length feature, read
            # from the dict, is a known gap.)
            out.add(V.DYNAMIC_TENSOR)
        elif value == V.HOLDS_DYNAMIC or value == V.DYNAMIC_TENSOR and not fixed_index:
            # An item of a tensor whose shape depends on its values keeps that: `t[tf.newaxis]`,
            # `t[None, :]`, `t[..., None]` keep every dimension, `uniq, _ = tf.unique(ids)` is
            # one (measured with TF 2.21, session 34's red team C, p112, p114, p116: an
            # unbuilt layer given `tf.boolean_mask(x, m)[tf.newaxis]` raised ValueError traced
            # as it does for `tf.expand_dims`). Not `t[0]` or `batch["image"]` of such a
            # tensor (`fixed_index`: an int or string literal; as before, a known gap): on the
            # eight projects those marked a dataset element's features, and the static-shape
            # rule declined 3 conversions more that read only their rank.
            out.add(V.DYNAMIC_TENSOR)
        elif value == V.HOLDS_VARIABLE:
            out.add(V.VARIABLE)
        elif V.is_tensor(value):
            out.add(V.TENSOR)
        elif value == V.HOLDS_TENSOR_ARRAY:  # `(ta,)[0]`: container_of keeps it beside listT
            out.add(V.TENSOR_ARRAY)
        elif value == V.LIST_OF_LAYERS:
            out.add(V.TF_LAYER)
        elif value.startswith(V.ENUMERATED):
            out.add(V.PAIR + value[len(V.ENUMERATED):])  # enumerate(x) yields (int, element)
        elif value.startswith(V.PAIR):
            out |= {"int", value[len(V.PAIR):]}
        elif value == V.RANGE:
            out.add("int")
        elif value in (V.NUMPY, "str") or V.is_symbolic(value):
            out.add(value)
        elif value == V.HOLDS_NUMPY:
            out.add(V.NUMPY)  # (an element of a container of arrays: an array, or a container)
        else:
            out.add(V.UNKNOWN)
    return frozenset(out)


# Calls that return a module's namespace when given nothing (calls.call_library).
_NAMESPACE_CALLS = frozenset({"globals", "builtins.globals", "locals", "builtins.locals", "vars",
                              "builtins.vars"})


def unpack(values: Values, index: int) -> Values:
    """The value of the `index`-th target of `a, b = value` (or `for a, b in ...`)."""
    out: set[str] = set()
    rest: set[str] = set()
    for value in values:
        if value.startswith(V.PAIR):  # for i, x in enumerate(...): i is an int, x the element
            out.add("int" if index == 0 else value[len(V.PAIR):] if index == 1 else V.UNKNOWN)
        else:
            rest.add(value)
    return frozenset(out) | element_of(frozenset(rest), fixed_index=True) if rest \
        else frozenset(out)  # (a fixed position: `image, label = element`, element_of)


def builtin_result(qualified: str, args: list[Values]) -> Values:
    name = qualified.rsplit(".", 1)[-1]
    if name in ("int", "len", "round", "hash", "id", "ord"):
        return frozenset({"int"})
    if name == "float" or qualified.startswith("math."):
        return frozenset({"float"})
    if name in ("str", "repr", "format", "chr", "ascii"):
        return frozenset({"str"})
    if name in ("bool", "isinstance", "issubclass", "callable", "hasattr", "all", "any") or \
            qualified.startswith("inspect.is"):  # inspect.isclass(f): a Python bool
        return frozenset({"bool"})
    if name == "range":
        return frozenset({V.RANGE})
    if qualified in ("slice", "bytearray", "builtins.slice", "builtins.bytearray"):
        # unhashable (slices until Python 3.12): a tf.function refuses one as an argument
        # (facts.unhashable_argument; session 33's red team A, p24)
        return frozenset({f"ext:builtins.{name}"})
    if name in ("list", "tuple", "sorted", "reversed", "zip", "enumerate", "set", "dict",
                "iter", "filter", "map"):
        inner = frozenset().union(*args) if args else V.EMPTY
        if name in ("list", "tuple", "reversed") and inner == {V.LIST_OF_LAYERS}:
            return inner  # list(self.blocks), reversed(self.blocks): still layers
        if name == "iter" and inner == {V.TF_DATASET}:
            return inner  # next(iter(dataset)) is a batch of tensors
        if name == "enumerate" and len(args) == 1:
            return frozenset(V.ENUMERATED + e for e in element_of(inner))
        return frozenset({V.LIST_OF_TENSORS if V.has_tensor(inner) else V.LIST}) | \
            V.holds_numpy(inner)  # `zip(targets, preds)` of an array: its rows are arrays
    if name in ("min", "max", "sum", "abs", "pow", "next"):
        inner = frozenset().union(*args) if args else V.EMPTY
        return binop(element_of(inner) if name == "next" else inner, V.EMPTY) \
            if inner else V.UNKNOWN_SET
    return V.UNKNOWN_SET


def tensor_value(site: CallSite) -> str:
    """A tensor, with dtype and rank when the creating call shows them (for input_signature)."""
    if site.spec is not None:
        return f"T|{site.spec[0]}|{site.spec[1]}"
    return V.TENSOR


def _own_parameter(fn: FunctionSummary, values: Values) -> str | None:
    """The parameter of `fn` that `values` (a call site's argument, unexpanded) is exactly, as
    the callers give it: its placeholder alone, a parameter the body never assigns."""
    if len(values) != 1:
        return None
    (value,) = values
    if not value.startswith(f"p|{fn.key}|"):
        return None
    param = value.rsplit("|", 1)[1]
    return None if param in fn.locals else param
