"""`--speculative`: functions that nothing in the workspace calls, under a stated assumption.

Library code, notebook helpers and functions called from other repositories have no visible
caller, so their tensor parameter fact is unknown and they are never converted. With
`--speculative`, such a function is judged as if its callers passed tensors, when its body itself
uses *every* value parameter as a tensor (never by its name alone):

- passes it, as itself and as the first argument (the operand: later ones are often Python
  settings such as an axis or a repeat count), to a TensorFlow op (`tf.reduce_sum(x)`; not
  `tf.constant`, `tf.convert_to_tensor`, `tf.cast`, which exist to take Python values), or to
  a Keras layer, model, loss or metric object (`model(x)`);
- reads its `.shape`, `.dtype` or `.ndim`, or multiplies it with `@`.

The whole program is then evaluated again with a tensor flowing into those parameters (callees
included), so every rule (hazards, loops, conditions) sees a tensor where the assumption puts
one; the verdict of the function, and of every function whose tensor argument comes only from
such an assumption, names it (SPECULATIVE_ANALYSIS). A parameter with no such use keeps the
function unknown: a value of unknown kind would pass rules that a tensor fails.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.calls import ParamSite
from hybridize.analysis.observed import OBSERVED_SITE, reached_from
from hybridize.analysis.program import Program
from hybridize.analysis.summary_model import FunctionSummary
from hybridize.analysis.tfapi import Api

if TYPE_CHECKING:
    from hybridize.analysis.facts import FunctionFacts

# TensorFlow calls made to take Python values: using a parameter with them is no evidence.
_CONVERTERS = frozenset({
    "tensorflow.constant", "tensorflow.convert_to_tensor", "tensorflow.cast",
    "tensorflow.Variable", "tensorflow.identity", "tensorflow.print",
})
_TENSOR_ATTRIBUTES = frozenset({"shape", "dtype", "ndim"})
SEED_SITE = ("<speculative>", 0)  # the contribution key of the assumed arguments


@dataclass(frozen=True)
class AssumedTensor:
    param: str
    line: int
    use: str  # "tf.reduce_sum", "`.shape`", "`@`", "the Keras object `model`"

    def describe(self) -> str:
        return f"`{self.param}` is used with {self.use} (line {self.line})"


def _value_params(fn: FunctionSummary) -> list[str]:
    params = list(fn.params)
    if fn.kind in ("method", "classmethod") and params:
        params = params[1:]
    return params + fn.kwonly + [p for p in (fn.vararg, fn.kwarg) if p]


def tensor_uses(program: Program, fn: FunctionSummary) -> dict[str, AssumedTensor]:
    """The first use of each parameter that shows it is a tensor, read from the body."""
    found: dict[str, AssumedTensor] = {}
    placeholders = {f"p|{fn.key}|{p}": p for p in _value_params(fn)}

    def note(values: frozenset[str], line: int, use: str) -> None:
        for value in values:
            param = placeholders.get(value)
            if param is not None and param not in found:
                found[param] = AssumedTensor(param, line, use)

    for site in sorted(fn.calls, key=lambda s: (s.line, s.col)):
        if site.method is not None and site.method != "__call__":
            continue
        use = _tensor_callee(program, site.callee, site.text)
        if use is None:
            continue
        if site.args and not site.starred:  # the operand; later ones are often Python config
            note(site.args[0], site.line, use)  # (axis, repeats, depth, training)
    for use_kind, values, line, detail in fn.value_uses:
        if use_kind == "attr-read" and detail in _TENSOR_ATTRIBUTES:
            note(values, line, f"`.{detail}`")
        elif use_kind == "matmul":
            note(values, line, "`@`")
    return found


def _tensor_callee(program: Program, callee: frozenset[str], text: str) -> str | None:
    values = program.expand(callee)
    if not values:
        return None
    for value in sorted(values):
        if value.startswith("lib:"):
            qualified = tfapi.normalize(value[4:])
            if qualified in _CONVERTERS or tfapi.classify_call(qualified) is not Api.TENSOR_OP:
                return None
        elif value in (V.TF_LAYER, V.TF_MODEL, V.TF_OBJECT):
            pass
        elif value.startswith("obj:") and program.is_keras_class(value[4:]):
            pass
        else:
            return None
    shown = text if all(v.startswith("lib:") for v in values) else f"the Keras object `{text}`"
    return shown


def speculative_roots(program: Program) -> dict[str, list[AssumedTensor]]:
    """Eager functions with no visible caller whose body uses every parameter as a tensor."""
    called = {b.callee for info in program.info.values() for b in info.bindings}
    called |= {callee for info in program.info.values() for callee, _ in info.traced}
    out: dict[str, list[AssumedTensor]] = {}
    for key, fn in program.functions.items():
        if fn.qualname.startswith("<") or fn.name == "<lambda>" or fn.parent is not None or \
                fn.hybrid or fn.unsupported or key in called or key in program.wrapped or \
                any(program.params.get(key, {}).values()):
            continue
        if fn.class_key is not None and program.is_keras_class(fn.class_key):
            continue  # Keras calls these itself (call, build, train_step): its own rules
        params = _value_params(fn)
        if not params or fn.vararg or fn.kwarg or any(
                h in tfapi.TENSOR_HINTS for p in params for h in fn.hints.get(p, "").split("|")):
            continue  # a tensor hint already decides, without an assumption
        uses = tensor_uses(program, fn)
        if all(p in uses for p in params):
            out[key] = [uses[p] for p in params]
    return out


def seeded_program(program: Program, roots: dict[str, list[AssumedTensor]]) -> Program:
    """The program evaluated again with a tensor passed to every assumed parameter."""
    seeded = Program(list(program.modules.values()))
    # The observed arguments (observed.py) stay: they are evidence, the assumption is not.
    observed = program.contrib.get(OBSERVED_SITE)
    if observed:
        seeded.contrib[OBSERVED_SITE] = list(observed)
        for callee, param, values, _ in observed:
            seeded.params[callee][param] |= values
    contributions = []
    for key, assumed in sorted(roots.items()):
        file = seeded.file_of.get(key, "")
        for item in assumed:
            site = ParamSite(file, item.line, V.TENSOR_SET, key)
            seeded.params[key][item.param] |= V.TENSOR_SET
            contributions.append((key, item.param, V.TENSOR_SET, site))
    seeded.contrib[SEED_SITE] = contributions
    seeded.run()
    return seeded


def speculative_facts(program: Program, bool_is_primitive: bool, only: set[str] | None
                      ) -> tuple[Program, dict[str, FunctionFacts]]:
    """Facts under `--speculative`: from the seeded program when some function qualifies; a
    function whose tensor argument comes only from an assumed one is marked speculative too."""
    # facts.py names this module's types; config_values.py: the configuration-values assumption
    from hybridize.analysis.config_values import ConfigFactBuilder
    from hybridize.analysis.facts import FactBuilder

    roots = speculative_roots(program)
    if not roots:
        return program, ConfigFactBuilder(program, True, bool_is_primitive, only=only).build()
    seeded = seeded_program(program, roots)
    facts = ConfigFactBuilder(seeded, True, bool_is_primitive, only=only, assumed=roots).build()
    reached = {key for key in reached_from(seeded, set(roots))
               if key in facts and facts[key].tensor_parameter is True}
    if reached:
        base = FactBuilder(program, False, bool_is_primitive, only=reached).build()
        for key in sorted(reached):
            if key in base and base[key].tensor_parameter is not True:
                derived = facts[key]
                derived.speculative = True
                if derived.tensor_evidence:
                    first = derived.tensor_evidence[0]
                    derived.tensor_evidence[0] = replace(
                        first, reason=f"{first.reason}, which holds under the assumption made "
                        "for functions nothing calls")
    return seeded, facts
