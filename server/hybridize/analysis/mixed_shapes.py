"""Shape lists that may mix integer dtypes (summary time, from a function's syntax alone).

`tf.ones([batch_size, maximum_length, maximum_length])` with `batch_size = tf.shape(x)[0]` (an
int32 tensor) and `maximum_length = tf.reduce_max(lengths)` (int64 when the lengths are): eagerly
tf.ones and tf.zeros read the list into a TensorShape, where every EagerTensor is an int, and
return the tensor; traced they pack the list into one tensor, and Pack refuses an int32 next to
an int64 ("TypeError: Tensors in list passed to 'values' of 'Pack' Op have types [int32, int64]
that don't all match"). Measured with TF 2.21 by tools/probe_more_trace_failures.py (the
`mixed-int-shape` rows of data/more_trace_failures.tsv: tf.ones, tf.zeros, Keras' ops.ones and
ops.zeros and tf.experimental.numpy's return a value eagerly and fail traced; tf.fill, tf.reshape,
tf.broadcast_to and tf.random.uniform pack the list both ways and fail both ways). Found in
opennmt-tf 2.32's `_lower_triangle_mask` (and its caller `future_mask`), proposed before.

Which sizes are tensors of which dtype is read from the syntax, default-deny: a Python int (a
literal, `x.shape[i]`, `len(...)`, `int(...)`) never mixes; `tf.shape(x)[i]`, `tf.size(x)` and
`tf.rank(x)` are int32 (int64 with `out_type=tf.int64`), `tf.cast(v, tf.int64)` and a TensorFlow
call with `dtype=tf.int32` the dtype they name; reductions, segment sums, `ones_like`, `abs`,
`cumsum`, `maximum` and arithmetic keep the dtype of their operands (of the one known: TensorFlow
does not promote, another dtype fails in both modes); a local bound once, at the top level of the
body and above the call, is what it is bound to. Anything else (a parameter, an attribute, another
call) is a tensor of a dtype not known, its own for each expression: two sizes that are the same
name or dotted attribute (`(key_len, key_len)`) share one. The call is flagged when two of its sizes
may be tensors of different dtypes. The shape is the list written in the call, or the list a
local bound once above it holds (`shape = [n, m]`, then `tf.ones(shape)`), with what the body
appends to it (`shape.append(n)`, `.extend([...])`, `.insert(i, n)`: anywhere in the body,
default-deny) and lists added to it (`[n] + [m]`).

A shape the scan cannot read the sizes of is flagged too (default-deny, red team session 8): a
parameter, an attribute, a helper's result (`tf.ones(shape)` where `shape` came from
`make_shape(x)`), a name bound twice. Not flagged, as sizes that cannot mix: a static shape
(`x.shape`, `x.shape[1:]`, `x.get_shape()`, `.as_list()`: Python ints), the result of a
TensorFlow call (`tf.shape(x)`, `tf.stack([...])`, `tf.concat(...)`: one tensor, nothing to pack;
its slices too), a number.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from hybridize.analysis import tfapi
from hybridize.analysis.summary_model import Hazard
from hybridize.analysis.syntax import dotted_name, walk

Qualify = Callable[[str], "str | None"]
# The call names whose shape list the scan looks at (the tails of the measured symbols).
TAILS = frozenset({"ones", "zeros"})
PYTHON = "py"  # a Python int or None: converted to the other sizes' dtype in both modes
INT32, INT64 = "int32", "int64"
_MAX_DEPTH = 16  # bounds `x = f(x)` chains; a real chain of sizes is a few steps
# Ops whose result has the dtype of their (first, or every tensor) argument.
_KEEPS_DTYPE = frozenset({
    "tensorflow.reduce_max", "tensorflow.reduce_min", "tensorflow.reduce_sum",
    "tensorflow.reduce_prod", "tensorflow.math.reduce_max", "tensorflow.math.reduce_min",
    "tensorflow.math.reduce_sum", "tensorflow.math.reduce_prod", "tensorflow.math.segment_sum",
    "tensorflow.math.unsorted_segment_sum", "tensorflow.math.segment_max",
    "tensorflow.math.unsorted_segment_max", "tensorflow.ones_like", "tensorflow.zeros_like",
    "tensorflow.abs", "tensorflow.math.abs", "tensorflow.cumsum", "tensorflow.math.cumsum",
    "tensorflow.maximum", "tensorflow.minimum", "tensorflow.math.maximum",
    "tensorflow.math.minimum", "tensorflow.identity", "tensorflow.squeeze",
})
# Ops whose result is an int32 tensor unless `out_type` says otherwise.
_SHAPE_OPS = frozenset({"tensorflow.shape", "tensorflow.size", "tensorflow.rank",
                        "tensorflow.keras.ops.shape"})


def flagged(qualified: str | None) -> str | None:
    """What was measured for this symbol (a `mixed-int-shape` success->failure row), or None."""
    if qualified is None:
        return None
    return tfapi.mixed_shape_failures().get(tfapi.normalize(qualified))


def hazards(calls: list[ast.Call], body: list[ast.stmt], qualify: Qualify) -> list[Hazard]:
    """HAS_TRACE_DEPENDENT_CODE for every call of `calls` (those whose name ends in one of
    TAILS) whose shape list may hold tensors of two integer dtypes."""
    out: list[Hazard] = []
    bound: dict[str, ast.Assign] | None = None
    grown: dict[str, list[ast.expr]] = {}
    for call in calls:
        written = dotted_name(call.func)
        measured = flagged(qualify(written)) if written else None
        if measured is None:
            continue
        shape = call.args[0] if call.args else \
            next((k.value for k in call.keywords if k.arg == "shape"), None)
        if shape is None:
            continue
        if bound is None:
            bound = _bound_once(body)
            grown = _grown(body)
        sizes = _Sizes(bound, grown, qualify, call.lineno).of(shape, 0)
        if isinstance(shape, ast.Name) and shape.id in bound and shape.id not in grown and \
                bound[shape.id].lineno < call.lineno and \
                isinstance(bound[shape.id].value, (ast.List, ast.Tuple)):
            shape = bound[shape.id].value  # named by the list it holds
        if sizes is None:
            out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", call.lineno, (
                f"{written}({_short(shape)}): the sizes of this shape are not visible here "
                f"(a parameter, an attribute, a helper's list, a name bound twice) and may be "
                f"tensors of different integer dtypes (int32 and int64), which eagerly become "
                f"ints and traced cannot be packed into one tensor (measured with TF 2.21 on "
                f"{measured})")))
            continue
        if len(sizes) < 2:
            continue
        kinds = _Kinds(bound, qualify, call.lineno)
        tensors = {kind for kind in (kinds.of(e, 0) for e in sizes) if kind != PYTHON}
        if len(tensors) < 2:
            continue
        out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", call.lineno, (
            f"{written}({_short(shape)}): the sizes may be tensors of different integer "
            f"dtypes (int32 and int64), which eagerly become ints and traced cannot be packed "
            f"into one tensor (measured with TF 2.21 on {measured})")))
    return out


_GROW = frozenset({"append", "extend", "insert"})


def _grown(body: list[ast.stmt]) -> dict[str, list[ast.expr]]:
    """name -> what `name.append(v)`, `name.insert(i, v)` (v) and `name.extend(vs)` (vs, a
    list to read) add, anywhere in the body (default-deny: a branch or a loop may run them)."""
    out: dict[str, list[ast.expr]] = {}
    for node in walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in _GROW and isinstance(node.func.value, ast.Name) and \
                node.args:
            out.setdefault(node.func.value.id, []).append(
                ast.List(elts=[node.args[-1]], ctx=ast.Load()) if node.func.attr != "extend"
                else node.args[0])
    return out


class _Sizes:
    """The size expressions of a shape argument, or None where they cannot be read."""

    def __init__(self, bound: dict[str, ast.Assign], grown: dict[str, list[ast.expr]],
                 qualify: Qualify, line: int) -> None:
        self.bound, self.grown, self.qualify, self.line = bound, grown, qualify, line

    def of(self, node: ast.expr, depth: int) -> list[ast.expr] | None:
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, (ast.List, ast.Tuple)):
            out: list[ast.expr] = []
            for element in node.elts:
                inner = self.of(element.value, depth + 1) if isinstance(element, ast.Starred) \
                    else [element]
                if inner is None:
                    return None
                out += inner
            return out
        if isinstance(node, ast.Constant):
            return []  # a number (or None): one size, nothing to pack
        if isinstance(node, ast.Name):
            statement = self.bound.get(node.id)
            if statement is None or statement.lineno >= self.line:
                return None  # a parameter, a name bound twice or below
            out = self.of(statement.value, depth + 1)
            for added in self.grown.get(node.id, ()):
                more = self.of(added, depth + 1) if out is not None else None
                out = None if more is None else out + more
            return out
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.of(node.left, depth + 1), self.of(node.right, depth + 1)
            return None if left is None or right is None else left + right
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            # `(1,) * (len(x.shape) - 1)`: the same sizes again, when the count is a Python int
            # (a tensor count is a tuple eagerly, through __index__, and a product traced).
            for sequence, count in ((node.left, node.right), (node.right, node.left)):
                if isinstance(sequence, (ast.List, ast.Tuple)) and self._python_int(count, depth):
                    return self.of(sequence, depth + 1)
            return None
        return [] if self._one_dtype(node, depth) else None

    def _python_int(self, node: ast.expr, depth: int) -> bool:
        """An int literal, `len(...)` (builtin, not a local of that name), or +, -, *, // of
        those."""
        if depth > _MAX_DEPTH:
            return False
        if isinstance(node, ast.Constant):
            return type(node.value) is int
        if isinstance(node, ast.Call):
            return isinstance(node.func, ast.Name) and node.func.id == "len" and \
                "len" not in self.bound and len(node.args) == 1 and not node.keywords
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return self._python_int(node.operand, depth + 1)
        return isinstance(node, ast.BinOp) and \
            isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv)) and \
            self._python_int(node.left, depth + 1) and self._python_int(node.right, depth + 1)

    def _one_dtype(self, node: ast.expr, depth: int) -> bool:
        """A static shape, the result of a TensorFlow call (`tf.shape(x)`: one tensor;
        `keras.ops.shape(x)`: ints and int32 tensors), a slice or element of one, or a local
        bound once to one (`shape = tf.shape(x)`, then `shape[:-1]`)."""
        while isinstance(node, ast.Subscript):
            node = node.value
        if _static_shape(node):
            return True
        if isinstance(node, ast.Name) and depth <= _MAX_DEPTH:
            statement = self.bound.get(node.id)
            return statement is not None and statement.lineno < self.line and \
                node.id not in self.grown and self._one_dtype(statement.value, depth + 1)
        if not isinstance(node, ast.Call):
            return False
        written = dotted_name(node.func)
        qualified = tfapi.normalize(self.qualify(written) or "") if written else ""
        return qualified in _SHAPE_OPS or qualified.split(".")[0] == "tensorflow"


def _static_shape(node: ast.expr) -> bool:
    """`x.shape`, `x.shape[1:]`, `x.get_shape()`, `x.shape.as_list()`: Python ints."""
    while isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("as_list", "get_shape"):
        return True
    return isinstance(node, ast.Attribute) and node.attr == "shape"


def _short(node: ast.expr) -> str:
    if isinstance(node, (ast.List, ast.Tuple)):
        return _text(node)
    try:
        text = ast.unparse(node)
    except RecursionError:
        return "..."
    return text if len(text) <= 48 else text[:45] + "..."


def _bound_once(body: list[ast.stmt]) -> dict[str, ast.Assign]:
    """Locals bound by exactly one `NAME = value` at the top level of the body, and by nothing
    else anywhere in it (no other assignment, loop target, `with ... as`, augmented assignment):
    the name holds that value below the statement. A list bound so can change in place
(`shape.append(n)`): the sizes it is bound to are still read, a gap."""
    stores: dict[str, int] = {}
    for node in walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stores[node.id] = stores.get(node.id, 0) + 1
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                stores[name] = stores.get(name, 0) + 2
    out: dict[str, ast.Assign] = {}
    for statement in body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and \
                isinstance(statement.targets[0], ast.Name) and \
                stores.get(statement.targets[0].id) == 1:
            out[statement.targets[0].id] = statement
    return out


class _Kinds:
    """The dtype kind of a size expression: PYTHON, INT32, INT64, or `?TEXT` (a tensor of a
    dtype not known, named by its expression)."""

    def __init__(self, bound: dict[str, ast.Assign], qualify: Qualify, line: int) -> None:
        self.bound = bound
        self.qualify = qualify
        self.line = line

    def of(self, node: ast.expr, depth: int) -> str:
        unknown = _unknown(node)
        if depth > _MAX_DEPTH:
            return unknown
        if isinstance(node, ast.Constant):
            return PYTHON if node.value is None or type(node.value) is int else unknown
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return self.of(node.operand, depth + 1)
        if isinstance(node, ast.BinOp):
            return _merge(self.of(node.left, depth + 1), self.of(node.right, depth + 1), unknown)
        if isinstance(node, ast.Name):
            statement = self.bound.get(node.id)
            if statement is None or statement.lineno >= self.line:
                return unknown
            return self.of(statement.value, depth + 1)
        if isinstance(node, ast.Subscript):
            return self.subscript(node, depth, unknown)
        if isinstance(node, ast.Call):
            return self.call(node, depth, unknown)
        return unknown

    def subscript(self, node: ast.Subscript, depth: int, unknown: str) -> str:
        base = node.value
        if isinstance(base, ast.Attribute) and base.attr == "shape":
            return PYTHON  # a static dimension: a Python int (or None) in both modes
        if isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and \
                base.func.attr == "as_list":
            return PYTHON
        kind = self.of(base, depth + 1)
        return kind if kind in (INT32, INT64) else unknown  # an element of a shape tensor

    def call(self, node: ast.Call, depth: int, unknown: str) -> str:
        written = dotted_name(node.func)
        if written in ("len", "int"):
            return PYTHON
        qualified = tfapi.normalize(self.qualify(written) or "") if written else ""
        if qualified in _SHAPE_OPS:
            out_type = next((k.value for k in node.keywords if k.arg == "out_type"), None)
            return INT32 if out_type is None else _named_dtype(out_type, unknown)
        if qualified == "tensorflow.cast" and len(node.args) >= 2:
            return _named_dtype(node.args[1], unknown)
        named = next((k.value for k in node.keywords if k.arg == "dtype"), None)
        if named is not None and qualified.startswith("tensorflow."):
            # tf.random.uniform(..., dtype=tf.int32), tf.range(n, dtype=tf.int64): the result
            # has the dtype asked for (or the call fails in both modes)
            return _named_dtype(named, unknown)
        if qualified in _KEEPS_DTYPE and node.args:
            kind = self.of(node.args[0], depth + 1)
            for arg in node.args[1:2] if qualified.endswith(("maximum", "minimum")) else ():
                kind = _merge(kind, self.of(arg, depth + 1), unknown)
            return kind
        return unknown


def _text(shape: ast.List | ast.Tuple) -> str:
    """The shape list as written, or its length when a size is too deep to unparse."""
    try:
        return ast.unparse(shape)
    except RecursionError:
        return f"[{len(shape.elts)} sizes]"


def _unknown(node: ast.expr) -> str:
    """The kind of a tensor of a dtype not known: named by the expression when it is a name or
    a dotted attribute (`key_len`, `self.size`: the same value wherever it is written), else by
    its position (each such expression its own; ast.unparse would recurse over a deep one)."""
    written = dotted_name(node)
    return f"?{written}" if written else f"?@{node.lineno}:{node.col_offset}"


def _merge(left: str, right: str, unknown: str) -> str:
    """The kind of `left OP right` (arithmetic, maximum/minimum). TensorFlow's binary ops do
    not promote: an int32 tensor with a tensor of another dtype fails in both modes (eagerly an
    InvalidArgumentError, traced a TypeError: the TRACE_TIME_ERRORS case), so a result that
    exists has the known operand's dtype."""
    if left == PYTHON:
        return right
    if right == PYTHON or left == right:
        return left
    known = {left, right} & {INT32, INT64}
    if len(known) == 1:
        return known.pop()
    return unknown


def _named_dtype(node: ast.expr, unknown: str) -> str:
    """INT32 or INT64 for `tf.int32`, `"int64"`, ...; else `unknown`."""
    text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else \
        node.attr if isinstance(node, ast.Attribute) else None
    return text if text in (INT32, INT64) else unknown
