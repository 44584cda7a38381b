"""Probe the Grappler rewrites of a tf.function's graph that change what an expression computes.

A developer tool, never imported by the analysis. A converted function runs as a graph, and
Grappler's arithmetic optimizer rewrites some pairs of ops into one that is "equivalent" except
on some inputs: `log(softmax(x))` into `LogSoftmax` (finite where eagerly softmax underflows to 0
and its log is -inf), `logical_not(a < b)` into `a >= b` (not the same on NaN),
`argmax(f(x))` / `reduce_max(f(x))` into `argmax(x)` / `f(reduce_max(x))` for a monotonic
element-wise `f` (not the same where `f` saturates, or makes NaN), `pow(x, 0.5)` into `sqrt(x)`
(NaN at -inf). Each probe below runs `outer(inner(x))` eagerly and as a `tf.function` called
with the same tensors, on a few inputs, and writes the first difference (or `same`) to
server/hybridize/analysis/data/graph_rewrites.tsv, with one row per other name of the API table
for the same TensorFlow object. Run it from the repository root:

    .venv/bin/python tools/probe_graph_rewrites.py

The analysis reads the `value` rows (analysis/graph_rewrites.py): a function whose body applies
such an outer op to such an inner op's result is trace-dependent code (HAS_TRACE_DEPENDENT_CODE).
Pseudo-symbols name Python's operators on tensors: `operator.invert` (`~`), `operator.lt` (`<`)
..., `operator.pow` (`**`); a `pow` row's inner column is the literal exponent (`exponent 0.5`).
"""

from __future__ import annotations

import operator
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from api_table import names_by_object, resolve  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "server" / "hybridize" / "analysis" / "data"
nan, inf = float("nan"), float("inf")

OPERATORS: dict[str, Callable[..., Any]] = {
    "operator.invert": operator.invert, "operator.lt": operator.lt, "operator.le": operator.le,
    "operator.gt": operator.gt, "operator.ge": operator.ge, "operator.neg": operator.neg,
    "operator.pow": operator.pow,
    # `log(x + 1)` (either order, `tf.add`, a `tf.ones_like` one) becomes Log1p, and
    # `exp(x) - 1` (`tf.subtract`, a `tf.ones_like` one) becomes Expm1: the pseudo-symbols name
    # the addition and the subtraction of a one (a red team of session 26).
    "operator.add_one": lambda x: x + 1.0, "operator.sub_one": lambda x: x - 1.0,
}
LOGS = ("tensorflow.math.log", "tensorflow.keras.ops.log", "tensorflow.keras.backend.log",
        "tensorflow.experimental.numpy.log")
SOFTMAXES = ("tensorflow.nn.softmax", "tensorflow.keras.ops.softmax",
             "tensorflow.keras.activations.softmax", "tensorflow.keras.backend.softmax")
NOTS = ("tensorflow.math.logical_not", "tensorflow.keras.ops.logical_not",
        "tensorflow.experimental.numpy.logical_not", "operator.invert")
ORDERINGS = ("operator.lt", "operator.le", "operator.gt", "operator.ge",
             "tensorflow.math.less", "tensorflow.math.less_equal", "tensorflow.math.greater",
             "tensorflow.math.greater_equal", "tensorflow.keras.ops.less",
             "tensorflow.keras.ops.less_equal", "tensorflow.keras.ops.greater",
             "tensorflow.keras.ops.greater_equal")
EQUALITIES = ("tensorflow.math.equal", "tensorflow.math.not_equal")
REDUCTIONS = ("tensorflow.math.argmax", "tensorflow.math.argmin", "tensorflow.math.reduce_max",
              "tensorflow.math.reduce_min", "tensorflow.keras.ops.argmax",
              "tensorflow.keras.ops.argmin", "tensorflow.keras.ops.max",
              "tensorflow.keras.ops.min")
MONOTONIC = ("tensorflow.math.exp", "tensorflow.math.sigmoid", "tensorflow.math.tanh",
             "tensorflow.nn.relu", "tensorflow.math.sqrt", "tensorflow.math.log",
             "tensorflow.math.rsqrt", "tensorflow.math.softplus", "tensorflow.math.floor",
             "tensorflow.math.ceil", "tensorflow.math.sign", "tensorflow.math.erf",
             "tensorflow.keras.ops.exp", "tensorflow.keras.ops.sigmoid",
             "tensorflow.keras.ops.tanh", "tensorflow.keras.ops.relu", "tensorflow.keras.ops.sqrt",
             "tensorflow.keras.ops.log", "operator.neg", "tensorflow.math.negative",
             # the rest of Grappler's element-wise monotonic ops (op_types.cc
             # IsElementWiseMonotonic; session 33's red team B, p01-p24)
             "tensorflow.math.acosh", "tensorflow.math.asin", "tensorflow.math.asinh",
             "tensorflow.math.atan", "tensorflow.math.atanh", "tensorflow.nn.elu",
             "tensorflow.math.expm1", "tensorflow.math.log1p", "tensorflow.nn.relu6",
             "tensorflow.math.rint", "tensorflow.nn.selu", "tensorflow.math.sinh",
             "tensorflow.nn.softsign", "tensorflow.nn.softplus", "tensorflow.math.acos",
             "tensorflow.math.erfc", "tensorflow.keras.ops.relu6", "tensorflow.keras.ops.elu",
             "tensorflow.keras.ops.selu", "tensorflow.keras.ops.softplus",
             "tensorflow.keras.ops.softsign", "tensorflow.keras.ops.expm1",
             "tensorflow.keras.ops.log1p", "tensorflow.keras.ops.arctan",
             "tensorflow.keras.ops.arctanh", "tensorflow.keras.ops.arcsinh",
             "tensorflow.keras.ops.arccosh", "tensorflow.keras.ops.arcsin",
             "tensorflow.keras.ops.arccos", "tensorflow.keras.ops.sinh",
             "tensorflow.keras.ops.erfc")
EXPS = ("tensorflow.math.exp", "tensorflow.keras.ops.exp", "tensorflow.keras.backend.exp",
        "tensorflow.experimental.numpy.exp")
TINY = [([1e-9, 1e-8, -1e-9, 0.5],), ([-20.0, 0.0, 20.0],)]
# Keras computes a cross-entropy from the logits of the Sigmoid or Softmax op that made its
# prediction when it can see that op (a symbolic tensor's `.op`: traced), from the clipped
# probabilities otherwise (an eager tensor): where the activation saturates the values differ
# (a red team of session 41: 10.7 eagerly, 23.3 traced). Outer: the loss (a class stands for
# `Class()(y_true, y_pred)`), inner: the activation of its prediction, the second argument.
SIGMOIDS = ("tensorflow.math.sigmoid", "tensorflow.keras.activations.sigmoid",
            "tensorflow.keras.ops.sigmoid")
BINARY_LOSSES = ("tensorflow.keras.losses.binary_crossentropy",
                 "tensorflow.keras.losses.binary_focal_crossentropy",
                 "tensorflow.keras.ops.binary_crossentropy",
                 "tensorflow.keras.losses.BinaryCrossentropy",
                 "tensorflow.keras.losses.BinaryFocalCrossentropy")
CATEGORICAL_LOSSES = ("tensorflow.keras.losses.categorical_crossentropy",
                      "tensorflow.keras.losses.categorical_focal_crossentropy",
                      "tensorflow.keras.ops.categorical_crossentropy",
                      "tensorflow.keras.losses.CategoricalCrossentropy",
                      "tensorflow.keras.losses.CategoricalFocalCrossentropy")
SPARSE_LOSSES = ("tensorflow.keras.losses.sparse_categorical_crossentropy",
                 "tensorflow.keras.ops.sparse_categorical_crossentropy",
                 "tensorflow.keras.losses.SparseCategoricalCrossentropy")
SATURATED = [([[0.0, 1.0, 1.0], [0.0, 0.0, 1.0]], [[30.0, -40.0, 5.0], [60.0, -2.0, 1.0]]),
             ([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], [[0.2, -0.4, 0.5], [0.6, -0.2, 0.1]])]
SPARSE_SATURATED = [([1.0, 2.0], [[30.0, -40.0, 5.0], [60.0, -2.0, 1.0]]),
                    ([1.0, 0.0], [[0.2, -0.4, 0.5], [0.6, -0.2, 0.1]])]


def _loss(outer: Any, inner: Any) -> Callable[..., Any]:
    """`loss(y, inner(logits))`, or `Loss()(y, inner(logits))` for a class."""
    if isinstance(outer, type):
        return lambda y, x: outer()(y, inner(x))
    return lambda y, x: outer(y, inner(x))
POWERS = ("tensorflow.math.pow", "tensorflow.keras.ops.power", "operator.pow")
EXPONENTS = (0.5, -0.5, 0.0, 1.0, 2.0, 3.0, -1.0, 1.5)


def _resolve(symbol: str) -> Any:
    return OPERATORS[symbol] if symbol in OPERATORS else resolve(symbol)


def _outcome(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return np.asarray(fn(*args))
    except Exception as error:  # noqa: BLE001 - the class is what is compared
        return type(error).__name__


def _same(a: Any, b: Any, atol: float = 1e-6) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return a.shape == b.shape and a.dtype == b.dtype and \
        bool(np.allclose(a, b, rtol=1e-5, atol=atol, equal_nan=True))


def _show(value: Any) -> str:
    return value if isinstance(value, str) else \
        f"{value.dtype}{np.array2string(value, separator=' ')}".replace("\n", " ")


def probe(outer: str, inner: str, inputs: list[tuple[Any, ...]],
          make: Callable[[Any, Any], Callable[..., Any]], atol: float = 1e-6) -> tuple[str, ...]:
    """The first input on which `make(outer, inner)` differs eagerly and traced (`atol`: 0 for
    the rewrites whose difference is a small value computed exactly, `(exp(x) - 1) / x`)."""
    fn = make(_resolve(outer), _resolve(inner) if not inner.startswith("exponent") else
              float(inner.split()[1]))
    for args in inputs:
        tensors = [tf.constant(a, tf.float32) for a in args]
        eager, traced = _outcome(fn, *tensors), _outcome(tf.function(fn), *tensors)
        if not _same(eager, traced, atol):
            given = ", ".join(np.array2string(np.asarray(a, np.float32), separator=" ")
                              for a in args).replace("\n", "")
            return (outer, inner, given, _show(eager), _show(traced), "value")
    return (outer, inner, "; ".join(str(a) for a in inputs), "", "", "same")


def main() -> int:
    tf.config.set_visible_devices([], "GPU")
    rows: list[tuple[str, ...]] = []
    for outer in LOGS:
        for inner in SOFTMAXES:
            rows.append(probe(outer, inner, [([[1000.0, 0.0, -1000.0]],)],
                              lambda o, i: lambda x: o(i(x))))
    for outer in NOTS:
        for inner in ORDERINGS + EQUALITIES:
            rows.append(probe(outer, inner, [([1.0, nan, 2.0], [2.0, 1.0, nan])],
                              lambda o, i: lambda a, b: o(i(a, b))))
    saturating = [([100.0, 200.0, 50.0],), ([20.0, 30.0, 10.0],), ([-2.0, -1.0, -3.0],),
                  ([2.0, -1.0, -3.0],), ([-1.0, 4.0],), ([0.2, 0.7, 0.1],), ([nan, 1.0],),
                  ([0.4, 0.6, 0.1],),
                  # saturation and domains (session 33): relu6 ties at 6, atan and erfc at
                  # large values, elu and selu at -1, NaN outside acos/atanh/log1p's domain
                  ([7.0, 9.0, 1.0],), ([1e8, 2e8, 1e7],), ([-1e3, -2e3, -5e2],),
                  ([4.0, 0.5, -4.0],), ([-2.0, 0.5, 0.2],), ([0.5, 4.0, -0.5],)]
    for outer in REDUCTIONS:
        for inner in MONOTONIC:
            rows.append(probe(outer, inner, saturating, lambda o, i: lambda x: o(i(x))))
    for outer in POWERS:
        for exponent in EXPONENTS:
            rows.append(probe(outer, f"exponent {exponent}",
                              [([-inf, -1.0, -0.0, 0.0, 4.0, nan, inf],)],
                              lambda o, e: lambda x: o(x, e)))
    for outer in LOGS:
        rows.append(probe(outer, "operator.add_one", TINY, lambda o, i: lambda x: o(i(x)), 0.0))
    for inner in EXPS:
        rows.append(probe("operator.sub_one", inner, TINY, lambda o, i: lambda x: o(i(x)), 0.0))
    for losses, inners, inputs in ((BINARY_LOSSES, SIGMOIDS, SATURATED),
                                   (CATEGORICAL_LOSSES, SOFTMAXES, SATURATED),
                                   (SPARSE_LOSSES, SOFTMAXES, SPARSE_SATURATED)):
        for outer in losses:
            for inner in inners:
                rows.append(probe(outer, inner, inputs, _loss))
    flagged = {(row[0], row[1]): row for row in rows if row[5] == "value"}
    alias_rows = []
    targets = names_by_object()
    def others(symbol: str) -> list[str]:
        obj = _resolve(symbol)
        return [symbol] if obj is None or symbol in OPERATORS else \
            sorted(set(targets.get(id(obj), [])) | {symbol})
    seen = set(flagged)
    for (outer, inner), row in sorted(flagged.items()):
        inner_names = [inner] if inner.startswith("exponent") else others(inner)
        for o in others(outer):
            for i in inner_names:
                if (o, i) not in seen:
                    seen.add((o, i))
                    alias_rows.append((o, i, f"same objects as {outer}, {inner}", *row[3:]))
    versions = f"tensorflow {tf.__version__}, keras {keras.__version__}, " \
        f"python {sys.version.split()[0]}"
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[5]] = counts.get(row[5], 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    lines = [
        f"# Generated by tools/probe_graph_rewrites.py from {versions} (CPU).",
        "# Do not edit by hand: add a probe in the script, regenerate, review the diff.",
        f"# {len(rows)} probes: {summary}; then {len(alias_rows)} aliases of the flagged pairs.",
        "# The analysis reads the value rows (analysis/graph_rewrites.py).",
        "# outer\tinner\tinput\teager\ttraced\tdifference",
        *("\t".join(row) for row in (*rows, *alias_rows)),
    ]
    (OUT / "graph_rewrites.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(summary, f"aliases {len(alias_rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
