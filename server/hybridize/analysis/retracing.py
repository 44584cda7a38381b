"""Repairs that keep a `tf.function`'s graph and remove the cause of its retracing, instead of
removing the decorator (issue 16, docs/preconditions.md R1 and R2):

- R1, deprecated decorator arguments: `experimental_relax_shapes` and `experimental_compile`
  are aliases TensorFlow 2.21 still honours with a deprecation warning; renaming them keeps the
  behaviour and silences the warning.
- R2, Python values that should be tensors: a hybrid function called with Python numbers that
  take many values (a step counter, a learning rate computed per epoch) traces a graph per
  value. When its body only hands that parameter to TensorFlow where a tensor is known to serve
  (arithmetic with tensors whose dtype the code shows, tf.cast, elementwise ops; default-deny),
  passing `tf.constant(value)` at every call site makes one graph serve every value.

The body scan (`parameter_uses`) runs at summary time, on the syntax alone; the repair itself
(`tensor_argument_repairs`) needs the resolved call sites of the whole program.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.model import ArgumentSite, Repair
from hybridize.analysis.syntax import dotted_name, walk

if TYPE_CHECKING:
    from hybridize.analysis.facts import FactBuilder, FunctionFacts
    from hybridize.analysis.summary_model import CallSite, FunctionSummary

Qualify = Callable[[str], "str | None"]


# --- R1: deprecated tf.function arguments ----------------------------------------------------

@dataclass(frozen=True)
class DeprecatedArgument:
    replacement: str | None  # None: no replacement, TensorFlow ignores the argument
    since: str  # the TensorFlow release that introduced the replacement and deprecated it
    behaviour: str  # what TensorFlow 2.21 does with it (measured)


# Measured with TensorFlow 2.21 (docs/preconditions.md#r1): each of these is still accepted,
# logs "... is deprecated and will be removed in a future version", and behaves as written
# here. experimental_implements, experimental_autograph_options and experimental_attributes are
# not deprecated (no warning) and are left alone.
DEPRECATED_ARGUMENTS: dict[str, DeprecatedArgument] = {
    "experimental_relax_shapes": DeprecatedArgument(
        "reduce_retracing", "2.9", "sets reduce_retracing=True"),
    "experimental_compile": DeprecatedArgument(
        "jit_compile", "2.5", "is read as jit_compile"),
    "experimental_follow_type_hints": DeprecatedArgument(
        None, "", "is ignored (the parameter is unused)"),
}


def deprecated_argument_repair(decorator_args: list[str], has_decorator: bool) -> Repair | None:
    """R1 for the keyword names given to tf.function: the renames, or an explanation alone for
    an argument without a replacement. Only a decorator is edited (a `tf.function(f, ...)`
    wrapper gets the explanation)."""
    found = [a for a in decorator_args if a in DEPRECATED_ARGUMENTS]
    if not found:
        return None
    renames = []
    words = []
    for name in found:
        known = DEPRECATED_ARGUMENTS[name]
        if known.replacement and known.replacement not in decorator_args:
            renames.append((name, known.replacement))
            words.append(f"`{name}` is deprecated since TensorFlow {known.since}: use "
                         f"`{known.replacement}` (TensorFlow 2.21 warns and {known.behaviour})")
        elif known.replacement:
            words.append(f"`{name}` is deprecated since TensorFlow {known.since} and is given "
                         f"with `{known.replacement}`: remove it")
        else:
            words.append(f"`{name}` is deprecated: TensorFlow 2.21 warns and "
                         f"{known.behaviour}; remove it, or give an input_signature or "
                         "reduce_retracing=True")
    return Repair("RENAME_DEPRECATED_ARGUMENTS", "R1", "; ".join(words),
                  renames=tuple(renames) if has_decorator else ())


# --- R2, at summary time: what the body does with each parameter -----------------------------

PYTHON, PARTNER, DEFAULT, NEUTRAL = "python", "partner", "default", "neutral"
ARITHMETIC = "arithmetic"
# Calls that take any dtype and give the same value for a Python number and for the tensor
# TensorFlow would convert it to (tf.constant(n) is what a Python n becomes in a graph).
NEUTRAL_CALLS = frozenset({"tensorflow.cast", "tensorflow.convert_to_tensor",
                           "tensorflow.constant", "tensorflow.identity"})
# TensorFlow calls that may receive the Python number itself, by their data arguments in order:
# elementwise ops that take any real dtype, where TensorFlow converts a Python number to the
# dtype of the tensor before it (or alone, to int32 or float32, when it comes first: inside a
# graph `tf.add(3, x)` with a float32 x is refused) and a tensor of that dtype gives the same
# values. Any other TensorFlow call declines the repair (default-deny): a Python value may be
# needed there (`tf.squeeze(x, axis=a)`, `tf.nn.softmax(x, axis=a)` refuse even an int32
# tensor), or another dtype than its partner's (`tf.gather(x, i)`, `tf.math.top_k(x, k=k)`,
# `tf.roll(x, shift=k, axis=0)`, `tf.reduce_sum(x, axis=a)` with a float32 x: the repair wrote
# `tf.constant(v, dtype=tf.float32)` and TensorFlow 2.21 refused it; measured).
ELEMENTWISE_CALLS: dict[str, tuple[str, ...]] = {
    **{f"tensorflow.{prefix}{name}": ("x", "y") for prefix in ("", "math.")
       for name in ("add", "subtract", "multiply", "minimum", "maximum")},
    **{f"tensorflow.{prefix}{name}": ("x",) for prefix in ("", "math.")
       for name in ("abs", "negative", "sign", "square")},
    "tensorflow.clip_by_value": ("t", "clip_value_min", "clip_value_max"),
}
# TensorFlow calls whose result has the dtype of their (tensor) data arguments: a partner made
# by them has the dtype of what they receive. tf.abs is not one (a complex tensor gives a real
# one); tf.cast and the creators give the dtype they name (DTYPE_CALLS).
PRESERVING_CALLS: dict[str, tuple[str, ...]] = {
    **{name: args for name, args in ELEMENTWISE_CALLS.items() if not name.endswith("abs")},
    **{f"tensorflow.{name}": ("x",) for name in (
        "exp", "math.exp", "math.log", "sqrt", "math.sqrt", "math.rsqrt", "tanh", "math.tanh",
        "sigmoid", "math.sigmoid", "nn.sigmoid", "nn.tanh")},
    **{f"tensorflow.{name}": ("input",) for name in (
        "identity", "stop_gradient", "squeeze", "expand_dims")},
    **{f"tensorflow.{name}": ("input_tensor",) for name in (
        "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "math.reduce_sum",
        "math.reduce_mean", "math.reduce_max", "math.reduce_min")},
    "tensorflow.convert_to_tensor": ("value",),  # with no dtype: a tensor stays as it is
    "tensorflow.nn.relu": ("features",), "tensorflow.nn.softmax": ("logits",),
    "tensorflow.reshape": ("tensor",), "tensorflow.transpose": ("a",),
    "tensorflow.matmul": ("a", "b"), "tensorflow.linalg.matmul": ("a", "b"),
}
# Creators and conversions whose `dtype` (tf.cast's second argument) is their result's dtype.
DTYPE_CALLS = frozenset({
    "tensorflow.cast", "tensorflow.constant", "tensorflow.zeros", "tensorflow.ones",
    "tensorflow.random.normal", "tensorflow.random.uniform",
})
# TensorFlow calls that need a Python value where the parameter goes (a tensor is refused or
# changes static shapes): named in the reason (every call outside ELEMENTWISE_CALLS and
# NEUTRAL_CALLS declines the repair).
PYTHON_VALUE_CALLS = frozenset({
    "tensorflow.TensorSpec", "tensorflow.split", "tensorflow.unstack", "tensorflow.print",
    "tensorflow.TensorArray", "tensorflow.ensure_shape", "tensorflow.random.set_seed",
})
TENSOR_METHODS = frozenset({"assign", "assign_add", "assign_sub"})
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow, ast.Mod, ast.MatMult)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.GeneratorExp,
           ast.ListComp, ast.SetComp, ast.DictComp)
_PYTHON_PARENTS: dict[type, str] = {
    ast.Compare: "compares it in Python", ast.If: "tests it in an `if`",
    ast.While: "tests it in a `while`", ast.IfExp: "tests it in a conditional expression",
    ast.BoolOp: "uses it in `and`/`or`", ast.Subscript: "indexes with it",
    ast.Slice: "slices with it (static shapes)",
    ast.FormattedValue: "formats it", ast.JoinedStr: "formats it", ast.Dict: "uses it as a key",
    ast.Return: "returns it (a Python number eagerly, a tensor once repaired)",
    ast.Attribute: "reads an attribute of it", ast.Starred: "unpacks it",
    ast.Tuple: "puts it in a tuple", ast.List: "puts it in a list",
}


@dataclass
class _Scope:
    """What the body scan knows of the function's names: the parents of its nodes, the
    parameters it never assigns (a partner named so has the dtype its call sites show), the
    locals assigned once from one expression (a partner named so has that expression's dtype)."""
    parents: dict[ast.AST, ast.AST]
    qualify: Qualify
    params: frozenset[str]
    single: dict[str, ast.expr]


def parameter_uses(node: ast.FunctionDef | ast.AsyncFunctionDef, params: list[str],
                   qualify: Qualify) -> list[tuple[str, str, int, str]]:
    """(param, kind, line, detail) for every read of each parameter, through local names
    assigned from it: PYTHON (detail: why the value must stay a Python value), PARTNER (a
    tensor it meets in arithmetic or an elementwise op, "p:NAME" a parameter never assigned in
    the body, "d:DTYPE" a dtype the code shows, "?" unknown; one entry per tensor the operand is
    made of), ARITHMETIC (Python arithmetic with a number before it meets a tensor), DEFAULT
    (an elementwise op converts it alone: TensorFlow's default dtype) or NEUTRAL (tf.cast and
    friends: any dtype gives the same value)."""
    parents = {child: parent for parent in walk(node) for child in ast.iter_child_nodes(parent)}
    nested = {id(sub) for n in walk(node) if isinstance(n, _NESTED) and n is not node
              for sub in walk(n)}
    stores: dict[str, int] = {}
    single: dict[str, ast.expr] = {}
    for sub in walk(node):
        bound: list[str] = []
        if isinstance(sub, ast.Name) and not isinstance(sub.ctx, ast.Load):
            bound = [sub.id]
            assign = parents.get(sub)
            if isinstance(assign, ast.Assign) and assign.targets == [sub]:
                single[sub.id] = assign.value
            elif isinstance(assign, ast.AnnAssign) and assign.value is not None:
                single[sub.id] = assign.value
        elif isinstance(sub, (ast.Global, ast.Nonlocal)):
            bound = [*sub.names, *sub.names]  # written elsewhere too: never one assignment
        elif isinstance(sub, ast.alias):
            bound = [(sub.asname or sub.name).partition(".")[0]]
        elif isinstance(sub, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and sub.name:
            bound = [sub.name]
        for name in bound:
            stores[name] = stores.get(name, 0) + 1
    args = node.args
    every = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    scope = _Scope(parents, qualify, frozenset(p for p in every if p not in stores),
                   {name: value for name, value in single.items()
                    if stores.get(name) == 1 and name not in every})
    out: list[tuple[str, str, int, str]] = []
    for param in params:
        names = {param}
        pending = [param]
        while pending:
            name = pending.pop()
            for sub in walk(node):
                if not (isinstance(sub, ast.Name) and sub.id == name and
                        isinstance(sub.ctx, ast.Load)):
                    continue
                if id(sub) in nested:
                    out.append((param, PYTHON, sub.lineno, "uses it in a nested function or "
                                "comprehension"))
                    continue
                found, alias = _classify(sub, scope, names)
                out += [(param, kind, sub.lineno, detail) for kind, detail in found]
                if alias and alias not in names:
                    names.add(alias)
                    pending.append(alias)
    return out


def _met(found: list[tuple[str, str]]) -> bool:
    """Has the value met a tensor (it is one from there on, of the same dtype both ways)?"""
    return any(kind == PARTNER for kind, _ in found)


def _classify(name: ast.Name, scope: _Scope,
              names: set[str]) -> tuple[list[tuple[str, str]], str | None]:
    """What one read does with the value, walking up through arithmetic."""
    found: list[tuple[str, str]] = []
    node: ast.AST = name
    parents = scope.parents
    while True:
        parent = parents.get(node)
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, _ARITHMETIC):
            other = parent.right if node is parent.left else parent.left
            if isinstance(other, (ast.JoinedStr, ast.List, ast.Tuple)) or \
                    isinstance(other, ast.Constant) and isinstance(other.value, str):
                return [(PYTHON, "formats or repeats it")], None
            if not _met(found) and _is_number(other):
                # Python arithmetic before the value meets a tensor: double precision (or an
                # int's true division) eagerly, the tensor's dtype once repaired.
                found.append((ARITHMETIC, type(parent.op).__name__))
            if not _is_number(other):
                found += _partner(other, scope, names)
            node = parent
            continue
        if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, (ast.USub, ast.UAdd)):
            node = parent
            continue
        keyword = None
        if isinstance(parent, ast.keyword):
            keyword = parent
            parent = parents.get(parent)
        if isinstance(parent, ast.Call) and node is not parent.func:
            return _call_use(parent, node, keyword, found, scope, names), None
        if isinstance(parent, ast.Assign) and node is parent.value and \
                len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            # A local made of a tensor it met is that tensor both ways: no longer followed.
            return found, None if _met(found) else parent.targets[0].id
        if isinstance(parent, ast.AugAssign) and node is parent.value and \
                isinstance(parent.target, ast.Name) and parent.target.id in names:
            return found, None
        if isinstance(parent, ast.Expr):
            return found, None
        if isinstance(parent, ast.Return) and _met(found):
            return found, None  # `return x * n`: a tensor either way (its partner is checked)
        why = next((w for t, w in _PYTHON_PARENTS.items() if isinstance(parent, t)),
                   "uses it in Python")
        if isinstance(parent, ast.Call):
            why = "calls it"
        return [(PYTHON, why)], None


def _call_use(call: ast.Call, node: ast.AST, keyword: ast.keyword | None,
              found: list[tuple[str, str]], scope: _Scope,
              names: set[str]) -> list[tuple[str, str]]:
    written = dotted_name(call.func)
    qualified = (scope.qualify(written) or written) if written else None
    if isinstance(call.func, ast.Attribute) and call.func.attr in TENSOR_METHODS and \
            (qualified is None or not qualified.startswith("tensorflow.")):
        # var.assign_sub(lr * g): a tensor either way; var.assign_sub(lr): the variable's dtype,
        # which the body does not show.
        return found if _met(found) else found + [(PARTNER, "?")]
    shown = written or ast.unparse(call.func)
    if qualified is None or not qualified.startswith("tensorflow.") or \
            qualified in PYTHON_VALUE_CALLS:
        return [(PYTHON, f"passes it to {shown}()")]
    if _met(found):
        return found  # a tensor of the partner's dtype, the same value both ways
    if qualified in NEUTRAL_CALLS and keyword is None and call.args and call.args[0] is node:
        dtype = _dtype_argument(call, scope.qualify)
        if qualified == "tensorflow.cast" or dtype is None:
            return found + [(NEUTRAL, shown)]
        return found + [(PARTNER, f"d:{dtype}")]
    data = _data_arguments(call, ELEMENTWISE_CALLS.get(qualified, ()))
    if data is None or node not in data:
        return [(PYTHON, f"passes it to {shown}(), which may need a Python value or another "
                 "dtype there")]
    # Converted to the dtype of the data argument before it (literals included), or alone.
    partners: list[tuple[str, str]] = []
    for before in data[:data.index(node)]:
        if _is_number(before):
            dtype = tfapi.literal_dtype(before)
            partners.append((PARTNER, f"d:{dtype}" if dtype else "?"))
        else:
            partners += _partner(before, scope, names)
        break  # the first one fixes the dtype of the others
    return found + (partners or [(DEFAULT, shown)])


def _data_arguments(call: ast.Call, order: tuple[str, ...]) -> list[ast.expr] | None:
    """The data arguments of an elementwise call in their order (positional, then by keyword);
    None when it has any other argument than these and `name` (or unpacks *args, **kwargs)."""
    if not order or len(call.args) > len(order) or \
            any(isinstance(a, ast.Starred) for a in call.args):
        return None
    by_name = {k.arg: k.value for k in call.keywords}
    if None in by_name or set(by_name) - set(order[len(call.args):]) - {"name"}:
        return None
    return [*call.args, *(by_name[n] for n in order[len(call.args):] if n in by_name)]


def _partner(operand: ast.expr, scope: _Scope, names: set[str]) -> list[tuple[str, str]]:
    """The dtype evidence of an operand the value meets: one PARTNER per tensor it is made of,
    "?" when it is not made of tensors the body shows (another parameter's alias included)."""
    atoms = _atoms(operand, scope, names, set())
    return [(PARTNER, atom) for atom in atoms] if atoms else [(PARTNER, "?")]


def _atoms(node: ast.expr, scope: _Scope, names: set[str],
           seen: set[str]) -> list[str] | None:
    """The tensors an expression's dtype comes from: "p:NAME" a parameter, "d:DTYPE" a dtype
    the code names; None when it cannot be shown (a local assigned more than once, an
    attribute, a call outside PRESERVING_CALLS and DTYPE_CALLS, a true division: int tensors
    give float64). Number literals adapt to the tensor and add nothing."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _atoms(node.operand, scope, names, seen)
    if isinstance(node, ast.Name):
        if node.id in names or node.id in seen:
            return None
        if node.id in scope.params:
            return [f"p:{node.id}"]
        value = scope.single.get(node.id)
        return _atoms(value, scope, names, seen | {node.id}) if value is not None else None
    if isinstance(node, ast.Subscript):
        return _atoms(node.value, scope, names, seen)  # x[0], x[:, 1]: x's dtype
    if isinstance(node, ast.BinOp) and isinstance(node.op, _ARITHMETIC) and \
            not isinstance(node.op, ast.Div):
        return _joined([node.left, node.right], scope, names, seen)
    if not isinstance(node, ast.Call):
        return None
    written = dotted_name(node.func)
    qualified = scope.qualify(written) if written else None
    if qualified in DTYPE_CALLS:
        # tf.cast(x, tf.float64), tf.ones([3], tf.int64), tf.constant(2.5): the dtype shown
        dtype = _dtype_argument(node, scope.qualify) if qualified == "tensorflow.cast" else \
            tfapi.constructor_dtype(qualified, node)
        if dtype == "" and node.args:
            dtype = tfapi.literal_dtype(node.args[0])
        return [f"d:{dtype}"] if dtype else None
    if qualified in PRESERVING_CALLS and (qualified != "tensorflow.convert_to_tensor" or
                                          len(node.args) == 1 and not node.keywords):
        order = PRESERVING_CALLS[qualified]
        data = [a for a in node.args[:len(order)]] + \
            [k.value for k in node.keywords if k.arg in order[len(node.args):]]
        if any(isinstance(a, ast.Starred) for a in node.args) or \
                any(k.arg is None for k in node.keywords):
            return None
        return _joined(data, scope, names, seen)
    return None


def _joined(operands: list[ast.expr], scope: _Scope, names: set[str],
            seen: set[str]) -> list[str] | None:
    atoms: list[str] = []
    for operand in operands:
        if _is_number(operand):
            continue
        found = _atoms(operand, scope, names, seen)
        if found is None:
            return None
        atoms += found
    return atoms or None  # numbers alone: a Python number, not a tensor


def _is_number(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and \
        not isinstance(node.value, bool)


def _dtype_argument(call: ast.Call, qualify: Qualify) -> str | None:
    """`tf.float32` given as `dtype=` (or as tf.cast's second argument)."""
    candidates = [k.value for k in call.keywords if k.arg == "dtype"]
    written = dotted_name(call.func)
    if written and qualify(written) == "tensorflow.cast" and len(call.args) > 1:
        candidates.append(call.args[1])
    for value in candidates:
        text = dotted_name(value)
        qualified = qualify(text) if text else None
        if qualified and qualified.startswith("tensorflow.") and qualified.count(".") == 1:
            return qualified.split(".", 1)[1]
    return None


# --- R2, over the program: which call sites, which dtype ------------------------------------

DEFAULT_DTYPES = {"int": "int32", "float": "float32", "bool": "bool"}


def tensor_argument_repairs(builder: FactBuilder, fn: FunctionSummary,
                            facts: FunctionFacts) -> tuple[list[Repair], str]:
    """R2 for a hybrid function whose Python arguments are unbounded (facts.retrace_bound ==
    "computed"): one repair per such parameter, or the reason none is offered."""
    if not (facts.hybrid and facts.retrace_bound == "computed" and fn.decorator_span):
        return [], ""
    if any(code == "UNDETERMINABLE_DECORATOR" for code, _ in facts.hazards):
        return [], ""  # another decorator's wrapper would receive the tensor: not modelled
    if "input_signature" in fn.decorator_args:
        # The signature already converts Python numbers (to its dtype): no retracing, and a
        # tf.constant of another dtype would be refused (measured: "Can not cast TensorSpec").
        return [], ""
    if facts.stale_reads:
        # As for R3 (shape_repairs._declined): each trace reads the state as it is then, and
        # one graph for every value reads it once (session 34's red team D, p18)
        return [], (f"no parameter becomes a tensor: it reads state that changes between calls "
                    f"({facts.stale_reads[0].reason}), which each trace reads anew")
    if facts.used_as_tf_function is not None:
        # `f.experimental_get_tracing_count()` answers from the traces (red team D, p19)
        return [], ("no parameter becomes a tensor: the program uses it as a tf.function object "
                    f"({facts.used_as_tf_function.reason.partition(':')[0]}), whose answers "
                    "depend on its traces")
    received = builder.p.params.get(fn.key, {})
    primitive = [p for p in _value_params(fn)
                 if frozenset(received.get(p, ())) & builder.primitive_kinds]
    repairs: list[Repair] = []
    notes: list[str] = []
    for param in primitive:
        repair, note = _param_repair(builder, fn, param)
        if repair is not None:
            repairs.append(repair)
        elif note:
            notes.append(note)
    return repairs, "; ".join(notes)


def _param_repair(builder: FactBuilder, fn: FunctionSummary,
                  param: str) -> tuple[Repair | None, str]:
    uses = [u for u in fn.param_uses if u[0] == param]
    python = next((u for u in uses if u[1] == PYTHON), None)
    if python is not None:
        return None, (f"`{param}` cannot become a tensor: the body {python[3]} "
                      f"(line {python[2]})")
    if not uses:
        return None, f"`{param}` cannot become a tensor: the body never reads it"
    sites: list[ArgumentSite] = []
    kinds: set[str] = set()
    for caller, binding in builder.bindings_to.get(fn.key, []):
        origin, values = builder.origin_of(fn, binding.site, param)
        site = binding.site
        passed = _resolved(builder, values) if values is not None else frozenset()
        if values is None:
            if site.starred:
                return None, f"`{param}` cannot become a tensor: a call site unpacks " \
                    f"*args or **kwargs ({builder.p.file_of.get(caller, '')}:{site.line})"
            continue  # the default value: a Python value, one trace more
        if not passed or V.has_unknown(passed):
            # It may be a Python number the repair leaves retracing, or a tensor that
            # tf.constant(..., dtype=...) would refuse: default-deny.
            return None, f"`{param}` cannot become a tensor: a call site passes a value of " \
                f"unknown type ({builder.p.file_of.get(caller, '')}:{site.line})"
        if not passed & builder.primitive_kinds:
            continue
        kinds |= passed & builder.primitive_kinds
        if V.has_unknown(passed) or V.has_tensor(passed):
            return None, f"`{param}` cannot become a tensor: a call site passes it " \
                f"values of several kinds ({builder.p.file_of.get(caller, '')}:{site.line})"
        position, keyword = _argument_position(fn, site, param, builder)
        if position is None and keyword is None:
            return None, ""
        sites.append(ArgumentSite(builder.p.file_of.get(caller, ""), site.line, site.col,
                                  position, keyword))
    if not sites:
        return None, ""
    if kinds - {"int", "float"}:
        shown = " or ".join(sorted(V.describe(k) for k in kinds))
        return None, f"`{param}` cannot become a tensor: it receives {shown}"
    dtype, why = _dtype(builder, fn, uses, kinds)
    if why:
        return None, f"`{param}` cannot become a tensor: {why}"
    shown = f"tf.constant({param}" + (f", dtype=tf.{dtype})" if dtype else ")")
    count = len(sites)
    message = (f"pass `{param}` as a tensor ({shown}) at {count} call site"
               f"{'s' if count > 1 else ''}: one graph for every value instead of one per value")
    return Repair("PASS_TENSOR_ARGUMENTS", "R2", message, parameter=param, dtype=dtype,
                  sites=tuple(sorted(set(sites), key=lambda s: (s.file, s.line, s.col))),
                  opt_in=True), ""


def _resolved(builder: FactBuilder, values: frozenset[str]) -> frozenset[str]:
    """A call site's values with their placeholders resolved (a tensor's `T|dtype|rank` looks
    like a placeholder to `Program.expand`, and is kept as it is)."""
    tensors = frozenset(v for v in values if V.is_tensor(v))
    return tensors | builder.p.expand(values - tensors)


def _argument_position(fn: FunctionSummary, site: CallSite, param: str,
                       builder: FactBuilder) -> tuple[int | None, str | None]:
    """Where `site` passes `param`: by position (self/cls bound by the call) or keyword."""
    if param in site.kwargs:
        return None, param
    positional = list(fn.params)
    through_class = fn.kind == "method" and site.receiver is not None and any(
        v.startswith("cls:") for v in builder.p.expand(site.receiver))
    if fn.kind in ("method", "classmethod") and positional and not through_class:
        positional = positional[1:]
    if param not in positional:
        return None, None
    index = positional.index(param)
    return (index, None) if index < len(site.args) else (None, None)


def _dtype(builder: FactBuilder, fn: FunctionSummary, uses: list[tuple[str, str, int, str]],
           kinds: set[str]) -> tuple[str | None, str]:
    """The dtype that gives the tensor the value TensorFlow gave the Python number: the
    dtype of the tensors it meets (a Python number takes its partner's dtype), TensorFlow's
    default for it when an elementwise op converts it alone, any when it is only cast. (dtype
    or None for the default, reason to decline or "")."""
    wanted: set[str] = set()
    received = builder.p.params.get(fn.key, {})
    for _, kind, line, detail in uses:
        if kind == ARITHMETIC and ("float" in kinds or detail in ("Div", "Pow")):
            return None, ("Python arithmetic on it runs in double precision eagerly and in the "
                          f"tensor's dtype once repaired (line {line})")
        if kind == PARTNER and detail.startswith("d:"):
            wanted.add(detail[2:])
        elif kind == PARTNER and detail.startswith("p:"):
            partner = frozenset(received.get(detail[2:], ()))
            if partner and not V.has_tensor(partner):
                return None, f"it meets `{detail[2:]}`, which is not a tensor"
            specs = {V.tensor_spec(v) for v in partner}
            dtypes = {s[0] for s in specs if s is not None}
            if len(dtypes) != 1 or None in specs:
                return None, (f"it meets `{detail[2:]}`, a tensor whose dtype the call sites do "
                              f"not show as one (line {line})")
            wanted |= dtypes
        elif kind == PARTNER:
            # A tensor of a dtype the body does not show (an attribute, a local assigned more
            # than once, the result of another op): it is not the function's tensors' dtype
            # (`y = tf.cast(x, tf.float64)` with a float32 x got a float32 constant: refused).
            return None, f"it meets a tensor whose dtype the analysis cannot show (line {line})"
        elif kind == DEFAULT:
            wanted |= {DEFAULT_DTYPES[k] for k in kinds}
    if len(wanted) > 1:
        return None, f"it meets tensors of several dtypes ({', '.join(sorted(wanted))})"
    if not wanted:
        return None if len(kinds) == 1 else "float32", ""
    dtype = next(iter(wanted))
    if dtype not in _REAL_DTYPES or "float" in kinds and not dtype.startswith(("float", "bfl")):
        return None, f"it meets a {dtype} tensor, which a Python {' or '.join(sorted(kinds))} " \
            "does not convert to as written"
    if len(kinds) == 1 and DEFAULT_DTYPES[next(iter(kinds))] == dtype:
        return None, ""
    return dtype, ""


_REAL_DTYPES = frozenset({"float16", "bfloat16", "float32", "float64", "int8", "int16", "int32",
                          "int64", "uint8", "uint16", "uint32", "uint64"})


def _value_params(fn: FunctionSummary) -> list[str]:
    # Imported here: the facts module imports this one (it calls the repairs).
    from hybridize.analysis.facts import value_params
    return value_params(fn)
