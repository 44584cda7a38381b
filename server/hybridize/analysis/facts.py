"""Compute every fact of the design brief, with evidence, from a resolved Program.

Facts closed over the call graph (side effects, tensor computation, recursion, covered callers)
are computed here once for the whole workspace; `decide` then reads them per function.
"""

from __future__ import annotations

import builtins
import functools
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hybridize.analysis import function_objects, python_builtins, static_values, tfapi
from hybridize.analysis import values as V
from hybridize.analysis.array_args import array_why
from hybridize.analysis.bodies import (
    CONTENTS_OF_ANY,
    IF_MUTABLE,
    NEEDS_VALUE,
    OPTIMIZER_UPDATES,
    RESULT_WORDS,
    SYNCHRONIZED_LAYERS,
)
from hybridize.analysis.bounded_args import Bounds
from hybridize.analysis.call_index import (
    LIBRARY_TARGET_OF_RUN,
    CallIndex,
    contents_change,
    in_workspace,
    library_target,
)
from hybridize.analysis.calls import STRATEGY_RUN, ParamSite, returned_where
from hybridize.analysis.fresh_objects import initialising_stores
from hybridize.analysis.graphs import components
from hybridize.analysis.identity_tests import identity_hazard
from hybridize.analysis.implicit_calls import IMPLICIT, SPECIAL
from hybridize.analysis.keras_build import KerasBuilds
from hybridize.analysis.keras_context import CallContext
from hybridize.analysis.literal_args import (
    container_sites,
    contributions,
    kinds_collide,
    literal_arguments,
    literal_container_sites,
    shared_traces,
)
from hybridize.analysis.model import Evidence, Fact, Repair
from hybridize.analysis.object_attrs import InstanceWrites
from hybridize.analysis.overrides import wrapped_overrides
from hybridize.analysis.parameter_defaults import left_out_at, passes
from hybridize.analysis.program import MAX_SITES, Program
from hybridize.analysis.reruns import reruns_by_method
from hybridize.analysis.retracing import deprecated_argument_repair, tensor_argument_repairs
from hybridize.analysis.setup_methods import setup_methods
from hybridize.analysis.shape_repairs import EXPLAINED, shape_repairs
from hybridize.analysis.summaries import MODULE_QUALNAME, NO_EFFECT_ON_SELF
from hybridize.analysis.summary_model import ESCAPED, CallSite, FunctionSummary, Values
from hybridize.analysis.syntax import ATTRIBUTE_READS, name_matches
from hybridize.analysis.tracing_contexts import TRACING_CALLS, keras_step

# The end of the messages of an op a graph prunes (facts.unused_arguments, partial_results,
# branch_kept, dropped_workspace_result).
_NOT_RAISED = "(a failed lookup, a value that does not parse) does not happen"

if TYPE_CHECKING:  # speculative.py builds facts with FactBuilder
    from hybridize.analysis.speculative import AssumedTensor

# Callers of callers followed to decide covered callers (a chain of 3,000 functions that each
# call the next exhausted Python's stack); a longer chain is not known to be covered.
MAX_CALLER_DEPTH = 1000

# Hazards that make a caller's graph fail too when they sit in a callee. (IS_KERAS_CALL_METHOD
# is about decorating `call` itself; a Keras symbolic argument is about the callee's call sites.)
# A GradientTape's methods that compute gradients (facts.differentiated_outputs).
_GRADIENT_METHODS = frozenset({"gradient", "jacobian", "batch_jacobian"})
# A GradientTape's methods that read what it recorded (facts.tape_parameter).
_TAPE_METHODS = _GRADIENT_METHODS | {"watch"}
# A Keras mask rides on an eager tensor as `_keras_mask`; a tf.function's results (and
# arguments) drop it (measured, TF 2.21 / Keras 3: a pooling layer then averaged the padding).
MASK_RETURNED = ("returns a tensor that may carry a Keras mask (from an Embedding with "
                 "mask_zero or a Masking layer): eagerly the mask rides on the tensor "
                 "(`_keras_mask`), a tf.function's result drops it, and the layers given it "
                 "next use no mask")
TRANSITIVE_HAZARDS = frozenset({
    "HAS_EAGER_ONLY_CALLS", "HAS_NUMPY_ON_TENSORS", "HAS_PYTHON_ITERATION_OVER_TENSOR",
    "CREATES_VARIABLES_PER_CALL", "HAS_STALE_TRAINABLE_VARIABLES", "HAS_INVALID_NAME_ARGUMENT",
    "HAS_CONFLICTING_DTYPE_COERCIONS", "HAS_EXCEPTION_HANDLING", "HAS_TENSOR_TO_PYTHON_CONVERSION",
    "HAS_TENSOR_DEPENDENT_CONTROL_FLOW", "UNDETERMINABLE_CONSTRUCT",
    # tracing.py: a callee's decorator, trace-dependent code or replica synchronization runs in
    # the caller's graph too.
    "UNDETERMINABLE_DECORATOR", "HAS_TRACE_DEPENDENT_CODE",
})  # HAS_REPLICA_CONTEXT_CALLS has a closure of its own: see replica_context()
# Findings that hold for a function's callers only, never for the function itself.
# (ZERO_FOR_CALLERS: `x * step` of two parameters, `step` a caller's 0: the function's own
# graph prunes only its input `x`, a caller's graph the ops computing it; facts.zero_arguments)
ZERO_FOR_CALLERS = "ZERO_FOR_CALLERS"
CALLERS_ONLY = frozenset({"FORWARDING_DECORATOR", static_values.CALLERS_ONLY, ZERO_FOR_CALLERS,
                          static_values.TRACE_DEPENDENT_FOR_CALLERS})
TF_DATA = "<tf.data>"  # the caller of functions that tf.data traces (Dataset.map, filter, ...)
PAST_KEPT_SITES = "a call site"  # the caller of a site past those kept per parameter (MAX_SITES)

HAZARD_ORDER = (
    "HAS_EAGER_ONLY_CALLS", "HAS_NUMPY_ON_TENSORS", "HAS_PYTHON_ITERATION_OVER_TENSOR",
    "CREATES_VARIABLES_PER_CALL", "HAS_STALE_TRAINABLE_VARIABLES", "HAS_INVALID_NAME_ARGUMENT",
    "HAS_KERAS_SYMBOLIC_ARGUMENT", "HAS_CONFLICTING_DTYPE_COERCIONS", "IS_KERAS_CALL_METHOD",
    "HAS_EXCEPTION_HANDLING", "HAS_TENSOR_TO_PYTHON_CONVERSION",
    "HAS_TENSOR_DEPENDENT_CONTROL_FLOW", "HAS_PYTHON_RETURN_VALUES", "HAS_REPLICA_CONTEXT_CALLS",
    "HAS_TRACE_DEPENDENT_CODE", "UNDETERMINABLE_CONSTRUCT", "UNDETERMINABLE_DECORATOR",
)


@dataclass(frozen=True)
class EffectFact:
    kind: str  # "io", "write", "unknown"
    root: str
    evidence: Evidence
    via: tuple[str, ...] = ()  # the call chain from the function to the effect

    def describe(self) -> str:
        where = f"{self.evidence.reason} at {self.evidence.file}:{self.evidence.line}"
        if self.via:
            depth = len(self.via) + 1
            where += f", {_ordinal(depth)} deep via {' -> '.join(self.via)}"
        return where


# Measured off/on in one process by benchmarks/stale_writers.py --compare.
FSTRING_NAMES = True


# Library objects that define `__eq__` without `__hash__` (FactBuilder.unhashable_argument):
# what argparse's parser returns is taken for its Namespace.
_UNHASHABLE_LIBRARY = ("ext:types.SimpleNamespace", "ext:argparse.", "lib:types.SimpleNamespace",
                       "lib:argparse.Namespace", "ext:builtins.slice", "ext:builtins.bytearray")


# The words of the hazards whose graph computes otherwise because an operand is a constant
# while tracing (graph_rewrites: a division by one): passed as a tensor (R2), the operand is no
# longer one (_withhold_repairs). (Not the zero rule's "may be a Python 0": it counts float
# products, which a graph does not fold, and R2 keeps those results: test_retracing_soundness.)
_CONSTANT_REWRITES = ("a division by a constant",)


def _withhold_repairs(facts: FunctionFacts) -> None:
    """The R2 and R3 repairs that would change results, withheld with the reason instead. A
    repair changes how many times the function is traced: what it does only while tracing (a
    Python side effect, known or not; a draw of tf.random's global generator, whose op seeds
    each trace restarts) then happens another number of times (measured with TF 2.21, session
    33's red team A: `COMPILES.append(...)` 3 times, 2 with reduce_retracing=True;
    `tf.random.uniform` under tf.random.set_seed draws other numbers with one trace). R2 turns
    a constant the graph rewrites with into a tensor; R3 moves an error a caller catches while
    tracing to run time (red team B)."""
    effect = next((e for e in facts.effects if e.kind != "unknown"), None) or \
        next(iter(facts.effects), None)
    if effect is not None:
        why = f"it runs Python code while tracing ({effect.describe()}), which a repair would " \
            "run another number of times (one trace instead of one per value or shape)"
    elif facts.random_evidence:
        draw = facts.random_evidence[0]
        why = f"it draws from tf.random's global generator ({draw.reason} at {draw.file}:" \
            f"{draw.line}), whose op seeds each trace restarts: with another number of traces " \
            "it draws other numbers under the same tf.random.set_seed"
    elif any(r.precondition == "R2" for r in facts.repairs) and \
            (hazard := next((e for c, e in facts.hazards if c == "HAS_TRACE_DEPENDENT_CODE" and
                             any(words in e.reason for words in _CONSTANT_REWRITES)),
                            None)) is not None:
        # a Python value passed as a tensor is no longer a constant the graph folds or
        # rewrites with (session 33's red team B, p116: `tf.floor(values / width)`)
        why = f"it has code a graph computes otherwise for a constant ({hazard.reason} at " \
            f"{hazard.file}:{hazard.line}), and a tensor argument is not one"
        facts.repair_note = f"no repair keeps the graph: {why}"
        facts.repairs = [r for r in facts.repairs if r.precondition != "R2"]
        return
    elif facts.caught_trace_errors is not None and \
            any(r.precondition == "R3" and r.kind != EXPLAINED for r in facts.repairs):
        # open dimensions turn the ValueError of tracing a caller catches into an op's error
        # when it runs, or none (measured with TF 2.21, session 33's red team B, p28, p107:
        # `tf.reshape(x, [BATCH, 3])` in `try: ... except ValueError`)
        caught = facts.caught_trace_errors
        why = f"it is {caught.reason.partition(' an error of a failing op')[0]} " \
            f"({caught.file}:{caught.line}): with dimensions left open, what tracing raised " \
            "is raised when the graph runs, as an OpError, or not at all"
        facts.repairs = [r for r in facts.repairs if r.precondition != "R3" or
                         r.kind == EXPLAINED] + [Repair(
            EXPLAINED, "R3", f"retraces for every new shape; neither an input_signature nor "
            f"reduce_retracing keeps the results: {why}")]
        return
    else:
        return
    kept = [r for r in facts.repairs if r.precondition not in ("R2", "R3") or r.kind == EXPLAINED]
    if any(r.precondition == "R3" and r.kind != EXPLAINED for r in facts.repairs):
        kept.append(Repair(EXPLAINED, "R3", f"retraces for every new shape; neither an "
                           f"input_signature nor reduce_retracing keeps the results: {why}"))
    if any(r.precondition == "R2" for r in facts.repairs):
        facts.repair_note = f"no repair keeps the graph: {why}"
    facts.repairs = kept


class _LazyWrites(dict):
    """FactBuilder.mutated_state's dict: the writes of a global through calls (`pending`,
    candidates in order) are decided by `resolve` (a weak reference to the builder's
    first_call_write) when the global is first looked up, and kept; every other entry is a
    plain one."""

    __slots__ = ("pending", "resolve")

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[str, list] = {}
        self.resolve: Any = None

    def _settle(self, key: str) -> None:
        candidates = self.pending.pop(key, None)
        if candidates:
            found = self.resolve()(key, candidates)
            if found is not None:
                dict.__setitem__(self, key, found)

    def __contains__(self, key: object) -> bool:
        if self.pending:
            self._settle(key)  # type: ignore[arg-type]
        return dict.__contains__(self, key)

    def __getitem__(self, key: str) -> tuple[str, int, str]:
        if self.pending:
            self._settle(key)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if self.pending:
            self._settle(key)
        return dict.get(self, key, default)


# Python's builtin names (facts.rebound_library_calls: `builtins.max = min`).
_BUILTIN_NAMES = frozenset(dir(builtins))


def _changed_in_place(values: Values) -> bool:
    """What `name += v` changes in place rather than rebinds: an ndarray, a list, an object
    of a workspace class (which may define `__iadd__`). Not a value of unknown kind: on the
    eight projects those were numbers (`num_buckets //= 2` in tf-models-official's
    `_relative_position_bucket`) and tensors (gpflow's `log_prob += ...`), 40 new claims of
    a change that none showed; an ndarray of unknown kind so augmented is a known gap."""
    return any(v == V.NUMPY or v in V.CONTAINERS or v.startswith("obj:") for v in values)


def _attribute_store(reason: str) -> bool:
    """An effect that stores or deletes an attribute of its object (bodies.write_effect:
    "assigns cfg.scale (...)", "dels cfg.scale, ..."): matched by the attribute's name to its
    reads (attribute_write), not a change of the object's contents."""
    verb, _, rest = reason.partition(" ")
    text = rest.split(" ", 1)[0].rstrip(",")
    return verb in ("assigns", "dels") and "." in text and "[" not in text and "(" not in text


def site_uses(caller: FunctionSummary, site: CallSite, kind: str
              ) -> Iterator[tuple[int, list[str]]]:
    """The value uses of `kind` the caller's summary notes about the call at `site`, whose
    detail is `col|...` (bodies' `fresh-arg`, `unsorted-arg`): (line, the detail's other
    parts)."""
    for use, _values, line, detail in caller.value_uses:
        if use != kind or line != site.line:
            continue
        col, *parts = detail.split("|")
        if int(col) == site.col:
            yield line, parts


def _attribute_text(attr: str) -> str:
    """A read's attribute in evidence: `.name`, or what `*` stands for (read_names)."""
    if attr == "*":
        return "attributes by a computed name"
    if attr == "__dict__":
        return "its attributes through `__dict__` (or vars())"
    if attr.startswith("*"):
        prefix, _, suffix = attr[1:].partition("*")
        return f"the attributes `{prefix}...{suffix}` by a computed name"
    return f".{attr}"


def _chain_rank(effect: EffectFact) -> tuple:
    evidence = effect.evidence
    return len(effect.via), effect.via, evidence.file, evidence.line, evidence.reason


def _at(site: ParamSite) -> str:
    """Where a call site is, in parentheses; nothing for one past those kept per parameter."""
    return "" if site.caller == PAST_KEPT_SITES else f" ({site.file}:{site.line})"


def variable_argument(builder: FactBuilder, site: ParamSite, param: str) -> str:
    """Why a variable given as an argument declines a conversion (measured with TF 2.21 and
    Keras 3.15, a red team of session 37 on spektral's `ops.transpose`, given GATConv's attention
    kernels by `_call_single`)."""
    return (f"{builder.name(site.caller)} passes a tf.Variable or a Keras weight (or a list "
            f"of them) as `{param}`, and may itself run inside a trace (a Keras layer's `call`, "
            "a training step, a tf.function, or a function a conversion would trace): there a "
            "tf.function given a variable as an argument keeps the first one it was traced "
            "with, so once that layer is gone, a call for another layer's raises "
            "AssertionError (\"referencing variables which have been deleted\"), and a Keras 3 "
            "weight cannot be passed at all (NotImplementedError: numpy() in `fit`); eagerly "
            "both run")


def _ordinal(depth: int) -> str:
    words = {2: "two calls", 3: "three calls", 4: "four calls"}
    return words.get(depth, f"{depth} calls")


@dataclass
class FunctionFacts:
    hybrid: bool
    tensor_parameter: Fact = None
    tensor_evidence: list[Evidence] = field(default_factory=list)
    # Why the tensor parameter fact is false or unknown, where a call site shows it (a NumPy
    # array used in a way a graph changes, what a caller passes instead of a tensor).
    no_tensor_evidence: list[Evidence] = field(default_factory=list)
    speculative: bool = False
    # --speculative: the configuration values it relies on, in words (config_values.py).
    configuration: str = ""
    primitive_parameter: Fact = False
    primitive_evidence: list[Evidence] = field(default_factory=list)
    # A Python list, tuple or dict without tensors: tf.function traces it by content.
    container_evidence: list[Evidence] = field(default_factory=list)
    side_effects: Fact = False
    effects: list[EffectFact] = field(default_factory=list)
    recursive: bool = False
    recursion_evidence: list[Evidence] = field(default_factory=list)
    hazards: list[tuple[str, Evidence]] = field(default_factory=list)
    stale_reads: list[Evidence] = field(default_factory=list)
    tensor_computation: Fact = False
    computation_evidence: list[Evidence] = field(default_factory=list)
    covered_callers: bool = False
    callers: list[Evidence] = field(default_factory=list)
    unsupported: str | None = None
    nested: bool = False  # defined in a function body: a new tf.function on every call
    inferred_signature: str | None = None
    has_input_signature: bool = False
    keras_input: bool = False
    random_evidence: list[Evidence] = field(default_factory=list)  # stateful tf.random draws
    # a chain of three or more `+` or `*` terms a graph may reorder (REASSOCIATED_ARITHMETIC)
    chain_evidence: list[Evidence] = field(default_factory=list)
    # a reshape to a shape without a literal -1, which a graph may drop (ELIDED_RESHAPE)
    reshape_evidence: list[Evidence] = field(default_factory=list)
    # a reshape with a -1 beside a dimension that may be 0, sized otherwise by a graph on an
    # empty input (EMPTY_RESHAPE)
    empty_reshape_evidence: list[Evidence] = field(default_factory=list)
    # its module imports Keras 3 and nothing of TensorFlow: a conversion ties it to the
    # TensorFlow backend (KERAS_BACKEND)
    keras_backend: Evidence | None = None
    # a value of unknown type beside tensors, and the use a NumPy array there would change
    # (parameter_facts; the UNTYPED_ARGUMENTS assumption)
    untyped_evidence: list[Evidence] = field(default_factory=list)
    state_evidence: list[Evidence] = field(default_factory=list)  # tf.print, v.assign_add(...)
    decorator_args: list[str] = field(default_factory=list)  # tf.function's keyword names
    # A use of the tf.function as one (`f.get_concrete_function`): function_objects.py.
    used_as_tf_function: Evidence | None = None
    # A tf.function called inside a `try` that catches what tracing raises (FactBuilder.caught):
    # its removal would raise an op's error instead (session 33's red team A, p84)
    caught_trace_errors: Evidence | None = None
    caught_op_errors: Evidence | None = None  # (a `try` catching the op's own error, p67)
    # `return self.w`, `return model.trainable_variables[0]` in a hybrid function: an object it
    # did not make that may be a tf.Variable, which the graph returns as a tensor of its value
    # at the call (a removal would hand callers the live variable: red team D of session 34)
    returns_held: Evidence | None = None
    # A hybrid function's parameter given Python numbers of two types (literal_args.
    # shared_traces): one trace serves equal values of both, which a removal would undo.
    shared_trace: Evidence | None = None
    # Python values at the call sites of a hybrid function: "literal" (a few constants, a few
    # traces), "computed" (unbounded: a loop counter, data) or "unknown"; with the deciding site.
    retrace_bound: str = ""
    bound_evidence: Evidence | None = None
    # The function's own definition: where a failure about the whole function points.
    definition: Evidence | None = None
    # Repairs that keep the graph (retracing.py), and why R2 is not offered where it is not.
    repairs: list[Repair] = field(default_factory=list)
    repair_note: str = ""


class _KerasTraced:
    """Function key -> why Keras traces it (`keras_step`), for the functions asked about."""

    def __init__(self, program: Program) -> None:
        self.p = program
        self.found: dict[str, str | None] = {}

    def get(self, key: str) -> str | None:
        if key not in self.found:
            fn = self.p.functions.get(key)
            self.found[key] = keras_step(self.p, fn) if fn is not None else None
        return self.found[key]

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: str) -> str:
        why = self.get(key)
        if why is None:
            raise KeyError(key)
        return why


class _Hybrid:
    """The functions that are already tf.functions: decorated, or wrapped (`f = tf.function(g)`)."""

    def __init__(self, program: Program) -> None:
        self.p = program

    def __contains__(self, key: str) -> bool:
        fn = self.p.functions.get(key)
        return fn is not None and (fn.hybrid or key in self.p.wrapped)


def is_reported(fn: FunctionSummary) -> bool:
    return fn.qualname != MODULE_QUALNAME and fn.name != "<lambda>"


# Attributes a store of another attribute changes: Keras' `layer.dtype_policy = ...` (a
# property setter) changes the layer's compute_dtype, variable_dtype and dtype strings.
_WRITTEN_THROUGH = {name: ("dtype_policy", "_dtype_policy")
                    for name in ("compute_dtype", "variable_dtype", "dtype")}
# A Keras layer's or model's lists of variables by trainability: they follow the `trainable`
# flag of every layer they hold, so a store of `trainable` on any layer (`base.trainable =
# False`, fine-tuning) changes them, and a graph keeps the list it read while tracing (with the
# BatchNormalization mode of that trace). Measured: a converted training step, called before
# `base.trainable = False` and after, kept updating the frozen base (losses 0.279, 0.268
# against 0.420, 0.381 eagerly; tests/fixtures/frozen_base/frozen_base.py).
# Library values that may be a workspace Keras layer (facts._writes): a TensorFlow object of
# no known class (a callback's `self.model`), a list of layers (`model.layers`), and what the
# engine types a tensor (the result of a TensorFlow object's method, `get_layer("warm")`: a
# tensor takes no attribute stores, so a store shows it is some other object). A layer or
# model the library constructs (`tfo:layer`, `tfo:model`) is of the library's own class.
def _result_call(root: str) -> tuple[int, bool]:
    """The call index of a result root ("r:INDEX", bodies.root_of; -1 when malformed) and
    whether it stands for what the result holds too ("r:INDEX:in")."""
    number, _, inside = root[2:].partition(":")
    return (int(number) if number.isdigit() else -1), bool(inside)


def _owner_words(root: str) -> str:
    """Who owns the object a call returned (FactBuilder.owners), in the user's words."""
    kind, _, name = root.partition(":")
    if kind == "p":
        return "the object itself" if name in ("self", "cls") else f"the argument `{name}`"
    if kind in ("g", "nl"):
        return f"the {'global' if kind == 'g' else 'closure variable'} {name.rsplit('.', 1)[-1]}"
    return "an object the engine cannot follow"


# What a tf.function returns as a new list (nest.pack_sequence_as): a list returned is a copy.
_RETURNED_LISTS = frozenset({V.LIST_OF_TENSORS, V.EMPTY_LIST})
_LIBRARY_HOLDERS = frozenset({V.TF_OBJECT, V.LIST_OF_LAYERS})
_ANY_KERAS = "<any workspace Keras layer>"  # in a write's classes: matched by the reader's
_TRAINABILITY_LISTS = frozenset({"trainable_variables", "trainable_weights",
                                 "non_trainable_variables", "non_trainable_weights"})
# What `Model.compile` sets, read through the model: a graph keeps the loss, optimizer and
# metrics it traced, while Keras resets its own train function in `compile` (measured: a step
# run again after a second `compile` with another loss kept the first; fixtures/recompiled).
_COMPILE_STATE = frozenset({"optimizer", "loss", "compiled_loss", "compiled_metrics",
                            "metrics", "metrics_names", "compute_loss", "compute_metrics",
                            "loss_fn"})


def value_params(fn: FunctionSummary) -> list[str]:
    """The parameters that carry values (not self/cls)."""
    params = list(fn.params)
    if fn.kind in ("method", "classmethod") and params:
        params = params[1:]
    return params + fn.kwonly + [p for p in (fn.vararg, fn.kwarg) if p]


# Library objects whose own code reads the settings stored on them (a layer's `rate`, an
# optimizer's `clipnorm`): runs_changed_settings.
_SETTINGS_READERS = frozenset({V.TF_LAYER, V.TF_MODEL, V.TF_OBJECT})
_NUMBERS = frozenset({"int", "float", "bool", V.NUMPY})


class FactBuilder:
    """Facts for every function, or (with `only`) for some functions: then only they and the
    functions they reach through calls are examined, which is what an editor needs for the
    files it shows."""

    def __init__(self, program: Program, speculative: bool, bool_is_primitive: bool = True,
                 only: set[str] | None = None,
                 assumed: dict[str, list[AssumedTensor]] | None = None,
                 index: CallIndex | None = None):
        self.p = program
        self.speculative = speculative
        # --speculative: parameters taken for tensors from their use in the body (speculative.py)
        self.assumed = assumed or {}
        self.primitive_kinds = V.PRIMITIVES if bool_is_primitive else V.PRIMITIVES - {"bool"}
        # Who calls whom, what every site passes, every attribute write: whole-program tables,
        # kept between runs by the language server and updated for what changed (call_index.py).
        self.index = index if index is not None else CallIndex()
        self.index.update(program)
        self.edges = self.index.edges
        self.callers = self.index.callers
        self.traced = self.index.traced
        self.bindings_to = self.index.bindings_to
        # attribute -> (values of the objects written, file, line, why), from every function.
        self.attr_writes = self.index.attr_writes
        self.explained = self.index.explaining
        # keras_build.py, computed on first use
        self.keras_builds = KerasBuilds(program, self.index.callers,
                                        self.index.symbolic_sites)
        self.call_context = CallContext(program, self.index.callers,
                                        self.keras_builds.is_reached, self.keras_builds.reach)
        # Keras traces a Model's train_step/test_step/predict_step itself (tracing_contexts.py).
        self.keras_traced = _KerasTraced(program)
        self.hybrid = _Hybrid(program)
        self.closure_owners: dict[Evidence, str] = {}
        # Hazards at the function's own tf.function boundary (a Keras mask on an argument or
        # the result): a caller whose graph holds the call keeps the mask, so it does not
        # inherit them.
        self.boundary: set[Evidence] = set()
        # function -> (the function calling keras.Input whose build it runs in, its line):
        # symbolic_region, computed on first use
        self._symbolic: dict[str, tuple[str, int]] | None = None
        # escaped function -> (a function of the region that gives a Keras symbolic input to
        # a value of unknown kind, that call's line): symbolic_region
        self._symbolic_escaped: dict[str, tuple[str, int]] = {}
        # function building a functional model from keras.Input -> (the line of its last
        # model, the function making the keras.Input, that call's line): symbolic_region
        self.builders: dict[str, tuple[int, str, int]] = {}
        # module -> (function, the lines of its ESCAPED sites): escaped_functions
        self._escaped: dict[str, list[tuple[str, tuple[int, ...]]]] | None = None
        self._escaped_of: dict[str, list[str]] = {}  # escaped_functions, by module
        self._descendants: dict[str, frozenset[str]] | None = None  # class -> classes deriving
        self._descendants_of: dict[frozenset[str], frozenset[str]] = {}  # from it; from any
        self._holds_class: dict[Values, bool] = {}  # holds_class
        self._setup: frozenset[str] | None = None  # setup_methods.py, computed on first use
        self._settings_written: frozenset[str] | None = None  # static_values.settings_written
        self._reruns: dict[str, dict[str, tuple[str, int, str]]] | None = None  # reruns.py
        self._initialising: set[tuple[str, int, str]] | None = None  # fresh_objects.py
        # (file, line, models, function) of every `compile` call: FactBuilder.recompile
        self._compiles: list[tuple[str, int, Values, str]] | None = None
        # the first change of a library object's setting, and what it may reach:
        # library_setting_write
        self._library_setting: tuple[tuple[str, int, str, Values] | None] | None = None
        # Memos of attribute_write and related (see there): the program does not change while
        # the facts are built, so the same question has the same answer.
        self._mutated: dict[str, tuple[str, int, str]] | None = None
        self._escapes: dict[str, list[tuple[str, int, str, str]]] | None = None
        self._kept: dict[str, list[tuple[str, str, int, str]]] | None = None
        self._identity: dict[str, Evidence] | None = None
        self._saves: tuple[str, int] | tuple[()] | None = None  # saved_method
        self._writes_of: dict[str, list[tuple[str, int, str, frozenset[str], bool]]] = {}
        self._replica_region: set[str] | None = None
        self._constructions: dict[str, int] | None = None
        self._keras_used: dict[str, dict[str, tuple[CallSite, bool]]] | None = None
        self._updates: dict[str, list[Evidence]] | None = None  # optimizer_updates
        self._applied: dict[str, set[str]] | None = None  # applied_params
        self._patterns: list[str] | None = None  # name_patterns
        self._attribute_writes: dict[tuple[str, Values], tuple[str, int, str] | None] = {}
        self._written_names: list[str] | None = None  # written_names, once per build
        self._related: dict[tuple[str, str], bool] = {}
        self._module_writes: dict[tuple[str, str], tuple[str, int, str] | None] = {}
        # attribute -> its stores as module_attribute_write matches them (see there)
        self._stores_of: dict[str, list[tuple[Values, bool, tuple[str, int, str]]]] = {}
        self._aliases: dict[str, tuple[str, ...]] | None = None  # aliases()
        self._param_writes: dict[tuple[str, str], bool] | None = None  # writes_parameter
        self._results: dict[tuple[str, str], frozenset[str]] = {}  # result_roots
        self._immutable: dict[Values, bool] = {}  # immutable_values
        self._passed: dict[str, list[tuple[Values, str, int, str]]] | None = None
        self._direct: set[tuple[str, str]] | None = None  # direct_writers
        self._storing: set[tuple[str, str]] | None = None  # storing_writers
        # caught: per kind of handler (what an op raises eagerly; what tracing raises), the
        # memo, whether no function has such a `try`, the functions none reaches
        self._caught: dict[bool, tuple[dict[str, Evidence | None], bool, set[str]]] = {}
        self._changed_attrs: frozenset[str] = frozenset()  # mutated_state's
        self._changed_classes: dict[str, tuple[str, ...]] | None = None
        self._related_to: dict[str, list[str]] = {}
        self._loose: dict[str, list[tuple[str, Evidence]]] | None = None  # loose_method
        # attribute -> (class key, "i"/"f" a 0 it sets, "p" a parameter it stores, owner,
        # parameter): zero_attribute
        self._zero_attrs: dict[str, list[tuple[str, str, str, str]]] | None = None
        self._zero_stores: dict[str, str] | None = None  # attribute -> where (zero_attribute)
        self.instance_writes = InstanceWrites(self)  # object_attrs.py
        self.scope = self.reachable(only) if only is not None else set(program.functions)
        self.components = self.strongly_connected_components()

    def reachable(self, start: set[str]) -> set[str]:
        """The functions in `start` and every function they call, transitively."""
        seen = set(k for k in start if k in self.p.functions)
        stack = list(seen)
        while stack:
            for callee in self.edges.get(stack.pop(), ()):
                if callee not in seen and callee in self.p.functions:
                    seen.add(callee)
                    stack.append(callee)
        return seen

    def build(self) -> dict[str, FunctionFacts]:
        effects = self.close_effects()
        computes = self.close_tensor_computation()
        draws = self.close_random_draws()
        builds = self.close_keras_builds()
        chains = self.close_first("chain")
        reshapes = self.close_first("reshape")
        empty_reshapes = self.close_first("empty_reshape")
        state_ops = self.close_state_ops()
        recursive = self.recursive_functions()
        covered = self.covered_functions()
        mutated = self.mutated_state()
        out: dict[str, FunctionFacts] = {}
        # A lambda is not reported, but what fails in its body fails in its callers' graphs:
        # its facts are built for the closure over callees, then dropped.
        lambdas = {key for key in self.scope if self.p.functions[key].name == "<lambda>"}
        for key in self.scope:
            fn = self.p.functions[key]
            if not is_reported(fn) and key not in lambdas:
                continue
            facts = FunctionFacts(hybrid=key in self.hybrid, unsupported=fn.unsupported,
                                  nested=fn.parent is not None,
                                  definition=self.evidence(key, fn.line, fn.qualname))
            self.parameter_facts(fn, facts)
            facts.effects = sorted(effects.get(key, {}).values(),
                                   key=lambda e: (e.kind == "unknown", len(e.via), e.evidence.file,
                                                  e.evidence.line, e.evidence.reason, e.via))
            # A call that tracing.py models (replica synchronization, trace-dependent APIs) is
            # judged by its own rule, not as an unknown effect.
            facts.effects = [e for e in facts.effects if e.kind != "unknown" or
                             (e.evidence.file, e.evidence.line) not in self.explained]
            if fn.class_key and fn.name in NO_EFFECT_ON_SELF and not facts.hybrid:
                # Its writes to self are not counted (the object is being made), but traced
                # they would store graph tensors on it (measured, TF 2.21: a tf.function
                # __init__ storing its tensor argument, then read eagerly: TypeError, "out of
                # scope"; keras-hub DropPath.__init__ was proposed).
                facts.effects.insert(0, EffectFact("write", "self", self.evidence(
                    key, fn.line, f"`{fn.name}` sets up the object itself: traced, what it stores "
                    "on `self` would be graph tensors, out of scope after the trace")))
            known = [e for e in facts.effects if e.kind != "unknown"]
            facts.side_effects = True if known else (None if facts.effects else False)
            if key in recursive:
                facts.recursive = True
                facts.recursion_evidence = [self.evidence(caller, line, "calls it back")
                                            for caller, line in self.callers[key]
                                            if caller in recursive[key]][:3]
            facts.tensor_computation = key in computes
            facts.computation_evidence = computes.get(key, [])
            facts.random_evidence = draws.get(key, [])
            facts.chain_evidence = chains.get(key, [])
            facts.reshape_evidence = reshapes.get(key, [])
            facts.empty_reshape_evidence = empty_reshapes.get(key, [])
            facts.keras_backend = self.keras_backend_neutral(fn)
            facts.state_evidence = state_ops.get(key, [])
            facts.covered_callers = key in covered
            facts.callers = [self.evidence(key, fn.line, self.keras_traced[key])] \
                if key in self.keras_traced else []
            facts.callers += [self.evidence(c, line, self.traced_by(c, line))
                              for c, line in self.traced.get(key, [])][:2]
            facts.callers += [self.evidence(c, line, f"called from {self.name(c)}")
                              for c, line in self.callers.get(key, [])][:5]
            facts.hazards = self.hazards(fn, facts)
            if fn.zero_params and (zero := self.zero_arguments(fn)) is not None:
                facts.hazards.append(zero)  # callers' too
            if not facts.hybrid and key in builds and not (
                    fn.name == "call" and fn.class_key and self.p.is_keras_layer(fn.class_key)):
                # (A Keras layer's own `call`: its builds are IS_KERAS_CALL_METHOD's question.)
                # `forward(x, use_head)` calling `head(h)` only when `use_head`: the trace
                # for the other Python value builds `head`, and tf.function refuses variables
                # made after its first trace (a red team of session 26, p170, p171: ValueError
                # traced).
                first = builds[key][0]
                retraces = f"for each value of a Python argument " \
                    f"({facts.primitive_evidence[0].reason})" if facts.primitive_evidence \
                    else "for each new input shape (a branch on a static shape takes another path)"
                facts.hazards.append(("CREATES_VARIABLES_PER_CALL", Evidence(
                    first.file, first.line,
                    f"{first.reason}: it retraces {retraces}, and a Keras layer first called "
                    "in a later trace builds its weights there, which tf.function refuses after "
                    "its first trace (ValueError; a red team of session 26)")))
            facts.stale_reads = self.stale_reads(fn, mutated)
            out[key] = facts
        # What fails or goes stale in a callee fails or goes stale in the caller's graph too.
        # A forwarding decorator's wrapper runs eagerly around the function itself whatever it
        # is, but a caller's graph would trace it: unknown for callers only (tracing.py).
        # Likewise a static shape of the function's own parameter (static_values.py).
        forwarding = {k: [("UNDETERMINABLE_DECORATOR" if c == "FORWARDING_DECORATOR" else
                           "HAS_TRACE_DEPENDENT_CODE" if c in (
                               ZERO_FOR_CALLERS, static_values.TRACE_DEPENDENT_FOR_CALLERS) else
                           "UNDETERMINABLE_CONSTRUCT", e) for c, e in f.hazards
                          if c in CALLERS_ONLY] for k, f in out.items()}
        for facts in out.values():
            facts.hazards = [h for h in facts.hazards if h[0] not in CALLERS_ONLY]
        inherited = self.close_over_callees(
            {k: [(c, e) for c, e in f.hazards if c in TRANSITIVE_HAZARDS and
                 e not in self.boundary] + forwarding[k]
             for k, f in out.items()})
        stale = self.close_over_callees(
            {k: [("HAS_STALE_READS", e) for e in f.stale_reads] for k, f in out.items()},
            owners=self.closure_owners)
        replica, run_only = self.replica_context(out)
        for key, facts in out.items():
            own = {(c, e) for c, e in facts.hazards}
            facts.hazards += [item for item in inherited.get(key, []) if item not in own]
            synchronizes = any(c == "HAS_REPLICA_CONTEXT_CALLS" for c, _ in facts.hazards)
            if key in run_only:  # strategy.run's own function is not a nested tf.function
                facts.hazards = [h for h in facts.hazards if h[0] != "HAS_REPLICA_CONTEXT_CALLS"]
            elif key in replica and not synchronizes:
                facts.hazards.append(("HAS_REPLICA_CONTEXT_CALLS", replica[key]))
            order = {code: i for i, code in enumerate(HAZARD_ORDER)}
            facts.hazards.sort(key=lambda item: order.get(item[0], 99))
            own_stale = set(facts.stale_reads)
            facts.stale_reads += [e for _, e in stale.get(key, []) if e not in own_stale]
        for key in lambdas:
            del out[key]
        static_shapes = self.static_shape_reads()
        literals = None
        reads: function_objects.AttributeReads | None = None

        overridden: dict[str, Evidence] | None = None
        for key in self.scope:
            fn = self.p.functions[key]
            if not is_reported(fn):
                continue
            facts = out[key]
            facts.has_input_signature = "input_signature" in fn.decorator_args
            facts.decorator_args = list(fn.decorator_args) + sorted(
                {k for w in self.p.wrapped.get(key, []) for k in w.keywords})
            uses = self.index.object_uses.get(key, [])
            if reads is None:
                reads = function_objects.attribute_reads(self.p, self.index.api_readers)
            use = function_objects.api_uses(self.p, reads, uses, key)
            if not facts.hybrid and uses:
                if (held := function_objects.keras_held(self.p, uses)) is not None:
                    facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", Evidence(*held)))
            if use is not None and not facts.hybrid and use[3]:
                # `inspect.isfunction(f)`, `type(f)`: converted, f is another object (a
                # caller's graph calling it does not change it: its own hazard only)
                attribute = "." in use[3] and "(" not in use[3]  # `step.__defaults__`
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", Evidence(use[0], use[1], (
                    f"`{use[3]}` looks at the function object: with the decorator it is a "
                    + ("tf.function, whose attributes differ (no `__defaults__` or `__code__` "
                       "of the function, a `__wrapped__`)" if attribute else
                       "tf.function (another type and repr; `inspect.isfunction` is False)")))))
            if facts.hybrid:
                if use is None and fn.class_key:
                    use = self.saved_method(fn)
                if use is not None:
                    facts.used_as_tf_function = Evidence(use[0], use[1], use[2])
                if overridden is None:
                    overridden = wrapped_overrides(self.p)
                if key in overridden:  # overrides.py: the wrapper runs a subclass's body
                    facts.hazards.append(("UNDETERMINABLE_CONSTRUCT", overridden[key]))
            served = self.served_argument(fn)  # its own arguments: not a callee's
            if served is not None:
                facts.hazards.append(("UNDETERMINABLE_CONSTRUCT", served))
            # Its own callers' objects: a caller that converts runs it eagerly inside its graph.
            if (tested := self.identity_tested().get(key)) is not None:
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", tested))
            if key in self.assumed and (given := self.returns_argument(fn)) is not None:
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", given))
            if fn.name == "__call__" and fn.class_key and any(
                    base.endswith("LearningRateSchedule")
                    for base in self.p.library_bases(fn.class_key)):
                # An audit of realistic programs (session 21; measured, TF 2.21 / Keras 3).
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", self.evidence(
                    key, fn.line, "a Keras learning-rate schedule's `__call__`: the optimizer "
                    "calls it with its `iterations`, a keras.Variable, which a tf.function "
                    "takes as a Python object (inside a traced step it raised "
                    "NotImplementedError); the optimizer's own graph runs it already")))
            if (outputs := self.differentiated_outputs(fn)) is not None:
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", outputs))
            if (taped := self.tape_parameter(fn)) is not None:
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", taped))
            if not facts.hybrid and fn.class_key and (saved := self.saved_object(fn)):
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", Evidence(
                    saved[0], saved[1], "a SavedModel is saved here, which keeps a module's "
                    "tf.functions: with the decorator the method is in it too (the loaded "
                    "module gains it)")))
            if facts.hybrid and "reduce_retracing" in facts.decorator_args and \
                    key in static_shapes:
                # From its second trace on, reduce_retracing traces relaxed shapes (None
                # dimensions): `x.shape[0]` is None traced, a number eagerly (a first audit of
                # session 20, e07: ValueError traced, the mean eagerly).
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", self.evidence(key, fn.line, (
                    "tf.function(reduce_retracing=True) traces relaxed shapes (None "
                    "dimensions) after the first calls, and it reads a static shape, which is "
                    "a number eagerly"))))
            if (unsorted := self.unsorted_argument(fn)) is not None:
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", unsorted))
            if fn.kind == "method" and fn.class_key and \
                    (keyed := self.instance_keyed(fn)) is not None:
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", keyed))
            if (temporary := self.temporary_receiver(fn) or (
                    # `tf.function(self.m)` holds the bound method, and it its instance
                    self.loose_method(fn) if not self.p.wrapped.get(key) else None)) is not None:
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", temporary))
            if (varying := self.varying_keras_objects(fn) or
                    self.optimizer_variables(fn)) is not None:
                facts.hazards.append(("CREATES_VARIABLES_PER_CALL", varying))
            if facts.hybrid and facts.primitive_parameter:
                facts.retrace_bound, facts.bound_evidence = self.retrace_bound(fn)
                if (shared := shared_traces(self, fn, value_params(fn))) is not None:
                    # `n // 2` and `n / 2`: the graph runs one value's trace for the other
                    # type's (session 34's red team D, p07, p44, p91): a removal changes that
                    facts.shared_trace = self.evidence(fn.key, fn.line, shared)
                facts.repairs, facts.repair_note = tensor_argument_repairs(self, fn, facts)
            elif facts.primitive_parameter:  # literals at every call site (literal_args.py)
                if literals is None:
                    literals = contributions(self)
                    bounds = Bounds(self, literals)
                params = value_params(fn)
                shared = shared_traces(self, fn, params)  # 4 and 4.0 share one trace
                if shared:
                    facts.primitive_evidence.insert(0, self.evidence(fn.key, fn.line, shared))
                bound = None if shared else literal_arguments(self, fn, literals, params) or \
                    bounds.decide(fn, facts.primitive_evidence)  # bounded_args.py
                if bound is not None:
                    facts.retrace_bound, facts.bound_evidence = "literal", bound
            renamed = deprecated_argument_repair(facts.decorator_args,
                                                 fn.decorator_span is not None)
            if renamed is not None:
                facts.repairs.insert(0, renamed)
            # P4 writes a decorator argument: only for a decorator (not a tf.function(f)
            # wrapper), and only when nothing reads a static shape its None dimensions change.
            if facts.hybrid and fn.hybrid and not facts.has_input_signature and \
                    key not in static_shapes:
                facts.inferred_signature = self.infer_signature(fn)
            facts.repairs += shape_repairs(self, fn, facts, static_shapes)  # R3, shapes.py
            if facts.hybrid and any(r.precondition in ("R2", "R3") and r.kind != EXPLAINED
                                    for r in facts.repairs):
                _withhold_repairs(facts)
            out[key] = facts
        # The memos of attribute_write and related (8 MiB on 250 KLOC) are not needed past the
        # build, and the builder may outlive it (a reference cycle, gc off in the command line).
        self._attribute_writes, self._writes_of, self._related = {}, {}, {}
        self._results, self._immutable, self._written_names = {}, {}, None
        self._replica_region = None
        self._constructions = None
        self._keras_used = None
        self._updates = None
        self._applied = None
        self._module_writes = {}
        self._stores_of = {}
        self._aliases = None
        self._param_writes = None
        self._passed = None
        self._direct = None
        self._storing = None
        self._caught = {}
        self._changed_classes = None
        self._descendants_of, self._holds_class, self._related_to = {}, {}, {}
        self._patterns = None
        self._compiles = None
        self._library_setting = None
        return out

    def served_argument(self, fn: FunctionSummary) -> Evidence | None:
        """A call site passing, as an argument of `fn`, an object of a workspace class whose
        `__getattr__` or `__getattribute__` answers attribute reads itself. A tf.function reads
        attributes of its arguments to trace them (`__tf_tracing_type__`, `__wrapped__`, ...):
        measured, TF 2.21, a `__getattr__` returning a value for every name made the traced
        call raise AttributeError (eagerly the function returned), one raising KeyError for an
        unknown name made it raise KeyError, a `__getattribute__` that prints printed for
        those reads too (tests/fixtures/soundness/served_attrs.py). Which names such a method
        answers is not modelled: any such class (default-deny)."""
        received = self.p.params.get(fn.key, {})
        for param in value_params(fn):
            for value in sorted(self.p.expand(frozenset(received.get(param, ())))):
                if not value.startswith("obj:"):
                    continue
                for special in ("__getattribute__", "__getattr__"):
                    key = self.p.find_method(value[4:], special)
                    if key is None or key not in self.p.functions:
                        continue
                    owner = self.p.functions[key].qualname
                    for site in self.p.sites.get(fn.key, {}).get(param, []):
                        if value in self.p.expand(site.values):
                            return Evidence(site.file, site.line, (
                                f"{self.name(site.caller)} passes an object whose "
                                f"`{owner}` answers attribute reads as `{param}`: a "
                                "tf.function reads attributes of its arguments to trace "
                                "them, and such a method may answer those too"))
                    return self.evidence(fn.key, fn.line, (
                        f"an object whose `{owner}` answers attribute reads is passed as "
                        f"`{param}`: a tf.function reads attributes of its arguments"))
        return None

    # -- helpers --------------------------------------------------------------------------------
    def name(self, key: str) -> str:
        fn = self.p.functions.get(key)
        if fn is None:
            return key
        return "module level" if fn.qualname == MODULE_QUALNAME else fn.qualname

    def evidence(self, key: str, line: int, reason: str) -> Evidence:
        return Evidence(self.p.file_of.get(key, ""), line, reason)

    def traced_by(self, caller: str, line: int) -> str:
        """Who traces a function that `caller` hands to TensorFlow at `line`."""
        fn = self.p.functions.get(caller)
        site = next((s for s in (fn.calls if fn else ()) if s.line == line and s.static and
                     tfapi.normalize(s.static) in TRACING_CALLS), None)
        if site is not None:
            return f"traced by {site.text}(...) in {self.name(caller)} (also eagerly)"
        return f"traced by tf.data in {self.name(caller)}"

    # -- parameters -----------------------------------------------------------------------------
    def parameter_facts(self, fn: FunctionSummary, facts: FunctionFacts) -> None:
        params = value_params(fn)
        if fn.key in self.assumed:  # --speculative: no caller, tensor use in the body
            facts.tensor_parameter = True
            facts.speculative = True
            shown = "; ".join(a.describe() for a in self.assumed[fn.key])
            reads = self.outside_reads(fn)
            kept = f"; and that callers outside the analysed files do not change what it reads " \
                f"between calls ({reads})" if reads else ""
            facts.tensor_evidence.append(self.evidence(
                fn.key, fn.line, f"assumes its arguments are tensors, as nothing in the "
                f"workspace calls it: {shown}{kept}"))
            return
        received = self.p.params.get(fn.key, {})
        sites = self.p.sites.get(fn.key, {})
        any_unknown = False
        any_site = False
        any_array_unknown = False  # an array or dataset argument used in a way not modelled
        variable = casting = False  # a variable argument, a casting conversion (one each)
        for param in params:
            values = frozenset(received.get(param, ()))
            if not values:
                continue
            any_site = True
            if (V.has_tensor(values) or V.has_unknown(values)) and not facts.keras_input:
                self.symbolic_argument(fn, param, sites.get(param, []), facts)
            if V.has_tensor(values) or V.KERAS_INPUT in values:
                if not facts.hybrid and not casting and \
                        (line := self.casting_conversion(fn, param)) is not None:
                    casting = True
                    cast = Evidence(self.p.file_of.get(fn.key, ""), line, (
                        f"tf.convert_to_tensor({param}, dtype=...) casts a NumPy array of "
                        "another dtype (float64, int64) eagerly: the function is written for "
                        "NumPy input too, which a tf.function makes a tensor of the array's own "
                        "dtype, refused by convert_to_tensor (ValueError; measured with TF "
                        "2.21)"))
                    self.boundary.add(cast)  # a caller passes it what it computed
                    facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", cast))
                for site in sites.get(param, []):
                    if V.has_tensor(site.values) or V.KERAS_INPUT in site.values:
                        shown = next(V.describe(v) for v in sorted(site.values)
                                     if V.is_tensor(v) or v == V.KERAS_INPUT)
                        facts.tensor_evidence.append(Evidence(
                            site.file, site.line, passes(self, fn, site, param, shown)))
                        if V.MASKED_TENSOR in site.values:
                            masked = Evidence(
                                site.file, site.line,
                                f"{self.name(site.caller)} passes a tensor that may carry a "
                                f"Keras mask as `{param}` (from an Embedding with mask_zero or "
                                "a Masking layer): a tf.function's arguments drop the mask, "
                                "and the layers given it then use none")
                            self.boundary.add(masked)
                            facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", masked))
                        if V.KERAS_INPUT in site.values and not \
                                self.keras_builds.built_before_symbolic_run(fn, site.caller):
                            facts.keras_input = True
                            facts.hazards.append(("HAS_KERAS_SYMBOLIC_ARGUMENT", Evidence(
                                site.file, site.line,
                                f"{self.name(site.caller)} passes a Keras symbolic tensor "
                                f"(from keras.Input or a model's input) as `{param}`")))
                if not facts.hybrid and not variable and \
                        (found := self.variable_site(fn, param, values, sites.get(param, []))):
                    variable = True
                    # At the function's own boundary: a caller converted calls it as Python
                    # code, which takes any variable.
                    given = Evidence(found.file if found.caller != PAST_KEPT_SITES else
                                     self.p.file_of.get(fn.key, ""),
                                     found.line, variable_argument(self, found, param))
                    self.boundary.add(given)
                    facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", given))
                if V.has_unknown(values) and not facts.untyped_evidence:
                    # Beside tensors, a value of unknown type (a library's result, a parameter
                    # no call site shows) is taken for a tensor too, but it may be a NumPy
                    # array, which a tf.function makes a tensor of its own dtype (a red team of
                    # session 26, p116, p123-p126: an int64 batch times 0.5, NumPy eagerly,
                    # TypeError traced): the UNTYPED_ARGUMENTS assumption names the use that
                    # would differ. (Declining them took back 81 of 300 proposals on the eight
                    # projects, measured; the batches of `as_numpy_iterator()`, known to be
                    # arrays, are NumPy values and judged as such.)
                    site = next((s for s in sites.get(param, []) if V.has_unknown(s.values)),
                                None)
                    passed = (f"{self.name(site.caller)} passes a value of unknown type as "
                              f"`{param}`{_at(site)}, taken for a tensor as other call sites "
                              "pass one; a NumPy array there" if site is not None else
                              f"a call site passes a value of unknown type as `{param}`, taken "
                              "for a tensor as other call sites pass one; a NumPy array there")
                    differs = self.array_use_differs(fn, param, passed)
                    if differs is not None:
                        facts.untyped_evidence.append(differs)
            elif V.has_unknown(values):
                # What a library the engine cannot see returns (ext:) may be a tensor too.
                any_unknown = True
            if not facts.hybrid and (unhashable := self.unhashable_argument(
                    fn, param, sites.get(param, []))) is not None:
                facts.hazards.append(("HAS_TRACE_DEPENDENT_CODE", unhashable))
            for kind, judge in ((V.NUMPY, self.array_parameter),
                                (V.TF_DATASET, self.dataset_parameter)):
                # An array beside values of unknown type (an item of a dict of arrays, a
                # helper's result) is judged too: its uses decline as they would alone, and
                # the unknown values are no evidence (a red team of session 35)
                unknown = V.has_unknown(values)
                if kind in values and (kind == V.NUMPY or not unknown):
                    same, evidence = judge(fn, param, sites.get(param, []))
                    if same:
                        if not unknown:
                            facts.tensor_evidence.append(evidence)
                    elif not any_array_unknown:
                        any_array_unknown = True
                        facts.no_tensor_evidence.insert(0, evidence)
            # A Python literal at any call site retraces per value, and the graph returns a tensor
            # where the eager call returned a Python number: one such site is enough.
            if V.LIST in values and not facts.container_evidence:
                # Every site of the program, not only those kept as evidence; less those
                # that write the container out of literals (literal_args.container_sites).
                for site in container_sites(self, fn, param):
                    # A container left as the default is one object, traced by its content at
                    # each call (parameter_defaults.py): not a new content per call when the
                    # `def` writes it out (`lim=(1.0, 2.0)`); a default naming a list or dict
                    # that other code can change (`lim=LIMITS`, a call's result) may hold a new
                    # content at each call, and each one retraces.
                    if V.LIST in site.values and not (
                            left_out_at(self, fn, site, param) and
                            self.written_out(fn.defaults[param])):
                        # values.container_of: holding no tensor, or tensors with Python
                        # values or values of unknown type (each such leaf retraces).
                        words = "holding values other than tensors" if V.has_tensor(
                            site.values) else "of non-tensors"
                        shown = f"a Python list, tuple or dict {words}"
                        facts.container_evidence.append(Evidence(
                            site.file, site.line,
                            f"{passes(self, fn, site, param, shown)}, which other code can "
                            "change" if left_out_at(self, fn, site, param) else
                            f"{self.name(site.caller)} passes {shown} as `{param}`"))
                        break
                else:
                    # Containers written out at two call sites (or one and a default) may be
                    # equal with numbers of two types, `(1, 2)` and `(1.0, 2.0)`: one trace key,
                    # so a call runs the trace made for the other (measured, TF 2.21: the
                    # second call's tf.constant(offsets) int32 where eagerly float32).
                    written, letters = literal_container_sites(self, fn, param)
                    default = param in fn.defaults and V.LIST in self.p.expand(
                        frozenset(fn.defaults[param]))
                    if written and kinds_collide(letters + ("m" if default else "")):
                        first = written[0]
                        facts.container_evidence.append(Evidence(
                            first.file, first.line,
                            f"{len(letters) + default} calls give `{param}` a Python list, "
                            f"tuple or dict written out of literals ({self.name(first.caller)}"
                            f"{' and its default' if default else ''}), with numbers of two "
                            "types between them or in a default: equal contents with numbers "
                            "of two types (`(1, 2)` and `(1.0, 2.0)`) are one trace key, so a "
                            "call may run the trace made for the other"))
            if values & self.primitive_kinds:
                facts.primitive_parameter = True
                for site in sites.get(param, []):
                    if site.values & self.primitive_kinds:
                        kinds = " or ".join(sorted({V.describe(v) for v in site.values}))
                        facts.primitive_evidence.append(Evidence(
                            site.file, site.line,
                            f"{self.name(site.caller)} passes {kinds} as `{param}`"))
                        break
                else:  # the site is past those kept per parameter (MAX_SITES): say where at least
                    shown = sorted({V.describe(v) for v in values & self.primitive_kinds})
                    kinds = " or ".join(shown)
                    facts.primitive_evidence.append(self.evidence(
                        fn.key, fn.line, f"a call site passes {kinds} as `{param}`"))
        if any_array_unknown:
            facts.tensor_parameter = None
            return
        if facts.tensor_evidence:
            facts.tensor_parameter = True
            return
        hinted = [p for p in params if any(
            h in tfapi.TENSOR_HINTS for h in fn.hints.get(p, "").split("|"))]
        if hinted:
            facts.tensor_parameter = True
            facts.tensor_evidence.append(self.evidence(
                fn.key, fn.line, f"`{hinted[0]}` is annotated as a tensor"))
            return
        if fn.name == "call" and fn.class_key and self.p.is_keras_layer(fn.class_key) and params:
            facts.tensor_parameter = True
            facts.tensor_evidence.append(self.evidence(
                fn.key, fn.line, "Keras passes tensors to a layer's `call`"))
            return
        if params and keras_step(self.p, fn) is not None:
            facts.tensor_parameter = True
            facts.tensor_evidence.append(self.evidence(
                fn.key, fn.line, f"Keras passes a batch of tensors to `{fn.name}`"))
            return
        if "input_signature" in fn.decorator_args and params:
            facts.tensor_parameter = True
            facts.tensor_evidence.append(self.evidence(
                fn.key, fn.line, "the input_signature declares tensor arguments"))
            return
        if not params:
            facts.tensor_parameter = False
            facts.no_tensor_evidence.append(self.evidence(
                fn.key, fn.line, "it takes no parameters (besides self)" if fn.params
                else "it takes no parameters"))
            return
        if any_site and not any_unknown:
            facts.tensor_parameter = False
            facts.no_tensor_evidence += self.passed_instead(fn, params, sites, known=True)
            return
        facts.tensor_parameter = None
        facts.no_tensor_evidence += self.passed_instead(fn, params, sites, known=False) or \
            self.defaults_only(fn) or [
                self.evidence(fn.key, fn.line, "no call site in the analysed files, type hint or "
                              "Keras convention shows a tensor argument")]

    def defaults_only(self, fn: FunctionSummary) -> list[Evidence]:
        """Call sites that pass no value the engine types (the parameters left at their
        defaults, or values still unknown): say so, where, rather than 'no call site'."""
        from hybridize.analysis.bounded_args import direct_call  # it imports this module

        handed = [(caller, binding.site) for caller, binding in self.bindings_to.get(fn.key, [])
                  if caller != fn.key and not direct_call(self, fn, binding.site)]
        for caller, line in self.callers.get(fn.key, []):
            if caller != fn.key and not any(c == caller and s.line == line for c, s in handed):
                return [self.evidence(caller, line, f"{self.name(caller)} calls it, but leaves "
                                      "its parameters at their defaults or passes values the "
                                      "engine has no type for; no type hint or Keras convention "
                                      "shows a tensor argument")]
        for caller, site in handed:
            # `functools.partial(f, y=1.0)`, `ds.map(f)`: f is handed to the library, which
            # calls it with values the engine does not see (not "main calls it").
            return [self.evidence(caller, site.line, (
                f"{self.name(caller)} hands it to {site.text}(...), which calls it with values "
                "the engine does not see; no call site, type hint or Keras convention shows a "
                "tensor argument"))]
        return []

    def passed_instead(self, fn: FunctionSummary, params: list[str],
                       sites: dict[str, list[ParamSite]],
                       known: bool) -> list[Evidence]:
        """What the first call site passes instead of a tensor, in the user's words: a known
        non-tensor value (`known`), or a value of unknown type."""
        for param in params:
            for site in sites.get(param, []):
                # A site that passes nothing known yet (a parameter left at its default,
                # forwarded) says nothing: the next one does.
                if site.values and (known or V.has_unknown(site.values)):
                    kinds = " or ".join(sorted({V.describe(v) for v in site.values}))
                    why = "" if known else ", which could be a tensor or not"
                    return [Evidence(site.file, site.line,
                                     passes(self, fn, site, param, kinds) + why)]
        return []

    def array_parameter(self, fn: FunctionSummary, param: str,
                        sites: list[ParamSite]) -> tuple[bool, Evidence]:
        """A parameter some call site passes a NumPy array: a tf.function traces it by shape and
        dtype and sees a tensor of the array's dtype, where the eager body runs NumPy code
        (array_args.py). (True, evidence) when every use of it behaves the same (it then
        counts as a tensor parameter); otherwise (False, the first use that does not)."""
        file = self.p.file_of.get(fn.key, "")
        site = next((s for s in sites if V.NUMPY in s.values), None)
        if site is None:  # past the sites kept per parameter (MAX_SITES)
            site = ParamSite(file, fn.line, frozenset({V.NUMPY}), PAST_KEPT_SITES)
        passed = f"{self.name(site.caller)} passes a NumPy array as `{param}`" + _at(site)
        if param in (fn.vararg, fn.kwarg):
            # Packed into `*args`/`**kwargs` and passed on (a red team of session 21:
            # `block(x, scale=np.float64(3.0))` forwarding to `gate`): a tf.function hands the
            # callee a float64 tensor where eagerly the NumPy scalar met float32 fine.
            return False, Evidence(site.file, site.line, f"{passed}, packed into "
                                   f"`{'*' if param == fn.vararg else '**'}{param}`, whose uses "
                                   "the engine does not follow for a NumPy array")
        differs = self.array_use_differs(fn, param, passed)
        if differs is not None:
            return False, differs
        return True, Evidence(site.file, site.line, f"{self.name(site.caller)} passes a NumPy "
                              f"array as `{param}`, which a tf.function traces like a tensor "
                              "(by shape and dtype); the body only converts it")

    def array_use_differs(self, fn: FunctionSummary, param: str, passed: str) -> Evidence | None:
        """The first use of `param` in `fn` that a NumPy array does not survive the same
        eagerly and traced (array_args.py), said after `passed`; None when every use only
        converts it."""
        file = self.p.file_of.get(fn.key, "")
        # (Not an ESCAPED site: bodies.pooled_escape notes one at a call it stores.)
        by_position = {(c.line, c.col): c for c in fn.calls if c.static != ESCAPED}
        for name, kind, line, col, text in fn.array_uses:
            if name != param:
                continue
            if kind in ("len", "attr:shape", "attr:ndim"):
                continue
            if kind in ("call", "call0"):
                call = by_position.get((line, col))
                if call is not None and self.converts_arrays(call, kind == "call0"):
                    continue
                return Evidence(file, line, f"{passed}, and `{param}` is passed to {text}, "
                                "which the engine cannot show converts a NumPy array the same "
                                "eagerly and traced")
            return Evidence(file, line, f"{passed}, used as {text}: {array_why(kind)}")
        return None

    def dataset_parameter(self, fn: FunctionSummary, param: str,
                          sites: list[ParamSite]) -> tuple[bool, Evidence]:
        """A parameter some call site passes a tf.data dataset: a tf.function traces it by its
        element spec (one trace for datasets of any length) and iterates it as a graph loop.
        (True, evidence) when the body only iterates it with `for` or calls its own methods;
        otherwise (False, the first other use: `len(ds)` works only eagerly, and the engine
        does not model the rest)."""
        file = self.p.file_of.get(fn.key, "")
        site = next((s for s in sites if V.TF_DATASET in s.values), None)
        if site is None:  # past the sites kept per parameter (MAX_SITES)
            site = ParamSite(file, fn.line, frozenset({V.TF_DATASET}), PAST_KEPT_SITES)
        passed = f"{self.name(site.caller)} passes a tf.data dataset as `{param}`"
        for name, kind, line, _col, text in fn.array_uses:
            if name != param or kind == "iter" or (
                    kind.startswith("method:") and kind[7:] in tfapi.DATASET_METHODS | {"reduce"}):
                continue
            why = "`len` of a dataset works only eagerly" if kind == "len" else \
                "a use of a dataset the engine does not model in a graph"
            return False, Evidence(file, line, f"{passed}{_at(site)}, used as {text}: {why}")
        return True, Evidence(site.file, site.line, f"{passed}, which a tf.function traces by "
                              "its element spec (one trace for datasets of any length)")

    def converts_arrays(self, call: CallSite, first: bool) -> bool:
        """The callee converts a NumPy array argument the same eagerly and traced (measured):
        a Keras layer, model, loss or metric; or, for the array as the first argument and no
        other tensor or array argument, an op of tfapi.ARRAY_FIRST_OPS."""
        if call.method is None:
            callee = self.p.expand(call.callee)
        else:
            callee = self.p.attribute(self.p.expand(call.receiver or V.EMPTY), call.method)
        if callee and all(v in (V.TF_LAYER, V.TF_MODEL, V.TF_OBJECT, V.TF_UPDATES) or
                          (v.startswith("obj:") and self.p.is_keras_layer(v[4:]))
                          for v in callee):
            return True
        if not first or not callee or not all(
                v.startswith("lib:") and v[4:] in tfapi.ARRAY_FIRST_OPS for v in callee):
            return False
        python = V.PRIMITIVES | {V.LIST, V.EMPTY_LIST, V.NONE}
        others = [*call.args[1:], *call.kwargs.values()]
        return not call.starred and all(
            v in python or tfapi.is_dtype(v.removeprefix("lib:"))
            for values in others for v in self.p.expand(values))

    def is_tensor_param(self, fn: FunctionSummary, param: str) -> bool:
        values = self.p.params.get(fn.key, {}).get(param, ())
        hint = fn.hints.get(param, "")
        return V.has_tensor(frozenset(values)) or any(
            h in tfapi.TENSOR_HINTS for h in hint.split("|"))

    # -- effects --------------------------------------------------------------------------------
    def own_effects(self, key: str) -> dict[tuple[str, str], EffectFact]:
        fn = self.p.functions[key]
        file = self.p.file_of.get(key, "")
        out: dict[tuple[str, str], EffectFact] = {}
        for effect in fn.effects:
            if effect.reason.endswith(IF_MUTABLE) and self.immutable(effect.root):
                continue  # `n = COUNT; n += 1` rebinds n
            for root, reason in self.owners(key, effect.root, effect.reason):
                out.setdefault((effect.kind, root),
                               EffectFact(effect.kind, root, Evidence(file, effect.line, reason)))
        if key in self.p.unconverged:
            # Values were still flowing when the analysis stopped: assume nothing about calls.
            out[("unknown", "unconverged")] = EffectFact("unknown", "?", Evidence(
                file, fn.line, "the analysis did not settle for this function"))
        info = self.p.info.get(key)
        for kind, written, line, why in (info.effects if info else ()):
            for root, reason in self.owners(key, written, why):
                out.setdefault((kind, reason if kind != "write" else root),
                               EffectFact(kind, root, Evidence(file, line, reason)))
        return out

    def owners(self, key: str, root: str, reason: str) -> list[tuple[str, str]]:
        """A write's root with its reason; a call's result (`r:`) as the owners of what the call
        returned (result_roots), none when it made it."""
        if not root.startswith("r:"):
            return [(root, reason)]
        fn = self.p.functions[key]
        index, _ = _result_call(root)
        if 0 <= index < len(fn.calls):
            reason = reason.replace(RESULT_WORDS, f"what {fn.calls[index].text}() returned")
        return [(owner, f"{reason}, {_owner_words(owner)}")
                for owner in sorted(self.resolved(key, root))]

    def immutable_values(self, values: Values) -> bool:
        """Values no one can change in place: tensors, numbers, strings, None."""
        known = self._immutable.get(values)
        if known is None:
            expanded = self.p.expand(values)
            known = self._immutable[values] = bool(expanded) and all(
                V.is_single_tensor(v) or v in V.PRIMITIVES or v == V.NONE for v in expanded)
        return known

    def resolved(self, key: str, root: str) -> tuple[str, ...] | frozenset[str]:
        """A root of `key`'s, a call's result (`r:`) as the owners of what it returned."""
        return self.result_roots(key, root) if root.startswith("r:") else (root,)

    def shared_returns(self, fn: FunctionSummary, facts: FunctionFacts,
                       file: str) -> list[tuple[str, Evidence]]:
        """`return HIST` with HIST a list of tensors: a tf.function returns a new list of new
        tensors, so what its callers append to it no longer reaches the global (measured, TF
        2.21; a red team of session 24); without the decorator, the other way round. A list
        the function made itself is no one else's (bodies.note_shared_return)."""
        found = []
        for root, values, line, text, _part in fn.shared_returns:
            lists = sorted(self.p.expand(values) & (_RETURNED_LISTS | {V.MAYBE_LIST}))
            if not lists:
                continue
            owners = sorted(self.resolved(fn.key, root))
            if not owners:
                continue
            owner = _owner_words(owners[0])
            kind = "a value that may be a list" if lists == [V.MAYBE_LIST] else \
                V.describe(next(v for v in lists if v != V.MAYBE_LIST))
            what = f"returns `{text}`, {kind} held by {owner}"
            found.append(("UNDETERMINABLE_CONSTRUCT", Evidence(file, line, (
                f"{what}: the graph returns a copy, so without the decorator callers would "
                f"change {owner}'s list")))
                if facts.hybrid else ("HAS_PYTHON_RETURN_VALUES", Evidence(file, line, (
                    f"{what}: as a tf.function it would return a copy (a new list), so what "
                    f"callers change in it would no longer reach {owner}"))))
        return found

    def result_roots(self, key: str, root: str, depth: int = 0) -> frozenset[str]:
        """Who owns the object a call of `key` returned (root "r:INDEX", bodies.root_of: the
        call fn.calls[INDEX]), in `key`'s roots ("p:x", "g:M.name", "nl:x", "?"): what each
        workspace function the call runs returns that it did not make itself
        (FunctionSummary.shared_returns: `return HIST`, `return self.history`), through the
        binding's roots; nothing for a library's result, which is new. A red team of session
        24: `h = inner(x); h.append(s)` with `inner` returning a global list changed it."""
        return self._result_roots(key, root, depth, set())[0]

    def _result_roots(self, key: str, root: str, depth: int, active: set[tuple[str, str]]
                      ) -> tuple[frozenset[str], bool]:
        """result_roots, and whether the answer is whole: one that met a call already being
        followed (a cycle adds nothing there) or the depth limit depends on where the walk
        began, so it is not kept (kept, the answer depended on which function's facts were
        built first: a hash seed changed a tf-models-official report, session 30)."""
        known = self._results.get((key, root))
        if known is not None:
            return known, True
        fn = self.p.functions.get(key)
        index, inside = _result_call(root)
        if fn is None or not 0 <= index < len(fn.calls):
            return frozenset({"?"}), True
        if depth > 6:
            return frozenset({"?"}), False
        if (key, root) in active:
            return frozenset(), False
        active.add((key, root))
        whole = True
        site = fn.calls[index]
        out: set[str] = set()
        for binding in self.index.sites_bound(key).get((site.line, site.col, site.text), ()):
            callee = self.p.functions.get(binding.callee)
            if callee is None:
                out.add("?")
                continue
            if callee.unsupported == "property":
                continue  # `self.model(x)`: the property gives what is called, not the result
            for shared, values, _line, _text, part in callee.shared_returns:
                if part and not inside:
                    continue  # `config = get(); config.update(d)`: a display it made itself
                if part and shared.startswith("r:") and not shared.endswith(":in"):
                    shared = f"{shared}:in"  # an element of the display: all it holds
                owners: Iterable[str] = (shared,)
                if shared.startswith("r:"):
                    owners, done = self._result_roots(callee.key, shared, depth + 1, active)
                    whole = whole and done
                mine = set()
                for owner in owners:
                    if owner.startswith("p:"):
                        given = binding.roots.get(owner[2:])
                        if given is None:  # left out: its default, shared by every call
                            default = callee.defaults.get(owner[2:])
                            if default is not None and self.immutable_values(default):
                                continue
                            given = "?"
                        if inside and given.startswith("r:") and not given.endswith(":in"):
                            given = f"{given}:in"
                        if given.startswith("r:"):
                            found, done = self._result_roots(key, given, depth + 1, active)
                            whole = whole and done
                            mine.update(found)
                        else:
                            mine.add(given)
                    elif not (owner.startswith("nl:") and callee.parent == key):
                        mine.add(owner)  # (a closure variable of `key` is its own local)
                mine.discard("new")
                # last, the costliest: `return x * 2.0, label`: no one changes a tensor or a str
                if mine and not self.immutable_values(values):
                    out |= mine
        active.discard((key, root))
        answer = frozenset(out - {"new"})
        if whole:
            self._results[(key, root)] = answer
        return answer, whole

    def close_effects(self) -> dict[str, dict[tuple[str, str], EffectFact]]:
        effects = {key: self.own_effects(key) for key in self.scope}
        kept: dict[str, list[tuple[str, dict[str, str]]]] = {}

        def callees_of(caller: str) -> list[tuple[str, dict[str, str]]]:
            """Each (callee, roots) once, in the order of the first binding that gives it: a
            caller binds the same callee with the same roots at many sites (53,527 bindings,
            15,338 distinct on tf-models-official), and a repeat maps the same effects to the
            same facts, which `step` would only compare and drop."""
            found = kept.get(caller)
            if found is None:
                info = self.p.info.get(caller)
                seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
                found = []
                # The functions tf.data maps run their Python effects whenever the caller
                # builds the pipeline (measured, TF 2.21: an append in a mapped function ran
                # on each of 3 eager calls, once as a tf.function); TensorFlow gives them new
                # tensors (roots {}).
                pairs = [(b.callee, b.roots) for b in info.bindings] + \
                    [(callee, {}) for callee, _ in sorted(set(info.traced))] if info else []
                for callee, roots in pairs:
                    key = (callee, tuple(sorted(roots.items())))
                    if key not in seen:
                        seen.add(key)
                        found.append((callee, roots))
                kept[caller] = found
            return found

        def step(caller: str) -> bool:
            changed = False
            caller_fn = self.p.functions[caller]
            mine = effects[caller]
            for callee, roots in callees_of(caller):
                callee_fn = self.p.functions.get(callee)
                if callee_fn is None or callee == caller:
                    continue
                for effect in list(effects.get(callee, {}).values()):
                    if len(effect.via) >= 6:
                        continue
                    mapped = self.map_effect(effect, roots, caller_fn, callee_fn)
                    if mapped is None:
                        continue
                    if mapped.root.startswith("r:"):  # `bump(inner(x))`: what inner returned
                        inner = mapped.root if mapped.root.endswith(":in") else \
                            f"{mapped.root}:in"  # (bump may change what it holds)
                        owners = sorted(self.result_roots(caller, inner))
                        if not owners:
                            continue
                        mapped = EffectFact("write", owners[0] if len(owners) == 1 else "?",
                                            mapped.evidence, mapped.via)
                    k = (mapped.kind, mapped.root if mapped.kind == "write"
                         else mapped.evidence.reason)
                    found = EffectFact(mapped.kind, mapped.root, mapped.evidence,
                                       (callee_fn.qualname,) + effect.via)
                    known = mine.get(k)
                    # Keep the shortest chain (then the first in a fixed order), so the report
                    # does not depend on the order in which call sites were evaluated.
                    if known is None or _chain_rank(found) < _chain_rank(known):
                        mine[k] = found
                        changed = True
            return changed

        self.bottom_up(step)
        return effects

    @staticmethod
    def map_effect(effect: EffectFact, roots: dict[str, str], caller: FunctionSummary,
                   callee: FunctionSummary) -> EffectFact | None:
        if effect.kind != "write":
            return effect
        root = effect.root
        if root.startswith("p:"):
            root = roots.get(root[2:], "new")
        elif root.startswith("nl:") and callee.parent == caller.key:
            return None  # the nested function writes its parent's own local
        if root == "new":
            return None
        if caller.params and root == f"p:{caller.params[0]}" and caller.kind == "method" and \
                caller.name in NO_EFFECT_ON_SELF:
            return None
        return EffectFact("write", root, effect.evidence, effect.via)

    # -- tensor computation, recursion, covered callers -----------------------------------------
    def close_tensor_computation(self) -> dict[str, list[Evidence]]:
        def inherited(caller: str, callee: str, _: Evidence) -> Evidence:
            return self.evidence(caller, self.p.functions[caller].line,
                                 f"calls {self.name(callee)}, which runs TensorFlow ops")

        def arithmetic(caller: str) -> Evidence | None:
            # Last, and once: tensor arithmetic in the body (x * 2.0 on a tensor argument) needs
            # the values of its operands, the costliest check.
            for operands, line in self.p.functions[caller].arithmetic:
                if V.has_tensor(self.p.expand(operands)):
                    return self.evidence(caller, line, "computes with tensors")
            return None

        own = {key: self.evidence(key, line, what)
               for key, (line, what) in self.first_of("tensor_ops").items()}
        return self.close_over_callers(own, inherited, arithmetic)

    def in_callee(self, caller: str, callee: str, inner: Evidence) -> Evidence:
        """A callee's evidence as its caller's (close_over_callers): where, and in which callee."""
        return Evidence(inner.file, inner.line, f"{inner.reason} in {self.name(callee)}")

    def close_random_draws(self) -> dict[str, list[Evidence]]:
        """Functions that draw from tf.random's stateful generator, in their body or a callee."""
        own = {key: self.evidence(key, line, f"{op}()")
               for key, (line, op) in self.first_of("random_ops").items()}
        # Keras weights first built inside the trace draw from it too (keras_build.py).
        for key, (line, what) in self.keras_builds.weight_draws(self.scope).items():
            own.setdefault(key, self.evidence(key, line, what))
        return self.close_over_callers(own, self.in_callee)

    def variable_site(self, fn: FunctionSummary, param: str, values: Values,
                      sites: list[ParamSite]) -> ParamSite | None:
        """A call site that gives `param` a variable (or a list of them) and may run inside
        another trace (facts.variable_argument): its function is a tf.function, traced by
        Keras or tf.data, takes a tensor itself (a conversion may trace it too), or is called,
        through any chain, from one that does. Eager callers alone (a script's loop) are fine:
        eagerly a tf.function given another variable traces again (measured with TF 2.21).
        A variable among the sites past those kept counts as traced."""
        if V.VARIABLE not in values and V.HOLDS_VARIABLE not in values:
            return None
        given = [s for s in sites if V.VARIABLE in s.values or V.HOLDS_VARIABLE in s.values]
        for site in given:
            if site.caller == PAST_KEPT_SITES or \
                    self.may_run_traced(site.caller) and not self.passes_globals(site):
                return site
        if not given or len(sites) >= MAX_SITES:
            return ParamSite(self.p.file_of.get(fn.key, ""), fn.line, values, PAST_KEPT_SITES)
        return None

    def passes_globals(self, site: ParamSite) -> bool:
        """Every variable the call at `site` passes is a module's global (`losses(W, x)`): it
        lives as long as the module, so a trace that keeps it keeps the right one (and a Keras
        weight is no module global)."""
        caller = self.p.functions.get(site.caller)
        calls = [c for c in caller.calls if c.line == site.line] if caller else []
        for call in calls:
            roots = list(call.arg_roots) + [""] * (len(call.args) - len(call.arg_roots))
            given = list(zip(call.args, roots, strict=False)) + \
                [(values, call.kwarg_roots.get(name, "")) for name, values in call.kwargs.items()]
            for values, root in given:
                held = self.p.expand(values)
                if (V.VARIABLE in held or V.HOLDS_VARIABLE in held) and \
                        not root.startswith("g:"):
                    return False
        return bool(calls)

    def may_run_traced(self, key: str) -> bool:
        """`key` may run inside a trace (see variable_site), by a walk up its callers."""
        stack, seen = [key], {key}
        while stack:
            current = stack.pop()
            fn = self.p.functions.get(current)
            if current in self.hybrid or current in self.keras_traced or \
                    self.traced.get(current) or len(seen) > MAX_CALLER_DEPTH or \
                    fn is not None and fn.class_key and self.p.is_keras_class(fn.class_key):
                return True  # (a Keras layer's method: its `call` runs in `fit`'s trace)
            if any(V.has_tensor(frozenset(v)) for v in self.p.params.get(current, {}).values()):
                return True
            for caller, _line in self.callers.get(current, ()):
                if caller not in seen:
                    seen.add(caller)
                    stack.append(caller)
        return False

    def casting_conversion(self, fn: FunctionSummary, param: str) -> int | None:
        """The line where `fn` converts its parameter with tf.convert_to_tensor and an explicit
        dtype (a red team of session 37: spektral's `line_graph`, whose own tests pass float64
        incidence matrices; declined whatever the callers in the analysed code pass, since a
        library function's callers are elsewhere)."""
        own = f"p|{fn.key}|{param}"
        for site in fn.calls:
            if not site.args or own not in site.args[0] or site.method is not None or not (
                    len(site.args) > 1 or "dtype" in site.kwargs):
                continue
            if any(v.startswith("lib:") and
                   tfapi.normalize(v[4:]) == "tensorflow.convert_to_tensor"
                   for v in self.p.expand(site.callee)):
                return site.line
        return None

    def symbolic_argument(self, fn: FunctionSummary, param: str, sites: list[ParamSite],
                          facts: FunctionFacts) -> None:
        """A call site that runs while a Keras functional model is built (symbolic_region)
        and passes a tensor or a value of unknown type may pass a Keras symbolic tensor: the
        value flow loses `kin` in containers and through layers (a layer's output on
        keras.Input is one). A tf.function refuses it where eagerly Keras adds the ops to the
        model (measured, session 36: tf-models-official's NASFPN._global_attention, called by
        NASFPN.__init__ on the outputs of its tf_keras.Input pyramid, made every NAS-FPN
        decoder fail to build; Keras 3: ValueError "A KerasTensor is symbolic",
        tests/fixtures/red_team_36/symbolic_build.py)."""
        if self.runs_in_scratch_graph(fn.key):
            return
        region = self.symbolic_region()
        if fn.key in self._symbolic_escaped:
            calling, line = self._symbolic_escaped[fn.key]
            facts.keras_input = True
            facts.hazards.append(("HAS_KERAS_SYMBOLIC_ARGUMENT", Evidence(
                self.p.file_of.get(calling, ""), line,
                f"{self.name(calling)} gives a Keras symbolic tensor to a value of unknown "
                f"kind, which may be `{fn.qualname}` (stored where the analysis does not "
                "follow its calls): a tf.function refuses it where eagerly Keras adds the ops "
                "to the model")))
            return
        for site in sites:
            built = region.get(site.caller)
            builder = self.builders.get(site.caller)
            if built is None and builder is not None and site.line <= builder[0]:
                built = builder[1:]
            if built is None or not (V.has_tensor(site.values) or V.has_unknown(site.values)):
                continue
            root, line = built
            facts.keras_input = True
            facts.hazards.append(("HAS_KERAS_SYMBOLIC_ARGUMENT", Evidence(
                site.file, site.line,
                f"{self.name(site.caller)} passes `{param}` while "
                f"{self.name(root)} builds a Keras functional model (keras.Input at "
                f"{self.p.file_of.get(root, '')}:{line}): the value may be a Keras symbolic "
                "tensor, which a tf.function refuses where eagerly Keras adds the ops to the "
                "model")))
            return

    def symbolic_region(self) -> dict[str, tuple[str, int]]:
        """The functions that run while a Keras functional model is built, each with the
        function that makes its keras.Input and that call's line. A builder is a function
        that builds a functional model (`Model(inputs=..., outputs=...)`,
        `super().__init__(inputs=..., outputs=...)`) from keras.Input (tf_keras.Input,
        keras.layers.Input) it makes itself or gets from a function it calls (NASFPN.__init__
        and its `_build_input_pyramid`); its calls up to the model's line run during the build
        (`self.builders`: what follows, a training loop, runs on real tensors), and so does
        every function they reach, but through a Keras layer's `call` and `build` (a layer
        called on a symbolic input runs them in a scratch graph, on graph tensors)."""
        if self._symbolic is None:
            found = self.index.keras_model_sites
            creators = {key: entry[0] for key, entry in sorted(found.items())
                        if entry[0] is not None and key in self.p.functions}
            self.builders = {}
            for key, (_inputs, built, _escaped) in sorted(found.items()):
                if built is None or key not in self.p.functions:
                    continue
                maker = key if key in creators else next(
                    (callee for callee in sorted(self.edges.get(key, ())) if callee in creators),
                    None)
                if maker is not None:
                    self.builders[key] = (built, maker, creators[maker])
            region: dict[str, tuple[str, int]] = {}
            for key, (built, maker, line) in self.builders.items():
                lines = self.call_lines(key)
                for callee in sorted(self.edges.get(key, ())):
                    if not self.runs_in_scratch_graph(callee) and \
                            any(at <= built for at in lines.get(callee, ())):
                        region.setdefault(callee, (maker, line))
            # A builder that gives a Keras symbolic input to a value of unknown kind
            # (`algorithm(boxes, scores, top)`, a parameter parameterized fills) may call any
            # escaped function with it (a red team of session 36: tf-models-official's
            # edgetpu_test gives tf_keras.Input tensors to non_max_suppression_padded, which a
            # class attribute holds, and its helpers `_greater`, `_same` got them). Those
            # escaped in the builder's own module only: escaped functions of the whole program
            # took back 62 proposals of the eight projects.
            for key, (built, maker, line) in self.builders.items():
                function = self.p.functions[key]
                given = next((site for site in function.calls if site.line <= built and
                              site.static is None and (site.args or site.kwargs) and
                              self.calls_unknown(site) and
                              any(V.KERAS_INPUT in self.p.expand(values)
                                  for values in [*site.args, *site.kwargs.values()])), None)
                if given is not None:
                    for callee in self.escaped_functions(function.module):
                        region.setdefault(callee, (maker, line))
                        self._symbolic_escaped.setdefault(callee, (key, given.line))
            stack = sorted(region, reverse=True)
            while stack:
                key = stack.pop()
                for callee in sorted(self.edges.get(key, ()), reverse=True):
                    if self.runs_in_scratch_graph(callee):
                        continue
                    if callee not in region:
                        region[callee] = region[key]
                        stack.append(callee)
            self._symbolic = region
        return self._symbolic

    def runs_in_scratch_graph(self, key: str) -> bool:
        """A Keras layer's `call` or `build`: called on a symbolic input, Keras runs it in a
        scratch graph, on graph tensors."""
        function = self.p.functions.get(key)
        return function is not None and function.name in ("call", "build") and \
            function.class_key is not None and self.p.is_keras_layer(function.class_key)

    def calls_unknown(self, site: CallSite) -> bool:
        """A call of a value of unknown kind (a parameter no call site fills with a known
        function), or of a method of one."""
        if site.static is not None:
            return False
        if site.method is None:
            called = self.p.expand(site.callee) if site.callee else V.EMPTY
            return not called or V.has_unknown(called)
        receiver = self.p.expand(site.receiver) if site.receiver else V.EMPTY
        return bool(receiver) and V.has_unknown(receiver)

    def escaped_functions(self, module: str) -> list[str]:
        """The functions bound at an ESCAPED site of the module's code (stored in a container,
        a class attribute, a partial: called by code the value flow does not follow)."""
        if self._escaped is None:
            self._escaped = {}
            for key, (_inputs, _built, lines) in sorted(self.index.keras_model_sites.items()):
                fn = self.p.functions.get(key)
                if fn is not None and lines:
                    self._escaped.setdefault(fn.module, []).append((key, lines))
        found = self._escaped_of.get(module)
        if found is None:
            out: set[str] = set()
            for key, lines in self._escaped.get(module, ()):
                out.update(callee for callee, at in self.call_lines(key).items()
                           if any(line in lines for line in at))
            found = self._escaped_of[module] = sorted(out)
        return found

    def call_lines(self, key: str) -> dict[str, list[int]]:
        """Callee -> the lines of function `key`'s calls bound to it (its pass info's
        bindings: what `callers` lists of `key` for each callee, without scanning the callers
        of a callee that thousands of functions call)."""
        out: dict[str, list[int]] = {}
        entry = self.index.info.get(key)
        for binding in entry.bindings if entry is not None else ():
            out.setdefault(binding.callee, []).append(binding.site.line)
        return out

    def keras_backend_neutral(self, fn: FunctionSummary) -> Evidence | None:
        """The function's module imports Keras 3 (`keras`, whose ops run on the backend that
        KERAS_BACKEND picks) and nothing of TensorFlow (`tensorflow`, `tf_keras`): written for
        every backend, which `@tf.function` (and the `import tensorflow` it needs) ties to
        TensorFlow's (measured, session 36: `keras.ops.split` and `concatenate` under the JAX
        backend run eagerly and raise NotImplementedError in a tf.function)."""
        module = self.p.modules.get(fn.module)
        if module is None or "keras" not in module.import_roots or \
                module.import_roots & {"tensorflow", "tf_keras"}:
            return None
        return self.evidence(fn.key, fn.line, "keras")

    def close_first(self, attribute: str) -> dict[str, list[Evidence]]:
        """Functions whose summary has a first `attribute` (line, text) (FunctionSummary.chain:
        three or more `+` or `*` terms; .reshape: a reshape a graph may drop; .empty_reshape: one it
        may size otherwise on an empty input), in their body or
        a callee."""
        own = {}
        for key in self.scope:
            found = getattr(self.p.functions[key], attribute)
            if found is not None:
                own[key] = self.evidence(key, found[0], f"`{found[1]}`")
        return self.close_over_callers(own, self.in_callee)

    def close_keras_builds(self) -> dict[str, list[Evidence]]:
        """Functions that call a Keras layer or model whose weights that call may build, in
        their body or a callee (keras_build.weight_draws)."""
        own = {}
        for key in sorted(self.scope):
            fn = self.p.functions[key]
            if fn.name == "call" and fn.class_key is not None and \
                    self.p.is_keras_layer(fn.class_key):
                continue  # IS_KERAS_CALL_METHOD's question
            found = self.keras_builds.later_built(fn)
            if found is not None:
                how = "picked by an index" if "[" in found[1] else "on some paths only"
                own[key] = self.evidence(key, found[0], (
                    f"calls `{found[1]}` {how}, a Keras layer whose weights its first call "
                    "builds"))
        return self.close_over_callers(own, self.in_callee)

    def close_state_ops(self) -> dict[str, list[Evidence]]:
        """Functions that change TensorFlow state (a variable update, tf.print, a summary), in
        their body or a callee (the FAILED_CALL_STATE assumption)."""
        own = {key: self.evidence(key, line, op)
               for key, (line, op) in self.first_of("state_ops").items()}
        return self.close_over_callers(own, self.in_callee)

    def first_of(self, field_name: str) -> dict[str, tuple[int, str]]:
        """Per function in scope, the first (line, text) of one PassInfo list: the same one
        whatever the evaluation order."""
        out = {}
        for key in self.scope:
            info = self.p.info.get(key)
            found = getattr(info, field_name) if info else None
            if found:
                out[key] = min(found)
        return out

    def close_over_callers(self, own: dict[str, Evidence],
                           inherited: Callable[[str, str, Evidence], Evidence],
                           last_resort: Callable[[str], Evidence | None] | None = None
                           ) -> dict[str, list[Evidence]]:
        """A fact true of a function's body (`own`) holds for every caller too. Callees first, a
        caller takes `inherited(caller, callee, callee's evidence)` from its first callee (in a
        fixed order) that has it, else `last_resort(caller)`, tried once."""
        found = {key: [evidence] for key, evidence in own.items()}
        tried: set[str] = set()

        def step(caller: str) -> bool:
            if caller in found:
                return False
            for callee in sorted(self.edges.get(caller, ())):
                if callee in found:
                    found[caller] = [inherited(caller, callee, found[callee][0])]
                    return True
            if last_resort is not None and caller not in tried:
                tried.add(caller)
                evidence = last_resort(caller)
                if evidence is not None:
                    found[caller] = [evidence]
                    return True
            return False

        self.bottom_up(step)
        return found

    def strongly_connected_components(self) -> list[set[str]]:
        """Tarjan's algorithm (graphs.py). Components come out callees first (reverse
        topological order), which is the order in which facts that flow from callees to
        callers settle. The scope is closed under calls: its components are found from its own
        members (an editor's few files need not walk the whole workspace's call graph)."""
        return [set(c) for c in components(
            (k for k in self.p.functions if k in self.scope),
            lambda key: sorted(self.edges.get(key, ())), lambda key: key in self.p.functions)]

    def bottom_up(self, step: Callable[[str], bool]) -> None:
        """Apply `step(caller)` callees first, repeating inside a cycle until nothing changes."""
        for component in self.components:
            if next(iter(component)) not in self.scope:
                continue  # the scope is closed under calls: a component is in it or out of it
            members = sorted(component)
            changed = True
            while changed:
                changed = False
                for member in members:
                    changed |= step(member)
                if len(members) == 1 and members[0] not in self.edges.get(members[0], ()):
                    break

    def recursive_functions(self) -> dict[str, set[str]]:
        """A function is recursive if its strongly connected component has a cycle."""
        out: dict[str, set[str]] = {}
        for component in self.components:
            node = next(iter(component))
            if len(component) > 1 or node in self.edges.get(node, ()):
                for member in component:
                    out[member] = component
        return out

    def covered_functions(self) -> set[str]:
        """Functions whose every caller is a tf.function, tf.data, or covered itself (a cycle
        of callers that is not otherwise covered is not covered)."""
        memo: dict[str, bool] = {}

        def covered(key: str, depth: int = 0) -> bool:
            if key in memo:
                return memo[key]
            if depth > MAX_CALLER_DEPTH:
                return False  # not known to be covered: at worst a redundant decorator
            memo[key] = False  # in progress: a cycle does not cover itself
            if key in self.hybrid:
                return False
            # A call that traces its function (tf.vectorized_map) is not an eager caller.
            traced = set(self.traced.get(key, []))
            callers = {c for c, line in self.callers.get(key, [])
                       if c != key and (c, line) not in traced}
            if traced or key in self.keras_traced:
                callers.add(TF_DATA)
            memo[key] = bool(callers) and all(
                c in self.hybrid or c == TF_DATA or covered(c, depth + 1)
                for c in sorted(callers))
            return memo[key]

        found = {key for key in self.scope if covered(key)}
        # `covered` refers to itself through its closure: that cycle would keep this builder and
        # its program alive until a full collection (the server runs without the cyclic GC:
        # about 10 MiB per edit on 250 KLOC). Emptying the cell breaks it.
        covered = None  # type: ignore[assignment]  # noqa: F841
        return found

    def caught(self, key: str, tracing: bool = False) -> Evidence | None:
        """A call that reaches function `key`, directly or through callers that are not
        tf.functions, inside a `try` whose handler may catch what a failing op raises
        (FunctionSummary.caught; a `with` that may swallow it): eagerly a `tf.errors.OpError`,
        traced a ValueError or TypeError while tracing, so `except
        tf.errors.InvalidArgumentError` no longer catches it (measured with TF 2.21, a red team
        of session 26: a `tf.matmul` of mismatched shapes; the TRACE_TIME_ERRORS assumption,
        which the analysed code shows broken). The first such call in caller order, found by a
        walk up the callers from `key` alone (a memo shared along the walk would depend on the
        order functions are asked in, through cycles); none at all when no function has such a
        `try`."""
        if tracing not in self._caught:
            self._caught[tracing] = ({}, not any(
                c[2].startswith("~") == tracing for fn in self.p.functions.values()
                for c in fn.caught), set())  # (none of the kind anywhere: nothing to walk)
        memo, none, clear = self._caught[tracing]
        if none or key in clear:
            return None
        if key in memo:
            return memo[key]
        memo[key] = None  # a cycle adds nothing
        stack = [(key, 0)]
        seen = {key}
        found: Evidence | None = None
        truncated = False
        # (`clear`: functions no such `try` reaches, found by a whole walk)
        while stack and found is None:
            current, depth = stack.pop(0)
            # A site that traces its function (`dataset.map(fn)`, tf.vectorized_map) runs it
            # as a graph already: its errors are the graph's whether converted or not.
            traced = set(self.traced.get(current, []))
            for caller, line in sorted(set(self.callers.get(current, [])) - traced):
                fn = self.p.functions.get(caller)
                if fn is None:
                    continue
                hit = next((c for c in fn.caught if c[0] <= line <= c[1] and
                            c[2].startswith("~") == tracing), None)
                if hit is not None:
                    where = "" if current == key else f" (through {self.name(current)})"
                    text = hit[2].lstrip("~")
                    around = f"`{text}` at line {hit[3]}, which may swallow" \
                        if text.startswith("with ") else \
                        f"the `try` at line {hit[3]}, whose `{text}` catches"
                    found = Evidence(self.p.file_of.get(caller, ""), line, (
                        f"called{where} inside {around} an error of a failing op: eagerly a "
                        "tf.errors.OpError, traced a ValueError or TypeError raised while "
                        "tracing (incompatible shapes or dtypes), so the handler no longer sees "
                        "the same error"))
                    break
                if caller in seen or caller in self.hybrid or caller in clear:
                    continue  # (a clear caller's own callers were walked to the end)
                if depth >= MAX_CALLER_DEPTH:
                    truncated = True
                    continue
                seen.add(caller)
                stack.append((caller, depth + 1))
        memo[key] = found
        if found is None and not truncated:
            # The walk saw every function that calls any of `seen`, through eager callers: none
            # is reached from such a `try` either, whatever order they are asked in.
            clear.update(seen)
        return found

    # -- hazards and stale reads ----------------------------------------------------------------
    def hazards(self, fn: FunctionSummary, facts: FunctionFacts) -> list[tuple[str, Evidence]]:
        found = list(facts.hazards)
        file = self.p.file_of.get(fn.key, "")
        info = self.p.info.get(fn.key)
        for code, line, reason in (info.hazards if info else ()):
            found.append((code, Evidence(file, line, reason)))
        for hazard in fn.hazards:
            found.append((hazard.code, Evidence(file, hazard.line, hazard.reason)))
        indexed = {(line, detail): values for use, values, line, detail in fn.value_uses
                   if use == "indexed"}
        for use, values, line, detail in fn.value_uses:
            if use == "indexed":
                continue
            if use == "index":
                if (finding := self.tensor_index(values, indexed.get((line, detail)))):
                    found.append((finding[0], Evidence(file, line, finding[1])))
                continue
            expanded = self.p.expand(values)
            if use == "dead-index":
                if any(V.is_tensor(v) for v in expanded):
                    # measured with TF 2.21 (a red team of session 27, p22): `picked = x[i]`
                    # never read raises eagerly for an i out of range; a graph prunes it
                    found.append(("HAS_TRACE_DEPENDENT_CODE", Evidence(file, line, (
                        f"the result of `{detail}` is not used: a graph drops the op when "
                        "nothing the function returns or keeps needs its value, so what raises "
                        "eagerly (an index out of range, an integer division by zero) does not "
                        "raise"))))
                continue
            if use == "static-shape" and V.DYNAMIC_TENSOR in expanded:
                # Only a tensor the body computes: a parameter's comes from a caller, whose
                # eager tensor has its shape when the call traces (a caller converted around the
                # call is judged by static_values' rule for callers).
                own = f"p|{fn.key}|"
                expanded = self.p.expand(frozenset(v for v in values if not v.startswith(own)))
            if use == "return":
                # A parameter returned as it is, left at a Python constant default by a call
                # (`return ..., label` with `label="1h"`): the constant adds nothing to the
                # parameter's values (parameter_defaults.left_out), yet eagerly the call
                # returns it as it is, a graph as a tensor (an audit of session 20).
                expanded |= self.returned_defaults(fn, values)
            finding = self.value_use(fn, facts, use, expanded, detail)
            if finding is not None and finding[0] == "UNDETERMINABLE_CONSTRUCT" and \
                    use in static_values.USES:  # a dtype, a static shape: static_values.py
                finding = static_values.refine(self.p, fn, facts.hybrid, use, values, finding,
                                               self.settings_written)
            if finding is not None:
                found.append((finding[0], Evidence(file, line, finding[1])))
                if use == "return" and finding[1] == MASK_RETURNED:
                    self.boundary.add(found[-1][1])
        found.extend(self.shared_returns(fn, facts, file))
        if not facts.hybrid and (caught := self.caught(fn.key)) is not None:
            # (A tf.function's reconfiguration states TRACE_TIME_ERRORS instead: a `try` around
            # an R3 repair's function that a runtime error fails the same way both ways,
            # tests/corpus/shapes, is measured equal.)
            found.append(("HAS_EXCEPTION_HANDLING", caught))
        elif facts.hybrid:
            # its removal: the error a caller catches while tracing becomes the op's (measured
            # with TF 2.21: `tf.reshape(x, [-1, k])` of a size k does not divide, `except
            # ValueError` around the call, session 33's red team A, p84, p147, p148)
            facts.caught_trace_errors = self.caught(fn.key, tracing=True)
            # and one that catches the op's own error, which the graph raised otherwise or not
            # at all (session 33's red team B, p67, `except tf.errors.InvalidArgumentError`)
            facts.caught_op_errors = self.caught(fn.key)
            facts.returns_held = next((Evidence(
                self.p.file_of.get(fn.key, ""), line, f"returns `{detail}`, an object it did "
                "not make, which may be a tf.Variable: the graph returns its value at the call")
                for use, values, line, detail in fn.value_uses if use == "return-held" and (
                    V.has_unknown(self.p.expand(values)) or
                    any(V.is_tensor(v) for v in self.p.expand(values)))), None)
        for index, site in enumerate(fn.calls):
            if site.discarded and (any(V.TENSOR_ARRAY in self.p.expand(a)
                                       for a in [*site.args, *site.kwargs.values()]) or
                                   V.TENSOR_ARRAY in self.p.expand(
                                       self.p.results.get((fn.key, index), V.EMPTY))):
                # `write(ta, x)` whose result is dropped, or `put(i, x)` with `put = lambda i,
                # v: ta.write(i, v)`: a callee that writes the array returns the written one in
                # a graph and leaves `ta` as it was (a red team of session 26, p175, p156;
                # calls.py says so for the array's own methods).
                found.append(("HAS_TRACE_DEPENDENT_CODE", Evidence(file, site.line, (
                    f"`{site.text}(...)` is given or returns a TensorArray and its result is "
                    "not kept: eagerly what it writes changes the array in place, in a graph "
                    "a write returns a new array and leaves this one as it was (measured with "
                    "TF 2.21: stacked zeros traced); assign what it returns"))))
                break
        if (dropped := self.dropped_workspace_result(fn)) is not None:
            found.append(("HAS_TRACE_DEPENDENT_CODE", dropped))
        if (unread := self.unused_arguments(fn)) is not None:
            found.append(("HAS_TRACE_DEPENDENT_CODE", unread))
        if (branch := self.branch_kept(fn)) is not None:
            found.append(("HAS_TRACE_DEPENDENT_CODE", branch))
        if (partial := self.partial_results(fn)) is not None:
            found.append(("HAS_TRACE_DEPENDENT_CODE", partial))
        for param, line in fn.param_iterations:
            if self.is_tensor_param(fn, param):
                found.append(("HAS_PYTHON_ITERATION_OVER_TENSOR", Evidence(
                    file, line, f"a Python `for` iterates over the tensor `{param}`")))
        dtypes: dict[str, dict[str, int]] = defaultdict(dict)
        for param, dtype, line in fn.dtype_coercions:
            dtypes[param].setdefault(dtype, line)
        for param, seen in dtypes.items():
            if len(seen) > 1:
                first, second = sorted(seen.items(), key=lambda kv: kv[1])[:2]
                found.append(("HAS_CONFLICTING_DTYPE_COERCIONS", Evidence(
                    file, second[1], f"`{param}` is converted to {first[0]} (line {first[1]}) "
                    f"and to {second[0]} (line {second[1]})")))
        if fn.name == "call" and fn.class_key and self.p.is_keras_layer(fn.class_key):
            # Safe to trace only when Keras builds the weights outside `call` (keras_build.py).
            build = self.keras_builds.call_build(fn)
            if not build.outside:
                found.append(("IS_KERAS_CALL_METHOD", Evidence(
                    build.file or file, build.line or fn.line,
                    f"a Keras layer's `call`: {build.reason}")))
        elif (risk := self.keras_builds.helper_risk(fn)) is not None:
            found.append(("IS_KERAS_CALL_METHOD", Evidence(
                risk.file or file, risk.line or fn.line,
                ("run by Keras on symbolic inputs" if risk.symbolic_callable
                 else "part of a Keras layer's `call`") + f": {risk.reason}")))
        if not any(code == "IS_KERAS_CALL_METHOD" for code, _ in found) and \
                (context := self.call_context.hazard(fn)) is not None:
            found.append(("IS_KERAS_CALL_METHOD", Evidence(file, context[0], (
                "a Keras layer's `call` without a `training` parameter"
                if self.call_context.is_layer_call(fn) else "part of a Keras layer's `call`") +
                f": {context[1]}, so it takes the `training` flag of the call that runs it; "
                "traced, the flag of the first trace stays in the graph (a Dropout keeps "
                "dropping under training=False); pass `training` explicitly")))
        order = {code: i for i, code in enumerate(HAZARD_ORDER)}
        found.sort(key=lambda item: (order.get(item[0], 99), item[1].line))
        return found

    def zero_arguments(self, fn: FunctionSummary) -> tuple[str, Evidence] | None:
        """A parameter the body multiplies an integer by, or raises a value to
        (FunctionSummary.zero_params), may hold a Python 0 a caller passes (Binding.zeros: one
        the syntax shows, any Python int or bool not written as another number, an item or a
        call's result of unknown value), directly or through a parameter of its own: the
        trace for that 0 folds the product to zeros, the power to ones (Grappler's constant
        folding), and prunes the ops computing the other operand, so what they raise eagerly
        does not happen (measured with TF 2.21: session 29's second red team, p127-p129). A
        float tensor times 0.0 is not folded (NaN) and an int tensor times a Python float
        fails both ways: only an int or bool counts for a product. The callers' graphs trace
        the function with that 0 too (the hazard is transitive). A name's or an attribute's
        values of unknown type are taken for a tensor's (a gap)."""
        found: tuple[str, Evidence] | None = None
        for param, line, kind, other in fn.zero_params:
            if kind == "mul" and other and not self.may_be_int_tensor(fn, other):
                continue  # `x * step` of a float tensor `x`: not folded
            if param.startswith("."):  # `self.w`: what the instance may hold
                given = self.zero_attribute(fn, param[1:], kind == "pow")
                param = f"self{param}"
            else:
                given = self.zero_given(fn.key, param, "f" if kind == "pow" else "", set())
            if given is not None and (found is None or not other):
                # (the other side a parameter: the function's own graph prunes only that
                # input, a caller's graph what computes it)
                found = ("HAS_TRACE_DEPENDENT_CODE" if not other else ZERO_FOR_CALLERS,
                         self.evidence(fn.key, line, (
                    f"`{param}` may be a Python 0 ({given}), and a graph folds an integer "
                    "multiplied by 0 to zeros and a power of 0 to ones (Grappler's constant "
                    "folding): the ops computing the other operand are pruned and what they "
                    "raise eagerly does not happen (measured with TF 2.21)")))
        return found

    def zero_attribute(self, fn: FunctionSummary, attr: str, power: bool) -> str | None:
        """Where an instance of the method's class may hold a Python 0 in `attr` (a 0.0 too,
        for a power): a class of its kin (itself, a base, a subclass, in any module) sets it
        to one (`W = 0` in a subclass: session 31's red team, p128), or stores a parameter
        (`self.w = w` in `__init__`) that a caller gives one (`M(0)`: p77)."""
        if not fn.class_key:
            return None
        if self._zero_attrs is None:
            self._zero_attrs = defaultdict(list)
            for key in sorted(self.p.classes):
                cls = self.p.classes[key]
                for name in sorted(cls.zeros):  # ("?": computed, `int(n)`; "~": 0.0)
                    self._zero_attrs[name.lstrip("~?")].append(
                        (key, {"~": "f", "?": "c"}.get(name[0], "i"), "", ""))
                for name in sorted(cls.instance_attrs):
                    for values, _method, _line in cls.instance_attrs[name]:
                        for value in sorted(v for v in values if type(v) is str and
                                            v.startswith("p|")):
                            _, owner, param = value.split("|", 2)
                            self._zero_attrs[name].append((key, "p", owner, param))
        if self._zero_stores is None:
            self._zero_stores = {}
            for module in sorted(self.p.modules.values(), key=lambda m: m.path):
                for name, line in module.zero_stores:
                    self._zero_stores.setdefault(name, f"{module.path}:{line}")
        held = "." in attr  # `self.cfg.w`: of an object the instance holds, of any class
        attr = attr.rpartition(".")[2]
        if attr in self._zero_stores:  # `m.w = 0` on any object (whose class, not followed)
            return f"`.{attr}` is set to one at {self._zero_stores[attr]}"
        for key, how, owner, param in self._zero_attrs.get(attr, ()):
            if not held and not self.kin_classes(key, fn.class_key):
                continue
            cls = self.p.classes[key]
            if how in ("i", "c") or how == "f" and power:
                module = self.p.modules.get(key.split(":", 1)[0])
                what = "sets it to 0.0" if how == "f" else "sets it to 0" if how == "i" else \
                    "sets it to a number it computes or looks up (`int(n)`, `cfg[...]`)"
                return f"class {cls.name} {what}" + \
                    (f" ({module.path}:{cls.line})" if module else "")
            if how == "p" and (given := self.zero_given(
                    owner, param, "f" if power else "", set())) is not None:
                return f"{given} as `{param}`, which {self.name(owner)} stores in `self.{attr}`"
        return None

    def may_be_int_tensor(self, fn: FunctionSummary, param: str) -> bool:
        """The parameter may hold an integer tensor (or one of no known dtype, or a value of
        unknown type): not only float tensors and Python numbers."""
        for value in self.p.expand(self.p.params.get(fn.key, {}).get(param, V.UNKNOWN_SET)):
            if V.is_unknown(value) or (V.is_single_tensor(value) and not (
                    (spec := V.tensor_spec(value)) and "float" in spec[0])):
                return True
        return False

    def zero_given(self, key: str, param: str, floats: str, seen: set[tuple[str, str]]
                   ) -> str | None:
        """Where a caller gives `param` of `key` a Python int 0 (or a float one, with
        `floats`), directly or through a parameter of its own; None if no call site shows one."""
        if (key, param) in seen:
            return None
        seen.add((key, param))
        for caller, binding in self.bindings_to.get(key, []):
            kinds = next((k for p, k in binding.zeros if p == param), "")
            if "i" in kinds or (floats and "f" in kinds):
                return f"{self.name(caller)} passes one at " \
                    f"{self.p.file_of.get(caller, '')}:{binding.site.line}"
            root = binding.roots.get(param, "")
            if root.startswith("p:") and \
                    (found := self.zero_given(caller, root[2:], floats, seen)) is not None:
                return found
        return None

    def loose_method(self, fn: FunctionSummary) -> Evidence | None:
        """A bound method of this name is taken somewhere as a value that may outlive its
        instance (loose_methods.py: `return Scorer(scale).score`, `return scorer.score`, `fn =
        scorer.score; del scorer`): a tf.function method holds its instance through a weak
        reference, so the traced call finds `self` gone (measured with TF 2.21: AttributeError
        on None, session 30's p58, p61, p64). Matched by name: which class's method a bound
        value is, the engine does not follow."""
        if fn.kind != "method" or not fn.class_key:
            return None
        if self._loose is None:
            self._loose = defaultdict(list)
            aliases: list[tuple[str, str, str]] = []  # (alias, method, class key)
            for module in sorted(self.p.modules.values(), key=lambda m: m.path):
                found, named = self.index.loose[module.key]  # (call_index.loose_methods)
                for name, cls, evidence in found:
                    self._loose[name].append((cls, evidence))
                aliases.extend(named)
            for alias, method, cls in aliases:  # the method is taken under the alias too
                self._loose[method] += [(cls, evidence) for kin, evidence in
                                        self._loose.get(alias, [])
                                        if not kin or self.kin_classes(kin, cls)]
        for cls, evidence in self._loose.get(fn.name, ()):
            if not cls or self.kin_classes(cls, fn.class_key):
                return evidence
        for cls, evidence in self._loose.get("*", ()):  # `getattr(s, name)`: any method of
            if cls and self.kin_classes(cls, fn.class_key):  # a known class (else a gap)
                return evidence
        return None

    def kin_classes(self, one: str, other: str) -> bool:
        """One class is the other or derives from it (in the workspace)."""
        return any(c.key == other for c in self.p.mro(one)) or \
            any(c.key == one for c in self.p.mro(other))

    def temporary_receiver(self, fn: FunctionSummary) -> Evidence | None:
        """A call site runs the method on a temporary object (`Sampler(k=2).next_token(p)`,
        `make().m(x)`): a tf.function method holds its instance through a weak reference, and
        nothing else holds a temporary, so `self` is gone when the traced call runs (measured,
        TF 2.21: AttributeError "'NoneType' object has no attribute 'k'"; red team on keras-hub
        TopKSampler.get_next_token). A call of the object itself (`Filter(5)(x)`, `Dense(3)(x)`
        reaching `call` through Keras) keeps it on the stack while it runs: not one of these."""
        if fn.kind != "method" or not fn.class_key:
            return None
        for caller, binding in self.bindings_to.get(fn.key, []):
            site = binding.site
            if site.temporary and site.method is None:  # `score = Scorer().score` (p106)
                return Evidence(self.p.file_of.get(caller, ""), site.line, (
                    f"{self.name(caller)} calls it through `{site.text}`, taken from a "
                    "temporary object: a tf.function holds its instance through a weak "
                    "reference, so traced `self` is gone by the time the call runs "
                    "(AttributeError on None, measured with TF 2.21); eagerly the bound "
                    "method keeps it"))
            if site.temporary and site.method == fn.name:
                return Evidence(self.p.file_of.get(caller, ""), site.line, (
                    f"{self.name(caller)} calls it on a temporary object (`{site.text}`): "
                    "a tf.function holds its instance through a weak reference, so traced "
                    "`self` is gone by the time the call runs (AttributeError on None, "
                    "measured with TF 2.21); eagerly the bound method keeps it"))
        return None

    def varying_keras_objects(self, fn: FunctionSummary) -> Evidence | None:
        """A parameter that the function calls as a Keras layer or model (`model(x)`,
        `model.build(...)`, `optimizer.apply_gradients(...)`) receives objects of several
        Keras classes that may not be built yet. Keras makes an object's weights on its first
        call, and a tf.function may create variables only while it traces the first time: a
        second object is a new trace, whose first call of it raises ValueError (measured, TF
        2.21: the corpus's kerascall/models.py `main` steps eight models through `sgd_step`,
        which was converted; the harness had run it with one model). Counted: workspace
        Keras classes not built when constructed. A library model or layer is one value for
        all of them (a functional model, built when made, and a Sequential that is not), and
        several objects of one class cannot be told apart here: known gaps
        (docs/analysis-rules.md)."""
        found = self.keras_used_params(fn)
        used = {name: site for name, (site, _) in found.items()}
        for name in sorted(used):
            how = f"calls `{used[name].text}` on the Keras object given as `{name}`" \
                if found[name][1] else \
                f"uses the Keras object given as `{name}` (through `{used[name].text}`)"
            kinds = sorted({value for value in self.p.params.get(fn.key, {}).get(name, ())
                            if value.startswith("obj:") and self.p.is_keras_class(value[4:])
                            and not self.keras_builds.prebuilt(value[4:])})
            if len(kinds) == 1 and (made := self.construction_count(kinds[0][4:])) > 1:
                # One class, but made at several places (the known gap until session 21; an
                # audit of realistic programs met it restoring a checkpoint into a new model).
                site = used[name]
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"{how}, and one "
                    f"function makes `{kinds[0].rsplit(':', 1)[-1]}` objects at {made} places: "
                    "Keras makes an object's weights on its first call, and a tf.function may "
                    "create variables only in its first trace, so another object's first call "
                    "raises an error traced (ValueError, or AttributeError for a Keras 3 model: "
                    "measured with TF 2.21)"))
            if (fresh := self.made_per_iteration(fn, name)) is not None:
                site = used[name]
                caller, line, where = fresh
                made = "in each iteration of a loop around its call" if where == "L" else \
                    "at each of its runs, and it may run more than once"
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"{how}, which {self.name(caller)} makes anew {made} (line {line}): "
                    "Keras makes an "
                    "object's weights (an optimizer its slots) on its first use, and a "
                    "tf.function may create variables only in its first trace, so the next "
                    "object's first use raises an error traced (ValueError, or AttributeError "
                    "for a Keras 3 model: measured with TF 2.21)"))
            if len(kinds) > 1:
                site = used[name]
                shown = ", ".join(f"`{k.rsplit(':', 1)[-1]}`" for k in kinds[:3])
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"{how}, and its callers pass several "
                    f"({shown}{', ...' if len(kinds) > 3 else ''}): "
                    "Keras makes an object's weights on its first call, and a tf.function may "
                    "create variables only in its first trace, so the next object's first "
                    "call raises an error traced (ValueError, or AttributeError for a Keras 3 "
                    "model: measured with TF 2.21)"))
            if (several := self.several_objects(fn, name)) is not None:
                site = used[name]
                first, second = several
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"{how}, and {self.name(first[0])} (line {first[1]}) and "
                    f"{self.name(second[0])} "
                    f"(line {second[1]}) may pass different objects: Keras makes an object's "
                    "weights (an optimizer its slots) on its first use, and a tf.function may "
                    "create variables only in its first trace, so the next object's first "
                    "use raises an error traced (ValueError, or AttributeError for a Keras 3 "
                    "model: measured with TF 2.21)"))
        return None

    def made_per_iteration(self, fn: FunctionSummary, param: str) -> tuple[str, int, str] | None:
        """A call site of `fn` that passes as `param` an object made anew: by a loop around
        the call (`for run in range(2): net = Dense(1); opt = SGD(0.1); step(net, x, opt)`),
        or by the caller's body when the caller runs more than once (runs_repeatedly: `def
        run(lr): net = Dense(1); ...` called for two rates); bodies' `fresh-arg`. Only where
        that parameter may hold a Keras layer, model or optimizer, of the library or the
        workspace. (caller, line, "L" for a loop or "F" for the function.) An audit of
        realistic programs (session 21, o09: the checkpoint guide's loop restoring into a new
        model and optimizer) saw the converted step raise ValueError."""
        values = self.p.expand(self.p.params.get(fn.key, {}).get(param, V.EMPTY))
        # (Through a starred argument, `step(*list(args))`, the values are the packed
        # container's: any object a caller makes anew counts; a red team of session 24.)
        if param not in (fn.vararg, fn.kwarg) and not any(
                b.site.starred for _, b in self.bindings_to.get(fn.key, [])) and not any(
                v in (V.TF_LAYER, V.TF_MODEL, V.TF_OBJECT, V.TF_HOLDS_CODE) or
                   v.startswith("obj:") and self.p.is_keras_class(v[4:]) for v in values):
            return None  # (of unknown kind only: a dataset's `apply`, a callback, ...)
        return self.fresh_argument(fn, param, set())

    def unsorted_argument(self, fn: FunctionSummary) -> Evidence | None:
        """A call site passing a dict display whose keys do not sort together (bodies'
        `unsorted-arg` uses): a tf.function flattens its arguments with tf.nest, which sorts
        each dict's keys, and raises TypeError at that call (measured with TF 2.21: `total({"a":
        x, 0: x})`; a red team of session 41)."""
        for caller, binding in self.bindings_to.get(fn.key, []):
            caller_fn = self.p.functions.get(caller)
            if caller_fn is None:
                continue
            for line, (slot, kinds) in site_uses(caller_fn, binding.site, "unsorted-arg"):
                what = f"`{slot}`" if not slot.isdigit() else f"argument {int(slot) + 1}"
                return Evidence(self.p.file_of.get(caller, ""), line, (
                    f"{self.name(caller)} passes a dict whose keys are of types that do not "
                    f"sort together ({kinds}) as {what}: a tf.function flattens its arguments "
                    "with tf.nest, which sorts a dict's keys, and raises TypeError at that call "
                    "(measured with TF 2.21)"))
        return None

    def fresh_argument(self, fn: FunctionSummary, param: str, seen: set[tuple[str, str]]
                       ) -> tuple[str, int, str] | None:
        """made_per_iteration, for any value: a call site passing as `param` what its loop
        or its body makes anew, or its own parameter (or an attribute of it: `self.net`)
        that its callers do (`Trainer.fit(self, net)` passing `net` on, called in a loop
        with a new layer each time; a red team of session 23)."""
        if (fn.key, param) in seen:
            return None
        seen.add((fn.key, param))
        for caller, binding in self.bindings_to.get(fn.key, []):
            site = binding.site
            caller_fn = self.p.functions.get(caller)
            if caller_fn is None:
                continue
            if param == "*" or param == fn.vararg:
                # Any argument `*args` takes: a position past the named ones.
                named = len(fn.params) - (fn.kind in ("method", "classmethod"))
                slots = {str(i) for i in range(named, len(site.args))}
            elif param == fn.kwarg:  # any keyword `**kwargs` takes
                slots = {k for k in site.kwargs if k not in fn.params and k not in fn.kwonly}
            else:
                index = self.argument_index(fn, site, param, before_starred=True)
                slots = {param if param in site.kwargs else str(index)} \
                    if index is not None else set()  # bodies' `col|slot|where`
            for line, (given, where) in site_uses(caller_fn, site, "fresh-arg"):
                if where in ("P*", "P**"):
                    # The caller passes its own `*args` (any position) or `**kwargs` (this
                    # keyword, not named at the site) on (bodies.note_fresh_arguments).
                    onward = "*" if where == "P*" else param
                    if (where == "P*" or param not in site.kwargs) and \
                            (found := self.fresh_argument(caller_fn, onward, seen)) is not None:
                        return found
                    continue
                if given not in slots:
                    continue
                if where == "L" or where == "F" and self.runs_repeatedly(caller, set()):
                    return caller, line, where
                if where.startswith("P:") and \
                        (found := self.fresh_argument(caller_fn, where[2:], seen)) is not None:
                    return found
        return None

    def keras_used_params(self, fn: FunctionSummary) -> dict[str, tuple[CallSite, bool]]:
        """The parameters the function calls as a Keras object or runs a building method on
        (`model(x)`, `model.build(...)`, `optimizer.apply_gradients(...)`), itself (True) or
        through a callee it passes them to (False: `fit(self, net, x)` calling
        `train_step(net, x)`; traced, the callee's first use of a new object is in the
        caller's trace; a red team of session 23), with the site that shows it."""
        return self.keras_used().get(fn.key, {})

    def keras_used(self) -> dict[str, dict[str, tuple[CallSite, bool]]]:
        """keras_used_params of every function: the direct uses (CallIndex.keras_direct),
        then up through the callers that pass their own parameter there; once per build."""
        if self._keras_used is None:
            found: dict[str, dict[str, tuple[CallSite, bool]]] = {}
            stack: list[tuple[str, str]] = []
            for key in sorted(self.index.keras_direct):
                fn = self.p.functions.get(key)
                if fn is None:
                    continue
                for name, index in self.index.keras_direct[key]:
                    found.setdefault(key, {})[name] = (fn.calls[index], True)
                    stack.append((key, name))
            while stack:
                callee, param = stack.pop()
                for caller, binding in self.bindings_to.get(callee, []):
                    root = binding.roots.get(param, "")
                    if binding.site.forwards and param not in binding.site.kwargs and \
                            not root.startswith("p:"):
                        root = f"p:{binding.site.forwards}"  # `step(x=x, **kw)` (session 24)
                    if not root.startswith("p:") or caller == callee or \
                            caller not in self.p.functions:
                        continue
                    mine = found.setdefault(caller, {})
                    if root[2:] not in mine:
                        mine[root[2:]] = (binding.site, False)
                        stack.append((caller, root[2:]))
            self._keras_used = found
        return self._keras_used

    def unused_arguments(self, fn: FunctionSummary) -> Evidence | None:
        """A tensor op whose value only reaches parameters of workspace functions that do not
        read them (CallSite.kept_by, FunctionSummary.unused_params: a helper ignoring a
        parameter, or reading only its shape): traced in the caller's graph the op is pruned,
        so what it raises eagerly does not happen (measured with TF 2.21, a red team of
        session 27, p03, p58, p63, p65)."""
        info = self.p.info.get(fn.key)
        if info is None or not any(site.kept_by for site in fn.calls):
            return None
        callees = self.callees_by_site(fn.key)
        helpers: dict[tuple[int, int], str] | None = None
        for site in reversed(fn.calls):  # (the last op of a chain: the one its value reaches)
            # `tf.nest.map_structure(fn, d)` followed entry by entry (liveness.Dead.mapped):
            # its function runs per entry, so one entry unread is enough (p42)
            mapped = site.static is not None and \
                tfapi.normalize(site.static) == "tensorflow.nest.map_structure"
            if not site.kept_by:
                continue
            helper = not (mapped or tfapi.prunable_call(site.static))
            if helper:
                # a workspace function's result (`tf.reshape(_extra(line), [1])`) that only a
                # map of a function of no known value takes: the ops the function runs only
                # to compute it are pruned with it (session 33)
                if helpers is None:
                    helpers = self.helper_ops(fn)
                if (site.line, site.col) not in helpers:
                    continue
            unread: list[tuple[CallSite, str, str, int | str | None]] = []
            for index, slot, key in site.kept_by:
                through = fn.calls[index]
                targets = callees.get((through.line, through.col), [])
                if helper and (slot != "~" or targets):
                    unread = []  # (a helper's parameter: not followed for a helper's result)
                    break
                if slot == "~" and not targets:
                    # `map_structure(functools.partial(shape_of, k=2), d)`, a function of no
                    # known value: which parameter it reads, not known (session 31's second
                    # red team, p59): not read for sure
                    unread.append((through, "", "~", key))
                    if mapped:
                        break
                    continue
                param = self.unread_parameter(through, targets, slot, key)
                if param is not None:
                    unread.append((through, *param))
                    if mapped:
                        break
                elif not mapped:  # read there: the op is kept
                    unread = []
                    break
            if not unread:
                continue
            through, callee_key, name, key = unread[0]
            if not callee_key:
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"the result of {site.text}() only goes to {through.text}() (line "
                    f"{through.line}), whose function the engine does not resolve (a "
                    "`functools.partial`, a parameter, one looked up by `getattr` or in a "
                    "container): it may read only the items' shapes, "
                    f"and a graph drops an op whose value it does not read, so what the op "
                    f"raises eagerly {_NOT_RAISED}"))
            callee = self.p.functions[callee_key]
            if name == "*":
                leaves = ", ".join(f"`{p}`" for p in [*callee.unused_params,
                                                      *dict(callee.param_keys)])
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"the result of {site.text}() goes to {self.name(callee_key)} (line "
                    f"{through.line}) unpacked with `*` or `**`, whose parameter the engine "
                    f"does not tell, and {self.name(callee_key)} does not read all of "
                    f"{leaves}: a graph drops an op whose value it does not read, so what it "
                    f"raises eagerly {_NOT_RAISED}"))
            whole = key is None or name in callee.unused_params
            what = f"`{name}`" if whole else f"the entry {key!r} of `{name}`" if key != "*" \
                else f"an entry, of a key the engine does not follow, of `{name}`"
            but = self.how_unread(callee, through, name, key, whole)
            if mapped:
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"{site.text}() runs its function on every entry eagerly, and what it "
                    f"makes goes to {what} of {self.name(callee_key)} (line {through.line}), "
                    f"which reads {but}: a graph drops what the function runs for an entry "
                    f"not read, so what that raises eagerly {_NOT_RAISED}"))
            return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                f"the result of {site.text}() only goes to {what} of "
                f"{self.name(callee_key)} (line {through.line}), which reads {but}: a "
                f"graph drops the op, so what it raises eagerly {_NOT_RAISED}"))
        return None

    def callees_by_site(self, key: str) -> dict[tuple[int, int], list[str]]:
        """The workspace functions each call site of function `key` may call, by (line,
        column): a binding's site is a copy of the summary's once a snapshot is read."""
        info = self.p.info.get(key)
        callees: dict[tuple[int, int], list[str]] = {}
        for binding in (info.bindings if info else ()):
            callees.setdefault((binding.site.line, binding.site.col), []).append(binding.callee)
        return callees

    def how_unread(self, callee: FunctionSummary, through: CallSite, name: str,
                   key: int | str | None, whole: bool) -> str:
        """Why `callee` does not read its parameter `name` (or its entry `key`) for sure, the
        end of facts.unused_arguments' message ("which reads ...")."""
        read = dict(callee.param_keys).get(name, ())
        if name in dict(callee.passed_params) and name not in callee.unused_params:
            return "it only to give it on to functions that do not read it (or not that entry)"
        if read == ("?",):
            return ("it only where an `if` or a conditional expression runs that part, or on "
                    "one side of a `tf.where` (or of a `&`, `|`, a product) whose condition "
                    "(other side) the caller gives or no data computes (a Python test may skip "
                    "it, a constant condition or a product by 0 is folded)")
        if self.returned_unused(callee, through, name):
            return "it only to compute what it returns, which is not used here (or not that part)"
        if whole:
            return "nothing of it but its shape at most"
        if "*" in read:
            return "an entry by a key the engine does not resolve (a variable's value)"
        if "?" in read:
            return ("other entries only, or this one only where an `if` or a conditional "
                    "expression runs that part (a Python test may skip it)")
        if f"{key!r}[...]" in read:
            return f"only part of it (`{name}[{key!r}][...]`)"
        return "other entries only"

    def unread_parameter(self, through: CallSite, targets: list[str], slot: int | str,
                         key: int | str | None, depth: int = 0
                         ) -> tuple[str, str, int | str | None] | None:
        """(callee, parameter, entry) where a function `through` may call binds the argument
        `slot` to a parameter that does not read it (or not its entry `key`; an item of its
        `*args`, an entry of its `**kwargs`): where that one runs, the op is pruned; None where
        every one reads it or the callee or parameter is not known."""
        for callee_key in targets:
            callee = self.p.functions.get(callee_key)
            if callee is not None and slot == "*":
                # unpacked with `*args`/`**kwargs` to a parameter not known: unread for sure
                # only where the callee reads all of each of its parameters (p51)
                if not callee.unused_params and not callee.param_keys:
                    continue
                return (callee_key, "*", key)
            if callee is not None and slot == "~":
                # an item `tf.nest.map_structure(callee, d)` gives the callee (liveness)
                positional = self.positional(callee, through)
                name = positional[0] if positional else None
            else:
                name = self.parameter_at(callee, through, slot) if callee else None
            entry = key
            if callee is not None and name is None and key is None and (
                    (callee.vararg and isinstance(slot, int)) or (callee.kwarg and slot != "*")):
                # given to `*columns` or `**features`: its item or entry there (p51, p52)
                name = callee.vararg if isinstance(slot, int) else callee.kwarg
                entry = slot - len(self.positional(callee, through)) \
                    if isinstance(slot, int) else slot
            read = dict(callee.param_keys).get(name) if callee and name else None
            # (an entry read by a key not known, "*": not this one for sure, p33; "?" alone:
            # read only where a branch runs, p21; only for what it returns, of a call whose
            # result is not used, p87)
            if callee is None or name is None or (
                    name not in callee.unused_params and read != ("?",) and
                    not self.returned_unused(callee, through, name) and
                    not self.passed_unread(callee_key, callee, name, entry, depth) and
                    (entry is None or read is None or (entry in read and "*" not in read))):
                continue
            # one function the site may run does not read it: where that one runs (an
            # override of `self.measure` reading only the shape), the op is pruned (session
            # 31's second red team, p104)
            return (callee_key, name, entry)
        return None

    def passed_unread(self, callee_key: str, callee: FunctionSummary, name: str,
                      entry: int | str | None, depth: int) -> bool:
        """The parameter `name` is only given on, whole, to workspace calls, none of which
        reads it (or its entry `entry`): `def model(f): return head(f)` with `head` reading
        another entry (session 29's second red team, p51, p80; at most 3 deep)."""
        passes = dict(callee.passed_params).get(name)
        if not passes or depth >= 3:
            return False
        callees = self.callees_by_site(callee_key)
        for index, slot in passes:
            if index >= len(callee.calls):
                return False
            site = callee.calls[index]
            targets = callees.get((site.line, site.col), [])
            if not targets or self.unread_parameter(site, targets, slot, entry,
                                                    depth + 1) is None:
                return False
        return True

    def partial_results(self, fn: FunctionSummary) -> Evidence | None:
        """A call of a workspace function whose result is used in part (`_, name =
        split_record(line)`, `split_record(line)[1]`; CallSite.used_elements) where the
        callee computes an element not used with a tensor op kept only for it
        (FunctionSummary.returned_only): traced in the caller's graph, that op is pruned, so
        what it raises eagerly does not happen (measured with TF 2.21, a red team of session
        27, p04, p26)."""
        info = self.p.info.get(fn.key)
        if info is None or all(site.used_elements is None and not site.kept_by
                               for site in fn.calls):
            return None
        callees = self.callees_by_site(fn.key)
        for binding in info.bindings:
            used = binding.site.used_elements
            callee = self.p.functions.get(binding.callee)
            if callee is None or not callee.returned_only:
                continue
            if used is None:  # `head(parse_line(line))`: the entries `head` reads (p88)
                used = self.entries_read(fn, binding.site, callees)
                if used is None:
                    continue
            found = self.unused_element(binding.callee, used, 0)
            if found is not None:
                element, op, owner = found
                site = binding.site
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"it uses only part of what {site.text}() returns, and the element "
                    f"{element!r} it leaves comes from {op.text}() in "
                    f"{self.name(owner)} (line {op.line}): a graph drops that "
                    f"op, so what it raises eagerly {_NOT_RAISED}"))
        return None

    def unused_element(self, callee_key: str, used: tuple[int | str, ...], depth: int
                       ) -> tuple[int | str, CallSite, str] | None:
        """(element, op, function) of a prunable op that `callee_key` computes only for an
        element of what it returns not among `used`, or in a workspace function whose whole
        result it returns (`def parse(line): return build(cols)`, session 29's second red
        team, p53; at most 4 deep)."""
        callee = self.p.functions.get(callee_key)
        if callee is None or not callee.returned_only or depth > 3:
            return None
        # an op -> the elements that keep it (a tuple's index, a dict's key: p82)
        elements: dict[int, set[int | str]] = {}
        for element, index in callee.returned_only:
            elements.setdefault(index, set()).add(element)
        inner = self.callees_by_site(callee_key)
        for index, kept in sorted(elements.items()):
            if index >= len(callee.calls):
                continue
            op = callee.calls[index]
            if kept == {-1}:  # returned whole: what it returns, used as this one's is
                for key in inner.get((op.line, op.col), []):
                    if (found := self.unused_element(key, used, depth + 1)) is not None:
                        return found
                continue
            if kept & {*used, -1}:
                continue
            if tfapi.prunable_call(op.static):
                return sorted(kept, key=repr)[0], op, callee_key
        return None

    def helper_ops(self, fn: FunctionSummary) -> dict[tuple[int, int], str]:
        """(line, column) of each call of a workspace function that computes what it returns
        with a prunable op (FunctionSummary.returned_only) -> that op's text."""
        info = self.p.info.get(fn.key)
        found: dict[tuple[int, int], str] = {}
        for binding in (info.bindings if info else ()):
            callee = self.p.functions.get(binding.callee)
            if callee is None or binding.site.static == ESCAPED:
                continue
            for _, op_index in callee.returned_only:
                op = callee.calls[op_index] if op_index < len(callee.calls) else None
                if op is not None and tfapi.prunable_call(op.static):
                    found[(binding.site.line, binding.site.col)] = op.text
                    break
        return found

    def branch_kept(self, fn: FunctionSummary) -> Evidence | None:
        """A tensor op whose value only `if` branches keep (CallSite.guarded_by), each `if` of
        a test that may be a Python value (`if debug:`, `if DEBUG:`): while tracing Python
        picks one branch, and a trace that does not take the one keeping the value prunes the
        op, so what it raises eagerly does not happen (measured with TF 2.21, a red team of
        session 27, p05, p17, p64). A tensor test traces both branches (tf.cond)."""
        helpers: dict[tuple[int, int], str] | None = None
        for site in fn.calls:
            if not site.guarded_by:
                continue
            if not tfapi.prunable_call(site.static):
                # a workspace function's result multiplied by a constant (`_extra(line) *
                # k`): the ops it runs only to compute it are pruned with it (session 32)
                if not any(index < len(fn.value_uses) and
                           fn.value_uses[index][0] in ("constant-product", "constant-select")
                           for index, _ in site.guarded_by):
                    continue
                if helpers is None:
                    helpers = self.helper_ops(fn)
                if (site.line, site.col) not in helpers:
                    continue
            tests = [(fn.value_uses[index], branch) for index, branch in site.guarded_by
                     if index < len(fn.value_uses)]
            python = []
            for (use, values, line, detail), branch in tests:
                expanded = self.p.expand(values)
                if not any(V.is_tensor(v) for v in expanded):
                    python.append((line, branch, use, V.has_unknown(expanded), detail))
            # every path goes through each branch: one Python test prunes it; else each branch
            # is some path's, and every test must be Python
            if len(tests) != len(site.guarded_by) or not python or \
                    (not site.guard_needed and len(python) != len(tests)):
                continue
            line, branch, use, unknown, detail = python[0]
            if use in ("select", "constant-select") and detail in ("logical_and", "logical_or"):
                # (either argument folds it: liveness._symmetric)
                where, other = f"as an argument of the tf.{detail} at line {line}, whose " \
                    "other argument", "folds the op on it"
            elif use in ("select", "constant-select"):
                where, other = f"as the {'second' if branch == 0 else 'third'} argument of " \
                    f"the tf.{detail or 'where'} at line {line}, whose first", \
                    "folds the op on it"
            elif use == "ifexp":
                where, other = f"on the {'left' if branch == 0 else 'right'} side of the " \
                    f"conditional expression at line {line}, whose test", "takes the other side"
            elif use in ("for", "while"):
                where, other = f"inside the `{use}` loop at line {line}, whose " + \
                    ("iterable" if use == "for" else "test"), "runs the loop no time"
            elif branch == 0:
                where, other = f"in a branch of the `if` at line {line}, whose test", \
                    "does not take that branch"
            else:
                where, other = f"where the `if` at line {line} does not run its body, and " \
                    "its test", "runs the body"
            if use in ("product", "constant-product"):
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"the result of {site.text}() is used only as an operand of `{detail}` "
                    f"(line {line}), whose other operand no data computes: a constant while "
                    "tracing, which may be 0 (the engine does not tell), and a graph folds an "
                    "integer product by 0 to zeros and a power of 0 to ones (Grappler's "
                    f"constant folding), dropping the op, so what it raises eagerly "
                    f"{_NOT_RAISED}"))
            if use == "constant-select":
                return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                    f"the result of {site.text}() is used only {where} is computed from "
                    "constants only: a graph folds the select (Grappler's constant folding) "
                    f"and drops the op, so what it raises eagerly {_NOT_RAISED}"))
            what = "may be a Python value (the engine cannot tell its type)" if unknown else \
                "is a Python value"
            return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                f"the result of {site.text}() is used only {where} {what} while tracing: a "
                f"trace that {other} drops the op, so what it raises eagerly {_NOT_RAISED}"))
        return None

    @staticmethod
    def returned_unused(callee: FunctionSummary, site: CallSite, name: str) -> bool:
        """The parameter `name` of `callee` is read only for what it returns, and `site` uses
        none of what is returned from it (its result is not used, or other elements only)."""
        elements = dict(callee.returned_params).get(name)
        if elements is None:
            return False
        if site.discarded:
            return True
        return site.used_elements is not None and -1 not in elements and \
            not set(elements) & set(site.used_elements)

    def entries_read(self, fn: FunctionSummary, site: CallSite,
                     callees: dict[tuple[int, int], list[str]]) -> tuple[int | str, ...] | None:
        """The entries of `site`'s result that the workspace functions it is given to whole
        read for sure (their parameters read by constant keys; CallSite.kept_by), None where
        one may read it whole or is not known."""
        if not site.kept_by:
            return None
        used: set[int | str] = set()
        for index, slot, key in site.kept_by:
            if key is not None or index >= len(fn.calls):
                return None
            through = fn.calls[index]
            targets = callees.get((through.line, through.col), [])
            if not targets:
                return None
            for callee_key in targets:
                callee = self.p.functions.get(callee_key)
                name = self.parameter_at(callee, through, slot) if callee else None
                if callee is None or name is None:
                    return None
                if name in callee.unused_params:
                    continue
                read = dict(callee.param_keys).get(name)
                if read is None:
                    return None  # read whole
                used.update(k for k in read if k not in ("*", "?"))
        return tuple(sorted(used, key=repr))

    def parameter_at(self, callee: FunctionSummary, site: CallSite, slot: int | str
                     ) -> str | None:
        """The parameter of `callee` that `site`'s argument `slot` (a position or a keyword)
        binds, None where that is not one named parameter."""
        if isinstance(slot, str):
            return slot if slot in callee.params or slot in callee.kwonly else None
        # (liveness numbers the items of `*pair` in turn, p51: not site.args' positions)
        positional = self.positional(callee, site)
        return positional[slot] if slot < len(positional) else None

    def dropped_workspace_result(self, fn: FunctionSummary) -> Evidence | None:
        """A call of a workspace function whose result nothing the caller keeps uses
        (CallSite.discarded: `check_ids(table, ids)` as a statement, `_ = helper(x)`), where
        the callee runs a TensorFlow op only to compute what it returns
        (FunctionSummary.returned_only): traced in the caller's graph, that op is pruned, so
        what it raises eagerly (an index out of range) does not happen (measured with TF 2.21,
        a red team of session 27, p21). Its updates of variables are kept (stateful)."""
        info = self.p.info.get(fn.key)
        if info is None:
            return None
        # (by position: a binding's site is a copy of the summary's once a snapshot is read)
        dead = {(site.line, site.col): index for index, site in enumerate(fn.calls)
                if site.discarded}
        if not dead:
            return None
        for binding in info.bindings:
            index = dead.get((binding.site.line, binding.site.col))
            callee = self.p.functions.get(binding.callee)
            if index is None or callee is None or binding.site.static == ESCAPED:
                continue  # (a function given there, called elsewhere: not this call's result)
            for _, op_index in callee.returned_only:  # ops kept only as what it returns
                op = callee.calls[op_index] if op_index < len(callee.calls) else None
                if op is not None and tfapi.prunable_call(op.static):
                    site = binding.site
                    return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                        f"the result of {site.text}() is not used: a graph drops the ops "
                        f"{self.name(binding.callee)} runs only to compute it ({op.text}() at "
                        f"line {op.line}), so what they raise eagerly {_NOT_RAISED}"))
        return None

    def optimizer_variables(self, fn: FunctionSummary) -> Evidence | None:
        """An optimizer's update (`opt.apply_gradients([(grad, var)])`, `opt.minimize(loss,
        [var])`) whose arguments read a parameter that two call sites may fill with different
        objects (a variable, or an object holding some; not a tensor). A Keras optimizer makes
        its slots for the variables of its first update:
        eagerly a later update of another variable raises ValueError ("Unknown variable"),
        while the traced function updates it with the first variable's slots and returns
        (measured with TF 2.21, a red team of session 26: p86, p137, momentum SGD)."""
        for name in sorted(self.applied_params().get(fn.key, ())):
            if (looped := self.looped_argument(fn, name)) is not None:
                return Evidence(self.p.file_of.get(fn.key, ""), fn.line, (
                    f"`{name}` holds what an optimizer's update takes as its variables, and "
                    f"{self.name(looped[0])} (line {looped[1]}) passes there the target of a "
                    "`for`, a new object at each iteration: a Keras optimizer makes its slots "
                    "for the variables of its first update, so eagerly another variable's "
                    "update raises ValueError, while traced it runs with the first one's "
                    "slots (measured with TF 2.21)"))
        for site in fn.calls:
            for name in site.applies:
                held = self.p.expand(self.p.params.get(fn.key, {}).get(name, V.EMPTY))
                if not any(v == V.VARIABLE or v in (V.TF_LAYER, V.TF_MODEL, V.TF_OBJECT) or
                           v.startswith("obj:") for v in held):
                    continue  # gradients, a list of tensors: a new value at every call
                if (several := self.several_objects(fn, name, any_value=True)) is not None:
                    first, second = several
                    return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                        f"`{site.text}(...)` updates what `{name}` holds, and "
                        f"{self.name(first[0])} (line {first[1]}) and {self.name(second[0])} "
                        f"(line {second[1]}) may pass different objects: a Keras optimizer "
                        "makes its slots for the variables of its first update, so eagerly "
                        "another variable's update raises ValueError, while traced it runs "
                        "with the first one's slots (measured with TF 2.21)"))
        update = self.optimizer_updates().get(fn.key)
        if update:
            # Through a helper, a method or a closure that runs the update (p30, p39-p43 of a
            # red team of session 27): any parameter that may hold a variable, given different
            # ones by two call sites, may be what it updates (not followed: default-deny).
            params = self.p.params.get(fn.key, {})
            for name in sorted(params):
                if V.VARIABLE not in self.p.expand(params[name]):
                    continue  # (a batch from `for x in dataset:` is a new tensor each time)
                if (several := self.several_objects(fn, name, any_value=True)) is not None:
                    first, second = several
                    return Evidence(self.p.file_of.get(fn.key, ""), update[0].line, (
                        f"it runs an optimizer's update ({update[0].reason}), and "
                        f"{self.name(first[0])} (line {first[1]}) and {self.name(second[0])} "
                        f"(line {second[1]}) may pass different variables as `{name}`: a "
                        "Keras optimizer makes its slots for the variables of its first "
                        "update, so eagerly another variable's update raises ValueError, "
                        "while traced it runs with the first one's slots (measured with TF "
                        "2.21)"))
        return None

    def applied_params(self) -> dict[str, set[str]]:
        """The parameters whose objects reach where an optimizer's update takes its variables
        (CallSite.applies), in the function or, passed on as they are, in a callee: `fit_step(w,
        x)` calling `update(grad, w)` that runs `opt.apply_gradients([(grad, var)])`. Once per
        build."""
        if self._applied is None:
            found: dict[str, set[str]] = {}
            for key in sorted(self.index.applies):  # the functions that have any
                if key in self.p.functions:
                    found[key] = set(self.index.applies[key])
            stack = sorted(found)
            while stack:
                callee = stack.pop()
                for caller, binding in self.bindings_to.get(callee, []):
                    roots = {binding.roots.get(name, "") for name in found[callee]}
                    new = {r[2:] for r in roots if r.startswith("p:")} - \
                        found.get(caller, set()) - {"self"}
                    if new and caller in self.p.functions:
                        found.setdefault(caller, set()).update(new)
                        stack.append(caller)
            self._applied = found
        return self._applied

    def looped_argument(self, fn: FunctionSummary, param: str, depth: int = 0
                        ) -> tuple[str, int] | None:
        """A call site of `fn` that passes as `param` the target of an enclosing `for`
        (CallSite.loop_args), or the caller's own parameter that one of its sites fills so
        (`for w in ws: step(w, x)` with `step` calling `update(grad, w)`): (caller, line)."""
        for caller, binding in self.bindings_to.get(fn.key, []):
            site = binding.site
            if site.loop_args and \
                    self.argument_index(fn, site, param, before_starred=True) in site.loop_args:
                return caller, site.line
            root = binding.roots.get(param, "")
            outer = self.p.functions.get(caller)
            if root.startswith("p:") and outer is not None and caller != fn.key and depth < 8 and \
                    (found := self.looped_argument(outer, root[2:], depth + 1)) is not None:
                return found
        return None

    def optimizer_updates(self) -> dict[str, list[Evidence]]:
        """Functions that run an optimizer's update (`.apply_gradients(...)`, `.minimize(...)`,
        `.apply(...)` on any object), in their body or a callee; once per build."""
        if self._updates is None:
            own = {}
            for key in sorted(self.scope):
                fn = self.p.functions[key]
                site = next((s for s in fn.calls if s.method in OPTIMIZER_UPDATES and
                             s.receiver is not None), None)
                if site is not None:
                    own[key] = self.evidence(key, site.line, f"`{site.text}(...)`")
            self._updates = self.close_over_callers(own, self.in_callee)
        return self._updates

    def several_objects(self, fn: FunctionSummary, param: str, any_value: bool = False
                        ) -> tuple[tuple[str, int], tuple[str, int]] | None:
        """Two call sites of `fn` that may pass different objects as `param`, where it may
        hold a Keras layer, model or optimizer (of the library: one value for every object;
        or of a workspace class: construction_count sees only one function at a time). A
        realistic-programs audit (session 23) saw `fit_step(adam, x)` then
        `fit_step(SGD(0.1, momentum=0.9), x)`, and `embed(tower_a, x)` / `embed(tower_b,
        x)` with two Sequentials not built yet, raise ValueError converted. Not counted: every
        site passing the same global name, or `self`'s attribute (two instances are a known
        gap), or sites in different modules. ((caller, line), (caller, line)) of two sites.
        `any_value`: whatever the parameter may hold (optimizer_variables)."""
        values = self.p.expand(self.p.params.get(fn.key, {}).get(param, V.EMPTY))
        # (Through a starred argument, `step(*list(args))`, the values are the packed
        # container's: any object a caller makes anew counts; a red team of session 24.)
        if param not in (fn.vararg, fn.kwarg) and not any_value and not any(
                b.site.starred for _, b in self.bindings_to.get(fn.key, [])) and not any(
                v in (V.TF_LAYER, V.TF_MODEL, V.TF_OBJECT, V.TF_HOLDS_CODE) or
                   v.startswith("obj:") and self.p.is_keras_class(v[4:]) and
                   not self.keras_builds.prebuilt(v[4:]) for v in values):
            return None
        sites: dict[tuple[str, int, int], str] = {}
        for caller, binding in self.bindings_to.get(fn.key, []):
            site = binding.site
            if site.static == ESCAPED:
                continue
            index = self.argument_index(fn, site, param, before_starred=True)
            if index is None:
                root = "?"
            elif param in site.kwargs:
                root = site.kwarg_roots.get(param, "?")
            else:
                root = site.arg_roots[index] if index < len(site.arg_roots) else "?"
            given = site.kwargs.get(param) if param in site.kwargs else \
                site.args[index] if index is not None and index < len(site.args) else None
            sites.setdefault((caller, site.line, site.col), self.object_identity(
                caller, root, given, f"#{caller}|{site.line}|{site.col}"))
        # Per module of the callers: sites in two modules are most often two scripts or a
        # script and its tests, run apart (the engine has no notion of separate programs; a
        # known gap both ways: the verify example's driver and train.py each step their own
        # model through `predict_classes`).
        by_module: dict[str, dict[tuple[str, int, int], str]] = {}
        for spot, identity in sites.items():
            by_module.setdefault(self.p.file_of.get(spot[0], ""), {})[spot] = identity
        for mine in by_module.values():
            if len(set(mine.values())) >= 2:
                (a, line_a, _), (b, line_b, _) = sorted(mine)[:2]
                return (a, line_a), (b, line_b)
        return None

    def object_identity(self, caller: str, root: str, given: Values | None, own: str) -> str:
        """What tells two call sites' arguments are one object (several_objects): the same
        global or `self` attribute; in one caller, the same local bound once, or the same
        expression's result (`model` at two calls of `main`, where `model, base =
        make_model()` ran once). Anything else is its own object (`own`: the site)."""
        if root.startswith(("g:", "p:self")):
            return root
        fn = self.p.functions.get(caller)
        if fn is not None and given is not None and len(given) == 1:
            token = next(iter(given))
            local = f"v|{caller}|"
            if token.startswith(local) and \
                    len(bound := fn.locals.get(token[len(local):], ())) == 1:
                token = next(iter(bound))
            if token.startswith((f"e|{caller}|", local)):
                return token
        return own

    def runs_repeatedly(self, key: str, seen: set[str]) -> bool:
        """Whether function `key` may run more than once in one run of the program: two call
        sites or more, one inside a loop, or one in a function that does (a module's top level
        runs once; a function nothing in the workspace calls is taken to run once, as a
        script's `main` is)."""
        if key in seen:
            return True  # recursion
        seen.add(key)
        sites = {(caller, b.site.line, b.site.col) for caller, b in self.bindings_to.get(key, [])}
        if len(sites) != 1:
            return len(sites) > 1
        caller, line, _col = next(iter(sites))
        caller_fn = self.p.functions.get(caller)
        if caller_fn is None:
            return True
        if any(use == "loop" and start <= line <= start + int(length)
               for use, _values, start, length in caller_fn.value_uses):
            return True
        return caller_fn.qualname != MODULE_QUALNAME and self.runs_repeatedly(caller, seen)

    def construction_count(self, class_key: str) -> int:
        """The most call sites that construct the class (`Scale()`) in one function (or one
        module's top level), memoized: two there make two objects in one run. (Two scripts
        of a project that make one each run apart: not counted.) A function whose every such
        call is built right after it (`q = QNet(); t = QNet(); q(x); t(x)`: CallSite.built_after)
        by a class whose construction hands `self` to no other code (`_keeps_self`) makes only
        built objects: not counted (a traced function given any of them creates no variable)."""
        if self._constructions is None:
            counts: dict[str, int] = {}
            for key in sorted(self.p.functions):
                mine: dict[str, int] = {}
                unbuilt: set[str] = set()
                for site in self.p.functions[key].calls:
                    if site.method is None:
                        for value in self.p.expand(site.callee):
                            if value.startswith("cls:"):
                                mine[value[4:]] = mine.get(value[4:], 0) + 1
                                if not site.built_after:
                                    unbuilt.add(value[4:])
                for cls, count in mine.items():
                    if cls in unbuilt or not self._keeps_self(cls):
                        counts[cls] = max(counts.get(cls, 0), count)
            self._constructions = counts
        return self._constructions.get(class_key, 0)

    def _keeps_self(self, class_key: str) -> bool:
        """Every workspace `__init__` of the class's MRO keeps `self` to itself: it writes only
        `self`'s attributes, passes `self` to no call and calls no workspace method on it (such
        code could hand the object, not built yet, to a traced function before the statement
        that builds it)."""
        for cls in self.p.mro(class_key):
            init = self.p.functions.get(cls.methods.get("__init__", ""))
            if init is None:
                continue
            if any(e.kind == "write" and e.root != "p:self" or e.kind == "unknown"
                   for e in init.effects):
                return False
            for site in init.calls:
                if "p:self" in site.arg_roots or "p:self" in site.kwarg_roots.values():
                    return False
                if site.receiver_root == "p:self" and site.method is not None and \
                        self.p.find_method(class_key, site.method) is not None:
                    return False
        return True

    def written_out(self, values: Values, depth: int = 0) -> bool:
        """Whether a default is a container the `def` writes out (`(0.08, 1.0)`, `[0.5, 0.25]`,
        nested too): not a name or a call's result, whose content other code may change."""
        for value in values:
            if not V.is_placeholder(value):
                continue
            kind, owner, index = value.split("|", 2)
            fn = self.p.functions.get(owner)
            if kind != "e" or fn is None or depth > 4 or fn.deferred[int(index)][0] != "container" \
                    or not self.written_out(fn.deferred[int(index)][1], depth + 1):
                return False
        return True

    def settings_written(self) -> frozenset[str]:
        """The Keras global settings the workspace sets (static_values.py), once per build:
        from the CallIndex, which keeps each function's share across the server's runs
        (settings_index.py; 446 CPU ms from scratch on 253 KLOC)."""
        if self._settings_written is None:
            self._settings_written = self.index.settings_written(self.p)
        return self._settings_written

    def tensor_index(self, index: Values, base: Values | None) -> tuple[str, str] | None:
        """A subscript whose index may be a tensor, of a container that may not be one
        (bodies.note_index): `SCALES[i]`, `tf.unstack(x)[i]`, `x.shape[axis]` with `i` a
        tensor work eagerly (the tensor's `__index__`) and raise TypeError traced."""
        index = self.p.expand(index)
        if not any(V.is_tensor(v) for v in index):
            return None
        kinds = self.p.expand(base or V.UNKNOWN_SET)
        python = sorted(v for v in kinds if v in V.CONTAINERS or
                        v in (V.NUMPY, V.RANGE, "str"))
        if python:
            return ("HAS_TENSOR_TO_PYTHON_CONVERSION",
                    f"indexes {V.describe(python[0])} with a tensor: eagerly the tensor "
                    "converts to an int, traced it cannot (TypeError)")
        if V.has_unknown(kinds):
            return ("UNDETERMINABLE_CONSTRUCT", "indexes a value of unknown type with a "
                    "tensor: a Python list or tuple takes an eager tensor as an int, not a "
                    "traced one")
        return None

    @staticmethod
    def value_use(fn: FunctionSummary, facts: FunctionFacts, use: str, values: Values,
                  detail: str) -> tuple[str, str] | None:
        """What a construct whose meaning depends on its values' kind does in a graph (see
        bodies.NEEDS_VALUE): a tensor makes it a hazard, a value of unknown kind makes the verdict
        unknown (it could be a tensor)."""
        unknown = V.has_unknown(values)
        if use == "tarr-method":
            if V.TENSOR_ARRAY in values:
                return ("HAS_TRACE_DEPENDENT_CODE", f"`{detail}` taken as a value: eagerly each "
                        "call writes the TensorArray in place, in a graph it returns a new array "
                        "that calls through this name drop (measured with TF 2.21: stacked zeros "
                        "traced; a red team of session 26)")
            return None
        if use == "return":
            if V.MASKED_TENSOR in values:
                return "HAS_TRACE_DEPENDENT_CODE", MASK_RETURNED
            if V.TENSOR_ARRAY in values or V.HOLDS_TENSOR_ARRAY in values:
                # measured, TF 2.21: a tf.function returns a TensorArray as a variant tensor
                # (its TensorList), whose `.stack()` is an AttributeError (a red team, session 24)
                if facts.hybrid:
                    return ("UNDETERMINABLE_CONSTRUCT", "returns a tf.TensorArray, which the "
                            "graph returns as a variant tensor: callers would get the "
                            "TensorArray itself without the decorator")
                return ("HAS_PYTHON_RETURN_VALUES", "returns a tf.TensorArray; as a "
                        "tf.function it would return a variant tensor (its TensorList), "
                        "which has no TensorArray methods: `.stack()` it first")
            python = sorted(v for v in values if v in V.PRIMITIVES or v in (V.NUMPY, V.VARIABLE))
            if python:
                what = V.describe(python[0])
                if facts.hybrid:  # removing the decorator would change what callers get
                    return ("UNDETERMINABLE_CONSTRUCT",
                            f"returns {what}, which the graph turns into a tensor: callers "
                            "would get another type without the decorator")
                return ("HAS_PYTHON_RETURN_VALUES",
                        f"returns {what}; as a tf.function it would return a tensor")
            if detail == "items" and V.EMPTY_LIST not in values:
                return None  # `return a, b`: each element was judged itself (bodies)
            fine = (V.NONE, V.EMPTY_LIST) if detail == "grown" else (V.NONE,)
            # (`grown`: a list only `[]` and appended to: grown_lists.py)
            odd = sorted(v for v in values if not (
                V.is_tensor(v) or v in fine or v in V.PRIMITIVES or V.is_symbolic(v)))
            if odd:
                return ("UNDETERMINABLE_CONSTRUCT", f"returns {V.describe(odd[0])}: the engine "
                        "cannot show a graph returns the same")
            return None
        if use == "static-shape":
            if V.DYNAMIC_TENSOR in values:
                return ("HAS_TRACE_DEPENDENT_CODE", f"`{detail}` is the static shape of a tensor "
                        "whose shape depends on its values (`tf.boolean_mask`, `tf.unique`, "
                        "...): None traced where eagerly a number")
            return None
        if use == "for":
            if not detail:
                return None
            over = [v for v in values if V.is_single_tensor(v) or v == V.TF_DATASET or (
                v.startswith(V.ENUMERATED) and V.is_tensor(v[len(V.ENUMERATED):]))]
            if over:
                what = "a dataset" if V.TF_DATASET in over else "a tensor"
                return ("HAS_TENSOR_DEPENDENT_CONTROL_FLOW",
                        f"a loop over {what} {detail}: AutoGraph makes it a graph loop")
            if unknown:
                return ("UNDETERMINABLE_CONSTRUCT", "cannot tell whether this loop runs over "
                        f"a tensor, and it {detail}")
            return None
        if use == "attr-read":
            # `x.device`: "" while traced (measured, TF 2.21); the table's eager-only members
            member = tfapi.tensor_members().get(detail)
            plain = any(v == V.TENSOR or v.startswith("T|") for v in values)
            if member is tfapi.Api.EAGER_ONLY and plain:
                return ("HAS_EAGER_ONLY_CALLS", f"`.{detail}` of a tensor " + (
                    "is an empty string while traced" if detail == "device" else
                    "only works eagerly"))
            if member is tfapi.Api.GRAPH_ONLY and detail != "name" and values and \
                    all(v == V.TENSOR or v.startswith("T|") for v in values):
                # (only a value that is surely a tensor raises; not `.name`, which a variable
                # has eagerly too, and the values do not tell every variable from a tensor:
                # `for v in var_list: v.name` in an optimizer's slots)
                # `y.name`, `y.op`, `y.graph`: AttributeError eagerly, a value traced (a red
                # team of session 41: `tf.strings.join(["output ", y.name])`)
                return ("HAS_TRACE_DEPENDENT_CODE", f"`.{detail}` of a tensor raises "
                        "AttributeError eagerly and has a value while traced: a conversion "
                        "turns the error into a result")
            return None
        if use == "unpack":
            if any(V.is_single_tensor(v) for v in values):
                return ("HAS_PYTHON_ITERATION_OVER_TENSOR",
                        "unpacks a tensor (`a, b = x`): a graph cannot iterate a symbolic "
                        "tensor (OperatorNotAllowedInGraphError); index it or use tf.unstack")
            if unknown:
                return ("UNDETERMINABLE_CONSTRUCT",
                        "unpacks a value of unknown type (`a, b = x`; it could be a tensor, "
                        "which a graph cannot iterate)")
            return None
        words = NEEDS_VALUE.get(use)
        if words is None:
            return None
        tensors = any(V.is_single_tensor(v) for v in values) or (
            use in ("format", "strformat", "in", "items-eq") and V.LIST_OF_TENSORS in values)
        if tensors:
            code = ("HAS_TENSOR_DEPENDENT_CONTROL_FLOW" if use in ("if", "while", "ifexp", "boolop")
                    else "HAS_TENSOR_TO_PYTHON_CONVERSION")
            return code, f"{words} a tensor"
        if unknown:
            return ("UNDETERMINABLE_CONSTRUCT",
                    f"{words} a value of unknown type (it could be a tensor)")
        return identity_hazard(values) if use == "identity" else None

    def close_over_callees(self, own: dict[str, list[tuple[str, Evidence]]],
                           owners: dict[Evidence, str] | None = None
                           ) -> dict[str, list[tuple[str, Evidence]]]:
        """Findings of the functions reachable through calls: the first found per code.

        `owners` names, for a stale read of a closure variable, the function that owns the
        variable: traced as a whole, that function recomputes it, so it does not inherit it."""
        owners = owners or {}
        found: dict[str, dict[str, Evidence]] = {}
        for key, items in own.items():
            for code, evidence in items:
                found.setdefault(key, {}).setdefault(code, evidence)
        inherited: dict[str, dict[str, Evidence]] = defaultdict(dict)

        def step(caller: str) -> bool:
            changed = False
            mine = inherited[caller]
            for callee in sorted(self.edges.get(caller, ())):
                if callee == caller:
                    continue
                name = self.name(callee)
                for source in (found.get(callee, {}), inherited.get(callee, {})):
                    for code, evidence in source.items():
                        if code in mine or code in found.get(caller, {}):
                            continue
                        if owners.get(evidence) == caller:
                            continue
                        via = evidence.reason.rpartition(" (in ")
                        reason = (f"{via[0]} (in {name} -> {via[2]}" if via[1]
                                  else f"{evidence.reason} (in {name})")
                        mine[code] = Evidence(evidence.file, evidence.line, reason)
                        if evidence in owners:
                            owners[mine[code]] = owners[evidence]
                        changed = True
            return changed

        self.bottom_up(step)
        return {key: list(items.items()) for key, items in inherited.items() if items}

    def mutated_state(self) -> dict[str, tuple[str, int, str]]:
        """Target -> its first write at module level (or of global state), in module order.
        One dict per builder: its readers only look it up."""
        if self._mutated is None:
            out = _LazyWrites()
            held: dict[str, list[str]] = {}  # attribute -> the globals it may hold
            contents: dict[str, tuple[str, int, str]] = {}  # global -> a change of contents
            for module in self.p.modules.values():
                # (call_index.global_writes: what each write says of itself, kept per module)
                for target, line, reason, if_mutable, changes_contents, library in \
                        self.index.global_writes[module.key]:
                    if if_mutable and self.immutable(target):
                        continue  # `n = COUNT; n += 1` rebinds n
                    out.setdefault(target, (module.path, line, reason))
                    if changes_contents:
                        contents.setdefault(target, (module.path, line, reason))
                    if library == LIBRARY_TARGET_OF_RUN:
                        library = self.library_target(target)
                    if library is not None:
                        out.setdefault(library, (module.path, line, reason))
                for a, b in module.global_aliases:
                    if a.startswith("o:") and b[2:].rpartition(".")[0] in self.p.by_import:
                        held.setdefault(a[2:], []).append(b)
            # Attributes whose contents some code changes (`self.hp["lr"] = v`: `c:K.hp`, or
            # `o:hp` for any object's), in the order of the writes.
            changed: dict[str, tuple[str, int, str]] = {}
            for target, write in out.items():
                if target.startswith(("o:", "c:")):
                    changed.setdefault(target.rpartition(".")[2] if target.startswith("c:")
                                       else target[2:], write)
            # The globals each call gives a workspace function's parameter (the call index's
            # global_passes: the few bindings that give any; every binding of the workspace
            # scanned cost about 8 ms per edit on 250 KLOC).
            given: dict[tuple[str, str], list[str]] = {}
            for _key, (_effects, passes) in self.index.global_passes.items():
                for callee, param, root, _line in passes:
                    given.setdefault((callee, param), []).append(root)
            for key in sorted(self.index.param_writes):
                # `StepDecay(HPARAMS)` whose `__init__` keeps `self.hp = hp`: what attribute
                # `hp` holds is the global's object (bodies.note_param_store).
                for name in self.index.param_writes[key]:
                    param, _, attr = name[1:].partition("|")
                    if not name.startswith("="):
                        continue
                    for root in given.get((key, param), ()):
                        if root[2:].rpartition(".")[0] in self.p.by_import:
                            held.setdefault(attr, []).append(root)
            # `self.hp = HPARAMS` then `self.hp["lr"] = v`: what the attribute holds is the
            # global's object (bodies.note_held_global).
            for attr in sorted(held.keys() & changed.keys()):
                for key in sorted(held[attr]):
                    out.setdefault(key, changed[attr])
            # And the other way: `self.hp = HPARAMS` (or `class D: hp = HPARAMS`) then
            # `HPARAMS["lr"] = v`: what attribute `hp` of some object holds changes (red team
            # A of session 33, p100).
            # Of its contents only (an item, an element, `b += d` on an alias, a write through a
            # callee; not `FLAGS.model_dir = d`, which readers of `.model_dir` match by name,
            # nor a rebinding): `Emb(FLAGS.vocab_size)` keeps a part of FLAGS.
            pending = {target: candidates for target, candidates
                       in self.written_through_calls().items() if target not in out}
            for attr in sorted(held):
                for key in sorted(held[attr]):
                    if f"o:{attr}" in out:
                        break
                    write = contents.get(key)
                    if write is None and key in pending:
                        write = self.first_call_write(key, pending[key])
                    if write is not None and not self.immutable(key):
                        out[f"o:{attr}"] = write
                        changed.setdefault(attr, write)
            # The writes through calls are decided for a global when it is first asked about:
            # most never are (the language server's facts scope reads a few globals).
            self._changed_attrs = frozenset(changed)
            out.pending = {target: candidates for target, candidates in pending.items()
                           if target not in out}
            out.resolve = weakref.WeakMethod(self.first_call_write)  # no cycle with the builder
            self._mutated = out
        return self._mutated

    def changed_attribute_classes(self) -> dict[str, tuple[str, ...]]:
        """Attribute -> the classes whose objects' attribute contents some code changes
        (`c:K.attr`), "*" for any object's (`o:attr`)."""
        if self._changed_classes is None:
            found: dict[str, set[str]] = {}
            for target in self.mutated_state():
                if target.startswith("o:"):
                    found.setdefault(target[2:], set()).add("*")
                elif target.startswith("c:"):
                    cls, _, attr = target[2:].rpartition(".")
                    found.setdefault(attr, set()).add("*" if cls == "*" else cls)
            self._changed_classes = {k: tuple(sorted(v)) for k, v in found.items()}
        return self._changed_classes

    def changed_attributes(self) -> frozenset[str]:
        """Names of the attributes whose contents some code changes (mutated_state's `c:` and
        `o:` targets)."""
        self.mutated_state()
        return self._changed_attrs

    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Global -> the other globals that share (part of) its object, closed over chains
        (`A = B`, `C = [A]`: all three), in sorted order (ModuleSummary.global_aliases). The
        pairs of each module are the call index's (call_index.alias_pairs: kept between the
        language server's runs); a pair with a call's result, `h = get()`, joins the globals
        get() may return. A library's object is left out: its writes are matched as before."""
        if self._aliases is None:
            parent: dict[str, str] = {}

            def find(key: str) -> str:
                while parent.get(key, key) != key:
                    key = parent[key]
                return key

            def join(a: str, b: str) -> None:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)

            by_import = self.p.by_import
            for module in self.p.modules.values():
                pairs, results = self.index.alias_pairs[module.key]
                for a, b in pairs:
                    join(a, b)
                top = f"{module.key}:{MODULE_QUALNAME}"  # the module's own code
                for a, b in results:
                    for owner in self.result_roots(top, b):
                        if owner.startswith("g:") and in_workspace(owner, by_import):
                            join(a, owner)
            groups: dict[str, list[str]] = {}
            for key in parent:
                groups.setdefault(find(key), []).append(key)
            out: dict[str, tuple[str, ...]] = {}
            for root, members in groups.items():
                every = sorted({root, *members})
                for key in every:
                    out[key] = tuple(k for k in every if k != key)
            self._aliases = out
        return self._aliases

    def library_target(self, target: str) -> str | None:
        """`g:helpers.tf.nn.relu` (a store `helpers.tf.nn.relu = tf.abs`): the library's own
        attribute, `g:tensorflow.nn.relu`, when `tf` is what the workspace module `helpers`
        imports a library as; None otherwise (call_index.library_target)."""
        return library_target(target, self.p.modules)[0]

    def rebound_library_calls(self, fn: FunctionSummary,
                              mutated: dict[str, tuple[str, int, str]]) -> Evidence | None:
        """A call of a library function the workspace rebinds (`tf.nn.relu = tf.abs` after a
        call, `np.sqrt = ...`, `helpers.tf.nn.relu = ...`): a graph traced before keeps calling
        the one it traced (a follow-up audit of session 21: `[0. 4.]` converted where eagerly
        `[2. 4.]` after the store)."""
        module = self.p.modules.get(fn.module)
        imported = frozenset(module.imports.values()) if module is not None else frozenset()
        for site in fn.calls:
            static = site.static or ""
            if static and "." not in static and static in _BUILTIN_NAMES:
                # `builtins.max = min`, `__builtins__["max"] = min`, and a global of the
                # module that shadows it (`globals()["max"] = min`; session 24)
                own = module.import_name if module is not None else ""
                heads = [f"builtins.{static}", "builtins.*", f"{own}.{static}", f"{own}.*"]
            elif static.split(".")[0] in python_builtins.LIBRARY_PREFIXES:
                # Not the module the call goes through (`tf_keras` for `tensorflow.keras`): a
                # store into it anywhere is its root's write (bodies.write_effect), read as
                # the name.
                heads = []
                head = static
                while "." in head and head not in imported:
                    heads.append(head)
                    head = head.rpartition(".")[0]
            else:
                continue
            for head in heads:
                writer = mutated.get(f"g:{head}")
                if writer is not None:
                    wfile, wline, reason = writer
                    return Evidence(self.p.file_of.get(fn.key, ""), site.line, (
                        f"calls {site.text}, which {reason} at {wfile}:{wline}: a graph "
                        "traced before keeps calling the function it traced"))
        return None

    def written_through_calls(self) -> dict[str, list[tuple[str, int, str, str, str, str]]]:
        """Globals a function changes through a call, which no store in its body names: a
        library function that writes its argument (`np.copyto(W, v)`, `heapq.heappush(H, v)`:
        the call's own write effect on the global) and a workspace function given the global
        that writes its parameter, itself or through its callees (`set_scale(CONFIG, 9.0)`
        with `cfg["scale"] = v`), as candidates per global for first_call_write: (file,
        line, the effect's reason, caller, callee, parameter; no callee for a call's own
        effect). Whole program (not
        the facts' scope), in key order; at module level only a call after a call that may run
        workspace code (ModuleSummary.after_call_lines: before any, it sets up, as an import
        does; a red team of session 21: `bump(CFG)` between two calls of a reader)."""
        found: dict[str, list[tuple[str, int, str, str, str, str]]] = {}
        for key in sorted(self.index.global_passes):  # the functions that have any (CallIndex)
            fn = self.p.functions.get(key)
            if fn is None:
                continue
            file = self.p.file_of.get(key, "")
            effects, passes = self.index.global_passes[key]
            # `bump(config.CFG)`: the root is the module (bodies.root_of), and which of its
            # globals is not kept: any of them (`g:M.*`, which stale_reads asks for each).
            passes = tuple((callee, param, f"{root}.*" if root[2:] in self.p.modules else root,
                            line) for callee, param, root, line in passes)
            if fn.qualname == MODULE_QUALNAME:
                module = self.p.modules.get(fn.module)
                after = module.after_call_lines if module is not None else frozenset()
                caller = "the module's top level, after a call that may run its readers,"
                for callee, param, root, line in passes:
                    if line in after or self.closure_writes(callee, param) and \
                            root[2:].rpartition(".")[0] in self.p.by_import and \
                            root[2:] not in self.p.modules:
                        found.setdefault(root, []).append((file, line, "", caller, callee,
                                                           param))
                continue  # its own effects: bodies.note_state_write, after calls too
            for root, line, reason in effects:
                found.setdefault(root, []).append((file, line, reason, fn.qualname, "", ""))
            for callee, param, root, line in passes:
                found.setdefault(root, []).append((file, line, "", fn.qualname, callee, param))
        for key in sorted(self.index.result_writes.keys() | self.index.result_info_writes.keys()):
            # `h = inner(x); h.append(v)` with `inner` returning a global (result_roots): the
            # global; `self`'s when it returns an attribute of the object (any attribute).
            fn = self.p.functions.get(key)
            if fn is None:
                continue  # the top level's: recorded after a call only (bodies.writes_at)
            writes = [*self.index.result_writes.get(key, ()),
                      *self.index.result_info_writes.get(key, ())]
            file = self.p.file_of.get(key, "")
            caller = "the module's top level, after a call that may run its readers," \
                if fn.qualname == MODULE_QUALNAME else fn.qualname
            for root, line, reason in writes:
                for owner, why in self.owners(key, root, reason):
                    if owner == f"p:{fn.params[0] if fn.params else ''}" and fn.class_key and \
                            fn.kind == "method":
                        owner = f"c:{fn.class_key}.*"
                    if owner.startswith(("g:", "c:")):
                        found.setdefault(owner, []).append((file, line, why, caller, "", ""))
        return found

    def escaped_global(self, root: str) -> tuple[str, int, str] | None:
        """The first place (file, line, why) where a workspace global's object is given to
        code that may keep or change it in ways no rule follows (ModuleSummary.global_escapes),
        for a global that may hold a mutable object: its contents may change between two
        calls of a reader. A plain call of a workspace function is followed by its parameter
        writes (written_through_calls) instead."""
        records = self.escape_records().get(root)
        if not records:
            return None
        if not self.holds_python_state(root):
            return None
        for file, line, why, callee in records:
            if callee and self.followed_callee(callee):
                continue
            return file, line, f"{why}, which may keep or change it"
        return None

    def escape_records(self) -> dict[str, list[tuple[str, int, str, str]]]:
        """Global -> (file, line, why, callee) of each ModuleSummary.global_escapes entry, in
        module order; once per build."""
        if self._escapes is None:
            found: dict[str, list[tuple[str, int, str, str]]] = {}
            for module in self.p.modules.values():
                for key, line, why, callee in module.global_escapes:
                    found.setdefault(key, []).append((module.path, line, why, callee))
            self._escapes = found
        return self._escapes

    def global_writer(self, root: str, mutated: dict[str, tuple[str, int, str]]
                      ) -> tuple[str, int, str] | None:
        """The first write of a global or of a global sharing its object (aliases)."""
        return mutated.get(root) or next((mutated[alias] for alias in self.aliases().get(
            root, ()) if alias in mutated), None)

    def holds_python_state(self, root: str) -> bool:
        """Whether a workspace global may hold a Python object whose contents a trace reads
        (a dict, a list, an ndarray, an object, a value of unknown kind): not a function or
        class of its module, not only numbers, strings or None, not only tensors, variables
        or TensorFlow and Keras objects (a graph reads a variable when it runs)."""
        module, _, name = root[2:].rpartition(".")
        summaries = self.p.by_import.get(module)
        if not summaries or any(name in m.defs or name in m.classes for m in summaries) or \
                self.immutable(root):
            return False
        values = set().union(*(self.p.expand(self.p.module_attribute(m, name))
                               for m in summaries))
        return not values or not all(V.is_tensor(v) or v.startswith(V.TF_OBJECT_PREFIX)
                                     for v in values)

    def followed_callee(self, callee: str) -> bool:
        """Whether an escape's callee is followed by other rules or keeps nothing: a function
        of the workspace called by its name (`M:name`, `pkg.mod.name`; its parameter writes
        are followed), a method of a TensorFlow or Keras object (`site:KEY|INDEX`); not a
        class (`class:KEY`: kept_globals)."""
        if callee.startswith("class:"):
            return False
        if callee.startswith("site:"):
            # a method of a TensorFlow or Keras object (`tape.gradient`, `opt.apply_gradients`)
            key, _, index = callee[len("site:"):].rpartition("|")
            fn = self.p.functions.get(key)
            site = fn.calls[int(index)] if fn is not None and int(index) < len(fn.calls) \
                else None
            values = self.p.expand(site.receiver) if site is not None and site.receiver \
                else frozenset()
            return bool(values) and all(V.is_tensor(v) or v.startswith(V.TF_OBJECT_PREFIX)
                                        for v in values)
        if ":" in callee:
            return callee in self.p.functions
        module, _, name = callee.rpartition(".")
        return any(name in m.defs and m.defs[name] in self.p.functions
                   for m in self.p.by_import.get(module, ()))

    def kept_globals(self, class_key: str) -> list[tuple[str, str, int, str]]:
        """(global, file, line, why) for each global whose object (or a part) a call of the
        class gives its constructor (`Trainer(CONFIG["train"])`: ModuleSummary.global_escapes
        with a class callee, by its name here or imported)."""
        if self._kept is None:
            kept: dict[str, list[tuple[str, str, int, str]]] = {}
            records = self.escape_records()
            for root in sorted(records):
                for file, line, why, callee in records[root]:
                    key = callee[len("class:"):] if callee.startswith("class:") else None
                    if key is None and callee and ":" not in callee:
                        module, _, name = callee.rpartition(".")
                        key = next((m.classes[name].key for m in self.p.by_import.get(module, ())
                                    if name in m.classes), None)
                    if key is not None:
                        kept.setdefault(key, []).append((root, file, line, why))
            self._kept = kept
        return self._kept.get(class_key, [])

    def closure_writes(self, key: str, param: str) -> bool:
        """Whether a nested function of `key` changes what its parameter `param` receives
        (bodies.note_param_write: `def make_setter(store): def put(k, v): store[k] = v`):
        whenever the closure runs, so a call at the top level before any reader counts too
        (red team A of session 33, p111)."""
        fn = self.p.functions.get(key)
        return fn is not None and any(use == "closure-write" and detail == param
                                      for use, _values, _line, detail in fn.value_uses)

    def first_call_write(self, root: str,
                         candidates: list[tuple[str, int, str, str, str, str]]
                         ) -> tuple[str, int, str] | None:
        """The first of written_through_calls' candidates for `root` that changes it: a call's
        own write effect, or a callee that writes the parameter given the global; none when
        the global holds only immutable values."""
        if self._param_writes is None:
            self._param_writes = {}
        module, _, _ = root[2:].rpartition(".")
        held = module in self.p.by_import and root[2:] not in self.p.modules and \
            not root.endswith(".*")  # a workspace global, not a module or a library
        for file, line, reason, caller, callee, param in candidates:
            if callee and not self.writes_parameter(callee, param, self._param_writes, set()) \
                    and not (held and self.closure_writes(callee, param)):
                continue
            if self.immutable(root):
                return None
            if not callee:  # the top level's words end with a comma
                where = caller.rstrip(",") if caller.endswith(",") else f"{caller}()"
                return file, line, f"{reason} (in {where})"
            who = caller if caller.endswith(",") else f"{caller}()"  # the top level's words
            module, _, name = root[2:].rpartition(".")
            given = f"a global of {module}" if name == "*" else name
            return file, line, (f"{who} passes {given} to "
                                f"{self.name(callee)}, which changes it")
        return None

    def immutable(self, root: str) -> bool:
        """The global `g:MODULE.NAME` holds only Python numbers, strings, bools or None, which
        no call changes in place (a callee that rebinds its parameter and writes the new
        object, `with open(path) as path: path.write(...)`, changes nothing of the global)."""
        module, _, name = root[2:].rpartition(".")
        candidates = self.p.by_import.get(module)
        if not candidates:
            return False
        for summary in candidates:
            values = self.p.module_attribute(summary, name)
            if not values or not all(v in V.PRIMITIVES or v == V.NONE for v in values):
                return False
        return True

    def packed_params(self, key: str) -> tuple[str, ...]:
        """The `*args` and `**kwargs` parameters of function `key`."""
        fn = self.p.functions.get(key)
        return tuple(p for p in (fn.vararg, fn.kwarg) if p) if fn is not None else ()

    def passed_to_writers(self) -> dict[str, list[tuple[Values, str, int, str]]]:
        """The call arguments sharing what an attribute of an object holds (`bump(sc.opts)`,
        bodies.note_passed_attributes) given to a workspace callee that changes that parameter
        itself (direct_writers), as attr_writes' entries (values, file, line, why) by name:
        `[]`, a change of the contents of some attribute of those objects; and for
        `tuned.opts` (a named object's attribute) also `opts` of any object (no values), as a
        store `tuned.opts["k"] = v` is (bodies.note_state_write: `o:opts`). An argument whose
        values are all strings, numbers, None or tensors changes nothing. Whole program, in
        key order; once per build, from the bindings that pass such an argument to a writer
        (CallIndex.passed_bindings: 7,146 such arguments on 250 KLOC, few given to one)."""
        if self._passed is None:
            writers = self.direct_writers()
            storers = self.storing_writers()
            found: dict[str, list[tuple[Values, str, int, str]]] = {}
            hits: dict[str, dict[tuple[int, int, str], tuple[str, CallSite, bool]]] = {}
            for key, bindings in self.index.passed_bindings.items():
                for binding in bindings:
                    for slot, param in binding.passed:
                        pair = (binding.callee, param)
                        if pair in writers or pair in storers:
                            hits.setdefault(key, {}).setdefault(
                                (binding.site.line, binding.site.col, slot),
                                (binding.callee, binding.site, pair in writers))
            # Only the functions with an argument given to a writer, or an augmented alias.
            for key in sorted(hits.keys() | self.index.aug_passes):
                if key not in self.index.pass_writes:
                    continue
                mine = hits.get(key, {})
                for values, file, line, detail in self.index.pass_writes[key]:
                    col, slot, attr, why = detail.split("|", 3)
                    if col == "aug":  # bodies.visit_AugAssign on an alias: no callee
                        current = self.p.functions[key].value_uses[int(slot)][1] \
                            if key in self.p.functions else V.UNKNOWN_SET
                        if _changed_in_place(self.p.expand(current)):
                            found.setdefault(CONTENTS_OF_ANY, []).append(
                                (values, file, line, f"{why}, in place"))
                        continue
                    hit = mine.get((line, int(col), slot))
                    if hit is None:
                        continue
                    callee, site, changes = hit
                    if not changes and why.rpartition(" passes ")[2][:1] in "([{":
                        continue  # a display built at the call, kept: see below
                    given = self.p.expand(site.kwargs.get(slot, V.EMPTY) if
                                          not slot.isdigit() else site.args[int(slot)])
                    if given and all(v in V.PRIMITIVES or v == V.NONE or V.is_tensor(v)
                                     for v in given):
                        continue  # a string, a number: what a callee may rebind, not change
                    if not changes and (not any(v in V.CONTAINERS or v == V.NUMPY
                                                for v in given) or
                                        why.rpartition(" passes ")[2][:1] in "([{"):
                        # Kept only: a dict, a list or an array whose later changes the
                        # engine does not follow (a Keras object or a config of unknown
                        # type kept by a constructor is a known gap); not a display built
                        # at the call (`(None, self.heads, self.dim)`: a new tuple, what
                        # bodies' `why` shows after "passes").
                        continue
                    why = f"{why} to {self.name(callee)}, which " + (
                        "changes it in place" if changes else
                        "keeps it where later calls may change it")
                    found.setdefault(CONTENTS_OF_ANY, []).append((values, file, line, why))
                    if attr:
                        found.setdefault(attr, []).append((V.EMPTY, file, line, why))
            self._passed = found
        return self._passed

    def in_place_param(self, key: str, param: str) -> bool:
        """`param += v` in function `key` changes what its callers passed in place: the
        parameter may hold an ndarray, a list or a workspace object (what the callers pass:
        bodies notes no such use once the body has replaced the parameter)."""
        return _changed_in_place(self.p.expand(self.p.params.get(key, {}).get(param, V.EMPTY)))

    def direct_writers(self) -> set[tuple[str, str]]:
        """(function, parameter) pairs where the function changes the object the parameter
        receives itself (writes_parameter's `direct`): its body does (CallIndex.param_writes:
        an item store, a mutating method; `name += v` when the parameter may hold an ndarray,
        a list or a workspace object), a library call it makes does (`np.copyto(w, v)`:
        effect_param_writes), or it passes the parameter on to a function that does (not
        into `*args`/`**kwargs`, a new tuple or dict). From the writers up through their
        callers' bindings (CallIndex.bindings_to); once per build."""
        if self._direct is None:
            found: set[tuple[str, str]] = set()
            stack: list[tuple[str, str]] = []

            def add(key: str, param: str) -> None:
                fn = self.p.functions.get(key)
                if fn is None or (key, param) in found or \
                        fn.name in NO_EFFECT_ON_SELF and fn.params and param == fn.params[0]:
                    return  # (the object being made)
                found.add((key, param))
                stack.append((key, param))

            for key in sorted(self.index.param_writes):
                fn = self.p.functions.get(key)
                for name in self.index.param_writes[key]:
                    if name.startswith("="):
                        continue  # kept, not changed: storing_writers
                    if not name.startswith("+"):
                        add(key, name)
                    elif fn is not None and self.in_place_param(key, name[1:]):
                        add(key, name[1:])
            for key in sorted(self.index.effect_param_writes):
                for name in self.index.effect_param_writes[key]:
                    add(key, name)
            self._upward(found, stack, add)
            self._direct = found
        return self._direct

    def _upward(self, found: set[tuple[str, str]], stack: list[tuple[str, str]],
                add: Callable[[str, str], None]) -> None:
        """From (function, parameter) pairs up to the callers that pass their own parameter
        there (not into `*args`/`**kwargs`)."""
        while stack:
            callee, param = stack.pop()
            if param in self.packed_params(callee):
                continue
            for caller, binding in self.bindings_to.get(callee, []):
                root = binding.roots.get(param, "")
                if root.startswith("p:") and caller != callee:
                    add(caller, root[2:])

    def storing_writers(self) -> set[tuple[str, str]]:
        """(function, parameter) pairs where the function keeps the object its parameter
        receives where other code may change it later (an attribute, an item, a list:
        bodies.note_param_store), itself or through a callee; once per build."""
        if self._storing is None:
            found: set[tuple[str, str]] = set()
            stack: list[tuple[str, str]] = []

            def add(key: str, param: str) -> None:
                if (key, param) not in found and key in self.p.functions:
                    found.add((key, param))
                    stack.append((key, param))

            # Only where what is kept may be changed later: kept in an attribute whose
            # contents some code changes (`self.held["k"] = v`: `c:K.held` or `o:held` among
            # the global writes), or in a container (a list, a dict's item).
            changed = self.changed_attributes()
            classes = self.changed_attribute_classes()
            for key in sorted(self.index.param_writes):
                for name in self.index.param_writes[key]:
                    param, _, attr = name[1:].partition("|")
                    if not name.startswith("=") or attr and attr not in changed:
                        continue
                    owner = self.p.functions[key].class_key if key in self.p.functions else None
                    if attr and "*" not in classes.get(attr, ()) and not (owner and any(
                            self.related(owner, cls) for cls in classes.get(attr, ()))):
                        continue  # changed on objects of unrelated classes only
                    add(key, param)
            self._upward(found, stack, add)
            self._storing = found
        return self._storing

    def writes_parameter(self, key: str, param: str, memo: dict[tuple[str, str], bool],
                         active: set[tuple[str, str]]) -> bool:
        """Whether function `key` changes the object its parameter `param` receives, in its
        body (a write effect on `p:param`, what its attributes hold included; `name += v` on
        an ndarray or a list) or by passing it to a callee that does. (Of the object itself
        only: direct_writers.) Memoized; an answer that met a call cycle still in progress is
        not kept (it may be incomplete)."""
        question = (key, param)
        if question in memo:
            return memo[question]
        if question in active:
            return False
        info = self.p.info.get(key)
        fn = self.p.functions.get(key)
        if info is None or fn is None:
            return False
        if fn.name in NO_EFFECT_ON_SELF and fn.params and param == fn.params[0]:
            return False  # the object being made
        target = f"p:{param}"
        if any(e.kind == "write" and target in self.resolved(key, e.root) and
               not _attribute_store(e.reason) for e in fn.effects) or \
                any(kind == "write" and target in self.resolved(key, root)
                    for kind, root, _, _ in info.effects) or \
                any(use == "aug-write" and detail == param
                    for use, _values, _line, detail in fn.value_uses) and \
                self.in_place_param(key, param):
            memo[question] = True
            return True
        active.add(question)
        answer = False
        met_cycle = False
        for binding in info.bindings:
            for callee_param, root in binding.roots.items():
                if target in self.resolved(key, root) and binding.callee != key:
                    if (binding.callee, callee_param) in active:
                        met_cycle = True
                    elif self.writes_parameter(binding.callee, callee_param, memo, active):
                        answer = True
                        break
            if answer:
                break
        active.discard(question)
        if answer or not met_cycle:
            memo[question] = answer
        return answer

    def differentiated_outputs(self, fn: FunctionSummary) -> Evidence | None:
        """A function returning several values (`return loss, aux`) whose caller takes a
        gradient (`tape.gradient`): the gradient of a tf.function's call gives every output
        the tape does not ask about a zero upstream gradient, and an infinite local gradient
        on such an output's path (`w / x` at 0, `log` of 0) makes `0 * inf` a NaN in the one
        asked about; eagerly that path is never visited (measured, TF 2.21: `[2., 4.]` eagerly,
        `[nan, 4.]` converted; a second audit of session 20, f51, f49, f77). Its own hazard."""
        if not any(use == "return" and detail == "items"
                   for use, _values, _line, detail in fn.value_uses):
            return None
        for caller, line in self.callers.get(fn.key, []):
            caller_fn = self.p.functions.get(caller)
            if caller_fn is not None and any(site.method in _GRADIENT_METHODS
                                             for site in caller_fn.calls):
                return self.evidence(caller, line, (
                    f"{self.name(caller)} takes a gradient, and it returns several values: "
                    "a tf.function's gradient gives the outputs not asked about a zero "
                    "gradient, and `0 * inf` on their path is NaN in the one asked about "
                    "(eagerly that path is not visited)"))
        return None

    def tape_parameter(self, fn: FunctionSummary) -> Evidence | None:
        """`tape.gradient(...)`, `tape.watch(x)` on a GradientTape the caller passes: traced,
        the ops are a graph's, which the caller's eager tape does not record (measured, TF 2.21,
        a second audit of session 20: the gradient was None, a watched input's too). Its own
        hazard (a caller whose graph holds the call records it with the graph)."""
        params = set(fn.params)
        for site in fn.calls:
            if site.method in _TAPE_METHODS and site.receiver_root.startswith("p:") and \
                    site.receiver_root[2:] in params and \
                    not any(V.is_tensor(v) for v in self.p.expand(site.receiver or V.EMPTY)):
                return self.evidence(fn.key, site.line, (
                    f"calls {site.text}() on a GradientTape its caller passes "
                    f"(`{site.receiver_root[2:]}`): traced, its ops are the graph's, which the "
                    "caller's eager tape does not record (the gradient is None)"))
        return None

    def saved_object(self, fn: FunctionSummary) -> tuple[str, int] | None:
        """Where the workspace saves a SavedModel of an object of a class related to the
        method's (`tf.saved_model.save(scaler, path)`): converted, the method is in it and the
        loaded object gains it (measured, TF 2.21, a second audit of session 20: the loaded
        `apply` raised AttributeError as written). An object of unknown kind saved somewhere is
        not taken for this one (17 conversions of tf-models-official and opennmt-tf would go
        for a save in an export tool): a stated gap."""
        assert fn.class_key is not None
        for target in self.related_classes(fn.class_key):
            for caller, _kind, line, _call in self.index.object_uses.get(f"save:{target}", []):
                return self.p.file_of.get(caller, ""), line
        return None

    def saved_classes(self) -> list[str]:
        """The classes of the objects the workspace saves as SavedModels ("" for one of unknown
        kind), from CallIndex.object_uses."""
        return [key[5:] for key in self.index.object_uses.keys() if key.startswith("save:")]

    def saved_method(self, fn: FunctionSummary) -> tuple[str, int, str, str] | None:
        """A tf.function method of a tf.Module (a Keras layer or model is one), when the
        workspace saves a SavedModel: the SavedModel keeps the module's tf.functions, and a
        method without the decorator is not in it (a first audit of session 20, e08: the
        loaded module's `table(3)` raised AttributeError once the decorator was gone)."""
        assert fn.class_key is not None
        if self._saves is None:
            self._saves = min(((self.p.file_of.get(caller, ""), line)
                               for target in sorted(self.saved_classes())
                               for caller, _kind, line, _call in
                               self.index.object_uses.get(f"save:{target}", [])), default=())
        if not self._saves or not any(
                base.startswith(("tensorflow.", "keras.", "tf_keras."))
                for base in self.p.library_bases(fn.class_key)):
            return None
        file, line = self._saves
        return (file, line, ("a SavedModel is saved here, which keeps a module's tf.functions: "
                             "without the decorator the method is not in it"), "")

    def unhashable_argument(self, fn: FunctionSummary, param: str, sites: list
                            ) -> Evidence | None:
        """A call site passes an object a tf.function cannot key a trace by: an instance of a
        class that defines `__eq__` without `__hash__` (itself, or as a @dataclass), a
        `types.SimpleNamespace`, an `argparse.Namespace`; tf.function raises TypeError for an
        unhashable argument (measured with TF 2.21, session 33's red team A: p13, p21, p22,
        p25, p40, p43, p144)."""
        for site in sites:
            for value in sorted(self.p.expand(frozenset(site.values))):
                what = None
                if value.startswith("obj:"):
                    for cls in self.p.mro(value[4:]):
                        if cls.instance_keys in ("eq", "hash"):
                            if cls.instance_keys == "eq":
                                what = f"an object of {cls.name}, which defines `__eq__` " \
                                    "without `__hash__` (itself, or as a @dataclass),"
                            break
                elif value.startswith(_UNHASHABLE_LIBRARY):
                    what = f"an object of {value[4:].rstrip('.…')} (from the library)"
                if what is not None:
                    return Evidence(site.file, site.line, (
                        f"{self.name(site.caller)} passes {what} as `{param}`: unhashable, "
                        "and a tf.function keys its traces by its Python arguments, so the "
                        "call raises TypeError (measured with TF 2.21)"))
        return None

    def instance_keyed(self, fn: FunctionSummary) -> Evidence | None:
        """Why a tf.function method would not key its traces by the instance (ClassSummary.
        instance_keys): TF 2.21 keeps one bound tf.function per instance in a weak dictionary
        keyed by `self` (measured, a first audit of session 20: a @dataclass's or an
        `__eq__`-only class's method raised TypeError "unhashable type", two objects equal by
        `__eq__`/`__hash__` ran one method with the first one's `self`, a `__slots__` class's
        TypeError "cannot create weak reference"). Adding the decorator breaks the method;
        removing one changes what the program did. Its own hazard: a caller's graph that
        calls the method traces its body inline."""
        assert fn.class_key is not None
        mro = self.p.mro(fn.class_key)
        for cls in mro:
            if cls.instance_keys in ("eq", "hash"):
                words = ("defines `__eq__` (itself, or as a @dataclass): an unhashable object "
                         "raises TypeError" if cls.instance_keys == "eq"
                         else "defines `__hash__` (itself, or as a frozen @dataclass): two "
                         "objects equal by it share one tf.function method, which runs with "
                         "the first one's `self`")
                return self.evidence(fn.key, fn.line, (
                    f"{cls.name} {words} (a tf.function method keeps its traces per object, "
                    "in a dictionary keyed by the object; measured with TF 2.21)"))
        if mro and all(cls.instance_keys == "slots" for cls in mro) and \
                self.p.library_bases(fn.class_key) <= {"object", "builtins.object"}:
            return self.evidence(fn.key, fn.line, (
                f"{mro[0].name} has `__slots__` without `__weakref__`: a tf.function method "
                "needs a weak reference to the object (TypeError \"cannot create weak "
                "reference\", measured with TF 2.21)"))
        return None

    def returned_defaults(self, fn: FunctionSummary, values: Values) -> frozenset[str]:
        """The Python constants among the defaults of the parameters returned as they are
        (`p|F|x` among the values), when a call may leave them out."""
        out: set[str] = set()
        for value in values:
            if value.startswith("p|"):
                _, owner, name = value.split("|", 2)
                if owner == fn.key and name in fn.defaults:
                    out |= {v for v in self.p.expand(fn.defaults[name]) if v in V.PRIMITIVES}
        return frozenset(out)

    def returns_argument(self, fn: FunctionSummary) -> Evidence | None:
        """--speculative: the function returns a parameter as it was given, itself or in a
        tuple (`return x`, `return x, tf.norm(x)`). No call site shows how its result is used:
        as a tf.function it returns a new tensor (`out is x` False), and a tf.Variable given to
        it comes back as a tensor, without `assign` (a fifth soundness audit, session 21)."""
        for param in value_params(fn):
            where = returned_where(fn, f"p|{fn.key}|{param}", fn.returns, 0)
            if where:
                shown = "" if where == "itself" else " (in what it returns)"
                return self.evidence(fn.key, fn.line, (
                    f"returns its argument `{param}` as it was given{shown}, and no call site "
                    "shows how the result is used: a tf.function returns a new tensor (`is` "
                    "compares otherwise), and a tf.Variable argument comes back as a tensor"))
        return None

    def outside_reads(self, fn: FunctionSummary) -> str:
        """--speculative: the module globals and attributes of `self` the function reads, which
        callers outside the analysed files may change between calls (a fifth soundness audit,
        session 21: `ops.EPSILON = 1.0` from such a caller left the converted function with
        the old value)."""
        names = sorted({read.text for read in fn.reads if read.target.startswith(("g:", "a:"))})
        return ", ".join(f"`{n}`" for n in names[:6]) + (", ..." if len(names) > 6 else "")

    def identity_tested(self) -> dict[str, Evidence]:
        """Function -> where a caller tests its result by identity (`y is x`, `id(y)`,
        the result reached through locals). A tf.function returns a new tensor at every call,
        where eagerly the function may return the object it was given (`tf.cast` to the same
        dtype, `return a`; measured, TF 2.21: `y is x` True eagerly, False traced, either way
        a decorator goes: a second soundness audit, session 19). Its own hazard: a caller whose
        graph holds the call does not change it."""
        if self._identity is None:
            out: dict[str, Evidence] = {}
            for key in sorted(self.index.api_readers):
                fn = self.p.functions.get(key)
                if fn is None:
                    continue
                tested = [(values, line) for use, values, line, _ in fn.value_uses
                          if use == "identity"]
                tested += [(frozenset().union(*site.args), site.line) for site in fn.calls
                           if site.static in ("id", "builtins.id") and site.args]
                for values, line in tested:
                    for callee in sorted(self._results_in(values, 0)):
                        out.setdefault(callee, self.evidence(key, line, (
                            f"{self.name(key)} tests its result by identity (`is`, `id()`): a "
                            "tf.function returns a new tensor at every call, where eagerly it "
                            "may return the object it was given (`tf.cast` to the same dtype, "
                            "`return x`)")))
            self._identity = out
        return self._identity

    def _results_in(self, values: Values, depth: int) -> set[str]:
        """The workspace functions whose call results are among these (unexpanded) values:
        a call expression (`e|F|i` of a call), a local assigned one (`v|F|x`)."""
        found: set[str] = set()
        for value in values:
            if not V.is_placeholder(value) or depth > 4:
                continue
            kind, owner, name = value.split("|", 2)
            fn = self.p.functions.get(owner)
            if fn is None:
                continue
            if kind == "e" and name.isdigit() and int(name) < len(fn.deferred):
                op = fn.deferred[int(name)]
                if op[0] == "call" and isinstance(op[1], int) and op[1] < len(fn.calls):
                    site = (owner, fn.calls[op[1]].line)
                    found |= {callee for callee in self.edges.get(owner, ())
                              if site in self.callers.get(callee, ())}
                elif op[0] in ("unpack", "item", "iter", "tuple_item") and \
                        isinstance(op[1], frozenset):
                    # `a, b = pair(x)`, `pair(x)[0]`: a part of a call's result (a red team
                    # of session 24: `a is x` after unpacking)
                    found |= self._results_in(op[1], depth + 1)
            elif kind == "v" and name in fn.locals:
                found |= self._results_in(fn.locals[name], depth + 1)
        return found

    def stale_reads(self, fn: FunctionSummary,
                    mutated: dict[str, tuple[str, int, str]]) -> list[Evidence]:
        file = self.p.file_of.get(fn.key, "")
        found: list[Evidence] = []
        seen: set[str] = set()
        for read in fn.reads:
            if read.target in seen:
                continue
            writer = None
            if read.target.startswith("g:"):
                writer = mutated.get(read.target)
                for alias in self.aliases().get(read.target, ()):
                    # `TABLE = CONFIG` at module level: a change through either name
                    writer = writer or mutated.get(alias)
                head = read.target
                while writer is None and "." in head:
                    # A global of the module written by a name not written out
                    # (`globals()[name] = v`, `setattr(sys.modules[__name__], name, v)`); an
                    # object read through another module's global that is rebound or changed
                    # (`config.CFG.scale` after `config.CFG = Cfg(3.0)`: a fourth soundness
                    # audit, session 19).
                    head = head.rpartition(".")[0]
                    writer = (None if head[2:] in self.p.modules else mutated.get(head)) or \
                        mutated.get(f"{head}.*")
                module, _, name = read.target[2:].rpartition(".")
                if writer is None and read.target.startswith("g:__main__."):
                    # `import __main__; __main__.SCALE` in a helper: the global of whichever
                    # module runs as the script (a follow-up audit of session 21).
                    scripted = read.target[len("g:__main__."):].split(".")[0]
                    writer = next((hit for key in sorted(self.p.modules) if (
                        hit := mutated.get(f"g:{self.p.modules[key].import_name}.{scripted}"))
                        is not None), None)
                if writer is None:
                    # A module not written out (`setattr(sys.modules[name], "SCALE", v)`).
                    writer = mutated.get(f"g:*.{name}") or mutated.get("g:*.*")
                if writer is None and module in self.p.modules:
                    # `def set_scale(m, v): m.SCALE = v` called with the module.
                    writer = self.module_attribute_write(module, name)
                if writer is None:
                    # Its object given to code that may keep or change it (red team A2 of
                    # session 34): `functools.partial(operator.setitem, CONFIG)`, ...
                    writer = self.escaped_global(read.target) or next(
                        (escape for alias in self.aliases().get(read.target, ())
                         if (escape := self.escaped_global(alias)) is not None), None)
                if writer is None and module in self.p.modules and \
                        "__getattr__" in self.p.modules[module].defs and \
                        name not in self.p.modules[module].globals and \
                        name not in self.p.modules[module].defs:
                    # A module-level `__getattr__` (PEP 562) serves the name: what it returns
                    # is computed on each read (from a dict `put` changes: a fourth soundness
                    # audit, session 19), which a graph reads once.
                    mod = self.p.modules[module]
                    writer = (self.p.file_of.get(mod.defs["__getattr__"], ""),
                              self.p.functions[mod.defs["__getattr__"]].line
                              if mod.defs["__getattr__"] in self.p.functions else 0,
                              f"{module}'s module-level __getattr__ computes on each read")
            elif read.target.startswith("nl:"):
                writer = mutated.get(read.target) or \
                    mutated.get("nl:" + read.target.rsplit(".", 1)[-1])
            elif read.target.startswith("a:"):
                class_key, _, attr = read.target[2:].rpartition(".")
                writer = next((hit for name in self.read_names(attr, mutated) if (
                    hit := self.attribute_writer(fn, f"{class_key}.{name}", mutated))
                    is not None), None)
            if writer is None:
                continue
            seen.add(read.target)
            wfile, wline, reason = writer
            evidence = Evidence(file, read.line,
                                f"reads {read.text}, which {reason} at {wfile}:{wline}")
            found.append(evidence)
            if read.target.startswith("nl:"):
                self.closure_owners[evidence] = read.target[3:].rpartition(".")[0]
        # Parameters annotated as tensors (as for the tensor-parameter fact): not objects that
        # a setattr elsewhere may write.
        hinted = {f"p|{fn.key}|{p}" for p, hint in fn.hints.items()
                  if any(h in tfapi.TENSOR_HINTS for h in hint.split("|"))}
        compiled = [(values, line, attr) for use, values, line, attr in fn.value_uses
                    if use in ATTRIBUTE_READS and attr in _COMPILE_STATE] + \
            [(site.receiver, site.line, site.method) for site in fn.calls
             if site.method in _COMPILE_STATE and site.receiver]
        for values, line, attr in sorted(compiled, key=lambda c: (c[1], c[2])):
            if "o:compile" in seen:
                break
            writer = self.recompile(self.p.expand(values))
            if writer is not None:
                seen.add("o:compile")
                wfile, wline, reason = writer
                found.append(Evidence(file, line, (
                    f"reads .{attr} of a Keras model, which `compile` sets, and {reason} at "
                    f"{wfile}:{wline}: a graph keeps what it read while tracing")))
        for use, values, line, attr in fn.value_uses:
            if use in ATTRIBUTE_READS and attr in _TRAINABILITY_LISTS and \
                    "o:trainable" not in seen:
                writer = self.trainable_write(mutated)
                if writer is not None:
                    seen.add("o:trainable")
                    wfile, wline, reason = writer
                    found.append(Evidence(file, line, (
                        f"reads .{attr}, which follows the `trainable` flag of every layer it "
                        f"holds, and {reason} at {wfile}:{wline}: a graph keeps the list it "
                        "read while tracing")))
                    continue
            if use not in ATTRIBUTE_READS or f"o:{attr}" in seen or values and values <= hinted:
                continue
            # Any other object's attribute, matched by name (setattr with a computed name
            # writes them all); tensors, TensorFlow objects and modules do not change this way.
            if self.p.is_static_shape(values):
                continue  # `x.shape.ndims`: a tensor's static shape, computed from the tensor
            expanded = self.p.expand(values)
            if expanded and all(V.is_tensor(v) or v.startswith(("tfo:", "mod:", "lib:", "fn:"))
                                or v in V.PRIMITIVES or v in (V.NUMPY, V.NONE) or
                                V.is_symbolic(v)
                                for v in expanded):
                # A Keras model or layer of the library does change this way:
                # `model.optimizer = Adam()` between two steps (fixtures/optimizer_swap).
                writer = next((hit for name in self.read_names(attr, mutated) if (
                    hit := self.library_model_write(name, expanded)) is not None), None)
                if writer is not None:
                    seen.add(f"o:{attr}")
                    wfile, wline, reason = writer
                    found.append(Evidence(file, line, f"reads {_attribute_text(attr)}, "
                                          f"which {reason} at {wfile}:{wline}"))
                continue
            writer = next((hit for name in self.read_names(attr, mutated) if (
                hit := self.attribute_write(name, expanded, mutated) or
                self.instance_writes.writer(fn, name, expanded, mutated))  # `def reset(self)`
                is not None), None)
            if writer is None:
                continue
            seen.add(f"o:{attr}")
            wfile, wline, reason = writer
            found.append(Evidence(file, line, f"reads {_attribute_text(attr)}, which {reason} "
                                  f"at {wfile}:{wline}"))
        found += self.field_readers(fn, mutated, file)
        found += self.runs_changed_settings(fn, mutated)
        rebound = self.rebound_library_calls(fn, mutated)
        if rebound is not None:
            found.append(rebound)
        if fn.class_key and (writer := self.replaced_method(fn, mutated)) is not None:
            wfile, wline, reason = writer
            found.append(Evidence(file, fn.line, (
                f"is the method {fn.qualname}, and {reason} at {wfile}:{wline}: a graph that "
                "traced a call of it keeps running the body it traced")))
        return found

    def replaced_method(self, fn: FunctionSummary, mutated: dict[str, tuple[str, int, str]]
                        ) -> tuple[str, int, str] | None:
        """A write that changes which body a call of this method runs: the class attribute
        reassigned on its class or on one that inherits it (`Scaler.__call__ = f`), an object's
        `__class__` or a class's `__bases__` (bodies.class_change: `c:KEY.__class__` for the
        classes related to KEY; a fourth soundness audit, session 19). The method's callers
        inherit the stale read."""
        assert fn.class_key is not None
        writer = mutated.get("c:*.__class__")
        if writer is not None:
            return writer
        for key in self.related_classes(fn.class_key):
            writer = mutated.get(f"c:{key}.__class__")
            if writer is None and key in self.descendants(fn.class_key):
                writer = mutated.get(f"c:{key}.{fn.name}")
            if writer is not None:
                return writer
        return None

    def runs_changed_settings(self, fn: FunctionSummary,
                              mutated: dict[str, tuple[str, int, str]]) -> list[Evidence]:
        """A call of (or a method call on) a layer, model or other object of the library
        (`tfo:layer`, `tfo:model`, `tfo:object`: an optimizer, a loss), when the workspace
        stores a setting on such a value (`drop.rate = 0.9`, fixtures/layer_setting;
        `optimizer.clipnorm = 0.001`, fixtures/optimizer_setting) or changes the `trainable`
        flag of a layer: the library reads them inside its own code (`Dropout.call` reads
        `self.rate`, `BatchNormalization.call` `self.trainable`, `apply_gradients`
        `self.clipnorm`), which a graph runs as it was traced. Which object the store reaches
        is not known (one kind of value stands for every library object): any such call
        counts. A workspace layer's `call` that runs a library layer has the evidence itself
        and hands it to its callers."""
        writer = self.library_setting_write(mutated)  # memoized: most workspaces have none
        if writer is None:
            return []
        runs = [(s, kinds) for s in fn.calls for kinds in (self._library_kinds(s),) if kinds]
        if not runs:
            return []
        wfile, wline, reason, written = writer
        # Named: a call of an object of the kind stored on (`optimizer.apply_gradients` for
        # `optimizer.clipnorm = ...`) when there is one.
        site = next((s for s, kinds in runs if kinds & written), runs[0][0])
        return [Evidence(self.p.file_of.get(fn.key, ""), site.line, (
            f"runs {site.text}, a layer, model or other object of the library, and {reason} "
            f"at {wfile}:{wline}: the library reads the settings of its objects inside their "
            "own methods (a layer's `call`, an optimizer's `apply_gradients`), which a graph "
            "keeps as it traced them"))]

    def _library_kinds(self, site: CallSite) -> Values:
        """The kinds of library object (`tfo:layer`, `tfo:model`, `tfo:object`) the site runs:
        `layer(x)`, `self.dense(x)`, `loss_fn(y, p)`, `optimizer.apply_gradients(...)` (not an
        implicit call of an operator or `with`, not an attribute read: a read by name is
        library_model_write's)."""
        if site.method is None:
            called = self.p.expand(site.callee)
            # A value typed as a tensor that is called: what a library object's method returned
            # (`model.get_layer("drop")` given as `layer`, then `layer(x)`): any library object.
            return _SETTINGS_READERS if any(V.is_tensor(v) for v in called) else \
                called & _SETTINGS_READERS
        if site.method.startswith(("special:", "get:")):
            return V.EMPTY
        receiver = self.p.expand(site.receiver or V.EMPTY)
        return (receiver | self.p.attribute(receiver, site.method)) & _SETTINGS_READERS

    def library_setting_write(self, mutated: dict[str, tuple[str, int, str]]
                              ) -> tuple[str, int, str, Values] | None:
        """The first store (in file and line order) of an attribute by name on a value that
        may be a layer, model or other object of the library, or of a method that reconfigures
        one, or else the first store of `trainable` (trainable_write), with the kinds of
        library object it may reach; memoized per build. Each function's share of the scan
        (`_setting_share`) is memoized by the program with the tokens it read, as
        keras_containers' shares are: the language server's edits kept expanding every
        attribute store and scanning every call site of the workspace (25 ms of an edit's 76
        on 253 KLOC)."""
        if self._library_setting is None:
            self.p.prune_lazy()  # the kept shares that read what changed since
            share = functools.partial(_setting_share, self.p)
            found: list[tuple[str, int, str, Values]] = []
            for key in sorted(self.index.setting_writers):
                found.extend(self.p.derived("ls", key, share, compact=True))
            if found:
                self._library_setting = (min(found, key=lambda entry: entry[:3]),)
            else:
                flag = self.trainable_write(mutated)
                self._library_setting = (None if flag is None else (*flag, V.LAYERS),)
        return self._library_setting[0]

    def attribute_write(self, attr: str, objects: Values,
                        mutated: dict[str, tuple[str, int, str]]) -> tuple[str, int, str] | None:
        """A write of `attr` on an object that may be one of `objects` (an attribute store or a
        setattr outside the object's own `__init__`): objects of the same workspace class (or
        of a class related by inheritance) or of unknown type on either side match.

        Asked about 24,000 times on 250 KLOC, mostly about the same attributes and objects:
        the answer is memoized per (attribute, objects), and each attribute's writes are
        expanded once (`_writes`), when `mutated` is this builder's own (mutated_state)."""
        if f"o:{attr}" in mutated:
            return mutated[f"o:{attr}"]
        if mutated is not self._mutated:
            return self._attribute_write(attr, objects, mutated)
        key = (attr, objects)
        if key not in self._attribute_writes:
            self._attribute_writes[key] = self._attribute_write(attr, objects, mutated)
        return self._attribute_writes[key]

    def _attribute_write(self, attr: str, objects: Values,
                         mutated: dict[str, tuple[str, int, str]]
                         ) -> tuple[str, int, str] | None:
        if self._initialising is None:
            self._initialising = initialising_stores(self.p, self.index.initialising,
                                                     mutated)
        wanted = {v[4:] for v in objects if v.startswith(("obj:", "cls:"))}
        # Either side of unknown type (or no values): the first write matches.
        anything = not objects or V.has_unknown(objects)
        # The classes whose objects may also be one of `wanted`'s (`related`), as the
        # descendants of any of them: a write on objects of class b matches when b has one too
        # (`self` in a base method stands for every derived class: hundreds on a config base).
        shared = self.descendants_of(wanted)
        # `*`: setattr with a computed name, which may write any attribute of its object;
        # `*PREFIX*SUFFIX`: an f-string name, which writes only the names it can spell; a
        # Keras dtype-policy string changes with the policy it is read from (keras_pure.py).
        for name in (attr, "*", CONTENTS_OF_ANY, *self.name_patterns(attr),
                     *_WRITTEN_THROUGH.get(attr, ())):
            for file, line, reason, written, open_ in self._writes(name):
                if (file, line, name) in self._initialising:
                    continue  # `x = Empty(); x.attr = v`: sets up an object just made
                if (anything and name != CONTENTS_OF_ANY) or open_ or \
                        not written.isdisjoint(shared) or \
                        _ANY_KERAS in written and any(self.p.is_keras_layer(c) for c in shared):
                    return file, line, reason
        return None

    def module_attribute_write(self, module: str, name: str) -> tuple[str, int, str] | None:
        """A store of the attribute `name` (or a setattr with a computed name) on an object that
        may be the workspace module `module` (the module passed as an argument, or a value of
        unknown kind: as for attribute_write, either may be it). Memoized per build."""
        key = (module, name)
        if key not in self._module_writes:
            found = None
            for attr in (name, "*"):
                for written, open_, where in self._stores(attr):
                    if open_ or f"mod:{module}" in written:
                        found = where
                        break
                if found is not None:
                    break
            self._module_writes[key] = found
        return self._module_writes[key]

    def _stores(self, attr: str) -> list[tuple[Values, bool, tuple[str, int, str]]]:
        """The stores of attribute `attr` (`*`: setattr with a computed name) in the index's
        order: the objects written, whether those may be anything (none known, or one of
        unknown kind), and where. Once per build and attribute: the `*` stores were expanded
        and scanned again for each module asked about (30 ms of an edit with a hub file open
        on 250 KLOC: `self` of a base class holds hundreds of classes' objects)."""
        found = self._stores_of.get(attr)
        if found is None:
            found = self._stores_of[attr] = []
            for base, file, line, reason in self.attr_writes.get(attr, ()):
                written = self.p.expand(base)
                found.append((written, not written or V.has_unknown(written),
                              (file, line, reason)))
        return found

    def library_model_write(self, attr: str, objects: Values) -> tuple[str, int, str] | None:
        """A store of `attr` by name on a Keras model, layer or other object of the library
        (`tfo:model`, `tfo:layer`, `tfo:object`) that may be one of `objects`
        (`model.optimizer = keras.optimizers.Adam()`, `optimizer.clipnorm = 1.0` in a
        caller). Only stores that name the attribute: a setattr with a computed name on an
        object of unknown kind is not matched to these reads (they were not checked at all
        before)."""
        kinds = objects & _SETTINGS_READERS
        if not kinds:
            return None
        for base, file, line, reason in self.attr_writes.get(attr, ()):
            if self.p.expand(base) & kinds:
                return file, line, reason
        return None

    def recompile(self, objects: Values) -> tuple[str, int, str] | None:
        """A second `compile` that may be of the model read (`objects`): when the workspace
        calls `compile` at two sites or more on models that may be one of `objects` (a
        library model value, the same workspace class or a related one, or one of unknown
        kind on either side), the later site; a model's only `compile` runs before its steps
        (the usual custom loop). Known gap: one site run twice (a function that compiles,
        called again with the same model)."""
        if self._compiles is None:
            self._compiles = []
            for key in sorted(self.p.functions):
                fn = self.p.functions[key]
                for site in fn.calls:
                    if site.method == "compile" and site.receiver:
                        self._compiles.append((self.p.file_of.get(key, ""), site.line,
                                               self.p.expand(site.receiver), fn.qualname))
        if not any(v == V.TF_MODEL or V.is_unknown(v) or (
                v.startswith("obj:") and self.p.is_keras_model(v[4:])) for v in objects):
            return None
        matching = [entry for entry in self._compiles if self._may_meet(objects, entry[2])]
        if len(matching) < 2:
            return None
        file, line, _values, where = matching[1]
        return file, line, f"{where}() calls `compile` again"

    def _may_meet(self, a: Values, b: Values) -> bool:
        """Two sets of values may hold one object (the models of `recompile`)."""
        if not a or not b or V.has_unknown(a) or V.has_unknown(b) or (a & b):
            return True
        left = {v[4:] for v in a if v.startswith("obj:")}
        right = {v[4:] for v in b if v.startswith("obj:")}
        return any(self.related(x, y) for x in sorted(left) for y in sorted(right))

    def trainable_write(self, mutated: dict[str, tuple[str, int, str]]
                        ) -> tuple[str, int, str] | None:
        """The first store of `trainable` in the workspace on any object (a layer's flag,
        which the variable lists of every layer or model holding it follow), other than an
        initialising store on an object of a workspace class just made (fresh_objects.py; a
        library layer just made is not one yet: the strict xfail of
        tests/test_trainable_flags.py)."""
        if self._initialising is None:
            self._initialising = initialising_stores(self.p, self.index.initialising,
                                                     mutated)
        for name in ("trainable", "*", *self.name_patterns("trainable")):
            for file, line, reason, written, open_ in self._writes(name):
                if (file, line, name) in self._initialising:
                    continue
                # A computed name writes `trainable` only on an object that may be a layer.
                if name == "trainable" or open_ or any(self.p.is_keras_class(c) for c in written):
                    return file, line, reason
        return None

    def name_patterns(self, attr: str) -> list[str]:
        """The setattr name patterns (`*PREFIX*SUFFIX`, bodies.setattr_names) that can spell
        `attr`, in sorted order; the patterns written anywhere are listed once per build."""
        if self._patterns is None:
            self._patterns = [k for k in self.attr_writes.keys()
                              if k.startswith("*") and k != "*"] if FSTRING_NAMES else []
        return [pattern for pattern in self._patterns if name_matches(pattern, attr)]

    def _writes(self, name: str) -> list[tuple[str, int, str, frozenset[str], bool]]:
        """The writes of attribute `name` (`*`: of a computed name), in the index's order:
        (file, line, why, the descendants of the workspace classes of the written objects
        (`descendants_of`: they meet a reader's exactly when some class of each is
        `related`), whether those may be anything), each expanded once per build. The `*`
        writes are kept once, not again in each attribute's list (that was 47,019 entries,
        25 MiB, on 250 KLOC)."""
        found = self._writes_of.get(name)
        if found is None:
            found = []
            entries = list(self.attr_writes.get(name, ())) + \
                self.passed_to_writers().get(name, [])
            for base, file, line, reason in entries:
                written = self.p.expand(base)
                classes = {v[4:] for v in written if v.startswith(("obj:", "cls:"))}
                any_keras = name != CONTENTS_OF_ANY and \
                    any(v in _LIBRARY_HOLDERS or V.is_tensor(v) for v in written)
                # `[]` (what some attribute of the object holds, changed through an alias):
                # matched on the objects' classes only; a value of unknown kind there (a call's
                # result of an unknown receiver) is taken as a new object, as any call's result
                # is (a red team of session 21 measured that the other reading declines 97
                # conversions of the eight projects for nothing they show).
                open_ = (not written or V.has_unknown(written)) and name != CONTENTS_OF_ANY
                descendants = self.descendants_of(classes)
                if any_keras:
                    # A layer or model the library hands back (`model.get_layer("warm")`,
                    # `model.layers[1]`, a callback's `self.model`) may be any workspace layer
                    # (a fifth soundness audit, session 21: a callback's
                    # `self.model.get_layer("warm").alpha = epoch` left a converted `call` at
                    # the first epoch's value): matched on the reader's side (_ANY_KERAS).
                    descendants = descendants | {_ANY_KERAS}
                found.append((file, line, reason, descendants, open_))
            self._writes_of[name] = found
        return found

    def related(self, a: str, b: str) -> bool:
        """An object may be both: one class derives from the other, or a workspace class
        derives from both (a mixin that sets attributes, a layer that reads them). Memoized:
        asked about 130,000 times on 250 KLOC."""
        hit = self._related.get((a, b))
        if hit is None:
            hit = self._related[(a, b)] = self._related_classes(a, b)
        return hit

    def related_classes(self, class_key: str) -> list[str]:
        """The workspace classes `related` to the class, in sorted order. Only a class of the
        MRO of one of its descendants can be (one derived from it is its own descendant, one it
        derives from is in its MRO, and a class sharing a descendant d with it is in d's MRO),
        so only those are asked: the loops over every class of the program asked `related`
        560,000 times on tf-models-official (2.1 of 12 CPU s of the facts phase)."""
        found = self._related_to.get(class_key)
        if found is None:
            reach = {c.key for d in self.descendants(class_key) for c in self.p.mro(d)}
            reach.add(class_key)
            found = self._related_to[class_key] = [
                key for key in sorted(self.p.classes)
                if key in reach and self.related(key, class_key)]
        return found

    def _related_classes(self, a: str, b: str) -> bool:
        if a == b or any(c.key == b for c in self.p.mro(a)) or \
                any(c.key == a for c in self.p.mro(b)):
            return True
        return not self.descendants(a).isdisjoint(self.descendants(b))

    def descendants(self, class_key: str) -> frozenset[str]:
        """The workspace classes whose MRO holds the class, itself included (the program's
        map, Program.instances_of: a class of no workspace MRO is its own only one)."""
        if self._descendants is None:
            self._descendants = {}
        found = self._descendants.get(class_key)
        if found is None:
            found = self._descendants[class_key] = frozenset(self.p.instances_of(class_key))
        return found

    def descendants_of(self, classes: set[str]) -> frozenset[str]:
        """Every descendant of any of the classes (`descendants`), memoized per set: two
        classes are `related` exactly when their descendants meet."""
        key = frozenset(classes)
        hit = self._descendants_of.get(key)
        if hit is None:
            hit = self._descendants_of[key] = frozenset().union(
                *(self.descendants(c) for c in sorted(key)))
        return hit

    def construction_rerun(self, class_key: str, writer: str) -> tuple[str, int, str] | None:
        """A call that runs again, on an object of a class related to this one, the
        construction method `writer` (`__init__`/`build`; a setup method: either)."""
        if self._reruns is None:
            self._reruns = reruns_by_method(self.p, self.is_setup)
        for key in self.related_classes(class_key):  # sorted, as the keys were
            if key in self._reruns:
                runs = self._reruns[key]
                if writer in runs:
                    return runs[writer]
                if writer not in NO_EFFECT_ON_SELF and runs:
                    return runs[sorted(runs)[0]]
        return None

    def is_setup(self, key: str) -> bool:
        """A method only `__init__`/`build` call (setup_methods.py): what it assigns is set up
        before the object is used, as in `__init__`."""
        if self._setup is None:
            self._setup = setup_methods(self.p, self.related)
        return key in self._setup

    def field_readers(self, fn: FunctionSummary, mutated: dict[str, tuple[str, int, str]],
                      file: str) -> list[Evidence]:
        """`repr(cfg)`, `f"{cfg}"`, `cfg == other`, `TABLE[cfg]` on an object of a @dataclass
        or attrs class: the methods it generates (`__repr__`, `__eq__`, `__lt__`, `__hash__`)
        are in no source, and read every field: a read of any attribute of the object
        (read_names; a soundness audit of session 41 measured, TF 2.21, a converted
        `len(repr(cfg))` keep its first value after `cfg.scale` changed)."""
        for site in fn.calls:
            if site.static != IMPLICIT or not (site.method or "").startswith(SPECIAL):
                continue
            objects = frozenset(
                v for v in self.p.expand(site.receiver or frozenset())
                if v.startswith("obj:") and any(cls.generated for cls in self.p.mro(v[4:])))
            if not objects:
                continue
            writer = next((hit for name in self.read_names("*", mutated) if (
                hit := self.attribute_write(name, objects, mutated) or
                self.instance_writes.writer(fn, name, objects, mutated)) is not None), None)
            if writer is not None:
                wfile, wline, reason = writer
                name = self.p.classes[sorted(objects)[0][4:]].name
                return [Evidence(file, site.line, (
                    f"gives an object of {name} to code that reads every field (the "
                    "generated `__repr__`, `__eq__` or `__hash__` of a dataclass, "
                    f"`dataclasses.asdict`), and {reason} at {wfile}:{wline}"))]
        return []

    def read_names(self, attr: str, mutated: dict[str, tuple[str, int, str]]) -> list[str]:
        """The attribute names a read of `attr` may read: itself; for `*` (`getattr(obj,
        name)`, `hasattr`, `vars(obj)`, `obj.__dict__`: bodies.note_lookup) every name some
        code writes, and `*` itself (a setattr with a computed name); for an f-string's
        `*PREFIX*SUFFIX`, the written names it can spell and `*`."""
        if attr == "__dict__":  # `obj.__dict__[k]`, `vars(obj)`: any attribute
            attr = "*"
        if not attr.startswith("*"):
            return [attr]
        if attr != "*":
            return [name for name in self.read_names("*", mutated)
                    if name == "*" or name_matches(attr, name)]
        if mutated is not self._mutated or self._written_names is None:
            names = set(self.attr_writes.keys()) | set(self.passed_to_writers())
            for cls in self.p.classes.values():
                names.update(cls.instance_attrs)
                names.update(cls.class_attrs)
            names.update(t.rpartition(".")[2] for t in mutated if t.startswith("c:"))
            names.discard(CONTENTS_OF_ANY)
            found = ["*", *sorted(names - {"*"})]
            if mutated is not self._mutated:
                return found
            self._written_names = found
        return self._written_names

    def attribute_writer(self, fn: FunctionSummary, target: str,
                         mutated: dict[str, tuple[str, int, str]]) -> tuple[str, int, str] | None:
        class_key, _, attr = target.rpartition(".")
        outside = self.attribute_write(attr, frozenset({f"obj:{class_key}"}), mutated)
        if outside is not None:
            return outside  # `normalizer.mean = 3.0` in a caller, setattr(obj, "mean", v)
        # Its own MRO, and the classes derived from it or sharing a derived class with it
        # (`DriftingScorer(Scorer).drift`, a mixin's `bump` in `class S(Mixin, Scorer)`: an
        # object of the derived class runs both; a first audit of session 20).
        mro = self.p.mro(class_key)
        known = {cls.key for cls in mro}
        related = [self.p.classes[key] for key in self.related_classes(class_key)
                   if key not in known and key in self.p.classes]
        for cls in [*mro, *related]:
            for key in (f"c:{cls.key}.{attr}", f"c:{cls.key}.*"):  # `*`: one not named
                if key in mutated:
                    return mutated[key]
            for _values, method, line in cls.instance_attrs.get(attr, ()):
                if method == fn.name:
                    continue
                if method in NO_EFFECT_ON_SELF or self.is_setup(cls.methods.get(method, "")):
                    again = self.construction_rerun(cls.key, method)  # reruns.py
                    if again is None:
                        continue
                    return again[0], again[1], f"{cls.name}.{method}() reassigns when {again[2]}"
                # Whatever it assigns: a new number or tensor, and a new layer, optimizer,
                # function or class too, since a graph traced before keeps calling the one it
                # captured (tests/fixtures/soundness/reruns.py, `Net.rebuild`).
                path = self.p.file_of.get(cls.methods.get(method, ""), "")
                return path, line, f"{cls.name}.{method}() reassigns"
        # The attribute holds a module's global container (`self.config = CONFIG`, `weights =
        # LOSS_WEIGHTS` in the class body, `Loss(CONFIG)` stored by `__init__`): a change of
        # its items through the global's name is one of the attribute's (session 33's red
        # team A, p100, p101, p103, p106, p135, p136).
        for cls in [*mro, *related]:
            sources = [values for values, _, _ in cls.instance_attrs.get(attr, ())]
            if attr in cls.class_attrs:
                sources.append(cls.class_attrs[attr])
            for values in sources:
                for root in self.global_roots(values):
                    writer = self.global_writer(root, mutated)
                    if writer is not None:
                        wfile, wline, reason = writer
                        return wfile, wline, f"{reason}, the object {cls.name}.{attr} holds"
        # A global whose object a construction of the class gets (`Trainer(CONFIG["train"])`,
        # whatever `__init__` keeps of it: a part, a copy of the top level, a list holding it)
        # and whose contents some code changes (red team A2 of session 34).
        for cls in mro:
            for root, file, line, why in self.kept_globals(cls.key):
                writer = self.global_writer(root, mutated)
                if writer is not None and self.holds_python_state(root) and \
                        contents_change(writer[2]):
                    wfile, wline, reason = writer
                    return wfile, wline, (f"{reason}, whose object {why} ({file}:{line}) "
                                          f"may keep")
        # `setattr(self, k, v)`, `self.__dict__.update(d)` in an `__init__` run again.
        return self.instance_writes.unnamed_rerun(lambda key: self.related(key, class_key))

    def global_roots(self, values: Values) -> list[str]:
        """The module globals ("g:module.NAME") an attribute's values may be: a global named
        where it is set, a parameter of the setter that a call site gives a global."""
        roots: set[str] = set()
        for value in values:
            if type(value) is not str:
                continue
            if value.startswith("q|"):
                roots.add("g:" + value[2:])
            elif value.startswith("v|") and value.split("|", 2)[1].endswith(":<module>"):
                _, scope, name = value.split("|", 2)  # a module's global, bound there
                module = self.p.modules.get(scope.rpartition(":")[0])
                if module is not None:
                    roots.add(f"g:{module.import_name}.{name}")
            elif value.startswith("p|"):
                _, owner, param = value.split("|", 2)
                for _caller, binding in self.bindings_to.get(owner, []):
                    root = binding.roots.get(param, "")
                    if root.startswith("g:"):
                        roots.add(root)
        return sorted(roots)

    # -- distribution strategies -----------------------------------------------------------------
    def replica_region(self) -> set[str]:
        """The functions a `strategy.run` replica function reaches (itself and its callees, at
        any depth): they run in a replica context. Memoized per build."""
        if self._replica_region is None:
            start = sorted({b.callee for key in sorted(self.index.strategy_runners)
                            if key in self.p.info
                            for b in self.p.info[key].bindings if b.site.method == STRATEGY_RUN})
            seen = set(start)
            stack = list(start)
            while stack:
                info = self.p.info.get(stack.pop())
                for binding in (info.bindings if info else ()):
                    if binding.callee not in seen and binding.site.method != STRATEGY_RUN:
                        seen.add(binding.callee)
                        stack.append(binding.callee)
            self._replica_region = seen
        return self._replica_region

    def synchronized_layers(self) -> str | None:
        """A synchronized BatchNormalization the workspace makes (`synchronized=True`, or the
        SyncBatchNormalization classes): its `call` all-reduces the batch statistics across
        replicas, with a merge_call (measured, TF 2.21). The text of the first such call."""
        found = self.mutated_state().get(SYNCHRONIZED_LAYERS)  # noted by the summaries
        return f"{found[2]} at {found[0]}:{found[1]}" if found is not None else None

    def replica_updates(self, key: str, synchronized: str | None) -> Evidence | None:
        """A function that runs in a replica context and updates a variable (`assign`,
        `assign_add`, `scatter_add`, ...: on a MirroredVariable whose aggregation is SUM, MEAN
        or ONLY_FIRST_REPLICA the update calls merge_call), or, when the workspace makes a
        synchronized BatchNormalization, calls a Keras layer or model (which may be one, or
        hold one): as a nested tf.function that raises RuntimeError, "merge_call called while
        defining a new graph" (a fifth soundness audit, session 21; measured, TF 2.21, with
        MirroredStrategy over two devices)."""
        fn = self.p.functions[key]
        file = self.p.file_of.get(key, "")
        for site in sorted(fn.calls, key=lambda s: (s.line, s.col)):
            # A variable's update, an optimizer's (Keras 3 `optimizer.apply(grads, vars)`), or a
            # call of what the engine types a tensor: a bound method taken from a variable
            # (`add = total.assign_add; add(loss)`; a red team of session 21).
            if site.method and (site.method.startswith(tfapi.VARIABLE_UPDATES) or
                                site.method == "apply") or site.method is None and \
                    any(V.is_tensor(v) for v in self.p.expand(site.callee)):
                receiver = self.p.expand(site.receiver or V.EMPTY)
                if not receiver or any(v == V.VARIABLE or V.is_unknown(v) or
                                       v.startswith(V.TF_OBJECT_PREFIX) for v in receiver):
                    return Evidence(file, site.line, (
                        f"updates a variable (`{site.text}`) in a replica context "
                        "(strategy.run reaches it): on a mirrored variable whose aggregation "
                        "is SUM, MEAN or ONLY_FIRST_REPLICA the update calls merge_call, which "
                        "raises RuntimeError inside a nested tf.function"))
            if synchronized is not None and self._library_kinds(site) & {V.TF_LAYER, V.TF_MODEL}:
                return Evidence(file, site.line, (
                    f"calls `{site.text}` in a replica context (strategy.run reaches it), and "
                    f"the workspace makes a synchronized BatchNormalization ({synchronized}), "
                    "whose call all-reduces with merge_call: RuntimeError inside a nested "
                    "tf.function"))
        return None

    def replica_context(self, out: dict[str, FunctionFacts]
                        ) -> tuple[dict[str, Evidence], set[str]]:
        """Functions that synchronize replicas (merge_call, all_reduce, ...), themselves or
        through callees, and would do it as a *nested* tf.function: that fails under a strategy
        (TF 2.21: RuntimeError, `merge_call` called while defining a new graph). A function that
        only strategy.run calls is not nested (strategy.run unwraps a tf.function it is given),
        and strategy.run's caller does not inherit what its replica function does."""
        own: dict[str, Evidence] = {}
        for key in sorted(self.scope):  # lambdas synchronize too: read the summaries
            file = self.p.file_of.get(key, "")
            for hazard in self.p.functions[key].hazards:
                if hazard.code == "HAS_REPLICA_CONTEXT_CALLS":
                    own.setdefault(key, Evidence(file, hazard.line, hazard.reason))
        region = self.replica_region()
        synchronized = self.synchronized_layers() if region else None
        for key in sorted(region & self.scope):
            if key not in own and (found := self.replica_updates(key, synchronized)):
                own[key] = found
        # Closed over callees with the SCC walk (a cycle is iterated until nothing changes, so
        # the result does not depend on where a recursive walk entered it).
        found: dict[str, Evidence] = dict(own)

        def step(key: str) -> bool:
            if key in found:
                return False
            info = self.p.info.get(key)
            for callee in sorted({b.callee for b in (info.bindings if info else ())
                                  if b.site.method != STRATEGY_RUN and b.callee != key}):
                inner = found.get(callee)
                if inner is not None:
                    found[key] = Evidence(inner.file, inner.line,
                                          f"{inner.reason} (in {self.name(callee)})")
                    return True
            return False

        self.bottom_up(step)

        def reach(key: str) -> Evidence | None:
            return found.get(key)

        # (Read by the caller for the functions of `out` only: those of the scope.)
        run_only = {key for key in self.scope if (bound := self.bindings_to.get(key)) and
                    all(b.site.method == STRATEGY_RUN for _, b in bound)}
        return {key: e for key in sorted(self.scope)
                if key not in run_only and (e := reach(key)) is not None}, run_only

    # -- how many values retrace -----------------------------------------------------------------
    def retrace_bound(self, fn: FunctionSummary) -> tuple[str, Evidence | None]:
        """Whether the Python values passed to a hybrid function are a few literal constants
        (bounded: a few traces) or computed (a loop counter, data: unbounded), from the
        argument origins of its call sites (tracing.argument_origins). The first computed site
        decides; any site that is neither makes it unknown."""
        received = self.p.params.get(fn.key, {})
        primitive = {p for p in value_params(fn)
                     if frozenset(received.get(p, ())) & self.primitive_kinds}
        found: list[tuple[str, str, int, str]] = []  # (origin, file, line, words)
        for caller, binding in self.bindings_to.get(fn.key, []):
            site = binding.site
            for param in sorted(primitive):
                origin, values = self.origin_of(fn, site, param)
                # A literal is a Python value even where the loop over literals hides its kind.
                if values is None or not (origin == "l" or
                                          self.p.expand(values) & self.primitive_kinds):
                    continue
                words = {"c": "a computed value", "l": "a literal"}.get(origin, "a value")
                found.append((origin, self.p.file_of.get(caller, ""), site.line,
                              f"{self.name(caller)} passes {words} as `{param}`"))
        found.sort(key=lambda item: (item[1], item[2], item[3]))
        computed = [f for f in found if f[0] == "c"]
        if computed:
            _, file, line, words = computed[0]
            return "computed", Evidence(file, line, words)
        if found and all(f[0] == "l" for f in found):
            sites = len({(f[1], f[2]) for f in found})
            _, file, line, words = found[0]
            return "literal", Evidence(file, line, f"{words} ({sites} call "
                                       f"site{'s' if sites > 1 else ''}, all literals)")
        unknown = next((f for f in found if f[0] != "l"), None)
        return "unknown", Evidence(unknown[1], unknown[2], unknown[3]) if unknown else None

    def holds_class(self, values: Values) -> bool:
        """A class among the values (`cls:`), memoized per set: a receiver that may be any
        class derived from a config base holds hundreds of objects, asked for every argument."""
        hit = self._holds_class.get(values)
        if hit is None:
            hit = self._holds_class[values] = any(v.startswith("cls:") for v in values)
        return hit

    def origin_of(self, fn: FunctionSummary, site: CallSite,
                  param: str) -> tuple[str, Values | None]:
        """The origin letter and values of the argument `site` passes as `param`."""
        index = self.argument_index(fn, site, param)
        if index is None or index >= len(site.args) + len(site.kwargs):
            return "?", None
        values: Values = site.args[index] if index < len(site.args) else site.kwargs[param]
        letters = site.origins.split("|", 1)[0]
        origin = letters[index] if index < len(letters) else "?"
        return origin, values

    def argument_index(self, fn: FunctionSummary, site: CallSite, param: str,
                       before_starred: bool = False) -> int | None:
        """Where `site` passes `param` among its positional then named arguments (the order
        of CallSite.origins), or None where it does not say (not passed, *args; with
        `before_starred`, a position before the `*args` still counts)."""
        if param in site.kwargs:
            return len(site.args) + list(site.kwargs).index(param)
        positional = self.positional(fn, site)
        if param not in positional or site.starred and not before_starred:
            return None
        index = positional.index(param)
        return index if index < len(site.args) else None

    def positional(self, fn: FunctionSummary, site: CallSite) -> list[str]:
        """The parameters of `fn` that `site`'s positional arguments bind, in order."""
        positional = list(fn.params)
        # self/cls is bound by the call (obj.m(x), cls.m(x)), except Class.method(obj, x).
        through_class = fn.kind == "method" and site.receiver is not None and \
            self.holds_class(self.p.expand(site.receiver))
        if fn.kind in ("method", "classmethod") and positional and not through_class:
            positional = positional[1:]
        return positional

    def container_kinds_of(self, fn: FunctionSummary, site: CallSite, param: str) -> str:
        """The kinds letter of the container written out of literals that `site` passes as
        `param` (tracing.container_kinds), "m" (any) where none was recorded."""
        index = self.argument_index(fn, site, param)
        kinds = site.origins.split("|", 1)[1] if "|" in site.origins else ""
        letter = kinds[index] if index is not None and index < len(kinds) else "m"
        return "m" if letter == "." else letter

    # -- input signatures -----------------------------------------------------------------------
    def static_shape_reads(self) -> set[str]:
        """Functions that read `t.shape` of a tensor (or of a value of unknown type), themselves
        or through callees."""
        own: dict[str, list[tuple[str, Evidence]]] = {}
        for key in sorted(self.scope):
            fn = self.p.functions[key]
            for use, values, line, text in fn.value_uses:
                if use != "static-shape":
                    continue
                expanded = self.p.expand(values)
                if V.has_unknown(expanded) or any(V.is_single_tensor(v) for v in expanded):
                    own[key] = [("STATIC_SHAPE", Evidence(self.p.file_of.get(key, ""), line,
                                                          f"reads {text}"))]
                    break
        return set(own) | set(self.close_over_callees(own))

    def left_out(self, fn: FunctionSummary, param: str) -> bool:
        """Some call of `fn` leaves `param` at its default (or may: a call with `*`/`**`
        unpacking, a route that is not a direct call)."""
        from hybridize.analysis.bounded_args import direct_call  # it imports this module

        for _caller, binding in self.bindings_to.get(fn.key, []):
            site = binding.site
            if site.starred or not direct_call(self, fn, binding.site):
                return True
            if self.origin_of(fn, site, param)[1] is None:  # as parameter_defaults.left_out_at
                return True
        return False

    def infer_signature(self, fn: FunctionSummary) -> str | None:
        params = value_params(fn)
        if not params or fn.vararg or fn.kwarg:
            return None
        specs = []
        for param in params:
            values = frozenset(self.p.params.get(fn.key, {}).get(param, ()))
            if len(values) != 1:
                return None
            if param in fn.defaults and self.left_out(fn, param):
                # `masked_sum(x)` leaves `mask=None`: a TensorSpec for it would refuse that
                # call (TypeError binding None; a fifth soundness audit, session 21).
                return None
            spec = V.tensor_spec(next(iter(values)))
            if spec is None:
                return None
            dtype, rank = spec
            shape = "(" + ", ".join(["None"] * rank) + ("," if rank == 1 else "") + ")"
            specs.append(f"tf.TensorSpec(shape={shape}, dtype=tf.{dtype})")
        return "[" + ", ".join(specs) + "]"


def _setting_share(p: Program, key: str) -> tuple[tuple[str, int, str, Values], ...]:
    """One function's part of FactBuilder.library_setting_write: its stores of an attribute by
    name on a value that may be a library object (a name library code reads, when the value
    is of unknown kind: data/library_read_attributes.tsv), and its calls of a method that
    reconfigures one (tfapi.CONFIGURING_METHODS: `dense.enable_lora(4)`,
    `lookup.set_vocabulary(v)`, `norm.adapt(data)`; a Sequential's `add`/`pop` on a library
    model), as (file, line, what, the kinds of library object reached). Reads the function's
    summary and its module (noted: `s|F`, `n|M`, for the memo's tokens) and the program
    through expansions."""
    fn = p.functions[key]
    p.note(f"s|{key}")
    p.note(f"n|{fn.module}")  # its file
    file = p.file_of.get(key, "")
    out: list[tuple[str, int, str, Values]] = []
    for use, base, line, detail in fn.value_uses:
        if use != "attr-write":
            continue
        attr, _, reason = detail.partition("|")
        values = p.expand(base)
        if not values & _SETTINGS_READERS and not attr.startswith("*") and \
                attr not in tfapi.library_read_attributes():
            continue  # not known to be one, and a name no library code reads
        kinds = _may_be_library(values)
        if kinds and not _into_variable(p, fn, attr, line):
            out.append((file, line, reason, kinds))
    for site in fn.calls:
        if not site.receiver or site.method not in tfapi.SETTING_METHODS or site.setup:
            continue
        receiver = p.expand(site.receiver)
        kinds = receiver & {V.TF_MODEL} if site.method in tfapi.SEQUENTIAL_METHODS \
            else _may_be_library(receiver)
        if kinds:
            out.append((file, site.line, f"{fn.qualname}() calls {site.text}", kinds))
    return tuple(out)


def _may_be_library(values: Values) -> Values:
    """The kinds of library object (_SETTINGS_READERS) among `values`: all of them for a value
    of unknown kind (or none known), which may be any, and for one typed as a tensor: no
    tensor takes an attribute store or has these methods, so that value is one the engine
    typed by default (what a library object's method returns:
    `model.get_layer("drop").rate = 0.9`)."""
    if not values or V.has_unknown(values) or any(V.is_tensor(v) for v in values):
        return _SETTINGS_READERS
    return values & _SETTINGS_READERS


def _into_variable(p: Program, fn: FunctionSummary, attr: str, line: int) -> bool:
    """The store at `line` of `fn` stores a number or a tensor into a setting the library
    assigns into a variable (tfapi.VARIABLE_SETTINGS: `optimizer.learning_rate = 0.01`),
    which a graph reads when it runs."""
    if attr not in tfapi.VARIABLE_SETTINGS:
        return False
    stored = [p.expand(values) for use, values, at, detail in fn.value_uses
              if use == tfapi.STORED_SETTING and at == line and detail == attr]
    return bool(stored) and all(
        values and all(v in _NUMBERS or V.is_tensor(v) for v in values) for values in stored)
