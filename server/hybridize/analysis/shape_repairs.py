"""R3 over the whole program (issue 16, docs/preconditions.md#r3): the call sites of a decorated
`tf.function` whose tensor arguments' shapes vary (shapes.py reads them from each module's
syntax) -> ADD_INPUT_SIGNATURE and REDUCE_RETRACING, or VARYING_SHAPES with the reason none
keeps the results. shapes.py says which evidence counts and which reads decline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybridize.analysis import values as V
from hybridize.analysis.model import Repair
from hybridize.analysis.shapes import (
    ALL_DIMS,
    DERIVED,
    DIVISOR,
    MORE,
    PARAM,
    RANK,
    SLICE_PARAM,
    UNKNOWN_DIM,
    VARYING,
    ShapeArg,
)

if TYPE_CHECKING:
    from hybridize.analysis.facts import FactBuilder, FunctionFacts
    from hybridize.analysis.summary_model import FunctionSummary

ADD_SIGNATURE, REDUCE = "ADD_INPUT_SIGNATURE", "REDUCE_RETRACING"
EXPLAINED = "VARYING_SHAPES"  # the shapes vary, and why no repair is offered (no edit)
_SHAPE_ARGUMENTS = {"input_signature", "reduce_retracing", "experimental_relax_shapes", "**",
                    "func"}


def shape_repairs(builder: FactBuilder, fn: FunctionSummary, facts: FunctionFacts,
                  static_shapes: set[str]) -> list[Repair]:
    """R3 for a decorated tf.function whose call sites pass tensors of varying shapes: the
    input_signature (when every site shows every parameter's dtype and rank) and
    reduce_retracing, or (VARYING_SHAPES, no argument) why neither is offered; nothing without
    evidence."""
    if not (facts.hybrid and fn.hybrid and fn.decorator_span) or \
            _SHAPE_ARGUMENTS & set(fn.decorator_args):
        return []
    if any(code == "UNDETERMINABLE_DECORATOR" for code, _ in facts.hazards):
        return []
    from hybridize.analysis.facts import value_params
    params = [p for p in value_params(fn) if p not in (fn.vararg, fn.kwarg)]
    sites = _site_shapes(builder, fn, params)
    varying = [(p, entry, where) for where, shapes in sites for p, entry in shapes.items()
               if entry is not None and VARYING in entry[4]]
    if not varying:
        return []
    param, entry, where = max(varying, key=lambda v: v[1][5] or 1000)  # the most: first
    count = str(entry[5]) if entry[5] else "several"  # 0: padded batches of a dataset
    others = sorted({f"{file}:{line}" for _, _, (file, line) in varying} - {
        f"{where[0]}:{where[1]}"})
    also = f"; also at {', '.join(others[:3])}" + (f" and {len(others) - 3} more"
                                                   if len(others) > 3 else "") if others else ""
    evidence = f"`{param}` takes {count} shapes at {where[0]}:{where[1]} ({entry[6]}){also}"
    why = _declined(builder, fn, facts, sites, params, static_shapes)
    lead = f"retraces for every new shape ({evidence})"
    if why:
        return [Repair(EXPLAINED, "R3", f"{lead}; neither an input_signature nor "
                       f"reduce_retracing keeps the results: {why}")]
    repairs = []
    signature = _signature(builder, fn, sites, params)
    # At most this many distinct shapes (None: not known): reduce_retracing keeps two graphs,
    # so it is offered only where it could save one.
    most: int | None = 0
    for _, shapes in sites:
        counts = [e[5] for e in shapes.values() if e is not None and VARYING in e[4]]
        if most is not None:
            most = None if 0 in counts else most + max(counts, default=1)
    if most is not None and most <= 2 and signature is None:
        return []
    if signature is not None:
        if facts.inferred_signature:  # P4 (--infer-signatures) writes the evidence's signature
            facts.inferred_signature = signature
        repairs.append(Repair(
            ADD_SIGNATURE, "R3", f"{lead}: add input_signature={signature}, one graph for every "
            f"shape{_TRACE_TIME_ERRORS}", argument=f"input_signature={signature}"))
    if most is not None and most <= 2:
        return repairs
    repairs.append(Repair(
        REDUCE, "R3", f"{lead}: add reduce_retracing=True, TensorFlow then traces the first "
        "shape and one graph with the dimensions that differ left open (2 graphs when one "
        f"dimension varies){_TRACE_TIME_ERRORS}", argument="reduce_retracing=True"))
    return repairs


# Open dimensions let shape inference pass inputs it rejects with their exact shapes: the op then
# raises its OpError when it runs (measured: tests/test_trace_failures.py, docs/preconditions.md).
_TRACE_TIME_ERRORS = ("; assumes TRACE_TIME_ERRORS: inputs whose shapes make an op fail then "
                      "raise a tf.errors.OpError such as InvalidArgumentError when the op runs, "
                      "instead of a ValueError while tracing")


def _site_shapes(builder: FactBuilder, fn: FunctionSummary, params: list[str]
                 ) -> list[tuple[tuple[str, int], dict[str, ShapeArg | None]]]:
    """For each call site, each parameter's shape entry (None: not known, or not passed)."""
    from hybridize.analysis.retracing import _argument_position
    out = []
    for caller, binding in sorted(builder.bindings_to.get(fn.key, []),
                                  key=lambda b: (b[0], b[1].site.line, b[1].site.col)):
        site = binding.site
        caller_fn = builder.p.functions.get(caller)
        shaped = {entry[:3]: entry for entry in (caller_fn.shape_args if caller_fn else [])}
        shapes: dict[str, ShapeArg | None] = {}
        for param in params:
            position, keyword = _argument_position(fn, site, param, builder)
            slot = f"k:{keyword}" if keyword else str(position) if position is not None \
                else None
            entry = shaped.get((site.line, site.col, slot)) if slot else None
            shapes[param] = _resolved(builder, caller_fn, entry) \
                if entry is not None and caller_fn is not None else entry
        out.append(((builder.p.file_of.get(caller, ""), site.line), shapes))
    return out


def _resolved(builder: FactBuilder, caller: FunctionSummary, entry: ShapeArg) -> ShapeArg:
    """An entry whose sizes are parameters of the calling function, with the literal ints its
    own call sites pass them: two or more values vary, one is that size, else unknown."""
    line, col, slot, dtype, dims, shapes, why = entry
    if not any(d.startswith((PARAM, SLICE_PARAM)) for d in dims):
        return entry
    new, reasons = [], [why] if why else []
    counted: dict[str, int] = {}
    for dim in dims:
        if not dim.startswith((PARAM, SLICE_PARAM)):
            new.append(dim)
            continue
        name = dim[2:]
        values, where = _literal_values(builder, caller, name)
        if len(values) >= 2:
            new.append(VARYING)
            counted[name] = len(values)
            reasons.append(f"`{name}` is {', '.join(str(v) for v in sorted(values))} at the "
                           f"calls of {caller.qualname}() ({where})")
        elif len(values) == 1 and dim.startswith(PARAM):
            new.append(str(next(iter(values))))
        else:
            new.append(UNKNOWN_DIM)
    if counted:
        shapes = max(shapes, 1) if shapes else (1 if VARYING not in dims else 0)
        for count in counted.values():
            shapes *= count
    return line, col, slot, dtype, tuple(new), shapes, "; ".join(reasons)


def _literal_values(builder: FactBuilder, caller: FunctionSummary, name: str
                    ) -> tuple[set[int], str]:
    """The ints the call sites of `caller` pass as its parameter `name`, when every one of
    them passes a literal int (empty otherwise), and where."""
    from hybridize.analysis.retracing import _argument_position
    values: set[int] = set()
    places = []
    for outer, binding in sorted(builder.bindings_to.get(caller.key, []),
                                 key=lambda b: (b[0], b[1].site.line, b[1].site.col)):
        site = binding.site
        outer_fn = builder.p.functions.get(outer)
        position, keyword = _argument_position(caller, site, name, builder)
        slot = f"k:{keyword}" if keyword else str(position) if position is not None else None
        found = next((v for (ln, cl, sl, v) in (outer_fn.int_args if outer_fn else [])
                      if (ln, cl, sl) == (site.line, site.col, slot)), None)
        if found is None or site.starred:
            return set(), ""
        values.add(found)
        places.append(f"{builder.p.file_of.get(outer, '')}:{site.line}")
    return values, ", ".join(places[:3])


def _declined(builder: FactBuilder, fn: FunctionSummary, facts: FunctionFacts, sites: list,
              params: list[str], static_shapes: set[str]) -> str:
    """Why a dimension left open would change what the body computes, or ""."""
    if facts.stale_reads:
        # Each trace reads the state as it is then: traced once per shape, a value changed
        # between calls shows in the next shape's graph; with dimensions left open fewer
        # traces pick it up (measured with TF 2.21, session 34's red team D, p18: a global
        # changed between calls of 4 sizes gave 1, 2, 3, 4 and 1, 2, 2, 2 with R3).
        stale = facts.stale_reads[0]
        return (f"it reads state that changes between calls ({stale.reason}), which each "
                "trace reads anew: with fewer traces, fewer calls see the new value")
    if facts.used_as_tf_function is not None:
        # `f.experimental_get_tracing_count()`, `f.pretty_printed_concrete_signatures()`,
        # `f.get_concrete_function(...)`: they answer from the traces, which the repair makes
        # fewer or other (measured with TF 2.21, session 34's red team D, p19: 3 traces, 2
        # with reduce_retracing=True). Every use of the object as a tf.function (default-deny).
        use = facts.used_as_tf_function
        return (f"the program uses it as a tf.function object ({use.reason.partition(':')[0]} "
                f"at {use.file}:{use.line}), whose answers depend on its traces")
    if builder.traced.get(fn.key):
        caller, line = builder.traced[fn.key][0]
        return (f"it is also traced by TensorFlow ({builder.p.file_of.get(caller, '')}:{line}) "
                "with arguments whose shapes the call sites do not show")
    if any(binding.site.starred for _, binding in builder.bindings_to.get(fn.key, [])):
        return "a call site unpacks *args or **kwargs"
    reads = fn.shape_reads
    callee = next((c for c in sorted(builder.edges.get(fn.key, ())) if c in static_shapes
                   and c != fn.key), None)
    if callee is not None:
        return (f"{builder.name(callee)}(), which it calls, reads a static shape (`.shape`) "
                "that may be left None")
    own = {text.split(".", 1)[0] for _, _, _, text in reads}
    for use, values, line, text in fn.value_uses:
        expanded = builder.p.expand(values) if use == "static-shape" else frozenset()
        if (V.has_unknown(expanded) or V.has_tensor(expanded)) and \
                text.split(".", 1)[0] not in own:
            return (f"the body reads the static shape {text} (line {line}), which the engine "
                    "does not follow to a parameter's dimension")
    for param, dim, line, text in reads:
        if param == DERIVED and dim == DIVISOR:
            return (f"the body divides by a size, {text} (line {line}), which a static shape "
                    "makes a constant: traced with the shapes the calls give, the division is a "
                    "product by the reciprocal; with dimensions left open, a division, whose "
                    "last bit differs")
        if param == DERIVED and dim != RANK:
            return (f"the body reads a static dimension of a value it computes, {text} (line "
                    f"{line}), which the engine does not follow to a parameter's dimension")
        if dim == RANK:
            if not _one_rank(sites, [param] if param != DERIVED else params):
                return (f"the body reads a rank, {text} (line {line}), as a Python value: the "
                        "call sites do not all pass one rank, and reduce_retracing leaves a "
                        "rank that differs open (None while tracing)")
            continue
        ranks = set()
        for _, shapes in sites:
            entry = shapes.get(param)
            dims = entry[4] if entry else (MORE,)
            if MORE not in dims:
                ranks.add(len(dims))
        if len(ranks) > 1:
            # ranks that differ: the relaxed graph's rank is not known, every dimension None
            return (f"the body reads {text} (line {line}) as a Python value, and the call "
                    "sites pass several ranks: a relaxed trace leaves the rank open")
        if ALL_DIMS < dim < 0 and len(ranks) == 1:
            dim += ranks.pop()  # x.shape[-1] with one known rank
        if dim < 0 or _stable(sites, param, dim) is None:
            return (f"the body reads {text} (line {line}) as a Python value: where that "
                    "dimension is left open it is None while tracing")
    return ""


def _one_rank(sites: list, params: list[str]) -> bool:
    """Every call site passes each of `params` a tensor of known rank, one rank per parameter
    (reduce_retracing then keeps the rank; measured with TF 2.21, session 34's red team D)."""
    for param in params:
        ranks = set()
        for _, shapes in sites:
            entry = shapes.get(param)
            if entry is None or MORE in entry[4]:
                return False
            ranks.add(len(entry[4]))
        if len(ranks) != 1:
            return False
    return True


def _stable(sites: list, param: str, dim: int) -> str | None:
    """The literal size every call site gives dimension `dim` of `param`, or None."""
    sizes = set()
    for _, shapes in sites:
        entry = shapes.get(param)
        if entry is None:
            return None
        dims = entry[4]
        known = dims[:dims.index(MORE)] if MORE in dims else dims
        if dim >= len(known) or not known[dim].lstrip("-").isdigit():
            return None
        sizes.add(known[dim])
    return sizes.pop() if len(sizes) == 1 else None


def _signature(builder: FactBuilder, fn: FunctionSummary, sites: list,
               params: list[str]) -> str | None:
    """`[tf.TensorSpec(shape=(None, 3), dtype=tf.float32), ...]` when every call site passes
    every parameter a tensor of one dtype and rank the syntax shows; None otherwise."""
    if fn.vararg or fn.kwarg or fn.kwonly or not params or \
            fn.kind not in ("function", "method", "staticmethod"):
        return None
    received = builder.p.params.get(fn.key, {})
    specs = []
    for param in params:
        values = frozenset(received.get(param, ()))
        if not values or not all(V.is_single_tensor(v) for v in values):
            return None  # a Python value would be converted, another kind refused
        dtypes, ranks = set(), set()
        for _, shapes in sites:
            entry = shapes.get(param)
            if entry is None or not entry[3] or MORE in entry[4]:
                return None
            dtypes.add(entry[3])
            ranks.add(len(entry[4]))
        if len(dtypes) != 1 or len(ranks) != 1:
            return None
        dims = [_stable(sites, param, d) or "None" for d in range(ranks.pop())]
        shape = "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"
        specs.append(f"tf.TensorSpec(shape={shape}, dtype=tf.{dtypes.pop()})")
    return "[" + ", ".join(specs) + "]"
