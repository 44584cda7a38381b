"""Pairs of ops a graph rewrites into another op (summary time, from a function's syntax alone).

A converted function runs as a graph, and Grappler's arithmetic optimizer replaces some pairs of
ops by one it takes as equivalent, which is not on every input (measured with TF 2.21 by
tools/probe_graph_rewrites.py, data/graph_rewrites.tsv):

- `log(softmax(x))` becomes LogSoftmax: where softmax underflows to 0 (logits 1000 apart, or a
  -1e9 mask) eager code gives -inf, the graph -1000;
- `logical_not(a < b)` (and `~(a < b)`, every ordering) becomes `a >= b`: not the same on NaN
  (eagerly True, traced False);
- `argmax(f(x))` / `argmin(f(x))` becomes `argmax(x)` for a monotonic element-wise `f` (exp,
  sigmoid, tanh, relu, sqrt, log, floor, ...): where `f` saturates or ties (sigmoid of 20 and 30
  are both 1.0) eager code gives the first index, the graph the largest `x`'s;
  `reduce_max(sqrt(x))` becomes `sqrt(reduce_max(x))`: NaN eagerly for a negative element;
- `x ** 0.5` / `pow(x, -0.5)` with a literal exponent become `sqrt` / `rsqrt`: at -inf, inf or 0
  eagerly, NaN traced;
- `log(x + 1)` (either order, `tf.add`, a `tf.ones_like` one) becomes Log1p and `exp(x) - 1`
  becomes Expm1: for a small `x` eager code gives 0 (1 + 1e-9 rounds to 1 in float32), the graph
  1e-9, so `(tf.exp(x) - 1) / x` is 0 eagerly and 1 traced (a red team of session 26).

A function whose body applies such an outer op to such an inner op's result, written nested or
through a local it assigned, is trace-dependent code (HAS_TRACE_DEPENDENT_CODE). Known gaps: the
pair split across functions (a helper returns the softmax, its caller takes the log), an inner op
reached through an object (a Keras Softmax layer), an exponent held in a name.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from hybridize.analysis import tfapi
from hybridize.analysis.summary_model import Hazard
from hybridize.analysis.syntax import assigned_values, dotted_name

# The last name of every outer op of the table's rows (tracing.scan_body collects these calls).
CALL_TAILS = frozenset({"log", "logical_not", "argmax", "argmin", "reduce_max", "reduce_min",
                        "max", "min", "pow", "power", "argmax_v2", "argmin_v2", "subtract",
                        "floor", "ceil", "round", "rint", "cast", "floormod", "floordiv",
                        "mod", "truncatemod", "truncatediv", "sign", "greater",
                        "greater_equal", "less", "less_equal", "equal", "not_equal",
                        "binary_crossentropy",
                        "binary_focal_crossentropy", "categorical_crossentropy",
                        "sparse_categorical_crossentropy"})
# Keras loss classes whose call (`BinaryCrossentropy()(y, p)`) is a row's outer op: the tail of
# the constructor a call's callee is a call of (tracing.scan_body).
LOSS_CLASS_TAILS = frozenset({"BinaryCrossentropy", "BinaryFocalCrossentropy",
                              "CategoricalCrossentropy", "SparseCategoricalCrossentropy"})
# The keywords of a loss's prediction (its second argument).
_PREDICTION_KEYWORDS = ("y_pred", "output")
_LOSS_TAILS = LOSS_CLASS_TAILS | {"binary_crossentropy", "binary_focal_crossentropy",
                                  "categorical_crossentropy", "sparse_categorical_crossentropy"}


def tail(node: ast.Call) -> str | None:
    """The last name of the callee (of the constructor called, for `Loss()(y, p)`)."""
    func = node.func.func if type(node.func) is ast.Call else node.func
    return func.attr if type(func) is ast.Attribute else \
        func.id if type(func) is ast.Name else None
# Ops that turn the last bit of a float into another integer (quotient_hazard)
_ROUNDINGS = frozenset({"floor", "ceil", "round", "rint"})
# Ops whose result jumps where their operand crosses a value, so a last bit of difference
# there gives another answer (a red team of session 41: `tf.math.floormod(x / 1.7, 1.0)` of
# 1.7 is 0 eagerly, 0.9999999 traced; `tf.math.greater_equal(x / 1.7, 1.0)` True, False).
_STEPS = frozenset({"floormod", "floordiv", "mod", "truncatemod", "truncatediv", "sign",
                    "greater", "greater_equal", "less", "less_equal", "equal", "not_equal"})
# Counts taken from a shape, which a graph folds to a constant where the shape is known (`x /
# tf.cast(tf.size(x), tf.float32)` becomes a product by the reciprocal traced).
_SHAPE_COUNTS = frozenset({"size", "shape", "rank", "shape_n", "cast"})
_INTEGER_DTYPES = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                             "uint64"})
_DIVISIONS = frozenset({"divide", "truediv", "div"})
_ADD_TAILS = frozenset({"add", "add_v2"})
_SUB_TAILS = frozenset({"subtract", "sub"})
_ONES_TAILS = frozenset({"ones_like", "ones"})
_COMPARISONS = {ast.Lt: "operator.lt", ast.LtE: "operator.le", ast.Gt: "operator.gt",
                ast.GtE: "operator.ge"}
Qualify = Callable[[str], "str | None"]
_FIRST_KEYWORDS = ("x", "input", "input_tensor", "x1", "a")
_EXPONENT_KEYWORDS = ("y", "x2", "b")


@lru_cache(maxsize=1)
def pairs() -> dict[tuple[str, str], str]:
    """(outer, inner) -> what was measured, for the rows whose values differ."""
    text = resources.files("hybridize.analysis").joinpath(
        "data", "graph_rewrites.tsv").read_text("utf-8")
    out: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        outer, inner, given, eager, traced, difference = line.split("\t")
        if difference == "value" and (outer, inner) not in out:
            out[(outer, inner)] = f"eagerly {eager}, traced {traced}"
    return out


@lru_cache(maxsize=1)
def _outers() -> frozenset[str]:
    return frozenset(outer for outer, _ in pairs())


def hazards(outers: list[ast.expr], assigns: list[ast.Assign], qualify: Qualify) -> list[Hazard]:
    """HAS_TRACE_DEPENDENT_CODE for each node of `outers` that applies a measured outer op to a
    measured inner op's result (or to a local that `assigns` binds to one)."""
    table = pairs()
    bound = assigned_values(assigns)
    out: list[Hazard] = []
    for node in outers:
        if type(node) is ast.Compare:
            quotient = _quotient_compared(node, qualify, bound)
            if quotient is not None:
                out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                    f"`{short_text(node)}` compares `{short_text(quotient)}`, a division by a "
                    "constant, which a graph computes as a product by the constant's reciprocal "
                    "(Grappler's arithmetic optimizer): the last bit differs for many values, "
                    "and the comparison turns it into another answer where the quotient meets "
                    "the bound (measured with TF 2.21: `x / 1.7 >= 1.0` of x = 1.7 is True "
                    "eagerly, False traced)")))
            continue
        quotient = _quotient_rounded(node, qualify, bound)
        if quotient is not None and (type(node) is ast.BinOp or
                                     type(node) is ast.Call and tf_tail(node, qualify) in _STEPS):
            out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                f"`{short_text(node)}` jumps where `{short_text(quotient)}` crosses a value, "
                "and that is a division by a constant (or by a count of a shape, which a graph "
                "folds), which a graph computes as a product by the reciprocal (Grappler's "
                "arithmetic optimizer): the last bit differs for many values, and the jump "
                "turns it into another answer (measured with TF 2.21: `tf.math.floormod(x / "
                "1.7, 1.0)` of 1.7 is 0 eagerly, 0.9999999 traced)")))
            continue
        if quotient is not None:
            division = type(quotient) is ast.BinOp and type(quotient.op) is ast.Div or \
                type(quotient) is ast.Call and tf_tail(quotient, qualify) in _DIVISIONS
            what = "a division by a constant, which a graph computes as a product by the " \
                "constant's reciprocal" if division else "a power by a constant, which a " \
                "graph computes as a square, a square root or a reciprocal"
            out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                f"`{short_text(node)}` rounds `{short_text(quotient)}`, {what} (Grappler's "
                "arithmetic optimizer): the last bit differs for many values, and the rounding "
                "turns it into another integer (measured with TF 2.21: `tf.floor(1.3 / 0.1)` is "
                "12 eagerly, 13 traced)")))
            continue
        outer = _symbol(node, qualify, bound)
        if outer not in _outers():
            continue
        if type(node) is ast.BinOp and type(node.op) is ast.Pow and \
                not _tensor_operand(node.left, qualify, bound):
            continue  # `self.hidden_size ** 0.5`: Python's arithmetic, as far as one knows
        exponent = outer.endswith(("pow", "power"))
        for inner_node in [node] if exponent else _operands(node, bound):
            inner = _exponent(node) if exponent else _symbol(inner_node, qualify, bound)
            found = table.get((outer, inner)) if inner else None
            if found and _is_loss(outer):
                out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                    f"`{short_text(node)}`: Keras computes {_name(outer)} from the logits of the "
                    f"{_name(inner)} op that made the prediction where it can see that op (a "
                    "traced tensor's `.op`), and from the clipped probabilities eagerly: they "
                    "differ where the activation saturates (measured with TF 2.21: "
                    f"{found})")))
                break
            if found:
                out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                    f"`{short_text(node)}`: a graph rewrites {_name(outer)} of {_name(inner)} into "
                    f"one op (Grappler's arithmetic optimizer), which computes otherwise on some "
                    f"inputs (measured with TF 2.21: {found})")))
                break
    return out


def _tensor_operand(node: ast.expr, qualify: Qualify,
                    bound: dict[str, list[ast.expr]]) -> bool:
    """A TensorFlow op's result, written there or bound to a local (`degree =
    tf.reduce_sum(adj, 1)`), or a name the body does not bind (a parameter: `degree ** -0.5` is
    Rsqrt traced, session 33's red team B, p33); not an attribute (`self.hidden_size ** 0.5`)."""
    if type(node) is ast.Call:
        return tf_tail(node, qualify) is not None
    if type(node) is ast.Name:  # (a parameter, bound nowhere in the body: maybe a tensor)
        return node.id not in bound or \
            any(_tensor_operand(v, qualify, {}) for v in bound[node.id])
    if type(node) is ast.BinOp:
        return _tensor_operand(node.left, qualify, bound) or \
            _tensor_operand(node.right, qualify, bound)
    return False


def _quotient_rounded(node: ast.expr, qualify: Qualify, bound: dict[str, list[ast.expr]]
                      ) -> ast.expr | None:
    """The division `floor(x / c)`, `tf.cast(x / c, tf.int32)` rounds, written there or through
    a local, when its divisor may be a constant while tracing (a number, a module's name, a
    parameter a caller may give a Python number, `tf.constant(0.1)`): session 33's red team B,
    p31, p34, p100."""
    if type(node) is ast.BinOp and type(node.op) in (ast.Mod, ast.FloorDiv):
        # `x / 1.7 % 1.0`, `x / 1.7 // 1.0`: FloorMod, FloorDiv of the quotient
        return _quotient_in(node.left, qualify, bound)
    if type(node) is not ast.Call:
        return None
    tail = tf_tail(node, qualify)
    if tail in _STEPS:
        return next((found for operand in _call_operands_all(node)
                     if (found := _quotient_in(operand, qualify, bound)) is not None), None)
    if tail == "cast":
        dtype = node.args[1] if len(node.args) > 1 else next(
            (k.value for k in node.keywords if k.arg == "dtype"), None)
        name = (dotted_name(dtype) or "") if dtype is not None else ""
        text = dtype.value if type(dtype) is ast.Constant and type(dtype.value) is str \
            else name.rpartition(".")[2]
        if text not in _INTEGER_DTYPES:
            return None
    elif tail not in _ROUNDINGS:
        return None
    for value in _operands(node, bound):
        divisor = None
        if type(value) is ast.BinOp and type(value.op) is ast.Div:
            divisor = value.right
        elif type(value) is ast.Call and tf_tail(value, qualify) in _DIVISIONS and \
                len(value.args) == 2:
            divisor = value.args[1]
        if divisor is not None and _constant_divisor(divisor, qualify, bound):
            return value
        if (type(value) is ast.BinOp and type(value.op) is ast.Pow or
                type(value) is ast.Call and tf_tail(value, qualify) in ("pow", "power")) and \
                (exponent := _exponent(value)) is not None and \
                float(exponent.split()[1]) not in (0.0, 1.0):
            # `floor(x ** 2)`: Square, Sqrt, Rsqrt or Reciprocal for the power, which differ
            # in the last bit for about a third of the values (measured with TF 2.21, session
            # 33's red team B, p32: 110 of 401 values of `x ** 2` on a grid)
            return value
    return None


def _quotient_compared(node: ast.Compare, qualify: Qualify,
                       bound: dict[str, list[ast.expr]]) -> ast.expr | None:
    """The division of a tensor by a constant that a comparison tests (`activations / scale >=
    1.0`, `STEP / 1.7 >= 1.0`, through a local too): eagerly a true quotient, traced a product
    by the reciprocal, which may land on the other side of the bound (session 34's red team
    D, p02, p30, p38). A power of two divides exactly (_constant_divisor)."""
    return next((found for side in [node.left, *node.comparators]
                 if (found := _quotient_in(side, qualify, bound)) is not None), None)


def _quotient_in(node: ast.expr, qualify: Qualify, bound: dict[str, list[ast.expr]],
                 depth: int = 0, seen: set[int] | None = None) -> ast.expr | None:
    """A division of a tensor by a constant in `node`, or in the sums, differences, products,
    negations and further quotients it is part of (`x / 1.7 - 1.0`; session 41's red team),
    written there or through a local (each expression looked at once per question)."""
    if depth > 6:
        return None
    seen = set() if seen is None else seen
    for value in _operands_of(node, bound) if depth < 6 else [node]:
        if id(value) in seen:
            continue
        seen.add(id(value))
        dividend = divisor = None
        if type(value) is ast.BinOp and type(value.op) is ast.Div:
            dividend, divisor = value.left, value.right
        elif type(value) is ast.Call and tf_tail(value, qualify) in _DIVISIONS and \
                len(value.args) == 2:
            dividend, divisor = value.args
        if divisor is not None and _tensor_operand(dividend, qualify, bound) and (
                _constant_divisor(divisor, qualify, bound) or
                type(divisor) is ast.Call and tf_tail(divisor, qualify) == "sqrt"):
            # (`x / tf.sqrt(y)`: a product by Rsqrt traced, p86)
            return value
        parts: list[ast.expr] = []
        if type(value) is ast.BinOp and type(value.op) in (ast.Add, ast.Sub, ast.Mult, ast.Div):
            parts = [value.left, value.right]
        elif type(value) is ast.UnaryOp and type(value.op) is ast.USub:
            parts = [value.operand]
        elif type(value) is ast.Call and tf_tail(value, qualify) in _ARITHMETIC_TAILS:
            parts = list(value.args)
        for part in parts:
            if (found := _quotient_in(part, qualify, bound, depth + 1, seen)) is not None:
                return found
    return None


_ARITHMETIC_TAILS = frozenset({"add", "add_v2", "subtract", "multiply", "negative", "divide",
                               "truediv"})


def _call_operands_all(node: ast.Call) -> list[ast.expr]:
    """The positional operands of a call and its `x`/`y` keywords."""
    return [*node.args, *(k.value for k in node.keywords if k.arg in ("x", "y"))]


def _operands_of(node: ast.expr, bound: dict[str, list[ast.expr]]) -> list[ast.expr]:
    """The expression and, for a local, what the body binds it to."""
    if type(node) is ast.Name and node.id in bound:
        return [node, *bound[node.id]]
    return [node]


def _constant_divisor(node: ast.expr, qualify: Qualify,
                      bound: dict[str, list[ast.expr]]) -> bool:
    """A divisor that may be a constant while tracing: a float or int the syntax shows, a name
    not bound in the body (a module constant, a parameter: a caller may give a Python number),
    `tf.constant(...)` of one, a local bound to one."""
    value = _constant_value(node)
    if value is not None:
        # (a power of two's reciprocal is exact: `x / 2.0` is `x * 0.5` to the last bit)
        return value != 0 and math.frexp(abs(value))[0] != 0.5
    if type(node) is ast.UnaryOp:
        return _constant_divisor(node.operand, qualify, bound)
    if type(node) is ast.Name:
        values = bound.get(node.id)
        return values is None or any(_constant_divisor(v, qualify, {}) for v in values)
    if type(node) is ast.Attribute:
        return True  # `self.bin_width`, `cfg.scale`: a Python number, as far as one knows
    if type(node) is ast.Call:
        tail = tf_tail(node, qualify)
        if tail in _SHAPE_COUNTS or dotted_name(node.func) == "len":
            # `tf.cast(tf.size(x), tf.float32)`, `tf.shape(x)[0]`, `len(x)`: a count a graph
            # folds where the shape is known (a red team of session 41: `tf.reduce_sum(x) /
            # tf.cast(tf.size(x), tf.float32) > 0.9` of 9 and nine zeros False eagerly, True
            # traced)
            return tail != "cast" or bool(node.args) and \
                _constant_divisor(node.args[0], qualify, bound)
        return tail in ("constant", "convert_to_tensor") and bool(node.args) \
            and _constant_divisor(node.args[0], qualify, {}) and \
            _constant_value(node.args[0]) is not None
    if type(node) is ast.Subscript:
        # `tf.shape(x)[0]`, `x.shape[0]`: a count of a shape
        base = node.value
        return type(base) is ast.Attribute and base.attr == "shape" or \
            type(base) is ast.Call and tf_tail(base, qualify) == "shape"
    return False


def _one(node: ast.expr | None, qualify: Qualify,
         bound: dict[str, list[ast.expr]] | None = None) -> bool:
    """A literal one (`1`, `1.0`), a tensor of ones (`tf.ones_like(x)`, `tf.ones(...)`,
    `tf.fill(shape, 1.0)`), or a local every assignment of which is one (`one =
    tf.ones_like(x)`: a red team of session 26)."""
    if type(node) is ast.Constant:
        return type(node.value) in (int, float) and node.value == 1
    if type(node) is ast.Call:
        tail = tf_tail(node, qualify)
        if tail == "fill" and len(node.args) == 2:
            return _one(node.args[1], qualify)
        return tail in _ONES_TAILS
    if type(node) is ast.Name and bound:
        values = bound.get(node.id, [])
        return bool(values) and all(_one(v, qualify) for v in values)
    return False


def tf_tail(node: ast.Call, qualify: Qualify) -> str | None:
    """The last name of a TensorFlow (or Keras) function a call names, else None."""
    name = dotted_name(node.func)
    qualified = qualify(name) if name else None
    if not qualified or not qualified.startswith(("tensorflow.", "keras.")):
        return None
    return qualified.rsplit(".", 1)[-1]


def _one_added_or_subtracted(node: ast.expr, qualify: Qualify,
                             bound: dict[str, list[ast.expr]] | None = None) -> str | None:
    """`x + 1`, `1.0 + x`, `tf.add(x, tf.ones_like(x))`: "operator.add_one" (a Log1p when a
    log takes it); `x - 1`, `tf.subtract(x, 1.0)`: "operator.sub_one" (an Expm1 of an exp)."""
    if type(node) is ast.BinOp:
        if type(node.op) is ast.Add and (_one(node.left, qualify, bound) or
                                         _one(node.right, qualify, bound)):
            return "operator.add_one"
        if type(node.op) is ast.Sub and _one(node.right, qualify, bound):
            return "operator.sub_one"
        return None
    if type(node) is ast.Call and len(node.args) == 2 and not node.keywords:
        tail = tf_tail(node, qualify)
        if tail in _ADD_TAILS and any(_one(a, qualify, bound) for a in node.args):
            return "operator.add_one"
        if tail in _SUB_TAILS and _one(node.args[1], qualify, bound):
            return "operator.sub_one"
    return None


def _is_loss(symbol: str) -> bool:
    return symbol.endswith("rossentropy")


def _loss_call(node: ast.Call) -> ast.Call:
    """The call that holds a loss's keywords: the loss function's own, or for
    `BinaryCrossentropy(from_logits=False)(y, p)` the constructor's."""
    return node.func if type(node.func) is ast.Call else node


def _symbol(node: ast.expr, qualify: Qualify,
            bound: dict[str, list[ast.expr]] | None = None) -> str | None:
    if (one := _one_added_or_subtracted(node, qualify, bound)) is not None:
        return one
    if type(node) is ast.Call and type(node.func) is ast.Call:  # `BinaryCrossentropy()(y, p)`
        name = dotted_name(node.func.func)
        qualified = qualify(name) if name else None
        return tfapi.normalize(qualified) if qualified else None
    if type(node) is ast.Call:
        name = dotted_name(node.func)
        qualified = qualify(name) if name else None
        return tfapi.normalize(qualified) if qualified else None
    if type(node) is ast.UnaryOp:
        return "operator.invert" if type(node.op) is ast.Invert else \
            "operator.neg" if type(node.op) is ast.USub else None
    if type(node) is ast.BinOp and type(node.op) is ast.Pow:
        return "operator.pow"
    if type(node) is ast.Compare and len(node.ops) == 1:
        return _COMPARISONS.get(type(node.ops[0]))
    return None


def _prediction(node: ast.Call) -> ast.expr | None:
    """A Keras cross-entropy's prediction (`loss(y_true, y_pred)`), None when it is told the
    prediction is logits (`from_logits=True`, where the activation's op is not looked at) or
    takes arguments unpacked."""
    keywords = _loss_call(node).keywords
    given = next((kw.value for kw in keywords if kw.arg == "from_logits"), None)
    if isinstance(given, ast.Constant) and given.value is True or \
            any(type(a) is ast.Starred for a in node.args) or \
            any(kw.arg is None for kw in node.keywords):
        return None
    if len(node.args) >= 2:
        return node.args[1]
    return next((kw.value for kw in node.keywords if kw.arg in _PREDICTION_KEYWORDS), None)


def _first(node: ast.expr) -> ast.expr | None:
    if type(node) is ast.Call:
        if tail(node) in _LOSS_TAILS:
            return _prediction(node)
        if node.args:
            return node.args[0]
        return next((kw.value for kw in node.keywords if kw.arg in _FIRST_KEYWORDS), None)
    if type(node) is ast.UnaryOp:
        return node.operand
    if type(node) is ast.BinOp:
        return node.left
    return None


def _operands(node: ast.expr, bound: dict[str, list[ast.expr]]) -> list[ast.expr]:
    """The expressions whose value the outer op takes: its operand, or what a local it names
    was assigned anywhere in the body (any one of them may be the value it gets)."""
    first = _first(node)
    if first is None:
        return []
    if type(first) is ast.Name:
        return bound.get(first.id, [])
    return [first]


def _exponent(node: ast.expr) -> str | None:
    """`exponent 0.5` for a literal exponent (`x ** 0.5`, `tf.pow(x, -0.5)`), else None."""
    if type(node) is ast.BinOp:
        value = node.right
    elif type(node) is ast.Call:
        value = node.args[1] if len(node.args) > 1 else next(
            (kw.value for kw in node.keywords if kw.arg in _EXPONENT_KEYWORDS), None)
    else:
        return None
    sign = 1.0
    if type(value) is ast.UnaryOp and type(value.op) is ast.USub:
        sign, value = -1.0, value.operand
    if type(value) is ast.Constant and type(value.value) in (int, float):
        return f"exponent {sign * float(value.value)}"
    return None


_OPERATOR_NAMES = {"operator.invert": "`~`", "operator.lt": "`<`", "operator.le": "`<=`",
                   "operator.gt": "`>`", "operator.ge": "`>=`", "operator.neg": "`-`",
                   "operator.add_one": "a sum with 1",
                   "operator.sub_one": "the subtraction of 1 from"}


def _name(symbol: str) -> str:
    if symbol.startswith("exponent "):
        return f"the exponent {symbol.split()[1]}"
    return _OPERATOR_NAMES.get(symbol) or symbol.rsplit(".", 1)[-1]


def short_text(node: ast.expr) -> str:
    """An expression as written, cut at 60 characters (evidence)."""
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


# --- neutral operands ------------------------------------------------------------------------
# Grappler's arithmetic optimizer drops an operation with a neutral operand (`x + 0`, `x - 0`,
# `x * 1`, `x / 1`) and turns `0 - x` into `-x`. Measured with TF 2.21 (a first soundness audit
# of session 19, a83 and a87): eager kernels flush a denormal result to zero and give `+0.0` for
# `-0.0 + 0.0` and `0.0 - 0.0`, the rewritten graph passes 1e-45 and -0.0 through; `x * 0`,
# `x ** 1` and `-(-x)` computed the same. Only literal operands count: a parameter that is 1.0
# at the call is not seen, and a filled tensor (`tf.ones_like(x) * v`, `tf.zeros_like(x) + v`,
# measured to differ the same way) is the common way to fill a tensor with a value (20
# conversions on the eight projects) and differs only on denormals and a `-0.0` value: taken
# as the rounding-level noise that constant folding also makes (docs/analysis-rules.md).
NEUTRAL_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult)
_NEUTRAL_CALLS = {
    "tensorflow.math.add": ("add", 0), "tensorflow.math.subtract": ("sub", 0),
    "tensorflow.math.multiply": ("mul", 1), "tensorflow.math.divide": ("div", 1),
    "tensorflow.math.truediv": ("div", 1), "tensorflow.math.divide_no_nan": ("div", 1),
    "tensorflow.math.pow": ("pow", 0), "tensorflow.math.scalar_mul": ("mul", 1),
    # a product by zeros only (session 32's red team, p46: `tf.matmul(ids, tf.zeros(...))`)
    "tensorflow.linalg.matmul": ("matmul", None),
    # a product by a Python 0 too, whatever the axes (session 32's red team, p85:
    # `tf.tensordot(ids, w, axes=0)` of a caller's `w=0`)
    "tensorflow.linalg.tensordot": ("dot", None), "tensorflow.linalg.matvec": ("dot", None)}
_NEUTRAL_CALLS.update({"tensorflow." + name.rpartition(".")[2]: found  # `tf.pow`, `tf.add`
                       for name, found in list(_NEUTRAL_CALLS.items())})
NEUTRAL_TAILS = frozenset({"add", "subtract", "multiply", "divide", "truediv", "divide_no_nan",
                           "pow", "scalar_mul", "matmul"})
DOT_TAILS = frozenset({"tensordot", "matvec"})  # (their operands: the first two arguments)


def _neutral(node: ast.expr) -> int | None:
    """0 or 1 for a literal zero or one (`0.0`, `1`); None otherwise."""
    if type(node) is ast.Constant and type(node.value) in (int, float) and \
            node.value in (0, 1):
        return int(node.value)
    return None


_ZEROS = frozenset({"tensorflow.zeros_like", "tensorflow.zeros", "keras.ops.zeros_like",
                    "keras.ops.zeros"})


# Builtins whose int result may be 0 (an argument computed at the call: CallSite.zeros).
_COUNTS = frozenset({"len", "int", "max", "min", "abs", "sum", "round", "bool"})


def zero_kind(node: ast.expr, qualify: Qualify, zeros: frozenset[str]) -> str:
    """"z" for an argument that may hold a Python 0 as the syntax shows (python_zero), ""
    for a number written other than 0 (`2`, `-1.5`, `True`) or a tensor op's result, "u" for
    an item or a call's result, "?" for any other."""
    if type(node) is ast.Call and (qualify(dotted_name(node.func) or "") or "").startswith(
            ("tensorflow.", "keras.")):
        return ""  # a tensor (`tf.zeros(n)` a caller gives is an input, not a constant)
    if python_zero(node, qualify, zeros):
        return "z"
    value = _constant_value(node)
    if value is not None and value != 0:
        return ""
    if type(node) is ast.Constant:
        return ""  # (a string, None)
    # an item or what a call returns (`cfg["w"]`, `cfg.get("w", 0)`, `(0, 1)[0]`, `x.item()`):
    # may be 0 where its values are not known either (p64, p74, p123, p126)
    return "u" if type(node) in (ast.Subscript, ast.Call) else "?"


def python_zero(node: ast.expr, qualify: Qualify, zeros: frozenset[str]) -> bool:
    """An argument that may hold a Python 0 as the syntax shows: zeros `_zeros` sees (a literal
    0, a name, attribute or entry bound to one), a conditional with such a branch, or a number
    computed at the call (`n - 1`, `-k`, `len(xs)`; not a literal other than 0)."""
    kind = type(node)
    if kind is ast.IfExp:
        return python_zero(node.body, qualify, zeros) or python_zero(node.orelse, qualify, zeros)
    if kind is ast.Name and "~" + node.id in zeros or \
            kind is ast.Attribute and zeros and "~" + ast.unparse(node) in zeros:
        return True  # a 0.0 (for a power): `p`, `self.p` (session 31's red team, p108)
    if kind is ast.UnaryOp and type(node.operand) is ast.Constant:
        return _constant_value(node) == 0 or type(node.op) is ast.Not  # (`not 1`: p124)
    if kind in (ast.BinOp, ast.UnaryOp):
        return True
    if kind is ast.Call and type(node.func) is ast.Name and node.func.id in _COUNTS:
        return True
    return _zeros(node, qualify, zeros)


def _zeros(node: ast.expr, qualify: Qualify, zeros: frozenset[str] = frozenset()) -> bool:
    """`tf.zeros_like(x)`, `tf.zeros(shape)`, `tf.constant(0)`, `tf.cast(False, tf.int32)`,
    `1 - 1`, `-0`, `int(False)`: zeros a graph folds to a constant (session 29's second red
    team, p07-p10, p14, p22, p118)."""
    if _constant_value(node) == 0 or (type(node) is ast.Name and node.id in zeros):
        return True
    if zeros and type(node) in (ast.Attribute, ast.Subscript) and ast.unparse(node) in zeros:
        return True  # `self.penalty`, `WEIGHTS[1]`, `CONFIG['penalty']` (summaries._zero_*)
    if zeros and type(node) is ast.Attribute and type(node.value) is ast.Name and \
            node.value.id + ".*" in zeros:  # type: ignore[attr-defined]
        return True  # `cfg.w` of `cfg = Cfg(0)` (summaries._zero_locals)
    if type(node) is ast.UnaryOp and type(node.op) in (ast.USub, ast.UAdd):
        return _zeros(node.operand, qualify, zeros)  # `-w` (session 31's red team, p88)
    if zeros and type(node) in (ast.BinOp, ast.Attribute):
        return _named_zeros(node, qualify, zeros)
    if type(node) is not ast.Call:
        return False
    if type(node.func) is ast.Name and node.func.id in ("int", "float", "bool", "abs",
                                                        "round") and \
            len(node.args) == 1 and _zeros(node.args[0], qualify, zeros):  # `int(USE_EXTRA)`
        return True
    if type(node.func) is ast.Name and node.func.id in ("min", "max") and \
            any(_zeros(a, qualify, zeros) for a in node.args):  # `min(w, 5)` (p56)
        return True
    if type(node.func) is ast.Name and node.func.id == "getattr" and \
            len(node.args) == 2 and type(node.args[1]) is ast.Constant and zeros and \
            f"{ast.unparse(node.args[0])}.{node.args[1].value}" in zeros:
        return True  # `getattr(self, "w")` (p17)
    name = dotted_name(node.func)  # type: ignore[attr-defined]
    qualified = qualify(name) if name else None
    if qualified is None:
        return False
    qualified = tfapi.normalize(qualified)
    args = node.args  # type: ignore[attr-defined]
    if qualified in ("tensorflow.constant", "tensorflow.convert_to_tensor") and args and \
            type(args[0]) in (ast.List, ast.Tuple) and args[0].elts and \
            all(_zeros(e, qualify, zeros) for e in args[0].elts):  # type: ignore[attr-defined]
        return True  # `tf.constant([0, 0, 0])` (session 32's red team, p44)
    if qualified == "tensorflow.fill" and len(args) == 2 and _zeros(args[1], qualify, zeros):
        return True  # `tf.fill(tf.shape(ids), 0)` (p45)
    if qualified.startswith("numpy.") and qualified.rpartition(".")[2] in _NUMPY_NUMBERS and \
            len(args) == 1 and _zeros(args[0], qualify, zeros):
        return True  # `np.int32(0)`, `np.array(0)` (p43)
    # `tf.constant(0)`, `tf.cast(w, tf.int32)` of a `w` that may be 0 (p82, p83)
    return qualified in _ZEROS or (qualified in ("tensorflow.constant", "tensorflow.cast",
                                                 "tensorflow.convert_to_tensor",
                                                 "tensorflow.identity") and
                                   bool(args) and _zeros(args[0], qualify, zeros))


_NUMPY_NUMBERS = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                            "uint64", "intc", "int_", "float16", "float32", "float64",
                            "bool_", "array", "asarray"})


def _made_constant(node: ast.expr) -> bool:
    """`tf.constant(0.5)`, `tf.constant([1, 2])`: a tensor of constants, whose pruning
    loses nothing that could raise (the LSP workspace's `tf.pow(tf.constant(0.5), e // 2)`)."""
    if type(node) is not ast.Call or not node.args or \
            (dotted_name(node.func) or "").rpartition(".")[2] not in (  # type: ignore
                "constant", "convert_to_tensor"):
        return False
    value = node.args[0]  # type: ignore[attr-defined]
    items = value.elts if type(value) in (ast.List, ast.Tuple) else [value]  # type: ignore
    return all(_constant_value(item) is not None for item in items)


def _named_zeros(node: ast.expr, qualify: Qualify, zeros: frozenset[str]) -> bool:
    """_zeros of an operation on, or an attribute of, names that may hold a Python 0."""
    if type(node) is ast.BinOp and type(node.op) in (ast.Mult, ast.MatMult):
        # `2 * w`, `w * k` of a `w` that may be 0 (session 32's red team, p55)
        return _zeros(node.left, qualify, zeros) or _zeros(node.right, qualify, zeros)
    if type(node) is ast.BinOp and type(node.op) in (ast.Pow, ast.FloorDiv, ast.Mod):
        return _zeros(node.left, qualify, zeros)  # `w ** 2`, `w // k` (p70)
    if type(node) is not ast.Attribute:
        return False
    base = node.value  # type: ignore[attr-defined]
    if node.attr in ("real", "numerator"):  # type: ignore[attr-defined]
        return _zeros(base, qualify, zeros)  # `w.real` (p66)
    if type(base) is ast.Call and type(base.func) is ast.Name and base.func.id == "type" and \
            len(base.args) == 1:  # `type(self).W` (p19, p74)
        return f"{ast.unparse(base.args[0])}.{node.attr}" in zeros  # type: ignore
    if type(base) is ast.Attribute and base.attr == "__class__":  # `self.__class__.W` (p20)
        return f"{ast.unparse(base.value)}.{node.attr}" in zeros  # type: ignore
    return False


def _constant_value(node: ast.expr) -> int | float | None:
    """The number a constant expression of literals is (`1 - 1`, `-0`, `int(False)`,
    `False`), None for any other expression."""
    if type(node) is ast.Constant and type(node.value) in (int, float, bool):
        return node.value  # type: ignore[no-any-return]
    if type(node) is ast.UnaryOp and type(node.op) in (ast.USub, ast.UAdd, ast.Not):
        value = _constant_value(node.operand)  # type: ignore[attr-defined]
        return None if value is None else -value if type(node.op) is ast.USub else \
            (not value) if type(node.op) is ast.Not else value  # (`not True`: rt2 p81)
    if type(node) is ast.BinOp and type(node.op) in (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv,
                                                     ast.Mod):
        a, b = _constant_value(node.left), _constant_value(node.right)  # type: ignore
        if a is None or b is None or (b == 0 and type(node.op) in (ast.FloorDiv, ast.Mod)):
            return None
        # (`1 // 2`, `3 % 3`: session 32's red team, p41, p54)
        return a + b if type(node.op) is ast.Add else a - b if type(node.op) is ast.Sub \
            else a * b if type(node.op) is ast.Mult else a // b \
            if type(node.op) is ast.FloorDiv else a % b
    if type(node) is ast.Compare and len(node.ops) == 1 and \
            type(node.ops[0]) in _COMPARE:  # type: ignore[attr-defined]
        a, b = _constant_value(node.left), \
            _constant_value(node.comparators[0])  # type: ignore[attr-defined]
        return None if a is None or b is None else \
            _COMPARE[type(node.ops[0])](a, b)  # type: ignore[attr-defined]  # `1 > 2` (p92)
    if type(node) is not ast.Call or type(node.func) is not ast.Name or node.keywords or \
            any(type(a) is ast.Starred for a in node.args):  # type: ignore[attr-defined]
        if type(node) is ast.Subscript and type(node.value) is ast.Dict and \
                type(node.slice) is ast.Constant:  # `{"w": 0}["w"]` (p79)
            found = [v for k, v in zip(node.value.keys, node.value.values,  # type: ignore
                                       strict=True)
                     if type(k) is ast.Constant and k.value == node.slice.value]  # type: ignore
            return _constant_value(found[-1]) if found and None not in \
                node.value.keys else None  # type: ignore[attr-defined]
        if type(node) is ast.Subscript and type(node.value) in (ast.List, ast.Tuple) and \
                type(_constant_value(node.slice)) is int:  # type: ignore[attr-defined]
            items = node.value.elts  # type: ignore[attr-defined]
            index = _constant_value(node.slice)  # type: ignore[attr-defined]
            if -len(items) <= index < len(items) and type(items[index]) is not ast.Starred:
                return _constant_value(items[index])  # `[0, 1][0]` (p52)
        return None
    name, args = node.func.id, node.args  # type: ignore[attr-defined]
    if name in ("int", "float", "bool") and len(args) == 1:
        if type(args[0]) is ast.Constant and type(args[0].value) is str:  # `int("0")` (p75)
            try:
                return {"int": int, "float": float, "bool": bool}[name](args[0].value)
            except ValueError:
                return None
        return _constant_value(args[0])
    if name == "len" and len(args) == 1 and (
            type(args[0]) is ast.Constant and type(args[0].value) is str or
            type(args[0]) in (ast.List, ast.Tuple, ast.Set) and
            not any(type(e) is ast.Starred for e in args[0].elts)):  # type: ignore[attr-defined]
        return len(args[0].value if type(args[0]) is ast.Constant  # type: ignore[attr-defined]
                   else args[0].elts)  # type: ignore[attr-defined]  # `len([])` (p42)
    if name in ("sum", "min", "max", "abs", "round") and len(args) == 1 and \
            type(args[0]) in (ast.List, ast.Tuple) and \
            not any(type(e) is ast.Starred for e in args[0].elts):  # type: ignore[attr-defined]
        values = [_constant_value(e) for e in args[0].elts]  # type: ignore[attr-defined]
        if any(v is None for v in values) or (not values and name != "sum"):
            return None
        return sum(values) if name == "sum" else min(values) if name == "min" else \
            max(values) if name == "max" else None  # `sum([])` (p28)
    if name in ("abs", "round") and len(args) == 1:
        value = _constant_value(args[0])
        return None if value is None else abs(value) if name == "abs" else round(value)
    return None


_COMPARE = {ast.Gt: lambda a, b: a > b, ast.Lt: lambda a, b: a < b,
            ast.GtE: lambda a, b: a >= b, ast.LtE: lambda a, b: a <= b,
            ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b}


def _float(node: ast.expr, floats: frozenset[str]) -> bool:
    """An op given a float dtype (`tf.ones(n, dtype=tf.float32)`, `dtype=dtype` of a parameter
    whose default is one): a graph does not fold a float times 0 (measured with TF 2.21,
    session 29: `w * penalty` of a float `w` and `penalty=0` raises traced too)."""
    if type(_constant_value(node)) is float:
        return True  # `0.01 * self.generated`: a Python float (no integer tensor to fold)
    if type(node) is ast.BinOp and type(node.op) is ast.Div:  # type: ignore[attr-defined]
        return True  # a true division: a float, of integers too
    if type(node) is ast.BinOp and type(node.op) is ast.Pow and \
            type(_constant_value(node.right)) is float:  # type: ignore[attr-defined]
        return True  # `self.hidden_size ** 0.5`: a Python float (or a float tensor's power)
    if type(node) is ast.Call and (dotted_name(node.func) or "") in (  # type: ignore
            "math.sqrt", "math.log", "math.exp", "np.sqrt", "numpy.sqrt"):
        return True  # `math.sqrt(d)`: a Python float
    if type(node) is not ast.Call:
        return False
    if type(node.func) is ast.Name and node.func.id == "float":  # type: ignore[attr-defined]
        return True  # `float(step)`: a Python float
    for value in [*node.args, *(k.value for k in node.keywords)]:  # type: ignore[attr-defined]
        text = dotted_name(value) or (value.value if type(value) is ast.Constant and
                                      type(value.value) is str else "")
        if text in floats or text.rpartition(".")[2].startswith(("float", "bfloat")):
            return True
    return False


def _call_operands(node: ast.Call) -> tuple[ast.expr, ast.expr] | None:
    """The two operands of `tf.multiply(a, b)`, by position or keyword (`x=`, `y=`: session
    31's red team, p85, p103); None for any other argument list."""
    named = {k.arg: k.value for k in node.keywords if k.arg in ("x", "y")}
    if any(k.arg not in ("x", "y", "name") for k in node.keywords):
        return None
    given = [*node.args, *(named[k] for k in ("x", "y")[len(node.args):] if k in named)]
    return (given[0], given[1]) if len(given) == 2 and len(node.args) + len(named) == 2 \
        else None


def _dot_operands(node: ast.Call) -> tuple[ast.expr, ast.expr] | None:
    """The two operands of `tf.tensordot(a, b, axes)`, `tf.linalg.matvec(a, b)`."""
    named = {k.arg: k.value for k in node.keywords if k.arg in ("a", "b")}
    given = [*node.args[:2], *(named[k] for k in ("a", "b")[len(node.args[:2]):] if k in named)]
    if any(isinstance(arg, ast.Starred) for arg in given):
        return None
    return (given[0], given[1]) if len(given) >= 2 else None


def neutral_hazards(nodes: list[ast.expr], qualify: Qualify,
                    zeros: frozenset[str] = frozenset(),
                    floats: frozenset[str] = frozenset()) -> list[Hazard]:
    """HAS_TRACE_DEPENDENT_CODE for the first operation of `nodes` (BinOps of NEUTRAL_OPS,
    calls of NEUTRAL_TAILS) that a graph drops or turns into a negation. `zeros`: the names
    that may hold a Python 0 (a parameter's default, a module constant); `floats`: the names
    that hold a float dtype (a parameter's default `tf.float32`)."""
    for node in nodes:
        if type(node) is ast.BinOp:
            kind = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div",
                    ast.Pow: "pow", ast.MatMult: "matmul"}.get(type(node.op))
            left, right = node.left, node.right
        else:
            name = dotted_name(node.func)  # type: ignore[attr-defined]
            qualified = qualify(name) if name else None
            found = _NEUTRAL_CALLS.get(tfapi.normalize(qualified)) if qualified else None
            operands = _call_operands(node) if found is None or found[0] != "dot" else \
                _dot_operands(node)  # type: ignore[arg-type]
            if found is None or operands is None:
                continue
            kind = found[0]
            left, right = operands
        if kind in ("mul", "matmul", "dot") and any(
                (kind != "matmul" or type(side) is ast.Call) and  # (a matmul takes no Python 0)
                _constant_value(other) is None and not _made_constant(other) and (
                    # (`0.5 * step`: Python's arithmetic; `tf.constant(0.5) ** e`: no op of
                    # data to prune)
                    (type(side) is ast.Constant and type(side.value) is int and
                     side.value == 0) or
                    (_zeros(side, qualify, zeros) and not _float(other, floats) and
                     not _float(side, floats)))  # (`x * tf.cast(step, tf.float32)`)
                for side, other in ((left, right), (right, left))):
            # (`extra * penalty` of `penalty=0`, `extra * PENALTY` of `PENALTY = 0`: p31, p81)
            # (`tf.zeros_like(x) * x`: the zeros folded to a constant first, p57 of session
            # 29's red team)
            return [Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                f"`{short_text(node)}`: a graph folds an integer multiplied by a literal 0 (or "
                "by zeros it makes, `tf.zeros_like(x)`, or a Python 0 a name, an attribute or "
                "an entry may hold: a parameter's default, a module constant, `self.penalty = "
                "0`, `1 if flag else 0`) to zeros (Grappler's constant folding), so the ops "
                "computing the other operand "
                "are pruned and what they raise eagerly does not happen (measured with TF "
                "2.21, session 28's red team, p11: `ids + w * 0` of an int `w` that "
                "tf.strings.to_number cannot parse raises eagerly and returns traced)"))]
        if kind == "pow" and _constant_value(left) is None and not _made_constant(left) and \
                (_constant_value(right) == 0 or type(right) is not ast.Call and
                 (_zeros(right, qualify, zeros) or type(right) in (ast.Name, ast.Attribute)
                  and "~" + ast.unparse(right) in zeros)):
            # (a Python 0 a name holds: `values ** p` of a caller's `p=0`, rt3 p129)
            # measured with TF 2.21 (session 29's second red team, p15, p16): `w ** 0` and
            # `tf.pow(w, 0.0)` are folded to ones, floats too
            return [Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                f"`{short_text(node)}`: a graph folds a power of 0 to ones (Grappler's "
                "arithmetic optimizer), so the ops computing the base are pruned and what "
                "they raise eagerly does not happen (measured with TF 2.21: `w ** 0` of a `w` "
                "that tf.strings.to_number cannot parse raises eagerly and returns traced)"))]
        a, b = _neutral(left), _neutral(right)
        if kind == "add" and 0 in (a, b) or kind == "sub" and 0 in (a, b) or \
                kind == "mul" and 1 in (a, b) or kind == "div" and b == 1:
            what = "turns `0 - x` into `-x`" if kind == "sub" and a == 0 else \
                "drops an operation with a neutral operand (`x + 0`, `x * 1`, `x / 1`)"
            return [Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                f"`{short_text(node)}`: a graph {what} (Grappler's arithmetic optimizer), which "
                "computes otherwise on signed zeros and denormal numbers (measured with TF "
                "2.21: `0.0 - x` of 0.0 is 0.0 eagerly and -0.0 traced, `x * 1.0` of 1e-45 "
                "is 0.0 eagerly and 1e-45 traced)"))]
    return []
