"""How a function's body uses its parameters, for parameters that receive NumPy arrays.

A `tf.function` traces a NumPy array argument by shape and dtype, as it does a tensor (TF 2.21:
five calls with new arrays of one shape trace once), but inside the graph the array is a tensor
of the array's own dtype, where the eager body runs NumPy code on it. Measured (eager vs
`tf.function`, tests/ground_truth.py): `w32 - a64` and `tf.matmul(w32, a64)` convert the float64
array to float32 eagerly and fail traced; `i64 + 1.5` works eagerly and fails traced; `a * 2.0`
returns an ndarray eagerly and a tensor traced; `.astype`, `.T`, `.reshape`, `.mean`, `.copy`,
`.tolist` fail traced. What behaves the same (`SAME` over float64 and int64 arrays): `p.shape`,
`p.ndim`, `len(p)`, `tf.cast(p, ...)`, and passing `p` to a Keras layer, model, loss or metric,
which convert their inputs themselves. So a parameter that receives a NumPy array counts as a
tensor parameter only when every use of it is one of those (`FactBuilder.array_parameter`);
this module records, from the syntax alone, every use of every parameter.

A `tf.data.Dataset` argument is traced by its element spec (TF 2.21: datasets of 4, 6 and 5
elements, one trace); iterated with `for` or transformed by its own methods it behaves the same
in a graph, while `len(ds)` works only eagerly (FactBuilder.dataset_parameter).
"""

from __future__ import annotations

import ast

from hybridize.analysis.syntax import _CHILD_FIELDS, call_column, child_fields

# (parameter, kind, line, col, text): see _classify for the kinds.
ArrayUse = tuple[str, str, int, int, str]

SAFE_ATTRIBUTES = frozenset({"shape", "ndim"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def array_uses(node: ast.FunctionDef | ast.AsyncFunctionDef, params: list[str]) -> list[ArrayUse]:
    """Every use of a parameter of `node`, classified by `_classify` (FactBuilder decides which
    kinds are safe for a NumPy array or a dataset)."""
    names = set(params)
    if not names:
        return []
    out: list[ArrayUse] = []
    fields_of = _CHILD_FIELDS
    node_type = ast.AST
    stack: list[tuple[ast.AST, ast.AST | None, ast.AST | None, bool]] = [
        (stmt, None, None, False) for stmt in node.body]
    while stack:
        current, parent, grandparent, nested = stack.pop()
        if isinstance(current, ast.Name) and current.id in names:
            if isinstance(parent, ast.keyword) and isinstance(grandparent, ast.Call) and \
                    parent.arg is not None and isinstance(current.ctx, ast.Load) and not nested:
                parent = grandparent  # f(x=p): an argument of the call, like f(p)
            out.append((current.id, *_classify(current, parent, grandparent, nested)))
            continue
        if isinstance(current, ast.arg) and current.arg in names:
            out.append((current.arg, "other", current.lineno, current.col_offset,
                        f"`{current.arg}` is rebound by a nested function's parameter"))
        inner = nested or isinstance(current, _SCOPES)
        # ast.iter_child_nodes without its generators (this walk was a fifth of the summaries)
        # nor the fields that hold only strings, numbers or the parser's shared context and
        # operator leaves (syntax.child_fields): the other nodes come in the same order.
        cls = current.__class__
        for field_name in fields_of.get(cls) or child_fields(cls):
            value = getattr(current, field_name, None)
            if value.__class__ is list:
                for child in value:
                    if isinstance(child, node_type):
                        stack.append((child, current, parent, inner))
            elif isinstance(value, node_type):
                stack.append((value, current, parent, inner))
    out.sort(key=lambda use: (use[2], use[3], use[0]))
    return out


def _classify(name: ast.Name, parent: ast.AST | None, grandparent: ast.AST | None,
              nested: bool) -> tuple[str, int, int, str] | None:
    """(kind, line, col, text) of one use. Kinds: "len" (`len(p)`), "attr:NAME" (`p.NAME`),
    "method:NAME" (`p.NAME(...)`), "iter" (`for x in p`), "call"/"call0" (an argument of the call
    at line:col, "call0" the first positional one), "arith" (arithmetic or a comparison),
    "return", "other" (anything else, a rebinding, a use in a nested function)."""
    line, col = name.lineno, name.col_offset
    if not isinstance(name.ctx, ast.Load):
        return "other", line, col, f"`{name.id}` is reassigned"
    if nested:
        return "other", line, col, f"`{name.id}` is used in a nested function"
    if isinstance(parent, ast.Attribute) and isinstance(grandparent, ast.Attribute):
        # `p.shape.as_list()`, `p.shape.rank`: a TensorShape's member, which an ndarray's
        # tuple shape lacks (session 34's red team C, p30: AttributeError eagerly)
        return f"attr:{parent.attr}.{grandparent.attr}", line, col, f"`{_shown(grandparent)}`"
    if isinstance(parent, ast.Attribute):
        called = isinstance(grandparent, ast.Call) and grandparent.func is parent
        kind = f"method:{parent.attr}" if called else f"attr:{parent.attr}"
        return kind, line, col, f"`{_shown(grandparent if called else parent)}`"
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and \
            parent.func.id == "len" and parent.args == [name] and not parent.keywords:
        return "len", line, col, f"`{_shown(parent)}`"
    if isinstance(parent, ast.Call) and (name in parent.args or any(
            k.value is name and k.arg is not None for k in parent.keywords)):
        # "call0": the first positional argument, which a TensorFlow op converts first, with
        # the array's own dtype, in both modes (tfapi.ARRAY_FIRST_OPS).
        kind = "call0" if parent.args and parent.args[0] is name else "call"
        return kind, parent.lineno, call_column(parent), _dotted(parent.func) or \
            ast.unparse(parent.func)
    if isinstance(parent, (ast.For, ast.AsyncFor)) and parent.iter is name:
        return "iter", line, col, f"`for ... in {name.id}`"
    kind = "arith" if isinstance(parent, (ast.BinOp, ast.Compare, ast.AugAssign, ast.UnaryOp)) \
        else "return" if isinstance(parent, ast.Return) else "other"
    return kind, line, col, f"`{_shown(parent) if parent is not None else name.id}`"


def _shown(node: ast.AST | None) -> str:
    text = (_dotted(node) or ast.unparse(node)) if node is not None else ""
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(node: ast.AST) -> str | None:
    """`a.b.c` as ast.unparse writes it, for a chain of names (without unparse's cost: most
    uses are `self.x`); None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def array_why(kind: str) -> str:
    """What a graph changes about this use of a NumPy array, in the user's words (measured: the
    module's doc)."""
    if kind.startswith("attr:") and "." in kind:
        return ("a member of a tensor's TensorShape, which an array's shape (a tuple) lacks: "
                "the graph's tensor has it, the eager array does not")
    if kind.startswith(("attr:", "method:")):
        return ("a NumPy attribute, which the tensor a graph makes of the array may lack "
                "(`.astype`, `.T`, `.mean`, `.copy`, `.tolist` fail traced)")
    if kind == "arith":
        return ("NumPy arithmetic eagerly, tensor arithmetic in a graph (a float64 array "
                "meeting float32 tensors is converted eagerly and fails traced; an ndarray "
                "result becomes a tensor)")
    if kind == "return":
        return "returned: an ndarray eagerly, a tensor from a tf.function"
    return "NumPy semantics eagerly, a tensor of the array's dtype in a graph"
