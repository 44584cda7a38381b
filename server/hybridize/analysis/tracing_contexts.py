"""Code that TensorFlow or Keras already runs as a graph, whoever calls it.

A decorator on such a function adds nothing, so it is explained (HAS_COVERED_CALLERS), not
converted; the functions only it calls are covered the same way (facts.covered_functions).
Measured with TF 2.21 / Keras 3.15:

- Keras traces a `Model` subclass's `train_step`, `test_step` and `predict_step` when `fit`,
  `evaluate` and `predict` run (`tf.executing_eagerly()` was False inside each, and inside a
  helper `train_step` called; each was traced once for 8, 4 and 4 steps); with
  `compile(run_eagerly=True)` they ran eagerly on every step.
- `tf.vectorized_map(f, x)` traces `f` on every call, also from eager code (three eager calls ran
  `f`'s Python body 3 times, `tf.executing_eagerly()` False inside).
- Not tracing contexts, eagerly: `tf.map_fn` ran `f` eagerly for each element (12 times for 3
  calls over 4 rows), and `strategy.run(fn)` runs `fn` eagerly per replica; both are bound to
  their caller as calls (calls.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybridize.analysis.summary_model import FunctionSummary

if TYPE_CHECKING:  # calls.py imports this module, and program.py imports calls.py
    from hybridize.analysis.program import Program

# Keras Model methods that Keras itself traces, with the method that runs them.
KERAS_STEPS = {"train_step": "fit", "test_step": "evaluate", "predict_step": "predict"}
# Library calls that trace the function they receive, even when called eagerly.
TRACING_CALLS = frozenset({"tensorflow.vectorized_map"})


def keras_step(program: Program, fn: FunctionSummary) -> str | None:
    """Why Keras runs this method as a graph, or None when it is not a Keras step override."""
    runner = KERAS_STEPS.get(fn.name)
    if runner is None or fn.kind != "method" or fn.class_key is None or \
            not program.is_keras_model(fn.class_key):
        return None
    return f"Keras traces `{fn.name}` into a graph when `{runner}` runs"
