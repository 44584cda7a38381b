"""A Keras `call` that touches no Keras state: safe to trace in any run Keras makes (issue 12).

Why holders matter at all (IS_KERAS_CALL_METHOD, keras_build.py): when Keras builds a layer by
running a holder's `call` on symbolic inputs (`backend.compute_output_spec`, Keras 3.15), it
runs it under a `StatelessScope` in a scratch graph. A variable made there is not initialised
(its reads give the initializer's values) and an assignment there is only recorded; a traced
`call` first run then caches that trace, and later eager calls with the same input signature
reuse it. Measured (TF 2.21 / Keras 3.15, tests/corpus/kerascall/pure.py): a layer without
weights of its own whose traced `call` reads the kernel of a Dense its holder builds in that run
trains to other losses than eagerly (`Tied`), while a layer whose traced `call` reads no
variable, builds nothing and reads no static shape (`PositionScale`) trains the same, first
called by a holder without `build` inside `keras.Sequential`.

So a `call` is *pure* when it and every workspace function it calls:
- reads no attribute of `self` but Python numbers, strings, bools or None assigned in the
  workspace (or Keras' own dtype and name strings), and no other object's attribute but a
  tensor's `dtype` or `ndim` (no variable of a sublayer, no `self.weights`);
- passes `self` nowhere, reads no module global but a constant (a global may hold a layer or a
  variable), no closure variable, and uses no `super()`, `global`, nested `def`, `lambda` or
  attribute store;
- calls only TensorFlow/Keras tensor ops and pure Python builtins or library functions
  (tfapi's table: no variable, no random draw, no effect), methods of its own class that are
  pure in turn, and workspace functions that are pure in turn; never `keras.ops.shape`, nor a
  tensor's `.shape`, whose dimensions are None in a symbolic run but numbers eagerly.
Then nothing it computes depends on the run that traced it, and no holder, opaque or not, can
make its trace differ: the holder check is not needed (nor the closed world: a pure `call` of a
class never constructed in the analysed code is as safe).

The syntax part is computed per function from its text (`state_uses`, kept in the summary);
the rest needs the program (attribute values, callees): `pure_call`.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.implicit_calls import IMPLICIT
from hybridize.analysis.summary_model import ESCAPED
from hybridize.analysis.syntax import dotted_name, walk, walk_statements

if TYPE_CHECKING:  # summaries.py imports this module; the program imports the summaries
    from hybridize.analysis.program import Program
    from hybridize.analysis.summary_model import CallSite, FunctionSummary

# Attributes of a value other than `self` that read nothing a run could change.
_VALUE_ATTRS = frozenset({"dtype", "ndim"})
# Keras' own Layer properties that are strings (`layer.py`: dtype policy names, the layer name).
_KERAS_STR_PROPERTIES = frozenset({"compute_dtype", "variable_dtype", "dtype", "name"})
# Builtins that read no object state they are not given as plain values.
_PURE_BUILTINS = frozenset(
    "abs all any bool dict divmod enumerate float frozenset int isinstance issubclass len list "
    "max min range reversed round set slice str sum tuple zip".split())
_BUILTIN_NAMES = frozenset(dir(builtins))
_MAX_FUNCTIONS = 50  # workspace functions followed from one `call`
# Ops that call a Python callable they are given while tracing (or at run time): what that
# callable reads is not seen here (a layer given as a keyword argument, say).
_HIGHER_ORDER = frozenset({
    *(f"tensorflow.{name}" for name in (
        "map_fn", "vectorized_map", "while_loop", "cond", "case", "switch_case", "scan",
        "foldl", "foldr", "custom_gradient", "recompute_grad", "function", "nest.map_structure",
        "nest.map_structure_up_to", "nest.map_structure_with_paths")),
    *(f"tensorflow.keras.ops.{name}" for name in (
        "cond", "scan", "map", "fori_loop", "while_loop", "vectorized_map", "associative_scan",
        "switch", "custom_gradient")),
    *tfapi.CALLS_AT_RUN_TIME})
DENY = "!"  # prefix of a syntactic reason that stops the function being pure
STATIC_SHAPE = "s"  # the body reads a static shape (`x.shape`): see none_tolerant_read
NONE_TOLERANT = "n"  # ... and uses one where None passes silently: see _NoneTolerance


def state_uses(node: ast.FunctionDef | ast.AsyncFunctionDef, params: list[str],
               is_method: bool, module_names: Iterable[str],
               qualify: Callable[[str], str | None]) -> tuple[str, ...]:
    """What the body reads that the program must judge, sorted: `a:NAME` a value read of
    `self.NAME`, `m:NAME` a call of `self.NAME(...)`, `g:NAME` a module-level name that is not
    an import, `q:QUALIFIED` an imported name or module attribute read as a value, `!reason`
    something that stops it being pure (the first found only)."""
    # Every node of the body, each statement breadth-first (ast.walk's order), once for both.
    nodes = walk_statements(node.body)
    scanner = _Scanner(node, params, is_method, frozenset(module_names), qualify)
    scanner.run(nodes)
    shape = (STATIC_SHAPE,) if scanner.static_shape else ()
    if (scanner.static_shape or scanner.shape_calls) and \
            _NoneTolerance(nodes, scanner.self_name, qualify).found():
        shape = (*shape, NONE_TOLERANT)
    if scanner.denied:
        return (DENY + scanner.denied, *shape)
    return (*sorted(scanner.found), *shape)


class _Scanner:
    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef, params: list[str],
                 is_method: bool, module_names: frozenset[str],
                 qualify: Callable[[str], str | None]) -> None:
        self.node = node
        self.self_name = params[0] if is_method and params else None
        self.local = set(params)
        if node.args.vararg:
            self.local.add(node.args.vararg.arg)
        if node.args.kwarg:
            self.local.add(node.args.kwarg.arg)
        self.local |= {a.arg for a in node.args.kwonlyargs}
        self.module_names = module_names
        self.qualify = qualify
        self.found: set[str] = set()
        self.denied = ""  # the first reason found, if any (the walk goes on for `.shape`)
        self.static_shape = False
        self.shape_calls = False

    def _deny(self, reason: str) -> None:
        self.denied = self.denied or reason

    def run(self, nodes: list[ast.AST]) -> None:
        for n in nodes:  # the names the body binds (Python's rule: local for the whole body)
            if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
                self.local.add(n.id)
            elif isinstance(n, (ast.Global, ast.Nonlocal)):
                self._deny("declares a global or nonlocal name")
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                ast.Lambda)):
                self._deny("defines a function or class")
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                self._deny("imports inside")
            elif isinstance(n, ast.ExceptHandler) and n.name:
                self.local.add(n.name)
            elif isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await)):
                self._deny("yields or awaits")
        callees = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
        self.shape_calls = any(isinstance(n, ast.Call) and _shape_call(n, self.qualify)
                               for n in nodes)
        bases = {id(n.value) for n in nodes if isinstance(n, ast.Attribute)}
        self.bases = bases
        for n in nodes:
            if self.denied:  # not pure: only whether it reads a static shape still matters
                if isinstance(n, ast.Attribute) and n.attr == "shape" and \
                        isinstance(n.ctx, ast.Load) and self._value_base(n.value):
                    self.static_shape = True
                    return
                continue
            if isinstance(n, ast.Attribute):
                self._attribute(n, id(n) in callees)
            elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and id(n) not in bases:
                self._name(n.id, id(n) in callees)
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and \
                    n.func.id in _BUILTIN_NAMES and n.func.id not in self.local and \
                    any(k.arg == "key" for k in n.keywords):
                self._deny(f"calls `{n.func.id}` with a `key`")

    def _attribute(self, n: ast.Attribute, called: bool) -> None:
        if not isinstance(n.ctx, ast.Load):
            return self._deny(f"stores or deletes the attribute `{n.attr}`")
        base = n.value
        if isinstance(base, ast.Name) and base.id == self.self_name and \
                self.self_name in self.local:
            self.found.add(f"{'m' if called else 'a'}:{n.attr}")
            return
        if isinstance(base, ast.Name) and base.id not in self.local:
            if self.qualify(base.id) is not None:
                if not called and id(n) not in self.bases:  # `tf.float32`
                    self.found.add(f"q:{self.qualify(f'{base.id}.{n.attr}')}")
                return  # a call (`ops.cast`) is judged by its callee
            self._name(base.id, False)
            return
        if isinstance(base, ast.Attribute) and self._module_chain(base):
            if not called and id(n) not in self.bases:  # `tf.float32`, `config.SCALE`
                self.found.add(f"q:{self.qualify(ast.unparse(n))}")
            return  # a call (`keras.ops.cast`) is judged by its callee
        if n.attr in _VALUE_ATTRS and not called:
            return
        if n.attr == "shape":
            # A static shape: judged by how its dimensions are used (_judge_use).
            self.static_shape = True
            if not called:
                return
        return self._deny(f"reads `.{n.attr}` of a value other than `self`")

    def _value_base(self, base: ast.expr) -> bool:
        """`_attribute`'s test for a base that is neither `self`, a module-level name nor a
        module attribute (a local, a parameter, a subscript, a call's result)."""
        if isinstance(base, ast.Name):
            return base.id in self.local and base.id != self.self_name
        return not (isinstance(base, ast.Attribute) and self._module_chain(base))

    def _module_chain(self, node: ast.expr) -> bool:
        while isinstance(node, ast.Attribute):
            node = node.value
        return isinstance(node, ast.Name) and node.id not in self.local and \
            self.qualify(node.id) is not None

    def _name(self, name: str, called: bool) -> None:
        if name in self.local:
            if name == self.self_name:
                return self._deny("passes `self` on")
            if called:  # a parameter given any callable (a layer as a keyword argument)
                return self._deny(f"calls `{name}`, a parameter or local")
            return
        if self.qualify(name) is not None:
            if not called:  # an imported value: a workspace global may hold a variable
                self.found.add(f"q:{self.qualify(name)}")
            return  # a call of it is judged with its callee
        if name in self.module_names:
            if not called:  # a call of it is judged by its callee's values
                self.found.add(f"g:{name}")
            return
        if name in _BUILTIN_NAMES:
            if name == "super":
                return self._deny("calls `super()`")
            if called and name not in _PURE_BUILTINS and not name.endswith(("Error",
                                                                               "Exception")):
                return self._deny(f"calls `{name}`")
            return
        return self._deny(f"reads `{name}`, not bound in the body or the module")


def _shape_call(node: ast.Call, qualify: Callable[[str], str | None]) -> bool:
    """`x.get_shape()`, `keras.ops.shape(x)`, `K.int_shape(x)`: a static shape."""
    if isinstance(node.func, ast.Attribute) and node.func.attr == "get_shape":
        return True
    name = dotted_name(node.func)
    qualified = qualify(name) if name else None
    return qualified is not None and tfapi.normalize(qualified) in _STATIC_SHAPE_CALLS


# Builtins that take None without raising (the others raise on it: int, len, range, max, ...).
_NONE_BUILTINS = frozenset({"bool", "str", "repr", "isinstance", "type", "id", "print"})
_TOLERANT_TESTS = (ast.Is, ast.IsNot, ast.Eq, ast.NotEq, ast.In, ast.NotIn)


class _NoneTolerance:
    """Whether the body uses a static dimension where None passes without an error, so that a
    trace made with None dimensions (Keras' symbolic runs) would compute something else:
    `is`/`==`/`!=`/`in` tests, `or`/`and`/`not`, the test of an `if`, `while`, conditional
    expression or `assert`, an index or slice bound (None is `newaxis`, or the whole axis), a
    return value, an argument of anything but a TensorFlow op or a builtin that raises on None,
    a store into an attribute or item. Arithmetic raises on None (`None // 2`), and so do the
    ops given one (a trace that raises is not kept): those uses are not counted. Values are
    followed through the locals they are bound to."""

    def __init__(self, nodes: list[ast.AST], self_name: str | None,
                 qualify: Callable[[str], str | None]) -> None:
        self.nodes = nodes  # syntax.walk_statements of the body
        self.self_name = self_name
        self.qualify = qualify
        self.tainted: set[str] = set()

    def _source(self, e: ast.expr) -> bool:
        if isinstance(e, ast.Attribute) and e.attr == "shape":
            base = e.value
            return not (isinstance(base, ast.Name) and (
                base.id == self.self_name or self.qualify(base.id) is not None))
        if not isinstance(e, ast.Call) or not _shape_call(e, self.qualify):
            return False
        # keras.ops.shape gives a tensor where a dimension is unknown, never None (Keras 3.15,
        # TensorFlow backend): an int eagerly, a tensor traced, the same values.
        name = dotted_name(e.func)
        qualified = self.qualify(name) if name else None
        return qualified is None or tfapi.normalize(qualified) not in tfapi.STATIC_SHAPE_OPS

    def exposed(self, e: ast.expr | None) -> bool:
        """The value of `e` may be (or hold) a static dimension, None in a symbolic run."""
        if e is None:
            return False
        if self._source(e):
            return True
        if isinstance(e, ast.Name):
            return e.id in self.tainted
        if isinstance(e, ast.Call):
            if self._op(e):
                return False
            if isinstance(e.func, ast.Attribute) and self.exposed(e.func.value):
                return True  # `dims.as_list()`, `shape.is_fully_defined()`
            return any(self.exposed(a) for a in self._arguments(e))
        if isinstance(e, (ast.Subscript, ast.Attribute, ast.Starred)):
            return self.exposed(e.value)
        if isinstance(e, (ast.Tuple, ast.List, ast.Set)):
            return any(self.exposed(x) for x in e.elts)
        if isinstance(e, ast.Dict):
            return any(self.exposed(x) for x in e.values)
        if isinstance(e, ast.IfExp):
            return self.exposed(e.body) or self.exposed(e.orelse)
        if isinstance(e, ast.BoolOp):
            return any(self.exposed(x) for x in e.values)
        if isinstance(e, ast.NamedExpr):
            return self.exposed(e.value)
        return False  # arithmetic, comparisons, constants, f-strings

    @staticmethod
    def _arguments(e: ast.Call) -> list[ast.expr]:
        return [*e.args, *(k.value for k in e.keywords)]

    def _op(self, e: ast.Call) -> bool:
        """A TensorFlow/Keras op (raises on a None dimension) or a builtin that raises on None."""
        if isinstance(e.func, ast.Name) and self.qualify(e.func.id) is None:
            return e.func.id in _BUILTIN_NAMES and e.func.id not in _NONE_BUILTINS
        name = dotted_name(e.func)
        qualified = self.qualify(name) if name else None
        return qualified is not None and tfapi.classify_call(
            tfapi.normalize(qualified)) == tfapi.Api.TENSOR_OP

    def _none_argument(self, e: ast.Call) -> bool:
        """The call gives a static dimension to an op's parameter that takes None without an
        error (tfapi.none_params: `tf.range(0, n)`, `tf.sequence_mask(lengths, maxlen=n)`)."""
        name = dotted_name(e.func)
        qualified = self.qualify(name) if name else None
        found = tfapi.none_params(qualified) if qualified else None
        if found is None:
            return False
        positional, optional = found
        for index, arg in enumerate(e.args):
            if isinstance(arg, ast.Starred):
                return self.exposed(arg)
            if index < len(positional) and positional[index] in optional and \
                    self.exposed(arg):
                return True
        return any(k.arg in optional and self.exposed(k.value) for k in e.keywords) or \
            any(k.arg is None and self.exposed(k.value) for k in e.keywords)

    def _raising_checks(self) -> set[int]:
        """The nodes of `if DIM != constant: raise ...` and `if DIM is None: raise ...` (no
        `else`): None makes the test true, so the symbolic run raises there as it does
        undecorated, and a trace that raises is not kept (tf-models' box_utils checks
        `boxes.shape[-1] != 4`)."""
        skipped: set[int] = set()
        for n in self.nodes:
            if not (isinstance(n, ast.If) and not n.orelse and len(n.body) == 1 and
                    isinstance(n.body[0], ast.Raise) and isinstance(n.test, ast.Compare) and
                    len(n.test.ops) == 1 and len(n.test.comparators) == 1):
                continue
            op, left, right = n.test.ops[0], n.test.left, n.test.comparators[0]
            if isinstance(left, ast.Constant) and isinstance(op, ast.NotEq):
                left, right = right, left
            if not (isinstance(right, ast.Constant) and self.exposed(left) and (
                    (isinstance(op, ast.NotEq) and right.value is not None) or
                    (isinstance(op, ast.Is) and right.value is None))):
                continue
            skipped.add(id(n.test))
            skipped.update(id(x) for x in walk(n.body[0]))
        return skipped

    def found(self) -> bool:
        bindings: list[tuple[ast.expr, ast.expr | None]] = []
        for n in self.nodes:
            if isinstance(n, ast.Assign):
                bindings += [(t, n.value) for t in n.targets]
            elif isinstance(n, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
                bindings.append((n.target, n.value))
            elif isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)):
                bindings.append((n.target, n.iter))
            elif isinstance(n, ast.withitem) and n.optional_vars is not None:
                bindings.append((n.optional_vars, n.context_expr))
        changed = True
        while changed:
            changed = False
            for target, value in bindings:
                if self.exposed(value):
                    for name in walk(target):
                        if isinstance(name, ast.Name) and name.id not in self.tainted:
                            self.tainted.add(name.id)
                            changed = True
        skipped = self._raising_checks()
        for n in self.nodes:
            if id(n) in skipped:
                continue
            if isinstance(n, ast.Compare) and any(isinstance(op, _TOLERANT_TESTS)
                                                  for op in n.ops) and \
                    any(self.exposed(x) for x in (n.left, *n.comparators)):
                return True
            if isinstance(n, ast.BoolOp) and any(self.exposed(x) for x in n.values):
                return True
            if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not) and \
                    self.exposed(n.operand):
                return True
            if isinstance(n, (ast.If, ast.While, ast.IfExp, ast.Assert)) and \
                    self.exposed(n.test):
                return True
            if isinstance(n, ast.Subscript) and self.exposed(n.slice):
                return True
            if isinstance(n, ast.Slice) and any(self.exposed(x) for x in
                                                (n.lower, n.upper, n.step)):
                return True
            if isinstance(n, ast.Return) and self.exposed(n.value):
                return True
            if isinstance(n, ast.Call) and not self._op(n) and \
                    any(self.exposed(a) for a in self._arguments(n)):
                return True
            if isinstance(n, ast.Call) and self._none_argument(n):
                return True
            if isinstance(n, ast.Assign) and self.exposed(n.value) and \
                    any(not isinstance(t, ast.Name) for t in n.targets):
                return True
        return False


def pure_call(program: Program, fn_key: str, users: list[str],
              subclasses: Callable[[str], list[str]],
              may_build: Callable[[CallSite], bool]) -> str | None:
    """None when the `call` (`fn_key`) and the workspace functions it calls are pure for every
    class in `users` (the classes that run it); otherwise why not. `subclasses` is
    KerasReach.subclasses, `may_build(site)` a call that may build a layer
    (keras_build._may_build)."""
    if not users:
        return "no class runs it"  # nothing to judge `self.x` against
    seen = {fn_key}
    order = [fn_key]
    index = 0
    while index < len(order):
        if index >= _MAX_FUNCTIONS:
            return "calls too many functions to follow"
        key = order[index]
        index += 1
        fn = program.functions.get(key)
        if fn is None:
            return "calls a function the analysis cannot see"
        if fn.effects:
            return f"`{fn.qualname}` has a side effect"
        for name, default in sorted(fn.defaults.items()):
            if not _python_value(program.expand(default)):
                return f"`{fn.qualname}` has a default for `{name}` that is not a Python value"
        for use in fn.state_uses:
            why = _judge_use(program, fn, use, users, subclasses)
            if why is not None:
                return why
            if use.startswith("m:"):  # the method each class runs, a subclass's override too
                for user in users:
                    method = program.find_method(user, use[2:])
                    if method is not None and method not in seen:
                        seen.add(method)
                        order.append(method)
        callees: list[str] = []
        for site in fn.calls:
            why = _judge_site(program, fn, site, may_build, callees)
            if why is not None:
                return why
        info = program.info.get(key)
        callees += [binding.callee for binding in (info.bindings if info else ())]
        for callee in callees:
            if callee not in seen:
                seen.add(callee)
                order.append(callee)
    return None


_STATIC_SHAPE_CALLS = frozenset({*tfapi.STATIC_SHAPE_OPS, "tensorflow.keras.backend.int_shape"})


def none_tolerant_read(program: Program, fn_key: str) -> str | None:
    """The first function, of `fn_key` and the workspace functions it calls, that uses a static
    dimension where None passes without an error (`x.shape`, `x.get_shape()`, `K.int_shape`;
    _NoneTolerance); None when none does. Keras traces a layer's `call` on symbolic inputs
    (keras.Input, keras.Sequential, a holder's symbolic run), where the batch and every
    dimension left unknown are None, and the eager calls after it reuse that trace: Python code
    that lets such a None through keeps what it computed from it (measured, TF 2.21 / Keras
    3.15: `n = x.shape[1] or 1` in a functional model on keras.Input((None, 4)): other losses
    traced, kerascall/static_shapes.py). A use that raises on None (`x.shape[1] // 2`, an op
    given it) raises in that symbolic run as the undecorated `call` does there, and a trace that
    raises is not kept; a known dimension (`x.shape[-1]` of keras.Input((None, 4))) is the same
    number in every run, and `keras.ops.shape` gives a tensor where one is unknown (the same
    values): those are not counted (kerascall/static_shapes.py `Channels`, `Positioned`). Past
    _MAX_FUNCTIONS functions followed, the answer is the function where the walk stopped."""
    seen = {fn_key}
    order = [fn_key]
    index = 0
    while index < len(order):
        key = order[index]
        fn = program.functions.get(key)
        if index >= _MAX_FUNCTIONS or fn is None:
            return key.rpartition(":")[2]
        index += 1
        if NONE_TOLERANT in fn.state_uses:
            return fn.qualname
        info = program.info.get(key)
        for binding in (info.bindings if info else ()):
            if binding.callee not in seen:
                seen.add(binding.callee)
                order.append(binding.callee)
    return None


def _judge_use(program: Program, fn: FunctionSummary, use: str, users: list[str],
               subclasses: Callable[[str], list[str]]) -> str | None:
    kind, _, name = use.partition(":")
    if use == STATIC_SHAPE:
        return None  # judged by its uses: NONE_TOLERANT
    if use == NONE_TOLERANT:
        return f"`{fn.qualname}` uses a static dimension where None passes"
    if use.startswith(DENY):
        return f"`{fn.qualname}` {use[1:]}"
    if kind == "q":
        values = program.expand(frozenset({f"q|{fn.module}|{name}"}))
        if values and all(v in V.PRIMITIVES or v == V.NONE or (
                v.startswith("lib:") and _library_value(v[4:])) for v in values):
            return None
        return f"`{fn.qualname}` reads `{name}`, which may be more than a library constant"
    if kind == "g":
        module = program.modules.get(fn.module)
        if module is not None and name in module.constants:
            return None  # bound once, at the top level, to a literal
        return f"`{fn.qualname}` reads the module-level `{name}`"
    if fn.class_key is None:
        return f"`{fn.qualname}` reads `self.{name}` outside a class"
    for user in users:
        owners = {c.key for c in program.mro(user)} | set(subclasses(user))
        if kind == "m":
            method = program.find_method(user, name)
            if method is None or any(name in program.classes[o].instance_attrs
                                     for o in sorted(owners)):
                return f"`{fn.qualname}` calls `self.{name}`, not a workspace method"
            continue
        if not _plain_attribute(program, owners, name):
            return f"`{fn.qualname}` reads `self.{name}`, which may hold more than a Python " \
                "number, string or None"
    return None


def _python_value(values: frozenset[str]) -> bool:
    return bool(values) and all(v in V.PRIMITIVES or v == V.NONE or (
        v.startswith("lib:") and tfapi.is_dtype(v[4:])) for v in values)


def _library_value(qualified: str) -> bool:
    """A dtype, or a tensor op or pure function of the API table passed as a value."""
    return tfapi.is_dtype(qualified) or qualified == "tensorflow.newaxis" or (
        tfapi.in_table_library(qualified) and qualified not in _HIGHER_ORDER and
        tfapi.classify_call(qualified) in (tfapi.Api.TENSOR_OP, tfapi.Api.PURE))


def _plain_attribute(program: Program, owners: set[str], name: str) -> bool:
    assigned = False
    for owner in sorted(owners):
        cls = program.classes[owner]
        if name in cls.methods:
            return False
        raws = [raw for raw, _method, _line in cls.instance_attrs.get(name, ())]
        if name in cls.class_attrs:
            raws.append(cls.class_attrs[name])
        for raw in raws:
            assigned = True
            values = program.expand(raw)
            if not values or not all(v in V.PRIMITIVES or v == V.NONE for v in values):
                return False
    return assigned or name in _KERAS_STR_PROPERTIES


def _judge_site(program: Program, fn: FunctionSummary, site: CallSite,
                may_build: Callable[[CallSite], bool], callees: list[str]) -> str | None:
    """Why the call may read Keras state, or None; the workspace functions it calls are added
    to `callees` (followed whether or not the value flow bound the call)."""
    if site.static == IMPLICIT:
        return None  # what an operator or `with` runs of a workspace class: bindings, followed
    if site.static == ESCAPED:
        return None  # no call here: functions stored for later calls (bodies.note_escape)
    if may_build(site):
        return f"`{fn.qualname}` calls `{site.text}`, which may build a layer"
    static = tfapi.normalize(site.static) if site.static else None
    if static is not None and static in tfapi.STATIC_SHAPE_OPS:
        # keras.ops.shape: an int eagerly, a tensor where a symbolic run has None (Keras
        # 3.15, TensorFlow backend): the same values, whichever run traced it.
        return None
    if static is not None and static in _HIGHER_ORDER:
        return f"`{fn.qualname}` calls `{site.text}`, which runs a callable it is given"
    if site.method is not None and site.receiver is not None:
        receiver = program.expand(site.receiver)
        if receiver and all(v.startswith("obj:") for v in receiver):
            called = program.attribute(receiver, site.method)
            if called and all(v.startswith("bfn:") for v in called):
                callees += sorted(v[4:] for v in called)
                return None  # a workspace method of `self`: followed
    callee = program.expand(site.callee) if site.method is None else \
        program.attribute(program.expand(site.receiver or V.EMPTY), site.method)
    if callee and all(v.startswith(("fn:", "bfn:")) for v in callee):
        callees += sorted(v.partition(":")[2] for v in callee)
        return None  # a workspace function: followed
    if static is not None and "." not in static and (
            static in _PURE_BUILTINS or static.endswith(("Error", "Exception"))):
        return None
    if static is not None and tfapi.classify_call(static) in (tfapi.Api.TENSOR_OP,
                                                              tfapi.Api.PURE) and \
            tfapi.in_table_library(static):
        return None
    return f"`{fn.qualname}` calls `{site.text}`, not a known tensor op"
