"""Python values a graph computes as eagerly: what decides an `if` that looks unknown (issue 12).

An `if`, `while`, conditional expression, `assert` or f-string on a value of unknown type makes the
verdict unknown (it could be a tensor: facts.value_use). Some of those values are not tensors
whatever the engine cannot see, and are the same Python value eagerly and in a graph:

- **A tensor's dtype** (`x.dtype == tf.string`, `labels.dtype != tf.bool`, `x.dtype.is_integer`):
  a graph knows every tensor's dtype while tracing, the one the eager op gives; a `tf.DType`
  compares with anything as a Python bool (`DType.__eq__` converts the other side or answers
  False). Only for values that are all tensors (a NumPy array's dtype is NumPy's, which the traced
  tensor's is not: `x.dtype.kind` has no tf equivalent).
- **The process' Keras backend** (`keras.config.backend() == "tensorflow"`): fixed when Keras is
  imported, a `str` (data/static_python_values.tsv). Keras' global settings read there
  (`image_data_format()`, `floatx()`, `epsilon()`) too, when no code of the workspace calls one of
  their setters: a graph reads them once while tracing, so a setter called later would leave it
  with the old value (tests/fixtures/soundness/keras_config.py measured it).
- **A static shape of the function's own tensor parameter** (`if x.shape[-1] != 4: raise`,
  `x.get_shape().as_list()[0]`): a `tf.function` without an `input_signature` traces each call's
  argument with its exact shape (TF 2.21: a new shape is a new trace, reduce_retracing off), so
  each dimension is the int it is eagerly. This holds for the function converted itself, called
  eagerly; not for a caller converted around it, whose graph may pass a tensor with dimensions
  it does not know (`tf.boolean_mask`: None where the eager tensor has 4). So the construct is
  no hazard of the function itself (when it is not already a tf.function, whose signature may
  leave dimensions open), and stays UNDETERMINABLE_CONSTRUCT for every caller (facts.build). A
  shape unpacked into its dimensions (`_, h, w, c = x.shape`) is the same as indexed. A parameter
  the body assigns again is shown only where its read is the callers' value alone (before the
  first binding, outside a loop that binds it: `if boxes.shape[-1] != 4: raise` before
  `boxes = tf.cast(boxes, ...)`); after it, and a shape of any other tensor, is not shown
  (`tf.boolean_mask`'s result has a length None traced).
- **What a library call reads from its argument** (data/static_python_values.tsv, checked eagerly
  and traced by tests/test_static_results.py): a type test of a tensor (`K.is_sparse(a)`,
  `tf.is_tensor(x)`: a traced tensor keeps its kind), a function of dtypes that are shown
  (`keras.backend.standardize_dtype(x.dtype) == "float16"`; never of None, which reads floatx(),
  nor of a tensor), and the static shape of the function's own tensor parameter through
  `keras.ops.shape(x)`, `K.int_shape(x)`, `K.ndim(x)` (as `x.shape`: for the function itself).
  An `in` test on such values is decided as an `if` on them (`assert K.ndim(e) in (2, 3)`).

Anything else (a parameter no caller types, an attribute, a call of unknown result) is not shown
(default-deny), and the verdict stays unknown, naming the construct.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.implicit_calls import IMPLICIT

if TYPE_CHECKING:
    from hybridize.analysis.program import Program
    from hybridize.analysis.summary_model import CallSite, FunctionSummary, Values

# Levels, from the most to the least shown.
SAME = 0  # the same Python value eagerly and in any graph
OWN_SHAPE = 1  # the same when the function itself is converted (its parameter's static shape)
NOT_SHOWN = 2

# A construct on the function's own parameter's static shape: the caller's graph only (facts.build).
CALLERS_ONLY = "STATIC_SHAPE_OF_PARAMETER"
# Trace-dependent code for a function's callers only: what the function does with a parameter
# that callers may give with value-dependent dimensions (a dataset's batches) is the same
# eagerly and as a tf.function called eagerly, which traces the tensor's concrete shape; a
# caller's graph leaves those dimensions None (calls.py, a library layer called on it).
TRACE_DEPENDENT_FOR_CALLERS = "TRACE_DEPENDENT_FOR_CALLERS"
# Python's own constructs whose behaviour depends on the value's kind (bodies.NEEDS_VALUE).
USES = frozenset({"if", "while", "ifexp", "assert", "comp-if", "format", "strformat", "for",
                  "comp-for", "in",
                  "boolop", "not", "unpack"})
# What a tf.DType's attributes are: Python values (bool, str, int, another DType, a NumPy type).
DTYPE_ATTRS = frozenset({
    "name", "is_integer", "is_floating", "is_bool", "is_complex", "is_unsigned",
    "is_quantized", "is_numpy_compatible", "base_dtype", "real_dtype", "as_numpy_dtype",
    "as_datatype_enum", "size", "min", "max", "limits"})
# Methods of a static TensorShape (or its as_list()) whose result is a Python value built from
# the dimensions alone.
SHAPE_METHODS = frozenset({"as_list", "num_elements", "is_fully_defined"})
_MAX_DEPTH = 12
# Switches for benchmarks/unknown_values.py --compare (rule off/on in one process).
UNPACKED_SHAPES = True  # `_, h, w, c = x.shape` as `x.shape[i]`
READ_BEFORE_BINDING = True  # a parameter's shape read before the body assigns the parameter
ELEMENTS = True  # the shape of `param["mean"]`, a fixed element of a container of tensors
LIBRARY_RESULTS = True  # is_sparse(x), standardize_dtype(x.dtype), ndim(x): static_python_values
IN_TESTS = True  # `ndim(x) in (2, 3)`: an `in` test on such values, as an `if` on them
STRUCTURES_ONLY = True  # calls.pure_structure_result: only structure functions give listT
NEEDS_VALUE_WORDS = {
    "if": "an `if` decided by", "while": "a `while` decided by",
    "ifexp": "a conditional expression decided by", "assert": "an `assert` on",
    "format": "an f-string formatting", "comp-if": "a comprehension condition on",
    "strformat": "a string formatting (`%` or `.format`) of",
    "in": "an `in` test on", "items-eq": "a list's `remove`/`index`/`count` on",
    "boolop": "an `and`/`or` decided by", "not": "a `not` on",
}


def _load_table(kind: str) -> frozenset[str]:
    path = Path(__file__).with_name("data") / "static_python_values.tsv"
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            row = line.split("\t")
            if row[1] == kind:
                names.append(row[0])
    return frozenset(names)


PROCESS_CONSTANTS = _load_table("constant")
SETTING_READS = _load_table("setting")
TYPE_TESTS = _load_table("type-test")
SPARSE_TESTS = _load_table("sparse-test")
OF_DTYPE = _load_table("of-dtype")
OF_SHAPE = _load_table("of-shape")


def _setter_keys() -> dict[str, str]:
    """A setter's own name (`set_floatx`) -> its setting's key, from data/global_settings.tsv."""
    out: dict[str, str] = {}
    for name, key, write in tfapi._rows("global_settings.tsv"):
        if write == "write":
            out[name.rsplit(".", 1)[-1]] = f"g:<{key}>"
    return out


SETTER_KEYS = _setter_keys()
_SETTER_MARK = "set_"
assert all(name.startswith(_SETTER_MARK) for name in SETTER_KEYS), \
    "a setter of data/global_settings.tsv not named set_*: _named_setters must look for it"


def _named_setters(values: object) -> set[str]:
    """The settings whose setter one of these values (or strings in them) names by its own
    name: `K.set_floatx` with `K` a local, `keras.src.backend.config.set_floatx`, a setter held
    in a list or given to functools.partial."""
    found: set[str] = set()
    stack = [values]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            # Every setter's name holds _SETTER_MARK (data/global_settings.tsv): the other
            # strings, nearly all, are not split (88,000 calls per 250 KLOC summarized).
            if _SETTER_MARK in item:
                key = SETTER_KEYS.get(item.rsplit(".", 1)[-1].rsplit("|", 1)[-1])
                if key:
                    found.add(key)
        elif isinstance(item, (frozenset, set, tuple, list)):
            stack.extend(item)
    return found


def settings_written(program: Program) -> frozenset[str]:
    """The Keras global settings (tfapi.global_setting keys) that some code of the workspace
    may set, module level included: a setter called by its qualified name, or named anywhere
    by its own name (`K.set_image_data_format(...)` with `K = tf.keras.backend` a local, a
    private path such as keras.src.backend.config, a setter held in a list or a partial); a
    `getattr` on a Keras module may name any setter (default-deny: all of them)."""
    out: set[str] = set()
    for fn in program.functions.values():
        for site in fn.calls:
            if site.static and "set" in site.static:
                found = tfapi.global_setting(site.static)
                if found is not None and found[1]:
                    out.add(found[0])
            if site.method in SETTER_KEYS:
                out.add(SETTER_KEYS[site.method])
            out |= _named_setters((site.static or "", site.callee, site.args,
                                   tuple(site.kwargs.values())))
            if site.static == "getattr" and site.args and any(
                    "keras" in v for v in site.args[0] if v.startswith("q|")):
                out |= set(SETTER_KEYS.values())
        out |= _named_setters(tuple(fn.locals.values()))
        out |= _named_setters(tuple(op for op in fn.deferred))
    return frozenset(out)


class StaticValues:
    """Classifies the raw (placeholder) values of a construct for one function."""

    def __init__(self, program: Program, fn: FunctionSummary,
                 written: Callable[[], frozenset[str]]) -> None:
        self.p = program
        self.fn = fn
        self.written = written  # settings_written, computed once per facts build
        self.params: set[str] = set()  # own parameters whose static shape is read

    def level(self, values: Values) -> int:
        """The level of the values' unknown parts: SAME, OWN_SHAPE or NOT_SHOWN."""
        return self._values(values, 0, set())[0]

    def _values(self, values: Values, depth: int, seen: set[str]) -> tuple[int, str]:
        """(level, kind): kind is "dtype", "shape" (a static shape or its part) or "" (other)."""
        worst, kinds = SAME, set()
        for value in sorted(values):
            level, kind = self._value(value, depth, seen)
            worst = max(worst, level)
            kinds.add(kind)
            if worst == NOT_SHOWN:
                return NOT_SHOWN, ""
        return worst, kinds.pop() if len(kinds) == 1 else ""

    def _value(self, value: str, depth: int, seen: set[str]) -> tuple[int, str]:
        if not V.is_placeholder(value):
            return (NOT_SHOWN, "") if V.is_unknown(value) else (SAME, "")
        if depth > _MAX_DEPTH or value in seen:
            return NOT_SHOWN, ""
        expanded = self.p.expand(frozenset({value}))
        if expanded and not V.has_unknown(expanded):
            return SAME, ""  # the engine knows it (a tensor part makes the whole a tensor)
        kind, owner, name = value.split("|", 2)
        if kind not in ("e", "v"):
            return NOT_SHOWN, ""  # a parameter of unknown type, a module name: not shown
        fn = self.p.functions.get(owner)
        if fn is None:
            return NOT_SHOWN, ""
        seen = seen | {value}
        if kind == "v":
            return self._values(fn.locals.get(name, V.EMPTY), depth + 1, seen)
        op = fn.deferred[int(name)]
        tag = op[0]
        if tag == "attr":
            base, attr = op[1], op[2]
            if attr == "dtype" and self._all_tensors(base):
                return SAME, "dtype"
            if attr == "shape" and (self._own_tensor_param(owner, base) or
                                    self._own_element(owner, base)):
                return OWN_SHAPE, "shape"
            level, what = self._values(base, depth + 1, seen)
            if level < NOT_SHOWN and what == "dtype" and attr in DTYPE_ATTRS:
                return level, ""
            if level < NOT_SHOWN and what == "shape" and attr in ("rank", "ndims", "dims"):
                return level, "shape"
            return NOT_SHOWN, ""
        if tag == "tuple_whole":  # the value unpacked itself (bodies: `a, b = call(...)`)
            return self._values(op[1], depth + 1, seen)
        if tag == "item" or tag in ("unpack", "tuple_item") and UNPACKED_SHAPES:
            # `x.shape[1]`, `_, h, w, c = x.shape`: iterating a TensorShape gives its dimensions
            # as indexing does (a rank other than the targets' fails alike both ways).
            level, what = self._values(op[1], depth + 1, seen)
            if level < NOT_SHOWN and what == "shape":
                return level, "shape"  # a dimension (int or None), a slice of dimensions
            return NOT_SHOWN, ""
        if tag == "binop":
            # Arithmetic and comparisons of Python values: a Python value. A tensor operand
            # makes the result a tensor (the engine's own value), so only known parts are here.
            level = max(self._values(op[1], depth + 1, seen)[0],
                        self._values(op[2], depth + 1, seen)[0])
            return level, ""
        if tag == "call":
            return self._call(fn, op[1], depth, seen)
        return NOT_SHOWN, ""

    def _call(self, fn: FunctionSummary, index: int, depth: int,
              seen: set[str]) -> tuple[int, str]:
        site = fn.calls[index]
        if site.static and not site.args and not site.kwargs and not site.starred:
            name = tfapi.normalize(site.static)
            if name in PROCESS_CONSTANTS:
                return SAME, ""
            setting = tfapi.global_setting(name) if name in SETTING_READS else None
            if setting is not None and not setting[1] and setting[0] not in self.written():
                return SAME, ""  # a global setting nothing sets: read as eagerly
        if site.static and site.args and not site.starred and LIBRARY_RESULTS:
            found = self._library_result(fn, tfapi.normalize(site.static), site, depth, seen)
            if found is not None:
                return found
        if site.receiver is not None and not site.args and not site.kwargs and not site.starred:
            if site.method == "get_shape" and self._own_tensor_param(fn.key, site.receiver):
                return OWN_SHAPE, "shape"
            if site.method in SHAPE_METHODS:
                level, what = self._values(site.receiver, depth + 1, seen)
                if level < NOT_SHOWN and what == "shape":
                    return level, "shape" if site.method == "as_list" else ""
        return NOT_SHOWN, ""

    def _library_result(self, fn: FunctionSummary, name: str, site: CallSite, depth: int,
                        seen: set[str]) -> tuple[int, str] | None:
        """A library call whose result is read from its arguments' kind, dtype or static shape
        (data/static_python_values.tsv): `is_sparse(a)` of a tensor, `standardize_dtype(x.dtype)`,
        `ndim(x)` and `ops.shape(x)` of the function's own tensor parameter. None: not shown."""
        if name in SPARSE_TESTS and len(site.args) == 1 and not site.kwargs:
            return SAME, ""
        if name in TYPE_TESTS:
            if len(site.args) != 1 or site.kwargs:
                return None
            expanded = self.p.expand(site.args[0])
            if expanded and all(v == V.TENSOR or v.startswith("T|") for v in expanded):
                return SAME, ""
            return None
        if name in OF_DTYPE:
            given = [*site.args, *site.kwargs.values()]
            worst = SAME
            for values in given:
                expanded = self.p.expand(values)
                # Not a NumPy value either: an argument's becomes a tensor in a tf.function.
                if not expanded or V.NONE in expanded or V.KERAS_INPUT in expanded or \
                        V.NUMPY in expanded or V.has_tensor(expanded):
                    return None
                level, _ = self._values(values, depth + 1, seen)
                worst = max(worst, level)
            return (worst, "") if worst < NOT_SHOWN else None
        if name in OF_SHAPE:
            if len(site.args) != 1 or site.kwargs:
                return None
            base = site.args[0]
            if self._own_tensor_param(fn.key, base) or self._own_element(fn.key, base):
                return OWN_SHAPE, "" if name.endswith(".ndim") else "shape"
        return None

    def _all_tensors(self, base: Values) -> bool:
        expanded = self.p.expand(base)
        return bool(expanded) and all(V.is_single_tensor(v) for v in expanded)

    def _own_tensor_param(self, owner: str, base: Values) -> bool:
        """`base` is exactly one parameter of the function judged, as the callers pass it, that
        receives tensors only. A parameter the body assigns again is read as the callers'
        value alone only before its first binding, outside any loop that binds it
        (bodies.FunctionVisitor.lookup gives the local's placeholder too everywhere else): so
        `if boxes.shape[-1] != 4: raise` before `boxes = tf.cast(boxes, ...)` reads the
        argument's static shape (with READ_BEFORE_BINDING; without, any assigned parameter is
        left out)."""
        if owner != self.fn.key or len(base) != 1:
            return False
        (value,) = base
        if not value.startswith(f"p|{owner}|"):
            return False
        param = value.rsplit("|", 1)[1]
        if (param in self.fn.locals and not READ_BEFORE_BINDING) or not self._all_tensors(base):
            return False
        self.params.add(param)
        return True

    def _own_element(self, owner: str, base: Values) -> bool:
        """`base` is a fixed element (`param["mean"]`, `inputs[0]`, directly or through a local
        assigned it once) of a parameter of the function judged, as the callers pass it, that
        receives only Python containers whose elements are tensors: a tf.function traces each
        tensor of a nested argument with its exact shape, as it does a tensor argument. The
        body must neither write into the container, nor hand it on, nor alias it (a call or a
        local that could put another tensor in it before the read)."""
        if not ELEMENTS or owner != self.fn.key or len(base) != 1:
            return False
        (value,) = base
        fn = self.fn
        if value.startswith(f"v|{owner}|"):
            held = fn.locals.get(value.rsplit("|", 1)[1], V.EMPTY)
            if len(held) != 1:
                return False
            (value,) = held
        if not value.startswith(f"e|{owner}|"):
            return False
        op = fn.deferred[int(value.rsplit("|", 1)[1])]
        if op[0] != "item" or len(op) < 3 or op[2] != "const" or len(op[1]) != 1:
            return False
        (container,) = op[1]
        if not container.startswith(f"p|{owner}|"):
            return False
        param = container.rsplit("|", 1)[1]
        if param == (fn.params[0] if fn.kind in ("method", "classmethod") and fn.params
                     else None):
            return False  # `self[0]`: the object's own state
        expanded = self.p.expand(op[1])
        if not expanded or expanded != {V.LIST_OF_TENSORS} or \
                not self._all_tensors(frozenset({value})):
            return False
        if any(effect.root == f"p:{param}" for effect in fn.effects) or any(
                container in values for values in fn.locals.values()):
            return False
        for site in fn.calls:
            if site.static == IMPLICIT:
                continue  # `param["mean"]` itself: a list's or dict's own __getitem__
            given = [*site.args, *site.kwargs.values(), site.receiver or V.EMPTY, site.callee]
            if any(container in values for values in given):
                return False
        self.params.add(param)
        return True


def refine(program: Program, fn: FunctionSummary, hybrid: bool, use: str, values: Values,
           finding: tuple[str, str], written: Callable[[], frozenset[str]]
           ) -> tuple[str, str] | None:
    """The UNDETERMINABLE_CONSTRUCT `finding` of a construct on `values`: none when its unknown
    parts are shown to be the same Python value eagerly and traced; for callers only when they
    are the static shape of the function's own parameter (not for a tf.function already, whose
    input_signature or relaxed shapes may leave dimensions open)."""
    if use == "in" and not IN_TESTS:
        return finding
    judge = StaticValues(program, fn, written)
    level = judge.level(values)
    if level == SAME:
        return None
    if level == OWN_SHAPE and not hybrid and use == "unpack":
        # `_, h, w = x.shape`: a TensorShape of the rank the call's tensor has, unpacked alike
        # eagerly and traced (from a caller's graph both run while it traces)
        return None
    if level == OWN_SHAPE and not hybrid:
        words = NEEDS_VALUE_WORDS.get(use, "a loop over")
        names = ", ".join(f"`{p}`" for p in sorted(judge.params))
        return (CALLERS_ONLY, f"{words} the static shape of {names}: the same eagerly and "
                "traced from an eager call, but a caller's graph may pass a tensor whose "
                "dimensions it does not know (None)")
    return finding
