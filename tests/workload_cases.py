"""How to run each workload function the engine may convert, for the eager/tf.function check.

The workloads are the programs of benchmarks/workloads (one folder each; the modules of a folder
import each other by bare name, so the harness imports them as `train`, `model`, ... with that
folder on sys.path). Keys are (file relative to benchmarks/workloads, qualname).

CASES: (file, qualname) -> Case, as in equivalence_cases.py: at least 3 argument sets with
different values, at least two of them of the same signature (so that a retrace on Python values
shows) and, where the function allows it, another shape. Step functions train for real: the
weights and optimizer slots they leave (in module globals or in the model and optimizer passed as
arguments) are compared after every call.

NEGATIVE: workload functions the engine declines for a behaviour reason; the harness must see
the difference (a print, NumPy on tensors, a retrace on a Python int).
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf
from equivalence import Args, Case, Loader


def c(*values: Any) -> tf.Tensor:
    return tf.constant(*values)


def rng(shape: tuple[int, ...], seed: int) -> tf.Tensor:
    """Deterministic test data, independent of the global random state."""
    return tf.random.stateless_normal(shape, seed=(seed, 11))


def ints(shape: tuple[int, ...], seed: int, maxval: int, dtype: Any = tf.int32) -> tf.Tensor:
    return tf.random.stateless_uniform(shape, seed=(seed, 5), maxval=maxval, dtype=dtype)


def coin(shape: tuple[int, ...], seed: int) -> tf.Tensor:
    """0.0/1.0 labels."""
    return tf.cast(ints(shape, seed, 2), tf.float32)


def pixels(shape: tuple[int, ...], seed: int) -> tf.Tensor:
    return tf.cast(ints(shape, seed, 256), tf.uint8)


CASES: dict[tuple[str, str], Case] = {}
NEGATIVE: dict[tuple[str, str], Case] = {}


def case(file: str, qualname: str, args: Any, **kw: Any) -> None:
    assert (file, qualname) not in CASES, (file, qualname)
    CASES[(file, qualname)] = Case(args=args, **kw)


def negative(file: str, qualname: str, args: Any, **kw: Any) -> None:
    assert (file, qualname) not in NEGATIVE, (file, qualname)
    NEGATIVE[(file, qualname)] = Case(args=args, **kw)


# --- logreg: module-level variables and optimizer ----------------------------------------------

case("logreg/train.py", "predict_logits", lambda load: [
    (rng((4, 64), 1),), (rng((4, 64), 2),), (rng((7, 64), 3),),
])
case("logreg/train.py", "binary_cross_entropy", lambda load: [
    (coin((4, 1), 1), rng((4, 1), 2)), (coin((4, 1), 3), rng((4, 1), 4)),
    (coin((9, 1), 5), rng((9, 1), 6)),
])
case("logreg/train.py", "train_step", lambda load: [
    (rng((8, 64), 1), coin((8, 1), 2)), (rng((8, 64), 3), coin((8, 1), 4)),
    (rng((5, 64), 5), coin((5, 1), 6)), (rng((8, 64), 7), coin((8, 1), 8)),
])

# --- mlp: Keras Sequential, Adam and a metric at module level ----------------------------------

_DIGIT_BATCHES = lambda load: [  # noqa: E731 - a table of argument sets
    (rng((4, 28, 28), 1), ints((4,), 2, 10)), (rng((4, 28, 28), 3), ints((4,), 4, 10)),
    (rng((2, 28, 28), 5), ints((2,), 6, 10)),
]
case("mlp/train.py", "train_step", _DIGIT_BATCHES)
case("mlp/train.py", "test_step", _DIGIT_BATCHES)

# --- cnn: the model and the optimizer are arguments --------------------------------------------

case("cnn/model.py", "preprocess", lambda load: [
    (pixels((2, 28, 28), 1),), (pixels((2, 28, 28), 2),), (pixels((3, 5, 7), 3),),
])


def _cnn_batches(load: Loader) -> list[Args]:
    model = load("model").ConvNet(num_classes=10)
    optimizer = tf.keras.optimizers.Adam(learning_rate=2e-3)
    return [
        (model, optimizer, pixels((4, 28, 28), 1), ints((4,), 2, 10)),
        (model, optimizer, pixels((4, 28, 28), 3), ints((4,), 4, 10)),
        (model, optimizer, pixels((2, 28, 28), 5), ints((2,), 6, 10)),
    ]


case("cnn/train.py", "train_step", _cnn_batches)


# eval_step's k is 1 or 5 at its only call sites (literals: one trace per value). Labels out of
# range (12 of 10 classes) are not "in the top k", eagerly and traced.
def _cnn_eval_batches(load: Loader) -> list[Args]:
    model = load("model").ConvNet(num_classes=10)
    return [
        (model, pixels((4, 28, 28), 1), ints((4,), 2, 10), 1),
        (model, pixels((4, 28, 28), 3), ints((4,), 4, 10), 5),
        (model, pixels((3, 28, 28), 5), c([1, 12, 0]), 1),
        (model, pixels((2, 28, 28), 7), ints((2,), 8, 10), 5),
    ]


case("cnn/train.py", "eval_step", _cnn_eval_batches, per_value=True)

# diagnostics.py is looked up with getattr (no visible caller): converted only with the types
# `hybridize verify --observe-types -- python train.py --steps 30` observed (OBSERVED below).
# Labels out of range (12 of 10 classes) make tf.gather fail, eagerly and traced.
_LOGITS_AND_LABELS = lambda load: [  # noqa: E731
    (rng((64, 10), 1), ints((64,), 2, 10)), (rng((64, 10), 3), ints((64,), 4, 10)),
    (rng((5, 10), 5), ints((5,), 6, 10)), (rng((3, 10), 7), c([1, 12, 0])),
]
case("cnn/diagnostics.py", "logit_margin", _LOGITS_AND_LABELS)
case("cnn/diagnostics.py", "prediction_entropy", _LOGITS_AND_LABELS)
# k observed as 3 on every call (its default): a bounded set. Here also k=1 then k=3 again: one
# trace per value, the graph reused when a value repeats.
case("cnn/diagnostics.py", "top_k_hit_rate", lambda load: [
    (rng((64, 10), 1), ints((64,), 2, 10), 3), (rng((64, 10), 3), ints((64,), 4, 10), 3),
    (rng((64, 10), 5), ints((64,), 6, 10), 1), (rng((64, 10), 7), ints((64,), 8, 10), 3),
    (rng((5, 10), 9), ints((5,), 10, 10), 3),
], per_value=True)

# What `hybridize verify . --observe-types -- python train.py --steps 30` recorded in cnn
# (verify/observe.py's format, shortened to these functions): 8 calls each, one per test batch.
# (tests/test_observed.py runs verify --observe-types on the workload and checks the evidence.)
_OBSERVED_BATCH = {"logits": [{"kind": "tensor", "dtype": "float32", "shape": [64, 10]}],
                   "labels": [{"kind": "tensor", "dtype": "int32", "shape": [64]}]}
OBSERVED = {"command": ["python", "train.py", "--steps", "30"], "functions": [
    {"file": "cnn/diagnostics.py", "qualname": "logit_margin", "line": 8, "calls": 8,
     "parameters": _OBSERVED_BATCH},
    {"file": "cnn/diagnostics.py", "qualname": "prediction_entropy", "line": 15, "calls": 8,
     "parameters": _OBSERVED_BATCH},
    {"file": "cnn/diagnostics.py", "qualname": "top_k_hit_rate", "line": 21, "calls": 8,
     "parameters": {**_OBSERVED_BATCH, "k": [{"kind": "int", "value": 3}]}},
]}

# --- bilstm: masked bidirectional LSTM at module level -----------------------------------------

_REVIEWS = lambda load: [  # noqa: E731
    (ints((4, 24), 1, 400), coin((4, 1), 2)), (ints((4, 24), 3, 400), coin((4, 1), 4)),
    (tf.concat([ints((3, 6), 5, 400), tf.zeros((3, 4), tf.int32)], axis=1), coin((3, 1), 6)),
]
case("bilstm/train.py", "train_step", _REVIEWS)
case("bilstm/train.py", "predict", lambda load: [(a,) for a, _ in _REVIEWS(load)])

# --- autoencoder ---------------------------------------------------------------------------------

case("autoencoder/train.py", "reconstruction_loss", lambda load: [
    (rng((2, 784), 1), rng((2, 784), 2)), (rng((2, 784), 3), rng((2, 784), 4)),
    (rng((3, 5), 5), rng((3, 5), 6)),
])


def _autoencoder_batches(load: Loader) -> list[Args]:
    autoencoder = load("train").Autoencoder(code_size=4)
    optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
    images = [tf.sigmoid(rng((n, 784), seed)) for n, seed in ((4, 1), (4, 2), (2, 3))]
    return [(autoencoder, optimizer, x) for x in images]


case("autoencoder/train.py", "train_step", _autoencoder_batches)

# --- dcgan: two networks, two optimizers, a seeded tf.random.Generator at module level ----------

case("dcgan/train.py", "discriminator_loss", lambda load: [
    (rng((4, 1), 1), rng((4, 1), 2)), (rng((4, 1), 3), rng((4, 1), 4)),
    (rng((2, 1), 5), rng((6, 1), 6)),
])
case("dcgan/train.py", "generator_loss", lambda load: [
    (rng((4, 1), 1),), (rng((4, 1), 2),), (rng((7, 1), 3),),
])
case("dcgan/train.py", "train_step", lambda load: [
    (tf.tanh(rng((4, 28, 28, 1), 1)),), (tf.tanh(rng((4, 28, 28, 1), 2)),),
    (tf.tanh(rng((2, 28, 28, 1), 3)),),
])

# --- transformer: the model and the optimizer are arguments ------------------------------------


def _transformer_batches(load: Loader) -> list[Args]:
    model = load("layers").SequenceClassifier(vocab_size=64, max_length=16)
    optimizer = tf.keras.optimizers.Adam(learning_rate=2e-3)
    return [
        (model, optimizer, ints((4, 16), 1, 64), ints((4,), 2, 2)),
        (model, optimizer, ints((4, 16), 3, 64), ints((4,), 4, 2)),
        (model, optimizer, ints((2, 9), 5, 64), ints((2,), 6, 2)),
    ]


# The gradient of the attention's key bias is zero in exact arithmetic (softmax ignores a shift that
# is the same for every key), so what Adam does with it is rounding noise: that bias ends up
# near zero in both modes, with different noise (measured: up to 1.1e-5 with TF 2.21 and Keras
# 3.15, 1e-6 with earlier Keras). Adam moves a weight by about the learning rate (2e-3) per step,
# so a real difference would be 20x above this tolerance. Every other weight and slot agrees to the
# default tolerance.
case("transformer/train.py", "train_step", _transformer_batches, atol=1e-4)
case("transformer/train.py", "evaluate",
     lambda load: [(m, x, y) for m, _, x, y in _transformer_batches(load)])

# --- deep_dense ----------------------------------------------------------------------------------

case("deep_dense/train.py", "mse", lambda load: [
    (rng((4, 1), 1), rng((4, 1), 2)), (rng((4, 1), 3), rng((4, 1), 4)),
    (rng((3, 2), 5), rng((3, 2), 6)),
])



def _deep_batches(load: Loader) -> list[Args]:
    model = load("model").DeepResidualMLP(depth=25, width=8)  # the loop, shorter
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
    return [
        (model, optimizer, rng((4, 16), 1), rng((4, 1), 2)),
        (model, optimizer, rng((4, 16), 3), rng((4, 1), 4)),
        (model, optimizer, rng((2, 16), 5), rng((2, 1), 6)),
    ]


case("deep_dense/train.py", "train_step", _deep_batches)
case("deep_dense/train.py", "predict",
     lambda load: [(m, x) for m, _, x, _ in _deep_batches(load)])

# --- schedule: a tf.function step that retraces on the step number (issue 16) ------------------
# Plain `fix` removes train_step's decorator (P3: compared here with the step as written);
# `fix --repair-retracing` keeps it (tests/test_repair_equivalence.py runs that repair).

case("schedule/train.py", "forward", lambda load: [
    (rng((4, 32), 1),), (rng((4, 32), 2),), (rng((9, 32), 3),),
])
case("schedule/train.py", "mse", lambda load: [
    (rng((4, 1), 1), rng((4, 1), 2)), (rng((4, 1), 3), rng((4, 1), 4)),
    (rng((6, 1), 5), rng((6, 1), 6)),
])
case("schedule/train.py", "train_step", decorated=True, args=lambda load: [
    (rng((8, 32), 1), rng((8, 1), 2), 0), (rng((8, 32), 3), rng((8, 1), 4), 30),
    (rng((5, 32), 5), rng((5, 1), 6), 120),
])


# --- buckets: a tf.function step that retraces on every sequence length (issue 16, R3) ---------
# `fix` keeps train_step and adds reduce_retracing (tests/test_repair_equivalence.py runs R3 on
# the corpus); the helpers it calls are converted.

case("buckets/train.py", "layer_norm", lambda load: [
    (rng((2, 5, 32), 1), c([1.0] * 32)), (rng((2, 5, 32), 2), c([0.5] * 32)),
    (rng((3, 7, 32), 3), c([2.0] * 32)),
])
case("buckets/train.py", "forward", lambda load: [
    (rng((4, 8, 16), 1),), (rng((4, 8, 16), 2),), (rng((2, 12, 16), 3),),
])
case("buckets/train.py", "mse", lambda load: [
    (rng((4, 1), 1), rng((4, 1), 2)), (rng((4, 1), 3), rng((4, 1), 4)),
    (rng((6, 1), 5), rng((6, 1), 6)),
])

# --- declined for a behaviour reason: the harness must see the difference ----------------------


# HAS_PRIMITIVE_PARAMETERS, HAS_PYTHON_SIDE_EFFECTS: the print shows a symbolic tensor.
negative("transformer/train.py", "log_progress", lambda load: [
    (0, c(0.7), 1e-3), (20, c(0.5), 2e-3), (40, c(0.25), 1e-3),
])
# HAS_NUMPY_ON_TENSORS: NumPy cannot read a symbolic tensor.
negative("autoencoder/train.py", "worst_reconstructions", lambda load: [
    (load("train").Autoencoder(code_size=4), tf.sigmoid(rng((6, 784), seed)), 2)
    for seed in (1, 2, 3)
])
