"""The abstract values that flow through the analysis, as short strings (cheap to hash and pickle).

A per-module summary may hold *placeholders* that only the whole program can resolve:

    p|F|x     the values of parameter x of function F
    v|F|x     the values of local variable x of function F
    e|F|i     the values of deferred expression i of function F (a call result, an attribute, ...)
    q|name    a module-level name by its qualified name (a workspace def/class/global or a library)
    a|C|attr  the values of attribute `attr` of instances of class C

Concrete values, after resolution:

    T, T|dtype|rank   a tensor (with its dtype and rank when visible at the call site)
    int float str bool none      Python literals (the "primitive" values)
    kin       a Keras symbolic tensor (keras.Input)
    np        a NumPy value
    list listT        a Python container (listT: holding tensors)
    range     a Python range
    tfo:KIND  a TensorFlow/Keras object (KIND: dataset, model, layer, object)
    obj:C     an instance of workspace class C;   cls:C  the class itself
    fn:F      a workspace function;   mod:M  a workspace module;   lib:Q  a library object
    ext:Q     what a library the engine cannot see returns or holds (tensorflow_addons...):
              unknown, named for messages
    ?         unknown

Every test of "could this be anything?" goes through `is_unknown` / `has_unknown`, so that an
`ext:` value is as unknown as `?` (default-deny).
"""

from __future__ import annotations

TENSOR = "T"
VARIABLE = "Tvar"
# A tensor that may carry a Keras mask (`_keras_mask`), from a layer that makes masks
# (bodies.makes_masks) or a library layer given such a tensor: a tf.function's arguments and
# results drop the mask.
MASKED_TENSOR = "Tmask"
# A tensor whose shape depends on its values (`tf.boolean_mask(x, m)`, `tf.unique(x)`, and what
# ops compute from one): its static shape has None where the eager tensor has numbers.
DYNAMIC_TENSOR = "Tdyn"  # a tf.Variable: a tensor, but a graph returns its value, not the variable
# A tf.TensorArray (and what its `write`, `scatter`, `unstack`, `split` return): ops take it as
# a tensor, but a tf.function returns it as a variant tensor, its TensorList, with no
# TensorArray methods (measured, TF 2.21; a red team of session 24).
TENSOR_ARRAY = "Tarr"
# Beside a list or tuple's value (container_of): it holds a TensorArray (its elements include one:
# calls.element_of). Not a tensor itself: a loop over the list or an unpacking is Python's.
HOLDS_TENSOR_ARRAY = "Tarr[]"
# Beside a list or tuple's value: it holds a tensor whose shape depends on its values
# (DYNAMIC_TENSOR: what `tf.unique(ids)` returns); an element taken out of it is one
# (calls.element_of; session 34's red team C, p116). A list of tensors (is_tensor). A list
# display of such tensors (`[masked, y]`) is not marked: on the eight projects that marked
# parameters' tensors that callers compute so, 3 conversions more declined (a known gap).
HOLDS_DYNAMIC = "Tdyn[]"
# Beside a list, tuple or dict's value (container_of, a container builtin's result): it holds a
# NumPy value, or a container that does; an element taken out of it may be one (calls.element_of;
# `batch = {"y": np.array(...)}`, `zip(targets, preds)`, `list(rows)`: a red team of session 35
# saw `batch["y"]` taken for a tensor beside the tensors other calls pass, and a float64 array
# meeting float32 tensors fail traced).
HOLDS_NUMPY = "np[]"
# Beside a list or tuple's value: it holds a tf.Variable (a Keras weight): a layer's
# `trainable_variables`, `[self.w, self.b]`; an element taken out of it is one (calls.element_of).
# A list of tensors (is_tensor). Given as an argument to a tf.function called inside another
# trace, Keras 3 weights raise NotImplementedError and tf.Variables keep the first trace's
# (facts.variable_argument; session 37).
HOLDS_VARIABLE = "Tvar[]"
# What an element taken out of a container whose values are not known may be, in
# FunctionSummary.shared_returns only (bodies.note_shared_return): maybe a list.
MAYBE_LIST = "list?"
UNKNOWN = "?"
NONE = "none"
KERAS_INPUT = "kin"
# Beside KERAS_INPUT in the values of a local, a call's result or a return (never in a
# parameter's: `add_param` drops them), where the symbolic tensor comes from: OWN_KERAS_INPUT,
# a keras.Input the code calls or a model's `.inputs` it reads; PARAM_KERAS_INPUT + a function's
# key, a parameter of that function (Program.compute_placeholder). What an op or a layer
# computes from them has their marks (`symbolic`). A call passes the symbolic tensors its
# callee returns on to a caller that passes none only when they came from elsewhere than the
# callee's own parameters (calls.bind): from a keras.Input, or from another function's
# parameters (an enclosing function's, read by a closure; the one an attribute was set from).
# The older rule asked whether any parameter of the callee held one, which is not monotone:
# while an incremental update rebuilt the parameters, a callee's returns still held the
# symbolic tensor its parameters gave it in the last run, a caller took it for the callee's
# own, and a layer called on its own result (`x = norm(x)`) kept it from then on (session 37:
# tf-models-official's StridedTransformerEncoderBlock.call, incremental != from scratch).
OWN_KERAS_INPUT = "kin!"
PARAM_KERAS_INPUT = "kin@"
SYMBOLIC = frozenset({KERAS_INPUT})
OWN_SYMBOLIC = frozenset({KERAS_INPUT, OWN_KERAS_INPUT})
NUMPY = "np"
LIST = "list"
LIST_OF_TENSORS = "listT"
ENUMERATED = "enum:"  # + element: what enumerate(x) returns
PAIR = "pair:"  # + element: one (index, element) pair of an enumerate
LIST_OF_LAYERS = "listL"  # a list or tuple whose every element is a Keras layer or model
EMPTY_LIST = "list0"  # [] as written: whatever is appended later decides what it holds
RANGE = "range"
PRIMITIVES = frozenset({"int", "float", "str", "bool"})
TF_DATASET = "tfo:dataset"
TF_MODEL = "tfo:model"
TF_LAYER = "tfo:layer"
TF_OBJECT = "tfo:object"
# Beside a library Keras object's value: it was built with workspace code (a custom layer in a
# Sequential or a functional model, a Lambda's function, an activation, a constraint, a
# regularizer, a learning-rate schedule), which running or reading it runs (calls.holds_code).
TF_OBJECT_PREFIX = "tfo:"
TF_HOLDS_CODE = "tfo:holds"
# Beside a library Keras layer's value: it was built with an `activity_regularizer`, whose loss
# each call keeps on the layer (calls.holds_code).
TF_ADDS_LOSSES = "tfo:losses"
# Beside a library Keras layer's value: its outputs carry a mask (calls.holds_code).
TF_MASKS = "tfo:masks"
# Beside a library Keras layer's value: it consumes a mask and gives none (a global pooling).
TF_UNMASKS = "tfo:unmasks"
TF_CHECKPOINT = "tfo:checkpoint"  # tf.train.Checkpoint / CheckpointManager (tfapi.object_value)
# Beside a Keras metric's value (`tf.keras.metrics.Mean(...)`): calling it updates its state
# (`train_loss(loss)`), a TensorFlow state change (the FAILED_CALL_STATE assumption).
TF_UPDATES = "tfo:updates"

EMPTY: frozenset[str] = frozenset()
CONTAINERS = frozenset({LIST, LIST_OF_TENSORS, EMPTY_LIST, LIST_OF_LAYERS})
LAYERS = frozenset({TF_LAYER, TF_MODEL})


def container_of(inner: frozenset[str]) -> frozenset[str]:
    """The value of a list or tuple built from elements with these values.

    A container holding tensors and anything else but None (a Python number or string, a NumPy
    value, a tf.Variable, an object, a value of unknown type) is also a plain Python `list`:
    returned from a tf.function, its Python leaves come back as tensors and an object is refused
    (measured, TF 2.21: `out = (loss, 0.5); return out` gives 0.5 eagerly, a float32 tensor
    traced), passed to one each Python leaf retraces per value, and an element taken out of it
    may be any of them (calls.element_of: a tensor or of unknown type)."""
    if any(is_tensor(v) for v in inner) or KERAS_INPUT in inner:
        # a TensorArray in it stays beside (returned in a list, still not a tensor)
        array = frozenset({HOLDS_TENSOR_ARRAY}) \
            if TENSOR_ARRAY in inner or HOLDS_TENSOR_ARRAY in inner else frozenset()
        if HOLDS_DYNAMIC in inner:  # (a display of such tensors is not: a known gap)
            array |= {HOLDS_DYNAMIC}
        if VARIABLE in inner or HOLDS_VARIABLE in inner:
            array |= {HOLDS_VARIABLE}
        if any(not (is_single_tensor(v) or
                    v in (LIST_OF_TENSORS, NONE, HOLDS_DYNAMIC, HOLDS_VARIABLE) or
                    is_symbolic(v)) or
               v == VARIABLE for v in inner):
            return frozenset({LIST_OF_TENSORS, LIST}) | array | holds_numpy(inner)
        return frozenset({LIST_OF_TENSORS}) | array
    if inner and (inner <= LAYERS or inner == {LIST_OF_LAYERS}):
        return frozenset({LIST_OF_LAYERS})
    if not inner:
        return frozenset({EMPTY_LIST})
    return frozenset({LIST}) | holds_numpy(inner)


def is_symbolic(value: str) -> bool:
    """A Keras symbolic tensor, or a mark of where one comes from (OWN_KERAS_INPUT, ...)."""
    return value == KERAS_INPUT or value == OWN_KERAS_INPUT or value.startswith(PARAM_KERAS_INPUT)


def symbolic(*given: frozenset[str]) -> frozenset[str]:
    """What an op or a layer computes from values of which one is a Keras symbolic tensor: one
    too, with the marks of where theirs come from."""
    out = {KERAS_INPUT}
    for values in given:
        if KERAS_INPUT in values:
            out.update(v for v in values if is_symbolic(v))
    return frozenset(out)


def param_values(values: frozenset[str]) -> frozenset[str]:
    """What a parameter receives of these values: a symbolic tensor without the marks of where
    it comes from (the parameter is where it comes from, for the function's code)."""
    if KERAS_INPUT not in values:
        return values
    return frozenset(v for v in values if v == KERAS_INPUT or not is_symbolic(v))


def holds_numpy(inner: frozenset[str]) -> frozenset[str]:
    """HOLDS_NUMPY, for a container whose elements have these values, where one may be a NumPy
    value (or a container holding one)."""
    return frozenset({HOLDS_NUMPY}) if NUMPY in inner or HOLDS_NUMPY in inner else frozenset()
UNKNOWN_SET = frozenset({UNKNOWN})
TENSOR_SET = frozenset({TENSOR})


def is_unknown(value: str) -> bool:
    """A value of unknown kind: `?`, or what an unseen library returns (`ext:`)."""
    return value == UNKNOWN or value.startswith("ext:")


def has_unknown(values) -> bool:
    return any(is_unknown(v) for v in values)


def is_placeholder(value: str) -> bool:
    return len(value) > 1 and value[1] == "|"


def is_tensor(value: str) -> bool:
    return value == TENSOR or value.startswith("T|") or value == LIST_OF_TENSORS or \
        value == VARIABLE or value == MASKED_TENSOR or value == DYNAMIC_TENSOR or \
        value == TENSOR_ARRAY or value == HOLDS_DYNAMIC or value == HOLDS_VARIABLE


def is_single_tensor(value: str) -> bool:
    """A tensor itself (not a Python list of tensors)."""
    return value == TENSOR or value.startswith("T|") or value == VARIABLE or \
        value == MASKED_TENSOR or value == DYNAMIC_TENSOR or value == TENSOR_ARRAY


def has_tensor(values: frozenset[str]) -> bool:
    return any(is_tensor(v) for v in values)


def tensor_spec(value: str) -> tuple[str, int] | None:
    """(dtype, rank) of a tensor value that carries them."""
    if value.startswith("T|"):
        _, dtype, rank = value.split("|")
        return dtype, int(rank)
    return None


def describe(value: str) -> str:
    """A value in the user's words, for evidence messages."""
    if is_tensor(value):
        if value == LIST_OF_TENSORS:
            return "a list of tensors"
        if value == VARIABLE:
            return "a tf.Variable"
        if value == MASKED_TENSOR:
            return "a tensor with a Keras mask"
        if value == DYNAMIC_TENSOR:
            return "a tensor whose shape depends on its values"
        if value == TENSOR_ARRAY:
            return "a tf.TensorArray"
        if value == HOLDS_DYNAMIC:
            return "a list holding a tensor whose shape depends on its values"
        if value == HOLDS_VARIABLE:
            return "a list holding a tf.Variable"
        spec = tensor_spec(value)
        if not spec:
            return "a tensor"
        article = "an" if spec[0].startswith("int") else "a"  # an int32 tensor, a uint8 one
        return f"{article} {spec[0]} tensor of rank {spec[1]}"
    if value == HOLDS_TENSOR_ARRAY:
        return "a list holding a tf.TensorArray"
    if value in PRIMITIVES:
        return f"a Python {value}"
    if is_symbolic(value):
        return "a Keras symbolic tensor"
    if value == LIST_OF_LAYERS:
        return "a list of Keras layers"
    if value in (LIST, EMPTY_LIST):
        return "a Python list, tuple or dict"
    if value == HOLDS_NUMPY:
        return "a Python list, tuple or dict holding a NumPy value"
    if value == NUMPY:
        return "a NumPy value"
    if value == RANGE:
        return "a Python range"
    if value == NONE:
        return "None"
    if value == TF_UPDATES:
        return "a TensorFlow object"  # beside a metric's own value: described once with it
    if value.startswith("tfo:"):
        return f"a TensorFlow {value[4:]}"
    if value.startswith("obj:"):
        return f"a {value.rsplit(':', 1)[-1]} instance"
    return "a value of unknown type"


def keyed(kwarg: str, name: str) -> str:
    """The parameter entry (Program.params) holding what a function's `**kwarg` receives under
    `name`: `kwargs[training]`; "*" for names no call site shows (a call that unpacks a dict of
    its own). A parameter's own name never has brackets (calls.bind, CallSite.forwards)."""
    return f"{kwarg}[{name}]"


def key_name(name: str) -> str:
    """A name a call passes into a `**kwargs`, as kept in its `kwargs[#]` entry: not a value of
    any kind (only calls.bind reads that entry)."""
    return f"key:{name}"


def key_names(values: frozenset[str]) -> set[str]:
    return {v[4:] for v in values if v.startswith("key:")}
