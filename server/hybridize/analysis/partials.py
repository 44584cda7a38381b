"""`functools.partial` of a TensorFlow op (issue 12, unknown side effects).

`functools.partial(tf.random.stateless_uniform, seed=(2, 3))` is a callable that calls the op with
the arguments bound here and those of the later call; calling it does what calling the op does.
So its value is the op's own value (`lib:...`), and a later `random_fn(shape)` is judged as a call
of that op: a tensor op gives a tensor, a random op draws from the global generator (the
STATEFUL_RANDOM assumption). Only when that is all it can do:

- every value of the wrapped callable is a library op of the table whose category is a tensor op
  or a random draw (anything else, a workspace function included, stays unknown: its bound
  parameters would have to be modelled);
- no bound argument is itself a callable or of unknown kind: only Python numbers, strings, bools,
  None, tensors and tuples or lists of those (`tf.map_fn` given a function through a partial
  would call it, unseen);
- no `name=` is bound (the name check reads the call site's own arguments).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.summary_model import CallSite, Values
from hybridize.analysis.tfapi import Api

if TYPE_CHECKING:
    from hybridize.analysis.calls import CallResolution

OPS = (Api.TENSOR_OP, Api.RANDOM)
MAX_DEPTH = 4


def library_partial(resolution: CallResolution, site: CallSite) -> Values | None:
    """The value of `functools.partial(op, ...)` at this site, or None when not modelled."""
    if not site.args or site.starred or "name" in site.kwargs:
        return None
    wrapped = resolution.expand(site.args[0])
    if not wrapped or not all(
            v.startswith("lib:") and tfapi.classify_call(tfapi.normalize(v[4:])) in OPS
            for v in wrapped):
        return None
    if not all(_inert(resolution, raw, 0) for raw in [*site.args[1:], *site.kwargs.values()]):
        return None
    return frozenset(wrapped)


def _inert(resolution: CallResolution, raw: Values, depth: int) -> bool:
    """Whether every value of an argument, as written, is a Python constant, None, a tensor, or a
    tuple or list built here of such values (never a callable, never of unknown kind)."""
    if not raw or depth > MAX_DEPTH:
        return False
    for value in sorted(raw):
        if V.is_placeholder(value) and value.startswith("e|"):
            _kind, owner, index = value.split("|", 2)
            fn = resolution.functions.get(owner)
            op = fn.deferred[int(index)] if fn is not None else None
            if op is not None and op[0] == "container":
                if op[1] and not _inert(resolution, op[1], depth + 1):
                    return False
                continue
        for expanded in resolution.expand(frozenset({value})):
            if not (expanded in V.PRIMITIVES or expanded == V.NONE or
                    V.is_single_tensor(expanded)):
                return False
    return True
