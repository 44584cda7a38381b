"""What the analysis knows about TensorFlow, Keras, NumPy and the Python standard library.

This is data, not code paths: tables of qualified names (after import aliases are resolved) and of
method names, each with its category. `classify_call` and `tensor_method` read them.

TensorFlow, Keras and NumPy are described by generated tables (data/api_symbols.tsv and
data/tensor_members.tsv, written by tools/generate_api_tables.py from the installed packages):
a symbol of theirs that the table does not list is unknown, never safe. Keras 3 is listed under
`tensorflow.keras.*`, the name `normalize` gives to `keras.*` and `tf_keras.*`.
"""

from __future__ import annotations

import ast
from enum import Enum
from functools import lru_cache
from importlib import resources

from . import values as V


class Api(str, Enum):
    TENSOR_OP = "tensor_op"  # a TensorFlow op: returns a tensor, fine in graphs
    TF_STATE = "tf_state"  # TensorFlow state or output op (assign, tf.print): fine in graphs
    TF_OBJECT = "tf_object"  # constructs a TensorFlow/Keras object (layer, optimizer, tape)
    DATASET = "dataset"  # a tf.data.Dataset (or a method returning one)
    VARIABLE = "variable"  # tf.Variable(...): a tensor, and a variable creation
    KERAS_INPUT = "keras_input"  # keras.Input(...): a symbolic KerasTensor
    EAGER_ONLY = "eager_only"  # fails or changes behaviour inside a graph
    NUMPY = "numpy"  # NumPy/SciPy: pure, but reads concrete values
    PURE = "pure"  # Python code without side effects
    EFFECT = "effect"  # Python side effect: I/O, randomness, clocks, configuration
    TF_FUNCTION = "tf_function"  # tf.function itself
    RANDOM = "random"  # a tensor op drawing from a global generator: another sequence traced
    DISTRIBUTION = "distribution"  # depends on the distribution strategy's replica context
    GRAPH_ONLY = "graph_only"  # a trace-time API: fails, or answers otherwise, eagerly
    TENSOR_CONVERSION = "tensor_conversion"  # a tensor method that returns a Python value
    UNKNOWN = "unknown"


# Prefixes that mean the same module (Keras 3 is `tf.keras` in TF >= 2.16).
NORMALIZE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("tensorflow.compat.v2.", "tensorflow."),
    ("tensorflow.python.keras.", "tensorflow.keras."),
    ("tf_keras.", "tensorflow.keras."),
    ("keras.", "tensorflow.keras."),
)
NORMALIZE_EXACT = {"keras": "tensorflow.keras", "tf_keras": "tensorflow.keras",
                   "tensorflow.compat.v2": "tensorflow"}

# Libraries described by the generated table: their symbols are what the table says, or unknown.
TABLE_ROOTS = ("tensorflow", "numpy")

# Qualified-name prefixes of the other libraries, longest match wins.
PREFIXES: dict[str, Api] = {
    "scipy.": Api.NUMPY,
    "math.": Api.PURE,
    "functools.": Api.PURE,
    "itertools.": Api.PURE,
    "operator.": Api.PURE,
    # ... but for the functions that write into their first argument (`operator.setitem(TABLE,
    # k, v)` changes a global as `TABLE[k] = v` does; the in-place operators on a list): their
    # writes are not recorded, so they are unknown.
    **{f"operator.{name}": Api.UNKNOWN for name in (
        "setitem", "delitem", "__setitem__", "__delitem__", "iadd", "iand", "iconcat",
        "ifloordiv", "ilshift", "imatmul", "imod", "imul", "ior", "ipow", "irshift", "isub",
        "itruediv", "ixor", "__iadd__", "__iand__", "__iconcat__", "__ifloordiv__",
        "__ilshift__", "__imatmul__", "__imod__", "__imul__", "__ior__", "__ipow__",
        "__irshift__", "__isub__", "__itruediv__", "__ixor__")},
    "collections.": Api.PURE,
    "typing.": Api.PURE,
    "dataclasses.": Api.PURE,
    "copy.": Api.PURE,
    "enum.": Api.PURE,
    "abc.": Api.PURE,
    "re.": Api.PURE,
    "string.": Api.PURE,
    "os.path.": Api.PURE,
    "json.dumps": Api.PURE,
    "json.loads": Api.PURE,
    # Introspection of a Python object (no frames: inspect.stack() and the like stay unknown).
    **{f"inspect.{name}": Api.PURE for name in (
        "signature", "getfullargspec", "isclass", "isfunction", "ismethod", "isroutine",
        "isabstract", "getmro", "iscoroutinefunction", "isgeneratorfunction")},
    "random.": Api.EFFECT,
    "time.": Api.EFFECT,
    "datetime.": Api.EFFECT,
    "logging.": Api.EFFECT,
    "absl.logging.": Api.EFFECT,
    "warnings.": Api.EFFECT,
    "os.": Api.EFFECT,
    "sys.": Api.EFFECT,
    "shutil.": Api.EFFECT,
    "subprocess.": Api.EFFECT,
    "json.": Api.EFFECT,
    "pickle.": Api.EFFECT,
    "csv.": Api.EFFECT,
    "socket.": Api.EFFECT,
    "urllib.": Api.EFFECT,
    "requests.": Api.EFFECT,
    "pathlib.": Api.EFFECT,
    "tqdm.": Api.EFFECT,
}

# Python builtins (unqualified).
BUILTINS: dict[str, Api] = {
    **{name: Api.PURE for name in (
        "abs all any ascii bin bool bytearray bytes callable chr complex dict dir divmod "
        "enumerate filter float format frozenset getattr hasattr hash hex id int isinstance "
        "issubclass iter len list map max min next object oct ord pow range repr reversed "
        "round set slice sorted str sum super tuple type vars zip classmethod staticmethod "
        "property").split()},
    "print": Api.EFFECT,
    "open": Api.EFFECT,
    "input": Api.EFFECT,
    "exec": Api.UNKNOWN,
    "eval": Api.UNKNOWN,
    "setattr": Api.EFFECT,
    "delattr": Api.EFFECT,
    "breakpoint": Api.EFFECT,
    "__import__": Api.UNKNOWN,
}

# Why a Python effect matters, in the user's words, by qualified prefix or builtin.
EFFECT_REASONS: dict[str, str] = {
    "print": "print()",
    "open": "file I/O (open())",
    "input": "input()",
    "setattr": "setattr()",
    "delattr": "delattr()",
    "logging.": "logging",
    "absl.logging.": "logging (absl)",
    "random.": "Python random",
    "numpy.random.": "NumPy random state",
    "time.": "reads the clock (time)",
    "datetime.": "reads the clock (datetime)",
    "os.": "os call",
    "sys.": "sys call",
    "tensorflow.config.": "changes TensorFlow configuration",
    "tensorflow.random.set_seed": "sets the global seed",
}

# Method names, by receiver kind (tensor methods: the generated tensor_members table).
TF_STATE_METHODS = frozenset({
    "assign", "assign_add", "assign_sub", "scatter_update", "scatter_add", "scatter_nd_update",
    "apply_gradients", "minimize", "update_state", "reset_state", "reset_states", "watch",
    "add_weight", "add_loss", "add_metric", "add_variable", "build", "set_weights",
    "stop_recording", "reset", "write", "flush", "stack", "unstack",
})
KERAS_EAGER_ONLY_METHODS = frozenset({
    "fit", "predict", "evaluate", "train_on_batch", "test_on_batch", "predict_on_batch",
    "numpy",
})
# Ops that return None eagerly and an Operation while traced (measured, TF 2.21: a tf.function
# returning tf.debugging.assert_less/assert_equal/assert_rank/assert_positive, tf.Assert,
# tf.print, tf.group or tf.no_op raised TypeError "must return zero or more Tensors" on every
# call; assert_all_finite returns its tensor both ways). Seen in opennmt-tf 2.32.0
# data/text.py: `return tf.debugging.assert_less(...)` in `_assert_in_range`, proposed before.
OPERATION_RESULTS = frozenset({
    "tensorflow.print", "tensorflow.group", "tensorflow.no_op", "tensorflow.Assert",
    "tensorflow.debugging.Assert"})
RETURNS_ITS_TENSOR = frozenset({"tensorflow.debugging.assert_all_finite"})


# Ops that give a tuple of Python ints eagerly (the static shape) and tensors traced (measured,
# Keras 3.15: a tf.function returning `keras.ops.shape(x)` returned EagerTensors where the eager
# call returned ints; psiz 0.13.1 BraidGate._pre_combine returns it): a value of unknown type.
STATIC_SHAPE_OPS = frozenset({"tensorflow.keras.ops.shape"})
# Ops whose result's shape depends on the values of their inputs: traced, its static shape has
# None where eagerly it has the number (calls.py: V.DYNAMIC_TENSOR; an audit of session 20,
# `tf.zeros(tf.boolean_mask(x, m).shape)` raised ValueError traced). `tf.where` with one
# argument only.
DATA_DEPENDENT_SHAPES = frozenset({
    "tensorflow.boolean_mask", "tensorflow.unique", "tensorflow.unique_with_counts",
    "tensorflow.where", "tensorflow.dynamic_partition", "tensorflow.math.bincount",
    "tensorflow.repeat", "tensorflow.image.non_max_suppression", "tensorflow.strings.split",
    "tensorflow.math.unsorted_segment_sum", "tensorflow.math.segment_sum",
    "tensorflow.sparse.to_dense", "tensorflow.compat.v1.boolean_mask",
    # A fifth soundness audit, session 21 (tf.data and preprocessing): Python code's result, a
    # decoded image or byte string, a parsed example's variable-length feature, split strings.
    "tensorflow.py_function", "tensorflow.numpy_function", "tensorflow.compat.v1.py_func",
    "tensorflow.io.decode_png", "tensorflow.io.decode_jpeg", "tensorflow.io.decode_image",
    "tensorflow.io.decode_gif", "tensorflow.io.decode_bmp", "tensorflow.io.decode_raw",
    "tensorflow.image.decode_png", "tensorflow.image.decode_jpeg",
    "tensorflow.image.decode_image", "tensorflow.io.parse_single_example",
    "tensorflow.io.parse_example", "tensorflow.io.parse_tensor",
    "tensorflow.strings.bytes_split", "tensorflow.strings.unicode_split"})
# Ops whose result's shape an argument gives: given as a tensor (or of unknown type), that shape
# depends on the values (traced, None where eagerly a number; calls._value_shaped). Op ->
# (position, keyword, whether leaving it out makes the values decide) per argument. Measured
# with TF 2.21 (session 34's red team C, p125, p126): an unbuilt Dense layer given
# `tf.sequence_mask(lengths)` without `maxlen` (its length is `max(lengths)`), or
# `tf.one_hot(ids, depth=tf.reduce_max(ids) + 1)`, raised ValueError traced (no None dimensions
# in a variable's shape), and returned eagerly. `tf.range(n)` of a tensor `n` (an audit of
# session 20).
SIZE_ARGUMENTS: dict[str, tuple[tuple[int | None, str, bool], ...]] = {
    "tensorflow.range": ((0, "start", False), (1, "limit", False), (2, "delta", False)),
    "tensorflow.sequence_mask": ((1, "maxlen", True),),
    "tensorflow.one_hot": ((1, "depth", False),),
    "tensorflow.compat.v1.one_hot": ((1, "depth", False),),
    "tensorflow.compat.v1.sequence_mask": ((1, "maxlen", True),),
}
# A RaggedTensor built from row lengths, splits or ids: its `to_tensor()` pads to the longest
# row, which the values decide (measured, TF 2.21, session 34's red team C, p128:
# `tf.RaggedTensor.from_row_lengths(values, lens).to_tensor()` into an unbuilt Dense layer
# raised ValueError traced). Every constructor of the class and of tf.ragged (default-deny).
RAGGED_FACTORIES = ("tensorflow.RaggedTensor.from_", "tensorflow.ragged.")
# Dataset methods and constructors that draw their seeds from the global seed when given none
# (a fifth soundness audit, session 21: a traced `shuffle(8)` shuffled the same way at every
# call, eagerly each call differed under one `tf.random.set_seed`): name -> the position of
# their `seed` argument. STATEFUL_RANDOM, as for tf.random's ops.
DATASET_DRAWS = {"shuffle": 1, "random": 0, "sample_from_datasets": 2}
# Keras APIs that run a Python callable they are given on symbolic inputs, in a scratch graph:
# a Lambda layer to compute its output shape (Keras 3.15 `Lambda.compute_output_shape` runs
# `backend.compute_output_spec(self.function, ...)`), the higher-order ops when given Keras
# symbolic tensors (a functional model's builder: `keras.ops.map(fn, inputs)` runs `fn` through
# `compute_output_spec`). API -> (positions, keywords) of the callables it is given; read off
# the Keras 3.15 signatures. Measured: a layer first called by such a callable, in keras.Sequential
# or a functional model on keras.Input, decorated, lost its gradients
# (tests/fixtures/lost_layers/lambdas, opsmap; keras_build.symbolic_callables).
SYMBOLIC_CALLABLE_APIS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "tensorflow.keras.layers.Lambda": ((0,), ("function",)),
    "tensorflow.keras.ops.map": ((0,), ("f",)),
    "tensorflow.keras.ops.scan": ((0,), ("f",)),
    "tensorflow.keras.ops.associative_scan": ((0,), ("f",)),
    "tensorflow.keras.ops.vectorized_map": ((0,), ("function",)),
    "tensorflow.keras.ops.fori_loop": ((2,), ("body_fun",)),
    "tensorflow.keras.ops.while_loop": ((0, 1), ("cond", "body")),
    "tensorflow.keras.ops.cond": ((1, 2), ("true_fn", "false_fn")),
    "tensorflow.keras.ops.switch": ((1,), ("branches",)),
}
# The last part of each of their names: most calls are none of them, told without normalizing.
_SYMBOLIC_CALLABLE_NAMES = frozenset(api.rpartition(".")[2] for api in SYMBOLIC_CALLABLE_APIS)


def symbolic_callable_api(static: str | None, method: str | None) -> str | None:
    """The API of SYMBOLIC_CALLABLE_APIS a call calls (by its qualified name; a method call
    is none of them), or None."""
    if method is not None or static is None or \
            static.rpartition(".")[2] not in _SYMBOLIC_CALLABLE_NAMES:
        return None
    api = normalize(static)
    return api if api in SYMBOLIC_CALLABLE_APIS else None


# Control flow that runs only what its predicate picks eagerly, but builds every branch (or the
# loop body once, with shape invariants) in a graph: a branch that cannot be built for the
# inputs at hand fails only as a tf.function. Measured, TF 2.21: `tf.cond(tf.size(x) > 0,
# lambda: x[0], ...)` on an empty x gives the default eagerly and ValueError traced (static index
# out of range); branches of other dtypes give TypeError traced; a `tf.while_loop` whose body
# grows its tensor runs eagerly and raises ValueError traced (shape invariant).
# Ops that need a static dimension of their first argument, unless given `num`
# (calls.call_library, for a tensor whose shape depends on its values).
STATIC_DIMENSION_OPS = frozenset({"tensorflow.unstack", "tensorflow.keras.ops.unstack",
                                  "tensorflow.compat.v1.unstack"})
# Ops that take Python values and NumPy arrays only: given a tensor they copy it eagerly and
# raise TypeError while traced (measured, TF 2.21, tests/fixtures/soundness/eager_checks.py).
NON_TENSOR_ONLY = frozenset({"tensorflow.constant"})
# A variable's updates, which return the variable itself eagerly (read when used) and a tensor
# of the value then in a graph (calls.py).
VARIABLE_UPDATES = ("assign", "scatter_", "batch_scatter_update")
# Keyword arguments of a Keras object that take code it runs later (an initializer runs once,
# when the object is built: not one), and the objects whose first argument is code (a wrapped
# layer, a Lambda's function, a cell; an optimizer's learning rate): calls.holds_code,
# bodies.library_constructor.
CODE_SLOTS = ("activation", "regularizer", "constraint", "function", "learning_rate", "layer",
              "cell", "schedule", "fn")
CODE_FIRST = frozenset({"Lambda", "TimeDistributed", "Bidirectional", "RNN", "Wrapper"})
# Tensor ops a graph keeps when their result is unused (stateful: tf.py_function runs its
# Python on every call, measured): calls.call_library's unused-result hazard spares them.
# (Not tf.ensure_shape: it checks while tracing only what the static shape shows; a shape known
# at run time only is checked by an op a graph prunes, measured with TF 2.21, session 27.)
STATEFUL_TENSOR_OPS = frozenset({"tensorflow.py_function"})
# Ops whose pruning nothing can observe (the unused-result hazard spares them): Shape, Size and
# Rank read a tensor's metadata and cannot fail once made (`batch, n, _ = tf.shape(x)` never
# read), and what `tf.constant`/`tf.convert_to_tensor` raise they raise while tracing, in Python.
# Not ones_like/zeros_like or cast, whose kernels do not exist for every dtype.
_UNOBSERVED_TAILS = frozenset({"shape", "size", "rank", "shape_n", "constant", "convert_to_tensor",
                               "is_tensor"})


def unobserved_when_pruned(qualified: str) -> bool:
    """tf.shape, keras.ops.shape, tf.compat.v1.size, tf.constant, ... (_UNOBSERVED_TAILS)."""
    return qualified.rsplit(".", 1)[-1] in _UNOBSERVED_TAILS and \
        qualified.startswith(("tensorflow.", "keras.", "tf_keras."))
# Ops that return what one argument holds, in its structure: `tf.while_loop(c, b, (i, acc))`
# returns a tuple where `loop_vars` is one (unpacking it unpacks a tuple). op -> (position,
# keyword) of that argument; calls.call_library.
STRUCTURE_OF_ARGUMENT = {
    "tensorflow.while_loop": (2, "loop_vars"),
    "tensorflow.keras.ops.while_loop": (2, "loop_vars"),
    "tensorflow.python.ops.while_loop.while_loop_v2": (2, "loop_vars"),
}
GRAPH_BUILDS_EVERY_BRANCH = frozenset({
    "tensorflow.cond", "tensorflow.case", "tensorflow.switch_case", "tensorflow.while_loop",
    "tensorflow.keras.ops.cond", "tensorflow.keras.ops.switch", "tensorflow.keras.ops.while_loop",
    "tensorflow.python.ops.cond.cond_for_tf_v2",
    "tensorflow.python.ops.control_flow_switch_case.switch_case",
    "tensorflow.python.ops.while_loop.while_loop_v2",
    "tensorflow.compat.v1.cond", "tensorflow.compat.v1.case", "tensorflow.compat.v1.switch_case",
    "tensorflow.compat.v1.while_loop",
    # A Python loop eagerly, a while loop with fixed shapes traced: an accumulator that grows
    # raises ValueError traced only (a red team of session 23, TF 2.21; tf.scan raises both ways).
    "tensorflow.keras.ops.fori_loop", "tensorflow.foldl", "tensorflow.foldr",
    "tensorflow.compat.v1.foldl", "tensorflow.compat.v1.foldr",
    # The Keras backend's wrappers of the same (session 33's red team B: `K.switch(tf.size(s) >
    # 0, lambda: s[0], ...)` on an empty `s`, a `K.foldl` or `K.foldr` accumulator that grows:
    # a value eagerly, ValueError traced), and a map whose function is built once for an
    # element of the batch (`K.map_fn(lambda seq: seq[0], ids)` of an empty batch: ValueError
    # traced, an empty result eagerly)
    "tensorflow.keras.backend.switch", "tensorflow.keras.backend.foldl",
    "tensorflow.keras.backend.foldr", "tensorflow.keras.backend.map_fn", "tensorflow.map_fn",
    "tensorflow.compat.v1.map_fn"})


def prunable_op(qualified: str, api: Api) -> bool:
    """A tensor op a graph prunes when nothing kept uses its result, with an effect to see
    (what it raises or runs): not stateful, not an assertion, not one of
    unobserved_when_pruned, not one whose failures are its inputs' static shapes
    (pruned_still_raise)."""
    return api is Api.TENSOR_OP and _without_state(qualified) and \
        not unobserved_when_pruned(qualified) and qualified not in pruned_still_raise()


def stateless_op(qualified: str) -> bool:
    """A tensor op of the API table that a graph keeps only for its result: not stateful, not
    an assertion (liveness: its inputs are computed only if it is kept)."""
    return classify_call(qualified) is Api.TENSOR_OP and _without_state(qualified)


def _without_state(qualified: str) -> bool:
    return qualified not in STATEFUL_TENSOR_OPS and not returns_operation(qualified)


def prunable_call(static: str | None) -> bool:
    """prunable_op of a call site's qualified name (CallSite.static), None for a method."""
    if static is None:
        return False
    qualified = normalize(static)
    return prunable_op(qualified, classify_call(qualified))


@lru_cache(maxsize=1)
def pruned_still_raise() -> frozenset[str]:
    """Ops whose unused result still raises traced (data/pruned_failures.tsv,
    tools/probe_pruned_failures.py): they fail on their inputs' static shapes, which shape
    inference rejects as the op is made while tracing, before pruning (`tf.concat`,
    `tf.where`, `tf.add` of incompatible shapes: a ValueError traced, TRACE_TIME_ERRORS). Not
    `tf.math.cumsum` (an axis out of range is checked when it runs), not the ops failing on
    values (`tf.gather`, `tf.strings.to_number`, `tf.cast` of strings), which are not probed."""
    return frozenset(row[0] for row in _rows("pruned_failures.tsv")
                     if row[3].startswith(("both raise", "both return")))


def returns_operation(qualified: str) -> bool:
    return qualified in OPERATION_RESULTS or qualified.startswith(
        ("tensorflow.debugging.assert_", "tensorflow.assert_")) and \
        qualified not in RETURNS_ITS_TENSOR


# Methods of TensorFlow objects that fail in a graph (measured, TF 2.21: a tf.function calling
# `dataset.as_numpy_iterator()` raised RuntimeError "only supported in eager mode", and one
# calling `tf.train.Checkpoint(...).restore(path)` TypeError; eagerly both work). Objects are
# not told apart by class: `ckpt.read(path)` fails the same way, but a TensorArray's `read` is
# an op, so `read` stays a gap.
# `layer.get_weights()` reads each weight with `.numpy()`: NotImplementedError in a tf.function
# (measured, Keras 3.15; tests/fixtures/soundness/weights.py), an eager read otherwise.
EAGER_ONLY_OBJECT_METHODS = frozenset({"as_numpy_iterator", "restore", "restore_or_initialize",
                                       "get_weights"})
# Checkpoint objects, told apart from other TensorFlow objects (values.TF_CHECKPOINT) for the
# methods whose name an op shares: `Checkpoint.read(path)` raised TypeError in a tf.function and
# restored the variable on every eager call (measured, TF 2.21, tests/fixtures/soundness/
# checkpoints.py), where a TensorArray's `read` is an op. `CheckpointManager.
# restore_or_initialize()` raised TypeError too. (`write` works traced and writes on every call;
# `save` raised NotImplementedError / AttributeError: an I/O effect, TF_OBJECT_EFFECT_METHODS.)
CHECKPOINT_CLASSES = frozenset({
    "tensorflow.train.Checkpoint", "tensorflow.train.CheckpointManager",
    "tensorflow.python.checkpoint.checkpoint.Checkpoint",
    "tensorflow.python.checkpoint.checkpoint_management.CheckpointManager",
    "tensorflow.python.training.training.Checkpoint",
})
EAGER_ONLY_KIND_METHODS = {"checkpoint": frozenset({"read", "restore", "restore_or_initialize"})}


def object_value(qualified: str) -> str:
    """The value of a TensorFlow object made by calling this (normalized) class."""
    return V.TF_CHECKPOINT if qualified in CHECKPOINT_CLASSES else V.TF_OBJECT


def eager_only_method(kind: str, method: str) -> bool:
    """A method of a TensorFlow object of this kind (`tfo:KIND`) that only works eagerly."""
    return method in EAGER_ONLY_OBJECT_METHODS or \
        method in EAGER_ONLY_KIND_METHODS.get(kind, frozenset())
# Library ops that return a tuple whose positions differ in kind, by position (unpacking
# their result gives each target its own): `tf.clip_by_global_norm(t_list, clip_norm)` returns
# (list_clipped, a list of tensors like `t_list`; global_norm, a scalar tensor), per its
# documentation and measured with TF 2.21 (tests/corpus/kerascall/functional_steps.py). Other
# multi-output ops (multi_output_ops.tsv) give a tensor at every position.
TUPLE_RESULTS: dict[str, tuple[str, ...]] = {
    "tensorflow.clip_by_global_norm": ("listT", "T"),
}
# Methods of Keras and TensorFlow objects that change TensorFlow state: an optimizer's update
# (its variables, slots and `iterations`), a metric's, a variable's. Measured with TF 2.21 /
# Keras 3.15 (tests/corpus/kerascall/functional_steps.py): a traced training step whose loss op
# fails on a label out of range has advanced `optimizer.iterations` (the update does not use the
# loss), where eagerly the step stops at the loss (the FAILED_CALL_STATE assumption).
TF_OBJECT_STATE_METHODS = frozenset({
    "apply_gradients", "minimize", "apply", "update_state", "reset_state", "reset_states",
    "assign", "assign_add", "assign_sub",
})
TF_OBJECT_EFFECT_METHODS = frozenset({
    "save", "save_weights", "load_weights", "summary", "compile", "export", "save_spec",
})
DATASET_METHODS = frozenset({
    "batch", "map", "shuffle", "prefetch", "repeat", "take", "skip", "cache", "filter",
    "padded_batch", "unbatch", "zip", "concatenate", "interleave", "flat_map", "enumerate",
    "window", "apply", "with_options", "rebatch", "shard", "from_tensor_slices", "from_tensors",
    "range", "from_generator", "list_files",
})
# compute_output_shape returns a shape (a tuple of ints and None, Keras 3.15), not a tensor: a
# `build` that passes it on to a sublayer's `build` passes no tensor.
TF_OBJECT_PURE_METHODS = frozenset({"get_config", "count_params", "compute_output_shape"})
# Settings of a library object whose setter assigns a number or tensor into a variable the
# object holds (Keras 3.15 BaseOptimizer.learning_rate: `self._learning_rate.assign(value)`;
# tf_keras's `_set_hyper`, `lr` its alias): a graph reads the variable when it runs, so storing
# a number or a tensor there changes nothing a trace kept (a schedule or another callable
# replaces the object: that store counts, facts.library_setting_write). The value use that
# records what such a store stores (bodies.bind_target):
VARIABLE_SETTINGS = frozenset({"learning_rate", "lr"})
STORED_SETTING = "setting-stored"
# Methods of library layers, models and optimizers that change what their later calls do (the
# public methods of keras/src 3.15 that store attributes on `self`, scanned by
# tools/scan_configuring_methods.py, kept where a later call reads what they store):
# `enable_lora` and `quantize` (Dense, EinsumDense, Embedding, convolutions: another `call`
# path), `exclude_from_weight_decay` (read by `apply_gradients`), `adapt`, `finalize_state` and
# `set_vocabulary` (Normalization's statistics, a lookup layer's table, Discretization's bins),
# a Sequential's `add` and `pop` (SEQUENTIAL_METHODS). Measured with TF 2.21
# (tests/fixtures/configured_layers): a forward pass traced before `enable_lora`,
# `set_vocabulary` or `adapt` keeps what it traced.
# A call of one counts as a store of a setting (facts.library_setting_write).
CONFIGURING_METHODS = frozenset({
    "enable_lora", "quantize", "exclude_from_weight_decay", "adapt", "finalize_state",
    "set_vocabulary",
})
# A Sequential's: the names of every list's and dict's methods too, so they count only on a
# value that is a library model.
SEQUENTIAL_METHODS = frozenset({"add", "pop"})
SETTING_METHODS = CONFIGURING_METHODS | SEQUENTIAL_METHODS

# Mutating methods of Python containers and objects: a side effect on the receiver.
MUTATING_METHODS = frozenset({
    "append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "add",
    "discard", "setdefault", "sort", "reverse", "__setitem__", "__delitem__", "write",
    "writelines", "put", "send", "close", "appendleft", "extendleft",
    # collections.deque, set, OrderedDict, Counter, array.array, in-place operators called by
    # name (a soundness audit: `SCHEDULE.rotate(-1)` on a deque read by a converted function)
    "rotate", "popleft", "difference_update", "intersection_update",
    "symmetric_difference_update", "move_to_end", "subtract", "fromlist", "frombytes",
    "fromunicode", "__iadd__", "__isub__", "__imul__", "__ior__", "__iand__", "__ixor__",
    "__setattr__", "__delattr__", "__next__",
})
# Methods of random generators (numpy.random.Generator's, random.Random's) that shuffle their
# first argument in place (`rng.shuffle(self.perm)`; a fifth soundness audit, session 21).
SHUFFLING_METHODS = frozenset({"shuffle"})
# Methods of Python values that are known not to write anything.
PURE_METHODS = frozenset({
    "get", "keys", "values", "items", "copy", "index", "count", "format", "join", "split",
    "strip", "lower", "upper", "replace", "startswith", "endswith", "encode", "decode",
    "__getitem__", "__len__", "bit_length", "is_integer", "as_list", "rstrip", "lstrip",
})

# Ops whose `name` parameter sits at this positional index (0-based): `tf.exp(x, 3)` passes 3
# as `name`, which eager execution ignores and graph building rejects.
NAME_POSITION: dict[str, int] = {
    **{f"tensorflow.{op}": 1 for op in (
        "exp", "math.exp", "math.log", "sqrt", "math.sqrt", "square", "math.square", "abs",
        "math.abs", "negative", "math.negative", "sigmoid", "math.sigmoid", "tanh", "math.tanh",
        "nn.relu", "nn.sigmoid", "nn.tanh", "nn.softplus", "math.softplus", "sign", "math.sign",
        "floor", "math.floor", "round", "math.round", "ceil", "math.ceil", "identity",
        "math.reciprocal", "reciprocal", "math.rsqrt", "rsqrt", "math.log1p", "math.expm1",
        "sin", "math.sin", "cos", "math.cos", "zeros_like", "ones_like", "stop_gradient",
        "size", "rank", "math.is_nan", "math.is_finite", "nn.l2_loss",
    )},
    **{f"tensorflow.{op}": 2 for op in (
        "add", "math.add", "subtract", "math.subtract", "multiply", "math.multiply",
        "divide", "math.divide", "maximum", "math.maximum", "minimum", "math.minimum",
        "pow", "math.pow", "math.squared_difference", "squared_difference", "equal",
        "math.equal", "greater", "math.greater", "less", "math.less", "realdiv",
        "math.truediv", "truediv", "math.floordiv", "floordiv", "math.mod", "mod",
    )},
    **{f"tensorflow.{op}": 3 for op in (
        "reduce_sum", "math.reduce_sum", "reduce_mean", "math.reduce_mean", "reduce_max",
        "math.reduce_max", "reduce_min", "math.reduce_min", "reduce_prod", "math.reduce_prod",
        "reduce_any", "math.reduce_any", "reduce_all", "math.reduce_all", "reduce_logsumexp",
        "math.reduce_logsumexp", "concat",
    )},
}
NAME_POSITION["tensorflow.concat"] = 2
NAME_POSITION["tensorflow.cast"] = 2
NAME_POSITION["tensorflow.reshape"] = 2
NAME_POSITION["tensorflow.transpose"] = 3

# Ops that call the Python function they receive when the op runs, in a graph too: its effects
# happen on every call either way (tf.function itself is handled as a wrapper).
CALLS_AT_RUN_TIME = frozenset({"tensorflow.py_function", "tensorflow.numpy_function",
                               "tensorflow.compat.v1.py_func"})

# NumPy functions that write into their first argument in place (besides the ufuncs' `.at`):
# a write to that array's owner, local when the array was created in the call.
IN_PLACE_NUMPY = frozenset({"numpy.copyto", "numpy.put", "numpy.place", "numpy.putmask",
                            "numpy.fill_diagonal", "numpy.put_along_axis"})


# Python's functions that change the object given as their first argument in place.
FIRST_ARGUMENT_WRITERS = frozenset({
    "heapq.heappush", "heapq.heappop", "heapq.heapify", "heapq.heapreplace",
    "heapq.heappushpop", "random.shuffle", "bisect.insort", "bisect.insort_left",
    "bisect.insort_right", "numpy.random.shuffle",
    # operator's functions that change their first argument in place (soundness audit:
    # `operator.setitem(CFG, "margin", 2.0)` between calls of a converted reader of CFG)
    "operator.setitem", "operator.delitem", "operator.__setitem__", "operator.__delitem__",
    "operator.iadd", "operator.isub", "operator.imul", "operator.iconcat", "operator.ior",
    "operator.iand", "operator.ixor", "operator.__iadd__", "operator.__isub__",
    "operator.__imul__", "operator.__iconcat__", "operator.__ior__", "operator.__iand__",
    "operator.__ixor__"})
# TensorFlow ops whose result is a bool tensor whatever they are given (bodies.bool_valued).
BOOL_OPS = frozenset(f"tensorflow.{prefix}{name}" for prefix in ("", "math.") for name in (
    "reduce_all", "reduce_any", "logical_and", "logical_or", "logical_not", "logical_xor",
    "equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "is_finite",
    "is_inf", "is_nan"))
# Methods of a NumPy array that change it in place.
NUMPY_IN_PLACE_METHODS = frozenset({"fill", "sort", "resize", "put", "itemset", "partition",
                                    "setfield", "byteswap"})
# Builtin container types whose methods, called unbound (`dict.update(CONFIG, d)`,
# `list.append(ITEMS, x)`), change their first argument.
CONTAINER_TYPES = ("dict", "list", "set", "bytearray", "collections.OrderedDict",
                    "collections.defaultdict", "collections.deque", "collections.Counter")


def argument_writes(qualified: str, api: Api, arg_roots: list[str],
                    kwarg_roots: dict[str, str]) -> list[tuple[str, str]]:
    """(root, words) of the arguments a library call changes in place: the first argument of
    FIRST_ARGUMENT_WRITERS and of a container type's mutating method called unbound; the `out`
    array of a NumPy function."""
    out: list[tuple[str, str]] = []
    owner, _, method = qualified.rpartition(".")
    if arg_roots and (qualified in FIRST_ARGUMENT_WRITERS or (
            owner in CONTAINER_TYPES and method in MUTATING_METHODS)):
        out.append((arg_roots[0], "its first argument"))
    if api is Api.NUMPY and "out" in kwarg_roots:
        out.append((kwarg_roots["out"], "its `out` array"))
    return out


def writes_first_argument(qualified: str) -> bool:
    return qualified in IN_PLACE_NUMPY or (
        qualified.startswith("numpy.") and qualified.endswith(".at") and
        classify_call(qualified) is Api.NUMPY)


# What NumPy's random functions and the methods of its generators (`np.random.default_rng(0)`,
# `np.random.RandomState(0)`) draw: NumPy arrays (or NumPy scalars). The call stays an effect
# (NumPy's random state); only its result is known.
NUMPY_DRAWS = frozenset({
    "normal", "uniform", "standard_normal", "random", "rand", "randn", "randint", "integers",
    "binomial", "poisson", "exponential", "beta", "gamma", "choice", "permutation",
    "multinomial", "multivariate_normal", "random_sample", "laplace", "lognormal",
    "truncated_normal", "dirichlet", "bernoulli", "geometric",
})


def numpy_draw(qualified: str) -> bool:
    """`np.random.normal(...)`, `np.random.default_rng(0).normal(...)`: returns a NumPy array."""
    return qualified.startswith("numpy.random.") and \
        qualified.rsplit(".", 1)[-1] in NUMPY_DRAWS


# TensorFlow ops that behave the same on a NumPy array as their first argument eagerly and on the
# tensor a graph makes of it, when no other argument is a tensor or an array (TF 2.21, float64,
# int64 and bool arrays: same values, or the same exception class). Not listed because they
# differ: `tf.one_hot` (a float array works eagerly, fails traced), any op with the array after
# a Python number (`tf.maximum(0.5, a)` converts the array to float32 eagerly), and the math ops
# (`tf.reduce_sum`, `tf.exp`, `tf.nn.relu`, ...), which on an unsupported dtype raise
# InvalidArgumentError eagerly and TypeError traced.
ARRAY_FIRST_OPS = frozenset(f"tensorflow.{op}" for op in (
    "shape", "size", "rank", "reshape", "transpose", "expand_dims", "squeeze", "argmax",
    "identity", "zeros_like", "ones_like", "stop_gradient", "tile", "gather", "clip_by_value",
    "maximum", "convert_to_tensor", "cast",
))

_DTYPES = frozenset({
    "float16", "float32", "float64", "bfloat16", "int8", "int16", "int32", "int64", "uint8",
    "uint16", "uint32", "uint64", "bool", "bool_", "string", "complex64", "complex128",
})


def is_dtype(qualified: str) -> bool:
    """`tf.float32`, `np.int64`: a dtype object, not a tensor."""
    module, _, name = qualified.rpartition(".")
    return module in ("tensorflow", "tensorflow.dtypes", "numpy") and name in _DTYPES


# Conversions whose `dtype` fixes the dtype of a Python argument.
DTYPE_COERCIONS = frozenset({"tensorflow.constant", "tensorflow.convert_to_tensor"})

# Creating ops whose shape and dtype are readable from the call (for input_signature inference).
SHAPED_CONSTRUCTORS = frozenset({
    "tensorflow.zeros", "tensorflow.ones", "tensorflow.fill", "tensorflow.random.normal",
    "tensorflow.random.uniform", "tensorflow.random.truncated_normal",
    "tensorflow.random.stateless_normal", "tensorflow.random.stateless_uniform",
    "tensorflow.random.stateless_truncated_normal",
})
FLOAT_DEFAULT = "float32"
# Where these creators take `dtype` positionally (`tf.constant([1.0], tf.float64)`, `tf.ones([3],
# tf.int64)`): read from the keyword only, such tensors were taken for float32 ones and
# --infer-signatures wrote a float32 input_signature that the calls' tensors then failed
# (tests/fixtures/soundness/positional_dtypes.py). tf.fill has no dtype: its value's decides.
DTYPE_POSITIONS = {
    "tensorflow.constant": 1, "tensorflow.zeros": 1, "tensorflow.ones": 1,
    "tensorflow.random.normal": 3, "tensorflow.random.uniform": 3,
    "tensorflow.random.truncated_normal": 3, "tensorflow.random.stateless_normal": 4,
    "tensorflow.random.stateless_uniform": 4, "tensorflow.random.stateless_truncated_normal": 4,
    "tensorflow.range": 3, "tensorflow.keras.ops.arange": 3,
}
# Vectors of the dtype their call names (`tf.range(n, dtype="int32")`); without one, of the
# bounds' dtype, which the summary does not see.
RANGE_CREATORS = frozenset({"tensorflow.range", "tensorflow.keras.ops.arange"})


def constructor_dtype(qualified: str, call: ast.Call) -> str | None:
    """The dtype a creator call gives its tensor, by name (`float64`); "" for tf.constant
    without one (its literal decides); None when the call does not show it (`dtype=x.dtype`, a
    variable, tf.fill's value, tf.range's bounds)."""
    qualified = normalize(qualified)
    node = next((kw.value for kw in call.keywords if kw.arg == "dtype"), None)
    position = DTYPE_POSITIONS.get(qualified)
    if node is None and position is not None and len(call.args) > position:
        node = call.args[position]
    if node is None:
        if qualified == "tensorflow.constant":
            return ""
        return None if qualified == "tensorflow.fill" or qualified in RANGE_CREATORS \
            else FLOAT_DEFAULT
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        name = node.value
    elif isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Name, ast.Attribute)):
        name = node.attr  # tf.float64, tensorflow.dtypes.int64, np.float16
    else:
        return None
    return name if name in _DTYPES and name != "bool_" else None

INT32_RANGE = range(-2**31, 2**31)
INT64_RANGE = range(-2**63, 2**63)


def literal_dtype(node: ast.AST) -> str | None:
    """The dtype TensorFlow converts a number literal to (`3`, `-2.5`): float32 for a float,
    int32 for an int in its range, int64 beyond it (measured with TF 2.21:
    tf.constant(5_000_000_000), tf.constant([1, 5_000_000_000]), tf.constant(-2**31 - 1) are
    int64); None for anything else (a bool, an int beyond int64, which TensorFlow refuses)."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if not isinstance(node, ast.Constant) or type(node.value) not in (int, float):
        return None
    if isinstance(node.value, float):
        return "float32"
    value = sign * node.value
    if value in INT32_RANGE:
        return "int32"
    return "int64" if value in INT64_RANGE else None


def combined_literal_dtype(dtypes: set[str]) -> str | None:
    """The dtype of a list of number literals of these dtypes: float32 if one is a float (TF
    2.21: tf.constant([1, 5_000_000_000, 2.5]) is float32), else int64 if one needs it."""
    for dtype in ("float32", "int64", "int32"):
        if dtype in dtypes:
            return dtype
    return None


# Keras base classes: a subclass's `call` receives tensors; `build` creates weights.
KERAS_BASES = frozenset({
    "tensorflow.keras.Model", "tensorflow.keras.layers.Layer", "tensorflow.keras.Layer",
    "tensorflow.keras.models.Model", "tensorflow.keras.Sequential",
    "tensorflow.keras.models.Sequential", "tensorflow.Module", "tensorflow.keras.layers.Dense",
    "tensorflow.keras.metrics.Metric", "tensorflow.keras.losses.Loss",
})
KERAS_LAYER_BASES = frozenset({
    "tensorflow.keras.Model", "tensorflow.keras.layers.Layer", "tensorflow.keras.Layer",
    "tensorflow.keras.models.Model", "tensorflow.keras.Sequential",
    "tensorflow.keras.models.Sequential",
})
KERAS_MODEL_BASES = frozenset({
    "tensorflow.keras.Model", "tensorflow.keras.models.Model", "tensorflow.keras.Sequential",
    "tensorflow.keras.models.Sequential",
})

# Attributes of Keras' own layers that hold one variable (Dense, Conv*, Embedding,
# BatchNormalization, LayerNormalization, LSTM/GRU cells).
KERAS_LAYER_VARIABLES = frozenset({
    "kernel", "bias", "embeddings", "recurrent_kernel", "depthwise_kernel", "pointwise_kernel",
    "moving_mean", "moving_variance", "gamma", "beta",
})

# Type hints that mean "a tensor".
TENSOR_HINTS = frozenset({
    "tensorflow.Tensor", "tensorflow.Variable", "tensorflow.RaggedTensor",
    "tensorflow.SparseTensor", "tensorflow.types.experimental.TensorLike",
})



@lru_cache(maxsize=65536)
def normalize(qualified: str) -> str:
    """Map the spellings of one API to one name (`keras.layers.Dense` -> `tensorflow.keras...`)."""
    if qualified in NORMALIZE_EXACT:
        return NORMALIZE_EXACT[qualified]
    for prefix, replacement in NORMALIZE_PREFIXES:
        if qualified.startswith(prefix):
            return replacement + qualified[len(prefix):]
    return qualified


def is_tensorflow(qualified: str) -> bool:
    return qualified == "tensorflow" or qualified.startswith("tensorflow.")


@lru_cache(maxsize=65536)
def classify_call(qualified: str) -> Api:
    """The category of calling the library object with this (normalized) qualified name."""
    if "." not in qualified:
        return BUILTINS.get(qualified, Api.UNKNOWN)
    if qualified.split(".", 1)[0] in TABLE_ROOTS:
        entry = api_symbols().get(qualified)
        return entry[0] if entry else Api.UNKNOWN
    best = ""
    for prefix in PREFIXES:
        if qualified.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return PREFIXES[best] if best else Api.UNKNOWN


def table_rule(qualified: str) -> str | None:
    """Why the table classifies this symbol as it does (None: not in the table)."""
    entry = api_symbols().get(qualified)
    return entry[1] if entry else None


def in_table_library(qualified: str) -> bool:
    return qualified.split(".", 1)[0] in TABLE_ROOTS


# Most conservative first: a member name shared by several tensor types takes the first.
_MEMBER_ORDER = (Api.UNKNOWN, Api.GRAPH_ONLY, Api.EAGER_ONLY, Api.TENSOR_CONVERSION,
                 Api.DISTRIBUTION, Api.EFFECT, Api.RANDOM, Api.TF_STATE, Api.TENSOR_OP, Api.PURE)
# Types whose members a tensor value may have: what TensorFlow ops return (tf.while_loop returns
# its TensorArrays). A TensorShape is not a tensor value.
_TENSOR_TYPES = frozenset({"Tensor", "EagerTensor", "Variable", "ResourceVariable",
                           "RaggedTensor", "SparseTensor", "IndexedSlices", "TensorArray"})


def _rows(name: str) -> list[list[str]]:
    text = resources.files("hybridize.analysis").joinpath("data", name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def _none_params() -> dict[str, tuple[tuple[str, ...], frozenset[str]]]:
    return {row[0]: (tuple(p for p in row[1].split(",") if p), frozenset(row[2].split(",")))
            for row in _rows("op_none_params.tsv")}


def none_params(qualified: str) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """(positional parameters, those whose default is None) of a TensorFlow or Keras op with
    such a parameter other than `name` (data/op_none_params.tsv, generated): None given there
    is not an error but a meaning of its own (`tf.range(0, limit=None)`: an empty range)."""
    return _none_params().get(normalize(qualified))


@lru_cache(maxsize=1)
def multi_output_ops() -> frozenset[str]:
    """The TensorFlow and Keras ops that return a Python list or tuple of tensors (`tf.split`,
    `tf.unstack`, `tf.math.top_k`: data/multi_output_ops.tsv, generated from their docstrings by
    tools/generate_multi_output_ops.py): unpacking what they return is unpacking a list, which a
    graph does as eagerly, where unpacking a tensor fails."""
    return frozenset(row[0] for row in _rows("multi_output_ops.tsv"))


def returns_list(qualified: str) -> bool:
    """The op returns a Python list or tuple of tensors (multi_output_ops); a generated wrapper
    of a raw op (`tensorflow.python.ops.gen_sparse_ops.sparse_reorder`) as its raw op
    (`tensorflow.raw_ops.SparseReorder`): a name that does not map to one is not listed."""
    if qualified in multi_output_ops():
        return True
    module, _, name = qualified.rpartition(".")
    if module.startswith("tensorflow.python.ops.gen_") and name:
        raw = "".join(part[:1].upper() + part[1:] for part in name.split("_"))
        return f"tensorflow.raw_ops.{raw}" in multi_output_ops()
    return False


@lru_cache(maxsize=1)
def library_read_attributes() -> frozenset[str]:
    """The attribute names TensorFlow's and Keras' own code reads on its objects
    (data/library_read_attributes.tsv, generated by tools/generate_library_reads.py)."""
    return frozenset(row[0] for row in _rows("library_read_attributes.tsv"))


@lru_cache(maxsize=1)
def _global_settings() -> dict[str, tuple[str, bool]]:
    return {row[0]: (row[1], row[2] == "write") for row in _rows("global_settings.tsv")}


@lru_cache(maxsize=1)
def _keras_setting_readers() -> dict[str, tuple[str, ...]]:
    return {row[0]: tuple(f"g:<{s}>" for s in row[1].split(","))
            for row in _rows("keras_setting_readers.tsv")}


def keras_setting_reads(qualified: str) -> tuple[str, ...]:
    """The state keys of the Keras global settings a call of a Keras function or class reads
    when not given them (data/keras_setting_readers.tsv), as global_setting's keys."""
    return _keras_setting_readers().get(normalize(qualified), ())


def global_setting(qualified: str) -> tuple[str, bool] | None:
    """(state key, whether the call writes it) for a call that reads or sets one of Keras'
    global settings (data/global_settings.tsv): the key is matched as a global (`g:`) by the
    stale-read check, so a setter called in the workspace makes every reader's read stale."""
    found = _global_settings().get(normalize(qualified))
    return (f"g:<{found[0]}>", found[1]) if found else None


@lru_cache(maxsize=1)
def api_symbols() -> dict[str, tuple[Api, str]]:
    """symbol -> (category, rule), read once from the generated table."""
    by_value = {api.value: api for api in Api}  # Api(value) costs more, 7000 times
    return {row[0]: (by_value[row[1]], row[2]) for row in _rows("api_symbols.tsv")}


@lru_cache(maxsize=1)
def tensor_members() -> dict[str, Api]:
    """member name -> category, over every tensor type (the most conservative one wins)."""
    out: dict[str, Api] = {}
    for row in _rows("tensor_members.tsv"):
        type_name, member = row[0].split(".", 1)
        if type_name not in _TENSOR_TYPES:
            continue
        api = Api(row[2])
        if member not in out or _MEMBER_ORDER.index(api) < _MEMBER_ORDER.index(out[member]):
            out[member] = api
    return out


@lru_cache(maxsize=1)
def forwarding_decorators() -> dict[str, str]:
    """Library decorators that forward the call after running their own Python code
    (data/forwarding_decorators.tsv, measured): qualified name -> what the wrapper does."""
    return {row[0]: row[1] for row in _rows("forwarding_decorators.tsv")}


@lru_cache(maxsize=1)
def raised_exceptions() -> dict[str, str]:
    """Python's exception classes, measured raised while a tf.function is traced (generated table
    data/raised_exceptions.tsv): class -> "" when the traced run raises the same class, else
    what it raises instead (AutoGraph's StagingError for IndexError, ImportError, OSError...).
    A class that cannot be made from a message is left out (unknown)."""
    return {name: "" if verdict == "same" else traced
            for name, _eager, traced, verdict in _rows("raised_exceptions.tsv")
            if verdict in ("same", "differs")}


def staged_exception(qualified: str) -> str | None:
    """What raising an exception of this class while tracing raises instead, or None when it is
    the same class (or not a Python exception class)."""
    return raised_exceptions().get(qualified) or None


# Python's exception classes are builtins too: making one is pure (raising one while tracing:
# staged_exception). A class that cannot be made from a message is left unknown.
BUILTINS.update({name: Api.PURE for name in raised_exceptions()})


@lru_cache(maxsize=1)
def keras_layer_builds() -> frozenset[str]:
    """Keras layer classes (normalized names) with a `build` of their own (generated table):
    Keras builds them with it, not by running `call` in a scratch graph."""
    return frozenset(row[0] for row in _rows("keras_layer_builds.tsv"))


@lru_cache(maxsize=1)
def trace_failures() -> dict[str, str]:
    """Ops measured to return a tensor eagerly on some input where tracing the same call fails
    (data/trace_failures.tsv, tools/probe_trace_failures.py: pooling on an input smaller than
    its window, VALID convolutions): normalized name -> what was measured, in words."""
    out: dict[str, str] = {}
    for symbol, given, eager, traced, difference in _rows("trace_failures.tsv"):
        # A Keras layer's row (`AveragePooling2D.__call__`) is not read: the class of a layer
        # is not known where it is called (a known gap).
        if difference == "success->failure" and symbol not in out and \
                not symbol.endswith(".__call__"):
            given = given.partition(": ")[2] if given.startswith("same object as ") else given
            out[symbol] = (f"on {given}: eagerly a {eager.removeprefix('returned ')} tensor, "
                           f"traced a {traced}")
    # The red team's probes (tools/probe_more_trace_failures.py): tf.map_fn over an empty batch.
    for symbol, condition, given, eager, traced, difference in _rows("more_trace_failures.tsv"):
        if condition == "any" and difference == "success->failure" and symbol not in out:
            out[symbol] = (f"on {given}: eagerly a {eager.removeprefix('returned ')} tensor, "
                           f"traced a {traced}")
    return out


@lru_cache(maxsize=1)
def python_first_failures() -> dict[str, tuple[int, str]]:
    """Binary ops measured to return a tensor eagerly and fail while tracing when their first
    argument is a Python number and the second a tensor of another dtype than the number's
    default (data/python_first_operands.tsv, tools/probe_python_first_operands.py: eagerly the
    number takes the tensor's dtype, traced it is converted first, to float32 or int32), and
    `tf.where(condition, number, x)`: normalized name -> (the number's position, what was
    measured, in words)."""
    out: dict[str, tuple[int, str]] = {}
    for symbol, given, eager, traced, difference in _rows("python_first_operands.tsv"):
        if difference == "success->failure" and symbol not in out:
            given = given.partition(": ")[2] if given.startswith("same object as ") else given
            position = 1 if given.startswith("condition, ") else 0
            out[symbol] = (position, f"on ({given}): eagerly {eager}, traced {traced}")
    return out


@lru_cache(maxsize=1)
def _dtype_failures() -> dict[str, tuple[frozenset[str], str]]:
    """symbol -> (the dtypes measured to work both ways, what failed, in words) for the
    `dtype=` rows of data/more_trace_failures.tsv with a failing dtype."""
    safe: dict[str, set[str]] = {}
    failed: dict[str, str] = {}
    for symbol, condition, given, eager, traced, difference in _rows("more_trace_failures.tsv"):
        dtype = condition.removeprefix("dtype=")
        if not condition.startswith("dtype=") or dtype not in _DTYPES:
            continue  # `dtype=float16 tensor-bound`: the measure behind the bounds' rule
        if difference == "success->failure":
            failed.setdefault(symbol, f"{given}, dtype {dtype}: eagerly a "
                              f"{eager.removeprefix('returned ')} tensor, traced a {traced}")
        else:
            safe.setdefault(symbol, set()).add(dtype)
    return {symbol: (frozenset(safe.get(symbol, ())), words) for symbol, words in failed.items()}


# Where the measured creators take `dtype` positionally: tf.range(start, limit, delta, dtype),
# keras.ops.arange(start, stop, step, dtype).
_DTYPE_ARGUMENT = {"tensorflow.range": 3, "tensorflow.keras.ops.arange": 3}
_BOUNDS = frozenset({"start", "limit", "delta", "stop", "step"})


def dtype_trace_failure(qualified: str, args: list[frozenset[str]],
                        kwargs: dict[str, frozenset[str]],
                        written: str | None = None) -> str | None:
    """Why the call may return a tensor eagerly and fail while traced, for a dtype it does not
    show to be one measured to work both ways (data/more_trace_failures.tsv: tf.range(0, dim,
    2, dtype=x.dtype) on a float16 `x`), or None. A call without `dtype` takes the default;
    `written`: the dtype the call names literally (CallSite.spec: `dtype="int32"`, whose value
    is only a string to the value flow)."""
    measured = _dtype_failures().get(qualified)
    if measured is None or (written is not None and written in measured[0]):
        return None
    bounds = [*args[:min(3, _DTYPE_ARGUMENT.get(qualified, 3))],
              *(v for k, v in kwargs.items() if k in _BOUNDS)]
    if any(values and all(V.is_single_tensor(v) for v in values) for values in bounds):
        return None  # a tensor bound: Range's inference no longer folds it (measured, both work)
    position = _DTYPE_ARGUMENT.get(qualified, -1)
    values = kwargs.get("dtype")
    if values is None and 0 <= position < len(args):
        values = args[position]
    if values is None:
        return None
    safe, words = measured
    shown = {v.rpartition(".")[2] for v in values
             if v.startswith(("lib:tensorflow.", "lib:numpy.")) and is_dtype(v[4:])}
    if values and len(shown) == len(values) and shown <= safe:
        return None
    return (f"may be given a dtype that works eagerly and fails while traced (measured with TF "
            f"2.21 on {words}); the call does not show its dtype to be one of "
            f"{', '.join(sorted(safe))}")


@lru_cache(maxsize=4)
def star_exports(module: str) -> frozenset[str]:
    """The names `from <module> import *` binds (its `__all__`), for the table's libraries; an
    empty set for any other module (its names stay unbound: calls to them are unknown)."""
    return frozenset(row[1] for row in _rows("star_exports.tsv") if row[0] == module)


def tensor_method(method: str) -> Api:
    """The category of calling `t.method(...)` on a tensor, variable, ragged or sparse tensor."""
    return tensor_members().get(method, Api.UNKNOWN)


@lru_cache(maxsize=65536)
def effect_reason(qualified: str) -> str:
    best = ""
    for prefix in EFFECT_REASONS:
        if (qualified == prefix or qualified.startswith(prefix)) and len(prefix) > len(best):
            best = prefix
    if best:
        return EFFECT_REASONS[best]
    rule = table_rule(qualified)
    if rule:
        return f"{qualified}(): {rule.removeprefix('override: ')}"
    return f"{qualified}()"


def is_stateful_random(qualified: str) -> bool:
    """Draws from TensorFlow's (or Keras') global generator. Under one global seed
    (tf.random.set_seed) a graph draws another sequence than eager code: same distribution,
    other numbers. tf.random.Generator and the stateless_* ops draw the same in both."""
    return classify_call(qualified) is Api.RANDOM


# The shape argument TensorShape reads, by symbol (`tensor.NAME`: a method of a tensor): its
# name and position.
SHAPE_ARGUMENTS = {"tensor.to_tensor": ("shape", 2), "tensor.set_shape": ("shape", 0),
                   "tensorflow.ensure_shape": ("shape", 1), "tensorflow.TensorShape": ("dims", 0)}


@lru_cache(maxsize=1)
def _static_shape_failures() -> dict[str, str]:
    return {symbol: f"{given}: eagerly a {eager.removeprefix('returned ')} tensor, traced a "
            f"{traced}"
            for symbol, condition, given, eager, traced, difference
            in _rows("more_trace_failures.tsv")
            if condition == "shape-tensor" and difference == "success->failure"}


@lru_cache(maxsize=1)
def mixed_shape_failures() -> dict[str, str]:
    """symbol -> what was measured, for the `mixed-int-shape` success->failure rows of
    data/more_trace_failures.tsv: tf.ones/tf.zeros given a shape list of an int32 and an int64
    tensor return eagerly and fail traced (analysis/mixed_shapes.py reads the sizes)."""
    return {symbol: f"{given}: eagerly a {eager.removeprefix('returned ')} tensor, traced a "
            f"{traced}"
            for symbol, condition, given, eager, traced, difference
            in _rows("more_trace_failures.tsv")
            if condition == "mixed-int-shape" and difference == "success->failure"}


def static_shape_failure(symbol: str, args: list[frozenset[str]],
                         kwargs: dict[str, frozenset[str]]) -> str | None:
    """Why a call whose shape argument holds a tensor needs its value (data/more_trace_failures
    .tsv, `shape-tensor` rows: `ragged.to_tensor(shape=[None, n])` with `n` a tensor returns
    eagerly, TensorShape rejects a traced `n`), or None. `symbol`: `tensor.METHOD` for a
    tensor's method, else the normalized name. Only a known tensor counts: a size of unknown
    type stays a gap."""
    measured = _static_shape_failures().get(symbol)
    if measured is None:
        return None
    name, position = SHAPE_ARGUMENTS[symbol]
    values = kwargs.get(name)
    if values is None and position < len(args):
        values = args[position]
    if not values or not any(v == V.LIST_OF_TENSORS or V.is_single_tensor(v) for v in values):
        return None
    return (f"gives a tensor as a size of its `{name}`, which a graph does not have as a "
            f"number (measured with TF 2.21 on {measured})")
