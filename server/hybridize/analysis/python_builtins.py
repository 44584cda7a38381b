"""What Python's builtins do to tensors: knowledge as data, read by calls.py.

Default-deny: a builtin that needs the *value* of its argument cannot work on a graph tensor,
which has none. Measured with TF 2.21 inside a tf.function: bool(), int(), float(), len() of an
unknown dimension, `in` and iteration raise OperatorNotAllowedInGraphError or TypeError; str(),
repr() and format() show `Tensor("x:0", shape=..., dtype=...)` instead of the numbers.
"""

from __future__ import annotations

# Builtins that need the value of a tensor argument. A Python list of tensors is fine for these
# (the builtin works on the list itself: len(grads), zip(grads, variables), sum(losses)).
NEEDS_TENSOR_VALUE = frozenset({
    "bool", "int", "float", "complex", "len", "hash", "list", "tuple", "set", "frozenset",
    "reversed", "iter", "next", "enumerate", "zip", "map", "filter", "sum", "any", "all",
    "range", "divmod", "round", "chr", "ord", "bin", "hex", "oct", "dict", "bytes",
    "bytearray", "memoryview", "slice",
    # `operator.index(n)`: `__index__` of an eager tensor is its value; traced, TypeError
    # (session 33's red team A, p157)
    "operator.index", "operator.__index__",
})
# Builtins that also need the values of the tensors in a list: they compare or format the
# elements (max(a, b), sorted(losses), str([t1, t2]), any(p > 0 for p in parts): bool() of each;
# a first audit of session 20).
NEEDS_ELEMENT_VALUES = frozenset({"min", "max", "sorted", "str", "repr", "format", "ascii",
                                  "any", "all"})
# Modules of Python number functions: `math.log(t)` converts a tensor with `__float__` eagerly
# and raises TypeError traced (measured, TF 2.21: "must be real number, not SymbolicTensor";
# a soundness audit found `x + math.log(tf.reduce_max(x) + 1.0)` proposed), as float() does;
# `statistics.mean(losses)` on a list of tensors likewise.
NUMBER_MODULES = ("math.", "cmath.", "statistics.")
# Their constants: Python numbers (`math.sqrt(2.0 / math.pi)` is math on Python floats).
NUMBER_CONSTANTS = {"math.pi": "float", "math.e": "float", "math.tau": "float",
                    "math.inf": "float", "math.nan": "float"}

# Builtins that need only the length of a sequence: given a tensor's static shape (`len(x.shape)`,
# `tuple(x.shape[:-1])`, `enumerate(x.get_shape().as_list())`), they see the tensor's rank, which
# a traced tensor has as well (its dimensions may be None: those stay values of unknown type).
ON_STATIC_SHAPES = frozenset({"len", "tuple", "list", "enumerate", "reversed", "iter", "zip"})
# Ops whose result has an unknown rank in a graph (eagerly every tensor has one): the static shape
# of their result, read directly or through a local, is not taken as a rank (tf.squeeze only
# without `axis`). Through arithmetic on the result the engine does not follow it (known gap).
UNKNOWN_RANK_OPS = frozenset({
    "tensorflow.squeeze", "tensorflow.py_function", "tensorflow.numpy_function",
    "tensorflow.compat.v1.py_func", "tensorflow.io.parse_tensor", "tensorflow.io.decode_image",
})

# Libraries whose module attributes (tf.float32, np.pi) the workspace reads as constants: a read
# of them is not tracked as state another function may change.
LIBRARY_PREFIXES = (
    "tensorflow", "keras", "numpy", "scipy", "math", "functools", "itertools", "operator",
    "collections", "typing", "dataclasses", "enum", "abc", "os", "sys", "re", "string",
    "logging", "json", "pathlib", "random", "time", "datetime", "tf_keras",
)
