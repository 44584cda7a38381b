"""Python arguments that are literals at every call site: a bounded set of traces (issue 12).

A `tf.function` traces once per distinct Python value of an argument (TF 2.21: an int, float,
bool or str is part of the trace key). When every value an eager function's parameter receives
is written as a literal at its call site (`top_k_accuracy(labels, logits, k=5)`, a loop over a
literal tuple), the values are a fixed, small set: one trace per distinct value, each reused by
every later call, so HAS_PRIMITIVE_PARAMETERS does not block converting it. Measured in the
equivalence harness (tests/equivalence_cases.py, "literal arguments"): the converted functions
return the same values as eagerly, and calls repeating a value add no trace.

A parameter that only ever receives Python bools (or None) is bounded whatever their origin (a
`training` or layout flag forwarded from the caller's own parameter): at most two traces.

Default-deny: every call site that passes a Python value must be a call the analysis maps to the
parameter (no `*args`/`**kwargs` unpacking), and the argument there must be a literal. A value
computed (a loop counter, arithmetic, data), forwarded from a parameter, read from an attribute,
or passed by a route that is not a direct call (a callback handed to a library) is not shown to
be bounded, and the function is declined as before.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from hybridize.analysis import values as V
from hybridize.analysis.bounded_args import direct_call, extra_origins
from hybridize.analysis.model import Evidence

if TYPE_CHECKING:
    from hybridize.analysis.calls import ParamSite
    from hybridize.analysis.facts import FactBuilder
    from hybridize.analysis.summary_model import CallSite, FunctionSummary


class Contributions:
    """Callee -> (parameter, the site's evidence) for every value a call site passes that holds
    a Python value (int, float, bool, str), from the whole program, in a stable order (by call
    site): read per callee from the builder's index (call_index.py)."""

    def __init__(self, builder: FactBuilder) -> None:
        self.builder = builder
        self.found: dict[str, list[tuple[str, ParamSite]]] = {}

    def get(self, callee: str, default: tuple = ()) -> list[tuple[str, ParamSite]] | tuple:
        if callee not in self.builder.index.given:
            return default
        found = self.found.get(callee)
        if found is None:
            p, kinds = self.builder.p, self.builder.primitive_kinds
            found = self.found[callee] = [(param, evidence) for param, values, evidence
                                          in self.builder.index.given[callee]
                                          if p.expand(values) & kinds]
        return found


def contributions(builder: FactBuilder) -> Contributions:
    return Contributions(builder)


def literal_arguments(builder: FactBuilder, fn: FunctionSummary,
                      index: Contributions,
                      params: list[str]) -> Evidence | None:
    """Evidence that every Python value `fn`'s parameters receive is a literal at its call site
    (say where, and how many sites), or None when one may not be."""
    received = builder.p.params.get(fn.key, {})
    primitive = {p for p in params
                 if frozenset(received.get(p, ())) & builder.primitive_kinds}
    passed = [(param, site) for param, site in index.get(fn.key, ()) if param in primitive]
    if not primitive or not passed:
        return None
    if any(V.has_unknown(received.get(p, ())) for p in primitive):
        return None  # `f(x, **kwargs)` somewhere: what it passes is not known
    calls: dict[tuple[str, int], list[CallSite]] = defaultdict(list)
    for caller, binding in builder.bindings_to.get(fn.key, []):
        if not direct_call(builder, fn, binding.site):
            # functools.partial(f, scale=...), tf.map_fn(f, ...), a Keras layer's __call__:
            # the values they pass are not read from a call site of `fn` itself.
            return None
        calls[(caller, binding.site.line)].append(binding.site)
    flags = False  # some value is a forwarded bool, not a literal
    for param, site in passed:
        here = calls.get((site.caller, site.line))
        if not here:
            return None  # not a direct call (a callback, a wrapper): origin unknown
        for call in here:
            if call.starred:
                return None
            if param in (fn.vararg, fn.kwarg):
                # `*reps`/`**options` collect the call's extra arguments, which origin_of does
                # not map: `tile_by(x, i + 1)` is not a literal (measured: one trace per i).
                letters = extra_origins(fn, call, param)
                if letters and set(letters) != {"l"}:
                    return None
                continue
            origin, values = builder.origin_of(fn, call, param)
            if values is None:
                continue  # this call leaves the parameter at its default (one value)
            if origin != "l":
                if not frozenset(received.get(param, ())) <= _FLAGS:
                    return None
                flags = True
    param, first = passed[0]
    count = len({(site.file, site.line) for _, site in passed})
    sites = f"{count} call site{'s' if count > 1 else ''} passing Python values"
    if flags:
        return Evidence(first.file, first.line,
                        f"{builder.name(first.caller)} passes a Python value as `{param}` "
                        f"({sites}, all literals or Python bools)")
    return Evidence(first.file, first.line,
                    f"{builder.name(first.caller)} passes a literal as `{param}` ({sites}, all "
                    "literals)")


# Python numbers of different types that can compare equal: `True == 1 == 1.0`, with one hash.
_NUMBERS = frozenset({"int", "float", "bool"})


def shared_traces(builder: FactBuilder, fn: FunctionSummary, params: list[str]) -> str | None:
    """Why a parameter of `fn` that receives Python numbers of two types (an int and a float, a
    bool and an int, its default included) is not bounded, or None. A tf.function keys a trace
    on a Python number's value, and equal values of two types are one key: called with 4 and
    then 4.0, the second call runs the trace made for 4 (TF 2.21, measured: `tf.range(n)` int32
    traced where eagerly float32; `flag is True` taken for 1 after True). The literals' values
    are not kept, so two types are enough."""
    received = builder.p.params.get(fn.key, {})
    for param in params:
        if param == fn.kwarg:
            # `**kwargs`: each name is an argument of its own in the trace key, so only the
            # values under one name meet (those under names no call shows, under any of them).
            unnamed = frozenset(received.get(V.keyed(param, "*"), ()))
            groups = [frozenset(values) | unnamed for name, values in sorted(received.items())
                      if name.startswith(f"{param}[") and
                      name != V.keyed(param, "#")] or [unnamed]
        else:
            # a call that leaves the parameter out passes its default (bound before tracing)
            groups = [frozenset(received.get(param, ())) | frozenset(fn.defaults.get(param, ()))]
        kinds = max((builder.p.expand(group) & _NUMBERS for group in groups), key=len)
        if len(kinds) > 1:
            return f"`{param}` receives Python {' and '.join(sorted(kinds))} values: equal " \
                "values of two types (4 and 4.0, 1 and True) are one trace key, so a call " \
                "runs the trace made for the other type's value"
    return None


# A parameter that only ever receives Python bools (or None): at most three values, so at most
# three traces, wherever the values come from (a `training` flag forwarded by the caller).
_FLAGS = frozenset({"bool", V.NONE})


def container_sites(builder: FactBuilder, fn: FunctionSummary, param: str) -> list[ParamSite]:
    """The call sites that give `fn`'s `param` a Python list, tuple or dict holding values other
    than tensors (each new content retraces), from every contribution of the program (not only
    the MAX_SITES kept as evidence per parameter), in a stable order.

    Left out: a site where every call writes the argument out of literals (`perm=(2, 1, 0)`,
    `boxes=[[2, 3, 4, 9]]`: tracing.literal_display, origin LITERAL) and calls `fn` itself, so
    the content is the same at each call: one trace per such site at most. A site that leaves
    `param` at its default stays (its default is judged by parameter_defaults.py's rules)."""
    calls: dict[tuple[str, int], list[CallSite]] = defaultdict(list)
    for caller, binding in builder.bindings_to.get(fn.key, []):
        calls[(caller, binding.site.line)].append(binding.site)
    out: dict[tuple[str, int, str], ParamSite] = {}
    given = builder.index.given[fn.key] if fn.key in builder.index.given else ()
    literal: dict[tuple[str, int], bool] = {}  # per calling line: its answer, asked once
    for name, values, site in given:
        if name != param or V.LIST not in builder.p.expand(values):
            continue
        where = (site.caller, site.line)
        if where not in literal:
            here = calls.get(where, [])
            literal[where] = bool(here) and all(
                not call.starred and direct_call(builder, fn, call) and
                builder.origin_of(fn, call, param)[0] == "l" for call in here)
        if literal[where]:
            continue
        out.setdefault((site.file, site.line, site.caller), site)
    return [out[key] for key in sorted(out)]


def literal_container_sites(builder: FactBuilder, fn: FunctionSummary, param: str
                            ) -> tuple[list[ParamSite], str]:
    """The call sites that give `param` a Python list, tuple or dict written out of literals
    (those container_sites leaves out), one per calling line in a stable order, and the kinds
    letter of each such call (tracing.container_kinds; two calls on one line are two)."""
    calls: dict[tuple[str, int], list[CallSite]] = defaultdict(list)
    for caller, binding in builder.bindings_to.get(fn.key, []):
        calls[(caller, binding.site.line)].append(binding.site)
    out: dict[tuple[str, int, str], ParamSite] = {}
    kinds: list[str] = []
    given = builder.index.given[fn.key] if fn.key in builder.index.given else ()
    for name, values, site in given:
        if name != param or V.LIST not in builder.p.expand(values):
            continue
        key = (site.file, site.line, site.caller)
        here = calls.get((site.caller, site.line), [])
        if key not in out and here and all(
                not call.starred and direct_call(builder, fn, call) and
                builder.origin_of(fn, call, param)[0] == "l" for call in here):
            out[key] = site
            kinds += [builder.container_kinds_of(fn, call, param) for call in here]
    return [out[key] for key in sorted(out)], "".join(kinds)


_KINDS = {"i": "int", "r": "float", "b": "bool"}


def kinds_collide(kinds: str) -> bool:
    """Two of these containers may be equal with numbers of two types, one trace key: more
    than one of them and some holds numbers of several kinds or of unrecorded ones ("m"), or
    they hold numbers of two kinds between them."""
    if len(kinds) < 2:
        return False
    return "m" in kinds or len({_KINDS[k] for k in kinds if k in _KINDS}) > 1
