"""Repairs that keep a `tf.function`'s graph and remove the cause of its retracing, instead of
removing the decorator (issue 16, docs/preconditions.md R1 and R2):

- R1, deprecated decorator arguments: `experimental_relax_shapes` and `experimental_compile`
  are aliases TensorFlow 2.21 still honours with a deprecation warning; renaming them keeps the
  behaviour and silences the warning.
- R2, Python values that should be tensors: a hybrid function called with Python numbers that
  take many values (a step counter, a learning rate computed per epoch) traces a graph per
  value. When its body only hands that parameter to TensorFlow (ops, arithmetic with tensors),
  passing `tf.constant(value)` at every call site makes one graph serve every value.

The body scan (`parameter_uses`) runs at summary time, on the syntax alone; the repair itself
(`tensor_argument_repairs`) needs the resolved call sites of the whole program.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hybridize.analysis import values as V
from hybridize.analysis.model import ArgumentSite, Repair
from hybridize.analysis.syntax import dotted_name

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
# TensorFlow calls that need a Python value where the parameter goes (a tensor is refused or
# changes static shapes): the repair is declined.
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


def parameter_uses(node: ast.FunctionDef | ast.AsyncFunctionDef, params: list[str],
                   qualify: Qualify) -> list[tuple[str, str, int, str]]:
    """(param, kind, line, detail) for every read of each parameter, through local names
    assigned from it: PYTHON (detail: why the value must stay a Python value), PARTNER (an
    operand it meets in arithmetic or a TF op: "p:NAME" a parameter, "d:DTYPE" an explicit
    dtype, "?" unknown), DEFAULT (a TF op converts it alone: TensorFlow's default dtype) or
    NEUTRAL (tf.cast and friends: any dtype gives the same value)."""
    parents = {child: parent for parent in ast.walk(node) for child in ast.iter_child_nodes(parent)}
    nested = {id(sub) for n in ast.walk(node) if isinstance(n, _NESTED) and n is not node
              for sub in ast.walk(n)}
    out: list[tuple[str, str, int, str]] = []
    for param in params:
        names = {param}
        pending = [param]
        while pending:
            name = pending.pop()
            for sub in ast.walk(node):
                if not (isinstance(sub, ast.Name) and sub.id == name and
                        isinstance(sub.ctx, ast.Load)):
                    continue
                if id(sub) in nested:
                    out.append((param, PYTHON, sub.lineno, "uses it in a nested function or "
                                "comprehension"))
                    continue
                found, alias = _classify(sub, parents, qualify, names)
                out += [(param, kind, sub.lineno, detail) for kind, detail in found]
                if alias and alias not in names:
                    names.add(alias)
                    pending.append(alias)
    return out


def _classify(name: ast.Name, parents: dict[ast.AST, ast.AST], qualify: Qualify,
              names: set[str]) -> tuple[list[tuple[str, str]], str | None]:
    """What one read does with the value, walking up through arithmetic."""
    found: list[tuple[str, str]] = []
    node: ast.AST = name
    while True:
        parent = parents.get(node)
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, _ARITHMETIC):
            other = parent.right if node is parent.left else parent.left
            if isinstance(other, (ast.JoinedStr, ast.List, ast.Tuple)) or \
                    isinstance(other, ast.Constant) and isinstance(other.value, str):
                return [(PYTHON, "formats or repeats it")], None
            if not any(kind == PARTNER for kind, _ in found) and _is_number(other):
                # Python arithmetic before the value meets a tensor: double precision (or an
                # int's true division) eagerly, the tensor's dtype once repaired.
                found.append((ARITHMETIC, type(parent.op).__name__))
            found += _partners([other], qualify, names)
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
            return _call_use(parent, node, keyword, found, qualify, names), None
        if isinstance(parent, ast.Assign) and node is parent.value and \
                len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            return found, parent.targets[0].id
        if isinstance(parent, ast.AugAssign) and node is parent.value and \
                isinstance(parent.target, ast.Name) and parent.target.id in names:
            return found, None
        if isinstance(parent, ast.Expr):
            return found, None
        if isinstance(parent, ast.Return) and any(kind == PARTNER for kind, _ in found):
            return found, None  # `return x * n`: a tensor either way (its partner is checked)
        why = next((w for t, w in _PYTHON_PARENTS.items() if isinstance(parent, t)),
                   "uses it in Python")
        if isinstance(parent, ast.Call):
            why = "calls it"
        return [(PYTHON, why)], None


def _call_use(call: ast.Call, node: ast.AST, keyword: ast.keyword | None,
              found: list[tuple[str, str]], qualify: Qualify,
              names: set[str]) -> list[tuple[str, str]]:
    written = dotted_name(call.func)
    qualified = (qualify(written) or written) if written else None
    if isinstance(call.func, ast.Attribute) and call.func.attr in TENSOR_METHODS and \
            (qualified is None or not qualified.startswith("tensorflow.")):
        return found + [(PARTNER, "?")]  # var.assign_sub(lr * g): the variable's dtype
    shown = written or ast.unparse(call.func)
    if qualified is None or not qualified.startswith("tensorflow.") or \
            qualified in PYTHON_VALUE_CALLS:
        return [(PYTHON, f"passes it to {shown}()")]
    if qualified in NEUTRAL_CALLS and keyword is None and call.args and call.args[0] is node:
        dtype = _dtype_argument(call, qualify)
        if qualified == "tensorflow.cast" or dtype is None:
            return found + [(NEUTRAL, shown)]
        return found + [(PARTNER, f"d:{dtype}")]
    others = [a for a in call.args if a is not node] + \
        [k.value for k in call.keywords if k is not keyword and k.arg not in ("name", "axis")]
    partners = _partners(others, qualify, names)
    if partners:
        return found + partners
    return found + [(DEFAULT, shown)]


def _partners(operands: list[ast.expr], qualify: Qualify,
              names: set[str]) -> list[tuple[str, str]]:
    """The dtype evidence of the operands a value meets: a parameter (resolved later), an
    explicit dtype, or unknown. Numeric literals adapt to the tensor and say nothing."""
    out = []
    for operand in operands:
        if _is_number(operand):
            continue
        if isinstance(operand, ast.Name):
            if operand.id not in names:
                out.append((PARTNER, f"p:{operand.id}"))
            continue
        dtype = _dtype_argument(operand, qualify) if isinstance(operand, ast.Call) else None
        out.append((PARTNER, f"d:{dtype}" if dtype else "?"))
    return out


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
    default for it when it is converted alone, any when it is only cast. (dtype or None for
    the default, reason to decline or "")."""
    wanted: set[str] = set()
    unknown = False
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
            if len(dtypes) == 1 and None not in specs:
                wanted |= dtypes
            else:
                unknown = True
        elif kind == PARTNER:
            unknown = True
        elif kind == DEFAULT:
            wanted |= {DEFAULT_DTYPES[k] for k in kinds}
    if unknown:
        # A tensor of unknown dtype (a local, a variable): the function's own tensors decide
        # when every tensor argument at every call site has one dtype.
        dtypes = set()
        for name in _value_params(fn):
            for value in received.get(name, ()):
                spec = V.tensor_spec(value)
                if spec is not None:
                    dtypes.add(spec[0])
                elif V.is_tensor(value):
                    return None, "it meets tensors whose dtype the call sites do not show"
        if len(dtypes) != 1:
            return None, "it meets tensors whose dtype the call sites do not show"
        wanted |= dtypes
    if len(wanted) > 1:
        return None, f"it meets tensors of several dtypes ({', '.join(sorted(wanted))})"
    if not wanted:
        return None if len(kinds) == 1 else "float32", ""
    dtype = next(iter(wanted))
    if len(kinds) == 1 and DEFAULT_DTYPES[next(iter(kinds))] == dtype:
        return None, ""
    return dtype, ""


def _value_params(fn: FunctionSummary) -> list[str]:
    # Imported here: the facts module imports this one (it calls the repairs).
    from hybridize.analysis.facts import value_params
    return value_params(fn)
