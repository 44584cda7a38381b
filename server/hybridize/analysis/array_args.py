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
this module records, from the syntax alone, every other use.
"""

from __future__ import annotations

import ast

# (parameter, kind, line, col, text): kind "call"/"call0" (an argument, "call0" the first
# positional one, of the call at line:col, judged when the callee is known) or "other" (any other
# use: arithmetic, a method, a subscript, ...).
ArrayUse = tuple[str, str, int, int, str]

SAFE_ATTRIBUTES = frozenset({"shape", "ndim"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def array_uses(node: ast.FunctionDef | ast.AsyncFunctionDef, params: list[str]) -> list[ArrayUse]:
    """Every use of a parameter of `node` that is not one of the safe forms above: a rebinding,
    a use inside a nested function, or a use other than `p.shape`, `p.ndim`, `len(p)` and an
    argument of a call."""
    names = set(params)
    if not names:
        return []
    out: list[ArrayUse] = []
    stack: list[tuple[ast.AST, ast.AST | None, ast.AST | None, bool]] = [
        (stmt, None, None, False) for stmt in node.body]
    while stack:
        current, parent, grandparent, nested = stack.pop()
        if isinstance(current, ast.Name) and current.id in names:
            if isinstance(parent, ast.keyword) and isinstance(grandparent, ast.Call) and \
                    parent.arg is not None and isinstance(current.ctx, ast.Load) and not nested:
                parent = grandparent  # f(x=p): an argument of the call, like f(p)
            use = _classify(current, parent, nested)
            if use is not None:
                out.append((current.id, *use))
            continue
        if isinstance(current, ast.arg) and current.arg in names:
            out.append((current.arg, "other", current.lineno, current.col_offset,
                        f"`{current.arg}` is rebound by a nested function's parameter"))
        inner = nested or isinstance(current, _SCOPES)
        for child in ast.iter_child_nodes(current):
            stack.append((child, current, parent, inner))
    out.sort(key=lambda use: (use[2], use[3], use[0]))
    return out


def _classify(name: ast.Name, parent: ast.AST | None,
              nested: bool) -> tuple[str, int, int, str] | None:
    line, col = name.lineno, name.col_offset
    if not isinstance(name.ctx, ast.Load):
        return "other", line, col, f"`{name.id}` is reassigned"
    if nested:
        return "other", line, col, f"`{name.id}` is used in a nested function"
    if isinstance(parent, ast.Attribute) and parent.attr in SAFE_ATTRIBUTES:
        return None
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and \
            parent.func.id == "len" and parent.args == [name] and not parent.keywords:
        return None
    if isinstance(parent, ast.Call) and (name in parent.args or any(
            k.value is name and k.arg is not None for k in parent.keywords)):
        # "call0": the first positional argument, which a TensorFlow op converts first, with
        # the array's own dtype, in both modes (tfapi.ARRAY_FIRST_OPS).
        kind = "call0" if parent.args and parent.args[0] is name else "call"
        return kind, parent.lineno, parent.col_offset, ast.unparse(parent.func)
    shown = ast.unparse(parent) if parent is not None else name.id
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return "other", line, col, f"`{shown}`: {_why(parent)}"


def _why(parent: ast.AST | None) -> str:
    """What a graph changes about this use, in the user's words (measured: array_args' doc)."""
    if isinstance(parent, ast.Attribute):
        return ("a NumPy attribute, which the tensor a graph makes of the array may lack "
                "(`.astype`, `.T`, `.mean`, `.copy`, `.tolist` fail traced)")
    if isinstance(parent, (ast.BinOp, ast.Compare, ast.AugAssign, ast.UnaryOp)):
        return ("NumPy arithmetic eagerly, tensor arithmetic in a graph (a float64 array "
                "meeting float32 tensors is converted eagerly and fails traced; an ndarray "
                "result becomes a tensor)")
    if isinstance(parent, ast.Return):
        return "returned: an ndarray eagerly, a tensor from a tf.function"
    return "NumPy semantics eagerly, a tensor of the array's dtype in a graph"
