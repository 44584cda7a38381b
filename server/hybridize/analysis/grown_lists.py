"""Local lists that start as `[]` and only ever get `.append(x)`, then are returned (issue 12).

A local bound to `[]` and grown by `.append` in a loop holds, flow-insensitively, both `[]` as
written (values.EMPTY_LIST) and the container of what was appended: `scores = []; for l in
levels: scores.append(head(x)); return scores, boxes` gave {list0, listT}, and list0 made the
return "a Python list, tuple or dict" (tf-models-official RpnHead.call, dense heads, anchor
labelers: 12 `return a, b` of names in declined candidates had such a list as their only
blocker). Returned from a tf.function, an empty list comes back as an empty list and a list of
tensors as a list of tensors (measured TF 2.21, tests/test_grown_lists.py), so when nothing else
can have put anything into the list, the list0 in its values adds no case a graph changes; what
was appended is still judged by its values (`out.append(0.5)` makes the list hold a float: the
engine's values say `list`, which stays declined).

"Nothing else" is checked on the syntax, so that no write the engine does not see can hide a
Python value in the list: every binding of the name in the function is `name = []` (one plain
target, an empty list display), and every other use of it is either the receiver of a
statement `name.append(x)` (one positional argument, no keywords, not starred) or returned
(`return name`, or an element of a tuple or list written in the `return`). An alias (`b = name`),
an item or slice write, `.extend`/`.insert`/`+=`, an argument to a call (the callee may add to
it), any use inside a nested function, lambda or class, or a `global`/`nonlocal` declaration
of the name keeps the flow-insensitive values (and the verdict as before).
"""

from __future__ import annotations

import ast

from hybridize.analysis.body_names import Ancestors, BodyNames, body_names


def grown_lists(stmts: list[ast.stmt], names: set[str],
                index: BodyNames | None = None) -> frozenset[str]:
    """The local names of this body that are only `[]`, appended to and returned. `index`:
    body_names(stmts, names), when the caller has it."""
    if not names:  # nothing to find (the module's top level, a body without locals)
        return frozenset()
    if index is None:
        index = body_names(stmts, names)
    out = set()
    for name, found in index.uses.items():
        if name in index.refused or name not in names:
            continue
        if all(not nested and _allowed(node, up) for node, nested, up in found) and any(
                isinstance(node.ctx, ast.Store) for node, _, _ in found):
            out.add(name)
    return frozenset(out)


def _allowed(node: ast.Name, up: Ancestors) -> bool:
    parent, up = up if up is not None else (None, None)
    if isinstance(node.ctx, ast.Store):
        return isinstance(parent, ast.Assign) and parent.targets == [node] and \
            isinstance(parent.value, ast.List) and not parent.value.elts
    if not isinstance(node.ctx, ast.Load):
        return False  # del
    if isinstance(parent, ast.Return):
        return True
    call, up = up if up is not None else (None, None)
    if isinstance(parent, (ast.Tuple, ast.List)) and isinstance(call, ast.Return):
        return True
    statement = up[0] if up is not None else None
    return isinstance(parent, ast.Attribute) and parent.attr == "append" and \
        isinstance(call, ast.Call) and call.func is parent and len(call.args) == 1 and \
        not call.keywords and not isinstance(call.args[0], ast.Starred) and \
        isinstance(statement, ast.Expr)
