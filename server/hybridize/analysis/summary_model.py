"""Per-module summaries: everything the whole-program phase needs from one file's text.

A summary depends only on its module's text (and name), so it is cached by content hash. Values in
it may hold placeholders (see values.py) that the program phase resolves across modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from hybridize.analysis.model import Span

Values = frozenset[str]


class Compact:
    """Pickles as (class, field values): smaller and faster to load than the dataclass default,
    which matters for the workspace snapshot (tens of thousands of call sites)."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        cls = type(self)
        getter = _FIELD_GETTERS.get(cls)
        if getter is None:  # once per class: dataclasses.fields() is slow
            names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
            many = attrgetter(*names)
            getter = _FIELD_GETTERS[cls] = many if len(names) > 1 else \
                (lambda obj: (many(obj),))
        return cls, getter(self)


_FIELD_GETTERS: dict[type, Any] = {}


def _read_only(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise TypeError("a summary's shared empty container is read-only")


@dataclass(eq=False, repr=False)
class FrozenList(list):  # type: ignore[type-arg]
    """The empty list that every empty list field of the summaries shares (sharing.py): most of
    a function's list fields and of a call site's argument lists stay empty, and an empty list
    is 56 bytes (250 KLOC: 10,844 functions with 17 list fields, 66,805 call sites with two).

    A list, equal to [] and added to lists as one, so every reader works unchanged; changing
    it raises instead of changing every summary that shares it. A data class only so that the
    snapshot reader (cache_file._DataOnlyUnpickler) accepts the class: it pickles as
    `FrozenList()`, once per pickle (pickle's memo), so a loaded summary shares one too."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), ()

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[Any, ...]]:
        return type(self), ()

    append = extend = insert = pop = remove = clear = sort = reverse = _read_only
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only


@dataclass(eq=False, repr=False)
class FrozenDict(dict):  # type: ignore[type-arg]
    """The empty dictionary that every empty dictionary field of the summaries shares (a call
    site's keyword arguments and their roots, a function's locals, hints and defaults): as
    FrozenList, for dictionaries (64 bytes each empty)."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), ()

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[Any, ...]]:
        return type(self), ()

    pop = popitem = clear = update = setdefault = _read_only
    __setitem__ = __delitem__ = __ior__ = _read_only


EMPTY_LIST = FrozenList()
EMPTY_DICT = FrozenDict()


@dataclass(slots=True)
class CallSite(Compact):
    line: int
    col: int
    text: str  # the callee as written, for evidence ("log_metrics", "self.dense")
    callee: Values  # values of the called expression (for `a.b(...)`: empty, see receiver)
    receiver: Values | None  # `a.b(...)`: the values of `a`
    method: str | None  # `a.b(...)`: "b"
    receiver_root: str  # who owns the receiver: "new", "p:x", "g:M.name", "nl:x", "?"
    args: list[Values]
    arg_roots: list[str]
    kwargs: dict[str, Values]
    kwarg_roots: dict[str, str]
    starred: bool  # *args / **kwargs at the call: parameter binding is imprecise
    guarded_by_none_check: bool  # inside `if ... is None:` (first-call variable creation)
    static: str | None  # the qualified name when the callee is a plain dotted name
    spec: tuple[str, int] | None = None  # (dtype, rank) of a tensor created from literals
    # Where each Python argument comes from, one letter per positional then named keyword
    # argument: "l" a literal constant, "c" computed (loop counter, arithmetic, data), "?" not
    # known; "" when none is known (tracing.argument_origins). Bounds retracing (P3).
    origins: str = ""
    # The receiver of `a.b(...)` is a temporary: a call's result or what is reached from one,
    # held by nothing else (bodies._temporary_object).
    temporary: bool = False
    # The arguments that may hold a Python 0 as the syntax shows: a literal 0, a name, attribute
    # or entry bound to one, or a number computed at the call (`n - 1`, `len(xs)`): their
    # positions ("0", "1", ...) and keywords (bodies.zero_arguments; calls: Binding.zeros).
    zeros: tuple[str, ...] = ()
    # A Keras `Sequential` or `Model` built here from layers the syntax does not show to be the
    # library's own (a custom layer, a list held in a name, a functional graph): calls.holds_code.
    holds_layers: bool = False
    # Its result is bound to a name (or `self.attr`) whose first use after it, in the same
    # block, calls or builds it (`q = QNet(); q(x)`): built eagerly there, if Keras, before
    # anything else can get it (bodies.built_after; facts.construction_count).
    built_after: bool = False
    # `X.add(Dense(8))` right after `X = keras.Sequential()`: it sets the model up, it changes
    # nothing a graph read (bodies.initialising_adds; facts: not a settings write).
    setup: bool = False
    masks: bool = False  # a Keras layer whose outputs carry a mask (bodies.makes_masks)
    # The call is a statement of its own: what it returns is not used (calls.call_library).
    discarded: bool = False
    # What the call's `**mapping` arguments hold (calls.bind: the parameters they fill may
    # receive a NumPy value it holds, `mse(**batch)`; a red team of session 35, p45).
    unpacked: Values = frozenset()
    # `f(x, **kwargs)` where `kwargs` is the calling function's own `**` parameter, used
    # nowhere else in it (never read, changed or rebound otherwise) and the call's only starred
    # argument: its name ("kwargs"). The callee's parameters then receive what the caller's
    # call sites passed under their names (calls.bind; issue 12: `training=False` forwarded).
    forwards: str = ""
    # The arguments (positions, keywords) that share what an attribute of a named object holds
    # (`bump(sc.opts)`): a callee that changes that parameter changes the attribute's object
    # (bodies.note_passed_attributes).
    passed: tuple[str, ...] = ()
    # `opt.apply_gradients(zip(grads, variables))`, `opt.minimize(loss, var_list)`: the
    # parameters its arguments read (a Keras optimizer makes slots for the variables of its
    # first update: facts.optimizer_variables).
    applies: tuple[str, ...] = ()
    # The arguments (positions, then keywords numbered after them: the order of `origins`) that
    # are a target of an enclosing `for` (`for w in ws: step(w, x)`): a new object at each
    # iteration may come there (facts.optimizer_variables).
    loop_args: tuple[int, ...] = ()
    # A call whose value only arguments of calls that may run workspace code keep: (index of
    # such a call in FunctionSummary.calls, argument slot: position or keyword, the entry or
    # item of the argument it is in, None for the whole), for facts.unused_arguments
    # (liveness.py).
    kept_by: tuple[tuple[int, int | str, int | str | None], ...] = ()
    # A call whose value only `if` branches keep (not both of one `if`): (index of the `if`
    # test's "if" entry in FunctionSummary.value_uses, 0 body or 1 else), for
    # facts.branch_kept (liveness.py).
    guarded_by: tuple[tuple[int, int], ...] = ()
    # Every path from what keeps it goes through each guarded_by branch (one Python test
    # suffices to prune it); else each is the first branch of some path (all must be Python).
    guard_needed: bool = False
    # The result only unpacked or indexed by constants: the elements used (None: all of it);
    # facts.partial_results (liveness.py).
    used_elements: tuple[int | str, ...] | None = None


# CallSite.static of a site that stands for the unseen calls of a workspace function stored
# in a container or bound in a partial (bodies.note_escape; program.py binds it).
ESCAPED = "<escaped>"


@dataclass(slots=True)
class Effect(Compact):
    kind: str  # "io" (print, I/O, random, time), "write" (state write), "unknown"
    root: str  # for writes: "p:x", "g:M.name", "nl:x", "?"
    line: int
    reason: str


@dataclass(slots=True)
class Hazard(Compact):
    code: str
    line: int
    reason: str
    param: str | None = None  # the hazard applies only when this parameter receives tensors


@dataclass(slots=True)
class Read(Compact):
    target: str  # "g:M.name", "a:C.attr" (self attribute), "c:C.attr" (class attribute), "nl:F.x"
    line: int
    text: str


@dataclass(slots=True)
class FunctionSummary(Compact):
    key: str  # "module_key:qualname"
    module: str
    qualname: str
    name: str
    line: int
    col: int
    end_line: int
    class_key: str | None  # the class, for methods
    parent: str | None  # the enclosing function, for nested functions
    kind: str  # "function", "method", "staticmethod", "classmethod"
    params: list[str]  # in order, including self/cls
    vararg: str | None
    kwarg: str | None
    kwonly: list[str]
    hints: dict[str, str]  # parameter -> qualified annotation
    unsupported: str | None  # "generator", "coroutine", "property"
    hybrid: bool
    decorator_span: Span | None
    decorator_args: list[str]  # keyword names given to tf.function(...)
    def_span: Span
    calls: list[CallSite] = field(default_factory=list)
    deferred: list[tuple] = field(default_factory=list)  # see values.py: e|F|i
    locals: dict[str, Values] = field(default_factory=dict)
    returns: Values = frozenset()
    # What each position of the tuple it returns holds, where every `return` with a value is a
    # tuple display of one length (`return loss, grads`): `loss, grads = step(x)` binds each
    # target to its own position (Program.tuple_item). () when any is not.
    tuple_returns: tuple[Values, ...] = ()
    # What it returns that it did not make (bodies.note_shared_return): (owner root, values,
    # line, text, part) for `return HIST` ("g:M.HIST"), `return self.history` ("p:self"),
    # `return helper(x)` ("r:INDEX", the call fn.calls[INDEX]: facts.result_roots); `part`:
    # inside a returned display (`return y, HIST`), which the display's own changes leave alone.
    shared_returns: tuple[tuple[str, Values, int, str, bool], ...] = ()
    # The bodies of its `try` statements whose handlers may catch what a failing op raises
    # (bodies.catching_handler): (first line, last line, the handler as written, the `try`'s
    # line). A function called there changes what the handler sees when converted (facts.caught).
    caught: tuple[tuple[int, int, str, int], ...] = ()
    # The first chain of three or more `+` or `*` terms of its body, (line, text), which a graph
    # may reorder (tracing.arithmetic_chain; the REASSOCIATED_ARITHMETIC assumption).
    chain: tuple[int, str] | None = None
    # The first reshape to a shape without a literal -1, (line, text), which a graph may drop
    # (tracing.elidable_reshape; the ELIDED_RESHAPE assumption).
    reshape: tuple[int, str] | None = None
    # The first reshape with a -1 beside a dimension that may be 0, (line, text), which a graph
    # may size otherwise on an empty input (tracing.empty_reshape; the EMPTY_RESHAPE assumption).
    empty_reshape: tuple[int, str] | None = None
    # Parameters nothing the function keeps depends on (liveness.py; read for their shape at
    # most): a caller's op whose value only they receive is pruned in the caller's graph.
    unused_params: tuple[str, ...] = ()
    # read only for what it returns -> the elements returned from it (liveness.Dead)
    returned_params: tuple[tuple[str, tuple[int | str, ...]], ...] = ()
    # only given on, whole, to workspace calls -> (index in `calls`, argument slot) of each
    passed_params: tuple[tuple[str, tuple[tuple[int, int | str], ...]], ...] = ()
    # Parameters read only by constant keys or indices -> those keys (liveness.py): a caller's
    # op given as another entry is pruned in the caller's graph (facts.unused_arguments).
    param_keys: tuple[tuple[str, tuple[int | str, ...]], ...] = ()
    # (element, index in `calls`) of each call kept only as that element of returned tuple
    # displays (`return tf.strings.to_number(f[0]), f[1]`): facts.partial_results.
    returned_only: tuple[tuple[int | str, int], ...] = ()
    # (first, last) lines of its `if` branches and conditional expressions (tracing.scan_body):
    # a Keras layer called there may be built by a later trace (CREATES_VARIABLES_PER_CALL).
    branches: tuple[tuple[int, int], ...] = ()
    # (parameter, line, "mul" or "pow", the parameter on the other side or "") of an integer
    # multiplication, or a power, a graph folds where it holds a Python 0
    # (tracing.BodyScan.zero_params; facts.zero_arguments).
    zero_params: tuple[tuple[str, int, str, str], ...] = ()
    effects: list[Effect] = field(default_factory=list)
    hazards: list[Hazard] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)
    arithmetic: list[tuple[Values, int]] = field(default_factory=list)  # operands of tensor math
    param_iterations: list[tuple[str, int]] = field(default_factory=list)
    dtype_coercions: list[tuple[str, str, int]] = field(default_factory=list)  # param, dtype, line
    start_line: int = 0  # the first decorator's line (the def's line when undecorated)
    # Values whose kind decides whether a construct behaves the same in a graph: (use, values,
    # line, detail), e.g. ("if", condition, 12, ""), ("for", iterable, 9, "appends to out").
    # See bodies.VALUE_USES.
    value_uses: list[tuple[str, Values, int, str]] = field(default_factory=list)
    # What the body of a tf.function does with each parameter: (param, kind, line, detail), see
    # retracing.parameter_uses (whether a Python value could be passed as a tensor instead).
    param_uses: list[tuple[str, str, int, str]] = field(default_factory=list)
    # Uses of parameters that a NumPy array argument makes behave otherwise in a graph, or calls
    # to judge once the callee is known: (param, "call"|"other", line, col, text). array_args.py
    array_uses: list[tuple[str, str, int, int, str]] = field(default_factory=list)
    # The shapes of the arguments its calls pass, where the syntax shows them, and the static
    # dimensions a tf.function reads of its parameters (shapes.py, R3).
    shape_args: list[tuple[int, int, str, str, tuple[str, ...], int, str]] = \
        field(default_factory=list)
    shape_reads: list[tuple[str, int, int, str]] = field(default_factory=list)
    int_args: list[tuple[int, int, str, int]] = field(default_factory=list)  # shapes.IntArg
    # Each parameter's default value, evaluated where the `def` is (calls.bind gives a call that
    # leaves the parameter out the callables among them).
    defaults: dict[str, Values] = field(default_factory=dict)
    # What the body reads that may be Keras state, to judge with the program (keras_pure.py:
    # a Keras `call` that touches none is safe to trace in Keras' symbolic runs).
    state_uses: tuple[str, ...] = ()
    # The Keras global settings this function may set (settings_index.function_settings, its
    # share of static_values.settings_written), computed with the summary: it reads the summary
    # alone, so the command line's snapshot keeps it with the summary (None: not computed, a
    # summary built by hand; readers compute it then).
    settings: frozenset[str] | None = None


@dataclass(slots=True)
class ClassSummary(Compact):
    key: str  # "module_key:QualName"
    name: str
    line: int
    bases: list[Values]
    methods: dict[str, str]  # name -> function key
    class_attrs: dict[str, Values]
    # self.attr = value, in any method: attr -> [(values, method name, line)]
    instance_attrs: dict[str, list[tuple[Values, str, int]]]
    # Constructing it lets `self` go nowhere (fresh_objects.sealed_class; bases not included).
    sealed: bool = False
    # What may keep a tf.function method from keying its traces by the instance
    # (summaries.instance_keys): "eq" (an `__eq__` or a class decorator such as @dataclass),
    # "hash" (a `__hash__`), "slots" (`__slots__` without `__weakref__`); "" when none.
    instance_keys: str = ""
    # Methods the module rebinds outside the class body (`P.parts = other`; "*": a name not
    # written out, `setattr(P, name, f)`): an instance's attribute may be another function
    # (Program.instance_attribute; a red team of session 24).
    rebound: frozenset[str] = frozenset()
    # The attributes its body or methods may set to a Python 0 (`W = 0`, `self.w = 0`,
    # `self.w = w` of a default 0; "~w" a 0.0), not its bases' (summaries._zero_attributes).
    zeros: frozenset[str] = frozenset()
    # A @dataclass or attrs class: its generated `__repr__`, `__eq__`, order methods and
    # `__hash__` read every field (summaries.generates_methods; facts.field_readers).
    generated: bool = False


@dataclass(slots=True)
class Wrapper(Compact):
    """`g = tf.function(f)` (or `self.g = tf.function(self.f)`): f is hybrid, called through g."""

    name: str  # the bound name ("g" or "self.g")
    target: Values  # the values of f
    span: Span  # the tf.function(...) call expression
    target_text: str
    scope: str  # the module key or class key whose namespace binds the name
    keywords: tuple[str, ...] = ()  # tf.function(f, ...)'s keyword names ("**" for **kw)


@dataclass(slots=True)
class ModuleSummary(Compact):
    key: str  # dotted path from the analysis root: unique
    import_name: str  # the name other modules import it by (from its package root)
    path: str  # relative to the root, '/' separators
    digest: str
    is_package: bool
    imports: dict[str, str]  # local name -> qualified name
    globals: dict[str, Values]  # module-level names -> values
    defs: dict[str, str]  # module-level function name -> key
    classes: dict[str, ClassSummary]  # qualname -> class
    functions: list[FunctionSummary]
    wrappers: list[Wrapper]
    global_writes: list[tuple[str, int, str]]  # ("g:M.name" | "c:C.attr", line, reason)
    tf_alias: str | None  # the name this module binds to `tensorflow`
    bound_names: frozenset[str]
    function_alias: str | None = None  # a name bound to tensorflow.function itself
    # the first names of the modules it imports, as written (`keras`, `tensorflow`, `numpy`)
    import_roots: frozenset[str] = frozenset()
    # `# hybridize: ignore[...]` comments: line -> codes (None: every code); see suppressions.py
    suppressions: dict[int, frozenset[str] | None] = field(default_factory=dict)
    # Module-level names bound once, at the top level, to a literal (`NUM_CHANNELS = 3`), that
    # no function declares `global`: one value for the whole run (bounded_args.py).
    constants: frozenset[str] = frozenset()
    # Module-level names bound to (part of) another global's object, or to a container holding
    # it: ("g:M.TABLE", "g:M.CONFIG") for `TABLE = CONFIG`, `ALL = [CONFIG]`,
    # `VIEW = W.reshape(...)`; a change through either is a change of the other
    # (facts.stale_reads).
    global_aliases: list[tuple[str, str]] = field(default_factory=list)
    # (global, line, why, callee) where a global's object is given to code that may keep or
    # change it in ways no rule follows (bodies.note_global_escapes): every read of its
    # contents is stale (facts.escaped_global); `callee`, a workspace function called by its
    # name (its parameter writes are followed instead) or "".
    global_escapes: tuple[tuple[str, int, str, str], ...] = ()
    # The top-level lines that run after a call that may run workspace code
    # (rebinding.lines_after_calls): a call there that gives a global to a callee changing it
    # is a write (facts.written_through_calls), as a store there is.
    after_call_lines: frozenset[int] = frozenset()
    # (method name, line, text, why, class): bound methods taken as values that may outlive
    # their instance (loose_methods.py; facts.loose_method).
    loose_methods: tuple[tuple[str, int, str, str, str], ...] = ()
    # (attribute, line) of each store `obj.w = v` on an object other than a method's own
    # `self` of a value that may be a Python 0 (`m.w = 0`, `M.W = 0`: facts.zero_attribute)
    zero_stores: tuple[tuple[str, int], ...] = ()
