"""What a parameter holds when a call leaves it out: its default (issue 12).

A call that leaves `p` out runs the body with `p` bound to the object its `def` evaluated once,
when the module ran. `calls.bind` gives the parameter that object's values, except the Python
constants among them:

- **Python constants** (`rate=0.5`, `padding="SAME"`, `training=False`, `mask=None`) are one
  immutable value, the same at every call that leaves the parameter out. A `tf.function` takes
  it into its trace key like an argument (TF 2.21 binds defaults before tracing), so it adds at
  most one trace, and it is a Python value in a graph as eagerly: an `if` on it, `range` of it,
  arithmetic with it behave the same. Leaving it out of the parameter's values keeps every value
  rule as it was for a parameter that receives nothing (no Python value to retrace on, nothing
  that could be a tensor): measured in tests/test_parameter_defaults.py (one trace for any
  number of calls that leave it out; a literal passed elsewhere adds its own).
- **Everything else flows**: a tensor (`threshold=THRESHOLD`, a module-level `tf.constant`) is a
  tensor in the body, so an `if` on it is an `if` on a tensor; a NumPy array or a list/dict is one
  mutable object shared by every call (default-deny: the container and array rules judge it as
  if the caller had passed it); a function, class, Keras/TF object or a value of unknown type may
  be called or have effects. Before this, only the callables and unknown values flowed, and a
  tensor default read by an `if` was proposed "safe" while its `tf.function` failed to trace
  (`'retval_' is None at the end of the main branch`, measured TF 2.21).

A library object whose call is pure (a dtype: `dtype=tf.float32`, `len`) adds nothing to find
and would only blur the parameter's values: it does not flow either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.summary_model import ESCAPED, Values
from hybridize.analysis.tfapi import Api

if TYPE_CHECKING:
    from hybridize.analysis.calls import ParamSite
    from hybridize.analysis.facts import FactBuilder
    from hybridize.analysis.summary_model import FunctionSummary

# One immutable value per parameter, the same at every call that leaves it out.
PYTHON_CONSTANTS = V.PRIMITIVES | {V.NONE}


def _pure_library(value: str) -> bool:
    return value.startswith("lib:") and \
        tfapi.classify_call(tfapi.normalize(value[4:])) is Api.PURE


def left_out(default: Values) -> Values:
    """The values a call that leaves a parameter out gives it, from its default's (expanded)
    values: all but the Python constants and pure library objects (see the module docstring)."""
    return frozenset(v for v in default if v not in PYTHON_CONSTANTS and not _pure_library(v))


def left_out_at(builder: FactBuilder, fn: FunctionSummary, site: ParamSite, param: str) -> bool:
    """Whether the call(s) at `site` leave `param` out, so that what it holds there is `fn`'s
    default for it rather than anything the caller passes."""
    if param not in fn.defaults:
        return False
    calls = [b.site for caller, b in builder.bindings_to.get(fn.key, [])
             if caller == site.caller and b.site.line == site.line]
    return bool(calls) and all(not call.starred and builder.origin_of(fn, call, param)[1] is None
                               for call in calls)


def passes(builder: FactBuilder, fn: FunctionSummary, site: ParamSite, param: str,
           shown: str) -> str:
    """What the caller at `site` does for `param`, in the user's words: "passes a float32 tensor
    as `x`", or "leaves `x` at its default, a float32 tensor"."""
    if left_out_at(builder, fn, site, param):
        return f"{builder.name(site.caller)} leaves `{param}` at its default, {shown}"
    escaped = next((b.site for caller, b in builder.bindings_to.get(fn.key, [])
                    if caller == site.caller and b.site.line == site.line and
                    b.site.static == ESCAPED), None)
    if escaped is not None:  # bodies.note_escape
        return (f"{builder.name(site.caller)} {escaped.text}, whose calls the analysis does "
                f"not follow: what they pass as `{param}` is not known")
    return f"{builder.name(site.caller)} passes {shown} as `{param}`"
