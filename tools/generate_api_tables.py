"""Generate the API tables the analysis reads: one row per public TensorFlow, Keras and NumPy
symbol, and one per public member of TensorFlow's tensor types, each with its category and the
rule that gave it.

A developer tool, never imported by the analysis: it imports the installed TensorFlow, Keras and
NumPy and walks their public namespaces. Run it from the repository root:

    .venv/bin/python tools/generate_api_tables.py

then review the diff of server/hybridize/analysis/data/*.tsv. To reclassify a symbol, add it to
OVERRIDES (or TENSOR_MEMBER_OVERRIDES) below with the reason, regenerate, and review again.
Every symbol is written under the name the analysis looks up: `tensorflow.*`, `numpy.*`, and
Keras 3 under `tensorflow.keras.*` (the analysis maps `keras.*` and `tf_keras.*` there).
"""

from __future__ import annotations

import inspect
import os
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.python.framework import op_def_registry  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "server" / "hybridize" / "analysis" / "data"

# The categories (the values of hybridize.analysis.tfapi.Api).
TENSOR_OP = "tensor_op"  # returns tensors; the same eagerly and traced
TF_STATE = "tf_state"  # stateful but graph-safe: assign, tf.print, summaries, asserts
RANDOM = "random"  # draws from a global (stateful) generator: another sequence when traced
EFFECT = "effect"  # I/O or another Python effect: runs once, at trace time, in a graph
DISTRIBUTION = "distribution"  # reads or needs a distribution strategy's replica context
EAGER_ONLY = "eager_only"  # fails, or answers otherwise, inside a graph
GRAPH_ONLY = "graph_only"  # a trace-time API: fails, or answers otherwise, eagerly
TF_OBJECT = "tf_object"  # constructs a TensorFlow/Keras object (layer, optimizer, tape)
DATASET = "dataset"  # builds a tf.data.Dataset
VARIABLE = "variable"  # creates a variable
KERAS_INPUT = "keras_input"  # keras.Input: a symbolic KerasTensor
TF_FUNCTION = "tf_function"  # tf.function itself
PURE = "pure"  # a pure Python helper (nest, TensorShape, dtypes, specs)
NUMPY = "numpy"  # NumPy: pure, but needs concrete values
TENSOR_CONVERSION = "tensor_conversion"  # a tensor turned into a Python value (bool, len, ...)
UNKNOWN = "unknown"  # not classified: the analysis treats it as unknown

# Documented exceptions to the rules below: qualified name (as the analysis looks it up) ->
# (category, why). A name listed here is in the table even where the walk does not reach it.
OVERRIDES: dict[str, tuple[str, str]] = {
    "tensorflow.function": (TF_FUNCTION, "tf.function itself"),
    "tensorflow.Variable": (VARIABLE, "creates a variable"),
    "tensorflow.keras.Variable": (VARIABLE, "creates a variable"),
    "tensorflow.keras.Input": (KERAS_INPUT, "a symbolic input"),
    "tensorflow.keras.layers.Input": (KERAS_INPUT, "a symbolic input"),
    "tensorflow.print": (TF_STATE, "an output op, run on every call in a graph"),
    "tensorflow.Assert": (TF_STATE, "an assertion op, run on every call in a graph"),
    "tensorflow.group": (TF_STATE, "groups ops, fine in graphs"),
    "tensorflow.no_op": (TENSOR_OP, "an op that does nothing"),
    "tensorflow.executing_eagerly": (EAGER_ONLY, "answers False inside a graph"),
    "tensorflow.inside_function": (GRAPH_ONLY, "answers True only while tracing"),
    "tensorflow.get_static_value": (GRAPH_ONLY, "a value eagerly, often None while tracing"),
    "tensorflow.init_scope": (GRAPH_ONLY, "lifts code out of the graph being traced"),
    "tensorflow.gradients": (GRAPH_ONLY, "fails when eager execution is enabled"),
    "tensorflow.get_current_name_scope": (GRAPH_ONLY, "the scope differs while tracing"),
    "tensorflow.py_function": (TENSOR_OP, "an op that runs Python on every call, also traced"),
    "tensorflow.numpy_function": (TENSOR_OP, "an op that runs Python on every call, also traced"),
    "tensorflow.shape": (TENSOR_OP, "a tensor op"),
    "tensorflow.is_tensor": (PURE, "a Python type test"),
    "tensorflow.is_symbolic_tensor": (GRAPH_ONLY, "True only for graph tensors"),
    "tensorflow.device": (TF_OBJECT, "a device scope, fine in graphs"),
    "tensorflow.control_dependencies": (TF_OBJECT, "a context manager, fine in graphs"),
    "tensorflow.custom_gradient": (TENSOR_OP, "a decorator whose function returns tensors"),
    "tensorflow.recompute_grad": (TENSOR_OP, "a decorator whose function returns tensors"),
    "tensorflow.get_logger": (EFFECT, "Python logging"),
    "tensorflow.load_library": (EFFECT, "loads a shared library"),
    "tensorflow.load_op_library": (EFFECT, "loads a shared library"),
    "tensorflow.register_tensor_conversion_function": (EFFECT, "changes a global registry"),
    "tensorflow.SparseTensor": (TENSOR_OP, "builds a sparse tensor from tensors"),
    "tensorflow.IndexedSlices": (TENSOR_OP, "builds indexed slices from tensors"),
    "tensorflow.Graph": (GRAPH_ONLY, "a TF1-style graph"),
    "tensorflow.Operation": (GRAPH_ONLY, "a graph operation"),
    "tensorflow.Tensor": (UNKNOWN, "not meant to be constructed"),
    # Measured with TF 2.21: TensorArray(tf.float32, size=0, dynamic_size=True).stack() gives
    # an empty (0,) tensor eagerly and an InvalidArgumentError traced.
    "tensorflow.TensorArray": (TF_OBJECT, "a TensorArray; note: stack() of an array never "
                               "written, with no element_shape, differs eagerly and traced"),
    # A generator owns a state variable: created per call, a graph keeps one and advances it.
    **{f"tensorflow.random.{name}": (VARIABLE, "creates the generator's state variable")
       for name in ("Generator", "Generator.from_seed", "Generator.from_non_deterministic_state",
                    "Generator.from_state", "Generator.from_key_counter",
                    "experimental.Generator", "experimental.Generator.from_seed",
                    "experimental.Generator.from_non_deterministic_state",
                    "experimental.Generator.from_state",
                    "experimental.Generator.from_key_counter")},
    "tensorflow.keras.random.SeedGenerator": (VARIABLE, "creates the generator's state variable"),
    "tensorflow.random.set_seed": (EFFECT, "sets the global seed"),
    "tensorflow.random.get_global_generator": (EFFECT, "creates the global generator once"),
    "tensorflow.random.set_global_generator": (EFFECT, "replaces the global generator"),
    "tensorflow.random.create_rng_state": (PURE, "a NumPy state from a seed"),
    "tensorflow.random.fold_in": (TENSOR_OP, "derives a seed: stateless"),
    "tensorflow.random.split": (TENSOR_OP, "derives seeds: stateless"),
    "tensorflow.nn.dropout": (RANDOM, "draws from the global generator"),
    "tensorflow.image.sample_distorted_bounding_box": (RANDOM, "draws from the global generator"),
    "tensorflow.io.read_file": (TENSOR_OP, "a file-reading op, run on every call in a graph"),
    "tensorflow.io.write_file": (TF_STATE, "a file-writing op, run on every call in a graph"),
    "tensorflow.io.matching_files": (TENSOR_OP, "an op, run on every call in a graph"),
    "tensorflow.io.TFRecordWriter": (EFFECT, "opens a file from Python"),
    "tensorflow.summary.create_file_writer": (EFFECT, "creates a writer (a file)"),
    "tensorflow.summary.create_noop_writer": (EFFECT, "replaces the default writer"),
    "tensorflow.summary.flush": (TF_STATE, "a flush op"),
    "tensorflow.summary.record_if": (EFFECT, "sets Python recording state"),
    "tensorflow.summary.should_record_summaries": (GRAPH_ONLY, "a Python flag read at trace time"),
    "tensorflow.debugging.is_numeric_tensor": (PURE, "a Python type test"),
    "tensorflow.autograph.experimental.set_loop_options": (PURE, "a hint to AutoGraph only"),
    "tensorflow.autograph.experimental.do_not_convert": (PURE, "a decorator for AutoGraph"),
    "tensorflow.data.experimental.save": (EFFECT, "writes files"),
    "tensorflow.data.experimental.enable_debug_mode": (EFFECT, "changes tf.data globally"),
    "tensorflow.data.Dataset.save": (EFFECT, "writes files"),
    "tensorflow.data.Options": (TF_OBJECT, "an options object"),
    "tensorflow.nest.map_structure": (TENSOR_OP, "applies a function to each element"),
    "tensorflow.experimental.numpy.experimental_enable_numpy_behavior": (
        EFFECT, "changes tensor behaviour globally"),
    "tensorflow.experimental.numpy.random.seed": (EFFECT, "sets the global seed"),
    **{f"tensorflow.{name}": (PURE, "a Python value: dtype, shape, enum or spec") for name in (
        "DType", "TensorShape", "VariableAggregation", "VariableSynchronization",
        "UnconnectedGradients", "AggregationMethod", "as_dtype", "broadcast_static_shape",
        "type_spec_from_value", "dtypes.DType")},
    "tensorflow.make_ndarray": (NUMPY, "a NumPy array from a protocol buffer"),
    "tensorflow.make_tensor_proto": (NUMPY, "needs a concrete value"),
    "tensorflow.import_graph_def": (GRAPH_ONLY, "imports into a TF1 graph"),
    "tensorflow.variable_creator_scope": (TF_OBJECT, "a context manager"),
    "tensorflow.no_gradient": (EFFECT, "changes the gradient registry"),
    "tensorflow.RegisterGradient": (EFFECT, "changes the gradient registry"),
    "tensorflow.nondifferentiable_batch_function": (UNKNOWN, "batches calls across threads"),
    **{f"tensorflow.debugging.{name}": (EFFECT, "changes or reads debugging settings")
       for name in ("enable_check_numerics", "disable_check_numerics",
                    "enable_traceback_filtering", "disable_traceback_filtering",
                    "is_traceback_filtering_enabled", "set_log_device_placement",
                    "get_log_device_placement")},
    **{f"tensorflow.summary.{name}": (EFFECT, "Python profiler state or a graph export")
       for name in ("trace_on", "trace_off", "trace_export", "graph")},
    **{f"tensorflow.train.{name}": (PURE, "a protocol buffer message") for name in (
        "BytesList", "ClusterDef", "Example", "Feature", "FeatureList", "FeatureLists",
        "Features", "FloatList", "Int64List", "JobDef", "SequenceExample", "ServerDef",
        "ClusterSpec")},
    # Keras 3 (`keras.*`, `tf.keras.*`).
    "tensorflow.keras.ops.convert_to_numpy": (EAGER_ONLY, "needs a concrete value"),
    "tensorflow.keras.ops.is_tensor": (PURE, "a Python type test"),
    "tensorflow.keras.models.load_model": (EFFECT, "reads files"),
    "tensorflow.keras.models.save_model": (EFFECT, "writes files"),
    "tensorflow.keras.models.clone_model": (TF_OBJECT, "builds a new model"),
    "tensorflow.keras.models.model_from_json": (TF_OBJECT, "builds a new model"),
    "tensorflow.keras.saving.load_model": (EFFECT, "reads files"),
    "tensorflow.keras.saving.save_model": (EFFECT, "writes files"),
    "tensorflow.keras.saving.load_weights": (EFFECT, "reads files"),
    "tensorflow.keras.saving.save_weights": (EFFECT, "writes files"),
    "tensorflow.keras.saving.register_keras_serializable": (EFFECT, "changes a global registry"),
    "tensorflow.keras.utils.register_keras_serializable": (EFFECT, "changes a global registry"),
    "tensorflow.keras.utils.set_random_seed": (EFFECT, "sets the global seeds"),
    **{f"tensorflow.keras.utils.{name}": (EFFECT, "files, plots, downloads or logging")
       for name in ("get_file", "plot_model", "model_to_dot", "load_img", "save_img",
                    "image_dataset_from_directory", "text_dataset_from_directory",
                    "audio_dataset_from_directory", "split_dataset", "clear_session",
                    "disable_interactive_logging", "enable_interactive_logging",
                    "is_interactive_logging_enabled", "Progbar")},
    **{f"tensorflow.keras.preprocessing.{name}": (EFFECT, "reads files") for name in (
        "image_dataset_from_directory", "text_dataset_from_directory")},
    "tensorflow.keras.preprocessing.timeseries_dataset_from_array": (DATASET, "a dataset"),
    "tensorflow.keras.device": (TF_OBJECT, "a device scope"),
    "tensorflow.keras.remat": (TENSOR_OP, "a decorator whose function returns tensors"),
    "tensorflow.keras.version": (PURE, "the version string"),
    "tensorflow.keras.mixed_precision.set_dtype_policy": (EFFECT, "sets the global policy"),
    "tensorflow.keras.mixed_precision.dtype_policy": (PURE, "reads the global policy"),
    "tensorflow.keras.utils.to_categorical": (NUMPY, "works on NumPy values"),
    "tensorflow.keras.utils.normalize": (NUMPY, "works on NumPy values"),
    "tensorflow.keras.utils.pack_x_y_sample_weight": (PURE, "builds a tuple"),
    "tensorflow.keras.utils.unpack_x_y_sample_weight": (PURE, "unpacks a tuple"),
    "tensorflow.keras.utils.timeseries_dataset_from_array": (DATASET, "builds a dataset"),
    "tensorflow.keras.utils.serialize_keras_object": (PURE, "a config dictionary"),
    "tensorflow.keras.utils.deserialize_keras_object": (TF_OBJECT, "builds an object"),
    "tensorflow.keras.utils.get_registered_name": (PURE, "reads a registry"),
    "tensorflow.keras.utils.get_registered_object": (PURE, "reads a registry"),
    "tensorflow.keras.utils.get_custom_objects": (PURE, "reads a registry"),
    "tensorflow.keras.utils.custom_object_scope": (TF_OBJECT, "a context manager"),
    "tensorflow.keras.utils.is_keras_tensor": (PURE, "a Python type test"),
    "tensorflow.keras.backend.clear_session": (EFFECT, "resets Keras global state"),
    "tensorflow.keras.backend.floatx": (PURE, "reads the configured float type"),
    "tensorflow.keras.backend.epsilon": (PURE, "reads the configured epsilon"),
    "tensorflow.keras.backend.image_data_format": (PURE, "reads the configured data format"),
    "tensorflow.keras.backend.backend": (PURE, "the backend's name"),
    "tensorflow.keras.backend.is_keras_tensor": (PURE, "a Python type test"),
    "tensorflow.keras.backend.int_shape": (PURE, "a tuple of Python ints"),
    "tensorflow.keras.backend.ndim": (PURE, "a Python int"),
    "tensorflow.keras.backend.learning_phase": (GRAPH_ONLY, "a TF1 placeholder"),
    "tensorflow.keras.backend.get_value": (EAGER_ONLY, "needs a concrete value"),
    "tensorflow.keras.backend.batch_get_value": (EAGER_ONLY, "needs concrete values"),
    "tensorflow.keras.backend.eval": (EAGER_ONLY, "needs a concrete value"),
    "tensorflow.keras.backend.print_tensor": (TF_STATE, "a print op"),
    **{f"tensorflow.keras.backend.{name}": (TENSOR_OP, "a legacy backend op") for name in (
        "abs all any arange argmax argmin batch_dot batch_flatten batch_normalization bias_add "
        "binary_crossentropy binary_focal_crossentropy cast cast_to_floatx "
        "categorical_crossentropy categorical_focal_crossentropy clip concatenate constant "
        "conv1d conv2d conv2d_transpose conv3d cos ctc_batch_cost ctc_decode "
        "ctc_label_dense_to_sparse cumprod cumsum depthwise_conv2d dot elu equal exp "
        "expand_dims eye flatten foldl foldr gather greater greater_equal hard_sigmoid in_top_k "
        "l2_normalize less less_equal log map_fn max maximum mean min minimum not_equal one_hot "
        "ones_like permute_dimensions pool2d pool3d pow prod relu repeat repeat_elements "
        "reshape resize_images resize_volumes reverse rnn round separable_conv2d shape sigmoid "
        "sign sin softmax softplus softsign sparse_categorical_crossentropy spatial_2d_padding "
        "spatial_3d_padding sqrt square squeeze stack std stop_gradient sum switch tanh "
        "temporal_padding tile to_dense transpose var zeros_like").split()},
    **{f"tensorflow.keras.backend.{name}": (RANDOM, "draws from the global generator")
       for name in ("random_bernoulli", "random_normal", "random_uniform", "truncated_normal",
                    "dropout")},
    **{f"tensorflow.keras.backend.{name}": (VARIABLE, "creates a variable") for name in (
        "variable", "zeros", "ones", "random_normal_variable", "random_uniform_variable")},
    **{f"tensorflow.keras.backend.{name}": (TF_STATE, "assigns a variable") for name in (
        "update", "update_add", "update_sub", "moving_average_update")},
    **{f"tensorflow.keras.backend.{name}": (EFFECT, "changes Keras configuration") for name in (
        "set_epsilon", "set_floatx", "set_image_data_format", "get_uid")},
    **{f"tensorflow.keras.backend.{name}": (PURE, "a dtype or static property") for name in (
        "standardize_dtype", "is_float_dtype", "is_int_dtype", "result_type", "dtype",
        "is_sparse", "count_params")},
    "tensorflow.keras.backend.name_scope": (TF_OBJECT, "a context manager"),
    "tensorflow.keras.backend.gradients": (GRAPH_ONLY, "tf.gradients: fails eagerly"),
    **{f"tensorflow.keras.utils.{name}": (NUMPY, "works on NumPy values") for name in (
        "img_to_array", "array_to_img", "pad_sequences")},
    "tensorflow.keras.utils.standardize_dtype": (PURE, "a dtype name"),
    "tensorflow.keras.utils.get_source_inputs": (PURE, "walks a symbolic graph"),
    "tensorflow.keras.config.floatx": (PURE, "reads the configured float type"),
    "tensorflow.keras.config.epsilon": (PURE, "reads the configured epsilon"),
    "tensorflow.keras.config.image_data_format": (PURE, "reads the configured data format"),
    "tensorflow.keras.config.backend": (PURE, "the backend's name"),
    "tensorflow.keras.mixed_precision.global_policy": (PURE, "reads the global policy"),
    "tensorflow.keras.mixed_precision.set_global_policy": (EFFECT, "sets the global policy"),
    "tensorflow.keras.applications.imagenet_utils.decode_predictions": (
        EFFECT, "downloads the class index"),
    # NumPy functions with an effect beyond their return value.
    **{f"numpy.{name}": (EFFECT, "file I/O") for name in (
        "save", "savez", "savez_compressed", "load", "loadtxt", "savetxt", "genfromtxt",
        "fromfile", "memmap", "fromregex")},
    **{f"numpy.{name}": (EFFECT, "changes NumPy's global settings") for name in (
        "set_printoptions", "printoptions", "seterr", "seterrcall", "setbufsize", "errstate")},
    **{f"numpy.{name}": (EFFECT, "prints") for name in ("info", "show_config", "show_runtime")},
}

# Whole modules, by the path under which the analysis looks them up: (category for functions,
# category for classes, why). The longest prefix wins; a module not listed here is unknown.
MODULES: dict[str, tuple[str, str, str]] = {
    "tensorflow": (TENSOR_OP, TF_OBJECT, "a TensorFlow op"),
    "tensorflow.math": (TENSOR_OP, TF_OBJECT, "a math op"),
    "tensorflow.math.special": (TENSOR_OP, TF_OBJECT, "a math op"),
    "tensorflow.linalg": (TENSOR_OP, TF_OBJECT, "a linear algebra op"),
    "tensorflow.linalg.experimental": (TENSOR_OP, TF_OBJECT, "a linear algebra op"),
    "tensorflow.nn": (TENSOR_OP, TF_OBJECT, "a neural network op"),
    "tensorflow.nn.experimental": (TENSOR_OP, TF_OBJECT, "a neural network op"),
    "tensorflow.signal": (TENSOR_OP, TF_OBJECT, "a signal processing op"),
    "tensorflow.image": (TENSOR_OP, TF_OBJECT, "an image op"),
    "tensorflow.sparse": (TENSOR_OP, TF_OBJECT, "a sparse tensor op"),
    "tensorflow.ragged": (TENSOR_OP, TF_OBJECT, "a ragged tensor op"),
    "tensorflow.strings": (TENSOR_OP, TF_OBJECT, "a string op"),
    "tensorflow.bitwise": (TENSOR_OP, TF_OBJECT, "a bitwise op"),
    "tensorflow.sets": (TENSOR_OP, TF_OBJECT, "a set op"),
    "tensorflow.quantization": (TENSOR_OP, TF_OBJECT, "a quantization op"),
    "tensorflow.audio": (TENSOR_OP, TF_OBJECT, "an audio codec op"),
    "tensorflow.dtypes": (TENSOR_OP, PURE, "a dtype op or dtype"),
    "tensorflow.io": (TENSOR_OP, PURE, "a parsing or codec op (classes: feature specs)"),
    "tensorflow.io.gfile": (EFFECT, EFFECT, "Python file I/O"),
    "tensorflow.experimental": (UNKNOWN, UNKNOWN, "experimental: only the listed submodules"),
    "tensorflow.experimental.numpy": (TENSOR_OP, TF_OBJECT, "a NumPy-style TensorFlow op"),
    "tensorflow.experimental.numpy.random": (RANDOM, TF_OBJECT, "draws from the global generator"),
    "tensorflow.random": (RANDOM, TF_OBJECT, "draws from the global generator"),
    "tensorflow.random.experimental": (TENSOR_OP, TF_OBJECT, "a stateless random op"),
    "tensorflow.debugging": (TF_STATE, TF_OBJECT, "a check op, run on every call in a graph"),
    "tensorflow.debugging.experimental": (EFFECT, EFFECT, "changes debugging settings"),
    "tensorflow.summary": (TF_STATE, TF_OBJECT, "a summary op, run on every call in a graph"),
    "tensorflow.summary.experimental": (EFFECT, TF_OBJECT, "changes summary settings"),
    "tensorflow.data": (DATASET, DATASET, "builds a dataset"),
    "tensorflow.data.experimental": (DATASET, DATASET, "builds or transforms a dataset"),
    "tensorflow.config": (EFFECT, EFFECT, "reads or changes TensorFlow configuration"),
    "tensorflow.saved_model": (EFFECT, TF_OBJECT, "saves or loads files"),
    "tensorflow.train": (EFFECT, TF_OBJECT, "checkpoint files (classes: checkpoint objects)"),
    "tensorflow.distribute": (DISTRIBUTION, TF_OBJECT, "depends on the distribution strategy"),
    "tensorflow.distribute.experimental": (DISTRIBUTION, TF_OBJECT,
                                           "depends on the distribution strategy"),
    "tensorflow.tpu": (DISTRIBUTION, TF_OBJECT, "TPU system and replication"),
    "tensorflow.experimental.dtensor": (DISTRIBUTION, TF_OBJECT, "DTensor meshes and layouts"),
    "tensorflow.nest": (PURE, PURE, "works on the structure, not on values"),
    "tensorflow.types": (PURE, PURE, "type annotations"),
    "tensorflow.types.experimental": (PURE, PURE, "type annotations"),
    "tensorflow.errors": (PURE, PURE, "an exception class"),
    "tensorflow.lookup": (TENSOR_OP, TF_OBJECT, "a lookup table (classes: tables)"),
    "tensorflow.lookup.experimental": (TENSOR_OP, TF_OBJECT, "a lookup table"),
    "tensorflow.queue": (TENSOR_OP, TF_OBJECT, "a queue"),
    "tensorflow.io.gfile.GFile": (EFFECT, EFFECT, "Python file I/O"),
    "tensorflow.autograph": (EFFECT, TF_OBJECT, "converts or logs code"),
    "tensorflow.autograph.experimental": (EFFECT, TF_OBJECT, "changes AutoGraph settings"),
    "tensorflow.profiler": (EFFECT, EFFECT, "profiling"),
    "tensorflow.sysconfig": (PURE, PURE, "build information"),
    "tensorflow.version": (PURE, PURE, "version information"),
    # Keras 3, under tf.keras (the analysis maps keras.* there).
    "tensorflow.keras": (UNKNOWN, TF_OBJECT, "Keras objects (functions: only listed ones)"),
    "tensorflow.keras.ops": (TENSOR_OP, TF_OBJECT, "a Keras backend op"),
    "tensorflow.keras.ops.image": (TENSOR_OP, TF_OBJECT, "a Keras backend op"),
    "tensorflow.keras.ops.linalg": (TENSOR_OP, TF_OBJECT, "a Keras backend op"),
    "tensorflow.keras.ops.nn": (TENSOR_OP, TF_OBJECT, "a Keras backend op"),
    "tensorflow.keras.ops.numpy": (TENSOR_OP, TF_OBJECT, "a Keras backend op"),
    "tensorflow.keras.random": (RANDOM, TF_OBJECT, "draws from Keras' global seed generator "
                                "when no seed is given"),
    "tensorflow.keras.layers": (TENSOR_OP, TF_OBJECT, "a layer (functions: merge ops)"),
    "tensorflow.keras.losses": (TENSOR_OP, TF_OBJECT, "a loss"),
    "tensorflow.keras.metrics": (TENSOR_OP, TF_OBJECT, "a metric function (classes: metrics)"),
    "tensorflow.keras.activations": (TENSOR_OP, TF_OBJECT, "an activation"),
    "tensorflow.keras.initializers": (TF_OBJECT, TF_OBJECT, "an initializer"),
    "tensorflow.keras.regularizers": (TF_OBJECT, TF_OBJECT, "a regularizer"),
    "tensorflow.keras.constraints": (TF_OBJECT, TF_OBJECT, "a constraint"),
    "tensorflow.keras.optimizers": (TF_OBJECT, TF_OBJECT, "an optimizer"),
    "tensorflow.keras.optimizers.schedules": (TF_OBJECT, TF_OBJECT, "a learning rate schedule"),
    "tensorflow.keras.optimizers.legacy": (TF_OBJECT, TF_OBJECT, "an optimizer"),
    "tensorflow.keras.models": (TF_OBJECT, TF_OBJECT, "a model"),
    "tensorflow.keras.callbacks": (TF_OBJECT, TF_OBJECT, "a callback"),
    "tensorflow.keras.dtype_policies": (TF_OBJECT, TF_OBJECT, "a dtype policy"),
    "tensorflow.keras.mixed_precision": (TF_OBJECT, TF_OBJECT, "a dtype policy"),
    "tensorflow.keras.quantizers": (TENSOR_OP, TF_OBJECT, "a quantization op"),
    "tensorflow.keras.tree": (PURE, PURE, "works on the structure, not on values"),
    "tensorflow.keras.config": (EFFECT, EFFECT, "changes Keras configuration"),
    "tensorflow.keras.saving": (PURE, TF_OBJECT, "serialization"),
    "tensorflow.keras.datasets": (EFFECT, EFFECT, "downloads and reads files"),
    "tensorflow.keras.applications": (EFFECT, EFFECT, "builds a model, downloading weights"),
    "tensorflow.keras.visualization": (EFFECT, EFFECT, "plots"),
    "tensorflow.keras.utils": (UNKNOWN, TF_OBJECT, "utilities: only listed ones"),
    "tensorflow.keras.distribution": (DISTRIBUTION, DISTRIBUTION, "Keras distribution"),
    "tensorflow.keras.backend": (UNKNOWN, UNKNOWN, "legacy backend: only listed functions"),
    # NumPy: pure, but only on concrete values.
    "numpy": (NUMPY, NUMPY, "NumPy"),
    "numpy.random": (EFFECT, EFFECT, "NumPy's global random state"),
}
# NumPy submodules that are NumPy computations too (the rest stay unknown).
NUMPY_SUBMODULES = ("linalg", "fft", "polynomial", "ma", "char", "strings", "rec", "emath",
                    "dtypes", "exceptions", "lib", "testing")
# Submodules whose name starts with one of these is an application's preprocessing: still pure.
KERAS_APPLICATION_PURE = ("preprocess_input",)

# Names that look public but are internal or a second copy of the API.
SKIP = {"tensorflow.compat", "tensorflow.keras.src", "tensorflow.keras.api",
        "tensorflow.keras.legacy", "tensorflow.tools", "tensorflow.security",
        "tensorflow.raw_ops", "tensorflow.lite", "tensorflow.mlir", "tensorflow.test",
        "tensorflow.xla", "tensorflow.feature_column", "tensorflow.graph_util",
        "tensorflow.experimental.tensorrt", "tensorflow.dtensor", "tensorflow.python",
        "tensorflow.core", "tensorflow.compiler", "tensorflow.tsl", "numpy.f2py",
        "numpy.ctypeslib", "numpy.typing", "numpy.distutils", "numpy.core", "numpy.matlib",
        "numpy.doc", "numpy.conftest"}

# Raw ops that are stateful but whose effect is known (the rest of the stateful ones: unknown).
RAW_STATE_PREFIXES = ("AssignVariable", "AssignAddVariable", "AssignSubVariable",
                      "ResourceScatter", "ResourceApply", "PrintV2", "Print", "Assert",
                      "ReadVariableOp", "ResourceGather", "WriteSummary", "WriteScalarSummary",
                      "WriteHistogramSummary", "WriteImageSummary", "WriteAudioSummary")
RAW_RANDOM_PREFIXES = ("Random", "Multinomial", "TruncatedNormal", "ParameterizedTruncated",
                       "StatefulRandom", "StatefulStandardNormal", "StatefulTruncated",
                       "StatefulUniform", "SampleDistortedBoundingBox", "AllCandidateSampler",
                       "FixedUnigramCandidateSampler", "LearnedUnigramCandidateSampler",
                       "LogUniformCandidateSampler", "UniformCandidateSampler",
                       "ThreadUnsafeUnigramCandidateSampler", "ComputeAccidentalHits")


def public_names(obj: object) -> list[str]:
    return sorted(n for n in dir(obj) if not n.startswith("_"))


# tf.losses, tf.metrics, tf.optimizers and tf.initializers are the Keras modules.
KERAS_ALIASES = ("losses", "metrics", "optimizers", "initializers")


def module_rule(path: str) -> tuple[str, str, str] | None:
    head = path.split(".")[1] if path.count(".") >= 1 else ""
    if path.startswith("tensorflow.") and head in KERAS_ALIASES:
        path = "tensorflow.keras." + path[len("tensorflow."):]
    best = ""
    for prefix in MODULES:
        if (path == prefix or path.startswith(prefix + ".")) and len(prefix) > len(best):
            best = prefix
    return MODULES.get(best) if best else None


def classify(path: str, module: str, name: str, obj: object) -> tuple[str, str]:
    """(category, rule) of the public object `obj`, reached as `module.name`."""
    qualified = f"{module}.{name}"
    if qualified in OVERRIDES:
        category, why = OVERRIDES[qualified]
        return category, f"override: {why}"
    rule = module_rule(module)
    if rule is None:
        return UNKNOWN, "module not classified"
    functions, classes, why = rule
    is_class = inspect.isclass(obj)
    if not is_class and "stateless" in name:
        return TENSOR_OP, "a stateless random op: the same draws eagerly and traced"
    if not is_class and module in ("tensorflow.image", "tensorflow.nn") and (
            name.startswith("random_") or name.endswith("candidate_sampler") or
            name in ("nce_loss", "sampled_softmax_loss", "general_dropout")):
        return RANDOM, "draws from the global generator"
    if module == "tensorflow.keras.random" and is_class:
        return TF_OBJECT, "a seed generator"
    if module.startswith("tensorflow.keras.applications") and name in KERAS_APPLICATION_PURE:
        return TENSOR_OP, "preprocessing of an application's inputs"
    keras_module = module.startswith("tensorflow.keras.") or \
        module.split(".")[1:2] in ([alias] for alias in KERAS_ALIASES)
    if not is_class and name in ("get", "serialize", "deserialize") and keras_module:
        return PURE, "a Keras registry lookup"
    if issubclass_safe(obj, BaseException):
        return PURE, "an exception class"
    if module.startswith("tensorflow.dtypes") and not is_class and name != "cast" and \
            name not in ("complex", "saturate_cast"):
        return PURE, "a dtype helper"
    if is_class and module.startswith("tensorflow") and name.endswith("Spec"):
        return PURE, "a type spec"
    if isinstance(obj, tf.dtypes.DType):
        return PURE, "a dtype"
    return (classes if is_class else functions), why


def issubclass_safe(obj: object, base: type) -> bool:
    return inspect.isclass(obj) and issubclass(obj, base)


def is_api_module(module: types.ModuleType, qualified: str) -> bool:
    """A submodule of the public API, not a package's implementation (tensorflow.python,
    tensorflow.dtensor, keras.src, numpy.ma.core)."""
    name = module.__name__
    if qualified.startswith("numpy."):
        return qualified.count(".") == 1 and qualified[6:] in (*NUMPY_SUBMODULES, "random")
    if name.startswith("tensorflow._api.") or name == qualified:  # tf.experimental is lazy
        return True
    return name.startswith("keras.") and not name.startswith(("keras.src", "keras.api"))


def walk(root: object, path: str, stack: tuple[int, ...]) -> Iterator[tuple[str, str, str]]:
    """(qualified name, category, rule) of each public callable under `root`, by public path.
    `stack` holds the modules above, so a module reachable from itself is walked once."""
    if path in SKIP or id(root) in stack or len(stack) > 6:
        return
    stack = (*stack, id(root))
    for name in public_names(root):
        try:
            obj = getattr(root, name)
        except Exception:  # a lazy submodule that fails to import: not part of the API here
            continue
        qualified = f"{path}.{name}"
        if isinstance(obj, types.ModuleType):
            if qualified in SKIP:
                continue
            if not is_api_module(obj, qualified):
                continue
            yield from walk(obj, qualified, stack)
            continue
        if not callable(obj) and not isinstance(obj, tf.dtypes.DType):
            continue
        category, rule = classify(path, path, name, obj)
        yield qualified, category, rule
        internal = internal_name(obj) if path.startswith("tensorflow") else None
        if internal is not None:
            yield internal, category, f"{rule} (the object of {qualified})"
        if isinstance(obj, numpy.ufunc) and category == NUMPY:
            # np.add.reduce(...): the same computation. np.add.at writes into its first
            # argument in place: the analysis records that write (tfapi.writes_first_argument).
            for method in ("reduce", "accumulate", "reduceat", "outer"):
                yield f"{qualified}.{method}", NUMPY, "a ufunc method"
            yield f"{qualified}.at", NUMPY, "writes into its first argument in place"
        if inspect.isclass(obj) and path.startswith("tensorflow"):
            yield from class_callables(obj, qualified, category)


def internal_name(obj: object) -> str | None:
    """Where TensorFlow defines a public symbol (`tensorflow.python.ops.variables.Variable` for
    `tf.Variable`), when that module really holds this very object: code that imports from
    TensorFlow's internal modules calls the same function, so it gets the same category."""
    module = getattr(obj, "__module__", None)
    name = getattr(obj, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(name, str) or "." in name or \
            not module.startswith("tensorflow.python."):
        return None
    holder = sys.modules.get(module)
    if holder is None or getattr(holder, name, None) is not obj:
        return None
    return f"{module}.{name}"


def class_callables(cls: type, qualified: str, category: str) -> Iterator[tuple[str, str, str]]:
    """Class and static methods (`tf.data.Dataset.range`, `tf.RaggedTensor.from_row_lengths`)."""
    for name in public_names(cls):
        raw = inspect.getattr_static(cls, name, None)
        if not isinstance(raw, (classmethod, staticmethod)):
            continue
        key = f"{qualified}.{name}"
        if key in OVERRIDES:
            yield key, OVERRIDES[key][0], f"override: {OVERRIDES[key][1]}"
        elif qualified.startswith("tensorflow.data.") or category == DATASET:
            yield key, DATASET, "builds a dataset"
        elif name.startswith("from_") and category in (TENSOR_OP, TF_OBJECT) and \
                qualified.rsplit(".", 1)[-1] in ("RaggedTensor", "SparseTensor", "IndexedSlices"):
            yield key, TENSOR_OP, "builds a tensor from tensors"
        elif name in ("from_config", "get_config") or name.endswith("_from_config"):
            yield key, TF_OBJECT if name != "get_config" else PURE, "builds from a config"
        else:
            yield key, UNKNOWN, "a class's method: not classified"


def raw_op_category(name: str) -> tuple[str, str]:
    op_def = op_def_registry.get(name)
    if op_def is None:
        return UNKNOWN, "no OpDef registered"
    if not op_def.is_stateful:
        return TENSOR_OP, "OpDef: not stateful"
    if name.startswith(RAW_RANDOM_PREFIXES):
        return RANDOM, "OpDef: stateful random op"
    if name.startswith(RAW_STATE_PREFIXES):
        return TF_STATE, "OpDef: stateful variable or output op"
    return UNKNOWN, "OpDef: stateful"


def raw_ops() -> Iterator[tuple[str, str, str]]:
    for name in public_names(tf.raw_ops):
        yield f"tensorflow.raw_ops.{name}", *raw_op_category(name)


def generated_op_wrappers() -> Iterator[tuple[str, str, str]]:
    """The Python wrappers of TensorFlow's generated op modules (`gen_sparse_ops.sparse_reorder`,
    imported from `tensorflow.python.ops` by user code): each is the function whose copy is
    `tf.raw_ops.<Op>` (the same code object), so it gets that op's OpDef category."""
    ops_by_code = {}
    for name in public_names(tf.raw_ops):
        function = inspect.unwrap(getattr(tf.raw_ops, name))
        if hasattr(function, "__code__"):
            ops_by_code[function.__code__] = name
    for module_name in sorted(sys.modules):
        if not module_name.startswith("tensorflow.python.") or \
                not module_name.rsplit(".", 1)[-1].startswith("gen_"):
            continue
        for name, obj in sorted(vars(sys.modules[module_name]).items()):
            if name.startswith("_") or not inspect.isfunction(obj) or \
                    obj.__module__ != module_name:
                continue
            op = ops_by_code.get(inspect.unwrap(obj).__code__)
            if op is not None:
                category, rule = raw_op_category(op)
                yield f"{module_name}.{name}", category, f"{rule} (tf.raw_ops.{op})"


def reexports(found: dict[str, tuple[str, str]]) -> Iterator[tuple[str, str, str]]:
    """A public symbol under every module of `tensorflow.python` that holds the very same
    object under the same name (`tensorflow.python.ops.nn.bias_add` is tf.nn.bias_add, defined
    in nn_ops): the same function, so the same category. An object reached under public paths
    of different categories is left out (unknown)."""
    by_object: dict[int, set[tuple[str, str]]] = {}
    objects: dict[int, object] = {}
    for qualified, (category, rule) in found.items():
        if not qualified.startswith("tensorflow.") or qualified.startswith(
                ("tensorflow.python.", "tensorflow.raw_ops.")):
            continue
        obj = resolve(qualified)
        if obj is None or isinstance(obj, (tf.dtypes.DType, types.ModuleType)):
            continue
        by_object.setdefault(id(obj), set()).add((category, rule))
        objects[id(obj)] = obj
    for module_name in sorted(sys.modules):
        module = sys.modules[module_name]
        if not module_name.startswith("tensorflow.python.") or module is None:
            continue
        for name, obj in sorted(vars(module).items()):
            kinds = by_object.get(id(obj)) if not name.startswith("_") else None
            if not kinds or objects[id(obj)] is not obj:
                continue
            categories = {category for category, _ in kinds}
            if len(categories) == 1:
                category, rule = min(kinds)
                yield f"{module_name}.{name}", category, f"{rule} (re-exported)"


def resolve(qualified: str) -> object | None:
    """The object at a public path of the tables (`tensorflow.keras.*` is Keras 3)."""
    parts = qualified.split(".")
    obj: object = keras if parts[:2] == ["tensorflow", "keras"] else tf
    for part in parts[2 if obj is keras else 1:]:
        try:
            obj = getattr(obj, part)
        except Exception:
            return None
    return obj


# Members of the tensor types: tensors, variables, ragged and sparse tensors, indexed slices
# (gradients), and TensorShape (what `get_shape()` returns).
TENSOR_TYPES: dict[str, Callable[[], type]] = {
    "Tensor": lambda: tf.Tensor,
    "EagerTensor": lambda: type(tf.constant(0.0)),
    "Variable": lambda: tf.Variable,
    "ResourceVariable": lambda: type(tf.Variable(0.0)),
    "RaggedTensor": lambda: tf.RaggedTensor,
    "SparseTensor": lambda: tf.SparseTensor,
    "IndexedSlices": lambda: tf.IndexedSlices,
    "TensorArray": lambda: tf.TensorArray,
    "TensorShape": lambda: tf.TensorShape,
}
NUMPY_STYLE = ["item", "tolist"]
CONVERSIONS = {"__bool__", "__nonzero__", "__len__", "__iter__", "__index__", "__float__",
               "__int__", "__long__", "__complex__", "__array__", "__hash__", "__format__",
               "__repr__", "__str__", "__reduce__", "__reduce_ex__", "__getstate__", "__copy__",
               "__deepcopy__", "__tf_tensor__"}
TENSOR_MEMBER_OVERRIDES: dict[str, tuple[str, str]] = {
    "numpy": (EAGER_ONLY, "needs a value, which a traced tensor does not have"),
    "item": (EAGER_ONLY, "NumPy-style: needs a value"),
    "tolist": (EAGER_ONLY, "NumPy-style: needs a value"),
    "to_list": (EAGER_ONLY, "calls numpy()"),
    "cpu": (EAGER_ONLY, "an EagerTensor copy"),
    "gpu": (EAGER_ONLY, "an EagerTensor copy"),
    "backing_device": (EAGER_ONLY, "an EagerTensor property"),
    "is_packed": (EAGER_ONLY, "an EagerTensor property"),
    "load": (EAGER_ONLY, "assigns through a TF1 session"),
    "eval": (GRAPH_ONLY, "a TF1 session call"),
    "set_shape": (GRAPH_ONLY, "eagerly checks the shape; traced, it only refines the static one"),
    "consumers": (GRAPH_ONLY, "graph operations only"),
    "op": (GRAPH_ONLY, "graph operation"),
    "graph": (GRAPH_ONLY, "graph"),
    "value_index": (GRAPH_ONLY, "graph"),
    "initializer": (GRAPH_ONLY, "a TF1 initializer op"),
    "initialized_value": (GRAPH_ONLY, "a TF1 initializer"),
    "create": (GRAPH_ONLY, "a TF1 initializer op"),
    "is_initialized": (TENSOR_OP, "an op"),
    "count_up_to": (TF_STATE, "increments the variable"),
    "shape": (PURE, "the static shape"),
    "dtype": (PURE, "the dtype"),
    "ndim": (PURE, "the static rank"),
    "device": (PURE, "a device string"),
    "get_shape": (PURE, "the static shape"),
    "ragged_rank": (PURE, "a Python int"),
    "ref": (PURE, "a hashable reference"),
    "experimental_ref": (PURE, "a hashable reference"),
    "trainable": (PURE, "a Python bool"),
    "aggregation": (PURE, "an enum"),
    "synchronization": (PURE, "an enum"),
    "constraint": (PURE, "a Python callable"),
    "to_proto": (PURE, "a protocol buffer"),
    "from_proto": (PURE, "a protocol buffer"),
    "SaveSliceInfo": (PURE, "a class"),
    "OVERLOADABLE_OPERATORS": (PURE, "a set of names"),
    "handle": (TENSOR_OP, "the resource handle"),
    "read_value_no_copy": (TENSOR_OP, "reads the variable"),
}


# A TensorArray is functional: write/scatter/unstack/split return a new array (ops, run on every
# call in a graph); the engine's tensor value stands for it (tf.while_loop returns it).
TENSOR_ARRAY_MEMBERS: dict[str, tuple[str, str]] = {
    **{name: (TF_STATE, "writes the array: an op, run on every call in a graph")
       for name in ("write", "scatter", "unstack", "split", "close")},
    **{name: (TENSOR_OP, "reads the array") for name in (
        "read", "gather", "stack", "concat", "size", "identity", "grad")},
    **{name: (PURE, "a static property") for name in (
        "dtype", "element_shape", "dynamic_size", "handle", "flow")},
}


def tensor_member(cls_name: str, cls: type, name: str) -> tuple[str, str, str]:
    raw = inspect.getattr_static(cls, name, None)
    kind = "property" if isinstance(raw, property) or not callable(getattr(cls, name, None)) \
        else "method"
    if cls_name == "TensorShape":
        category, why = PURE, "a static shape"
        if name in ("as_proto", "experimental_as_proto", "experimental_from_proto",
                    "experimental_type_proto", "placeholder_value", "to_tensors",
                    "from_tensors"):
            category, why = UNKNOWN, "tracing machinery"
        return kind, category, why
    if cls_name == "TensorArray":
        return kind, *TENSOR_ARRAY_MEMBERS.get(name, (UNKNOWN, "not classified"))
    if name == "name":  # a graph tensor's name; an eager tensor has none; a variable has one
        return kind, (PURE if "Variable" in cls_name else GRAPH_ONLY), "the tensor's name"
    if name in ("device", "ref", "experimental_ref") and "Variable" not in cls_name:
        # A traced tensor's device is "" and its reference is a new symbolic tensor's
        # (measured, TF 2.21: `x.device` in an op, a dict keyed by `x.ref()` differ; a
        # variable's are the same, captured).
        return kind, EAGER_ONLY, ("the device string is empty while traced" if name == "device"
                                  else "a traced tensor's reference is another tensor's")
    if name in TENSOR_MEMBER_OVERRIDES:
        category, why = TENSOR_MEMBER_OVERRIDES[name]
        return kind, category, f"override: {why}"
    if name in CONVERSIONS:
        return kind, TENSOR_CONVERSION, "turns the tensor into a Python value"
    if name.startswith("__") and name.endswith("__"):
        if name in ("__getitem__", "__abs__", "__neg__", "__invert__", "__matmul__",
                    "__round__", "__array_priority__") or name[2:-2].lstrip("r") in {
                    "add", "sub", "mul", "div", "truediv", "floordiv", "mod", "pow", "and",
                    "or", "xor", "eq", "ne", "lt", "le", "gt", "ge", "matmul"}:
            return kind, TENSOR_OP, "an overloaded operator"
        return kind, UNKNOWN, "Python protocol: not classified"
    if name.startswith(("assign", "scatter_", "batch_scatter_update")):
        return kind, TF_STATE, "updates the variable: an op, run on every call in a graph"
    if name.startswith(("read_value", "value", "sparse_read", "gather_nd")):
        return kind, TENSOR_OP, "reads the variable"
    if cls_name in ("RaggedTensor", "SparseTensor", "IndexedSlices"):
        return kind, TENSOR_OP, "a tensor op or component"
    return kind, UNKNOWN, "not classified"


def tensor_members() -> list[str]:
    rows = []
    for cls_name, make in TENSOR_TYPES.items():
        cls = make()
        names = [n for n in dir(cls) if not n.startswith("_") or
                 (n.startswith("__") and n.endswith("__") and n not in IGNORED_DUNDERS and
                  cls_name != "TensorArray")]  # an array has no operators of its own
        if cls_name == "Tensor":  # NumPy-style names users call on tensors by mistake
            names += [n for n in NUMPY_STYLE if n not in names]
        for name in sorted(names):
            kind, category, why = tensor_member(cls_name, cls, name)
            rows.append(f"{cls_name}.{name}\t{kind}\t{category}\t{why}")
    return rows


# Dunders every Python object has, which user code does not call on a tensor.
IGNORED_DUNDERS = {"__class__", "__delattr__", "__dict__", "__dir__", "__doc__", "__init__",
                   "__init_subclass__", "__module__", "__new__", "__setattr__", "__sizeof__",
                   "__subclasshook__", "__weakref__", "__getattribute__", "__getattr__",
                   "__tf_tracing_type__", "__slots__", "__annotations__", "__orig_bases__",
                   "__parameters__", "__abstractmethods__", "__class_getitem__",
                   "__dataclass_fields__", "__dataclass_params__", "__match_args__",
                   "__tf_flatten__", "__tf_unflatten__", "__tf_type_spec__", "__eq__",
                   "__ne__", "__hash__"}


def table_symbols(categories: tuple[str, ...]) -> list[str]:
    """The symbols of data/api_symbols.tsv in these categories, in the table's order (read by
    the generators of the tables derived from it)."""
    table = Path(__file__).resolve().parent.parent / "server" / "hybridize" / "analysis" / \
        "data" / "api_symbols.tsv"
    out = []
    for line in table.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            symbol, category = line.split("\t")[:2]
            if category in categories:
                out.append(symbol)
    return out


def versions() -> str:
    return (f"tensorflow {tf.__version__}, keras {keras.__version__}, "
            f"numpy {numpy.__version__}, python {sys.version.split()[0]}")


def symbol_rows() -> list[str]:
    found: dict[str, tuple[str, str]] = {}
    roots: list[tuple[object, str]] = [(tf, "tensorflow"), (keras, "tensorflow.keras"),
                                       (tf.keras, "tensorflow.keras"), (numpy, "numpy")]
    for root, path in roots:
        for qualified, category, rule in walk(root, path, ()):
            found.setdefault(qualified, (category, rule))
    for qualified, category, rule in raw_ops():
        found[qualified] = (category, rule)
    for qualified, category, rule in generated_op_wrappers():
        found.setdefault(qualified, (category, rule))
    for qualified, category, rule in list(reexports(found)):
        found.setdefault(qualified, (category, rule))
    for qualified, (category, why) in OVERRIDES.items():
        found[qualified] = (category, f"override: {why}")
    return [f"{q}\t{c}\t{r}" for q, (c, r) in sorted(found.items())]


def star_exports() -> list[str]:
    """The names `from tensorflow import *` and `from numpy import *` bind: the module's
    `__all__`, as Python's import system reads it."""
    rows = []
    for module, path in ((tf, "tensorflow"), (numpy, "numpy")):
        names = getattr(module, "__all__", None) or public_names(module)
        rows += [f"{path}\t{name}" for name in sorted(set(names)) if not name.startswith("_")]
    return rows


def keras_layer_builds() -> list[str]:
    """The Keras layer classes with a `build` of their own: Keras builds an instance with it,
    never by running `call` on symbolic inputs in a scratch graph (Keras 3 `Layer._maybe_build`
    does that only for a class whose `build` is the default). Read by analysis/keras_build.py:
    a workspace layer deriving from one of these is built outside its traced `call`."""
    from keras.src.utils.python_utils import is_default

    rows = []
    for name in public_names(keras.layers):
        obj = getattr(keras.layers, name)
        if isinstance(obj, type) and issubclass_safe(obj, keras.layers.Layer) and \
                not is_default(obj.build):
            rows.append(f"tensorflow.keras.layers.{name}")
    return sorted(rows)


def raised_exceptions() -> list[str]:
    """Every exception class of Python's builtins, raised with a message by a function run
    eagerly and as a tf.function (AutoGraph on, as the engine's conversion leaves it): the class
    each run raises. AutoGraph re-raises an error of a trace-time raise as the same class only
    for a few classes (ValueError, TypeError, KeyError, a class whose __init__ is Exception's...)
    and as its StagingError otherwise (IndexError, ImportError, OSError). Read by
    analysis/tfapi.py: making an exception of a class whose class changes is a hazard."""
    import builtins

    rows = []
    for name, cls in sorted(vars(builtins).items()):
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            continue
        try:
            cls("message")
        except Exception:
            rows.append(f"{name}\t-\t-\tnot made from a message")
            continue

        def raising(x: tf.Tensor, cls: type = cls) -> tf.Tensor:
            if x.shape[0] == 1:
                raise cls("message")
            return x

        raised = []
        for run in (raising, tf.function(raising)):
            try:
                run(tf.constant([1.0]))
                raised.append("-")
            except BaseException as error:  # noqa: BLE001 - the class is what is measured
                raised.append(type(error).__name__)
        verdict = "same" if raised[0] == raised[1] == name else "differs"
        rows.append(f"{name}\t{raised[0]}\t{raised[1]}\t{verdict}")
    return rows


HEADER = """# Generated by tools/generate_api_tables.py from {versions}.
# Do not edit by hand: add an override in the script, regenerate, review the diff.
# {columns}
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    symbols = symbol_rows()
    (OUT / "api_symbols.tsv").write_text(
        HEADER.format(versions=versions(), columns="symbol\tcategory\trule")
        + "\n".join(symbols) + "\n", encoding="utf-8")
    (OUT / "star_exports.tsv").write_text(
        HEADER.format(versions=versions(), columns="module\tname")
        + "\n".join(star_exports()) + "\n", encoding="utf-8")
    members = tensor_members()
    (OUT / "tensor_members.tsv").write_text(
        HEADER.format(versions=versions(), columns="type.member\tkind\tcategory\trule")
        + "\n".join(members) + "\n", encoding="utf-8")
    write_keras_layer_builds()
    (OUT / "raised_exceptions.tsv").write_text(
        HEADER.format(versions=versions(), columns="class\teager\ttraced\tsame or differs")
        + "\n".join(raised_exceptions()) + "\n", encoding="utf-8")
    print(f"{len(symbols)} symbols, {len(members)} tensor members -> {OUT}", file=sys.stderr)


def write_keras_layer_builds() -> None:
    (OUT / "keras_layer_builds.tsv").write_text(
        HEADER.format(versions=versions(), columns="layer class with its own build")
        + "\n".join(keras_layer_builds()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
