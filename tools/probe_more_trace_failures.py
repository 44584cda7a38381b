"""Probe TensorFlow for calls that return a value eagerly and fail while traced: the cases that
tools/probe_trace_failures.py does not cover (found by the red team in proposed real code).

A developer tool, never imported by the analysis. Each probe runs eagerly and as a `tf.function`
called with the same tensors; the rows go to
server/hybridize/analysis/data/more_trace_failures.tsv with a condition:

- `any`: the difference does not depend on the call's arguments as the analysis sees them
  (tf.map_fn over an empty batch, with a function whose output shape is not static: eagerly an
  empty tensor, traced the zero-size TensorArray cannot be stacked). A success->failure row makes
  every call of the symbol HAS_TRACE_DEPENDENT_CODE (analysis/tfapi.py, trace_failures), as the
  rows of data/trace_failures.tsv do;
- `dtype=NAME`: the call with that `dtype` and bounds that are Python numbers (tf.range(0, 4, 2,
  dtype=tf.float16): eagerly float16 values, traced the Range op's shape inference rejects half).
  A call is flagged when its `dtype` argument may be a dtype whose row is success->failure
  (analysis/tfapi.py, dtype_trace_failure): one the call does not show (`x.dtype`, a variable)
  included, unless a bound is a tensor (the `tensor-bound` rows: both ways work);
- `mixed-int-shape`: a shape written as a list of tensors of different integer dtypes (an int32
  `tf.shape(x)[0]` next to an int64 `tf.reduce_max(lengths)`). tf.ones and tf.zeros (and Keras'
  ops.ones/zeros) read the list into a TensorShape eagerly, where each EagerTensor is an int,
  and pack it into one tensor while traced, where Pack refuses mixed dtypes; the other ops pack
  it both ways (an error both ways). A success->failure row makes a call whose shape list may
  mix dtypes HAS_TRACE_DEPENDENT_CODE (analysis/mixed_shapes.py, found in opennmt-tf's
  `_lower_triangle_mask`);
- `folded-constants`: a `+`/`-` chain with two constants around a tensor term, at an input where
  the terms cancel (tf2rl's `1.0 - actions ** 2 + self.EPS` at a saturated action): Grappler's
  constant folding sums the constants first, so the graph returns another value ("other");
  with the constants summed by Python first, "same". The rows document the measure behind
  analysis/folded_constants.py, which reads the syntax, not these rows;
- `shape-tensor`: a shape argument that TensorShape reads (RaggedTensor.to_tensor's `shape`,
  `set_shape`, tf.ensure_shape, tf.TensorShape) with a tensor among its sizes. A call given a
  known tensor there is HAS_TENSOR_TO_PYTHON_CONVERSION (analysis/tfapi.py,
  static_shape_failure).

Run it from the repository root, then review the diff:

    .venv/bin/python tools/probe_more_trace_failures.py
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "server" / "hybridize" / "analysis" / "data" / \
    "more_trace_failures.tsv"

# (symbol as the analysis looks it up, condition, input in words, the op, its tensor arguments)
Probe = tuple[str, str, str, Callable[..., Any], tuple[Any, ...]]

DTYPES = ("float16", "bfloat16", "float32", "float64", "int32", "int64")


def _range_probes() -> list[Probe]:
    out: list[Probe] = []
    for name in DTYPES:
        dtype = tf.as_dtype(name)
        out.append(("tensorflow.range", f"dtype={name}", "range(0, 4, 2), Python bounds",
                    lambda dtype=dtype: tf.range(0, 4, 2, dtype=dtype), ()))
        out.append(("tensorflow.keras.ops.arange", f"dtype={name}",
                    "arange(0, 4, 2), Python bounds",
                    lambda name=name: keras.ops.arange(0, 4, 2, dtype=name), ()))
    # A tensor bound: no failure (analysis/tfapi.py, dtype_trace_failure, lets such a call be).
    out.append(("tensorflow.range", "dtype=float16 tensor-bound", "range(0, n, 2), n a tensor",
                lambda n: tf.range(0, n, 2, dtype=tf.float16), (tf.constant(4),)))
    out.append(("tensorflow.keras.ops.arange", "dtype=float16 tensor-bound",
                "arange(n), n a tensor", lambda n: keras.ops.arange(n, dtype="float16"),
                (tf.constant(4),)))
    return out


def _decode(strings: tf.Tensor) -> tf.Tensor:
    return tf.map_fn(lambda s: tf.image.decode_jpeg(s, channels=3), strings,
                     fn_output_signature=tf.uint8)


def _map_probes() -> list[Probe]:
    jpeg = tf.io.encode_jpeg(tf.ones([2, 2, 3], tf.uint8))
    return [
        ("tensorflow.map_fn", "any", "an empty batch, decode_jpeg (output shape not static)",
         _decode, (tf.constant([], tf.string),)),
        ("tensorflow.map_fn", "any", "a batch of 2, decode_jpeg", _decode,
         (tf.stack([jpeg, jpeg]),)),
        ("tensorflow.map_fn", "any", "an empty batch, reduce_sum (static scalar output)",
         lambda x: tf.map_fn(tf.reduce_sum, x), (tf.zeros([0, 3]),)),
    ]


def _static_shape_probes() -> list[Probe]:
    """A shape argument TensorShape reads, with a tensor among its sizes: eagerly the
    EagerTensor converts to an int (`__index__`), traced TensorShape rejects the symbolic one
    (keras-hub SAM3 preprocessor: `boxes.to_tensor(shape=[None, tf.reduce_max(...), 4])`)."""
    ragged = tf.ragged.constant([[1.0], [2.0, 3.0]])
    n = tf.constant(2, tf.int64)

    def set_shape(x: tf.Tensor, n: tf.Tensor) -> tf.Tensor:
        x = tf.identity(x)
        x.set_shape([2, n])
        return x

    return [
        ("tensor.to_tensor", "shape-tensor", "ragged.to_tensor(shape=[None, n]), n a tensor",
         lambda r, n: r.to_tensor(shape=[None, n]), (ragged, n)),
        ("tensor.set_shape", "shape-tensor", "x.set_shape([2, n]), n a tensor", set_shape,
         (tf.ones([2, 2]), n)),
        ("tensorflow.ensure_shape", "shape-tensor", "ensure_shape(x, [2, n]), n a tensor",
         lambda x, n: tf.ensure_shape(x, [2, n]), (tf.ones([2, 2]), n)),
        ("tensorflow.TensorShape", "shape-tensor", "zeros(TensorShape([2, n])), n a tensor",
         lambda n: tf.zeros(tf.TensorShape([2, n])), (n,)),
    ]


def _mixed_shape_probes() -> list[Probe]:
    """Shapes as lists of an int32 and an int64 tensor (and controls of one dtype): opennmt-tf
    `_lower_triangle_mask`, `tf.ones([batch_size, maximum_length, maximum_length])` with
    `batch_size = tf.shape(lengths)[0]` (int32) and `tf.reduce_max(lengths)` of int64 lengths."""
    import tensorflow.experimental.numpy as tnp
    n32, n64 = tf.constant(2), tf.constant(3, tf.int64)
    ops: list[tuple[str, Callable[[Any, Any], Any]]] = [
        ("tensorflow.ones", lambda a, b: tf.ones([a, b])),
        ("tensorflow.zeros", lambda a, b: tf.zeros([a, b])),
        ("tensorflow.keras.ops.ones", lambda a, b: keras.ops.ones([a, b])),
        ("tensorflow.keras.ops.zeros", lambda a, b: keras.ops.zeros([a, b])),
        ("tensorflow.keras.ops.full", lambda a, b: keras.ops.full([a, b], 1.0)),
        ("tensorflow.experimental.numpy.ones", lambda a, b: tnp.ones([a, b])),
        ("tensorflow.experimental.numpy.zeros", lambda a, b: tnp.zeros([a, b])),
        ("tensorflow.fill", lambda a, b: tf.fill([a, b], 1.0)),
        ("tensorflow.reshape", lambda a, b: tf.reshape(tf.ones([6]), [a, b])),
        ("tensorflow.broadcast_to", lambda a, b: tf.broadcast_to(1.0, [a, b])),
        ("tensorflow.random.uniform", lambda a, b: tf.random.uniform([a, b])),
    ]
    out: list[Probe] = []
    for symbol, op in ops:
        out.append((symbol, "mixed-int-shape", "shape [n, m], n an int32 and m an int64 tensor",
                    op, (n32, n64)))
    for symbol, op in ops[:2]:
        out.append((symbol, "mixed-int-shape", "shape [n, m], both int64 tensors (control)",
                    op, (tf.constant(2, tf.int64), n64)))
        out.append((symbol, "mixed-int-shape", "shape [n, m], both int32 tensors (control)",
                    op, (n32, tf.constant(3))))
    return out


def _folded_constant_probes() -> list[Probe]:
    """Sums whose terms cancel, eagerly in the order written, traced after Grappler's constant
    folding has summed the two constants (tf2rl GaussianActor._squash_correction)."""
    ones = tf.constant([1.0, 1.0])
    symbol = "python.add"  # the `+` and `-` operators on a tensor (not an API symbol)
    return [
        (symbol, "folded-constants", "1.0 - x + 1e-6 at x = 1.0 (C1 - X + C2)",
         lambda x: 1.0 - x + 1e-6, (ones,)),
        (symbol, "folded-constants", "x - 1.0 - 1e-6 at x = 1.0 (X - C1 - C2)",
         lambda x: x - 1.0 - 1e-6, (ones,)),
        (symbol, "folded-constants", "1e-6 + (x - 1.0) at x = 1.0 (C1 + (X - C2))",
         lambda x: 1e-6 + (x - 1.0), (ones,)),
        (symbol, "folded-constants", "(1.0 + 1e-6) - x at x = 1.0 (Python sums the constants)",
         lambda x: (1.0 + 1e-6) - x, (ones,)),
    ]


PROBES: list[Probe] = [*_range_probes(), *_map_probes(), *_static_shape_probes(),
                       *_mixed_shape_probes(), *_folded_constant_probes()]


def _outcome(call: Callable[[], Any]) -> tuple[str, Any, BaseException | None]:
    try:
        value = call()
    except Exception as error:  # the class is the observation
        return type(error).__name__, None, error
    value = tf.nest.flatten(value)[0]
    return f"returned {value.dtype.name}{list(value.shape)}", np.asarray(value), None


def _difference(eager: tuple[str, Any, Any], traced: tuple[str, Any, Any]) -> str:
    (e_text, e_value, e_error), (t_text, t_value, t_error) = eager, traced
    if e_error is None and t_error is None:
        same = e_text == t_text and np.array_equal(e_value, t_value)
        return "same" if same else "other"
    if e_error is None:
        return "success->failure"
    if t_error is None:
        return "failure->success"
    return "same" if type(e_error) is type(t_error) else "failure->other failure"


def run(probe: Probe) -> tuple[str, ...]:
    symbol, condition, words, fn, args = probe
    eager = _outcome(lambda: fn(*args))
    traced_fn = tf.function(lambda *a: fn(*a))
    traced = _outcome(lambda: traced_fn(*args))
    return symbol, condition, words, eager[0], traced[0], _difference(eager, traced)


def main() -> int:
    tf.config.set_visible_devices([], "GPU")
    rows = [run(probe) for probe in PROBES]
    versions = f"tensorflow {tf.__version__}, keras {keras.__version__}, " \
        f"python {sys.version.split()[0]}"
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[5]] = counts.get(row[5], 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    lines = [
        f"# Generated by tools/probe_more_trace_failures.py from {versions} (CPU).",
        "# Do not edit by hand: add a probe in the script, regenerate, review the diff.",
        f"# {len(rows)} probes: {summary}.",
        "# The analysis reads the success->failure rows (analysis/tfapi.py: `any` in "
        "trace_failures, `dtype=` in dtype_trace_failure, `shape-tensor` in "
        "static_shape_failure, `mixed-int-shape` in mixed_shape_failures).",
        "# symbol\tcondition\tinput\teager\ttraced\tdifference",
        *("\t".join(row) for row in rows),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
