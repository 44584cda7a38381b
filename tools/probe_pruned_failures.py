"""Probe which TensorFlow ops still raise in a tf.function when their result is unused.

A developer tool, never imported by the analysis. A graph prunes an op whose result nothing it
returns or keeps needs, so what the op raises eagerly when it runs does not happen traced
(analysis/liveness.py; calls.py declines such an op). An op whose failing inputs are failing
shapes or dtypes is different: while the function is traced, shape inference rejects them as
the op is made, before any pruning, so the traced call raises too (a ValueError where eagerly
an InvalidArgumentError: the TRACE_TIME_ERRORS assumption). Each probe below calls one op on
inputs of incompatible static shapes, ignores its result and returns `tf.size(a)`, eagerly and
as a `tf.function`, and writes what each run did to
server/hybridize/analysis/data/pruned_failures.tsv, with one row per other name of the API
table for the same TensorFlow object. Run it from the repository root:

    .venv/bin/python tools/probe_pruned_failures.py

The analysis reads the `both raise` rows (tfapi.pruned_still_raise): an unused result of those
ops is not declined; nor of the `both return` rows, ops that do not fail on the probe's input
(`tf.zeros_like` of strings: they make a tensor of their input's shape and dtype). An op
that fails on values (an index out of range, a string that does not parse, a cast without a
kernel: `tf.cast` of strings raises eagerly and is pruned traced) is not probed here, or
measured to differ, and stays declined.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from api_table import names_by_object, resolve  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "server" / "hybridize" / "analysis" / "data"

# symbol -> a call on a = [1, 2, 3] and b = [1, 2, 3, 4] (float32) that fails on their shapes
PROBES: dict[str, Callable[[Any, Any], Any]] = {
    "tensorflow.add": lambda a, b: tf.add(a, b),
    "tensorflow.subtract": lambda a, b: tf.subtract(a, b),
    "tensorflow.multiply": lambda a, b: tf.multiply(a, b),
    "tensorflow.divide": lambda a, b: tf.divide(a, b),
    "tensorflow.math.truediv": lambda a, b: tf.math.truediv(a, b),
    "tensorflow.maximum": lambda a, b: tf.maximum(a, b),
    "tensorflow.minimum": lambda a, b: tf.minimum(a, b),
    "tensorflow.math.squared_difference": lambda a, b: tf.math.squared_difference(a, b),
    "tensorflow.equal": lambda a, b: tf.equal(a, b),
    "tensorflow.less": lambda a, b: tf.less(a, b),
    "tensorflow.greater": lambda a, b: tf.greater(a, b),
    "tensorflow.where": lambda a, b: tf.where(a > 0, a, b),
    "tensorflow.concat": lambda a, b: tf.concat([a, tf.reshape(b, [2, 2])], axis=0),
    "tensorflow.stack": lambda a, b: tf.stack([a, b]),
    "tensorflow.reshape": lambda a, b: tf.reshape(a, [2, 2]),
    "tensorflow.matmul": lambda a, b: tf.matmul(tf.reshape(a, [1, 3]), tf.reshape(b, [1, 4])),
    "tensorflow.transpose": lambda a, b: tf.transpose(a, [1, 0]),
    "tensorflow.squeeze": lambda a, b: tf.squeeze(a, axis=0),
    "tensorflow.expand_dims": lambda a, b: tf.expand_dims(a, 3),
    "tensorflow.reduce_sum": lambda a, b: tf.reduce_sum(a, axis=2),
    "tensorflow.reduce_mean": lambda a, b: tf.reduce_mean(a, axis=2),
    "tensorflow.reduce_max": lambda a, b: tf.reduce_max(a, axis=2),
    "tensorflow.reduce_min": lambda a, b: tf.reduce_min(a, axis=2),
    "tensorflow.reduce_prod": lambda a, b: tf.reduce_prod(a, axis=2),
    "tensorflow.reduce_any": lambda a, b: tf.reduce_any(a > 0, axis=2),
    "tensorflow.reduce_all": lambda a, b: tf.reduce_all(a > 0, axis=2),
    "tensorflow.reduce_logsumexp": lambda a, b: tf.reduce_logsumexp(a, axis=2),
    "tensorflow.split": lambda a, b: tf.split(a, 2),
    "tensorflow.unstack": lambda a, b: tf.unstack(a, num=2),
    "tensorflow.einsum": lambda a, b: tf.einsum("i,ij->j", a, tf.reshape(b, [2, 2])),
    "tensorflow.tensordot": lambda a, b: tf.tensordot(a, b, axes=1),
    "tensorflow.math.cumsum": lambda a, b: tf.math.cumsum(a, axis=2),
    "tensorflow.nn.softmax": lambda a, b: tf.nn.softmax(a, axis=2),
    # element-wise ops have no shape to fail on; a dtype their kernels lack (strings) is
    # rejected as the op is made
    "tensorflow.abs": lambda a, b: tf.abs(tf.strings.as_string(a)),
    "tensorflow.square": lambda a, b: tf.square(tf.strings.as_string(a)),
    "tensorflow.sqrt": lambda a, b: tf.sqrt(tf.strings.as_string(a)),
    "tensorflow.exp": lambda a, b: tf.exp(tf.strings.as_string(a)),
    "tensorflow.math.log": lambda a, b: tf.math.log(tf.strings.as_string(a)),
    "tensorflow.sigmoid": lambda a, b: tf.sigmoid(tf.strings.as_string(a)),
    "tensorflow.tanh": lambda a, b: tf.tanh(tf.strings.as_string(a)),
    "tensorflow.negative": lambda a, b: tf.negative(tf.strings.as_string(a)),
    "tensorflow.nn.relu": lambda a, b: tf.nn.relu(tf.strings.as_string(a)),
    "tensorflow.math.floor": lambda a, b: tf.math.floor(tf.strings.as_string(a)),
    "tensorflow.cast": lambda a, b: tf.cast(tf.strings.as_string(a), tf.float32),
    "tensorflow.zeros_like": lambda a, b: tf.zeros_like(tf.strings.as_string(a)),
    "tensorflow.ones_like": lambda a, b: tf.ones_like(tf.strings.as_string(a)),
    "keras.ops.add": lambda a, b: keras.ops.add(a, b),
    "keras.ops.multiply": lambda a, b: keras.ops.multiply(a, b),
    "keras.ops.concatenate": lambda a, b: keras.ops.concatenate(
        [a, keras.ops.reshape(b, (2, 2))], axis=0),
    "keras.ops.reshape": lambda a, b: keras.ops.reshape(a, (2, 2)),
    "keras.ops.matmul": lambda a, b: keras.ops.matmul(keras.ops.reshape(a, (1, 3)),
                                                      keras.ops.reshape(b, (1, 4))),
    "keras.ops.where": lambda a, b: keras.ops.where(a > 0, a, b),
}


def outcome(fn: Callable[..., Any], *args: Any) -> str:
    try:
        return f"returned {int(fn(*args))}"
    except Exception as e:  # noqa: BLE001 (any error is the outcome)
        return type(e).__name__


def probe(symbol: str, call: Callable[[Any, Any], Any]) -> tuple[str, str, str, str]:
    def unused(a: Any, b: Any) -> Any:
        call(a, b)
        return tf.size(a)
    a, b = tf.constant([1.0, 2.0, 3.0]), tf.constant([1.0, 2.0, 3.0, 4.0])
    eager, traced = outcome(unused, a, b), outcome(tf.function(unused), a, b)
    raised = not eager.startswith("returned") and not traced.startswith("returned")
    returned = eager.startswith("returned") and eager == traced
    return symbol, eager, traced, "both raise" if raised else \
        "both return" if returned else "differ"


def main() -> int:
    tf.config.set_visible_devices([], "GPU")
    rows = [probe(symbol, call) for symbol, call in PROBES.items()]
    targets = names_by_object()
    alias_rows = []
    for symbol, eager, traced, difference in rows:
        obj = resolve(symbol)
        for other in sorted(set(targets.get(id(obj), [])) - {symbol}) if obj is not None else []:
            alias_rows.append((other, eager, traced, f"{difference} (as {symbol})"))
    versions = f"tensorflow {tf.__version__}, keras {keras.__version__}"
    lines = [f"# Generated by tools/probe_pruned_failures.py from {versions} (CPU).",
             "# Do not edit by hand: add a probe in the script, regenerate, review the diff.",
             f"# {len(rows)} probes, then {len(alias_rows)} aliases. An op's result unused, "
             "on inputs of incompatible static shapes;",
             "# `both raise`: the traced call raises while tracing too; `both return`: neither "
             "fails (tfapi.pruned_still_raise).",
             "# symbol\teager\ttraced\tdifference"]
    lines += ["\t".join(row) for row in [*rows, *alias_rows]]
    (OUT / "pruned_failures.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} probes, {sum(r[3] == 'both raise' for r in rows)} both raise, "
          f"{len(alias_rows)} aliases")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
