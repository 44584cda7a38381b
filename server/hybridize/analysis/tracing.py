"""What a function's own text says about tracing, read from its syntax alone (summary time):

- decorators: which ones the engine models (tf.function, `functools.partial(tf.function, ...)`,
  staticmethod/classmethod/property, a few markers that return the function unchanged); any other
  one makes both directions unknown (UNDETERMINABLE_DECORATOR), because its wrapper runs around
  the body and its Python effects run once per trace when it sits under `tf.function`;
- trace-dependent code (HAS_TRACE_DEPENDENT_CODE): constructs that answer otherwise eagerly than
  while tracing, so adding *or removing* the decorator changes what they do;
- shape lists of tf.ones/tf.zeros that may mix int32 and int64 tensors (HAS_TRACE_DEPENDENT_CODE,
  mixed_shapes.py): eagerly a tensor, traced a TypeError;
- `+`/`-` chains with two constants around a tensor term (HAS_TRACE_DEPENDENT_CODE,
  folded_constants.py): a graph sums the constants first and rounds otherwise;
- replica-context calls (HAS_REPLICA_CONTEXT_CALLS): a nested tf.function that synchronizes
  replicas fails under a distribution strategy;
- where a call's Python arguments come from (`argument_origins`): a literal constant (a bounded
  set of values, a few traces) or a computed value (a loop counter, arithmetic, data: unbounded).

Every rule here was measured with TensorFlow 2.21 (docs/analysis-rules.md, "Decorators",
"Removing a decorator", "Distribution strategies").
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import NamedTuple

from hybridize.analysis import folded_constants, graph_rewrites, mixed_shapes, tfapi
from hybridize.analysis.summary_model import Hazard
from hybridize.analysis.syntax import (
    _CHILD_FIELDS,
    append_children,
    assigned_values,
    child_fields,
    dotted_name,
    walk,
)

TF_FUNCTION = "tensorflow.function"
# Decorators that return the function itself (markers for type checkers and ABCs).
# functools.wraps(fn) only copies fn's name, docstring and __dict__ onto the wrapper it
# decorates, and returns that wrapper.
TRANSPARENT_DECORATORS = frozenset({
    "functools.wraps", "abc.abstractmethod", "typing.overload", "typing.final", "typing.override",
    "typing.no_type_check", "typing_extensions.override", "typing_extensions.final",
    "typing_extensions.overload",
})
# Handled by the module pass (function kinds), by their bare or qualified names.
KIND_DECORATORS = frozenset({"staticmethod", "classmethod", "property", "cached_property",
                             "functools.cached_property"})
# tf.function arguments that change nothing a caller can observe, whatever the decorator's
# presence (reduce_retracing only relaxes shapes of later traces; TF 2.21 reads its deprecated
# name experimental_relax_shapes as reduce_retracing=True, measured: retracing.py, R1).
HARMLESS_FUNCTION_ARGUMENTS = frozenset({"reduce_retracing", "experimental_relax_shapes"})

# Calls that answer otherwise eagerly than while tracing (measured with TF 2.21: see the docs).
TRACE_DEPENDENT_CALLS: dict[str, str] = {
    "tensorflow.executing_eagerly": "tf.executing_eagerly() is True eagerly, False while tracing",
    "tensorflow.inside_function": "tf.inside_function() is False eagerly, True while tracing",
    "tensorflow.compat.v1.executing_eagerly_outside_functions":
        "executing_eagerly_outside_functions() depends on the tracing context",
    "tensorflow.get_static_value": "tf.get_static_value() gives a value eagerly and often None "
                                   "while tracing",
    "tensorflow.init_scope": "tf.init_scope() lifts code out of the graph being traced",
    "tensorflow.is_symbolic_tensor": "tf.is_symbolic_tensor() is True only for graph tensors",
    "tensorflow.get_current_name_scope": "the name scope differs while tracing",
}
SHAPE_ATTRIBUTES = frozenset({"shape", "get_shape", "ndims"})
# Calls that synchronize replicas, by the function's qualified name or the method's name.
REPLICA_FUNCTIONS = frozenset({
    "tensorflow.distribute.get_replica_context", "tensorflow.distribute.in_cross_replica_context",
    "tensorflow.distribute.get_cross_replica_context",
})
REPLICA_METHODS = frozenset({"merge_call", "all_reduce", "all_gather", "batch_reduce_to",
                             "reduce_to"})

Qualify = Callable[[str], "str | None"]


def decorator_name(decorator: ast.expr, qualify: Qualify) -> tuple[str, str]:
    """(name as written, qualified name) of a decorator (`@x.y(...)` gives x.y)."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = dotted_name(target) or ast.unparse(target)
    return name, qualify(name) or name


def partial_function_keywords(decorator: ast.expr, qualify: Qualify) -> list[str] | None:
    """`@functools.partial(tf.function, jit_compile=True)`: tf.function's keyword names, or None
    when the decorator is not such a partial."""
    if not (isinstance(decorator, ast.Call) and decorator.args):
        return None
    _, qualified = decorator_name(decorator, qualify)
    first = dotted_name(decorator.args[0])
    if qualified != "functools.partial" or first is None or qualify(first) != TF_FUNCTION:
        return None
    names = [kw.arg or "**" for kw in decorator.keywords]
    return names + ["func"] * (len(decorator.args) > 1)


def unmodelled_decorators(decorators: list[ast.expr], qualify: Qualify,
                          forwarding: frozenset[str] = frozenset()) -> list[Hazard]:
    """UNDETERMINABLE_DECORATOR for each decorator the engine does not model. A forwarding
    decorator of the module (`forwarding`) that sits above every tf.function of the def (or on
    a def without one) runs eagerly around the function either way: it only makes callers
    unknown (FORWARDING_DECORATOR: a caller's graph would trace the wrapper's Python code)."""
    out = []
    lowest_function = max((i for i, d in enumerate(decorators) if _is_function(d, qualify)),
                          default=-1)
    for index, decorator in enumerate(decorators):
        name, qualified = decorator_name(decorator, qualify)
        if _is_function(decorator, qualify):
            continue
        if qualified in TRANSPARENT_DECORATORS or name in KIND_DECORATORS or \
                qualified in KIND_DECORATORS or name.endswith((".setter", ".getter", ".deleter")):
            continue
        library = tfapi.forwarding_decorators().get(qualified)
        if (name in forwarding or library) and (index < lowest_function or lowest_function < 0):
            out.append(Hazard(
                "FORWARDING_DECORATOR", decorator.lineno,
                f"decorated with @{name}, whose wrapper's Python code a caller's graph would "
                "run only while tracing" + (f" (it {library})" if library else "")))
            continue
        out.append(Hazard(
            "UNDETERMINABLE_DECORATOR", decorator.lineno,
            f"decorated with @{name}, which the analysis does not model: its wrapper runs "
            "around the body"))
    return out


def _is_function(decorator: ast.expr, qualify: Qualify) -> bool:
    return decorator_name(decorator, qualify)[1] == TF_FUNCTION or \
        partial_function_keywords(decorator, qualify) is not None


# --- forwarding decorators: `functools.wraps` wrappers that only pass the call on -------------

NAME_ATTRIBUTES = frozenset({"__name__", "__qualname__", "__doc__", "__module__"})


def forwarding_decorators(tree: ast.Module) -> frozenset[str]:
    """Module-level decorators whose wrapper passes its own arguments, unchanged, to the
    function and uses it for nothing else but its name: `def d(fn): @functools.wraps(fn) def
    w(*args, **kwargs): ...; return fn(*args, **kwargs) ...; return w`, or a factory
    `def d(x): def decorate(fn): <that>; return decorate`. With `@tf.function` written under
    such a decorator (the refactoring's place), the wrapper still runs eagerly on every call and
    hands the tf.function the same arguments (measured: tests/ground_truth.py, class 5)."""
    out = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and (
                _forwarding(node) or _factory_of_forwarding(node)):
            out.add(node.name)
    return frozenset(out)


def _inner_returned(node: ast.FunctionDef) -> ast.FunctionDef | None:
    """The nested def that is the body's only statement besides a docstring and its return."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if len(body) == 2 and isinstance(body[0], ast.FunctionDef) and \
            isinstance(body[1], ast.Return) and isinstance(body[1].value, ast.Name) and \
            body[1].value.id == body[0].name and not node.decorator_list:
        return body[0]
    return None


def _factory_of_forwarding(node: ast.FunctionDef) -> bool:
    inner = _inner_returned(node)
    return inner is not None and _forwarding(inner)


def _forwarding(node: ast.FunctionDef) -> bool:
    args = node.args
    if len(args.args) != 1 or args.posonlyargs or args.kwonlyargs or args.vararg or args.kwarg:
        return False
    fn = args.args[0].arg
    wrapper = _inner_returned(node)
    if wrapper is None:
        return False
    for decorator in wrapper.decorator_list:  # only functools.wraps(fn)
        name = dotted_name(decorator.func) if isinstance(decorator, ast.Call) else None
        if not (name in ("functools.wraps", "wraps") and isinstance(decorator, ast.Call) and
                [ast.unparse(a) for a in decorator.args] == [fn] and not decorator.keywords):
            return False
    w = wrapper.args
    if w.args or w.posonlyargs or w.kwonlyargs or w.vararg is None:
        return False
    forwarded = [f"*{w.vararg.arg}"] + ([f"**{w.kwarg.arg}"] if w.kwarg else [])
    parents = {child: parent for parent in walk(wrapper) for child in
               ast.iter_child_nodes(parent)}
    calls = 0
    for sub in walk(wrapper):
        if sub is wrapper:
            continue
        if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
                            ast.Global, ast.Nonlocal)):
            return False  # the function (or the arguments) could escape or change
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)) and \
                sub.id in (fn, w.vararg.arg, w.kwarg.arg if w.kwarg else None):
            return False
        if not (isinstance(sub, ast.Name) and sub.id == fn) or \
                any(sub is a for d in wrapper.decorator_list for a in walk(d)):
            continue
        parent = parents.get(sub)
        if isinstance(parent, ast.Attribute) and parent.attr in NAME_ATTRIBUTES:
            continue
        if isinstance(parent, ast.Call) and parent.func is sub and \
                [ast.unparse(a) for a in parent.args] + \
                [f"**{ast.unparse(k.value)}" for k in parent.keywords if k.arg is None] == \
                forwarded and all(k.arg is None for k in parent.keywords):
            calls += 1
            continue
        return False
    return calls > 0


def _has_shape_read(node: ast.AST) -> bool:
    return any(isinstance(sub, ast.Attribute) and sub.attr in SHAPE_ATTRIBUTES
               for sub in walk(node))


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


LITERAL, COMPUTED, UNKNOWN = "l", "c", "?"
# `n if n else 0`, `n or 1`: the value is one parameter as passed, or a literal (bounded_args.py)
PARAM_OR_LITERAL = "f"
# The last name of every call the scan classifies: other calls are not even resolved (speed).
_CALL_TAILS = frozenset(
    {q.rsplit(".", 1)[-1] for q in (*TRACE_DEPENDENT_CALLS, *REPLICA_FUNCTIONS)} |
    {"TensorArray"} | REPLICA_METHODS)
_LOOPS = (ast.For, ast.AsyncFor, ast.comprehension)
_NOT_ENTERED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_ASSIGNS = (ast.Assign, ast.AnnAssign, ast.NamedExpr)
_SUM_OPS = frozenset({ast.Add, ast.Sub})


def _key_kind(key: ast.expr | None) -> str:
    """What a dict key written as a constant compares with: numbers (bool, int and float) with
    each other, every other type only with itself; "" for a key not written as a constant."""
    if not isinstance(key, ast.Constant):
        return ""
    value = key.value
    return "number" if isinstance(value, (bool, int, float)) else type(value).__name__


def _key_kinds(node: ast.Dict) -> str:
    """The kinds of a dict display's own constant keys when they do not sort together."""
    kinds = {_key_kind(k) for k in node.keys if k is not None} - {""}
    return " and ".join(sorted(kinds)) if len(kinds) > 1 else ""


def unsorted_keys(returned: list[ast.expr], assigns: list[ast.Assign]) -> list[Hazard]:
    """A dict display returned (in a returned tuple, list or dict, or bound to a local that is
    returned) whose constant keys do not sort together, `{"total": t, 0: m}`: a tf.function
    flattens what it returns with tf.nest, which sorts a dict's keys, and raises TypeError
    ('<' not supported between instances of 'int' and 'str') on every call, where eagerly the
    dict is returned (measured with TF 2.21: str with int, None, bytes or a tuple; a red team
    of session 41)."""
    bound = assigned_values(assigns)
    stack = list(returned)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if type(node) is ast.Name:
            stack.extend(bound.get(node.id, ()))
        elif type(node) in (ast.Tuple, ast.List):
            stack.extend(node.elts)
        elif type(node) is ast.Dict:
            stack.extend(v for v in node.values if v is not None)
            if kinds := _key_kinds(node):
                return [Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
                    f"returns a dict whose keys are of types that do not sort together "
                    f"({kinds}): a tf.function flattens what it returns with tf.nest, which "
                    "sorts a dict's keys, and raises TypeError on every call (measured with "
                    "TF 2.21)"))]
    return []


def unsortable_keys(node: ast.expr) -> str:
    """For a dict display (or one in a tuple, list or dict display) whose constant keys do not
    sort together, their kinds ("number and str"); "" otherwise (unsorted_keys)."""
    if type(node) in (ast.Tuple, ast.List):
        return next((found for e in node.elts if (found := unsortable_keys(e))), "")
    if type(node) is not ast.Dict:
        return ""
    if kinds := _key_kinds(node):
        return kinds
    return next((found for v in node.values if v is not None and
                 (found := unsortable_keys(v))), "")


class BodyScan(NamedTuple):
    hazards: list[Hazard]  # HAS_TRACE_DEPENDENT_CODE, HAS_REPLICA_CONTEXT_CALLS
    origins: dict[str, str]  # local name -> LITERAL or COMPUTED (see local_origins)
    kinds: dict[str, str]  # a LITERAL local bound to containers -> their container_kinds
    chain: tuple[int, str] | None = None  # arithmetic_chain: the first, (line, text)
    reshape: tuple[int, str] | None = None  # elidable_reshape: the first, (line, text)
    empty_reshape: tuple[int, str] | None = None  # empty_reshape: the first, (line, text)
    # (first, last) lines of code that runs only on some paths: `if` branches and conditional
    # expressions (FunctionSummary.branches)
    branches: tuple[tuple[int, int], ...] = ()
    # (parameter, line, "mul" or "pow", the parameter on the other side or ""): an integer
    # multiplication (a power) a graph folds to zeros (ones) where the parameter holds a
    # Python 0 (graph_rewrites.neutral_hazards); facts.zero_arguments asks whether a caller
    # may pass one (FunctionSummary.zero_params).
    zero_params: tuple[tuple[str, int, str, str], ...] = ()


# Grappler's arithmetic optimizer (its AddOpsRewrite and MinimizeBroadcasts stages) reorders a
# chain of three or more additions or multiplications whose terms differ in shape, combining
# the smaller-shaped terms first. Measured with TF 2.21 (a red team of session 26, p67, p68,
# p73, p74): `x + b + c` with x = [1, 2], b = 1e8, c = -1e8 gives [0, 0] eagerly and [1, 2]
# traced (`tf.add(tf.add(x, b), c)` too); `x * g * a` with x = [1e20, 1], g = 1e20, a = 1e-20
# gives [inf, 1] eagerly and [1e20, 1] traced; terms of one shape, subtractions, `a + (b + c)`
# and two terms computed the same. The engine does not know the shapes: every such chain states
# the REASSOCIATED_ARITHMETIC assumption (rounding-level apart from cancelling or overflowing
# terms), it is not declined.
_CHAIN_OPS = (ast.Add, ast.Mult)
_CHAIN_TAILS = frozenset({"add", "multiply"})


def arithmetic_chain(node: ast.expr, qualify: Qualify) -> bool:
    """`a + b + c`, `a * b * c`, `tf.add(tf.add(a, b), c)`: a chain of three or more terms
    a graph may reorder (not one of Python numbers written out)."""
    if type(node) is ast.BinOp:
        op = type(node.op)
        inner = node.left
        if op not in _CHAIN_OPS or not (type(inner) is ast.BinOp and type(inner.op) is op):
            return False
        leaves = [node.right, inner.right, inner.left]
    elif type(node) is ast.Call and len(node.args) == 2 and not node.keywords:
        tail = graph_rewrites.tf_tail(node, qualify)
        inner = node.args[0]
        if tail not in _CHAIN_TAILS or not (
                type(inner) is ast.Call and len(inner.args) == 2 and
                graph_rewrites.tf_tail(inner, qualify) == tail):
            return False
        leaves = [node.args[1], *inner.args]
    else:
        return False
    return not all(type(leaf) is ast.Constant for leaf in leaves)


# Grappler drops a reshape that keeps the rank when the target shape is a constant and the input's
# shape, known only when the graph runs, is compatible with it: where eagerly the element count
# differs and the reshape raises InvalidArgumentError, the graph returns its input as it was.
# Measured with TF 2.21 (session 27): `tf.reshape(tf.boolean_mask(x, m), [3])` of two elements
# returns them, shape (2,); `[tf.constant(3)]`, keras.ops.reshape and a [None, 1] input to [3, 1]
# too; a -1 in the shape or a change of rank keeps the check. The engine does not know static
# shapes: a reshape to a shape without a literal -1 states the ELIDED_RESHAPE assumption
# (equal wherever the eager reshape succeeds), it is not declined.
def elidable_reshape(node: ast.Call, qualify: Qualify) -> bool:
    """`tf.reshape(x, [a, b])`, `keras.ops.reshape(x, shape)`, `tf.raw_ops.Reshape(tensor=x,
    shape=s)`: a reshape whose shape argument is not a display holding a literal -1 (or a
    starred part)."""
    shape = _reshape_shape(node, qualify)
    if shape is None:
        return False
    if isinstance(shape, (ast.List, ast.Tuple)):
        return not any(isinstance(e, ast.Starred) or _negated_literal(e) for e in shape.elts)
    return not (isinstance(shape, ast.UnaryOp) and isinstance(shape.op, ast.USub))


_RESHAPES = frozenset({"reshape", "Reshape"})


def _reshape_shape(node: ast.Call, qualify: Qualify) -> ast.expr | None:
    """The shape argument of a reshape call (`tf.reshape`, `keras.ops.reshape`,
    `tf.raw_ops.Reshape`), None for any other call."""
    if graph_rewrites.tf_tail(node, qualify) not in _RESHAPES:
        return None
    return node.args[1] if len(node.args) > 1 else next(
        (k.value for k in node.keywords if k.arg in ("shape", "newshape", "new_shape")), None)


def _negated_literal(node: ast.expr) -> bool:
    """`-1` (any `-` of a literal), as a shape's dimension."""
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
        isinstance(node.operand, ast.Constant)


# On an input with no elements, the size a -1 stands for is a ratio of the dimensions that are
# not 0, and a graph may take it from other dimensions than eagerly: Grappler merges consecutive
# reshapes (and folds shapes known while tracing). Measured with TF 2.21 (a red team of session
# 36 on keras-hub's DFineIntegral.call): `reshape(reshape(q, (-1, 4)), (b, n, -1))` of an empty
# `q` (shape (0, 3, 20) before) is (0, 3, 1) eagerly and (0, 3, 0) traced;
# `tf.reshape(tf.zeros((0, 0)), [tf.shape(x)[0], -1])` is (0, 1) eagerly, (0, 0) traced. A
# shape whose other dimensions are positive literals (`[-1, 4]`, `[2, -1]`) is sized the same
# both ways: no other dimension is 0. The engine does not know which dimensions may be 0: such
# a reshape states the EMPTY_RESHAPE assumption (equal on every input with elements).
def empty_reshape(node: ast.Call, qualify: Qualify) -> bool:
    """`tf.reshape(x, [b, n, -1])`, `keras.ops.reshape(x, (tf.shape(x)[0], -1))`, a reshape to
    a shape not written out: a -1 (or what may be one) beside a dimension that may be 0."""
    shape = _reshape_shape(node, qualify)
    if shape is None:
        return False
    if not isinstance(shape, (ast.List, ast.Tuple)):
        return not isinstance(shape, ast.Constant) and not _negated_literal(shape)
    minus_one = any(_negated_literal(e) for e in shape.elts)
    starred = any(isinstance(e, ast.Starred) for e in shape.elts)
    others = [e for e in shape.elts if not _negated_literal(e)]
    maybe_zero = any(not (isinstance(e, ast.Constant) and type(e.value) is int and e.value > 0)
                     for e in others)
    return (minus_one or starred) and maybe_zero


def makes_grid(text: str) -> bool:
    """The call of an EMPTY_RESHAPE's evidence (`tf.meshgrid(*xs)`) is a grid, not a reshape."""
    return "meshgrid" in text.split("(", 1)[0]


def reshape_aliases(tree: ast.Module, qualify: Qualify) -> frozenset[str]:
    """Module-level names bound to what reshapes (`reshape = tf.reshape`, `to_vec =
    functools.partial(tf.reshape, shape=[3])`, `flat = tf.keras.layers.Reshape((3,))`): a
    call of one is an elidable reshape whatever its arguments (a red team of session 27,
    p44, p46, p50)."""
    out = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any((name := dotted_name(n)) and
                   (qualify(name) or "").startswith(("tensorflow.", "keras.")) and
                   (qualify(name) or "").rsplit(".", 1)[-1] in _RESHAPES
                   for n in walk(stmt.value) if isinstance(n, (ast.Name, ast.Attribute))):
                out.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(out)


def _other_param(node: ast.expr, param: str, params: tuple[str, ...]) -> str:
    """The parameter on the other side of `node` (`x * step`: "x" for "step"), else ""."""
    sides = _operands(node)
    names = [side.id if type(side) is ast.Name else ast.unparse(side)
             if type(side) is ast.Attribute else "" for side in sides]  # (`x * self.w`)
    if len(names) == 2 and param in names:
        other = names[1 - names.index(param)]
        return other if other in params and other != param else ""
    return ""


def _zero_params(neutral: list[ast.expr], assigns: list[ast.Assign], nested: list[ast.AST],
                 qualify: Qualify, zeros: frozenset[str], floats: frozenset[str],
                 params: tuple[str, ...], me: str) -> list[tuple[str, int, str, str]]:
    """FunctionSummary.zero_params: `ids * weight` is folded where a caller passes `weight=0`,
    `ids * self.w` where the instance may hold a 0 in `w` (".w": facts.zero_arguments finds
    who sets it), and a lambda or nested function of the body multiplying by the parameter
    (`lambda v: v * w`: session 31's red team, p92, p93) is folded in the same trace."""
    aliases: dict[str, set[str]] = {}  # `scale = weight` (session 31's red team, p81)
    for assign in assigns:
        value = assign.value
        if value.__class__ is ast.Name and value.id in params or \
                me and value.__class__ is ast.Attribute and \
                value.value.__class__ is ast.Name and value.value.id == me:  # type: ignore
            # (`w = self.w`: session 32's red team, p16)
            aliases.setdefault(ast.unparse(value), set()).update(
                t.id for t in assign.targets if t.__class__ is ast.Name)
    inner: list[tuple[ast.expr, frozenset[str]]] = [(node, frozenset()) for node in neutral]
    for scope in nested:  # products of a nested scope, with the names it binds itself
        bound = frozenset(sub.arg if type(sub) is ast.arg else sub.id  # type: ignore
                          for sub in walk(scope)
                          if type(sub) is ast.arg or type(sub) is ast.Name and
                          type(sub.ctx) is ast.Store)  # type: ignore[attr-defined]
        for sub in walk(scope):
            if type(sub) is ast.BinOp and type(sub.op) in (ast.Mult, ast.Pow) or \
                    type(sub) is ast.Call and (dotted_name(sub.func) or "").rpartition(".")[2] \
                    in ("multiply", "pow"):
                inner.append((sub, bound))  # type: ignore[arg-type]
    candidates = [p for p in params if p not in zeros]
    if me:  # `self.w` operands (or their aliases): what the instance holds
        candidates += sorted({f"{me}.{attr}" for node, _ in inner
                              for side in _operands(node)
                              if (attr := _own_attribute(side, me, aliases)) and
                              f"{me}.{attr}" not in zeros})
    found: list[tuple[str, int, str, str]] = []
    for param in candidates:
        for node, bound in inner:
            if param.partition(".")[0] in bound:
                continue  # (`lambda w: v * w`: its own `w`)
            if me and all(_rooted(side, me) for side in _operands(node)):
                continue  # `self.height * self.width`: no op of this function to prune
            zero = graph_rewrites.neutral_hazards(
                [node], qualify, zeros | {param} | aliases.get(param, set()), floats)
            if zero:
                other = "" if bound else next(
                    (o for name in (param, *sorted(aliases.get(param, ())))
                     if (o := _other_param(node, name, params))), "")
                found.append(("." + param.partition(".")[2] if "." in param else param,
                              zero[0].line, "pow" if "power of 0" in zero[0].reason else "mul",
                              other))
                break
    return found


def _own_attribute(side: ast.expr, me: str, aliases: dict[str, set[str]]) -> str:
    """The attribute of `me` an operand reads: `self.w`, `type(self).w`, `self.__class__.w`,
    `getattr(self, "w")`, a local alias of one (`w = self.w`); "" for any other."""
    kind = type(side)
    if kind is ast.Name:
        return next((text.partition(".")[2] for text, names in aliases.items()
                     if side.id in names and text.startswith(me + ".")), "")  # type: ignore
    if kind is ast.Call and type(side.func) is ast.Name and \
            side.func.id == "getattr" and len(side.args) == 2 and \
            type(side.args[0]) is ast.Name and side.args[0].id == me and \
            type(side.args[1]) is ast.Constant and type(side.args[1].value) is str:
        return side.args[1].value  # type: ignore[attr-defined,no-any-return]
    if kind is not ast.Attribute:
        return ""
    base = side.value  # type: ignore[attr-defined]
    if type(base) is ast.Name and base.id == me or \
            type(base) is ast.Attribute and base.attr == "__class__" and \
            type(base.value) is ast.Name and base.value.id == me or \
            type(base) is ast.Call and type(base.func) is ast.Name and \
            base.func.id == "type" and len(base.args) == 1 and \
            type(base.args[0]) is ast.Name and base.args[0].id == me:
        return side.attr  # type: ignore[attr-defined,no-any-return]
    if type(base) is ast.Attribute and _rooted(base, me):
        # `self.cfg.w`: "cfg.w", an attribute of an object the instance holds (session 32's
        # red team, p18)
        return ast.unparse(side).partition(".")[2]
    return ""


def _rooted(node: ast.expr, me: str) -> bool:
    """`self.height`, `self.cfg.size`: an attribute chain of the method's own instance."""
    while type(node) is ast.Attribute:
        node = node.value  # type: ignore[attr-defined]
    return type(node) is ast.Name and node.id == me  # type: ignore[attr-defined]


def _operands(node: ast.expr) -> tuple[ast.expr, ...]:
    """The two sides of `a * b`, `tf.multiply(a, b)`."""
    return (node.left, node.right) if type(node) is ast.BinOp else \
        tuple(getattr(node, "args", ())[:2])


def scan_body(body: list[ast.stmt], qualify: Qualify,
              reshapes: frozenset[str] = frozenset(), zeros: frozenset[str] = frozenset(),
              floats: frozenset[str] = frozenset(), params: tuple[str, ...] = (),
              me: str = "") -> BodyScan:
    """One walk over a function body (nested functions are their own summaries): its
    trace-dependent code, its replica-context calls and where its locals come from. `me`: a
    method's first parameter (its `self.w` operands count for FunctionSummary.zero_params)."""
    hazards: list[Hazard] = []
    chain: tuple[int, str] | None = None  # arithmetic_chain
    reshape: tuple[int, str] | None = None  # elidable_reshape
    empty: tuple[int, str] | None = None  # empty_reshape
    branches: list[tuple[int, int]] = []
    seen: dict[str, set[str]] = {}
    compares: list[ast.Compare] = []
    assigns: list[ast.Assign] = []
    reads_shapes = False
    shaped: list[ast.Call] = []  # tf.ones(...), tf.zeros(...): mixed_shapes.py
    sums: list[ast.expr] = []  # `a + b`, `a - b`, tf.add(a, b): folded_constants.py
    rewritten: list[ast.expr] = []  # log(...), ~x, tf.pow(x, c): graph_rewrites.py
    neutral: list[ast.expr] = []  # `x * 1.0`, `0.0 - x`: graph_rewrites.neutral_hazards
    firsts: list[ast.Call] = []  # tf.subtract(1.0, x): python_first_operands.tsv
    returned: list[ast.expr] = []  # what `return` gives: unsorted_keys

    kinds: dict[str, set[str]] = {}
    nested: list[ast.AST] = []  # lambdas and defs of the body (their products: zero_params)

    def bind(target: ast.AST, origin: str) -> None:
        for sub in walk(target):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                seen.setdefault(sub.id, set()).add(origin)

    # The walk of syntax.scope_facts (per-class field tables, names and constants not entered):
    # this runs once per function of a cold run.
    stack: list = list(body)
    fields_of = _CHILD_FIELDS
    while stack:
        node = stack.pop()
        cls = node.__class__
        if cls is ast.Name or cls is ast.Constant or cls is str or node is None:
            continue
        if cls in _NOT_ENTERED:
            if cls is not ast.ClassDef:
                nested.append(node)
            continue
        fields = fields_of.get(cls) or child_fields(cls)
        for field in fields:
            value = getattr(node, field, None)
            if value.__class__ is list:
                stack.extend(value)
            elif isinstance(value, ast.AST):
                stack.append(value)
        if cls is ast.Call:
            func = node.func
            tail = func.attr if func.__class__ is ast.Attribute else \
                func.id if func.__class__ is ast.Name else None
            if tail in _CALL_TAILS:
                _classify_call(node, qualify, hazards)
            elif tail in mixed_shapes.TAILS:
                shaped.append(node)
            elif tail in folded_constants.CALL_TAILS and len(node.args) == 2 and \
                    not node.keywords and (qualify(dotted_name(func) or "") or "") in \
                    folded_constants.SUM_CALLS:
                sums.append(node)  # tf.add(tf.subtract(1.0, x), eps): folded_constants.py
            if tail in _FIRST_OPERAND_TAILS and any(_number_literal(a) for a in node.args[:2]):
                firsts.append(node)  # tf.subtract(1.0, x): x float16 fails traced
            if tail in graph_rewrites.CALL_TAILS or func.__class__ is ast.Call and \
                    graph_rewrites.tail(node) in graph_rewrites.LOSS_CLASS_TAILS:
                # tf.math.log(tf.nn.softmax(x)), BinaryCrossentropy()(y, tf.sigmoid(z))
                rewritten.append(node)
            if tail in ("__mul__", "__rmul__", "__pow__") and len(node.args) == 1 and \
                    func.__class__ is ast.Attribute:
                # `ids.__mul__(w)`: `ids * w` (session 31's red team, p84)
                neutral.append(ast.BinOp(func.value, ast.Pow() if tail == "__pow__" else
                                         ast.Mult(), node.args[0], lineno=node.lineno,
                                         col_offset=node.col_offset, end_lineno=node.end_lineno,
                                         end_col_offset=node.end_col_offset))
            if tail in graph_rewrites.NEUTRAL_TAILS and \
                    len(node.args) + sum(k.arg in ("x", "y") for k in node.keywords) == 2 or \
                    tail in graph_rewrites.DOT_TAILS and \
                    len(node.args) + sum(k.arg in ("a", "b") for k in node.keywords) >= 2:
                neutral.append(node)  # tf.subtract(0.0, x), tf.multiply(x=a, y=b)
            if chain is None and tail in _CHAIN_TAILS and arithmetic_chain(node, qualify):
                chain = (node.lineno, graph_rewrites.short_text(node))
            if tail == "meshgrid" and (empty is None or node.lineno < empty[0] or
                                       not makes_grid(empty[1])) and \
                    qualify(dotted_name(func) or "") == "tensorflow.meshgrid":
                # A graph's tf.meshgrid of a float32 axis with no elements kills the process
                # (SIGFPE; measured with TF 2.21, a red team of session 37 on gpflow's
                # list_to_flat_grid: Grappler's constant folding and arithmetic optimizer
                # together; float64, float16 and integer axes run): EMPTY_RESHAPE, said
                # before a reshape's.
                empty = (node.lineno, graph_rewrites.short_text(node))
            if tail in _RESHAPES or tail in reshapes:
                # a module's alias of a reshape (`to_vec = partial(tf.reshape, shape=[3])`)
                # counts as both, whatever its arguments
                alias = func.__class__ is ast.Name and tail in reshapes
                if (reshape is None or node.lineno < reshape[0]) and \
                        (alias or elidable_reshape(node, qualify)):
                    reshape = (node.lineno, graph_rewrites.short_text(node))
                if (empty is None or node.lineno < empty[0] and not makes_grid(empty[1])) and \
                        (alias or empty_reshape(node, qualify)):  # (a grid says more)
                    empty = (node.lineno, graph_rewrites.short_text(node))
        elif cls is ast.Attribute:
            reads_shapes = reads_shapes or node.attr in SHAPE_ATTRIBUTES
        elif cls is ast.Compare:
            compares.append(node)
            rewritten.append(node)  # `x / 1.7 >= 1.0`: graph_rewrites._quotient_compared
        elif cls is ast.IfExp:
            branches.append((node.lineno, node.end_lineno or node.lineno))
        elif cls is ast.Return:
            if node.value is not None:
                returned.append(node.value)
        elif cls is ast.BinOp:
            if chain is None and arithmetic_chain(node, qualify):
                chain = (node.lineno, graph_rewrites.short_text(node))
            if node.op.__class__ in _SUM_OPS:
                sums.append(node)
            if node.op.__class__ in graph_rewrites.NEUTRAL_OPS:
                neutral.append(node)
            if node.op.__class__ in (ast.Sub, ast.Pow, ast.Mod, ast.FloorDiv):
                # tf.exp(x) - 1.0: graph_rewrites.py (Expm1); `x ** -0.5` (Rsqrt: session 33's
                # red team B, p33); `x / 1.7 % 1.0` (a quotient's FloorMod: session 41)
                rewritten.append(node)
        elif cls is ast.UnaryOp:
            if node.op.__class__ is ast.Invert:
                rewritten.append(node)  # ~(a < b): graph_rewrites.py
        elif cls is ast.If:
            for part in (node.body, node.orelse):
                if part:
                    branches.append((part[0].lineno, part[-1].end_lineno or part[-1].lineno))
        elif isinstance(node, _LOOPS):
            # (A loop's body runs in the first trace too, unless it iterates nothing: not a
            # branch; a `for` over a dataset is a graph loop, traced once.)
            literal = isinstance(node.iter, (ast.Tuple, ast.List, ast.Set)) and \
                all(literal_display(e, mutable=False) for e in node.iter.elts)  # (32, 64)
            bind(node.target, LITERAL if literal else COMPUTED)
        elif isinstance(node, ast.AugAssign):
            bind(node.target, COMPUTED)
            if node.op.__class__ in (ast.Mult, ast.Pow) and node.target.__class__ is ast.Name:
                # `ids *= w`: `ids = ids * w` (session 31's red team, p87)
                neutral.append(ast.BinOp(ast.Name(node.target.id, ast.Load()), node.op,
                                         node.value, lineno=node.lineno,
                                         col_offset=node.col_offset, end_lineno=node.end_lineno,
                                         end_col_offset=node.end_col_offset))
        elif isinstance(node, _ASSIGNS):
            value = node.value
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            # `perm = (0, 2, 1) if rank == 3 else (1, 0)`: a tuple cannot change in place.
            origin = LITERAL if value is not None and literal_display(value, mutable=False) \
                else COMPUTED
            for target in targets:
                bind(target, origin)
                if origin == LITERAL and type(target) is ast.Name:
                    kinds.setdefault(target.id, set()).add(container_kinds(value))
            if isinstance(node, ast.Assign):
                assigns.append(node)
    if reads_shapes and compares:
        hazards += _shape_tests(compares, assigns)
    if shaped:  # a shape list that may mix int32 and int64 tensors (red team, opennmt-tf)
        shaped.sort(key=lambda call: (call.lineno, call.col_offset))
        hazards += mixed_shapes.hazards(shaped, body, qualify)
    if sums:  # `1.0 - x ** 2 + EPS`: a graph folds the constants first (tf2rl)
        sums.sort(key=lambda node: (node.lineno, node.col_offset))
        hazards += folded_constants.hazards(sums, assigns, body)
    if firsts:  # a Python number first: converted to float32/int32 first while tracing
        bound = assigned_values(assigns)
        for call in firsts:
            _python_first(call, qualify, hazards, bound)
    zero_params: list[tuple[str, int, str, str]] = []
    if neutral:  # `x * 1.0 + 0.0`: a graph drops the operation
        neutral.sort(key=lambda node: (node.lineno, node.col_offset))
        found = graph_rewrites.neutral_hazards(neutral, qualify, zeros, floats)
        hazards += found
        if not found:
            zero_params = _zero_params(neutral, assigns, nested, qualify, zeros, floats,
                                       params, me)
    elif nested:
        zero_params = _zero_params([], assigns, nested, qualify, zeros, floats, params, me)
    if returned:  # `return {"total": t, 0: m}`: tf.nest cannot sort the keys
        hazards += unsorted_keys(returned, assigns)
    if rewritten:  # log(softmax(x)), ~(a < b), argmax(sigmoid(x)): a graph rewrites the pair
        rewritten.sort(key=lambda node: (node.lineno, node.col_offset))
        hazards += graph_rewrites.hazards(rewritten, assigns, qualify)
    origins = {name: LITERAL if found == {LITERAL} else COMPUTED for name, found in seen.items()}
    # `perm = (0, 2, 1) if rank == 3 else (1, 0)`: the kinds of every container bound to it
    local_kinds = {name: next(iter(found)) if len(found) == 1 else "m"
                   for name, found in kinds.items() if origins.get(name) == LITERAL}
    return BodyScan(hazards, origins, local_kinds, chain, reshape, empty,
                    tuple(sorted(branches)), tuple(zero_params))


_FIRST_OPERAND_TAILS = frozenset(q.rsplit(".", 1)[-1] for q in tfapi.python_first_failures())


def _number_literal(node: ast.expr) -> bool:
    """`1.0`, `-1`, `0`: a number written literally (not a bool)."""
    if node.__class__ is ast.UnaryOp and node.op.__class__ in (ast.USub, ast.UAdd):
        node = node.operand
    return node.__class__ is ast.Constant and node.value.__class__ in (int, float)


def _python_first(node: ast.Call, qualify: Qualify, out: list[Hazard],
                  bound: dict[str, list[ast.expr]]) -> None:
    name = dotted_name(node.func)
    qualified = qualify(name) if name else None
    found = tfapi.python_first_failures().get(tfapi.normalize(qualified)) if qualified else None
    if found is None or len(node.args) <= found[0] or not _number_literal(node.args[found[0]]):
        return
    position, measured = found
    literal = node.args[position]
    number = literal.operand if isinstance(literal, ast.UnaryOp) else literal
    default = "int32" if isinstance(number, ast.Constant) and number.value.__class__ is int \
        else "float32"
    other = node.args[position + 1] if len(node.args) > position + 1 else None
    if other is not None and _shown_dtype(other, qualify, bound, set()) == default:
        return
    shown = ", ".join(["..."] * position + [ast.unparse(literal), "..."])
    out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno, (
        f"`{ast.unparse(node.func)}({shown})`: eagerly the Python number takes the dtype of the "
        "tensor argument; while tracing it is converted first, to float32 or int32, and a "
        f"float16, float64, bfloat16 or int64 tensor is rejected (measured with TF 2.21 "
        f"{measured})")))


_CASTS = frozenset({"tensorflow.cast", "tensorflow.keras.ops.cast"})


def _shown_dtype(node: ast.expr, qualify: Qualify, bound: dict[str, list[ast.expr]],
                 seen: set[str]) -> str | None:
    """The dtype a tensor expression shows in its text: a cast or creator naming it
    (`tf.cast(x, tf.float32)`, `tf.range(0, d, 2, dtype=tf.float32)`, `tf.ones(shape)`),
    `tf.shape(x)` / `tf.size(x)` (int32 without `out_type`), an element of one, arithmetic on
    one (`tf.cast(step, tf.float32) / 10.0`), or a local every assignment of which shows the
    same dtype; None when it shows none."""
    if isinstance(node, ast.BinOp):
        return _shown_dtype(node.left, qualify, bound, seen) or \
            _shown_dtype(node.right, qualify, bound, seen)
    if isinstance(node, ast.Subscript):
        if isinstance(node.value, ast.Attribute) and node.value.attr == "shape":
            return "int32"  # a static dimension: a Python int, int32 both ways (or None)
        return _shown_dtype(node.value, qualify, bound, seen)
    if isinstance(node, ast.Name):
        values = bound.get(node.id)
        if not values or node.id in seen:
            return None
        shown = {_shown_dtype(v, qualify, bound, seen | {node.id}) for v in values}
        return shown.pop() if len(shown) == 1 else None
    if not isinstance(node, ast.Call):
        return None
    name = dotted_name(node.func)
    qualified = tfapi.normalize(qualify(name) or "") if name else ""
    keyword = "out_type" if qualified in _SIZES else "dtype"
    if qualified in _CASTS or qualified in _SIZES:
        dtype = next((kw.value for kw in node.keywords if kw.arg == keyword), None) or (
            node.args[1] if len(node.args) > 1 else None)
        if dtype is None:
            return "int32" if qualified in _SIZES else None
        named = ast.Call(func=node.func, args=[], keywords=[ast.keyword("dtype", dtype)])
        return tfapi.constructor_dtype("tensorflow.zeros", named)
    if qualified in tfapi.DTYPE_POSITIONS or qualified in tfapi.SHAPED_CONSTRUCTORS:
        return tfapi.constructor_dtype(qualified, node) or None
    return None


_SIZES = frozenset({"tensorflow.shape", "tensorflow.size"})


def _classify_call(node: ast.Call, qualify: Qualify, out: list[Hazard]) -> None:
    name = dotted_name(node.func)
    qualified = qualify(name) if name else None
    if qualified in TRACE_DEPENDENT_CALLS:
        out.append(Hazard("HAS_TRACE_DEPENDENT_CODE", node.lineno,
                          TRACE_DEPENDENT_CALLS[qualified]))
    elif qualified == "tensorflow.TensorArray" and \
            not any(kw.arg in ("element_shape", "infer_shape") for kw in node.keywords):
        out.append(Hazard(
            "HAS_TRACE_DEPENDENT_CODE", node.lineno,
            "a tf.TensorArray without element_shape: a graph infers the element shape from the "
            "writes it traced, eager code only from the writes it ran (stacking no writes gives "
            "shape (0,) eagerly, (0, n) traced)"))
    elif qualified in REPLICA_FUNCTIONS:
        out.append(Hazard("HAS_REPLICA_CONTEXT_CALLS", node.lineno,
                          f"{name}() reads the replica context"))
    elif isinstance(node.func, ast.Attribute) and node.func.attr in REPLICA_METHODS and \
            qualified is None:
        receiver = ast.unparse(node.func.value)
        shown = f"{receiver}.{node.func.attr}" if len(receiver) <= 24 else f"...{node.func.attr}"
        out.append(Hazard("HAS_REPLICA_CONTEXT_CALLS", node.lineno,
                          f"{shown}() synchronizes the replicas"))


def _shape_tests(compares: list[ast.Compare], assigns: list[ast.Assign]) -> list[Hazard]:
    """`x.shape[0] is None`, or `rows = x.shape[0]` ... `rows is None`."""
    shape_names = {target.id for node in assigns if _has_shape_read(node.value)
                   for target in node.targets if isinstance(target, ast.Name)}
    out = []
    for node in compares:
        operands = [node.left, *node.comparators]
        if not (any(isinstance(op, (ast.Is, ast.IsNot, ast.In, ast.NotIn)) for op in node.ops)
                and any(_is_none(o) for o in operands)):
            continue
        if any(_has_shape_read(o) or isinstance(o, ast.Name) and o.id in shape_names
               for o in operands):
            out.append(Hazard(
                "HAS_TRACE_DEPENDENT_CODE", node.lineno,
                "tests whether a static shape is known: shapes are always known eagerly, and "
                "may be None while tracing (input_signature, reduce_retracing)"))
    return out


def trace_dependent_code(body: list[ast.stmt], qualify: Qualify) -> list[Hazard]:
    """HAS_TRACE_DEPENDENT_CODE and HAS_REPLICA_CONTEXT_CALLS findings of one body."""
    return scan_body(body, qualify).hazards


# --- where a call's arguments come from -----------------------------------------------------


def local_origins(body: list[ast.stmt]) -> dict[str, str]:
    """Each local name -> LITERAL when every binding gives it a literal constant (a `for` over a
    tuple of literals included), COMPUTED when any binding computes it (a loop counter over
    range/enumerate/data, `+=`, a call or arithmetic on other names)."""
    return scan_body(body, lambda name: None).origins


def _constant(node: ast.AST) -> bool:
    """A literal (or constant arithmetic on literals): `3`, `-1e-5`, `2 * 64`."""
    if isinstance(node, ast.Constant):
        return node.value is not None
    if isinstance(node, ast.UnaryOp):
        return _constant(node.operand)
    if isinstance(node, ast.BinOp):
        return _constant(node.left) and _constant(node.right)
    return False


is_constant = _constant  # a literal, for module constants (summaries.py, bounded_args.py)


def _results(node: ast.expr) -> list[ast.expr] | None:
    """The operands an `a if t else b` or `a or b` (nested) can evaluate to, or None when it
    is neither: the test of an `if` is not one of them."""
    if isinstance(node, ast.IfExp):
        parts = [node.body, node.orelse]
    elif isinstance(node, ast.BoolOp):
        parts = list(node.values)
    else:
        return None
    out: list[ast.expr] = []
    for part in parts:
        out += _results(part) or [part]
    return out


def param_or_literal(node: ast.expr, params: set[str]) -> bool:
    """`n if n else 0`, `n or 1`, `x if training else None`: every operand it can evaluate to
    is a literal (None included) or one and the same parameter of the function, as passed."""
    parts = _results(node)
    if not parts:
        return False
    names = {p.id for p in parts if isinstance(p, ast.Name)}
    return len(names) == 1 and names <= params and all(
        isinstance(p, ast.Name) or _constant(p) or _is_none(p) for p in parts)


def literal_display(node: ast.expr, mutable: bool = True) -> bool:
    """`(2, 1, 0)`, `[[0, 1], [2, 3]]`, `{"axis": -1}`, `(0, 2, 1) if rank == 3 else (1, 0)`: a
    literal, or a tuple, list or dict written out of literals only (nested ones and None
    included), or a conditional expression choosing between such: a fixed content (a
    tf.function traces a Python container by its content, one trace per distinct one).
    `mutable=False` (a local name bound to it, which later code could change in place): tuples
    only."""
    if isinstance(node, ast.IfExp):
        return literal_display(node.body, mutable) and literal_display(node.orelse, mutable)
    if isinstance(node, ast.Tuple) or mutable and isinstance(node, ast.List):
        return all(literal_display(e, mutable) for e in node.elts)
    if mutable and isinstance(node, ast.Dict):
        return None not in node.keys and all(
            literal_display(part) for part in (*node.keys, *node.values) if part is not None)
    return _constant(node) or _is_none(node)


def argument_origin(node: ast.expr, locals_: dict[str, str], params: set[str]) -> str:
    if isinstance(node, ast.Name):
        return locals_.get(node.id, UNKNOWN) if node.id not in params else UNKNOWN
    if literal_display(node):
        return LITERAL
    if param_or_literal(node, params):
        return PARAM_OR_LITERAL
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return UNKNOWN  # self.k, cfg.size: whoever set it decides
    computed = False
    # Every node under it (in any order: the answer does not depend on it), without the
    # parser's shared context and operator leaves (syntax.child_fields).
    stack: list[ast.AST] = [node]
    while stack:
        sub = stack.pop()
        cls = sub.__class__
        if cls is ast.Call:
            return COMPUTED  # int(tf.reduce_max(x)), len(batch): a value computed from data
        if cls is ast.Name:
            if sub.id not in params and locals_.get(sub.id) == COMPUTED:  # type: ignore[attr-defined]
                computed = True  # epoch + 1, a loop counter's square
            continue
        append_children(sub, stack)
    return COMPUTED if computed else UNKNOWN


def argument_origins(call: ast.Call, locals_: dict[str, str], params: set[str],
                     local_kinds: dict[str, str] | None = None) -> str:
    """One letter per positional argument, then per named keyword argument, in order: LITERAL,
    COMPUTED, PARAM_OR_LITERAL or UNKNOWN; "" when none is known (most calls), to keep summaries
    small. Where an argument is a container written out of literals, `|` and one letter per
    argument follow (container_kinds: the kinds of numbers it holds)."""
    given = [*call.args, *(kw.value for kw in call.keywords if kw.arg)]
    letters = [argument_origin(a, locals_, params) for a in given]
    text = "".join(letters)
    kinds = "".join(
        (local_kinds or {}).get(a.id, NOT_A_CONTAINER) if letter == LITERAL and
        type(a) is ast.Name else
        container_kinds(a) if letter == LITERAL else NOT_A_CONTAINER
        for a, letter in zip(given, letters, strict=True))
    if set(kinds) != {NOT_A_CONTAINER} and kinds:
        return f"{text}|{kinds}"
    return "" if set(text) <= {UNKNOWN} else text


NOT_A_CONTAINER = "."
# The numbers a container written out of literals holds: none, ints, floats, bools, several kinds.
_KIND_LETTERS = {frozenset(): "0", frozenset({"int"}): "i", frozenset({"float"}): "r",
                 frozenset({"bool"}): "b"}


def container_kinds(node: ast.expr) -> str:
    """For a tuple, list or dict written out of literals (literal_display), a letter for the
    kinds of Python numbers in it: equal contents of two kinds, `(1, 2)` and `(1.0, 2.0)`, are
    one tf.function trace key (literal_args.container_collisions); NOT_A_CONTAINER otherwise."""
    if not isinstance(node, (ast.Tuple, ast.List, ast.Dict, ast.IfExp)):
        return NOT_A_CONTAINER
    kinds = set()
    for sub in walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, (bool, int, float)):
            kinds.add("bool" if isinstance(sub.value, bool) else
                      "int" if isinstance(sub.value, int) else "float")
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, complex):
            kinds.add("complex")
    return _KIND_LETTERS.get(frozenset(kinds), "m")
