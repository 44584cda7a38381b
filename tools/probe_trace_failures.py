"""Probe TensorFlow for ops that fail otherwise eagerly than while tracing, on degenerate inputs.

A developer tool, never imported by the analysis: it runs each probe below twice, eagerly and as
a `tf.function` called with the same tensors (traced with their concrete shapes, as a converted
function is on its first call), and writes what happened to
server/hybridize/analysis/data/trace_failures.tsv, one row per probe (and one per alias of a
symbol whose probe found a success turned into a failure). Run it from the repository root:

    .venv/bin/python tools/probe_trace_failures.py

then review the diff. Each row says how the two runs differed:

- `same`: both returned equal values, or both raised the same error class;
- `success->failure`: eagerly a value (an empty tensor, mostly), traced an error while tracing.
  The analysis reads these rows: a call of such an op is trace-dependent code
  (HAS_TRACE_DEPENDENT_CODE), never converted;
- `failure->other failure`: both raised, eagerly a `tf.errors.OpError` at run time, traced a
  ValueError/TypeError from static shape (or dtype) inference while tracing. This is what nearly
  every op does on inputs that make it fail: the analysis does not decline it, every conversion
  states it (the TRACE_TIME_ERRORS assumption);
- `failure->success` or `other`: anything else (none seen with TF 2.21).
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
from api_table import resolve  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "server" / "hybridize" / "analysis" / "data"
SYMBOLS = OUT / "api_symbols.tsv"


def z(*shape: int, dtype: Any = tf.float32) -> tf.Tensor:
    return tf.ones(shape, dtype)


# (symbol as the analysis looks it up, input in words, the op, its tensor arguments).
# Python arguments (window sizes, padding) are part of the op: they are constants at trace time.
Probe = tuple[str, str, Callable[..., Any], tuple[Any, ...]]

_NN = "tensorflow.nn."
_K = "tensorflow.keras.ops."


def _pool_probes() -> list[Probe]:
    out: list[Probe] = []
    for rank, name in ((1, "1d"), (2, "2d"), (3, "3d")):
        small = (1, *([1] * rank), 1)
        empty = (1, 0, *([4] * (rank - 1)), 1)
        for op in ("avg_pool", "max_pool"):
            fn = getattr(tf.nn, f"{op}{name}")
            out.append((f"{_NN}{op}{name}", f"input {small}, window 2, VALID",
                        lambda x, fn=fn: fn(x, 2, 2, "VALID"), (z(*small),)))
            out.append((f"{_NN}{op}{name}", f"input {small}, window 2, SAME",
                        lambda x, fn=fn: fn(x, 2, 2, "SAME"), (z(*small),)))
            out.append((f"{_NN}{op}{name}", f"input {empty} (a size-0 dimension), window 1, VALID",
                        lambda x, fn=fn: fn(x, 1, 1, "VALID"), (z(*empty),)))
            if rank == 2:
                out.append((f"{_NN}{op}{name}", f"input {empty} (a size-0 dimension), window 2, "
                            "SAME", lambda x, fn=fn: fn(x, 2, 2, "SAME"), (z(*empty),)))
    for op in ("avg_pool", "max_pool"):
        fn = getattr(tf.nn, op)
        out.append((f"{_NN}{op}", "input (1, 1, 1, 1), window 2, VALID",
                    lambda x, fn=fn: fn(x, 2, 2, "VALID"), (z(1, 1, 1, 1),)))
        out.append((f"{_NN}{op}", "input (1, 0, 4, 1) (a size-0 dimension), window 1, VALID",
                    lambda x, fn=fn: fn(x, 1, 1, "VALID"), (z(1, 0, 4, 1),)))
    out.append((f"{_NN}pool", "input (1, 1, 1, 1), AVG window (2, 2), VALID",
                lambda x: tf.nn.pool(x, (2, 2), "AVG", padding="VALID"), (z(1, 1, 1, 1),)))
    out.append((f"{_NN}max_pool_with_argmax", "input (1, 1, 1, 1), window 2, VALID",
                lambda x: tf.nn.max_pool_with_argmax(x, 2, 2, "VALID")[0], (z(1, 1, 1, 1),)))
    out.append((f"{_NN}dilation2d", "input (1, 1, 1, 1), filter (2, 2, 1), VALID",
                lambda x, f: tf.nn.dilation2d(x, f, (1, 1, 1, 1), "VALID", "NHWC", (1, 1, 1, 1)),
                (z(1, 1, 1, 1), z(2, 2, 1))))
    out.append((f"{_NN}erosion2d", "input (1, 1, 1, 1), filter (2, 2, 1), VALID",
                lambda x, f: tf.nn.erosion2d(x, f, (1, 1, 1, 1), "VALID", "NHWC", (1, 1, 1, 1)),
                (z(1, 1, 1, 1), z(2, 2, 1))))
    return out


def _conv_probes() -> list[Probe]:
    out: list[Probe] = []
    for rank, op in ((1, "conv1d"), (2, "conv2d"), (3, "conv3d")):
        fn = getattr(tf.nn, op)
        small, kernel = (1, *([1] * rank), 1), (*([2] * rank), 1, 1)
        out.append((f"{_NN}{op}", f"input {small}, filter {kernel}, VALID",
                    lambda x, f, fn=fn, rank=rank: fn(x, f, [1] * (rank + 2) if rank == 3
                                                      else 1, "VALID"),
                    (z(*small), z(*kernel))))
        out.append((f"{_NN}{op}", f"input {small}, filter {kernel}, SAME",
                    lambda x, f, fn=fn, rank=rank: fn(x, f, [1] * (rank + 2) if rank == 3
                                                      else 1, "SAME"),
                    (z(*small), z(*kernel))))
        if rank == 2:
            out.append((f"{_NN}{op}", "input (1, 0, 4, 1) (a size-0 dimension), filter "
                        "(2, 2, 1, 1), SAME",
                        lambda x, f, fn=fn: fn(x, f, 1, "SAME"), (z(1, 0, 4, 1), z(2, 2, 1, 1))))
        out.append((f"{_NN}{op}", f"input {small}, filter {(*([1] * rank), 2, 1)} "
                    "(channels do not match)",
                    lambda x, f, fn=fn, rank=rank: fn(x, f, [1] * (rank + 2) if rank == 3
                                                      else 1, "VALID"),
                    (z(*small), z(*([1] * rank), 2, 1))))
    out.append((f"{_NN}convolution", "input (1, 1, 1, 1), filter (2, 2, 1, 1), VALID",
                lambda x, f: tf.nn.convolution(x, f, padding="VALID"),
                (z(1, 1, 1, 1), z(2, 2, 1, 1))))
    out.append((f"{_NN}depthwise_conv2d", "input (1, 1, 1, 1), filter (2, 2, 1, 1), VALID",
                lambda x, f: tf.nn.depthwise_conv2d(x, f, (1, 1, 1, 1), "VALID"),
                (z(1, 1, 1, 1), z(2, 2, 1, 1))))
    out.append((f"{_NN}separable_conv2d", "input (1, 1, 1, 1), filters (2, 2, 1, 1) and "
                "(1, 1, 1, 1), VALID",
                lambda x, d, p: tf.nn.separable_conv2d(x, d, p, (1, 1, 1, 1), "VALID"),
                (z(1, 1, 1, 1), z(2, 2, 1, 1), z(1, 1, 1, 1))))
    out.append((f"{_NN}atrous_conv2d", "input (1, 1, 1, 1), filter (2, 2, 1, 1), rate 2, VALID",
                lambda x, f: tf.nn.atrous_conv2d(x, f, 2, "VALID"),
                (z(1, 1, 1, 1), z(2, 2, 1, 1))))
    return out


def _other_window_probes() -> list[Probe]:
    return [
        ("tensorflow.image.extract_patches", "image (1, 1, 1, 1), patches 2x2, VALID",
         lambda x: tf.image.extract_patches(x, (1, 2, 2, 1), (1, 1, 1, 1), (1, 1, 1, 1),
                                            "VALID"), (z(1, 1, 1, 1),)),
        ("tensorflow.signal.frame", "signal (3,), frame_length 4, frame_step 1",
         lambda x: tf.signal.frame(x, 4, 1), (z(3),)),
        ("tensorflow.signal.stft", "signal (3,), frame_length 4, frame_step 1",
         lambda x: tf.signal.stft(x, 4, 1), (z(3),)),
        (f"{_K}average_pool", "input (1, 1, 1, 1), pool 2, valid",
         lambda x: keras.ops.average_pool(x, 2, 2, "valid"), (z(1, 1, 1, 1),)),
        (f"{_K}max_pool", "input (1, 1, 1, 1), pool 2, valid",
         lambda x: keras.ops.max_pool(x, 2, 2, "valid"), (z(1, 1, 1, 1),)),
        (f"{_K}max_pool", "input (1, 0, 4, 1) (a size-0 dimension), pool 1, valid",
         lambda x: keras.ops.max_pool(x, 1, 1, "valid"), (z(1, 0, 4, 1),)),
        (f"{_K}conv", "input (1, 1, 1, 1), kernel (2, 2, 1, 1), valid",
         lambda x, f: keras.ops.conv(x, f, 1, "valid"), (z(1, 1, 1, 1), z(2, 2, 1, 1))),
        (f"{_K}depthwise_conv", "input (1, 1, 1, 1), kernel (2, 2, 1, 1), valid",
         lambda x, f: keras.ops.depthwise_conv(x, f, 1, "valid"),
         (z(1, 1, 1, 1), z(2, 2, 1, 1))),
        (f"{_K}separable_conv", "input (1, 1, 1, 1), kernels (2, 2, 1, 1) and (1, 1, 1, 1), "
         "valid", lambda x, d, p: keras.ops.separable_conv(x, d, p, 1, "valid"),
         (z(1, 1, 1, 1), z(2, 2, 1, 1), z(1, 1, 1, 1))),
        *_legacy_backend_probes(),
    ]


def _legacy_backend_probes() -> list[Probe]:
    """tf.keras.backend's functions (Keras 3's legacy backend, channels last)."""
    b, kb = tf.keras.backend, "tensorflow.keras.backend."
    one = z(1, 1, 1, 1)
    return [
        (f"{kb}conv1d", "input (1, 1, 1), kernel (2, 1, 1), valid",
         lambda x, f: b.conv1d(x, f, data_format="channels_last"), (z(1, 1, 1), z(2, 1, 1))),
        (f"{kb}conv2d", "input (1, 1, 1, 1), kernel (2, 2, 1, 1), valid",
         lambda x, f: b.conv2d(x, f, data_format="channels_last"), (one, z(2, 2, 1, 1))),
        (f"{kb}conv3d", "input (1, 1, 1, 1, 1), kernel (2, 2, 2, 1, 1), valid",
         lambda x, f: b.conv3d(x, f, data_format="channels_last"),
         (z(1, 1, 1, 1, 1), z(2, 2, 2, 1, 1))),
        (f"{kb}depthwise_conv2d", "input (1, 1, 1, 1), kernel (2, 2, 1, 1), valid",
         lambda x, f: b.depthwise_conv2d(x, f, data_format="channels_last"),
         (one, z(2, 2, 1, 1))),
        (f"{kb}separable_conv2d", "input (1, 1, 1, 1), kernels (2, 2, 1, 1) and (1, 1, 1, 1), "
         "valid", lambda x, d, p: b.separable_conv2d(x, d, p, data_format="channels_last"),
         (one, z(2, 2, 1, 1), z(1, 1, 1, 1))),
        (f"{kb}pool2d", "input (1, 1, 1, 1), pool (2, 2), avg, valid",
         lambda x: b.pool2d(x, (2, 2), (2, 2), data_format="channels_last", pool_mode="avg"),
         (one,)),
        (f"{kb}pool2d", "input (1, 0, 4, 1) (a size-0 dimension), pool (1, 1), max, valid",
         lambda x: b.pool2d(x, (1, 1), data_format="channels_last"), (z(1, 0, 4, 1),)),
        (f"{kb}pool3d", "input (1, 1, 1, 1, 1), pool (2, 2, 2), avg, valid",
         lambda x: b.pool3d(x, (2, 2, 2), (2, 2, 2), data_format="channels_last",
                            pool_mode="avg"), (z(1, 1, 1, 1, 1),)),
    ]


def _everyday_probes() -> list[Probe]:
    """Inputs that make everyday ops fail: how general the failure->other failure change is."""
    i32 = tf.int32
    return [
        ("tensorflow.math.add", "shapes (3,) and (4,)", tf.math.add, (z(3), z(4))),
        ("tensorflow.math.add", "float32 and int32", tf.math.add, (z(3), z(3, dtype=i32))),
        ("tensorflow.math.multiply", "shapes (2, 3) and (3, 2)", tf.math.multiply,
         (z(2, 3), z(3, 2))),
        ("tensorflow.linalg.matmul", "shapes (2, 3) and (2, 3)", tf.linalg.matmul,
         (z(2, 3), z(2, 3))),
        ("tensorflow.concat", "shapes (2, 3) and (2, 4) on axis 0",
         lambda a, b: tf.concat([a, b], 0), (z(2, 3), z(2, 4))),
        ("tensorflow.stack", "shapes (3,) and (4,)", lambda a, b: tf.stack([a, b]),
         (z(3), z(4))),
        ("tensorflow.reshape", "(3,) to (2, 2)", lambda a: tf.reshape(a, (2, 2)), (z(3),)),
        ("tensorflow.split", "(1, 3) into 4 on the last axis", lambda a: tf.split(a, 4, -1),
         (z(1, 3),)),
        ("tensorflow.transpose", "(2, 3) with perm (0, 1, 2)",
         lambda a: tf.transpose(a, (0, 1, 2)), (z(2, 3),)),
        ("tensorflow.nn.softmax", "a scalar", tf.nn.softmax, (z(),)),
        ("tensorflow.math.reduce_sum", "(2, 3) on axis 2", lambda a: tf.reduce_sum(a, 2),
         (z(2, 3),)),
        ("tensorflow.squeeze", "(2, 3) on axis 0", lambda a: tf.squeeze(a, 0), (z(2, 3),)),
        ("tensorflow.expand_dims", "(2, 3) on axis 5", lambda a: tf.expand_dims(a, 5),
         (z(2, 3),)),
        ("tensorflow.tile", "(2, 3) by (2,)", lambda a: tf.tile(a, (2,)), (z(2, 3),)),
        ("tensorflow.broadcast_to", "(3,) to (2, 4)", lambda a: tf.broadcast_to(a, (2, 4)),
         (z(3),)),
        ("tensorflow.where", "condition (3,), values (4,)",
         lambda c, a: tf.where(c, a, a), (tf.ones(3, tf.bool), z(4))),
        ("tensorflow.einsum", "ij,jk with (2, 3) and (2, 3)",
         lambda a, b: tf.einsum("ij,jk->ik", a, b), (z(2, 3), z(2, 3))),
        ("tensorflow.math.exp", "int32", tf.math.exp, (z(3, dtype=i32),)),
        ("tensorflow.gather", "index 5 of (3,)", lambda a: tf.gather(a, 5), (z(3),)),
        ("tensorflow.slice", "(3,) from 2, size 3", lambda a: tf.slice(a, (2,), (3,)),
         (z(3),)),
        ("tensorflow.strided_slice", "x[5] of (3,)", lambda a: a[5], (z(3),)),
        ("tensorflow.one_hot", "float32 indices", lambda a: tf.one_hot(a, 3), (z(3),)),
        ("tensorflow.math.argmax", "(0,)", tf.math.argmax, (z(0),)),
        ("tensorflow.linalg.inv", "a singular (2, 2) matrix", tf.linalg.inv,
         (tf.zeros((2, 2)),)),
        ("tensorflow.math.reduce_max", "(0,)", tf.math.reduce_max, (z(0),)),
        ("tensorflow.image.resize", "(1, 2, 2, 1) to (0, 0)",
         lambda a: tf.image.resize(a, (0, 0)), (z(1, 2, 2, 1),)),
        ("tensorflow.nn.softmax_cross_entropy_with_logits", "labels (2, 3), logits (2, 4)",
         lambda a, b: tf.nn.softmax_cross_entropy_with_logits(a, b), (z(2, 3), z(2, 4))),
    ]


class Fresh:
    """A probe whose op holds state (a Keras layer builds its weights on its first call): each
    run, eager and traced, gets its own object from `make`."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def _layer_probes() -> list[Probe]:
    """Keras layers called on such inputs. Rows under `<layer class>.__call__`: the analysis
    does not know a layer's class where it is called, so it reads none of them (a known gap)."""
    layers, kl = keras.layers, "tensorflow.keras.layers."
    one, empty = z(1, 1, 1, 1), z(1, 0, 4, 1)
    out: list[Probe] = []
    for name in ("AveragePooling2D", "MaxPooling2D"):
        cls = getattr(layers, name)
        out.append((f"{kl}{name}.__call__", "input (1, 1, 1, 1), pool 2, valid",
                    Fresh(lambda cls=cls: cls(2)), (one,)))
        out.append((f"{kl}{name}.__call__", "input (1, 0, 4, 1) (a size-0 dimension), pool 1, "
                    "valid", Fresh(lambda cls=cls: cls(1)), (empty,)))
    for name in ("AveragePooling1D", "MaxPooling1D"):
        cls = getattr(layers, name)
        out.append((f"{kl}{name}.__call__", "input (1, 1, 1), pool 2, valid",
                    Fresh(lambda cls=cls: cls(2)), (z(1, 1, 1),)))
    out.append((f"{kl}Conv2D.__call__", "input (1, 1, 1, 1), kernel 2, valid",
                Fresh(lambda: layers.Conv2D(1, 2)), (one,)))
    out.append((f"{kl}Conv2D.__call__", "input (1, 0, 4, 1) (a size-0 dimension), kernel 1, "
                "valid", Fresh(lambda: layers.Conv2D(1, 1)), (empty,)))
    out.append((f"{kl}Conv1D.__call__", "input (1, 1, 1), kernel 2, valid",
                Fresh(lambda: layers.Conv1D(1, 2)), (z(1, 1, 1),)))
    out.append((f"{kl}DepthwiseConv2D.__call__", "input (1, 1, 1, 1), kernel 2, valid",
                Fresh(lambda: layers.DepthwiseConv2D(2)), (one,)))
    out.append((f"{kl}GlobalAveragePooling2D.__call__", "input (1, 0, 4, 1) (a size-0 "
                "dimension)", Fresh(layers.GlobalAveragePooling2D), (empty,)))
    return out


PROBES: list[Probe] = [*_pool_probes(), *_conv_probes(), *_other_window_probes(),
                       *_everyday_probes(), *_layer_probes()]


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
        same = e_text == t_text and np.allclose(e_value, t_value, equal_nan=True)
        return "same" if same else "other"
    if e_error is None:
        return "success->failure"
    if t_error is None:
        return "failure->success"
    if type(e_error) is type(t_error):
        return "same"
    if isinstance(e_error, tf.errors.OpError) and isinstance(t_error, (ValueError, TypeError)) \
            and not isinstance(t_error, tf.errors.OpError):
        return "failure->other failure"
    return "other"


def run(probe: Probe) -> tuple[str, str, str, str, str]:
    symbol, words, fn, args = probe
    eager_fn, graph_fn = (fn.make(), fn.make()) if isinstance(fn, Fresh) else (fn, fn)
    eager = _outcome(lambda: eager_fn(*args))
    traced_fn = tf.function(lambda *a: graph_fn(*a))
    traced = _outcome(lambda: traced_fn(*args))
    return symbol, words, eager[0], traced[0], _difference(eager, traced)


def _resolve(name: str) -> Any:
    """The object a table name stands for: through tf's attributes (tf.keras, tf.nn), else
    through the module it is defined in (tensorflow.python.ops.nn_ops...)."""
    parts = name.split(".")
    obj: Any = tf
    for part in parts[1:]:
        obj = getattr(obj, part, None)
        if obj is None:
            break
    else:
        return obj
    return resolve(name)


def aliases(symbol: str) -> list[str]:
    """Every other name of the API table (as the analysis looks it up) for the same object."""
    target = _resolve(symbol)
    if target is None:
        return []
    out = []
    for line in SYMBOLS.read_text(encoding="utf-8").splitlines():
        name = line.split("\t", 1)[0]
        if line.startswith("#") or name == symbol or not name.startswith("tensorflow.") \
                or "\ttensor_op\t" not in line:
            continue
        if _resolve(name) is target:
            out.append(name)
    return sorted(out)


def main() -> int:
    tf.config.set_visible_devices([], "GPU")
    rows = [run(probe) for probe in PROBES]
    flagged = sorted({row[0] for row in rows if row[4] == "success->failure"
                      and not row[0].endswith(".__call__")})
    alias_rows = []
    for symbol in flagged:
        first = next(row for row in rows if row[0] == symbol and row[4] == "success->failure")
        for alias in aliases(symbol):
            alias_rows.append((alias, f"same object as {symbol}: {first[1]}", *first[2:]))
    versions = f"tensorflow {tf.__version__}, keras {keras.__version__}, " \
        f"python {sys.version.split()[0]}"
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[4]] = counts.get(row[4], 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    lines = [
        f"# Generated by tools/probe_trace_failures.py from {versions} (CPU).",
        "# Do not edit by hand: add a probe in the script, regenerate, review the diff.",
        f"# {len(rows)} probes: {summary}; then {len(alias_rows)} aliases of the flagged ops.",
        "# The analysis reads the success->failure rows (analysis/tfapi.py, trace_failures), "
        "except the Keras layers' (`.__call__`: not read, a known gap).",
        "# symbol\tinput\teager\ttraced\tdifference",
        *("\t".join(row) for row in (*rows, *alias_rows)),
    ]
    (OUT / "trace_failures.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(summary, f"aliases {len(alias_rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
