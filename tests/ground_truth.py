"""Ground truth, measured: for each function of tests/corpus/semantics and tests/corpus/everyday,
whether running it as a `tf.function` behaves like running it eagerly.

TRUTH: (file, qualname) -> Truth(label, reason, case). The label is SAME or DIFFERS; the reason says
what differed, in words; the case (tests/equivalence.py's `Case`) says how it is run: at least three
argument sets (including inputs that make ops fail), code that changes state between calls, and,
for a function that already is a tf.function (`decorated=True`), the eager run removes the
decorator instead of adding one. The labels were written from `python tests/ground_truth.py`
(which runs every case and prints what it measured) and tests/test_ground_truth.py checks that
running TensorFlow now gives the same labels.

What counts as a difference: return values (arrays within the harness's tolerance, Python values
by type and value), printed output, raised or not and the exception class, the arguments after
each call, and the state of every corpus module and instance after the calls. Retracing is not a
difference in behaviour (it costs time, not correctness): `measure` reports it apart.

This module runs user code on purpose: it is the measuring stick, not the analysis.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np
import tensorflow as tf
from equivalence import Args, Case, Loader, differences

SAME = "SAME"
DIFFERS = "DIFFERS"
RETRACE = "the tf.function traced again"  # the harness's words for a retracing hazard


@dataclass(frozen=True)
class Truth:
    label: str  # SAME | DIFFERS
    reason: str  # what differed (or why nothing does), in words
    case: Case  # how it is run
    # A difference the issue keeps as a stated assumption (STATEFUL_RANDOM: a graph draws other
    # numbers from tf.random's global generator): a proposal is sound only if it states it.
    stated: str = ""


TRUTH: dict[tuple[str, str], Truth] = {}


def _add(label: str, file: str, qualname: str, reason: str, args: Any, stated: str = "",
         **kw: Any) -> None:
    key = (file, qualname)
    assert key not in TRUTH, key
    TRUTH[key] = Truth(label, reason, Case(args=args, **kw), stated)


def same(file: str, qualname: str, reason: str, args: Any, **kw: Any) -> None:
    _add(SAME, file, qualname, reason, args, **kw)


def differs(file: str, qualname: str, reason: str, args: Any, **kw: Any) -> None:
    _add(DIFFERS, file, qualname, reason, args, **kw)


def measure(key: tuple[str, str]) -> tuple[list[str], list[str]]:
    """Runs the case eagerly and as a tf.function: (differences in behaviour, retraces)."""
    found = differences(*key, TRUTH[key].case)
    behaviour = [d for d in found if RETRACE not in d]
    return behaviour, [d for d in found if RETRACE in d]


def measured_label(behaviour: list[str]) -> str:
    return DIFFERS if behaviour else SAME


def c(*values: Any) -> tf.Tensor:
    return tf.constant(*values)


def rng(shape: tuple[int, ...], seed: int) -> tf.Tensor:
    """Deterministic test data, independent of the global random state."""
    return tf.random.stateless_normal(shape, seed=(seed, 11))


def sets(*arg_sets: Args) -> Any:
    return lambda load: list(arg_sets)


def one(*values: Any) -> Any:
    """Single-argument calls, one per value."""
    return lambda load: [(v,) for v in values]


NAN, INF = float("nan"), float("inf")
SPD = [[2.0, 0.5], [0.5, 1.0]]

# --- semantics/errors.py: errors raised while ops run (class 1) ---------------------------------

F = "semantics/errors.py"
same(F, "safe_cholesky",
     "cholesky of a matrix that is not positive definite returns NaNs without raising "
     "(TensorFlow 2.21, CPU): the handler never runs, in either mode",
     one(c(SPD), c([[1.0, 2.0], [2.0, 1.0]]), c([[4.0]])))
differs(F, "checked_log",
        "a negative input: eagerly the failed assert_positive is caught and the log of |x| is "
        "returned, the graph raises", one(c([1.0, 2.0]), c([-1.0, 2.0]), c([3.0])))
differs(F, "gather_or_zeros",
        "an out-of-range index: caught eagerly (zeros), raised by the graph",
        sets((c([1.0, 2.0]), c([0, 1])), (c([1.0, 2.0]), c([5])), (c([3.0, 4.0, 5.0]), c([2]))))
differs(F, "reshape_rows_or_flatten",
        "rows that do not divide the size: the eager fallback flattens, the graph raises",
        sets((tf.range(6.0), c(2)), (tf.range(6.0), c(4)), (tf.range(8.0), c(2))))
differs(F, "parse_scores",
        "a string that is not a number: eagerly -1s, the graph raises",
        one(c(["1.5", "2"]), c(["abc", "1"]), c(["3"])))
differs(F, "finite_loss_or_zero",
        "a NaN or inf loss: eagerly replaced by 0, the graph raises from check_numerics",
        one(c(0.5), c(NAN), c(INF)))
differs(F, "solve_or_least_squares",
        "a singular matrix: the eager fallback uses the pseudo-inverse, the graph raises",
        sets((c(SPD), c([[1.0], [2.0]])), (c([[1.0, 2.0], [2.0, 4.0]]), c([[1.0], [2.0]])),
             (c([[3.0]]), c([[6.0]]))))
differs(F, "embed_or_unknown",
        "an id past the table: caught by `except Exception` eagerly, raised by the graph",
        sets((tf.ones((4, 2)), c([0, 3])), (tf.ones((4, 2)), c([1, 9])),
             (rng((3, 2), 1), c([2]))))
same(F, "matmul_or_broadcast",
     "the shapes are static, so the graph raises the ValueError while tracing, inside the try: "
     "the fallback runs in both modes",
     sets((tf.ones((2, 2)), rng((2, 2), 1)), (rng((2, 3), 2), rng((2, 3), 3)),
          (c([[1.0, 2.0]]), c([[3.0], [4.0]]))))
same(F, "safe_ratio", "tensors divide by zero to inf in both modes; the handler never runs",
     sets((c([1.0]), c([2.0])), (c([1.0, -1.0]), c([0.0, 0.0])), (c([3.0]), c([4.0]))))
same(F, "first_row_or_zeros",
     "an empty batch: eagerly the slice raises InvalidArgumentError, while tracing the static "
     "shape raises ValueError; both are caught",
     one(tf.ones((2, 3)), tf.zeros((0, 3)), rng((3, 2), 1)))
same(F, "strict_gather", "no handler: an out-of-range index raises InvalidArgumentError in both",
     sets((c([1.0, 2.0]), c([1])), (c([1.0, 2.0]), c([7])), (c([5.0]), c([0]))))
differs(F, "count_or_minus_one",
        "a negative value: eagerly bincount's error gives [-1], the graph raises",
        one(c([0, 1, 1]), c([2, -1]), c([3])))

# --- semantics/conversions.py: tensor-to-Python conversions (class 2) ---------------------------

F = "semantics/conversions.py"
x3 = [c([1.0, -2.0, 3.0]), c([0.5, 0.25, -0.125]), c([4.0, 8.0, -16.0])]
differs(F, "loss_as_float",
        "AutoGraph turns float() into a cast: a float32 tensor instead of a Python float",
        one(c(0.25), c(1.5), c(-2.0)))
differs(F, "count_positive",
        "AutoGraph turns int() into a cast: an int32 tensor instead of a Python int", one(*x3))
differs(F, "is_converged", "bool() of a graph tensor raises (OperatorNotAllowedInGraphError)",
        one(c([1e-4, 0.0]), c([1.0, 2.0]), c([0.5])))
same(F, "clip_by_norm_if_large", "AutoGraph converts the tensor `if` to tf.cond",
     one(c([3.0, 4.0]), c([30.0, 40.0]), c([1.0])))
same(F, "relu_if_mean_positive", "AutoGraph converts the conditional expression", one(*x3))
differs(F, "num_selected",
        "len() of an unknown dimension: AutoGraph returns a tensor, eagerly a Python int",
        one(*x3))
differs(F, "batch_size",
        "len() of a static dimension is a Python int, which a tf.function returns as a tensor",
        one(*x3))
differs(F, "describe_mean", "a format spec on a graph tensor raises TypeError", one(*x3))
differs(F, "tensor_label", "str() of a graph tensor describes the graph node, not the values",
        one(*x3))
differs(F, "repr_and_double", "prints once, and the graph prints the symbolic tensor", one(*x3))
differs(F, "normalize_probabilities",
        "assert on a tensor condition: the graph raises OperatorNotAllowedInGraphError on every "
        "call; eagerly only a negative entry fails (AssertionError)",
        one(c([0.2, 0.8]), c([-0.5, 1.5]), c([1.0, 3.0])))
same(F, "transpose_matrix", "the assert tests a static rank: AssertionError in both",
     one(tf.ones((2, 3)), c([1.0, 2.0]), rng((3, 2), 1)))
same(F, "tensor_fingerprint", "tensors are unhashable: TypeError in both", one(*x3))
differs(F, "contains_padding", "`in` iterates the tensor, which a graph does not allow",
        one(c([3, 0, 1]), c([4, 5]), c([0])))
differs(F, "row_sums", "list() of a graph tensor iterates it, which raises",
        one(tf.ones((2, 3)), rng((3, 2), 1), rng((1, 4), 2)))
differs(F, "has_non_finite", "`not` on a tensor: eagerly a Python bool, AutoGraph gives a tensor",
        one(c([1.0, NAN]), c([1.0, 2.0]), c([INF])))
same(F, "any_negative_and_large",
     "`and` on tensors: eagerly one operand (a bool tensor), AutoGraph a logical_and tensor of "
     "the same value", one(*x3))
differs(F, "step_learning_rate",
        "int() becomes an int32 tensor in a graph and 0.5 ** tensor raises TypeError",
        one(c(25), c(3), c(40)))
differs(F, "batch_message",
        "the string is the same, but a tf.function returns it as a bytes tensor", one(*x3))
differs(F, "num_classes", "a static int, returned by the tf.function as an int32 tensor",
        one(tf.ones((2, 5)), rng((3, 2), 1), tf.ones((1, 7))))
same(F, "normalize_if_any", "a bool tensor in an `if` AutoGraph converts",
     sets((c([True, False, False]), x3[0]), (c([False, False, False]), x3[1]),
          (c([False, True, True]), x3[2])))
differs(F, "scale_if_nonzero",
        "`if` on a float tensor: eagerly its truth value, tf.cond in a graph needs a bool",
        one(*x3))
same(F, "pad_to_length", "tensor arithmetic only",
     sets((x3[0], c(5)), (x3[1], c(3)), (c([1.0]), c(4))))

differs(F, "plain_fstring", "an f-string of a graph tensor describes the graph node", one(*x3))
differs(F, "values_as_list", ".numpy() does not exist on a graph tensor (AttributeError)",
        one(*x3))
differs(F, "numpy_mean", "np.mean of a graph tensor raises (NotImplementedError)", one(*x3))
same(F, "python_sum_of_rows", "Python sum over a list of tensors adds them with tensor ops",
     one([x3[0], x3[1]], [x3[2]], [c([1.0]), c([2.0]), c([3.0])]))
differs(F, "print_and_scale", "print runs once, while tracing", one(*x3))
same(F, "tf_print_and_scale",
     "tf.print runs on every call in both modes (it writes to stderr, which the harness does "
     "not compare)", one(*x3))

# --- semantics/control.py: Python control flow on tensors (class 2) -----------------------------

F = "semantics/control.py"
differs(F, "first_negative_index",
        "a return inside a loop over tf.range: AutoGraph raises NotImplementedError while "
        "tracing",
        one(c([1.0, -2.0, 3.0]), c([1.0, 2.0]), c([-5.0])))
same(F, "cumulative_until", "AutoGraph converts the loop over the tensor and its break",
     sets((c([1.0, -2.0, 3.0]), c(1.5)), (c([0.5, 0.5, 0.5]), c(0.9)), (c([4.0]), c(10.0))))
differs(F, "collect_squares", "a Python list appended to in a tensor loop cannot be traced",
        one(c([1.0, -2.0, 3.0]), c([2.0]), c([0.5, 0.5])))
differs(F, "sign_label",
        "a name set in one branch of a tensor if: the graph cannot trace it; eagerly it fails "
        "only for a non-positive sum (UnboundLocalError)",
        one(c([1.0, 2.0]), c([-3.0]), c([0.5])))
same(F, "rescale_to_unit", "both branches set y: tf.cond", one(c([3.0, -4.0]), c([0.5, 0.2]),
                                                                c([-10.0])))
same(F, "newton_sqrt", "a tensor while loop AutoGraph converts", one(c([4.0, 9.0]), c([2.0]),
                                                                      c([0.25, 16.0])))
differs(F, "halvings_until_small",
        "the step counter is a Python int eagerly and an int32 tensor from the graph",
        one(c([1.0, -2.0, 3.0]), c([0.5]), c([40.0, 1.0])))
same(F, "activation_by_name", "match on a Python string: traced once per string",
     sets((c([1.0, -2.0]), "relu"), (c([1.0, -2.0]), "tanh"), (c([0.5]), "linear")))
differs(F, "route_by_argmax",
        "int(argmax) is a tensor in a graph; the match's literal pattern then fails (TypeError)",
        one(c([3.0, 1.0]), c([1.0, 3.0]), c([0.0, 0.0, 5.0])))
differs(F, "code_to_weight", "match compares the tensor with a literal and needs its truth value",
        one(c(0), c(3), c(1)))
same(F, "sum_over_rows", "AutoGraph converts the for over a tensor",
     one(tf.ones((2, 3)), rng((3, 2), 1), rng((1, 4), 2)))
differs(F, "double_until_large",
        "a tensor break inside a Python range loop: AutoGraph raises NotImplementedError",
        one(c([1.0, 2.0]), c([20.0]), c([0.5, 0.5])))
differs(F, "greedy_decode",
        "a tensor break in a Python loop (appending to a list): NotImplementedError",
        one(rng((4, 3), 1), tf.one_hot([1, 0, 2], 3), rng((2, 5), 2)))
same(F, "count_above", "a tensor while loop with a tensor if",
     sets((c([1.0, -2.0, 3.0]), c(0.0)), (c([5.0]), c(6.0)), (c([0.1, 0.2]), c(0.15))))

# --- semantics/state.py: stale Python state (class 3) -------------------------------------------

F = "semantics/state.py"
xs = [c([0.2, 0.7, 1.5]), c([1.0, 2.0, 3.0]), c([-1.0, 0.0, 4.0])]


def _config(load: Loader) -> Any:
    return load("semantics.config")


def _state(load: Loader) -> Any:
    return load("semantics.state")


differs(F, "scale_by_config", "config.SCALE changes between calls; the graph keeps the first",
        one(*xs), between=lambda load, _: _config(load).set_scale(_config(load).SCALE + 1.0))
same(F, "scale_by_imported",
     "the name was bound at import: the writes to config.SCALE reach neither mode",
     one(*xs), between=lambda load, _: _config(load).set_scale(_config(load).SCALE + 1.0))
differs(F, "maybe_add_bias", "config.USE_BIAS flips between calls; the graph keeps the first",
        one(*xs), between=lambda load, _: setattr(_config(load), "USE_BIAS",
                                                  not _config(load).USE_BIAS))
differs(F, "softmax_with_temperature",
        "config.HPARAMS['temperature'] is annealed between calls; the graph keeps the first",
        one(*xs), between=lambda load, _: _config(load).anneal_temperature(0.5))
differs(F, "weighted_losses", "config.CLASS_WEIGHTS[0] grows between calls; the graph keeps it",
        lambda load: [(c([0, 2, 1]), v) for v in xs],
        between=lambda load, _: _config(load).CLASS_WEIGHTS.__setitem__(
            0, _config(load).CLASS_WEIGHTS[0] + 1.0))
differs(F, "center_features", "config.FEATURE_MEANS is refilled between calls (slice assignment)",
        one(*xs), between=lambda load, _: _config(load).FEATURE_MEANS.__setitem__(
            slice(None), [m + 0.5 for m in _config(load).FEATURE_MEANS]))
same(F, "unit_norm", "reads a module constant nobody writes", one(*xs))
differs(F, "above_threshold", "the module's THRESHOLD is rebound between calls (global)",
        one(*xs), between=lambda load, _: _state(load).set_threshold(
            _state(load).THRESHOLD + 0.5))
differs(F, "Normalizer.normalize", "the caller sets normalizer.mean between calls",
        one(*xs), instance=lambda load: _state(load).Normalizer(),
        between=lambda load, obj: setattr(obj, "mean", obj.mean + 1.0))
differs(F, "Augmenter.apply", "the class attribute Augmenter.STRENGTH changes between calls",
        one(*xs), instance=lambda load: _state(load).Augmenter(),
        between=lambda load, obj: setattr(type(obj), "STRENGTH", type(obj).STRENGTH + 0.5))
differs(F, "WarmupSchedule.scaled_gradient", "setattr(schedule, 'warmup', ...) between calls",
        lambda load: [(v, c(3)) for v in xs],
        instance=lambda load: _state(load).WarmupSchedule(0.1),
        between=lambda load, obj: setattr(obj, "warmup", obj.warmup * 10))
same(F, "VariableScale.apply", "the scale is a tf.Variable: the graph reads it on every call",
     one(*xs), instance=lambda load: _state(load).VariableScale(),
     between=lambda load, obj: obj.scale.assign_add(1.0))
differs(F, "make_adjustable_scale.scale",
        "the closure cell `factor` is rebound (nonlocal) between calls; the graph keeps it",
        one(*xs), entry="scale_input",
        between=lambda load, _: _state(load).set_input_scale(3.0))
same(F, "make_fixed_scale.scale", "a closure cell nothing writes", one(*xs), entry="double_input")

_HELD: dict[str, Any] = {}  # objects an argument set shares with the code run between calls


def _held(name: str, make: Any) -> Any:
    def build(load: Loader) -> list[Args]:
        _HELD[name] = make(load)
        return [(v, _HELD[name]) for v in xs]

    return build


def _environment(load: Loader) -> list[Args]:
    os.environ["HYBRIDIZE_CORPUS_SCALE"] = "1.0"  # the same start for both modes
    return [(v,) for v in xs]


differs(F, "clip_by_model_options",
        "the module-level object MODEL_OPTIONS gets a new clip between calls", one(*xs),
        between=lambda load, _: setattr(_state(load).MODEL_OPTIONS, "clip",
                                        _state(load).MODEL_OPTIONS.clip / 2))
differs(F, "clip_with_options",
        "the same Options object is passed on every call and its clip changes in between: the "
        "graph, keyed on the object's identity, keeps the first clip",
        _held("options", lambda load: _state(load).Options()),
        between=lambda load, _: setattr(_HELD["options"], "clip", _HELD["options"].clip / 2))
same(F, "scale_with_settings",
     "the dict of Python numbers is part of the cache key: a changed value traces again",
     _held("settings", lambda load: {"scale": 1.0}),
     between=lambda load, _: _HELD["settings"].__setitem__("scale",
                                                           _HELD["settings"]["scale"] + 1.0),
     per_value=True)  # one trace per content (the corpus's one call writes the dict out)
differs(F, "mean_over_runs", "len(RUN_LOG) grows between calls; the graph keeps the first",
        one(*xs), between=lambda load, _: _state(load).RUN_LOG.append("run"))
differs(F, "scale_from_environment",
        "os.environ changes between calls; the graph keeps the value read while tracing",
        _environment, between=lambda load, _: os.environ.__setitem__(
            "HYBRIDIZE_CORPUS_SCALE",
            str(float(os.environ["HYBRIDIZE_CORPUS_SCALE"]) + 1.0)))
differs(F, "tag_with_batch_id", "next() on a module-level counter runs once, while tracing",
        one(*xs))

# --- semantics/distribute.py: replica context and strategy.run (class 4) ------------------------

F = "semantics/distribute.py"


def _mirrored(load: Loader) -> list[Args]:
    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    return [(strategy, c([1.0, 2.0])), (strategy, c([3.0, -1.0])), (strategy, c([0.5, 0.5]))]


for _fn, _label, _why in [
    ("replica_mean", DIFFERS,
     "all_reduce in a tf.function under MirroredStrategy.run (one CPU device) raises "
     "ValueError 'destinations can not be empty'; eagerly it returns the mean"),
    ("synced_sum", SAME, "merge_call in the nested tf.function runs with this one-replica "
     "MirroredStrategy (measured with one CPU device only)"),
    ("gathered_predictions", SAME, "all_gather in the nested tf.function runs with one replica"),
    ("offset_by_replica", SAME, "reads the replica id, no synchronisation"),
    ("per_replica_loss", SAME, "compute_average_loss needs no synchronisation"),
    ("scaled_by_replicas", SAME, "num_replicas_in_sync is a Python constant of the strategy"),
    ("replica_forward", SAME, "plain ops inside strategy.run"),
]:
    _add(_label, F, _fn, _why, _mirrored, entry="distributed_" + {
        "replica_mean": "mean", "synced_sum": "sync", "gathered_predictions": "gather",
        "offset_by_replica": "offset", "per_replica_loss": "loss",
        "scaled_by_replicas": "scaled", "replica_forward": "forward"}[_fn])
differs(F, "distributed_mean",
        "all_reduce reached through strategy.run inside the tf.function raises ValueError "
        "'destinations can not be empty' (one CPU device); eagerly it returns the mean",
        _mirrored)
for _fn in ("sync", "gather", "offset", "loss", "scaled", "forward"):
    same(F, "distributed_" + _fn,
         "a tf.function around strategy.run: strategy.run traces the replica function inside",
         _mirrored)
same(F, "default_context_sum", "all_reduce in the default replica context (no strategy)",
     one(c([1.0, 2.0]), c([3.0]), c([0.5, -0.5])))

# --- semantics/decorators.py: custom decorators, wraps, partial (class 5) -----------------------

F = "semantics/decorators.py"
mats = sets((tf.ones((2, 3)), rng((3, 4), 1)), (rng((1, 3), 2), rng((3, 4), 3)),
            (rng((2, 3), 4), tf.ones((3, 4))))
# The refactoring adds @tf.function right above the def, under the custom decorator, so the
# module's name is the wrapper (the entry) and the wrapper's Python code runs on every call.
same(F, "project", "the counting wrapper stays outside the tf.function: it counts every call",
     mats, entry="project")
same(F, "logits_to_probs", "the logging wrapper stays outside the tf.function: prints every call",
     one(*x3), entry="logits_to_probs")
same(F, "pairwise_sq_dist", "the recording wrapper stays outside the tf.function",
     sets((tf.ones((2, 3)), rng((4, 3), 1)), (rng((1, 3), 2), rng((2, 3), 3)),
          (rng((3, 3), 4), rng((3, 3), 5))), entry="pairwise_sq_dist")
same(F, "layer_norm", "the wrapper only opens a name scope",
     one(tf.ones((2, 3)), rng((3, 4), 1), rng((1, 5), 2)), entry="layer_norm")
same(F, "mean_abs_error", "the wrapper casts the inputs, a graph op in both modes",
     sets((c([1, 2]), c([1.5, 2.5])), (c([0.0]), c([3])), (c([2, 2, 2]), c([1, 2, 3]))),
     entry="mean_abs_error")
differs(F, "traced_logits",
        "decorator removed: the counter under @tf.function then counts every call, not one "
        "trace", mats, decorated=True)
same(F, "traced_softmax",
     "decorator removed: the logging wrapper already sits outside @tf.function and prints on "
     "every call in both", one(*x3), decorated=True, entry="traced_softmax")
same(F, "scaled_mse", "a Python float scale traced once per value (retraces, same values)",
     sets((x3[0], x3[1], 0.5), (x3[1], x3[2], 2.0), (c([1.0]), c([3.0]), 1.0)), per_value=True)
differs(F, "record_and_sum",
        "the partial passes the module list HISTORY as an argument, and a tf.function must "
        "not modify its Python arguments: ValueError (eagerly HISTORY grows per call)",
        one(*x3), entry="partial_record")
same(F, "partial_loss", "calls a functools.partial of a pure loss",
     sets((x3[0], x3[1]), (x3[1], x3[2]), (c([1.0]), c([3.0]))))
differs(F, "partial_record", "the partial appends to HISTORY once, while tracing", one(*x3))

# --- semantics/randomness.py (class 6) ----------------------------------------------------------

F = "semantics/randomness.py"
mats43 = one(tf.ones((4, 3)), rng((4, 3), 1), rng((4, 3), 2))
differs(F, "jitter", "random.uniform is drawn once, while tracing", mats43)
differs(F, "numpy_noise", "np.random.normal is drawn once, while tracing", mats43)
differs(F, "random_crop_offset", "random.randint is drawn once, while tracing",
        one(tf.reshape(tf.range(18.0), (6, 3)), rng((6, 3), 1), rng((6, 3), 2)))
differs(F, "keep_mask", "the NumPy mask is drawn once, while tracing", mats43)
differs(F, "pick_feature", "random.choice is drawn once, while tracing", mats43)
same(F, "seeded_numpy_noise", "a NumPy generator created and seeded inside the call", mats43)
same(F, "seeded_python_scale", "a Python Random created and seeded inside the call", mats43)
differs(F, "seeded_generator_noise",
        "tf.random.Generator.from_seed inside the call creates a tf.Variable on every trace: "
        "ValueError (only singleton variables created on the first call)", mats43)
same(F, "module_generator_noise",
     "a module-level tf.random.Generator: its state is a variable, the graph draws the same "
     "numbers in the same order", mats43)
differs(F, "global_dropout", "tf.nn.dropout's global draws differ in a graph (same seed)",
        mats43, stated="STATEFUL_RANDOM")
differs(F, "global_normal_noise", "tf.random.normal's global draws differ in a graph", mats43,
        stated="STATEFUL_RANDOM")
differs(F, "shuffled_rows", "tf.random.shuffle's global draws differ in a graph", mats43,
        stated="STATEFUL_RANDOM")
same(F, "stateless_flip", "stateless ops: the seed is an argument",
     sets((rng((2, 2, 1), 1), c([1, 2])), (rng((3, 3, 1), 2), c([5, 6])),
          (rng((2, 4, 1), 3), c([7, 7]))))
same(F, "stateless_noise", "stateless ops: the seed is an argument",
     sets((tf.ones((2, 3)), c([3, 4])), (rng((2, 2), 1), c([1, 1])), (c([0.5]), c([9, 8]))))

# --- semantics/traced.py: removing an existing @tf.function (class 7) ---------------------------

F = "semantics/traced.py"


def _traced(load: Loader) -> Any:
    return load("semantics.traced")


differs(F, "positive_rows",
        "no row with a positive sum: the graph stacks an empty TensorArray whose element shape "
        "it inferred from the write in the loop, shape (0, 3); eagerly nothing was written and "
        "the stack has shape (0,)",
        one(tf.ones((2, 3)), -tf.ones((2, 3)), rng((4, 3), 1)), decorated=True)
differs(F, "sum_with_debug", "decorator removed: the executing_eagerly() branch prints",
        one(*x3), decorated=True)
differs(F, "graph_only_norm", "decorator removed: the inside_function() guard raises",
        one(*x3), decorated=True)
differs(F, "normalize_scores",
        "Python lists of ints: the input_signature casts them to float32; eagerly the division "
        "of int32 gives float64",
        one([1, 2, 3], [4, 4], [1, 0, 0, 1]), decorated=True)
differs(F, "sequence_length",
        "the input_signature leaves the length unknown: a tensor from the graph, eagerly the "
        "static Python int", one(c([1, 2, 3]), c([4, 5]), c([7])), decorated=True)
same(F, "flatten_batch", "the TensorShape branch picks the same number either way",
     one(tf.ones((2, 4)), rng((3, 4), 1), rng((1, 4), 2)), decorated=True)
differs(F, "traced_step", "decorator removed: TRACE_LOG grows on every call, not per trace",
        sets((tf.ones((2, 3)), tf.ones((3, 1))), (rng((2, 3), 1), rng((3, 1), 2)),
             (rng((2, 3), 3), rng((3, 1), 4))), decorated=True)
differs(F, "announce_and_scale", "decorator removed: the print runs on every call",
        one(*x3), decorated=True)
same(F, "forward", "retraces for each value of the training flag (bounded), same values",
     sets((x3[0], True), (x3[1], False), (x3[2], True)), decorated=True)
same(F, "decayed", "retraces for every step number (unbounded), same values",
     sets((x3[0], 1), (x3[1], 2), (x3[2], 3)), decorated=True)
same(F, "scale_by", "retraces for each of three factors, same values",
     sets((x3[0], 0.5), (x3[1], 1.0), (x3[2], 2.0)), decorated=True)
same(F, "squared_norm", "tensor in, tensor ops out", one(*x3), decorated=True)
differs(F, "apply_learning_rate",
        "decorator removed: LEARNING_RATE, rebound between calls, is read on every call instead "
        "of the value captured at the trace", one(*x3), decorated=True,
        between=lambda load, _: _traced(load).set_learning_rate(_traced(load).LEARNING_RATE / 2))
same(F, "row_means", "reduce_retracing only changes how many traces",
     one(tf.ones((2, 3)), rng((3, 4), 1), rng((1, 2), 2)), decorated=True)
same(F, "sorted_values", "a numpy_function runs its Python code on every call in both",
     one(*x3), decorated=True)
same(F, "LazyDense.__call__",
     "the kernel is created on the first call only, traced or not", one(
         tf.ones((1, 3)), rng((2, 3), 1), rng((3, 3), 2)),
     instance=lambda load: _traced(load).LazyDense(2), decorated=True)
differs(F, "CountingModel.__call__",
        "decorator removed: self.calls counts every call instead of one trace",
        one(*x3), instance=lambda load: _traced(load).CountingModel(), decorated=True)

# --- semantics/unvisited.py: statements the engine does not visit today (class 8) ---------------

F = "semantics/unvisited.py"


def _activation(name: str) -> Any:
    def build(load: Loader) -> list[Args]:
        load("semantics.config").ACTIVATION = name
        return [(v,) for v in x3]

    return build


differs(F, "weight_for_default", "the except body appends to MISSING once, while tracing",
        one(*x3))
differs(F, "margin_or_report", "the except body prints once, while tracing", one(*x3))
same(F, "pure_fallback", "the except body only binds a local", one(*x3))
differs(F, "activate_configured", "the match case appends to WARNINGS once, while tracing",
        _activation("gelu"))
same(F, "activate_pure", "the match on a setting nobody changes picks one op",
     _activation("tanh"))
differs(F, "counted_activation",
        "defined under a module-level for: the counter grows once, while tracing", one(*x3))
same(F, "power_features", "defined under a module-level for, pure", one(*x3))
differs(F, "warmup_scale", "defined under a module-level while: appends to PROGRESS once",
        one(*x3))
differs(F, "matmul_logged", "defined under a module-level match: prints once, while tracing",
        sets((tf.ones((2, 2)), rng((2, 2), 1)), (rng((2, 2), 2), tf.ones((2, 2))),
             (rng((2, 2), 3), rng((2, 2), 4))))
same(F, "matmul_plain", "defined under a module-level match, pure",
     sets((tf.ones((2, 2)), rng((2, 2), 1)), (rng((2, 3), 2), tf.ones((3, 2))),
          (rng((1, 2), 3), rng((2, 2), 4))))
differs(F, "Tracker.step", "a method under `if` in the class body: self.steps counts one trace",
        one(*x3), instance=lambda load: load("semantics.unvisited").Tracker())
same(F, "Tracker.pure_step", "a method under `if` in the class body, pure",
     one(*x3), instance=lambda load: load("semantics.unvisited").Tracker())
differs(F, "Tracker.record", "a method under `try` in the class body: prints once",
        one(*x3), instance=lambda load: load("semantics.unvisited").Tracker())

# --- semantics/arrays.py: NumPy arrays as arguments (issue 12) ---------------------------------

F = "semantics/arrays.py"


def _arrays(*shapes: tuple[int, ...]) -> Any:
    """float64 and int64 NumPy arrays (NumPy's defaults): new values, and a new shape, per call
    (the same arrays for both modes: a new generator each time the sets are built)."""

    def build(load: Any) -> list[tuple[Any, ...]]:
        generator = np.random.default_rng(5)
        return [(generator.normal(size=shapes[0]),), (generator.normal(size=shapes[0]),),
                (np.arange(6, dtype=np.int64).reshape(shapes[1]),),
                (generator.normal(size=shapes[2]),)]

    return build


def _array_pairs(load: Any) -> list[tuple[Any, ...]]:
    generator = np.random.default_rng(6)
    return [(generator.normal(size=(4, 3)), np.zeros((4, 2))),
            (generator.normal(size=(4, 3)), np.ones((4, 2), np.float32)),
            (np.ones((2, 3), np.int64), generator.normal(size=(2, 2)))]


same(F, "predict_batch", "the Keras model converts (and casts) its NumPy input in both modes",
     _arrays((4, 3), (2, 3), (5, 3)))
same(F, "batch_loss", "the Keras model and loss convert their NumPy inputs in both modes",
     _array_pairs)
same(F, "cast_features", "tf.cast converts the array to float32 first in both modes",
     _arrays((4, 3), (2, 3), (5, 3)))
same(F, "padded_rows", "len() and .shape of an array are static Python ints in both modes",
     _arrays((4, 3), (2, 3), (5, 3)))


def _three_dtypes(load: Any) -> list[tuple[Any, ...]]:
    """A float64, an int64 and a bool array (the ops' failures differ by dtype)."""
    generator = np.random.default_rng(7)
    return [(generator.normal(size=(3, 4)),), (np.arange(12, dtype=np.int64).reshape(3, 4),),
            (np.ones((2, 4), np.bool_),), (generator.normal(size=(5, 4)),)]


same(F, "flat_columns", "tf.transpose converts the array first, with its own dtype, in both "
     "modes", _three_dtypes)
same(F, "top_class", "tf.argmax of the array: same values (and the same errors) in both modes",
     _three_dtypes)
differs(F, "floored",
        "the array after 0.5: eagerly converted to float32 (it works), traced a float64, int64 or "
        "bool tensor against a float32 one (TypeError)", _three_dtypes)
differs(F, "one_hot_labels", "float indices: eagerly converted to int, traced TypeError",
        lambda load: [(np.array([0.0, 2.0]),), (np.array([1, 2], np.int64),),
                      (np.array([2.0, 1.0, 0.0]),)])
differs(F, "row_sums", "a bool array: InvalidArgumentError eagerly, TypeError traced",
        _three_dtypes)
differs(F, "weighted",
        "float32 weights minus a float64 array: eagerly the array is converted to float32, "
        "traced it is a float64 tensor and the subtraction raises TypeError",
        _arrays((2, 3), (2, 3), (4, 3)))
differs(F, "doubled", "eagerly an ndarray (NumPy arithmetic), from the graph a tensor",
        _arrays((2, 3), (2, 3), (4, 3)))
differs(F, "centered", "`.mean` does not exist on the tensor the graph makes of the array",
        _arrays((4, 3), (2, 3), (5, 3)))
differs(F, "shifted",
        "with a float64 array: converted to float32 eagerly, a float64 tensor traced (TypeError)",
        lambda load: [(tf.ones((2, 3)),), (np.ones((2, 3)),), (tf.zeros((4, 3)),)])

# --- semantics/reached.py: variables reached through Keras objects (issue 12) -------------------

F = "semantics/reached.py"


def _module_variable(name: str) -> Any:
    """The same Keras variable of the freshly loaded module, three calls."""
    def build(load: Any) -> list[tuple[Any, ...]]:
        module = load("semantics.reached")
        variable = module.OPTIMIZER.iterations if name == "iterations" else module.DENSE.kernel
        return [(variable,)] * 3
    return build


def _step_on(load: Any, instance: Any) -> None:
    """Between calls the optimizer steps and the weights change, as in training."""
    module = load("semantics.reached")
    module.OPTIMIZER.iterations.assign_add(4)
    module.DENSE.kernel.assign_add(tf.ones_like(module.DENSE.kernel))


same(F, "warmup_rate", "optimizer.iterations is read as a variable: the graph sees each new step "
     "(one trace)", _module_variable("iterations"), between=_step_on)
same(F, "kernel_norm", "dense.kernel is read as a variable: new weights, new norm, in both modes",
     _module_variable("kernel"), between=_step_on)
differs(F, "kernel_itself", "returns the Keras variable eagerly, a tensor from the graph",
        _module_variable("kernel"), between=_step_on)

# --- semantics/internal.py: TensorFlow's internal import paths (issue 12) -----------------------

F = "semantics/internal.py"
same(F, "halved", "a variable in, a tensor out, in both modes",
     lambda load: [(tf.Variable(3.0),), (tf.Variable(-1.0),), (tf.Variable([2.0, 4.0]),)])
same(F, "shifted_by_one", "tensor arithmetic only", one(c([1.0, 2.0]), c(0.5), c([[3.0]])))
same(F, "dense_forward", "ops only: the generated MatMul wrapper and the re-exported bias_add "
     "(tests/equivalence_cases.py adds a bias of the wrong size)",
     lambda load: [(rng((2, 3), 1), rng((3, 4), 2), c([0.5, 0.0, -0.5, 1.0])),
                   (rng((5, 2), 3), rng((2, 1), 4), c([2.0])),
                   (rng((1, 4), 5), rng((4, 2), 6), c([1.0, -2.0]))])

# --- semantics/effects.py: calls whose effect is known (issue 12, unknown side effects) ---------

F = "semantics/effects.py"
same(F, "checked_matrix", "a vector: ShapeError (a workspace Exception subclass without its own "
     "__init__) in both modes", one(tf.eye(3), c([[1.0, 2.0], [3.0, 4.0]]), c([1.0, 2.0])))
differs(F, "checked_vector", "a matrix: RankError (a workspace ValueError subclass) eagerly, "
        "AutoGraph's StagingError from the tf.function", one(c([1.0, 2.0]), c([3.0]),
                                                             tf.eye(2)))
differs(F, "matrix_trace", "a vector: LookupError eagerly, AutoGraph's StagingError from the "
        "tf.function (a trace-time raise of a class AutoGraph does not re-create)",
        one(tf.eye(3), c([[1.0, 2.0], [3.0, 4.0]]), c([1.0, 2.0])))
differs(F, "first_row", "a scalar: IndexError eagerly, StagingError from the tf.function",
        one(c([[1.0, 2.0]]), c([3.0, 4.0]), c(5.0)))
same(F, "checked_rank", "a scalar: ValueError in both modes (AutoGraph re-raises ValueError as "
     "itself)", one(c([[1.0, 2.0]]), c([3.0, 4.0]), c(5.0)))
same(F, "activated", "inspect.isclass is answered from the Python object in both modes: a "
     "function is applied, a class is rejected with TypeError both ways",
     lambda load: [(c([-1.0, 2.0]), tf.nn.relu), (c([[0.5, -3.0]]), tf.nn.relu),
                   (c([1.0]), tf.keras.layers.ReLU)])

# --- semantics/partials.py: callables passed as parameters (issue 12, unknown side effects) -----

F = "semantics/partials.py"


def _stateless_partial(load: Loader) -> list[Args]:
    """One partial object for every call: a new object would be a new trace signature."""
    draw = functools.partial(tf.random.stateless_uniform, seed=(2, 3))
    return [(rng((2, 3), 1), draw), (rng((4, 1), 2), draw), (c([1.0, -1.0]), draw)]


same(F, "keep_mask", "the partial of a stateless op draws the same numbers in both modes",
     _stateless_partial)
differs(F, "random_keep_mask", "random_fn left at its default, tf.random.uniform: the graph draws "
        "other numbers under the same global seed", one(rng((2, 3), 1), rng((4, 1), 2),
                                                        c([1.0, -1.0])),
        stated="STATEFUL_RANDOM")
differs(F, "scaled", "`report` left at its default, print: printed on every call eagerly, once "
        "traced", one(c([1.0]), c([2.0, 3.0]), c(0.5)))
differs(F, "noisy", "a partial of a workspace function that prints: on every call eagerly, once "
        "traced", lambda load: [(x, functools.partial(load("semantics.partials").make_noise,
                                                      scale=0.1))
                                for x in (c([1.0]), c([2.0, 3.0]), c([0.5]))])

# --- semantics/star.py: `from tensorflow import *` (issue 12) ----------------------------------

F = "semantics/star.py"
same(F, "shifted", "tf.constant, bound by the star import", one(c([1.0, 2.0]), c(0.5), c([[3.0]])))
same(F, "announced", "`print` is tf.print after the star import: it prints on every call, "
     "eagerly and traced", one(c([1.0, 2.0]), c(0.5), c([[3.0]])))

# --- semantics/datasets.py: tf.data datasets as arguments (issue 12) ----------------------------

F = "semantics/datasets.py"


def _datasets(load: Any) -> list[tuple[Any, ...]]:
    """Datasets of 8, 12 and 4 examples in batches of 4 (one element spec)."""
    def dataset(n: int, seed: int) -> Any:
        return tf.data.Dataset.from_tensor_slices(
            (rng((n, 3), seed), rng((n, 1), seed + 1))).batch(4)
    return [(dataset(8, 1),), (dataset(12, 3),), (dataset(4, 5),)]


same(F, "train_epoch", "the loop over the dataset becomes a graph loop; the same updates of the "
     "model's weights", _datasets)
same(F, "epoch_loss", "a tensor accumulated over the dataset: AutoGraph carries it through the "
     "graph loop", _datasets)
differs(F, "batch_count", "a Python int counter: eagerly an int, from the graph a tensor",
        _datasets)
differs(F, "dataset_size", "len() of a dataset works only eagerly (TypeError traced)", _datasets)
same(F, "batches_of", "len() of a dataset built in the function from a tensor of static shape: "
     "its cardinality is known while tracing, so len() works traced too (unlike a dataset "
     "argument)", one(tf.ones((6, 3)), rng((4, 3), 1), rng((3, 3), 2)))

# --- everyday/: plainly safe code, so that reach is measured too --------------------------------

F = "everyday/losses.py"
pairs = sets((c([1.0, 0.0, 1.0]), c([0.8, 0.1, 0.6])), (rng((2, 3), 1), rng((2, 3), 2)),
             (c([0.0]), c([3.0])))
probs = sets((c([1.0, 0.0, 1.0]), c([0.8, 0.1, 0.6])), (c([0.0, 1.0]), c([0.3, 0.9])),
             (c([1.0]), c([0.5])))
for _fn in ("mean_squared_error", "mean_absolute_error", "huber",
            "binary_crossentropy_from_logits", "squared_hinge", "cosine_distance"):
    same(F, _fn, "tensor in, tensor ops out", pairs)
for _fn in ("binary_focal_loss", "contrastive_loss"):
    same(F, _fn, "tensor in, tensor ops out", probs)
labelled = sets((c([0, 2]), rng((2, 3), 1)), (c([1]), c([[0.1, 2.0, -1.0, 0.0]])),
                (c([3, 0, 1]), rng((3, 5), 2)))
same(F, "sparse_softmax_crossentropy", "tensor in, tensor ops out", labelled)
same(F, "smoothed_crossentropy", "tensor in, tensor ops out", labelled)
same(F, "kl_divergence", "tensor in, tensor ops out",
     sets((c([[0.5, 0.5]]), c([[0.9, 0.1]])), (c([[0.2, 0.8], [1.0, 0.0]]), c([[0.5, 0.5]] * 2)),
          (c([[0.1, 0.2, 0.7]]), c([[0.3, 0.3, 0.4]]))))
same(F, "l2_penalty", "a Python list of tensors, summed with tf.add_n",
     one([tf.ones((2, 2)), c([1.0, 2.0, 3.0])], [rng((3, 2), 1), rng((2,), 2)],
         [c([0.5, 0.5]), rng((2, 2), 3)]))

F = "everyday/metrics.py"
same(F, "accuracy", "tensor in, tensor ops out", labelled)
same(F, "top_k_accuracy", "tensor in, tensor ops out",
     sets((c([0, 2]), rng((2, 3), 1)), (c([1]), c([[0.1, 2.0, -1.0, 0.0]])),
          (c([3, 0, 1]), rng((3, 5), 2))))
binary = sets((c([1.0, 0.0, 1.0]), c([1.0, 1.0, 0.0])), (c([0.0, 0.0]), c([0.0, 1.0])),
              (c([1.0, 1.0, 1.0, 0.0]), c([1.0, 1.0, 1.0, 0.0])))
for _fn in ("precision", "recall", "f1_score", "root_mean_squared_error", "r_squared"):
    same(F, _fn, "tensor in, tensor ops out", binary)
same(F, "mean_iou", "tensor in, tensor ops out",
     sets((c([0, 2, 1]), c([0, 1, 1])), (c([2, 2]), c([2, 0])), (c([1]), c([1]))))
same(F, "expected_calibration_error", "tensor in, tensor ops out",
     sets((c([0.9, 0.6, 0.3]), c([1.0, 0.0, 1.0])), (c([0.99, 0.05]), c([1.0, 1.0])),
          (c([0.5]), c([0.0]))))

F = "everyday/preprocess.py"
images = one(tf.ones((2, 8, 8, 3)) * 128.0, rng((1, 6, 6, 3), 1) * 50.0 + 100.0,
             tf.zeros((3, 4, 4, 3)))
features = one(rng((4, 2), 1), c([[1.0, 2.0], [3.0, 4.0], [5.0, 9.0]]), tf.ones((2, 3)))
tokens = one(c([[3, 0]]), c([[1, 2, 3], [4, 0, 0]]), c([[0, 0, 0, 5]]))
same(F, "scale_pixels", "a cast and a division",
     one(c([[0, 255]], tf.uint8), c([1, 2, 3], tf.uint8), tf.fill((2, 2), 51.0)))
for _fn in ("standardize_features", "min_max_scale", "clip_outliers", "log_transform"):
    same(F, _fn, "tensor in, tensor ops out", features)
same(F, "one_hot_labels", "tensor in, tensor ops out", one(c([0, 3]), c([1, 1, 2]), c([5])))
for _fn in ("resize_and_scale", "center_crop", "flip_and_concat"):
    same(F, _fn, "image ops on a batch", images)
for _fn in ("padding_mask", "lengths_from_mask", "pad_batch"):
    same(F, _fn, "token ops on a batch", tokens)
same(F, "bucketize", "searchsorted", one(c([0.5, 1.5, 3.0]), c([-1.0]), c([2.0, 0.0])))

F = "everyday/layers_ops.py"
same(F, "dense_forward", "tensor in, tensor ops out",
     sets((tf.ones((2, 3)), rng((3, 2), 1), tf.zeros((2,))),
          (rng((4, 3), 2), rng((3, 2), 3), c([0.5, -0.5])),
          (rng((1, 2), 4), rng((2, 5), 5), rng((5,), 6))))
same(F, "layer_norm", "tensor in, tensor ops out",
     sets((tf.ones((2, 3)), tf.ones((3,)), tf.zeros((3,))),
          (rng((4, 3), 1), rng((3,), 2), rng((3,), 3)), (rng((1, 5), 4), tf.ones((5,)), 0.0)))
same(F, "gelu", "tensor in, tensor ops out", one(*x3))
same(F, "swish", "tensor in, tensor ops out", one(*x3))
same(F, "attention", "tensor in, tensor ops out",
     sets((rng((1, 2, 4), 1), rng((1, 3, 4), 2), rng((1, 3, 4), 3)),
          (rng((2, 4, 2), 4), rng((2, 4, 2), 5), rng((2, 4, 2), 6)),
          (rng((1, 1, 8), 7), rng((1, 5, 8), 8), rng((1, 5, 3), 9))))
differs(F, "conv_block", "max_pool2d VALID on an image with a size-0 dimension: eagerly an "
        "empty tensor, traced a ValueError from shape inference (data/trace_failures.tsv)",
        sets((tf.ones((1, 4, 4, 1)), rng((3, 3, 1, 2), 1)),
             (rng((2, 6, 6, 1), 2), rng((3, 3, 1, 2), 3)),
             (rng((1, 4, 4, 3), 4), rng((1, 1, 3, 4), 5)),
             (tf.ones((1, 0, 4, 1)), rng((3, 3, 1, 2), 6))))
same(F, "residual", "tensor in, tensor ops out",
     sets((tf.ones((2, 3)), rng((3, 3), 1)), (rng((4, 2), 2), rng((2, 2), 3)),
          (rng((1, 3), 4), tf.eye(3))))
same(F, "positional_encoding", "tensor in, tensor ops out",
     one(tf.range(3), tf.range(5), c([0, 7, 2])))
same(F, "masked_softmax", "tensor in, tensor ops out",
     sets((tf.ones((2, 3)), c([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])),
          (rng((1, 4), 1), c([[1.0, 1.0, 1.0, 1.0]])), (rng((2, 2), 2), tf.ones((2, 2)))))
same(F, "embedding_bag", "tensor in, tensor ops out",
     sets((tf.ones((5, 2)), c([[0, 1], [2, 3]])), (rng((4, 3), 1), c([[3, 3, 0]])),
          (rng((6, 2), 2), c([[5], [1], [2]]))))

F = "everyday/steps.py"
regression = sets((tf.ones((4, 2)), tf.zeros((4, 1))), (rng((3, 2), 1), rng((3, 1), 2)),
                  (rng((5, 2), 3), tf.ones((5, 1))))
for _fn in ("linear_predict",):
    same(F, _fn, "reads the module's variables", lambda load: [(x,) for x, _ in
                                                                  regression(load)])
for _fn in ("sgd_step", "clipped_gradients", "evaluate_mse"):
    same(F, _fn, "updates or reads the module's variables; the graph reads them every call",
         regression)


def _momentum(load: Loader) -> list[Args]:
    return [(tf.Variable([1.0]), tf.Variable([0.0]), c([0.5])),
            (tf.Variable([2.0, 3.0]), tf.Variable([0.1, 0.1]), c([1.0, -1.0])),
            (tf.Variable([0.0]), tf.Variable([1.0]), c([0.0]))]


differs(F, "momentum_update",
        "returns the variable it updated: eagerly the tf.Variable itself, from the graph a "
        "tensor of its value", _momentum)
differs(F, "ema_update",
        "returns the variable it updated: eagerly the tf.Variable, from the graph a tensor",
        lambda load: [(tf.Variable(0.0), c(1.0)), (tf.Variable(2.0), c(4.0)),
                      (tf.Variable(-1.0), c(0.0))])
same(F, "accumulate", "updates the variables passed in; returns a tensor",
     lambda load: [(tf.Variable(0.0), tf.Variable(0.0), c([1.0, 2.0])),
                   (tf.Variable(3.0), tf.Variable(1.0), c([5.0])),
                   (tf.Variable(1.0), tf.Variable(4.0), c([0.5, 0.5, 0.5]))])


def main(argv: list[str]) -> int:
    """Measures every case (or those whose file::qualname contains an argument) and prints the
    measured label next to the table's; exits 1 on a mismatch."""
    import time

    mismatches = 0
    for key, truth in TRUTH.items():
        ident = f"{key[0]}::{key[1]}"
        if argv and not any(a in ident for a in argv):
            continue
        start = time.perf_counter()
        behaviour, retraced = measure(key)
        label = measured_label(behaviour)
        flag = "" if label == truth.label else "   <-- table says " + truth.label
        mismatches += bool(flag)
        print(f"{label:8} {ident} ({time.perf_counter() - start:.2f}s){flag}")
        for line in behaviour[:3] + retraced[:1]:
            print(f"           {line[:300]}")
    return int(bool(mismatches))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
