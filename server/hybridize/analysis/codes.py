"""Every failure code, in one place: what it means, why TensorFlow cares, and what the user can do.

The analysis only says *which* code applies with *which* evidence; the wording lives here, so the
command line, the hover and the docs (docs/preconditions.md) all explain a code the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is on a function that already is a `tf.function`."""

    DECLINE = "decline"  # eager function: we simply do not convert it
    WARN = "warn"  # hybrid function: the decorator misbehaves, the user should look


@dataclass(frozen=True)
class FailureCode:
    code: str
    title: str
    why: str  # one line: the TensorFlow behaviour behind the rule
    advice: str  # one line: how to change the code so the refactoring becomes possible


def _c(code: str, title: str, why: str, advice: str) -> FailureCode:
    return FailureCode(code, title, why, advice)


HAS_NO_TENSOR_PARAMETERS = _c(
    "HAS_NO_TENSOR_PARAMETERS",
    "no parameter receives a tensor",
    "A graph only pays off when it is fed tensors; Python values are baked in at trace time.",
    "Pass tensors (tf.constant, a tf.data element, a model output) instead of Python values.",
)
UNDETERMINABLE_TENSOR_PARAMETER = _c(
    "UNDETERMINABLE_TENSOR_PARAMETER",
    "cannot tell whether a parameter receives a tensor",
    "No call site in the workspace, type hint or Keras convention says what the parameters hold.",
    "Add a type hint such as `x: tf.Tensor`, call the function from the workspace, "
    "or enable speculative analysis.",
)
HAS_PRIMITIVE_PARAMETERS = _c(
    "HAS_PRIMITIVE_PARAMETERS",
    "a parameter receives Python numbers or strings",
    "tf.function traces a new graph for every new Python value, so the function would retrace.",
    "Pass the value as a tensor (tf.constant(n)) or make it a closure constant.",
)
HAS_PYTHON_SIDE_EFFECTS = _c(
    "HAS_PYTHON_SIDE_EFFECTS",
    "Python side effects",
    "Python side effects (print, list appends, attribute and global writes, I/O) run only once, "
    "when the function is traced, not on every call.",
    "Use tf.print, tf.Variable.assign or a tf.summary writer instead, or move the side effect "
    "out of the function.",
)
UNDETERMINABLE_SIDE_EFFECTS = _c(
    "UNDETERMINABLE_SIDE_EFFECTS",
    "calls code the analysis cannot see",
    "A call to code outside the workspace and outside the known libraries may have side effects "
    "that would run only at trace time.",
    "Move the call out of the function, or call a TensorFlow or workspace function instead.",
)
IS_RECURSIVE = _c(
    "IS_RECURSIVE",
    "recursive",
    "Python recursion inside a tf.function is unrolled at trace time and usually never ends.",
    "Rewrite the recursion as a loop (tf.while_loop or a `for` over tf.range).",
)
HAS_EAGER_ONLY_CALLS = _c(
    "HAS_EAGER_ONLY_CALLS",
    "calls that only work eagerly",
    "`.numpy()`, Keras fit/predict/evaluate and tf.executing_eagerly() fail or behave "
    "differently inside a graph.",
    "Keep tensors symbolic (drop `.numpy()`), and call fit/predict outside the function.",
)
HAS_NUMPY_ON_TENSORS = _c(
    "HAS_NUMPY_ON_TENSORS",
    "NumPy or SciPy applied to tensors",
    "Inside a graph, tensors are symbolic: NumPy cannot read their values and raises at trace "
    "time.",
    "Use the tf.* or tf.experimental.numpy equivalent of the NumPy call.",
)
HAS_PYTHON_ITERATION_OVER_TENSOR = _c(
    "HAS_PYTHON_ITERATION_OVER_TENSOR",
    "Python loop over a tensor",
    "A Python `for` over a tensor argument is unrolled or converted by AutoGraph, and the loop's "
    "Python state no longer behaves as it does eagerly.",
    "Loop with `for i in tf.range(n)` and index the tensor, or use tf.map_fn / tf.scan.",
)
CREATES_VARIABLES_PER_CALL = _c(
    "CREATES_VARIABLES_PER_CALL",
    "creates a tf.Variable on every call",
    "tf.function only supports variables created once, on the first trace; a function that "
    "creates one on every call raises ValueError when traced.",
    "Create the variable once, outside the function (or in `__init__`/`build`), and assign to it.",
)
HAS_STALE_TRAINABLE_VARIABLES = _c(
    "HAS_STALE_TRAINABLE_VARIABLES",
    "reads trainable_variables before the model is built",
    "Before its first call a model has no weights, so the list read before calling it is empty; "
    "eager and traced runs then disagree about which steps update the weights.",
    "Read `model.trainable_variables` after calling the model, or build the model first.",
)
HAS_INVALID_NAME_ARGUMENT = _c(
    "HAS_INVALID_NAME_ARGUMENT",
    "non-string `name` argument to a TensorFlow op",
    "Eager execution ignores an op's `name`; graph building rejects a name that is not a string.",
    "Pass the value by its real keyword (e.g. `tf.exp(x)`), or give `name=` a string.",
)
HAS_KERAS_SYMBOLIC_ARGUMENT = _c(
    "HAS_KERAS_SYMBOLIC_ARGUMENT",
    "receives a Keras symbolic tensor",
    "A KerasTensor from keras.Input cannot be passed to a tf.function: it has no value to trace.",
    "Call the function inside a Keras layer, or pass real tensors.",
)
HAS_CONFLICTING_DTYPE_COERCIONS = _c(
    "HAS_CONFLICTING_DTYPE_COERCIONS",
    "one argument converted to two different dtypes",
    "A Python value converted to two dtypes works eagerly, but a traced graph fixes one dtype for "
    "the argument and fails on the other.",
    "Convert the argument once, with one dtype, and cast explicitly where another is needed.",
)
IS_KERAS_CALL_METHOD = _c(
    "IS_KERAS_CALL_METHOD",
    "Keras `call` method",
    "Keras already compiles `call` inside fit/predict; with Keras 3, a decorated `call` whose "
    "weights are first built inside the traced call gets no gradients for them.",
    "Decorate the training or inference step that calls the model instead.",
)
HAS_EXCEPTION_HANDLING = _c(
    "HAS_EXCEPTION_HANDLING",
    "catches exceptions around TensorFlow ops",
    "Eagerly, an op that fails raises inside the `try` and the `except` handles it; in a graph "
    "the op runs after tracing, outside the `try`, and the error escapes the function "
    "(measured with TF 2.21: tf.linalg.inv of a singular matrix).",
    "Check the condition with tensor ops instead (tf.debugging, tf.where, tf.cond), or keep "
    "the error handling outside the function.",
)
HAS_TENSOR_TO_PYTHON_CONVERSION = _c(
    "HAS_TENSOR_TO_PYTHON_CONVERSION",
    "turns a tensor into a Python value",
    "bool(), int(), float(), len(), str(), f-strings, `assert`, `in`, min()/max() and iteration "
    "need a tensor's value; a traced tensor has none, so they raise or give other results in a "
    "graph (an f-string shows `Tensor(\"x:0\", ...)` instead of the numbers).",
    "Stay in TensorFlow: tf.cast, tf.shape, tf.strings.format, tf.debugging.assert_*, "
    "tf.reduce_any, tf.math.maximum.",
)
HAS_TENSOR_DEPENDENT_CONTROL_FLOW = _c(
    "HAS_TENSOR_DEPENDENT_CONTROL_FLOW",
    "Python control flow decided by a tensor",
    "AutoGraph turns an `if`/`while` on a tensor, or a loop over a tensor or dataset that carries "
    "Python state, into tf.cond / tf.while_loop: both branches are traced, variables must keep "
    "their dtype and shape, and Python lists cannot grow inside; code that works eagerly then "
    "fails or differs.",
    "Use tf.where / tf.cond / tf.while_loop explicitly, or a TensorArray for results built in "
    "a loop.",
)
HAS_PYTHON_RETURN_VALUES = _c(
    "HAS_PYTHON_RETURN_VALUES",
    "returns Python values",
    "A tf.function converts the Python numbers, strings and NumPy arrays it returns into tensors "
    "(measured with TF 2.21: `return 3` gives tf.Tensor(3)), so callers get another type.",
    "Return tensors (tf.constant), or compute the Python value outside the function.",
)
UNDETERMINABLE_CONSTRUCT = _c(
    "UNDETERMINABLE_CONSTRUCT",
    "uses a construct the analysis does not model",
    "The analysis only converts code whose every statement and expression it knows to behave "
    "the same eagerly and in a graph; this one is not modelled, so the verdict is unknown.",
    "Rewrite the construct in a form the analysis knows, or decorate the function yourself "
    "after checking it.",
)
UNDETERMINABLE_DECORATOR = _c(
    "UNDETERMINABLE_DECORATOR",
    "has a decorator the analysis does not model",
    "A decorator's wrapper runs around the body: under tf.function its Python code (logging, "
    "counters, argument handling) runs once per trace instead of on every call (measured with "
    "TF 2.21), and what it does to the arguments and results is unknown.",
    "Move the decorator's work into the caller, or decide by hand; tf.function, staticmethod, "
    "classmethod, functools.partial(tf.function, ...) and typing/abc markers are modelled.",
)
HAS_REPLICA_CONTEXT_CALLS = _c(
    "HAS_REPLICA_CONTEXT_CALLS",
    "synchronizes replicas of a distribution strategy",
    "A nested tf.function that calls merge_call, all_reduce or all_gather in a replica context "
    "fails under a distribution strategy (measured with TF 2.21 and MirroredStrategy: "
    "RuntimeError, `merge_call` called while defining a new graph).",
    "Decorate the function passed to strategy.run, or the step that calls strategy.run, "
    "instead of a helper it calls.",
)
HAS_TRACE_DEPENDENT_CODE = _c(
    "HAS_TRACE_DEPENDENT_CODE",
    "code that behaves otherwise eagerly than while tracing",
    "tf.executing_eagerly(), tf.inside_function(), tf.get_static_value(), tf.init_scope(), "
    "tests of unknown static shapes and TensorArrays without an element_shape answer otherwise "
    "eagerly than in a graph, and pooling or VALID convolutions return a tensor eagerly on an "
    "input smaller than their window where tracing fails (measured with TF 2.21), so adding or "
    "removing the decorator changes what the function does.",
    "Write one code path that works both ways (tf.shape for dynamic sizes, an element_shape for "
    "TensorArrays), or leave the decorator as it is.",
)
HAS_DECORATOR_ARGUMENTS = _c(
    "HAS_DECORATOR_ARGUMENTS",
    "tf.function arguments that change how the function runs",
    "input_signature converts Python arguments to tensors (eagerly `f(3)` gets the int 3, "
    "through the signature a float32 tensor; measured with TF 2.21), jit_compile compiles with "
    "XLA, experimental_* options change tracing: removing the decorator would drop them.",
    "Keep the decorator, or convert the arguments yourself before removing it.",
)
HAS_STALE_READS = _c(
    "HAS_STALE_READS",
    "reads Python state that other code changes",
    "A graph freezes the value of a Python global, class attribute or closure variable at trace "
    "time; later changes are silently ignored.",
    "Pass the value as a tensor argument, or keep it in a tf.Variable.",
)
UNSUPPORTED_FUNCTION_KIND = _c(
    "UNSUPPORTED_FUNCTION_KIND",
    "generator, coroutine or property",
    "tf.function cannot trace generators or coroutines, and properties are not called like "
    "functions.",
    "Return a tensor instead of yielding values, or move the computation into a plain function.",
)
NO_TENSOR_COMPUTATION = _c(
    "NO_TENSOR_COMPUTATION",
    "runs no TensorFlow operation",
    "Without tensor operations, a graph has nothing to speed up and only adds tracing cost.",
    "Nothing to change: the function is best left eager.",
)
IS_NESTED_FUNCTION = _c(
    "IS_NESTED_FUNCTION",
    "defined inside another function",
    "A tf.function defined in a function body is a new object on every call of the enclosing "
    "function, and each new object traces again: measured with TF 2.21, a small nested helper "
    "took 5.6 ms per call as a tf.function against 0.09 ms eagerly (61x slower), with the same "
    "result.",
    "Move the function to module or class level and convert it there, or convert the enclosing "
    "function, which traces the nested one into its graph.",
)
HAS_COVERED_CALLERS = _c(
    "HAS_COVERED_CALLERS",
    "every caller already traces it",
    "Functions called from a tf.function, or mapped by tf.data, are traced into a graph already; "
    "a decorator of their own adds nothing.",
    "Nothing to change: the callers' graphs already include this function.",
)

ALL_CODES: dict[str, FailureCode] = {
    c.code: c
    for c in (
        HAS_NO_TENSOR_PARAMETERS,
        UNDETERMINABLE_TENSOR_PARAMETER,
        HAS_PRIMITIVE_PARAMETERS,
        HAS_PYTHON_SIDE_EFFECTS,
        UNDETERMINABLE_SIDE_EFFECTS,
        IS_RECURSIVE,
        HAS_EAGER_ONLY_CALLS,
        HAS_NUMPY_ON_TENSORS,
        HAS_PYTHON_ITERATION_OVER_TENSOR,
        CREATES_VARIABLES_PER_CALL,
        HAS_STALE_TRAINABLE_VARIABLES,
        HAS_INVALID_NAME_ARGUMENT,
        HAS_KERAS_SYMBOLIC_ARGUMENT,
        HAS_CONFLICTING_DTYPE_COERCIONS,
        IS_KERAS_CALL_METHOD,
        HAS_EXCEPTION_HANDLING,
        HAS_TENSOR_TO_PYTHON_CONVERSION,
        HAS_TENSOR_DEPENDENT_CONTROL_FLOW,
        HAS_PYTHON_RETURN_VALUES,
        UNDETERMINABLE_CONSTRUCT,
        UNDETERMINABLE_DECORATOR,
        HAS_REPLICA_CONTEXT_CALLS,
        HAS_TRACE_DEPENDENT_CODE,
        HAS_DECORATOR_ARGUMENTS,
        HAS_STALE_READS,
        UNSUPPORTED_FUNCTION_KIND,
        NO_TENSOR_COMPUTATION,
        IS_NESTED_FUNCTION,
        HAS_COVERED_CALLERS,
    )
}

# Hazards: each makes tracing fail or change behaviour (DESIGN.md, "hazards").
HAZARD_CODES: tuple[str, ...] = (
    "HAS_EAGER_ONLY_CALLS",
    "HAS_NUMPY_ON_TENSORS",
    "HAS_PYTHON_ITERATION_OVER_TENSOR",
    "CREATES_VARIABLES_PER_CALL",
    "HAS_STALE_TRAINABLE_VARIABLES",
    "HAS_INVALID_NAME_ARGUMENT",
    "HAS_KERAS_SYMBOLIC_ARGUMENT",
    "HAS_CONFLICTING_DTYPE_COERCIONS",
    "IS_KERAS_CALL_METHOD",
    "HAS_EXCEPTION_HANDLING",
    "HAS_TENSOR_TO_PYTHON_CONVERSION",
    "HAS_TENSOR_DEPENDENT_CONTROL_FLOW",
    "HAS_PYTHON_RETURN_VALUES",
    "HAS_REPLICA_CONTEXT_CALLS",
    "HAS_TRACE_DEPENDENT_CODE",  # a hazard for conversions; for tf.functions, blocks removal only
    "UNSUPPORTED_FUNCTION_KIND",
)

# Assumptions a verdict may rest on.
SPECULATIVE_ANALYSIS = "SPECULATIVE_ANALYSIS"
STATEFUL_RANDOM = "STATEFUL_RANDOM"  # draws from tf.random's global generator
# Inputs that make an op fail raise another error class in a graph (tools/probe_trace_failures.py).
TRACE_TIME_ERRORS = "TRACE_TIME_ERRORS"
# A call that fails part-way: the state changes of that call may differ (stateful ops that do
# not use a failing op's result still run in a graph; a `raise` stops a trace before any).
FAILED_CALL_STATE = "FAILED_CALL_STATE"
# A chain of three or more `+` or `*` terms, which a graph may reorder (tracing.arithmetic_chain).
REASSOCIATED_ARITHMETIC = "REASSOCIATED_ARITHMETIC"
# A reshape to a shape without a literal -1, which a graph may drop (tracing.elidable_reshape).
ELIDED_RESHAPE = "ELIDED_RESHAPE"
# A reshape with a -1 beside a dimension that may be 0, which a graph may size otherwise on an
# input with no elements (tracing.empty_reshape).
EMPTY_RESHAPE = "EMPTY_RESHAPE"
# A module written for every Keras 3 backend, which a conversion ties to TensorFlow's
# (facts.keras_backend_neutral).
KERAS_BACKEND = "KERAS_BACKEND"
# A value of unknown type passed beside tensors, taken for a tensor (facts.parameter_facts).
UNTYPED_ARGUMENTS = "UNTYPED_ARGUMENTS"
