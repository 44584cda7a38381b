"""Summarize one function body (or the module's top level, or a lambda): its calls with the
abstract values of their arguments, its writes, reads, hazards and tensor arithmetic.

One visitor per function walks the body once, with one handler per node kind (pyflakes style).
"""

from __future__ import annotations

import ast
import builtins
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from hybridize.analysis import (
    dict_writes,
    fresh_objects,
    function_objects,
    graph_rewrites,
    grown_lists,
    implicit_calls,
    liveness,
    python_builtins,
    rebinding,
    scoped_assignments,
    static_values,
    tfapi,
    tracing,
)
from hybridize.analysis import values as V
from hybridize.analysis.body_names import body_names
from hybridize.analysis.summary_model import (
    ESCAPED,
    CallSite,
    Effect,
    FunctionSummary,
    Hazard,
    Read,
    Values,
    Wrapper,
)
from hybridize.analysis.syntax import (
    MODULE_QUALNAME,
    NO_EFFECT_ON_SELF,
    ScopeFacts,
    _literal_kind,
    _walk_local,
    call_column,
    dotted_name,
    random_generator,
    scope_facts,
    walk,
    walk_statements,
)

if TYPE_CHECKING:
    from hybridize.analysis.summaries import Summarizer

# Default-deny: what the visitor does with every statement and expression kind that `ast.parse`
# produces on Python 3.10-3.13. A kind missing from these tables (a newer Python's) or listed as
# unmodelled makes the verdict unknown (UNDETERMINABLE_CONSTRUCT, naming the construct);
# tests/test_constructs.py checks the tables against the running Python's `ast` module.
STATEMENTS: dict[str, str] = {
    "FunctionDef": "summarized as a function of its own; binds its name",
    "AsyncFunctionDef": "summarized; a coroutine is never converted",
    "ClassDef": "summarized as a class; binds its name",
    "Return": "its values are the function's results (Python values change type in a graph)",
    "Delete": "deleting an item or attribute of an outside object is a write",
    "Assign": "binds values; item and attribute stores on outside objects are writes",
    "AugAssign": "arithmetic and a rebinding (or a write)",
    "AnnAssign": "as Assign",
    "TypeAlias": "binds a type alias: nothing runs",
    "For": "a loop over a tensor or dataset must not carry Python state",
    "AsyncFor": "only in coroutines, which are never converted",
    "While": "a tensor condition is tensor-dependent control flow",
    "If": "a tensor condition is tensor-dependent control flow",
    "With": "the context values are evaluated and bound",
    "AsyncWith": "only in coroutines, which are never converted",
    "Raise": "raises at trace time as it does eagerly (its operands are evaluated)",
    "Try": "an `except` catches op errors eagerly, not in a graph (HAS_EXCEPTION_HANDLING)",
    "TryStar": "as Try",
    "Assert": "an assert on a tensor needs its value",
    "Import": "binds a module name (the import itself runs at trace time: unknown effects)",
    "ImportFrom": "as Import",
    "Global": "declares names", "Nonlocal": "declares names",
    "Expr": "evaluated", "Pass": "nothing", "Break": "jumps", "Continue": "jumps",
}
UNMODELLED_STATEMENTS: dict[str, str] = {
    "Match": "a `match` statement (how its patterns behave on tensors is not modelled)",
}
EXPRESSIONS: dict[str, str] = {
    "BoolOp": "and/or: AutoGraph converts them on tensors", "NamedExpr": "binds and evaluates",
    "BinOp": "arithmetic", "UnaryOp": "arithmetic; `not`", "Lambda": "a function of its own",
    "IfExp": "a tensor condition is tensor-dependent control flow", "Dict": "a container",
    "Set": "a container", "ListComp": "a comprehension: iterating a tensor needs its value",
    "SetComp": "as ListComp", "DictComp": "as ListComp", "GeneratorExp": "as ListComp",
    "Await": "only in coroutines", "Yield": "only in generators, never converted",
    "YieldFrom": "only in generators", "Compare": "comparison; `in` on a tensor needs its value",
    "Call": "resolved to a workspace function or a known library symbol, else unknown",
    "FormattedValue": "formatting a tensor needs its value", "JoinedStr": "an f-string",
    "Constant": "a literal", "Attribute": "an attribute read", "Subscript": "an item read",
    "Starred": "unpacking", "Name": "a name read", "List": "a container",
    "Tuple": "a container", "Slice": "its bounds are evaluated",
}
UNMODELLED_EXPRESSIONS: dict[str, str] = {}
# Builtins that return the module's namespace when called with nothing (eval_Call, eval_Name).
_NAMESPACE_BUILTINS = frozenset({"globals", "locals", "vars"})
# A function's or a frame's global namespace (eval_Attribute; session 24).
_GLOBALS_ATTRIBUTES = frozenset({"__globals__", "f_globals", "f_locals", "func_globals"})
# Methods of a Python list, tuple or string that read arguments as ints (`__index__`), by
# position and keyword: a tensor there converts eagerly and raises TypeError traced
# (a red team of session 24: `parts.index(v, i)`, `"abcd".find("c", i)`).
_INT_ARGUMENT_METHODS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "index": ((1, 2), ("start", "end")), "rindex": ((1, 2), ()), "find": ((1, 2), ()),
    "rfind": ((1, 2), ()), "count": ((1, 2), ()), "startswith": ((1, 2), ()),
    "endswith": ((1, 2), ()), "center": ((0,), ()), "ljust": ((0,), ()), "rjust": ((0,), ()),
    "zfill": ((0,), ()), "expandtabs": ((0,), ("tabsize",)), "split": ((1,), ("maxsplit",)),
    "rsplit": ((1,), ("maxsplit",)), "replace": ((2,), ("count",)),
}
# `operator.getitem(parts, i)`: as `parts[i]` (bodies.note_index; session 24)
_ITEM_FUNCTIONS = frozenset({"operator.getitem", "operator.setitem", "operator.delitem",
                             "_operator.getitem", "_operator.setitem", "_operator.delitem"})
# Calls that list a module's (or an object's) namespace, functions included.
_NAMESPACE_READERS = frozenset({"vars", "builtins.vars", "inspect.getmembers",
                                "inspect.getmembers_static"})
# Value prefixes that may stand for a workspace function (values.py): one itself, or a
# placeholder the program resolves (bodies.pooled_escape).
_MAY_HOLD_FUNCTION = ("fn:", "bfn:", "e|", "v|", "p|", "q|", "a|")
# Expressions whose value is never a function (a container's elements are noted themselves;
# an item of a container is of unknown kind to the values, calls.element_of).
_NO_FUNCTION_EXPRESSIONS = (ast.Constant, ast.JoinedStr, ast.BinOp, ast.UnaryOp, ast.Compare,
                            ast.List, ast.Tuple, ast.Set, ast.Dict, ast.ListComp, ast.SetComp,
                            ast.DictComp, ast.GeneratorExp, ast.Subscript)
# Value uses that run the object's special methods (`__bool__`, `__iter__`, `__format__`, ...).
IMPLICIT_USES = frozenset({"if", "while", "assert", "ifexp", "comp-if", "format", "strformat",
                           "in", "for", "comp-for", "boolop", "not"})
# Builtins whose result is (part of) their first argument's object, not a new one.
SHARED_RESULT_BUILTINS = frozenset({"type", "getattr", "vars"})
# Builtins whose result is one of their arguments or an element of one (root_of; a red team of
# session 25: `h = next(iter(LISTS)); h.append(x)`), and shallow copies, whose elements and
# attributes are the original's (`copy.copy(LISTS)[0].append(x)`).
_ELEMENT_BUILTINS = frozenset({"next", "iter", "max", "min", "reversed", "functools.reduce"})
_BUILTIN_NAMES = frozenset(dir(builtins))
# Calls that only read their arguments (note_global_escapes): logging, printing, type tests.
_READING_CALLS = frozenset({"print", "isinstance", "issubclass", "callable", "hasattr", "id",
                            "type", "repr", "format", "hash", "len", "warnings.warn"})
_READ_ONLY_LIBRARIES = frozenset({"logging", "absl", "warnings", "pprint"})
# Builtins and library functions whose result is a new object holding none of their
# arguments' objects (shared_globals: a number, a string, a bool, a deep copy).
_FRESH_BUILTINS = frozenset({
    "len", "int", "float", "str", "bool", "repr", "hash", "id", "abs", "round", "isinstance",
    "issubclass", "callable", "hasattr", "ord", "chr", "format", "bytes", "complex", "divmod",
    "pow", "sum", "any", "all", "range", "copy.deepcopy", "os.path.join", "os.environ.get",
    "os.getenv"})
# The expressions whose object may hold others' objects while being new itself (a shallow
# copy, a display, a library's result: bind_target's local_held); a name copies its local_held.
_HOLDING_SOURCES = (ast.Call, ast.Dict, ast.List, ast.Tuple, ast.Set, ast.Name, ast.ListComp,
                    ast.DictComp, ast.SetComp, ast.BinOp)
_SHALLOW_COPIES = frozenset({"list", "tuple", "sorted", "dict", "set", "frozenset", "copy.copy",
                             "enumerate", "zip", "filter", "map", "reversed", "itertools.chain"})
# Builtins and library functions that run none of their arguments' special methods (or run
# the getter kinds: getattr, implicit_calls.GETTER) when called.
NO_SPECIAL_CALLS = frozenset({
    "isinstance", "issubclass", "id", "type", "callable", "super", "vars", "getattr", "setattr",
    "hasattr", "delattr", "globals", "locals"})
# Methods whose result shares its receiver's object or memory (a dict's getters, NumPy views),
# and NumPy functions whose result may be a view of their first argument (shared_globals).
SHARING_METHODS = frozenset({"get", "setdefault", "__getitem__", "reshape", "view", "ravel",
                             "transpose", "swapaxes", "squeeze", "values", "items"})
SHARING_FUNCTIONS = frozenset({"numpy.asarray", "numpy.reshape", "numpy.ravel",
                               "numpy.transpose", "numpy.squeeze", "numpy.expand_dims",
                               "numpy.atleast_1d", "numpy.atleast_2d", "numpy.asanyarray",
                               "numpy.swapaxes", "numpy.moveaxis"})
# Methods of a module's namespace dict (`globals()`, `vars(m)`, `m.__dict__`) that change
# which globals it holds.
NAMESPACE_WRITERS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__",
                               "__delitem__"})
# Python's own constructs that need the value of a tensor, and what they become in a graph.
NEEDS_VALUE = {
    "if": "an `if` decided by",
    "while": "a `while` decided by",
    "ifexp": "a conditional expression decided by",
    "assert": "an `assert` on",
    "format": "an f-string formatting",
    "strformat": "a string formatting (`%` or `.format`) of",
    "in": "an `in` test on",
    # `values.remove(w)`: each item compared with `w` (`==`), then bool() of the result
    "items-eq": "a list's `remove`/`index`/`count`, which compares items by `==`, on",
    "comp-if": "a comprehension condition on",
    "comp-for": "a comprehension iterating over",
    "identity": "an `is` test on",
    # AutoGraph makes `a and b` on a tensor `a` a tf.cond on it and `not a` a tf.logical_not:
    # both need a bool tensor (measured, TF 2.21: a float32 one raises InvalidArgumentError or
    # TypeError where Python's truth test ran eagerly; tests/fixtures/soundness/truth.py). On
    # a tensor known to be bool they give the same values (facts.value_use).
    "boolop": "an `and`/`or` decided by",
    "not": "a `not` on",
    "unpack": "unpacking",
}


class FunctionVisitor:
    """Summarizes one function body (or the module's top level, or a lambda)."""

    def __init__(self, summarizer: Summarizer, fn: FunctionSummary,
                 body: list[ast.stmt] | ast.expr, scopes: list[FunctionVisitor],
                 scope: ScopeFacts | None = None) -> None:
        self.s = summarizer
        self.ctx = summarizer.ctx
        self.fn = fn
        self.scopes = scopes  # enclosing function visitors, innermost last
        self.is_module = fn.qualname == MODULE_QUALNAME
        stmts = body if isinstance(body, list) else [ast.Expr(body)]
        self.is_lambda = not isinstance(body, list)
        self.expression = None if isinstance(body, list) else body  # a lambda's body
        self.rebound: set[str] = set()
        if self.is_module:
            self.local_names: set[str] = set()
            self.globals_declared: set[str] = set()
            self.nonlocals: set[str] = set()
        else:
            scope = scope or scope_facts(stmts)
            self.local_names = set(scope.local_names)
            self.globals_declared, self.nonlocals = scope.declared_global, scope.declared_nonlocal
            params = set(fn.params) | set(fn.kwonly) | {p for p in (fn.vararg, fn.kwarg) if p}
            # A parameter the body assigns (`x = tf.convert_to_tensor(x)`) holds what the callers
            # pass and whatever the body assigns: its reads are both (flow-insensitive).
            self.rebound = self.local_names & params
            # A nested function's `nonlocal x` may rebind a parameter whenever it runs.
            self.rebound |= rebinding.nested_nonlocal(stmts, params - self.rebound)
            self.local_names -= params
        self.rebound_at = rebinding.bindings(stmts, self.rebound)  # first line binding each
        shadowed = lambda n: n in self.local_names or n in self.globals_declared or \
            self.is_param(n)  # noqa: E731
        self.replaced_after = scoped_assignments.replaced_after(  # a `with tf.name_scope` too
            stmts, self.rebound, self.ctx.qualify, shadowed)
        # One walk of the body for the two passes below (body_names.py).
        names = body_names(stmts, self.local_names | self.rebound) \
            if self.local_names or self.rebound else None
        # A read after a straight-line `x = ...` with nothing in between sees its value alone.
        self.latest = scoped_assignments.LatestAssignments(
            stmts, self.local_names | self.rebound, self.ctx.qualify, shadowed, names) \
            if names is not None else None
        self.assigning: ast.stmt | None = None  # the assignment whose right side is evaluated
        # A local's last straight-line `x = ...`: later reads see its value alone.
        self.final_assign = scoped_assignments.final_assignments(
            stmts, self.local_names, self.ctx.qualify, shadowed, names)
        self.final_values: dict[str, tuple[int, Values]] = {}
        self.grown = grown_lists.grown_lists(stmts, self.local_names,  # `[]`, appends, returned
                                             names)
        self.loop_rebound: list[set[str]] = []  # per enclosing loop: the parameters it binds
        self.name_loops: list[tuple[str, list[str]]] = []  # enclosing `for n in ("a", "b")`
        # The names each enclosing loop binds to a call's result in its body (_made_in): an
        # argument among them may be a new object at each iteration (note_passed_attributes).
        self.loop_made: list[frozenset[str]] = []
        self.with_bound: list[set[str]] = []  # the `as` names of the enclosing `with`s
        self.patching = False  # evaluating a patch decorator (patch_decorator)
        # At a module's top level: a comprehension's name -> the `g:` keys of the globals
        # whose objects it iterates (root_of).
        self.comp_shared: dict[str, frozenset[str]] = {}
        self.body_made: frozenset[str] | None = None  # _made_in of the body, on first need
        self.called_getattrs: set[int] = set()  # ids of `getattr(...)` calls called at once
        self.pooled_site: CallSite | None = None  # pooled_escape's one site
        self.call_funcs: set[int] = set()  # ids of the expressions called (eval_Name)
        self.pooled_op = 0  # and the index of its `functions` op in fn.deferred
        self.tuple_cleared = False  # note_tuple_return: a `return` that is no tuple display
        self.narrowed: dict[str, Values] = {}  # `isinstance(n, int) and ...`: n is an int there
        self.local_roots: dict[str, set[str]] = {}
        # A local -> the owners of what its object holds, when that differs from the object's
        # own (`cfg = copy.copy(CONFIG)`, `cfg = {**BASE}`: a new dict of CONFIG's values).
        self.local_held: dict[str, set[str]] = {}
        # id of a Call -> who owns what it returns (root_of): "new" for a library's result,
        # "r:INDEX" for the call fn.calls[INDEX], which facts.result_roots follows into the
        # functions it runs (what they return that others hold: FunctionSummary.shared_returns)
        self.call_results: dict[int, str] = {}
        self.local_modules: dict[str, set[str]] = {}  # `m = config`: module_keys
        self.none_guard = 0
        # Names an enclosing `if isinstance(n, (list, tuple))` shows to hold a Python sequence
        # (and which its body never binds again): unpacking them unpacks a list.
        self.sequences: list[frozenset[str]] = []
        self.implicit_pending: dict[str, tuple] = {}  # implicit_calls.record, until run ends
        self.tv_reads: list[tuple[str, int]] = []  # (receiver text, line) of .trainable_variables
        self.call_lines: dict[str, int] = {}  # first line each callee text is called
        self.self_name = fn.params[0] if fn.kind == "method" and fn.params else None
        self.body = stmts
        self.forwarding: bool | None = None  # the `**` parameter only forwarded (computed once)
        self.held_by: dict[str, Values] = {}  # a name given to constructors: what they built
        self.subscript_bases: dict[int, Values] = {}  # id of `x[i]` -> the values of x
        self.masks = False  # a `&` or `|` (eval_BinOp)
        # line -> a `*`, `@`, `**`, `&` or `|` of it (liveness may find it folded: run)
        self.operations: dict[int, ast.BinOp] = {}
        self.loop_targets: list[frozenset[str]] = []  # the names each enclosing `for` binds

    def grow_attribute(self, func: ast.AST, method: str, args: list[Values], line: int) -> None:
        """`self.blocks.append(layer)`: the list held by the attribute also holds `layer` (so a
        list built empty and filled in a loop is known to hold layers)."""
        target = func.value if isinstance(func, ast.Attribute) else None
        if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                and target.value.id == self.self_name and self.fn.class_key):
            return
        cls = self.s.class_by_key.get(self.fn.class_key)
        if cls is None:
            return
        value = args[0] if method == "extend" else \
            self.defer("container", args[-1] if method == "insert" else args[0])
        cls.instance_attrs.setdefault(target.attr, []).append((value, self.fn.name, line))

    def grow_local(self, func: ast.AST, method: str, args: list[Values]) -> None:
        """`out.append(0.5)` on a local list: `out` also holds 0.5 (returned, a tf.function
        gives it back as a tensor: values.container_of)."""
        target = func.value if isinstance(func, ast.Attribute) else None
        if isinstance(target, ast.Name) and target.id in self.local_names and \
                not self.is_module:
            value = args[0] if method == "extend" else \
                self.defer("container", args[-1] if method == "insert" else args[0])
            self.fn.locals[target.id] = self.fn.locals.get(target.id, V.EMPTY) | value

    # -- names ---------------------------------------------------------------------------------
    def placeholder(self, kind: str, name: str) -> str:
        return sys.intern(f"{kind}|{self.fn.key}|{name}")

    def is_param(self, name: str) -> bool:
        fn = self.fn
        return name in fn.params or name in fn.kwonly or name in (fn.vararg, fn.kwarg)

    def lookup(self, name: str, line: int) -> Values:
        if self.is_module:
            return self.s.module_name_values(name)
        if name in self.globals_declared:
            self.fn.reads.append(Read(f"g:{self.ctx.import_name}.{name}", line, name))
            return frozenset({sys.intern(f"v|{self.ctx.module_fn}|{name}")})
        if name in self.narrowed:
            return self.narrowed[name]
        if self.latest is not None and (name in self.local_names or name in self.rebound):
            found = self.latest.value_at(name, line, self.assigning)
            if found is not None:
                return found
        if self.is_param(name):
            if name in self.rebound and line > self.replaced_after.get(name, sys.maxsize):
                return frozenset({self.placeholder("v", name)})  # assigned on every path
            if name in self.rebound and (line >= self.rebound_at.get(name, 0) or
                                         any(name in loop for loop in self.loop_rebound)):
                return frozenset({self.placeholder("p", name), self.placeholder("v", name)})
            return frozenset({self.placeholder("p", name)})
        if name in self.final_values and line > self.final_values[name][0]:
            return self.final_values[name][1]  # scoped_assignments.final_assignments
        if name in self.local_names:
            return frozenset({self.placeholder("v", name)})
        for outer in reversed(self.scopes):
            if outer.is_module:
                break
            if outer.is_param(name) or name in outer.local_names:
                kind = "p" if outer.is_param(name) else "v"
                self.fn.reads.append(Read(f"nl:{outer.fn.key}.{name}", line, name))
                if kind == "p" and name in outer.rebound:
                    return frozenset({f"p|{outer.fn.key}|{name}", f"v|{outer.fn.key}|{name}"})
                return frozenset({f"{kind}|{outer.fn.key}|{name}"})
        if (name in self.ctx.globals or name in self.ctx.defs) and name not in self.ctx.classes:
            # A function defined by `def` is read too: `global act; act = tf.abs` in another
            # function rebinds it, and a converted caller keeps the one it traced (a fourth
            # soundness audit, session 19).
            self.fn.reads.append(Read(f"g:{self.ctx.import_name}.{name}", line, name))
        elif name in self.ctx.imports:
            self.fn.reads.append(Read(f"g:{self.ctx.imports[name]}", line, name))
        elif name not in _BUILTIN_NAMES:
            # `from config import *`: the name may be a global of that module (red team A2 of
            # session 34, d6; a name no workspace module binds matches no write)
            for key, module in self.ctx.imports.items():
                if key.startswith("*"):
                    self.fn.reads.append(Read(f"g:{module}.{name}", line, name))
        return self.s.module_name_values(name)

    def library_module(self, node: ast.expr) -> bool:
        """`np.random`, `tf.nest`: a library module named by a dotted name (not an object)."""
        dotted = dotted_name(node)
        if not dotted:
            return False
        head = dotted.split(".")[0]
        if head in self.local_names or self.is_param(head):
            return False
        qualified = self.ctx.qualify(dotted)
        return bool(qualified) and qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES

    def alias_owner(self, node: ast.expr) -> Values | None:
        """The object (its values) one of whose attributes `node` reads, through items, views
        and method calls (`sc.opts`, `self.w[0:2]`, `self.w.reshape(-1)`, `np.asarray(self.w)`,
        `layer.get_opts()`, `getattr(sc, "opts")`), or what a name already shares: None when
        `node` reads no attribute of a named object."""
        for _ in range(8):
            if isinstance(node, (ast.Subscript, ast.Starred, ast.NamedExpr)):
                node = node.value
            elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                found = [o for e in node.elts if (o := self.alias_owner(e)) is not None]
                return frozenset().union(*found) if found else None
            elif isinstance(node, ast.Call):
                func = node.func
                head = (dotted_name(func) or "").split(".")[0]
                module_function = isinstance(func, ast.Attribute) and head in self.ctx.imports \
                    and head not in self.local_names and not self.is_param(head)
                if isinstance(func, ast.Name) and func.id == "getattr" and node.args and \
                        func.id not in self.local_names:
                    node = ast.Attribute(value=node.args[0], attr="_", ctx=ast.Load())
                elif isinstance(func, ast.Attribute) and func.attr in _NEW_OBJECT_METHODS:
                    return None  # `d.copy()`, `w.astype(...)`: a new object
                elif isinstance(func, ast.Attribute) and not module_function:
                    if isinstance(func.value, ast.Name):
                        # A getter (`layer.get_opts()`: no arguments) may hand out what an
                        # attribute holds; a method given arguments computes something new.
                        if node.args or node.keywords:
                            return None
                        return self.held_by.get(func.value.id) or self.eval(func.value)
                    node = func.value
                elif node.args and not isinstance(node.args[0], ast.Starred) and \
                        (dotted_name(func) or "").rsplit(".", 1)[-1] in _VIEW_FUNCTIONS:
                    node = node.args[0]  # np.asarray(self.w), np.reshape(self.w, ...)
                else:
                    return None
            elif isinstance(node, ast.Attribute):
                if node.attr in _STRING_DUNDERS:
                    return None  # `m.__class__.__name__`: a string, which nothing changes
                if isinstance(node.value, ast.Name):
                    return self.eval(node.value)
                node = node.value
            elif isinstance(node, ast.Name):
                return self.held_by.get(node.id)
            else:
                return None
        return None

    def foreign_target(self, target: ast.expr) -> bool:
        """A module-level store or change of another module's global (`helpers.SCALE = 5.0`,
        `CFG["k"] = 1` with CFG imported): that module may be imported after a call that ran a
        reader (a fourth audit of session 21: a plugin imported late), so it is a write
        wherever it stands."""
        node = target
        while isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.ctx.imports:
            return False
        return self.ctx.imports[node.id].split(".")[0] not in python_builtins.LIBRARY_PREFIXES

    def writes_at(self, line: int) -> bool:
        """A store or change at `line` counts as a write: in a function, always; at a module's
        top level, after a call that may run workspace code (rebinding.lines_after_calls),
        since before any it sets up, as an import does; a patch decorator's, always."""
        return not self.is_module or line in self.s.after_call_lines or self.patching

    def patch_decorator(self, node: ast.Call) -> None:
        """A patcher decorating a function defined here (`@mock.patch.object(helpers, "SCALE",
        5.0)`): its target changes while that function runs, whenever it does, so its writes
        count wherever the definition stands (writes_at)."""
        self.patching = True
        try:
            self.eval(node)
        finally:
            self.patching = False

    def note_setter(self, name: str, line: int, text: str) -> None:
        """A Keras global setting's setter named here (static_values.SETTER_KEYS): its
        setting's readers read it stale once traced (the stale-read check)."""
        self.s.global_writes.append((static_values.SETTER_KEYS[name], line,
                                     f"{self.fn.qualname}() names {text}"))

    def closure_write(self, name: str, value: Values) -> None:
        """`nonlocal x; x = v`: the enclosing function that owns `x` reads `v` too, wherever it
        reads `x` (a parameter is rebound there: rebinding.nested_nonlocal)."""
        for outer in reversed(self.scopes):
            if outer.is_module:
                return
            if name in outer.nonlocals:
                continue  # declared nonlocal there too: its owner is further out
            if outer.is_param(name) or name in outer.local_names:
                outer.fn.locals[name] = outer.fn.locals.get(name, V.EMPTY) | value
                return

    def root_of(self, node: ast.AST, depth: int = 0, inside: bool = False) -> set[str]:
        """Who owns the object an expression denotes: a parameter, a global, a closure, or new.
        An element or attribute of a call's result is "r:INDEX:in": anything the returned
        object holds (facts.result_roots), where "r:INDEX" is only the object itself."""
        roots = self.owner_roots(node, depth, inside)
        return _held(roots) if inside or isinstance(node, (ast.Attribute, ast.Subscript)) \
            else roots

    def builtin_name(self, node: ast.Call) -> str | None:
        """The qualified name of a call of a builtin or a library function by its name
        (`zip`, `copy.copy`), None for anything else."""
        name = dotted_name(node.func)
        head = (name or "").split(".")[0]
        if not name or head in self.local_names or self.is_param(head) or \
                (head in self.ctx.defs or head in self.ctx.globals) and "." not in name:
            return None
        return self.ctx.qualify(name) or name

    def owner_roots(self, node: ast.AST, depth: int = 0, inside: bool = False) -> set[str]:
        """root_of's; `inside`: of what the object holds (an element, an attribute, what a
        loop over it binds), which a display, a comprehension, a library's result or a
        method's result may share with its operands (a second red team of session 25: `for a,
        b in zip(LISTS, LISTS): a.append(x)`, `LISTS.copy()[0]`, `{**D}["a"]`)."""
        while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
            inside = inside or not isinstance(node, ast.Starred)
            node = node.value
        deeper = depth + 1
        if depth < 8 and isinstance(node, ast.IfExp):  # `HIST if flag else OTHER`
            return self.root_of(node.body, deeper, inside) | \
                self.root_of(node.orelse, deeper, inside)
        if depth < 8 and isinstance(node, ast.BoolOp):  # `CACHE or HIST`
            return set().union(*(self.root_of(v, deeper, inside) for v in node.values))
        if depth < 8 and isinstance(node, ast.NamedExpr):  # `(h := HIST)`
            return self.root_of(node.value, deeper, inside)
        if depth < 8 and inside and not self.is_module:
            parts: list[ast.expr] | None = None
            if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                parts = node.elts
            elif isinstance(node, ast.Dict):
                parts = [v if k is not None else ast.Starred(v) for k, v in
                         zip(node.keys, node.values, strict=True)]  # `{**D}`: D's values
            elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
                parts = [node.elt]
            elif isinstance(node, ast.DictComp):
                parts = [node.value]
            elif isinstance(node, ast.BinOp):  # `L + []`, `L * 2`
                parts = [ast.Starred(node.left), ast.Starred(node.right)]
            if parts is not None:
                return set().union(set(), *(
                    self.root_of(p.value, deeper, True) if isinstance(p, ast.Starred)
                    else self.root_of(p, deeper) for p in parts))
        if depth < 8 and isinstance(node, ast.Call) and not self.is_module and \
                not any(isinstance(a, ast.Starred) for a in node.args):
            qualified = self.builtin_name(node)
            given = [*node.args, *(kw.value for kw in node.keywords)]
            if node.args and qualified in _ELEMENT_BUILTINS:
                return set().union(*(self.root_of(a, deeper, True) for a in node.args))
            if inside and node.args and qualified in _SHALLOW_COPIES:
                # `copy.copy(CONFIG)["loss"]`, `dict(D)["a"]`: the original's elements (red
                # team A of session 33, p153)
                return set().union({"new"}, *(self.root_of(a, deeper, True) for a in given))
            if inside and self.call_results.get(id(node)) == "new":
                # a library's result: its elements may be its arguments' (zip, sorted, map,
                # filter, copy.copy, dict(**D), functools.reduce, ...)
                return set().union({"new"}, *(self.root_of(a, deeper, True) for a in given))
            if inside and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("copy", "values", "items", "keys"):
                # `LISTS.copy()[0]`, `D.values()`: what the receiver holds, besides what a
                # workspace method may return (r:)
                return self.root_of(node.func.value, deeper, True) | \
                    {self.call_results.get(id(node), "?")}
        if isinstance(node, ast.Name):
            name = node.id
            if self.is_module:
                if name in self.comp_shared:  # `[c.update(s=5.0) for c in CFGS]`
                    return set(self.comp_shared[name])
                return {f"g:{self.ctx.import_name}.{name}"} if name in self.ctx.globals else {"new"}
            if name in self.globals_declared:
                return {f"g:{self.ctx.import_name}.{name}"}
            if name in self.nonlocals:
                return {f"nl:{name}"}
            if self.is_param(name):
                return {f"p:{name}"}
            if name in self.local_names:
                if depth >= 8:
                    return {"?"}
                roots = set(self.local_roots.get(name, {"new"}))
                if inside and name in self.local_held:
                    # `cfg["loss"]` of `cfg = copy.copy(CONFIG)`: CONFIG's (red team A of
                    # session 33, p153, p154)
                    roots |= self.local_held[name]
                return roots
            for outer in reversed(self.scopes):
                if outer.is_module:
                    break
                if outer.is_param(name) or name in outer.local_names:
                    return {f"nl:{name}"}
            if name in self.ctx.imports:
                return {f"g:{self.ctx.imports[name]}"}
            if name in self.ctx.globals or name in self.ctx.classes or name in self.ctx.defs:
                # A module's class or function is shared state too: `Counter.hits += 1`
                # runs once per trace (measured: 2 of 3 calls counted as a tf.function).
                return {f"g:{self.ctx.import_name}.{name}"}
            return {"new"}
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in SHARING_METHODS and not self.library_module(node.func.value):
            # `d.get(k)`, `w.reshape(...)`, `w.view()`: the receiver's object or memory (not
            # `tf.reshape(x, s)`'s module)
            return self.root_of(node.func.value, depth + 1)
        if isinstance(node, ast.Call) and node.args and not self.is_module and \
                self.builtin_name(node) in SHARING_FUNCTIONS:
            # `view = np.asarray(MASK); view[i] = 0.0` changes MASK (red team A of session
            # 33, p98)
            return self.root_of(node.args[0], depth + 1)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args and \
                node.func.id in SHARED_RESULT_BUILTINS and node.func.id not in self.local_names \
                and node.func.id not in self.ctx.defs and not self.is_param(node.func.id):
            # `type(self).hits += 1`, `getattr(obj, "log").append(x)`: the object's own state.
            return self.root_of(node.args[0], depth + 1)
        if isinstance(node, ast.Call):
            # `h = inner(x); h.append(s)`: the object the call returned, which may be a global's
            # or an argument's (a red team of session 24); "?" for a call not evaluated yet. At
            # the top level too (`get().k = v` after a call of a reader: a red team of session
            # 25, p88; its effects count after a call only, write_effect).
            return {self.call_results.get(id(node), "?")}
        return {"new"}

    # -- expressions ---------------------------------------------------------------------------
    def defer(self, *op: object) -> Values:
        canon = self.s.canon
        self.fn.deferred.append(tuple(canon(x) if isinstance(x, frozenset) else x for x in op))
        return frozenset({self.placeholder("e", str(len(self.fn.deferred) - 1))})

    def eval(self, node: ast.AST | None) -> Values:
        if node is None:
            return V.EMPTY
        known = _EVAL_HANDLERS.get(node.__class__)
        if known is not None and known[0] in EXPRESSIONS:
            return known[1](self, node)  # type: ignore[no-any-return]
        kind = type(node).__name__
        method = getattr(self, f"eval_{kind}", None)
        if method is not None and kind in EXPRESSIONS:
            return method(node)  # type: ignore[no-any-return]
        if kind not in EXPRESSIONS and isinstance(node, ast.expr):
            self.unmodelled(node, UNMODELLED_EXPRESSIONS.get(kind, f"a `{kind}` expression"))
        self.visit_children(node)
        return V.UNKNOWN_SET

    def visit_children(self, node: ast.AST) -> None:
        """Every statement and expression under `node` (also under except handlers, match
        cases and patterns): effects anywhere in a body count."""
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                self.visit(child)
            elif isinstance(child, ast.expr):
                self.eval(child)
            elif not isinstance(child, (ast.expr_context, ast.operator, ast.boolop,
                                        ast.unaryop, ast.cmpop)):
                self.visit_children(child)

    def unmodelled(self, node: ast.AST, what: str) -> None:
        line = getattr(node, "lineno", self.fn.line)
        self.fn.hazards.append(Hazard("UNDETERMINABLE_CONSTRUCT", line,
                                      f"{what} at line {line} is not modelled"))

    def use(self, use: str, values: Values, line: int, detail: str = "") -> None:
        """A construct whose behaviour in a graph depends on whether `values` are tensors."""
        self.fn.value_uses.append((use, self.s.canon(values), line, detail))
        if use in IMPLICIT_USES:  # `if obj:`, `for v in obj`, f"{obj}": its special methods
            implicit_calls.record(self, values, None, implicit_calls.SPECIAL + use, line=line)

    def note_function_api(self, node: ast.Attribute, base: Values) -> None:
        """`f.get_concrete_function`: `f` is used as a tf.function (function_objects.py)."""
        if node.attr in function_objects.TF_FUNCTION_API or \
                node.attr in function_objects.PLAIN_FUNCTION_ATTRIBUTES:
            name = node.value.attr if isinstance(node.value, ast.Attribute) else \
                node.value.id if isinstance(node.value, ast.Name) else ""
            self.use(function_objects.API_USE, base, node.lineno, f"{name}|{node.attr}")

    def implicit(self, node: ast.expr, values: Values, method: str) -> None:
        """Python calls the object's special methods or property getter here (implicit_calls)."""
        root = sorted(self.root_of(node), key=_root_rank)[0]
        implicit_calls.record(self, values, node, method, root)

    def eval_Constant(self, node: ast.Constant) -> Values:
        return frozenset({_literal_kind(node.value)})

    def eval_JoinedStr(self, node: ast.JoinedStr) -> Values:
        for value in node.values:
            self.eval(value)
        return frozenset({"str"})

    def eval_FormattedValue(self, node: ast.FormattedValue) -> Values:
        self.use("format", self.eval(node.value), node.lineno)
        self.eval(node.format_spec)
        return frozenset({"str"})

    def eval_Name(self, node: ast.Name) -> Values:
        if node.id in _NAMESPACE_BUILTINS and id(node) not in self.call_funcs and \
                (node.id == "globals" or self.is_module) and self.is_builtin(node.id):
            # `G = globals` then `G()[name]`: the namespace builtin taken as a value may be
            # called anywhere (a red team of session 24).
            self.escape_site(node, frozenset({f"mod:{self.ctx.key}"}),
                             f"takes {node.id}, which looks this module's functions up")
        return self.lookup(node.id, node.lineno)

    def is_builtin(self, name: str) -> bool:
        """`name` is Python's builtin here: no local, parameter, def, import or global."""
        return not self.shadowed(name) and name not in self.ctx.defs and \
            name not in self.ctx.imports and name not in self.ctx.globals and \
            name not in self.ctx.classes

    def eval_Attribute(self, node: ast.Attribute) -> Values:
        static = dotted_name(node)
        if node.attr in tfapi.MUTATING_METHODS and isinstance(node.ctx, ast.Load):
            self.mutator_taken(node)
        if node.attr in _TENSOR_ARRAY_WRITES and isinstance(node.ctx, ast.Load) and \
                isinstance(node.value, ast.Name) and not self.is_module:
            # `writer = ta.write`: its calls' results are not seen (facts: a TensorArray's)
            self.use("tarr-method", self.lookup(node.value.id, node.lineno), node.lineno,
                     ast.unparse(node))
        if node.attr in static_values.SETTER_KEYS and isinstance(node.ctx, ast.Load):
            # `setters = [keras.config.set_floatx]`, functools.partial(K.set_epsilon, ...):
            # a setter named anywhere may be called later (default-deny: a write).
            self.note_setter(node.attr, node.lineno, static or node.attr)
        if static:
            qualified = self.ctx.qualify(static)
            if qualified and static.split(".")[0] not in self.local_names and \
                    not self.is_param(static.split(".")[0]):
                if isinstance(node.ctx, ast.Load) and not self.is_module and \
                        qualified.split(".")[0] not in python_builtins.LIBRARY_PREFIXES:
                    # `config.FLAG`: a module attribute that other code may assign.
                    self.fn.reads.append(Read(f"g:{qualified}", node.lineno, static))
                if node.attr == "__dict__" and isinstance(node.ctx, ast.Load):
                    self.escape_site(node, frozenset({sys.intern(
                        f"q|{self.ctx.key}|{qualified.rsplit('.', 1)[0]}")}),
                        f"looks functions up in {static}")  # `acts.__dict__[name]`
                return frozenset({sys.intern(f"q|{self.ctx.key}|{qualified}")})
        base = self.eval(node.value)
        if node.attr in _GLOBALS_ATTRIBUTES and isinstance(node.ctx, ast.Load):
            # `run.__globals__[name]`, `sys._getframe().f_globals[name]`: the module's
            # namespace (a function's own module, the frame's: taken as this one; another
            # module's function or a caller's frame is a known gap; session 24)
            self.escape_site(node, frozenset({f"mod:{self.ctx.key}"}),
                             f"looks this module's functions up in {ast.unparse(node)[:40]}")
        if node.attr in ("__defaults__", "__kwdefaults__") and isinstance(node.ctx, ast.Load):
            # `f.__defaults__[0](x, training=t)`: a call of a default no call site shows (a
            # red team of session 24)
            self.escape_site(node, self.defer("defaults", base),
                             f"calls what {ast.unparse(node)[:40]} holds")
        if node.attr == "__dict__":  # `obj.__dict__.update(d)`: any attribute of obj
            dict_writes.note_dictionary(self, node, node.value, base)
            if isinstance(node.ctx, ast.Load):  # `sys.modules[__name__].__dict__[name]`
                self.escape_site(node, self.module_values(node.value, base),
                                 f"looks functions up in {ast.unparse(node)[:40]}")
        if node.attr == "shape" and isinstance(node.ctx, ast.Load) and not self.is_module:
            # A static shape: concrete when traced from a call, None where an input_signature
            # leaves a dimension open (so P4 must not add one).
            self.use("static-shape", base, node.lineno, ast.unparse(node))
        if node.attr == "trainable_variables":
            self.tv_reads.append((ast.unparse(node.value), node.lineno))
        if isinstance(node.ctx, ast.Load):
            # `obj.__dict__[k]`: any attribute of obj, by a name the syntax does not show
            self.note_attribute_read(node.value, base, node.attr, node.lineno,
                                     f"self.{node.attr}")
            self.note_function_api(node, base)
        return self.defer("attr", base, node.attr)

    def note_attribute_read(self, value: ast.expr, base: Values, attr: str, line: int,
                            text: str, use: str = "attr-read") -> None:
        """A read of `value.attr` (`*`: of an attribute whose name is computed; `__dict__`: of
        any attribute too, facts.read_names): of `self`, a read of the class's attribute
        (facts.attribute_writer); of any other object, stale if any code assigns `X.attr` after
        the object was made (matched by attribute name: the objects are not tracked; their
        values decide at the end: a tensor's attributes never change). It may run a property's
        getter (`*`: any property) and the class's `__getattr__`. `use`: "attr-lookup" or
        "attr-test" (hasattr) for a lookup (note_lookup), which reads no member of a tensor
        (`hasattr(x, "numpy")`)."""
        if isinstance(value, ast.Name) and value.id == self.self_name and self.fn.class_key:
            self.fn.reads.append(Read(f"a:{self.fn.class_key}.{attr}", line, text))
        elif not self.is_module or use == "attr-lookup":  # (setup_methods: any getattr)
            self.use(use, base, line, attr)
        self.implicit(value, base, implicit_calls.GETTER + attr)

    def note_lookup(self, node: ast.Call, qualified: str, args: list[Values]) -> None:
        """`getattr(obj, name, default)`, `hasattr(obj, name)`, `getattr(obj, computed)`,
        `vars(obj)`: each reads the attributes it names as `obj.name` does (a tf.function
        keeps what it read while tracing: a soundness audit of session 41 measured all four
        keep their first value after the object's attribute changed). `getattr(obj, "name")`
        is `obj.name` already (summaries._ConstantGetattr). A name the syntax does not spell
        is any attribute: `*`; an f-string with literal ends (`f"{a}_id"`), those it can spell:
        `*PREFIX*SUFFIX` (setattr_names); `vars(obj)`, every attribute of `obj.__dict__`."""
        if not node.args or not args:
            return
        if any(isinstance(arg, ast.Starred) for arg in node.args[:2]):
            self.use("attr-lookup", V.UNKNOWN_SET, node.lineno, "*")  # `getattr(*pair)`
            return
        if qualified in ("vars", "builtins.vars") or len(node.args) < 2:
            names = ["__dict__"]  # `vars(obj)` is `obj.__dict__`
        else:
            names = [n if n.isidentifier() or n.startswith("*") else "*"
                     for n in self.setattr_names(node.args[1]) or ["*"]]
        use = "attr-test" if qualified in ("hasattr", "builtins.hasattr") else "attr-lookup"
        for name in sorted(set(names)):
            self.note_attribute_read(node.args[0], args[0], name, node.lineno,
                                     ast.unparse(node)[:60], use)

    def eval_Subscript(self, node: ast.Subscript) -> Values:
        base = self.eval(node.value)
        if not self.is_module:
            self.subscript_bases[id(node)] = base  # liveness: an index whose result is unused
        self.implicit(node.value, base, implicit_calls.SPECIAL + "item")
        # `TABLE[key]`, `rows[knob]`: the key's `__hash__`/`__eq__`, the index's `__index__`
        index = self.eval(node.slice)
        self.implicit(node.slice, index, implicit_calls.SPECIAL + "index")
        self.note_index(node, base, index)
        self.fn.arithmetic.append((base, node.lineno))
        if self.module_ref(node) is not None:  # `sys.modules[__name__]`
            return self.module_values(node, V.UNKNOWN_SET)
        if isinstance(node.slice, ast.Constant) and type(node.slice.value) in (int, str):
            # `param["mean"]`, `inputs[0]`: a fixed element (static_values: its static shape).
            return self.defer("item", base, "const")
        return self.defer("item", base)

    def note_code_writes(self, node: ast.Call, args: list[Values], kwargs: dict[str, Values],
                         what: str) -> None:
        """Code the engine does not follow (`exec`, setattr given as a value) may set any
        attribute of the objects it reaches: those the call is given and those this scope's
        names hold (a value of unknown kind among them is not taken for every object: in a
        workspace with one `exec`, every attribute and global read would be stale)."""
        names = sorted(self.local_names | set(self.fn.params))
        scope = frozenset().union(*args, *kwargs.values(),
                                  *(self.lookup(name, node.lineno) for name in names))
        if scope:
            self.use("attr-write", self.defer("objects", scope), node.lineno, f"*|{what}")

    def qualified_name(self, node: ast.expr) -> str | None:
        """The qualified name a dotted expression spells where it is an import's or a builtin's
        (`tf.reduce_sum`, `setattr`), not a local's or a parameter's: a callee's (eval_Call),
        or setattr given as a value."""
        static = dotted_name(node)
        if not static:
            return None
        head = static.split(".")[0]
        if self.is_param(head) or head in self.local_names:
            return None
        return self.ctx.qualify(static) or (
            static if static in tfapi.BUILTINS and head not in self.ctx.defs else None)

    def module_values(self, node: ast.expr, values: Values) -> Values:
        """The module `node` looks up by name (module_ref: `sys.modules[__name__]`,
        `sys.modules.get("pkg.acts")`, `importlib.import_module(...)`), as a value whose
        functions escape where it is looked through (`vars(...)`, `getattr(..., name)`, a
        red team of session 23); else `values`. A name not written out: `values` (a known
        gap)."""
        ref = self.module_ref(node)
        if ref is None and self.ctx.qualify(dotted_name(node) or "") == "__main__":
            ref = "__main__"  # `import __main__`
        if ref is None and isinstance(node, ast.Call) and len(node.args) == 1 and \
                self.ctx.qualify(dotted_name(node.func) or "") == "inspect.getmodule" and \
                isinstance(node.args[0], ast.Name) and node.args[0].id in self.ctx.defs and \
                not self.shadowed(node.args[0].id):
            ref = self.ctx.import_name  # `inspect.getmodule(run)`: run's module, this one
        if ref is None or ref == "*":
            return values
        if ref in (self.ctx.import_name, "__main__"):
            # (`__main__`: the script, taken as this module; another module run as the script
            # looking this one's functions up is a known gap)
            return frozenset({f"mod:{self.ctx.key}"})
        return frozenset({sys.intern(f"q|{self.ctx.key}|{ref}")})

    def note_index(self, node: ast.Subscript, base: Values, values: Values) -> None:
        """`SCALES[i]`, `parts[i] = v`, `x.shape[axis]`: eagerly a tensor index converts to an
        int (`__index__`), traced it cannot (TypeError; NotImplementedError on an ndarray);
        a tensor indexed by a tensor is a graph op (a red team of session 23, TF 2.21). An
        `index` use of the index's values beside an `indexed` use of the container's, at the
        same position (facts.tensor_index). Not a slice's bounds (a known gap) or a literal."""
        index = node.slice
        if isinstance(index, ast.Slice):
            # `parts[i:]`, `parts[i:] + parts[:i]` with a tensor `i`: the bounds are read as
            # ints (`__index__`) too (a red team of session 23; session 24)
            if all(b is None or isinstance(b, ast.Constant)
                   for b in (index.lower, index.upper, index.step)):
                return
        elif isinstance(index, ast.Constant) or isinstance(index, ast.Tuple) and \
                all(isinstance(e, ast.Slice | ast.Constant) for e in index.elts):
            return  # (`x[:, 0]`, `x[..., 1:]`: no value that may be a tensor; a tuple of
            # slices indexes an ndarray or a tensor only, a known gap for an ndarray)
        if self.is_module:
            return
        self.index_uses(node, base, values)

    def index_uses(self, node: ast.expr, base: Values, values: Values) -> None:
        """The `indexed` (container) and `index` uses at `node`'s position, paired by
        facts.tensor_index."""
        where = f"{node.col_offset}"
        self.use("indexed", base, node.lineno, where)
        self.use("index", values, node.lineno, where)

    def eval_BinOp(self, node: ast.BinOp) -> Values:
        left, right = self.eval(node.left), self.eval(node.right)
        if not self.is_module and isinstance(node.op, liveness.FAILING_OPERATORS):
            self.subscript_bases[id(node)] = left | right  # liveness: an unused `a // b`
        elif isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            self.masks = True  # liveness: `m & b` of a Python or constant side folds
        if not self.is_module and isinstance(node.op, (ast.BitAnd, ast.BitOr, ast.Mult,
                                                       ast.MatMult, ast.Pow)):
            # liveness: an operand no data computes may fold the operation (run: a
            # "constant-product" or "constant-select" use where it does; facts.branch_kept)
            self.operations.setdefault(node.lineno, node)
        if isinstance(node.op, ast.Mod) and (
                isinstance(node.left, ast.JoinedStr) or isinstance(node.left, ast.Constant) and
                isinstance(node.left.value, str) or left == frozenset({"str"})):
            # `"%s" % x`, `"%.2f" % (a, b)`: formats as an f-string does (session 23).
            self.use("strformat", right, node.lineno)
            return frozenset({"str"})
        self.implicit(node.left, left, implicit_calls.SPECIAL + "operator")
        self.implicit(node.right, right, implicit_calls.SPECIAL + "operator")
        self.fn.arithmetic.append((left | right, node.lineno))
        if isinstance(node.op, ast.MatMult):  # tensor use, for --speculative (speculative.py)
            self.use("matmul", left | right, node.lineno, "@")
        if isinstance(node.op, ast.Div):
            return self.defer("binop", left, right, "/")  # int / int is a float
        return self.defer("binop", left, right)

    def eval_UnaryOp(self, node: ast.UnaryOp) -> Values:
        operand = self.eval(node.operand)
        self.implicit(node.operand, operand, implicit_calls.SPECIAL + "operator")
        if isinstance(node.op, ast.Not):
            if not self.bool_valued(node.operand):
                self.use("not", operand, node.lineno)
            return frozenset({"bool"})
        self.fn.arithmetic.append((operand, node.lineno))
        return self.defer("binop", operand, operand)  # one operand: both sides

    def eval_BoolOp(self, node: ast.BoolOp) -> Values:
        out: set[str] = set()
        saved = dict(self.narrowed)
        try:
            for i, value in enumerate(node.values):
                operand = self.eval(value)
                out |= operand
                if i < len(node.values) - 1 and not self.bool_valued(value):
                    self.use("boolop", operand, node.lineno)  # decides whether the rest runs
                if isinstance(node.op, ast.And):
                    # `isinstance(n, int) and n < 1`: the rest runs only when n is an int
                    # (else the `and` is the isinstance's False, a Python bool).
                    self.narrowed.update(self.isinstance_kinds(value, node))
        finally:
            self.narrowed = saved
        return frozenset(out)

    def bool_valued(self, node: ast.expr) -> bool:
        """A Python bool or a bool tensor by its form: a comparison, `not`, an `and`/`or` of
        such, a bool literal, an op that returns bool (tfapi.BOOL_OPS). On a bool tensor
        AutoGraph's `and`/`or`/`not` give the values Python's did (measured, TF 2.21: tests/
        corpus semantics/conversions.py `any_negative_and_large`)."""
        if isinstance(node, ast.Compare):
            return True
        if isinstance(node, ast.UnaryOp):
            return isinstance(node.op, ast.Not)
        if isinstance(node, ast.BoolOp):
            return all(self.bool_valued(v) for v in node.values)
        if isinstance(node, ast.Constant):
            return isinstance(node.value, bool)
        if isinstance(node, ast.Call):
            return tfapi.normalize(self.ctx.qualify(dotted_name(node.func) or "") or "") \
                in tfapi.BOOL_OPS
        return False

    def forwarded_kwargs(self, node: ast.Call) -> str:
        """The name of this function's own `**` parameter when the call forwards it as its only
        starred argument (`apply(x, **kwargs)`) and the body uses it nowhere else: the dict is
        then exactly what the function's callers passed under names it does not take."""
        kwarg = self.fn.kwarg
        if not kwarg or self.is_module or self.forwarding is False or \
                any(isinstance(a, ast.Starred) for a in node.args):
            return ""
        starred = [kw for kw in node.keywords if kw.arg is None]
        if len(starred) != 1 or not (isinstance(starred[0].value, ast.Name) and
                                     starred[0].value.id == kwarg):
            return ""
        if self.forwarding is None:
            self.forwarding = _only_forwarded(self.body, kwarg)
        return kwarg if self.forwarding else ""

    def isinstance_kinds(self, test: ast.expr, chain: ast.BoolOp) -> dict[str, Values]:
        """{name: its Python kinds} for `isinstance(name, int)` (or a tuple of int, float,
        bool, str, none of them shadowed) on a parameter or local of this function that the
        `and` chain does not bind again (`:=`)."""
        if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and
                test.func.id == "isinstance" and len(test.args) == 2 and not test.keywords and
                isinstance(test.args[0], ast.Name)):
            return {}
        name = test.args[0].id
        types = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
        ctx = self.ctx
        if self.is_module or not (self.is_param(name) or name in self.local_names) or any(
                isinstance(n, ast.NamedExpr) and n.target.id == name for n in walk(chain)):
            return {}
        kinds = [t.id for t in types if isinstance(t, ast.Name)]
        if len(kinds) != len(types) or any(
                k not in V.PRIMITIVES or self.is_param(k) or k in self.local_names or
                k in ctx.globals or k in ctx.defs or k in ctx.classes or k in ctx.imports
                or "isinstance" in (*ctx.globals, *ctx.defs, *ctx.imports) for k in kinds):
            return {}
        return {name: frozenset(kinds)}

    def eval_Compare(self, node: ast.Compare) -> Values:
        operands = head = self.eval(node.left)
        self.implicit(node.left, operands, implicit_calls.SPECIAL + "comparison")
        left = operands
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.eval(comparator)
            self.implicit(comparator, right, implicit_calls.SPECIAL + "comparison")
            if isinstance(op, (ast.In, ast.NotIn)):
                self.use("in", right, node.lineno)
                # `mode in ("a", "b")`: Python compares the left side with each element and
                # asks bool() of the result: a tensor there raises while traced
                # (OperatorNotAllowedInGraphError; eagerly True or False, measured).
                self.use("in", left, node.lineno)
            elif isinstance(op, (ast.Is, ast.IsNot)) and not any(
                    isinstance(side, ast.Constant) for side in (node.left, comparator)):
                # `x is DEFAULT`: a traced argument is a new symbolic tensor, never the object
                # the caller passed (measured: True eagerly, False as a tf.function).
                self.use("identity", operands | right, node.lineno)
            operands |= right
            left = right
        if all(isinstance(op, (ast.Is, ast.IsNot, ast.In, ast.NotIn)) for op in node.ops):
            return frozenset({"bool"})
        self.fn.arithmetic.append((operands, node.lineno))
        # The left operand, then every operand: `boxes > 0.3` is a tensor (a Python value
        # only where the left side may be a Python number too: calls.binop); of Python values,
        # a bool (`epoch > 0`: session 34's red team D, p44).
        return self.defer("binop", head, operands, "cmp")

    def eval_IfExp(self, node: ast.IfExp) -> Values:
        self.use("ifexp", self.eval(node.test), node.lineno)
        return self.eval(node.body) | self.eval(node.orelse)

    def eval_container(self, elements: list[ast.expr]) -> Values:
        items = [self.eval(e) for e in elements]
        for element, values in zip(elements, items, strict=True):
            self.note_escape(element, values, "stores {} in a container")
        return self.defer("container", frozenset().union(*items) if items else V.EMPTY)

    def note_escape(self, node: ast.expr, values: Values, how: str) -> None:
        """`FNS = {"g": gate}`, `functools.partial(gate, training=t)`: a workspace function
        named here goes where its calls are not followed (a container's elements are of
        unknown kind; a partial of a workspace function is not modelled), so what those
        calls pass is unseen (a red team of session 21: `FNS["g"](x, training=tensor)` met a
        `gate` converted on `training=False`). An ESCAPED call site with unknown arguments
        stands for them (calls.py binds it to plain functions only). Only a name of this
        module's `def`s or one imported from a workspace module (not a parameter or a
        library's), `module.function`, or a local bound to a module's name (`f = gate;
        FNS = [f]`, session 23: the program expands it to the functions it may hold)."""
        dotted = dotted_name(node)
        if not dotted:
            if not isinstance(node, _NO_FUNCTION_EXPRESSIONS) and not self.library_call(node):
                self.pooled_escape(node, values, how)  # `{"g": get_gate()}`, a lambda
            return
        head = dotted.split(".")[0]
        if head in self.local_names and "." not in dotted and \
                any(v.startswith(("g:", "fn:")) for v in values):
            self.escape_site(node, values, how.format(dotted))
            return
        if "." in dotted and head not in self.ctx.imports:
            # `self.f`, `net.gate`: a bound method, when it names one of this module's
            # methods (the program binds only bound methods to it; session 23).
            if dotted.rsplit(".", 1)[1] in self.ctx.method_names:
                self.escape_site(node, values, how.format(dotted))
            else:  # `[self.act]` after `self.act = gate` (session 24)
                self.pooled_escape(node, values, how)
            return
        if head in self.local_names or self.is_param(head) or head in self.globals_declared \
                or "." not in dotted and head not in self.ctx.defs and \
                head not in self.ctx.imports:
            # A local, a parameter or a module's global that may hold a function (`f =
            # make(); [f]`, `def wrap(fn): return [fn]`, `G = gate` then `[G]`: session 24)
            self.pooled_escape(node, values, how)
            return
        qualified = self.ctx.qualify(dotted) or ""
        if qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES or \
                qualified in tfapi.BUILTINS:
            return
        self.escape_site(node, values, how.format(dotted))

    def library_call(self, node: ast.expr) -> bool:
        """`tf.matmul(a, b)`, `np.zeros(3)`: a call of a library function by its dotted name,
        whose result is no workspace function (a `functools.partial` or `tf.function` of one
        is noted where it is made)."""
        if not isinstance(node, ast.Call):
            return False
        dotted = dotted_name(node.func)
        if not dotted or self.shadowed(dotted.split(".")[0]):
            return False
        qualified = self.ctx.qualify(dotted) or ""
        return qualified.split(".")[0] in ("tensorflow", "numpy", "keras", "tf_keras", "math")

    def pooled_escape(self, node: ast.expr, values: Values, how: str) -> None:
        """Values that may hold a workspace function only the program can tell (a call's
        result, a local, a parameter, an attribute, a lambda: a red team of session 23 found
        functions escaping through a factory's result, a lambda wrapper, a tuple returned, an
        alias global): one ESCAPED site per function holds them all, and the program binds
        whatever functions they expand to as any escaped function (a site per element would
        multiply the sites of every `tf.concat([a, b])`)."""
        if not any(v.startswith(_MAY_HOLD_FUNCTION) for v in values):
            return
        site = self.pooled_site
        if site is None:
            what = ast.unparse(node)
            what = what if len(what) <= 40 else what[:37] + "..."
            # Its callee is the functions among the values only (program.py's `functions`
            # op): every reader of a call site's callee sees a function or nothing, never the
            # tensors, layers or unknown values stored beside it.
            self.escape_site(node, self.defer("functions", values), how.format(what))
            self.pooled_site = self.fn.calls[-1]
            self.pooled_op = len(self.fn.deferred) - 1
        else:
            pooled = self.fn.deferred[self.pooled_op][1]
            if not values <= pooled:
                self.fn.deferred[self.pooled_op] = ("functions", self.s.canon(pooled | values))
                if not site.text.endswith(", among others"):
                    site.text += ", among others"

    def escape_site(self, node: ast.expr, values: Values, text: str) -> None:
        """An ESCAPED call site of the functions `values` may hold (program.py: a module's
        value stands for each of its plain functions)."""
        self.fn.calls.append(CallSite(
            line=node.lineno, col=node.col_offset, text=text, callee=self.s.canon(values),
            receiver=None, method=None, receiver_root="?", args=[], arg_roots=[], kwargs={},
            kwarg_roots={}, starred=True, guarded_by_none_check=False, static=ESCAPED))

    def eval_List(self, node: ast.List) -> Values:
        return self.eval_container(node.elts)

    def eval_Tuple(self, node: ast.Tuple) -> Values:
        return self.eval_container(node.elts)

    def eval_Set(self, node: ast.Set) -> Values:
        return self.eval_container(node.elts)

    def eval_Dict(self, node: ast.Dict) -> Values:
        for key in node.keys:
            self.eval(key)
        return self.eval_container(node.values)

    def eval_comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp,
                           element: ast.expr) -> Values:
        for gen in node.generators:
            iterable = self.eval(gen.iter)
            self.use("comp-for", iterable, node.lineno)
            if self.is_module:
                # A top-level comprehension's names share the global container's objects
                # (root_of; a follow-up audit of session 21: `[c.update(s=5.0) for c in CFGS]`).
                shared = self.shared_globals(gen.iter)
                for target in walk(gen.target):
                    if isinstance(target, ast.Name) and shared:
                        self.comp_shared[target.id] = frozenset(shared)
            literals = _literal_elements(gen.iter)
            if literals is not None and isinstance(gen.target, ast.Name):
                self.bind_target(gen.target, literals, {"new"})  # as in visit_For
            else:
                self.bind_target(gen.target, self.defer("iter", iterable),
                                 self.root_of(gen.iter, inside=True))
            for cond in gen.ifs:
                self.use("comp-if", self.eval(cond), node.lineno)
        # A loop too: what its targets name is another object at each iteration, and a call
        # in it may run more than once (`[step(m, x) for m in models]`, `[step(Dense(1), x)
        # for _ in range(2)]`: a red team of session 23; facts.made_per_iteration and
        # runs_repeatedly).
        self.use("loop", V.EMPTY, node.lineno, str((node.end_lineno or node.lineno) -
                                                   node.lineno))
        self.loop_made.append(frozenset(n.id for gen in node.generators
                                        for n in walk(gen.target)
                                        if isinstance(n, ast.Name)))
        try:
            value = self.eval(element)
            self.note_escape(element, value, "stores {} in a container")  # `{k: gate for ..}`
            return self.defer("container", value)
        finally:
            self.loop_made.pop()

    def eval_ListComp(self, node: ast.ListComp) -> Values:
        return self.eval_comprehension(node, node.elt)

    def eval_SetComp(self, node: ast.SetComp) -> Values:
        return self.eval_comprehension(node, node.elt)

    def eval_GeneratorExp(self, node: ast.GeneratorExp) -> Values:
        return self.eval_comprehension(node, node.elt)

    def eval_DictComp(self, node: ast.DictComp) -> Values:
        self.eval(node.key)
        return self.eval_comprehension(node, node.value)  # type: ignore[arg-type]

    def eval_Slice(self, node: ast.Slice) -> Values:
        """The bounds' values (a tensor bound of a Python list: note_index)."""
        bounds = [self.eval(b) for b in (node.lower, node.upper, node.step) if b is not None]
        return frozenset().union(*bounds) if bounds else V.EMPTY

    def eval_Starred(self, node: ast.Starred) -> Values:
        return self.eval(node.value)

    def eval_NamedExpr(self, node: ast.NamedExpr) -> Values:
        value = self.eval(node.value)
        self.bind_target(node.target, value, self.root_of(node.value))
        self.note_alias(node.target, node.value)
        return value

    def note_alias(self, target: ast.expr, source: ast.expr) -> None:
        """`(o := sc.opts)`, `with sc.options() as o`, `for row in sc.w`: the name shares what
        an attribute of the object holds (bodies.alias_owner; a red team of session 21)."""
        if isinstance(target, ast.Name) and target.id not in self.globals_declared and \
                (owner := self.alias_owner(source)) is not None:
            self.held_by[target.id] = self.held_by.get(target.id, V.EMPTY) | owner

    def eval_Await(self, node: ast.Await) -> Values:
        self.eval(node.value)
        return V.UNKNOWN_SET

    def eval_Lambda(self, node: ast.Lambda) -> Values:
        key = self.s.summarize_lambda(node, self)
        # Later writes of its free variables change what it reads, as for a nested def
        # (measured, TF 2.21: `lr_fn = lambda: lr` passed to a converted step, `lr` halved
        # between calls: eagerly the new rate, traced the first; soundness audit 2)
        self.defined_closure = True
        return frozenset({f"fn:{key}"})

    def eval_Yield(self, node: ast.Yield) -> Values:
        if node.value is not None:
            # `yield gate`: what a generator yields is of unknown kind to its loop (session 24)
            self.note_escape(node.value, self.eval(node.value), "yields {}")
            self.note_returned_global(node.value, node.lineno, "yields")
        return V.UNKNOWN_SET

    def note_returned_global(self, node: ast.expr, line: int, verb: str = "returns") -> None:
        """A global's object that a generator yields, or a method, property, `__getitem__` or
        lambda returns (`@property def config(self): return CONFIG`, `default_factory=lambda:
        WEIGHTS`): its callers get it where no rule follows (a plain function's result is
        followed: facts.result_roots); an escape (red team A2 of session 34)."""
        if self.is_module:
            return
        for root in self.escaping_globals(node):
            self.s.global_escapes.append((root, line, f"{self.where()} {verb} "
                                          f"{ast.unparse(node)[:40]}", ""))

    def eval_YieldFrom(self, node: ast.YieldFrom) -> Values:
        self.eval(node.value)
        return V.UNKNOWN_SET

    def eval_Call(self, node: ast.Call) -> Values:
        func = node.func
        self.call_funcs.add(id(func))
        if isinstance(func, ast.Call) and dotted_name(func.func) == "getattr":
            # `getattr(self, "_" + name)(x)`: the method looked up is called here (program.py
            # binds an object's methods to such a site only).
            self.called_getattrs.add(id(func))
        indexed_by: Values | None = None  # `parts.pop(i)`: the receiver's values
        static = dotted_name(func)
        qualified = self.qualified_name(func)
        # At a module's top level only a setter that runs after a call that may run workspace
        # code changes a setting between two calls (rebinding.lines_after_calls); before, it
        # sets up, as an import does.
        running = self.writes_at(node.lineno)
        setting = tfapi.global_setting(qualified) if qualified and running else None
        if setting is not None and self.is_module and not setting[1]:
            setting = None  # a read at the top level: no reader to make stale
        if setting is None and running and isinstance(func, ast.Attribute) and \
                func.attr in static_values.SETTER_KEYS:
            # `K.set_epsilon(eps)` with `K = tf.keras.backend` a local, a private path
            # (keras.src.backend.config.set_floatx): a setter called by its own name.
            self.note_setter(func.attr, node.lineno, static or func.attr)
        elif static == "getattr" and not self.is_module and len(node.args) >= 2:
            # getattr(keras.config, "set_floatx"): that setter; a computed name on a Keras
            # module may be any of them.
            name = node.args[1]
            if isinstance(name, ast.Constant) and name.value in static_values.SETTER_KEYS:
                self.note_setter(name.value, node.lineno, f"getattr(..., {name.value!r})")
            elif not isinstance(name, ast.Constant) and "keras" in (
                    self.ctx.qualify(dotted_name(node.args[0]) or "") or ""):
                for setter in sorted(static_values.SETTER_KEYS):
                    self.note_setter(setter, node.lineno, "getattr(...) of a Keras module")
        if setting is None and qualified and not self.is_module and "keras" in qualified:
            # `keras.ops.ones(shape)`, `keras.losses.binary_crossentropy(y, p)`: a Keras
            # function that reads a global setting it is not given (floatx, epsilon, the image
            # data format, the dtype policy), once while tracing (red team C of session 34,
            # p13, p14, p44, p45; data/keras_setting_readers.tsv)
            for key in tfapi.keras_setting_reads(qualified):
                self.fn.reads.append(Read(key, node.lineno, f"{static}()"))
        if setting is not None:  # keras.backend.epsilon(): read once while tracing
            key, writes = setting
            if writes:
                self.s.global_writes.append((key, node.lineno,
                                             f"{self.fn.qualname}() calls {static}()"))
            else:
                self.fn.reads.append(Read(key, node.lineno, f"{static}()"))
        flags = func if isinstance(func, ast.Name) else \
            func.value if isinstance(func, ast.Attribute) and func.attr in _FLAG_PARSERS else None
        if isinstance(flags, ast.Name) and flags.id not in self.local_names and \
                not self.is_param(flags.id) and (flags.id in self.ctx.flag_names or
                                                 self.ctx.qualify(flags.id) == _ABSL_FLAGS):
            # `FLAGS(argv)`, `FLAGS.unparse_flags()`: absl parses the flags again, and every
            # `FLAGS.name` may read another value (session 33's red team A, p115)
            called = f"{ast.unparse(func)}(...)"
            self.note_contents_write(flags, node.lineno, f"{self.fn.qualname}() calls {called}",
                                     f"{called} changes", f"{self.fn.qualname}() calls {called}")
        tail = func.attr if isinstance(func, ast.Attribute) else \
            func.id if isinstance(func, ast.Name) else ""
        if tail in _IN_PLACE_FUNCTIONS and node.args and \
                not isinstance(node.args[0], (ast.Starred, ast.Constant)) and (
                    (qualified or "").split(".")[0] in _IN_PLACE_MODULES if qualified else
                    isinstance(func, ast.Attribute) and (
                        random_generator(func.value) or isinstance(func.value, ast.Name) and
                        func.value.id in self.ctx.generators and
                        func.value.id not in self.local_names)):
            # `rng.shuffle(PERM)`, `random.shuffle(order)`, `np.copyto(MASK, m)`: a library
            # function that changes what its first argument holds (session 33's red team A,
            # p138, p139, p143: a graph keeps the order it traced)
            called = f"{ast.unparse(func)}({ast.unparse(node.args[0])}, ...)"
            self.note_contents_write(node.args[0], node.lineno,
                                     f"{self.fn.qualname}() calls {called}",
                                     f"{called} changes", f"{self.fn.qualname}() calls {called} on")
        receiver: Values | None = None
        method: str | None = None
        receiver_root = "new"
        initialising = id(node) in self.initialising_adds()
        if qualified and isinstance(func, ast.Attribute) and \
                func.attr in tfapi.MUTATING_METHODS and not initialising and \
                qualified.split(".")[0] not in python_builtins.LIBRARY_PREFIXES:
            # `config.HISTORY.append(x)`: a module's object changed through its dotted name.
            container = qualified.rpartition(".")[0]
            self.note_state_write(func.value, node.lineno, f"{self.fn.qualname}() calls "
                                  f"{static}()")
            if not self.is_module:
                self.fn.effects.append(Effect("write", f"g:{container}", node.lineno,
                                              f"{static}() changes the global "
                                              f"{container.rsplit('.', 1)[-1]}"))
        if isinstance(func, ast.Attribute) and not (qualified and "." in (static or "")):
            receiver = self.eval(func.value)
            method = func.attr
            self.note_function_api(func, receiver)
            roots = self.root_of(func.value)
            receiver_root = sorted(roots, key=_root_rank)[0]
            if isinstance(func.value, ast.Name) and func.value.id == self.self_name and \
                    self.fn.class_key:
                self.fn.reads.append(Read(f"a:{self.fn.class_key}.{method}", node.lineno,
                                          f"self.{method}"))
            callee: Values = V.EMPTY
            if method in tfapi.MUTATING_METHODS and not initialising:
                called = f"{ast.unparse(func.value)}.{method}()"
                self.note_contents_write(func.value, node.lineno,
                                         f"{self.fn.qualname}() calls {called}",
                                         f"{called} changes",
                                         f"{self.fn.qualname}() calls {called} on")
                if method in ("append", "insert", "extend", "add", "setdefault"):
                    for arg in node.args:
                        self.note_param_store(arg, node.lineno)
            if method in ("pop", "insert", "__getitem__", "__setitem__", "__delitem__") and \
                    node.args and not isinstance(node.args[0], ast.Starred | ast.Constant) \
                    and not self.is_module:
                # `parts.pop(i)`, `parts.insert(i, v)` with a tensor `i` (session 23): as
                # `parts[i]` (note_index), the index read as an int; after the arguments.
                indexed_by = receiver
        elif qualified:
            callee = frozenset({sys.intern(f"q|{self.ctx.key}|{qualified}")})
            if not self.is_module and \
                    qualified.split(".")[0] not in python_builtins.LIBRARY_PREFIXES and \
                    qualified not in tfapi.BUILTINS:
                # `utils.scale(x)`, `scale(x)` imported: `utils.scale = lambda t: ...` from
                # another module rebinds it (a fourth soundness audit, session 19).
                self.fn.reads.append(Read(f"g:{qualified}", node.lineno, static or qualified))
        else:
            callee = self.eval(func)
        args: list[Values] = []
        arg_roots: list[str] = []
        starred = False
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                starred = True
            args.append(self.eval(arg))
            arg_roots.append(sorted(self.root_of(arg), key=_root_rank)[0])
        if indexed_by is not None:
            self.index_uses(node, indexed_by, args[0])
        if receiver is not None and method in _INT_ARGUMENT_METHODS and not self.is_module:
            positions, names = _INT_ARGUMENT_METHODS[method]
            for i in positions:
                if i < len(node.args) and not isinstance(node.args[i], ast.Starred | ast.Constant):
                    self.index_uses(node.args[i], receiver, args[i])
        elif qualified in _ITEM_FUNCTIONS and len(node.args) >= 2 and not starred and \
                not self.is_module:
            self.index_uses(node, args[0], args[1])  # `operator.getitem(parts, i)`
        kwargs: dict[str, Values] = {}
        kwarg_roots: dict[str, str] = {}
        unpacked: Values = V.EMPTY
        for kw in node.keywords:
            if kw.arg is None:
                starred = True
                unpacked = unpacked | self.eval(kw.value)
                continue
            kwargs[kw.arg] = self.eval(kw.value)
            kwarg_roots[kw.arg] = sorted(self.root_of(kw.value), key=_root_rank)[0]
            if receiver is not None and method in _INT_ARGUMENT_METHODS and \
                    kw.arg in _INT_ARGUMENT_METHODS[method][1] and not self.is_module and \
                    not isinstance(kw.value, ast.Constant):
                self.index_uses(kw.value, receiver, kwargs[kw.arg])  # `s.split(",", maxsplit=n)`
        if isinstance(func, ast.Attribute) and func.attr in ("format", "format_map") and \
                isinstance(func.value, (ast.Constant, ast.JoinedStr)) and \
                isinstance(getattr(func.value, "value", ""), str):
            # `"{}".format(x)`: as an f-string (a red team of session 23: a tensor's text is
            # its values eagerly, `Tensor("x:0", ...)` traced).
            for values in [*args, *kwargs.values()]:
                self.use("strformat", values, node.lineno)
        if qualified and qualified not in NO_SPECIAL_CALLS and (
                qualified in tfapi.BUILTINS or
                qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES):
            # `float(knob)`, `len(items)`, `abs(k)`, `tf.multiply(x, knob)`: the builtin or the
            # library runs the object's special methods (`__float__`, `__len__`, `__abs__`,
            # `__tf_tensor__`, `__array__`, ...; measured, TF 2.21: each read state a method
            # changed between calls, traced only once; soundness audit, implicit_dunders.py)
            for arg, values in zip(node.args, args, strict=True):
                self.implicit(arg, values, implicit_calls.SPECIAL + "conversion")
            for kw in node.keywords:
                if kw.arg is not None:
                    self.implicit(kw.value, kwargs[kw.arg], implicit_calls.SPECIAL + "conversion")
        if qualified in ("next", "builtins.next") and node.args and \
                not isinstance(node.args[0], ast.Starred):
            # `next(_it)`: advancing an iterator changes it (a fourth audit of session 21: a
            # traced `next` of a global iterator returned its first element at every call).
            self.note_contents_write(node.args[0], node.lineno,
                                     f"{self.fn.qualname}() advances {ast.unparse(node.args[0])}",
                                     f"next({ast.unparse(node.args[0])}) advances")
        for changed in _changed_arguments(qualified, method, node, self.ctx.qualify):
            # `np.copyto(self.mean, m)`, `self.std.fill(2.0)`, `rng.shuffle(self.perm)`: what an
            # attribute holds changes (the effect on the owner is the program phase's,
            # calls.call_library; a name's own object is followed by its root there).
            if isinstance(changed, ast.Name) and changed.id not in self.local_names and \
                    not self.is_module:
                self.note_param_write(changed, node.lineno)
                continue  # a function's global or parameter: by its root, in the program phase
            self.note_state_write(changed, node.lineno, f"{self.fn.qualname}() changes "
                                  f"{ast.unparse(changed)[:60]} in place", contents=True)
        if method in ("append", "extend", "insert") and args and not starred:
            self.grow_attribute(func, method, args, node.lineno)
            self.grow_local(func, method, args)
        if method in _COMPARING_METHODS and args and not starred and receiver is not None and \
                not qualified:
            # `values.remove(w)`, `values.index(w)`: a list compares each item with `w` and
            # asks bool() of the result, as `w in values` does: a tensor there raises while
            # traced (OperatorNotAllowedInGraphError; eagerly True or False: session 30, p919)
            self.use("items-eq", receiver, node.lineno)
            self.use("items-eq", args[0], node.lineno)
        text = static or ast.unparse(func)
        if len(text) > 40 and isinstance(func, ast.Attribute):
            receiver_text = ast.unparse(func.value)
            if len(receiver_text) > 24:
                receiver_text = receiver_text[:20] + "...)" if "(" in receiver_text[:20] \
                    else receiver_text[:21] + "..."
            text = f"{receiver_text}.{func.attr}"
        elif len(text) > 40:
            text = text[:37] + "..."
        self.call_lines.setdefault(text, node.lineno)
        passed = self.note_passed_attributes(node, qualified)
        canon = self.s.canon
        self.fn.calls.append(CallSite(
            line=node.lineno, col=call_column(node), text=text, callee=canon(callee),
            receiver=canon(receiver) if receiver is not None else None,
            method=method, receiver_root=sys.intern(receiver_root),
            args=[canon(a) for a in args], arg_roots=[sys.intern(r) for r in arg_roots],
            kwargs={k: canon(v) for k, v in kwargs.items()},
            kwarg_roots={k: sys.intern(r) for k, r in kwarg_roots.items()}, starred=starred,
            forwards=self.forwarded_kwargs(node),
            guarded_by_none_check=self.none_guard > 0, static=qualified,
            spec=_literal_spec(qualified, node), origins=sys.intern(self.origins_of(node)),
            temporary=(receiver is not None and _temporary_object(func.value)) or
            (isinstance(func, ast.Name) and func.id in self.taken_from_temporaries(func.id)),
            zeros=self.zero_arguments(node),
            holds_layers=self.holds_layers(qualified, node),
            built_after=id(node) in self.built_after_calls(), setup=initialising,
            masks=makes_masks(qualified, node), passed=passed,
            applies=self.applied_params(node, method), loop_args=self.loop_arguments(node),
            unpacked=canon(unpacked)))
        index = len(self.fn.calls) - 1
        tail = qualified.rsplit(".", 1)[-1] if qualified else ""
        if qualified and qualified.startswith(("tensorflow.", "keras.")) and \
                tail in liveness.SELECTS and not starred and \
                (condition := liveness.select_condition(tail, node, args, kwargs)) is not None:
            # `tf.where(c, a, b)`: liveness guards `a` and `b` by `c` (facts.branch_kept)
            self.use("select", condition, node.lineno, tail)
        elif qualified and qualified.startswith(("tensorflow.", "keras.", "numpy.")) and \
                (tail in liveness.PRODUCTS or tail in liveness.POWERS) and not starred:
            # `tf.multiply(v, k)`: liveness guards `v` by a `k` no data computes
            self.use("product", frozenset().union(*args) if args else V.EMPTY, node.lineno,
                     graph_rewrites.short_text(node))
        self.call_results[id(node)] = "new" if qualified is not None and (
            qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES or
            qualified in tfapi.BUILTINS) else sys.intern(f"r:{index}")
        if qualified == "functools.partial" and node.args:
            self.note_escape(node.args[0], args[0], "binds {} in a functools.partial")
        if qualified in _LOOKUPS:
            self.note_lookup(node, qualified, args)
        if qualified in ("getattr", "builtins.getattr") and len(node.args) >= 2 and \
                not isinstance(node.args[1], ast.Constant) and \
                not isinstance(node.args[0], ast.Starred):
            # `getattr(models, cfg.name)(...)`: any function of that module, called with what
            # no call site shows (program.py binds an ESCAPED site on a module's value to each
            # of its plain functions).
            looked_up = ast.unparse(node.args[0])[:40]
            self.escape_site(node, self.module_values(node.args[0], args[0]), (
                f"calls what it looks up in {looked_up} by a computed name"
                if id(node) in self.called_getattrs else
                f"looks functions of {looked_up} up by a computed name"))
        if qualified in ("eval", "exec", "builtins.eval", "builtins.exec") and node.args:
            # `eval(name)`: any function of the module's namespace (a red team of session 24)
            self.escape_site(node, frozenset({f"mod:{self.ctx.key}"}),
                             f"looks this module's functions up in {static}()")
        if isinstance(func, ast.Call) and node.args and \
                self.ctx.qualify(dotted_name(func.func) or "") == "operator.attrgetter" and \
                not all(isinstance(a, ast.Constant) for a in func.args):
            # `operator.attrgetter(name)(module)`: a computed getattr (session 24)
            self.escape_site(node, self.module_values(node.args[0], args[0]),
                             f"looks functions of {ast.unparse(node.args[0])[:40]} up by a "
                             "computed name")
        if isinstance(func, ast.Attribute) and func.attr == "__call__" and \
                isinstance(func.value, ast.Name) and func.value.id in self.ctx.defs and \
                not self.shadowed(func.value.id) and func.value.id not in self.globals_declared:
            # `run_rate.__call__(0.2)`: a call of the function no call site shows (session 24;
            # other receivers of `__call__` are a known gap)
            self.escape_site(func, self.s.module_name_values(func.value.id),
                             f"calls {func.value.id}.__call__")
        if qualified in ("inspect.signature", "inspect.getfullargspec") and node.args and \
                not isinstance(node.args[0], ast.Starred):
            # `inspect.signature(f).parameters["act"].default(x)`: as `f.__defaults__`
            self.escape_site(node, self.defer("defaults", args[0]),
                             f"calls the defaults {static}() shows")
        if qualified in _NAMESPACE_READERS and node.args and \
                not isinstance(node.args[0], ast.Starred):
            # `vars(module)[name]`, `inspect.getmembers(module, inspect.isfunction)`: any of
            # its functions, as for a computed getattr (session 24)
            self.escape_site(node, self.module_values(node.args[0], args[0]),
                             f"looks functions of {ast.unparse(node.args[0])[:40]} up in "
                             f"{static}()")
        if static in _NAMESPACE_BUILTINS and not node.args and self.is_builtin(static):
            if static == "globals" or self.is_module:
                # `globals()[name](x, training=t)`: any function of this module, likewise
                # (session 23; `locals()` and `vars()` at the top level too, session 24).
                self.escape_site(node, frozenset({f"mod:{self.ctx.key}"}),
                                 f"looks this module's functions up in {static}()")
            else:  # a function's `locals()`: whatever its names hold (session 24)
                self.pooled_escape(node, frozenset(
                    self.placeholder("p" if self.is_param(name) else "v", name)
                    for name in sorted(self.local_names | set(self.fn.params))),
                    "looks its names up in {}")
        if qualified in MOCK_PATCHES and node.args:
            # At a module's top level too (a `with patch(...)` block, a decorated test): the
            # target is changed while they run, between calls (a fourth audit of session 21).
            self.mock_patch(qualified, node)
        if qualified == "functools.update_wrapper" and node.args and self.writes_at(node.lineno):
            dict_writes.note_function_state(self, node.args[0], node.lineno,
                                            f"{self.fn.qualname}() runs {static}(...)")
        if (qualified or static) in SETATTR_LIKE and len(node.args) >= 2 and \
                isinstance(node.args[1], ast.Constant) and \
                node.args[1].value in self.s.all_method_names:
            # `object.__setattr__(M, "forward", f)`: as `M.forward = f` (a red team)
            self.s.stored_method_names.add(node.args[1].value)
        if self.call_results.get(id(node)) != "new":
            for arg in [*node.args, *(kw.value for kw in node.keywords)]:
                if isinstance(arg, ast.Name) and arg.id in self.ctx.classes and \
                        not self.shadowed(arg.id):
                    # `patch(Model)`: workspace code given the class may replace its methods
                    # (summaries: unless a plain function here shown harmless)
                    self.s.classes_passed.append((self.ctx.classes[arg.id], static or ""))
        if qualified in SETATTR_LIKE and len(node.args) >= 2 and \
                isinstance(node.args[1], ast.Constant) and \
                node.args[1].value in function_objects.PLAIN_FUNCTION_ATTRIBUTES:
            # `setattr(step, "__defaults__", (5.0,))`: as `step.__defaults__ = (5.0,)`
            name = node.args[0].id if isinstance(node.args[0], ast.Name) else ""
            self.use(function_objects.API_USE, args[0], node.lineno,
                     f"{name}|{node.args[1].value}")
        if qualified in SETATTR_LIKE and len(node.args) >= 2 and self.writes_at(node.lineno):
            # `setattr(config, "SCALE", v)`, `mock.patch.object(config, "SCALE", v)`,
            # `setattr(sys.modules[__name__], name, v)`: a global
            # of that module; a name not written out may be any of its globals (`*`,
            # facts.stale_reads).
            names = self.setattr_names(node.args[1]) or ["*"]
            self.namespace_write(node.args[0], {n if "*" not in n else "*" for n in names},
                                 node.lineno, f"{self.fn.qualname}() calls {ast.unparse(node)}")
        if qualified in SETATTR_LIKE and len(node.args) >= 2 and \
                self.writes_at(node.lineno) and self.module_ref(node.args[0]) is None and not (
                self.fn.name in NO_EFFECT_ON_SELF and isinstance(node.args[0], ast.Name)
                and node.args[0].id == self.self_name):
            what = f"{self.fn.qualname}() calls {ast.unparse(node)}"
            # A computed name may write any attribute, but only of the object passed: `*`
            # matches every attribute of objects that may be that one (facts.attribute_write).
            # A name from a literal loop writes only those (`for n in ("a", "b")`).
            for attr in self.setattr_names(node.args[1]) or ["*"]:
                self.use("attr-write", args[0], node.lineno, f"{attr}|{what}")
        if method in NAMESPACE_PARSERS and self.writes_at(node.lineno):
            for kw in node.keywords:
                if kw.arg == "namespace":
                    # `parser.parse_args(argv, namespace=ARGS)` sets attributes of ARGS, any
                    # the parser defines (a follow-up audit of session 21).
                    self.use("attr-write", kwargs["namespace"], node.lineno,
                             f"*|{self.fn.qualname}() calls {ast.unparse(node)[:80]}")
        if qualified in SETATTR_LIKE and len(node.args) >= 2 and \
                isinstance(node.args[0], ast.Name) and not self.shadowed(node.args[0].id) \
                and node.args[0].id in self.ctx.classes:
            # `setattr(P, name, f)`: any method of P may be another function (session 24)
            for name in self.setattr_names(node.args[1]) or ["*"]:
                self.s.rebound_methods.append((self.ctx.classes[node.args[0].id], name))
        elif qualified in SETATTR_LIKE and len(node.args) >= 3 and self.fn.class_key and \
                isinstance(node.args[0], ast.Name) and node.args[0].id == self.self_name and \
                not isinstance(node.args[2], ast.Constant):
            # `setattr(self, name, other)`: the instance's attribute shadows the method of
            # that name (a red team of session 24, p26)
            for name in self.setattr_names(node.args[1]) or ["*"]:
                self.s.rebound_methods.append((self.fn.class_key, name))
        if qualified in SETATTR_LIKE and len(node.args) >= 2:
            for attr in sorted(CLASS_CHANGERS.intersection(self.setattr_names(node.args[1]) or ())):
                self.class_change(node.args[0], attr, node.lineno, f"calls {ast.unparse(node)}",
                                  node.args[2] if len(node.args) > 2 else None)
        if qualified == "exec" and node.args and self.writes_at(node.lineno):
            # The code may set any attribute of an object it reaches (`exec("pol.epsilon =
            # e")`: a red team of session 35 saw a converted method keep its first trace's
            # value). Not `eval`, whose expression assigns nothing itself (tf-models' MaxViT
            # `eval(self.scale_ratio)` of a config's "4/3" declined 28 conversions so); an
            # expression calling setattr is a known gap.
            self.note_code_writes(node, args, kwargs,
                                  f"{self.fn.qualname}() calls {ast.unparse(node.func)}()")
        if self.writes_at(node.lineno) and any(
                self.qualified_name(arg) in SETATTR_LIKE
                for arg in [*node.args, *(kw.value for kw in node.keywords)]):
            # `functools.partial(setattr, pol, "epsilon")`, `map(setattr, objs, names, vals)`:
            # setattr given as a value sets attributes of objects the engine does not follow
            self.note_code_writes(
                node, args, kwargs,
                f"{self.fn.qualname}() passes setattr to {ast.unparse(node.func)[:60]}")
        if qualified in ("exec", "importlib.reload") and node.args and \
                self.writes_at(node.lineno):
            # `exec(code, globals())` (or with no namespace: the module's, through a `global`
            # in the code) and `importlib.reload(config)` may assign any global of the module
            what = f"{self.fn.qualname}() calls {ast.unparse(node.func)}()"
            if qualified == "importlib.reload":
                self.namespace_write(node.args[0], {"*"}, node.lineno, what)
            elif len(node.args) == 1:
                self.s.global_writes.append((f"g:{self.ctx.import_name}.*", node.lineno, what))
            elif (space := self.namespace_of(node.args[1])) is not None:
                self.namespace_write(space, {"*"}, node.lineno, what)
        if isinstance(func, ast.Attribute) and func.attr in NAMESPACE_WRITERS and \
                self.writes_at(node.lineno) and \
                (space := self.namespace_of(func.value)) is not None:
            self.namespace_write(space, self.written_names(func.attr, node), node.lineno,
                                 f"{self.fn.qualname}() calls {ast.unparse(node)}")
        dict_writes.note_call(self, node, qualified, args, receiver)  # object.__setattr__
        self.note_dtype_coercion(qualified, node)
        self.note_wrapper(qualified, node)
        result = self.defer("call", index)
        self.note_held_arguments(func, node, result)
        self.note_global_escapes(node, qualified, index)
        last = text.rsplit(".", 1)[-1]
        if last == "SyncBatchNormalization" or last == "BatchNormalization" and any(
                kw.arg == "synchronized" for kw in node.keywords):
            self.s.global_writes.append((SYNCHRONIZED_LAYERS, node.lineno, f"{text}(...)"))
        return result

    def held_global(self, root: str) -> bool:
        """Whether a root is a global that may hold an object others change: not a library's
        (nor a logging module's), not a function, class or tuple of constants of this module."""
        if not root.startswith("g:"):
            return False
        top = root[2:].split(".")[0]
        if top in python_builtins.LIBRARY_PREFIXES or top in _READ_ONLY_LIBRARIES:
            return False
        mine = f"g:{self.ctx.import_name}."
        name = root[len(mine):] if root.startswith(mine) else None
        return name is None or not (name in self.ctx.defs or name in self.ctx.classes or
                                    name in self.s.literal_tuples())

    def escaping_globals(self, node: ast.expr, roots: set[str] | None = None) -> list[str]:
        """The `g:` keys of the workspace globals whose object (or a part of it) `node` may be
        or hold (held_global; ModuleSummary.global_escapes); `roots`: what root_of gives for
        it and what it holds, when the caller has them."""
        if roots is None:
            roots = self.root_of(node) | self.root_of(node, inside=True)
        roots = set(roots)
        head = node
        while isinstance(head, (ast.Subscript, ast.Starred)):
            head = head.value
        if isinstance(head, ast.Attribute) and (dotted := dotted_name(head)) and \
                not self.shadowed(dotted.split(".")[0]) and \
                (qualified := self.ctx.qualify(dotted)):
            roots.add(f"g:{qualified}")  # `config.CONFIG` of `import config`
        return sorted(r for r in roots if self.held_global(r))

    def note_global_escapes(self, node: ast.Call, qualified: str | None, index: int) -> None:
        """A global's object given to a call that may keep it or change it in ways no rule
        follows (`functools.partial(operator.setitem, CONFIG)`, `getattr(CONFIG, "update")`,
        `Trainer(CONFIG["train"])`, `OPTIONS.get(k, DEFAULTS)`, `cb(CONFIG, v)` for a callback
        of unknown kind, `set_option(*args)`): ModuleSummary.global_escapes, which makes every
        read of the global's contents stale (facts.escaped_global; red team A2 of session 34).
        Not a call that builds a new value from it (fresh_result), copies or iterates it (its
        result is followed: local_held), logs or prints it; a plain call of a workspace
        function by its name is followed by the parameter-write rules instead (its qualified
        name is kept, and the facts resolve it)."""
        if not node.args and not node.keywords:
            return
        calling = qualified in ("map", "filter") and bool(node.args) and \
            not isinstance(node.args[0], ast.Lambda)  # `map(operator.setitem, [CONFIG], ...)`
        if self.fresh_result(node) or qualified in _READING_CALLS or \
                (qualified or "").split(".")[0] in _READ_ONLY_LIBRARIES or \
                (qualified in _SHALLOW_COPIES or qualified in _ELEMENT_BUILTINS) and not calling:
            return
        func = node.func
        callee = ""
        if isinstance(func, ast.Name) and not self.shadowed(func.id) and \
                func.id in self.ctx.classes:
            # `Trainer(CONFIG["train"])`: its objects may keep the global's object
            # (facts.attribute_writer)
            callee = f"class:{self.ctx.classes[func.id]}"
        elif isinstance(func, ast.Name) and not self.shadowed(func.id) and \
                not any(isinstance(a, ast.Starred) for a in node.args) and \
                all(kw.arg is not None for kw in node.keywords):
            # (`set_option(*args)`: which parameter receives what is not followed)
            callee = f"{self.ctx.key}:{func.id}" if func.id in self.ctx.defs else \
                self.ctx.imports.get(func.id, "")
        elif isinstance(func, ast.Attribute) and not self.is_module:
            # `tape.gradient(loss, model.trainable_variables)`: the facts judge the receiver
            # (a TensorFlow or Keras object keeps no Python container of ours)
            callee = f"site:{self.fn.key}|{index}"
        text = ast.unparse(func)[:40]
        for arg in [*node.args, *(kw.value for kw in node.keywords)]:
            roots = self.root_of(arg) | self.root_of(arg, inside=True)
            for root in self.escaping_globals(arg, roots):
                self.s.global_escapes.append((root, node.lineno, f"{self.where()} passes "
                                              f"{ast.unparse(arg)[:40]} to {text}()", callee))
            if callee and not callee.startswith(("class:", "site:")) or self.is_module:
                continue
            for root in sorted(roots):
                if root.startswith("p:") and root[2:] != self.self_name:
                    # `def make_setter(store): return functools.partial(setitem, store)`:
                    # what a caller passes may change whenever the result runs
                    # (facts.writes_parameter, closure_writes)
                    self.use("closure-write", V.EMPTY, node.lineno, root[2:])

    def where(self) -> str:
        return "the module's top level" if self.is_module else f"{self.fn.qualname}()"

    def note_passed_attributes(self, node: ast.Call, qualified: str | None) -> tuple[str, ...]:
        """`bump(sc.opts)`, `bump(self.opts)`, `o = sc.opts; bump(o)`: a workspace callee
        that changes its parameter (`opts["k"] = 5.0`) changes what an attribute of that
        object holds (a red team of session 21: a converted reader of `self.opts["k"]` kept
        the value it traced). Which callee, and whether it writes that parameter, is the
        program's to say: each such argument is noted here (a `pass-write` use: the objects,
        then `col|slot|attribute|words`) and its slot, a position or a keyword, goes on the
        call site (CallSite.passed; facts.passed_to_writers). Not for a library's function
        (its writes of its arguments are tfapi's), nor where a store would set up
        (writes_at), nor for `self`'s own attributes in a constructor."""
        if qualified and (qualified in tfapi.BUILTINS or
                          qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES):
            return ()
        given = _call_slots(node)
        self.note_fresh_arguments(node, given)
        for slot, arg in given:
            if kinds := tracing.unsortable_keys(arg):
                # `total({"a": x, 0: y})`: a tf.function flattens its arguments with tf.nest,
                # which sorts a dict's keys (facts.unsorted_argument; a red team of session 41)
                self.use("unsorted-arg", V.EMPTY, node.lineno,
                         f"{call_column(node)}|{slot}|{kinds}")
        if not self.writes_at(node.lineno):
            return ()
        slots: list[str] = []
        for slot, arg in given:
            owner = self.alias_owner(arg)
            if owner is None:
                continue
            if self.fn.name in NO_EFFECT_ON_SELF and self.self_name and \
                    f"p:{self.self_name}" in self.root_of(arg):
                continue  # the object being made
            slots.append(slot)
            self.use("pass-write", owner, node.lineno, f"{call_column(node)}|{slot}|"
                     f"{_named_attribute(arg, self.self_name)}|"
                     f"{self.fn.qualname}() passes {ast.unparse(arg)[:60]}")
        return tuple(slots)

    def note_fresh_arguments(self, node: ast.Call, given: list[tuple[str, ast.expr]]) -> None:
        """`for run in range(2): net = Dense(1); step(net, x)`: an argument that names what
        an enclosing loop binds (an assignment, the loop's target: `for net in nets`,
        `nets[name]`), or that makes an object there (`step(Dense(1), x)`), is a new object
        at each iteration ("L"); one the function's body makes (`net = Dense(1)`, `net = net
        or Dense(1)`, `net, opt = build()`), at each run of the function ("F"); one that is
        the function's own parameter, or an attribute of it (`self.net`), is whatever its
        callers pass ("P:name", followed by the facts phase). A `fresh-arg` use,
        `col|slot|where` (facts.made_per_iteration: a step building it creates variables in
        a later trace; sessions 22 and 23)."""
        looped = frozenset().union(*self.loop_made) if self.loop_made else frozenset()
        if not self.is_module and self.body_made is None:
            self.body_made = _made_in(self.body, any_binding=False)
        for slot, arg in given:
            names = _arg_names(arg)
            makes = isinstance(arg, ast.Call)
            where = ""
            if self.loop_made and (makes or names & looped):
                where = "L"
            elif not self.is_module and (makes or self.body_made and isinstance(arg, ast.Name)
                                         and arg.id in self.body_made):
                where = "F"
            else:
                base = arg
                while isinstance(base, (ast.Attribute, ast.Subscript)):
                    base = base.value
                if isinstance(base, ast.Name) and self.is_param(base.id) and \
                        base.id not in self.local_names:
                    where = f"P:{base.id}"
            if where:
                self.use("fresh-arg", V.EMPTY, node.lineno, f"{call_column(node)}|{slot}|{where}")
        if self.is_module:
            return
        # `step(*args)`, `step(x=x, **kw)` passing the function's own `*args`/`**kwargs` on:
        # whatever its callers pass there (a red team of session 23: a new layer per call of
        # `run` reached `step` through them; session 24).
        # (Also through an alias or a copy: `a = args; step(*a)`, `step(*list(args))`, a red
        # team of session 24.)
        if any(isinstance(arg, ast.Starred) and self.passes_on(arg.value, self.fn.vararg)
               for arg in node.args):
            self.use("fresh-arg", V.EMPTY, node.lineno, f"{call_column(node)}|*|P*")
        if any(kw.arg is None and self.passes_on(kw.value, self.fn.kwarg)
               for kw in node.keywords):
            self.use("fresh-arg", V.EMPTY, node.lineno, f"{call_column(node)}|**|P**")

    def passes_on(self, node: ast.expr, packed: str | None) -> bool:
        """`node` may hold what the function's own `*args`/`**kwargs` (`packed`) holds: it
        names it, or a local that may share it (root_of), anywhere in it."""
        if packed is None:
            return False
        return any(isinstance(n, ast.Name) and (
            n.id == packed and n.id not in self.local_names or
            n.id in self.local_names and f"p:{packed}" in self.local_roots.get(n.id, ()))
            for n in walk(node))

    def note_held_arguments(self, func: ast.expr, node: ast.Call, result: Values) -> None:
        """`lookup = Lookup(table)`: the object built may keep `table` as it is (Keras stores a
        NumPy array given to a layer's constructor without a copy), so a later change of what
        `table` holds (`table[2] = 30.0`) changes what an attribute of that object holds (a
        fifth soundness audit, session 21). A constructor by the name's convention: its last
        part starts with a capital letter."""
        name = dotted_name(func)
        if not name or not name.rsplit(".", 1)[-1][:1].isupper():
            return
        for arg in [*node.args, *(kw.value for kw in node.keywords)]:
            if isinstance(arg, ast.Name) and arg.id != self.self_name and \
                    (arg.id in self.local_names or self.is_param(arg.id) or self.is_module):
                self.held_by[arg.id] = self.held_by.get(arg.id, V.EMPTY) | result

    def note_dtype_coercion(self, qualified: str | None, node: ast.Call) -> None:
        if qualified not in tfapi.DTYPE_COERCIONS or not node.args:
            return
        first = node.args[0]
        if not (isinstance(first, ast.Name) and self.is_param(first.id)):
            return
        dtype = next((kw.value for kw in node.keywords if kw.arg == "dtype"), None)
        if dtype is None and len(node.args) > 1:
            dtype = node.args[1]
        if dtype is not None:
            text = ast.unparse(dtype).rsplit(".", 1)[-1].strip("'\"")
            self.fn.dtype_coercions.append((first.id, text, node.lineno))

    def note_wrapper(self, qualified: str | None, node: ast.Call) -> None:
        """`tf.function(f)` used as a value: f becomes hybrid (the assignment binds the name)."""
        if qualified == "tensorflow.function" and node.args:
            self.pending_wrapper = (node, self.eval(node.args[0]), ast.unparse(node.args[0]))

    pending_wrapper: tuple[ast.Call, Values, str] | None = None

    # -- statements ----------------------------------------------------------------------------
    def run(self) -> None:
        for stmt in self.body:
            self.visit(stmt)
        implicit_calls.flush(self)
        fn = self.fn
        if not self.is_module and (fn.calls or self.subscript_bases or self.is_lambda or
                                   self.masks):
            # A value nothing kept depends on (a dict key never read, a lambda never called,
            # a result read only for its static shape): a graph prunes the op (liveness.py);
            # a lambda's body is what it returns (its parameters' reads: p49)
            value = self.expression
            body = self.body if value is None else [ast.Return(
                value, lineno=value.lineno, col_offset=value.col_offset)]
            dead = liveness.dead_values(body, [*fn.params, *fn.kwonly,  # (`*args`: p51)
                                               *(p for p in (fn.vararg, fn.kwarg) if p)],
                                        self.may_run_workspace_code, self.stateless_op,
                                        self.new_object, self.library_function,
                                        self.module_number)
            index_of = {(site.line, site.col): i for i, site in enumerate(fn.calls)}
            statics = {(site.line, site.col): site.static for site in fn.calls}
            for site in fn.calls:
                spot = (site.line, site.col)
                # a dead op whose value goes to another dead op that may fail: that one is
                # named ("the result of tf.strings.to_number() is not used", not of the
                # tf.strings.split feeding it)
                mapped = spot in dead.mapped
                if spot in dead.calls and not mapped and not any(
                        tfapi.prunable_call(statics.get(to)) for to in dead.feeds.get(spot, ())):
                    site.discarded = True
                if mapped and spot in dead.calls:
                    # measured with TF 2.21 (session 28's red team, p42): the function runs
                    # for every entry eagerly, in a graph only for the entries kept
                    fn.hazards.append(Hazard("HAS_TRACE_DEPENDENT_CODE", site.line, (
                        f"{site.text}() runs its function on every entry eagerly, and this "
                        "function reads only some of the entries it returns (or none): a "
                        "graph drops what it runs for the others, so what that raises eagerly "
                        "(a value that does not parse, a failed lookup) does not happen")))
                slots = dead.kept_by.get(spot)
                if slots and all(through in index_of for through, _, _ in slots):
                    site.kept_by = tuple((index_of[through], slot, key)
                                         for through, slot, key in slots)
            fn.unused_params = dead.unused_params
            fn.returned_params = dead.returned_params
            fn.passed_params = tuple(
                (name, tuple((index_of[spot], slot) for spot, slot in found))
                for name, found in dead.passed_params
                if all(spot in index_of for spot, _ in found))
            fn.param_keys = tuple(sorted(dead.param_keys.items()))
            if dead.returned_only or dead.elements:
                fn.returned_only = tuple(sorted(
                    ((element, index_of[spot]) for spot, found in dead.returned_only.items()
                     if spot in index_of for element in found), key=repr))
                for spot, used in dead.elements.items():
                    if spot in index_of:
                        fn.calls[index_of[spot]].used_elements = used
            if dead.guarded:
                tests: dict[int, int] = {}  # an `if`'s test, else a conditional expression's
                for kind in ("for", "while", "select", "product", "ifexp", "if"):
                    tests.update((line, i) for i, (use, _, line, _) in enumerate(fn.value_uses)
                                 if use == kind)
                for line in sorted(dead.constant_tests):  # a condition Grappler folds
                    index = tests.get(line)
                    operation = self.operations.get(line)
                    if index is None and operation is not None:  # `v * k`, `m & b`
                        if line not in self.fold_lines:  # (else reported by the scan)
                            kind = "select" if isinstance(
                                operation.op, (ast.BitAnd, ast.BitOr)) else "product"
                            fn.value_uses.append((f"constant-{kind}", V.EMPTY, line,
                                                  graph_rewrites.short_text(operation)))
                            tests[line] = len(fn.value_uses) - 1
                        continue
                    if index is not None and fn.value_uses[index][0] == "product" and \
                            line in self.fold_lines:
                        del tests[line]  # (reported by the scan: tracing.scan_body)
                    elif index is not None and fn.value_uses[index][0] in ("select", "product"):
                        fn.value_uses.append((f"constant-{fn.value_uses[index][0]}", V.EMPTY,
                                              line, fn.value_uses[index][3]))
                        tests[line] = len(fn.value_uses) - 1
                for site in fn.calls:
                    guards = dead.guarded.get((site.line, site.col))
                    needed = (site.line, site.col) in dead.needed
                    if guards and needed:  # any one of them
                        guards = tuple((line, b) for line, b in guards if line in tests)
                    if guards and all(line in tests for line, _ in guards):
                        site.guarded_by = tuple((tests[line], branch) for line, branch in guards)
                        site.guard_needed = needed
            for node in dead.subscripts:  # `picked = x[i]` never read: facts.hazards
                base = self.subscript_bases.get(id(node))
                if base is not None:
                    self.use("dead-index", base, node.lineno, graph_rewrites.short_text(node))
        canon = self.s.canon
        fn.locals = {sys.intern(k): canon(v) for k, v in fn.locals.items()}
        fn.returns = canon(fn.returns)
        fn.arithmetic = [(canon(values), line) for values, line in fn.arithmetic]
        for receiver, line in self.tv_reads:
            first_call = self.call_lines.get(receiver)
            if first_call is not None and line < first_call:
                fn.hazards.append(Hazard(
                    "HAS_STALE_TRAINABLE_VARIABLES", line,
                    f"{receiver}.trainable_variables is read before {receiver}(...) first "
                    f"builds the model, {first_call - line} lines below"))

    def visit(self, node: ast.stmt) -> None:
        if self.rebound and isinstance(node, rebinding.LOOPS):
            self.loop_rebound.append(set(rebinding.bindings([node], self.rebound)))
            try:
                self.visit_node(node)
            finally:
                self.loop_rebound.pop()
            return
        self.visit_node(node)

    def visit_node(self, node: ast.stmt) -> None:
        known = _VISIT_HANDLERS.get(node.__class__)
        if known is not None and known[0] in STATEMENTS:
            known[1](self, node)
            return
        kind = type(node).__name__
        method = getattr(self, f"visit_{kind}", None)
        if method is not None and kind in STATEMENTS:
            method(node)
            return
        if kind not in STATEMENTS:
            self.unmodelled(node, UNMODELLED_STATEMENTS.get(kind, f"a `{kind}` statement"))
        self.visit_children(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if self.is_module:
            return  # summarized by the module pass
        key = self.s.summarize_function(node, None, self)
        self.defined_closure = True  # later writes of its free variables change what it reads
        self.local_roots.setdefault(node.name, set()).add("new")
        self.fn.locals[node.name] = self.fn.locals.get(node.name, V.EMPTY) | {f"fn:{key}"}

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if self.is_module:
            return
        if node.name in self.globals_declared and node.name in self.ctx.classes:
            # `global Model` then `class Model: ...` in a function (a red team of session 25)
            self.s.rebound_methods.append((self.ctx.classes[node.name], "*"))
        self.s.summarize_class(node, self)

    def visit_Return(self, node: ast.Return) -> None:
        if isinstance(node.value, (ast.Tuple, ast.List)):
            # `return loss, 0.5`: each element is returned as it is (a container's value only
            # says whether it holds tensors), so each is judged by the return rule too.
            items = [self.eval(e) for e in node.value.elts]
            for item, elt in zip(items, node.value.elts, strict=True):
                self.note_shared_return(elt, item, node.lineno, True)
            self.note_tuple_return(node.value, items)
            for item, elt in zip(items, node.value.elts, strict=True):
                # `return gate, 2`: the caller's unpacking collapses the elements (session 24)
                self.note_escape(elt, item, "returns {} in a tuple")
            value = self.defer("container", frozenset().union(*items) if items else V.EMPTY)
            self.fn.returns = self.fn.returns | value
            for item, elt in zip(items, node.value.elts, strict=True):  # first: the element
                self.use("return", item, node.lineno, self.grown_detail(elt))  # is named
            # Every element is judged itself: the tuple only adds `return ()` (facts.value_use).
            self.use("return", value, node.lineno, "items" if items else "")
        elif node.value is not None:
            value = self.eval(node.value)
            self.note_shared_return(node.value, value, node.lineno)
            if self.fn.class_key:  # a method's, a property's: no caller's rule follows it
                self.note_returned_global(node.value, node.lineno)
            base = node.value
            while isinstance(base, ast.Subscript):
                base = base.value
            if (isinstance(node.value, ast.Name) and not self.is_param(node.value.id) or
                    isinstance(node.value, ast.Attribute) or isinstance(base, ast.Attribute)) and \
                    any(r.startswith(("p:", "g:", "nl:")) for r in self.root_of(node.value)):
                # (an item of a parameter, `x[:n]`, is a new tensor when `x` is one)
                # `return model.trainable_variables[0]`, `return self.w`: an object the body
                # did not make, maybe a tf.Variable, which a graph returns as a tensor of its
                # value (FunctionFacts.returns_held: a removal would change what callers get;
                # red team D of session 34, p39, p59)
                self.use("return-held", value, node.lineno, ast.unparse(node.value)[:40])
            self.fn.returns = self.fn.returns | value
            self.use("return", value, node.lineno, self.grown_detail(node.value))
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                self.note_tuple_return(None, [])
        else:
            self.fn.returns = self.fn.returns | {V.NONE}

    def note_shared_return(self, node: ast.expr, value: Values, line: int,
                           part: bool = False) -> None:
        """`return HIST`, `return s, self.history`, `return helper(x)`: what the function returns
        that it did not make, with its owner (FunctionSummary.shared_returns): a caller that
        changes it changes that owner (facts.result_roots), and a tf.function returns a new
        list instead (facts.shared_return)."""
        if self.is_module:
            return
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            # `return y, [l for l in LISTS]`: the elements, as a display's
            # (with the whole's values: an element's own do not tell a list from a tensor)
            element = node.value if isinstance(node, ast.DictComp) else node.elt
            self.note_shared_return(element, value, line, True)
            return
        if isinstance(node, ast.Call) and self.builtin_name(node) in _SHALLOW_COPIES:
            # `return list(zip(LISTS))`, `tuple(l for l in LISTS)`: a library's new container
            # of what its arguments hold
            for root in sorted(self.root_of(node, inside=True) - {"new"}):
                self.fn.shared_returns = (*self.fn.shared_returns, (
                    sys.intern(root), self.s.canon(value | {V.MAYBE_LIST}), line,
                    ast.unparse(node)[:60], True))
            return
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.IfExp, ast.BoolOp,
                             ast.NamedExpr, ast.Starred)):
            # `return y, (HIST,)`, `return {"h": HIST}`, `return y, (A if c else B)`: each part,
            # with the whole's values (a tf.function packs every list again)
            parts = node.values if isinstance(node, (ast.Dict, ast.BoolOp)) else \
                [node.body, node.orelse] if isinstance(node, ast.IfExp) else \
                [node.value] if isinstance(node, (ast.NamedExpr, ast.Starred)) else node.elts
            for part in parts:
                if isinstance(part, ast.Starred):
                    part = part.value  # noqa: PLW2901 (`return [*L]`: what L holds)
                own = value  # a parameter's or a local's own values where the part names one
                if isinstance(part, ast.Name) and self.is_param(part.id):
                    own = frozenset({self.placeholder("p", part.id)})
                elif isinstance(part, ast.Name) and part.id in self.fn.locals:
                    own = self.fn.locals[part.id]
                self.note_shared_return(part, own, line, True)
            return
        roots = self.root_of(node) - {"new"}
        if roots and not isinstance(node, (ast.Name, ast.Attribute)):
            # `return y, D["k"]`, `next(iter(L))`: an element, which the values do not tell
            # apart from its container (a list in a dict of lists is "a tensor" to them): the
            # container's values too (`x[:n]` of a tensor `x` is a tensor)
            base = node
            while isinstance(base, (ast.Attribute, ast.Subscript, ast.Starred)):
                base = base.value
            value = value | (frozenset({self.placeholder("p", base.id)})
                             if isinstance(base, ast.Name) and self.is_param(base.id) else
                             self.fn.locals.get(base.id, frozenset({V.MAYBE_LIST}))
                             if isinstance(base, ast.Name) and base.id in self.local_names else
                             self.s.module_name_values(base.id)
                             if isinstance(base, ast.Name) and not self.shadowed(base.id) and
                             not any(base.id in o.local_names or o.is_param(base.id)
                                     for o in self.scopes if not o.is_module)
                             else frozenset({V.MAYBE_LIST}))
        for root in sorted(roots):
            self.fn.shared_returns = (*self.fn.shared_returns, (
                sys.intern(root), self.s.canon(value), line, ast.unparse(node)[:60], part))

    def call_of(self, value: Values) -> int | None:
        """The index in fn.calls of the call whose result `value` is (one `call` op), or None."""
        if len(value) != 1:
            return None
        (token,) = value
        kind, _, rest = token.partition("|")
        owner, _, index = rest.rpartition("|")
        if kind != "e" or owner != self.fn.key or not index.isdigit():
            return None
        op = self.fn.deferred[int(index)]
        return op[1] if op[0] == "call" else None

    def module_store(self, key: str, line: int, text: str, effect: str = "") -> None:
        """A store into a module's global `key` ("g:M.name") written as `text`: a global write
        (facts.mutated_state, rebound_library_calls) and the function's write effect."""
        self.s.global_writes.append((key, line, f"{self.fn.qualname}() assigns {text}"))
        self.fn.effects.append(Effect("write", key, line, effect or f"assigns {text}"))

    def note_tuple_return(self, display: ast.Tuple | ast.List | None, items: list[Values]
                          ) -> None:
        """FunctionSummary.tuple_returns: the positions of `return a, b` (a display without
        `*`), joined over every such `return` of one length; any other `return` with a value
        (`return pair`, `return a, *rest`, another length) clears them for good. `return None`
        and falling off the end do not count: unpacking None raises both eagerly and traced."""
        if self.tuple_cleared or self.is_module:
            return
        if display is None or any(isinstance(e, ast.Starred) for e in display.elts) or \
                not items or self.fn.tuple_returns and len(self.fn.tuple_returns) != len(items):
            self.tuple_cleared = True
            self.fn.tuple_returns = ()
            return
        canon = self.s.canon
        old = self.fn.tuple_returns
        self.fn.tuple_returns = tuple(canon(item | old[i]) if old else canon(item)
                                      for i, item in enumerate(items))

    def grown_detail(self, node: ast.expr) -> str:
        """'grown' for a local list that is only `[]` and appended to (grown_lists.py)."""
        return "grown" if isinstance(node, ast.Name) and node.id in self.grown and \
            not self.is_module else ""

    def visit_Expr(self, node: ast.Expr) -> None:
        before = len(self.fn.calls)
        self.eval(node.value)
        if isinstance(node.value, ast.Call) and len(self.fn.calls) > before and \
                self.fn.calls[-1].line == node.value.lineno:
            # `tf.gather(x, i)` as a statement: its result unused (calls.call_library)
            self.fn.calls[-1].discarded = True
        dropped = {(c.lineno, call_column(c)) for c in _dropped_calls(node.value)}
        if dropped:
            # `ta.write(i, v) if c else None`, `(ta.write(i, v), None)` as a statement: those
            # calls' results are dropped too (a red team of session 26, p156, p158)
            for site in self.fn.calls[before:]:
                if (site.line, site.col) in dropped:
                    site.discarded = True
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and \
                call.func.attr in _GROWING_METHODS and isinstance(call.func.value, ast.Name) and \
                self.unread_local(call.func.value.id):
            # `parsed.append(tf.strings.to_number(f))`, `parsed` never read: as unused
            for site in self.fn.calls[before:]:
                site.discarded = True

    def loop_arguments(self, node: ast.Call) -> tuple[int, ...]:
        """CallSite.loop_args: the arguments that are an enclosing `for`'s target."""
        if not self.loop_targets:
            return ()
        targets = frozenset().union(*self.loop_targets)
        values = [*node.args, *(k.value for k in node.keywords if k.arg)]
        return tuple(i for i, value in enumerate(values)
                     if isinstance(value, ast.Name) and value.id in targets)

    def callee_name(self, node: ast.Call) -> str | None:
        """The qualified name a call's plain dotted callee stands for (`tf.add` ->
        tensorflow.add), None for any other callee."""
        name = dotted_name(node.func)
        return self.ctx.qualify(name) if name else None

    def may_run_workspace_code(self, node: ast.Call) -> bool:
        """A call that is not of a library's function or a builtin (liveness.dead_values: a
        workspace callee may not read what it is given)."""
        qualified = self.callee_name(node)
        return not (qualified and (qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES or
                                   qualified in tfapi.BUILTINS))

    def library_function(self, name: str) -> str | None:
        """The library function a global name stands for (`from tensorflow import shape`,
        `shape_of = tf.shape` at the top level; liveness.dead_values), None for any other."""
        qualified = self.ctx.library_aliases.get(name) or self.ctx.qualify(name)
        return qualified if qualified and qualified.split(".")[0] in \
            python_builtins.LIBRARY_PREFIXES else None

    def module_number(self, name: str) -> int | float | None:
        """A global the module binds once to a number (liveness.dead_values), None if not;
        a name the function binds itself is the flow's."""
        return self.s.module_number(name) if name in self.ctx.globals else None

    def new_object(self, node: ast.Call) -> bool:
        """A call of a plain class of this module (liveness.dead_values: what the object's
        attributes are given is seen through it only)."""
        return isinstance(node.func, ast.Name) and node.func.id in self.ctx.plain_classes

    def stateless_op(self, node: ast.Call) -> bool:
        """A TensorFlow op of the API table without state (`tf.unstack`, `tf.add`), whose
        arguments a graph computes only if the op is kept (liveness.dead_values)."""
        qualified = self.callee_name(node)
        return qualified is not None and tfapi.stateless_op(tfapi.normalize(qualified))

    def applied_params(self, node: ast.Call, method: str | None) -> tuple[str, ...]:
        """CallSite.applies: the parameters read where an optimizer's update takes its
        variables: the second of each `(grad, var)` pair or `zip(grads, variables)`, `minimize`'s
        `var_list`, `apply`'s `trainable_variables` (every argument where the form is another)."""
        if method not in OPTIMIZER_UPDATES or self.is_module:
            return ()
        given = [*node.args, *(k.value for k in node.keywords)]
        named = {k.arg: k.value for k in node.keywords if k.arg}
        if method in ("minimize", "apply"):
            keyword = "var_list" if method == "minimize" else "trainable_variables"
            given = [named[keyword]] if keyword in named else node.args[1:2] or given
        elif node.args and isinstance(node.args[0], (ast.List, ast.Tuple)) and all(
                isinstance(e, ast.Tuple) and len(e.elts) == 2 for e in node.args[0].elts):
            given = [e.elts[1] for e in node.args[0].elts]  # type: ignore[attr-defined]
        elif node.args and isinstance(node.args[0], ast.Call) and \
                isinstance(node.args[0].func, ast.Name) and node.args[0].func.id == "zip" and \
                len(node.args[0].args) == 2:
            given = [node.args[0].args[1]]
        return tuple(sorted({n.id for arg in given for n in walk(arg)
                             if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and
                             self.is_param(n.id) and n.id != self.self_name}))

    def loaded_names(self) -> frozenset[str]:
        """Every name the body reads (nested functions included), once per body; every name
        when it may read its locals by name (`locals()`, `vars()`, `eval`, `exec`)."""
        if self._loaded is None:
            # A list only appended to is not read by that (`parsed.append(op(...))` with
            # `parsed` read nowhere else: a red team of session 26, p43).
            growing = {id(n.value.func.value) for stmt in self.body for n in walk(stmt)
                       if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call) and
                       isinstance(n.value.func, ast.Attribute) and
                       n.value.func.attr in _GROWING_METHODS and
                       isinstance(n.value.func.value, ast.Name)}
            names = {n.id for stmt in self.body for n in walk(stmt)
                     if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and
                     id(n) not in growing}
            self._loaded = _EVERY_NAME if names & _NAMESPACE_READERS else frozenset(names)
        return self._loaded

    def unread_local(self, name: str) -> bool:
        """A local of this function (not a parameter, a global or a closure variable) that
        nothing reads (loaded_names)."""
        return not self.is_module and name in self.local_names and not self.is_param(name) and \
            name not in self.globals_declared and name not in self.nonlocals and \
            name not in self.loaded_names()

    _loaded: frozenset[str] | None = None

    def visit_Assign(self, node: ast.Assign) -> None:
        self.pending_wrapper = None
        if len(node.targets) == 1 and _parallel(node.targets[0], node.value):
            # `a, b = f(x), g(y)`: bind each element to its own value.
            for target, element in zip(node.targets[0].elts, node.value.elts, strict=True):  # type: ignore
                before = len(self.fn.calls)
                value = self.eval(element)
                if isinstance(target, ast.Name) and not self.is_module and \
                        target.id not in self.loaded_names():
                    for site in self.fn.calls[before:]:  # `values, n = op(f), tf.size(f)`
                        site.discarded = True
                if isinstance(target, (ast.Tuple, ast.List)) and not self.is_module:
                    self.use("unpack", value, node.lineno)  # `(a, b), c = x * 2.0, 1.0`
                self.bind_target(target, value, self.root_of(element), element)
            return
        self.assigning = node
        before = len(self.fn.calls)
        value = self.eval(node.value)
        self.assigning = None
        if len(self.fn.calls) > before and not self.is_module and \
                all(isinstance(t, ast.Name) for t in node.targets) and \
                not any(t.id in self.loaded_names() for t in node.targets):  # type: ignore
            # `_ = tf.math.floordiv(a, b)`, `rows = tf.gather(table, ids)` never read: every
            # call of the value is as unused as a statement's result (a red team of session 26,
            # p140-p144, p176: a graph prunes the op and raises nothing)
            for site in self.fn.calls[before:]:
                site.discarded = True
        # A call's result is a new object, except what a getter returns from its receiver
        # (`s = REGISTRY.get("s")`, `c = type(self)`: root_of): writes through it are shared.
        roots = self.root_of(node.value)
        for target in node.targets:
            if isinstance(target, (ast.Tuple, ast.List)) and not (
                    isinstance(node.value, ast.Name) and
                    any(node.value.id in names for names in self.sequences)) and \
                    not _shape_list(node.value):
                # `a, b = x` iterates x: a tensor eagerly, OperatorNotAllowedInGraphError in a
                # graph (measured, TF 2.21; tests/fixtures/soundness/unpacking.py). A call
                # whose callees return tuple displays of that length gives a tuple
                # (Program.tuple_item; session 24).
                call = self.call_of(value) if isinstance(node.value, ast.Call) and \
                    not any(isinstance(e, ast.Starred) for e in target.elts) else None
                self.use("unpack", value if call is None else
                         self.defer("tuple_whole", value, call, len(target.elts)), node.lineno)
            if isinstance(target, ast.Subscript):
                # `REGISTRY["g"] = gate` (what a registering decorator does): stored in a
                # container, as in a display (a red team of session 23).
                self.note_escape(node.value, value, "stores {} in a container")
                if isinstance(target.value, ast.Name) and target.value.id == "__builtins__" \
                        and not self.shadowed("__builtins__") and \
                        "__builtins__" not in self.ctx.globals:
                    for name in sorted(_literal_name(target.slice)):
                        # the builtin rebound for every module (session 24)
                        self.module_store(f"g:builtins.{name}", node.lineno, ast.unparse(target))
            self.bind_target(target, value, roots, node.value)
        self.pending_wrapper = None
        self.note_final(node, value)

    def note_final(self, node: ast.Assign | ast.AnnAssign, value: Values) -> None:
        if self.latest is not None:
            self.latest.note(node, value)
        for name, stmt in self.final_assign.items():
            if stmt is node:
                self.final_values[name] = (node.end_lineno or node.lineno, value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.assigning = node
            value = self.eval(node.value)
            self.assigning = None
            self.bind_target(node.target, value, self.root_of(node.value), node.value)
            self.note_final(node, value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.assigning = node
        value = self.eval(node.value)
        current = self.eval(node.target) if not isinstance(node.target, ast.Name) else \
            self.lookup(node.target.id, node.lineno)
        self.assigning = None
        combined = self.defer("binop", current, value)
        if isinstance(node.target, ast.Name) and self.is_param(node.target.id) and \
                not self.is_module and not (
                    node.target.id in self.rebound and
                    node.lineno > self.replaced_after.get(node.target.id, sys.maxsize)):
            # `mean += m` changes an ndarray or a list in place, and rebinds a number or a
            # tensor: which, what the callers pass says (facts.in_place_param).
            self.use("aug-write", current, node.lineno, node.target.id)
        elif isinstance(node.target, ast.Name) and node.target.id in self.held_by and \
                self.writes_at(node.lineno):
            # `w = self.w; w += 1.0`: what the attribute holds changes when it is an ndarray or
            # a list (a red team of session 21); the values decide (facts.passed_to_writers,
            # by this use's index).
            self.use("aug-write", current, node.lineno, "")
            self.use("pass-write", self.held_by[node.target.id], node.lineno,
                     f"aug|{len(self.fn.value_uses) - 1}||{self.fn.qualname}() changes "
                     f"{node.target.id} (`{ast.unparse(node)[:40]}`)")
        elif isinstance(node.target, ast.Name) and not self.is_module and \
                node.target.id in self.local_names and self.writes_at(node.lineno):
            # `b = BIAS; b += delta` changes BIAS in place when it holds an ndarray or a list
            # (red team A of session 33, p97); facts drop the write for a global that holds
            # only numbers, strings or None (IF_MUTABLE).
            name = node.target.id
            for root in sorted(r for r in self.local_roots.get(name, ()) if self.held_global(r)):
                why = (f"{self.fn.qualname}() changes {root[2:].rsplit('.', 1)[-1]} through "
                       f"{name} (`{ast.unparse(node)[:40]}`){IF_MUTABLE}")
                self.fn.effects.append(Effect("write", root, node.lineno, why))
                self.s.global_writes.append((root, node.lineno, why))
        self.fn.arithmetic.append((current | value, node.lineno))
        self.implicit(node.target, current, implicit_calls.SPECIAL + "operator")
        self.implicit(node.value, value, implicit_calls.SPECIAL + "operator")
        self.bind_target(node.target, combined, {"new"}, None, augmented=True)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                continue
            if not self.is_module:  # `del config.SCALE`, `del globals()[name]`
                what = f"{self.fn.qualname}() deletes {ast.unparse(target)}"
                if isinstance(target, ast.Attribute):
                    self.namespace_write(target.value, {target.attr}, target.lineno, what)
                elif isinstance(target, ast.Subscript) and \
                        (space := self.namespace_of(target.value)) is not None:
                    self.namespace_write(space, _literal_name(target.slice), target.lineno, what)
            if isinstance(target, ast.Subscript) and not self.is_module:
                # `del parts[i]` with a tensor `i` (session 23): note_index.
                self.note_index(target, self.eval(target.value), self.eval(target.slice))
            self.write_effect(target, "del")

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        iterable = self.eval(node.iter)
        it = node.iter
        self.note_alias(node.target, it)  # `for row in sc.w: row[0] = 9.0`
        if self.is_module:
            # `for c in REG.values(): c["s"] = 5.0` at the top level: `c` shares REG's objects
            # (facts.aliases; a fourth audit of session 21); `for k, c in REG.items()` too.
            shared_keys = sorted(self.shared_globals(it))
            for target in walk(node.target):
                if not isinstance(target, ast.Name):
                    continue
                key = f"g:{self.ctx.import_name}.{target.id}"
                for shared in shared_keys:
                    if shared != key:
                        self.s.global_aliases.append((key, shared))
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and \
                it.func.id in ("enumerate", "zip", "reversed") and it.args:
            for arg in it.args:
                self.note_param_iteration(arg, node.lineno)
        else:
            self.note_param_iteration(it, node.lineno)
        literals = _literal_elements(it)
        if literals is not None and isinstance(node.target, ast.Name):
            # `for rate in (0.1, 0.5)`: the loop variable is each Python constant in turn (a
            # tf.function retraces per value), not an element of an unknown container.
            self.bind_target(node.target, literals, {"new"})
        else:
            self.bind_target(node.target, self.defer("iter", iterable),
                             self.root_of(node.iter, inside=True))
        self.use("for", iterable, node.lineno, self.carried_state(node))
        names = _literal_strings(it)
        if names is not None and isinstance(node.target, ast.Name):
            self.name_loops.append((node.target.id, names))
        self.loop_targets.append(frozenset(n.id for n in walk(node.target)
                                           if isinstance(n, ast.Name)))
        try:
            self.visit_loop_body(node)
        finally:
            self.loop_targets.pop()
            if names is not None and isinstance(node.target, ast.Name):
                self.name_loops.pop()

    visit_AsyncFor = visit_For

    def shared_globals(self, node: ast.expr, depth: int = 0) -> set[str]:
        """`g:` keys of the globals whose object (or part of it) an expression at module level
        may be or hold: a global or imported name, an attribute, item or slice of one, a
        getter's or NumPy view's result on one (`W.reshape(...)`, `np.asarray(W)`), a
        container display of such. A copy (`dict(CONFIG)`, `W.copy()`) or any other call is
        a new object."""
        if depth > 8:
            return set()
        if isinstance(node, ast.Name):
            if node.id in self.ctx.imports:
                return {f"g:{self.ctx.imports[node.id]}"}
            return {f"g:{self.ctx.import_name}.{node.id}"} if node.id in self.ctx.globals \
                else set()
        if isinstance(node, ast.Attribute):
            qualified = self.ctx.qualify(dotted_name(node) or "")
            if qualified:
                return {f"g:{qualified}"}
            return self.shared_globals(node.value, depth + 1)
        if isinstance(node, (ast.Subscript, ast.Starred)):
            return self.shared_globals(node.value, depth + 1)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return {k for e in node.elts for k in self.shared_globals(e, depth + 1)}
        if isinstance(node, ast.Dict):
            return {k for v in node.values for k in self.shared_globals(v, depth + 1)}
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)) and not any(
                isinstance(side, ast.Constant) and not isinstance(side.value, (str, bytes))
                and not (isinstance(node.op, ast.Mult) and isinstance(other, ast.List))
                for side, other in ((node.left, node.right), (node.right, node.left))):
            # `[SHARED] * 2`, `ENCODER + DECODER` (not `JIT.step + 1`: a number)
            return self.shared_globals(node.left, depth + 1) | \
                self.shared_globals(node.right, depth + 1)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            # `[b for b in BLOCKS if b["on"]]`, `{b["name"]: b for b in BLOCKS}`: the elements
            return {k for gen in node.generators for k in self.shared_globals(gen.iter,
                                                                              depth + 1)}
        if isinstance(node, (ast.IfExp, ast.BoolOp)):  # `A if flag else B`, `A or B`
            parts = [node.body, node.orelse] if isinstance(node, ast.IfExp) else node.values
            return {k for part in parts for k in self.shared_globals(part, depth + 1)}
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in SHARING_METHODS:
                return self.shared_globals(func.value, depth + 1)
            if self.ctx.qualify(dotted_name(func) or "") in SHARING_FUNCTIONS and node.args:
                return self.shared_globals(node.args[0], depth + 1)
            result = self.call_results.get(id(node), "new")
            found = {result} if result.startswith("r:") else set()
            # `h = get()`: what a workspace function returns, which may be a global's object
            # (facts.aliases resolves it; `h.k = v` after a call of a reader of the global: a
            # red team of session 25, p88). Default-deny: any other call's result may keep its
            # arguments' (and a method's receiver's) objects, unless the callee is known to
            # build a new value from them (_fresh_result): `MappingProxyType(D)`,
            # `ChainMap(OVERRIDES, DEFAULTS)`, `Trainer(SCHEDULE)`, `make_setter(CONFIG)`, a
            # shallow copy `dict(D)` whose nested objects are D's (red team A of session 33).
            if not self.fresh_result(node):
                given = [*node.args, *(kw.value for kw in node.keywords)]
                if isinstance(func, ast.Attribute):
                    given.append(func.value)
                for arg in given:
                    found |= self.shared_globals(arg, depth + 1)
            return found
        return set()

    def fresh_result(self, node: ast.Call) -> bool:
        """Whether a call's result is a new object holding none of its arguments' objects: a
        builtin that returns a number, string or bool, a deep copy, JSON, a TensorFlow op or
        a NumPy function other than a view (SHARING_FUNCTIONS)."""
        name = self.builtin_name(node)
        if name is None:
            return False
        if name in _FRESH_BUILTINS:
            return True
        copied = node.args[0] if name in _SHALLOW_COPIES and len(node.args) == 1 else \
            node.func.value if isinstance(node.func, ast.Attribute) and node.func.attr == "copy" \
            and not node.args else None
        if isinstance(copied, ast.Name) and copied.id in self.s.flat_literals():
            return True  # `SNAPSHOT = dict(LIMITS)` of `LIMITS = {"top": 5.0}`: nothing shared
        return name.split(".")[0] in ("tensorflow", "numpy", "json", "math", "keras") and \
            name not in SHARING_FUNCTIONS

    def module_ref(self, node: ast.expr) -> str | None:
        """The module an expression looks up by name: `sys.modules[__name__]` (this module),
        `sys.modules["pkg.mod"]`, `sys.modules.get(...)`, `importlib.import_module(...)`,
        `__import__(...)`; `*` (any module) for a name not written out."""
        key: ast.expr | None = None
        if isinstance(node, ast.Subscript) and \
                self.ctx.qualify(dotted_name(node.value) or "") == "sys.modules":
            key = node.slice
        elif isinstance(node, ast.Call) and node.args:
            func = dotted_name(node.func) or ""
            called = self.ctx.qualify(func)
            if called == "sys.modules.get" or called == "importlib.import_module" or (
                    func == "__import__" and not self.shadowed(func)):
                key = node.args[0]
                if func == "__import__" and isinstance(key, ast.Constant) and \
                        isinstance(key.value, str) and len(node.args) < 4 and \
                        not any(kw.arg == "fromlist" for kw in node.keywords):
                    return key.value.partition(".")[0]  # `__import__("a.b")` is `a`
        if key is None:
            return None
        if isinstance(key, ast.Name) and key.id == "__name__" and not self.shadowed(key.id):
            return self.ctx.import_name
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and \
                not key.value.startswith("."):
            return key.value
        return "*"

    def shadowed(self, name: str) -> bool:
        return name in self.local_names or self.is_param(name) or name in self.nonlocals

    def module_keys(self, node: ast.expr) -> set[str]:
        """`g:` keys of the module objects an expression may be: a module looked up by name
        (module_ref), a dotted name rooted at an import (`cfg`, `pkg.config`; it may also be a
        class or function, whose key no global read matches), a local bound to one of those."""
        ref = self.module_ref(node)
        if ref is not None:
            # `sys.modules["__main__"].SCALE = v`: whichever module runs as the script (as
            # `patch("__main__.SCALE")`; a red team of session 22, p52; session 24)
            return {"g:*" if ref == "__main__" else f"g:{ref}"}
        if isinstance(node, ast.Name) and node.id in self.local_modules:
            return self.local_modules[node.id]
        dotted = dotted_name(node)
        if dotted is None or self.shadowed(dotted.partition(".")[0]):
            return set()
        qualified = self.ctx.qualify(dotted)
        return {f"g:{qualified}"} if qualified else set()

    def namespace_of(self, node: ast.expr) -> ast.expr | None:
        """The module whose namespace dict an expression is: `globals()` (this module's; the
        call itself stands for it), `vars(m)`, `m.__dict__`."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                not self.shadowed(node.func.id) and node.func.id not in self.ctx.defs:
            if node.func.id == "globals" and not node.args:
                return node
            if node.func.id == "vars" and len(node.args) == 1:
                return node.args[0]
        if isinstance(node, ast.Attribute) and node.attr == "__dict__":
            return node.value
        return None

    def namespace_write(self, module: ast.expr, names: set[str], line: int, what: str) -> None:
        """A write of the globals `names` (`*`: any) of the module(s) `module` may be."""
        if isinstance(module, ast.Call) and isinstance(module.func, ast.Name) and \
                module.func.id == "globals":
            keys = {f"g:{self.ctx.import_name}"}
        else:
            keys = self.module_keys(module)
        for key in sorted(keys):
            for name in sorted(names):
                self.s.global_writes.append((f"{key}.{name}", line, what))

    @staticmethod
    def written_names(method: str, node: ast.Call) -> set[str]:
        """The keys a namespace dict's method may write: `update(SCALE=v)` SCALE, a dict
        display's string keys, `setdefault("SCALE", v)` SCALE; anything else `*`."""
        names: set[str] = set()
        if method == "update":
            for kw in node.keywords:
                names.add(kw.arg or "*")
            for arg in node.args:
                if isinstance(arg, ast.Dict) and all(
                        isinstance(k, ast.Constant) and isinstance(k.value, str)
                        for k in arg.keys):
                    names.update(k.value for k in arg.keys)  # type: ignore[union-attr]
                else:
                    names.add("*")
            return names or {"*"}
        if method in ("setdefault", "pop", "__setitem__", "__delitem__") and node.args:
            return _literal_name(node.args[0])
        return {"*"}

    def setattr_names(self, name: ast.expr) -> list[str] | None:
        """The attribute names a setattr's name argument can be: a string literal, or the
        variable of an enclosing `for` over a literal tuple/list of strings that nothing else
        binds, or an f-string that starts or ends with literal text (`f"{attr}_id"`): the
        pattern `*PREFIX*SUFFIX` (syntax.name_matches). None: any name (a computed one)."""
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            return [name.value]
        if isinstance(name, ast.JoinedStr) and name.values:
            first, last = name.values[0], name.values[-1]
            prefix = first.value if isinstance(first, ast.Constant) else ""
            suffix = last.value if isinstance(last, ast.Constant) and len(name.values) > 1 \
                else ""
            if (prefix or suffix) and "*" not in prefix + suffix:
                return [f"*{prefix}*{suffix}"]
            return None
        if isinstance(name, ast.Name) and name.id not in self.globals_declared and \
                name.id not in self.nonlocals and not self.is_module:
            # A global or closure variable may be bound again by any function the loop calls.
            for target, names in reversed(self.name_loops):
                if target == name.id:
                    return names if rebinding.bound_once(self.body, name.id) else None
        return None

    def visit_loop_body(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        """A loop's body and `else`, with what the body makes anew at each iteration
        (loop_made) and the loop's lines noted for facts.runs_repeatedly: its first line and
        how many follow (not its last line: a move keeps the summary, incremental.moved)."""
        self.use("loop", V.EMPTY, node.lineno,
                 str((node.end_lineno or node.lineno) - node.lineno))
        self.loop_made.append(_made_in(node))
        try:
            for stmt in node.body + node.orelse:
                self.visit(stmt)
        finally:
            self.loop_made.pop()

    def visit_While(self, node: ast.While) -> None:
        self.use("while", self.eval(node.test), node.lineno)
        self.visit_loop_body(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        self.use("assert", self.eval(node.test), node.lineno)
        self.eval(node.msg)

    def visit_Try(self, node: ast.Try) -> None:
        catching = next((text for h in node.handlers
                         if (text := self.catching_handler(h)) is not None), None)
        if catching is not None and node.body:
            # A call in the body reaches a function whose failing op raises another class
            # traced (facts.caught; the TRACE_TIME_ERRORS assumption, seen broken here).
            self.fn.caught = (*self.fn.caught, (node.body[0].lineno, node.body[-1].end_lineno or
                                                node.body[-1].lineno, catching, node.lineno))
        tracing = next((text for h in node.handlers
                        if (text := self.trace_error_handler(h)) is not None), None)
        if tracing is not None and node.body:
            # `except ValueError` around a tf.function's call: what tracing raises, which its
            # removal turns into an op's OpError ("~": facts.caught(tracing=True), session 33)
            self.fn.caught = (*self.fn.caught, (node.body[0].lineno, node.body[-1].end_lineno or
                                                node.body[-1].lineno, "~" + tracing,
                                                node.lineno))
        if node.handlers and not self.is_module:
            self.fn.hazards.append(Hazard(
                "HAS_EXCEPTION_HANDLING", node.lineno,
                f"`try`/`except` at line {node.lineno}: an error an op raises inside is caught "
                "eagerly, but in a graph the op runs after tracing and the error escapes"))
        for stmt in node.body:
            self.visit(stmt)
        for handler in node.handlers:
            self.eval(handler.type)
            if handler.name:
                self.fn.locals[handler.name] = self.fn.locals.get(handler.name, V.EMPTY) | \
                    V.UNKNOWN_SET
            for stmt in handler.body:
                self.visit(stmt)
        for stmt in node.orelse + node.finalbody:
            self.visit(stmt)

    visit_TryStar = visit_Try

    def catching_context(self, node: ast.expr) -> str | None:
        """A context manager that may swallow what a failing op raises, as written: `with
        contextlib.suppress(...)` of a class catching_handler counts (a red team of session
        26), or an instance of a class of this module whose `__exit__` may return a true value.
        None for the others (a library's context managers, which do not swallow errors, and
        other modules' classes: a gap)."""
        if not isinstance(node, ast.Call):
            # `guard = SkipBad(); with guard:`, `with p:` (a red team of session 26, p22,
            # p132): an object the syntax does not name, which may be an instance of a class
            # here whose `__exit__` swallows errors
            swallowing = any(isinstance(n, ast.ClassDef) and _swallows(self.s.tree, n.name)
                             for n in self.s.tree.body)
            return f"with {ast.unparse(node)[:60]}" if swallowing else None
        name = dotted_name(node.func) or ""
        qualified = self.ctx.qualify(name)
        expects = qualified in _EXPECTING_CONTEXTS or (
            isinstance(node.func, ast.Attribute) and node.func.attr in _EXPECTING_METHODS)
        if qualified in ("contextlib.ExitStack", "contextlib.AsyncExitStack") and \
                _names_suppress(self.s.tree):
            return f"with {ast.unparse(node)[:60]}"  # `stack.enter_context(suppress(...))`
        if qualified == "contextlib.suppress" or expects:
            # `pytest.raises(tf.errors.InvalidArgumentError)`, `self.assertRaises(...)`: a test
            # that expects the eager error fails on the traced one (a red team of session 26).
            if expects and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "assertRaisesOpError":
                return f"with {ast.unparse(node)[:60]}"
            kinds = list(node.args[:1]) if expects else list(node.args)
            handler = ast.ExceptHandler(type=ast.Tuple(elts=kinds, ctx=ast.Load()), name=None,
                                        body=[])
            return f"with {ast.unparse(node)[:60]}" \
                if kinds and self.catching_handler(handler) is not None else None
        if name in self.ctx.classes and name not in self.ctx.imports and \
                _swallows(self.s.tree, name):
            return f"with {ast.unparse(node)[:60]}"
        if name in self.ctx.defs and name not in self.ctx.imports:
            # `@contextlib.contextmanager` whose `try` around its `yield` catches the error
            # (a red team of session 26, p123)
            generator = next((n for n in self.s.tree.body if isinstance(n, ast.FunctionDef)
                              and n.name == name), None)
            if generator is not None and any(
                    isinstance(t, ast.Try) and any(isinstance(y, (ast.Yield, ast.YieldFrom))
                                                   for b in t.body for y in walk(b)) and
                    any(self.catching_handler(h) is not None for h in t.handlers)
                    for t in walk(generator)):
                return f"with {ast.unparse(node)[:60]}"
        return None

    def catching_handler(self, handler: ast.ExceptHandler) -> str | None:
        """The handler as written (`except tf.errors.InvalidArgumentError`) when it expects
        what a failing op raises eagerly, a `tf.errors.OpError`, which traced becomes a
        ValueError or TypeError of shape or dtype inference while tracing; a name the module
        does not resolve may be one. A class of the module's own cannot be; a broad handler
        (`except Exception`, bare `except`) catches both alike unless it names the error (`as
        e`: its class and message differ). None for the others: `except KeyError`, and `except
        ValueError` / `except TypeError`, which expect Python's own errors (raised the same
        both ways); that one may catch traced what escaped eagerly is TRACE_TIME_ERRORS' to
        state (declining them took back 54 of 300 proposals on the eight projects, tests'
        `assertRaises(ValueError)` around training loops: measured in session 26)."""
        text, types = _handler_types(handler)
        if types is None:
            return text if handler.name else None
        for kind in types:
            name = dotted_name(kind)
            if name is None:
                return text  # `except ERRORS` of a computed value
            if name.split(".")[0] in self.ctx.classes and name.split(".")[0] not in \
                    self.ctx.imports:
                continue  # the module's own exception class
            qualified = self.ctx.qualify(name) or (
                name if name.split(".")[0] not in self.ctx.globals and
                name.split(".")[0] not in self.ctx.defs else None)
            if qualified in _BROAD_ERRORS:
                if handler.name:
                    return text
                continue
            if qualified in _OTHER_ERRORS or qualified in _PYTHON_ERRORS:
                continue
            return text  # tf.errors.*, a name not resolved
        return None

    def trace_error_handler(self, handler: ast.ExceptHandler) -> str | None:
        """The handler as written when it catches what tracing raises of a failing op, a
        ValueError or TypeError (`except ValueError`, `except (TypeError, ValueError)`, a broad
        one that names the error), else None."""
        text, types = _handler_types(handler)
        if types is None:
            return text if handler.name else None
        for kind in types:
            name = dotted_name(kind)
            qualified = self.ctx.qualify(name) if name else None
            qualified = qualified or (name if name and name.split(".")[0] not in
                                      self.ctx.globals and name.split(".")[0] not in
                                      self.ctx.defs and name.split(".")[0] not in
                                      self.ctx.classes else None)
            if qualified in _PYTHON_ERRORS or qualified in _BROAD_ERRORS and handler.name:
                return text
        return None

    def carried_state(self, loop: ast.For) -> str:
        """Why AutoGraph may not run this loop's body the way Python does if the loop turns out
        to be over a tensor or a dataset (a tf.while_loop then): "" when the body carries no
        Python state from one iteration to the next, or out of the loop."""
        targets = {n.id for n in walk(loop.target) if isinstance(n, ast.Name)}
        stored: set[str] = set()
        for sub in _walk_local(loop.body + loop.orelse):
            if type(sub) in _JUMPS:
                return f"has `{_JUMPS[type(sub)]}` inside"
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and \
                    sub.func.attr in tfapi.MUTATING_METHODS:
                return f"grows or changes a Python object (`{ast.unparse(sub.func)}()`)"
            if isinstance(sub, (ast.Subscript, ast.Attribute)) and \
                    isinstance(sub.ctx, (ast.Store, ast.Del)):
                return f"assigns `{ast.unparse(sub)}`"
            if isinstance(sub, ast.Name) and not isinstance(sub.ctx, ast.Load):
                stored.add(sub.id)
        stored -= targets
        if not stored:
            return ""
        start, end = (loop.lineno, loop.col_offset), (loop.end_lineno, loop.end_col_offset)
        outside = {n.id for n in _walk_local(self.body) if isinstance(n, ast.Name)
                   and not start <= (n.lineno, n.col_offset) <= end}  # type: ignore[operator]
        carried = sorted(stored & (outside | set(self.fn.params) | set(self.fn.kwonly)))
        if carried:
            return f"carries {', '.join(carried)} from one iteration to the next"
        return ""

    def note_param_iteration(self, node: ast.expr, line: int) -> None:
        if isinstance(node, ast.Name) and self.is_param(node.id) and node.id != self.self_name:
            self.fn.param_iterations.append((node.id, line))

    def visit_If(self, node: ast.If) -> None:
        self.use("if", self.eval(node.test), node.lineno)
        guard = _is_first_call_guard(node.test)
        self.none_guard += guard
        names = _sequence_test(node.test)
        if names:
            names = names - _bound_in(node.body) - self.globals_declared - self.nonlocals
        self.sequences.append(names)
        for stmt in node.body:
            self.visit(stmt)
        self.sequences.pop()
        self.none_guard -= guard
        for stmt in node.orelse:
            self.visit(stmt)

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        catching = next((text for item in node.items
                         if (text := self.catching_context(item.context_expr)) is not None), None)
        if catching is not None and node.body:
            # `with contextlib.suppress(tf.errors.InvalidArgumentError):` is a `try` (facts.caught)
            self.fn.caught = (*self.fn.caught, (node.body[0].lineno, node.body[-1].end_lineno or
                                                node.body[-1].lineno, catching, node.lineno))
        for item in node.items:
            value = self.eval(item.context_expr)
            self.implicit(item.context_expr, value, implicit_calls.SPECIAL + "with")
            if item.optional_vars is not None:
                self.bind_target(item.optional_vars, value, {"new"})
                self.note_alias(item.optional_vars, item.context_expr)
        bound = {item.optional_vars.id for item in node.items
                 if isinstance(item.optional_vars, ast.Name)}
        self.with_bound.append(bound)
        try:
            for stmt in node.body:
                self.visit(stmt)
        finally:
            self.with_bound.pop()

    visit_AsyncWith = visit_With

    def visit_Global(self, node: ast.Global) -> None:
        pass

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        pass

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        if self.is_module:
            return
        for alias in node.names:
            # `import tensorflow as tf` inside a function binds the module, as at module level
            # (keras-hub imports TensorFlow in the TensorFlow-only branch of a method).
            name = (alias.asname or alias.name).split(".")[0]
            target = self.ctx.import_target(node, alias)
            value = frozenset({sys.intern(f"q|{self.ctx.key}|{target}")}) if target \
                else V.UNKNOWN_SET
            self.fn.locals[name] = self.fn.locals.get(name, V.EMPTY) | value
            if target and isinstance(node, ast.Import):
                # `import builtins as bb; bb.max = min` writes that module's global
                # (module_keys; a red team of session 24)
                self.local_modules.setdefault(name, set()).add(
                    f"g:{target if alias.asname else name}")

    visit_ImportFrom = visit_Import

    # -- binding and writing ---------------------------------------------------------------------
    def bind_target(self, target: ast.expr, value: Values, roots: set[str],
                    source: ast.expr | None = None, augmented: bool = False) -> None:
        if isinstance(target, (ast.Attribute, ast.Subscript)) and not augmented:
            self.note_param_store(source, target.lineno,
                                  target.attr if isinstance(target, ast.Attribute) else "")
            if isinstance(target, ast.Attribute) and source is not None:
                self.note_held_global(target.attr, source)
                if not (isinstance(target.value, ast.Name) and
                        target.value.id == self.self_name):
                    # `box.fn = gate`: whoever holds the object may call it (session 23); a
                    # class's own `self.op = gate` is followed through its instances'
                    # attributes.
                    self.note_escape(source, value, "stores {} in an attribute")
        if isinstance(target, ast.Name):
            name = target.id
            if self.is_module:
                self.fn.locals[name] = self.fn.locals.get(name, V.EMPTY) | value
                key = f"g:{self.ctx.import_name}.{name}"
                for shared in sorted(self.shared_globals(source) if source is not None else ()):
                    if shared != key:  # `TABLE = CONFIG`, `ALL = [CONFIG]`, `V = W.reshape()`
                        self.s.global_aliases.append((key, shared))
            elif name in self.globals_declared:
                if name in self.ctx.classes:  # `global Model; Model = Other` (red team)
                    self.s.rebound_methods.append((self.ctx.classes[name], "*"))
                key = f"v|{self.ctx.module_fn}|{name}"
                self.s.module_extra_values.setdefault(name, set()).update(value - {key})
                where = f"{self.fn.qualname}()"
                self.fn.effects.append(Effect("write", f"g:{self.ctx.import_name}.{name}",
                                              target.lineno, f"assigns the global {name}"))
                self.s.global_writes.append(
                    (f"g:{self.ctx.import_name}.{name}", target.lineno, f"{where} assigns {name}"))
            elif name in self.nonlocals:
                self.fn.effects.append(Effect("write", f"nl:{name}", target.lineno,
                                              f"assigns the closure variable {name}"))
                self.closure_write(name, value)
                self.s.global_writes.append(
                    (f"nl:{name}", target.lineno, f"{self.fn.qualname}() assigns {name}"))
            else:
                self.fn.locals[name] = self.fn.locals.get(name, V.EMPTY) | value
                self.local_roots.setdefault(name, set()).update(roots)
                if source is not None and isinstance(source, _HOLDING_SOURCES):
                    held = {r for r in self.root_of(source, inside=True) - roots - {"new"}
                            if not (r.startswith("g:") and r[2:].split(".")[0] in
                                    python_builtins.LIBRARY_PREFIXES)}  # not `dtype=tf.string`
                    if held:
                        self.local_held.setdefault(name, set()).update(held)
                if source is not None and (modules := self.module_keys(source)):
                    self.local_modules.setdefault(name, set()).update(modules)
                self.note_cell_write(name, target.lineno, f"{self.fn.qualname}() reassigns {name}")
            if self.pending_wrapper is not None and source is self.pending_wrapper[0]:
                self.add_wrapper(name, self.ctx.key if self.is_module else self.fn.key)
            if source is not None and name not in self.globals_declared and \
                    (owner := self.alias_owner(source)) is not None:
                # `o = sc.opts`, `v = self.w[0:2]`, `d = layer.get_opts()`: the name shares
                # what an attribute of that object holds (a red team of session 21).
                self.held_by[name] = self.held_by.get(name, V.EMPTY) | owner
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            if self.is_module and source is not None:
                # `STEM, *BODY = BLOCKS`: each name may be (or hold) the objects of the globals
                # the source holds (red team A2 of session 34, p43)
                shared = sorted(self.shared_globals(source))
                for name in walk(target):
                    if isinstance(name, ast.Name) and shared:
                        key = f"g:{self.ctx.import_name}.{name.id}"
                        self.s.global_aliases.extend((key, k) for k in shared if k != key)
            if not self.is_module and source is not None and \
                    (owner := self.alias_owner(source)) is not None:
                # `lrs, moms = model.lr_pair`: each name shares what the attribute holds (red
                # team A2 of session 34, p58), as `o = sc.opts` does
                for name in walk(target):
                    if isinstance(name, ast.Name) and name.id not in self.globals_declared:
                        self.held_by[name.id] = self.held_by.get(name.id, V.EMPTY) | owner
            call = self.call_of(value) if isinstance(source, ast.Call) and \
                not any(isinstance(e, ast.Starred) for e in target.elts) else None
            for index, element in enumerate(target.elts):
                # `loss, grads = compute(x)`: each target its own position of the tuple the
                # callee returns, where the program can tell (Program.tuple_item; session 24)
                item = self.defer("unpack", value, index) if call is None else \
                    self.defer("tuple_item", value, index, call, len(target.elts))
                if isinstance(element, (ast.Tuple, ast.List)) and not self.is_module:
                    # `(a, b), c = pair(x)`: the inner target unpacks its item too, a tensor
                    # there a graph cannot iterate (a red team of session 24)
                    self.use("unpack", item, element.lineno)
                self.bind_target(element, item, self.root_of(source, inside=True)
                                 if source is not None else _held(roots))
            return
        if isinstance(target, ast.Starred):
            self.bind_target(target.value, frozenset({V.LIST}), roots)
            return
        if isinstance(target, ast.Attribute) and target.attr in self.s.all_method_names and \
                not (isinstance(target.value, ast.Name) and target.value.id == self.self_name):
            # `make().forward = f`, `ALL[0].forward = f`, `type(M).forward = f`, `M.forward =
            # f` on an instance: the method of that name of any class here may be another
            # function (a second red team of session 25; summaries)
            self.s.stored_method_names.add(target.attr)
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute) and \
                target.value.attr == "__dict__" and not (
                    isinstance(target.value.value, ast.Name) and
                    target.value.value.id == self.self_name):
            # `M.__dict__["forward"] = f` (any name when not written out: "*")
            names = _literal_name(target.slice)
            self.s.stored_method_names.update(names if names == {"*"} else
                                              names & self.s.all_method_names)
        if isinstance(target, ast.Attribute):
            base = target.value
            if source is not None and not (isinstance(base, ast.Name) and
                                           base.id == self.self_name) and \
                    graph_rewrites.zero_kind(source, self.ctx.qualify,
                                             self.zero_names) == "z":
                # `m.w = 0`, `M.W = 0` (session 32's red team, p01, p04, p94): what a method
                # multiplies by `self.w` may be 0 (facts.zero_attribute)
                self.s.zero_stores.append((target.attr, target.lineno))
            if target.attr in function_objects.PLAIN_FUNCTION_ATTRIBUTES:
                self.note_function_api(target, self.eval(base))  # `f.__defaults__ = (5.0,)`
            if target.attr in CLASS_CHANGERS:
                self.class_change(base, target.attr, target.lineno,
                                  f"assigns {ast.unparse(target)}", source)
            if (ref := self.module_ref(base)) is not None and not self.is_module:
                # `sys.modules[__name__].OFFSET = v` assigns the global OFFSET (no other
                # object's attribute: not an attribute store on a value of unknown kind).
                # `sys.modules["__main__"]`: whichever module runs as the script (module_keys).
                self.module_store(f"g:{'*' if ref == '__main__' else ref}.{target.attr}",
                                  target.lineno, ast.unparse(target),
                                  f"assigns the global {target.attr}")
                return
            if isinstance(base, ast.Name) and base.id in self.ctx.classes and \
                    not self.shadowed(base.id):
                # `P.parts = other`: the method its instances run is another function
                self.s.rebound_methods.append((self.ctx.classes[base.id], target.attr))
            if isinstance(base, ast.Name) and base.id == "__builtins__" and \
                    not self.shadowed(base.id) and base.id not in self.ctx.globals:
                self.module_store(f"g:builtins.{target.attr}", target.lineno,
                                  ast.unparse(target))  # the builtin, for every module
            if isinstance(base, ast.Name) and base.id in self.ctx.library_aliases and \
                    not self.shadowed(base.id):
                # `M = tf.math` at the top level, then `M.abs = tf.negative`: rebinds
                # tf.math.abs for every caller (facts.rebound_library_calls; a red team of
                # session 22, p49; session 24).
                self.module_store(f"g:{self.ctx.library_aliases[base.id]}.{target.attr}",
                                  target.lineno, ast.unparse(target))
            if isinstance(base, ast.Name) and base.id in self.local_modules and \
                    not self.is_module:  # `m = config` ... `m.SCALE = v`
                self.namespace_write(base, {target.attr}, target.lineno,
                                     f"{self.fn.qualname}() assigns {ast.unparse(target)}")
            if isinstance(base, ast.Name) and base.id == self.self_name and self.fn.class_key:
                cls = self.s.class_by_key.get(self.fn.class_key)
                if cls is not None:
                    cls.instance_attrs.setdefault(target.attr, []).append(
                        (value, self.fn.name, target.lineno))
                if self.pending_wrapper is not None and source is self.pending_wrapper[0]:
                    self.add_wrapper(f"self.{target.attr}", self.fn.class_key)
            elif isinstance(base, ast.Name) and base.id in self.ctx.classes and \
                    base.id not in self.local_names and not self.is_param(base.id):
                if not self.is_module:
                    self.s.global_writes.append(
                        (f"c:{self.ctx.classes[base.id]}.{target.attr}", target.lineno,
                         f"{self.fn.qualname}() assigns {base.id}.{target.attr}"))
            elif isinstance(base, ast.Name) and self.fn.kind == "classmethod" and \
                    self.fn.params and base.id == self.fn.params[0] and self.fn.class_key:
                self.s.global_writes.append(
                    (f"c:{self.fn.class_key}.{target.attr}", target.lineno,
                     f"{self.fn.qualname}() assigns {base.id}.{target.attr}"))
            self.write_effect(target, "assign", self.eval(base))
            if target.attr in tfapi.VARIABLE_SETTINGS and not self.is_module:
                # `optimizer.learning_rate = 0.01`: what is stored (facts.library_setting_write)
                self.use(tfapi.STORED_SETTING, value, target.lineno, target.attr)
            return
        if isinstance(target, ast.Subscript):
            if isinstance(target.value, ast.Name) and target.value.id in self.local_names and \
                    not self.is_module:  # `logs["lr"] = 0.1`: the local dict also holds 0.1
                name = target.value.id
                self.fn.locals[name] = self.fn.locals.get(name, V.EMPTY) | \
                    self.defer("container", value)
            base, key = target.value, target.slice
            if not self.is_module and (space := self.namespace_of(base)) is not None:
                # `globals()["SCALE"] = v`, `vars(config)["SCALE"] = v` assign the global
                # SCALE; a computed name may be any global of the module (`*`,
                # facts.stale_reads).
                self.namespace_write(space, _literal_name(key), target.lineno,
                                     f"{self.fn.qualname}() assigns {ast.unparse(target)}")
            stored_in = self.eval(target.value)
            self.implicit(target.value, stored_in, implicit_calls.SPECIAL + "item")
            index = self.eval(target.slice)
            self.implicit(target.slice, index, implicit_calls.SPECIAL + "index")
            self.note_index(target, stored_in, index)
            self.write_effect(target, "assign")

    defined_closure = False

    def note_cell_write(self, name: str, line: int, what: str) -> None:
        """A local written after a nested function (or lambda) was made: if it reads it (a
        closure cell), a graph traced from it keeps the value it saw (matched by name)."""
        if self.defined_closure and not self.is_module:
            self.s.global_writes.append((f"nl:{self.fn.key}.{name}", line,
                                         f"{what} after a nested def or lambda"))

    def mock_patch(self, qualified: str, node: ast.Call) -> None:
        """`mock.patch("config.SCALE", 9.0)`, `mock.patch.object(utils, "scale", f)`,
        `mock.patch.dict(config.SETTINGS, {...})`: what the patcher replaces while it is active
        (a fourth soundness audit, session 19: a converted reader kept the value it traced);
        `patch.object` is a `setattr` (SETATTR_LIKE)."""
        what = f"{self.fn.qualname}() calls {ast.unparse(node)}"[:160]
        kind = qualified.rsplit(".", 1)[-1]
        target = node.args[0]
        if kind == "patch":
            if isinstance(target, ast.Constant) and isinstance(target.value, str) and \
                    target.value.startswith("__main__."):
                # `patch("__main__.SCALE", 5.0)`: the global of whichever module runs as the
                # script (a follow-up audit of session 21).
                name = target.value.split(".")[1]
                self.s.global_writes.append((f"g:*.{name}", node.lineno, what))
            elif isinstance(target, ast.Constant) and isinstance(target.value, str):
                self.s.global_writes.append((f"g:{target.value}", node.lineno, what))
            else:  # a target not written out may be any module's global
                self.s.global_writes.append(("g:*.*", node.lineno, what))
        elif kind == "dict":
            self.note_contents_write(target, node.lineno, what,
                                     f"{ast.unparse(node.func)}() changes")
        elif kind == "multiple":  # patch.multiple(helpers, SCALE=5.0, OFFSET=1.0)
            self.namespace_write(target, {kw.arg for kw in node.keywords if kw.arg} or {"*"},
                                 node.lineno, what)

    def holds_layers(self, qualified: str | None, node: ast.Call) -> bool:
        """A Keras `Sequential` or `Model` built from layers the syntax does not show to be
        the library's: its layers argument is not a list or tuple of library constructor calls
        (`Sequential([keras.Input((3,)), Dense(2)])` is), or it is a functional `Model`, which
        runs whatever layers computed its outputs."""
        if not qualified or qualified.rsplit(".", 1)[-1] not in ("Sequential", "Model") or \
                not qualified.startswith(("tensorflow.keras.", "keras.")):
            return False
        given = node.args[:1] + [kw.value for kw in node.keywords if kw.arg == "layers"]
        if qualified.endswith("Model"):
            # Model(inputs, outputs): functional, it runs the layers that computed its outputs;
            # none of the workspace's when every call of the body that builds it is the
            # library's (`Dense(1)(x)`, `head(x)` with `head = Dense(1)` bound once)
            return bool(node.args or node.keywords) and not self.library_calls_only(node)
        for arg in given:
            if isinstance(arg, ast.Name) and self.library_layer_list(arg.id):
                continue
            if not isinstance(arg, (ast.List, ast.Tuple)):
                return True
            for element in arg.elts:
                if not (isinstance(element, ast.Call) and self.library_constructor(element)):
                    return True
        return False

    _closures: set[str] | None = None

    def closure_names(self) -> set[str]:
        """Every name a nested function or lambda of the body mentions (computed once)."""
        if self._closures is None:
            self._closures = _closure_names(self.body)
        return self._closures

    _initialising_adds: set[int] | None = None

    def initialising_adds(self) -> set[int]:
        """Ids of the `X.add(layer)` statements right after `X = keras.Sequential(...)`, in the
        same block, each given one library constructor call of plain arguments (constants,
        library names, library calls of such: `_plain_library_call`), none naming X: they set
        the model up, as its constructor's list does, before anything else can reach it (X a
        plain local or a module global, named by no nested function or lambda of the body, not
        in the value). Not writes (a stale read of every function that runs the model); the
        first other statement ends the run, and every later `add` is a write as before. (At
        a module's top level the functions that read X cannot run in between: the arguments
        run no workspace code.)"""
        if self._initialising_adds is not None:
            return self._initialising_adds
        found: set[int] = set()
        closures: set[str] | None = None
        for block in _blocks(self.body):
            for index, stmt in enumerate(block):
                if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and
                        isinstance(stmt.targets[0], ast.Name) and
                        isinstance(stmt.value, ast.Call)):
                    continue
                name = stmt.targets[0].id
                target = dotted_name(stmt.value.func)
                if not (target or "").endswith("Sequential"):
                    continue
                qualified = self.ctx.qualify(target) if target else None
                if not (qualified and qualified.rsplit(".", 1)[-1] == "Sequential" and
                        qualified.startswith(("tensorflow.keras.", "keras."))):
                    continue
                if closures is None:
                    closures = self.closure_names()
                if name in closures and not self.is_module or self.is_param(name) or \
                        name in self.globals_declared or name in self.nonlocals:
                    continue
                named = _names_name(name)
                if named(stmt.value):
                    continue
                for later in block[index + 1:]:
                    call = later.value if isinstance(later, ast.Expr) else None
                    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                            and call.func.attr == "add" and
                            isinstance(call.func.value, ast.Name) and
                            call.func.value.id == name and len(call.args) == 1 and
                            not call.keywords and isinstance(call.args[0], ast.Call) and
                            self.library_constructor(call.args[0]) and
                            self._plain_library_call(call.args[0]) and
                            not named(call.args[0])):
                        break
                    found.add(id(call))
        self._initialising_adds = found
        return found

    def _plain_library_call(self, call: ast.Call) -> bool:
        """A call of a library name given only constants (arithmetic of constants too), plain
        names (a load runs no code), library names and such calls (`Dense(units,
        activation="relu")`, `Dense(7 * 7 * 256)`, `Conv2D(32, (3, 3),
        kernel_regularizer=tf.keras.regularizers.l2(0.01))`): it runs no workspace code (an
        attribute of a workspace object could be a property, an operator a dunder method)."""
        def plain(node: ast.AST) -> bool:
            if isinstance(node, ast.Constant) or isinstance(node, ast.Name) and \
                    not (self.ctx.qualify(node.id) or "").startswith(("tensorflow.", "keras.")):
                return True
            if isinstance(node, (ast.Tuple, ast.List)):
                return all(plain(e) for e in node.elts)
            if isinstance(node, ast.UnaryOp):
                return plain(node.operand)
            if isinstance(node, ast.BinOp):  # `7 * 7 * 256`: of constants only
                return all(isinstance(n, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.operator,
                                          ast.unaryop)) for n in walk(node))
            if isinstance(node, (ast.Name, ast.Attribute)):
                dotted = dotted_name(node)
                qualified = self.ctx.qualify(dotted) if dotted else None
                return bool(qualified and qualified.startswith(("tensorflow.", "keras.")))
            if isinstance(node, ast.Call):
                return plain(node.func) and all(
                    plain(a) for a in [*node.args, *(k.value for k in node.keywords)])
            return False
        return plain(call)

    _built_after: set[int] | None = None

    def built_after_calls(self) -> set[int]:
        """Ids of the calls `N = C(...)` (or `self.a = C(...)`) of this body whose object's
        first use after them, in the same block, is a statement calling or building it
        (`N(x)`, `y = N(x)`, `N.build(shape)`), no statement between them naming N (for
        `self.a`: naming `self` only as the target of another `self.b = ...` whose value does
        not name it), and no nested function or lambda of the body naming N: nothing else can
        get the object before Keras builds it (facts.construction_count)."""
        if self._built_after is not None:
            return self._built_after
        found: set[int] = set()
        closures: set[str] | None = None
        for block in _blocks(self.body):
            for index, stmt in enumerate(block):
                # (a class's name, by convention: a construction written otherwise counts as
                # not built, as before; the scans below only for these)
                if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and
                        isinstance(stmt.value, ast.Call) and
                        (dotted_name(stmt.value.func) or "").rpartition(".")[2][:1].isupper()):
                    continue
                target = stmt.targets[0]
                if closures is None:
                    closures = self.closure_names()
                if isinstance(target, ast.Name) and target.id not in closures:
                    named = _names_name(target.id)
                elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and target.value.id == "self" and not self.is_module:
                    named = _names_name("self")  # any code given `self` may reach `self.a`
                else:
                    continue
                if named(stmt.value):
                    continue
                for later in block[index + 1:]:
                    if _builds(later, target, named):
                        found.add(id(stmt.value))
                        break
                    if named(later) and not (isinstance(target, ast.Attribute) and
                                             _other_self_store(later)):
                        break
        self._built_after = found
        return found

    def library_layer_list(self, name: str) -> bool:
        """A local list the body fills with library constructor calls only, and uses for
        nothing else: every use of the name in the body (nested functions included) is an
        assignment of a list display of such calls, an `append`/`insert` of one, an `extend`
        or `+=` of such a display, or an argument of a Keras `Sequential` (`layers =
        [Dense(8)]; if bn: layers.append(BatchNormalization()); Sequential(layers)`). Anything
        else (a parameter, a global, an alias, the list handed to other code, an item
        assigned, a comprehension) may put a workspace layer in it: False."""
        if self.is_module or name not in self.local_names or name in self.globals_declared \
                or name in self.nonlocals or self.is_param(name):
            return False

        def ctors(node: ast.expr | None) -> bool:
            return isinstance(node, ast.List) and all(
                isinstance(e, ast.Call) and self.library_constructor(e) for e in node.elts)

        allowed: set[int] = set()  # ids of the Name nodes of the allowed uses
        uses = 0
        for stmt in self.body:
            for sub in walk(stmt):
                if isinstance(sub, ast.Name) and sub.id == name:
                    uses += 1
                elif isinstance(sub, ast.Assign) and len(sub.targets) == 1 and \
                        isinstance(sub.targets[0], ast.Name) and sub.targets[0].id == name:
                    if ctors(sub.value):
                        allowed.add(id(sub.targets[0]))
                elif isinstance(sub, ast.AugAssign) and isinstance(sub.target, ast.Name) and \
                        sub.target.id == name and isinstance(sub.op, ast.Add):
                    if ctors(sub.value):
                        allowed.add(id(sub.target))
                elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and \
                        isinstance(sub.func.value, ast.Name) and sub.func.value.id == name:
                    method, args = sub.func.attr, sub.args
                    if sub.keywords:
                        continue
                    if method == "append" and len(args) == 1 and \
                            isinstance(args[0], ast.Call) and self.library_constructor(args[0]) \
                            or method == "insert" and len(args) == 2 and \
                            isinstance(args[1], ast.Call) and self.library_constructor(args[1]) \
                            or method == "extend" and len(args) == 1 and ctors(args[0]):
                        allowed.add(id(sub.func.value))
                elif isinstance(sub, ast.Call):
                    target = dotted_name(sub.func)
                    qualified = self.ctx.qualify(target) if target else None
                    if qualified and qualified.rsplit(".", 1)[-1] == "Sequential" and \
                            qualified.startswith(("tensorflow.keras.", "keras.")):
                        allowed.update(id(a) for a in sub.args[:1] if isinstance(a, ast.Name))
        return uses > 0 and uses == len(allowed)

    def library_constructor(self, call: ast.Call) -> bool:
        """A call of a library Keras (or TensorFlow) constructor given no workspace code: no
        lambda, and no name in a slot that takes code (tfapi.CODE_SLOTS) or as the first
        argument of a wrapper (tfapi.CODE_FIRST), unless the name is the library's."""
        name = dotted_name(call.func)
        target = self.ctx.qualify(name) if name else None
        if not (target and target.startswith(("tensorflow.", "keras."))):
            return False
        if self.holds_layers(target, call):
            return False
        last = target.rsplit(".", 1)[-1]
        slots = [kw.value for kw in call.keywords if kw.arg and "initializer" not in kw.arg
                 and any(word in kw.arg for word in tfapi.CODE_SLOTS)]
        if (last in tfapi.CODE_FIRST or ".optimizers." in target) and call.args:
            slots.append(call.args[0])
        for slot in slots:
            for sub in walk(slot):
                if isinstance(sub, ast.Lambda):
                    return False
                if isinstance(sub, (ast.Name, ast.Attribute)):
                    dotted = dotted_name(sub)
                    qualified = self.ctx.qualify(dotted) if dotted else None
                    # (`tf` itself too, the root of `tf.keras.regularizers.l2(0.01)`)
                    if not (qualified and qualified.split(".")[0] in ("tensorflow", "keras")):
                        return False
        return all(not isinstance(sub, ast.Lambda) for arg in call.args for sub in walk(arg))

    def library_calls_only(self, model: ast.Call) -> bool:
        """Every call of this body up to the end of `model` (later ones run after the model
        is built) calls the library: a library name, a library constructor's result
        (`Dense(1)(x)`), or a local bound once to one (`head = Dense(1)`; `head(x)`)."""
        end = (getattr(model, "end_lineno", model.lineno) or model.lineno,
               getattr(model, "end_col_offset", 0) or 0)
        bound: dict[str, list[ast.expr]] = {}
        for stmt in self.body:
            for sub in walk(stmt):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    bound.setdefault(sub.id, [])
                if isinstance(sub, ast.Assign) and len(sub.targets) == 1 and \
                        isinstance(sub.targets[0], ast.Name):
                    bound.setdefault(sub.targets[0].id, []).append(sub.value)
        for stmt in self.body:
            for sub in walk(stmt):
                if not isinstance(sub, ast.Call) or (sub.lineno, sub.col_offset) > end:
                    continue
                func = sub.func
                if isinstance(func, ast.Call):
                    if not self.library_constructor(func):
                        return False
                    continue
                if isinstance(func, ast.Name) and func.id in bound:
                    values = bound[func.id]
                    if not (len(values) == 1 and isinstance(values[0], ast.Call) and
                            self.library_constructor(values[0])):
                        return False
                    continue
                if isinstance(func, ast.Attribute) and (func.attr in tfapi.PURE_METHODS or
                                                        func.attr in tfapi.MUTATING_METHODS):
                    continue  # `options.pop("head", None)`: a container's method runs no layer
                name = dotted_name(func)
                target = self.ctx.qualify(name) if name else None
                if not (target and target.startswith(("tensorflow.", "keras."))) and \
                        name not in tfapi.BUILTINS:
                    return False
        return True

    def mutator_taken(self, node: ast.Attribute) -> None:
        """`push = SCALES.append`, `map(SCALES.append, xs)`, `callbacks=[HISTORY.clear]`: a
        container's mutating method taken as a value (not called here) may be called anywhere
        later, which changes its object: a write of it here (measured, TF 2.21: a converted
        reader of SCALES kept the first value; soundness audit)."""
        what = f"{self.fn.qualname}() takes {ast.unparse(node)}, which changes its object " \
            "where it is called"
        static = dotted_name(node.value)
        head = static.split(".")[0] if static else None
        if static and head not in self.local_names and not self.is_param(head):
            qualified = self.ctx.qualify(static)
            if qualified and (qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES or
                              qualified in self.ctx.imports.values()):
                return  # `tf.add`, `np.append`, `ops.add` of an imported module: a function
        self.note_contents_write(node.value, node.lineno, what,
                                 f"{ast.unparse(node)} taken as a value may change")

    def note_param_write(self, target: ast.expr, line: int) -> None:
        """`opts["k"] = v`, `del opts[k]`, `opts.update(d)`, `np.copyto(w, v)`: the object a
        parameter receives changes itself, not through an attribute (`opts.cache.clear()`,
        whose store is matched by the attribute's name): a `param-write` use, which
        facts.writes_parameter(direct=True) asks for."""
        while isinstance(target, (ast.Subscript, ast.Starred)):
            target = target.value
        if isinstance(target, ast.Name) and self.is_param(target.id) and not self.is_module \
                and not (target.id in self.rebound and
                         line > self.replaced_after.get(target.id, sys.maxsize)) \
                and not any(target.id in bound for bound in self.with_bound):
            # (Not once the body has replaced the parameter on every path: `with open(p) as
            # config_file: config_file.write(...)` writes a new object, keras-hub's
            # KerasPresetSaver._save_serialized_object.)
            self.use("param-write", V.EMPTY, line, target.id)
        elif isinstance(target, ast.Name) and not self.is_module and \
                not self.is_param(target.id) and target.id not in self.local_names:
            # `def make_setter(store): def set_value(k, v): store[k] = v`: the closure may run
            # whenever its holder calls it, so the enclosing function changes what its
            # parameter receives (red team A of session 33, p111).
            for outer in reversed(self.scopes):
                if outer.is_module:
                    break
                if outer.is_param(target.id):
                    outer.note_param_write(target, line)
                    outer.fn.effects.append(Effect(
                        "write", f"p:{target.id}", line,
                        f"returns or keeps a function that changes {target.id} (line {line})"))
                    # a write whenever the closure runs, not when the enclosing function is
                    # called: facts.written_through_calls counts a top-level call too
                    outer.use("closure-write", V.EMPTY, line, target.id)
                    break
                if target.id in outer.local_names:
                    break

    def note_held_global(self, attr: str, source: ast.expr) -> None:
        """`self.hp = HPARAMS`, `c.hp = HP`: an attribute holds a global's object, so a change
        of what attribute `attr` holds (`self.hp["lr"] = v`, any object's: `o:attr`, or a
        class's `c:K.attr`) changes that global (facts.mutated_state; a realistic-programs
        audit of session 23: a callback keeping the hyper-parameters dict and decaying its
        learning rate while the converted step kept the first one)."""
        head = source
        while isinstance(head, (ast.Attribute, ast.Subscript)):
            head = head.value
        if isinstance(head, ast.Name) and not self.is_module and (
                head.id in self.local_names or self.is_param(head.id)):
            return
        for key in sorted(self.shared_globals(source)):
            self.s.global_aliases.append((f"o:{attr}", key))

    def getter_module(self, func: ast.expr) -> str | None:
        """The workspace module whose function `func` names (`section`, `config.section`),
        None for a library's, a local's or a method."""
        dotted = dotted_name(func)
        if not dotted:
            return None
        head = dotted.split(".")[0]
        if head in self.local_names or self.is_param(head):
            return None
        if "." not in dotted and head in self.ctx.defs:
            return self.ctx.import_name
        qualified = self.ctx.qualify(dotted)
        if not qualified or head not in self.ctx.imports or \
                qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES or \
                qualified in tfapi.BUILTINS:
            return None
        return qualified.rpartition(".")[0] or None

    def note_param_store(self, value: ast.expr | None, line: int, attr: str = "") -> None:
        """`self.held = opts`, `table[k] = opts`, `items.append(opts)`: the object a parameter
        receives is kept where other code may change it later (`Holder(m.opts)` then
        `h.set(5.0)` writing `self.held["k"]`; a red team of session 23): a `param-store` use,
        `param|attr` (the attribute that keeps it, or ""). facts.passed_to_writers counts it
        for containers and arrays given by an attribute; facts.mutated_state, for a global
        given to it (`StepDecay(HPARAMS)` keeping `self.hp`, then `self.hp["lr"] = v`)."""
        if isinstance(value, ast.Name) and self.is_param(value.id) and not self.is_module and \
                value.id != self.self_name and value.id not in self.rebound:
            self.use("param-store", V.EMPTY, line, f"{value.id}|{attr}")

    def note_contents_write(self, target: ast.expr, line: int, what: str, changes: str,
                            reason: str | None = None) -> None:
        """A change of what `target` holds (`x.append(...)`, a bound `append` taken as a value,
        `mock.patch.dict(x, ...)`): note_state_write (a module's object named by its dotted
        name, an attribute's contents), and for each root of `target` an effect (`changes`
        followed by the owner) and, for a global or closure variable, a global write."""
        self.note_state_write(target, line, what, contents=True)
        self.note_param_write(target, line)
        for root in sorted(self.root_of(target)):
            if root == "new" or self.is_module and root.startswith("r:") and \
                    not self.writes_at(line):
                continue
            self.fn.effects.append(Effect("write", root, line, f"{changes} {_owner_words(root)}"))
            if root.startswith(("g:", "nl:")):
                self.s.global_writes.append((root, line, reason or what))

    def note_state_write(self, target: ast.expr, line: int, what: str,
                         base_values: Values | None = None, contents: bool = False) -> None:
        """Who else may read what this write changes: an attribute of any object (`cfg.rate =`),
        an item or attribute of a module's object (`config.HPARAMS[k] =`), a `self` attribute's
        contents (`self.history.append(...)`). Writes while the module is imported or the
        object made come first, and make nothing stale; a top-level statement that runs after
        a call that may run workspace code (rebinding.lines_after_calls: a script's
        `layer.step += 1` between two calls of the layer) writes as a function does."""
        if not self.writes_at(line):
            if not self.foreign_target(target):
                return
            # Said here; a write after a call is said by summaries.Summarizer.summarize.
            what = what.replace(f"{MODULE_QUALNAME}() ", "the top level of a module that may "
                                "be imported after a call ran its readers ", 1)
        container = target
        while isinstance(container, (ast.Subscript, ast.Starred, ast.NamedExpr)):
            container = container.value  # `(o := sc.opts)["k"] = v`: what `sc.opts` holds
        dotted = dotted_name(container)
        if dotted:
            head = dotted.split(".")[0]
            qualified = None if head in self.local_names or self.is_param(head) else \
                self.ctx.qualify(dotted)
            if qualified and "." in dotted:
                self.s.global_writes.append((f"g:{qualified}", line, what))
        if self.is_module and isinstance(container, ast.Name) and \
                container.id in self.ctx.imports and "." in self.ctx.imports[container.id]:
            # `from helpers import CFG` then `CFG["k"] = 1`: the other module's object.
            self.s.global_writes.append((f"g:{self.ctx.imports[container.id]}", line, what))
        if self.is_module and isinstance(container, ast.Name) and \
                container.id in self.ctx.globals:
            # `alias["k"] = 5.0` after a call, `alias = CFG` earlier: a change of the global's
            # object, which its aliases share (facts.aliases; a red team of session 21).
            self.s.global_writes.append((f"g:{self.ctx.import_name}.{container.id}", line,
                                         what))
        if isinstance(container, ast.Name) and container.id in self.local_names:
            self.note_cell_write(container.id, line, what)
            if (container is not target or contents) and self.fn.class_key and \
                    self.self_name and self.fn.name not in NO_EFFECT_ON_SELF and \
                    f"p:{self.self_name}" in self.root_of(container):
                # `opts = self.opts; opts["scale"] = 3.0`: an attribute of `self` changes, which
                # one the name does not say (a fifth soundness audit, session 21).
                self.s.global_writes.append((f"c:{self.fn.class_key}.*", line, what))
        if (container is not target or contents) and isinstance(container, ast.Name) and \
                container.id in self.held_by:
            # `table[2] = 30.0` after `Lookup(table)`: what the object built holds changes.
            self.use("attr-write", self.held_by[container.id], line, f"{CONTENTS_OF_ANY}|{what}")
        if (container is not target or contents) and isinstance(container, ast.Call) and \
                (module := self.getter_module(container.func)) is not None:
            # `section(name)[key] = v`, `cfg()["lr"] = v`: a workspace function may return one
            # of its module's globals (a realistic-programs audit of session 23: a config
            # module's `override` writing through its own accessor): any global of that
            # module changes (`g:M.*`, which stale_reads asks for every global of M it reads).
            self.s.global_writes.append((f"g:{module}.*", line, what))
        if (container is not target or contents) and (
                isinstance(container, ast.Call) or isinstance(container, ast.Attribute) and
                not isinstance(container.value, ast.Name)) and \
                (owner := self.alias_owner(container if isinstance(container, ast.Call)
                                           else container.value)) is not None:
            # `layer.get_opts()["scale"] = 3.0` (a method may hand out what an attribute of
            # its object holds), `sc.w.reshape(3, 1)[0, 0] = 9.0`, `np.asarray(sc.w)[1] = 9.0`,
            # `sc.w.flat[2] = 10.0`: what an attribute of that object holds may change (a
            # fifth soundness audit and its red team, session 21). `[]`: the contents of an
            # attribute not named (not a store of one, as a setattr with a computed name is:
            # `trainable` stays).
            self.use("attr-write", owner, line, f"{CONTENTS_OF_ANY}|{what}")
        if not isinstance(container, ast.Attribute):
            return
        base = container.value
        if isinstance(base, ast.Name) and base.id == self.self_name and self.fn.class_key:
            # `self.opts["k"] = v`, and (`contents`) `self.opts.update(d)`, `self.t.sort()`,
            # `np.copyto(self.mean, m)`: what `self.opts` holds changes (a fifth soundness
            # audit, session 21: only append/extend/insert were seen, as grown attributes).
            if (container is not target or contents) and self.fn.name not in NO_EFFECT_ON_SELF:
                self.s.global_writes.append((f"c:{self.fn.class_key}.{container.attr}", line,
                                             what))
            return
        if container is target and base_values is not None:
            # `settings.rate = 0.5`: which objects are written is decided with the values;
            # `pol.__dict__ = dict(saved)` replaces every attribute (a red team of session 35)
            written = "*" if container.attr == "__dict__" else container.attr
            self.use("attr-write", base_values, line, f"{written}|{what}")
            made = fresh_objects.initialises(self, container)  # `x = Empty(); x.rate = 0.5`
            if made is not None:
                self.use(fresh_objects.USE, base_values, line, f"{container.attr}|{made}")
        elif container is target or isinstance(target, ast.Subscript):
            self.s.global_writes.append((f"o:{container.attr}", line, what))

    def class_change(self, base: ast.expr, attr: str, line: int, text: str,
                     value: ast.expr | None) -> None:
        """`obj.__class__ = Other` or `Base.__bases__ = (...)`: the methods the object's calls
        run change, which a graph that traced the old ones keeps calling (a fourth soundness
        audit, session 19: `m.__class__ = Leaky` between two calls of a converted method;
        facts.replaced_method), at module level too. The classes it concerns: those related to
        the class assigned to `__class__` (`c:KEY.__class__`), or to the class whose
        `__bases__` changes; any class when the syntax does not name one (`c:*.__class__`)."""
        what = f"{self.fn.qualname}() {text}"[:160]
        named = base if attr == "__bases__" else value
        if isinstance(named, ast.Name) and named.id in self.ctx.classes and \
                named.id not in self.local_names:
            self.s.global_writes.append((f"c:{self.ctx.classes[named.id]}.__class__", line, what))
        else:
            self.s.global_writes.append(("c:*.__class__", line, what))

    def write_effect(self, target: ast.Attribute | ast.Subscript | ast.expr, verb: str,
                     base_values: Values | None = None) -> None:
        text = ast.unparse(target)
        self.note_state_write(target, target.lineno, f"{self.fn.qualname}() changes {text}",
                              base_values)
        if not isinstance(target, ast.Attribute):
            self.note_param_write(target, target.lineno)
        # `h["k"] = v`, `h.rate = v`: the object `h` changes (for a call's result, not what the
        # returned object holds: root_of's "r:INDEX")
        changed = target.value if isinstance(target, (ast.Attribute, ast.Subscript)) else target
        for root in sorted(self.root_of(changed)):
            if root == "new" or self.is_module and not (root.startswith("r:") and
                                                        self.writes_at(target.lineno)):
                continue  # the top level's own writes: note_state_write
            if root == f"p:{self.self_name}" and self.fn.name in NO_EFFECT_ON_SELF:
                continue  # the object is being created (or built, for Keras weights)
            if root.startswith("g:") and self.is_module:
                continue
            if isinstance(target, ast.Attribute) and root.startswith("g:"):
                self.s.global_writes.append(
                    (f"g:{self.ctx.qualify(ast.unparse(target)) or text}", target.lineno,
                     f"{self.fn.qualname}() assigns {text}"))
            if root.startswith("g:"):
                self.s.global_writes.append((root, target.lineno, f"{self.fn.qualname}() "
                                             f"changes {text}"))
            self.fn.effects.append(Effect("write", root, target.lineno,
                                          f"{verb}s {text}, which {_owner_words(root)} owns"
                                          if verb == "del" else
                                          f"assigns {text} ({_owner_words(root)})"))

    def add_wrapper(self, name: str, scope: str) -> None:
        assert self.pending_wrapper is not None
        call, target, text = self.pending_wrapper
        self.s.wrappers.append(Wrapper(name, target, self.s.columns.span(call), text, scope,
                                       tuple(kw.arg or "**" for kw in call.keywords)))

    def taken_from_temporaries(self, name: str) -> frozenset[str]:
        """taken_from_temporaries of this body, or of the module's top level for a global."""
        if self._taken is None:
            self._taken = taken_from_temporaries(_walk_local(self.body)) \
                if not self.is_module else frozenset()
        if name in self._taken or name in self.taken_params:
            return self._taken | self.taken_params
        if name in self.local_names or self.is_param(name):
            return frozenset()
        return self.s.taken_from_temporaries()

    _taken: frozenset[str] | None = None
    # The names that may hold a Python 0 here (summaries: defaults, locals, module constants,
    # attributes), for CallSite.zeros.
    zero_names: frozenset[str] = frozenset()
    fold_lines: frozenset[int] = frozenset()  # (summaries: products the scan reports folded)

    def zero_arguments(self, node: ast.Call) -> tuple[str, ...]:
        """The arguments that may hold a Python 0, each its position ("0", "1", ...) or
        keyword and a letter: "z" where the syntax shows one may (`weighted(ids, 0)`,
        `weight=PENALTY` of `PENALTY = 0`, `n - 1`, `len(xs)`), "?" any other argument but a
        number written other than 0 (what it holds decides: calls, Binding.zeros). A callee
        that multiplies an integer by that parameter, or raises a value to it, is folded in a
        graph (facts.zero_arguments)."""
        found: list[str] = []
        qualify, names = self.ctx.qualify, self.zero_names
        position = 0
        for arg in node.args:
            if isinstance(arg, ast.Starred) and isinstance(arg.value, (ast.List, ast.Tuple)) \
                    and not any(isinstance(e, ast.Starred) for e in arg.value.elts):
                # `M(*[0])`: its items in turn (session 32's red teams, p24, rt2 p105)
                found.extend(f"{position + j}{kind}" for j, item in enumerate(arg.value.elts)
                             if (kind := graph_rewrites.zero_kind(item, qualify, names)))
                position += len(arg.value.elts)
                continue
            if isinstance(arg, ast.Starred):
                break
            if (kind := graph_rewrites.zero_kind(arg, qualify, names)):
                found.append(f"{position}{kind}")
            position += 1
        found.extend(f"{kw.arg}{kind}" for kw in node.keywords if kw.arg is not None and
                     (kind := graph_rewrites.zero_kind(kw.value, qualify, names)))
        for kw in node.keywords:  # `**{"w": 0}` (session 31's red team, p62)
            if kw.arg is None and isinstance(kw.value, ast.Call) and \
                    isinstance(kw.value.func, ast.Name) and kw.value.func.id == "dict" and \
                    not kw.value.args:  # `**dict(w=0)` (session 32's red team, p67)
                found.extend(f"{k.arg}{kind}" for k in kw.value.keywords if k.arg and (
                    kind := graph_rewrites.zero_kind(k.value, qualify, names)))
            if kw.arg is None and isinstance(kw.value, ast.Dict):
                found.extend(f"{key.value}{kind}" for key, value in zip(
                    kw.value.keys, kw.value.values, strict=True)
                    if isinstance(key, ast.Constant) and isinstance(key.value, str) and
                    key.value.isidentifier() and
                    (kind := graph_rewrites.zero_kind(value, qualify, names)))
        return tuple(found)
    taken_params: frozenset[str] = frozenset()  # (summaries._taken_defaults)

    def origins_of(self, node: ast.Call) -> str:
        """Literal or computed Python arguments (tracing.argument_origins), from the body's
        local bindings, found once per body."""
        if self._local_origins is None:
            self._local_origins = tracing.local_origins(self.body)
        params = {*self.fn.params, *self.fn.kwonly}
        return tracing.argument_origins(node, self._local_origins, params, self._local_kinds)

    _local_origins: dict[str, str] | None = None
    _local_kinds: dict[str, str] | None = None  # tracing.BodyScan.kinds


def _literal_name(node: ast.expr) -> set[str]:
    """The global a namespace key names: a string literal's; `*` (any) for anything else."""
    return {node.value} if isinstance(node, ast.Constant) and isinstance(node.value, str) \
        else {"*"}


def _parallel(target: ast.expr, value: ast.expr) -> bool:
    return isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
        and len(target.elts) == len(value.elts) \
        and not any(isinstance(e, ast.Starred) for e in [*target.elts, *value.elts])


# (kind, handler) of each node class the visitor has a handler for, looked up by class instead
# of by name (what eval and visit_node did for every node: an f-string and a getattr). The
# handler is used while the kind is in EXPRESSIONS or STATEMENTS (tests take kinds out); other
# classes take the general path.
_EVAL_HANDLERS: dict[type, tuple[str, Any]] = {
    cls: (name, getattr(FunctionVisitor, f"eval_{name}")) for name in EXPRESSIONS
    if (cls := getattr(ast, name, None)) is not None and hasattr(FunctionVisitor, f"eval_{name}")}
_VISIT_HANDLERS: dict[type, tuple[str, Any]] = {
    cls: (name, getattr(FunctionVisitor, f"visit_{name}")) for name in STATEMENTS
    if (cls := getattr(ast, name, None)) is not None and
    hasattr(FunctionVisitor, f"visit_{name}")}


def _call_slots(node: ast.Call) -> list[tuple[str, ast.expr]]:
    """A call's arguments by slot: positions ("0", "1", ...) before any `*args`, then the
    named keywords."""
    given = [(str(i), arg) for i, arg in enumerate(node.args)]
    starred = next((i for i, arg in enumerate(node.args) if isinstance(arg, ast.Starred)),
                   len(node.args))
    return given[:starred] + [(kw.arg, kw.value) for kw in node.keywords if kw.arg]


def _arg_names(node: ast.expr) -> set[str]:
    """The names an argument is read through (`net`, `nets[name]`, `self.nets[k].layer`), not
    inside calls or lambdas: cheap, for every argument of every call."""
    names: set[str] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Subscript):
            stack += (node.value, node.slice)
        elif isinstance(node, (ast.Attribute, ast.Starred)):
            stack.append(node.value)
        elif isinstance(node, ast.Tuple):
            stack += node.elts
    return names


def _made_in(node: ast.For | ast.AsyncFor | ast.While | list[ast.stmt], any_binding: bool = True
             ) -> frozenset[str]:
    """The names a loop (its target and body) binds, by any binding (`for net in nets`,
    `net = nets[i]`: another object at each iteration; a red team of session 23), or, with
    `any_binding` False, those that statements bind to what a call makes (`net = Dense(1)`,
    `opt = make()`, `net = net or Dense(1)`, `net, opt = build()`), nested statements
    included."""
    made: set[str] = set()
    if any_binding:
        targets = [node.target] if isinstance(node, (ast.For, ast.AsyncFor)) else []
        for stmt in (node if isinstance(node, list) else node.body):
            for sub in walk(stmt):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    made.add(sub.id)
        for target in targets:
            made.update(n.id for n in walk(target) if isinstance(n, ast.Name))
        return frozenset(made)
    for stmt in (node if isinstance(node, list) else node.body):
        for node in walk(stmt):
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.IfExp, ast.BoolOp)) \
                    and any(isinstance(n, ast.Call) for n in walk(node.value)):
                made.update(t.id for t in node.targets if isinstance(t, ast.Name))
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                # `net = Dense(1)`, and `net, opt = build()` (its elements, session 23).
                for target in node.targets:
                    elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) \
                        else [target]
                    made.update(t.id for t in elements if isinstance(t, ast.Name))
            elif isinstance(node, ast.Assign) and isinstance(node.value, (ast.Tuple, ast.List)):
                # `net, opt = Dense(1), SGD(0.1)` (a realistic-programs audit, session 23).
                for target in node.targets:
                    if isinstance(target, (ast.Tuple, ast.List)) and \
                            len(target.elts) == len(node.value.elts):
                        made.update(t.id for t, v in zip(target.elts, node.value.elts,
                                                         strict=True)
                                    if isinstance(t, ast.Name) and isinstance(v, ast.Call))
            elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and \
                    isinstance(node.value, ast.Call) and isinstance(node.target, ast.Name):
                made.add(node.target.id)
    return frozenset(made)


# Attributes that hold a string (a module's, class's or function's name or docstring).
_STRING_DUNDERS = frozenset({"__name__", "__qualname__", "__module__", "__doc__"})


def _named_attribute(node: ast.expr, self_name: str | None) -> str:
    """`tuned.opts`, `tuned.opts["a"]`: the attribute of a named object other than `self`
    that the expression reads (a change of its contents is matched by that name to any
    object's, as a store `tuned.opts["k"] = v` is); "" otherwise."""
    while isinstance(node, (ast.Subscript, ast.Starred)):
        node = node.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
            node.value.id != self_name:
        return node.attr
    return ""


def taken_from_temporaries(body: Iterable[ast.AST]) -> frozenset[str]:
    """The names `body` binds to an attribute of a temporary object (`score = Scorer().score`):
    a tf.function method taken so holds its instance through a weak reference only, so its
    calls find `self` gone (measured with TF 2.21, session 29's second red team, p106:
    AttributeError on None; eagerly the bound method holds the instance)."""
    return frozenset(
        node.targets[0].id for node in body
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and
        isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Attribute) and
        _temporary_object(node.value.value))


def _temporary_object(node: ast.expr) -> bool:
    """The object is a temporary: what a call returns (or something reached from it), which
    nothing but the expression may hold. `tf.function` binds a method to its instance through
    a weak reference, so `Sampler(k=2).next_token(p)` finds `self` gone by the time the call
    runs (measured, TF 2.21: AttributeError "'NoneType' object has no attribute 'k'"; eagerly
    the bound method holds the instance). A name, `self.x`, `xs[0]` hold it; `super()` and
    `type(self)` stand for an instance or class the caller holds. Only method calls: in
    `Filter(5)(x)` the object stays on the interpreter's stack while its `__call__` runs
    (measured: equal)."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    if isinstance(node, ast.Name):
        return False
    return not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and
                node.func.id in ("super", "type"))


def _root_rank(root: str) -> tuple[int, str]:
    """Order roots from most to least significant for a single-root summary; ties by name, so
    that the pick never depends on the order of a set (`new` and `nl:x` both ranked 2 by their
    first letter, and the hash seed chose between them)."""
    return {"p": 0, "g": 1, "nl": 2, "?": 3}.get(root.split(":", 1)[0], 4), root


RESULT_WORDS = "what a call returned"
# The end of the reason of a write that changes a global only when it holds a mutable object
# (`b = BIAS; b += d`): facts drop it for a global of numbers, strings or None (immutable).
IF_MUTABLE = ", in place if it holds an ndarray or a list"


def _dropped_calls(node: ast.expr) -> list[ast.Call]:
    """The calls whose results an expression statement drops through a conditional
    expression, a tuple or list display, or `and`/`or` (not the statement's own call)."""
    out: list[ast.Call] = []
    stack: list[ast.expr] = [node.body, node.orelse] if isinstance(node, ast.IfExp) else \
        list(node.elts) if isinstance(node, (ast.Tuple, ast.List)) else \
        list(node.values) if isinstance(node, ast.BoolOp) else []
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Call):
            out.append(current)
        elif isinstance(current, ast.IfExp):
            stack += [current.body, current.orelse]
        elif isinstance(current, (ast.Tuple, ast.List)):
            stack += current.elts
        elif isinstance(current, ast.BoolOp):
            stack += current.values
    return out


def _names_suppress(tree: ast.Module) -> bool:
    """The module names `suppress` (contextlib's, which an ExitStack may enter)."""
    return any((isinstance(n, ast.Attribute) and n.attr == "suppress") or
               (isinstance(n, ast.Name) and n.id == "suppress") or
               (isinstance(n, ast.alias) and n.name == "suppress") for n in walk(tree))


def _swallows(tree: ast.Module, name: str) -> bool:
    """The module's class `name` defines `__exit__` (its own, or a base's of this module) that
    may return a true value, which swallows the exception (`return True`, `return exc_type is
    KeyError`); `return None`/`False` or no value does not."""
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    seen: set[str] = set()
    stack = [name]
    while stack:
        current = classes.get(stack.pop())
        if current is None or current.name in seen:
            continue
        seen.add(current.name)
        for item in current.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    item.name in ("__exit__", "__aexit__"):
                return any(isinstance(r, ast.Return) and r.value is not None and not (
                    isinstance(r.value, ast.Constant) and r.value.value in (None, False))
                    for r in walk(item))
        stack.extend(b.id for b in current.bases if isinstance(b, ast.Name))
    return False


class _Every(frozenset):  # type: ignore[type-arg]
    """Holds every name (FunctionVisitor.loaded_names of a body that reads its locals by name)."""

    def __contains__(self, item: object) -> bool:
        return True


_EVERY_NAME = _Every()
_GROWING_METHODS = frozenset({"append", "extend", "insert", "add"})
_COMPARING_METHODS = frozenset({"remove", "index", "count"})  # compare items with `==`
OPTIMIZER_UPDATES = frozenset({"apply_gradients", "minimize", "apply"})
_TENSOR_ARRAY_WRITES = frozenset({"write", "scatter", "unstack", "split"})
# Context managers that expect an exception of the class they are given (bodies.catching_context)
_EXPECTING_CONTEXTS = frozenset({"pytest.raises", "numpy.testing.assert_raises"})
_EXPECTING_METHODS = frozenset({"assertRaises", "assertRaisesRegex", "assertRaisesRegexp",
                                "assertRaisesOpError", "assertRaisesWithPredicateMatch"})
_NAMESPACE_READERS = frozenset({"locals", "vars", "eval", "exec", "globals"})

# Handlers that catch any error (bodies.catching_handler), and builtin classes that catch
# neither a tf.errors.OpError nor a plain ValueError or TypeError.
# absl's flag values, and the methods that parse them again (eval_Call)
_ABSL_FLAGS = "absl.flags.FLAGS"
_FLAG_PARSERS = frozenset({"unparse_flags", "set_default", "mark_as_parsed",
                           "read_flags_from_files", "__call__"})
# Library functions that change what their first argument holds, where the program phase
# does not see a generator (eval_Call): a shuffle, called from these modules or as a method of
# a generator the module makes (`RNG.shuffle(perm)`; not `tf.random.shuffle`, which returns a
# copy, nor a dataset's `shuffle`).
_IN_PLACE_MODULES = frozenset({"random", "numpy", "heapq", "bisect"})
_IN_PLACE_FUNCTIONS = frozenset({"shuffle"})  # (np.copyto, heapq: _changed_arguments)
_BROAD_ERRORS = frozenset({"Exception", "BaseException", "builtins.Exception",
                           "builtins.BaseException"})
_PYTHON_ERRORS = frozenset({"ValueError", "TypeError", "builtins.ValueError",
                            "builtins.TypeError"})
_OTHER_ERRORS = frozenset({
    # Python's builtin exception classes that are neither a base of ValueError or TypeError
    # (Exception, BaseException: _BROAD_ERRORS) nor those two (a subclass, UnicodeError,
    # catches only its own), so an OpError or a plain ValueError never reaches them
    *(name for name, obj in vars(builtins).items()
      if isinstance(obj, type) and issubclass(obj, BaseException) and
      not issubclass(ValueError, obj) and not issubclass(TypeError, obj)),
    # and a few libraries' own
    "json.JSONDecodeError", "json.decoder.JSONDecodeError", "subprocess.CalledProcessError",
    "subprocess.TimeoutExpired", "queue.Empty", "queue.Full", "asyncio.TimeoutError",
    "asyncio.CancelledError", "socket.timeout", "socket.error", "pickle.PickleError",
    "pickle.UnpicklingError", "concurrent.futures.TimeoutError", "yaml.YAMLError"})


def _held(roots: set[str]) -> set[str]:
    """The roots of what objects with `roots` hold (an unpacked or iterated element): for a
    call's result, "r:INDEX:in" (facts.result_roots)."""
    return {f"{r}:in" if r.startswith("r:") and not r.endswith(":in") else r for r in roots}


def _owner_words(root: str) -> str:
    if root.startswith("r:"):
        return RESULT_WORDS  # facts.FactBuilder.owners names the call and the owner
    if root.startswith("p:"):
        name = root[2:]
        return "the object itself" if name in ("self", "cls") else f"the argument {name}"
    if root.startswith("g:"):
        return f"the global {root[2:].rsplit('.', 1)[-1]}"
    if root.startswith("nl:"):
        return f"the closure variable {root[3:]}"
    return "state outside the function"


def _shape_list(node: ast.expr) -> bool:
    """`x.shape.as_list()` / `x.get_shape().as_list()`: a Python list eagerly and traced
    (TensorShape.as_list raises on an unknown rank, before any unpacking)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and
            node.func.attr == "as_list" and not node.args):
        return False
    shape = node.func.value
    return (isinstance(shape, ast.Attribute) and shape.attr == "shape") or (
        isinstance(shape, ast.Call) and isinstance(shape.func, ast.Attribute) and
        shape.func.attr == "get_shape" and not shape.args)


# unittest.mock's patchers: what they replace while active (FunctionVisitor.mock_patch); its
# Builtins that read an object's attributes by a name given as a value (note_lookup).
_LOOKUPS = frozenset({"getattr", "builtins.getattr", "hasattr", "builtins.hasattr", "vars",
                      "builtins.vars"})

# patch.object writes an attribute as setattr does.
MOCK_PATCHES = frozenset({"unittest.mock.patch", "mock.patch", "unittest.mock.patch.dict",
                          "mock.patch.dict", "unittest.mock.patch.multiple",
                          "mock.patch.multiple"})
def makes_masks(qualified: str | None, node: ast.Call) -> bool:
    """A library Keras layer whose outputs carry a mask (`_keras_mask` on the eager tensor):
    `Masking(...)`, an `Embedding` given `mask_zero` other than a literal False (by keyword, or
    a sixth positional argument). Measured, TF 2.21 / Keras 3 (a third soundness audit,
    session 19): a tf.function's arguments and results drop the mask, and a pooling layer
    given the unmasked tensor averages the padding too."""
    if not qualified or not qualified.startswith(("tensorflow.keras.", "keras.", "tf_keras.")):
        return False
    if qualified.endswith(".layers.Masking"):
        return True
    if not qualified.endswith(".layers.Embedding"):
        return False
    given = [kw.value for kw in node.keywords if kw.arg == "mask_zero"] + node.args[5:6]
    starred = any(kw.arg is None for kw in node.keywords) or \
        any(isinstance(a, ast.Starred) for a in node.args)
    return starred or any(not (isinstance(v, ast.Constant) and v.value in (False, None))
                          for v in given)


# Attributes whose assignment changes which methods an object's calls run (class_change).
CLASS_CHANGERS = frozenset({"__class__", "__bases__"})
SETATTR_LIKE = frozenset({"setattr", "unittest.mock.patch.object", "mock.patch.object",
                          "type.__setattr__", "object.__setattr__"})
# argparse's methods that set attributes of the `namespace=` object they are given.
NAMESPACE_PARSERS = frozenset({"parse_args", "parse_known_args", "parse_intermixed_args",
                               "parse_known_intermixed_args"})
# Patchers that may decorate a function (summaries: FunctionVisitor.patch_decorator).
PATCH_DECORATORS = MOCK_PATCHES | {"unittest.mock.patch.object", "mock.patch.object"}
_SEQUENCE_TYPES = frozenset({"list", "tuple"})


def _sequence_test(test: ast.expr) -> frozenset[str]:
    """The names that `test` being true shows to hold a list or tuple: `isinstance(n, list)`,
    `isinstance(n, (list, tuple))`, an `or` of such tests of the same name, an `and` with one."""
    if isinstance(test, ast.BoolOp):
        parts = [_sequence_test(value) for value in test.values]
        if isinstance(test.op, ast.And):
            return frozenset().union(*parts)
        return frozenset.intersection(*parts)
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and \
            test.func.id == "isinstance" and len(test.args) == 2 and not test.keywords and \
            isinstance(test.args[0], ast.Name):
        kinds = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
        if kinds and all(isinstance(k, ast.Name) and k.id in _SEQUENCE_TYPES for k in kinds):
            return frozenset({test.args[0].id})
    return frozenset()


# The module summary's note (a global_writes key) that the module makes a synchronized
# BatchNormalization (facts.synchronized_layers).
SYNCHRONIZED_LAYERS = "k:synchronized-batch-normalization"
# The attribute name of an "attr-write" that changes what some attribute of the object holds,
# not which one (facts.attribute_write matches it to every attribute read on the object).
CONTENTS_OF_ANY = "[]"


def _handler_types(handler: ast.ExceptHandler) -> tuple[str, list[ast.expr] | None]:
    """An `except` clause as written, and the classes it names (None for a bare `except`)."""
    text = "except" + (f" {ast.unparse(handler.type)}" if handler.type is not None else "") \
        + (f" as {handler.name}" if handler.name else "")
    if handler.type is None:
        return text, None
    return text, handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]


def _tensorflow_made(node: ast.expr, qualify: Callable[[str], str | None]) -> bool:
    """An expression made by a TensorFlow call (`tf.data.Dataset.from_tensor_slices(x)
    .batch(8)`): its methods are TensorFlow objects' (a dataset's `shuffle` returns a new
    dataset and changes nothing it is given)."""
    while isinstance(node, (ast.Call, ast.Attribute, ast.Subscript)):
        if isinstance(node, ast.Call):
            name = dotted_name(node.func)
            if name is not None:
                return (qualify(name) or "").startswith("tensorflow.")
            node = node.func
        else:
            node = node.value
    return False


def _changed_arguments(qualified: str | None, method: str | None,
                       node: ast.Call, qualify: Callable[[str], str | None] = lambda _: None
                       ) -> list[ast.expr]:
    """What a call changes in place: the first argument of the functions that write it
    (tfapi.FIRST_ARGUMENT_WRITERS, NumPy's `copyto`, `put`, ...: tfapi.writes_first_argument)
    and of a random generator's `shuffle`, a NumPy function's `out=` array, and the array a
    NumPy in-place method is called on (`self.std.fill(2.0)`; not `resize` or `partition`,
    which a string or an image has too)."""
    out: list[ast.expr] = []
    qualified = qualified or dotted_name(node.func)  # `list.append(L, v)`: a builtin type
    owner, _, last = (qualified or "").rpartition(".")
    first = bool(qualified) and (qualified in tfapi.FIRST_ARGUMENT_WRITERS or
                                 tfapi.writes_first_argument(qualified) or
                                 owner in tfapi.CONTAINER_TYPES and
                                 last in tfapi.MUTATING_METHODS) or \
        not qualified and method in tfapi.SHUFFLING_METHODS and not (
            isinstance(node.func, ast.Attribute) and _tensorflow_made(node.func.value, qualify))
    if first and node.args and not isinstance(node.args[0], ast.Starred):
        out.append(node.args[0])
    if (qualified or "").startswith("numpy."):
        out += [kw.value for kw in node.keywords if kw.arg == "out" and
                not (isinstance(kw.value, ast.Constant) and kw.value.value is None)]
    if method in _ARRAY_IN_PLACE and isinstance(node.func, ast.Attribute):
        out.append(node.func.value)
    return out


_ARRAY_IN_PLACE = tfapi.NUMPY_IN_PLACE_METHODS - {"resize", "partition"} - \
    tfapi.MUTATING_METHODS  # `sort` and `put` are contents writes already


def _bound_in(body: list[ast.stmt]) -> frozenset[str]:
    """Every name a statement of `body` binds or deletes, nested functions' included (more
    names left out of a narrowing: never a wrong one)."""
    return frozenset(node.id for stmt in body for node in walk(stmt)
                     if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)))


def _is_first_call_guard(test: ast.expr) -> int:
    """`if self.v is None:` / `if not hasattr(self, "v"):` guard a first-call-only creation."""
    for node in walk(test):
        if isinstance(node, ast.Compare) and any(isinstance(op, ast.Is) for op in node.ops) and \
                any(isinstance(c, ast.Constant) and c.value is None for c in node.comparators):
            return 1
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id == "hasattr":
            return 1
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and \
                isinstance(node.operand, ast.Attribute):
            return 1
    return 0


def _nesting(node: ast.expr) -> tuple[int, str | None]:
    """(rank, element dtype) of a nested list/tuple literal, every element read: one float
    makes it float32, one int beyond int32 int64 (the first element alone gave int32 for
    `tf.constant([1, 5_000_000_000])`, and --infer-signatures a signature that refused it)."""
    if isinstance(node, (ast.List, ast.Tuple)):
        if not node.elts:
            return 1, None
        parts = [_nesting(e) for e in node.elts]
        ranks = {rank for rank, _ in parts}
        if len(ranks) != 1 or -1 in ranks:
            return -1, None
        kinds = {kind for _, kind in parts if kind}
        return ranks.pop() + 1, tfapi.combined_literal_dtype(kinds)
    dtype = tfapi.literal_dtype(node)
    return (0, dtype) if dtype else (-1, None)


# Functions whose result may share its first argument's object (a NumPy view, the argument
# itself): alias_owner. Others (`list(x)`, `np.array(x)`, `copy.copy(x)`) make a new one.
_VIEW_FUNCTIONS = frozenset({
    "asarray", "asanyarray", "ascontiguousarray", "reshape", "ravel", "squeeze", "transpose",
    "expand_dims", "atleast_1d", "atleast_2d", "atleast_3d", "swapaxes", "moveaxis",
    "nullcontext"})
# Methods whose result is a new object, never a view of the receiver's (alias_owner).
_NEW_OBJECT_METHODS = frozenset({"copy", "deepcopy", "astype", "tolist", "numpy", "clone",
                                 "to_dict", "items", "keys", "values", "get_config"})
# Calls that reach a function's local names other than by name (a red team of session 21):
# `locals()["kwargs"]`, `eval("kwargs.update(d)")`, a frame's `f_locals`.
_FRAME_READERS = frozenset({"locals", "vars", "eval", "exec", "_getframe", "currentframe",
                            "stack", "getframeinfo"})


def _only_forwarded(body: list[ast.stmt], name: str) -> bool:
    """Every use of `name` in the body (nested functions and lambdas included) is a `**name`
    argument of a call: never read, changed, deleted, rebound or declared otherwise."""
    forwarded: set[int] = set()
    for node in walk_statements(body):
        if isinstance(node, ast.Call):
            forwarded.update(id(kw.value) for kw in node.keywords
                             if kw.arg is None and isinstance(kw.value, ast.Name))
            if isinstance(node.func, ast.Name) and node.func.id in _FRAME_READERS or \
                    isinstance(node.func, ast.Attribute) and node.func.attr in _FRAME_READERS:
                return False  # `locals()["kwargs"][k] = v`, `eval("kwargs.update(d)")`
    for node in walk_statements(body):
        if isinstance(node, ast.Name) and node.id == name and id(node) not in forwarded:
            return False
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return False
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and \
                name in {a.arg for a in (*node.args.posonlyargs, *node.args.args,
                                         *node.args.kwonlyargs,
                                         *filter(None, (node.args.vararg, node.args.kwarg)))}:
            return False  # a nested parameter of the same name: another variable, not followed
    return True


def _literal_spec(qualified: str | None, node: ast.Call) -> tuple[str, int] | None:
    """The dtype and rank of `tf.zeros((32, 10))`, `tf.constant([[1.0]])`, ... when literal."""
    if qualified is None or not node.args:
        return None
    # Keyword or positional (`tf.constant([1.0], tf.float64)`); None: not shown (`x.dtype`).
    dtype = tfapi.constructor_dtype(qualified, node)
    if dtype is None:
        return None
    if tfapi.normalize(qualified) in tfapi.RANGE_CREATORS:
        return dtype, 1  # tf.range(n, dtype="int32"): a vector of the dtype it names
    if qualified == "tensorflow.constant":
        rank, kind = _nesting(node.args[0])
        if rank < 0 or (kind is None and not dtype):
            return None
        return (dtype or kind or "float32"), rank
    if qualified in tfapi.SHAPED_CONSTRUCTORS:
        shape = node.args[0]
        if isinstance(shape, (ast.List, ast.Tuple)) and \
                not any(isinstance(e, ast.Starred) for e in shape.elts):
            return dtype, len(shape.elts)  # the rank is the list's length
    return None


# Statements that leave or break a loop body: AutoGraph rewrites them in a tf.while_loop.
_JUMPS: dict[type, str] = {
    ast.Return: "return", ast.Break: "break", ast.Continue: "continue", ast.Raise: "raise",
    ast.Try: "try", ast.Yield: "yield", ast.YieldFrom: "yield from", ast.Global: "global",
    ast.Nonlocal: "nonlocal", ast.Delete: "del",
}
if sys.version_info >= (3, 11):
    _JUMPS[ast.TryStar] = "try"


def _literal_strings(node: ast.expr) -> list[str] | None:
    """The strings of a literal tuple or list of string constants (`("a", "b")`)."""
    if isinstance(node, (ast.Tuple, ast.List)) and node.elts and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
        return [e.value for e in node.elts]  # type: ignore[attr-defined]
    return None


def _literal_elements(node: ast.expr) -> Values | None:
    """The kinds of the elements of a tuple or list written as constants (`(0.1, 0.5)`,
    `[-1, 2]`); None for anything else."""
    if not isinstance(node, (ast.Tuple, ast.List)) or not node.elts:
        return None
    kinds: set[str] = set()
    for element in node.elts:
        if isinstance(element, ast.UnaryOp) and isinstance(element.op, (ast.USub, ast.UAdd)):
            element = element.operand
        if not isinstance(element, ast.Constant) or element.value is None or \
                isinstance(element.value, (bytes, complex)):
            return None
        kinds.add(_literal_kind(element.value))
    return frozenset(kinds)


def _blocks(body: list[ast.stmt]) -> Iterator[list[ast.stmt]]:
    """Every statement list of the body (branches, loops, `with`, `try`), not nested
    functions' or classes'."""
    yield body
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if inner:
                yield from _blocks(inner)
        for handler in getattr(stmt, "handlers", None) or []:
            yield from _blocks(handler.body)
        for case in getattr(stmt, "cases", None) or []:
            yield from _blocks(case.body)


def _closure_names(body: list[ast.stmt]) -> set[str]:
    """Every name a nested function or lambda of the body mentions."""
    return {n.id for node in walk(ast.Module(body=list(body), type_ignores=[]))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            for n in walk(node) if isinstance(n, ast.Name)}


def _names_name(name: str) -> Callable[[ast.AST], bool]:
    return lambda node: any(isinstance(n, ast.Name) and n.id == name for n in walk(node))


def _other_self_store(stmt: ast.stmt) -> bool:
    """`self.b = value` where the value does not name `self`: it cannot reach `self.a`."""
    return isinstance(stmt, ast.Assign) and all(
        isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
        for t in stmt.targets) and not any(
        isinstance(n, ast.Name) and n.id == "self" for n in walk(stmt.value))


def _builds(stmt: ast.stmt, target: ast.expr, named: Callable[[ast.AST], bool]) -> bool:
    """`N(x)`, `y = N(x)` or `N.build(shape)` (`self.a(x)`, ...) as a statement, its
    arguments not naming N."""
    value = stmt.value if isinstance(stmt, (ast.Expr, ast.Assign)) else None
    if not isinstance(value, ast.Call):
        return False
    if isinstance(stmt, ast.Assign) and any(named(t) for t in stmt.targets):
        return False
    func = value.func
    if isinstance(func, ast.Attribute) and func.attr == "build":
        func = func.value
    same = ast.dump(func) == ast.dump(target).replace("ctx=Store()", "ctx=Load()")
    return same and not any(named(a) for a in [*value.args, *(k.value for k in value.keywords)])
