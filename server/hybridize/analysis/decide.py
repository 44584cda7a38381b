"""The decision table of DESIGN.md, in one place (see docs/analysis-rules.md for each row)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hybridize.analysis import codes, tracing
from hybridize.analysis.facts import FunctionFacts
from hybridize.analysis.model import Assumption, Evidence, Failure, Transformation
from hybridize.analysis.settings import Settings
from hybridize.analysis.tracing import HARMLESS_FUNCTION_ARGUMENTS


@dataclass
class Verdict:
    transformation: Transformation | None
    precondition: str | None
    failures: list[Failure] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    reason: str = ""
    warn: bool = False  # a hybrid function that misbehaves: shown as a warning


def _fail(code: str, evidence: Evidence | None, message: str | None = None) -> Failure:
    text = message or (evidence.reason if evidence else codes.ALL_CODES[code].title)
    if evidence is not None:
        return Failure(code, text, evidence.file, evidence.line)
    return Failure(code, text)


def _failures(facts: FunctionFacts) -> list[Failure]:
    """Every failed row of the eager table, in table order."""
    out: list[Failure] = []
    if facts.unsupported:
        out.append(_fail("UNSUPPORTED_FUNCTION_KIND", facts.definition,
                         f"a {facts.unsupported} cannot be traced by tf.function"))
    decorator = next((e for c, e in facts.hazards if c == "UNDETERMINABLE_DECORATOR"), None)
    if decorator is not None:  # the wrapper runs around everything else: first
        out.append(_fail("UNDETERMINABLE_DECORATOR", decorator))
    if facts.tensor_parameter is False and facts.no_tensor_evidence:
        evidence = facts.no_tensor_evidence[0]
        out.append(_fail("HAS_NO_TENSOR_PARAMETERS", evidence,
                         f"no parameter receives a tensor: {evidence.reason}"))
    elif facts.tensor_parameter is False:
        # Said where: the definition (the call sites are the report's `callers` evidence).
        out.append(_fail("HAS_NO_TENSOR_PARAMETERS", facts.definition,
                         "no parameter receives a tensor at any call site"))
    elif facts.tensor_parameter is None and facts.no_tensor_evidence:
        out.append(_fail("UNDETERMINABLE_TENSOR_PARAMETER", facts.no_tensor_evidence[0]))
    elif facts.tensor_parameter is None:
        out.append(_fail("UNDETERMINABLE_TENSOR_PARAMETER", facts.definition,
                         "no call site, type hint or Keras convention shows a tensor argument"))
    if facts.primitive_parameter and (facts.hybrid or facts.retrace_bound != "literal"):
        evidence = facts.primitive_evidence[0] if facts.primitive_evidence else None
        out.append(_fail("HAS_PRIMITIVE_PARAMETERS", evidence,
                         (evidence.reason + ": each new value retraces") if evidence else None))
    elif facts.container_evidence and not facts.hybrid:
        # Not a reason to remove a decorator (the list may be fixed), but one not to add it.
        evidence = facts.container_evidence[0]
        out.append(_fail("HAS_PRIMITIVE_PARAMETERS", evidence, evidence.reason if
                         "trace key" in evidence.reason else
                         evidence.reason + ": a new content retraces"))
    known = [e for e in facts.effects if e.kind != "unknown"]
    unknown = [e for e in facts.effects if e.kind == "unknown"]
    if known:
        effect = known[0]
        out.append(_fail("HAS_PYTHON_SIDE_EFFECTS", effect.evidence, effect.describe()))
    elif unknown:
        effect = unknown[0]
        out.append(_fail("UNDETERMINABLE_SIDE_EFFECTS", effect.evidence, effect.describe()))
    if facts.recursive:
        evidence = facts.recursion_evidence[0] if facts.recursion_evidence else None
        out.append(_fail("IS_RECURSIVE", evidence, "the function calls itself"
                         + (f" (through {evidence.file}:{evidence.line})" if evidence else "")))
    reported: set[str] = set()
    for code, evidence in facts.hazards:
        if code in ("UNSUPPORTED_FUNCTION_KIND", "UNDETERMINABLE_DECORATOR") or code in reported:
            continue
        reported.add(code)
        out.append(_fail(code, evidence))
    if facts.stale_reads:
        out.append(_fail("HAS_STALE_READS", facts.stale_reads[0]))
    if facts.tensor_computation is False:
        out.append(_fail("NO_TENSOR_COMPUTATION", facts.definition,
                         "the body runs no TensorFlow operation"))
    if facts.covered_callers:
        caller = facts.callers[0] if facts.callers else None
        where = f" ({caller.reason} at {caller.file}:{caller.line})" if caller else ""
        out.append(_fail("HAS_COVERED_CALLERS", caller,
                         f"every caller already traces it into a graph{where}"))
    if facts.nested and not facts.hybrid:
        # Not a reason to remove a decorator (that is the removal table's), one not to add it.
        out.append(_fail("IS_NESTED_FUNCTION", facts.definition,
                         "defined inside another function: a new tf.function, traced again, on "
                         "every call of that function"))
    return out


def decide(facts: FunctionFacts, settings: Settings) -> Verdict:
    assumptions = []
    if facts.speculative:
        assumptions.append(Assumption(
            codes.SPECULATIVE_ANALYSIS,
            facts.tensor_evidence[0].reason + " (speculative: no call site shows it)"))
    if facts.configuration:  # --speculative: configuration values (config_values.py)
        assumptions.append(Assumption(codes.SPECULATIVE_ANALYSIS, facts.configuration))
    if facts.hybrid:
        verdict = _decide_hybrid(facts, settings)
    else:
        verdict = _decide_eager(facts)
    if verdict.transformation in (Transformation.CONVERT_TO_HYBRID,
                                  Transformation.CONVERT_TO_EAGER) and facts.random_evidence:
        # A removal draws the eager numbers where the graph drew others (each new trace
        # restarts an op-seeded sequence: a first audit of session 20, e10, e57, e69).
        draw = facts.random_evidence[0]
        how = "as a graph it draws other numbers" if verdict.transformation is \
            Transformation.CONVERT_TO_HYBRID else \
            "without the decorator it draws other numbers than its graphs did"
        assumptions.append(Assumption(
            codes.STATEFUL_RANDOM,
            f"draws from tf.random's global generator ({draw.reason} at {draw.file}:{draw.line}):"
            f" {how} under the same tf.random.set_seed (same distribution); for reproducible "
            "runs use a tf.random.Generator or a stateless op"))
    if verdict.transformation in (Transformation.CONVERT_TO_HYBRID,
                                  Transformation.CONVERT_TO_EAGER) and facts.chain_evidence:
        chain = facts.chain_evidence[0]
        assumptions.append(Assumption(
            codes.REASSOCIATED_ARITHMETIC,
            f"{chain.reason} at {chain.file}:{chain.line} is a chain of three or more `+` or `*` "
            "terms, which a graph may reorder (Grappler's arithmetic optimizer combines the "
            "terms of smaller shape first): the same up to rounding, except where terms cancel "
            "or overflow (measured with TF 2.21: `x + 1e8 + -1e8` of x = [1, 2] is [0, 0] "
            "eagerly and [1, 2] traced; `x * 1e20 * 1e-20` of 1e20 is inf eagerly, 1e20 "
            "traced)"))
    if verdict.transformation in (Transformation.CONVERT_TO_HYBRID,
                                  Transformation.CONVERT_TO_EAGER) and facts.reshape_evidence:
        reshape = facts.reshape_evidence[0]
        assumptions.append(Assumption(
            codes.ELIDED_RESHAPE,
            f"{reshape.reason} at {reshape.file}:{reshape.line} reshapes to a shape given "
            "without -1: where its input's shape is known only when the graph runs (after "
            "tf.boolean_mask, tf.unique, tf.strings.split), a graph drops a reshape that keeps "
            "the rank, so an input of another element count comes back as it was where eagerly "
            "the reshape raises InvalidArgumentError (measured with TF 2.21: "
            "`tf.reshape(tf.boolean_mask(x, m), [3])` of two elements); equal wherever the "
            "eager reshape succeeds"))
    if verdict.transformation in (Transformation.CONVERT_TO_HYBRID,
                                  Transformation.CONVERT_TO_EAGER) and \
            facts.empty_reshape_evidence:
        empty = facts.empty_reshape_evidence[0]
        assumptions.append(Assumption(
            codes.EMPTY_RESHAPE,
            f"{empty.reason} at {empty.file}:{empty.line} makes a grid: on a float32 axis with "
            "no elements, a graph's tf.meshgrid kills the process (SIGFPE: Grappler's constant "
            "folding and arithmetic optimizer together; measured with TF 2.21: "
            "`tf.meshgrid(tf.ones(2), tf.zeros(0))` is an empty grid eagerly); equal on every "
            "input with elements" if tracing.makes_grid(empty.reason) else
            f"{empty.reason} at {empty.file}:{empty.line} reshapes to a shape with -1 beside a "
            "dimension that may be 0: on an input with no elements, a graph may size the -1 "
            "otherwise (Grappler merges consecutive reshapes and folds the shapes it knows "
            "while tracing), so an empty result may come back with another shape (measured "
            "with TF 2.21: `tf.reshape(tf.zeros((0, 0)), [tf.shape(x)[0], -1])` is (0, 1) "
            "eagerly and (0, 0) traced); equal on every input with elements"))
    if verdict.transformation is Transformation.CONVERT_TO_HYBRID and facts.keras_backend:
        keras = facts.keras_backend
        assumptions.append(Assumption(
            codes.KERAS_BACKEND,
            f"{keras.file} imports Keras 3 (`keras`) and nothing of TensorFlow: its "
            "`keras.ops` run on the backend KERAS_BACKEND picks, and the conversion (with the "
            "`import tensorflow` it adds) runs the function as a TensorFlow graph, which only "
            "the TensorFlow backend (Keras' default) can run: under JAX or PyTorch it raises "
            "(measured, Keras 3.15 with JAX: NotImplementedError in user code)"))
    if verdict.transformation is Transformation.CONVERT_TO_HYBRID and facts.untyped_evidence:
        untyped = facts.untyped_evidence[0]
        assumptions.append(Assumption(
            codes.UNTYPED_ARGUMENTS,
            f"{untyped.reason} (at {untyped.file}:{untyped.line})"))
    if verdict.transformation in _TRACE_TIME_ERRORS and facts.tensor_computation is not False:
        assumptions.append(Assumption(codes.TRACE_TIME_ERRORS,
                                      _TRACE_TIME_ERRORS[verdict.transformation]))
    if verdict.transformation in _FAILED_CALL_STATE and facts.state_evidence:
        change = facts.state_evidence[0]
        assumptions.append(Assumption(
            codes.FAILED_CALL_STATE,
            f"it changes TensorFlow state ({change.reason} at {change.file}:{change.line}): on "
            f"inputs that make the call fail, {_FAILED_CALL_STATE[verdict.transformation]}"))
    verdict.assumptions = assumptions
    return verdict


# Measured with TF 2.21 (tools/probe_trace_failures.py, data/trace_failures.tsv): on inputs that
# make it fail, nearly every op raises a tf.errors.OpError eagerly and a ValueError or TypeError
# from static shape or dtype inference while a graph is traced (x + y of shapes (3,) and (4,));
# traced under an input_signature with unknown dimensions, the same inputs pass shape inference
# and the op raises the OpError when it runs. A Python error raised while tracing is re-raised
# by autograph with its class only for the classes it knows take a message
# (tests/test_staging_errors.py).
_TRACE_TIME_ERRORS = {
    Transformation.CONVERT_TO_HYBRID:
        "inputs that make an op fail (incompatible shapes or dtypes) raise ValueError or "
        "TypeError while the graph is traced instead of a tf.errors.OpError such as "
        "InvalidArgumentError (or the ValueError of a variable that refuses another dtype, as "
        "gpflow's Parameters do): an `except tf.errors.OpError` around a call outside the "
        "analysed code may no longer catch them (such a handler in the analysed code declines "
        "the conversion), and an `except ValueError` may now catch them; and a Python error "
        "that the function's own code "
        "raises while traced comes back as autograph's StagingError unless its class is "
        "AssertionError, AttributeError, KeyError, NameError, NotImplementedError, "
        "RuntimeError, StopIteration, TypeError, ValueError or a class with Exception's "
        "constructor (an IndexError, ZeroDivisionError or OverflowError does): an `except "
        "IndexError` around a call no longer catches it; those of the listed classes keep "
        "their class, and their message starts with autograph's `in user code:` traceback; "
        "an op that fails when the graph runs keeps its OpError class, and its message is "
        "\"Graph execution error:\" and a traceback instead of the op's own; and where a shape "
        "is known only when the graph runs (after tf.boolean_mask, tf.unique, "
        "tf.strings.split), a check that Python code makes on static shapes eagerly (the "
        "ValueError of a Keras loss, tf.repeat, tf.debugging.assert_shapes, "
        "tf.nn.sigmoid_cross_entropy_with_logits) is made by an op when the graph runs "
        "(InvalidArgumentError) or, where the shapes broadcast or nothing uses the op's "
        "result, not at all (measured with TF 2.21: a Keras binary cross-entropy of masked "
        "tensors of 1 and 2 elements returns a value)",
    Transformation.CONVERT_TO_EAGER:
        "inputs that make an op fail (incompatible shapes or dtypes) raise a tf.errors.OpError "
        "such as InvalidArgumentError eagerly instead of the ValueError or TypeError that "
        "tracing raised: an `except ValueError` around a call no longer catches them; an op "
        "that fails when it runs keeps its OpError class, and its message is the op's own "
        "instead of \"Graph execution error:\"",
    Transformation.RECONFIGURE:
        "inputs whose shapes make an op fail pass tracing under the signature's unknown "
        "dimensions and raise a tf.errors.OpError such as InvalidArgumentError when the op "
        "runs, instead of the ValueError that tracing with their exact shapes raised: an "
        "`except ValueError` around a call no longer catches them",
}


# Measured with TF 2.21 (tests/fixtures/soundness/failed_calls.py; second soundness audit of
# session 19): a graph orders stateful ops among themselves and runs the ops their inputs need,
# not the ops before them in the source; a Python `raise` runs while the graph is traced.
_FAILED_CALL_STATE = {
    Transformation.CONVERT_TO_HYBRID:
        "the graph may still run the variable updates and tf.print calls of that call that do "
        "not use the failing op's result (eagerly nothing after the failing op runs), and a "
        "`raise` in the function's own code stops it while it is traced, before the updates "
        "written above it (eagerly they run): the state after a failed call may differ",
    Transformation.CONVERT_TO_EAGER:
        "the variable updates and tf.print calls written after the failing op no longer run "
        "(the graph may have run those that do not use its result), and those written before "
        "a `raise` in the function's own code now run (the trace stopped before them): the "
        "state after a failed call may differ",
}


def _decide_eager(facts: FunctionFacts) -> Verdict:
    failures = _failures(facts)
    if failures:
        first = failures[0]
        return Verdict(None, None, failures, reason=f"not converted: {first.message}")
    evidence = facts.tensor_evidence[0]
    literal = ""
    if facts.primitive_parameter and facts.bound_evidence is not None:
        bound = facts.bound_evidence
        kinds = "literals or Python bools" if bound.reason.endswith("Python bools)") \
            else "one of a few values" if bound.reason.endswith("all bounded)") else "literals"
        literal = (f"; its Python arguments are {kinds} ({bound.reason}, {bound.file}:"
                   f"{bound.line}): one trace per distinct value")
    return Verdict(Transformation.CONVERT_TO_HYBRID, "P1", [],
                   reason=f"safe to hybridize: {evidence.reason}, no Python side effects, "
                   f"runs TensorFlow ops{literal}")


def _decide_hybrid(facts: FunctionFacts, settings: Settings) -> Verdict:
    failures = _failures(facts)
    codes_found = {f.code for f in failures}
    by_code = {f.code: f for f in failures}
    # Trace-dependent code is what the graph is meant to do: it only blocks a removal.
    hazard_codes = [c for c in (*codes.HAZARD_CODES, "HAS_STALE_READS") if c in codes_found
                    and c != "HAS_TRACE_DEPENDENT_CODE"]
    if "HAS_PYTHON_SIDE_EFFECTS" in codes_found:
        failure = by_code["HAS_PYTHON_SIDE_EFFECTS"]
        return Verdict(None, None, _only(failures, {"HAS_PYTHON_SIDE_EFFECTS", *hazard_codes}),
                       reason=f"runs only when traced, not on every call: {failure.message}",
                       warn=True)
    if hazard_codes:
        failure = by_code[hazard_codes[0]]
        return Verdict(None, None, _only(failures, set(hazard_codes)),
                       reason=f"misbehaves as a tf.function: {failure.message}", warn=True)
    undeterminable = [f for f in failures if f.code.startswith("UNDETERMINABLE_")]
    if undeterminable:
        # Code that answers otherwise eagerly is a known reason to keep the graph: named first.
        kept = _only(failures, {"HAS_TRACE_DEPENDENT_CODE"}) + undeterminable
        return Verdict(None, None, kept, reason=f"kept: {kept[0].message}")
    removal = _removal(facts)
    if removal is not None:
        # Removing the decorator is a behaviour change too: it needs the same proof.
        blockers = _removal_blockers(facts, failures)
        if blockers:
            kept = Verdict(None, None, blockers, reason="kept: removing the decorator would "
                           f"change behaviour: {blockers[0].message}")
            return _with_repairs(kept, facts, removal)
        return _with_repairs(removal, facts)
    if facts.primitive_parameter:
        return _bounded_retracing(facts)
    if settings.infer_signatures and facts.inferred_signature and \
            "HAS_TRACE_DEPENDENT_CODE" not in codes_found:
        return Verdict(Transformation.RECONFIGURE, "P4", [],
                       reason=f"every call passes tensors of one dtype and rank: add "
                       f"input_signature={facts.inferred_signature}")
    return Verdict(None, None, [], reason="already in its best form")


def _removal(facts: FunctionFacts) -> Verdict | None:
    """The removal (P2, P3, P6) the facts call for, before its proof; None to keep the graph."""
    if facts.tensor_parameter is False:
        return Verdict(Transformation.CONVERT_TO_EAGER, "P2", [],
                       reason="no argument is a tensor: the graph buys nothing and retraces "
                       "on new Python values")
    if facts.primitive_parameter and facts.retrace_bound == "computed":
        evidence = facts.bound_evidence
        return Verdict(Transformation.CONVERT_TO_EAGER, "P3", [],
                       reason="retraces on every new Python value, and the values are "
                       "unbounded (a loop counter, arithmetic or data)"
                       + (f": {evidence.reason} ({evidence.file}:{evidence.line})"
                          if evidence else ""))
    if facts.tensor_computation is False:
        return Verdict(Transformation.CONVERT_TO_EAGER, "P6", [],
                       reason="runs no TensorFlow operation: tracing only adds cost")
    return None


def _with_repairs(verdict: Verdict, facts: FunctionFacts,
                  removal: Verdict | None = None) -> Verdict:
    """A function that retraces on unbounded Python values (P3, removed or kept because the
    removal is blocked) says what keeps the graph and stops the retracing (retracing.py, R2),
    or why nothing does; the editor offers that repair first and any removal last."""
    if (removal or verdict).precondition != "P3":
        return verdict
    repair = next((r for r in facts.repairs if r.kind == "PASS_TENSOR_ARGUMENTS"), None)
    lead = "or keep the graph" if removal is None else "it retraces on every new value"
    if repair is not None:
        verdict.reason += f"; {lead}: {repair.message}"
    elif facts.repair_note:
        lead = "" if removal is None else "it retraces on every new Python value, and "
        verdict.reason += f"; {lead}{facts.repair_note}"
    return verdict


def _removal_blockers(facts: FunctionFacts, failures: list[Failure]) -> list[Failure]:
    """What the decorator does that plain Python would not: arguments that change how it runs
    (input_signature casts Python values to tensors, jit_compile compiles with XLA, ...), and
    code that answers otherwise eagerly than while tracing."""
    out = []
    significant = [a for a in facts.decorator_args if a not in HARMLESS_FUNCTION_ARGUMENTS]
    if significant:
        shown = ", ".join(f"`{a}`" for a in significant)
        cast = " (input_signature converts Python arguments to tensors)" \
            if "input_signature" in significant else ""
        out.append(_fail("HAS_DECORATOR_ARGUMENTS", facts.definition,
                         f"tf.function is given {shown}, which eager code would lose{cast}"))
    if facts.used_as_tf_function is not None:  # function_objects.py
        use = facts.used_as_tf_function
        what, _, why = use.reason.partition(": ")
        out.append(_fail("HAS_DECORATOR_ARGUMENTS", use,
                         f"{what} at {use.file}:{use.line}: {why}"))
    caught = facts.caught_trace_errors or facts.caught_op_errors
    if caught is not None:
        out.append(_fail("HAS_EXCEPTION_HANDLING", caught,
                         caught.reason.replace(
                             "eagerly a tf.errors.OpError, traced a ValueError",
                             "as a tf.function a ValueError").replace(
                             "so the handler no longer sees the same error",
                             "and eagerly a tf.errors.OpError, so the handler would no longer "
                             "see the same error")))
    if facts.shared_trace is not None:
        shared = facts.shared_trace
        out.append(_fail("HAS_TRACE_DEPENDENT_CODE", shared,
                         f"{shared.reason}; eagerly each call computes with its own value's "
                         "type"))
    if facts.returns_held is not None:
        held = facts.returns_held
        out.append(_fail("UNDETERMINABLE_CONSTRUCT", held,
                         f"{held.reason}, and eagerly the variable itself"))
    out += [f for f in failures if f.code == "HAS_TRACE_DEPENDENT_CODE"]
    return out


def _bounded_retracing(facts: FunctionFacts) -> Verdict:
    """Python values that retrace, but are not unbounded: a few traces buy a graph."""
    evidence = facts.bound_evidence
    where = f": {evidence.reason} ({evidence.file}:{evidence.line})" if evidence else ""
    if facts.retrace_bound == "literal":
        return Verdict(None, None, [], reason="kept: retraces only for the literal values its "
                       f"callers pass, a few traces{where}: one graph per distinct value, each "
                       "traced once and reused, which costs less than running every call eagerly")
    return Verdict(None, None, [], reason="kept: retraces on Python values, and the analysis "
                   f"cannot show they are unbounded{where}")


def _only(failures: list[Failure], wanted: set[str]) -> list[Failure]:
    return [f for f in failures if f.code in wanted]
