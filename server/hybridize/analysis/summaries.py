"""Summarize one module: imports, classes, functions (each through `bodies.FunctionVisitor`),
wrappers and global writes. Depends only on the module's own text.

The module's top level and every lambda are summarized as unreported pseudo-functions so that
their calls also count as call sites.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from hybridize.analysis import fresh_objects, graph_rewrites, python_builtins, tfapi, tracing
from hybridize.analysis import values as V
from hybridize.analysis.array_args import array_uses
from hybridize.analysis.bodies import PATCH_DECORATORS, FunctionVisitor, taken_from_temporaries
from hybridize.analysis.keras_pure import state_uses
from hybridize.analysis.loose_methods import loose_methods
from hybridize.analysis.model import Span
from hybridize.analysis.rebinding import inert_call, lines_after_calls, rebound_after_calls
from hybridize.analysis.retracing import parameter_uses
from hybridize.analysis.settings_index import function_settings
from hybridize.analysis.shapes import (
    argument_shapes,
    bound_once,
    module_constants,
    static_dimension_reads,
)
from hybridize.analysis.sharing import Sharing
from hybridize.analysis.summary_model import (
    ClassSummary,
    FunctionSummary,
    ModuleSummary,
    Values,
    Wrapper,
)
from hybridize.analysis.suppressions import read_suppressions
from hybridize.analysis.syntax import (  # noqa: F401 (re-exported)
    MODULE_QUALNAME,
    NO_EFFECT_ON_SELF,
    Columns,
    ModuleContext,
    _walk_local,
    dotted_name,
    random_generator,
    scope_facts,
    walk,
)


class Summarizer:
    """Builds a ModuleSummary from a parsed module."""

    def __init__(self, tree: ast.Module, key: str, import_name: str, path: str, digest: str,
                 is_package: bool) -> None:
        self.tree = tree
        self.ctx = ModuleContext(key, import_name, is_package)
        self.path = path
        self.digest = digest
        self.is_package = is_package
        self.functions: list[FunctionSummary] = []
        self.classes: dict[str, ClassSummary] = {}
        self.class_by_key: dict[str, ClassSummary] = {}
        self.rebound_methods: list[tuple[str, str]] = []  # ClassSummary.rebound, (class, name)
        # Method names stored as attributes of some object, and (class, callee) for a class
        # given to workspace code (bodies; _replacing_class_code)
        self.stored_method_names: set[str] = set()
        self.zero_stores: list[tuple[str, int]] = []  # ModuleSummary.zero_stores
        self._numbers: dict[str, int | float | None] | None = None  # module_number
        self._flat: frozenset[str] | None = None  # flat_literals
        self._tuples: frozenset[str] | None = None  # literal_tuples
        # The method names of every class in the module, nested ones too (bodies: a store of
        # one of them as an attribute)
        self.all_method_names = frozenset(
            item.name for node in walk(tree) if isinstance(node, ast.ClassDef)
            for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)))
        self.classes_passed: list[tuple[str, str]] = []
        self.wrappers: list[Wrapper] = []
        self.global_writes: list[tuple[str, int, str]] = []
        self.global_aliases: list[tuple[str, str]] = []
        self.global_escapes: list[tuple[str, int, str, str]] = []  # ModuleSummary's
        self.module_extra_values: dict[str, set[str]] = {}
        self.lambda_count = 0
        self.lambda_keys: dict[ast.Lambda, str] = {}
        self.replaced = _replaced_definitions(tree)
        self.columns = Columns("")
        self.canonical: dict[Values, Values] = {}
        self.forwarding: frozenset[str] | None = None  # tracing.forwarding_decorators, once
        self.shape_constants: dict[str, ast.expr] | None = None  # shapes.module_constants
        self.reshapes: frozenset[str] | None = None  # tracing.reshape_aliases
        self.zeros: frozenset[str] | None = None  # _zero_constants
        self._taken: frozenset[str] | None = None  # taken_from_temporaries
        self._class_zeros: dict[str, frozenset[str]] = {}  # zero_attributes
        self.after_call_lines: set[int] = set()  # rebinding.lines_after_calls, in summarize

    def canon(self, values: Values) -> Values:
        """One shared object per distinct value set (the cached summary stores each once)."""
        return self.canonical.setdefault(values, values)

    def module_name_values(self, name: str) -> Values:
        ctx = self.ctx
        if name in ctx.defs:
            return frozenset({f"fn:{ctx.defs[name]}"})
        if name in ctx.classes:
            return frozenset({f"cls:{ctx.classes[name]}"})
        if name in ctx.imports:
            return frozenset({f"q|{ctx.key}|{ctx.imports[name]}"})
        if name in ctx.globals:
            return frozenset({f"v|{ctx.module_fn}|{name}"})
        if name in tfapi.BUILTINS:
            return frozenset({f"lib:{name}"})
        return V.UNKNOWN_SET

    def scan_top_level(self) -> None:
        ctx = self.ctx
        assigned_again: set[str] = set()
        for node in _walk_local(self.tree.body):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                ctx.add_import(node)
        for node in _walk_top_statements(self.tree.body):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                ctx.defs[node.name] = f"{ctx.key}:{node.name}"
            elif isinstance(node, ast.ClassDef):
                if node.name in ctx.classes or not _plain_class(node, ctx.plain_classes):
                    assigned_again.add(node.name)
                else:
                    ctx.plain_classes.add(node.name)
                ctx.classes[node.name] = f"{ctx.key}:{node.name}"
                ctx.method_names.update(
                    item.name for item in node.body
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)))
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for sub in walk(target):
                        if isinstance(sub, ast.Name):
                            if sub.id in ctx.globals:
                                assigned_again.add(sub.id)
                            ctx.globals.add(sub.id)
                qualified = ctx.qualify(dotted_name(node.value) or "") \
                    if isinstance(node, ast.Assign) and len(targets) == 1 and \
                    isinstance(targets[0], ast.Name) else None
                if qualified and qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES:
                    ctx.library_aliases[targets[0].id] = qualified  # type: ignore[union-attr]
                if isinstance(node, ast.Assign) and random_generator(node.value):
                    ctx.generators.update(t.id for t in targets if isinstance(t, ast.Name))
                if qualified == "absl.flags.FLAGS":  # `FLAGS = flags.FLAGS`
                    ctx.flag_names.add(targets[0].id)  # type: ignore[union-attr]
            elif isinstance(node, (ast.For, ast.With)):
                for sub in walk(node.target if isinstance(node, ast.For) else node):
                    if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                        assigned_again.add(sub.id)
                        ctx.globals.add(sub.id)
        for name in assigned_again:
            ctx.library_aliases.pop(name, None)
        ctx.plain_classes -= assigned_again | ctx.globals | set(ctx.defs) | set(ctx.imports)

    def summarize(self) -> ModuleSummary:
        self.scan_top_level()
        ctx = self.ctx
        module_fn = FunctionSummary(
            key=ctx.module_fn, module=ctx.key, qualname=MODULE_QUALNAME, name=MODULE_QUALNAME,
            line=1, col=0, end_line=1, class_key=None, parent=None, kind="function", params=[],
            vararg=None, kwarg=None, kwonly=[], hints={}, unsupported=None, hybrid=False,
            decorator_span=None, decorator_args=[], def_span=Span(1, 0, 1, 0))
        self.functions.append(module_fn)
        defined = frozenset(ctx.defs) | frozenset(ctx.classes)
        # The top-level statements that run after a call that may run workspace code: their
        # stores and changes of objects are writes (bodies.note_state_write).
        module_visitor = FunctionVisitor(self, module_fn, self.tree.body, [])
        # `model.add(Dense(8))` right after `model = keras.Sequential()` runs the library's
        # code only (bodies.initialising_adds)
        adds = module_visitor.initialising_adds()

        def runs_code(node: ast.Call) -> bool:
            return id(node) not in adds and not inert_call(node, ctx.qualify, defined)

        self.after_call_lines = lines_after_calls(self.tree.body, runs_code)
        # Definitions first (so their keys exist), then the top-level statements in order.
        for node in _walk_top_statements(self.tree.body):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.summarize_function(node, None, module_visitor)
            elif isinstance(node, ast.ClassDef):
                self.summarize_class(node, module_visitor)
        module_visitor.run()
        # A write of the module's own statements (after a call: rebinding.lines_after_calls)
        # says whose it is: "the module's top level ...", not "<module>() ...".
        said = f"{MODULE_QUALNAME}() "
        spoken = "the module's top level, after a call that may run its readers, "
        self.global_writes = [(key, line, what.replace(said, spoken, 1))
                              for key, line, what in self.global_writes]
        module_fn.value_uses = [(use, values, line, detail.replace(said, spoken, 1))
                                if use in ("attr-write", "pass-write")
                                else (use, values, line, detail)
                                for use, values, line, detail in module_fn.value_uses]
        for name, line, _call in rebound_after_calls(self.tree.body, runs_code):
            # `def helper` again after a call ran a converted reader of the first one, or
            # `cfg["scale"] = 3.0` (rebinding.rebound_after_calls): a write of the global, as a
            # function's would be; of the imported object too, which a reader of the name may
            # read as such (`from helpers import helper` then `def helper`). No line in the
            # words: a notebook's lines are mapped to cells only where evidence names them.
            what = "the module rebinds or changes after a call that may run its readers,"
            self.global_writes.append((f"g:{ctx.import_name}.{name}", line, what))
            imported = ctx.imports.get(name, "")
            if "." in imported:
                self.global_writes.append((f"g:{imported}", line, what))
        if self.shape_constants is None:
            self.shape_constants = module_constants(self.tree)
        module_fn.shape_args, module_fn.int_args = argument_shapes(
            self.tree.body, ctx.qualify, self.shape_constants)
        for name, extra in self.module_extra_values.items():
            module_fn.locals[name] = module_fn.locals.get(name, V.EMPTY) | extra
        tf_alias = next((n for n, q in ctx.imports.items() if q == "tensorflow"), None)
        function_alias = next((n for n, q in ctx.imports.items()
                               if q == "tensorflow.function"), None)
        self.rebound_methods.extend(_replacing_class_code(self.tree, ctx, self.classes_passed))
        for cls in self.class_by_key.values():
            names = self.stored_method_names & set(cls.methods)
            self.rebound_methods.extend((cls.key, name) for name in sorted(names))
            if "*" in self.stored_method_names:
                self.rebound_methods.append((cls.key, "*"))
        for class_key, name in self.rebound_methods:
            cls = self.class_by_key.get(class_key)
            if cls is not None:
                cls.rebound = cls.rebound | {name}
        bound = frozenset(ctx.imports) | frozenset(ctx.defs) | frozenset(ctx.classes) | \
            frozenset(ctx.globals)
        return ModuleSummary(
            key=ctx.key, import_name=ctx.import_name, path=self.path, digest=self.digest,
            is_package=self.is_package, imports=dict(ctx.imports),
            import_roots=frozenset(ctx.import_roots),
            globals={name: module_fn.locals.get(name, V.UNKNOWN_SET)
                     for name in sorted(ctx.globals)},  # one order under every hash seed
            defs=dict(ctx.defs), classes=self.classes, functions=self.functions,
            wrappers=self.wrappers, global_writes=self.global_writes, tf_alias=tf_alias,
            bound_names=bound, function_alias=function_alias,
            constants=frozenset(name for name, value in bound_once(self.tree).items()
                                if tracing.is_constant(value)),
            global_aliases=sorted(set(self.global_aliases)),
            global_escapes=tuple(sorted(set(self.global_escapes))),
            after_call_lines=frozenset(self.after_call_lines),
            loose_methods=loose_methods(self.tree),
            zero_stores=tuple(sorted(set(self.zero_stores))))

    def definition_key(self, node: ast.stmt, qualname: str) -> str:
        """The name binds the last definition (the plain key, which imports, `self.` and name
        lookups mean); an earlier definition of the same name keeps a summary of its own (they
        shared one: a verdict from the other body, placeholders into the other's list)."""
        key = f"{self.ctx.key}:{qualname}"
        return f"{key}@{node.lineno}" if node in self.replaced else key

    def flat_literals(self) -> frozenset[str]:
        """_flat_literal_globals of this module, on first need."""
        if self._flat is None:
            self._flat = _flat_literal_globals(self.tree)
        return self._flat

    def literal_tuples(self) -> frozenset[str]:
        """Globals bound only to tuples of constants (`SIZE = (224, 224)`): nothing changes
        them (bodies.escaping_globals)."""
        if self._tuples is None:
            self._tuples = _flat_literal_globals(self.tree, tuples=True)
        return self._tuples

    def summarize_class(self, node: ast.ClassDef, outer: FunctionVisitor,
                        prefix: str | None = None) -> None:
        ctx = self.ctx
        scope = prefix if prefix is not None else (
            "" if outer.is_module else f"{outer.fn.qualname}.")
        qualname = f"{scope}{node.name}"
        key = self.definition_key(node, qualname)
        bases = [outer.eval(base) for base in node.bases]
        cls = ClassSummary(key=key, name=node.name, line=node.lineno, bases=bases, methods={},
                           class_attrs={}, instance_attrs={},
                           sealed=fresh_objects.sealed_class(node),
                           instance_keys=instance_keys(node),
                           generated=generates_methods(node))
        self.classes[qualname] = cls
        self.class_by_key[key] = cls
        if not outer.is_module:
            outer.fn.locals[node.name] = outer.fn.locals.get(node.name, V.EMPTY) | {f"cls:{key}"}
        body = list(_walk_top_statements(node.body))  # methods under if/try are methods too
        if self.zeros is None:
            self.zeros = _zero_constants(self.tree)
        own = _zero_attributes(body, self.zeros)
        cls.zeros = own  # (facts.zero_arguments: a subclass's, another module's)
        zeros = {name for name in own if name[0] != "?"}
        for base in bases:  # (a base class of this module, summarized before: p02 of /tmp/s30/pr2)
            for value in base:
                if value.startswith("cls:"):
                    zeros |= self._class_zeros.get(value[4:], frozenset())
        self._class_zeros[key] = frozenset(zeros)
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                cls.methods[stmt.name] = f"{ctx.key}:{qualname}.{stmt.name}"
                if stmt in self.replaced and any(
                        dotted_name(d) == "property" for d in stmt.decorator_list):
                    # A property's getter, whose name its setter binds: `obj.name` still runs
                    # it (implicit_calls.GETTER_SUFFIX).
                    cls.methods[stmt.name + "@get"] = self.definition_key(
                        stmt, f"{qualname}.{stmt.name}")
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.summarize_function(stmt, cls, outer, prefix=f"{qualname}.")
            elif isinstance(stmt, ast.ClassDef):
                self.summarize_class(stmt, outer, prefix=f"{qualname}.")
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                value = outer.eval(stmt.value) if stmt.value is not None else V.EMPTY
                if stmt.value is not None:
                    # `activation = gate` in a class body: read as `Block.activation` or
                    # `self.activation`, which the analysis does not follow (session 24)
                    outer.note_escape(stmt.value, value, "stores {} in a class attribute")
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    if isinstance(target, (ast.Tuple, ast.List)) and outer.is_module and \
                            stmt.value is not None:
                        # `weights, version = LOSS_WEIGHTS, 1` (red team A2 of session 34)
                        for shared in sorted(outer.shared_globals(stmt.value)):
                            for name in walk(target):
                                if isinstance(name, ast.Name):
                                    self.global_aliases.append(
                                        (f"g:{ctx.import_name}.{qualname}.{name.id}", shared))
                                    self.global_aliases.append((f"o:{name.id}", shared))
                    if isinstance(target, ast.Name):
                        cls.class_attrs[target.id] = value
                        if outer.is_module and stmt.value is not None:
                            # `class Defaults: weights = LOSS_WEIGHTS`: `Defaults.weights`
                            # is the global's object (facts.aliases; red team A of session
                            # 33, p100); `self.weights` of an instance too (`o:`).
                            for shared in sorted(outer.shared_globals(stmt.value)):
                                self.global_aliases.append(
                                    (f"g:{ctx.import_name}.{qualname}.{target.id}", shared))
                                self.global_aliases.append((f"o:{target.id}", shared))
                    if isinstance(stmt.value, ast.Call) and \
                            outer.ctx.qualify(dotted_name(stmt.value.func) or "") == \
                            "tensorflow.function" and stmt.value.args and \
                            isinstance(target, ast.Name):
                        arg = stmt.value.args[0]
                        self.wrappers.append(Wrapper(
                            target.id, frozenset({f"fn:{key}.{ast.unparse(arg)}"})
                            if isinstance(arg, ast.Name) and arg.id in cls.methods else
                            outer.eval(arg), self.columns.span(stmt.value), ast.unparse(arg), key))

    def summarize_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef,
                           cls: ClassSummary | None, outer: FunctionVisitor,
                           prefix: str | None = None) -> str:
        ctx = self.ctx
        if prefix is None:
            prefix = "" if outer.is_module else f"{outer.fn.qualname}."
        qualname = f"{prefix}{node.name}"
        key = self.definition_key(node, qualname)
        kind = "method" if cls is not None else "function"
        hybrid = False
        decorator_span = None
        decorator_args: list[str] = []
        unsupported = "coroutine" if isinstance(node, ast.AsyncFunctionDef) else None
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = dotted_name(target) or ""
            qualified = ctx.qualify(name) or name
            partial = tracing.partial_function_keywords(decorator, ctx.qualify)
            if qualified == "tensorflow.function" or partial is not None:
                hybrid = True
                decorator_span = self.columns.span(decorator)
                if partial is not None:  # @functools.partial(tf.function, jit_compile=True)
                    decorator_args = partial
                elif isinstance(decorator, ast.Call):
                    decorator_args = [kw.arg or "**" for kw in decorator.keywords]
                    if decorator.args:
                        decorator_args.append("func")
            elif name == "staticmethod" and cls is not None:
                kind = "staticmethod"
            elif name == "classmethod" and cls is not None:
                kind = "classmethod"
            elif name in ("property", "functools.cached_property", "cached_property") or \
                    name.endswith(".setter") or name.endswith(".getter"):
                unsupported = "property"
        args = node.args
        params = [a.arg for a in args.posonlyargs + args.args]
        hints: dict[str, str] = {}
        for arg in args.posonlyargs + args.args + args.kwonlyargs:
            if arg.annotation is not None:
                hints[arg.arg] = _hint_name(arg.annotation, ctx)
        scope = scope_facts(node.body)
        if unsupported is None and scope.generator:
            unsupported = "generator"
        fn = FunctionSummary(
            key=key, module=ctx.key, qualname=qualname, name=node.name, line=node.lineno,
            col=node.col_offset, end_line=node.end_lineno or node.lineno,
            class_key=cls.key if cls else None,
            parent=None if outer.is_module else outer.fn.key, kind=kind, params=params,
            vararg=args.vararg.arg if args.vararg else None,
            kwarg=args.kwarg.arg if args.kwarg else None,
            kwonly=[a.arg for a in args.kwonlyargs], hints=hints, unsupported=unsupported,
            hybrid=hybrid, decorator_span=decorator_span, decorator_args=decorator_args,
            def_span=Span(node.lineno, self.columns.char(node.lineno, node.col_offset),
                          node.lineno, self.columns.char(node.lineno, node.col_offset) + 3),
            start_line=min([d.lineno for d in node.decorator_list] + [node.lineno]))
        self.functions.append(fn)
        record_defaults(fn, args, outer)
        scopes = [*outer.scopes, outer]
        visitor = FunctionVisitor(self, fn, node.body, scopes, scope)
        visitor.taken_params = _taken_defaults(args)
        # What the syntax alone says about tracing (tracing.py), in one walk: code that answers
        # otherwise eagerly than traced, replica-context calls, where locals come from (which
        # the visitor records per call: CallSite.origins); then the decorators.
        if self.reshapes is None:
            self.reshapes = tracing.reshape_aliases(self.tree, ctx.qualify)
        if self.zeros is None:
            self.zeros = _zero_constants(self.tree)
        zeros = self.zeros | _zero_defaults(node.args) | _zero_locals(node) | \
            self.zero_attributes(cls, node) | \
            (_outer_zeros(outer.zero_names, node.args) if not outer.is_module else frozenset())
        # a loop's 0 (`for k in range(n)`) is a caller's for the functions it calls: the body's
        # own products by it are liveness' to judge (its base may be a parameter: no op of the
        # function to prune, tests/fixtures/soundness/discarded_writes.py::powers_kept)
        counted = _counted_loop_zeros(node)
        scan = tracing.scan_body(node.body, ctx.qualify, self.reshapes, zeros,
                                 _float_defaults(node.args),
                                 tuple(a.arg for a in (*args.posonlyargs, *args.args,
                                                       *args.kwonlyargs)),
                                 args.args[0].arg if kind in ("method", "classmethod") and
                                 args.args else "")
        visitor.zero_names = zeros | counted
        # the products the scan already reports folded (`extra * PENALTY`): liveness' own
        # account of them would say the same less precisely
        visitor.fold_lines = frozenset(h.line for h in scan.hazards if "a graph folds" in h.reason)
        visitor._local_origins = scan.origins
        visitor._local_kinds = scan.kinds
        visitor.run()
        if self.forwarding is None:
            self.forwarding = tracing.forwarding_decorators(self.tree)
        fn.hazards += tracing.unmodelled_decorators(node.decorator_list, ctx.qualify,
                                                    self.forwarding)
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call):
                name = dotted_name(decorator.func) or ""
                if (ctx.qualify(name) or name) in PATCH_DECORATORS:
                    # `@mock.patch.object(helpers, "SCALE", 5.0)`: the patch is active while
                    # the function runs, whenever that is (a follow-up audit of session 21).
                    outer.patch_decorator(decorator)
        fn.hazards += scan.hazards
        fn.chain = scan.chain
        fn.reshape = scan.reshape
        fn.empty_reshape = scan.empty_reshape
        fn.branches = scan.branches
        fn.zero_params = scan.zero_params
        fn.array_uses = array_uses(node, params)
        fn.state_uses = state_uses(node, params, kind == "method",
                                   (*ctx.defs, *ctx.classes, *ctx.globals), ctx.qualify)
        if self.shape_constants is None:
            self.shape_constants = module_constants(self.tree)
        fn.shape_args, fn.int_args = argument_shapes(node.body, ctx.qualify,
                                                     self.shape_constants,
                                                     frozenset(params + fn.kwonly))
        if hybrid:  # only a graph retraces on Python values (R2 in retracing.py)
            fn.param_uses = parameter_uses(node, params, ctx.qualify)
            fn.shape_reads = static_dimension_reads(node, params, ctx.qualify)  # R3
        return key

    def zero_attributes(self, cls: ClassSummary | None,
                        node: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
        """`self.penalty` in a method of a class that may set it to a Python 0 (session 29's
        second red team, p11): as written with the method's own first parameter."""
        if cls is None or not node.args.args:
            return frozenset()
        names = self._class_zeros.get(cls.key)
        if names is None:
            return frozenset()
        me = node.args.args[0].arg
        return frozenset(f"~{me}.{name[1:]}" if name[0] == "~" else f"{me}.{name}"
                         for name in names)

    def module_number(self, name: str) -> int | float | None:
        """The number a name the module binds once at its top level is (`EPS = 1e-6`,
        `HALF = 1 // 2`), None for any other (liveness: a product by it)."""
        if self._numbers is None:
            self._numbers = {key: graph_rewrites._constant_value(value)
                             for key, value in bound_once(self.tree).items()}
        return self._numbers.get(name)

    def taken_from_temporaries(self) -> frozenset[str]:
        """The globals the module's top level binds to an attribute of a temporary object
        (bodies.taken_from_temporaries: `score = Scorer().score`)."""
        if self._taken is None:
            self._taken = taken_from_temporaries(_top_statements(self.tree.body))
        return self._taken

    def summarize_lambda(self, node: ast.Lambda, outer: FunctionVisitor) -> str:
        # Each lambda is summarized once, however often the expression around it is evaluated
        # (an augmented assignment's target is read and written): nesting never multiplies it.
        known = self.lambda_keys.get(node)
        if known is not None:
            return known
        self.lambda_count += 1
        qualname = f"{outer.fn.qualname}.<lambda{self.lambda_count}>"
        key = f"{self.ctx.key}:{qualname}"
        self.lambda_keys[node] = key
        args = node.args
        fn = FunctionSummary(
            key=key, module=self.ctx.key, qualname=qualname, name="<lambda>", line=node.lineno,
            col=node.col_offset, end_line=node.end_lineno or node.lineno, class_key=None,
            parent=outer.fn.key, kind="function",
            params=[a.arg for a in args.posonlyargs + args.args],
            vararg=args.vararg.arg if args.vararg else None,
            kwarg=args.kwarg.arg if args.kwarg else None, kwonly=[a.arg for a in args.kwonlyargs],
            hints={}, unsupported=None, hybrid=False, decorator_span=None, decorator_args=[],
            def_span=self.columns.span(node))
        self.functions.append(fn)
        record_defaults(fn, args, outer)  # `lambda v, limit=THRESHOLD: ...`, as for a def
        visitor = FunctionVisitor(self, fn, node.body, [*outer.scopes, outer])
        # `lambda fl, w=0: weighted(fl, w)`, a 0 of the outer function (session 31's red team,
        # p98): the arguments it passes (CallSite.zeros)
        visitor.zero_names = _zero_defaults(args) | _outer_zeros(outer.zero_names, args)
        visitor.fn.returns = visitor.eval(node.body)
        visitor.note_shared_return(node.body, visitor.fn.returns, node.lineno)  # `lambda: HIST`
        # `defaultdict(lambda: gate)`: what a lambda returns goes wherever its caller, maybe a
        # library, puts it (a red team of session 24).
        visitor.note_escape(node.body, visitor.fn.returns, "returns {} from a lambda")
        visitor.note_returned_global(node.body, node.lineno)
        # The body was just evaluated: run() only finishes the summary. Evaluating it a second
        # time there summarized every inner lambda twice, doubling the work per nesting level.
        visitor.body = []
        visitor.run()
        return key


DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)



def _zero(node: ast.expr | None) -> bool:
    """A literal 0 or False (`int(USE_EXTRA)` of `USE_EXTRA = False` is 0: p08), `-0`, a
    constant expression of 0 (`1 // 2`, `len([])`, `int("0")`, `[0, 1][0]`: session 32's red
    team, p41, p42, p48, p52, p75)."""
    if node is None:
        return False
    value = graph_rewrites._constant_value(node)
    return value is not None and type(value) is not float and value == 0


def _float_zero(node: ast.expr | None) -> bool:
    """A literal 0.0: a graph folds a power of it to ones (an integer times it is not
    folded: "~" names in the zeros, graph_rewrites.neutral_hazards)."""
    if node is None:
        return False
    value = graph_rewrites._constant_value(node)
    return type(value) is float and value == 0


def _may_be_zero(node: ast.expr | None) -> bool:
    """A literal 0, or a conditional expression one side of which may be (`1 if flag else 0`,
    session 29's second red team, p13)."""
    if isinstance(node, ast.IfExp):
        return _may_be_zero(node.body) or _may_be_zero(node.orelse)
    return _zero(node)


def _zero_items(name: str, value: ast.expr | None) -> set[str]:
    """`WEIGHTS = (2, 0)`: "WEIGHTS[1]"; `CONFIG = {"penalty": 0}`: "CONFIG['penalty']" (as
    ast.unparse writes a subscript: p24, p12)."""
    if isinstance(value, (ast.Tuple, ast.List)) and \
            not any(isinstance(e, ast.Starred) for e in value.elts):
        return {f"{name}[{i}]" for i, e in enumerate(value.elts) if _may_be_zero(e)}
    if isinstance(value, ast.Dict):
        return {f"{name}[{k.value!r}]" for k, v in zip(value.keys, value.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, (str, int)) and
                _may_be_zero(v)}
    return set()


def _zero_locals(node: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """Names a function body binds to a value that may be a Python 0 (`penalty = 1 if flag
    else 0`, `w_ids, w_extra = weights` of `weights=(2, 0)`: p13, p25), and the entries of
    its local tuple and dict displays that may be (`weights[1]`)."""
    positional = [*node.args.posonlyargs, *node.args.args]
    tuples = {a.arg: d for a, d in zip(positional[len(positional) - len(node.args.defaults):],
                                       node.args.defaults, strict=True)
              if isinstance(d, ast.Tuple)}
    found: set[str] = set()
    for stmt in _walk_local(node.body):
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
            continue
        target, value = stmt.targets[0], stmt.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and \
                value.func.id == "divmod" and isinstance(target, (ast.Tuple, ast.List)):
            # `q, r = divmod(n, k)`: either may be 0 (session 31's red team, p70)
            found.update(t.id for t in target.elts if isinstance(t, ast.Name))
        elif isinstance(target, ast.Name) and isinstance(value, ast.Call) and \
                any(_may_be_zero(a) for a in [*value.args, *(k.value for k in value.keywords)]):
            # `cfg = Cfg(0)`, `Cfg(w=0)` of a namedtuple or any class: its attributes may hold
            # the 0 (`cfg.w`: p110)
            found.add(target.id + ".*")
        if isinstance(target, ast.Name):
            if _may_be_zero(value):
                found.add(target.id)
            elif _float_zero(value):
                found.add("~" + target.id)  # a power's exponent only (p90)
            found |= _zero_items(target.id, value)
            if isinstance(value, ast.Name) and value.id in tuples:
                found |= _zero_items(target.id, tuples[value.id])
        elif isinstance(target, (ast.Tuple, ast.List)):
            source = tuples.get(value.id) if isinstance(value, ast.Name) else value
            if isinstance(source, (ast.Tuple, ast.List)) and \
                    len(source.elts) == len(target.elts):
                found |= {t.id for t, v in zip(target.elts, source.elts, strict=True)
                          if isinstance(t, ast.Name) and _may_be_zero(v)}
    for name in tuples:
        found |= _zero_items(name, tuples[name])  # `weights[1]` of the default
    for target, source in _loops(node):  # `for k in (0, 1)`, `[ids * k for k in [0]]` (p87)
        if isinstance(target, ast.Name) and \
                isinstance(source, (ast.Tuple, ast.List, ast.Set)) and \
                any(_may_be_zero(e) for e in source.elts):
            found.add(target.id)
    return frozenset(found)


def _loops(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[ast.expr, ast.expr]]:
    """(target, iterable) of every `for` and comprehension of the body (not nested scopes)."""
    return [(loop.target, loop.iter) for sub in _walk_local(node.body)
            for loop in ([sub] if isinstance(sub, (ast.For, ast.AsyncFor)) else
                         sub.generators if isinstance(sub, (ast.ListComp, ast.SetComp,
                                                            ast.GeneratorExp, ast.DictComp))
                         else [])]


def _counted_loop_zeros(node: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """The loop targets of the body that take a Python 0 (_counted_zeros), for the arguments
    its calls pass (bodies.zero_arguments)."""
    return frozenset(name for target, source in _loops(node)
                     for name in _counted_zeros(target, source))


def _counted_zeros(target: ast.expr, source: ast.expr) -> set[str]:
    """The loop targets that take a Python 0: `for k in range(n)` (its first), the index of
    `enumerate(xs)`, an item of `zip([0], ...)` (session 32's red team, p32)."""
    if not isinstance(source, ast.Call) or not isinstance(source.func, ast.Name) or \
            any(isinstance(a, ast.Starred) for a in source.args):
        return set()
    function, args = source.func.id, source.args
    if function == "range" and isinstance(target, ast.Name) and args and \
            (len(args) == 1 or _may_be_zero(args[0]) or not isinstance(args[0], ast.Constant)):
        return {target.id}
    if function == "enumerate" and isinstance(target, (ast.Tuple, ast.List)) and \
            target.elts and isinstance(target.elts[0], ast.Name) and \
            not any(k.arg == "start" for k in source.keywords) and len(args) == 1:
        return {target.elts[0].id}
    if function == "zip" and isinstance(target, (ast.Tuple, ast.List)) and \
            len(target.elts) == len(args):
        return {t.id for t, a in zip(target.elts, args, strict=True)
                if isinstance(t, ast.Name) and isinstance(a, (ast.Tuple, ast.List, ast.Set)) and
                any(_may_be_zero(e) for e in a.elts)}
    return set()


_COMPUTED_NUMBERS = frozenset({"int", "bool", "round", "abs", "max", "min", "len", "sum"})


def _stored_zero(node: ast.expr, module_zeros: frozenset[str]) -> bool:
    """A value an attribute is set to that may be a Python 0: a literal or constant one
    (_may_be_zero), a module constant 0, `w or 0`, a number computed by a builtin (`int(flag)`,
    `max(0, n)`), an item or `.get(...)` of unknown value (`cfg["w"]`, `kwargs.get("w", 0)`:
    session 32's red team, p06-p10, p100), as a caller's argument of those kinds counts."""
    if _may_be_zero(node) or isinstance(node, ast.Name) and node.id in module_zeros:
        return True
    if isinstance(node, ast.BoolOp):
        return any(_stored_zero(v, module_zeros) for v in node.values)
    if isinstance(node, ast.Subscript):
        return not isinstance(node.slice, ast.Slice)
    return isinstance(node, ast.Call) and (
        isinstance(node.func, ast.Name) and node.func.id in _COMPUTED_NUMBERS or
        isinstance(node.func, ast.Attribute) and node.func.attr == "get")


def _zero_attributes(body: list[ast.stmt],
                     module_zeros: frozenset[str] = frozenset()) -> frozenset[str]:
    """The attributes a class may set to a Python 0: `self.penalty = penalty` of a parameter
    whose default is 0, `self.penalty = 0` or `1 if flag else 0` in any method, `penalty = 0`
    in the class body (session 29's second red team, p11); "~p" for a 0.0, which a power of
    it folds (session 31's red team, p108)."""
    found: set[str] = set()
    # methods that may return a Python 0: "0" one the syntax shows, "?" a computed number
    # (`self.w = self.compute()`: session 32's red team, p99)
    returning: dict[str, str] = {}
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            values = [n.value for n in _walk_local(stmt.body)
                      if isinstance(n, ast.Return) and n.value is not None]
            if any(_may_be_zero(v) for v in values):
                returning[stmt.name] = "0"
            elif any(_stored_zero(v, module_zeros) for v in values):
                returning[stmt.name] = "?"
    for stmt in body:
        if isinstance(stmt, ast.Assign) and _may_be_zero(stmt.value):
            found.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif isinstance(stmt, ast.Assign) and _float_zero(stmt.value):
            found.update("~" + t.id for t in stmt.targets if isinstance(t, ast.Name))
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) or not stmt.args.args:
            continue
        me = stmt.args.args[0].arg
        zero_params = _zero_defaults(stmt.args)
        if any((dotted_name(d) or "").rpartition(".")[2] in ("property", "cached_property")
               for d in stmt.decorator_list) and any(
                   isinstance(n, ast.Return) and n.value is not None and
                   _stored_zero(n.value, module_zeros) for n in _walk_local(stmt.body)):
            found.add("?" + stmt.name)  # `@property def w(self): return 0` (p12, p14)
        for node in _walk_local(stmt.body):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and \
                            isinstance(target.value, ast.Name) and target.value.id == me:
                        value = node.value
                        returned = returning.get(value.func.attr, "") if isinstance(
                            value, ast.Call) and isinstance(value.func, ast.Attribute) and \
                            isinstance(value.func.value, ast.Name) and \
                            value.func.value.id == me else ""
                        if _may_be_zero(value) or returned == "0" or (
                                isinstance(value, ast.Name) and value.id in zero_params):
                            found.add(target.attr)
                        elif returned == "?":
                            found.add("?" + target.attr)
                        elif _stored_zero(node.value, module_zeros):
                            # a number computed or looked up (`int(n)`, `cfg["w"]`): "?", for
                            # facts.zero_attribute, which checks the other operand's dtype
                            found.add("?" + target.attr)
                        elif _float_zero(node.value):
                            found.add("~" + target.attr)
    return frozenset(found)


def _flat_literal_globals(tree: ast.Module, tuples: bool = False) -> frozenset[str]:
    """Module globals bound at the top level only, each time to a display of constants
    (`LIMITS = {"top": 5.0}`, `SIZES = [1, 2]`): a shallow copy of one holds no object of it
    (bodies.fresh_result: `SNAPSHOT = dict(LIMITS)`)."""
    flat: dict[str, bool] = {}
    for node in _top_statements(tree.body):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For)) else []
        for target in targets:
            for sub in walk(target):
                if isinstance(sub, ast.Name):
                    flat[sub.id] = flat.get(sub.id, True) and target is sub and \
                        isinstance(node, (ast.Assign, ast.AnnAssign)) and \
                        _constant_display(node.value) and \
                        (not tuples or isinstance(node.value, ast.Tuple))
    return frozenset(name for name, ok in flat.items() if ok)


def _constant_display(node: ast.expr | None) -> bool:
    if isinstance(node, ast.Dict):
        return all(k is not None and isinstance(k, ast.Constant) for k in node.keys) and \
            all(isinstance(v, ast.Constant) for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(isinstance(e, ast.Constant) for e in node.elts)
    return False


def _zero_constants(tree: ast.Module) -> frozenset[str]:
    """Module constants bound once at the top level to a literal 0 (`PENALTY = 0`): a graph
    folds an integer multiplied by one (graph_rewrites.neutral_hazards, p81); the entries of
    tuple, list and dict constants that are (`WEIGHTS[1]`, `CONFIG['penalty']`: p24, p12)."""
    bound: dict[str, int] = {}
    zero: set[str] = set()
    items: set[tuple[str, str]] = set()
    for node in _top_statements(tree.body):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For)) else []
        for target in targets:
            for sub in walk(target):
                if isinstance(sub, ast.Name):
                    bound[sub.id] = bound.get(sub.id, 0) + 1
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and \
                node.value is not None:  # `W: int = 0` (session 32's red team, p50)
            node = ast.Assign(targets=[node.target], value=node.value)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], (ast.Tuple, ast.List)) and \
                isinstance(node.value, (ast.Tuple, ast.List)) and \
                len(node.value.elts) == len(node.targets[0].elts):  # `W, V = 0, 1` (p49)
            zero.update(t.id for t, v in zip(node.targets[0].elts, node.value.elts, strict=True)
                        if isinstance(t, ast.Name) and _zero(v))
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name) and _zero(node.value):
            zero.add(node.targets[0].id)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name) and _float_zero(node.value):
            zero.add("~" + node.targets[0].id)  # a power's exponent only (p111)
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            items.update((node.targets[0].id, item)
                         for item in _zero_items(node.targets[0].id, node.value))
    return frozenset([*(name for name in zero if bound.get(name.lstrip("~")) == 1),
                      *(item for name, item in items if bound.get(name) == 1)])


def _taken_defaults(args: ast.arguments) -> frozenset[str]:
    """The parameters whose default is a method taken from a temporary object
    (`score_fn=Scorer().score`: bodies.taken_from_temporaries; session 30's red team, p97)."""
    positional = [*args.posonlyargs, *args.args]
    pairs = [*zip(positional[len(positional) - len(args.defaults):], args.defaults,
                  strict=True),
             *((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d)]
    return frozenset(a.arg for a, d in pairs
                     if d is not None and taken_from_temporaries([ast.Assign(
                         targets=[ast.Name(a.arg, ast.Store())], value=d)]))


def _float_defaults(args: ast.arguments) -> frozenset[str]:
    """The parameters whose default is a float dtype (`dtype=tf.float32`)."""
    positional = [*args.posonlyargs, *args.args]
    pairs = [*zip(positional[len(positional) - len(args.defaults):], args.defaults,
                  strict=True),
             *((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d)]
    return frozenset(a.arg for a, d in pairs
                     if (dotted_name(d) or "").rpartition(".")[2].startswith(("float", "bfloat")))


def _outer_zeros(zeros: frozenset[str], args: ast.arguments) -> frozenset[str]:
    """The outer function's names that may hold a Python 0 (`w = 0`, `self.w`, `~p`), less
    those a nested function's or lambda's own parameters hide."""
    if not zeros:
        return zeros
    own = {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg,
                           args.kwarg) if a is not None}
    return frozenset(name for name in zeros
                     if name.lstrip("~").partition(".")[0].partition("[")[0] not in own)


def _zero_defaults(args: ast.arguments) -> frozenset[str]:
    """The parameters whose default is a literal 0 (`penalty=0`, p31)."""
    positional = [*args.posonlyargs, *args.args]
    found = {a.arg for a, d in zip(positional[len(positional) - len(args.defaults):],
                                   args.defaults, strict=True) if _zero(d)}
    found |= {a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
              if _zero(d)}
    return frozenset(found)


def _replaced_definitions(tree: ast.Module) -> set[ast.stmt]:
    """Every def and class that a later one of the same qualified name (`C.m` twice) replaces.
    Only statements are walked: no definition is inside an expression."""
    last: dict[str, ast.stmt] = {}
    replaced: set[ast.stmt] = set()
    stack: list[tuple[list[ast.stmt], str]] = [(tree.body, "")]
    while stack:
        body, prefix = stack.pop()
        for stmt in body:
            if isinstance(stmt, DEFINITIONS):
                qualname = prefix + stmt.name
                seen = last.get(qualname)
                if seen is None or (seen.lineno, seen.col_offset) < (stmt.lineno, stmt.col_offset):
                    if seen is not None:
                        replaced.add(seen)
                    last[qualname] = stmt
                else:
                    replaced.add(stmt)
                stack.append((stmt.body, qualname + "."))
                continue
            for child in ast.iter_child_nodes(stmt):
                if isinstance(child, ast.stmt):
                    stack.append(([child], prefix))
                elif isinstance(child, (ast.excepthandler, ast.match_case)):
                    stack.append((child.body, prefix))
    return replaced


# Class decorators that define `__eq__` (and `__hash__` when frozen) from the fields.
_EQ_DECORATORS = frozenset({
    "dataclass", "dataclasses.dataclass", "attr.s", "attr.attrs", "attr.define", "attr.frozen",
    "attr.mutable", "attrs.define", "attrs.frozen", "attrs.mutable", "define", "frozen"})


def generates_methods(node: ast.ClassDef) -> bool:
    """A @dataclass or attrs class (any arguments): the methods they generate from the fields
    are in no source, and read every field (facts.field_readers)."""
    return any(dotted_name(d.func if isinstance(d, ast.Call) else d) in _EQ_DECORATORS
               for d in node.decorator_list)


def _false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def instance_keys(node: ast.ClassDef) -> str:
    """What in the class body may keep a tf.function method from keying its traces by the
    instance (a weak dictionary keyed by `self`; a first audit of session 20, measured with TF
    2.21): "eq" for an `__eq__` or a @dataclass / attrs class (which define `__eq__` and unset
    `__hash__`: TypeError, unhashable), "hash" for a `__hash__` or a frozen one (equal instances
    share one method, run with the first one's `self`), "slots" for `__slots__` without
    `__weakref__` (TypeError, no weak reference). Other class decorators are not looked into
    (a registration returns the class as it is)."""
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        name = dotted_name(call.func if call else decorator) or ""
        if name not in _EQ_DECORATORS:
            continue  # a registration (`@keras.saving.register_keras_serializable()`): unseen
        given = {kw.arg: kw.value for kw in call.keywords} if call else {}
        if _false(given.get("eq")):
            continue
        frozen = given.get("frozen")
        return "hash" if name.endswith("frozen") or (
            isinstance(frozen, ast.Constant) and frozen.value is True) else "eq"
    names: set[str] = set()
    slots: ast.expr | None = None
    for stmt in _walk_top_statements(node.body):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(stmt.name)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
                    if target.id == "__slots__":
                        slots = stmt.value
    if "__hash__" in names:
        return "hash"
    if "__eq__" in names:
        return "eq"
    if slots is not None and not any(
            isinstance(sub, ast.Constant) and sub.value == "__weakref__"
            for sub in walk(slots)):
        return "slots"
    return ""


def _walk_top_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements of one scope's top level (a module's or a class body's), looking inside every
    compound statement that does not open a new scope (if/try/with/for/while/match): a def or
    class there is defined conditionally, and is still a function of the scope."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, _BLOCKS):
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                for sub in getattr(stmt, field, None) or ():
                    if isinstance(sub, (ast.ExceptHandler, ast.match_case)):
                        yield from _walk_top_statements(sub.body)
                    else:
                        yield from _walk_top_statements([sub])


_BLOCKS: tuple[type, ...] = (ast.If, ast.Try, ast.With, ast.AsyncWith, ast.For, ast.AsyncFor,
                             ast.While, ast.Match) + \
    ((ast.TryStar,) if hasattr(ast, "TryStar") else ())


def _hint_name(annotation: ast.expr, ctx: ModuleContext) -> str:
    """The qualified name of a type hint; containers keep their element (List[tf.Tensor])."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return annotation.value
    names = []
    for node in walk(annotation):
        if isinstance(node, (ast.Name, ast.Attribute)):
            dotted = dotted_name(node)
            if dotted:
                names.append(ctx.qualify(dotted) or dotted)
    return "|".join(names)


def summarize_module(tree: ast.Module, key: str, import_name: str, path: str, digest: str,
                     is_package: bool, text: str = "") -> ModuleSummary:
    if "getattr" in text:
        tree = _ConstantGetattr().visit(tree)
    summarizer = Summarizer(tree, key, import_name, path, digest, is_package)
    summarizer.columns = Columns(text)
    summary = summarizer.summarize()
    summary.suppressions = read_suppressions(text)
    for fn in summary.functions:
        # Each function's share of static_values.settings_written (settings_index.py): a
        # whole-program table of the facts phase that reads summaries only, kept with them.
        fn.settings = function_settings(fn)
    # Equal strings, value sets and tuples once (sharing.py): a third less to pickle back from
    # a worker and to keep.
    return Sharing().share(summary)


class _ConstantGetattr(ast.NodeTransformer):
    """`getattr(obj, "name")` (two arguments, a constant identifier) is `obj.name`: read as
    the attribute it is, by every rule (red team A2 of session 34: `getattr(CONFIG,
    "update")(...)`, `getattr(LOSS, "weights")[k] = v`). Not with a default (a third
    argument), not a computed name."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == "getattr" and \
                len(node.args) == 2 and not node.keywords and \
                isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str) \
                and node.args[1].value.isidentifier() and \
                not isinstance(node.args[0], ast.Starred):
            return ast.copy_location(ast.Attribute(value=node.args[0], attr=node.args[1].value,
                                                   ctx=ast.Load()), node)
        return node


def record_defaults(fn: FunctionSummary, args: ast.arguments, outer: FunctionVisitor) -> None:
    """Each parameter's default, evaluated where the `def` (or `lambda`) is. A default that is
    (or holds) a global's object is kept by the function for every call that leaves it out
    (`def set_option(k, v, cfg=CONFIG): cfg[k] = v`): an escape of that global
    (bodies.note_global_escapes; red team A2 of session 34)."""
    positional = (args.posonlyargs + args.args)[len(args.posonlyargs + args.args) -
                                                len(args.defaults):]
    for arg, default in [*zip(positional, args.defaults, strict=True),
                         *zip(args.kwonlyargs, args.kw_defaults, strict=True)]:
        if default is not None:
            fn.defaults[arg.arg] = outer.eval(default)
            for root in outer.escaping_globals(default):
                outer.s.global_escapes.append(
                    (root, default.lineno, f"{fn.qualname}() keeps {ast.unparse(default)[:40]} "
                     f"as the default of `{arg.arg}`", ""))


def _replacing_class_code(tree: ast.Module, ctx: ModuleContext,
                          passed: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Classes whose methods code in the module may replace as the class is made or later (two
    red teams, sessions 24 and 25: each replaced `forward` with a function appending to a
    global, which a converted caller then ran only while tracing): a class decorator not shown
    harmless (a library's, or a plain function here that returns the class it gets and neither
    assigns its attributes nor hands it to other code; a decorator factory here whose inner
    functions are so): any of its methods ("*"); a metaclass not the library's, or an
    `__init_subclass__` not so harmless: any method of its subclasses ("**"); the class name
    bound again at the top level (`Model = deco(Model)`): "*". An attribute stored at the top
    level on a name a loop or `with` binds (`for c in REG: c.forward = loud`), or a descriptor
    class here (`__set_name__`): every class of the module ("*"). A class handed to workspace
    code (`passed`: class, callee as written; `patch(Model)`): "*", unless the callee is a plain
    function here shown harmless."""
    classes = ctx.classes
    defs = {node.name: node for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    found: list[tuple[str, str]] = [
        (key, "*") for key, callee in passed
        if not (callee in defs and _harmless_class_code(defs[callee], False))]
    everywhere = False
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in classes:
            key = classes[node.name]
            if not all(_harmless_decorator(d, defs, ctx) for d in node.decorator_list):
                found.append((key, "*"))
            if any(kw.arg == "metaclass" and not _library(kw.value, ctx) for kw in node.keywords):
                found.append((key, "**"))
            for item in node.body:
                if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                if item.name == "__init_subclass__" and not _harmless_class_code(item, False):
                    found.append((key, "**"))
                if item.name == "__set_name__":
                    everywhere = True
                if item.name == "__getattribute__" or item.name == "__class_getitem__" and \
                        not _harmless_class_code(item, False):
                    found.append((key, "*"))  # every lookup runs it; `Model[int]` may patch
    loop_names = {n.id for node in _top_statements(tree.body)
                  if isinstance(node, (ast.For, ast.AsyncFor, ast.With, ast.AsyncWith))
                  for target in ([node.target] if isinstance(node, (ast.For, ast.AsyncFor)) else
                                 [i.optional_vars for i in node.items if i.optional_vars])
                  for n in walk(target) if isinstance(n, ast.Name)}
    for node in _top_statements(tree.body):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            for part in walk(target):
                if isinstance(part, ast.Name) and isinstance(part.ctx, ast.Store) and \
                        part.id in classes:
                    found.append((classes[part.id], "*"))  # `Model = deco(Model)`
                elif isinstance(part, ast.Attribute) and isinstance(part.ctx, ast.Store) and \
                        isinstance(part.value, ast.Name) and part.value.id in loop_names:
                    everywhere = True  # `for c in REG: c.forward = loud`
    if everywhere:
        found.extend((key, "*") for key in classes.values())
    return found


def _top_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements the module runs at its top level: inside `if`, `for`, `while`, `with`
    and `try` too, not inside functions or classes."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _top_statements(getattr(stmt, field, None) or [])
        for handler in getattr(stmt, "handlers", None) or []:
            yield from _top_statements(handler.body)


def _library(node: ast.expr, ctx: ModuleContext) -> bool:
    """A library's name (`abc.ABCMeta`, `dataclasses.dataclass`), or a call of one given only
    constants and library names (`register_keras_serializable(package="x")`)."""
    if isinstance(node, ast.Call):
        return _library(node.func, ctx) and all(
            isinstance(a, ast.Constant) or _library(a, ctx)
            for a in [*node.args, *(kw.value for kw in node.keywords)])
    name = dotted_name(node)
    qualified = ctx.qualify(name) if name else None
    if name and not qualified and name.split(".")[0] not in ctx.defs and \
            name.split(".")[0] not in ctx.classes and name.split(".")[0] not in ctx.globals:
        qualified = name  # a builtin (`property`, `staticmethod`)
    return bool(qualified) and qualified.split(".")[0] in python_builtins.LIBRARY_PREFIXES or \
        qualified in tfapi.BUILTINS


def _harmless_decorator(decorator: ast.expr,
                        defs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef],
                        ctx: ModuleContext) -> bool:
    if _library(decorator, ctx):
        return True
    if isinstance(decorator, ast.Name) and decorator.id in defs:
        return _harmless_class_code(defs[decorator.id], True)
    if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name) and \
            decorator.func.id in defs:
        factory = defs[decorator.func.id]
        inner = [n for n in walk(factory)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n is not factory]
        returned = [r.value for r in walk(factory) if isinstance(r, ast.Return)
                    and r.value is not None and not any(r in walk(i) for i in inner)]
        return bool(inner) and all(_harmless_class_code(i, True) for i in inner) and all(
            isinstance(r, ast.Name) and any(i.name == r.id for i in inner) for r in returned)
    return False


# Methods that keep what they are given without running it (a registry's list or dict).
_KEEPING_METHODS = frozenset({"append", "add", "setdefault", "insert"})


def _harmless_class_code(func: ast.FunctionDef | ast.AsyncFunctionDef, returns_it: bool) -> bool:
    """Whether the function leaves the class it gets as its first parameter as it is: no
    attribute of it assigned, it handed to no call (but a registry's `append`/`add`), and (a
    decorator) every `return` gives it back."""
    params = func.args.posonlyargs + func.args.args
    if not params:
        return False
    first = params[0].arg
    for node in walk(func):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)) and \
                isinstance(node.value, ast.Name) and node.value.id == first:
            return False
        if isinstance(node, ast.Call) and not (
                isinstance(node.func, ast.Attribute) and node.func.attr in _KEEPING_METHODS) \
                and any(isinstance(n, ast.Name) and n.id == first
                        for a in [*node.args, *(kw.value for kw in node.keywords)]
                        for n in walk(a)):
            return False
        if returns_it and isinstance(node, ast.Return) and not (
                isinstance(node.value, ast.Name) and node.value.id == first):
            return False
    return True


_HOOKS = frozenset({"__new__", "__setattr__", "__getattr__", "__getattribute__",
                    "__init_subclass__", "__del__", "__set_name__"})


def _plain_class(node: ast.ClassDef, plain: set[str]) -> bool:
    """A class whose call makes a new object that nothing else holds (liveness.dead_values'
    `fresh`): no decorator, metaclass or attribute hook, bases only such classes, and an
    `__init__` that uses `self` only to store and read its attributes."""
    if node.decorator_list or node.keywords or not all(
            isinstance(base, ast.Name) and (base.id in plain or base.id == "object")
            for base in node.bases):
        return False
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in _HOOKS:
            return False
        if isinstance(item, ast.FunctionDef) and item.name == "__init__":
            if item.decorator_list or not item.args.args:
                return False
            me = item.args.args[0].arg
            names = [n for part in item.body for n in walk(part)
                     if isinstance(n, ast.Name) and n.id == me]
            attributes = {id(n.value): n for part in item.body for n in walk(part)
                          if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
            called = {id(n.func) for part in item.body for n in walk(part)
                      if isinstance(n, ast.Call)}
            if any(id(n) not in attributes or id(attributes[id(n)]) in called for n in names):
                return False
    return True

