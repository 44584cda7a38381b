"""Which calls of a function body give a value that nothing the function keeps depends on.

A graph runs only the ops its outputs and its stateful ops need: an op whose result reaches
neither is pruned, and what it raises or runs eagerly (an out-of-range `tf.gather`, a string
that `tf.strings.to_number` cannot parse, the Python function of a `tf.numpy_function`) does not
happen (measured with TF 2.21: the fourth soundness audit, the red teams of sessions 26 and 27).

This module follows values through a function's body, the way a graph follows its edges:
definitions of locals reach the reads after them (an `if` joins its branches, a loop or a `try`
lets every definition inside it reach all of it), operators, subscripts and stateless
TensorFlow ops pass their operands on, and a value is kept when it reaches a `return`,
`yield`, `raise` or `assert`, a test of an `if` or `while`, an argument or the receiver of any
other call (a Python callee consumes it), an attribute, a global or a container the function
does not own. What a shape function (`tf.shape`, `tf.size`, `tf.rank`, `tf.ones_like`, `len`,
`x.get_shape()`, `K.int_shape`, the static assertions) or `x.shape`/`x.dtype`/`x.ndim` reads is
only the static shape or dtype, which a traced function folds to a constant (measured:
`tf.size(tf.strings.to_number(f))` of a three-element `f` raises eagerly and returns 3 traced);
an identity test (`x is None`) and `tf.control_dependencies` of a stateless op keep nothing. A
local dict, list or tuple only built from a display or comprehension, stored into by subscript
or `append`/`update`, and read by subscript, `get` or `len` is followed key by key.

dead_values returns the calls (and computed indices, `//`, `%`, `@`) whose value reaches nothing
kept, and what the facts need across calls: the calls only arguments of workspace calls keep,
the parameters nothing kept reads, the calls only what the function returns keeps (by tuple
element), the results a caller uses in part, and the calls only an `if` branch of a possibly
Python test keeps. Where the body reads its locals by name (`locals()`, `eval`), nothing is
dead. docs/analysis-rules.md, session 27, has each rule and its gaps.
"""

from __future__ import annotations

import ast
import builtins
import itertools
from collections.abc import Callable, Iterable
from typing import NamedTuple

from hybridize.analysis.graph_rewrites import _constant_value, _float
from hybridize.analysis.syntax import call_column, dotted_name, walk

Node = object  # a hashable key: ("c", id) a call, ("d", id) a definition, ("s", name, key) ...

# `tf.shape(x)`, `K.shape(x)`, `tf.compat.v1.size(x)`: what they read of `x` is its shape only.
_SHAPE_FUNCTIONS = frozenset({"shape", "size", "rank", "shape_n", "ones_like", "zeros_like",
                              "is_tensor", "is_symbolic_tensor", "int_shape",
                              # checked on the static dtype or rank while tracing (p75, p76)
                              "assert_type", "assert_rank", "assert_rank_at_least",
                              "assert_rank_in", "assert_same_float_dtype", "assert_scalar",
                              # static shapes and nesting (session 28's red team, p05, p06;
                              # a shape known only when the graph runs adds an assertion,
                              # which keeps it: counted as not kept, the side of declining)
                              "assert_shapes", "assert_same_structure",
                              # the structure, rank or dtype only (session 29's red team, p49,
                              # p50, p70: `tf.nest.is_nested`, `tnp.ndim`, `K.dtype`)
                              "is_nested", "is_nested_or_composite", "ndim", "dtype"})
# `with tf.control_dependencies([op(x)]):` does not keep a stateless op: a graph prunes it all
# the same (measured with TF 2.21, a red team of session 27, p09; a stateful op such as an
# assertion is kept for being stateful).
_NOT_KEEPING = frozenset({"control_dependencies"})
_SHAPE_BUILTINS = frozenset({"len", "isinstance", "type", "id", "hasattr", "callable"})
_SHAPE_METHODS = frozenset({"get_shape"})
_STATIC_ATTRIBUTES = frozenset({"shape", "dtype", "ndim"})
_GROWING = frozenset({"append", "extend", "insert", "add"})
_DICT_STORES = frozenset({"update"})  # `out.update(age=v)`, `out.update({"age": v})`
_DICT_READS = frozenset({"get", "setdefault"})
FAILING_OPERATORS = (ast.FloorDiv, ast.Mod, ast.MatMult)  # may raise when the op runs
_NAMESPACE_READERS = frozenset({"locals", "vars", "eval", "exec", "globals"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


Spot = tuple[int, int]  # (line, column) of a call
Slot = int | str  # a positional argument's index or a keyword
Key = int | str | None  # an entry of a keyed local or display given as an argument ("*": of a
# key not known); None: all


class Dead(NamedTuple):
    calls: frozenset[Spot]  # (line, column) of each call
    # `x[i]` (not only slices): a gather or slice op; `a // b`, `a % b`, `a @ b`
    subscripts: tuple[ast.Subscript | ast.BinOp, ...]
    # A call kept only as an argument of calls that may run workspace code (`conditional`):
    # its spot -> those (call spot, argument slot); facts.unused_arguments asks whether the
    # callees read those parameters.
    kept_by: dict[Spot, tuple[tuple[Spot, Slot, Key], ...]] = {}
    # The parameters nothing the function keeps depends on (read for their shape at most).
    unused_params: tuple[str, ...] = ()
    # A call kept only inside `if` branches (not both branches of one): its spot -> those
    # branches, (line of the `if`, 0 body or 1 else); facts.branch_kept asks whether a test
    # may be a Python value, decided while tracing.
    guarded: dict[Spot, tuple[tuple[int, int], ...]] = {}
    # A call kept only as what the function returns: its spot -> the elements of returned tuple
    # displays that keep it (`return value, name`), -1 for a whole result; a caller dropping
    # the result, or using other elements only, prunes it.
    returned_only: dict[Spot, tuple[int | str, ...]] = {}  # (a dict's key: p82)
    # A call whose result is only unpacked (`_, name = f(x)`) or indexed by constants
    # (`f(x)[1]`): its spot -> the elements used (facts.partial_results).
    elements: dict[Spot, tuple[int | str, ...]] = {}
    # The guarded calls every path to a keep takes each of their branches on (`if c: if k:
    # return v`): one test decided while tracing prunes them; the others' branches are each
    # the first of some path, all of which must be decided.
    needed: frozenset[Spot] = frozenset()
    # The parameters read only by constant keys or indices (`features["age"]`, `inputs[0]`)
    # -> the keys read (facts.unused_arguments: an entry the caller gives and the callee does
    # not read, p13).
    param_keys: dict[str, tuple[int | str, ...]] = {}
    # A dead call -> the dead calls its value goes to (`tf.strings.split` feeding a pruned
    # `tf.strings.to_number`): bodies names the last of a chain.
    feeds: dict[Spot, tuple[Spot, ...]] = {}
    # The `tf.nest.map_structure(fn, d)` calls followed entry by entry (bodies: one of them
    # among `calls` leaves an entry unread, and what `fn` runs for it a graph prunes, p42).
    mapped: frozenset[Spot] = frozenset()
    # The lines of `tf.where`s whose condition is computed from constants only (Grappler folds
    # them as it folds a Python condition: facts.branch_kept).
    constant_tests: frozenset[int] = frozenset()
    # The parameters only what the function returns depends on (`def to_kg(x): return x *
    # 0.45`) -> the elements returned from each: a caller dropping the result (p87) or using
    # other elements (p23) prunes what it gave them.
    returned_params: tuple[tuple[str, tuple[int | str, ...]], ...] = ()
    # The parameters only given on, whole, to workspace calls -> (call spot, argument slot) of
    # each ("*" where given in part or unpacked): facts.unread_parameter follows them.
    passed_params: tuple[tuple[str, tuple[tuple[Spot, Slot], ...]], ...] = ()


# Followed per argument: a call kept by more conditional arguments than this, or a body with more
# than this many conditional arguments, counts as kept (bounds the work on generated code).
_MAX_CONDITIONAL = 400


def dead_values(body: list[ast.stmt], params: Iterable[str],
                conditional: Callable[[ast.Call], bool] | None = None,
                pure: Callable[[ast.Call], bool] | None = None,
                fresh: Callable[[ast.Call], bool] | None = None,
                library: Callable[[str], str | None] | None = None,
                numbers: Callable[[str], int | float | None] | None = None) -> Dead:
    """The calls and subscripts of `body` (not of its nested functions or lambdas) whose value
    reaches nothing the function keeps. `params`: the function's parameter names (of one
    value each, not `*args`/`**kwargs`). `conditional(call)`: the call may run a workspace
    function, which may not read what it is given (else every argument of a call is kept).
    `pure(call)`: a TensorFlow op without state, which uses its arguments only if it is kept.
    `fresh(call)`: the call makes a new object of a plain class (what its attributes are given
    is kept only through it). `library(name)`: the library function a global name stands for
    (`shape_of = tf.shape`, `from tensorflow import shape`), None for any other.
    `numbers(name)`: the number a module constant is, None if not known."""
    loop_defs: dict[int, list[tuple[str, Node]]] = {}
    parents: dict[int, ast.AST] = {}
    around: dict[int, tuple[int, ...]] = {}
    own = _own_nodes(body, loop_defs, parents, around)
    if any(n.__class__ is ast.Name and n.id in _NAMESPACE_READERS for n in own):  # type: ignore
        return Dead(frozenset(), ())
    params = list(params)
    flow = _Flow(body, set(params), own, conditional, pure, fresh, parents, around)
    flow.library = library
    flow.numbers = numbers
    flow.loop_defs = loop_defs
    state: dict[str, frozenset[Node]] = {name: frozenset({("p", name)}) for name in params}
    flow.block(body, state)
    live = flow.closure()
    # the items `tf.nest.map_structure(shape_of, feats)` gives a workspace function, for the
    # entries the function keeps: kept where that function reads its parameter (rt3 p64)
    if flow.map_items:
        used = live | flow.reach(
            [v for _, _, _, values in flow.conditional_keeps for v in values] +
            [v for _, values in flow.guarded_keeps for v in values] +
            [v for _, values in flow.returned for v in values], live)
        for call, entry, values in flow.map_items:
            if entry in used:
                flow.conditional_keeps.append((call, "~", None, values))
    kept_by: dict[Spot, list[tuple[Spot, Slot]]] = {}
    if len(flow.conditional_keeps) <= _MAX_CONDITIONAL:
        for call, slot, key, values in flow.conditional_keeps:
            for node in flow.reach(values, live):
                if node[0] in ("c", "m") and node[1] in flow.call_spots:  # type: ignore
                    # (an entry of a map_structure followed per entry: the call's, Dead.mapped)
                    kept_by.setdefault(flow.call_spots[node[1]], []).append(  # type: ignore
                        ((call.lineno, call_column(call)), slot, key))
    everything = live | flow.reach(
        [v for _, _, _, values in flow.conditional_keeps for v in values], live)
    everything |= flow.reach([v for _, values in flow.guarded_keeps for v in values],
                             everything)
    returned: dict[Spot, set[int | str]] = {}
    given: dict[str, set[int | str]] = {}  # a parameter -> the elements returned from it
    if len(flow.returned) <= _MAX_CONDITIONAL:
        for element, values in flow.returned:
            for node in flow.reach(values, everything):
                if node[0] == "c" and node[1] in flow.call_spots:  # type: ignore[index]
                    returned.setdefault(flow.call_spots[node[1]], set()).add(  # type: ignore
                        element)
                elif node[0] == "p":  # type: ignore[index]
                    given.setdefault(node[1], set()).add(element)  # type: ignore[index]
    before_returned = set(everything)
    # a parameter only given on, whole, to workspace calls (`def model(f): return head(f)`):
    # what those read of it is what this function reads (facts.unread_parameter, rt3 p51)
    passed: dict[str, list[tuple[Spot, Slot]]] = {}
    given_on = {name for name in params if ("p", name) in everything and
                ("p", name) not in live}
    if given_on and len(flow.conditional_keeps) <= _MAX_CONDITIONAL:
        others = flow.reach([v for _, values in flow.guarded_keeps for v in values], set()) | \
            flow.reach([v for _, values in flow.returned for v in values], set())
        for call, slot, key, values in flow.conditional_keeps:
            reached = flow.reach(values, set())
            for name in given_on:
                if ("p", name) in reached:
                    passed.setdefault(name, []).append(
                        ((call.lineno, call_column(call)), slot if key is None else "*"))
        passed = {name: found for name, found in passed.items() if ("p", name) not in others}
    everything |= flow.reach([v for _, values in flow.returned for v in values], everything)
    guarded, needed = _guarded(flow, everything)
    read_keys: dict[str, set[int | str]] = {name: set() for name in flow.keyed_params}
    # an entry read only where an `if` branch or a side of a conditional expression runs is
    # not read for sure (a Python test may skip it while tracing: session 29's red team, p20,
    # p21, p94): "?" marks the parameter
    roots: list[tuple[Chain, Iterable[Node]]] = [
        ((), flow.kept), *flow.guarded_keeps,
        ((), [v for _, _, _, values in flow.conditional_keeps for v in values]),
        ((), [v for _, values in flow.returned for v in values])]
    reads = {node for node in everything if node[0] in ("pk", "p")}  # type: ignore[index]
    # (a side of `tf.where` is not counted where its condition does not depend on a
    # parameter: a tensor condition keeps both, and a constant one is facts.branch_kept's;
    # one that does may be a Python value or a constant in a caller's trace, which folds the
    # select and prunes the caller's op given to the other side: session 29's rt3 p126)
    required = _required(flow, roots, reads, {
        node: chain for node, chain in flow.node_chain.items()
        if node not in flow.select_sides or node in flow.param_selects}) if reads else {}
    sure = {node for node in reads if not required.get(node, frozenset({(0, 0)}))}
    for node in everything:
        if node[0] == "pk":  # type: ignore[index]
            read_keys[node[1]].add(node[2] if node in sure else "?")  # type: ignore[index]
    used: dict[int, set[int | str]] = {}
    for node in everything:
        if node[0] == "e":  # type: ignore[index]
            used.setdefault(node[1], set()).add(node[2])  # type: ignore[index]
    elements = {flow.call_spots[call]: tuple(sorted(used.get(call, ()), key=repr))
                for call in flow.elements}
    # a parameter whose items the body replaces or removes (`terms[-1] = c`, `terms.pop()`):
    # what a caller gives in it is read by no key for sure (session 30's red team, p89)
    changed = {name for name in flow.item_changed & set(params)
               if ("p", name) in everything or read_keys.get(name)}
    dead = [call for call in flow.calls if ("c", id(call)) not in everything]
    feeds: dict[Spot, set[Spot]] = {}  # a dead call -> the dead calls its value goes to
    if len(dead) <= _MAX_CONDITIONAL:
        idents = {("c", id(call)): call for call in dead}
        for call in dead:
            for node in flow.reach(flow.edges.get(("c", id(call)), ()), set()):
                if node in idents and idents[node] is not call:
                    source = idents[node]
                    feeds.setdefault((source.lineno, call_column(source)), set()).add(
                        (call.lineno, call_column(call)))
    return Dead(frozenset((call.lineno, call_column(call)) for call in dead),
                tuple(node for node in flow.subscripts if ("c", id(node)) not in everything),
                # (sorted: `reach` is a set of ids, whose order is the memory's)
                {spot: tuple(sorted(set(slots), key=lambda s: (s[0], str(s[1]), repr(s[2]))))
                 for spot, slots in kept_by.items() if len(slots) <= _MAX_CONDITIONAL},
                tuple(name for name in params if ("p", name) not in everything and
                      not read_keys.get(name)),
                {spot: tuple(sorted(guards)) for spot, guards in guarded.items()},
                {spot: tuple(sorted(found, key=repr)) for spot, found in returned.items()},
                elements,
                frozenset(needed),
                {**{name: ("?",) for name in params if ("p", name) in everything and
                    ("p", name) not in sure and read_keys.get(name, {"?"}) <= {"?"}},
                 **{name: tuple(sorted(keys, key=repr)) for name, keys in read_keys.items()
                    if keys and ("p", name) not in everything},
                 **{name: ("?",) for name in sorted(changed)}},
                {spot: tuple(sorted(to)) for spot, to in feeds.items()},
                frozenset(flow.call_spots[id(call)] for call in flow.mapped_calls),
                frozenset(flow.constant_tests),
                tuple((name, tuple(sorted(given.get(name, {-1}), key=repr)))
                      for name in params if ("p", name) in everything and
                      ("p", name) not in before_returned),
                tuple((name, tuple(sorted(set(found), key=repr)))
                      for name, found in sorted(passed.items())))


Chain = tuple[tuple[int, int], ...]  # the `if` branches around a point, outermost first


def _guarded(flow: _Flow, everything: set[Node]
             ) -> tuple[dict[Spot, set[tuple[int, int]]], set[Spot]]:
    """The calls every path to a kept value of goes through a branch the call is not inside:
    a keep in it (`if flag: tf.print(looked)`) or a definition made there (`if flag: out =
    out + looked`), where `looked` is made before the `if`; a trace that skips the branch
    prunes them. Each -> the first such branch of each path. A branch's own calls are kept
    whenever they run (`if c: return tf.reduce_mean(x)`). With the calls whose branches every
    path takes (_required)."""
    if len(flow.guarded_keeps) + len(flow.node_chain) > _MAX_CONDITIONAL:
        return {}, set()
    roots: list[tuple[Chain, Iterable[Node]]] = [((), flow.kept), *flow.guarded_keeps,
                                                 ((), [v for _, _, _, values in
                                                       flow.conditional_keeps for v in values]),
                                                 ((), [v for _, values in flow.returned
                                                       for v in values])]
    calls = {ident: chain for ident, chain in flow.call_chain.items()
             if ("c", ident) in everything}
    safe: set[int] = set()
    for own in sorted(set(calls.values())):
        seen: set[Node] = set()
        stack = [v for chain, values in roots if own[:len(chain)] == chain for v in values]
        while stack:
            node = stack.pop()
            if node in seen or (node in flow.node_chain and
                                own[:len(flow.node_chain[node])] != flow.node_chain[node]):
                continue
            seen.add(node)
            stack.extend(flow.edges.get(node, ()))
        safe.update(ident for ident, chain in calls.items()
                    if chain == own and ("c", ident) in seen)
    unsafe = {ident for ident in calls if ident not in safe}
    found: dict[Spot, set[tuple[int, int]]] = {}
    if not unsafe:
        return found, set()
    required = _required(flow, roots, {("c", ident) for ident in unsafe})
    barriers = [*flow.guarded_keeps,
                *((chain, flow.edges.get(node, ())) for node, chain in flow.node_chain.items())]
    relevant: dict[int, set[int]] = {}  # an unsafe call -> the `if`s on its paths
    for chain, values in barriers:
        for node in flow.reach(values, set()):
            ident = node[1] if node[0] == "c" else None  # type: ignore[index]
            if ident not in unsafe:
                continue
            own = calls[ident]  # type: ignore[index]
            relevant.setdefault(ident, set()).update(  # type: ignore[arg-type]
                line for line, _ in chain if all(line != mine for mine, _ in own))
            if own[:len(chain)] != chain:  # the first branch of the path the call is not in
                common = next(i for i in range(len(chain))
                              if i >= len(own) or chain[i] != own[i])
                found.setdefault(flow.call_spots[ident], set()).add(chain[common])  # type: ignore
    out: dict[Spot, set[tuple[int, int]]] = {}
    needs: set[Spot] = set()
    for ident in sorted(unsafe, key=lambda i: flow.call_spots[i]):
        spot = flow.call_spots[ident]
        needed = required.get(("c", ident), frozenset()) - set(calls[ident])
        guards = found.get(spot, set())
        if needed:  # every path needs these branches (a branch taken either way on the way)
            out[spot] = set(needed)
            needs.add(spot)
        elif guards and not any((line, 1 - branch) in guards for line, branch in guards):
            out[spot] = guards  # each path its first branch, no `if` kept both ways
        elif (pruned := _pruning_choice(flow, roots, ident, relevant.get(ident, set()))):
            out[spot] = pruned  # `if a: ... elif b: v = c`: a choice of tests no path takes
    return out, needs


_MAX_TESTS = 4  # the `if`s _pruning_choice combines (3 ** 4 = 81 walks at most)


def _pruning_choice(flow: _Flow, roots: list[tuple[Chain, Iterable[Node]]], ident: int,
                    lines: set[int]) -> set[tuple[int, int]] | None:
    """The fewest `if`s, and a branch of each, under which no path reaches the call from what
    is kept (the others' branches all open: a tensor test traces both): an `elif` chain that
    replaces a value on one of three paths (session 28's red team, p35), where no branch is on
    every path and each path's first `if` is taken either way. Returns the other branches,
    those that keep it (facts.branch_kept: all of those tests must be Python values)."""
    if not lines or len(lines) > _MAX_TESTS:
        return None
    target = ("c", ident)

    def reaches(choice: dict[int, int]) -> bool:
        def open_(chain: Iterable[tuple[int, int]]) -> bool:
            return all(choice.get(line, branch) == branch for line, branch in chain)
        seen: set[Node] = set()
        stack = [v for chain, values in roots if open_(chain) for v in values]
        while stack:
            node = stack.pop()
            if node in seen or not open_(flow.node_chain.get(node, ())):
                continue
            if node == target:
                return True
            seen.add(node)
            stack.extend(flow.edges.get(node, ()))
            for members, sources in flow.groups:  # (a group's members all seen: approximated
                if node in members:              # by any: more paths, fewer choices)
                    stack.extend(sources)
        return False

    ordered = sorted(lines)
    for size in range(1, len(ordered) + 1):
        for chosen in itertools.combinations(ordered, size):
            for branches in itertools.product((0, 1), repeat=size):
                choice = dict(zip(chosen, branches, strict=True))
                if not reaches(choice):
                    return {(line, 1 - branch) for line, branch in choice.items()}
    return None


def _required(flow: _Flow, roots: list[tuple[Chain, Iterable[Node]]],
              wanted: set[Node], chains: dict[Node, Chain] | None = None
              ) -> dict[Node, frozenset[tuple[int, int]]]:
    """The branches every path from a kept value to each of `wanted` goes through: the
    branches around the keep and those around each definition on the way (their
    intersection over the paths, a must-analysis that iterates to its fixpoint). `chains`:
    the branches around each node (flow.node_chain unless given)."""
    node_chain = flow.node_chain if chains is None else chains
    required: dict[Node, frozenset[tuple[int, int]]] = {}
    stack: list[Node] = []
    for chain, values in roots:
        for node in values:
            needed = frozenset(chain) | frozenset(node_chain.get(node, ()))
            if node not in required or not required[node] <= needed:
                required[node] = required[node] & needed if node in required else needed
                stack.append(node)
    while stack:
        node = stack.pop()
        have = required[node]
        for source in flow.edges.get(node, ()):
            needed = have | frozenset(node_chain.get(source, ()))
            old = required.get(source)
            new = needed if old is None else old & needed
            if new != old:
                required[source] = new
                stack.append(source)
    return {node: required[node] for node in wanted if node in required}


def dead_calls(body: list[ast.stmt], params: Iterable[str]) -> frozenset[tuple[int, int]]:
    """dead_values' calls."""
    return dead_values(body, params).calls


_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.Try, ast.TryStar)
_DEFINING = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _own_nodes(body: list[ast.stmt],
               loop_defs: dict[int, list[tuple[str, Node]]] | None = None,
               parents: dict[int, ast.AST] | None = None,
               around: dict[int, tuple[int, ...]] | None = None) -> list[ast.AST]:
    """Every node of the body, nested functions, lambdas and classes excluded (their headers
    included: decorators, defaults, bases). With `loop_defs`, also each loop's (and `try`'s)
    definitions: id of the statement -> (name, key) of what its body binds (_Flow.loop); with
    `parents` and `around`, each node's parent and the loops around it (comprehensions too:
    _container_events)."""
    out: list[ast.AST] = []
    stack: list[tuple[ast.AST, tuple[int, ...], tuple[int, ...]]] = [
        (n, (), ()) for n in reversed(body)]
    while stack:
        node, loops, passes = stack.pop()
        out.append(node)
        cls = node.__class__
        if around is not None:
            around[id(node)] = passes
        if loop_defs is not None and loops:
            name = node.id if cls is ast.Name and node.ctx.__class__ is ast.Store else \
                node.name if cls in _DEFINING or (cls is ast.ExceptHandler and node.name) else \
                (node.asname or node.name).split(".")[0] if cls is ast.alias else None
            if name:
                for loop in loops:
                    loop_defs.setdefault(loop, []).append((name, ("d", id(node))))
            for entry, key in _entries_made(node):
                for loop in loops:
                    loop_defs.setdefault(loop, []).append((entry, key))
        if cls is ast.FunctionDef or cls is ast.AsyncFunctionDef:
            children: list[ast.AST] = [*node.decorator_list, *node.args.defaults,
                                       *(d for d in node.args.kw_defaults if d is not None)]
        elif cls is ast.Lambda:
            children = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
        elif cls is ast.ClassDef:
            children = [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]
        else:
            children = list(ast.iter_child_nodes(node))
        inner = (*loops, id(node)) if loop_defs is not None and cls in _LOOPS else loops
        again = (*passes, id(node)) if around is not None and (
            cls in _REPEATING or cls in _COMPREHENSIONS) else passes
        if parents is not None:
            for child in children:
                parents[id(child)] = node
        stack.extend((child, inner, again) for child in reversed(children))
    return out


_REPEATING = (ast.For, ast.AsyncFor, ast.While)


def _entries_made(node: ast.AST) -> list[tuple[str, Node]]:
    """The entries of keyed locals a statement or target replaces (_Flow.store): (the state's
    key, the definition's node)."""
    if node.__class__ is ast.Subscript and node.ctx.__class__ is ast.Store and \
            node.value.__class__ is ast.Name and _constant_key(node.slice) != "*":
        return [(_entry(node.value.id, _constant_key(node.slice)), ("d", id(node)))]
    if node.__class__ is ast.Attribute and node.ctx.__class__ is ast.Store and \
            node.value.__class__ is ast.Name:  # (a new local object's: _Flow._objects)
        return [(_entry(node.value.id, "." + node.attr), ("d", id(node)))]
    if node.__class__ is ast.Assign and len(node.targets) == 1 and \
            node.targets[0].__class__ is ast.Name:
        name, value = node.targets[0].id, node.value
        if value.__class__ is ast.Dict:
            return [(_entry(name, _constant_key(key)), ("d", id(item)))
                    for key, item in zip(value.keys, value.values, strict=True)
                    if key is not None and _constant_key(key) != "*"]
        if _stacked(value):
            value = _stack_call(value).args[0]  # type: ignore[union-attr]
        if value.__class__ in (ast.List, ast.Tuple):
            return [(_entry(name, index), ("d", id(item)))
                    for index, item in enumerate(value.elts)]
    return []


def _free_reads(node: ast.AST) -> set[str]:
    """The names a nested function, lambda or class reads from the scopes around it: its free
    names (not its own parameters or locals: `lambda v: v * 2` does not read an outer `v`,
    which counting it read kept an op a graph prunes, session 31), those of the scopes nested
    in it too; `nonlocal` names are free."""
    if isinstance(node, ast.ClassDef):
        # a class body's names do not enclose its methods: what they read is free here too
        loads, bound, inner = _scope_names(node.body, node)
        return (loads - bound) | inner
    args = node.args  # type: ignore[attr-defined]
    body = node.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
        else [node.body]  # type: ignore[attr-defined]
    loads, bound, inner = _scope_names(body, node)
    bound |= {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                              *(x for x in (args.vararg, args.kwarg) if x)]}
    return (loads | inner) - bound


# Calls that run the function they are given before they return (TensorFlow's control flow
# and mapping, tf.data's transformations, which trace it then): not the builtins `map` and
# `filter`, which return lazy iterators.
RUN_NOW = frozenset({"cond", "while_loop", "map_fn", "switch_case", "case", "scan", "foldl",
                      "foldr", "vectorized_map", "map_structure", "smart_cond", "map", "filter",
                      "flat_map", "interleave", "reduce"})


# Math functions whose result is a float whatever they are given (an integer tensor is
# refused): a product with one is not an integer product a graph folds.
_FLOAT_RESULTS = frozenset({"sqrt", "rsqrt", "exp", "expm1", "log", "log1p", "erf", "erfc",
                            "erfinv", "sin", "cos", "tan", "tanh", "sigmoid", "softplus",
                            "softmax", "log_softmax", "reciprocal", "atan", "asin", "acos",
                            "lgamma", "digamma", "gelu", "silu", "swish", "elu", "selu"})
_FLOAT_CONSTANTS = frozenset({"pi", "e", "tau", "inf", "nan"})


def _floating(node: ast.expr) -> bool:
    """An operand that is a float (graph_rewrites._float), or arithmetic holding a float
    literal (`0.5 * x`, `1.0 - p`), `math.pi`, or a call of a float-valued math function
    (`ops.sqrt(d)`): not an integer product."""
    if _float(node, frozenset()):
        return True
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Constant) and type(item.value) is float:
            return True
        if isinstance(item, ast.Attribute) and item.attr in _FLOAT_CONSTANTS and \
                isinstance(item.value, ast.Name) and item.value.id in ("math", "np", "numpy"):
            return True
        if isinstance(item, ast.Call) and \
                (dotted_name(item.func) or "").rpartition(".")[2] in _FLOAT_RESULTS:
            return True
        if isinstance(item, ast.BinOp):
            stack += [item.left, item.right]
        elif isinstance(item, ast.UnaryOp):
            stack.append(item.operand)
    return False


def _bound_numbers(own: list[ast.AST]) -> dict[str, bool]:
    """Each local -> whether every binding of it is a plain assignment of a number other
    than 0 (`k = 2`, `scale = 0.5`), for _Flow.nonzero."""
    found: dict[str, bool] = {}
    assigned: set[int] = set()
    for node in own:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            sides = [node.value.body, node.value.orelse] \
                if isinstance(node.value, ast.IfExp) else [node.value]
            values = [_constant_value(side) for side in sides]  # (`0.25 if c else 0.5`)
            for target in targets:
                if isinstance(target, ast.Name):
                    assigned.add(id(target))
                    found[target.id] = found.get(target.id, True) and \
                        all(value is not None and value != 0 for value in values)
    for node in own:  # bound otherwise too (a loop, `+=`, unpacking): not known
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and \
                id(node) not in assigned:
            found[node.id] = False
    return found


# Calls that consume a generator expression given to them before they return.
_CONSUMING = frozenset({"sum", "list", "tuple", "set", "frozenset", "dict", "sorted", "any",
                        "all", "max", "min", "join", "extend", "update"})


def _late_generators(own: list[ast.AST], parents: dict[int, ast.AST],
                     around: dict[int, tuple[int, ...]],
                     pure: Callable[[ast.Call], bool] | None) -> dict[int, set[str]]:
    """The generator expressions not consumed where they are made (not an argument of `sum`,
    `list`, `"".join`, a TensorFlow op...: bound to a name, returned, given to another call),
    each with the names it reads after its first iterable that something binds again after it
    (or in a loop around it): a generator reads them when it is consumed, so what they held
    where it was made is not kept for sure (session 31's second red team, p10, p20: `g = (v
    for _ in xs); v = other; next(g)`)."""
    generators = [n for n in own if isinstance(n, ast.GeneratorExp)]
    if not generators:
        return {}
    stores: dict[str, list[tuple[tuple[int, int], tuple[int, ...]]]] = {}
    for n in own:
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores.setdefault(n.id, []).append(((n.lineno, n.col_offset), around.get(id(n), ())))
    found: dict[int, set[str]] = {}
    for node in generators:
        parent = parents.get(id(node))
        if isinstance(parent, ast.Call) and node in parent.args:
            func = parent.func
            name = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else ""
            if name in _CONSUMING or (pure is not None and pure(parent)):
                continue
        first = {id(n) for n in walk(node.generators[0].iter)}
        targets = {n.id for g in node.generators for n in walk(g.target)
                   if isinstance(n, ast.Name)}
        end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
        loops = set(around.get(id(node), ()))
        names = {n.id for n in walk(node) if isinstance(n, ast.Name) and
                 isinstance(n.ctx, ast.Load) and id(n) not in first and n.id not in targets}
        late = {name for name in names
                if any(at > end or set(loops_at) & loops for at, loops_at in stores.get(name, ()))}
        if late:
            found[id(node)] = late
    return found


def _called_now(own: list[ast.AST], parents: dict[int, ast.AST]) -> set[int]:
    """The ids of the lambdas and nested functions of `own` used only as arguments of calls
    that run them at once (`tf.cond(p, true_fn, lambda: x)`)."""
    def given_now(node: ast.AST) -> bool:
        parent = parents.get(id(node))
        if isinstance(parent, ast.keyword):
            parent = parents.get(id(parent))
        if not isinstance(parent, ast.Call) or parent.func is node:
            return False
        func = parent.func
        return isinstance(func, ast.Attribute) and func.attr in RUN_NOW or \
            isinstance(func, ast.Name) and func.id in RUN_NOW and \
            func.id not in ("map", "filter")
    found = {id(n) for n in own if isinstance(n, ast.Lambda) and given_now(n)}
    defs = [n for n in own if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if defs:
        nested = set().union(*(_free_reads(n) for n in own if isinstance(n, _SCOPES)))
        for node in defs:
            loads = [n for n in own if isinstance(n, ast.Name) and n.id == node.name]
            if node.name not in nested and loads and \
                    all(isinstance(n.ctx, ast.Load) and given_now(n) for n in loads):
                found.add(id(node))
    return found


def _scope_names(body: list[ast.AST], scope: ast.AST
                 ) -> tuple[set[str], set[str], set[str]]:
    """(the names `body` reads; the names it binds, less those it declares `nonlocal` or
    `global`; the free names of the scopes nested in it)."""
    inner: set[str] = set()
    loads: set[str] = set()
    bound: set[str] = set()
    declared: set[str] = set()
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            (loads if isinstance(node.ctx, ast.Load) else bound).add(node.id)  # type: ignore
            continue
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda):
            if kind is not ast.Lambda:
                bound.add(node.name)  # type: ignore[attr-defined]
                stack.extend(node.decorator_list)  # type: ignore[attr-defined]
            if kind is ast.ClassDef:
                stack.extend([*node.bases, *(k.value for k in node.keywords)])  # type: ignore
            else:
                stack.extend(d for d in (*node.args.defaults,  # type: ignore[attr-defined]
                                         *node.args.kw_defaults) if d)  # type: ignore
            inner |= _free_reads(node)
            continue
        if kind in (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp):
            # a scope of its own: its targets are not the enclosing scope's names
            gens = node.generators  # type: ignore[attr-defined]
            first, _, first_inner = _scope_names([gens[0].iter], node)
            parts: list[ast.AST] = [*(g.target for g in gens), *(i for g in gens for i in g.ifs),
                                    *(g.iter for g in gens[1:])]
            parts += [node.key, node.value] if kind is ast.DictComp else \
                [node.elt]  # type: ignore[attr-defined]
            comp_loads, comp_bound, comp_inner = _scope_names(parts, node)
            loads |= first | ((comp_loads | comp_inner) - comp_bound)
            inner |= first_inner
            continue
        if kind in (ast.Nonlocal, ast.Global):
            declared.update(node.names)  # type: ignore[attr-defined]
            if kind is ast.Nonlocal:
                loads.update(node.names)  # type: ignore[attr-defined]
            continue
        if kind in (ast.Import, ast.ImportFrom):
            bound.update((a.asname or a.name).split(".")[0]
                         for a in node.names)  # type: ignore[attr-defined]
            continue
        if kind is ast.ExceptHandler and node.name:  # type: ignore[attr-defined]
            bound.add(node.name)  # type: ignore[attr-defined]
        stack.extend(ast.iter_child_nodes(node))
    return loads, bound - declared, inner


def _closure_keys(scope: ast.AST) -> dict[str, set[object]]:
    """The names a nested function or lambda only reads by constant keys (`feats["height"]`),
    never binds: name -> those keys."""
    body = scope.body if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef,
                                            ast.ClassDef)) else [scope.body]  # type: ignore
    keys: dict[str, set[object]] = {}
    keyed: set[int] = set()
    names: list[ast.Name] = []
    args = getattr(scope, "args", None)
    own = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]} if args else set()
    for part in body:
        for n in walk(part):
            if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and \
                    isinstance(n.ctx, ast.Load) and (
                        _constant_key(n.slice) != "*" or
                        (isinstance(n.slice, ast.Name) and n.slice.id in own)):
                # (`lambda key: feats[key]`: one entry not known, "*": p69)
                keys.setdefault(n.value.id, set()).add(_constant_key(n.slice))
                keyed.add(id(n.value))
            elif isinstance(n, ast.Name):
                names.append(n)
    for n in names:
        if id(n) not in keyed:
            keys.pop(n.id, None)
    return keys


def _computed_index(index: ast.expr) -> bool:
    """`x[i]`, `x[:, ids]`: an index computed when the function runs, which may be out of range
    when the graph runs. Not slices (they clamp), not constant indices (a tensor's static shape
    checks them while tracing, with the error TRACE_TIME_ERRORS states; `indices[:, 0]` and
    `crop_size[0].dtype` are everywhere), not a string (a dict's key: `predictions[str(i)]`)."""
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    for part in parts:
        if isinstance(part, (ast.Slice, ast.Constant, ast.JoinedStr)) or (
                isinstance(part, ast.UnaryOp) and isinstance(part.operand, ast.Constant)) or (
                isinstance(part, ast.Call) and isinstance(part.func, ast.Name) and
                part.func.id in ("str", "repr", "format")):
            continue
        return True
    return False


def _slice_range(node: ast.Slice) -> range | None:
    """`[:2]`, `[1:3]`: the indices a slice of constant, non-negative bounds and no step reads
    (None for any other slice, which reads the whole container)."""
    bounds = []
    for bound, default in ((node.lower, 0), (node.upper, None)):
        if bound is None:
            bounds.append(default)
        elif isinstance(bound, ast.Constant) and type(bound.value) is int and bound.value >= 0:
            bounds.append(bound.value)
        else:
            return None
    if node.step is not None or bounds[1] is None:
        return None
    return range(bounds[0], bounds[1])


def _open_slice(node: ast.Slice) -> int | None:
    """`[2:]`: the first index of a slice of a constant lower bound, no upper bound or step."""
    if node.upper is None and node.step is None and (
            node.lower is None or (isinstance(node.lower, ast.Constant) and
                                   type(node.lower.value) is int and node.lower.value >= 0)):
        return node.lower.value if node.lower is not None else 0  # type: ignore[attr-defined]
    return None


def _constant_key(node: ast.expr) -> object:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)) and \
            not isinstance(node.value, bool):
        return node.value
    return "*"  # any key


_CONTAINER_CALLS = frozenset({"dict", "list", "tuple", "set", "OrderedDict", "defaultdict",
                              "copy", "deepcopy", "zip", "sorted", "reversed", "enumerate"})


def _container(value: ast.expr) -> bool:
    """A display, a comprehension, `dict(...)`, `collections.OrderedDict()`, `x.copy()`,
    `a | {...}`: a Python container of values (_Flow._opaque)."""
    if isinstance(value, (ast.Dict, ast.List, ast.Tuple, ast.Set, *_COMPREHENSIONS)):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else \
            func.attr if isinstance(func, ast.Attribute) else None
        return name in _CONTAINER_CALLS or _nest_call(func)
    if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.BitOr, ast.Add)):
        return isinstance(value.left, (ast.Dict, ast.List, ast.Tuple)) or \
            isinstance(value.right, (ast.Dict, ast.List, ast.Tuple))
    return False


# `tf.nest` functions whose result is a Python structure of their arguments' items (or of what
# a function makes of each): `flatten` orders a dict by key (session 28's red team, p25)
_NEST_CONTAINERS = frozenset({"flatten", "flatten_up_to", "pack_sequence_as", "map_structure",
                              "map_structure_up_to", "map_structure_with_paths"})


def _measured(value: ast.expr) -> bool:
    """A value whose dimensions a shape read gives that the syntax does not show: a name, an
    attribute, an element (`x[0]`), a call's result other than a constant's; not a slice
    (`v[:0]` may have a static 0-size dimension), a display or a literal, nor a shape itself
    (`len(x.shape)` is a rank)."""
    while isinstance(value, ast.Subscript) and not isinstance(value.slice, ast.Slice):
        value = value.value
    if isinstance(value, ast.Attribute) and value.attr == "shape":
        return False
    if isinstance(value, ast.Call):
        tail = (dotted_name(value.func) or "").rpartition(".")[2]
        return tail not in ("constant", "convert_to_tensor", "zeros", "ones", "fill", "range",
                            "array", "asarray", "get_shape")
    return isinstance(value, (ast.Name, ast.Attribute))


def _static_read(node: ast.expr) -> bool:
    """A number computed only from constants and reads that are static while tracing: a
    rank (`len(s.shape) - 1`, `tf.rank(x)`, `x.ndim`), a dimension of a slice or a constant
    (`tf.shape(v[:0])[0]`): a constant, which may be 0, although its operand is data
    (session 32's red team 2, p89, p142, p179)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.BinOp):
        return _static_read(node.left) and _static_read(node.right)
    if isinstance(node, ast.UnaryOp):
        return _static_read(node.operand)
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and _static_read(node.value)
    if isinstance(node, ast.Attribute):
        return node.attr in ("ndim", "rank") or \
            node.attr == "shape" and not _measured(node.value)
    if isinstance(node, ast.Call) and node.args:
        tail = (dotted_name(node.func) or "").rpartition(".")[2]
        if tail == "rank":
            return True
        if tail == "len" or tail in ("shape", "size", "shape_n", "int_shape"):
            return not _measured(node.args[0])
    return False


def _nest_call(func: ast.expr) -> bool:
    """`tf.nest.flatten(d)`, `nest.map_structure(fn, d)`, `keras.tree.flatten(d)`: a Python
    structure of the items of what it is given (session 29's red team, p01, p08, p09, p11, p39)."""
    return isinstance(func, ast.Attribute) and func.attr in _NEST_CONTAINERS and (
        (isinstance(func.value, ast.Attribute) and func.value.attr in _NESTS) or
        (isinstance(func.value, ast.Name) and func.value.id in _NESTS))


# `tf.nest`, `keras.tree` and dm-tree's `tree` (session 32's red team 2, p163)
_NESTS = frozenset({"nest", "tree"})


# builtins whose result holds or is computed from their arguments only (p29)
_PURE_BUILTINS = frozenset({"dict", "list", "tuple", "set", "frozenset", "zip", "enumerate",
                            "reversed", "sorted", "iter", "next", "sum", "min", "max", "abs",
                            "round", "float", "int", "bool", "str", "range"})
_VIEWS = frozenset({"values", "items", "keys"})  # a dict's views of its items
# op -> its positional arguments: the first decides which others a graph keeps when it is a
# Python value (Grappler folds the op)
SELECTS = {"where": 3, "where_v2": 3, "select": 3, "select_v2": 3, "logical_and": 2,
           "logical_or": 2, "SelectV2": 3, "Select": 3, "switch": 3}
# The keywords of their operands, in order (`tf.where(c, x=a, y=b)`, `tf.raw_ops.SelectV2(
# condition=c, t=a, e=b)`, `K.switch(c, a, b)`: session 31's second red team, p36, p38, p44).
_SELECT_KEYWORDS = {"SelectV2": ("condition", "t", "e"), "Select": ("condition", "t", "e"),
                    "switch": ("condition", "then_expression", "else_expression"),
                    "logical_and": ("x", "y"), "logical_or": ("x", "y")}


def _stacked(value: ast.expr) -> bool:
    """`tf.stack([a, b])`, `tf.stack([a, b], 0)`, `tf.convert_to_tensor([a, b])` of a display
    (p30; session 29's second red team, p01, p02, p04), also behind `tf.identity` or
    `tf.reshape`, which Grappler removes first (p03, p109). Any axis counts (`axis=-1` of
    scalars is 0; another reads both items, counted as one: the side of declining)."""
    call = _stack_call(value)
    return call is not None and isinstance(call.args[0], (ast.List, ast.Tuple)) and \
        not any(isinstance(e, ast.Starred) for e in call.args[0].elts)


_STACK_WRAPPERS = frozenset({"identity", "reshape"})
# Any call of these names makes a tensor of its first argument's items (a stack the engine may
# not resolve: none of its items kept for sure where it is indexed: _stack_call)
_STACKING = frozenset({"stack", "convert_to_tensor", "constant"})
_ANY_WRAPPER = _STACK_WRAPPERS | {"stop_gradient", "cast", "ensure_shape", "squeeze",
                                  "expand_dims", "saturate_cast"}


def _unwrapped(value: ast.expr, wrappers: frozenset[str]) -> ast.expr:
    """`value` without the calls of `wrappers` around it (`tf.cast(x, tf.float32)`: `x`)."""
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and \
            value.func.attr in wrappers and (value.args or value.keywords):
        value = value.args[0] if value.args else value.keywords[0].value
    return value


def _stack_call(value: ast.expr) -> ast.Call | None:
    """The `tf.stack(items)` call `value` is, or wraps in `tf.identity`/`tf.reshape`."""
    value = _unwrapped(value, _STACK_WRAPPERS)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and \
            value.func.attr in ("stack", "convert_to_tensor") and 1 <= len(value.args) <= 2 and \
            all(k.arg in ("name", "axis", "dtype") for k in value.keywords):
        return value
    return None


def _any_stack(value: ast.expr) -> bool:
    """A call that makes a tensor of its first argument's items (`tf.stack`,
    `tf.convert_to_tensor`, `tf.constant`, any arguments), also behind a wrapper (`tf.cast`,
    `tf.stop_gradient`, `tf.identity`...): its items read by an index or a slice may be folded
    to those items (session 30's red team, p21-p31)."""
    value = _unwrapped(value, _ANY_WRAPPER)
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and \
        value.func.attr in _STACKING


def _stacked_target(value: ast.expr) -> ast.Name | None:
    """`tf.stack(values)` of a name, or the name in `tf.identity`/`tf.cast`...: that name (its
    items, read by index, p130; Grappler folds the wrappers first: `tf.cast(both,
    tf.float32)[0]` is `both[0]`)."""
    call = _stack_call(value)
    inner = call.args[0] if call is not None else _unwrapped(value, _ANY_WRAPPER)
    return inner if inner is not value and isinstance(inner, ast.Name) else None


def _stacked_name(value: ast.expr) -> str | None:
    """_stacked_target's name."""
    target = _stacked_target(value)
    return target.id if target is not None else None


def select_condition(name: str, node: ast.Call, args: list, kwargs: dict) -> object | None:
    """The condition argument (bodies' value of it) of a select call `name` (SELECTS) whose
    every operand is given, by position or keyword; None otherwise."""
    keywords = _SELECT_KEYWORDS.get(name, ("condition", "x", "y"))[:SELECTS[name]]
    if any(k.arg not in (*keywords, "name") for k in node.keywords) or \
            any(i >= len(args) and keyword not in kwargs for i, keyword in enumerate(keywords)):
        return None
    return args[0] if args else kwargs[keywords[0]]


def _select_operands(func: ast.expr, node: ast.Call,
                     slots: list[tuple[Slot, frozenset[Node]]]
                     ) -> tuple[frozenset[Node], list[frozenset[Node]], frozenset[Node]] | None:
    """(condition, sides, the rest) of a select call (`tf.where(c, a, b)`, by position or
    keyword), None for any other call or argument list."""
    if not _select(func):
        return None
    name = func.attr  # type: ignore[attr-defined]
    keywords = _SELECT_KEYWORDS.get(name, ("condition", "x", "y"))[:SELECTS[name]]
    by_slot = dict(slots)
    if any(slot == "*" for slot in by_slot) or \
            any(k.arg not in (*keywords, "name") for k in node.keywords):
        return None
    operands = [by_slot.get(i if i < len(node.args) else keyword)
                for i, keyword in enumerate(keywords)]
    if any(values is None for values in operands):
        return None
    return operands[0], operands[1:], by_slot.get("name", frozenset())  # type: ignore


# Ops that multiply their two operands (a 0 folds them to zeros) or raise the first to the
# second (a 0 folds it to ones), by their last name: `tf.multiply`, `keras.ops.multiply`,
# `tnp.dot`, `tf.raw_ops.Mul`, `tf.math.pow`...
PRODUCTS = frozenset({"multiply", "scalar_mul", "tensordot", "matvec", "dot", "matmul", "Mul",
                      "MatMul", "BatchMatMulV2", "vdot", "inner", "outer", "kron"})
POWERS = frozenset({"pow", "power", "Pow", "float_power"})


def _factors(func: ast.expr, node: ast.Call, slots: list[tuple[Slot, frozenset[Node]]]
             ) -> tuple[list[tuple[ast.expr, frozenset[Node]]], frozenset[Node], bool] | None:
    """The two operands of a product or power call (PRODUCTS, POWERS), by position or keyword
    (`x=`/`y=`, `a=`/`b=`), with what its other arguments read; None for any other call."""
    tail = func.attr if isinstance(func, ast.Attribute) else \
        func.id if isinstance(func, ast.Name) else ""
    if tail not in PRODUCTS and tail not in POWERS:
        return None
    by_slot = dict(slots)
    nodes = {**dict(enumerate(node.args)), **{k.arg: k.value for k in node.keywords if k.arg}}
    pair = []
    for names in ((0, "x", "a"), (1, "y", "b")):
        slot = next((n for n in names if n in by_slot and n in nodes), None)
        if slot is None:
            return None
        pair.append((slot, nodes[slot], by_slot[slot]))
    used = {slot for slot, _, _ in pair}
    rest = frozenset(v for slot, values in slots if slot not in used for v in values)
    return [(n, v) for _, n, v in pair], rest, tail in POWERS


def _symmetric(func: ast.expr) -> bool:
    """`tf.logical_and`, `tf.logical_or`: either operand a constant folds them."""
    return isinstance(func, ast.Attribute) and func.attr in ("logical_and", "logical_or")


def _select(func: ast.expr) -> bool:
    """`tf.where(c, a, b)` (and `select`): a module function of that name."""
    return isinstance(func, ast.Attribute) and func.attr in SELECTS


_REBINDING = (ast.AugAssign, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.NamedExpr,
              ast.comprehension)


# Methods that read a container without changing its items (or only add items: `append`); any
# other method of a container local may change them (`clear`, `reverse`, `update`, `remove`).
_READING_METHODS = frozenset({"get", "keys", "values", "items", "copy", "index", "count",
                              "append", "extend", "add", "setdefault", "insert"})
# Methods of a list, dict or set that change it: the receiver is read only for what they return
# (_TAKING: an item), not kept by the call
_CONTAINER_CHANGES = frozenset({"pop", "popitem", "setdefault", "append", "extend", "insert",
                                "add", "update", "clear", "reverse", "discard"})
_TAKING = frozenset({"pop", "popitem", "setdefault"})
_REMOVING = _CONTAINER_CHANGES - _GROWING - {"setdefault"}  # may take an item out or replace one
_ENTRY_READERS = frozenset({"get", "pop", "setdefault", "__getitem__"})  # read some entries
# Calls given a container that read it and change nothing in it
_READING_CALLS = frozenset({"len", "list", "tuple", "dict", "set", "frozenset", "sorted", "zip",
                            "enumerate", "reversed", "isinstance", "print", "str", "repr", "any",
                            "all", "sum", "min", "max", "iter", "id", "type", "bool", "hash"})


def _container_events(own: list[ast.AST], names: set[str], keyed: set[str],
                      exact: set[int], pure: Callable[[ast.Call], bool] | None,
                      parents: dict[int, ast.AST], around: dict[int, tuple[int, ...]]
                      ) -> dict[str, list[tuple[tuple[int, int], tuple[int, ...]]]]:
    """Where the items of each container local in `names` may change in a way the flow does not
    follow (session 30's red team: `drop_last(terms)` popping the list it is given, `parts =
    terms; parts.pop()`, `terms.clear()`, `terms.reverse()`): given whole to a call other than
    a stateless op or a builtin that reads it, bound to another name, stored in an attribute,
    an item or a display, yielded, read by a nested function, or the receiver of a method that
    is not a read (a keyed local's followed stores and exact pops excepted). `own`: the body's
    nodes (_own_nodes, with each one's parent and the loops around it). -> name -> (the
    position, the loops around it) of each: a read after one, or in a loop with one, may see
    other items (_Flow.lost)."""
    events: dict[str, list[tuple[tuple[int, int], tuple[int, ...]]]] = {}
    if not names:
        return events

    def event(name: str, node: ast.AST) -> None:
        events.setdefault(name, []).append(
            ((getattr(node, "lineno", 0), getattr(node, "col_offset", 0)),
             around.get(id(node), ())))

    def _changes(node: ast.Name, parent: ast.AST | None) -> bool:
        top: ast.AST = node
        while isinstance(parent, ast.Subscript) and parent.value is top:
            top, parent = parent, parents.get(id(parent))
        if top is not node:  # `columns["numeric"].pop()`: an item changed in place (p16)
            return isinstance(parent, ast.Attribute) and parent.value is top and \
                isinstance(parents.get(id(parent)), ast.Call) and \
                parents[id(parent)].func is parent and \
                parent.attr in _REMOVING
        if isinstance(parent, (ast.Subscript, ast.Compare, ast.comprehension, ast.For,
                               ast.AsyncFor, ast.Starred, ast.Return)):
            return False  # an item, `in`, iterated, spread (its items), returned
        if isinstance(parent, ast.Dict) and node in parent.values and \
                parent.keys[parent.values.index(node)] is None:
            return False  # `{**feats}`: its items
        if isinstance(parent, ast.Assign) and parent.value is node and \
                all(isinstance(t, (ast.Tuple, ast.List)) for t in parent.targets):
            return False  # `a, b = pair`: its items
        if isinstance(parent, ast.Attribute):
            call = parents.get(id(parent))
            if isinstance(call, ast.Call) and call.func is parent:
                if parent.attr == "update" and node.id in keyed and \
                        all(k.arg is not None for k in call.keywords) and \
                        all(isinstance(a, ast.Dict) and None not in a.keys and
                            all(_constant_key(k) != "*" for k in a.keys)  # type: ignore
                            for a in call.args):
                    return False  # followed: each entry replaced (_Flow.statement)
                return parent.attr not in _READING_METHODS and \
                    not (parent.attr == "pop" and id(call) in exact)
            return False  # an attribute read (a dict has none that change it)
        if isinstance(parent, ast.Call) and node is not parent.func:
            func = parent.func
            if isinstance(func, ast.Name) and func.id in _READING_CALLS:
                return False
            if _nest_call(func) or (pure is not None and pure(parent)):
                return False  # `tf.add_n(values)`, `tf.nest.flatten(d)`: read
            return True  # a call that may change what it is given
        if isinstance(parent, (ast.BinOp, ast.UnaryOp)):
            return False  # `values + [x]`: a new list
        return True  # bound to a name, stored, in a display, yielded, `x or []`...

    stores: list[tuple[str, ast.Subscript]] = []
    filled: dict[str, list[tuple[tuple[int, int], tuple[int, ...]]]] = {}
    for node in own:
        cls = node.__class__
        if cls is ast.Name:
            if node.id in names and node.ctx.__class__ is ast.Load and \
                    _changes(node, parents.get(id(node))):  # type: ignore
                event(node.id, node)  # type: ignore[attr-defined]
        elif cls in _SCOPES:
            keys = _closure_keys(node)  # (read by constant keys only: `lambda: feats["h"]`)
            for name in _free_reads(node) & names:  # it may run later and change them
                if name not in keys:
                    event(name, node)
        elif cls is ast.Subscript and node.value.__class__ is ast.Name and \
                node.value.id in names:  # type: ignore[attr-defined]
            if node.ctx.__class__ is ast.Del:  # type: ignore[attr-defined]
                event(node.value.id, node)  # type: ignore[attr-defined]  # `del d[k]`
            elif node.ctx.__class__ is ast.Store:  # type: ignore[attr-defined]
                stores.append((node.value.id, node))  # type: ignore[attr-defined,arg-type]
        elif cls is ast.Assign and not _container(node.value) and \
                not _any_stack(node.value):  # type: ignore[attr-defined]
            for target in node.targets:  # type: ignore[attr-defined]
                if isinstance(target, ast.Name) and target.id in names:
                    filled.setdefault(target.id, []).append(
                        ((node.lineno, node.col_offset), around.get(id(node), ())))
    for name, store in stores:
        # `feats["w"] = c` where `feats` may hold what a call returned (bound so before, or in
        # a loop with it) may replace an entry (p47); of a container the function fills
        # itself (`d = {}; d[k] = v`) a store adds an item read whole with it, as before (a
        # gap where it replaces one)
        at = (store.lineno, store.col_offset)
        loops = around.get(id(store), ())
        if any(where < at or set(others) & set(loops)
               for where, others in filled.get(name, ())):
            event(name, store)
    return events


def _item_changed(own: list[ast.AST]) -> set[str]:
    """Locals whose items something changes in place (`feats.pop("w")`, `feats["w"] = 0`,
    `del feats["w"]`, `feats.update(w=0)`, `columns["numeric"].pop()`): containers, whatever
    they were bound to (a helper's result: session 30's red team, p13, p46-p48, p16)."""
    found: set[str] = set()
    for node in own:
        target = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in _REMOVING:
            target = node.func.value
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
            target = node.value
        while isinstance(target, ast.Subscript):
            target = target.value
        if isinstance(target, ast.Name):
            found.add(target.id)
    return found


def _element_get(node: ast.Call) -> int | str | None:
    """The key of `value.get(key)` or `value.get(key, default)` of a constant key (a string or
    an index from 0), None for any other call."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "get" and 1 <= len(node.args) <= 2
            and not node.keywords and not any(isinstance(a, ast.Starred) for a in node.args)):
        return None
    key = _constant_key(node.args[0])
    return key if type(key) is str and key != "*" or type(key) is int and key >= 0 else None


def _negative_index(node: ast.expr) -> bool:
    """`x[-1]`: one item from the end, which the function's flow does not number."""
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
        isinstance(node.operand, ast.Constant) and type(node.operand.value) is int


def _entry(name: str, key: object) -> str:
    """The state's key for the entry `key` of the keyed local `name` (a name cannot hold `[`):
    an entry stored by a constant key or a display replaces what the entry held before."""
    return f"{name}[{key!r}]"


def _entries_of(name: str, state: dict[str, frozenset[Node]]
                ) -> list[tuple[int | str, frozenset[Node]]]:
    """(key, what it holds) of each entry of the keyed local `name` in `state` (_entry)."""
    prefix = f"{name}["
    return [(ast.literal_eval(entry[len(prefix):-1]), values)
            for entry, values in state.items() if entry.startswith(prefix)]


def _clear_entries(name: str, state: dict[str, frozenset[Node]]) -> None:
    for key, _ in _entries_of(name, state):
        del state[_entry(name, key)]


def _pick(items: list[frozenset[Node]], index: ast.expr) -> frozenset[Node]:
    """The item of a display (or a stack of one) at a constant index, `[-1]` too; nothing for
    sure at any other index."""
    key = _constant_key(index)
    if _negative_index(index):
        key = len(items) - index.operand.value  # type: ignore[attr-defined]
    return items[key] if isinstance(key, int) and 0 <= key < len(items) else frozenset()


class _Flow:
    def __init__(self, body: list[ast.stmt], params: set[str], own: list[ast.AST],
                 conditional: Callable[[ast.Call], bool] | None = None,
                 pure: Callable[[ast.Call], bool] | None = None,
                 fresh: Callable[[ast.Call], bool] | None = None,
                 parents: dict[int, ast.AST] | None = None,
                 around: dict[int, tuple[int, ...]] | None = None) -> None:
        self.edges: dict[Node, set[Node]] = {}  # a value -> the values it is computed from
        self.kept: set[Node] = set()
        self.conditional = conditional
        self.pure = pure
        # (members, sources): the sources are reached only when every member is (`a, b =
        # [op(c) for c in cols]`: one op per item, each target one item; _Flow.reach)
        self.groups: list[tuple[frozenset[Node], frozenset[Node]]] = []
        self.looping = 0  # inside a loop's body: an `append` there adds an item per pass
        self.iterating: list[tuple[ast.expr, ast.expr]] = []  # (target, iter) of loops around
        # (call, slot, values) of arguments kept only if the callee reads that parameter
        # (call, slot, key, values): key None for the whole argument, else the entry or item of
        # a keyed local or a display the values are (facts.unused_arguments, p13)
        self.conditional_keeps: list[tuple[ast.Call, Slot, Key, frozenset[Node]]] = []
        self.call_spots: dict[int, Spot] = {}  # id of each call -> (line, column)
        # id of a call whose result is only unpacked or indexed by constants -> the number of
        # targets it is unpacked to (0 when only indexed)
        self.elements: dict[int, int] = {}
        # The innermost `if` branch being read, (line of the `if`, 0 body or 1 else): a graph
        # traces a branch only when its test is a tensor or holds while tracing, so what only
        # a branch keeps is kept under that condition (facts.branch_kept; p05, p17, p64).
        self.guard: tuple[tuple[int, int], ...] = ()  # the enclosing branches, outermost first
        self.guarded_keeps: list[tuple[tuple[tuple[int, int], ...], frozenset[Node]]] = []
        self.call_chain: dict[int, tuple[tuple[int, int], ...]] = {}  # id of call -> its guard
        # a definition made inside `if` branches -> those branches (its edges exist only when
        # the trace takes them: _guarded)
        self.node_chain: dict[Node, tuple[tuple[int, int], ...]] = {}
        # (element, values) returned: a tuple's or list's index, a dict's key, -1 the whole
        self.returned: list[tuple[int | str, frozenset[Node]]] = []
        self.calls: list[ast.Call] = []
        self.mapped_calls: list[ast.Call] = []  # `tf.nest.map_structure` followed per entry
        # (call, the node of what it makes from them, the items) of a map_structure whose
        # function is the workspace's (dead_values: kept where that function reads them)
        self.map_items: list[tuple[ast.Call, Node, frozenset[Node]]] = []
        self.call_inputs: dict[int, frozenset[Node]] = {}  # id of a call -> its arguments
        self.constant_tests: set[int] = set()  # lines of selects of a constant condition
        self.select_sides: set[Node] = set()  # the branch nodes of `tf.where`s
        # those of a `tf.where` whose condition depends on a parameter (`tf.where(use_first,
        # first, second)`): a caller may give a Python value or a constant
        self.param_selects: set[Node] = set()
        self.subscripts: list[ast.Subscript | ast.BinOp] = []
        self.defs_of: dict[str, set[Node]] = {}  # every definition of each local
        self.slots_of: dict[str, set[Node]] = {}
        declared = {name for n in own if isinstance(n, (ast.Global, ast.Nonlocal))
                    for name in n.names}
        stored = {n.id for n in own if isinstance(n, ast.Name) and
                  isinstance(n.ctx, (ast.Store, ast.Del))}
        stored |= {n.name for n in own if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                         ast.ClassDef))}
        self.outside = declared  # stores to these are seen by others
        self.params = params
        self.locals = stored - declared - params
        self.shifting: set[str] = set()  # keyed lists with an `insert` or a `pop(i)`
        # id of a nested function or lambda -> the keyed locals it reads by constant keys only
        self.closure_keys: dict[int, dict[str, set[object]]] = {}
        # (node, name, what it holds where the closure is made, its definitions so far) for
        # each free name a closure reads; (node, name, key, the same for the entry) for each
        # entry it reads by a constant key (closure_reads, wired in `closure`)
        self.closure_names: list[tuple[Node, str, frozenset[Node] | None, frozenset[Node],
                                       dict[object, frozenset[Node]], int, ast.AST]] = []
        # local -> the keys of the items stored, added or popped so far, in order ("*": of a
        # key not known)
        self.item_log: dict[str, list[object]] = {}
        self.closure_entries: list[tuple[Node, str, object, frozenset[Node] | None,
                                         frozenset[Node], int, ast.AST]] = []
        self.stores_of: dict[tuple[str, object], set[Node]] = {}  # every store of an entry
        self.keyed = self._keyed(body, own)
        self.top_appends: set[int] = set()  # (_removals)
        self.fixed, self.exact_pops, self.lossy = self._removals(body, own)
        self.popped: dict[str, int] = {}  # a fixed list -> the items its exact `pop()` took
        self.appended: dict[str, int] = {}  # a fixed list -> the items its `append`s added
        self.keyed_params = self._keyed_params(own)
        self.partial_reads = self._opaque(own)
        self.objects = self._objects(own, fresh) if fresh is not None else set()
        self.loaded = {n.id for n in own if isinstance(n, ast.Name) and
                       isinstance(n.ctx, ast.Load)}
        for scope in (n for n in own if isinstance(n, _SCOPES)):
            self.loaded |= _free_reads(scope)
        self.results = self._results(own)
        # a container local -> where something the flow does not follow may change its items
        # (_container_events), and the loops around each of its reads
        self.container_defs: set[Node] = set()  # definitions of a local by a container
        self.container_locals = {name for name in self.locals if name in self.keyed or
                                 any(_container(v) for v in self._bound_values(own, name))}
        self.item_changed = _item_changed(own)
        self.container_locals |= self.item_changed & self.locals
        self.stacked_locals = {name for name in self.locals
                               if any(_any_stack(v) for v in self._bound_values(own, name))}
        self.around = around or {}  # the loops around each node (_own_nodes)
        self.changed_at = _container_events(own, self.container_locals, self.keyed,
                                            self.exact_pops, self.pure, parents or {},
                                            self.around)
        # the nested functions and lambdas only given to calls that run them at once
        # (`tf.cond(p, lambda: x, ...)`): they read what names hold there (closure_reads)
        self.called_now = _called_now(own, parents or {})
        # generator expressions run later, where they are consumed: the names they read that
        # something binds again after (_late_generators)
        self.late_generators = _late_generators(own, parents or {}, self.around, pure)
        # local -> whether every binding of it is a number other than 0 (`k = 2`: nonzero)
        self.bound_numbers = _bound_numbers(own)
        # locals bound (somewhere) to a value computed from a shape (`n = tf.shape(x)[0]`):
        # found at the first product (shaped)
        self._shape_names: set[str] | None = None
        self.own = own
        self.numbers: Callable[[str], int | float | None] | None = None  # module constants
        # container local -> (position, loops around) of each method call that may change its
        # items, growing ones too (`lst.append(x)` moves `lst[-1]`): changed_after
        self.item_calls: dict[str, list[tuple[tuple[int, int], tuple[int, ...]]]] = {}
        for n in own:
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                    isinstance(n.func.value, ast.Name) and \
                    n.func.value.id in self.container_locals and \
                    n.func.attr not in _READING_METHODS - _GROWING - {"setdefault"}:
                self.item_calls.setdefault(n.func.value.id, []).append(
                    ((n.lineno, n.col_offset), self.around.get(id(n), ())))
        # names a nested function binds again (`nonlocal v; v = other`): what a read of one
        # gets depends on whether it ran (session 31's second red team, p08, p112)
        self.nonlocal_names = {name for scope in own if isinstance(scope, _SCOPES)
                               for n in walk(scope) if isinstance(n, ast.Nonlocal)
                               for name in n.names}
        self.loop_defs: dict[int, list[tuple[str, Node]]] = {}  # (dead_values: _own_nodes)

    # -- locals followed key by key --------------------------------------------------------
    def _keyed(self, body: list[ast.stmt], own: list[ast.AST]) -> set[str]:
        """Local dicts, lists and tuples only bound to a display (`{}`, `[]`, `{"n": x}`),
        stored into by subscript or grown by `append`/`extend`/`insert`/`add` statements, and
        read by subscript or `len`: nothing else can see their items."""
        candidates = set(self.locals)
        for scope in (n for n in own if isinstance(n, _SCOPES)):
            # read by a closure: anything may happen, but for constant keys only (`lambda:
            # feats["height"]`, p64, p65: those entries, _Flow.closure)
            keys = _closure_keys(scope)
            for name in _free_reads(scope) & candidates:
                if name in keys:
                    self.closure_keys.setdefault(id(scope), {})[name] = keys[name]
                else:
                    candidates.discard(name)
        allowed: set[int] = set()  # ids of Name nodes in an allowed position
        for node in own:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and \
                    isinstance(node.value, (ast.ListComp, ast.DictComp)):
                allowed.add(id(node.targets[0]))  # `vals = [op(c) for c in cols]`
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and _stacked(node.value):
                allowed.add(id(node.targets[0]))  # `both = tf.stack([a, b])`: as a tuple (p13)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and \
                    isinstance(node.value, (ast.Dict, ast.List, ast.Tuple)) and \
                    not (isinstance(node.value, ast.Dict) and None in node.value.keys) and \
                    not (isinstance(node.value, (ast.List, ast.Tuple)) and
                         any(isinstance(e, ast.Starred) for e in node.value.elts)):
                allowed.add(id(node.targets[0]))
            elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                    (not isinstance(node.slice, ast.Slice) or _slice_range(node.slice) or
                     _open_slice(node.slice) is not None):
                allowed.add(id(node.value))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id == "len" and len(node.args) == 1 and \
                    isinstance(node.args[0], ast.Name):
                allowed.add(id(node.args[0]))  # its length only
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
                allowed.add(id(node.value))  # `return feats`: by entry (Dead.returned_only)
            elif isinstance(node, ast.Dict):
                # `{**feats, "scale": s}`: its entries, by key (rt3 p60, p113)
                allowed.update(id(v) for k, v in zip(node.keys, node.values, strict=True)
                               if k is None and isinstance(v, ast.Name))
            elif isinstance(node, ast.Call) and (
                    any(isinstance(a, ast.Starred) and isinstance(a.value, ast.Name)
                        for a in node.args) or
                    any(k.arg is None and isinstance(k.value, ast.Name) for k in node.keywords)):
                # `model_fn(*inputs)`, `model_fn(**row)`: its items in turn, by key (_Flow.spread,
                # p51)
                allowed.update(id(a.value) for a in node.args  # type: ignore[attr-defined]
                               if isinstance(a, ast.Starred) and isinstance(a.value, ast.Name))
                allowed.update(id(k.value) for k in node.keywords
                               if k.arg is None and isinstance(k.value, ast.Name))
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
                    isinstance(node.value.func, ast.Attribute) and \
                    node.value.func.attr in _GROWING | _DICT_STORES and \
                    isinstance(node.value.func.value, ast.Name):
                allowed.add(id(node.value.func.value))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in _DICT_READS and isinstance(node.func.value, ast.Name) and \
                    node.args and not any(isinstance(a, ast.Starred) for a in node.args):
                allowed.add(id(node.func.value))  # `out.get("name")`, `out.setdefault(k, v)`
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "pop" and isinstance(node.func.value, ast.Name) and \
                    not node.keywords and len(node.args) <= 2 and \
                    not any(isinstance(a, ast.Starred) for a in node.args):
                allowed.add(id(node.func.value))  # `values.pop()`, `out.pop("name", None)`
                if node.args and not (isinstance(node.args[0], ast.Constant) and
                                      isinstance(node.args[0].value, str)):
                    self.shifting.add(node.func.value.id)  # `pop(0)` moves the rest
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and self.mapped(node.value):
                # `lengths = tf.nest.map_structure(fn, feats)`: an entry per entry (p59)
                allowed.add(id(node.targets[0]))
                allowed.add(id(node.value.args[1]))  # type: ignore[attr-defined]
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], (ast.Tuple, ast.List)) and \
                    isinstance(node.value, ast.Name):
                allowed.add(id(node.value))  # `a, b = pair`: each target its item
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and \
                    not isinstance(node.slice, ast.Slice) and \
                    (inner := _stacked_target(node.value)) is not None:
                allowed.add(id(inner))  # `tf.stack(values)[0]`: `values[0]` (p130)
            elif isinstance(node, ast.Call) and self.pure is not None and self.pure(node) and \
                    not any(isinstance(a, ast.Starred) for a in node.args):
                # `tf.add_n(values)`: a stateless op reads the items it holds then, whole
                # (_Flow.whole: not those replaced or popped before, session 30's p903, p50)
                allowed.update(id(a) for a in [*node.args, *(k.value for k in node.keywords)]
                               if isinstance(a, ast.Name))
            elif isinstance(node, ast.Call) and self.conditional is not None and \
                    self.conditional(node) and \
                    not any(isinstance(a, ast.Starred) for a in node.args) and \
                    all(k.arg for k in node.keywords):
                # `model_fn(features)`: the callee may read some entries only (p13)
                allowed.update(id(a) for a in [*node.args, *(k.value for k in node.keywords)]
                               if isinstance(a, ast.Name))
        for node in own:
            if isinstance(node, ast.Name) and node.id in candidates and id(node) not in allowed:
                candidates.discard(node.id)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                candidates.discard(node.target.id)
            elif isinstance(node, ast.Delete):
                for target in node.targets:  # `del vals[-1]`: the items move (p45)
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                        self.shifting.add(target.value.id)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "insert" and isinstance(node.func.value, ast.Name):
                self.shifting.add(node.func.value.id)  # its items move: no index is theirs
        return candidates

    def _removals(self, body: list[ast.stmt], own: list[ast.AST]
                  ) -> tuple[dict[str, int], set[int], set[str]]:
        """What removing items does to the keyed locals (a red team of session 29, p50, and
        session 30's p901-p903): the lists bound once to a display of a known length, never
        grown (-> that length: `values[-1]` is its last item, not one of them); the `pop`
        calls whose removed item is known (`d.pop("k")`, or the one `values.pop()` of such a
        list, as a statement of the body itself, outside any branch or loop: the flow drops
        that entry); and the keyed locals an item leaves otherwise (`pop` of an index or in a
        branch, `del values[i]`), whose later whole reads keep none of their items for sure
        (which one left is not followed)."""
        bindings: dict[str, int] = {}
        lengths: dict[str, int] = {}
        for node in own:
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                bindings[node.id] = bindings.get(node.id, 0) + 1
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and \
                    isinstance(node.value, (ast.List, ast.Tuple)) and \
                    not any(isinstance(e, ast.Starred) for e in node.value.elts):
                lengths[node.targets[0].id] = len(node.value.elts)
        top = {id(stmt.value) for stmt in body
               if isinstance(stmt, (ast.Expr, ast.Assign, ast.AnnAssign, ast.Return)) and
               isinstance(stmt.value, ast.Call)}
        parents_top = {id(stmt.value): stmt for stmt in body
                       if isinstance(stmt, (ast.Expr, ast.Assign, ast.AnnAssign, ast.Return))}
        grown: set[str] = set()
        pops: dict[str, list[ast.Call]] = {}
        lossy: set[str] = set()
        for node in own:
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    isinstance(node.func.value, ast.Name) and node.func.value.id in self.keyed:
                name = node.func.value.id
                if node.func.attr == "append" and id(node) in top and \
                        isinstance(parents_top.get(id(node)), ast.Expr):
                    self.top_appends.add(id(node))  # `out.append(v)` in the body itself
                elif node.func.attr in _GROWING or node.func.attr in _DICT_STORES:
                    grown.add(name)
                elif node.func.attr == "pop":
                    pops.setdefault(name, []).append(node)
            elif isinstance(node, ast.Delete):
                for target in node.targets:
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                        lossy.add(target.value.id)
        fixed = {name: length for name, length in lengths.items()
                 if name in self.keyed and bindings.get(name) == 1 and name not in grown and
                 name not in self.shifting}
        exact: set[int] = set()
        for name, calls in pops.items():
            for call in calls:
                key = _constant_key(call.args[0]) if call.args else None
                if id(call) in top and (
                        (isinstance(key, str) and key != "*") or
                        (key is None and name in fixed and len(calls) == 1)):
                    exact.add(id(call))
                else:
                    lossy.add(name)
        for name in lossy:
            fixed.pop(name, None)
        return fixed, exact, lossy

    def unwrap_stack(self, value: ast.expr, state: dict[str, frozenset[Node]]) -> ast.expr:
        """The stack call in `value` (_stack_call, or the name _stacked_target finds under
        its wrappers); what the wrappers' and the stack's other arguments compute (a shape, an
        axis, a dtype) is evaluated and not kept: a wrapper Grappler removes takes them with
        it."""
        while isinstance(value, ast.Call):
            self.keep(self.expr(value.func, state))
            for arg in [*value.args[1:], *(k.value for k in value.keywords)]:
                self.expr(arg, state)
            if _stack_call(value) is value and \
                    value.func.attr not in _STACK_WRAPPERS:  # type: ignore[attr-defined]
                return value
            value = value.args[0]
        return value

    def _bound_values(self, own: list[ast.AST], name: str) -> list[ast.expr]:
        """What `name` is bound to by plain assignments (`name = value`)."""
        if self._assigned is None:
            self._assigned = {}
            for node in own:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                        isinstance(node.targets[0], ast.Name):
                    self._assigned.setdefault(node.targets[0].id, []).append(node.value)
        return self._assigned.get(name, [])

    _assigned: dict[str, list[ast.expr]] | None = None

    def changed_after(self, name: str, scope: ast.AST) -> bool:
        """Whether the items of the container local `name` may change, in a way the flow does
        not follow, after the closure `scope` is made (its own reads excepted): given to a
        call, aliased, sorted, popped... (session 31's second red team, p23-p108)."""
        if name in self.lossy:
            return True
        start = (scope.lineno, scope.col_offset)  # type: ignore[attr-defined]
        end = (scope.end_lineno or scope.lineno,  # type: ignore[attr-defined]
               scope.end_col_offset or 0)  # type: ignore[attr-defined]
        loops = self.around.get(id(scope), ())
        return any((at > start and not start <= at <= end) or set(around) & set(loops)
                   for at, around in (*self.changed_at.get(name, ()),
                                      *self.item_calls.get(name, ())))

    def lost(self, name: str, read: ast.AST | None) -> bool:
        """Whether the items of the container local `name` read at `read` (a Name node of it)
        may have been changed by something the flow does not follow: an item popped or removed
        in a way not followed (_removals), or, before the read or in a loop around both, the
        container given to a call that may change it, bound to another name or stored, or
        changed by a method (`clear`, `reverse`, `update`...): session 30's red team. Then no
        item is kept for sure by that read."""
        if name in self.lossy:
            return True
        events = self.changed_at.get(name)
        if not events or read is None:
            return False
        where = (getattr(read, "lineno", 0), getattr(read, "col_offset", 0))
        loops = self.around.get(id(read), ())
        return any(at < where or set(around) & set(loops) for at, around in events)

    def whole(self, name: str, state: dict[str, frozenset[Node]],
              read: ast.AST | None = None) -> frozenset[Node]:
        """What reading the keyed local `name` whole reads: the items it holds at this point
        (an entry replaced or popped before is not among them: p903, p50), and those added
        without a key; none of them for sure where an item left it in a way not followed."""
        values = set(state.get(name, frozenset()))
        if self.lost(name, read):
            return frozenset(values)
        for _, held in _entries_of(name, state):
            values |= held
        values |= {node for node in self.slots_of.get(name, ()) if node[0] == "s"}
        values |= {("s", name, "*"), ("s", name, "#")}
        return frozenset(values)

    def _opaque(self, own: list[ast.AST]) -> set[int]:
        """Locals only bound to a container (a display, a comprehension, `dict(...)`,
        `list(...)`, `collections.OrderedDict()`, `x.copy()`, `a | {...}`) that are not keyed:
        the ids of their uses that may read some items only (`vals[::2]`, `feats[HEIGHT]`,
        `vals.reverse()`, `vals[len(vals) - 1]`), which keep none of them (what a graph does
        not need of the rest it prunes: session 28's red team, p07-p59). Given to a call,
        returned, iterated, unpacked into a display or bound to another name, a container is
        read whole."""
        made: dict[str, bool] = {}  # a local -> each binding of it not to a name is a container
        aliases: dict[str, list[str]] = {}  # a local bound to names (`e = d`) -> those names
        for node in own:
            cls = node.__class__
            if cls is ast.Assign or cls is ast.AnnAssign:
                targets = node.targets if cls is ast.Assign else [node.target]
                for target in targets:
                    if target.__class__ is ast.Name and node.value.__class__ is ast.Name:
                        aliases.setdefault(target.id, []).append(node.value.id)  # type: ignore
                    elif target.__class__ is ast.Name:
                        made[target.id] = made.get(target.id, True) and \
                            node.value is not None and _container(node.value)
                    else:
                        for sub in walk(target):
                            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                                made[sub.id] = False
            elif cls in _REBINDING:
                parts = [item.optional_vars for item in node.items if item.optional_vars] \
                    if cls in (ast.With, ast.AsyncWith) else [node.target]
                for part in parts:
                    for sub in walk(part):
                        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                            made[sub.id] = False
        if not any(made.values()):
            return set()
        # bound to a name: a container only as an alias of one, its other bindings containers
        containers = {alias: made.get(alias, True) for alias in aliases}
        for alias in aliases:
            made[alias] = False
        changed = True
        while changed:  # `e = d` of a container (p15)
            changed = False
            for alias, sources in aliases.items():
                if not made[alias] and containers.get(alias, True) and \
                        any(made.get(source) for source in sources):
                    made[alias] = changed = True
        names = {name for name, ok in made.items() if ok and name in self.locals} - \
            self.keyed
        self.containers = names
        if not names:
            return set()
        whole: set[int] = set()
        for node in own:
            if isinstance(node, ast.Call):
                whole.update(id(a.value if isinstance(a, ast.Starred) else a)
                             for a in node.args)
                whole.update(id(k.value) for k in node.keywords)
                if isinstance(node.func, ast.Attribute) and node.func.attr in _VIEWS:
                    whole.add(id(node.func.value))  # `d.items()`: every item
            elif isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and node.value:
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                whole.update(id(v) for v in values)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
                whole.add(id(node.iter))
            elif isinstance(node, ast.Starred):
                whole.add(id(node.value))
            elif isinstance(node, ast.Dict):
                whole.update(id(v) for k, v in zip(node.keys, node.values, strict=True)
                             if k is None)
            elif isinstance(node, ast.Assign):
                whole.add(id(node.value))
        return {id(n) for n in own if isinstance(n, ast.Name) and n.id in names and
                isinstance(n.ctx, ast.Load) and id(n) not in whole}

    def mapped(self, value: ast.expr) -> bool:
        """`tf.nest.map_structure(fn, feats)` of one structure given by name."""
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and
                value.func.attr == "map_structure" and len(value.args) == 2 and
                not value.keywords and isinstance(value.args[1], ast.Name)):
            return False
        root = value.func.value
        while isinstance(root, ast.Attribute):
            root = root.value
        return isinstance(root, ast.Name) and root.id not in self.locals and \
            root.id not in self.params

    def _keyed_params(self, own: list[ast.AST]) -> set[str]:
        """Parameters never rebound and only read by a constant key or index (`features["age"]`,
        `inputs[0]`, `features.get("age")`), tested for a key (`"age" in features`) or for
        identity: Dead.param_keys."""
        if not self.params:
            return set()
        allowed: set[int] = set()
        keyed: set[str] = set()  # the names read by a key somewhere
        for node in own:
            cls = node.__class__
            if cls is ast.Subscript:
                # (a key not constant, `features[HEIGHT]`, `features[k]`: one entry the engine
                # does not know, "*": none of those given is read for sure, p33)
                # (`del features["w"]` reads none, p56)
                inner = _stacked_target(node.value) if node.ctx.__class__ is ast.Load and \
                    node.slice.__class__ is not ast.Slice else None
                if inner is not None:  # `tf.stack(values)[0]` (p130)
                    allowed.add(id(inner))
                    keyed.add(inner.id)
                if node.value.__class__ is ast.Name and \
                        node.ctx.__class__ in (ast.Load, ast.Del) and \
                        node.slice.__class__ is not ast.Slice:
                    allowed.add(id(node.value))
                    keyed.add(node.value.id)
            elif cls is ast.Assign:
                # `height, weight = inputs`: each target its item (p55)
                if len(node.targets) == 1 and \
                        node.targets[0].__class__ in (ast.Tuple, ast.List) and \
                        node.value.__class__ is ast.Name:
                    allowed.add(id(node.value))
                    keyed.add(node.value.id)
            elif cls is ast.Call:
                func = node.func
                # (`features.pop("w")` reads that entry, p35)
                if func.__class__ is ast.Attribute and func.attr in ("get", "pop") and \
                        func.value.__class__ is ast.Name and node.args and \
                        _constant_key(node.args[0]) != "*" and not node.keywords and \
                        not any(isinstance(a, ast.Starred) for a in node.args):
                    allowed.add(id(func.value))
                    keyed.add(func.value.id)
            elif cls is ast.Compare:
                if all(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
                    allowed.update(id(c) for c in node.comparators if isinstance(c, ast.Name))
                elif all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops):
                    allowed.update(id(c) for c in [node.left, *node.comparators]
                                   if isinstance(c, ast.Name))
        for scope in (n for n in own if isinstance(n, _SCOPES)):
            keyed |= set(_closure_keys(scope)) & self.params  # (read by keys in a closure)
        candidates = keyed & self.params
        if not candidates:
            return set()
        self.nested = {id(node.value) for node in own if node.__class__ is ast.Subscript and
                       node.value.__class__ is ast.Subscript}
        for scope in (n for n in own if isinstance(n, _SCOPES)):
            keys = _closure_keys(scope)  # (a closure's `features["height"]`: p79)
            for name in _free_reads(scope) & candidates:
                if name in keys:
                    self.closure_keys.setdefault(id(scope), {})[name] = keys[name]
                else:
                    candidates.discard(name)
        for node in own:
            if node.__class__ is ast.Name and node.id in candidates and (
                    id(node) not in allowed or node.ctx.__class__ is not ast.Load):
                candidates.discard(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                candidates.discard(node.name)
        return candidates

    def _results(self, own: list[ast.AST]) -> dict[str, ast.Call]:
        """Locals bound once to what a workspace call returns and only read by a constant key
        or index (`feats = parse_line(line); feats["height"]`, p83, p84): the call -> each read
        its element (Dead.elements)."""
        if self.conditional is None:
            return {}
        bound: dict[str, list[ast.AST]] = {}
        for node in own:
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                bound.setdefault(node.id, []).append(node)
        calls: dict[str, ast.Call] = {}
        allowed: set[int] = set()
        for node in own:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call) \
                    and self.conditional(node.value) and not _container(node.value) and \
                    not (isinstance(node.value.func, ast.Name) and
                         node.value.func.id in _PURE_BUILTINS) and \
                    len(bound.get(node.targets[0].id, ())) == 1:
                calls[node.targets[0].id] = node.value
            elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                    isinstance(node.ctx, ast.Load) and (
                        isinstance(_constant_key(node.slice), str) and
                        _constant_key(node.slice) != "*" or
                        (isinstance(node.slice, ast.Constant) and type(node.slice.value) is int
                         and node.slice.value >= 0)):
                allowed.add(id(node.value))
            elif isinstance(node, ast.Call) and _element_get(node) is not None and \
                    isinstance(node.func.value, ast.Name):  # type: ignore[attr-defined]
                allowed.add(id(node.func.value))  # type: ignore[attr-defined]
            elif isinstance(node, ast.Call) and self.conditional(node):
                allowed.update(id(a.value) for a in node.args  # `f(*parts)` (p56)
                               if isinstance(a, ast.Starred) and isinstance(a.value, ast.Name))

        names = {name for name in calls if name in self.locals and name not in self.keyed}
        for scope in (n for n in own if isinstance(n, _SCOPES)):
            names -= _free_reads(scope)
        for node in own:
            if isinstance(node, ast.Name) and node.id in names and \
                    isinstance(node.ctx, ast.Load) and id(node) not in allowed:
                names.discard(node.id)
        return {name: calls[name] for name in names}

    def _objects(self, own: list[ast.AST], fresh: Callable[[ast.Call], bool]) -> set[str]:
        """Locals only bound to a new object (`stats = Stats()`, `fresh`): what is stored on
        their attributes is seen through them only, so it is kept when they are."""
        made: dict[str, bool] = {}
        for node in own:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name):
                name = node.targets[0].id
                call = node.value
                made[name] = made.get(name, True) and isinstance(call, ast.Call) and \
                    isinstance(call.func, ast.Name) and call.func.id not in self.locals and \
                    call.func.id not in self.params and fresh(call)
        stores = [n.id for n in own if isinstance(n, ast.Name) and
                  isinstance(n.ctx, (ast.Store, ast.Del))]
        single = {id(node.targets[0]) for node in own if isinstance(node, ast.Assign) and
                  len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)}
        other = {n.id for n in own if isinstance(n, ast.Name) and
                 isinstance(n.ctx, (ast.Store, ast.Del)) and id(n) not in single}
        return {name for name in stores if made.get(name) and name not in other and
                name in self.locals}

    # -- the graph -------------------------------------------------------------------------
    def edge(self, node: Node, sources: Iterable[Node]) -> None:
        self.edges.setdefault(node, set()).update(sources)

    def keep(self, values: Iterable[Node]) -> None:
        if not self.guard:
            self.kept.update(values)
        else:
            self.guarded_keeps.append((self.guard, frozenset(values)))

    def closure(self) -> set[Node]:
        """Everything a kept value depends on (not the conditional arguments')."""
        if not self._closed:
            self._closed = True
            for name, defs in self.defs_of.items():
                self.edge(("all", name), defs)
                self.edge(("all", name), [("w", name)])
            for name, slots in self.slots_of.items():
                self.edge(("w", name), slots)
            for name in self.params:  # a closure reads what the caller passed too
                self.edge(("all", name), [("p", name)])
            for node, name, current, before, stores, changes, scope in self.closure_names:
                later = self.defs_of.get(name, set()) - before
                if name in self.nonlocal_names or self.changed_after(name, scope):
                    continue  # what it holds when the closure runs: not known (rt2 p23-p108)
                # a keyed local's items: not those of an entry stored again after; another
                # container's: none where an item changes after (session 31)
                replaced = {found for (owner, key), all_stores in self.stores_of.items()
                            if owner == name and all_stores - stores.get(key, frozenset())
                            for found in all_stores} if name in self.keyed else set()
                items = [n for n in self.slots_of.get(name, ()) if n not in replaced] \
                    if len(self.item_log.get(name, ())) == changes else []
                if current is None and name not in self.defs_of:
                    self.edge(node, [("all", name)])  # not a local: a parameter, a global
                elif not later:
                    self.edge(node, [*(current or ()), *items])
                elif not current and len(later) == 1:
                    self.edge(node, [*later, *items])
            for node, name, key, current, before, changes, scope in self.closure_entries:
                later = self.stores_of.get((name, key), set()) - before
                after = self.item_log.get(name, [])[changes:]
                if name in self.nonlocal_names or self.changed_after(name, scope) or any(
                        k == key or k in ("*", "#") or isinstance(key, int) for k in after):
                    continue  # an item added or changed after: which one it reads, not known
                sources: list[Node] = [("s", name, "*"), ("s", name, key)]
                if not later:
                    sources += current if current is not None else \
                        self.stores_of.get((name, key), ())
                elif not current and len(later) == 1:
                    sources += later
                self.edge(node, sources)
        return self.reach(self.kept, set())

    _closed = False
    library: Callable[[str], str | None] | None = None  # (dead_values)

    def reach(self, start: Iterable[Node], known: set[Node]) -> set[Node]:
        """What `start` depends on, beyond `known`."""
        live: set[Node] = set()
        stack = [node for node in start if node not in known]
        pending = list(self.groups)
        while stack:
            while stack:
                node = stack.pop()
                if node in live or node in known:
                    continue
                live.add(node)
                stack.extend(self.edges.get(node, ()))
            waiting = []
            for members, sources in pending:  # every member reached: the sources are too
                if all(m in live or m in known for m in members):
                    stack.extend(sources)
                else:
                    waiting.append((members, sources))
            pending = waiting
        return live

    def define(self, name: str, key: Node, sources: Iterable[Node],
               state: dict[str, frozenset[Node]]) -> None:
        if name in self.outside:  # a global: Python's, not the graph's (as an attribute)
            return
        self.edge(key, sources)
        self.defs_of.setdefault(name, set()).add(key)
        if self.guard:
            self.node_chain[key] = self.guard
        state[name] = frozenset({key})

    def slot(self, name: str, key: object, sources: Iterable[Node]) -> None:
        """An item added to the keyed local `name` without replacing one (`append`, `update`,
        a computed key; "#" a comprehension's or a loop's items)."""
        node = ("s", name, key)
        self.edge(node, sources)
        self.slots_of.setdefault(name, set()).add(node)
        self.item_log.setdefault(name, []).append(key)

    def branch(self, key: Node, values: Iterable[Node], line: int, branch: int) -> Node:
        """A node that passes `values` on only where a trace takes branch `branch` of the test
        at `line` (an `if`'s, a conditional expression's, `tf.where`'s: _guarded)."""
        self.edge(key, values)
        self.node_chain[key] = (*self.guard, (line, branch))
        return key

    def closure_reads(self, scope: ast.AST, state: dict[str, frozenset[Node]]) -> list[Node]:
        """What a nested function or lambda reads of the locals when it runs: each free name,
        or the entries of a keyed local it reads by constant keys, wired in `closure`. It runs
        later, so it reads what the name (the entry) holds then: what it holds where the
        closure is made, where nothing binds it (stores it) again after; one bound after, where
        it holds nothing before; else none for sure (`get = lambda: v; v = other; get()`
        reads `other`: a graph prunes the first `v`, session 31)."""
        mine = self.closure_keys.get(id(scope), {})
        keyed = {name: keys for name, keys in mine.items() if name in self.keyed}
        params = {name: keys for name, keys in mine.items() if name in self.keyed_params}
        out: list[Node] = []
        for name in sorted(_free_reads(scope)):
            if name in keyed or name in params:
                continue
            node: Node = ("cr", id(scope), name)
            if id(scope) in self.called_now:  # run before anything after binds it again
                self.edge(node, [*state.get(name, ()), *self.slots_of.get(name, ())]
                          if name in state else [("all", name)])
                out.append(node)
                continue
            stores = {key: frozenset(found) for (owner, key), found in self.stores_of.items()
                      if owner == name} if name in self.keyed else {}
            self.closure_names.append((node, name, state.get(name),
                                       frozenset(self.defs_of.get(name, ())), stores,
                                       len(self.item_log.get(name, ())), scope))
            out.append(node)
        for name, keys in keyed.items():
            for key in keys:
                node = ("ck", id(scope), name, key)
                self.closure_entries.append((node, name, key, state.get(_entry(name, key)),
                                             frozenset(self.stores_of.get((name, key), ())),
                                             len(self.item_log.get(name, ())), scope))
                out.append(node)
        for name, keys in params.items():  # a helper's parameter read by a closure (p79)
            out += [("pk", name, key) for key in keys]
        return out

    def store(self, name: str, key: object, node: Node, sources: Iterable[Node],
              state: dict[str, frozenset[Node]]) -> None:
        """`row["age"] = v`, an item of a display: the entry `key` now holds `node` only."""
        self.stores_of.setdefault((name, key), set()).add(node)
        self.edge(node, sources)
        self.slots_of.setdefault(name, set()).add(node)
        self.item_log.setdefault(name, []).append(key)
        if self.guard:
            self.node_chain[node] = self.guard
        state[_entry(name, key)] = frozenset({node})

    def entries(self, name: str, keys: Iterable[object],
                state: dict[str, frozenset[Node]]) -> set[Node]:
        """What reading the entries `keys` of the keyed local `name` reads (and the items
        added by a key not known)."""
        values: set[Node] = {("s", name, "*")}
        for key in keys:
            values |= state.get(_entry(name, key), frozenset())
            values.add(("s", name, key))
        return values

    def every_key(self, node: ast.Subscript, name: str) -> bool:
        """`vals[i]` inside `for i in range(len(vals))` (no `break`): each index is read."""
        index = node.slice
        if not isinstance(index, ast.Name):
            return False
        for target, iterated in self.iterating:
            if isinstance(target, ast.Name) and target.id == index.id and (
                    (isinstance(iterated, ast.Name) and iterated.id == name) or
                    (isinstance(iterated, ast.Call) and not iterated.args and
                     isinstance(iterated.func, ast.Attribute) and iterated.func.attr == "keys"
                     and isinstance(iterated.func.value, ast.Name) and
                     iterated.func.value.id == name)):
                return True  # `for key in d: d[key]`
            if isinstance(target, ast.Name) and target.id == index.id and \
                    isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Name) and \
                    iterated.func.id == "range" and len(iterated.args) == 1:
                size = iterated.args[0]
                if isinstance(size, ast.Call) and isinstance(size.func, ast.Name) and \
                        size.func.id == "len" and len(size.args) == 1 and \
                        isinstance(size.args[0], ast.Name) and size.args[0].id == name:
                    return True
        return False

    def held(self, target: ast.expr, state: dict[str, frozenset[Node]]) -> set[Node]:
        """What an entry of a keyed local (`d["n"]`) or an attribute of a new local object
        (`record.n`) holds, read in place (an augmented assignment reads it first)."""
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and \
                target.value.id in self.keyed:
            key = _constant_key(target.slice)
            return {("w", target.value.id)} if key == "*" else \
                self.entries(target.value.id, [key], state)
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and \
                target.value.id in self.objects:
            name = target.value.id
            return self.entries(name, ["." + target.attr], state) | \
                state.get(name, frozenset())  # (and what its constructor was given)
        return set()

    def length(self, name: str) -> int:
        """The number of items of a list of a known length (_removals) at this point."""
        return self.fixed[name] + self.appended.get(name, 0) - self.popped.get(name, 0)

    def last(self, name: str, state: dict[str, frozenset[Node]], back: int = 1) -> set[Node]:
        """`out[-back]`, `out.pop()`: of a list of a known length, that item; an item added
        without a number where there are such (`append`, `extend`: p58) or one of several
        numbered entries (which one is not followed): none of them for sure (p902: all of
        them, as before, kept the others a graph prunes)."""
        slots = self.slots_of.get(name, ())
        if ("s", name, "*") in slots or ("s", name, "#") in slots or name in self.lossy:
            return set()  # (one of a loop's, an `append`'s or an `extend`'s: none for sure)
        if name in self.fixed:
            index = self.length(name) - back
            return self.entries(name, [index], state) if index >= 0 else set()
        numbered = self.numbered(name, state)
        if len(numbered) == 1 and back == 1:
            return self.entries(name, numbered, state)
        return set()

    def numbered(self, name: str, state: dict[str, frozenset[Node]]) -> list[int]:
        """The indices of the keyed list `name`'s entries (`values[-1]`, `values.pop()` read
        one of them, not a comprehension's items)."""
        return [key for key, _ in _entries_of(name, state) if type(key) is int]

    # -- statements ------------------------------------------------------------------------
    def block(self, stmts: list[ast.stmt], state: dict[str, frozenset[Node]]) -> None:
        """The statements in turn; after an `if` one branch of which leaves the block
        (`if not use_weight: return h`), the rest runs only where the other is taken (a
        branch of it: session 29's second red team, p26, p35, p46); after a `return`,
        `raise`, `break` or `continue`, nothing runs (p30)."""
        outer = self.guard
        for stmt in stmts:
            self.statement(stmt, state)
            if isinstance(stmt, _EXITS):
                break
            if isinstance(stmt, ast.If):
                # (a branch that raises: the trace that takes it raises too, and no graph is
                # made that prunes anything: no guard, `if x.shape[0] % 2: raise ...`)
                body, orelse = _ending(stmt.body), _ending(stmt.orelse)
                if {body, orelse} == {"returns", "falls"}:
                    self.guard = (*self.guard, (stmt.lineno, 1 if body == "returns" else 0))
        self.guard = outer

    def statement(self, node: ast.stmt, state: dict[str, frozenset[Node]]) -> None:
        if isinstance(node, ast.Assign):
            if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and \
                    node.targets[0].id in self.keyed:
                if self.mapped(node.value):
                    self.bind_mapped(node.targets[0], node.value, state)  # type: ignore
                else:
                    self.bind_display(node.targets[0], node.value, state)
                return
            if len(node.targets) == 1 and isinstance(node.targets[0], (ast.Tuple, ast.List)) \
                    and self.unpack(node.targets[0], node.value, state):
                return
            if _container(node.value) or _any_stack(node.value):
                # (a subscript of this definition reads some of its items: `_Flow.expr`)
                self.container_defs.update(("d", id(t)) for t in node.targets
                                           if isinstance(t, ast.Name))
            value = self.expr(node.value, state)
            target = node.targets[0]
            elts = target.elts if isinstance(target, (ast.Tuple, ast.List)) else []
            if elts and isinstance(elts[-1], ast.Starred) and \
                    isinstance(elts[-1].value, ast.Name) and elts[-1].value.id not in self.loaded:
                elts = elts[:-1]  # `height, *_ = parse_pair(line)`: the rest never read (p85)
            if len(node.targets) == 1 and isinstance(node.value, ast.Call) and elts and \
                    id(node.value) in self.call_spots and \
                    not any(isinstance(e, ast.Starred) for e in elts):
                # `_, name = split_record(line)`: each target its element (p04)
                self.elements[id(node.value)] = len(elts)
                for index, element in enumerate(elts):
                    self.bind(element, self.element(node.value, index), state)
                return
            for target in node.targets:
                self.bind(target, value, state)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                self.bind(node.target, self.expr(node.value, state), state)
        elif isinstance(node, ast.AugAssign):
            value = self.expr(node.value, state)
            if isinstance(node.target, ast.Name):
                old = state.get(node.target.id, frozenset())
                self.define(node.target.id, ("d", id(node.target)), value | old, state)
            else:  # `d["n"] += v`, `record.n += v`: the entry's value too
                self.bind(node.target, value | self.held(node.target, state), state)
        elif isinstance(node, ast.Expr):
            call = node.value
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and \
                    call.func.attr in _GROWING and isinstance(call.func.value, ast.Name) and \
                    call.func.value.id in self.keyed:
                self.calls.append(call)
                grown: set[Node] = set()
                for arg in [*call.args, *(k.value for k in call.keywords)]:
                    grown |= self.expr(arg, state)
                name = call.func.value.id
                if id(call) in self.top_appends and name in self.fixed:
                    # `out.append(v)` of a list of a known length, in the body itself: the
                    # next numbered item (`out[-1]` reads it, not the others)
                    self.store(name, self.length(name), ("d", id(call)), grown, state)
                    self.appended[name] = self.appended.get(name, 0) + 1
                    return
                # in a loop, an item per pass: no one index reads them all (p102)
                # `extend([a, b])` several (p58)
                several = self.looping or call.func.attr == "extend"
                self.slot(call.func.value.id, "#" if several else "*", grown)
                return
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and \
                    call.func.attr in _DICT_STORES and isinstance(call.func.value, ast.Name) and \
                    call.func.value.id in self.keyed:
                self.calls.append(call)
                name = call.func.value.id
                # an entry of a constant key replaces the one it had (session 30's red team,
                # p14: `feats.update({"weight": 0})`); any other may replace any (an event of
                # _container_events)
                for keyword in call.keywords:
                    if keyword.arg is None:
                        self.slot(name, "*", self.expr(keyword.value, state))
                    else:
                        self.store(name, keyword.arg, ("d", id(keyword)),
                                   self.expr(keyword.value, state), state)
                for arg in call.args:
                    if isinstance(arg, ast.Dict) and None not in arg.keys:
                        for key, item in zip(arg.keys, arg.values, strict=True):
                            assert key is not None
                            sources = self.expr(key, state) | self.expr(item, state)
                            if _constant_key(key) == "*":
                                self.slot(name, "*", sources)
                            else:
                                self.store(name, _constant_key(key), ("d", id(item)), sources,
                                           state)
                    else:
                        self.slot(name, "*", self.expr(arg, state))
                return
            self.expr(node.value, state)
        elif isinstance(node, ast.Return) and node.value is not None and not self.guard:
            # `return value, name`: each element kept as that element; any other value as
            # the whole result, element -1 (Dead.returned_only)
            value = node.value
            if isinstance(value, (ast.Tuple, ast.List)) and \
                    not any(isinstance(e, ast.Starred) for e in value.elts):
                for index, element in enumerate(value.elts):
                    self.returned.append((index, self.expr(element, state)))
            elif isinstance(value, ast.Dict) and all(
                    key is not None and isinstance(_constant_key(key), str) and
                    _constant_key(key) != "*" for key in value.keys):
                # `return {"height": h, "weight": w}` by key (session 29's red team, p82)
                for key, element in zip(value.keys, value.values, strict=True):
                    self.returned.append((_constant_key(key),  # type: ignore[arg-type]
                                          self.expr(element, state)))
            elif isinstance(value, ast.Name) and value.id in self.keyed:
                for key, values in self.parts(value, state):  # `return feats` by entry
                    self.returned.append((-1 if key is None or key == "*" else key, values))
            else:
                self.returned.append((-1, self.expr(value, state)))
        elif isinstance(node, (ast.Return, ast.Raise, ast.Assert)):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.keep(self.expr(child, state))
        elif isinstance(node, ast.If):
            self.keep(self.expr(node.test, state))
            before = dict(state)
            other = dict(state)
            outer = self.guard
            self.guard = (*outer, (node.lineno, 0))  # kept if the trace takes the branch
            self.block(node.body, state)
            self.guard = (*outer, (node.lineno, 1))
            self.block(node.orelse, other)
            self.guard = outer
            self.through(node, before, (state, other))
            _join(state, other)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            values = self.expr(node.iter, state)
            if self.python_container(node.iter):
                # a loop over a Python container reads its items through the target only, and
                # one that may stop early (`return`, `break`) maybe not all: none for sure (p06)
                if _exits(node.body):
                    values = frozenset()
            else:
                self.keep(values)  # (a tensor: AutoGraph's loop reads it)
            self.loop(node, state)
            self.bind(node.target, values, state)
            self.looping += 1
            whole = not any(isinstance(n, ast.Break) for s in node.body for n in walk(s))
            self.iterating.append((node.target, node.iter) if whole else (node, node))
            outer = self.guard  # a Python iterable may be empty: the body a branch (rt3 p27)
            self.guard = (*outer, (node.lineno, 0))
            before = dict(state)
            self.block(node.body, state)
            self.guard = outer
            self.unrun(node, before, state)
            self.iterating.pop()
            self.looping -= 1
            self.loop(node, state)
            self.last_pass(node, state)
            self.block(node.orelse, state)
        elif isinstance(node, ast.While):
            self.loop(node, state)
            self.keep(self.expr(node.test, state))
            self.looping += 1
            outer = self.guard  # a Python test may be false at once: a branch (rt3 p33, p41)
            always = isinstance(node.test, ast.Constant) and bool(node.test.value)
            if not always:
                self.guard = (*outer, (node.lineno, 0))
            before = dict(state)
            self.block(node.body, state)
            self.guard = outer
            if not always:  # (`while True:` runs its body at least once: session 28's p48)
                self.unrun(node, before, state)
            self.looping -= 1
            self.loop(node, state)
            self.last_pass(node, state)
            self.block(node.orelse, state)
        elif isinstance(node, (ast.Try, ast.TryStar)):
            self.loop(node, state)  # any definition of the body may reach a handler
            self.block(node.body, state)
            self.loop(node, state)
            for handler in node.handlers:
                branch = dict(state)
                if handler.type is not None:
                    self.keep(self.expr(handler.type, branch))
                if handler.name:
                    self.define(handler.name, ("d", id(handler)), (), branch)
                self.block(handler.body, branch)
                _join(state, branch)
            self.block(node.orelse, state)
            self.block(node.finalbody, state)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                value = self.expr(item.context_expr, state)
                self.keep(value)  # `with tf.control_dependencies([x]):`
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, value, state)
            self.block(node.body, state)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            header = [*node.decorator_list]
            if isinstance(node, ast.ClassDef):
                header += [*node.bases, *(k.value for k in node.keywords)]
            else:
                header += [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]
            for part in header:
                self.keep(self.expr(part, state))
            key = ("f", id(node))
            self.edge(key, self.closure_reads(node, state))
            if isinstance(node, ast.ClassDef):
                self.keep([key])  # a class body runs where it is defined
            self.define(node.name, ("d", id(node)), [key], state)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = (alias.asname or alias.name).split(".")[0]
                if name != "*":
                    self.define(name, ("d", id(alias)), (), state)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    state.pop(target.id, None)
                else:
                    self.expr(target, state)
        elif isinstance(node, ast.Match):
            subject = self.expr(node.subject, state)
            self.keep(subject)
            joined = dict(state)
            for case in node.cases:
                branch = dict(state)
                for n in walk(case.pattern):
                    for name in _pattern_names(n):
                        self.define(name, ("d", id(n)), subject, branch)
                    if isinstance(n, ast.expr):  # values compared against
                        self.keep(self.expr(n, branch))
                if case.guard is not None:
                    self.keep(self.expr(case.guard, branch))
                self.block(case.body, branch)
                _join(joined, branch)
            state.clear()
            state.update(joined)
        else:  # pass, break, continue, global, nonlocal, and anything newer: keep its values
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.keep(self.expr(child, state))
                elif isinstance(child, ast.stmt):
                    self.statement(child, state)

    def unrun(self, node: ast.For | ast.AsyncFor | ast.While,
              before: dict[str, frozenset[Node]], state: dict[str, frozenset[Node]]) -> None:
        """After a loop's body: where it runs no pass, what was bound before reaches on, only
        through that way (a branch of the loop's, 1: a Python iterable may be empty, rt3 p27;
        an entry a pass may replace is not kept for sure, p47)."""
        other = dict(before)
        self.through(node, dict(before), (state, other))  # type: ignore[arg-type]
        _join(state, other)

    def through(self, node: ast.If, before: dict[str, frozenset[Node]],
                branches: tuple[dict[str, frozenset[Node]], dict[str, frozenset[Node]]]) -> None:
        """After an `if` one branch of which replaces a local or an entry the other leaves
        alone: what it held before reaches on only through the other branch (`if drop:
        row["age"] = default` prunes the parse of the age when a trace takes it, p60), a node
        of that branch's (_guarded)."""
        for name in {*branches[0], *branches[1]}:
            held = before.get(name)
            if not held or branches[0].get(name) == branches[1].get(name):
                continue
            for index, branch in enumerate(branches):
                other = branches[1 - index].get(name, frozenset())
                if branch.get(name) == held and not held & other:
                    branch[name] = frozenset({self.branch(("j", id(node), index, name), held,
                                                          node.lineno, index)})

    def unpack(self, target: ast.Tuple | ast.List, value: ast.expr,
               state: dict[str, frozenset[Node]]) -> bool:
        """`a, b = x, y` (each target its item), `a, *rest = [op(c) for c in cols]` and `a, b
        = pair` of a keyed local: a comprehension's items are one op each, kept together only
        when every target is (a group); False for any other value."""
        targets = target.elts
        star = next((i for i, t in enumerate(targets) if isinstance(t, ast.Starred)), None)
        if isinstance(value, (ast.Tuple, ast.List)) and \
                not any(isinstance(e, ast.Starred) for e in value.elts):
            items = [self.expr(e, state) for e in value.elts]
            after = len(targets) - (star if star is not None else 0) - 1
            if (star is None and len(items) != len(targets)) or \
                    (star is not None and len(items) < len(targets) - 1):
                return False  # (raises when it runs)
            for index, element in enumerate(targets):
                if star is None or index < star:
                    self.bind(element, items[index], state)
                elif index == star:
                    rest = items[star:len(items) - after]
                    self.bind(element, frozenset().union(*rest), state)
                else:
                    self.bind(element, items[len(items) - (len(targets) - index)], state)
            return True
        if isinstance(value, ast.Name) and value.id in self.keyed_params:
            # `height, weight = inputs` of a parameter: each target its item (p55)
            for index, element in enumerate(targets):
                key = index if star is None else "*"
                self.bind(element, frozenset({("pk", value.id, key)}), state)
            return True
        if isinstance(value, ast.Call) and _container(value):
            # `height, weight = tf.nest.flatten(feats)`, `names, values = zip(*pairs)`: which
            # item each target gets is not followed: its items are kept only when every
            # target is (a group, p01, p34; p95 of the second red team: both read)
            sources = self.expr(value, state)
            members = [("u", id(target), index) for index in range(len(targets))]
            self.groups.append((frozenset(members), sources))
            for index, element in enumerate(targets):
                self.bind(element, frozenset({members[index]}), state)
            return True
        if isinstance(value, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            sources = self.expr(value, state)
            common: frozenset[Node] = frozenset()
        elif isinstance(value, ast.Name) and value.id in self.keyed:
            length = self.length(value.id) if value.id in self.fixed else None
            if star is not None and length is not None and \
                    not self.lost(value.id, value) and length >= len(targets) - 1:
                # `head, *rest = terms` of a list of a known length: by position (p98)
                after = len(targets) - star - 1
                for index, element in enumerate(targets):
                    keys = [index] if index < star else \
                        list(range(star, length - after)) if index == star else \
                        [length - (len(targets) - index)]
                    self.bind(element, frozenset(self.entries(value.id, keys, state)), state)
                return True
            sources = frozenset({("s", value.id, "#")})
            # (`head, *_ = terms` otherwise: which items each target gets is not followed,
            # none for sure, session 30's red team, p98; every numbered entry to each kept
            # the ones a graph prunes)
            common = frozenset()
        else:
            return False
        members = [("u", id(target), index) for index in range(len(targets))]
        self.groups.append((frozenset(members), sources))
        for index, element in enumerate(targets):
            own = common if star is not None or not isinstance(value, ast.Name) else \
                frozenset(self.entries(value.id, [index], state))
            self.bind(element, own | {members[index]}, state)
        return True

    def last_pass(self, node: ast.For | ast.AsyncFor | ast.While,
                  state: dict[str, frozenset[Node]]) -> None:
        """After a loop: a local its body binds and never reads (`for c in cols: val =
        tf.strings.to_number(c)`) holds the last pass's value only, and a graph prunes the
        other passes' ops (p22): what the loop made reaches on as one node of no edges (kept
        for sure by nothing; what it held before the loop, if the loop does not run, does)."""
        made: dict[str, set[Node]] = {}
        for name, key in self.loop_defs.get(id(node), ()):
            if name in self.locals:
                made.setdefault(name, set()).add(key)
        if not made:
            return
        read = {n.id for part in [*node.body, *([node.test] if isinstance(node, ast.While)
                                                else [])]
                for n in walk(part) if isinstance(n, ast.Name) and
                isinstance(n.ctx, ast.Load)}
        for name, keys in made.items():
            if name in read or name not in state or not state[name] & keys:
                continue
            state[name] = (state[name] - keys) | {("l", id(node), name)}

    def loop(self, node: ast.stmt, state: dict[str, frozenset[Node]]) -> None:
        """Every definition a loop's (or a `try`'s) body makes reaches all of it: join them
        into `state` (their keys are the nodes', so they are the same objects when made)."""
        joined: dict[str, set[Node]] = {}
        for name, key in self.loop_defs.get(id(node), ()):
            if name.partition("[")[0] in self.locals:  # a local, or an entry of one
                joined.setdefault(name, set()).add(key)
        for name, keys in joined.items():
            state[name] = state.get(name, frozenset()) | keys

    def element(self, call: ast.Call, index: int | str) -> frozenset[Node]:
        """Element `index` of what `call` returns (a dict's key), a value of its own that
        depends on the call (Dead.elements)."""
        node = ("e", id(call), index)
        self.edge(node, [("c", id(call))])
        return frozenset({node})

    def bind(self, target: ast.expr, value: set[Node] | frozenset[Node],
             state: dict[str, frozenset[Node]]) -> None:
        if isinstance(target, ast.Name):
            self.define(target.id, ("d", id(target)), value, state)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind(element, value, state)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, value, state)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and \
                target.value.id in self.keyed:
            index = self.expr(target.slice, state)
            name, key = target.value.id, _constant_key(target.slice)
            if key == "*" or (name in self.shifting and type(key) is int):
                self.slot(name, "*", value | index)
                if key == "*":  # `d[name] = v`: it may replace any entry (p47)
                    for entry, _ in _entries_of(name, state):
                        state[_entry(name, entry)] = frozenset()
            else:
                self.store(name, key, ("d", id(target)), value | index, state)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and \
                target.value.id in self.objects:
            # `stats.extra = v` of a new local object: an entry of it, read by `stats.extra`
            # or with the whole object (p18)
            self.store(target.value.id, "." + target.attr, ("d", id(target)), value, state)
        else:
            # an attribute, or an item of a container the function does not follow: a graph
            # keeps what reaches its outputs or a stateful op, never what Python stores (a
            # later read in the same trace is not followed: counted as not kept, p31, p15);
            # a local's, read whole with it (`d[k] = v; return d`)
            if isinstance(target, (ast.Subscript, ast.Attribute)) and \
                    isinstance(target.value, ast.Name) and target.value.id in self.locals:
                self.slot(target.value.id, "*", value)
            if isinstance(target, ast.Subscript):  # the object stored into is not read
                self.keep(self.expr(target.slice, state))
                self.expr(target.value, state)
            elif isinstance(target, ast.Attribute):
                self.expr(target.value, state)
            else:
                for child in ast.iter_child_nodes(target):
                    if isinstance(child, ast.expr):
                        self.keep(self.expr(child, state))

    def bind_mapped(self, target: ast.Name, call: ast.Call,
                    state: dict[str, frozenset[Node]]) -> None:
        """`lengths = tf.nest.map_structure(fn, feats)`: entry k of `lengths` is computed from
        entry k of `feats` (and `fn`), so reading one leaves the others' inputs unread (p59).
        What `fn` itself runs per entry is its own function's (a gap: an op `fn` runs for an
        entry not read is pruned too)."""
        func = self.expr(call.args[0], state)
        self.keep(self.expr(call.func, state))
        structure = call.args[1]
        assert isinstance(structure, ast.Name)
        entries = self.parts(structure, state) if structure.id in self.keyed else \
            [(None, self.expr(structure, state))]
        if not self.reads_items(call.args[0]):  # (p63: `lambda _: one` reads no entry)
            entries = [(key, frozenset()) for key, _ in entries]
        elif self.workspace_function(call.args[0]):  # read where it reads its parameter
            for key, values in entries:
                entry = ("s", target.id, "#") if key is None or key == "*" else \
                    ("m", id(call), key)
                self.map_items.append((call, entry, values))
            entries = [(key, frozenset()) for key, _ in entries]
        _clear_entries(target.id, state)
        made: list[Node] = []
        for key, values in entries:
            if key is None or key == "*":  # items of no known key (a parameter's: p71): read
                # only whole
                slot = "#"
                self.slot(target.id, slot, values | func)
                if structure.id not in self.keyed or any(
                        node[0] == "s" for node in self.slots_of.get(structure.id, ())):
                    made.append(("s", target.id, slot))  # (items of no key, where it has any)
            else:
                self.store(target.id, key, ("m", id(call), key), values | func, state)
                made.append(("m", id(call), key))
        self.define(target.id, ("d", id(target)), (), state)
        # `fn` runs once per entry: for an entry not read, what it runs is pruned (p42); the
        # call is kept only when every entry is (Dead.mapped)
        self.calls.append(call)
        self.call_spots[id(call)] = (call.lineno, call_column(call))
        self.call_chain[id(call)] = self.guard
        self.mapped_calls.append(call)
        self.groups.append((frozenset(made), frozenset({("c", id(call))})))

    def bind_display(self, target: ast.Name, value: ast.expr,
                     state: dict[str, frozenset[Node]]) -> None:
        """`out = {"n": x}` / `pair = (a, b)` of a keyed local: each entry its own (a
        comprehension's items one slot, "#")."""
        name = target.id
        items: list[tuple[object, ast.expr, frozenset[Node]]] = []  # (key, item, sources)
        if _stacked(value):  # `tf.stack([a, b])`: `both[0]` is folded to `a` (p13)
            value = self.unwrap_stack(value, state).args[0]  # type: ignore[attr-defined]
        if isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values, strict=True):
                assert key is not None  # (_keyed refuses `**`)
                items.append((_constant_key(key), item,
                              self.expr(key, state) | self.expr(item, state)))
        elif isinstance(value, (ast.ListComp, ast.DictComp)):
            # its items, as many as it iterates: no one index or key reads them all ("#": only a
            # whole or computed read; `vals[0] + vals[1]` leaves the third unread, p12, p61)
            items.append(("#", value, self.expr(value, state)))
        else:
            # `parsed = (a, b)`: `parsed[1]` reads b only; `values[:2]` the first two (p16);
            # the items of a list an `insert` or `pop(i)` moves have no index
            moved = isinstance(value, ast.List) and name in self.shifting
            items += [("*" if moved else index, item, self.expr(item, state))
                      for index, item in enumerate(value.elts)]  # type: ignore[attr-defined]
        _clear_entries(name, state)  # a new container
        for key, item, sources in items:
            if key in ("*", "#"):
                self.slot(name, key, sources)
            else:
                self.store(name, key, ("d", id(item)), sources, state)
        self.define(name, ("d", id(target)), (), state)

    # -- expressions: the values each one is computed from ---------------------------------
    def expr(self, node: ast.expr, state: dict[str, frozenset[Node]]) -> frozenset[Node]:
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load) and node.id in self.nonlocal_names:
                return frozenset()  # a nested function may have bound it again: not known
            if isinstance(node.ctx, ast.Load) and id(node) not in self.partial_reads:
                if node.id in self.keyed:
                    return self.whole(node.id, state, node)
                if node.id in self.changed_at and self.lost(node.id, node):
                    return frozenset()  # a container whose items may have changed (lost)
                return state.get(node.id, frozenset()) | {("w", node.id)}
            return frozenset()
        if isinstance(node, ast.Constant):
            return frozenset()
        if isinstance(node, ast.Call):
            return self.call(node, state)
        if isinstance(node, ast.Attribute):
            if node.attr in _STATIC_ATTRIBUTES:
                self.expr(node.value, state)
                return frozenset()
            if isinstance(node.value, ast.Name) and node.value.id in self.objects and \
                    isinstance(node.ctx, ast.Load):
                return frozenset(self.held(node, state))  # `record.values`: that attribute
            if node.attr in _ENTRY_READERS and isinstance(node.value, ast.Name) and \
                    node.value.id in self.container_locals and node.value.id not in self.keyed:
                self.expr(node.value, state)  # `feats.get("h")` of a container bound more
                return frozenset()  # than once: some entries, which not followed (p43)
            if node.attr in _ENTRY_READERS and isinstance(node.value, ast.Call):
                made = self.expr(node.value, state)  # `lookup = parse(line).get`: some of its
                if id(node.value) in self.call_spots:  # entries, which not known (p44)
                    self.elements.setdefault(id(node.value), 0)
                    return self.element(node.value, "*")
                return made
            return self.expr(node.value, state)
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and \
                _stacked(node.value):
            # `tf.stack([a, b])[0]`: Grappler folds the slice of the stack to `a` (p13); a
            # slice of constant bounds to those items (p110); any other index or slice to
            # some of them, which not followed: none kept for sure
            elements = self.unwrap_stack(node.value, state).args[0].elts  # type: ignore
            items = [self.expr(e, state) for e in elements]
            if isinstance(_constant_key(node.slice), int) or _negative_index(node.slice):
                return _pick(items, node.slice)
            picked = _slice_range(node.slice) if isinstance(node.slice, ast.Slice) else None
            index = self.expr(node.slice, state)
            if picked is None:
                return index
            return index.union(*(items[i] for i in picked if i < len(items)))
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and \
                _any_stack(node.value) and (_stacked_name(node.value) or "") not in \
                self.keyed | self.keyed_params:
            # a stack the engine does not resolve (`tf.stack(values=[...])`, of a comprehension
            # or a concatenation, behind `tf.cast`: session 30's red team, p21-p31): Grappler
            # folds an index or slice of it to the items read, so none is kept for sure
            index = self.expr(node.slice, state)
            self.expr(node.value, state)
            return index
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and \
                (stacked := _stacked_name(node.value)) is not None and \
                (stacked in self.keyed_params or stacked in self.keyed) and \
                not isinstance(node.slice, ast.Slice):
            # `tf.stack(values)[0]` of a parameter or keyed local: `values[0]` (p130)
            self.unwrap_stack(node.value, state)
            index = self.expr(node.slice, state)
            key = _constant_key(node.slice)
            if stacked in self.keyed_params:
                return index | {("pk", stacked, key)}
            if _negative_index(node.slice) and stacked not in self.shifting:
                return index | self.last(stacked, state,
                                         node.slice.operand.value)  # type: ignore[attr-defined]
            if key == "*" or stacked in self.shifting:
                return index
            return index | self.entries(stacked, [key], state)
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and \
                isinstance(node.value, ast.Call) and _container(node.value):
            # `tf.nest.flatten(feats)[0]`, `list(d.values())[1]`, `sorted(xs)[-1]`: a Python
            # container read in part, which item not followed: none kept for sure (p25)
            self.expr(node.value, state)
            return self.expr(node.slice, state)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                node.value.id in self.results and isinstance(node.ctx, ast.Load):
            call = self.results[node.value.id]  # `feats["height"]` of `feats = f(x)` (p83)
            self.expr(node.value, state)
            if id(call) in self.call_spots:
                self.elements.setdefault(id(call), 0)
                return self.element(call, node.slice.value)  # type: ignore[attr-defined]
            return self.expr(node.value, state)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call) and \
                isinstance(node.ctx, ast.Load) and _negative_index(node.slice):
            self.expr(node.value, state)  # `scale(h, w)[-2]`: one element, which not
            if id(node.value) in self.call_spots:  # followed ("*": p82 of the second team)
                self.elements.setdefault(id(node.value), 0)
                return self.element(node.value, "*")
            return self.expr(node.value, state)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call) and \
                isinstance(node.ctx, ast.Load) and isinstance(node.slice, ast.Constant) and \
                ((type(node.slice.value) is int and node.slice.value >= 0) or
                 type(node.slice.value) is str):  # (`parse_line(line)["height"]`, p82)
            self.expr(node.value, state)
            if id(node.value) in self.call_spots:  # `split_record(line)[1]` (p26)
                self.elements.setdefault(id(node.value), 0)
                return self.element(node.value, node.slice.value)
            return self.expr(node.value, state)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict) and \
                isinstance(node.ctx, ast.Load) and _constant_key(node.slice) != "*":
            # `{"h": h, "w": w}["h"]`: that entry only (session 29's second red team, p36);
            # the last of a key given twice; `{**feats}["h"]` that entry of `feats` (p60)
            index = self.expr(node.slice, state)
            return index | self.display_entry(node.value, _constant_key(node.slice), state)
        if isinstance(node, ast.Subscript) and isinstance(node.value, (ast.Tuple, ast.List)) \
                and isinstance(node.ctx, ast.Load) and \
                not any(isinstance(e, ast.Starred) for e in node.value.elts):
            # `(h, w)[which]`: the item at that index only (p37)
            index = self.expr(node.slice, state)
            return index | _pick([self.expr(e, state) for e in node.value.elts], node.slice)
        if isinstance(node, ast.Subscript):
            index = self.expr(node.slice, state)
            if isinstance(node.value, ast.Name) and node.value.id in self.keyed_params:
                # `features["age"]` of a parameter read by keys only: that entry (p13); a key
                # not constant one the engine does not know ("*", p33)
                if isinstance(node.ctx, ast.Load) and _computed_index(node.slice):
                    self.subscripts.append(node)  # (`x[i]`: may be out of range)
                    index = index | {("c", id(node))}
                key = _constant_key(node.slice)
                if id(node) in self.nested and key != "*":
                    key = f"{key!r}[...]"  # `features["body"]["height"]`: part of it (p54)
                return index | {("pk", node.value.id, key)}
            if isinstance(node.value, ast.Name) and node.value.id in self.keyed:
                name = node.value.id
                if self.lost(name, node.value):
                    return index  # (its items may have changed: none for sure)
                if isinstance(node.slice, ast.Slice):
                    bounds = _slice_range(node.slice)
                    if bounds is None:  # `[1:]`: from there on (_keyed), not "#" items
                        start = _open_slice(node.slice)
                        assert start is not None
                        bounds = range(start, max(self.numbered(name, state), default=-1) + 1)
                    return index | self.entries(name, bounds, state)
                if _negative_index(node.slice) and name not in self.shifting:
                    # `out[-1]`: the last of a list of a known length, else none for sure
                    return index | self.last(name, state,
                                             node.slice.operand.value)  # type: ignore
                key = _constant_key(node.slice)
                if key == "*" and isinstance(node.slice, ast.Name) and \
                        node.slice.id in self.params and node.slice.id not in self.locals:
                    # `feats[column]`, `column` a parameter: a dict's key is a Python value,
                    # so each trace reads one entry, not the others (p24)
                    return index | {("s", name, "*")}
                if key == "*":
                    # one entry not known: the others may be pruned, none is kept for
                    # sure, unless a loop reads it at each of its keys (p59)
                    return index | ({("w", name)} if self.every_key(node, name) else set())
                if name in self.shifting and type(key) is int:
                    return index  # `vals[0]` after `insert`, `pop(0)`, `del`: which item (p16)
                return index | self.entries(name, [key], state)
            if isinstance(node.ctx, ast.Load) and _computed_index(node.slice):
                self.subscripts.append(node)  # an index may be out of range; a slice clamps
                index = index | {("c", id(node))}
            if isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name) and \
                    node.value.id in self.container_locals | self.stacked_locals and \
                    id(node.value) not in self.partial_reads:
                # some items of a container (or a stack) a local may hold here, bound more
                # than once (`terms = terms[:1]`, p09, p20): none kept for sure; what its other
                # definitions hold (a tensor, `x = tf.cast(x, ...)`) is read as usual
                defs = state.get(node.value.id, frozenset())
                return index | {d for d in defs if d not in self.container_defs}
            if isinstance(node.ctx, ast.Load) and _any_stack(node.value):
                # a stack the engine does not resolve (p21-p35): Grappler folds the slice of a
                # stack to the items read, so none is kept for sure
                self.expr(node.value, state)
                return index
            if isinstance(node.ctx, ast.Load) and isinstance(node.slice, ast.Slice) and \
                    isinstance(node.value, ast.Call):
                made = self.expr(node.value, state)  # `parse(line)[:1]`: a part of it (p53)
                if id(node.value) in self.call_spots:
                    self.elements.setdefault(id(node.value), 0)
                    return index | self.element(node.value, "*")
                return index | made
            return index | self.expr(node.value, state)
        if isinstance(node, ast.Compare):
            values = self.expr(node.left, state)
            for comparator in node.comparators:
                values |= self.expr(comparator, state)
            if all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops):
                return frozenset()  # an identity test reads no value
            if all(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops) and all(
                    isinstance(c, ast.Name) and c.id in self.keyed_params
                    for c in node.comparators):
                return self.expr(node.left, state)  # `"age" in features`: its keys only
            return values
        if isinstance(node, ast.IfExp):
            if isinstance(node.test, ast.Constant):
                return self.expr(node.body if node.test.value else node.orelse, state)
            # `w if USE_WEIGHT else 0.0`: each side a branch, as an `if`'s (a Python test
            # picks one while tracing, and the other side's values are pruned: p36)
            values = set(self.expr(node.test, state))
            outer = self.guard
            for branch, side in ((0, node.body), (1, node.orelse)):
                self.guard = (*outer, (node.lineno, branch))  # (what a side makes runs there)
                side_values = self.expr(side, state)
                self.guard = outer
                values.add(self.branch(("x", id(node), branch), side_values, node.lineno,
                                       branch))
            return frozenset(values)
        if isinstance(node, ast.NamedExpr):
            value = self.expr(node.value, state)
            self.define(node.target.id, ("d", id(node.target)), value, state)
            return value
        if isinstance(node, ast.BinOp) and isinstance(node.op, FAILING_OPERATORS):
            # `total // count` (p23: an integer division by zero raises eagerly), `a @ b`
            self.subscripts.append(node)  # type: ignore[arg-type]
            return self.expr(node.left, state) | self.expr(node.right, state) | \
                {("c", id(node))}
        if isinstance(node, ast.Lambda):
            for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]:
                self.keep(self.expr(default, state))
            key = ("f", id(node))
            self.edge(key, self.closure_reads(node, state))
            return frozenset({key})
        if isinstance(node, _COMPREHENSIONS):
            return self.comprehension(node, state)
        if isinstance(node, (ast.Yield, ast.YieldFrom, ast.Await)):
            if node.value is not None:
                self.keep(self.expr(node.value, state))
            return frozenset()
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.MatMult, ast.Pow)):
            left, right = self.expr(node.left, state), self.expr(node.right, state)
            return frozenset(self.product(node, [(node.left, left), (node.right, right)],
                                          isinstance(node.op, ast.Pow)))
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            # `mask & valid`, `a | b`: a logical and (or) with a side a Python value or a
            # constant folds, pruning the other side (session 31's second red team, p52): each
            # side a select's, on the other's condition
            left, right = self.expr(node.left, state), self.expr(node.right, state)
            return frozenset((self.select(node, left, [right], frozenset()) - left) |
                             (self.select(node.right, right, [left], frozenset()) - right))
        values: set[Node] = set()  # operators, displays, f-strings, slices, starred
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                values |= self.expr(child, state)
        return frozenset(values)

    def call(self, node: ast.Call, state: dict[str, frozenset[Node]]) -> frozenset[Node]:
        func = node.func
        key = _element_get(node)
        if key is not None:  # `parse_line(line).get("height")`, `feats.get("height")` of
            receiver = func.value  # type: ignore[attr-defined]  # `feats = parse_line(line)`
            made = receiver if isinstance(receiver, ast.Call) else \
                self.results.get(receiver.id) if isinstance(receiver, ast.Name) else None
            if made is not None:
                # that element only, or the default where it is missing (session 29's second
                # red team, p54)
                self.expr(receiver, state)
                if id(made) in self.call_spots:
                    self.elements.setdefault(id(made), 0)
                    self.calls.append(node)
                    self.call_spots[id(node)] = (node.lineno, call_column(node))
                    self.call_chain[id(node)] = self.guard
                    values = set(self.element(made, key))
                    for arg in node.args[1:]:  # a default used only where the key is missing:
                        self.expr(arg, state)  # not kept for sure (p39)
                    self.edge(("c", id(node)), values)
                    return frozenset({("c", id(node))})
        if isinstance(func, ast.Attribute) and func.attr in ("get", "pop") and \
                isinstance(func.value, ast.Name) and func.value.id in self.keyed_params:
            self.calls.append(node)  # `features.get("age", default)`: that entry
            values = {("pk", func.value.id, _constant_key(node.args[0]))}
            for arg in node.args[1:]:  # a default used only where the key is missing (p23)
                self.expr(arg, state)
            self.edge(("c", id(node)), values)
            return frozenset({("c", id(node))})
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                func.value.id in self.keyed and \
                ((func.attr in _DICT_READS and node.args) or func.attr == "pop"):
            # `out.get("name", default)`: the entry (or the default); `setdefault` stores too;
            # `values.pop()` one numbered item (p15), `out.pop("name")` the entry
            self.calls.append(node)
            name = func.value.id
            if self.lost(name, func.value):  # (its items may have changed: none for sure)
                self.edge(("c", id(node)), [v for arg in node.args for v in self.expr(arg, state)])
                return frozenset({("c", id(node))})
            key = _constant_key(node.args[0]) if node.args else None
            values: set[Node] = set(self.expr(node.args[0], state)) if node.args else set()
            default: set[Node] = set()
            for arg in node.args[1:]:
                default |= self.expr(arg, state)
            # a default is used only where the entry is missing (p23, p24)
            if key is None or key == "*" or _entry(name, key) not in state:
                values |= default
                if func.attr == "setdefault" and default:
                    self.slot(name, key if key is not None else "*", default)
            if func.attr == "pop" and key is None:
                values |= self.last(name, state) if name not in self.shifting else set()
                if id(node) in self.exact_pops:  # the list's last item leaves it
                    state.pop(_entry(name, self.length(name) - 1), None)
                    self.popped[name] = self.popped.get(name, 0) + 1
                self.item_log.setdefault(name, []).append("*")
            elif key != "*":
                values |= self.entries(name, [key], state)
                if func.attr == "pop" and id(node) in self.exact_pops:
                    state.pop(_entry(name, key), None)  # `d.pop("k")`: the entry leaves it
                if func.attr == "pop":
                    self.item_log.setdefault(name, []).append(key)
            self.edge(("c", id(node)), values)
            return frozenset({("c", id(node))})
        # each argument by entry: a keyed local's or a display's (None: the whole argument);
        # `*pair` of a display or a tuple followed by index gives its items in turn (p51),
        # after any other `*args` no position is known ("*")
        parts: list[tuple[Slot, list[tuple[Key, frozenset[Node]]]]] = []
        position: int | None = 0
        for arg in node.args:
            items = self.spread(arg.value, state) if isinstance(arg, ast.Starred) and \
                position is not None else None
            if items is not None:
                parts += [(position + i, [(None, values)]) for i, values in enumerate(items)]
                position += len(items)  # type: ignore[operator]
                continue
            if isinstance(arg, ast.Starred):
                position = None
                if isinstance(arg.value, ast.Name) and arg.value.id in self.results:
                    call = self.results[arg.value.id]  # `parts = parse(line); f(*parts)` (p56)
                    self.expr(arg.value, state)
                    if id(call) in self.call_spots:
                        self.elements.setdefault(id(call), 0)
                        parts.append(("*", [(None, self.element(call, "*"))]))
                        continue
                if isinstance(arg.value, ast.Call):
                    made = self.expr(arg.value, state)
                    if id(arg.value) in self.call_spots:
                        # `model_fn(*parse_pair(line))`: each element goes to a parameter,
                        # which one is not followed: a part of the result (rt2 p89)
                        self.elements.setdefault(id(arg.value), 0)
                        made = self.element(arg.value, "*")
                    parts.append(("*", [(None, made)]))
                    continue
            parts.append((position if position is not None else "*", self.parts(arg, state)))
            if position is not None:
                position += 1
        for keyword in node.keywords:  # `**row` of a display or a dict followed by key too
            named = self.spread_keywords(keyword.value, state) if keyword.arg is None else None
            if named is not None:
                parts += [(key, [(None, values)]) for key, values in named]
            else:
                parts.append((keyword.arg or "*", self.parts(keyword.value, state)))
        slots: list[tuple[Slot, frozenset[Node]]] = [
            (slot, frozenset().union(*(values for _, values in entries)))
            for slot, entries in parts]
        arguments: set[Node] = {v for _, values in slots for v in values}
        if isinstance(func, (ast.Attribute, ast.Name)) and \
                (func.attr if isinstance(func, ast.Attribute) else func.id) in _NOT_KEEPING:
            return frozenset({("c", id(node))})
        if self.shape_only(func):
            if isinstance(func, ast.Attribute):
                self.expr(func.value, state)  # (its own calls are evaluated)
                self.calls.append(node)
                self.call_spots[id(node)] = (node.lineno, call_column(node))
                self.call_chain[id(node)] = self.guard
            return frozenset({("c", id(node))})
        self.calls.append(node)
        self.call_spots[id(node)] = (node.lineno, call_column(node))
        self.call_chain[id(node)] = self.guard
        # (not a shape function's: a static shape is folded, counted so always: from_data)
        self.call_inputs[id(node)] = frozenset(arguments)
        if isinstance(func, ast.Attribute) and func.attr == "vectorized_map" and node.args \
                and not self.reads_items(node.args[0]):
            # `tf.vectorized_map(lambda t: tf.ones_like(t), v)`: vectorized, the function's
            # shape-only ops fold, and the op computing `v` is pruned (session 31's second
            # red team, p65)
            self.edge(("c", id(node)), slots[0][1])
            return frozenset({("c", id(node))})
        if _nest_call(func) and func.attr.startswith("map_structure") and node.args and \
                not self.reads_items(node.args[0]):  # type: ignore[attr-defined]
            # `map_structure(tf.zeros_like, d)`, `map_structure(lambda _: one, d)`: what it
            # makes reads no item's value (session 29's red team, p12, p63; before the
            # stateless ops, which map_structure is one of: session 32's red team 2, p59)
            self.edge(("c", id(node)), slots[0][1])
            return frozenset({("c", id(node))})
        if _nest_call(func) and func.attr == "map_structure" and len(node.args) == 2 and \
                not node.keywords and self.workspace_function(node.args[0]):
            # `map_structure(shape_of, d)` of a workspace function: the items are read where
            # it reads its parameter (facts.unread_parameter, slot "~"; rt3 p64)
            self.calls.append(node)
            self.call_spots[id(node)] = (node.lineno, call_column(node))
            self.call_chain[id(node)] = self.guard
            self.edge(("c", id(node)), slots[0][1])
            self.map_items.append((node, ("c", id(node)), slots[1][1]))
            return frozenset({("c", id(node))})
        if self.pure is not None and self.pure(node):
            # a TensorFlow op without state: it uses its inputs only if it is kept itself (a
            # pruned `tf.unstack(tf.strings.to_number(f))` prunes the parse too)
            operands = _select_operands(func, node, slots)
            factors = _factors(func, node, slots)
            if operands is not None:
                condition, sides, named = operands
                made = self.select(node, condition, sides, named)
                if _symmetric(func) and len(sides) == 1:
                    # `tf.logical_or(x, True)`: either operand folds it (red team 2, p158)
                    mirror = self.select(node.args[1] if len(node.args) > 1 else node.func,
                                         sides[0], [condition], frozenset())
                    made = (made - condition) | (mirror - sides[0])
                self.edge(("c", id(node)), made)
            elif factors is not None:
                # `tf.multiply(v, k)`, `tf.tensordot`, `tf.linalg.matvec`, `tf.pow(v, p)`
                # (session 32's second red team, p39, p40, p54, p84)
                pair, rest, power = factors
                self.edge(("c", id(node)), self.product(node, pair, power) | rest)
            else:
                self.edge(("c", id(node)), arguments)
            return frozenset({("c", id(node))})
        if isinstance(func, ast.Attribute) and func.attr == "keys" and not node.args and \
                not node.keywords:
            self.expr(func.value, state)  # `d.keys()`: the keys only (p61)
            return frozenset({("c", id(node))})
        if isinstance(func, ast.Attribute) and func.attr in _VIEWS and not node.args and \
                not node.keywords:
            # `d.values()`: a view of the receiver's items, kept only where it is (p25)
            self.edge(("c", id(node)), self.expr(func.value, state))
            return frozenset({("c", id(node))})
        if (isinstance(func, ast.Name) and func.id in _PURE_BUILTINS and
                func.id not in self.locals and func.id not in self.params) or \
                _nest_call(func):
            # `dict(zip(keys, values))`, `sorted(xs)`: what they make holds their arguments
            self.edge(("c", id(node)), arguments)
            return frozenset({("c", id(node))})
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
                func.value.id in self.objects:
            self.keep(self.expr(func.value, state))  # a method may read any attribute
        elif isinstance(func, ast.Attribute) and func.attr in _CONTAINER_CHANGES:
            # `terms.pop()` of a list (a parameter's too): what it takes out is read only where
            # its result is, and the rest is not read (session 30's red team, p02: `def
            # drop_last(terms): terms.pop()` reads nothing of the caller's items). Of another
            # object whose method of that name reads it, counting it unread declines more.
            receiver = self.expr(func.value, state)
            if func.attr in _TAKING:
                self.edge(("c", id(node)), receiver)
        else:
            self.keep(self.expr(func, state))
        if self.conditional is not None and self.conditional(node):
            # a workspace function's parameter it may not read: facts.unused_arguments ("*":
            # a parameter `*args`/`**kwargs` binds, not known)
            self.conditional_keeps += [(node, slot, key, values) for slot, entries in parts
                                       for key, values in entries]
        else:
            self.keep(arguments)
        return frozenset({("c", id(node))})

    def parts(self, arg: ast.expr, state: dict[str, frozenset[Node]]
              ) -> list[tuple[Key, frozenset[Node]]]:
        """An argument's values by entry: a keyed local's entries (it is given to a workspace
        function, _keyed), a tuple or list display's items; else the whole, key None."""
        if isinstance(arg, ast.Name) and arg.id in self.keyed and self.lost(arg.id, arg):
            return [("*", self.whole(arg.id, state, arg))]  # (which items: not followed)
        if isinstance(arg, ast.Name) and arg.id in self.keyed:
            out: list[tuple[Key, frozenset[Node]]] = sorted(
                _entries_of(arg.id, state), key=lambda part: repr(part[0]))
            weak = {("s", arg.id, "*"), ("s", arg.id, "#")}
            weak |= {node for node in self.slots_of.get(arg.id, ()) if node[0] == "s"}
            # ("*": entries of keys not known, `update`, a loop's, a comprehension's: a callee
            # reading some keys reads none of them for sure, p78-p80)
            return [*out, ("*", frozenset(weak | state.get(arg.id, frozenset())))]
        if isinstance(arg, (ast.Tuple, ast.List)) and \
                not any(isinstance(e, ast.Starred) for e in arg.elts):
            return [(index, self.expr(item, state)) for index, item in enumerate(arg.elts)]
        if isinstance(arg, ast.Dict) and all(
                (key is None and isinstance(item, ast.Name) and item.id in self.keyed) or
                (key is not None and _constant_key(key) != "*")
                for key, item in zip(arg.keys, arg.values, strict=True)):
            # a display by entry, `{**feats, "scale": s}` with those of a keyed local (p113)
            found: dict[object, frozenset[Node]] = {}
            for key, item in zip(arg.keys, arg.values, strict=True):
                if key is None:
                    for entry, values in self.parts(item, state):
                        found[entry] = found.get(entry, frozenset()) | values \
                            if entry == "*" else values
                else:
                    found[_constant_key(key)] = self.expr(item, state)
            return sorted(found.items(), key=lambda part: repr(part[0]))  # type: ignore

        if (isinstance(arg, ast.Call) and _container(arg)) or \
                (isinstance(arg, ast.Name) and arg.id in self.containers):
            return [("*", self.expr(arg, state))]  # `head(tf.nest.flatten(feats))` (p72)
        return [(None, self.expr(arg, state))]

    containers: set[str] = set()  # (_opaque: locals only bound to a container)
    nested: set[int] = set()  # (_keyed_params: `x[k]` read by a key in turn)

    def python_container(self, node: ast.expr) -> bool:
        """A display, a comprehension, a container call (`zip`, `tf.nest.flatten`), a dict's
        view, or a local only bound to such: a Python container, not a tensor."""
        if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict, *_COMPREHENSIONS)):
            return True
        if isinstance(node, ast.Name):
            return node.id in self.keyed or node.id in self.containers
        return isinstance(node, ast.Call) and (_container(node) or (
            isinstance(node.func, ast.Attribute) and node.func.attr in _VIEWS))

    def from_data(self, values: Iterable[Node]) -> bool:
        """Whether `values` may depend on a parameter (through ops, calls, locals defined so
        far), or on what a loop or an unpacking made: not a constant Grappler folds."""
        return self._depends(values, ("p", "pk", "l", "u"))

    def _depends(self, values: Iterable[Node], kinds: tuple[str, ...]) -> bool:
        """Whether `values` may depend (through ops, calls, locals) on a node of one of
        `kinds`, or on a parameter read as a name."""
        seen: set[Node] = set()
        stack = list(values)
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            kind = node[0]  # type: ignore[index]
            if kind in kinds or (kind == "w" and node[1] in self.params):  # type: ignore
                return True
            stack.extend(self.edges.get(node, ()))
            if kind == "c":
                stack.extend(self.call_inputs.get(node[1], ()))  # type: ignore[index]
        return False

    def product(self, node: ast.expr, operands: list[tuple[ast.expr, frozenset[Node]]],
                power: bool) -> set[Node]:
        """What `a * b` (`tf.multiply`, `tf.tensordot`, `a @ b`; `a ** b`: the base only) is
        computed from: an operand no data computes (not a parameter's, a loop's or an
        unpacking's) is a constant while tracing, which may be 0, and Grappler folds an integer
        product by 0 to zeros (a power of 0 to ones), pruning the other operand (session 32's
        red teams: `len(s.shape) - 1`, `tf.size(v[:0])`, `np.zeros(...)`, `'abc'.find('a')`,
        a loop over `range(1)`...). Unless that operand is a number other than 0 (a literal,
        a constant expression, a module's or the function's name bound only to one) or
        either is a float (`_float`: no fold), the other operand is read only where the
        product is not folded: a branch of a "constant" test (facts.branch_kept)."""
        out: set[Node] = set().union(*(values for _, values in operands))
        if len(operands) != 2 or any(_floating(side) for side, _ in operands):
            return out
        pairs = [(1, 0)] if power else [(1, 0), (0, 1)]
        for factor, other in pairs:
            side, values = operands[factor]
            if self.from_data(values) and not _static_read(side) or self.nonzero(side) or \
                    self.shaped(side):
                continue
            kept = operands[other][1]
            key: Node = ("x", id(side), 0)
            out -= kept - values
            out.add(self.branch(key, kept, node.lineno, 0))  # type: ignore[attr-defined]
            self.select_sides.add(key)
            self.param_selects.add(key)  # (a helper's parameter there: its caller's op, p182)
            self.constant_tests.add(node.lineno)  # type: ignore[attr-defined]
        return out

    def shaped(self, node: ast.expr) -> bool:
        """An operand computed from a dimension of a value the function is given or computes
        (`tf.shape(x)[0]`, `x.shape[1]`, `len(xs)`, a local bound to one): a constant only where
        the dimension is static, which the engine does not tell; counted as data (a gap: a
        static 0-size dimension of such a value folds the product; index arithmetic such as
        `rows * tf.shape(x)[1]` is common). A rank (`tf.rank(x)`, `x.ndim`, `len(x.shape)`)
        is static while tracing, and a dimension of a slice or of a constant
        (`tf.size(v[:0])`, `tf.shape(tf.constant([]))`) may be a static 0 the syntax shows:
        those are constants (session 32's red team 2, p78, p89, p128, p138, p141, p142)."""
        if _static_read(node):
            return False
        if self._shape_names is None:
            self._shape_names = set()
            for _ in range(2):  # (`rows = n * k` of such an `n`)
                for n in self.own:
                    if isinstance(n, ast.Assign) and self.shaped(n.value):
                        self._shape_names.update(t.id for target in n.targets
                                                 for t in walk(target)
                                                 if isinstance(t, ast.Name))
        for item in walk(node):
            if isinstance(item, ast.Name) and item.id in self._shape_names:
                return True
            if isinstance(item, ast.Attribute) and item.attr == "shape" and \
                    _measured(item.value):
                return True
            if isinstance(item, ast.Call) and len(item.args) >= 1 and (
                    isinstance(item.func, ast.Name) and item.func.id == "len" or
                    (dotted_name(item.func) or "").rpartition(".")[2] in
                    ("shape", "size", "shape_n", "int_shape")) and _measured(item.args[0]):
                return True
            if isinstance(item, ast.Call) and isinstance(item.func, ast.Attribute) and \
                    item.func.attr == "get_shape" and _measured(item.func.value):
                return True
        return False

    def nonzero(self, node: ast.expr) -> bool:
        """A number other than 0 that the syntax shows: a literal or constant expression, or
        a name the function (or its module: `numbers`) binds only to one; ones
        (`tf.ones_like(x)`), a fill or a constant of such a number."""
        value = _constant_value(node)
        if value is not None:
            return value != 0
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return self.nonzero(node.operand)
        if isinstance(node, ast.Call):
            tail = (dotted_name(node.func) or "").rpartition(".")[2]
            if tail in ("ones", "ones_like", "eye"):
                return True
            if tail == "cast" and node.args:  # (`tf.cast(0.3, tf.int32)` is 0: rt2 p80)
                value = _constant_value(node.args[0])
                return value is not None and abs(value) >= 1
            given = node.args[1] if tail == "fill" and len(node.args) == 2 else \
                node.args[0] if tail in ("constant", "convert_to_tensor") and \
                node.args else None
            return given is not None and self.nonzero(given)
        if not isinstance(node, ast.Name):
            return False
        bound = self.bound_numbers.get(node.id)
        if bound is not None:
            return bound
        return node.id not in self.locals and node.id not in self.params and \
            self.numbers is not None and (self.numbers(node.id) or 0) != 0

    def select(self, node: ast.expr, condition: frozenset[Node],
               sides: list[frozenset[Node]], named: frozenset[Node]) -> set[Node]:
        """What `tf.where(use_default, default, parsed)` is computed from: a condition that is
        a Python value is folded, and the side it does not pick pruned (p01, p14): each side a
        branch, as a conditional expression's; `tf.logical_and(check, x > 0)` of a Python
        `False` folds to False, pruning `x` (p12). A condition computed from constants only is
        folded too (`tf.where(tf.fill([2], True), a, b)`: session 29's red team, p40, p59,
        p60), and one a caller gives (a parameter) may be either (session 31, rt3 p126)."""
        values = set(condition)
        constant = not self.from_data(condition)
        if constant:
            self.constant_tests.add(node.lineno)
        given = self.from_params(condition)
        for branch, side in enumerate(sides):
            values.add(self.branch(("x", id(node), branch), side, node.lineno, branch))
            self.select_sides.add(("x", id(node), branch))
            if given or constant:  # (a condition of no data: a global, a closure's free
                # name may be a Python value, which a caller cannot change: rt2 p48, p50)
                self.param_selects.add(("x", id(node), branch))
        return values | named  # (`name=`, p28)

    def from_params(self, values: Iterable[Node]) -> bool:
        """Whether `values` may depend on a parameter (through ops, calls and locals)."""
        return self._depends(values, ("p", "pk"))

    def workspace_function(self, fn: ast.expr) -> bool:
        """A name that is not a library's function or a builtin (`shape_of`, a local alias
        of one), a method (`self.measure`, `helper.shape_of`), `functools.partial(...)` of
        one: code of the workspace, whose reads facts knows (session 31's second red team,
        p59-p61)."""
        if isinstance(fn, ast.Call) and (dotted_name(fn.func) or "").rpartition(".")[2] == \
                "partial" and fn.args:
            return self.workspace_function(fn.args[0])
        if isinstance(fn, ast.Lambda):  # `lambda t: shape_of(t)`: its own summary's reads
            return True  # (session 31's second red team, p64)
        if isinstance(fn, ast.Attribute):
            root = fn.value
            while isinstance(root, ast.Attribute):
                root = root.value
            return not isinstance(root, ast.Name) or \
                root.id in self.locals or root.id in self.params or \
                self.library is None or self.library(root.id) is None
        if not isinstance(fn, ast.Name):
            # `getattr(tf, "shape")`, `FNS["shape"]`, `ShapeOf()`: a function of no known value
            # (facts: not known to read the items; session 32's red team 2, p95-p97)
            return True
        return fn.id not in _PURE_BUILTINS and not hasattr(builtins, fn.id) and \
            (fn.id in self.locals or fn.id in self.params or
             self.library is None or self.library(fn.id) is None)

    def reads_items(self, fn: ast.expr) -> bool:
        """Whether the function `map_structure` is given may read the value of an item: not a
        shape function (`tf.zeros_like`), not a lambda that does not use its parameters."""
        if isinstance(fn, ast.Lambda):
            names = {a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]}
            names |= {a.arg for a in (fn.args.vararg, fn.args.kwarg) if a is not None}
            shapes = {id(a) for n in walk(fn.body) if isinstance(n, ast.Call) and
                      self.shape_only(n.func) for a in n.args}  # `lambda v: tf.zeros_like(v)`
            shapes |= {id(n.value) for n in walk(fn.body) if isinstance(n, ast.Attribute)
                       and n.attr in _STATIC_ATTRIBUTES}  # (p62, p63)
            return any(isinstance(n, ast.Name) and n.id in names and id(n) not in shapes
                       for n in walk(fn.body))
        return not self.shape_only(fn)

    def display_entry(self, display: ast.Dict, key: object,
                      state: dict[str, frozenset[Node]]) -> frozenset[Node]:
        """What `{...}[key]` reads: the last item of that key; of `**feats` (a keyed local)
        its entry, or its entries of keys not known; of `**other` all of it."""
        picked: frozenset[Node] = frozenset()
        for item_key, item in zip(display.keys, display.values, strict=True):
            if item_key is None:
                if isinstance(item, ast.Name) and item.id in self.keyed:
                    entry = state.get(_entry(item.id, key))
                    weak = frozenset(self.entries(item.id, [], state))
                    picked = (entry | weak) if entry is not None else picked | weak
                else:
                    picked = picked | self.expr(item, state)
                continue
            values = self.expr(item_key, state) | self.expr(item, state)
            if _constant_key(item_key) == key:
                picked = values
            elif _constant_key(item_key) == "*":
                picked = picked | values
        return picked

    def spread(self, value: ast.expr, state: dict[str, frozenset[Node]]
               ) -> list[frozenset[Node]] | None:
        """What `*value` gives in turn: a tuple or list display's items, a keyed local's
        numbered entries where it has no others (None for anything else)."""
        if isinstance(value, (ast.Tuple, ast.List)):
            if any(isinstance(e, ast.Starred) for e in value.elts):
                return None
            return [self.expr(e, state) for e in value.elts]
        if not (isinstance(value, ast.Name) and value.id in self.keyed) or \
                value.id in self.shifting or self.lost(value.id, value) or \
                any(node[0] == "s" for node in self.slots_of.get(value.id, ())):
            return None
        keys = [key for key, _ in _entries_of(value.id, state)]
        if sorted(keys, key=repr) != sorted(range(len(keys)), key=repr):
            return None
        return [frozenset(self.entries(value.id, [i], state)) for i in range(len(keys))]

    def spread_keywords(self, value: ast.expr, state: dict[str, frozenset[Node]]
                        ) -> list[tuple[str, frozenset[Node]]] | None:
        """What `**value` gives by keyword: a dict display's entries of string keys, a keyed
        local's entries where it has no others (None for anything else)."""
        if isinstance(value, ast.Dict):
            keys = [_constant_key(key) if key is not None else None for key in value.keys]
            if not all(isinstance(key, str) and key != "*" for key in keys):
                return None
            return [(key, self.expr(key_node, state) | self.expr(item, state))  # type: ignore
                    for key, key_node, item in zip(keys, value.keys, value.values,
                                                   strict=True)]
        if not (isinstance(value, ast.Name) and value.id in self.keyed) or \
                any(node[0] == "s" for node in self.slots_of.get(value.id, ())):
            return None
        entries = _entries_of(value.id, state)
        if not all(isinstance(key, str) for key, _ in entries):
            return None
        return [(key, frozenset(self.entries(value.id, [key], state)))  # type: ignore[misc]
                for key, _ in sorted(entries, key=lambda entry: repr(entry[0]))]

    def shape_only(self, func: ast.expr) -> bool:
        """`tf.shape(x)`, `K.int_shape`-like module functions, `len(x)`, `x.get_shape()`."""
        if isinstance(func, ast.Name):
            if func.id in self.locals or func.id in self.params:
                return False
            qualified = self.library(func.id) if self.library is not None else None
            return func.id in _SHAPE_BUILTINS if qualified is None else \
                qualified.rpartition(".")[2] in _SHAPE_FUNCTIONS  # (p27: `shape_of = tf.shape`)
        if not isinstance(func, ast.Attribute):
            return False
        if func.attr in _SHAPE_METHODS:
            return True
        root = func.value
        while isinstance(root, ast.Attribute):
            root = root.value
        # a module (`tf`, `tf.compat.v1`), not a local value (`table.size()`)
        return func.attr in _SHAPE_FUNCTIONS and isinstance(root, ast.Name) and \
            root.id not in self.locals and root.id not in self.params

    def comprehension(self, node: ast.expr, state: dict[str, frozenset[Node]]
                      ) -> frozenset[Node]:
        inner = dict(state)  # its targets are its own names
        values: set[Node] = set()
        late = self.late_generators.get(id(node), ())
        for i, generator in enumerate(node.generators):  # type: ignore[attr-defined]
            iterated = self.expr(generator.iter, inner)
            if i == 0:  # (its first iterable is evaluated where it is made)
                for name in late:  # what the name holds when it is consumed: not known
                    inner[name] = frozenset()
            values |= iterated
            self.bind_comprehension(generator.target, iterated, inner)
            self.iterating.append((generator.target, generator.iter))
            for test in generator.ifs:
                self.keep(self.expr(test, inner))
        if isinstance(node, ast.DictComp):
            values |= self.expr(node.key, inner) | self.expr(node.value, inner)
        else:
            values |= self.expr(node.elt, inner)  # type: ignore[attr-defined]
        del self.iterating[len(self.iterating) - len(node.generators):]  # type: ignore
        for name, defs in inner.items():  # a walrus inside binds the enclosing scope's name
            if name not in state or state[name] != defs:
                if any(isinstance(n, ast.NamedExpr) and n.target.id == name
                       for n in walk(node)):
                    state[name] = defs
        return frozenset(values)

    def bind_comprehension(self, target: ast.expr, value: frozenset[Node],
                           state: dict[str, frozenset[Node]]) -> None:
        for n in walk(target):
            if isinstance(n, ast.Name):
                key = ("d", id(n))
                self.edge(key, value)
                state[n.id] = frozenset({key})


_EXITS = (ast.Return, ast.Raise, ast.Break, ast.Continue)


def _ending(body: list[ast.stmt]) -> str:
    """How a block ends: "raises" (a `raise`, or an `if` both branches of which raise),
    "returns" (it always leaves by a `return`, `break` or `continue`, or raises), "falls"
    (it may run on past its end)."""
    if not body:
        return "falls"
    last = body[-1]
    if isinstance(last, ast.Raise):
        return "raises"
    if isinstance(last, _EXITS):
        return "returns"
    if isinstance(last, ast.If):
        ends = {_ending(last.body), _ending(last.orelse)}
        return "falls" if "falls" in ends else "raises" if ends == {"raises"} else "returns"
    return "falls"


def _exits(body: list[ast.stmt]) -> bool:
    """A `return` or `break` in a loop's body (not in its nested functions or loops' `break`s:
    counted all the same, the side of declining)."""
    return any(isinstance(n, (ast.Return, ast.Break)) for n in _own_nodes(body))


def _join(state: dict[str, frozenset[Node]], other: dict[str, frozenset[Node]]) -> None:
    for name, defs in other.items():
        state[name] = state.get(name, frozenset()) | defs


def _pattern_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.MatchAs) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchStar) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    return []
